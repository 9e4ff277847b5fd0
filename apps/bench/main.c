/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Core-path microbenchmarks for `make bench` (support/scripts/bench).
 *
 * Every allocator backend is built afresh in the same arena for each
 * repetition and runs the same fixed work: a pseudo-random malloc/free
 * trace (fixed seed), malloc+free pairs of one small size, page alloc+free
 * pairs and a page-block trace. The CPU counter (TSC / time CSR) times each
 * repetition. One machine-readable line per benchmark:
 *   KAST-BENCH v=1 name=<backend>/<test> ops=<n> ticks=<t1>,<t2>,...
 * (ops = allocator calls per repetition), a KAST-BENCH-CLOCK line with the
 * counter frequency (ukplat_time_counter_freq(), 0 if unknown) and the
 * ticks of one counter read, and finally KAST-BENCH-DONE.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/plat/time.h>

#define BENCH_REPS		5
#define ARENA_PAGES		4096UL	/* 16 MiB, rebuilt for every run */
#define TRACE_OPS		16384	/* steps of the malloc/free trace */
#define TRACE_SLOTS		256	/* live blocks at most */
#define TRACE_SEED		0x2545f4914f6cdd1dULL
#define PAIR_OPS		8192	/* malloc+free pairs */
#define PAIR_SIZE		64
#define PAGE_PAIR_OPS		1024	/* palloc(1)+pfree pairs */
#define PAGE_TRACE_BLOCKS	128	/* blocks of 1..PAGE_TRACE_MAX pages */
#define PAGE_TRACE_MAX		8
#define COUNTER_READS		1000

/* Backends measured, when the image has them. */
static const char *const backends[] = { "bbuddy", "region" };

static inline uint64_t now(void)
{
	return ukplat_time_counter();
}

static uint64_t rng_state;

/* xorshift64: the same sequence on every run and architecture. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* 70% 16..256 B, 25% 257..2048 B, 5% 2049..8192 B. */
static size_t trace_size(uint64_t r)
{
	unsigned int pick = r % 100;

	r >>= 8;
	if (pick < 70)
		return 16 + r % 241;
	if (pick < 95)
		return 257 + r % 1792;
	return 2049 + r % 6144;
}

static void *slots[TRACE_SLOTS];

/* Returns the number of allocator calls, or -ENOMEM. */
static long bench_trace(struct uk_alloc *a)
{
	long ops = 0;
	int i;

	memset(slots, 0, sizeof(slots));
	rng_state = TRACE_SEED;
	for (i = 0; i < TRACE_OPS; i++) {
		uint64_t r = rnd();
		unsigned int s = (r >> 40) % TRACE_SLOTS;

		if (slots[s]) {
			uk_free(a, slots[s]);
			slots[s] = NULL;
		} else {
			slots[s] = uk_malloc(a, trace_size(r));
			if (!slots[s])
				return -ENOMEM;
			*(volatile char *)slots[s] = (char)i;
		}
		ops++;
	}
	for (i = 0; i < TRACE_SLOTS; i++) {
		if (slots[i]) {
			uk_free(a, slots[i]);
			ops++;
		}
	}
	return ops;
}

static long bench_pair(struct uk_alloc *a)
{
	int i;

	for (i = 0; i < PAIR_OPS; i++) {
		void *p = uk_malloc(a, PAIR_SIZE);

		if (!p)
			return -ENOMEM;
		*(volatile char *)p = (char)i;
		uk_free(a, p);
	}
	return 2L * PAIR_OPS;
}

static long bench_page_pair(struct uk_alloc *a)
{
	int i;

	for (i = 0; i < PAGE_PAIR_OPS; i++) {
		void *p = uk_palloc(a, 1);

		if (!p)
			return -ENOMEM;
		*(volatile char *)p = (char)i;
		uk_pfree(a, p, 1);
	}
	return 2L * PAGE_PAIR_OPS;
}

