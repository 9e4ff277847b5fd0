/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Preemptive scheduler: one FIFO per priority, the highest non-empty one
 * runs. Threads of the running thread's priority share the CPU in time
 * slices: while one of them waits, the backend asks the generic code for a
 * timer interrupt at the end of the slice (tickless otherwise), and the
 * timer interrupt then switches to the next one. A wake-up of a thread
 * with a higher priority than the running one preempts it at once.
 */
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#if CONFIG_LIBUKLIBPARAM
#include <uk/libparam.h>
#endif

#define PRIO_LEVELS	(UK_THREAD_PRIO_MAX - UK_THREAD_PRIO_MIN + 1)
#define SLICE_MS_MIN	1	/* kernel parameter values are clamped */
#define SLICE_MS_MAX	1000
UK_CTASSERT(PRIO_LEVELS <= 32);	/* one bit per level in `ready` */

static unsigned int slice_ms = CONFIG_LIBUKSCHEDPREEMPT_SLICE_MS;
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM(slice_ms, unsigned int);
#endif

struct schedpreempt {
	struct uk_sched sched;
	struct uk_list_head runq[PRIO_LEVELS];
	uint32_t ready;			/* bit p: runq[p] is not empty */
	__nsec slice;
};

static inline struct schedpreempt *to_sp(struct uk_sched *s)
{
	return __containerof(s, struct schedpreempt, sched);
}

static inline unsigned int level(const struct uk_thread *t)
{
	return t->prio - UK_THREAD_PRIO_MIN;
}

static bool queued(const struct uk_thread *t)
{
	return t->rq_link.next != &t->rq_link;
}

static void enqueue(struct schedpreempt *sp, struct uk_thread *t)
{
	uk_list_add_tail(&t->rq_link, &sp->runq[level(t)]);
	sp->ready |= 1U << level(t);
}

static void dequeue(struct schedpreempt *sp, struct uk_thread *t)
{
	uk_list_del(&t->rq_link);
	if (uk_list_empty(&sp->runq[level(t)]))
		sp->ready &= ~(1U << level(t));
}

/* Highest priority with a queued thread, or -1. */
static int top_prio(const struct schedpreempt *sp)
{
	if (!sp->ready)
		return -1;
	return 31 - __builtin_clz(sp->ready) + UK_THREAD_PRIO_MIN;
}

static void slice_start(struct schedpreempt *sp)
{
	sp->sched.slice_deadline = ukplat_monotonic_clock() + sp->slice;
}

/* Preempt for @t (just queued) if it outranks the running thread. */
static void check_preempt(struct schedpreempt *sp, struct uk_thread *t)
{
	struct uk_sched *s = &sp->sched;
	struct uk_thread *cur = s->current;

	if ((cur->flags & UK_THREAD_IDLE) || t->prio > cur->prio)
		s->need_resched = true;
	else if (t->prio == cur->prio && !s->slice_deadline)
		slice_start(sp);
}

static void sp_wake(struct uk_sched *s, struct uk_thread *t)
{
	enqueue(to_sp(s), t);
	check_preempt(to_sp(s), t);
}

static void sp_remove(struct uk_sched *s, struct uk_thread *t)
{
	if (queued(t))
		dequeue(to_sp(s), t);
}

static void sp_block(struct uk_sched *s, struct uk_thread *t)
{
	/* the current thread is never queued */
}

static struct uk_thread *sp_yield(struct uk_sched *s, struct uk_thread *prev)
{
	struct schedpreempt *sp = to_sp(s);
	struct uk_thread *next;
	int prio;

	if (prev)
		enqueue(sp, prev);
	prio = top_prio(sp);
	if (prio < 0) {
		s->slice_deadline = 0;
		return NULL;
	}
	next = uk_list_first_entry(&sp->runq[prio - UK_THREAD_PRIO_MIN],
				   struct uk_thread, rq_link);
	dequeue(sp, next);
	/* slices only matter while a thread of the same priority waits */
	if (top_prio(sp) >= next->prio)
		slice_start(sp);
	else
		s->slice_deadline = 0;
	return next;
}

static void sp_tick(struct uk_sched *s, __nsec now)
{
	struct schedpreempt *sp = to_sp(s);
	struct uk_thread *cur = s->current;

	if (cur->flags & UK_THREAD_IDLE) {
		s->slice_deadline = 0;	/* no slice while idle */
		if (sp->ready)
			s->need_resched = true;
		return;
	}
	if (!s->slice_deadline || now < s->slice_deadline)
		return;
	/*
	 * The slice is over: the switch starts the next one. Until then (the
	 * thread may hold preemption off for a while) no deadline is left
	 * in the past: the core would re-arm it, and a timer armed in the
	 * past fires at once, again and again, starving the thread that
	 * must reach uk_preempt_enable().
	 */
	s->slice_deadline = 0;
	if (top_prio(sp) >= cur->prio)
		s->need_resched = true;
}

static void sp_set_prio(struct uk_sched *s, struct uk_thread *t, int prio)
{
	struct schedpreempt *sp = to_sp(s);
	struct uk_thread *cur = s->current;
	bool was_queued = queued(t);

	if (was_queued)
		dequeue(sp, t);
	t->prio = prio;
	if (was_queued) {
		enqueue(sp, t);
		check_preempt(sp, t);
	} else if (t == cur && top_prio(sp) > prio) {
		s->need_resched = true;
	}
}

static const struct uk_sched_ops preempt_ops = {
	.thread_add = sp_wake,
	.thread_remove = sp_remove,
	.thread_block = sp_block,
	.thread_wake = sp_wake,
	.yield = sp_yield,
	.tick = sp_tick,
	.set_prio = sp_set_prio,
};

static struct uk_sched *preempt_create(struct uk_alloc *a)
{
	struct schedpreempt *sp = uk_calloc(a, 1, sizeof(*sp));
	unsigned int i;

	if (!sp)
		return NULL;
	if (uk_sched_init(&sp->sched, "preempt", &preempt_ops, a) < 0) {
		uk_free(a, sp);
		return NULL;
	}
	for (i = 0; i < PRIO_LEVELS; i++)
		uk_list_init(&sp->runq[i]);
	slice_ms = UK_MIN(UK_MAX(slice_ms, SLICE_MS_MIN), SLICE_MS_MAX);
	sp->slice = (__nsec)slice_ms * UKPLAT_NSEC_PER_MSEC;
	return &sp->sched;
}

UK_SCHED_REGISTER(preempt, preempt_create);
