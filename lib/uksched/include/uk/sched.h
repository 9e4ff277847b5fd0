/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduler API. A scheduler is a `struct uk_sched` whose `ops` vtable
 * (the backend: ukschedcoop, ukschedpreempt, ...) decides which runnable
 * thread runs next; everything else is generic and lives in uksched:
 * threads, stacks, TLS, sleeping and timeouts, the idle thread, the timer
 * interrupt, and the context switch.
 *
 * Backends register themselves with UK_SCHED_REGISTER; Kconfig chooses
 * which one uk_sched_init_default() builds (CONFIG_LIBUKSCHED_DEFAULT_NAME).
 *
 * Backend contract. The current thread is never in the backend's queues.
 * Every op is called with interrupts disabled and must not block.
 *  - thread_add:    new runnable thread @t joins the scheduler;
 *  - thread_remove: @t exited (it is the current thread);
 *  - thread_block:  current thread @t stops being runnable (sleep, wait);
 *  - thread_wake:   blocked thread @t is runnable again;
 *  - yield:         put @prev (when not NULL: the current thread, still
 *                   runnable) back in the queues and take out the thread to
 *                   run next, NULL for none (the idle thread then runs);
 *  - tick:          optional, called from the timer interrupt at time @now;
 *                   it leaves slice_deadline 0 or after @now (a deadline
 *                   in the past would fire again at once, forever, while
 *                   the current thread holds preemption off);
 *  - set_prio:      optional, change @t's priority (default: set t->prio).
 * A backend that wants the current thread preempted sets need_resched;
 * one that wants a timer interrupt at a time sets slice_deadline (0: none).
 */
#ifndef __UK_SCHED_H__
#define __UK_SCHED_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/tables.h>
#include <uk/thread.h>
#include <uk/plat/time.h>

/* The scheduler is created first of all (early init class, uk/init.h). */
#define UKSCHED_INIT_PRIO	UK_PRIO_EARLIEST

#ifdef __cplusplus
extern "C" {
#endif

struct uk_alloc;
struct uk_sched;

struct uk_sched_ops {
	void (*thread_add)(struct uk_sched *s, struct uk_thread *t);
	void (*thread_remove)(struct uk_sched *s, struct uk_thread *t);
	void (*thread_block)(struct uk_sched *s, struct uk_thread *t);
	void (*thread_wake)(struct uk_sched *s, struct uk_thread *t);
	struct uk_thread *(*yield)(struct uk_sched *s, struct uk_thread *prev);
	void (*tick)(struct uk_sched *s, __nsec now);
	void (*set_prio)(struct uk_sched *s, struct uk_thread *t, int prio);
};

struct uk_sched {
	const struct uk_sched_ops *ops;
	const char *name;
	struct uk_alloc *a;		/* for threads, stacks and TLS */
	struct uk_thread *current;
	struct uk_thread *idle;		/* the boot context */
	struct uk_list_head threads;	/* every thread that is not freed */
	struct uk_list_head sleepers;	/* by deadline, earliest first */
	struct uk_list_head zombies;	/* exited detached threads */
	struct uk_list_head timers;	/* armed uk_sched_timers, by deadline */
	__nsec slice_deadline;		/* set by the backend; 0: none */
	bool need_resched;		/* set by the backend to preempt */
};

/*
 * Set up the generic part of @s (embedded in the backend's state) for
 * backend @ops; memory for threads comes from @a. 0 or -EINVAL.
 */
int uk_sched_init(struct uk_sched *s, const char *name,
		  const struct uk_sched_ops *ops, struct uk_alloc *a);

/* The scheduler threads are created on (NULL before it is set up). */
struct uk_sched *uk_sched_get_default(void);

/*
 * A one-shot timer of the scheduler's timer interrupt: @fn(@t, @now) runs
 * in the interrupt (interrupts disabled: it must not block) once the
 * monotonic clock reaches @deadline, whatever thread is running, even one
 * that computes and never yields (POSIX timer signals). @fn may re-arm
 * @t. The caller owns @t; fields are the scheduler's while armed.
 */
struct uk_sched_timer {
	__nsec deadline;		/* 0 while not armed */
	void (*fn)(struct uk_sched_timer *t, __nsec now);
	struct uk_list_head link;
};

/* Arm @t for @deadline (0 disarms; re-arming moves it). Any context. */
void uk_sched_timer_set(struct uk_sched_timer *t, __nsec deadline);

/*
 * Build the backend CONFIG_LIBUKSCHED_DEFAULT_NAME with the default
 * allocator and adopt the calling (boot) context as its idle thread, with
 * a TLS area. Runs as the first early init function (later calls do
 * nothing). 0, -ENOENT or -ENOMEM.
 */
int uk_sched_init_default(void);

/*
 * Run @fn(@arg) in a new thread named "main" and turn the calling boot
 * context into the idle thread. Never returns.
 */
void uk_sched_start(void (*fn)(void *), void *arg) __noreturn;

/*
 * Size of the main thread's stack, guard page included (0 before
 * uk_sched_start()):
 * kast-cc --stack-size or CONFIG_LIBUKSCHED_MAIN_STACK_SIZE, halved while
 * it would take more than a quarter of the free memory (at least 64 KiB).
 * posix-process answers it as RLIMIT_STACK.
 */
size_t uk_sched_main_stack_size(void);

/* Backend registry ------------------------------------------------------ */

/* Build a scheduler whose memory comes from @a; NULL on failure. */
typedef struct uk_sched *(*uk_sched_new_func_t)(struct uk_alloc *a);

struct uk_sched_backend {
	const char *name;
	uk_sched_new_func_t create;
};
UK_CTASSERT(sizeof(struct uk_sched_backend) % UK_TABLE_ALIGN == 0);

UK_TABLE_DECLARE(uksched, struct uk_sched_backend);

/* Register backend @name (a plain identifier) with its constructor. */
#define UK_SCHED_REGISTER(name, create_fn)				\
	static const struct uk_sched_backend				\
	UK_TABLE_ENTRY(uksched) __uk_sched_backend_##name = {		\
		#name, (create_fn)					\
	}

