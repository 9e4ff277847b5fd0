/* SPDX-License-Identifier: BSD-3-Clause */
/* Operations on the logical CPU running the caller. */
#ifndef __UK_PLAT_LCPU_H__
#define __UK_PLAT_LCPU_H__

#include <uk/essentials.h>

/* Disable interrupts; returns the previous state for _restore. */
unsigned long ukplat_lcpu_save_irqf(void);
void ukplat_lcpu_restore_irqf(unsigned long flags);
void ukplat_lcpu_enable_irq(void);
void ukplat_lcpu_disable_irq(void);
int ukplat_lcpu_irqs_disabled(void);

/* Wait for an interrupt (hlt / wfi). */
void ukplat_lcpu_halt_irq(void);

/* Frame pointer of the caller, for backtraces. */
static inline unsigned long ukplat_lcpu_frame(void)
{
	return (unsigned long)__builtin_frame_address(0);
}

#endif
