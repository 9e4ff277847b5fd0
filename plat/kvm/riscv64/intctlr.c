/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt dispatch for riscv64: the supervisor timer interrupt is line
 * RISCV_IRQ_LINE_TIMER of the common dispatcher (common/irq.c); its
 * "end of interrupt" is programming the timer again (time.c). Supervisor
 * external interrupts come from the PLIC (plic.c), whose sources are the
 * lines of the same numbers. Software interrupts stay disabled in sie.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/irq.h>
#include <kvm/irq.h>
#include "riscv64.h"

static bool stray_warned;

static void riscv_irq_entry(struct __regs *regs)
{
	unsigned long code = regs->scause & ~RISCV_SCAUSE_INTR;

	if (code == RISCV_INTR_EXT) {
		kvm_plic_dispatch();
		kvm_irq_exit(regs);
		return;
	}
	if (code != RISCV_INTR_TIMER) {
		if (!stray_warned) {
			stray_warned = true;
			uk_pr_warn("unexpected interrupt %lu, disabled\n",
				   code);
		}
		if (code < sizeof(long) * 8)
			csr_clear(sie, 1UL << code);
		return;
	}
	if (!kvm_timer_irq_due())
		return;
	kvm_irq_handle(RISCV_IRQ_LINE_TIMER);
	kvm_irq_exit(regs);
}

int kvm_intctlr_init(void)
{
	csr_write(sie, 0);
	ukarch_irq_entry_set(riscv_irq_entry);
	return 0;
}

int kvm_intctlr_line_valid(unsigned long line)
{
	return line == RISCV_IRQ_LINE_TIMER || kvm_plic_line_valid(line);
}

void kvm_intctlr_mask(unsigned long line)
{
	if (line == RISCV_IRQ_LINE_TIMER)
		kvm_timer_mask(true);
	else
		kvm_plic_mask(line, true);
}

void kvm_intctlr_unmask(unsigned long line)
{
	if (line == RISCV_IRQ_LINE_TIMER)
		kvm_timer_mask(false);
	else
		kvm_plic_mask(line, false);
}
