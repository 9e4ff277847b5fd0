/* SPDX-License-Identifier: BSD-3-Clause */
/* See arch/x86_64/stack.S: the same functions for riscv64. */
#include <uk/asm/regs.h>
	.text

	.globl uk_posix_stack_call
	.type uk_posix_stack_call, @function
uk_posix_stack_call:
	addi	sp, sp, -112
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	sp, 0(a0)
	andi	a1, a1, -16
	mv	sp, a1
	mv	a0, a3
	li	s0, 0			/* ends backtraces */
	li	ra, 0
	jalr	a2
	unimp
	.size uk_posix_stack_call, . - uk_posix_stack_call

	.globl uk_posix_stack_return
	.type uk_posix_stack_return, @function
uk_posix_stack_return:
	mv	sp, a0
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	addi	sp, sp, 112
	ret
	.size uk_posix_stack_return, . - uk_posix_stack_return
	.globl uk_posix_call_on
	.type uk_posix_call_on, @function
uk_posix_call_on:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	sd	s1, 0(sp)
	mv	s1, sp
	andi	a0, a0, -16
	mv	sp, a0
	mv	a0, a2
	jalr	a1
	mv	sp, s1
	ld	s1, 0(sp)
	ld	ra, 8(sp)
	addi	sp, sp, 16
	ret
	.size uk_posix_call_on, . - uk_posix_call_on

/*
 * Entered by sret with interrupts off, on the handler's stack, with every
 * register of the interrupted context but pc/sp/sstatus (see
 * arch/x86_64/stack.S). Resumes the completed frame with sret.
 */
	.globl uk_posix_sigtramp
	.type uk_posix_sigtramp, @function
uk_posix_sigtramp:
	addi	sp, sp, -REGS_SIZE
	sd	x1, REGS_X(1)(sp)
	.irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, \
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, REGS_X(\n)(sp)
	.endr
	mv	a0, sp
	li	s0, 0
	call	uk_posix_sigframe
	ld	t0, REGS_SEPC(sp)
	csrw	sepc, t0
	ld	t0, REGS_SSTATUS(sp)
	csrw	sstatus, t0
	ld	x1, REGS_X(1)(sp)
	.irp n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, \
		19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, REGS_X(\n)(sp)
	.endr
	ld	x2, REGS_X(2)(sp)
	sret
	.size uk_posix_sigtramp, . - uk_posix_sigtramp

	.section .note.GNU-stack,"",%progbits
