/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host conformance suite shared by the allocator backends' host tests.
 * A test program sets conf_be to its backend, calls conf_setup() and
 * HT_RUN()s the conf_* cases (and its own), then conf_teardown().
 * Every case builds a fresh allocator in a region from aligned_alloc()
 * that is filled with junk first.
 */
#ifndef __ALLOC_CONFORMANCE_H__
#define __ALLOC_CONFORMANCE_H__

#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <uk/alloc.h>
#include "hosttest.h"

#define CONF_MEM_LEN		(16UL << 20)
#define CONF_MEM_ALIGN		(1UL << 20)
#define CONF_JUNK		0xa5
#define CONF_TRACE_OPS		20000
#define CONF_TRACE_SLOTS	256
#define CONF_TRACE_MAX_LIVE	(4UL << 20)
/* Largest alignment the trace asks for, plus a page (slack on OOM). */
#define CONF_TRACE_OOM_SLACK	((1UL << 13) + UK_PAGE_SIZE)

struct conf_backend {
	const char *name;
	struct uk_alloc *(*init)(void *base, size_t len);
	int reuses;		/* freed memory becomes available again */
};

static const struct conf_backend *conf_be;
static unsigned char *conf_mem;

static void conf_setup(void)
{
	conf_mem = aligned_alloc(CONF_MEM_ALIGN, CONF_MEM_LEN);
	if (!conf_mem) {
		printf("cannot allocate the test region\n");
		exit(2);
	}
}

static void conf_teardown(void)
{
	free(conf_mem);
	conf_mem = NULL;
}

/* Fresh allocator over @len bytes at @off into the junk-filled region. */
static struct uk_alloc *conf_new_at(size_t off, size_t len)
{
	memset(conf_mem, CONF_JUNK, CONF_MEM_LEN);
	return conf_be->init(conf_mem + off, len);
}

static struct uk_alloc *conf_new(void)
{
	return conf_new_at(0, CONF_MEM_LEN);
}

static int conf_in_region(const void *p, size_t len)
{
	const unsigned char *c = p;

	return c >= conf_mem && c <= conf_mem + CONF_MEM_LEN &&
	       (size_t)(conf_mem + CONF_MEM_LEN - c) >= len;
}

static uint64_t conf_rng = 0x9e3779b97f4a7c15ULL;

static uint64_t conf_rand(void)
{
	conf_rng ^= conf_rng << 13;
	conf_rng ^= conf_rng >> 7;
	conf_rng ^= conf_rng << 17;
	return conf_rng;
}

static size_t conf_rand_below(size_t n)
{
	return (size_t)(conf_rand() % n);
}

static unsigned char conf_pat(uint64_t seed, size_t i)
{
	return (unsigned char)((seed * 131) ^ (i * 7) ^ (i >> 8));
}

static void conf_fill(void *p, size_t len, uint64_t seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		c[i] = conf_pat(seed, i);
}

/* Index of the first byte that differs from the pattern, or -1. */
static long conf_check(const void *p, size_t len, uint64_t seed)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (c[i] != conf_pat(seed, i))
			return (long)i;
	}
	return -1;
}

/*
 * Run @fn(@arg) in a child; true if it died of SIGABRT and its stderr
 * contains @msg (the allocator's crash message).
 */
static int conf_crashes(void (*fn)(void *), void *arg, const char *msg)
{
	char buf[4096];
	size_t got = 0;
	ssize_t n;
	int fds[2], status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(fds))
		return 0;
	pid = fork();
	if (pid < 0)
		return 0;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	while (got < sizeof(buf) - 1 &&
	       (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
		printf("    child did not abort (status %#x)\n", status);
		return 0;
	}
	if (!strstr(buf, msg)) {
		printf("    crash message lacks \"%s\": %s\n", msg, buf);
		return 0;
	}
	return 1;
}

/* Cases ------------------------------------------------------------------ */

static void conf_init_rejects_tiny(void)
{
	HT_EXPECT(conf_new_at(0, 0) == NULL);
	HT_EXPECT(conf_new_at(0, 16) == NULL);
	HT_EXPECT(conf_be->init(NULL, CONF_MEM_LEN) == NULL);
	HT_EXPECT(conf_new_at(3, 1UL << 20) != NULL);
}

