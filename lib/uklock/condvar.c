/* SPDX-License-Identifier: BSD-3-Clause */
/* Condition variables over a wait queue and a uk_mutex. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/condvar.h>
#include <uk/plat/lcpu.h>

static int cond_wait(struct uk_condvar *c, struct uk_mutex *m,
		     __nsec deadline, bool (*intr)(void))
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned int depth;
	int rc;

	if (!cur || m->owner != cur) {
		ukplat_lcpu_restore_irqf(flags);
		return -EPERM;
	}
	/* release the mutex completely, even if locked recursively */
	depth = m->depth;
	m->owner = uk_waitq_wake_one(&m->wq);
	m->depth = m->owner ? 1 : 0;
	rc = uk_waitq_wait_locked_intr(&c->wq, deadline, intr);
	/* interrupts are still disabled: the nested save/restore keeps them */
	uk_mutex_lock(m);
	m->depth = depth;
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m)
{
	return cond_wait(c, m, 0, NULL);
}

int uk_condvar_wait_intr(struct uk_condvar *c, struct uk_mutex *m,
			 __nsec deadline, bool (*intr)(void))
{
	return cond_wait(c, m, deadline, intr);
}

int uk_condvar_wait_timeout(struct uk_condvar *c, struct uk_mutex *m,
			    __nsec ns)
{
	return cond_wait(c, m, uk_deadline_after(ns), NULL);
}

void uk_condvar_signal(struct uk_condvar *c)
{
	uk_waitq_wake_one(&c->wq);
}

void uk_condvar_broadcast(struct uk_condvar *c)
{
	uk_waitq_wake_all(&c->wq);
}
