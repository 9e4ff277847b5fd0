/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of the binary buddy allocator (ASan + UBSan). */
#include <uk/allocbbuddy.h>
#include "alloc_conformance.h"

static const struct conf_backend bbuddy_be = {
	.name = "bbuddy",
	.init = uk_allocbbuddy_init,
	.reuses = 1,
};

/* All pages one by one, freed in random order, merge back completely. */
static void bbuddy_coalescing(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long total, n = 0, i, j;
	size_t max;
	void **pg, *t, *big;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	total = uk_alloc_pavail(a);
	max = uk_alloc_maxalloc(a);
	HT_EXPECT(total > CONF_MEM_LEN / UK_PAGE_SIZE - 8);
	HT_EXPECT(max >= CONF_MEM_LEN / 4);

	pg = malloc(total * sizeof(*pg));
	while (n < total && (pg[n] = uk_palloc(a, 1)))
		n++;
	HT_EXPECT_INT_EQ(n, total);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), 0);
	HT_EXPECT(uk_palloc(a, 1) == NULL);
	HT_EXPECT(uk_malloc(a, 16) == NULL);

	for (i = n; i > 1; i--) {
		j = conf_rand_below(i);
		t = pg[i - 1];
		pg[i - 1] = pg[j];
		pg[j] = t;
	}
	for (i = 0; i < n; i++)
		uk_pfree(a, pg[i], 1);
	free(pg);

	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), total);
	HT_EXPECT_INT_EQ(uk_alloc_maxalloc(a), max);
	/* The largest block is whole again. */
	big = uk_palloc(a, max / UK_PAGE_SIZE);
	HT_EXPECT(big != NULL);
	HT_EXPECT(((uintptr_t)big & (max - 1)) == 0);
	uk_pfree(a, big, max / UK_PAGE_SIZE);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), total);
}

/* Free every other page: half the memory is free but nothing contiguous. */
static void bbuddy_fragmentation(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long total, n = 0, i;
	size_t max;
	void **pg;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	total = uk_alloc_pavail(a);
	max = uk_alloc_maxalloc(a);
	pg = malloc(total * sizeof(*pg));
	while (n < total && (pg[n] = uk_palloc(a, 1)))
		n++;
	HT_EXPECT_INT_EQ(n, total);

	/* pg[] is not address-ordered: free by page parity instead. */
	for (i = 0; i < n; i++) {
		if (((uintptr_t)pg[i] / UK_PAGE_SIZE) % 2 == 0) {
			uk_pfree(a, pg[i], 1);
			pg[i] = NULL;
		}
	}
	HT_EXPECT(uk_alloc_pavail(a) >= total / 2 - 1);
	HT_EXPECT_INT_EQ(uk_alloc_maxalloc(a), UK_PAGE_SIZE);
	HT_EXPECT(uk_palloc(a, 2) == NULL);
	HT_EXPECT(uk_malloc(a, UK_PAGE_SIZE + 1) == NULL);
	/* Small objects still fit in the holes. */
	HT_EXPECT(uk_malloc(a, UK_PAGE_SIZE) != NULL);

	for (i = 0; i < n; i++) {
		if (pg[i])
			uk_pfree(a, pg[i], 1);
	}
	free(pg);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), total - 1);
	HT_EXPECT(uk_alloc_maxalloc(a) >= max / 2);
}

static void bbuddy_palloc_trims(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long before, n;
	void *p;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	before = uk_alloc_pavail(a);
	for (n = 1; n <= 37; n++) {
		p = uk_palloc(a, n);
		HT_EXPECT(p != NULL);
		/* Exactly n pages are taken, not the power of two above. */
		HT_EXPECT_INT_EQ(before - uk_alloc_pavail(a), n);
		memset(p, 0x5a, n * UK_PAGE_SIZE);
		uk_pfree(a, p, n);
		HT_EXPECT_INT_EQ(uk_alloc_pavail(a), before);
	}
}