static void conf_malloc_alignment(void)
{
	static const size_t sizes[] = { 0, 1, 7, 8, 15, 16, 17, 31, 33, 100,
		255, 256, 257, 1000, 1024, 1025, 2047, 4095, 4096, 4097,
		8191, 10000, 65536, 100000, 1UL << 20 };
	struct uk_alloc *a = conf_new();
	void *p;
	size_t i;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	for (i = 0; i < UK_ARRAY_SIZE(sizes); i++) {
		p = uk_malloc(a, sizes[i]);
		HT_EXPECT(p != NULL);
		HT_EXPECT(((uintptr_t)p & (UK_ALLOC_MIN_ALIGN - 1)) == 0);
		HT_EXPECT(conf_in_region(p, sizes[i]));
		HT_EXPECT(uk_alloc_usable_size(a, p) >= sizes[i]);
		memset(p, 0x11, sizes[i]);
	}
}

static void conf_memalign_alignment(void)
{
	struct uk_alloc *a = conf_new();
	size_t align, size;
	void *p;
	int i;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	for (align = sizeof(void *); align <= (1UL << 20); align <<= 1) {
		for (i = 0; i < 3; i++) {
			size = (size_t[]){ 1, 24, align + 5 }[i];
			p = NULL;
			HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, align, size),
					 0);
			if (!p)
				return;
			HT_EXPECT(((uintptr_t)p & (align - 1)) == 0);
			HT_EXPECT(conf_in_region(p, size));
			HT_EXPECT(uk_alloc_usable_size(a, p) >= size);
			memset(p, 0x22, size);
			uk_free(a, p);
		}
	}
	/* memalign/aligned_alloc accept small powers of two ... */
	for (align = 1; align < sizeof(void *); align <<= 1) {
		p = uk_memalign(a, align, 10);
		HT_EXPECT(p != NULL);
		HT_EXPECT(((uintptr_t)p & (align - 1)) == 0);
	}
	/* ... but no alignment that is not a power of two. */
	p = (void *)1;
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 0, 8), EINVAL);
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 4, 8), EINVAL);
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 24, 8), EINVAL);
	HT_EXPECT(p == (void *)1);
	HT_EXPECT(uk_memalign(a, 48, 8) == NULL);
	HT_EXPECT(uk_memalign(a, 0, 8) == NULL);
	/* posix_memalign(size 0) still gives a block that can be freed. */
	HT_EXPECT_INT_EQ(uk_posix_memalign(a, &p, 64, 0), 0);
	uk_free(a, p);
}

struct conf_blk {
	unsigned char *p;
	size_t len;
	uint64_t seed;
	unsigned long pages;	/* != 0: from palloc */
};

static int conf_blk_cmp(const void *x, const void *y)
{
	const struct conf_blk *a = x, *b = y;

	return a->p < b->p ? -1 : a->p > b->p;
}

/* Every live block keeps its pattern and none overlaps another. */
static int conf_verify(struct conf_blk *blk, size_t n)
{
	struct conf_blk *s = malloc(n * sizeof(*s) + 1);
	size_t i, m = 0;
	int ok = 1;

	for (i = 0; i < n; i++) {
		if (!blk[i].p)
			continue;
		if (conf_check(blk[i].p, blk[i].len, blk[i].seed) >= 0) {
			printf("    block %zu (%p, %zu) corrupted\n", i,
			       (void *)blk[i].p, blk[i].len);
			ok = 0;
		}
		s[m++] = blk[i];
	}
	qsort(s, m, sizeof(*s), conf_blk_cmp);
	for (i = 1; i < m; i++) {
		if (s[i - 1].p + UK_MAX(s[i - 1].len, (size_t)1) > s[i].p) {
			printf("    blocks %p+%zu and %p overlap\n",
			       (void *)s[i - 1].p, s[i - 1].len,
			       (void *)s[i].p);
			ok = 0;
		}
	}
	free(s);
	return ok;
}

