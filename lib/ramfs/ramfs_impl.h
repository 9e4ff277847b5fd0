/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs internals. */
#ifndef __RAMFS_IMPL_H__
#define __RAMFS_IMPL_H__

#include <uk/essentials.h>

#define RAMFS_PAGE_SIZE	4096UL

/* Radix tree of a file's data pages (see pages.c). */
struct ramfs_pages {
	void *root;
	unsigned int height;	/* 0: empty */
	uint64_t count;		/* data pages allocated */
};

/* Data page @idx, or NULL for a hole. */
void *ramfs_page_get(const struct ramfs_pages *t, uint64_t idx);

/* Data page @idx, allocated (zeroed) if needed: 0, -ENOSPC, -EFBIG. */
int ramfs_page_getw(struct ramfs_pages *t, uint64_t idx, void **out);

/* Free every data page with index >= @first. */
void ramfs_pages_trim(struct ramfs_pages *t, uint64_t first);

#endif /* __RAMFS_IMPL_H__ */
