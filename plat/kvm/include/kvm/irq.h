/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform-internal interrupt plumbing. common/irq.c keeps the handler
 * table of every line and the deferred-work queue (common/irq_defer.c);
 * the architecture's interrupt controller code implements the kvm_intctlr_*
 * hooks and calls kvm_irq_handle() and kvm_irq_exit() from its interrupt
 * entry.
 *
 * Line numbers are the architecture's (x86_64: IOAPIC GSIs, then the local
 * APIC timer; see x86_64/x86_64.h).
 */
#ifndef __KVM_IRQ_H__
#define __KVM_IRQ_H__

#include <uk/essentials.h>
#include <uk/plat/irq.h>

#define KVM_IRQ_LINES			64	/* line numbers 0..63 */
#define KVM_IRQ_HANDLERS_PER_LINE	4	/* handlers sharing one line */

/* One registered handler. */
struct kvm_irq_handler {
	uk_irq_handler_func_t func;	/* NULL: free slot */
	void *arg;
};

/*
 * For tests that need a line to themselves (the timer line belongs to the
 * scheduler): exchange the handlers of @line with @table, and mask or
 * unmask the line for what it then holds. Calling it again with the same
 * @table (emptied of the test's handlers) puts the originals back.
 */
void kvm_irq_line_swap(unsigned long line,
		       struct kvm_irq_handler table[KVM_IRQ_HANDLERS_PER_LINE]);

/* Non-zero if @line exists on this machine (a controller input is there). */
int kvm_intctlr_line_valid(unsigned long line);

/* Mask / unmask @line at its controller; @line is valid. */
void kvm_intctlr_mask(unsigned long line);
void kvm_intctlr_unmask(unsigned long line);

/*
 * Run the handlers of @line until one returns 1. Called by the interrupt
 * entry with interrupts disabled, before the end-of-interrupt.
 */
void kvm_irq_handle(unsigned long line);

/*
 * Called by the interrupt entry after the end-of-interrupt, with interrupts
 * disabled, just before returning to the interrupted code: runs deferred
 * work with interrupts enabled (unless a drain is already running further
 * up this stack), then the exit hook and the return hook (which may change
 * @regs); returns with interrupts disabled.
 */
struct __regs;
void kvm_irq_exit(struct __regs *regs);

/*
 * Run every queued deferred function, enabling interrupts around each;
 * interrupts disabled on entry and exit. Returns the number run; 0 at once
 * when a drain is already in progress.
 */
unsigned int kvm_irq_defer_drain(void);

/* True while kvm_irq_defer_drain() runs (further up some stack). */
bool kvm_irq_defer_draining(void);

#endif