static void conf_no_overlap(void)
{
	struct conf_blk blk[600];
	struct uk_alloc *a = conf_new();
	size_t i, len;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	memset(blk, 0, sizeof(blk));
	for (i = 0; i < UK_ARRAY_SIZE(blk); i++) {
		switch (i % 4) {
		case 0:
			len = conf_rand_below(300) + 1;
			blk[i].p = uk_malloc(a, len);
			break;
		case 1:
			len = conf_rand_below(9000) + 1;
			blk[i].p = uk_memalign(a, 1UL << conf_rand_below(13),
					       len);
			break;
		case 2:
			blk[i].pages = conf_rand_below(5) + 1;
			len = blk[i].pages * UK_PAGE_SIZE;
			blk[i].p = uk_palloc(a, blk[i].pages);
			HT_EXPECT(((uintptr_t)blk[i].p & (UK_PAGE_SIZE - 1))
				  == 0);
			break;
		default:
			len = conf_rand_below(2000) + 1;
			blk[i].p = uk_calloc(a, 1, len);
			break;
		}
		HT_EXPECT(blk[i].p != NULL);
		if (!blk[i].p)
			return;
		HT_EXPECT(conf_in_region(blk[i].p, len));
		blk[i].len = len;
		blk[i].seed = i;
		conf_fill(blk[i].p, len, i);
	}
	HT_EXPECT(conf_verify(blk, UK_ARRAY_SIZE(blk)));
	for (i = 0; i < UK_ARRAY_SIZE(blk); i += 2) {
		if (blk[i].pages)
			uk_pfree(a, blk[i].p, blk[i].pages);
		else
			uk_free(a, blk[i].p);
		blk[i].p = NULL;
	}
	/* New blocks must not land on the survivors either. */
	for (i = 0; i < UK_ARRAY_SIZE(blk); i += 2) {
		len = conf_rand_below(5000) + 1;
		blk[i].p = uk_malloc(a, len);
		HT_EXPECT(blk[i].p != NULL);
		if (!blk[i].p)
			return;
		blk[i].len = len;
		blk[i].pages = 0;
		blk[i].seed = i + 1000;
		conf_fill(blk[i].p, len, blk[i].seed);
	}
	HT_EXPECT(conf_verify(blk, UK_ARRAY_SIZE(blk)));
}

static void conf_free_realloc(void)
{
	struct uk_alloc *a = conf_new();
	unsigned char *p, *q;
	size_t sz;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	uk_free(a, NULL);	/* no-op */

	p = uk_realloc(a, NULL, 40);	/* acts as malloc */
	HT_EXPECT(p != NULL);
	conf_fill(p, 40, 1);
	for (sz = 41; sz < 300000; sz = sz * 3 + 1) {
		q = uk_realloc(a, p, sz);
		HT_EXPECT(q != NULL);
		if (!q)
			return;
		HT_EXPECT(((uintptr_t)q & (UK_ALLOC_MIN_ALIGN - 1)) == 0);
		HT_EXPECT(conf_check(q, 40, 1) < 0);
		HT_EXPECT(uk_alloc_usable_size(a, q) >= sz);
		memset(q + 40, 0x33, sz - 40);
		p = q;
	}
	/* Shrinking keeps the prefix. */
	q = uk_realloc(a, p, 20);
	HT_EXPECT(q != NULL);
	HT_EXPECT(conf_check(q, 20, 1) < 0);
	p = q;
	/* A failing realloc leaves the block alone. */
	HT_EXPECT(uk_realloc(a, p, CONF_MEM_LEN * 2) == NULL);
	HT_EXPECT(uk_realloc(a, p, SIZE_MAX) == NULL);
	HT_EXPECT(conf_check(p, 20, 1) < 0);
	/* realloc(p, 0) frees and returns NULL. */
	HT_EXPECT(uk_realloc(a, p, 0) == NULL);

	/* Freed and reallocated blocks are usable again. */
	p = uk_malloc(a, 100);
	q = uk_malloc(a, 100);
	HT_EXPECT(p && q && p != q);
	uk_free(a, p);
	uk_free(a, q);
}

static void conf_calloc(void)
{
	struct uk_alloc *a = conf_new();
	unsigned char *p;
	size_t i, n;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	for (n = 1; n < 70000; n = n * 5 + 3) {
		p = uk_calloc(a, n, 3);
		HT_EXPECT(p != NULL);
		if (!p)
			return;
		for (i = 0; i < n * 3 && !p[i]; i++)
			;
		HT_EXPECT_INT_EQ(i, n * 3);
		memset(p, 0x44, n * 3);
		uk_free(a, p);
	}
	p = uk_calloc(a, 0, 0);
	HT_EXPECT(p != NULL);
	uk_free(a, p);
	/* nmemb * size overflows: NULL, never a short block. */
	HT_EXPECT(uk_calloc(a, SIZE_MAX / 2 + 1, 2) == NULL);
	HT_EXPECT(uk_calloc(a, SIZE_MAX, SIZE_MAX) == NULL);
	HT_EXPECT(uk_calloc(a, (SIZE_MAX >> 16) + 2, 1UL << 16) == NULL);
	HT_EXPECT(uk_calloc(a, 2, SIZE_MAX / 2 + 1) == NULL);
}

