/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 entry in S-mode, as left by the SBI firmware (OpenSBI
 * fw_dynamic/fw_jump) or by a VMM booting the kernel directly (KVM):
 * a0 = hart id, a1 = physical address of the device tree, MMU off
 * (satp = 0), interrupts off. The first hart to arrive boots; any other
 * hart that arrives here (firmware without HSM) is parked in a wfi loop.
 * The boot hart zeroes .bss, switches to the boot stack, clears the frame
 * and thread pointers and calls C. FP is enabled, vector state is not.
 */
#include <uk/asm/cpu.h>

	.section .text.boot, "ax"
	.globl _riscv_start
_riscv_start:
	csrw	sie, zero
	csrci	sstatus, RISCV_SSTATUS_SIE
	/*
	 * FP on for the threads that compute in floating point, fcsr 0
	 * (round to nearest, no flags; writing it makes FS Dirty); the
	 * context switch keeps FP state per thread. Vector state stays
	 * off: such instructions trap.
	 */
	li	t0, RISCV_SSTATUS_FS | RISCV_SSTATUS_VS | RISCV_SSTATUS_SUM
	csrc	sstatus, t0
	li	t0, RISCV_SSTATUS_FS_INITIAL
	csrs	sstatus, t0
	csrw	fcsr, zero
	csrw	satp, zero
	csrw	sscratch, zero

	/* hart lottery: the first one boots, the others are parked */
	lla	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, .Lpark

	/*
	 * zero .bss (it holds the boot stack), 64 bytes a round (one trip
	 * through the translated block each under TCG); the link script
	 * aligns both ends to 64 bytes; a0/a1 stay untouched
	 */
	lla	t0, __bss_start
	lla	t1, _end
1:	bgeu	t0, t1, 2f
	.irp off, 0, 8, 16, 24, 32, 40, 48, 56
	sd	zero, \off(t0)
	.endr
	addi	t0, t0, 64
	j	1b
2:
	lla	sp, __boot_stack_top
	mv	s0, zero
	mv	ra, zero
	mv	tp, zero		/* no TLS until uksched sets one up */
	call	_kvm_riscv_entry
	/* not reached: the C entry never returns */
.Lpark:
	wfi
	j	.Lpark

/*
 * kvm_kaslr_enter(hartid, fdt): the image's relocated copy starts here
 * (called from the old copy, plat/kvm/common/kaslr.c, MMU still off).
 * Its .bss is zero: the copy's boot stack, then the C entry again, as
 * after a load at this address.
 */
	.globl kvm_kaslr_enter
kvm_kaslr_enter:
	lla	sp, __boot_stack_top
	mv	s0, zero
	mv	ra, zero
	mv	tp, zero
	call	_kvm_riscv_entry
	j	.Lpark

	/* in .data, not .bss: read before .bss is zeroed */
	.section .data.boot, "aw"
	.balign 4
boot_lottery:
	.word 0

	.section .note.GNU-stack, "", @progbits
