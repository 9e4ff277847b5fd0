/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 thread contexts (see <uk/arch/ctx.h>). A saved context holds
 * what the calling convention makes the callee preserve: ra, sp and
 * s0-s11 (ctx.S). TLS follows the RISC-V ELF ABI (variant I, no TCB): the
 * thread pointer tp holds the address of the TLS block itself, and the
 * linker's tp-relative offsets start at the template's first byte.
 */
#ifndef __UK_ASM_CTX_H__
#define __UK_ASM_CTX_H__

/* Offsets in struct ukarch_ctx (for ctx.S). */
#define UKARCH_CTX_RA		0
#define UKARCH_CTX_SP		8
#define UKARCH_CTX_S(n)		(16 + (n) * 8)	/* s0..s11 */
#define UKARCH_CTX_SIZE		112

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_ctx {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
};

UK_CTASSERT(sizeof(struct ukarch_ctx) == UKARCH_CTX_SIZE);

/* TLS template, from the linker script; __tls_align is a value. */
extern char __tls_start[], __tdata_end[], __tls_end[], __tls_align[];

/* Bytes of the TLS block: the template, rounded up to its alignment. */
static inline size_t riscv_tls_block_size(void)
{
	return UK_ALIGN_UP((size_t)(__tls_end - __tls_start),
			   (size_t)__tls_align);
}

static inline size_t ukarch_tls_area_size(void)
{
	/* never 0: an allocator may refuse empty requests */
	return UK_MAX(riscv_tls_block_size(), sizeof(long));
}

static inline size_t ukarch_tls_area_align(void)
{
	return UK_MAX((size_t)__tls_align, sizeof(long));
}

static inline unsigned long ukarch_tls_area_init(void *area)
{
	size_t tdata = __tdata_end - __tls_start;

	__builtin_memcpy(area, __tls_start, tdata);
	__builtin_memset((char *)area + tdata, 0,
			 ukarch_tls_area_size() - tdata);
	return (unsigned long)area;
}

static inline void ukarch_tls_set(unsigned long tp)
{
	__asm__ __volatile__("mv tp, %0" : : "r"(tp) : "memory");
}

static inline unsigned long ukarch_tls_get(void)
{
	unsigned long tp;

	__asm__ __volatile__("mv %0, tp" : "=r"(tp));
	return tp;
}

static inline void ukarch_spinwait(void)
{
	/* Zihintpause "pause", encoded for assemblers without the extension */
	__asm__ __volatile__(".insn i 0x0f, 0, x0, x0, 0x010" : : : "memory");
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_CTX_H__ */
