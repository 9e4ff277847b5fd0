/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ELF entry point, used only when a Kast image is executed as a Linux
 * program (QEMU boots it through the PVH note instead). Images linked by
 * kast-cc carry the path of kast-run in kast_host_runner: the program then
 * re-executes itself in a microVM,
 *     kast-run /proc/self/exe's target -- argv[1] ...
 * so that `./app args` and autoconf's "can we run the programs we build"
 * check work on an x86_64 host. Without a runner it says what it is and
 * exits with status 126.
 */
#define SYS_write	1
#define SYS_execve	59
#define SYS_readlink	89
#define SYS_exit_group	231
#define PATH_BUF	4096

	.weak kast_host_runner

	.section .text.host_entry, "ax"
	.code64
	.globl _kast_host_entry
	.type _kast_host_entry, @function
_kast_host_entry:
	movq	(%rsp), %r12		/* argc */
	leaq	8(%rsp), %r13		/* argv */
	leaq	16(%rsp,%r12,8), %r14	/* envp */
	leaq	kast_host_runner(%rip), %r15
	testq	%r15, %r15
	jz	no_runner

	/* the image's own path */
	subq	$PATH_BUF, %rsp
	movq	%rsp, %rbx
	movl	$SYS_readlink, %eax
	leaq	self_exe(%rip), %rdi
	movq	%rbx, %rsi
	movl	$PATH_BUF - 1, %edx
	syscall
	testq	%rax, %rax
	js	no_self
	movb	$0, (%rbx,%rax)

	/* argv: runner, image, "--", argv[1..argc-1], NULL */
	leaq	32(,%r12,8), %rax
	addq	$15, %rax
	andq	$-16, %rax
	subq	%rax, %rsp
	movq	%r15, 0(%rsp)
	movq	%rbx, 8(%rsp)
	leaq	dashdash(%rip), %rax
	movq	%rax, 16(%rsp)
	movq	$1, %rcx
1:	cmpq	%r12, %rcx
	jae	2f
	movq	(%r13,%rcx,8), %rax
	movq	%rax, 16(%rsp,%rcx,8)
	incq	%rcx
	jmp	1b
2:	movq	$0, 16(%rsp,%rcx,8)
	movl	$SYS_execve, %eax
	movq	%r15, %rdi
	movq	%rsp, %rsi
	movq	%r14, %rdx
	syscall
	leaq	msg_exec(%rip), %rsi
	movl	$msg_exec_len, %edx
	movl	$127, %r12d
	jmp	say
no_self:
	leaq	msg_self(%rip), %rsi
	movl	$msg_self_len, %edx
	movl	$127, %r12d
	jmp	say
no_runner:
	leaq	msg_image(%rip), %rsi
	movl	$msg_image_len, %edx
	movl	$126, %r12d
say:
	movl	$SYS_write, %eax
	movl	$2, %edi
	syscall
	movl	$SYS_exit_group, %eax
	movl	%r12d, %edi
	syscall
	hlt
	.size _kast_host_entry, . - _kast_host_entry

	.section .rodata.host_entry, "a"
self_exe:
	.asciz "/proc/self/exe"
dashdash:
	.asciz "--"
msg_image:
	.ascii "This is a Kast unikernel image: boot it with kast-run (support/bin/kast-run IMAGE).\n"
	.set msg_image_len, . - msg_image
msg_exec:
	.ascii "kast: cannot execute the kast-run this image was linked with\n"
	.set msg_exec_len, . - msg_exec
msg_self:
	.ascii "kast: cannot read /proc/self/exe\n"
	.set msg_self_len, . - msg_self

	.section .note.GNU-stack, "", @progbits
