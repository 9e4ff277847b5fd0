/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deferred work: a fixed ring of (function, argument) pairs, filled from
 * any context with interrupts disabled, drained in order with interrupts
 * enabled. The interrupt entry drains it after the end-of-interrupt, before
 * returning to the interrupted code (kvm_irq_exit()). Interrupts that
 * arrive during a drain only queue: the drain already running on the stack
 * below them picks their work up, so the stack holds at most one drain and
 * one interrupt frame on top of the interrupted code.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <kvm/irq.h>

struct defer_item {
	ukplat_irq_defer_func_t fn;
	void *arg;
};

static struct defer_item ring[UKPLAT_IRQ_DEFER_MAX];
static unsigned int ring_head;		/* next to run */
static unsigned int ring_count;		/* queued */
static bool draining;

int ukplat_irq_defer(ukplat_irq_defer_func_t fn, void *arg)
{
	unsigned long flags;
	int rc = -ENOSPC;

	if (!fn)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	if (ring_count < UKPLAT_IRQ_DEFER_MAX) {
		struct defer_item *it;

		it = &ring[(ring_head + ring_count) % UKPLAT_IRQ_DEFER_MAX];
		it->fn = fn;
		it->arg = arg;
		ring_count++;
		rc = 0;
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

unsigned int kvm_irq_defer_drain(void)
{
	unsigned int n = 0;

	if (draining)
		return 0;
	draining = true;
	while (ring_count) {
		struct defer_item it = ring[ring_head];

		ring_head = (ring_head + 1) % UKPLAT_IRQ_DEFER_MAX;
		ring_count--;
		ukplat_lcpu_enable_irq();
		it.fn(it.arg);
		ukplat_lcpu_disable_irq();
		n++;
	}
	draining = false;
	return n;
}

bool kvm_irq_defer_draining(void)
{
	return draining;
}

unsigned int ukplat_irq_defer_run(void)
{
	unsigned long flags;
	unsigned int n;

	if (ukplat_irq_context())
		return 0;
	flags = ukplat_lcpu_save_irqf();
	n = kvm_irq_defer_drain();
	ukplat_lcpu_restore_irqf(flags);
	return n;
}