static void conf_oom(void)
{
	struct uk_alloc *a = conf_new();
	static void *blk[CONF_MEM_LEN / 1024];
	size_t n = 0, i, total = 0;
	void *p;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	HT_EXPECT(uk_malloc(a, SIZE_MAX) == NULL);
	HT_EXPECT(uk_malloc(a, SIZE_MAX - 8) == NULL);
	HT_EXPECT(uk_malloc(a, CONF_MEM_LEN) == NULL);
	HT_EXPECT(uk_memalign(a, 64, SIZE_MAX - 32) == NULL);
	HT_EXPECT(uk_memalign(a, 1UL << 62, 16) == NULL);
	HT_EXPECT(uk_palloc(a, CONF_MEM_LEN / UK_PAGE_SIZE) == NULL);
	HT_EXPECT(uk_palloc(a, ~0UL) == NULL);
	HT_EXPECT(uk_palloc(a, 0) == NULL);

	/* Exhaust with 64 KiB blocks, then with small ones. */
	while (n < UK_ARRAY_SIZE(blk) && (p = uk_malloc(a, 65536))) {
		HT_EXPECT(conf_in_region(p, 65536));
		blk[n++] = p;
		total += 65536;
	}
	HT_EXPECT(total <= CONF_MEM_LEN);
	HT_EXPECT(total >= CONF_MEM_LEN / 2);
	while (n < UK_ARRAY_SIZE(blk) && (p = uk_malloc(a, 1000))) {
		HT_EXPECT(conf_in_region(p, 1000));
		blk[n++] = p;
	}
	HT_EXPECT(n < UK_ARRAY_SIZE(blk));
	HT_EXPECT(uk_malloc(a, 1000) == NULL);
	if (uk_alloc_pavail(a) == 0)
		HT_EXPECT(uk_palloc(a, 1) == NULL);

	for (i = 0; i < n; i++)
		uk_free(a, blk[i]);
	if (conf_be->reuses) {
		p = uk_malloc(a, 65536);
		HT_EXPECT(p != NULL);
		uk_free(a, p);
	}
}

static void conf_stats(void)
{
	struct uk_alloc *a = conf_new();
	struct uk_alloc_stats st;
	void *p, *q, *r;
	size_t up, uq;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
#ifdef CONFIG_LIBUKALLOC_STATS
	HT_EXPECT_INT_EQ(uk_alloc_stats_get(a, &st), 0);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 0);
	HT_EXPECT_INT_EQ(st.nb_allocs, 0);

	p = uk_malloc(a, 100);
	up = uk_alloc_usable_size(a, p);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_allocs, 1);
	HT_EXPECT_INT_EQ(st.cur_mem_use, up);
	HT_EXPECT_INT_EQ(st.max_mem_use, up);

	q = uk_calloc(a, 10, 300);
	uq = uk_alloc_usable_size(a, q);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_allocs, 2);
	HT_EXPECT_INT_EQ(st.cur_mem_use, up + uq);

	r = uk_palloc(a, 3);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_allocs, 3);
	HT_EXPECT_INT_EQ(st.cur_mem_use, up + uq + 3 * UK_PAGE_SIZE);
	uk_pfree(a, r, 3);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_frees, 1);
	HT_EXPECT_INT_EQ(st.cur_mem_use, up + uq);
	HT_EXPECT_INT_EQ(st.max_mem_use, up + uq + 3 * UK_PAGE_SIZE);

	uk_free(a, q);
	uk_free(a, NULL);	/* not counted */
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_frees, 2);
	HT_EXPECT_INT_EQ(st.cur_mem_use, up);

	/* A moving realloc counts one alloc and one free. */
	q = uk_realloc(a, p, 20000);
	HT_EXPECT(q != NULL && q != p);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_allocs, 4);
	HT_EXPECT_INT_EQ(st.nb_frees, 3);
	HT_EXPECT_INT_EQ(st.cur_mem_use, uk_alloc_usable_size(a, q));

	HT_EXPECT_INT_EQ(st.nb_enomem, 0);
	HT_EXPECT(uk_malloc(a, SIZE_MAX) == NULL);
	HT_EXPECT(uk_calloc(a, SIZE_MAX, 4) == NULL);
	HT_EXPECT(uk_palloc(a, ~0UL) == NULL);
	HT_EXPECT(uk_realloc(a, q, SIZE_MAX) == NULL);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_enomem, 4);
	HT_EXPECT_INT_EQ(st.nb_allocs, 4);

	HT_EXPECT(uk_realloc(a, q, 0) == NULL);
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.nb_frees, 4);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 0);
#else
	(void)p; (void)q; (void)r; (void)up; (void)uq;
	HT_EXPECT(uk_alloc_stats_get(a, &st) < 0);
