/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the buddy allocator, each built over a page range
 * taken from the default allocator and given back at the end.
 */
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocbbuddy.h>
#include <uk/test.h>

#define TEST_PAGES	256	/* 1 MiB with 4 KiB pages */

/* A fresh buddy allocator over TEST_PAGES pages from the default one. */
static struct uk_alloc *bb_new(void **mem)
{
	struct uk_alloc *def = uk_alloc_get_default();

	*mem = def ? uk_palloc(def, TEST_PAGES) : NULL;
	if (!*mem)
		return NULL;
	return uk_allocbbuddy_init(*mem, TEST_PAGES * UK_PAGE_SIZE);
}

static void bb_release(void *mem)
{
	if (mem)
		uk_pfree(uk_alloc_get_default(), mem, TEST_PAGES);
}

UK_TESTCASE(ukallocbbuddy, init_in_pages_from_default)
{
	void *mem;
	struct uk_alloc *a = bb_new(&mem);

	UK_TEST_ASSERT(a != NULL);
	UK_TEST_EXPECT_STR_EQ(a->name, "bbuddy");
	/* All but the page holding the allocator's state. */
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_pavail(a), TEST_PAGES - 1);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_availmem(a),
			       (TEST_PAGES - 1) * UK_PAGE_SIZE);
	bb_release(mem);
}

UK_TESTCASE(ukallocbbuddy, malloc_free_restores_pavail)
{
	void *mem, *p[64];
	struct uk_alloc *a = bb_new(&mem);
	unsigned long before;
	unsigned int i;

	UK_TEST_ASSERT(a != NULL);
	before = uk_alloc_pavail(a);
	for (i = 0; i < 64; i++) {
		p[i] = uk_malloc(a, 1 + i * 97);
		UK_TEST_EXPECT_NOT_NULL(p[i]);
		UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p[i] & 15, 0);
		if (p[i])
			memset(p[i], i, 1 + i * 97);
	}
	UK_TEST_EXPECT_UNUM_LT(uk_alloc_pavail(a), before);
	for (i = 0; i < 64; i += 2)
		uk_free(a, p[i]);
	for (i = 1; i < 64; i += 2)
		uk_free(a, p[i]);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_pavail(a), before);
	bb_release(mem);
}

UK_TESTCASE(ukallocbbuddy, pages_coalesce)
{
	void *mem, *pg[TEST_PAGES];
	struct uk_alloc *a = bb_new(&mem);
	unsigned long total, n = 0, i;
	size_t max;

	UK_TEST_ASSERT(a != NULL);
	total = uk_alloc_pavail(a);
	max = uk_alloc_maxalloc(a);
	while (n < TEST_PAGES && (pg[n] = uk_palloc(a, 1)))
		n++;
	UK_TEST_EXPECT_UNUM_EQ(n, total);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_pavail(a), 0);
	UK_TEST_EXPECT_NULL(uk_palloc(a, 1));
	for (i = 0; i < n; i += 2)
		uk_pfree(a, pg[i], 1);
	for (i = 1; i < n; i += 2)
		uk_pfree(a, pg[i], 1);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_pavail(a), total);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_maxalloc(a), max);
	pg[0] = uk_palloc(a, max / UK_PAGE_SIZE);
	UK_TEST_EXPECT_NOT_NULL(pg[0]);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)pg[0] & (max - 1), 0);
	bb_release(mem);
}

UK_TESTCASE(ukallocbbuddy, memalign_and_realloc)
{
	void *mem;
	struct uk_alloc *a = bb_new(&mem);
	char *p, *q;

	UK_TEST_ASSERT(a != NULL);
	p = uk_memalign(a, 8 * UK_PAGE_SIZE, 100);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p & (8 * UK_PAGE_SIZE - 1), 0);
	memcpy(p, "kast", 5);
	/* Shrinking and growing back stay in place. */
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 2 * UK_PAGE_SIZE), p);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 8 * UK_PAGE_SIZE), p);
	q = uk_realloc(a, p, 40 * UK_PAGE_SIZE);
	UK_TEST_ASSERT(q != NULL);
	UK_TEST_EXPECT_STR_EQ(q, "kast");
	uk_free(a, q);
	UK_TEST_EXPECT_NULL(uk_malloc(a, TEST_PAGES * UK_PAGE_SIZE));
	bb_release(mem);
}

UK_TESTCASE(ukallocbbuddy, addmem_second_range)
{
	void *mem, *extra;
	struct uk_alloc *a = bb_new(&mem);
	struct uk_alloc *def = uk_alloc_get_default();
	unsigned long before;

	UK_TEST_ASSERT(a != NULL);
	extra = uk_palloc(def, 16);
	UK_TEST_ASSERT(extra != NULL);
	before = uk_alloc_pavail(a);
	/* Unaligned start: the header and metadata cost the first page. */
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_addmem(a, (char *)extra + 8,
					       16 * UK_PAGE_SIZE - 8), 0);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_pavail(a), before + 15);
	UK_TEST_EXPECT_SNUM_LT(uk_alloc_addmem(a, extra, UK_PAGE_SIZE), 0);
	uk_pfree(def, extra, 16);
	bb_release(mem);
}

#if CONFIG_LIBUKALLOC_POISON
#include <uk/allocpoison.h>

/* Freed memory holds the poison; memory handed out again passed its check. */
UK_TESTCASE(ukallocbbuddy, freed_memory_is_poisoned)
{
	void *mem;
	struct uk_alloc *a = bb_new(&mem);
	unsigned char *keep, *p, *q;
	unsigned int i, poisoned = 0;

	UK_TEST_ASSERT(a != NULL);
	keep = uk_malloc(a, 64);	/* holds the slab page */
	p = uk_malloc(a, 64);
	UK_TEST_ASSERT(keep != NULL && p != NULL);
	memset(p, 0, 64);
	uk_free(a, p);
	for (i = 0; i < 64; i++)
		poisoned += p[i] == UK_ALLOC_POISON;
	UK_TEST_EXPECT_UNUM_EQ(poisoned, 64);
	q = uk_malloc(a, 64);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	uk_free(a, q);
	uk_free(a, keep);

	p = uk_malloc(a, 3 * UK_PAGE_SIZE);
	UK_TEST_ASSERT(p != NULL);
	memset(p, 0, 3 * UK_PAGE_SIZE);
	uk_free(a, p);
	UK_TEST_EXPECT_UNUM_EQ(p[2 * UK_PAGE_SIZE + 5], UK_ALLOC_POISON);
	UK_TEST_EXPECT_UNUM_EQ(p[4 * UK_PAGE_SIZE - 1], UK_ALLOC_POISON);
	bb_release(mem);
}
#endif
