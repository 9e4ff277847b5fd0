/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Register images for the FP switch tests: fpu_regs_<arch>.S loads every
 * FP register and the FP control state of the CPU from one, lets other
 * threads run, and stores them into another.
 */
#ifndef __UKSCHED_TEST_FPU_REGS_H__
#define __UKSCHED_TEST_FPU_REGS_H__

#if CONFIG_ARCH_X86_64
#define FPR_XMM(n)	((n) * 16)	/* xmm0-xmm15 */
#define FPR_ST(n)	(256 + (n) * 8)	/* x87 st(0)-st(7), as integers */
#define FPR_MXCSR	320
#define FPR_FCW		324		/* x87 control word */
#define FPR_SIZE	336
#else
#define FPR_F(n)	((n) * 8)	/* f0-f31 */
#define FPR_FCSR	256
#define FPR_SIZE	272		/* padded to 16 */
#endif

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct fpu_regs {
#if CONFIG_ARCH_X86_64
	uint64_t xmm[16][2];
	int64_t st[8];
	uint32_t mxcsr;
	uint16_t fcw;
#else
	uint64_t f[32];
	uint64_t fcsr;
#endif
} __aligned(16);

#if CONFIG_ARCH_X86_64
UK_CTASSERT(offsetof(struct fpu_regs, st) == FPR_ST(0));
UK_CTASSERT(offsetof(struct fpu_regs, mxcsr) == FPR_MXCSR);
UK_CTASSERT(offsetof(struct fpu_regs, fcw) == FPR_FCW);
#else
UK_CTASSERT(offsetof(struct fpu_regs, fcsr) == FPR_FCSR);
#endif
UK_CTASSERT(sizeof(struct fpu_regs) == FPR_SIZE);

/*
 * Load all FP registers and the FP control state from @in, count the
 * caller into *@arrived, call uk_sched_yield() @yields times, then spin
 * until *@arrived >= @want (at most @spins rounds), and store the
 * registers into @out. The caller's callee-saved FP state is kept.
 * Returns 1 when *@arrived reached @want, 0 when the spins ran out.
 */
int fpu_regs_hold(const struct fpu_regs *in, struct fpu_regs *out,
		  long yields, long *arrived, long want, long spins);

/*
 * Load every FP register and the FP control state from @in, callee-saved
 * ones included: what the worst interrupt handler could do.
 */
void fpu_regs_load(const struct fpu_regs *in);
#endif /* !__ASSEMBLY__ */
#endif /* __UKSCHED_TEST_FPU_REGS_H__ */
