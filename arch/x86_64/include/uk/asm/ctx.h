/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 thread contexts (see <uk/arch/ctx.h>). A saved context is only a
 * stack pointer: ukarch_ctx_switch pushes rbp, rbx, r12-r15 and leaves its
 * return address below them. TLS follows the x86_64 ELF ABI (variant II):
 * the TLS block ends at the thread pointer (FS base) and %fs:0 holds the
 * thread pointer itself. The FS base is written through its MSR: the KVM
 * of some hosts cannot execute wrfsbase.
 */
#ifndef __UK_ASM_CTX_H__
#define __UK_ASM_CTX_H__

/* Offset of the saved stack pointer in struct ukarch_ctx (for ctx.S). */
#define UKARCH_CTX_SP		0

/* Thread control block at the thread pointer: self pointer, one spare. */
#define X86_TLS_TCB_SIZE	16

#ifndef __ASSEMBLY__
#include <uk/essentials.h>
#include <uk/asm/cpu.h>

struct ukarch_ctx {
	unsigned long sp;
};

/* TLS template, from the linker script; __tls_align is a value. */
extern char __tls_start[], __tdata_end[], __tls_end[], __tls_align[];

/*
 * Bytes from the start of the TLS block to the thread pointer: the
 * template size rounded up to its alignment, as the linker computes the
 * %fs-relative offsets of TLS variables.
 */
static inline size_t x86_tls_block_size(void)
{
	return UK_ALIGN_UP((size_t)(__tls_end - __tls_start),
			   (size_t)__tls_align);
}

static inline size_t ukarch_tls_area_size(void)
{
	return x86_tls_block_size() + X86_TLS_TCB_SIZE;
}

static inline size_t ukarch_tls_area_align(void)
{
	return UK_MAX((size_t)__tls_align, (size_t)X86_TLS_TCB_SIZE);
}

static inline unsigned long ukarch_tls_area_init(void *area)
{
	size_t tdata = __tdata_end - __tls_start;
	size_t block = x86_tls_block_size();
	unsigned long tp = (unsigned long)area + block;

	__builtin_memcpy(area, __tls_start, tdata);
	__builtin_memset((char *)area + tdata, 0,
			 block - tdata + X86_TLS_TCB_SIZE);
	*(unsigned long *)tp = tp;
	return tp;
}

static inline void ukarch_tls_set(unsigned long tp)
{
	wrmsr(X86_MSR_FS_BASE, tp);
}

static inline unsigned long ukarch_tls_get(void)
{
	return rdmsr(X86_MSR_FS_BASE);
}

static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_CTX_H__ */
