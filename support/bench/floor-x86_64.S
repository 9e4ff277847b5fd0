/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark floor for x86_64: the smallest guest that does what every Kast
 * image must do. QEMU enters through the PVH note in 32-bit protected mode;
 * we write one byte to the COM1 data register (0x3f8) and exit through
 * isa-debug-exit (port 0xf4). Writing 1 makes QEMU exit with status 3,
 * which kast-qemu reports as guest status 0, the same as a Kast image
 * returning 0 from main().
 */
#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define COM1_DATA			0x3f8
#define DEBUG_EXIT_PORT			0xf4
#define FLOOR_BYTE			'F'

	.section .note.pvh, "a"
	.balign 4
	.long 4				/* name size: "Xen\0" */
	.long 8				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad floor_start

	.section .text, "ax"
	.code32
	.globl floor_start
floor_start:
	mov	$COM1_DATA, %dx
	mov	$FLOOR_BYTE, %al
	outb	%al, %dx
	mov	$DEBUG_EXIT_PORT, %dx
	mov	$1, %eax
	outl	%eax, %dx
1:	hlt
	jmp	1b

	.section .note.GNU-stack, "", @progbits
