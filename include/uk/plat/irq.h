/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt lines and deferred work.
 *
 * Handlers run with interrupts disabled, on the stack of the interrupted
 * thread (no separate interrupt stack), and must be short: no sleeping, no
 * blocking, no thread switch, no enabling of interrupts (the platform
 * panics when interrupts are enabled inside a handler). Longer work is
 * queued with ukplat_irq_defer() and runs with interrupts enabled before
 * the interrupted code resumes; a scheduler preempts from the exit hook.
 * Work that must block belongs in a thread (the scheduler's wait queues).
 */
#ifndef __UK_PLAT_IRQ_H__
#define __UK_PLAT_IRQ_H__

#include <uk/essentials.h>

/* Returns 1 when it handled the interrupt, 0 to let other handlers try. */
typedef int (*uk_irq_handler_func_t)(void *arg);

/*
 * Add @func(@arg) to the handlers of line @irq and unmask the line.
 * 0, -EINVAL for an unknown line, -ENOMEM when the handler table is full.
 */
int ukplat_irq_register(unsigned long irq, uk_irq_handler_func_t func,
			void *arg);

/*
 * Remove a handler added with the same @func and @arg; 0 or -ENOENT. The
 * line is masked when its last handler goes. Safe inside a handler.
 */
int ukplat_irq_unregister(unsigned long irq, uk_irq_handler_func_t func,
			  void *arg);

/* Mask / unmask one line at the interrupt controller. */
void ukplat_irq_mask(unsigned long irq);
void ukplat_irq_unmask(unsigned long irq);

/* Non-zero while an interrupt handler runs (deferred work is outside). */
int ukplat_irq_context(void);

typedef void (*ukplat_irq_exit_hook_t)(void);

/*
 * Install @fn as the preemption point of interrupts (NULL removes it): it
 * runs at the end of every interrupt, after the end-of-interrupt and the
 * deferred work, with interrupts disabled, outside interrupt context, on
 * the interrupted thread's stack, just before that thread resumes. It is
 * the one place where an interrupt may switch threads; the interrupted
 * thread continues from there when it is switched back to. Not called
 * for an interrupt that arrived during deferred work: the code running
 * that work (an interrupt's exit, which then calls the hook, or
 * ukplat_irq_defer_run()) goes on once it returns. Returns the previous
 * hook.
 */
ukplat_irq_exit_hook_t ukplat_irq_set_exit_hook(ukplat_irq_exit_hook_t fn);

struct __regs;
typedef void (*ukplat_irq_return_hook_t)(struct __regs *regs);
/*
 * Install @fn (NULL removes it): it runs right after the exit hook, under
 * the same conditions, with the interrupted thread's saved registers,
 * which it may change: the thread then resumes as they say (POSIX signal
 * delivery to a thread that was computing). Returns the previous hook.
 */
ukplat_irq_return_hook_t
ukplat_irq_set_return_hook(ukplat_irq_return_hook_t fn);

/* Capacity of the deferred-work queue. */
#define UKPLAT_IRQ_DEFER_MAX	64

typedef void (*ukplat_irq_defer_func_t)(void *arg);

/*
 * Queue @fn(@arg) to run once, in order, with interrupts enabled and
 * outside interrupt context, on the stack of the interrupted code. Queued
 * from a handler, it runs after the handlers and the end-of-interrupt,
 * before the interrupted code resumes; queued elsewhere, at the next
 * interrupt's return or ukplat_irq_defer_run(). Like handlers, @fn must
 * not block or switch threads. Any context; 0, -EINVAL (@fn is NULL) or
 * -ENOSPC (queue full).
 */
int ukplat_irq_defer(ukplat_irq_defer_func_t fn, void *arg);

/*
 * Run the queued work now, e.g. from an idle loop before halting; enables
 * interrupts while each function runs. Not from a handler. Returns the
 * number of functions run (0 when a drain is already in progress).
 */
unsigned int ukplat_irq_defer_run(void);

#endif
