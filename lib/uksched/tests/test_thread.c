/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread life cycle, TLS, guard pages and sleeping; these hold for every
 * scheduler backend.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/arch/ctx.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/time.h>

#define MSEC			UKPLAT_NSEC_PER_MSEC
/* a sleep ends within this after its time (see uk_test_latency) */
#define SLEEP_TOLERANCE		uk_test_latency(5 * MSEC)
#define TLS_THREADS		4
#define TLS_ROUNDS		3
#define LEAK_ROUNDS		50
#define SLEEPERS		5
#define LONG_NAME		"a-rather-long-thread-name-cut-at-31-bytes"
#define BIG_STACK_THREADS	8
#define BIG_STACK_SIZE		(512 * 1024)

static void *return_arg(void *arg)
{
	return arg;
}

UK_TESTCASE(uksched_thread, join_returns_exit_value)
{
	struct uk_thread *t;
	void *ret = NULL;

	UK_TEST_ASSERT(uk_thread_create(&t, "ret", return_arg, (void *)0x1234,
					0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &ret), 0);
	UK_TEST_EXPECT_PTR_EQ(ret, (void *)0x1234);
}

static void __noreturn exit_deep(int depth)
{
	if (depth == 0)
		uk_thread_exit((void *)0x77);
	exit_deep(depth - 1);
}

static void *call_exit(void *arg)
{
	exit_deep(3);
}

UK_TESTCASE(uksched_thread, exit_from_nested_call)
{
	struct uk_thread *t;
	void *ret = NULL;

	UK_TEST_ASSERT(uk_thread_create(&t, "exit", call_exit, NULL, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &ret), 0);
	UK_TEST_EXPECT_PTR_EQ(ret, (void *)0x77);
}

static void *whoami(void *arg)
{
	struct uk_thread **seen = arg;

	*seen = uk_thread_current();
	return NULL;
}

UK_TESTCASE(uksched_thread, current_and_name)
{
	struct uk_thread *t, *seen = NULL;
	struct uk_thread *self = uk_thread_current();

	UK_TEST_ASSERT(self != NULL);
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(self), "main");
	UK_TEST_ASSERT(uk_thread_create(&t, LONG_NAME, whoami, &seen, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(strlen(uk_thread_name(t)),
			       UK_THREAD_NAME_MAX - 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_PTR_EQ(seen, t);
	UK_TEST_EXPECT_PTR_EQ(uk_thread_current(), self);
}

UK_TESTCASE(uksched_thread, join_errors)
{
	struct uk_thread *t;

	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(uk_thread_current(), NULL),
			       -EDEADLK);
	UK_TEST_ASSERT(uk_thread_create(&t, "det", return_arg, NULL, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_detach(t), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_detach(t), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), -EINVAL);
	uk_sched_yield();	/* let it run and exit */
}

UK_TESTCASE(uksched_thread, create_rejects_bad_arguments)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct uk_thread *t;

	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&t, "x", NULL, NULL, 0),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&t, "x", return_arg, NULL,
						1UL << 40), -EINVAL);
	attr.prio = UK_THREAD_PRIO_MAX + 1;
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create_attr(&t, &attr, return_arg,
						     NULL), -EINVAL);
	/* a joinable thread needs a handle to be joined with */
	attr.prio = UK_THREAD_PRIO_DEFAULT;
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_create_attr(NULL, &attr, return_arg,
						     NULL), -EINVAL);
}

static volatile int detached_ran;

static void *mark_ran(void *arg)
{
	detached_ran++;
	return NULL;
}

UK_TESTCASE(uksched_thread, detached_threads_run_and_free_themselves)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct uk_thread *t;
	int i;

	detached_ran = 0;
	attr.detached = true;
	attr.name = "detached";
	for (i = 0; i < 3; i++)
		UK_TEST_ASSERT(uk_thread_create_attr(NULL, &attr, mark_ran,
						     NULL) == 0);
	/* detach after the thread has exited frees it at once */
	UK_TEST_ASSERT(uk_thread_create(&t, "late", mark_ran, NULL, 0) == 0);
	while (detached_ran < 4)
		uk_sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_detach(t), 0);
	UK_TEST_EXPECT_SNUM_EQ(detached_ran, 4);
}

