/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the platform clocks and the one-shot timer, through the
 * public API (include/uk/plat/time.h). The timer line is borrowed from its
 * owner (the scheduler) for each case. Tolerances are generous: under TCG
 * on a loaded host the VM may lose the CPU for milliseconds.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/test.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <kvm/irq.h>

#define MS			UKPLAT_NSEC_PER_MSEC
/* a timer fires within this (exactly under -icount; see uk_test_latency) */
#define TIMER_SLACK		uk_test_latency(5 * MS)
#define WAIT_LIMIT		(2 * UKPLAT_NSEC_PER_SEC) /* give up */
#define QUIET_TIME		(30 * MS)	/* "nothing happens" window */
#define EPOCH_2024		1704067200ULL	/* 2024-01-01T00:00:00Z */
#define EPOCH_2100		4102444800ULL	/* 2100-01-01T00:00:00Z */
#define MONO_READS		10000

/* What a timer handler saw; shared by the timer cases. */
struct tick {
	volatile unsigned int count;
	volatile __nsec first_at;	/* monotonic time of the first fire */
	volatile int irqs_were_off;
	volatile int was_in_irq;
	unsigned int rearm_left;	/* re-arm this many more times */
	__nsec rearm_step;
};

static int tick_handler(void *arg)
{
	struct tick *t = arg;
	__nsec now = ukplat_monotonic_clock();

	if (!t->count)
		t->first_at = now;
	t->count++;
	t->irqs_were_off = ukplat_lcpu_irqs_disabled();
	t->was_in_irq = ukplat_irq_context();
	if (t->rearm_left) {
		t->rearm_left--;
		ukplat_time_set_deadline(now + t->rearm_step);
	}
	return 1;
}

/* Busy-wait (interrupts enabled) until @t counted @n fires or @limit ns. */
static bool wait_count(struct tick *t, unsigned int n, __nsec limit)
{
	__nsec end = ukplat_monotonic_clock() + limit;

	while (t->count < n)
		if (ukplat_monotonic_clock() > end)
			return false;
	return true;
}

static void busy_wait(__nsec ns)
{
	__nsec end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		;
}

/* The timer line's own handlers while a case borrows it. */
static struct kvm_irq_handler owners[KVM_IRQ_HANDLERS_PER_LINE];

/* Register @t alone on the timer line, interrupts on; returns flags. */
/*
 * While a test owns the timer, a preemptive scheduler's exit hook must not
 * re-arm the timer for its own time slice behind the test's back.
 */
static ukplat_irq_exit_hook_t saved_exit_hook;

static unsigned long tick_start(UK_TEST_CTX_PARAM, struct tick *t)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	saved_exit_hook = ukplat_irq_set_exit_hook(NULL);
	kvm_irq_line_swap(ukplat_time_irq(), owners);
	*t = (struct tick){ 0 };
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(ukplat_time_irq(),
						   tick_handler, t), 0);
	ukplat_lcpu_enable_irq();
	return flags;
}

static void tick_stop(UK_TEST_CTX_PARAM, struct tick *t, unsigned long flags)
{
	ukplat_time_set_deadline(0);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(ukplat_time_irq(),
						     tick_handler, t), 0);
	ukplat_lcpu_disable_irq();
	kvm_irq_line_swap(ukplat_time_irq(), owners);
	ukplat_irq_set_exit_hook(saved_exit_hook);
	ukplat_lcpu_restore_irqf(flags);
}

UK_TESTCASE(plat_time, counter_frequency_is_plausible)
{
	uint64_t f = ukplat_time_counter_freq();
	uint64_t c0 = ukplat_time_counter();

	UK_TEST_EXPECT_UNUM_GE(f, 1000000ULL);		/* 1 MHz */
	UK_TEST_EXPECT_UNUM_LE(f, 20000000000ULL);	/* 20 GHz */
	busy_wait(MS);
	UK_TEST_EXPECT_UNUM_GT(ukplat_time_counter(), c0);
}

