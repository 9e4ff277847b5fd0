/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif's stand-in for the platform's uk/plat/irq.h: deferred work
 * (the glue's transmit flush) runs at once, as if an interrupt had
 * returned right away.
 */
#ifndef __UK_PLAT_IRQ_H__
#define __UK_PLAT_IRQ_H__

typedef void (*ukplat_irq_defer_func_t)(void *arg);

static inline int ukplat_irq_defer(ukplat_irq_defer_func_t fn, void *arg)
{
	fn(arg);
	return 0;
}

#endif /* __UK_PLAT_IRQ_H__ */
