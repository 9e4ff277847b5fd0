/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backend registry and the boot-time default allocator. The backend is
 * chosen in Kconfig by name (CONFIG_LIBUKALLOC_DEFAULT_NAME); the boot code
 * only calls uk_alloc_init_default().
 */
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif

#ifndef CONFIG_LIBUKALLOC_DEFAULT_NAME
#define CONFIG_LIBUKALLOC_DEFAULT_NAME "bbuddy"
#endif

/*
 * The allocator is built in the first FREE region at least this large
 * (its own state and metadata live there); smaller regions are added
 * afterwards. Without such a region the largest FREE region is used.
 */
#define UK_ALLOC_INIT_MIN_LEN	(1UL << 20)

/*
 * With ukrandom, the allocator starts a random number of pages into that
 * region (at most an eighth of it, at most UK_ALLOC_RANDOM_MAX: 10 bits
 * of 4 KiB pages), so that heap, mmap and stack addresses differ from
 * boot to boot; the pages skipped are added afterwards when the backend
 * can take memory.
 */
#define UK_ALLOC_RANDOM_MAX	(4UL << 20)
#define UK_ALLOC_PAGE		4096UL

UK_TABLE_DEFINE(ukalloc, struct uk_alloc_backend);

const struct uk_alloc_backend *uk_alloc_backend_find(const char *name)
{
	const struct uk_alloc_backend *it = UK_TABLE_START(ukalloc);
	const struct uk_alloc_backend *end = UK_TABLE_END(ukalloc);

	/*
	 * The markers are zero-length arrays; hide that from the compiler
	 * (and from bounds checkers) since the entries lie between them.
	 */
	__asm__("" : "+r"(it), "+r"(end));
	for (; it < end; it++) {
		if (it->name && !strcmp(it->name, name))
			return it;
	}
	return NULL;
}

/* Index of the FREE region to build the allocator in, or -1. */
static int pick_init_region(void)
{
	const struct ukplat_memregion_desc *r;
	int i, n = ukplat_memregion_count();
	int largest = -1;
	size_t largest_len = 0;

	for (i = 0; i < n; i++) {
		r = ukplat_memregion_get(i);
		if (!r || r->type != UKPLAT_MEMRT_FREE || r->len == 0)
			continue;
		if (r->len >= UK_ALLOC_INIT_MIN_LEN)
			return i;
		if (r->len > largest_len) {
			largest = i;
			largest_len = r->len;
		}
	}
	return largest;
}

int uk_alloc_init_default(void)
{
	const char *name = CONFIG_LIBUKALLOC_DEFAULT_NAME;
	const struct ukplat_memregion_desc *r;
	const struct uk_alloc_backend *be;
	struct uk_alloc *a;
	uintptr_t skip = 0;
	int i, n, first, rc;

	be = uk_alloc_backend_find(name);
	if (!be) {
		uk_pr_err("default allocator \"%s\" is not linked in\n",
			  name);
		return -ENOENT;
	}

	first = pick_init_region();
	if (first < 0) {
		uk_pr_err("no free memory region for allocator \"%s\"\n",
			  name);
		return -ENOMEM;
	}
	r = ukplat_memregion_get(first);
#if CONFIG_LIBUKRANDOM
	skip = uk_random_layout_offset(UK_MIN(r->len / 8, UK_ALLOC_RANDOM_MAX),
				       UK_ALLOC_PAGE);
#endif
	a = be->init((void *)(r->base + skip), r->len - skip);
	if (!a) {
		uk_pr_err("allocator \"%s\" failed to initialize in %#lx-%#lx\n",
			  name, (unsigned long)(r->base + skip),
			  (unsigned long)(r->base + r->len));
		return -ENOMEM;
	}
	if (skip && a->ops.addmem)
		uk_alloc_addmem(a, (void *)r->base, skip);
	uk_pr_debug("allocator starts 0x%lx into 0x%lx (random)\n",
		    (unsigned long)skip, (unsigned long)r->base);

	n = ukplat_memregion_count();
	for (i = 0; i < n; i++) {
		r = ukplat_memregion_get(i);
		if (i == first || !r || r->type != UKPLAT_MEMRT_FREE ||
		    r->len == 0)
			continue;
		if (!a->ops.addmem) {
			uk_pr_warn("\"%s\" cannot add memory; %#lx-%#lx unused\n",
				   name, (unsigned long)r->base,
				   (unsigned long)(r->base + r->len));
			continue;
		}
		rc = uk_alloc_addmem(a, (void *)r->base, r->len);
		if (rc < 0)
			uk_pr_warn("\"%s\" rejected %#lx-%#lx (%d)\n",
				   name, (unsigned long)r->base,
				   (unsigned long)(r->base + r->len), rc);
	}

	uk_alloc_set_default(a);
	uk_pr_debug("default allocator \"%s\", %lu KiB free\n", name,
		   a->ops.availmem ?
		   (unsigned long)(uk_alloc_availmem(a) >> 10) : 0UL);
	return 0;
}
