/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running a thread's body on the stack its creator gave (musl's thread
 * stack) and coming back to the thread's own kernel stack when it exits.
 */
	.text

/*
 * void uk_posix_stack_call(unsigned long *save_sp, void *stack,
 *			    void (*fn)(void *), void *arg)
 * Saves the callee-saved registers and the stack pointer in *save_sp,
 * switches to @stack (rounded down to 16 bytes) and calls fn(arg), which
 * must not return. uk_posix_stack_return(*save_sp) resumes after the call.
 */
	.globl uk_posix_stack_call
	.type uk_posix_stack_call, @function
uk_posix_stack_call:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	andq	$-16, %rsi
	movq	%rsi, %rsp
	movq	%rcx, %rdi
	xorl	%ebp, %ebp		/* ends backtraces */
	callq	*%rdx
	ud2
	.size uk_posix_stack_call, . - uk_posix_stack_call

/* void uk_posix_stack_return(unsigned long sp) */
	.globl uk_posix_stack_return
	.type uk_posix_stack_return, @function
uk_posix_stack_return:
	movq	%rdi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size uk_posix_stack_return, . - uk_posix_stack_return
	.section .note.GNU-stack,"",@progbits
