/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic scheduler core: the backend registry, the context switch, the
 * sleep queue, the one-shot timer, preemption and the idle thread.
 *
 * Single CPU: scheduler state changes with interrupts disabled. The timer
 * interrupt handler only wakes sleepers and accounts time slices;
 * preemption happens in the platform's interrupt exit hook, which runs on
 * the interrupted thread's stack: the thread's interrupt frame stays there
 * until it is switched back in and returns from the interrupt.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "uksched.h"

#ifndef CONFIG_LIBUKSCHED_DEFAULT_NAME
#define CONFIG_LIBUKSCHED_DEFAULT_NAME "coop"
#endif

UK_TABLE_DEFINE(uksched, struct uk_sched_backend);

unsigned int uk_sched_preempt_count;
static struct uk_sched *sched_default;
static void (*main_fn)(void *);

const struct uk_sched_backend *uk_sched_backend_find(const char *name)
{
	const struct uk_sched_backend *it = UK_TABLE_START(uksched);
	const struct uk_sched_backend *end = UK_TABLE_END(uksched);

	/* the markers are zero-length arrays; the entries lie between */
	__asm__("" : "+r"(it), "+r"(end));
	for (; it < end; it++)
		if (it->name && !strcmp(it->name, name))
			return it;
	return NULL;
}

struct uk_sched *uk_sched_get_default(void)
{
	return sched_default;
}

struct uk_thread *uk_thread_current(void)
{
	return sched_default ? sched_default->current : NULL;
}

int uk_sched_init(struct uk_sched *s, const char *name,
		  const struct uk_sched_ops *ops, struct uk_alloc *a)
{
	if (!s || !ops || !a || !ops->thread_add || !ops->thread_remove ||
	    !ops->thread_block || !ops->thread_wake || !ops->yield)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->name = name;
	s->a = a;
	uk_list_init(&s->threads);
	uk_list_init(&s->sleepers);
	uk_list_init(&s->zombies);
	uk_list_init(&s->timers);
	return 0;
}

/*
 * Arm the one-shot timer for the next sleeper or the end of the slice.
 * Reprogramming costs more than an early interrupt (which only re-arms),
 * so a timer that will fire before the next event is left alone.
 */
void uksched_timer_arm(struct uk_sched *s)
{
	__nsec next = s->slice_deadline;

	if (!uk_list_empty(&s->sleepers)) {
		struct uk_thread *t = uk_list_first_entry(&s->sleepers,
							  struct uk_thread,
							  link);

		if (!next || t->wakeup < next)
			next = t->wakeup;
	}
	if (!uk_list_empty(&s->timers)) {
		struct uk_sched_timer *t = uk_list_first_entry(&s->timers,
						struct uk_sched_timer, link);

		if (!next || t->deadline < next)
			next = t->deadline;
	}
	if (next) {
		__nsec armed = ukplat_time_get_deadline();

		if (!armed || next < armed)
			ukplat_time_set_deadline(next);
	}
}

void uksched_sleeper_add(struct uk_sched *s, struct uk_thread *t,
			 __nsec deadline)
{
	struct uk_list_head *pos;

	t->wakeup = deadline;
	/* equal deadlines wake in the order they were set */
	uk_list_for_each(pos, &s->sleepers)
		if (uk_list_entry(pos, struct uk_thread, link)->wakeup >
		    deadline)
			break;
	uk_list_add_tail(&t->link, pos);
}

void uksched_make_runnable(struct uk_sched *s, struct uk_thread *t)
{
	if (t->wakeup) {
		uk_list_del(&t->link);
		t->wakeup = 0;
	}
	t->state = UK_THREAD_RUNNABLE;
	uk_sched_thread_wake(s, t);
}

