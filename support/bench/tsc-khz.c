/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host helper for support/scripts/bench (x86_64 hosts): prints the TSC
 * frequency in kHz, measured against CLOCK_MONOTONIC_RAW. Under TCG a
 * guest's TSC runs at the host's rate, so this converts guest counter
 * values to time; it is also Linux's tsc_early_khz= for the baseline.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

#define WINDOW_NS	100000000LL	/* 100 ms per sample */
#define SAMPLES		3
#define NS_PER_SEC	1000000000LL

static int64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* One (TSC, ns) pair, taking the read with the shortest bracket. */
static void pair(uint64_t *tsc, int64_t *ns)
{
	int64_t best = -1;
	int i;

	for (i = 0; i < 16; i++) {
		int64_t a = ns_now();
		uint64_t t = __rdtsc();
		int64_t b = ns_now();

		if (best < 0 || b - a < best) {
			best = b - a;
			*tsc = t;
			*ns = a + (b - a) / 2;
		}
	}
}

int main(void)
{
	uint64_t khz[SAMPLES], t0, t1, tmp;
	int64_t n0, n1;
	struct timespec w = { 0, WINDOW_NS };
	int i, j;

	for (i = 0; i < SAMPLES; i++) {
		pair(&t0, &n0);
		nanosleep(&w, NULL);
		pair(&t1, &n1);
		khz[i] = (t1 - t0) * 1000000ULL / (uint64_t)(n1 - n0);
	}
	for (i = 0; i < SAMPLES; i++)
		for (j = i + 1; j < SAMPLES; j++)
			if (khz[j] < khz[i]) {
				tmp = khz[i];
				khz[i] = khz[j];
				khz[j] = tmp;
			}
	printf("%llu\n", (unsigned long long)khz[SAMPLES / 2]);
	return 0;
}
