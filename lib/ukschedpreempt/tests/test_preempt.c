/* SPDX-License-Identifier: BSD-3-Clause */
/* Preemptive scheduling: time slices, priorities, wake-up preemption. */
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>

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
	__nsec t0 = ukplat_monotonic_clock(), end;

	woke_at = 0;
	t = spawn("napper", prio + 1, nap_then_stamp);
	UK_TEST_ASSERT(t != NULL);
	/*
	 * Never yield: only the napper's timer wake-up preempting us can
	 * set woke_at while we loop. (Order, not time: a stalled host only
	 * makes the nap end earlier in our loop.)
	 */
	end = ukplat_monotonic_clock() + GIVE_UP_NS;
	while (!woke_at && ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_GT(woke_at, t0);
	UK_TEST_EXPECT_UNUM_LT(woke_at, end);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

/*
 * A slice that ends while the thread holds preemption off must not leave
 * its deadline armed in the past: that timer fires again at once after
 * every interrupt, and the thread never gets to uk_preempt_enable() (on
 * riscv64 not one instruction runs between two interrupts). The exit
 * hook of every interrupt counts; a storm masks the timer so that the
 * test ends and fails instead of hanging.
 */
#define STORM_IRQS	200
static unsigned long irqs_seen;
static bool storm;
static ukplat_irq_exit_hook_t hook_next;

static void counting_exit_hook(void)
{
	if (++irqs_seen >= STORM_IRQS && !storm) {
		storm = true;
		ukplat_irq_mask(ukplat_time_irq());
	}
	if (hook_next)
		hook_next();
}

static void *nothing(void *arg)
{
	return NULL;
}

UK_TESTCASE(ukschedpreempt, slice_end_without_preemption_is_no_irq_storm)
{
	int prio = uk_thread_get_prio(uk_thread_current());
	__nsec slice = (__nsec)CONFIG_LIBUKSCHEDPREEMPT_SLICE_MS * MSEC;
	struct uk_thread *t;
	unsigned long flags;

	irqs_seen = 0;
	storm = false;
	uk_preempt_disable();
	/* a runnable thread of our priority: our slice has an end */
	t = spawn("waiting", prio, nothing);
	UK_TEST_ASSERT(t != NULL);
	flags = ukplat_lcpu_save_irqf();
	hook_next = ukplat_irq_set_exit_hook(counting_exit_hook);
	ukplat_lcpu_restore_irqf(flags);
	spin(4 * slice);
	flags = ukplat_lcpu_save_irqf();
	ukplat_irq_set_exit_hook(hook_next);
	ukplat_lcpu_restore_irqf(flags);
	/* the switch this allows starts a new slice: no storm after it */
	uk_preempt_enable();
	if (storm)
		ukplat_irq_unmask(ukplat_time_irq());
	UK_TEST_EXPECT(!storm);
	UK_TEST_EXPECT_UNUM_LT(irqs_seen, STORM_IRQS);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

static volatile unsigned long spins[2];
static volatile bool interleaved[2];
static __nsec spin_end;

/*
 * Count until both spinners saw the other make progress between two of
 * their own steps (the other ran in the middle of their run), or until
 * the give-up time: without slices the first would run alone to the end.
 */
static void *count_spins(void *arg)
{
	unsigned long i = (unsigned long)arg, other = spins[!i];

	while (!(interleaved[0] && interleaved[1]) &&
	       ukplat_monotonic_clock() < spin_end) {
		spins[i]++;
		if (spins[!i] != other)
			interleaved[i] = true;
		other = spins[!i];
	}
	return NULL;
}

UK_TESTCASE(ukschedpreempt, equal_priorities_share_the_cpu)
{
	struct uk_thread *t[2];
	unsigned long i;

	spin_end = ukplat_monotonic_clock() + GIVE_UP_NS;
	for (i = 0; i < 2; i++) {
		spins[i] = 0;
		interleaved[i] = false;
	}
	for (i = 0; i < 2; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "spinner", count_spins,
						(void *)i, 0) == 0);
	for (i = 0; i < 2; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	/* each ran while the other was not done: the CPU was shared */
	UK_TEST_EXPECT(interleaved[0]);
	UK_TEST_EXPECT(interleaved[1]);
}
