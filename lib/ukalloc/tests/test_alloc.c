/* SPDX-License-Identifier: BSD-3-Clause */
/* In-guest tests of the default allocator and the libc entry points. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/test.h>

/* A request no allocator in the guest can satisfy. */
#define TEST_HUGE	(~(size_t)0 >> 1)

UK_TESTCASE(ukalloc, default_allocator_is_set)
{
	struct uk_alloc *a = uk_alloc_get_default();

	UK_TEST_ASSERT(a != NULL);
	UK_TEST_EXPECT_NOT_NULL(a->name);
	UK_TEST_EXPECT_UNUM_GT(uk_alloc_availmem(a), 0);
	UK_TEST_EXPECT_UNUM_GT(uk_alloc_pavail(a), 0);
	UK_TEST_EXPECT_UNUM_GT(uk_alloc_maxalloc(a), UK_PAGE_SIZE);
}

UK_TESTCASE(ukalloc, malloc_free_restores_availmem)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t avail;
	void *p;

	UK_TEST_ASSERT(a != NULL);
	avail = uk_alloc_availmem(a);
	p = uk_malloc(a, 3 * UK_PAGE_SIZE);
	UK_TEST_ASSERT(p != NULL);
	memset(p, 0xab, 3 * UK_PAGE_SIZE);
	UK_TEST_EXPECT_UNUM_LT(uk_alloc_availmem(a), avail);
	uk_free(a, p);
#ifdef CONFIG_LIBUKALLOC_DEFAULT_BBUDDY
	UK_TEST_EXPECT_UNUM_EQ(uk_alloc_availmem(a), avail);
#else
	/* The region allocator never reuses memory. */
	UK_TEST_EXPECT_UNUM_LT(uk_alloc_availmem(a), avail);
#endif
}

UK_TESTCASE(ukalloc, palloc_is_page_aligned)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long before;
	char *p;

	UK_TEST_ASSERT(a != NULL);
	before = uk_alloc_pavail(a);
	p = uk_palloc(a, 5);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p & (UK_PAGE_SIZE - 1), 0);
	UK_TEST_EXPECT_UNUM_LE(uk_alloc_pavail(a), before - 5);
	memset(p, 0x5a, 5 * UK_PAGE_SIZE);
	uk_pfree(a, p, 5);
}

UK_TESTCASE(ukalloc, stats_count_alloc_and_free)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats s0, s1;
	void *p;

	UK_TEST_ASSERT(a != NULL);
#ifdef CONFIG_LIBUKALLOC_STATS
	UK_TEST_EXPECT_SNUM_EQ(uk_alloc_stats_get(a, &s0), 0);
	p = uk_malloc(a, 200);
	UK_TEST_ASSERT(p != NULL);
	uk_alloc_stats_get(a, &s1);
	UK_TEST_EXPECT_UNUM_EQ(s1.nb_allocs, s0.nb_allocs + 1);
	UK_TEST_EXPECT_UNUM_EQ(s1.cur_mem_use,
			       s0.cur_mem_use + uk_alloc_usable_size(a, p));
	uk_free(a, p);
	UK_TEST_EXPECT_NULL(uk_malloc(a, TEST_HUGE));
	uk_alloc_stats_get(a, &s1);
	UK_TEST_EXPECT_UNUM_EQ(s1.nb_frees, s0.nb_frees + 1);
	UK_TEST_EXPECT_UNUM_EQ(s1.nb_enomem, s0.nb_enomem + 1);
	UK_TEST_EXPECT_UNUM_EQ(s1.cur_mem_use, s0.cur_mem_use);
	UK_TEST_EXPECT_UNUM_GE(s1.max_mem_use, s1.cur_mem_use);
#else
	(void)p;
	(void)s1;
	UK_TEST_EXPECT_SNUM_LT(uk_alloc_stats_get(a, &s0), 0);
#endif
}

UK_TESTCASE(ukalloc, libc_malloc_family)
{
	unsigned char *p, *q;
	void *r;
	size_t i;

	p = malloc(100);
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p & (UK_ALLOC_MIN_ALIGN - 1), 0);
	for (i = 0; i < 100; i++)
		p[i] = (unsigned char)i;
	q = realloc(p, 10000);
	UK_TEST_ASSERT(q != NULL);
	for (i = 0; i < 100 && q[i] == (unsigned char)i; i++)
		;
	UK_TEST_EXPECT_UNUM_EQ(i, 100);
	free(q);

	p = calloc(50, 20);
	UK_TEST_ASSERT(p != NULL);
	for (i = 0; i < 1000 && !p[i]; i++)
		;
	UK_TEST_EXPECT_UNUM_EQ(i, 1000);
	free(p);

	UK_TEST_EXPECT_SNUM_EQ(posix_memalign(&r, 4096, 10), 0);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)r & 4095, 0);
	free(r);
	UK_TEST_EXPECT_SNUM_EQ(posix_memalign(&r, 12, 10), EINVAL);
	p = aligned_alloc(256, 256);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p & 255, 0);
	free(p);
	free(NULL);
}

UK_TESTCASE(ukalloc, libc_failures_set_errno)
{
	errno = 0;
	UK_TEST_EXPECT_NULL(malloc(TEST_HUGE));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	errno = 0;
	UK_TEST_EXPECT_NULL(calloc(TEST_HUGE, 4));	/* overflows */
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	errno = 0;
	UK_TEST_EXPECT_NULL(realloc(NULL, TEST_HUGE));
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
}

UK_TESTCASE(ukalloc, registry_has_default_backend)
{
	const struct uk_alloc_backend *be;

	be = uk_alloc_backend_find(CONFIG_LIBUKALLOC_DEFAULT_NAME);
	UK_TEST_ASSERT(be != NULL);
	UK_TEST_EXPECT_STR_EQ(be->name, CONFIG_LIBUKALLOC_DEFAULT_NAME);
	UK_TEST_EXPECT_NULL(uk_alloc_backend_find("no-such-allocator"));
}
