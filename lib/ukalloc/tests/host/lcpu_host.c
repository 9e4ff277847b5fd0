/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host stand-in for the interrupt mask of <uk/plat/lcpu.h>, which
 * lib/ukalloc takes around every allocator call: a per-thread flag, and
 * an abort when a restore does not match a save.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/plat/lcpu.h>

static _Thread_local unsigned long host_irqs_off;

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long flags = host_irqs_off;

	host_irqs_off = 1;
	return flags;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (!host_irqs_off || flags > 1) {
		fprintf(stderr, "ukplat_lcpu_restore_irqf(%lu) without a "
			"matching save\n", flags);
		abort();
	}
	host_irqs_off = flags;
}

int ukplat_lcpu_irqs_disabled(void)
{
	return host_irqs_off != 0;
}
