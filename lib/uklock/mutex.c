/* SPDX-License-Identifier: BSD-3-Clause */
/* Mutexes with direct hand-off to the longest waiter. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/mutex.h>
#include <uk/plat/lcpu.h>

void uk_mutex_init_flags(struct uk_mutex *m, unsigned int flags)
{
	m->owner = NULL;
	m->depth = 0;
	m->flags = flags;
	uk_waitq_init(&m->wq);
}

/* @deadline: 0 waits forever; @try: never block. */
static int mutex_lock(struct uk_mutex *m, __nsec deadline, bool try)
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags;
	int rc = 0;

	UK_ASSERT(cur);
	flags = ukplat_lcpu_save_irqf();
	if (!m->owner) {
		m->owner = cur;
		m->depth = 1;
	} else if (m->owner == cur) {
		if (m->flags & UK_MUTEX_RECURSIVE)
			m->depth++;
		else
			rc = -EDEADLK;
	} else if (try) {
		rc = -EBUSY;
	} else {
		/* on success the unlocker made us the owner */
		rc = uk_waitq_wait_locked(&m->wq, deadline);
		UK_ASSERT(rc < 0 || m->owner == cur);
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int uk_mutex_lock(struct uk_mutex *m)
{
	return mutex_lock(m, 0, false);
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	return mutex_lock(m, 0, true);
}

int uk_mutex_lock_timeout(struct uk_mutex *m, __nsec ns)
{
	return mutex_lock(m, uk_deadline_after(ns), false);
}

int uk_mutex_unlock(struct uk_mutex *m)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = 0;

	if (m->owner != uk_thread_current() || !m->owner) {
		rc = -EPERM;
	} else if (--m->depth == 0) {
		m->owner = uk_waitq_wake_one(&m->wq);
		if (m->owner)
			m->depth = 1;
	}
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
	return rc;
}
