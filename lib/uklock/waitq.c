/* SPDX-License-Identifier: BSD-3-Clause */
/* Wait queues on top of the scheduler's block/wake primitives. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>

/*
 * The entry lives on the waiter's stack; it is off the queue again (taken
 * by a waker, or removed at the timeout) before this function returns.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
int uk_waitq_wait_locked(struct uk_waitq *wq, __nsec deadline)
{
	return uk_waitq_wait_locked_intr(wq, deadline, NULL);
}

int uk_waitq_wait_locked_intr(struct uk_waitq *wq, __nsec deadline,
			      bool (*intr)(void))
{
	struct uk_waitq_entry e = {
		.thread = uk_thread_current(),
		.woken = false,
	};

	UK_ASSERT(e.thread && ukplat_lcpu_irqs_disabled());
	uk_list_add_tail(&e.link, &wq->waiters);
	while (!e.woken) {
		if (intr && intr()) {
			uk_list_del(&e.link);
			return -EINTR;
		}
		/* other wake-ups (not from this queue) just loop */
		if (uk_thread_block_until(deadline) == -ETIMEDOUT &&
		    !e.woken) {
			uk_list_del(&e.link);
			return -ETIMEDOUT;
		}
	}
	return 0;
}
#pragma GCC diagnostic pop

/* Take the first waiter off @wq and wake it; interrupts disabled. */
static struct uk_thread *wake_first(struct uk_waitq *wq)
{
	struct uk_waitq_entry *e;

	if (uk_list_empty(&wq->waiters))
		return NULL;
	e = uk_list_first_entry(&wq->waiters, struct uk_waitq_entry, link);
	uk_list_del(&e->link);
	e->woken = true;
	uk_thread_wake(e->thread);
	return e->thread;
}

struct uk_thread *uk_waitq_wake_one(struct uk_waitq *wq)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct uk_thread *t = wake_first(wq);

	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
	return t;
}

unsigned int uk_waitq_wake_all(struct uk_waitq *wq)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned int n = 0;

	while (wake_first(wq))
		n++;
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
	return n;
}