#endif
}

/* Shadow-model trace ------------------------------------------------------ */

enum { OP_MALLOC, OP_CALLOC, OP_MEMALIGN, OP_PALLOC, OP_REALLOC, OP_FREE };

static size_t conf_trace_size(void)
{
	size_t r = conf_rand_below(100);

	if (r < 60)
		return conf_rand_below(256);
	if (r < 85)
		return conf_rand_below(2048);
	if (r < 97)
		return conf_rand_below(16384);
	return conf_rand_below(131072);
}

static void conf_trace_release(struct uk_alloc *a, struct conf_blk *b)
{
	if (b->pages)
		uk_pfree(a, b->p, b->pages);
	else
		uk_free(a, b->p);
	memset(b, 0, sizeof(*b));
}

/*
 * A failed allocation of @len bytes is fine only for a backend that does
 * not reuse memory, and only when it really is short of room.
 */
static int conf_trace_oom_ok(struct uk_alloc *a, size_t len)
{
	return !conf_be->reuses &&
	       uk_alloc_maxalloc(a) < len + CONF_TRACE_OOM_SLACK;
}

static void conf_random_trace(void)
{
	static struct conf_blk live[CONF_TRACE_SLOTS];
	struct uk_alloc *a = conf_new();
	size_t live_bytes = 0, len, align = 0, pavail0 = 0, max0 = 0;
	unsigned long nfail = 0, nok = 0;
	struct uk_alloc_stats st;
	struct conf_blk *b;
	unsigned char *p;
	unsigned int i, op;
	long bad;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	memset(live, 0, sizeof(live));
	pavail0 = uk_alloc_pavail(a);
	max0 = uk_alloc_maxalloc(a);

	for (i = 0; i < CONF_TRACE_OPS; i++) {
		b = &live[conf_rand_below(CONF_TRACE_SLOTS)];
		op = (unsigned int)conf_rand_below(10);
		if (b->p) {
			bad = conf_check(b->p, b->len, b->seed);
			HT_EXPECT(bad < 0);
			if (bad >= 0) {
				printf("    op %u: block %p+%zu differs at %ld\n",
				       i, (void *)b->p, b->len, bad);
				return;
			}
			if (op < 4 && !b->pages) {
				/* realloc, keeping the common prefix */
				len = conf_trace_size();
				p = uk_realloc(a, b->p, len);
				if (len == 0) {
					HT_EXPECT(p == NULL);
					live_bytes -= b->len;
					memset(b, 0, sizeof(*b));
					nok++;
					continue;
				}
				if (!p) {
					nfail++;
					HT_EXPECT(conf_trace_oom_ok(a, len));
					continue;
				}
				HT_EXPECT(conf_check(p, UK_MIN(len, b->len),
						     b->seed) < 0);
				live_bytes = live_bytes - b->len + len;
				b->p = p;
				b->len = len;
			} else {
				live_bytes -= b->len;
				conf_trace_release(a, b);
				nok++;
				continue;
			}
		} else {
			if (live_bytes > CONF_TRACE_MAX_LIVE)
				continue;
			len = conf_trace_size();
			b->pages = 0;
			switch (op % 5) {
			case OP_MALLOC:
				p = uk_malloc(a, len);
				break;
			case OP_CALLOC:
				p = uk_calloc(a, 1, len);
				if (p) {
					size_t j;

					for (j = 0; j < len && !p[j]; j++)
						;
					HT_EXPECT_INT_EQ(j, len);
				}
				break;
			case OP_MEMALIGN:
				align = 1UL << conf_rand_below(14);
				p = uk_memalign(a, align, len);
				HT_EXPECT(((uintptr_t)p & (align - 1)) == 0);
				break;
			case OP_PALLOC:
				b->pages = conf_rand_below(9) + 1;
				len = b->pages * UK_PAGE_SIZE;
				p = uk_palloc(a, b->pages);
				HT_EXPECT(((uintptr_t)p & (UK_PAGE_SIZE - 1))
					  == 0);
				break;
			default:
				p = uk_realloc(a, NULL, len);
				break;
			}
			if (!p) {
				nfail++;
				HT_EXPECT(conf_trace_oom_ok(a, len));
				b->pages = 0;
				continue;
			}
			HT_EXPECT(((uintptr_t)p & 7) == 0);
			b->p = p;
			b->len = len;
			b->seed = conf_rand();
			live_bytes += len;
		}
		nok++;
		HT_EXPECT(conf_in_region(b->p, b->len));
		if (!b->pages)
			HT_EXPECT(uk_alloc_usable_size(a, b->p) >= b->len);
		conf_fill(b->p, b->len, b->seed);
		if (i % 1000 == 0)
			HT_EXPECT(conf_verify(live, CONF_TRACE_SLOTS));
	}
	HT_EXPECT(conf_verify(live, CONF_TRACE_SLOTS));
	/* A bump allocator runs dry part-way; it must get well into it. */
	HT_EXPECT(nok > (conf_be->reuses ? CONF_TRACE_OPS / 2 :
			 CONF_TRACE_OPS / 10));
	printf("    %lu ops ok, %lu failed allocations\n", nok, nfail);

	for (i = 0; i < CONF_TRACE_SLOTS; i++) {
		if (live[i].p)
			conf_trace_release(a, &live[i]);
	}
#ifdef CONFIG_LIBUKALLOC_STATS
	uk_alloc_stats_get(a, &st);
	HT_EXPECT_INT_EQ(st.cur_mem_use, 0);
	HT_EXPECT_INT_EQ(st.nb_allocs, st.nb_frees);
	HT_EXPECT(st.max_mem_use > 0);
#else
	(void)st;
#endif
	if (conf_be->reuses) {
		/* Everything merged back. */
		HT_EXPECT_INT_EQ(uk_alloc_pavail(a), pavail0);
		HT_EXPECT_INT_EQ(uk_alloc_maxalloc(a), max0);
		p = uk_malloc(a, max0);
		HT_EXPECT(p != NULL);
		uk_free(a, p);
	}
}

