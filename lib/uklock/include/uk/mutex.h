/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutexes: sleeping locks owned by one thread, optionally recursive.
 * Waiters get the mutex in FIFO order: unlock hands it to the longest
 * waiter directly, so a thread that unlocks and locks again in a loop
 * cannot starve the others. Threads only (never interrupt handlers).
 */
#ifndef __UK_MUTEX_H__
#define __UK_MUTEX_H__

#include <uk/essentials.h>
#include <uk/wait.h>
#include <uk/plat/time.h>

#define UK_MUTEX_RECURSIVE	0x1	/* the owner may lock it again */

struct uk_mutex {
	struct uk_thread *owner;	/* NULL when free */
	unsigned int depth;		/* locks held by the owner */
	unsigned int flags;		/* UK_MUTEX_* */
	struct uk_waitq wq;
};

#define UK_MUTEX_INITIALIZER(m, fl)					\
	{ .owner = NULL, .depth = 0, .flags = (fl),			\
	  .wq = UK_WAITQ_INITIALIZER((m).wq) }

/* Initialize @m as free; @flags is 0 or UK_MUTEX_RECURSIVE. */
void uk_mutex_init_flags(struct uk_mutex *m, unsigned int flags);

/* Initialize @m as a free, non-recursive mutex. */
static inline void uk_mutex_init(struct uk_mutex *m)
{
	uk_mutex_init_flags(m, 0);
}

/*
 * Lock @m, blocking while another thread owns it. 0, or -EDEADLK when the
 * caller owns a non-recursive @m already.
 */
int uk_mutex_lock(struct uk_mutex *m);

/* Lock @m without blocking: 0, -EBUSY (owned elsewhere) or -EDEADLK. */
int uk_mutex_trylock(struct uk_mutex *m);

/* Lock @m, blocking at most @ns nanoseconds: 0, -ETIMEDOUT or -EDEADLK. */
int uk_mutex_lock_timeout(struct uk_mutex *m, __nsec ns);

/* Unlock @m once; 0, or -EPERM when the caller does not own it. */
int uk_mutex_unlock(struct uk_mutex *m);

/* True while some thread owns @m. */
static inline bool uk_mutex_is_locked(const struct uk_mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}

#endif /* __UK_MUTEX_H__ */
