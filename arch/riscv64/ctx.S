/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 context switch (see <uk/arch/ctx.h>). A context is the saved
 * ra, sp and s0-s11 of a stopped thread and its FP state (f0-f31, fcsr);
 * resuming it returns to the saved ra on the saved stack. A new context
 * "returns" into ukarch_ctx_start with the entry function in s1 and its
 * argument in s2, FP registers and fcsr zero.
 */
#include <uk/asm/cpu.h>
#include <uk/asm/ctx.h>

/* f0-f31 and fcsr to/from the FP image at \off(\base) (ctx.h layout) */
.macro FP_SAVE base, off
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fsd	f\n, (\off + \n * 8)(\base)
	.endr
	frcsr	t0
	sd	t0, (\off + 256)(\base)
.endm

.macro FP_RESTORE base, off
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fld	f\n, (\off + \n * 8)(\base)
	.endr
	ld	t0, (\off + 256)(\base)
	fscsr	t0
.endm

	.section .text.ukarch_ctx, "ax"

/*
 * void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next)
 * The FP state moves whole, temporaries included: the switch may come
 * from an interrupt's exit hook, with the preempted code's FP registers
 * live. It is saved only when sstatus.FS is Dirty: Initial or Clean mean
 * the registers still hold what prev's context has (restored by the
 * switch that resumed prev; FS was set Clean then). After loading next's
 * FP state FS is Clean again. A trap frame restores the FS of the code it
 * interrupted, which is Dirty (safe) or Clean (the registers equal that
 * thread's saved copy, restored by the switch that resumed it).
 */
	.globl ukarch_ctx_switch
	.type ukarch_ctx_switch, @function
ukarch_ctx_switch:
	sd	ra, UKARCH_CTX_RA(a0)
	sd	sp, UKARCH_CTX_SP(a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, UKARCH_CTX_S(\n)(a0)
	.endr
	csrr	t0, sstatus
	li	t1, RISCV_SSTATUS_FS
	and	t0, t0, t1
	bne	t0, t1, 1f		/* FS != Dirty: nothing to save */
	FP_SAVE	a0, UKARCH_CTX_F(0)
1:
	ld	ra, UKARCH_CTX_RA(a1)
	ld	sp, UKARCH_CTX_SP(a1)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, UKARCH_CTX_S(\n)(a1)
	.endr
	FP_RESTORE a1, UKARCH_CTX_F(0)
	/* FS = Clean (interrupts are off: Off in between is never seen) */
	li	t0, RISCV_SSTATUS_FS
	csrc	sstatus, t0
	li	t0, RISCV_SSTATUS_FS_CLEAN
	csrs	sstatus, t0
	ret
	.size ukarch_ctx_switch, . - ukarch_ctx_switch

/* void riscv_fp_save(uint64_t fp[RISCV_FP_SAVE_WORDS]) */
	.globl riscv_fp_save
	.type riscv_fp_save, @function
riscv_fp_save:
	FP_SAVE	a0, 0
	ret
	.size riscv_fp_save, . - riscv_fp_save

/* void riscv_fp_restore(const uint64_t fp[RISCV_FP_SAVE_WORDS]) */
	.globl riscv_fp_restore
	.type riscv_fp_restore, @function
riscv_fp_restore:
	FP_RESTORE a0, 0
	ret
	.size riscv_fp_restore, . - riscv_fp_restore

/*
 * void ukarch_ctx_init(struct ukarch_ctx *ctx, unsigned long stack_top,
 *			ukarch_ctx_entry_t entry, void *arg)
 * ra = ukarch_ctx_start, sp = stack_top rounded down to 16 bytes,
 * s0 = 0 (ends backtraces), s1 = entry, s2 = arg, the others 0; FP
 * registers 0.0 and fcsr 0 (round to nearest, no exception flags).
 */
	.globl ukarch_ctx_init
	.type ukarch_ctx_init, @function
ukarch_ctx_init:
	andi	a1, a1, -16
	lla	t0, ukarch_ctx_start
	sd	t0, UKARCH_CTX_RA(a0)
	sd	a1, UKARCH_CTX_SP(a0)
	.irp n, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	zero, UKARCH_CTX_S(\n)(a0)
	.endr
	sd	a2, UKARCH_CTX_S(1)(a0)
	sd	a3, UKARCH_CTX_S(2)(a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	zero, UKARCH_CTX_F(\n)(a0)
	.endr
	sd	zero, UKARCH_CTX_FCSR(a0)
	ret
	.size ukarch_ctx_init, . - ukarch_ctx_init

/* First code of a new context: entry(arg), which must not return. */
	.type ukarch_ctx_start, @function
ukarch_ctx_start:
	mv	a0, s2
	jalr	s1
	unimp
	.size ukarch_ctx_start, . - ukarch_ctx_start

	.section .note.GNU-stack, "", @progbits
