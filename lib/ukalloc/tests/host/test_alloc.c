/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of ukalloc's generic layer (fallbacks, statistics, argument
 * checks), its libc entry points and uk_alloc_init_default() over a fake
 * platform memory map with the real backends linked in.
 * Built twice: with statistics and the "bbuddy" default, and without
 * statistics and with a default name that no backend has.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <malloc.h>
#include <uk/alloc.h>
#include <uk/allocbbuddy.h>
#include <uk/allocregion.h>
#include <uk/plat/memory.h>
#include "hosttest.h"

#define MiB	(1UL << 20)

/* Fake backends ------------------------------------------------------ */

/* malloc/free/usable_size only, over the host heap with a size header. */
struct hdr_alloc {
	struct uk_alloc a;
	long live;
};
#define HDR	16

static void *hdr_malloc(struct uk_alloc *a, size_t size)
{
	unsigned char *p;

	if (size > (64 * MiB))
		return NULL;
	p = malloc(HDR + size);
	if (!p)
		return NULL;
	*(size_t *)p = size;
	__containerof(a, struct hdr_alloc, a)->live++;
	return p + HDR;
}

static void hdr_free(struct uk_alloc *a, void *ptr)
{
	__containerof(a, struct hdr_alloc, a)->live--;
	free((unsigned char *)ptr - HDR);
}

static size_t hdr_usable_size(struct uk_alloc *a, const void *ptr)
{
	return *(const size_t *)((const unsigned char *)ptr - HDR);
}

static const struct uk_alloc_ops hdr_ops = {
	.malloc = hdr_malloc,
	.free = hdr_free,
	.usable_size = hdr_usable_size,
};

/* memalign/free/usable_size only, straight onto the host heap. */
static int al_memalign(struct uk_alloc *a, void **memptr, size_t align,
		       size_t size)
{
	if (size > (64 * MiB))
		return -ENOMEM;
	return -posix_memalign(memptr, align, size);
}

static void al_free(struct uk_alloc *a, void *ptr)
{
	free(ptr);
}

static size_t al_usable_size(struct uk_alloc *a, const void *ptr)
{
	return malloc_usable_size((void *)ptr);
}

static unsigned long al_pavail(struct uk_alloc *a)
{
	return 42;
}

static const struct uk_alloc_ops al_ops = {
	.memalign = al_memalign,
	.free = al_free,
	.usable_size = al_usable_size,
	.pavail = al_pavail,
};

static struct hdr_alloc hdr_a;
static struct uk_alloc al_a;

static struct uk_alloc *new_hdr(void)
{
	HT_EXPECT_INT_EQ(uk_alloc_init(&hdr_a.a, "hdr", &hdr_ops), 0);
	hdr_a.live = 0;
	return &hdr_a.a;
}

static struct uk_alloc *new_al(void)
{
	HT_EXPECT_INT_EQ(uk_alloc_init(&al_a, "al", &al_ops), 0);
	return &al_a;
}

/* Generic layer --------------------------------------------------------- */

static void init_checks_required_ops(void)
{
	struct uk_alloc_ops o;
	struct uk_alloc a;

	o = hdr_ops;
	o.free = NULL;
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &o), -EINVAL);
	o = hdr_ops;
	o.usable_size = NULL;
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &o), -EINVAL);
	o = hdr_ops;
	o.malloc = NULL;
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &o), -EINVAL);
	o = hdr_ops;
	o.palloc = (void *(*)(struct uk_alloc *, unsigned long))hdr_malloc;
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &o), -EINVAL);
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &hdr_ops), 0);
	HT_EXPECT_INT_EQ(uk_alloc_init(&a, "x", &al_ops), 0);
	/* Every allocation op is there after init. */
	HT_EXPECT(a.ops.malloc && a.ops.calloc && a.ops.realloc &&
		  a.ops.memalign && a.ops.free && a.ops.palloc &&
		  a.ops.pfree && a.ops.stats && a.ops.usable_size);
	HT_EXPECT(a.ops.addmem == NULL);
	HT_EXPECT_STR_EQ(a.name, "x");
}

static void fallback_calloc(void)
{
	struct uk_alloc *a = new_hdr();
	unsigned char *p;
	size_t i;

	p = uk_calloc(a, 100, 7);
	HT_EXPECT(p != NULL);
	for (i = 0; i < 700 && !p[i]; i++)
		;
	HT_EXPECT_INT_EQ(i, 700);
	uk_free(a, p);
	HT_EXPECT(uk_calloc(a, SIZE_MAX / 4 + 1, 4) == NULL);
	HT_EXPECT(uk_calloc(a, 1UL << 33, 1UL << 31) == NULL);
	HT_EXPECT_INT_EQ(hdr_a.live, 0);
}