static void *pblk[PAGE_TRACE_BLOCKS];
static unsigned long pnum[PAGE_TRACE_BLOCKS];

/* Allocate blocks of 1..8 pages, then free them in a shuffled order. */
static long bench_page_trace(struct uk_alloc *a)
{
	int i;

	rng_state = TRACE_SEED;
	for (i = 0; i < PAGE_TRACE_BLOCKS; i++) {
		pnum[i] = 1 + rnd() % PAGE_TRACE_MAX;
		pblk[i] = uk_palloc(a, pnum[i]);
		if (!pblk[i])
			return -ENOMEM;
	}
	for (i = PAGE_TRACE_BLOCKS - 1; i >= 0; i--) {
		int j = rnd() % (i + 1);
		void *p = pblk[j];
		unsigned long n = pnum[j];

		pblk[j] = pblk[i];
		pnum[j] = pnum[i];
		uk_pfree(a, p, n);
	}
	return 2L * PAGE_TRACE_BLOCKS;
}

struct bench {
	const char *name;
	long (*run)(struct uk_alloc *a);
	bool pages;	/* needs palloc/pfree */
};

static const struct bench benches[] = {
	{ "malloc-free-trace", bench_trace, false },
	{ "malloc-free-64B", bench_pair, false },
	{ "page-alloc-free-1", bench_page_pair, true },
	{ "page-alloc-free-trace", bench_page_trace, true },
};

static uint64_t ticks[BENCH_REPS];

static int run_bench(const struct uk_alloc_backend *be, void *arena,
		     const struct bench *b)
{
	long ops = 0;
	int r;

	for (r = 0; r < BENCH_REPS; r++) {
		struct uk_alloc *a = be->init(arena, ARENA_PAGES * UK_PAGE_SIZE);
		uint64_t t0, t1;

		if (!a) {
			printf("bench: %s: init failed\n", be->name);
			return -ENOMEM;
		}
		if (b->pages && (!a->ops.palloc || !a->ops.pfree))
			return 0;
		t0 = now();
		ops = b->run(a);
		t1 = now();
		if (ops < 0) {
			printf("bench: %s/%s: out of memory\n", be->name,
			       b->name);
			return -ENOMEM;
		}
		ticks[r] = t1 - t0;
	}
	printf("KAST-BENCH v=1 name=%s/%s ops=%ld ticks=", be->name, b->name,
	       ops);
	for (r = 0; r < BENCH_REPS; r++)
		printf("%s%llu", r ? "," : "", (unsigned long long)ticks[r]);
	printf("\n");
	return 0;
}

static void bench_clock(void)
{
	uint64_t best = ~0ULL;
	int i;

	for (i = 0; i < COUNTER_READS; i++) {
		uint64_t t0 = now(), t1 = now();

		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("KAST-BENCH-CLOCK v=1 hz=%llu read_ticks=%llu\n",
	       (unsigned long long)ukplat_time_counter_freq(),
	       (unsigned long long)best);
}

int main(int argc, char *argv[])
{
	struct uk_alloc *def = uk_alloc_get_default();
	unsigned int i, j;
	int rc = 0;
	void *arena;

	if (!def) {
		printf("bench: no default allocator\n");
		return 1;
	}
	arena = uk_palloc(def, ARENA_PAGES);
	if (!arena) {
		printf("bench: cannot get a %lu KiB arena\n",
		       ARENA_PAGES * UK_PAGE_SIZE / 1024);
		return 1;
	}
	bench_clock();
	for (i = 0; i < UK_ARRAY_SIZE(backends); i++) {
		const struct uk_alloc_backend *be =
			uk_alloc_backend_find(backends[i]);

		if (!be)
			continue;
		for (j = 0; j < UK_ARRAY_SIZE(benches); j++)
			if (run_bench(be, arena, &benches[j]) < 0)
				rc = 1;
	}
	uk_pfree(def, arena, ARENA_PAGES);
	printf("KAST-BENCH-DONE\n");
	return rc;
}
