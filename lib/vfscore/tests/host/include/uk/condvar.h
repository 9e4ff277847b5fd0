/* SPDX-License-Identifier: BSD-3-Clause */
/* Host stand-in for lib/uklock's <uk/condvar.h>: pthread conditions. */
#ifndef __UK_CONDVAR_H__
#define __UK_CONDVAR_H__

#include <uk/mutex.h>

struct uk_condvar {
	pthread_cond_t c;
};

static inline void uk_condvar_init(struct uk_condvar *c)
{
	pthread_cond_init(&c->c, NULL);
}

static inline int uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m)
{
	return -pthread_cond_wait(&c->c, &m->m);
}

/* host tests have no signals: @intr and deadlines are not used */
static inline int uk_condvar_wait_intr(struct uk_condvar *c,
				       struct uk_mutex *m,
				       unsigned long long deadline,
				       bool (*intr)(void))
{
	(void)deadline;
	(void)intr;
	return -pthread_cond_wait(&c->c, &m->m);
}

static inline void uk_condvar_signal(struct uk_condvar *c)
{
	pthread_cond_signal(&c->c);
}

static inline void uk_condvar_broadcast(struct uk_condvar *c)
{
	pthread_cond_broadcast(&c->c);
}

#endif
