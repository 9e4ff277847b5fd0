/* SPDX-License-Identifier: BSD-3-Clause */
/* Preemptive scheduling: time slices, priorities, wake-up preemption. */
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/time.h>

#define MSEC		UKPLAT_NSEC_PER_MSEC
#define GIVE_UP_NS	(2000 * MSEC)	/* busy loop bound, unpreempted */
#define SPIN_NS		(50 * MSEC)

static volatile bool other_ran;

static void *set_flag(void *arg)
{
	other_ran = true;
	return NULL;
}

static void spin(__nsec ns)
{
	__nsec end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		;
}

/* Never yields: only preemption lets "other" run before the deadline. */
static void *busy_until_flag(void *arg)
{
	__nsec end = ukplat_monotonic_clock() + GIVE_UP_NS;

	while (!other_ran && ukplat_monotonic_clock() < end)
		;
	return (void *)(unsigned long)other_ran;
}

UK_TESTCASE(ukschedpreempt, busy_thread_is_preempted)
{
	struct uk_thread *b, *o;
	void *seen = NULL;

	UK_TEST_ASSERT(uk_sched_get_default() != NULL);
	UK_TEST_EXPECT_STR_EQ(uk_sched_get_default()->name, "preempt");
	other_ran = false;
	UK_TEST_ASSERT(uk_thread_create(&b, "busy", busy_until_flag, NULL,
					0) == 0);
	UK_TEST_ASSERT(uk_thread_create(&o, "other", set_flag, NULL, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(b, &seen), 0);
	UK_TEST_EXPECT_PTR_EQ(seen, (void *)1UL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(o, NULL), 0);
}

static struct uk_thread *spawn(const char *name, int prio, uk_thread_fn_t fn)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct uk_thread *t = NULL;

	attr.name = name;
	attr.prio = prio;
	if (uk_thread_create_attr(&t, &attr, fn, NULL) < 0)
		return NULL;
	return t;
}

UK_TESTCASE(ukschedpreempt, higher_priority_runs_first)
{
	int prio = uk_thread_get_prio(uk_thread_current());
	struct uk_thread *t;

	other_ran = false;
	t = spawn("high", prio + 1, set_flag);
	UK_TEST_ASSERT(t != NULL);
	/* it preempted its creator before uk_thread_create returned */
	UK_TEST_EXPECT(other_ran);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

UK_TESTCASE(ukschedpreempt, lower_priority_waits)
{
	int prio = uk_thread_get_prio(uk_thread_current());
	struct uk_thread *t;

	other_ran = false;
	t = spawn("low", prio - 1, set_flag);
	UK_TEST_ASSERT(t != NULL);
	/* several slices go by; the lower priority never gets one */
	spin(SPIN_NS);
	uk_sched_yield();
	UK_TEST_EXPECT(!other_ran);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT(other_ran);
}

static volatile __nsec woke_at;

static void *nap_then_stamp(void *arg)
{
	uk_thread_sleep(5 * MSEC);
	woke_at = ukplat_monotonic_clock();
	return NULL;
}

UK_TESTCASE(ukschedpreempt, wakeup_preempts_lower_priority)
{
	int prio = uk_thread_get_prio(uk_thread_current());
	struct uk_thread *t;
	__nsec t0, t1;

	woke_at = 0;
	t = spawn("napper", prio + 1, nap_then_stamp);
	UK_TEST_ASSERT(t != NULL);
	t0 = ukplat_monotonic_clock();
	spin(SPIN_NS);
	t1 = ukplat_monotonic_clock();
	/* it woke up in the middle of our busy loop, not after it */
	UK_TEST_EXPECT_UNUM_GT(woke_at, t0);
	UK_TEST_EXPECT_UNUM_LT(woke_at, t1);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

static volatile unsigned long spins[2];
static __nsec spin_end;

static void *count_spins(void *arg)
{
	unsigned long i = (unsigned long)arg;

	while (ukplat_monotonic_clock() < spin_end)
		spins[i]++;
	return NULL;
}

UK_TESTCASE(ukschedpreempt, equal_priorities_share_the_cpu)
{
	struct uk_thread *t[2];
	unsigned long i;

	/* one common end: without slices the first would take it all */
	spin_end = ukplat_monotonic_clock() + 4 * SPIN_NS;
	for (i = 0; i < 2; i++) {
		spins[i] = 0;
		UK_TEST_ASSERT(uk_thread_create(&t[i], "spinner", count_spins,
						(void *)i, 0) == 0);
	}
	for (i = 0; i < 2; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_UNUM_GT(spins[0], spins[1] / 4);
	UK_TEST_EXPECT_UNUM_GT(spins[1], spins[0] / 4);
}
