/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 context switch (see <uk/arch/ctx.h>). A context is the stack
 * pointer of a stopped thread; below it lie the callee-saved registers and
 * the address the switch returns to. A new context is a stack prepared to
 * look the same, returning into ukarch_ctx_start.
 */
#include <uk/asm/ctx.h>

	.section .text.ukarch_ctx, "ax"

/* void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next) */
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
 * switch pops it, %rsp is 16-byte aligned as a call site needs.
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
	ret
	.size ukarch_ctx_init, . - ukarch_ctx_init

/* First code of a new context: entry(arg), which must not return. */
	.type ukarch_ctx_start, @function
ukarch_ctx_start:
	movq	%r13, %rdi
	callq	*%r12
	ud2
	.size ukarch_ctx_start, . - ukarch_ctx_start

	.section .note.GNU-stack, "", @progbits
