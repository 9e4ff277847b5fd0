/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif's stand-in for lib/ukalloc's uk/alloc.h: the calls the netif
 * glue (lib/lwip/netif_uknetdev.c) and lib/uknetdev make, on the host's
 * malloc, so that ASan sees every buffer.
 */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <stdlib.h>

struct uk_alloc {
	int unused;
};

static inline struct uk_alloc *uk_alloc_get_default(void)
{
	static struct uk_alloc a;

	return &a;
}

static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	(void)a;
	return malloc(size);
}

static inline void *uk_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	(void)a;
	return calloc(n, size);
}

static inline void uk_free(struct uk_alloc *a, void *p)
{
	(void)a;
	free(p);
}

#endif /* __UK_ALLOC_H__ */
