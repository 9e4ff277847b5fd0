/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 thread contexts (see <uk/arch/ctx.h>). A saved context holds
 * what the calling convention makes the callee preserve, ra, sp and
 * s0-s11, and the whole FP state, f0-f31 and fcsr (ctx.S): a thread
 * preempted from an interrupt has live FP temporaries, and kernel code
 * never touches them (-ffixed-f*, see Makefile.uk). sstatus.FS is never
 * Off after boot: Clean after a switch, Dirty once FP state is written;
 * the switch saves the FP state only when it is Dirty.
 *
 * TLS follows the RISC-V ELF ABI (variant I): the thread pointer tp holds
 * the address of the TLS block, and the linker's tp-relative offsets
 * start at the template's first byte. Just below tp lie
 * UKARCH_TLS_TCB_RESERVE zeroed bytes for a C library's thread control
 * block, which ends at tp (musl: __pthread_self() == tp - sizeof(struct
 * pthread)).
 */
#ifndef __UK_ASM_CTX_H__
#define __UK_ASM_CTX_H__

/* Offsets in struct ukarch_ctx (for ctx.S). */
#define UKARCH_CTX_RA		0
#define UKARCH_CTX_SP		8
#define UKARCH_CTX_S(n)		(16 + (n) * 8)	/* s0..s11 */
#define UKARCH_CTX_F(n)		(112 + (n) * 8)	/* f0..f31 */
#define UKARCH_CTX_FCSR		368
#define UKARCH_CTX_SIZE		376
/* An FP state image: f0-f31, then fcsr (as in struct ukarch_ctx) */
#define RISCV_FP_SAVE_WORDS	33

/*
 * Bytes below the thread pointer reserved for a thread control block:
 * musl's struct pthread (errno_val, and the stack canary and dtv at its
 * end) is 200 bytes on LP64 in musl 1.2.3; kernel threads get this much
 * zeroed so that musl code touching __pthread_self() is safe on any
 * thread. A C library port checks that its TCB fits, against the C
 * library's own headers (lib/musl/abi_check.c).
 */
#define UKARCH_TLS_TCB_RESERVE	256

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct ukarch_ctx {
	unsigned long ra;
	unsigned long sp;
	unsigned long s[12];
	uint64_t f[32];			/* f0-f31, as fsd stores them */
	unsigned long fcsr;
};

UK_CTASSERT(offsetof(struct ukarch_ctx, f) == UKARCH_CTX_F(0));
UK_CTASSERT(offsetof(struct ukarch_ctx, fcsr) == UKARCH_CTX_FCSR);
UK_CTASSERT(sizeof(struct ukarch_ctx) == UKARCH_CTX_SIZE);

UK_CTASSERT(UKARCH_CTX_FCSR - UKARCH_CTX_F(0) ==
	    (RISCV_FP_SAVE_WORDS - 1) * 8);

/*
 * Store f0-f31 and fcsr into @fp / load them from it (sstatus.FS must
 * not be Off). For code that keeps the FP state of the code it
 * interrupted; the kernel itself never uses FP registers.
 */
void riscv_fp_save(uint64_t fp[RISCV_FP_SAVE_WORDS]);
void riscv_fp_restore(const uint64_t fp[RISCV_FP_SAVE_WORDS]);

/* TLS template, from the linker script; __tls_align is a value. */
extern char __tls_start[], __tdata_end[], __tls_end[], __tls_align[];

/* Bytes of the TLS block: the template, rounded up to its alignment. */
static inline size_t riscv_tls_block_size(void)
{
	return UK_ALIGN_UP((size_t)(__tls_end - __tls_start),
			   (size_t)__tls_align);
}

static inline size_t ukarch_tls_area_align(void)
{
	/* the TLS block wants its alignment, the control block 16 */
	return UK_MAX((size_t)__tls_align, (size_t)16);
}

/* Offset of the thread pointer in a TLS area: aligned like the area. */
static inline size_t riscv_tls_tp_offset(void)
{
	return UK_ALIGN_UP((size_t)UKARCH_TLS_TCB_RESERVE,
			   ukarch_tls_area_align());
}

static inline size_t ukarch_tls_area_size(void)
{
	return riscv_tls_tp_offset() + riscv_tls_block_size();
}

/* Area: [padding][control block][tp: TLS block], all but .tdata zeroed. */
static inline unsigned long ukarch_tls_area_init(void *area)
{
	size_t tdata = __tdata_end - __tls_start;
	unsigned long tp = (unsigned long)area + riscv_tls_tp_offset();

	__builtin_memset(area, 0, ukarch_tls_area_size());
	__builtin_memcpy((void *)tp, __tls_start, tdata);
	return tp;
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
