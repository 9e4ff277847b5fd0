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
/*
 * void uk_posix_call_on(void *stack, void (*fn)(void *), void *arg)
 * Calls fn(arg) on @stack (rounded down to 16 bytes), then returns on
 * the caller's stack: a handler on the alternate signal stack.
 */
	.globl uk_posix_call_on
	.type uk_posix_call_on, @function
uk_posix_call_on:
	pushq	%rbx
	movq	%rsp, %rbx
	andq	$-16, %rdi
	movq	%rdi, %rsp
	movq	%rdx, %rdi
	callq	*%rsi
	movq	%rbx, %rsp
	popq	%rbx
	ret
	.size uk_posix_call_on, . - uk_posix_call_on

/*
 * Where a thread interrupted (or faulting) in the program resumes when a
 * signal handler is due: the interrupt return came here with interrupts
 * off, on the handler's stack, with every register of the interrupted
 * context except rip/rsp/rflags (kept in the thread's tramp record).
 * Build a struct __regs frame, let uk_posix_sigframe() run the handler
 * and complete the frame (from the tramp record, then as the handler left
 * its ucontext), and resume it with iretq.
 */
	.globl uk_posix_sigtramp
	.type uk_posix_sigtramp, @function
uk_posix_sigtramp:
	subq	$56, %rsp		/* vector, error, rip, cs, rflags, rsp, ss */
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	movq	%rsp, %rbx
	andq	$-16, %rsp
	xorl	%ebp, %ebp
	callq	uk_posix_sigframe
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq
	.size uk_posix_sigtramp, . - uk_posix_sigtramp

	.section .note.GNU-stack,"",@progbits
