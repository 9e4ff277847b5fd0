/* SPDX-License-Identifier: BSD-3-Clause */
/* Host stand-in for lib/ukalloc's <uk/alloc.h>: the C library's malloc. */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <stdlib.h>
#include <uk/essentials.h>

struct uk_alloc {
	int unused;
};

/* Host tests may count or fail allocations through these hooks. */
extern size_t host_alloc_avail;

static inline struct uk_alloc *uk_alloc_get_default(void)
{
	static struct uk_alloc a;

	return &a;
}

static inline void *uk_malloc(struct uk_alloc *a, size_t n)
{
	return malloc(n ? n : 1);
}

static inline void *uk_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void *uk_realloc(struct uk_alloc *a, void *p, size_t n)
{
	return realloc(p, n);
}

static inline void uk_free(struct uk_alloc *a, void *p)
{
	free(p);
}

static inline void *uk_palloc(struct uk_alloc *a, unsigned long n)
{
	return aligned_alloc(4096, n * 4096);
}

static inline void uk_pfree(struct uk_alloc *a, void *p, unsigned long n)
{
	free(p);
}

static inline size_t uk_alloc_availmem(struct uk_alloc *a)
{
	return host_alloc_avail;
}

#endif
