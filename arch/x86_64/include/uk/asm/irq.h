/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 interrupt vectors. Vectors 0-31 are CPU exceptions (fatal, see
 * traps.c); 32-255 are interrupts, handed to the entry function that the
 * platform installs with ukarch_irq_entry_set().
 */
#ifndef __UK_ASM_IRQ_H__
#define __UK_ASM_IRQ_H__

#define X86_EXC_VECTORS		32	/* 0..31: CPU exceptions */
#define X86_IDT_VECTORS		256	/* 32..255: interrupts */

#ifndef __ASSEMBLY__
#include <uk/asm/regs.h>

/*
 * Called for every interrupt vector (regs->vector >= X86_EXC_VECTORS) with
 * interrupts disabled, on the stack of the interrupted code; the saved
 * registers are restored and execution resumes when it returns.
 */
typedef void (*ukarch_irq_entry_func_t)(struct __regs *regs);

/* Route interrupt vectors to @fn; before this they are ignored. */
void ukarch_irq_entry_set(ukarch_irq_entry_func_t fn);

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_IRQ_H__ */
