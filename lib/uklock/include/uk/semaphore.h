/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counting semaphores. down() takes a unit, blocking while there is none;
 * up() gives one back, directly to the longest waiter if any (FIFO).
 * up() is safe in interrupt handlers; the down() forms are for threads.
 */
#ifndef __UK_SEMAPHORE_H__
#define __UK_SEMAPHORE_H__

#include <uk/essentials.h>
#include <uk/wait.h>
#include <uk/plat/time.h>

struct uk_semaphore {
	long count;			/* units available */
	struct uk_waitq wq;
};

#define UK_SEMAPHORE_INITIALIZER(s, n)					\
	{ .count = (n), .wq = UK_WAITQ_INITIALIZER((s).wq) }

/* Initialize @s with @count units (>= 0). */
void uk_semaphore_init(struct uk_semaphore *s, long count);

/* Take one unit, blocking until there is one. */
void uk_semaphore_down(struct uk_semaphore *s);

/* Take one unit if there is one: 0, or -EAGAIN. */
int uk_semaphore_down_try(struct uk_semaphore *s);

/* Take one unit, blocking at most @ns nanoseconds: 0 or -ETIMEDOUT. */
int uk_semaphore_down_timeout(struct uk_semaphore *s, __nsec ns);

/*
 * Take one unit, blocking at most @ns nanoseconds (0: no limit) and only
 * while @intr() is false (see uk_waitq_wait_locked_intr()): 0,
 * -ETIMEDOUT or -EINTR (no unit taken).
 */
int uk_semaphore_down_intr(struct uk_semaphore *s, __nsec ns,
			   bool (*intr)(void));

/* Give one unit back (to the longest waiter, if any). */
void uk_semaphore_up(struct uk_semaphore *s);

#endif /* __UK_SEMAPHORE_H__ */