static void bbuddy_realloc_in_place(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long before;
	char *p, *q;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	/* Slab object: growing within its size class stays put. */
	p = uk_malloc(a, 20);
	HT_EXPECT(uk_alloc_usable_size(a, p) == 32);
	HT_EXPECT(uk_realloc(a, p, 32) == p);
	HT_EXPECT(uk_realloc(a, p, 5) == p);
	q = uk_realloc(a, p, 33);
	HT_EXPECT(q != NULL && q != p);
	uk_free(a, q);

	/* Page block: grow into the free buddies, shrink giving pages back. */
	p = uk_memalign(a, 64 * UK_PAGE_SIZE, 2 * UK_PAGE_SIZE);
	HT_EXPECT(p != NULL && ((uintptr_t)p & (64 * UK_PAGE_SIZE - 1)) == 0);
	HT_EXPECT_INT_EQ(uk_alloc_usable_size(a, p), 64 * UK_PAGE_SIZE);
	conf_fill(p, 2 * UK_PAGE_SIZE, 7);
	before = uk_alloc_pavail(a);
	HT_EXPECT(uk_realloc(a, p, 2 * UK_PAGE_SIZE) == p);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a) - before, 62);
	HT_EXPECT_INT_EQ(uk_alloc_usable_size(a, p), 2 * UK_PAGE_SIZE);
	before = uk_alloc_pavail(a);
	q = uk_realloc(a, p, 16 * UK_PAGE_SIZE);
	HT_EXPECT(q == p);
	HT_EXPECT_INT_EQ(before - uk_alloc_pavail(a), 14);
	HT_EXPECT(conf_check(q, 2 * UK_PAGE_SIZE, 7) < 0);
	HT_EXPECT_INT_EQ(uk_alloc_usable_size(a, q), 16 * UK_PAGE_SIZE);
	q = uk_realloc(a, p, UK_PAGE_SIZE + 1);
	HT_EXPECT(q == p);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), before);
	HT_EXPECT(conf_check(q, UK_PAGE_SIZE + 1, 7) < 0);

	/* A used buddy forces a move that keeps the contents. */
	q = uk_palloc(a, 2);
	HT_EXPECT(q == p + 2 * UK_PAGE_SIZE);
	p = uk_realloc(a, p, 3 * UK_PAGE_SIZE);
	HT_EXPECT(p != NULL && p != q - 2 * UK_PAGE_SIZE);
	HT_EXPECT(conf_check(p, UK_PAGE_SIZE + 1, 7) < 0);
	uk_free(a, p);
	uk_pfree(a, q, 2);
}

/* Unaligned init region plus unaligned extra regions. */
static void bbuddy_addmem(void)
{
	unsigned char *m = conf_mem;
	struct uk_alloc *a;
	unsigned long p0, p1, p2, i;
	void *blk[3000];
	int from2 = 0, from3 = 0;
	size_t n;

	a = conf_new_at(13, (4UL << 20) - 1000);
	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p0 = uk_alloc_pavail(a);
	HT_EXPECT(p0 >= 1000 && p0 < 1024);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (5UL << 20) + 77,
					 (3UL << 20) + 5), 0);
	p1 = uk_alloc_pavail(a);
	HT_EXPECT(p1 - p0 >= 760 && p1 - p0 < 769);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (9UL << 20), 1UL << 20), 0);
	p2 = uk_alloc_pavail(a);
	HT_EXPECT(p2 - p1 >= 250 && p2 - p1 < 256);
	/* Overlaps, nonsense and too small regions are refused. */
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (6UL << 20), 4096 * 4),
			 -EEXIST);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + 100, 1UL << 20), -EEXIST);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (12UL << 20), 100), -ENOMEM);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, m + (12UL << 20), 8191), -ENOMEM);
	HT_EXPECT_INT_EQ(uk_alloc_addmem(a, NULL, 1UL << 20), -EINVAL);

	/* Allocation reaches every region and stays inside them. */
	for (n = 0; n < UK_ARRAY_SIZE(blk); n++) {
		blk[n] = uk_malloc(a, 2000 + n % 3000);
		if (!blk[n])
			break;
		if ((unsigned char *)blk[n] >= m + (5UL << 20) &&
		    (unsigned char *)blk[n] < m + (8UL << 20) + 82)
			from2 = 1;
		else if ((unsigned char *)blk[n] >= m + (9UL << 20) &&
			 (unsigned char *)blk[n] < m + (10UL << 20))
			from3 = 1;
		else
			HT_EXPECT((unsigned char *)blk[n] >= m + 13 &&
				  (unsigned char *)blk[n] <
				  m + (4UL << 20) - 987);
	}
	HT_EXPECT(n < UK_ARRAY_SIZE(blk));
	HT_EXPECT(from2 && from3);
	for (i = 0; i < n; i++)
		uk_free(a, blk[i]);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), p2);
}

static void do_double_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	void *p = uk_malloc(a, (size_t)arg);

	uk_free(a, p);
	uk_free(a, p);
}

