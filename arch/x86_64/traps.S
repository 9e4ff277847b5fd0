/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exception entry stubs for vectors 0-31. Each stub makes the frame uniform
 * (a zero error code where the CPU pushes none), pushes its vector, and
 * jumps to the common path, which saves every general-purpose register in
 * the layout of struct __regs and calls x86_trap_handler(regs).
 */
	.section .text.x86_traps, "ax"

.macro TRAP_NOERR vec
	.balign 16
	pushq	$0
	pushq	$\vec
	jmp	x86_trap_common
.endm

.macro TRAP_ERR vec
	.balign 16
	pushq	$\vec
	jmp	x86_trap_common
.endm

	.globl x86_trap_stubs
	.balign 16
x86_trap_stubs:
	TRAP_NOERR 0
	TRAP_NOERR 1
	TRAP_NOERR 2
	TRAP_NOERR 3
	TRAP_NOERR 4
	TRAP_NOERR 5
	TRAP_NOERR 6
	TRAP_NOERR 7
	TRAP_ERR 8
	TRAP_NOERR 9
	TRAP_ERR 10
	TRAP_ERR 11
	TRAP_ERR 12
	TRAP_ERR 13
	TRAP_ERR 14
	TRAP_NOERR 15
	TRAP_NOERR 16
	TRAP_ERR 17
	TRAP_NOERR 18
	TRAP_NOERR 19
	TRAP_NOERR 20
	TRAP_ERR 21
	TRAP_NOERR 22
	TRAP_NOERR 23
	TRAP_NOERR 24
	TRAP_NOERR 25
	TRAP_NOERR 26
	TRAP_NOERR 27
	TRAP_NOERR 28
	TRAP_ERR 29
	TRAP_ERR 30
	TRAP_NOERR 31

x86_trap_common:
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
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$-16, %rsp
	call	x86_trap_handler
	mov	%rbx, %rsp
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
	add	$16, %rsp
	iretq

	.section .note.GNU-stack, "", @progbits