static void conf_palloc(void)
{
	struct uk_alloc *a = conf_new();
	unsigned long n, before;
	void *p[8];

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	before = uk_alloc_pavail(a);
	for (n = 1; n <= 8; n++) {
		p[n - 1] = uk_palloc(a, n);
		HT_EXPECT(p[n - 1] != NULL);
		HT_EXPECT(((uintptr_t)p[n - 1] & (UK_PAGE_SIZE - 1)) == 0);
		HT_EXPECT(conf_in_region(p[n - 1], n * UK_PAGE_SIZE));
		conf_fill(p[n - 1], n * UK_PAGE_SIZE, n);
	}
	HT_EXPECT(uk_alloc_pavail(a) <= before - 36);
	for (n = 1; n <= 8; n++)
		HT_EXPECT(conf_check(p[n - 1], n * UK_PAGE_SIZE, n) < 0);
	for (n = 1; n <= 8; n++)
		uk_pfree(a, p[n - 1], n);
	if (conf_be->reuses)
		HT_EXPECT_INT_EQ(uk_alloc_pavail(a), before);
	uk_pfree(a, NULL, 1);	/* no-op */
}

static void conf_availmem(void)
{
	struct uk_alloc *a = conf_new();
	size_t avail, max;
	void *p;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	avail = uk_alloc_availmem(a);
	max = uk_alloc_maxalloc(a);
	HT_EXPECT(avail > CONF_MEM_LEN / 2 && avail <= CONF_MEM_LEN);
	HT_EXPECT(max > 0 && max <= avail);
	HT_EXPECT(uk_alloc_pavail(a) * UK_PAGE_SIZE <= avail);
	/* maxalloc is a promise: that size can be allocated. */
	p = uk_malloc(a, max);
	HT_EXPECT(p != NULL);
	HT_EXPECT(uk_alloc_availmem(a) < avail);
	uk_free(a, p);
	if (conf_be->reuses)
		HT_EXPECT_INT_EQ(uk_alloc_availmem(a), avail);
}

/* Run the whole suite against conf_be. */
static void conf_run_all(void)
{
	HT_RUN(conf_init_rejects_tiny);
	HT_RUN(conf_malloc_alignment);
	HT_RUN(conf_memalign_alignment);
	HT_RUN(conf_no_overlap);
	HT_RUN(conf_free_realloc);
	HT_RUN(conf_calloc);
	HT_RUN(conf_oom);
	HT_RUN(conf_stats);
	HT_RUN(conf_random_trace);
	HT_RUN(conf_palloc);
	HT_RUN(conf_availmem);
}

#endif /* __ALLOC_CONFORMANCE_H__ */
