/* SPDX-License-Identifier: BSD-3-Clause */
/* Host implementations of the platform and scheduler calls the file
 * layer makes, for host tests and fuzz targets. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <uk/plat/time.h>

size_t host_alloc_avail = 1UL << 30;
pthread_mutex_t host_waitq_lock = PTHREAD_MUTEX_INITIALIZER;

struct uk_waitq;
int host_waitq_wait(struct uk_waitq *wq, __nsec deadline);

__nsec ukplat_monotonic_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec;
}

__nsec ukplat_wall_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec;
}

/* The queue's condition uses the realtime clock: convert the deadline. */
int host_waitq_wait(struct uk_waitq *wq, __nsec deadline)
{
	pthread_cond_t *c = (pthread_cond_t *)wq;
	struct timespec ts;
	__nsec now, wall;

	if (!deadline)
		return -pthread_cond_wait(c, &host_waitq_lock);
	now = ukplat_monotonic_clock();
	if (deadline <= now)
		return -ETIMEDOUT;
	wall = ukplat_wall_clock() + (deadline - now);
	ts.tv_sec = (time_t)(wall / UKPLAT_NSEC_PER_SEC);
	ts.tv_nsec = (long)(wall % UKPLAT_NSEC_PER_SEC);
	return -pthread_cond_timedwait(c, &host_waitq_lock, &ts);
}

void uk_thread_sleep(__nsec ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / UKPLAT_NSEC_PER_SEC),
		.tv_nsec = (long)(ns % UKPLAT_NSEC_PER_SEC),
	};

	nanosleep(&ts, NULL);
}

uint64_t ukplat_entropy(void)
{
	return ukplat_monotonic_clock() * 0x9e3779b97f4a7c15ULL;
}