UK_TESTCASE(plat_time, monotonic_never_goes_backwards)
{
	__nsec prev = ukplat_monotonic_clock(), now;
	unsigned int i, back = 0;

	for (i = 0; i < MONO_READS; i++) {
		now = ukplat_monotonic_clock();
		back += now < prev;
		prev = now;
	}
	UK_TEST_EXPECT_UNUM_EQ(back, 0);
	busy_wait(MS);
	UK_TEST_EXPECT_UNUM_GT(ukplat_monotonic_clock(), prev);
}

/* A busy-wait of freq/50 counter ticks is 20 ms on the monotonic clock. */
UK_TESTCASE(plat_time, monotonic_matches_counter_ticks)
{
	uint64_t f = ukplat_time_counter_freq(), ticks = f / 50, c0, c1;
	__nsec m0, m1, expect;

	m0 = ukplat_monotonic_clock();
	c0 = ukplat_time_counter();
	while (ukplat_time_counter() - c0 < ticks)
		;
	c1 = ukplat_time_counter();
	m1 = ukplat_monotonic_clock();
	/* exact ns of c1 - c0 ticks, computed differently than the clock */
	expect = (c1 - c0) / f * UKPLAT_NSEC_PER_SEC +
		 (c1 - c0) % f * UKPLAT_NSEC_PER_SEC / f;
	UK_TEST_EXPECT_UNUM_GE(m1 - m0 + 1, expect);
	UK_TEST_EXPECT_UNUM_LE(m1 - m0, expect + uk_test_latency(5 * MS));
	UK_TEST_EXPECT_UNUM_GE(expect, 20 * MS - 1);
}

UK_TESTCASE(plat_time, wall_clock_is_plausible)
{
	__nsec w0 = ukplat_wall_clock(), m0 = ukplat_monotonic_clock();
	__nsec w1, m1;
	uint64_t secs = w0 / UKPLAT_NSEC_PER_SEC;

	busy_wait(10 * MS);
	w1 = ukplat_wall_clock();
	m1 = ukplat_monotonic_clock();
	/* the wall clock advances with the monotonic clock (each pair of
	 * readings is two instructions apart, or a host stall) */
	UK_TEST_EXPECT_UNUM_GE(w1 - w0 + uk_test_latency(MS), m1 - m0);
	UK_TEST_EXPECT_UNUM_LE(w1 - w0, m1 - m0 + uk_test_latency(MS));
	if (secs < EPOCH_2024 && w0 < 24 * 3600 * UKPLAT_NSEC_PER_SEC) {
		/* no RTC: it started at the epoch */
		uk_printf("wall clock: no RTC, %lu s since boot\n",
			  (unsigned long)secs);
		return;
	}
	uk_printf("wall clock: %lu s since the epoch\n", (unsigned long)secs);
	UK_TEST_EXPECT_UNUM_GE(secs, EPOCH_2024);
	UK_TEST_EXPECT_UNUM_LT(secs, EPOCH_2100);
}

UK_TESTCASE(plat_time, deadline_fires_after_not_before)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t);
	__nsec deadline = ukplat_monotonic_clock() + 10 * MS;

	ukplat_time_set_deadline(deadline);
	UK_TEST_EXPECT(wait_count(&t, 1, WAIT_LIMIT));
	UK_TEST_EXPECT_UNUM_GE(t.first_at, deadline);
	UK_TEST_EXPECT_UNUM_LE(t.first_at, deadline + TIMER_SLACK);
	/* handler context: interrupts off, inside an interrupt */
	UK_TEST_EXPECT_NOT_ZERO(t.irqs_were_off);
	UK_TEST_EXPECT_NOT_ZERO(t.was_in_irq);
	/* one-shot: no second interrupt */
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(t.count, 1);
	tick_stop(UK_TEST_CTX, &t, flags);
}

