/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host stand-in for lib/uklock's <uk/wait.h>: one process-wide pthread
 * mutex and a condition per queue; deadlines on the monotonic clock.
 */
#ifndef __UK_WAIT_H__
#define __UK_WAIT_H__

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>

extern pthread_mutex_t host_waitq_lock;

struct uk_waitq {
	pthread_cond_t c;
};

#define UK_WAITQ_INITIALIZER(wq) { .c = PTHREAD_COND_INITIALIZER }

static inline __nsec uk_deadline_after(__nsec ns)
{
	__nsec now = ukplat_monotonic_clock();

	return now + ns < now ? (__nsec)-1 : now + ns;
}

static inline unsigned int uk_waitq_wake_all(struct uk_waitq *wq)
{
	pthread_mutex_lock(&host_waitq_lock);
	pthread_cond_broadcast(&wq->c);
	pthread_mutex_unlock(&host_waitq_lock);
	return 0;
}

/* Wait for @wq's broadcast until @deadline (monotonic ns, 0: none). */
int host_waitq_wait(struct uk_waitq *wq, __nsec deadline);

#define uk_waitq_wait_event_deadline(wq, cond, deadline)		\
	({								\
		int __rc = 0;						\
									\
		pthread_mutex_lock(&host_waitq_lock);			\
		while (!(cond)) {					\
			if (host_waitq_wait((wq), (deadline)) < 0 &&	\
			    !(cond)) {					\
				__rc = -ETIMEDOUT;			\
				break;					\
			}						\
		}							\
		pthread_mutex_unlock(&host_waitq_lock);			\
		__rc;							\
	})

/* Interrupted when @intr (NULL: never) returns true: -EINTR. */
#define uk_waitq_wait_event_deadline_intr(wq, cond, deadline, intr)	\
	({								\
		bool (*__intr)(void) = (intr);				\
		int __rc = 0;						\
									\
		pthread_mutex_lock(&host_waitq_lock);			\
		while (!(cond)) {					\
			if (__intr && __intr()) {			\
				__rc = -EINTR;				\
				break;					\
			}						\
			if (host_waitq_wait((wq), (deadline)) < 0 &&	\
			    !(cond)) {					\
				__rc = -ETIMEDOUT;			\
				break;					\
			}						\
		}							\
		pthread_mutex_unlock(&host_waitq_lock);			\
		__rc;							\
	})

#endif
