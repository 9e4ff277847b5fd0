/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap entry (stvec, direct mode). Exceptions run on the per-hart trap
 * stack whose top sscratch holds, so that a stack overflow into a guard
 * page can still be reported. While an exception is being handled sscratch
 * is 0; a trap taken then (a fault inside the handler) stays on the trap
 * stack. Interrupts run on the interrupted stack (sscratch stays armed), so
 * that the platform's exit hook may switch threads from them; an interrupt
 * frame that hits a guard page faults onto the trap stack and is reported.
 * The full register state is saved as struct __regs and passed to
 * riscv_trap_handler(regs); the return path restores it. The trap stack
 * has an unmapped guard page below it: a nested trap whose sp is in the
 * guard (or too close to it for a frame) is an overflow of the trap
 * stack, and its frame goes on a last-resort stack instead.
 */
#include <uk/asm/regs.h>

.macro SAVE_GPR n
	sd	x\n, ((\n - 1) * 8)(sp)
.endm

.macro LOAD_GPR n
	ld	x\n, ((\n - 1) * 8)(sp)
.endm

	.section .text.riscv_traps, "ax"
	.balign 4
	.globl riscv_trap_entry
riscv_trap_entry:
	csrrw	sp, sscratch, sp	/* sp = trap stack top, or 0 */
	beqz	sp, .Lnested
	sd	t0, -8(sp)		/* scratch slot on the trap stack */
	csrr	t0, scause
	bltz	t0, .Lintr		/* top bit: interrupt */
	ld	t0, -8(sp)
	addi	sp, sp, -REGS_SIZE
	SAVE_GPR 5
	addi	t0, sp, REGS_SIZE
	sd	t0, REGS_SSCRATCH(sp)	/* re-arm the trap stack on return */
	j	.Lsave
.Lnested:
	csrr	sp, sscratch		/* interrupted sp, on the trap stack */
	csrw	sscratch, t0		/* t0 kept while sp is checked */
	lla	t0, riscv_trap_stack	/* the guard page comes first */
	bltu	sp, t0, .Lnested_ok
	lla	t0, riscv_trap_stack_floor
	ld	t0, 0(t0)
	bltu	sp, t0, .Loverflow	/* no room for a frame above the guard */
.Lnested_ok:
	csrrw	t0, sscratch, sp	/* t0 back; sscratch: interrupted sp */
	addi	sp, sp, -REGS_SIZE
	SAVE_GPR 5
	sd	zero, REGS_SSCRATCH(sp)
	j	.Lsave
.Loverflow:
	/*
	 * The trap stack overflowed into its guard page: take the frame on
	 * the last-resort stack, so that the report (which names the
	 * exception stack from the saved sp) cannot write below the guard.
	 */
	csrrw	t0, sscratch, sp
	lla	sp, riscv_trap_last_stack + 8192
	addi	sp, sp, -REGS_SIZE
	SAVE_GPR 5
	sd	zero, REGS_SSCRATCH(sp)
	j	.Lsave
.Lintr:
	/*
	 * The frame goes on the interrupted stack, whose page may have no
	 * frame yet (demand paging, uk/arch/paging.h): a store there traps,
	 * and that exception overwrites sepc, sstatus, scause and stval.
	 * So they are kept first, in riscv_intr_csrs (one hart, and
	 * interrupts stay off until they are in the frame).
	 */
	sd	t1, -16(sp)
	lla	t0, riscv_intr_csrs
	csrr	t1, sepc
	sd	t1, 0(t0)
	csrr	t1, sstatus
	sd	t1, 8(t0)
	csrr	t1, scause
	sd	t1, 16(t0)
	csrr	t1, stval
	sd	t1, 24(t0)
	ld	t1, -16(sp)
	ld	t0, -8(sp)
	csrrw	sp, sscratch, sp	/* back on the interrupted stack */
	addi	sp, sp, -REGS_SIZE
	SAVE_GPR 5
	csrr	t0, sscratch
	sd	t0, REGS_SSCRATCH(sp)	/* the trap stack stays armed */
	addi	t0, sp, REGS_SIZE
	sd	t0, REGS_X(2)(sp)
	SAVE_GPR 1
	SAVE_GPR 3
	SAVE_GPR 4
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, \
		22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	SAVE_GPR \n
	.endr
	lla	t0, riscv_intr_csrs
	ld	t1, 0(t0)
	sd	t1, REGS_SEPC(sp)
	ld	t1, 8(t0)
	sd	t1, REGS_SSTATUS(sp)
	ld	t1, 16(t0)
	sd	t1, REGS_SCAUSE(sp)
	ld	t1, 24(t0)
	sd	t1, REGS_STVAL(sp)
	j	.Lcall
.Lsave:
	SAVE_GPR 1
	SAVE_GPR 3
	SAVE_GPR 4
	.irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, \
		22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	SAVE_GPR \n
	.endr
	csrrw	t0, sscratch, zero	/* interrupted sp; mark "in a trap" */
	sd	t0, REGS_X(2)(sp)
.Lcsrs:
	csrr	t0, sepc
	sd	t0, REGS_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, REGS_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, REGS_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, REGS_STVAL(sp)
.Lcall:
	mv	a0, sp
	call	riscv_trap_handler

	ld	t0, REGS_SEPC(sp)
	csrw	sepc, t0
	ld	t0, REGS_SSTATUS(sp)
	csrw	sstatus, t0
	ld	t0, REGS_SSCRATCH(sp)
	csrw	sscratch, t0
	LOAD_GPR 1
	LOAD_GPR 3
	LOAD_GPR 4
	.irp n, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	LOAD_GPR \n
	.endr
	LOAD_GPR 2
	sret

	.section .bss.riscv_intr_csrs, "aw", @nobits
	.balign 8
riscv_intr_csrs:
	.zero	32

	.section .note.GNU-stack, "", @progbits