/* Registered backend called @name, or NULL. */
const struct uk_sched_backend *uk_sched_backend_find(const char *name);

/* Preemption control ---------------------------------------------------- */

/* Nesting depth of uk_preempt_disable() (single CPU: one counter). */
extern unsigned int uk_sched_preempt_count;

/*
 * Switch now if the backend asked for it, preemption is enabled and
 * interrupts are on. Called after waking threads. Interrupts preempt at
 * the platform's interrupt exit hook instead.
 */
void uk_sched_preempt_check(void);

/* Keep the current thread on the CPU until uk_preempt_enable(). */
static inline void uk_preempt_disable(void)
{
	uk_sched_preempt_count++;
	__asm__ __volatile__("" : : : "memory");
}

/* Undo one uk_preempt_disable(); may switch when it was the last. */
static inline void uk_preempt_enable(void)
{
	__asm__ __volatile__("" : : : "memory");
	if (--uk_sched_preempt_count == 0)
		uk_sched_preempt_check();
}

/* Wrappers for the backend ops (interrupts disabled) ------------------- */

static inline void uk_sched_thread_add(struct uk_sched *s,
				       struct uk_thread *t)
{
	s->ops->thread_add(s, t);
}

static inline void uk_sched_thread_remove(struct uk_sched *s,
					  struct uk_thread *t)
{
	s->ops->thread_remove(s, t);
}

static inline void uk_sched_thread_block(struct uk_sched *s,
					 struct uk_thread *t)
{
	s->ops->thread_block(s, t);
}

static inline void uk_sched_thread_wake(struct uk_sched *s,
					struct uk_thread *t)
{
	s->ops->thread_wake(s, t);
}

static inline struct uk_thread *uk_sched_pick_next(struct uk_sched *s,
						   struct uk_thread *prev)
{
	return s->ops->yield(s, prev);
}

#ifdef __cplusplus
}
#endif

#endif /* __UK_SCHED_H__ */
