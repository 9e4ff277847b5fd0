/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File data of ramfs: a radix tree of 4 KiB pages indexed by page number.
 * Each interior node is one page of RAMFS_FANOUT pointers; the tree grows
 * in height as a file does, and only pages written are allocated, so
 * sparse files (a write far past the end, ftruncate up) cost nothing for
 * their holes, which read as zeros.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include "ramfs_impl.h"

#define RAMFS_FANOUT_SHIFT	9
#define RAMFS_FANOUT		(1UL << RAMFS_FANOUT_SHIFT) /* per page */
#define RAMFS_MAX_HEIGHT	6	/* 2^54 pages: any off_t */

UK_CTASSERT(RAMFS_FANOUT * sizeof(void *) == RAMFS_PAGE_SIZE);

static void *page_alloc(void)
{
	void *p = uk_palloc(uk_alloc_get_default(), 1);

	if (p)
		memset(p, 0, RAMFS_PAGE_SIZE);
	return p;
}

static void page_free(void *p)
{
	uk_pfree(uk_alloc_get_default(), p, 1);
}

/* Bits of the page index consumed below @level (level 1: leaves). */
static unsigned int level_shift(unsigned int level)
{
	return (level - 1) * RAMFS_FANOUT_SHIFT;
}

/* Is @idx addressable with a tree of height @h? */
static bool fits(uint64_t idx, unsigned int h)
{
	if (h == 0)
		return false;
	if (h * RAMFS_FANOUT_SHIFT >= 64)
		return true;
	return idx < (1ULL << (h * RAMFS_FANOUT_SHIFT));
}

void *ramfs_page_get(const struct ramfs_pages *t, uint64_t idx)
{
	void **node = t->root;
	unsigned int level;

	if (!fits(idx, t->height))
		return NULL;
	for (level = t->height; node && level > 1; level--)
		node = node[(idx >> level_shift(level)) & (RAMFS_FANOUT - 1)];
	return node ? node[idx & (RAMFS_FANOUT - 1)] : NULL;
}

int ramfs_page_getw(struct ramfs_pages *t, uint64_t idx, void **out)
{
	void **node = NULL, **slot;
	unsigned int level;

	while (!fits(idx, t->height)) {
		if (t->height == RAMFS_MAX_HEIGHT)
			return -EFBIG;
		if (t->root) {
			node = page_alloc();
			if (!node)
				return -ENOSPC;
			node[0] = t->root;
			t->root = node;
		}
		t->height++;
	}
	slot = (void **)&t->root;
	for (level = t->height; level >= 1; level--) {
		if (!*slot) {
			*slot = page_alloc();
			if (!*slot)
				return -ENOSPC;
		}
		node = *slot;
		if (level == 1)
			break;
		slot = &node[(idx >> level_shift(level)) & (RAMFS_FANOUT - 1)];
	}
	/* the loop stopped at the leaf table: pick the page in it */
	slot = &((void **)node)[idx & (RAMFS_FANOUT - 1)];
	if (!*slot) {
		*slot = page_alloc();
		if (!*slot)
			return -ENOSPC;
		t->count++;
	}
	*out = *slot;
	return 0;
}

/* Free the subtree @node of @level (1: a table of data pages). */
static void free_tree(struct ramfs_pages *t, void **node, unsigned int level)
{
	unsigned long i;

	for (i = 0; i < RAMFS_FANOUT; i++) {
		if (!node[i])
			continue;
		if (level == 1) {
			page_free(node[i]);
			t->count--;
		} else {
			free_tree(t, node[i], level - 1);
		}
	}
	page_free(node);
}

/* Free the pages >= @first below @node (@level), whose first is @base. */
static void trim(struct ramfs_pages *t, void **node, unsigned int level,
		 uint64_t base, uint64_t first)
{
	uint64_t span = 1ULL << level_shift(level), start;
	unsigned long i;

	for (i = 0; i < RAMFS_FANOUT; i++) {
		start = base + i * span;
		if (!node[i] || start + span <= first)
			continue;
		if (start >= first) {
			if (level == 1) {
				page_free(node[i]);
				t->count--;
			} else {
				free_tree(t, node[i], level - 1);
			}
			node[i] = NULL;
		} else {
			trim(t, node[i], level - 1, start, first);
		}
	}
}

void ramfs_pages_trim(struct ramfs_pages *t, uint64_t first)
{
	if (!t->root)
		return;
	if (first == 0) {
		free_tree(t, t->root, t->height);
		t->root = NULL;
		t->height = 0;
		return;
	}
	if (fits(first, t->height))
		trim(t, t->root, t->height, 0, first);
}
