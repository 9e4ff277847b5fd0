/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduler microbenchmarks, timed with ukplat_time_counter(). Each test
 * takes SAMPLES samples and prints one line
 *   KAST-SCHEDBENCH v=1 sched=<backend> test=<name> unit=ns|ticks
 *     samples=<n> median=<v> p10=<v> p90=<v> min=<v> max=<v>
 * (one line; unit is ticks when the counter frequency is unknown), then
 * KAST-SCHEDBENCH-DONE. Tests:
 *   yield_roundtrip  main yields to a partner that yields straight back
 *   create_join      create a thread that returns at once, join it
 *   mutex_pair       uncontended lock + unlock (mean of a batch)
 *   sleep_latency    how late a 1 ms sleep returns
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/essentials.h>
#include <uk/sched.h>
#include <uk/mutex.h>
#include <uk/plat/time.h>

#define SAMPLES		501
#define SLEEP_SAMPLES	101
#define MUTEX_BATCH	100
#define SLEEP_NS	UKPLAT_NSEC_PER_MSEC

static uint64_t samples[SAMPLES];

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Counter ticks to nanoseconds (0 Hz: leave ticks). */
static uint64_t to_unit(uint64_t ticks, uint64_t hz)
{
	return hz ? ticks * UKPLAT_NSEC_PER_SEC / hz : ticks;
}

static void report(const char *name, uint64_t *v, unsigned int n)
{
	uint64_t hz = ukplat_time_counter_freq();

	qsort(v, n, sizeof(*v), cmp_u64);
	printf("KAST-SCHEDBENCH v=1 sched=%s test=%s unit=%s samples=%u "
	       "median=%llu p10=%llu p90=%llu min=%llu max=%llu\n",
	       uk_sched_get_default()->name, name, hz ? "ns" : "ticks", n,
	       (unsigned long long)to_unit(v[n / 2], hz),
	       (unsigned long long)to_unit(v[n / 10], hz),
	       (unsigned long long)to_unit(v[n - 1 - n / 10], hz),
	       (unsigned long long)to_unit(v[0], hz),
	       (unsigned long long)to_unit(v[n - 1], hz));
}

static volatile bool partner_stop;

static void *partner(void *arg)
{
	while (!partner_stop)
		uk_sched_yield();
	return NULL;
}

static int bench_yield(void)
{
	struct uk_thread *t;
	unsigned int i;
	int rc;

	partner_stop = false;
	rc = uk_thread_create(&t, "partner", partner, NULL, 0);
	if (rc < 0)
		return rc;
	uk_sched_yield();	/* let the partner start */
	for (i = 0; i < SAMPLES; i++) {
		uint64_t t0 = ukplat_time_counter();

		uk_sched_yield();
		samples[i] = ukplat_time_counter() - t0;
	}
	partner_stop = true;
	uk_thread_join(t, NULL);
	report("yield_roundtrip", samples, SAMPLES);
	return 0;
}

static void *nothing(void *arg)
{
	return arg;
}

static int bench_create_join(void)
{
	struct uk_thread *t;
	unsigned int i;
	int rc;

	for (i = 0; i < SAMPLES; i++) {
		uint64_t t0 = ukplat_time_counter();

		rc = uk_thread_create(&t, "bench", nothing, NULL, 0);
		if (rc < 0)
			return rc;
		uk_thread_join(t, NULL);
		samples[i] = ukplat_time_counter() - t0;
	}
	report("create_join", samples, SAMPLES);
	return 0;
}

static int bench_mutex(void)
{
	struct uk_mutex m;
	unsigned int i, j;

	uk_mutex_init(&m);
	for (i = 0; i < SAMPLES; i++) {
		uint64_t t0 = ukplat_time_counter();

		for (j = 0; j < MUTEX_BATCH; j++) {
			uk_mutex_lock(&m);
			uk_mutex_unlock(&m);
		}
		samples[i] = (ukplat_time_counter() - t0) / MUTEX_BATCH;
	}
	report("mutex_pair", samples, SAMPLES);
	return 0;
}

static int bench_sleep(void)
{
	uint64_t hz = ukplat_time_counter_freq();
	unsigned int i;

	for (i = 0; i < SLEEP_SAMPLES; i++) {
		__nsec t0 = ukplat_monotonic_clock(), late;

		uk_thread_sleep(SLEEP_NS);
		late = ukplat_monotonic_clock() - t0 - SLEEP_NS;
		/* report() converts ticks to ns: hand it ticks */
		samples[i] = hz ? late * hz / UKPLAT_NSEC_PER_SEC : late;
	}
	report("sleep_latency", samples, SLEEP_SAMPLES);
	return 0;
}

int main(int argc, char *argv[])
{
	int rc;

	printf("schedbench: scheduler %s, counter %llu Hz\n",
	       uk_sched_get_default()->name,
	       (unsigned long long)ukplat_time_counter_freq());
	rc = bench_yield();
	rc = rc ?: bench_create_join();
	rc = rc ?: bench_mutex();
	rc = rc ?: bench_sleep();
	if (rc < 0) {
		printf("schedbench: failed: %d\n", rc);
		return 1;
	}
	printf("KAST-SCHEDBENCH-DONE\n");
	return 0;
}
