/* SPDX-License-Identifier: BSD-3-Clause */
/* Register frame saved by the riscv64 trap entry (arch/riscv64/traps.S). */
#ifndef __UK_ASM_REGS_H__
#define __UK_ASM_REGS_H__

/* Byte offsets into struct __regs, shared with traps.S. */
#define REGS_X(n)	(((n) - 1) * 8)	/* x1..x31 */
#define REGS_SEPC	248
#define REGS_SSTATUS	256
#define REGS_SCAUSE	264
#define REGS_STVAL	272
#define REGS_SSCRATCH	280
#define REGS_SIZE	288		/* a multiple of 16 (stack alignment) */

#define REGS_GPR_COUNT	31

#ifndef __ASSEMBLY__
struct __regs {
	/* x1..x31 in register-number order */
	unsigned long ra, sp, gp, tp;
	unsigned long t0, t1, t2;
	unsigned long s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	unsigned long sepc, sstatus, scause, stval;
	/* sscratch to restore on return: trap stack top, or 0 if nested */
	unsigned long sscratch;
};
#endif

#endif