/* The slab stays in use, so its in-use bitmap must catch it. */
static void do_double_free_slab(void *arg)
{
	struct uk_alloc *a = conf_new();
	void *p = uk_malloc(a, 100);

	HT_EXPECT(uk_malloc(a, 100) != NULL);
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
	char *p = uk_malloc(a, (size_t)arg);

	uk_free(a, p + UK_PAGE_SIZE);
}

static void do_misaligned_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_malloc(a, (size_t)arg);

	uk_free(a, p + 8);
}

static void do_pfree_wrong_size(void *arg)
{
	struct uk_alloc *a = conf_new();
	void *p = uk_palloc(a, 4);

	uk_pfree(a, p, 8);
}

static void do_free_pages(void *arg)
{
	struct uk_alloc *a = conf_new();

	uk_free(a, uk_palloc(a, 2));
}

static void do_double_pfree(void *arg)
{
	struct uk_alloc *a = conf_new();
	void *p = uk_palloc(a, 3);

	uk_pfree(a, p, 3);
	uk_pfree(a, p, 3);
}

static void do_use_after_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_palloc(a, 1);

	uk_pfree(a, p, 1);
	memset(p, 0, 64);	/* clobbers the free block header */
	uk_palloc(a, 1);
}

static void bbuddy_bad_frees_crash(void)
{
	HT_EXPECT(conf_crashes(do_double_free, (void *)100, "double free"));
	HT_EXPECT(conf_crashes(do_double_free, (void *)9000, "double free"));
	HT_EXPECT(conf_crashes(do_double_free_slab, NULL,
			       "object is not allocated (double free?)"));
	HT_EXPECT(conf_crashes(do_foreign_free, NULL,
			       "not from this allocator"));
	HT_EXPECT(conf_crashes(do_interior_free, (void *)9000,
			       "interior pointer"));
	HT_EXPECT(conf_crashes(do_misaligned_free, (void *)9000,
			       "not the start of a block"));
	HT_EXPECT(conf_crashes(do_misaligned_free, (void *)64,
			       "not the start of an object"));
	HT_EXPECT(conf_crashes(do_pfree_wrong_size, NULL, "wrong size"));
	HT_EXPECT(conf_crashes(do_free_pages, NULL, "need pfree"));
	HT_EXPECT(conf_crashes(do_double_pfree, NULL, "double free"));
	HT_EXPECT(conf_crashes(do_use_after_free, NULL, "corrupted"));
}

/* Large alignments come from naturally aligned blocks. */
static void bbuddy_big_alignment(void)
{
	struct uk_alloc *a = conf_new();
	void *p, *q;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_memalign(a, 1UL << 20, 100);
	HT_EXPECT(p != NULL && ((uintptr_t)p & ((1UL << 20) - 1)) == 0);
	HT_EXPECT_INT_EQ(uk_alloc_usable_size(a, p), 1UL << 20);
	q = uk_memalign(a, 2048, 2000);
	HT_EXPECT(q != NULL && ((uintptr_t)q & 2047) == 0);
	uk_free(a, p);
	uk_free(a, q);
	HT_EXPECT(uk_memalign(a, 1UL << 40, 100) == NULL);
}

#if CONFIG_LIBUKALLOC_POISON
#include <uk/allocpoison.h>

/* A write through a dangling pointer into a freed slab object. */
static void do_slab_write_after_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *keep = uk_malloc(a, 64), *p = uk_malloc(a, 64);

	/* @keep holds the slab: @p goes back to it, not to the pages */
	HT_EXPECT(keep != NULL);
	uk_free(a, p);
	p[(size_t)arg] = 1;
	HT_EXPECT(uk_malloc(a, 64) == p);	/* crashes first */
}

/* ... into a freed large block, past its free-block header. */
static void do_block_write_after_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_malloc(a, 3 * UK_PAGE_SIZE);

	uk_free(a, p);
	p[2 * UK_PAGE_SIZE + 100] = 0;
	uk_malloc(a, 3 * UK_PAGE_SIZE);
}

/* ... into freed pages that merged with their buddies. */
static void do_page_write_after_free(void *arg)
{
	struct uk_alloc *a = conf_new();
	unsigned long n = uk_alloc_pavail(a), i;
	char *p = uk_palloc(a, 1);

	uk_pfree(a, p, 1);
	p[UK_PAGE_SIZE - 1] = 0x42;
	/* every page goes out again: the written one is checked */
	for (i = 0; i < n; i++)
		uk_palloc(a, 1);
}

