/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wait queues: threads block on a queue until another thread (or an
 * interrupt handler) wakes them, or until a timeout. Wake-ups are FIFO.
 * A timeout is served by the scheduler's sleep queue and one-shot timer.
 *
 *	waiter:	uk_waitq_wait_event(&wq, ready);
 *	waker:	ready = 1; uk_waitq_wake_all(&wq);
 *
 * Single CPU: the queue is protected by disabling interrupts; checking a
 * condition and queueing happen with interrupts off, so no wake-up is lost.
 */
#ifndef __UK_WAIT_H__
#define __UK_WAIT_H__

#include <errno.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

struct uk_waitq {
	struct uk_list_head waiters;	/* struct uk_waitq_entry, FIFO */
};

/* One blocked thread; lives on its stack while it waits. */
struct uk_waitq_entry {
	struct uk_list_head link;
	struct uk_thread *thread;
	bool woken;			/* taken off the queue by a waker */
};

#define UK_WAITQ_INITIALIZER(wq) { UK_LIST_HEAD_INIT((wq).waiters) }

static inline void uk_waitq_init(struct uk_waitq *wq)
{
	uk_list_init(&wq->waiters);
}

/* True when no thread waits on @wq. */
static inline bool uk_waitq_empty(const struct uk_waitq *wq)
{
	return uk_list_empty(&wq->waiters);
}

/* Absolute monotonic deadline @ns from now (saturating). */
static inline __nsec uk_deadline_after(__nsec ns)
{
	__nsec now = ukplat_monotonic_clock();

	return now + ns < now ? (__nsec)-1 : now + ns;
}

/*
 * Block the calling thread on @wq until a waker takes it off the queue
 * (0) or monotonic time @deadline passes (-ETIMEDOUT; 0: no deadline).
 * Interrupts must be disabled; they still are on return.
 */
int uk_waitq_wait_locked(struct uk_waitq *wq, __nsec deadline);

/*
 * As uk_waitq_wait_locked(), and also -EINTR as soon as @intr() is true
 * (asked before blocking and after every wake-up, whoever woke the
 * thread): how a system call's wait ends for a signal.
 */
int uk_waitq_wait_locked_intr(struct uk_waitq *wq, __nsec deadline,
			      bool (*intr)(void));

/*
 * Wake the longest-waiting thread of @wq; returns it, or NULL when none
 * waits. Safe in interrupt handlers.
 */
struct uk_thread *uk_waitq_wake_one(struct uk_waitq *wq);

/* Wake every waiter of @wq; returns how many. Safe in interrupt handlers. */
unsigned int uk_waitq_wake_all(struct uk_waitq *wq);

/*
 * Wait on @wq until @cond is true: 0, or -ETIMEDOUT when @deadline
 * (absolute, 0: none) passes first. @cond is evaluated with interrupts
 * disabled, before each block and after each wake-up.
 */
#define uk_waitq_wait_event_deadline(wq, cond, deadline)		\
	({								\
		unsigned long __flags = ukplat_lcpu_save_irqf();	\
		int __rc = 0;						\
									\
		while (!(cond)) {					\
			if (uk_waitq_wait_locked((wq), (deadline)) < 0 && \
			    !(cond)) {					\
				__rc = -ETIMEDOUT;			\
				break;					\
			}						\
		}							\
		ukplat_lcpu_restore_irqf(__flags);			\
		__rc;							\
	})

/*
 * As uk_waitq_wait_event_deadline(), and also -EINTR as soon as @intr
 * (NULL: never) returns true: a system call's wait that a signal ends.
 */
#define uk_waitq_wait_event_deadline_intr(wq, cond, deadline, intr)	\
	({								\
		unsigned long __flags = ukplat_lcpu_save_irqf();	\
		int __rc = 0;						\
									\
		while (!(cond)) {					\
			__rc = uk_waitq_wait_locked_intr((wq), (deadline), \
							 (intr));	\
			if (__rc == -EINTR)				\
				break;					\
			if (__rc < 0 && !(cond))			\
				break;					\
			__rc = 0;					\
		}							\
		ukplat_lcpu_restore_irqf(__flags);			\
		__rc;							\
	})

/* Wait on @wq until @cond is true, at most @ns nanoseconds. */
#define uk_waitq_wait_event_timeout(wq, cond, ns)			\
	uk_waitq_wait_event_deadline(wq, cond, uk_deadline_after(ns))

/* Wait on @wq until @cond is true. */
#define uk_waitq_wait_event(wq, cond)					\
	((void)uk_waitq_wait_event_deadline(wq, cond, 0))

#endif /* __UK_WAIT_H__ */
