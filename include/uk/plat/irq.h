/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt lines. Handlers run with interrupts disabled, on the stack of
 * the interrupted thread; they must be short and must not sleep. Work that
 * may block is deferred (see uk/plat/irq.h's deferral API, when present, or
 * the scheduler's wait queues).
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

/* Remove a handler added with the same @func and @arg; 0 or -ENOENT. */
int ukplat_irq_unregister(unsigned long irq, uk_irq_handler_func_t func,
			  void *arg);

/* Mask / unmask one line at the interrupt controller. */
void ukplat_irq_mask(unsigned long irq);
void ukplat_irq_unmask(unsigned long irq);

#endif
