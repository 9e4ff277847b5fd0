/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU contexts for threads, implemented by each architecture: a context
 * that starts a function on a fresh stack, the switch between two
 * contexts, the thread pointer for thread-local storage, and the layout
 * of a thread's TLS area.
 *
 * A switch saves what the C calling convention makes the callee preserve,
 * plus the stack pointer: to the compiler it is an ordinary call. The
 * interrupt state is not part of a context (the scheduler switches with
 * interrupts disabled), and kernel code uses no FPU or vector registers,
 * so there is no such state to save.
 *
 * TLS: the linker script of every architecture defines the TLS template
 * [__tls_start, __tdata_end) (initialized), zeros up to __tls_end, and its
 * alignment as the value of __tls_align. x86_64 uses ELF TLS variant II
 * (block below the thread pointer, which points at a TCB whose first word
 * is its own address); riscv64 uses variant I (thread pointer at the start
 * of the block). The functions below hide which.
 */
#ifndef __UK_ARCH_CTX_H__
#define __UK_ARCH_CTX_H__

#include <uk/essentials.h>

/* Function a new context starts in; it must never return. */
typedef void (*ukarch_ctx_entry_t)(void *arg);

#include <uk/asm/ctx.h>	/* struct ukarch_ctx and the inline functions */

/*
 * Prepare @ctx so that the first switch to it calls @entry(@arg) on the
 * stack whose highest address (exclusive) is @stack_top.
 */
void ukarch_ctx_init(struct ukarch_ctx *ctx, unsigned long stack_top,
		     ukarch_ctx_entry_t entry, void *arg);

/*
 * Save the running context into @prev and resume @next. Returns when a
 * later switch resumes @prev. Call with interrupts disabled.
 */
void ukarch_ctx_switch(struct ukarch_ctx *prev, struct ukarch_ctx *next);

/* Bytes of one thread's TLS area (TLS block and control block). */
static inline size_t ukarch_tls_area_size(void);

/* Alignment a TLS area must have (a power of two). */
static inline size_t ukarch_tls_area_align(void);

/*
 * Fill the TLS area at @area (ukarch_tls_area_size() bytes, aligned to
 * ukarch_tls_area_align()) from the template; returns its thread pointer.
 */
static inline unsigned long ukarch_tls_area_init(void *area);

/* Make @tp the thread pointer of this CPU (x86_64 FS base, riscv64 tp). */
static inline void ukarch_tls_set(unsigned long tp);

/* Current thread pointer. */
static inline unsigned long ukarch_tls_get(void);

/* Hint to the CPU that the caller is busy-waiting (pause). */
static inline void ukarch_spinwait(void);

#endif /* __UK_ARCH_CTX_H__ */
