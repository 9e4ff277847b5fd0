/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread life cycle: stacks with guard pages, TLS areas, creation, exit,
 * join, detach, and freeing. A thread cannot free the stack it runs on:
 * detached threads that exit wait on the zombie list until another thread
 * (the next creator, or the idle thread) frees them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/lcpu.h>
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif
#include "uksched.h"

#define STACK_SIZE_MIN		UK_PAGE_SIZE
#define STACK_SIZE_MAX		(64UL << 20)
#define STACK_GUARD_SIZE	UK_PAGE_SIZE
/* threads the crash-time guard lookup walks at most (list may be bad) */
#define GUARD_LOOKUP_MAX	65536

UK_CTASSERT(CONFIG_LIBUKSCHED_STACK_SIZE % UK_PAGE_SIZE == 0);
UK_CTASSERT(CONFIG_LIBUKSCHED_MAIN_STACK_SIZE % UK_PAGE_SIZE == 0);

UK_TABLE_DEFINE(uk_thread_exit, uk_thread_exit_hook_t);

static unsigned long stack_pages(const struct uk_thread *t)
{
	return (STACK_GUARD_SIZE + t->stack_size) / UK_PAGE_SIZE;
}

static int tls_alloc(struct uk_sched *s, struct uk_thread *t)
{
	t->tls = uk_memalign(s->a, ukarch_tls_area_align(),
			     ukarch_tls_area_size());
	if (!t->tls)
		return -ENOMEM;
	t->tp = ukarch_tls_area_init(t->tls);
	return 0;
}

/*
 * The top of a stack is lowered by a random multiple of 16 bytes (the
 * ABI's alignment) of at most a sixteenth of the stack and
 * STACK_RANDOM_MAX, so that stack addresses differ between boots and
 * threads (ukrandom's layout randomization; off with ukboot.aslr=0).
 */
#define STACK_RANDOM_MAX	(64UL << 10)

static unsigned long stack_random_offset(size_t size)
{
#if CONFIG_LIBUKRANDOM
	return uk_random_layout_offset(UK_MIN(size / 16, STACK_RANDOM_MAX), 16);
#else
	return 0;
#endif
}

/*
 * posix-mmap's demand-paged stack (lib/posix-mmap), when linked: @bytes
 * of the window, the lowest page a guard that never gets a frame.
 */
void *uk_posix_stack_reserve(size_t bytes) __weak;

/* Page-aligned stack from the page allocator, lowest page unmapped. */
static int stack_alloc(struct uk_sched *s, struct uk_thread *t, bool paged)
{
	int rc;

	if (paged && uk_posix_stack_reserve) {
		t->stack = uk_posix_stack_reserve(stack_pages(t) *
						  UK_PAGE_SIZE);
		if (t->stack) {
			t->flags |= UK_THREAD_PAGED_STACK;
			return 0;
		}
	}
	t->stack = uk_palloc(s->a, stack_pages(t));
	if (!t->stack)
		return -ENOMEM;
	rc = ukarch_page_set_prot((unsigned long)t->stack, 0);
	if (rc < 0) {
		uk_pfree(s->a, t->stack, stack_pages(t));
		t->stack = NULL;
	}
	return rc;
}

static void stack_free(struct uk_sched *s, struct uk_thread *t)
{
	int rc;

	/* a paged stack stays reserved (the main thread's: until exit) */
	if (t->flags & UK_THREAD_PAGED_STACK)
		return;
	/* the allocator may hand the page out again: map it back */
	rc = ukarch_page_set_prot((unsigned long)t->stack,
				  UKARCH_PROT_READ | UKARCH_PROT_WRITE);
	UK_BUGON(rc < 0);
	uk_pfree(s->a, t->stack, stack_pages(t));
}

static void thread_free(struct uk_sched *s, struct uk_thread *t)
{
	uk_list_del(&t->thread_link);
	uk_free(s->a, t->tls);
	if (t->stack)
		stack_free(s, t);
	uk_free(s->a, t);
}

void uksched_reap(struct uk_sched *s)
{
	while (!uk_list_empty(&s->zombies)) {
		struct uk_thread *t = uk_list_first_entry(&s->zombies,
							  struct uk_thread,
							  link);

		uk_list_del(&t->link);
		thread_free(s, t);
	}
}

static struct uk_thread *thread_new(struct uk_sched *s, const char *name,
				    int prio)
{
	struct uk_thread *t = uk_calloc(s->a, 1, sizeof(*t));

	if (!t)
		return NULL;
	/* the context may hold FP state, which needs its alignment */
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)&t->ctx, __alignof__(t->ctx)));
	strlcpy(t->name, name, sizeof(t->name));
	t->prio = prio;
	t->sched = s;
	t->state = UK_THREAD_RUNNABLE;
	uk_list_init(&t->link);
	uk_list_init(&t->thread_link);
	uk_list_init(&t->rq_link);
	if (tls_alloc(s, t) < 0) {
		uk_free(s->a, t);
		return NULL;
	}
	return t;
}

/* First code of every thread: the switch left interrupts disabled. */
static void __noreturn thread_start(void *arg)
{
	struct uk_thread *t = arg;

	ukplat_lcpu_enable_irq();
	uk_thread_exit(t->fn(t->arg));
}