void uk_sched_timer_set(struct uk_sched_timer *t, __nsec deadline)
{
	struct uk_sched *s = sched_default;
	struct uk_list_head *pos;
	unsigned long flags;

	if (!s || !t)
		return;
	flags = ukplat_lcpu_save_irqf();
	if (t->deadline)
		uk_list_del(&t->link);
	t->deadline = deadline;
	if (deadline) {
		uk_list_for_each(pos, &s->timers)
			if (uk_list_entry(pos, struct uk_sched_timer,
					  link)->deadline > deadline)
				break;
		uk_list_add_tail(&t->link, pos);
		uksched_timer_arm(s);
	}
	ukplat_lcpu_restore_irqf(flags);
}

/* Fire every timer whose deadline is not after @now. */
static void fire_timers(struct uk_sched *s, __nsec now)
{
	while (!uk_list_empty(&s->timers)) {
		struct uk_sched_timer *t = uk_list_first_entry(&s->timers,
						struct uk_sched_timer, link);

		if (t->deadline > now)
			break;
		uk_list_del(&t->link);
		t->deadline = 0;
		t->fn(t, now);
	}
}

/* Wake every sleeper whose deadline is not after @now. */
static void wake_expired(struct uk_sched *s, __nsec now)
{
	while (!uk_list_empty(&s->sleepers)) {
		struct uk_thread *t = uk_list_first_entry(&s->sleepers,
							  struct uk_thread,
							  link);

		if (t->wakeup > now)
			break;
		t->flags |= UK_THREAD_TIMEDOUT;
		uksched_make_runnable(s, t);
	}
}

/*
 * Run the thread the backend picks next (the caller again, when it is
 * still the best choice). Interrupts disabled; returns when the caller
 * runs again.
 */
void uksched_switch(struct uk_sched *s)
{
	struct uk_thread *prev = s->current, *next;
	bool requeue = prev->state == UK_THREAD_RUNNABLE &&
		       !(prev->flags & UK_THREAD_IDLE);

	UK_ASSERT(ukplat_lcpu_irqs_disabled() && !ukplat_irq_context());
	if (!uk_list_empty(&s->sleepers))
		wake_expired(s, ukplat_monotonic_clock());
	s->need_resched = false;
	next = uk_sched_pick_next(s, requeue ? prev : NULL);
	if (!next)
		next = s->idle;
	uksched_timer_arm(s);
	if (next == prev)
		return;
	s->current = next;
	if (next->tp != prev->tp)
		ukarch_tls_set(next->tp);
	ukarch_ctx_switch(&prev->ctx, &next->ctx);
}

void uk_sched_yield(void)
{
	struct uk_sched *s = sched_default;
	unsigned long flags;

	if (!s)
		return;
	flags = ukplat_lcpu_save_irqf();
	uksched_switch(s);
	ukplat_lcpu_restore_irqf(flags);
}

void uk_sched_preempt_check(void)
{
	struct uk_sched *s = sched_default;

	if (s && s->need_resched && !uk_sched_preempt_count &&
	    !ukplat_lcpu_irqs_disabled())
		uk_sched_yield();
}

int uk_thread_block_until(__nsec deadline)
{
	struct uk_sched *s = sched_default;
	struct uk_thread *t;

	UK_ASSERT(s && ukplat_lcpu_irqs_disabled());
	UK_ASSERT(!ukplat_irq_context());
	t = s->current;
	if (t->flags & UK_THREAD_IDLE)
		UK_CRASH("the idle thread (boot context) cannot block");
	t->state = UK_THREAD_BLOCKED;
	t->flags &= ~UK_THREAD_TIMEDOUT;
	if (deadline)
		uksched_sleeper_add(s, t, deadline);
	uk_sched_thread_block(s, t);
	uksched_switch(s);
	return (t->flags & UK_THREAD_TIMEDOUT) ? -ETIMEDOUT : 0;
}

