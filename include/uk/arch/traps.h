/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU exception setup, implemented by each architecture. */
#ifndef __UK_ARCH_TRAPS_H__
#define __UK_ARCH_TRAPS_H__

#include <uk/essentials.h>
#include <uk/asm/regs.h>

/* Install the exception vectors; every exception ends in a crash report. */
void ukarch_traps_init(void);

/* Print all registers of a trap frame. */
void ukarch_dump_regs(const struct __regs *regs);

/* True when @addr lies in a stack guard page (provided by the platform). */
int ukarch_is_stack_guard(unsigned long addr);

#endif
