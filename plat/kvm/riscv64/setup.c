/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 platform bring-up after entry.S: SBI console, traps, device tree
 * (memory, reserved ranges, devices, command line), canary, final page
 * tables, then the hand-over to ukboot. Everything the firmware hands us
 * is validated first; a bad or missing device tree is a boot error.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/arch/traps.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/bus.h>
#include <uk/plat/memory.h>
#include <uk/plat/entropy.h>
#include <kvm/dtb.h>
#include <kvm/kaslr.h>
#include <kvm/memory.h>
#include <kvm/setup.h>
#include "riscv64.h"

#define DTB_ALIGN		8		/* required by the FDT spec */
#define DTB_TOTALSIZE_OFF	4		/* header: magic, totalsize */
#define DTB_SIZE_MAX		(2UL << 20)	/* larger blobs are refused */

/* 64-bit mixing constants (golden ratio, FNV-1a prime, murmur3 fmix) */
#define MIX_GOLDEN		0x9e3779b97f4a7c15ULL
#define MIX_FNV_PRIME		0x100000001b3ULL
#define MIX_FMIX		0xff51afd7ed558ccdULL

static struct kvm_dtb_info dtb;

static uint32_t be32_load(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

/*
 * The Zkr entropy source: the seed CSR (0x015), read with a write
 * (csrrw). Its top two bits are the status: ES16 (2) carries 16 bits of
 * entropy; WAIT (1) and BIST (0) mean try again; DEAD (3) is final. The
 * hart may lack Zkr, or M-mode may not have opened it to S-mode
 * (mseccfg.SSEED): either way the read is an illegal instruction, caught
 * by an armed instruction probe (uk/arch/traps.h) instead of crashing.
 */
#define SEED_OPST_SHIFT		30
#define SEED_OPST_ES16		2
#define SEED_OPST_DEAD		3
#define SEED_RETRIES		64

/* 1: 16 bits in *@v, 0: not ready, -1: no Zkr (or DEAD). */
static __no_stack_protector int seed_read(uint16_t *v)
{
	unsigned long r = 0;

	ukarch_insn_probe.faulted = 0;
	__asm__ __volatile__(
		"lla t0, 1f\n\t"
		"sd t0, %[pc]\n\t"
		"lla t0, 2f\n\t"
		"sd t0, %[resume]\n\t"
		"1: csrrw %[r], 0x015, zero\n\t"
		"2:\n\t"
		: [r] "+r"(r),
		  [pc] "=m"(*(unsigned long *)&ukarch_insn_probe.pc),
		  [resume] "=m"(*(unsigned long *)&ukarch_insn_probe.resume)
		: : "t0", "memory");
	ukarch_insn_probe.pc = 0;
	if (ukarch_insn_probe.faulted)
		return -1;
	switch ((r >> SEED_OPST_SHIFT) & 3) {
	case SEED_OPST_ES16:
		*v = (uint16_t)r;
		return 1;
	case SEED_OPST_DEAD:
		return -1;
	default:
		return 0;
	}
}

static int zkr = -1;	/* unknown, then 0 or 1 */

__no_stack_protector int ukplat_entropy_hw(uint64_t *out)
{
	uint64_t v = 0;
	uint16_t w;
	int got = 0, i, rc;

	if (!zkr)
		return -ENODEV;
	for (i = 0; i < SEED_RETRIES && got < 4; i++) {
		rc = seed_read(&w);
		if (rc < 0) {
			zkr = 0;
			return -ENODEV;
		}
		if (rc > 0)
			v = (v << 16) | w, got++;
	}
	if (got < 4)
		return -EIO;
	zkr = 1;
	*out = v;
	return 0;
}

const char *ukplat_entropy_hw_name(void)
{
	uint64_t v;

	if (zkr < 0)
		ukplat_entropy_hw(&v);
	return zkr > 0 ? "Zkr seed CSR" : NULL;
}

const void *ukplat_entropy_fw_seed(size_t *len)
{
	*len = dtb.rng_seed ? dtb.rng_seed_len : 0;
	return *len ? dtb.rng_seed : NULL;
}

__no_stack_protector uint64_t ukplat_entropy_counter(void)
{
	return rdtime();
}

/*
 * The hart's seed CSR when it has one, the firmware's random seed (if
 * any), the time counter and a call counter (so that successive calls
 * differ), folded together.
 */
__no_stack_protector uint64_t ukplat_entropy(void)
{
	static uint64_t calls;
	const uint8_t *seed = dtb.rng_seed;
	uint64_t hw = 0, mix = (rdtime() + ++calls * MIX_FMIX) * MIX_GOLDEN;
	uint32_t i;

	if (ukplat_entropy_hw(&hw) == 0)
		mix ^= hw;
	for (i = 0; seed && i < dtb.rng_seed_len; i++)
		mix = (mix ^ seed[i]) * MIX_FNV_PRIME;
	mix ^= mix >> 33;
	mix *= MIX_FMIX;
	mix ^= mix >> 33;
	return mix;
}

static int dtb_load(unsigned long fdt)
{
	uint32_t size;
	int rc;

	if (!fdt) {
		uk_pr_crit("boot: no device tree (a1 = 0)\n");
		return -EINVAL;
	}
	if (fdt & (DTB_ALIGN - 1)) {
		uk_pr_crit("boot: device tree address 0x%lx is not %d-byte aligned\n",
			   fdt, DTB_ALIGN);
		return -EINVAL;
	}
	/* the parser validates the header; this only bounds its reads */
	size = be32_load((const void *)(fdt + DTB_TOTALSIZE_OFF));
	rc = kvm_dtb_parse((const void *)fdt, UK_MIN(size, DTB_SIZE_MAX),
			   &dtb);
	if (rc < 0) {
		/* an exit device found before the error reports the status */
		if (dtb.has_test && dtb.test.base)
			kvm_exit_device_set(dtb.test.base);
		uk_pr_crit("boot: invalid device tree at 0x%lx: %s (%d)\n",
			   fdt, dtb.error ? dtb.error : "unknown error", rc);
		return rc;
	}
	return 0;
}

static int blob_in_ram(unsigned long fdt)
{
	int i;

	for (i = 0; i < dtb.mem_count; i++) {
		uint64_t b = dtb.mem[i].base, e = b + dtb.mem[i].size;

		if (fdt >= b && fdt + dtb.blob_size <= e)
			return 1;
	}
	return 0;
}

static int mmio_add(const char *what, const struct kvm_dtb_range *r)
{
	int rc = kvm_mmio_add(r->base, r->size);

	if (rc < 0)
		uk_pr_crit("boot: %s range [0x%lx +0x%lx] rejected (%d)\n",
			   what, (unsigned long)r->base,
			   (unsigned long)r->size, rc);
	return rc;
}

/* The device tree's virtio-mmio transports, for the drivers. */
static void virtio_add(void)
{
	struct ukplat_bus_device d = { .type = UKPLAT_BUS_VIRTIO_MMIO };
	int i;

	for (i = 0; i < dtb.virtio_count; i++) {
		d.base = dtb.virtio[i].reg.base;
		d.size = dtb.virtio[i].reg.size;
		d.irq = dtb.virtio[i].irq ? (long)dtb.virtio[i].irq : -1;
		kvm_bus_add(&d);
	}
}

static int devices_add(void)
{
	int rc = 0;

	if (dtb.has_test) {
		rc = mmio_add("exit device", &dtb.test);
		if (rc < 0)
			return rc;
		kvm_exit_device_set(dtb.test.base);
	}
	if (dtb.has_uart) {
		rc = mmio_add("UART", &dtb.uart);
		if (rc < 0)
			return rc;
		rc = kvm_serial_init(dtb.uart.base, dtb.uart.size,
				     dtb.uart_reg_shift, dtb.uart_reg_io_width);
		/* -ENODEV: the driver is not in the image */
		if (rc < 0 && rc != -ENODEV)
			uk_pr_warn("boot: UART at 0x%lx unusable (reg-shift %u, reg-io-width %u, size 0x%lx); keeping the SBI console\n",
				   (unsigned long)dtb.uart.base,
				   dtb.uart_reg_shift, dtb.uart_reg_io_width,
				   (unsigned long)dtb.uart.size);
		rc = 0;
	}
	virtio_add();
	if (dtb.has_rtc)
		rc = mmio_add("RTC", &dtb.rtc);
	if (!rc && dtb.has_plic)
		rc = mmio_add("PLIC", &dtb.plic);
	return rc;
}

static int memory_add(unsigned long fdt)
{
	int i, rc;

	for (i = 0; i < dtb.mem_count; i++) {
		rc = kvm_ram_add(dtb.mem[i].base, dtb.mem[i].size);
		if (rc < 0) {
			uk_pr_crit("boot: bad memory range %d [0x%lx +0x%lx] (%d)\n",
				   i, (unsigned long)dtb.mem[i].base,
				   (unsigned long)dtb.mem[i].size, rc);
			return rc;
		}
	}
	for (i = 0; i < dtb.resv_count; i++) {
		rc = kvm_reserve(dtb.resv[i].base, dtb.resv[i].size,
				 UKPLAT_MEMRT_RESERVED, "firmware");
		if (rc < 0) {
			uk_pr_crit("boot: bad reserved range %d [0x%lx +0x%lx] (%d)\n",
				   i, (unsigned long)dtb.resv[i].base,
				   (unsigned long)dtb.resv[i].size, rc);
			return rc;
		}
	}
	if (dtb.initrd_end > dtb.initrd_start) {
		rc = kvm_initrd_set(dtb.initrd_start,
				    dtb.initrd_end - dtb.initrd_start);
		if (rc < 0)
			return rc;
	}
	/* a blob outside RAM (flash) needs no reservation */
	if (blob_in_ram(fdt)) {
		rc = kvm_reserve(fdt, dtb.blob_size, UKPLAT_MEMRT_DEVICETREE,
				 "device tree");
		if (rc < 0) {
			uk_pr_crit("boot: cannot reserve the device tree (%d)\n",
				   rc);
			return rc;
		}
	}
	return 0;
}

static int cmdline_set(unsigned long fdt)
{
	uint64_t end = fdt + dtb.blob_size;
	int rc;

	if (!dtb.bootargs)
		return 0;
	rc = kvm_cmdline_set(dtb.bootargs, end - (uintptr_t)dtb.bootargs);
	if (rc < 0)
		uk_pr_crit("boot: command line longer than %d bytes\n",
			   CONFIG_PLAT_KVM_CMDLINE_MAX - 1);
	return rc;
}

/*
 * Move the image to a random place (kvm/kaslr.h) in RAM above its link
 * address (below it: the SBI firmware), away from the device tree, the
 * initrd and every reserved range. The MMU is off: any RAM address works.
 */
static void riscv_kaslr(unsigned long hartid, unsigned long fdt)
{
	struct kvm_kaslr_layout l = {
		.lo = (uintptr_t)__kernel_start, .hi = UINT64_MAX,
	};
	int i;

	for (i = 0; i < dtb.mem_count; i++)
		kvm_kaslr_ram(&l, dtb.mem[i].base, dtb.mem[i].size);
	for (i = 0; i < dtb.resv_count; i++)
		kvm_kaslr_avoid(&l, dtb.resv[i].base, dtb.resv[i].size);
	if (dtb.initrd_end > dtb.initrd_start)
		kvm_kaslr_avoid(&l, dtb.initrd_start,
				dtb.initrd_end - dtb.initrd_start);
	kvm_kaslr_avoid(&l, fdt, dtb.blob_size);
	if (dtb.bootargs) {
		l.cmdline = dtb.bootargs;
		l.cmdline_max = fdt + dtb.blob_size - (uintptr_t)dtb.bootargs;
	}
	l.random = ukplat_entropy();
	kvm_kaslr(&l, hartid, fdt);
}

void _kvm_riscv_entry(unsigned long hartid, unsigned long fdt) __noreturn;
__no_stack_protector void _kvm_riscv_entry(unsigned long hartid,
					   unsigned long fdt)
{
	/* first: boot-time measurements (a moved copy keeps the loaded one's) */
	if (!kvm_boot_counter)
		kvm_boot_counter = rdtime();
	kvm_sbi_init();
	ukarch_traps_init();
	if (dtb_load(fdt) < 0)
		ukplat_boot_error();
	riscv_kaslr(hartid, fdt);
	/* every call so far has returned: the canary may change now */
	kvm_ssp_init(ukplat_entropy());
	kvm_timebase_set(dtb.timebase_freq);
	if (devices_add() < 0 || memory_add(fdt) < 0 || cmdline_set(fdt) < 0 ||
	    kvm_memory_init() < 0)
		ukplat_boot_error();
	uk_pr_debug("boot: hart %lu, device tree at 0x%lx (%lu bytes, rng-seed %u bytes), timebase %lu Hz\n",
		    hartid, fdt, (unsigned long)dtb.blob_size,
		    dtb.rng_seed ? dtb.rng_seed_len : 0,
		    (unsigned long)dtb.timebase_freq);
	kvm_memory_print();
	/* clocks before ukplat_entry: every init function may use them */
	if (kvm_intctlr_init() < 0 ||
	    kvm_plic_init((const void *)fdt, hartid,
			  dtb.has_plic ? dtb.plic.base : 0, dtb.plic_ndev) < 0 ||
	    kvm_time_init(dtb.has_rtc ? dtb.rtc.base : 0) < 0)
		ukplat_boot_error();
	/* all lines are masked until something registers a handler */
	ukplat_lcpu_enable_irq();
	ukplat_entry(ukplat_cmdline());
}
