/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 interrupts (scause with the top bit set). Exceptions are fatal
 * (see traps.c); interrupts are handed to the entry function that the
 * platform installs with ukarch_irq_entry_set().
 */
#ifndef __UK_ASM_IRQ_H__
#define __UK_ASM_IRQ_H__

/* Interrupt codes in scause (without RISCV_SCAUSE_INTR). */
#define RISCV_INTR_SOFT		1	/* supervisor software */
#define RISCV_INTR_TIMER	5	/* supervisor timer */
#define RISCV_INTR_EXT		9	/* supervisor external */

/* sie / sip bits */
#define RISCV_SIE_SSIE		(1UL << RISCV_INTR_SOFT)
#define RISCV_SIE_STIE		(1UL << RISCV_INTR_TIMER)
#define RISCV_SIE_SEIE		(1UL << RISCV_INTR_EXT)

#ifndef __ASSEMBLY__
#include <uk/asm/regs.h>

/*
 * Called for every interrupt with interrupts disabled, on the stack of the
 * interrupted code; the saved registers are restored and execution resumes
 * when it returns.
 */
typedef void (*ukarch_irq_entry_func_t)(struct __regs *regs);

/* Route interrupts to @fn; before this they are reported as a crash. */
void ukarch_irq_entry_set(ukarch_irq_entry_func_t fn);

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_IRQ_H__ */
