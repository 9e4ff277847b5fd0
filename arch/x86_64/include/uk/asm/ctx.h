/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 thread contexts (see <uk/arch/ctx.h>). A saved context is the
 * stack pointer, below which ukarch_ctx_switch pushed rbp, rbx, r12-r15
 * and left its return address, and the x87/SSE state in FXSAVE format.
 * That state is saved whole at every switch: a thread preempted from the
 * timer interrupt has live XMM registers (interrupt dispatch keeps them
 * across the handlers, which may call C library code that uses SSE).
 *
 * TLS follows the x86_64 ELF ABI (variant II): the TLS block ends at the
 * thread pointer (FS base). From the thread pointer upward lie
 * UKARCH_TLS_TCB_RESERVE zeroed bytes for a C library's thread control
 * block, whose first word is the thread pointer itself (%fs:0). The FS
 * base is written through its MSR: the KVM of some hosts cannot execute
 * wrfsbase.
 */
#ifndef __UK_ASM_CTX_H__
#define __UK_ASM_CTX_H__

/* Offsets in struct ukarch_ctx (for ctx.S). */
#define UKARCH_CTX_SP		0
#define UKARCH_CTX_FPU		16	/* 16-byte aligned, as fxsave needs */
#define X86_FXSAVE_SIZE		512
#define UKARCH_CTX_SIZE		(UKARCH_CTX_FPU + X86_FXSAVE_SIZE)

/*
 * Bytes from the thread pointer upward reserved for a thread control
 * block: musl's struct pthread (self pointer at 0, stack canary at 0x28,
 * errno_val) is 200 bytes on LP64 in musl 1.2.3; kernel threads get this
 * much zeroed so that musl code touching __pthread_self() is safe on any
 * thread. A C library port checks that its TCB fits, against the C
 * library's own headers (lib/musl/abi_check.c).
 */
#define UKARCH_TLS_TCB_RESERVE	256
/* Where GCC's stack protector finds the canary: %fs:0x28. */
#define X86_TLS_CANARY_OFFSET	0x28

#ifndef __ASSEMBLY__
#include <uk/essentials.h>
#include <uk/asm/cpu.h>

struct ukarch_ctx {
	unsigned long sp;
	uint8_t fpu[X86_FXSAVE_SIZE] __aligned(16);	/* x87/SSE, FXSAVE */
};

UK_CTASSERT(offsetof(struct ukarch_ctx, fpu) == UKARCH_CTX_FPU);
UK_CTASSERT(sizeof(struct ukarch_ctx) == UKARCH_CTX_SIZE);

/*
 * Clean x87/SSE state in FXSAVE format (what fninit leaves, MXCSR
 * 0x1f80: all exceptions masked, round to nearest): loaded at boot and
 * given to every new context.
 */
extern const uint8_t x86_fpu_default[X86_FXSAVE_SIZE];

/* The stack protector's guard (plat/kvm/common/ssp.c), random per boot. */
extern unsigned long __stack_chk_guard;

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

static inline size_t ukarch_tls_area_align(void)
{
	/* the control block wants 16, the TLS block its own alignment */
	return UK_MAX((size_t)__tls_align, (size_t)16);
}

/* Offset of the thread pointer in a TLS area: aligned like the area. */
static inline size_t x86_tls_tp_offset(void)
{
	return UK_ALIGN_UP(x86_tls_block_size(), ukarch_tls_area_align());
}

static inline size_t ukarch_tls_area_size(void)
{
	return x86_tls_tp_offset() + UKARCH_TLS_TCB_RESERVE;
}

/* Area: [padding][TLS block][tp: control block], all but .tdata zeroed. */
static inline unsigned long ukarch_tls_area_init(void *area)
{
	size_t tdata = __tdata_end - __tls_start;
	unsigned long tp = (unsigned long)area + x86_tls_tp_offset();

	__builtin_memset(area, 0, ukarch_tls_area_size());
	__builtin_memcpy((void *)(tp - x86_tls_block_size()), __tls_start,
			 tdata);
	*(unsigned long *)tp = tp;
	/*
	 * GCC's x86_64 stack protector reads the canary at %fs:0x28 (musl's
	 * struct pthread keeps it there): every thread gets the kernel's
	 * random guard, also threads a C library never set up
	 */
	*(unsigned long *)(tp + X86_TLS_CANARY_OFFSET) = __stack_chk_guard;
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
