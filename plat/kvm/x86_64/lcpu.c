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
 * QEMU's isa-debug-exit at this port ends the VM with status (v << 1) | 1:
 * only 7 bits reach the host, fewer than exit(n)'s 8. So the status first
 * goes as a text record "kast-exit:N\n" to a debug console port (QEMU
 * isa-debugcon, which kast-qemu attaches to a pipe; where no device
 * listens, the writes are dropped), then to the exit device as status + 1
 * when it is at most 126 (the VMM's status 2k + 3 means k; 1 stays QEMU's
 * own error status), else as 0. docs/apps.md, "Exit status".
 */
#define DEBUG_EXIT_PORT		0xf4
#define STATUS_RECORD_PORT	0xe9
#define DEBUG_EXIT_MAX		126

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

static void status_record(int status)
{
	char buf[16] = "kast-exit:";
	int i = 10, d;

	for (d = 100; d; d /= 10)
		if (status >= d || d == 1)
			buf[i++] = (char)('0' + status / d % 10);
	buf[i++] = '\n';
	for (d = 0; d < i; d++)
		outb(STATUS_RECORD_PORT, (uint8_t)buf[d]);
}

void __noreturn kvm_exit_with(int status)
{
	status &= 0xff;
	status_record(status);
	outl(DEBUG_EXIT_PORT,
	     status <= DEBUG_EXIT_MAX ? (uint32_t)status + 1 : 0);
	/* no exit device: nothing else can end the VM cleanly */
	uk_printf("Kast: exit status %d; no exit device, halting\n", status);
	for (;;) {
		cli();
		hlt();
	}
}
