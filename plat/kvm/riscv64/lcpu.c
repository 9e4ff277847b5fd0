/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt state of the running hart, and power off through the virt
 * machine's test device ("sifive,test0/1"), with SBI system reset as the
 * fallback when the device tree names no such device.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <kvm/setup.h>
#include "riscv64.h"

/*
 * The test device ends the VM with exit status 0 on FINISHER_PASS and
 * with status s on (s << 16) | FINISHER_FAIL, so the VMM's exit status is
 * the guest's own, all 8 bits of it (docs/apps.md, "Exit status").
 */
#define FINISHER_FAIL	0x3333
#define FINISHER_PASS	0x5555
#define FINISHER_SHIFT	16

static uintptr_t exit_dev;

void kvm_exit_device_set(uint64_t base)
{
	exit_dev = base;
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	return csr_read_clear(sstatus, RISCV_SSTATUS_SIE) & RISCV_SSTATUS_SIE;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags & RISCV_SSTATUS_SIE)
		csr_set(sstatus, RISCV_SSTATUS_SIE);
}

void ukplat_lcpu_enable_irq(void)
{
	csr_set(sstatus, RISCV_SSTATUS_SIE);
}

void ukplat_lcpu_disable_irq(void)
{
	csr_clear(sstatus, RISCV_SSTATUS_SIE);
}

int ukplat_lcpu_irqs_disabled(void)
{
	return !(csr_read(sstatus) & RISCV_SSTATUS_SIE);
}

void ukplat_lcpu_halt_irq(void)
{
	/* wfi wakes on a pending enabled interrupt even with SIE clear */
	wfi();
	csr_set(sstatus, RISCV_SSTATUS_SIE);
}

static uint32_t finisher_code(int status)
{
	status &= 0xff;
	if (status == 0)
		return FINISHER_PASS;
	return ((uint32_t)status << FINISHER_SHIFT) | FINISHER_FAIL;
}

void __noreturn kvm_exit_with(int status)
{
	ukplat_lcpu_disable_irq();
	if (exit_dev)
		mmio_write32(exit_dev, finisher_code(status));
	/* the SBI can power off, but not report the status */
	uk_printf("Kast: exit status %d; %s, powering off through SBI\n",
		  status, exit_dev ? "the exit device did not stop the VM" :
		  "no exit device");
	kvm_sbi_shutdown(status != 0);
	uk_printf("Kast: SBI cannot power off, halting\n");
	for (;;)
		wfi();
}
