/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Condition variables, used with a uk_mutex: wait() releases the mutex and
 * blocks in one step (no signal is lost in between), and owns the mutex
 * again when it returns. Spurious returns are possible: wait in a loop on
 * the predicate.
 */
#ifndef __UK_CONDVAR_H__
#define __UK_CONDVAR_H__

#include <uk/essentials.h>
#include <uk/mutex.h>
#include <uk/wait.h>
#include <uk/plat/time.h>

struct uk_condvar {
	struct uk_waitq wq;
};

#define UK_CONDVAR_INITIALIZER(c) { .wq = UK_WAITQ_INITIALIZER((c).wq) }

static inline void uk_condvar_init(struct uk_condvar *c)
{
	uk_waitq_init(&c->wq);
}

/*
 * Release @m (owned by the caller), wait for a signal, take @m again.
 * 0, or -EPERM when the caller does not own @m.
 */
int uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m);

/* As uk_condvar_wait(), waiting at most @ns nanoseconds: -ETIMEDOUT. */
int uk_condvar_wait_timeout(struct uk_condvar *c, struct uk_mutex *m,
			    __nsec ns);

/*
 * As uk_condvar_wait(), until monotonic time @deadline (0: none;
 * -ETIMEDOUT) and ending with -EINTR as soon as @intr() (may be NULL) is
 * true: for system calls that a signal interrupts.
 */
int uk_condvar_wait_intr(struct uk_condvar *c, struct uk_mutex *m,
			 __nsec deadline, bool (*intr)(void));

/* Wake one waiter of @c. */
void uk_condvar_signal(struct uk_condvar *c);

/* Wake every waiter of @c. */
void uk_condvar_broadcast(struct uk_condvar *c);

#endif /* __UK_CONDVAR_H__ */
