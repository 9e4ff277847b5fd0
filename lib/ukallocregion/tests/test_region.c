/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the region allocator, each built over a page range
 * taken from the default allocator and given back at the end.
 */
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocregion.h>
#include <uk/test.h>

#define TEST_PAGES	64

static struct uk_alloc *rg_new(void **mem)
{
	struct uk_alloc *def = uk_alloc_get_default();

	*mem = def ? uk_palloc(def, TEST_PAGES) : NULL;
	if (!*mem)
		return NULL;
	return uk_allocregion_init(*mem, TEST_PAGES * UK_PAGE_SIZE);
}

static void rg_release(void *mem)
{
	if (mem)
		uk_pfree(uk_alloc_get_default(), mem, TEST_PAGES);
}

UK_TESTCASE(ukallocregion, bump_allocations_do_not_overlap)
{
	void *mem;
	struct uk_alloc *a = rg_new(&mem);
	unsigned char *p[32];
	unsigned int i, j;

	UK_TEST_ASSERT(a != NULL);
	UK_TEST_EXPECT_STR_EQ(a->name, "region");
	for (i = 0; i < 32; i++) {
		p[i] = uk_memalign(a, 1UL << (i % 10 + 3), 50 + i * 13);
		UK_TEST_ASSERT(p[i] != NULL);
		UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p[i] &
				       ((1UL << (i % 10 + 3)) - 1), 0);
		memset(p[i], i, 50 + i * 13);
	}
	for (i = 0; i < 32; i++) {
		for (j = 0; j < 50 + i * 13 && p[i][j] == i; j++)
			;
		UK_TEST_EXPECT_UNUM_EQ(j, 50 + i * 13);
	}
	rg_release(mem);
}

UK_TESTCASE(ukallocregion, free_does_not_reuse)
{
	void *mem;
	struct uk_alloc *a = rg_new(&mem);
	size_t avail;
	char *p, *q;

	UK_TEST_ASSERT(a != NULL);
	p = uk_malloc(a, 500);
	UK_TEST_ASSERT(p != NULL);
	avail = uk_alloc_availmem(a);
	uk_free(a, p);
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_availmem(a), avail);
	q = uk_malloc(a, 500);
	UK_TEST_EXPECT(q >= p + 500);
	rg_release(mem);
}

UK_TESTCASE(ukallocregion, realloc_copies_and_oom_is_null)
{
	void *mem;
	struct uk_alloc *a = rg_new(&mem);
	char *p, *q;

	UK_TEST_ASSERT(a != NULL);
	p = uk_malloc(a, 8);
	UK_TEST_ASSERT(p != NULL);
	memcpy(p, "region", 7);
	q = uk_realloc(a, p, 3000);
	UK_TEST_ASSERT(q != NULL);
	UK_TEST_EXPECT(q != p);
	UK_TEST_EXPECT_STR_EQ(q, "region");
	UK_TEST_EXPECT_NULL(uk_malloc(a, TEST_PAGES * UK_PAGE_SIZE));
	UK_TEST_EXPECT_NULL(uk_palloc(a, TEST_PAGES));
	p = uk_malloc(a, uk_alloc_maxalloc(a));
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT_NULL(uk_malloc(a, 1));
	rg_release(mem);
}