/* An overflow of one slab object into the next, free one. */
static void do_slab_overflow(void *arg)
{
	struct uk_alloc *a = conf_new();
	char *p = uk_malloc(a, 32), *q = uk_malloc(a, 32);

	uk_free(a, q);
	memset(p, 'A', 40);
	uk_malloc(a, 32);
}

/* Freed memory reads as poison, reused memory is handed out intact. */
static void bbuddy_poison(void)
{
	struct uk_alloc *a = conf_new();
	unsigned char *p, *q;
	size_t i;
	int poisoned = 1;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	p = uk_malloc(a, 100);
	memset(p, 0, 100);
	uk_free(a, p);
	for (i = 0; i < 128; i++)
		poisoned &= p[i] == UK_ALLOC_POISON;
	HT_EXPECT(poisoned);
	q = uk_malloc(a, 100);
	HT_EXPECT(q == p);
	uk_free(a, q);
	p = uk_malloc(a, 5 * UK_PAGE_SIZE);
	memset(p, 0, 5 * UK_PAGE_SIZE);
	uk_free(a, p);
	HT_EXPECT(p[4 * UK_PAGE_SIZE] == UK_ALLOC_POISON);
	HT_EXPECT(p[8 * UK_PAGE_SIZE - 1] == UK_ALLOC_POISON);
	HT_EXPECT(conf_crashes(do_slab_write_after_free, (void *)0,
			       "use after free"));
	HT_EXPECT(conf_crashes(do_slab_write_after_free, (void *)63,
			       "byte 63 of the 64-byte free block"));
	HT_EXPECT(conf_crashes(do_block_write_after_free, NULL,
			       "was written after it was freed"));
	HT_EXPECT(conf_crashes(do_page_write_after_free, NULL,
			       "(0x42, not 0xdb)"));
	HT_EXPECT(conf_crashes(do_slab_overflow, NULL, "use after free"));
}
#endif

#if !CONFIG_LIBUKALLOC_POISON
/* Pages no page of the block list reaches @from on, untouched? */
static int untouched_from(size_t from)
{
	size_t off;

	for (off = from; off < CONF_MEM_LEN; off += UK_PAGE_SIZE)
		if ((unsigned char)conf_mem[off] != CONF_JUNK ||
		    (unsigned char)conf_mem[off + 8] != CONF_JUNK)
			return 0;
	return 1;
}

/*
 * Setting up writes only the zone's header and metadata: the pages go on
 * the free lists when needed (each first write of guest memory costs the
 * host a page), yet all of them count as free from the start.
 */
static void bbuddy_lazy_setup(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long total, n = 0;
	size_t max;
	void *p;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	total = uk_alloc_pavail(a);
	max = uk_alloc_maxalloc(a);
	HT_EXPECT(total > CONF_MEM_LEN / UK_PAGE_SIZE - 8);
	HT_EXPECT(max >= CONF_MEM_LEN / 4);
	HT_EXPECT(untouched_from(64 << 10));
	/* a small allocation lists one block: the rest stays untouched */
	p = uk_malloc(a, 100);
	HT_EXPECT(p != NULL);
	HT_EXPECT(untouched_from(CONF_MEM_LEN / 2));
	HT_EXPECT_INT_EQ(uk_alloc_maxalloc(a), max);
	uk_free(a, p);
	/* the largest block is there, and so is every page */
	p = uk_palloc(a, max / UK_PAGE_SIZE);
	HT_EXPECT(p != NULL);
	uk_pfree(a, p, max / UK_PAGE_SIZE);
	while (uk_palloc(a, 1))
		n++;
	HT_EXPECT_INT_EQ(n, total);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), 0);
}
#endif

int main(void)
{
	conf_be = &bbuddy_be;
	conf_setup();
	conf_run_all();
	HT_RUN(bbuddy_coalescing);
	HT_RUN(bbuddy_fragmentation);
	HT_RUN(bbuddy_palloc_trims);
	HT_RUN(bbuddy_realloc_in_place);
	HT_RUN(bbuddy_addmem);
	HT_RUN(bbuddy_bad_frees_crash);
	HT_RUN(bbuddy_big_alignment);
#if !CONFIG_LIBUKALLOC_POISON
	HT_RUN(bbuddy_lazy_setup);
#endif
#if CONFIG_LIBUKALLOC_POISON
	HT_RUN(bbuddy_poison);
#endif
	conf_teardown();
	return ht_finish("ukallocbbuddy");
}