static void fallback_realloc(void)
{
	struct uk_alloc *a = new_hdr();
	char *p, *q;

	p = uk_realloc(a, NULL, 10);
	HT_EXPECT(p != NULL);
	memcpy(p, "0123456789", 10);
	/* Large enough already: kept. */
	HT_EXPECT(uk_realloc(a, p, 4) == p);
	HT_EXPECT(uk_realloc(a, p, 10) == p);
	/* Grows by copying exactly the old block (ASan checks the read). */
	q = uk_realloc(a, p, 1000);
	HT_EXPECT(q != NULL && q != p);
	HT_EXPECT(!memcmp(q, "0123456789", 10));
	HT_EXPECT_INT_EQ(hdr_a.live, 1);
	HT_EXPECT(uk_realloc(a, q, 128 * MiB) == NULL);
	HT_EXPECT(!memcmp(q, "0123456789", 10));
	HT_EXPECT(uk_realloc(a, q, 0) == NULL);
	HT_EXPECT_INT_EQ(hdr_a.live, 0);
}

static void fallback_memalign(void)
{
	struct uk_alloc *a = new_hdr();
	struct uk_alloc *b = new_al();
	void *p;

	/* Without a backend memalign, only malloc's own alignment works. */
	p = uk_memalign(a, 16, 100);
	HT_EXPECT(p != NULL && ((uintptr_t)p & 15) == 0);
	uk_free(a, p);
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 64, 100), ENOMEM);
	HT_EXPECT(uk_palloc(a, 1) == NULL);
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 12, 100), EINVAL);
	HT_EXPECT_INT_EQ(hdr_a.live, 0);

	/* Backend with memalign only: malloc and palloc come from it. */
	p = uk_malloc(b, 33);
	HT_EXPECT(p != NULL && ((uintptr_t)p & 15) == 0);
	memset(p, 1, 33);
	uk_free(b, p);
	p = uk_memalign(b, 8192, 10);
	HT_EXPECT(p != NULL && ((uintptr_t)p & 8191) == 0);
	uk_free(b, p);
	p = uk_palloc(b, 3);
	HT_EXPECT(p != NULL && ((uintptr_t)p & (UK_PAGE_SIZE - 1)) == 0);
	memset(p, 2, 3 * UK_PAGE_SIZE);
	uk_pfree(b, p, 3);
	/* availmem derived from pavail. */
	HT_EXPECT_INT_EQ(uk_alloc_pavail(b), 42);
	HT_EXPECT_INT_EQ(uk_alloc_availmem(b), 42 * UK_PAGE_SIZE);
}

static void stats_through_fallbacks(void)
{
	struct uk_alloc *a = new_al();
	struct uk_alloc_stats st;
	void *p, *q;

#ifdef CONFIG_LIBUKALLOC_STATS
	p = uk_calloc(a, 10, 10);		/* malloc -> memalign */
	q = uk_palloc(a, 2);			/* memalign */
	HT_EXPECT_INT_EQ(uk_alloc_stats_get(a, &st), 0);
	HT_EXPECT_INT_EQ(st.nb_allocs, 2);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 100 + 2 * UK_PAGE_SIZE);
	p = uk_realloc(a, p, 5000);		/* malloc + copy + free */
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_allocs, 3);
	HT_EXPECT_INT_EQ(st.nb_frees, 1);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 5000 + 2 * UK_PAGE_SIZE);
	HT_EXPECT_INT_EQ(st.max_mem_use, 5100 + 2 * UK_PAGE_SIZE);
	uk_pfree(a, q, 2);
	uk_free(a, p);
	HT_EXPECT(uk_malloc(a, 100 * MiB) == NULL);
	HT_EXPECT(uk_calloc(a, SIZE_MAX, 2) == NULL);
	HT_EXPECT(uk_memalign(a, 64, 100 * MiB) == NULL);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_frees, 3);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 0);
	HT_EXPECT_INT_EQ(st.nb_enomem, 3);
	HT_EXPECT_INT_EQ(st.nb_allocs, 3);
#else
	(void)p;
	(void)q;
	HT_EXPECT(uk_alloc_stats_get(a, &st) < 0);
	HT_EXPECT_INT_EQ(st.nb_allocs, 0);
#endif
}

static void default_get_set(void)
{
	struct uk_alloc *a = new_hdr();

	uk_alloc_set_default(NULL);
	HT_EXPECT(uk_alloc_get_default() == NULL);
	uk_alloc_set_default(a);
	HT_EXPECT(uk_alloc_get_default() == a);
	uk_alloc_set_default(NULL);
}

/* libc entry points ---------------------------------------------------- */

