/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 context switch (see <uk/arch/ctx.h>). A context is the saved
 * ra, sp and s0-s11 of a stopped thread; resuming it returns to the saved
 * ra on the saved stack. A new context "returns" into ukarch_ctx_start
 * with the entry function in s1 and its argument in s2.
 */
#include <uk/asm/ctx.h>

	.section .text.ukarch_ctx, "ax"

/* void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next) */
	.globl ukarch_ctx_switch
	.type ukarch_ctx_switch, @function
ukarch_ctx_switch:
	sd	ra, UKARCH_CTX_RA(a0)
	sd	sp, UKARCH_CTX_SP(a0)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd	s\n, UKARCH_CTX_S(\n)(a0)
	.endr
	ld	ra, UKARCH_CTX_RA(a1)
	ld	sp, UKARCH_CTX_SP(a1)
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld	s\n, UKARCH_CTX_S(\n)(a1)
	.endr
	ret
	.size ukarch_ctx_switch, . - ukarch_ctx_switch

/*
 * void ukarch_ctx_init(struct ukarch_ctx *ctx, unsigned long stack_top,
 *			ukarch_ctx_entry_t entry, void *arg)
 * ra = ukarch_ctx_start, sp = stack_top rounded down to 16 bytes,
 * s0 = 0 (ends backtraces), s1 = entry, s2 = arg, the others 0.
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
