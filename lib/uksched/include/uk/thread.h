/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: creation, exit, join, detach, sleep, thread-local storage.
 *
 * Every thread has its own stack with an unmapped guard page below it (an
 * overflow is reported as a stack overflow naming the thread) and its own
 * TLS area, so `_Thread_local` variables of the kernel and the application
 * are per thread. A thread is joinable unless created detached or detached
 * later; a joinable thread that exits keeps its exit value and its memory
 * until uk_thread_join() collects both.
 *
 * Single CPU: the scheduler's state is protected by disabling interrupts.
 * Thread functions may be called from threads only, never from interrupt
 * handlers, except uk_thread_wake().
 */
#ifndef __UK_THREAD_H__
#define __UK_THREAD_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/tables.h>
#include <uk/arch/ctx.h>
#include <uk/plat/time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UK_THREAD_NAME_MAX	32	/* bytes, with the final NUL */

/* Priorities: higher runs first (schedulers without priorities ignore). */
#define UK_THREAD_PRIO_MIN	0
#define UK_THREAD_PRIO_MAX	31
#define UK_THREAD_PRIO_DEFAULT	16

enum uk_thread_state {
	UK_THREAD_RUNNABLE,	/* running, or waiting for the CPU */
	UK_THREAD_BLOCKED,	/* sleeping or waiting for an event */
	UK_THREAD_EXITED,	/* finished, waiting to be joined or freed */
};

/* uk_thread.flags */
#define UK_THREAD_DETACHED	0x1	/* freed at exit, not joinable */
#define UK_THREAD_IDLE		0x2	/* idle thread (boot context) */
#define UK_THREAD_PAGED_STACK	0x4	/* stack from posix-mmap (kept) */
#define UK_THREAD_TIMEDOUT	0x4	/* last block hit its deadline */

/* Body of a thread; its return value is the exit value. */
typedef void *(*uk_thread_fn_t)(void *arg);

struct uk_sched;

struct uk_thread {
	struct ukarch_ctx ctx;		/* registers while switched out */
	char name[UK_THREAD_NAME_MAX];
	enum uk_thread_state state;
	unsigned int flags;		/* UK_THREAD_* */
	int prio;
	struct uk_sched *sched;
	void *stack;			/* guard page, then the stack */
	size_t stack_size;
	void *tls;			/* TLS area */
	unsigned long tp;		/* its thread pointer */
	uk_thread_fn_t fn;
	void *arg;
	void *exit_value;
	struct uk_thread *joiner;	/* thread waiting in uk_thread_join */
	__nsec wakeup;			/* deadline of this block, or 0 */
	/* inside a system call (lib/syscall_shim): not the program's code,
	 * so no asynchronous signal handler may interrupt it */
	unsigned int syscall_depth;
	/* on the scheduler's sleepers while blocked with a deadline, on its
	 * zombies once exited detached */
	struct uk_list_head link;
	struct uk_list_head thread_link;	/* the scheduler's threads */
	struct uk_list_head rq_link;	/* owned by the scheduler backend */
};

/* Creation parameters; UK_THREAD_ATTR_INIT gives the defaults. */
struct uk_thread_attr {
	const char *name;	/* NULL: "thread"; longer names are cut */
	size_t stack_size;	/* 0: CONFIG_LIBUKSCHED_STACK_SIZE */
	int prio;		/* UK_THREAD_PRIO_MIN..UK_THREAD_PRIO_MAX */
	bool detached;		/* freed at exit instead of joined */
	/*
	 * The stack from posix-mmap's demand-paged window when it is linked
	 * (the main thread's: pages cost memory once touched); it stays
	 * reserved for the program's life. Else, or when that fails, as
	 * any stack.
	 */
	bool paged_stack;
};

#define UK_THREAD_ATTR_INIT						\
	{ .name = NULL, .stack_size = 0, .prio = UK_THREAD_PRIO_DEFAULT, \
	  .detached = false }

/*
 * Create a runnable thread running @fn(@arg) as described by @attr (NULL:
 * defaults) and store it in *@out (may be NULL for detached threads).
 * 0, -EINVAL (bad priority or stack size), -ENOMEM, -ENODEV (no scheduler).
 */
int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  uk_thread_fn_t fn, void *arg);

/* Joinable thread @name running @fn(@arg); @stack_size 0 is the default. */
int uk_thread_create(struct uk_thread **out, const char *name,
		     uk_thread_fn_t fn, void *arg, size_t stack_size);

/* End the calling thread with exit value @value. */
void uk_thread_exit(void *value) __noreturn;

/*
 * Per-thread state kept by a layer above uksched (e.g. POSIX thread ids) is
 * dropped by an exit hook: UK_THREAD_EXIT_HOOK(fn) registers
 * fn(thread), called in every thread that ends, by uk_thread_exit() or by
 * returning, before it stops running (interrupts enabled, may allocate
 * or free, must not block).
 */
typedef void (*uk_thread_exit_hook_t)(struct uk_thread *t);
UK_TABLE_DECLARE(uk_thread_exit, uk_thread_exit_hook_t);
#define UK_THREAD_EXIT_HOOK(fn)						\
	static const uk_thread_exit_hook_t				\
	UK_TABLE_ENTRY(uk_thread_exit) __uk_thread_exit_##fn = (fn)

/*
 * Wait until @t exits, store its exit value in *@value (if not NULL) and
 * free it. -EDEADLK when @t is the caller, -EINVAL when @t is detached or
 * another thread already joins it.
 */
int uk_thread_join(struct uk_thread *t, void **value);

/* Let @t free itself when it exits (now, if it has). 0 or -EINVAL. */
int uk_thread_detach(struct uk_thread *t);

/* The calling thread (NULL before the scheduler is set up). */
struct uk_thread *uk_thread_current(void);

/* Let other runnable threads run; returns when the caller runs again. */
void uk_sched_yield(void);

/*
 * Block the caller for at least @ns nanoseconds (0 just yields). In the
 * boot context, before main() runs, this busy-waits.
 */
void uk_thread_sleep(__nsec ns);

/* Change the priority of @t; 0 or -EINVAL. */
int uk_thread_set_prio(struct uk_thread *t, int prio);

/*
 * Make @tp the thread pointer of @t from now on (at once, when @t is the
 * caller), e.g. for a C library that lays out its own TLS area and
 * control block. The old area stays owned and freed by uksched.
 */
void uk_thread_set_tp(struct uk_thread *t, unsigned long tp);

static inline const char *uk_thread_name(const struct uk_thread *t)
{
	return t->name;
}

static inline int uk_thread_get_prio(const struct uk_thread *t)
{
	return t->prio;
}

/* Blocking primitives for locks and wait queues ------------------------ */

/*
 * Block the calling thread until uk_thread_wake() or monotonic time
 * @deadline (0: no deadline). Call with interrupts disabled; returns with
 * them disabled: 0 when woken, -ETIMEDOUT at the deadline. Callers loop
 * on their condition: a wake-up may come from anyone.
 */
int uk_thread_block_until(__nsec deadline);

/*
 * Make blocked thread @t runnable; returns 1 if it was blocked, else 0.
 * Safe from interrupt handlers and with interrupts disabled. Called by a
 * thread with interrupts enabled, it switches at once to @t when the
 * scheduler gives @t precedence.
 */
int uk_thread_wake(struct uk_thread *t);

#ifdef __cplusplus
}
#endif

#endif /* __UK_THREAD_H__ */
