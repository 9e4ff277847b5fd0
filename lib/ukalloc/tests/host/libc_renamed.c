/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukalloc's libc entry points under other names, so that the host test
 * can call them next to the host C library (which the test itself uses).
 */
#define malloc		ht_libc_malloc
#define calloc		ht_libc_calloc
#define realloc		ht_libc_realloc
#define free		ht_libc_free
#define posix_memalign	ht_libc_posix_memalign
#define memalign	ht_libc_memalign
#define aligned_alloc	ht_libc_aligned_alloc
#include "../../libc.c"