/* Leaks would show in the allocator's live-bytes counter. */
UK_TESTCASE(uksched_thread, create_join_frees_everything)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats before, after;
	struct uk_thread *t;
	int i;

	/* creating frees exited detached threads: start without any */
	UK_TEST_ASSERT(uk_thread_create(&t, "leak", return_arg, NULL, 0) == 0);
	UK_TEST_ASSERT(uk_thread_join(t, NULL) == 0);
	if (uk_alloc_stats_get(a, &before) < 0)
		return;	/* statistics compiled out */
	for (i = 0; i < LEAK_ROUNDS; i++) {
		UK_TEST_ASSERT(uk_thread_create(&t, "leak", return_arg, NULL,
						0) == 0);
		UK_TEST_ASSERT(uk_thread_join(t, NULL) == 0);
	}
	UK_TEST_ASSERT(uk_alloc_stats_get(a, &after) == 0);
	UK_TEST_EXPECT_UNUM_EQ(after.cur_mem_use, before.cur_mem_use);
}

/* Stack guard ----------------------------------------------------------- */

static void *touch_stack(void *arg)
{
	/* most of a 64 KiB stack: the top must be where it should be */
	volatile char buf[48 * 1024];

	memset((char *)buf, 0x5a, sizeof(buf));
	return (void *)(unsigned long)buf[sizeof(buf) - 1];
}

UK_TESTCASE(uksched_thread, stack_has_guard_page)
{
	struct uk_thread *t;
	unsigned long lo;
	void *ret;

	UK_TEST_ASSERT(uk_thread_create(&t, "guarded", touch_stack, NULL,
					64 * 1024) == 0);
	lo = (unsigned long)t->stack;
	UK_TEST_EXPECT(UK_IS_ALIGNED(lo, UK_PAGE_SIZE));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(lo), -1);
	UK_TEST_EXPECT_SNUM_GT(ukarch_page_get_prot(lo + UK_PAGE_SIZE), 0);
	UK_TEST_EXPECT_STR_EQ(ukarch_stack_guard_owner(lo + 8),
			      "thread 'guarded'");
	UK_TEST_EXPECT_NULL(ukarch_stack_guard_owner(lo + UK_PAGE_SIZE));
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &ret), 0);
	UK_TEST_EXPECT_PTR_EQ(ret, (void *)0x5aUL);
	/* the page went back to the allocator mapped again */
	UK_TEST_EXPECT_SNUM_GT(ukarch_page_get_prot(lo), 0);
}

static volatile bool park_release;

static void *park(void *arg)
{
	while (!park_release)
		uk_thread_sleep(UKPLAT_NSEC_PER_MSEC);
	return NULL;
}

/*
 * Enough stack memory that most of it lies in 2 MiB mappings, which a
 * guard page must split without changing any other page.
 */
UK_TESTCASE(uksched_thread, guard_pages_split_large_mappings)
{
	struct uk_thread *t[BIG_STACK_THREADS];
	int i, n;

	park_release = false;
	for (n = 0; n < BIG_STACK_THREADS; n++)
		if (uk_thread_create(&t[n], "big", park, NULL,
				     BIG_STACK_SIZE) < 0)
			break;
	UK_TEST_EXPECT_SNUM_EQ(n, BIG_STACK_THREADS);
	for (i = 0; i < n; i++) {
		unsigned long lo = (unsigned long)t[i]->stack;

		UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(lo), -1);
		UK_TEST_EXPECT_SNUM_GT(ukarch_page_get_prot(lo - UK_PAGE_SIZE),
				       0);
		UK_TEST_EXPECT_SNUM_GT(ukarch_page_get_prot(lo + UK_PAGE_SIZE),
				       0);
	}
	park_release = true;
	for (i = 0; i < n; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
}

/* Thread-local storage -------------------------------------------------- */

static _Thread_local int tls_init = 42;
static _Thread_local long tls_zero;
static _Thread_local char tls_big[64] __aligned(64) = { 7 };

struct tls_result {
	int id;
	bool ok;
	unsigned long addr;
};

