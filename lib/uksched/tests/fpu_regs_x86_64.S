/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 fpu_regs_hold() (see fpu_regs.h): xmm0-15, x87 stack, MXCSR, FCW. */
#include "fpu_regs.h"

	.section .text.fpu_regs_hold, "ax"

/*
 * int fpu_regs_hold(const struct fpu_regs *in (rdi), struct fpu_regs *out
 *		     (rsi), long yields (rdx), long *arrived (rcx), long want
 *		     (r8), long spins (r9))
 * MXCSR and the x87 control word are callee-saved in the ABI: restored.
 */
	.globl fpu_regs_hold
	.type fpu_regs_hold, @function
fpu_regs_hold:
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$24, %rsp		/* 16-byte aligned for the calls */
	stmxcsr	0(%rsp)
	fnstcw	4(%rsp)
	movq	%r9, 8(%rsp)
	movq	%rdi, %rbx
	movq	%rsi, %r12
	movq	%rdx, %r13
	movq	%rcx, %r14
	movq	%r8, %r15

	movq	%rbx, %rdi
	call	fpu_regs_load
	incq	(%r14)			/* one instruction: atomic here */

1:	testq	%r13, %r13
	jz	2f
	call	uk_sched_yield
	decq	%r13
	jmp	1b
2:	movq	8(%rsp), %rcx
3:	cmpq	%r15, (%r14)
	jge	4f
	pause
	decq	%rcx
	jnz	3b
	xorl	%eax, %eax
	jmp	5f
4:	movl	$1, %eax

5:	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu	%xmm\n, FPR_XMM(\n)(%r12)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7
	fistpll	FPR_ST(\n)(%r12)
	.endr
	stmxcsr	FPR_MXCSR(%r12)
	fnstcw	FPR_FCW(%r12)

	ldmxcsr	0(%rsp)
	fldcw	4(%rsp)
	addq	$24, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size fpu_regs_hold, . - fpu_regs_hold

/* void fpu_regs_load(const struct fpu_regs *in (rdi)) */
	.globl fpu_regs_load
	.type fpu_regs_load, @function
fpu_regs_load:
	ldmxcsr	FPR_MXCSR(%rdi)
	fninit
	fldcw	FPR_FCW(%rdi)
	.irp n, 7, 6, 5, 4, 3, 2, 1, 0
	fildll	FPR_ST(\n)(%rdi)
	.endr
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	movdqu	FPR_XMM(\n)(%rdi), %xmm\n
	.endr
	ret
	.size fpu_regs_load, . - fpu_regs_load

	.section .note.GNU-stack, "", @progbits
