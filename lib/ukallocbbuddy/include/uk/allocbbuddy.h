/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binary buddy allocator. Pages are managed in naturally aligned blocks of
 * 2^0 .. 2^UK_ALLOCBBUDDY_MAX_ORDER pages; byte allocations up to
 * UK_ALLOCBBUDDY_SLAB_MAX bytes come from one-page slabs of power-of-two
 * objects, larger ones are whole blocks. See bbuddy.c for the layout.
 */
#ifndef __UK_ALLOCBBUDDY_H__
#define __UK_ALLOCBBUDDY_H__

#include <uk/alloc.h>

/* Largest block: 2^20 pages (4 GiB with 4 KiB pages). */
#define UK_ALLOCBBUDDY_MAX_ORDER	20
/* Largest object served from a slab; bigger requests take pages. */
#define UK_ALLOCBBUDDY_SLAB_MAX		1024

/*
 * Build a buddy allocator inside [@base, @base + @len) (any alignment);
 * its state and page metadata are taken from the start of the range.
 * Returns NULL if the range cannot hold them plus one page.
 */
struct uk_alloc *uk_allocbbuddy_init(void *base, size_t len);

#endif /* __UK_ALLOCBBUDDY_H__ */
