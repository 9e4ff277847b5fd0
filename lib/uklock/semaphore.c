/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting semaphores with direct hand-off to the longest waiter. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/plat/lcpu.h>

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	UK_ASSERT(count >= 0);
	s->count = count;
	uk_waitq_init(&s->wq);
}

/* @deadline: 0 waits forever; @try: never block. */
static int sem_down(struct uk_semaphore *s, __nsec deadline, bool try)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = 0;

	if (s->count > 0)
		s->count--;
	else if (try)
		rc = -EAGAIN;
	else	/* on success up() handed its unit to us */
		rc = uk_waitq_wait_locked(&s->wq, deadline);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	(void)sem_down(s, 0, false);
}

int uk_semaphore_down_try(struct uk_semaphore *s)
{
	return sem_down(s, 0, true);
}

int uk_semaphore_down_timeout(struct uk_semaphore *s, __nsec ns)
{
	return sem_down(s, uk_deadline_after(ns), false);
}

int uk_semaphore_down_intr(struct uk_semaphore *s, __nsec ns,
			   bool (*intr)(void))
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = 0;

	if (s->count > 0)
		s->count--;
	else	/* a unit handed over wins over an interruption */
		rc = uk_waitq_wait_locked_intr(&s->wq,
					       ns ? uk_deadline_after(ns) : 0,
					       intr);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	if (!uk_waitq_wake_one(&s->wq))
		s->count++;
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
}
