/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of the region (bump) allocator (ASan + UBSan). */
#include <uk/allocregion.h>
#include "alloc_conformance.h"

static const struct conf_backend region_be = {
	.name = "region",
	.init = uk_allocregion_init,
	.reuses = 0,
};

/* free() gives nothing back; the next block comes after the last one. */
static void region_free_is_noop(void)
{
	struct uk_alloc *a = conf_new();
	size_t avail;
	char *p, *q;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_malloc(a, 1000);
	avail = uk_alloc_availmem(a);
	uk_free(a, p);
	HT_EXPECT_INT_EQ(uk_alloc_availmem(a), avail);
	q = uk_malloc(a, 1000);
	HT_EXPECT(q >= p + 1000);
	HT_EXPECT(uk_alloc_availmem(a) < avail);
}

static void region_realloc_copies(void)
{
	struct uk_alloc *a = conf_new();
	char *p, *q;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_malloc(a, 100);
	conf_fill(p, 100, 3);
	HT_EXPECT(uk_realloc(a, p, 60) == p);	/* fits: kept */
	HT_EXPECT(uk_realloc(a, p, 100) == p);
	q = uk_realloc(a, p, 5000);
	HT_EXPECT(q != NULL && q != p);
	HT_EXPECT(conf_check(q, 100, 3) < 0);
	HT_EXPECT_INT_EQ(uk_alloc_usable_size(a, q), 5000);
}

/* Bump order, alignment gaps and page allocations never overlap. */
static void region_bump_layout(void)
{
	struct uk_alloc *a = conf_new_at(5, 1UL << 20);
	char *p, *q, *r, *s;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_malloc(a, 1);
	q = uk_memalign(a, 4096, 10);
	r = uk_palloc(a, 2);
	s = uk_malloc(a, 3);
	HT_EXPECT(p && q && r && s);
	HT_EXPECT(((uintptr_t)q & 4095) == 0 && ((uintptr_t)r & 4095) == 0);
	HT_EXPECT(p + 1 <= q && q + 10 <= r && r + 2 * 4096 <= s);
	HT_EXPECT(((uintptr_t)s & (UK_ALLOC_MIN_ALIGN - 1)) == 0);
}

/* Out of memory until more is added; then it comes from the new region. */
static void region_addmem(void)
{
	unsigned char *m = conf_mem;
	struct uk_alloc *a = conf_new_at(0, 64 * 1024);
	unsigned char *p;
	size_t max;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	max = uk_alloc_maxalloc(a);
	HT_EXPECT(max > 60 * 1024 && max < 64 * 1024);
	HT_EXPECT(uk_malloc(a, max + 1) == NULL);
	p = uk_malloc(a, max);
	HT_EXPECT(p != NULL);
	HT_EXPECT_INT_EQ(uk_alloc_maxalloc(a), 0);
	HT_EXPECT(uk_malloc(a, 1) == NULL);
	HT_EXPECT(uk_palloc(a, 1) == NULL);

	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + 100, 4096), -EEXIST);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (1UL << 20) + 3, 20), -ENOMEM);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, NULL, 4096), -EINVAL);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (2UL << 20) + 3,
					 (1UL << 20) - 3), 0);
	HT_EXPECT(uk_alloc_pavail(a) >= 254);
	p = uk_malloc(a, 100000);
	HT_EXPECT(p >= m + (2UL << 20) && p + 100000 <= m + (3UL << 20));
	p = uk_palloc(a, 10);
	HT_EXPECT(p >= m + (2UL << 20) && p + 40960 <= m + (3UL << 20));
}

static void do_double_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	void *p = uk_malloc(a, 10);

	uk_free(a, p);
	uk_free(a, p);
}

static void do_foreign_free(void *arg)
{
	struct uk_alloc *a = conf_new_at(0, 1UL << 20);

	uk_free(a, conf_mem + (2UL << 20));
}

static void do_interior_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_malloc(a, 100);

	uk_free(a, p + 32);
}

static void do_bad_pfree(void *arg)
{
	struct uk_alloc *a = conf_new_at(0, 1UL << 20);

	uk_pfree(a, conf_mem + (1UL << 20), 1);
}

static void region_bad_frees_crash(void)
{
	HT_EXPECT(conf_crashes(do_double_free, NULL, "double free"));
	HT_EXPECT(conf_crashes(do_foreign_free, NULL,
			       "not from this allocator"));
	HT_EXPECT(conf_crashes(do_interior_free, NULL,
			       "not the start of a block"));
	HT_EXPECT(conf_crashes(do_bad_pfree, NULL, "not from this allocator"));
}

/* An overflow into the next block's header: its free reports it. */
static void do_overflow_into_header(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_malloc(a, 32), *q = uk_malloc(a, 32);

	memset(p, 'A', (size_t)(q - p));
	uk_free(a, q);
}

static void region_overflow_crash(void)
{
	HT_EXPECT(conf_crashes(do_overflow_into_header, NULL,
			       "header was overwritten (heap overflow?)"));
}

#if CONFIG_LIBUKALLOC_POISON
#include <uk/allocpoison.h>

/* Freed blocks and pages read as poison. */
static void region_poison(void)
{
	struct uk_alloc *a = conf_new();
	unsigned char *p;
	size_t i;
	int poisoned = 1;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_malloc(a, 100);
	memset(p, 0, 100);
	uk_free(a, p);
	for (i = 0; i < 100; i++)
		poisoned &= p[i] == UK_ALLOC_POISON;
	HT_EXPECT(poisoned);
	p = uk_palloc(a, 2);
	memset(p, 0, 2 * UK_PAGE_SIZE);
	uk_pfree(a, p, 2);
	HT_EXPECT(p[0] == UK_ALLOC_POISON);
	HT_EXPECT(p[2 * UK_PAGE_SIZE - 1] == UK_ALLOC_POISON);
}
#endif

int main(void)
{
	conf_be = &region_be;
	conf_setup();
	conf_run_all();
	HT_RUN(region_free_is_noop);
	HT_RUN(region_realloc_copies);
	HT_RUN(region_bump_layout);
	HT_RUN(region_addmem);
	HT_RUN(region_bad_frees_crash);
	HT_RUN(region_overflow_crash);
#if CONFIG_LIBUKALLOC_POISON
	HT_RUN(region_poison);
#endif
	conf_teardown();
	return ht_finish("ukallocregion");
}