static void *tls_worker(void *arg)
{
	struct tls_result *r = arg;
	struct uk_thread *self = uk_thread_current();
	int round;

	r->ok = tls_init == 42 && tls_zero == 0 && tls_big[0] == 7 &&
		UK_IS_ALIGNED((unsigned long)tls_big, 64);
	/* every variable lies in this thread's own TLS area */
	r->ok &= (unsigned long)&tls_init >= (unsigned long)self->tls &&
		 (unsigned long)(&tls_zero + 1) <=
		 (unsigned long)self->tls + ukarch_tls_area_size();
#if CONFIG_ARCH_X86_64
	/* variant II: the block ends at the thread pointer */
	r->ok &= (unsigned long)(&tls_zero + 1) <= self->tp;
#else
	/* variant I: the block starts at the thread pointer */
	r->ok &= (unsigned long)&tls_init >= self->tp;
#endif
	r->addr = (unsigned long)&tls_init;
	r->ok &= ukarch_tls_get() == self->tp;
#if CONFIG_ARCH_X86_64
	{
		unsigned long fs0;

		/* x86_64 ABI: %fs:0 holds the thread pointer itself */
		__asm__ __volatile__("movq %%fs:0, %0" : "=r"(fs0));
		r->ok &= fs0 == self->tp;
	}
#endif
	for (round = 0; round < TLS_ROUNDS; round++) {
		tls_init = r->id;
		tls_zero = -r->id;
		tls_big[63] = (char)r->id;
		uk_sched_yield();
		r->ok &= tls_init == r->id && tls_zero == -r->id &&
			 tls_big[63] == (char)r->id;
	}
	return NULL;
}

UK_TESTCASE(uksched_thread, tls_variables_are_per_thread)
{
	struct tls_result res[TLS_THREADS];
	struct uk_thread *t[TLS_THREADS];
	int i, j;

	tls_init = -1;
	for (i = 0; i < TLS_THREADS; i++) {
		res[i].id = i + 1;
		res[i].ok = false;
		UK_TEST_ASSERT(uk_thread_create(&t[i], "tls", tls_worker,
						&res[i], 0) == 0);
	}
	for (i = 0; i < TLS_THREADS; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	for (i = 0; i < TLS_THREADS; i++) {
		UK_TEST_EXPECT(res[i].ok);
		for (j = 0; j < i; j++)
			UK_TEST_EXPECT_UNUM_NQ(res[i].addr, res[j].addr);
	}
	UK_TEST_EXPECT_SNUM_EQ(tls_init, -1);
}

/* Thread control block and thread pointer ------------------------------ */

/* Checks, in a fresh thread, the control block a C library may use. */
static void *tcb_check(void *arg)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long area = (unsigned long)self->tls;
	unsigned char *tcb;
	bool *ok = arg;
	size_t i, first;

#if CONFIG_ARCH_X86_64
	/* from the thread pointer upward, its own address first */
	tcb = (unsigned char *)self->tp;
	*ok = *(unsigned long *)tcb == self->tp;
	first = sizeof(unsigned long);
#else
	/* just below the thread pointer */
	tcb = (unsigned char *)self->tp - UKARCH_TLS_TCB_RESERVE;
	*ok = true;
	first = 0;
#endif
	*ok &= UK_IS_ALIGNED(self->tp, 16);
	*ok &= (unsigned long)tcb >= area &&
	       (unsigned long)tcb + UKARCH_TLS_TCB_RESERVE <=
	       area + ukarch_tls_area_size();
	for (i = first; i < UKARCH_TLS_TCB_RESERVE; i++) {
#if CONFIG_ARCH_X86_64
		/* the stack protector's canary, the kernel's random guard */
		if (i >= X86_TLS_CANARY_OFFSET &&
		    i < X86_TLS_CANARY_OFFSET + sizeof(unsigned long))
			continue;
#endif
		*ok &= tcb[i] == 0;
	}
#if CONFIG_ARCH_X86_64
	*ok &= *(unsigned long *)(tcb + X86_TLS_CANARY_OFFSET) ==
	       __stack_chk_guard && __stack_chk_guard != 0;
#endif
	/* what a C library writes there (errno...) leaves TLS data alone */
	memset(tcb + first, 0x5a, UKARCH_TLS_TCB_RESERVE - first);
	*ok &= tls_init == 42 && tls_zero == 0 && tls_big[0] == 7 &&
	       tls_big[63] == 0;
	return NULL;
}