UK_TESTCASE(plat_time, later_deadline_replaces_earlier)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t), irqf;
	__nsec later;

	/*
	 * The earlier deadline passes with interrupts off, so its interrupt
	 * is already raised when the later one replaces it (a host stall
	 * could make that happen anyway): it must not count as a fire.
	 */
	irqf = ukplat_lcpu_save_irqf();
	ukplat_time_set_deadline(ukplat_monotonic_clock() + MS);
	busy_wait(2 * MS);
	later = ukplat_monotonic_clock() + 40 * MS;
	ukplat_time_set_deadline(later);
	ukplat_lcpu_restore_irqf(irqf);
	UK_TEST_EXPECT(wait_count(&t, 1, WAIT_LIMIT));
	UK_TEST_EXPECT_UNUM_GE(t.first_at, later);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(t.count, 1);
	tick_stop(UK_TEST_CTX, &t, flags);
}

UK_TESTCASE(plat_time, earlier_deadline_replaces_later)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t);
	__nsec now = ukplat_monotonic_clock();

	/* far beyond WAIT_LIMIT: only the earlier one can fire in time */
	ukplat_time_set_deadline(now + 10 * UKPLAT_NSEC_PER_SEC);
	ukplat_time_set_deadline(now + 5 * MS);
	UK_TEST_EXPECT(wait_count(&t, 1, WAIT_LIMIT));
	UK_TEST_EXPECT_UNUM_GE(t.first_at, now + 5 * MS);
	UK_TEST_EXPECT_UNUM_LE(t.first_at, now + 5 * MS + TIMER_SLACK);
	tick_stop(UK_TEST_CTX, &t, flags);
}

UK_TESTCASE(plat_time, zero_disarms)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t), irqf;

	/*
	 * As in later_deadline_replaces_earlier: the deadline passes with
	 * interrupts off, so its interrupt is raised when 0 disarms it.
	 */
	irqf = ukplat_lcpu_save_irqf();
	ukplat_time_set_deadline(ukplat_monotonic_clock() + MS);
	busy_wait(2 * MS);
	ukplat_time_set_deadline(0);
	ukplat_lcpu_restore_irqf(irqf);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(t.count, 0);
	tick_stop(UK_TEST_CTX, &t, flags);
}

UK_TESTCASE(plat_time, past_deadline_fires_at_once)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t);
	__nsec now = ukplat_monotonic_clock();

	ukplat_time_set_deadline(1);	/* 1 ns after boot: long past */
	UK_TEST_EXPECT(wait_count(&t, 1, WAIT_LIMIT));
	UK_TEST_EXPECT_UNUM_LE(t.first_at, now + TIMER_SLACK);
	tick_stop(UK_TEST_CTX, &t, flags);
}

UK_TESTCASE(plat_time, handler_can_rearm)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t);
	__nsec start = ukplat_monotonic_clock();

	t.rearm_left = 4;
	t.rearm_step = 2 * MS;
	ukplat_time_set_deadline(start + 2 * MS);
	UK_TEST_EXPECT(wait_count(&t, 5, WAIT_LIMIT));
	/* five fires at least 2 ms apart */
	UK_TEST_EXPECT_UNUM_GE(ukplat_monotonic_clock(), start + 10 * MS);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(t.count, 5);
	tick_stop(UK_TEST_CTX, &t, flags);
}

/* The idle pattern: check with interrupts off, then halt atomically. */
UK_TESTCASE(plat_time, halt_wakes_on_deadline)
{
	struct tick t;
	unsigned long flags = tick_start(UK_TEST_CTX, &t);
	__nsec deadline = ukplat_monotonic_clock() + 5 * MS;

	ukplat_time_set_deadline(deadline);
	for (;;) {
		ukplat_lcpu_disable_irq();
		if (t.count)
			break;
		ukplat_lcpu_halt_irq();
	}
	ukplat_lcpu_enable_irq();
	UK_TEST_EXPECT_UNUM_EQ(t.count, 1);
	UK_TEST_EXPECT_UNUM_GE(t.first_at, deadline);
	tick_stop(UK_TEST_CTX, &t, flags);
}
