/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What Kast assumes about musl's internals, checked against the fetched
 * musl itself: musl.mk copies this file into musl's tree and compiles it
 * with musl's own Makefile and flags (its internal headers included)
 * before libc.a is built. A musl whose layout breaks an assumption stops
 * the build here with the message of the failing assertion. Nothing of
 * this file is linked.
 */
#include <stddef.h>
#include "pthread_impl.h"

/* Only the architecture's constants: the rest is kernel C. */
#define __ASSEMBLY__
#include <uk/asm/ctx.h>

/*
 * Every kernel thread's TLS area reserves UKARCH_TLS_TCB_RESERVE zeroed
 * bytes where musl finds its struct pthread (arch/<arch>/include/uk/asm/
 * ctx.h), so that musl code reaching __pthread_self() works on any thread.
 */
_Static_assert(sizeof(struct pthread) <= UKARCH_TLS_TCB_RESERVE,
	       "musl's struct pthread does not fit in UKARCH_TLS_TCB_RESERVE "
	       "(arch/<arch>/include/uk/asm/ctx.h): raise the reserve");

#ifdef TLS_ABOVE_TP
/*
 * Variant I (riscv64): the control block ends at the thread pointer and
 * the TLS block starts there (ukarch_tls_area_init()).
 */
_Static_assert(TP_OFFSET == 0 && GAP_ABOVE_TP == 0,
	       "musl puts a gap between its thread pointer and the TLS "
	       "block; Kast's TLS areas (uk/asm/ctx.h) do not");
#else
/*
 * Variant II (x86_64): the control block starts at the thread pointer,
 * whose first word ukarch_tls_area_init() sets to the thread pointer
 * itself; programs compiled by GCC read the stack canary at %fs:0x28.
 */
_Static_assert(offsetof(struct pthread, self) == 0,
	       "musl's struct pthread no longer starts with its self "
	       "pointer, which ukarch_tls_area_init() writes at offset 0");
#ifdef __x86_64__
_Static_assert(offsetof(struct pthread, canary) == 0x28,
	       "musl's stack canary is no longer at %fs:0x28, where GCC's "
	       "stack protector reads it");
#endif
#endif
