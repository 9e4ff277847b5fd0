/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Calls into the SBI implementation below us (OpenSBI under TCG, the
 * hypervisor under KVM): console before the UART is known, system reset,
 * timer. Extensions are probed once; legacy (v0.1) calls are used only
 * where the firmware still offers them.
 */
#include <errno.h>
#include <uk/essentials.h>
#include "riscv64.h"

/* Extension IDs (SBI specification v2.0) */
#define SBI_EXT_LEGACY_SET_TIMER	0x00
#define SBI_EXT_LEGACY_PUTCHAR		0x01
#define SBI_EXT_LEGACY_GETCHAR		0x02
#define SBI_EXT_BASE			0x10
#define SBI_EXT_TIME			0x54494d45	/* "TIME" */
#define SBI_EXT_SRST			0x53525354	/* "SRST" */
#define SBI_EXT_DBCN			0x4442434e	/* "DBCN" */

#define SBI_BASE_GET_SPEC_VERSION	0
#define SBI_BASE_PROBE_EXTENSION	3
#define SBI_TIME_SET_TIMER		0
#define SBI_SRST_RESET			0
#define SBI_SRST_TYPE_SHUTDOWN		0
#define SBI_SRST_REASON_NONE		0
#define SBI_SRST_REASON_FAILURE		1
#define SBI_DBCN_WRITE_BYTE		2

#define SBI_SUCCESS			0

struct sbiret {
	long error;
	long value;
};

static int has_dbcn, has_legacy_console, has_srst, has_time;
static int has_legacy_timer;

static struct sbiret sbi_call(unsigned long ext, unsigned long fid,
			      unsigned long arg0, unsigned long arg1,
			      unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;
	struct sbiret r;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a6), "r"(a7)
			     : "memory");
	r.error = (long)a0;
	r.value = (long)a1;
	return r;
}

/* v0.1 calls return their only value in a0 and may clobber a1. */
static long sbi_legacy_call(unsigned long ext, unsigned long arg0)
{
	return sbi_call(ext, 0, arg0, 0, 0).error;
}

static int sbi_probe(unsigned long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION,
				   ext, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

void kvm_sbi_init(void)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION,
				   0, 0, 0);

	if (r.error != SBI_SUCCESS) {
		/* v0.1 firmware: no base extension, legacy calls only */
		has_legacy_console = 1;
		has_legacy_timer = 1;
		return;
	}
	has_dbcn = sbi_probe(SBI_EXT_DBCN);
	has_legacy_console = sbi_probe(SBI_EXT_LEGACY_PUTCHAR);
	has_srst = sbi_probe(SBI_EXT_SRST);
	has_time = sbi_probe(SBI_EXT_TIME);
	has_legacy_timer = sbi_probe(SBI_EXT_LEGACY_SET_TIMER);
}

int kvm_sbi_putchar(char c)
{
	if (has_dbcn) {
		sbi_call(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, (unsigned char)c,
			 0, 0);
		return 0;
	}
	if (has_legacy_console) {
		sbi_legacy_call(SBI_EXT_LEGACY_PUTCHAR, (unsigned char)c);
		return 0;
	}
	return -ENOTSUP;
}

int kvm_sbi_getchar(void)
{
	long c;

	if (!has_legacy_console)
		return -1;
	c = sbi_legacy_call(SBI_EXT_LEGACY_GETCHAR, 0);
	return c < 0 ? -1 : (int)(c & 0xff);
}

void kvm_sbi_shutdown(int failure)
{
	if (!has_srst)
		return;
	sbi_call(SBI_EXT_SRST, SBI_SRST_RESET, SBI_SRST_TYPE_SHUTDOWN,
		 failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE, 0);
}

int kvm_sbi_set_timer(uint64_t stime)
{
	if (has_time) {
		sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime, 0, 0);
		return 0;
	}
	if (has_legacy_timer) {
		sbi_legacy_call(SBI_EXT_LEGACY_SET_TIMER, stime);
		return 0;
	}
	return -ENOTSUP;
}
