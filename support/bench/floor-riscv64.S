/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark floor for riscv64: the smallest S-mode payload that does what
 * every Kast image must do. OpenSBI (fw_dynamic) jumps here in S-mode; we
 * store one byte into the 16550 data register of the virt board's UART and
 * exit through the SiFive test device (0x5555: pass, QEMU exits 0).
 */
#define UART0_BASE		0x10000000
#define TEST_DEVICE_BASE	0x100000
#define TEST_PASS		0x5555
#define FLOOR_BYTE		'F'

	.section .text, "ax"
	.globl floor_start
floor_start:
	li	t0, UART0_BASE
	li	t1, FLOOR_BYTE
	sb	t1, 0(t0)
	li	t0, TEST_DEVICE_BASE
	li	t1, TEST_PASS
	sw	t1, 0(t0)
1:	wfi
	j	1b

	.section .note.GNU-stack, "", @progbits
