/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cooperative round-robin scheduler: one FIFO of runnable threads. A
 * thread runs until it yields, blocks or exits; it then goes to the tail
 * (if still runnable) and the head runs. No preemption, no priorities.
 */
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/sched.h>

struct schedcoop {
	struct uk_sched sched;
	struct uk_list_head runq;
};

static inline struct schedcoop *to_coop(struct uk_sched *s)
{
	return __containerof(s, struct schedcoop, sched);
}

static void coop_enqueue(struct uk_sched *s, struct uk_thread *t)
{
	uk_list_add_tail(&t->rq_link, &to_coop(s)->runq);
}

static void coop_remove(struct uk_sched *s, struct uk_thread *t)
{
	uk_list_del(&t->rq_link);	/* no-op when not queued */
}

static void coop_block(struct uk_sched *s, struct uk_thread *t)
{
	/* the current thread is never queued */
}

static struct uk_thread *coop_yield(struct uk_sched *s,
				   struct uk_thread *prev)
{
	struct schedcoop *c = to_coop(s);
	struct uk_thread *next;

	if (prev)
		uk_list_add_tail(&prev->rq_link, &c->runq);
	if (uk_list_empty(&c->runq))
		return NULL;
	next = uk_list_first_entry(&c->runq, struct uk_thread, rq_link);
	uk_list_del(&next->rq_link);
	return next;
}

static const struct uk_sched_ops coop_ops = {
	.thread_add = coop_enqueue,
	.thread_remove = coop_remove,
	.thread_block = coop_block,
	.thread_wake = coop_enqueue,
	.yield = coop_yield,
};

static struct uk_sched *coop_create(struct uk_alloc *a)
{
	struct schedcoop *c = uk_calloc(a, 1, sizeof(*c));

	if (!c)
		return NULL;
	if (uk_sched_init(&c->sched, "coop", &coop_ops, a) < 0) {
		uk_free(a, c);
		return NULL;
	}
	uk_list_init(&c->runq);
	return &c->sched;
}

UK_SCHED_REGISTER(coop, coop_create);
