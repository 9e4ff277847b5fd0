/* SPDX-License-Identifier: BSD-3-Clause */
/* See arch/x86_64/stack.S: the same two functions for riscv64. */
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
	.section .note.GNU-stack,"",%progbits