void *ht_libc_malloc(size_t size);
void *ht_libc_calloc(size_t nmemb, size_t size);
void *ht_libc_realloc(void *ptr, size_t size);
void ht_libc_free(void *ptr);
int ht_libc_posix_memalign(void **memptr, size_t align, size_t size);
void *ht_libc_memalign(size_t align, size_t size);
void *ht_libc_aligned_alloc(size_t align, size_t size);

static void libc_entry_points(void)
{
	char *p, *q;
	void *r;

	uk_alloc_set_default(NULL);
	errno = 0;
	HT_EXPECT(ht_libc_malloc(10) == NULL);
	HT_EXPECT_INT_EQ(errno, ENOMEM);
	HT_EXPECT_INT_EQ(ht_libc_posix_memalign(&r, 16, 10), ENOMEM);
	ht_libc_free(NULL);

	uk_alloc_set_default(new_al());
	p = ht_libc_malloc(10);
	HT_EXPECT(p != NULL);
	memcpy(p, "abcdefghij", 10);
	q = ht_libc_realloc(p, 20000);
	HT_EXPECT(q && !memcmp(q, "abcdefghij", 10));
	ht_libc_free(q);
	p = ht_libc_calloc(4, 4);
	HT_EXPECT(p && !p[0] && !p[15]);
	ht_libc_free(p);

	errno = 0;
	HT_EXPECT(ht_libc_malloc(100 * MiB) == NULL);
	HT_EXPECT_INT_EQ(errno, ENOMEM);
	errno = 0;
	HT_EXPECT(ht_libc_calloc(SIZE_MAX / 2, 3) == NULL);
	HT_EXPECT_INT_EQ(errno, ENOMEM);
	errno = 0;
	HT_EXPECT(ht_libc_realloc(NULL, 100 * MiB) == NULL);
	HT_EXPECT_INT_EQ(errno, ENOMEM);

	HT_EXPECT_INT_EQ(ht_libc_posix_memalign(&r, 256, 10), 0);
	HT_EXPECT(((uintptr_t)r & 255) == 0);
	ht_libc_free(r);
	r = (void *)1;
	HT_EXPECT_INT_EQ(ht_libc_posix_memalign(&r, 2, 10), EINVAL);
	HT_EXPECT_INT_EQ(ht_libc_posix_memalign(&r, 96, 10), EINVAL);
	HT_EXPECT(r == (void *)1);

	p = ht_libc_memalign(4096, 1);
	HT_EXPECT(p && ((uintptr_t)p & 4095) == 0);
	ht_libc_free(p);
	p = ht_libc_aligned_alloc(2, 3);	/* small powers of two are OK */
	HT_EXPECT(p && ((uintptr_t)p & 1) == 0);
	ht_libc_free(p);
	errno = 0;
	HT_EXPECT(ht_libc_aligned_alloc(24, 48) == NULL);
	HT_EXPECT_INT_EQ(errno, EINVAL);
	errno = 0;
	HT_EXPECT(ht_libc_memalign(64, 100 * MiB) == NULL);
	HT_EXPECT_INT_EQ(errno, ENOMEM);
	uk_alloc_set_default(NULL);
}

/* Default allocator over a fake memory map ------------------------------ */

#define MAP_MAX	8
static struct ukplat_memregion_desc map[MAP_MAX];
static int map_n;
static unsigned char *mem;

int ukplat_memregion_count(void)
{
	return map_n;
}

const struct ukplat_memregion_desc *ukplat_memregion_get(int i)
{
	return i >= 0 && i < map_n ? &map[i] : NULL;
}

static void map_add(size_t off, size_t len, int type)
{
	map[map_n].base = (uintptr_t)mem + off;
	map[map_n].len = len;
	map[map_n].type = type;
	map[map_n].flags = UKPLAT_MEMRF_READ | UKPLAT_MEMRF_WRITE;
	map[map_n].name = "test";
	map_n++;
}

static void registry_lists_backends(void)
{
	const struct uk_alloc_backend *be;

	be = uk_alloc_backend_find("bbuddy");
	HT_EXPECT(be && be->init == uk_allocbbuddy_init);
	be = uk_alloc_backend_find("region");
	HT_EXPECT(be && be->init == uk_allocregion_init);
	HT_EXPECT(uk_alloc_backend_find("nosuch") == NULL);
	HT_EXPECT(uk_alloc_backend_find("") == NULL);
}

