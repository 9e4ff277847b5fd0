/* SPDX-License-Identifier: BSD-3-Clause */
/* Host stand-in for lib/uklock's <uk/mutex.h>: pthread mutexes. */
#ifndef __UK_MUTEX_H__
#define __UK_MUTEX_H__

#include <pthread.h>
#include <uk/essentials.h>

#define UK_MUTEX_RECURSIVE	0x1

/* Always recursive on the host: the kernel's -EDEADLK is not modelled. */
struct uk_mutex {
	pthread_mutex_t m;
};

#define UK_MUTEX_INITIALIZER(m_, fl) \
	{ .m = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP }

static inline void uk_mutex_init_flags(struct uk_mutex *m, unsigned int fl)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m->m, &a);
	pthread_mutexattr_destroy(&a);
}

static inline void uk_mutex_init(struct uk_mutex *m)
{
	uk_mutex_init_flags(m, 0);
}

static inline int uk_mutex_lock(struct uk_mutex *m)
{
	return -pthread_mutex_lock(&m->m);
}

static inline int uk_mutex_unlock(struct uk_mutex *m)
{
	return -pthread_mutex_unlock(&m->m);
}

#endif
