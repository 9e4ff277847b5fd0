/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry stubs for all 256 vectors, 16 bytes apart starting at
 * x86_trap_stubs. Each stub makes the frame uniform (a zero error code
 * where the CPU pushes none), pushes its vector and jumps to a common path,
 * which saves every general-purpose register in the layout of struct __regs
 * and calls C: x86_trap_handler(regs) for the CPU exceptions 0-31,
 * x86_irq_handler(regs) for the interrupt vectors 32-255. Both run on the
 * current stack (double faults, NMIs and machine checks on their own one,
 * see traps.c) with interrupts disabled by the interrupt gate.
 */
#define X86_EXC_VECTORS		32
#define X86_IDT_VECTORS		256

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

/* At most 12 bytes (pushq imm8, pushq imm32, jmp rel32): fits in 16. */
.macro IRQ_STUB vec
	.balign 16
	pushq	$0
	pushq	$\vec
	jmp	x86_irq_common
.endm

.macro SAVE_REGS
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
.endm

/* Also drops the vector and error code, ready for iretq. */
.macro RESTORE_REGS
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
.endm

/* Call \fn(regs) on a 16-byte aligned stack; %rbx is callee-saved. */
.macro CALL_C fn
	mov	%rsp, %rdi
	mov	%rsp, %rbx
	and	$-16, %rsp
	call	\fn
	mov	%rbx, %rsp
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

	.set .Lvec, X86_EXC_VECTORS
	.rept X86_IDT_VECTORS - X86_EXC_VECTORS
	IRQ_STUB .Lvec
	.set .Lvec, .Lvec + 1
	.endr
	.globl x86_trap_stubs_end
	.balign 16
x86_trap_stubs_end:

x86_trap_common:
	SAVE_REGS
	CALL_C	x86_trap_handler
	RESTORE_REGS
	iretq

x86_irq_common:
	SAVE_REGS
	CALL_C	x86_irq_handler
	RESTORE_REGS
	iretq

	.section .note.GNU-stack, "", @progbits
