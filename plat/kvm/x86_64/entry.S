/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 entry through the PVH boot protocol: the VMM finds the 32-bit entry
 * address in the Xen ELF note XEN_ELFNOTE_PHYS32_ENTRY and starts us in
 * 32-bit protected mode, paging off, %ebx = physical address of the
 * hvm_start_info structure. We zero .bss, identity-map the first GiB with
 * 2 MiB pages, enter long mode, enable x87/SSE with a clean state and
 * call C. The C code replaces these tables with the final W^X map. With
 * KASLR, C moves the image and enters the copy at kvm_kaslr_enter.
 */
#include <uk/asm/cpu.h>

#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define BOOT_PTE_FLAGS			0x83	/* present, writable, 2 MiB */
#define CR0_BOOT	(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_MP | \
			 X86_CR0_PE)
/* x87 and SSE usable, errors as #MF/#XM; no XSAVE, so no AVX */
#define CR4_BOOT	(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

	.section .note.pvh, "a"
	.balign 4
	.long 4				/* name size: "Xen\0" */
	.long 8				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad _pvh_start32

	.section .text.boot, "ax"
	.code32
	.globl _pvh_start32
_pvh_start32:
	cli
	cld
	mov	%ebx, %esi

	/*
	 * zero .bss (it holds the boot page tables and stack), 64 bytes a
	 * round: under TCG each round of a "rep stos" is one trip through
	 * the translated block, 1.5 million of them for redis's 1.5 MB .bss
	 * (about 4 ms); the link script aligns both ends to 64 bytes
	 */
	mov	$__bss_start, %edi
	mov	$_end, %ecx
	xor	%eax, %eax
0:	cmp	%ecx, %edi
	jae	1f
	.irp off, 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60
	movl	%eax, \off(%edi)
	.endr
	add	$64, %edi
	jmp	0b
1:

	/* PD: 512 x 2 MiB identity entries */
	mov	$boot_pd, %edi
	mov	$BOOT_PTE_FLAGS, %eax
	xor	%ecx, %ecx
1:	mov	%eax, (%edi,%ecx,8)
	add	$0x200000, %eax
	inc	%ecx
	cmp	$512, %ecx
	jb	1b
	movl	$(boot_pd + 3), boot_pdpt
	movl	$(boot_pdpt + 3), boot_pml4

	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$CR4_BOOT, %eax
	mov	%eax, %cr4
	mov	$X86_MSR_EFER, %ecx
	rdmsr
	or	$(X86_EFER_LME | X86_EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	and	$~(X86_CR0_EM | X86_CR0_TS), %eax
	or	$CR0_BOOT, %eax
	mov	%eax, %cr0

	lgdt	boot_gdt_desc
	ljmp	$0x08, $_start64

	.code64
_start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
.Lboot64:
	mov	$__boot_stack_top, %rsp
	/* fninit and MXCSR 0x1f80 in one: the boot context's FP state */
	fxrstor64 x86_fpu_default(%rip)
	xor	%ebp, %ebp
	mov	%rsi, %rdi
	call	_ukplat_x86_entry
2:	cli
	hlt
	jmp	2b

/*
 * kvm_kaslr_enter(si): the image's relocated copy starts here (called
 * from the old copy, plat/kvm/common/kaslr.c). Its .bss is zero; the
 * absolute addresses below hold the copy's. Boot page tables of its own
 * (the old copy's memory becomes free RAM), the copy's boot stack, then
 * the C entry again, as after a load at this address.
 */
	.globl kvm_kaslr_enter
kvm_kaslr_enter:
	mov	%rdi, %rsi
	mov	$boot_pd, %edi
	mov	$BOOT_PTE_FLAGS, %eax
	xor	%ecx, %ecx
3:	mov	%rax, (%rdi,%rcx,8)
	add	$0x200000, %rax
	inc	%ecx
	cmp	$512, %ecx
	jb	3b
	movq	$(boot_pd + 3), boot_pdpt
	movq	$(boot_pdpt + 3), boot_pml4
	mov	$boot_pml4, %eax
	mov	%rax, %cr3
	jmp	.Lboot64

	.section .rodata.boot, "a"
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .bss.boot_pt, "aw", @nobits
	.balign 4096
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4096

	.section .note.GNU-stack, "", @progbits