UK_TESTCASE(uksched_thread, control_block_is_reserved_and_zeroed)
{
	struct uk_thread *t;
	bool ok = false;

	UK_TEST_ASSERT(uk_thread_create(&t, "tcb", tcb_check, &ok, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT(ok);
}

struct tp_job {
	void *area;
	unsigned long tp;
	bool ok;
};

static void *tp_reader(void *arg)
{
	struct tp_job *job = arg;

	job->ok = ukarch_tls_get() == job->tp &&
		  uk_thread_current()->tp == job->tp &&
		  (unsigned long)&tls_init - (unsigned long)job->area <
		  ukarch_tls_area_size() && tls_init == 42;
	return NULL;
}

UK_TESTCASE(uksched_thread, set_tp_moves_the_thread_pointer)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct uk_thread *self = uk_thread_current(), *t;
	unsigned long old = self->tp;
	int mine = tls_init;
	struct tp_job job;

	job.area = uk_memalign(a, ukarch_tls_area_align(),
			       ukarch_tls_area_size());
	UK_TEST_ASSERT(job.area != NULL);
	job.tp = ukarch_tls_area_init(job.area);

	/* the caller: at once, and it stays across switches */
	uk_thread_set_tp(self, job.tp);
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tls_get(), job.tp);
	UK_TEST_EXPECT_SNUM_EQ(tls_init, 42);
	tls_init = 7;
	uk_sched_yield();
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tls_get(), job.tp);
	UK_TEST_EXPECT_SNUM_EQ(tls_init, 7);
	uk_thread_set_tp(self, old);
	UK_TEST_EXPECT_UNUM_EQ(ukarch_tls_get(), old);
	UK_TEST_EXPECT_SNUM_EQ(tls_init, mine);

	/* another thread, before it first runs: it starts with that tp */
	ukarch_tls_area_init(job.area);
	attr.name = "tp";
	attr.prio = uk_thread_get_prio(self) - 1;	/* runs when we join */
	job.ok = false;
	UK_TEST_ASSERT(uk_thread_create_attr(&t, &attr, tp_reader, &job) ==
		       0);
	uk_thread_set_tp(t, job.tp);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT(job.ok);
	uk_free(a, job.area);
}

/* Sleeping -------------------------------------------------------------- */

UK_TESTCASE(uksched_sleep, sleep_is_never_short_and_not_much_long)
{
	static const __nsec lengths[] = { 1 * MSEC, 10 * MSEC, 30 * MSEC };
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(lengths); i++) {
		__nsec t0 = ukplat_monotonic_clock();
		__nsec dt;

		uk_thread_sleep(lengths[i]);
		dt = ukplat_monotonic_clock() - t0;
		UK_TEST_EXPECT_UNUM_GE(dt, lengths[i]);
		UK_TEST_EXPECT_UNUM_LE(dt, lengths[i] + SLEEP_TOLERANCE);
	}
}

static int wake_order[SLEEPERS];
static int wake_count;
static __nsec sleep_base;

/* Sleep until sleep_base + (id + 1) * 20 ms: one time base for all. */
static void *sleeper(void *arg)
{
	int id = (int)(long)arg;
	__nsec until = sleep_base + (__nsec)(id + 1) * 20 * MSEC;
	__nsec now = ukplat_monotonic_clock();

	if (until > now)
		uk_thread_sleep(until - now);
	wake_order[wake_count++] = id;
	return NULL;
}

UK_TESTCASE(uksched_sleep, sleepers_wake_in_deadline_order)
{
	static const int start[SLEEPERS] = { 3, 0, 4, 2, 1 };
	struct uk_thread *t[SLEEPERS];
	int i;

	wake_count = 0;
	sleep_base = ukplat_monotonic_clock();
	for (i = 0; i < SLEEPERS; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "sleeper", sleeper,
						(void *)(long)start[i],
						0) == 0);
	for (i = 0; i < SLEEPERS; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_ASSERT(wake_count == SLEEPERS);
	for (i = 0; i < SLEEPERS; i++)
		UK_TEST_EXPECT_SNUM_EQ(wake_order[i], i);
}

static volatile bool other_ran;

static void *set_flag(void *arg)
{
	other_ran = true;
	return NULL;
}

UK_TESTCASE(uksched_sleep, sleeping_lets_others_run)
{
	struct uk_thread *t;

	other_ran = false;
	UK_TEST_ASSERT(uk_thread_create(&t, "flag", set_flag, NULL, 0) == 0);
	uk_thread_sleep(2 * MSEC);
	UK_TEST_EXPECT(other_ran);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}
