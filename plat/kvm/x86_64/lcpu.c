/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt state of the running CPU, and power off through the exit port. */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/irq.h>
#include <uk/assert.h>
#include <kvm/setup.h>

/*
 * QEMU's isa-debug-exit at this port ends the VM with status (v << 1) | 1.
 * Kast writes status + 1, so the VMM's exit status 2k + 3 means the guest
 * exited with k, and 1 stays QEMU's own error status.
 */
#define DEBUG_EXIT_PORT	0xf4

/* Enabling interrupts inside a handler breaks its context rules. */
static inline void check_not_in_handler(void)
{
	if (unlikely(ukplat_irq_context()))
		UK_CRASH("interrupts enabled inside an interrupt handler "
			 "(did a handler switch threads?)");
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long f = read_rflags();

	cli();
	return f & X86_RFLAGS_IF;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF) {
		check_not_in_handler();
		sti();
	}
}

void ukplat_lcpu_enable_irq(void)
{
	check_not_in_handler();
	sti();
}

void ukplat_lcpu_disable_irq(void)
{
	cli();
}

int ukplat_lcpu_irqs_disabled(void)
{
	return !(read_rflags() & X86_RFLAGS_IF);
}

void ukplat_lcpu_halt_irq(void)
{
	check_not_in_handler();
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

void __noreturn kvm_exit_with(int status)
{
	outl(DEBUG_EXIT_PORT, (uint32_t)status + 1);
	/* no exit device: nothing else can end the VM cleanly */
	uk_printf("Kast: exit status %d; no exit device, halting\n", status);
	for (;;) {
		cli();
		hlt();
	}
}