int uk_thread_wake(struct uk_thread *t)
{
	struct uk_sched *s = t->sched;
	unsigned long flags = ukplat_lcpu_save_irqf();
	int woken = 0;

	if (t->state == UK_THREAD_BLOCKED) {
		uksched_make_runnable(s, t);
		uksched_timer_arm(s);
		woken = 1;
	}
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
	return woken;
}

void uk_thread_sleep(__nsec ns)
{
	struct uk_sched *s = sched_default;
	__nsec deadline, now = ukplat_monotonic_clock();
	unsigned long flags;

	if (ns == 0) {
		uk_sched_yield();
		return;
	}
	deadline = now + ns < now ? (__nsec)-1 : now + ns;
	if (!s || (s->current->flags & UK_THREAD_IDLE)) {
		/* the boot context has no one to switch to */
		while (ukplat_monotonic_clock() < deadline)
			ukarch_spinwait();
		return;
	}
	flags = ukplat_lcpu_save_irqf();
	while (ukplat_monotonic_clock() < deadline)
		uk_thread_block_until(deadline);
	ukplat_lcpu_restore_irqf(flags);
}

int uk_thread_set_prio(struct uk_thread *t, int prio)
{
	struct uk_sched *s = t->sched;
	unsigned long flags;

	if (prio < UK_THREAD_PRIO_MIN || prio > UK_THREAD_PRIO_MAX)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	if (s->ops->set_prio)
		s->ops->set_prio(s, t, prio);
	else
		t->prio = prio;
	uksched_timer_arm(s);
	ukplat_lcpu_restore_irqf(flags);
	uk_sched_preempt_check();
	return 0;
}

/*
 * Timer interrupt: wake the sleepers that are due and let the backend
 * account the time slice. The switch, if the backend wants one, happens
 * in irq_exit(), the platform's preemption point.
 */
static int timer_irq(void *arg)
{
	struct uk_sched *s = arg;
	__nsec now = ukplat_monotonic_clock();

	wake_expired(s, now);
	fire_timers(s, now);
	if (s->ops->tick)
		s->ops->tick(s, now);
	/* a passed deadline would fire at once, forever (see sp_tick) */
	UK_ASSERT(!s->slice_deadline || s->slice_deadline > now);
	uksched_timer_arm(s);
	return 1;
}

/* End of every interrupt, interrupts disabled: preempt if asked to. */
static void irq_exit(void)
{
	struct uk_sched *s = sched_default;

	if (s->need_resched && !uk_sched_preempt_count)
		uksched_switch(s);
}

/* The boot context once main() runs: reap, run others, halt. */
static void __noreturn idle_loop(struct uk_sched *s)
{
	bool warned = false;
	unsigned int ran;

	for (;;) {
		ukplat_lcpu_disable_irq();
		uksched_reap(s);
		uksched_switch(s);
		/*
		 * Work deferred outside interrupts may wake threads; it must
		 * not switch in the middle (the drain would look busy to all
		 * other threads' interrupts): the loop switches afterwards.
		 */
		uk_preempt_disable();
		ran = ukplat_irq_defer_run();
		uk_preempt_enable();
		if (ran)
			continue;
		/* nothing is runnable; an interrupt must change that */
		if (!warned && uk_list_empty(&s->sleepers) &&
		    !s->slice_deadline) {
			uk_pr_info("no runnable or sleeping thread; idle until an interrupt\n");
			warned = true;
		}
		ukplat_lcpu_halt_irq();
	}
}

/* kast-cc --stack-size=N defines it (docs/porting.md) */
extern const unsigned long uk_main_stack_size_link __weak;
static size_t main_stack_size;

size_t uk_sched_main_stack_size(void)
{
	return main_stack_size;
}

/*
 * The main thread's stack, like a host's RLIMIT_STACK: the link-time
 * choice (kast-cc --stack-size) or CONFIG_LIBUKSCHED_MAIN_STACK_SIZE.
 * Stacks are real memory here (the identity map has no demand paging),
 * so with little memory it is halved until it takes at most a quarter
 * of what is free, down to MAIN_STACK_MIN: the VM's memory, not the
 * stack, is what a small --mem limits. getrlimit(RLIMIT_STACK) answers
 * the size chosen, its guard page included.
 */