int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  uk_thread_fn_t fn, void *arg)
{
	static const struct uk_thread_attr defaults = UK_THREAD_ATTR_INIT;
	struct uk_sched *s = uk_sched_get_default();
	struct uk_thread *t;
	unsigned long flags;
	size_t stack_size;
	int rc;

	if (!s)
		return -ENODEV;
	if (!attr)
		attr = &defaults;
	stack_size = attr->stack_size ?: CONFIG_LIBUKSCHED_STACK_SIZE;
	if (!fn || (!out && !attr->detached) ||
	    attr->prio < UK_THREAD_PRIO_MIN ||
	    attr->prio > UK_THREAD_PRIO_MAX ||
	    stack_size < STACK_SIZE_MIN || stack_size > STACK_SIZE_MAX)
		return -EINVAL;

	/* the allocator is not thread-safe: no switch while we use it */
	flags = ukplat_lcpu_save_irqf();
	uksched_reap(s);
	t = thread_new(s, attr->name ?: "thread", attr->prio);
	if (!t) {
		rc = -ENOMEM;
		goto out;
	}
	t->stack_size = UK_ALIGN_UP(stack_size, UK_PAGE_SIZE);
	rc = stack_alloc(s, t, attr->paged_stack);
	if (rc < 0) {
		thread_free(s, t);
		goto out;
	}
	t->fn = fn;
	t->arg = arg;
	if (attr->detached)
		t->flags |= UK_THREAD_DETACHED;
	ukarch_ctx_init(&t->ctx, (unsigned long)t->stack + STACK_GUARD_SIZE +
			t->stack_size - stack_random_offset(t->stack_size),
			thread_start, t);
	uk_list_add_tail(&t->thread_link, &s->threads);
	if (out)
		*out = t;
	uk_sched_thread_add(s, t);
	uksched_timer_arm(s);
	rc = 0;
out:
	ukplat_lcpu_restore_irqf(flags);
	if (!rc)
		uk_sched_preempt_check();
	return rc;
}

int uk_thread_create(struct uk_thread **out, const char *name,
		     uk_thread_fn_t fn, void *arg, size_t stack_size)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;

	attr.name = name;
	attr.stack_size = stack_size;
	return uk_thread_create_attr(out, &attr, fn, arg);
}

void uk_thread_exit(void *value)
{
	struct uk_sched *s = uk_sched_get_default();
	struct uk_thread *t = s ? s->current : NULL;
	const uk_thread_exit_hook_t *hook;

	if (!t || (t->flags & UK_THREAD_IDLE))
		UK_CRASH("uk_thread_exit() outside of a thread");
	uk_table_foreach(hook, uk_thread_exit)
		(*hook)(t);
	ukplat_lcpu_disable_irq();
	t->exit_value = value;
	t->state = UK_THREAD_EXITED;
	uk_sched_thread_remove(s, t);
	if (t->flags & UK_THREAD_DETACHED)
		uk_list_add_tail(&t->link, &s->zombies);
	else if (t->joiner)
		uk_thread_wake(t->joiner);
	uksched_switch(s);
	UK_CRASH("exited thread '%s' was resumed", t->name);
}

int uk_thread_join(struct uk_thread *t, void **value)
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags;

	UK_ASSERT(t);
	if (t == cur)
		return -EDEADLK;
	flags = ukplat_lcpu_save_irqf();
	if ((t->flags & (UK_THREAD_DETACHED | UK_THREAD_IDLE)) || t->joiner) {
		ukplat_lcpu_restore_irqf(flags);
		return -EINVAL;
	}
	t->joiner = cur;
	while (t->state != UK_THREAD_EXITED)
		uk_thread_block_until(0);
	if (value)
		*value = t->exit_value;
	thread_free(t->sched, t);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags;
	int rc = 0;

	UK_ASSERT(t);
	flags = ukplat_lcpu_save_irqf();
	if ((t->flags & (UK_THREAD_DETACHED | UK_THREAD_IDLE)) || t->joiner)
		rc = -EINVAL;
	else if (t->state == UK_THREAD_EXITED)
		thread_free(t->sched, t);
	else
		t->flags |= UK_THREAD_DETACHED;
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

void uk_thread_set_tp(struct uk_thread *t, unsigned long tp)
{
	unsigned long flags;

	UK_ASSERT(t);
	/* no switch in between: it loads the thread pointer from t->tp */
	flags = ukplat_lcpu_save_irqf();
	t->tp = tp;
	if (t == uk_thread_current())
		ukarch_tls_set(tp);
	ukplat_lcpu_restore_irqf(flags);
}

/* Crash-time lookup: which thread's guard page holds @addr. */
static const char *stack_guard_owner(unsigned long addr)
{
	static char desc[sizeof("thread ''") + UK_THREAD_NAME_MAX];
	struct uk_sched *s = uk_sched_get_default();
	struct uk_list_head *pos;
	unsigned int n = 0;

	if (!s)
		return NULL;
	uk_list_for_each(pos, &s->threads) {
		struct uk_thread *t = uk_list_entry(pos, struct uk_thread,
						    thread_link);

		if (++n > GUARD_LOOKUP_MAX)
			break;
		if (t->stack &&
		    addr - (unsigned long)t->stack < STACK_GUARD_SIZE) {
			snprintf(desc, sizeof(desc), "thread '%s'", t->name);
			return desc;
		}
	}
	return NULL;
}

int uksched_adopt_boot(struct uk_sched *s)
{
	struct uk_thread *t = thread_new(s, "idle", UK_THREAD_PRIO_MIN);

	if (!t)
		return -ENOMEM;
	t->flags |= UK_THREAD_IDLE;
	uk_list_add_tail(&t->thread_link, &s->threads);
	s->idle = t;
	s->current = t;
	ukarch_tls_set(t->tp);
	ukarch_stack_guard_lookup_set(stack_guard_owner);
	return 0;
}