#ifndef HT_DEFAULT_MISSING
static void init_default_uses_all_free_regions(void)
{
	struct uk_alloc *a;
	unsigned long pages;
	int in[3] = { 0, 0, 0 };
	void *blk[4096];
	size_t n, i;

	map_n = 0;
	map_add(0, 64 * 1024, UKPLAT_MEMRT_FREE);		/* small */
	map_add(64 * 1024, 64 * 1024, UKPLAT_MEMRT_RESERVED);
	map_add(1 * MiB, 4 * MiB, UKPLAT_MEMRT_FREE);	/* first large */
	map_add(5 * MiB, 1 * MiB, UKPLAT_MEMRT_KERNEL);
	map_add(6 * MiB, 300 * 1024, UKPLAT_MEMRT_FREE);
	map_add(7 * MiB, 0, UKPLAT_MEMRT_FREE);
	memset(mem + 64 * 1024, 0xee, 64 * 1024);
	memset(mem + 5 * MiB, 0xee, 1 * MiB);

	uk_alloc_set_default(NULL);
	HT_EXPECT_INT_EQ(uk_alloc_init_default(), 0);
	a = uk_alloc_get_default();
	HT_EXPECT(a != NULL);
	if (!a)
		return;
	HT_EXPECT_STR_EQ(a->name, "bbuddy");
	/* Built in the large region: its state lives at its start. */
	HT_EXPECT((unsigned char *)a >= mem + 1 * MiB &&
		  (unsigned char *)a < mem + 1 * MiB + 4096);
	pages = uk_alloc_pavail(a);
	HT_EXPECT(pages > 1024 + 16 + 75 - 6 && pages <= 1024 + 16 + 75);

	for (n = 0; n < UK_ARRAY_SIZE(blk); n++) {
		blk[n] = uk_palloc(a, 1);
		if (!blk[n])
			break;
		if ((unsigned char *)blk[n] < mem + 64 * 1024)
			in[0]++;
		else if ((unsigned char *)blk[n] >= mem + 1 * MiB &&
			 (unsigned char *)blk[n] < mem + 5 * MiB)
			in[1]++;
		else if ((unsigned char *)blk[n] >= mem + 6 * MiB &&
			 (unsigned char *)blk[n] < mem + 6 * MiB + 300 * 1024)
			in[2]++;
		else
			HT_EXPECT(!"page outside the FREE regions");
		memset(blk[n], 0x77, UK_PAGE_SIZE);
	}
	HT_EXPECT_INT_EQ(n, pages);
	HT_EXPECT(in[0] > 0 && in[1] > 0 && in[2] > 0);
	for (i = 0; i < 64 * 1024; i++) {
		if (mem[64 * 1024 + i] != 0xee)
			break;
	}
	HT_EXPECT_INT_EQ(i, 64 * 1024);
	for (i = 0; i < n; i++)
		uk_pfree(a, blk[i], 1);
	HT_EXPECT_INT_EQ(uk_alloc_pavail(a), pages);
	uk_alloc_set_default(NULL);
}

static void init_default_without_memory(void)
{
	map_n = 0;
	map_add(0, 4 * MiB, UKPLAT_MEMRT_RESERVED);
	HT_EXPECT_INT_EQ(uk_alloc_init_default(), -ENOMEM);
	HT_EXPECT(uk_alloc_get_default() == NULL);
	/* Only a region too small for the allocator's own state. */
	map_add(5 * MiB, 100, UKPLAT_MEMRT_FREE);
	HT_EXPECT_INT_EQ(uk_alloc_init_default(), -ENOMEM);
	HT_EXPECT(uk_alloc_get_default() == NULL);
	/* Without a large region the largest one is used. */
	map_add(6 * MiB, 64 * 1024, UKPLAT_MEMRT_FREE);
	map_add(7 * MiB, 128 * 1024, UKPLAT_MEMRT_FREE);
	HT_EXPECT_INT_EQ(uk_alloc_init_default(), 0);
	HT_EXPECT((unsigned char *)uk_alloc_get_default() >= mem + 7 * MiB);
	uk_alloc_set_default(NULL);
}
#else
static void init_default_missing_backend(void)
{
	map_n = 0;
	map_add(1 * MiB, 4 * MiB, UKPLAT_MEMRT_FREE);
	HT_EXPECT_INT_EQ(uk_alloc_init_default(), -ENOENT);
	HT_EXPECT(uk_alloc_get_default() == NULL);
}
#endif

int main(void)
{
	mem = aligned_alloc(MiB, 8 * MiB);
	if (!mem)
		return 2;
	HT_RUN(init_checks_required_ops);
	HT_RUN(fallback_calloc);
	HT_RUN(fallback_realloc);
	HT_RUN(fallback_memalign);
	HT_RUN(stats_through_fallbacks);
	HT_RUN(default_get_set);
	HT_RUN(libc_entry_points);
	HT_RUN(registry_lists_backends);
#ifndef HT_DEFAULT_MISSING
	HT_RUN(init_default_uses_all_free_regions);
	HT_RUN(init_default_without_memory);
#else
	HT_RUN(init_default_missing_backend);
#endif
	free(mem);
#ifdef CONFIG_LIBUKALLOC_STATS
	return ht_finish("ukalloc");
#else
	return ht_finish("ukalloc_nostats");
#endif
}