#define MAIN_STACK_MIN	(64UL << 10)

void *uk_posix_stack_reserve(size_t bytes) __weak;

static size_t main_stack_choose(struct uk_alloc *a, bool paged)
{
	size_t size = &uk_main_stack_size_link ? uk_main_stack_size_link :
		      CONFIG_LIBUKSCHED_MAIN_STACK_SIZE;
	size_t quarter = uk_alloc_availmem(a) / 4;

	size = UK_MAX(UK_ALIGN_UP(size, UK_PAGE_SIZE), 2 * UK_PAGE_SIZE);
	while (!paged && size > MAIN_STACK_MIN && size > quarter)
		size = UK_ALIGN_UP(size / 2, UK_PAGE_SIZE);
	if (size != (&uk_main_stack_size_link ? uk_main_stack_size_link :
		     CONFIG_LIBUKSCHED_MAIN_STACK_SIZE))
		uk_pr_info("main stack %zu KiB (memory is short for the configured size)\n",
			   size >> 10);
	return size;
}

static void *main_thread(void *arg)
{
	main_fn(arg);
	return NULL;
}

void uk_sched_start(void (*fn)(void *), void *arg)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct uk_sched *s = sched_default;
	int rc;

	if (!s)
		UK_CRASH("uk_sched_start: no scheduler");
	rc = ukplat_irq_register(ukplat_time_irq(), timer_irq, s);
	if (rc < 0)
		UK_CRASH("uksched: cannot register the timer interrupt: %d",
			 rc);
	ukplat_irq_set_exit_hook(irq_exit);
	main_fn = fn;
	attr.name = "main";
	/* demand-paged (posix-mmap): the size costs nothing until used */
	attr.paged_stack = uk_posix_stack_reserve != NULL;
	main_stack_size = main_stack_choose(s->a, attr.paged_stack);
	/*
	 * The size includes the guard page below the stack (as a host's
	 * RLIMIT_STACK covers all of the stack's mapping): the allocation is
	 * then exactly a power of two, which a buddy allocator does not
	 * round up to twice the size.
	 */
	attr.stack_size = main_stack_size - UK_PAGE_SIZE;
	attr.detached = true;
	rc = uk_thread_create_attr(NULL, &attr, main_thread, arg);
	if (rc == -ENOMEM && attr.paged_stack) {
		/* no paged stack after all: one that fits in memory */
		attr.paged_stack = false;
		main_stack_size = main_stack_choose(s->a, false);
		attr.stack_size = main_stack_size - UK_PAGE_SIZE;
		rc = uk_thread_create_attr(NULL, &attr, main_thread, arg);
	}
	if (rc < 0)
		UK_CRASH("uksched: cannot create the main thread: %d", rc);
	idle_loop(s);
}

int uk_sched_init_default(void)
{
	const struct uk_sched_backend *be;
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_sched *s;
	int rc;

	if (sched_default)
		return 0;
	be = uk_sched_backend_find(CONFIG_LIBUKSCHED_DEFAULT_NAME);
	if (!be) {
		uk_pr_err("scheduler \"%s\" is not linked in\n",
			  CONFIG_LIBUKSCHED_DEFAULT_NAME);
		return -ENOENT;
	}
	if (!a)
		return -ENOMEM;
	s = be->create(a);
	if (!s)
		return -ENOMEM;
	rc = uksched_adopt_boot(s);
	if (rc < 0)
		return rc;
	sched_default = s;
	uk_pr_info("scheduler \"%s\"\n", s->name);
	return 0;
}

static int uksched_init(void)
{
	return uk_sched_init_default();
}
uk_early_initcall_prio(uksched_init, NULL, UKSCHED_INIT_PRIO);
