/* SPDX-License-Identifier: BSD-3-Clause */
/* riscv64 fpu_regs_hold() (see fpu_regs.h): f0-f31 and fcsr. */
#include "fpu_regs.h"

#define FRAME		160
#define SAVED_FS(n)	(64 + (n) * 8)	/* the caller's fs0-fs11 */

	.section .text.fpu_regs_hold, "ax"

/*
 * int fpu_regs_hold(const struct fpu_regs *in (a0), struct fpu_regs *out
 *		     (a1), long yields (a2), long *arrived (a3), long want
 *		     (a4), long spins (a5))
 * fs0-fs11 and fcsr's rounding mode are callee-saved in the ABI: the
 * caller's are restored (fcsr whole).
 */
	.globl fpu_regs_hold
	.type fpu_regs_hold, @function
fpu_regs_hold:
	addi	sp, sp, -FRAME
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	frcsr	t0
	sd	t0, 56(sp)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fsd	fs\n, SAVED_FS(\n)(sp)
	.endr
	mv	s0, a0
	mv	s1, a1
	mv	s2, a2
	mv	s3, a3
	mv	s4, a4
	mv	s5, a5

	mv	a0, s0
	call	fpu_regs_load
	li	t0, 1
	amoadd.d zero, t0, (s3)

1:	beqz	s2, 2f
	call	uk_sched_yield
	addi	s2, s2, -1
	j	1b
2:	ld	t0, 0(s3)
	bge	t0, s4, 3f
	addi	s5, s5, -1
	bnez	s5, 2b
	li	a0, 0
	j	4f
3:	li	a0, 1

4:	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\n, FPR_F(\n)(s1)
	.endr
	frcsr	t0
	sd	t0, FPR_FCSR(s1)

	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	fld	fs\n, SAVED_FS(\n)(sp)
	.endr
	ld	t0, 56(sp)
	fscsr	t0
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	addi	sp, sp, FRAME
	ret
	.size fpu_regs_hold, . - fpu_regs_hold

/* void fpu_regs_load(const struct fpu_regs *in (a0)) */
	.globl fpu_regs_load
	.type fpu_regs_load, @function
fpu_regs_load:
	ld	t0, FPR_FCSR(a0)
	fscsr	t0
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\n, FPR_F(\n)(a0)
	.endr
	ret
	.size fpu_regs_load, . - fpu_regs_load

	.section .note.GNU-stack, "", @progbits
