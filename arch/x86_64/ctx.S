/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 context switch (see <uk/arch/ctx.h>). A context is the stack
 * pointer of a stopped thread, below which lie the callee-saved registers
 * and the address the switch returns to, and its x87/SSE state (fxsave
 * area in struct ukarch_ctx). A new context is a stack prepared to look
 * the same, returning into ukarch_ctx_start, with the default x87/SSE
 * state.
 */
#include <uk/asm/ctx.h>

	.section .text.ukarch_ctx, "ax"

/*
 * void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next)
 * The whole x87/SSE state moves, not only its callee-saved part (MXCSR
 * and x87 control word): the switch may come from the timer interrupt's
 * exit hook, with the XMM registers of the preempted code still live.
 */
	.globl ukarch_ctx_switch
	.type ukarch_ctx_switch, @function
ukarch_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, UKARCH_CTX_SP(%rdi)
	fxsave64 UKARCH_CTX_FPU(%rdi)
	fxrstor64 UKARCH_CTX_FPU(%rsi)
	movq	UKARCH_CTX_SP(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size ukarch_ctx_switch, . - ukarch_ctx_switch

/*
 * void ukarch_ctx_init(struct ukarch_ctx *ctx, unsigned long stack_top,
 *			ukarch_ctx_entry_t entry, void *arg)
 * Frame, from stack_top down: return address (ukarch_ctx_start), rbp = 0
 * (ends backtraces), rbx, r12 = entry, r13 = arg, r14, r15. After the
 * switch pops it, %rsp is 16-byte aligned as a call site needs. The
 * x87/SSE state is a copy of x86_fpu_default.
 */
	.globl ukarch_ctx_init
	.type ukarch_ctx_init, @function
ukarch_ctx_init:
	andq	$-16, %rsi
	leaq	ukarch_ctx_start(%rip), %rax
	movq	%rax, -8(%rsi)
	movq	$0, -16(%rsi)
	movq	$0, -24(%rsi)
	movq	%rdx, -32(%rsi)
	movq	%rcx, -40(%rsi)
	movq	$0, -48(%rsi)
	movq	$0, -56(%rsi)
	leaq	-56(%rsi), %rax
	movq	%rax, UKARCH_CTX_SP(%rdi)
	addq	$UKARCH_CTX_FPU, %rdi
	leaq	x86_fpu_default(%rip), %rsi
	movl	$(X86_FXSAVE_SIZE / 8), %ecx
	rep movsq
	ret
	.size ukarch_ctx_init, . - ukarch_ctx_init

/* First code of a new context: entry(arg), which must not return. */
	.type ukarch_ctx_start, @function
ukarch_ctx_start:
	movq	%r13, %rdi
	callq	*%r12
	ud2
	.size ukarch_ctx_start, . - ukarch_ctx_start

/*
 * FXSAVE image of the state fninit leaves, with MXCSR at its power-on
 * value: x87 control word 0x37f (all exceptions masked, 64-bit precision,
 * round to nearest), empty x87 stack (abridged tag word 0), MXCSR 0x1f80
 * (all exceptions masked, round to nearest), registers zero. Restoring
 * it is also how the boot code sets MXCSR: ldmxcsr is one of the
 * instructions the emulating KVM of some hosts cannot execute, fxrstor
 * is not.
 */
	.section .rodata.x86_fpu_default, "a"
	.balign 16
	.globl x86_fpu_default
	.type x86_fpu_default, @object
x86_fpu_default:
	.word	0x037f			/* FCW */
	.word	0			/* FSW */
	.byte	0			/* abridged FTW: all empty */
	.skip	19			/* FOP, FIP, FDP */
	.long	0x1f80			/* MXCSR */
	.long	0			/* MXCSR_MASK (ignored by fxrstor) */
	.skip	X86_FXSAVE_SIZE - 32	/* ST0-7, XMM0-15, reserved */
	.size x86_fpu_default, . - x86_fpu_default

	.section .note.GNU-stack, "", @progbits
