/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of interrupt lines and deferred work, through the public
 * API (include/uk/plat/irq.h), driven by the timer line: it is the one line
 * every machine has, and the test controls when it fires. Each case borrows
 * the line from its owner (the scheduler) with kvm_irq_line_swap().
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <kvm/irq.h>

#define MS			UKPLAT_NSEC_PER_MSEC
#define WAIT_LIMIT		(2 * UKPLAT_NSEC_PER_SEC)
#define QUIET_TIME		(30 * MS)
#define NO_SUCH_LINE		100000UL
#define CHAIN_LEN		3
#define HANDLERS_TRIED		64	/* more than any per-line table */
#define ORDER_LEN		3

struct probe {
	volatile unsigned int count;
	int ret;			/* what the handler returns */
	bool unregister_self;
	bool defer;			/* the handler defers deferred_fn */
	volatile int defer_rc;
	volatile unsigned int defer_run_in_irq;
};

struct deferred {
	volatile unsigned int runs;
	volatile int irqs_were_off;
	volatile int was_in_irq;
	volatile unsigned int handler_count_seen;
	struct probe *handler;
};

static struct deferred dw;

static void deferred_fn(void *arg)
{
	struct deferred *d = arg;

	d->runs++;
	d->irqs_were_off = ukplat_lcpu_irqs_disabled();
	d->was_in_irq = ukplat_irq_context();
	d->handler_count_seen = d->handler->count;
}

static int probe_handler(void *arg)
{
	struct probe *p = arg;

	p->count++;
	if (p->unregister_self)
		ukplat_irq_unregister(ukplat_time_irq(), probe_handler, p);
	if (p->defer)
		p->defer_rc = ukplat_irq_defer(deferred_fn, &dw);
	p->defer_run_in_irq = ukplat_irq_defer_run();
	return p->ret;
}

static void busy_wait(__nsec ns)
{
	__nsec end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		;
}

static bool wait_count(struct probe *p, unsigned int n)
{
	__nsec end = ukplat_monotonic_clock() + WAIT_LIMIT;

	while (p->count < n)
		if (ukplat_monotonic_clock() > end)
			return false;
	return true;
}

static struct kvm_irq_handler owners[KVM_IRQ_HANDLERS_PER_LINE];

/* The scheduler's exit hook would re-arm the timer for its time slice. */
static ukplat_irq_exit_hook_t saved_exit_hook;

/* Take the timer line from its owners, interrupts off; returns flags. */
static unsigned long line_borrow(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	saved_exit_hook = ukplat_irq_set_exit_hook(NULL);
	kvm_irq_line_swap(ukplat_time_irq(), owners);
	return flags;
}

/* Disarm, give the line back and restore the interrupt state. */
static void line_return(unsigned long flags)
{
	ukplat_lcpu_disable_irq();
	ukplat_time_set_deadline(0);
	kvm_irq_line_swap(ukplat_time_irq(), owners);
	ukplat_irq_set_exit_hook(saved_exit_hook);
	ukplat_lcpu_restore_irqf(flags);
}

/* Arm the timer @ns from now. */
static void fire_in(__nsec ns)
{
	ukplat_time_set_deadline(ukplat_monotonic_clock() + ns);
}

UK_TESTCASE(plat_irq, register_rejects_bad_arguments)
{
	struct probe p = { 0 };

	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(NO_SUCH_LINE, probe_handler,
						   &p), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(ukplat_time_irq(), NULL,
						   &p), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(ukplat_time_irq(),
						     probe_handler, &p),
			       -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(NO_SUCH_LINE,
						     probe_handler, &p),
			       -ENOENT);
	/* masking a line that does not exist is ignored */
	ukplat_irq_mask(NO_SUCH_LINE);
	ukplat_irq_unmask(NO_SUCH_LINE);
}

UK_TESTCASE(plat_irq, handler_table_is_bounded)
{
	struct probe p[HANDLERS_TRIED];
	unsigned long flags = line_borrow();
	int i, n = 0, rc = 0;

	for (i = 0; i < HANDLERS_TRIED; i++) {
		rc = ukplat_irq_register(ukplat_time_irq(), probe_handler,
					 &p[i]);
		if (rc < 0)
			break;
		n++;
	}
	UK_TEST_EXPECT_SNUM_EQ(rc, -ENOMEM);
	UK_TEST_EXPECT_SNUM_EQ(n, KVM_IRQ_HANDLERS_PER_LINE);
	for (i = 0; i < n; i++)
		UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(ukplat_time_irq(),
							     probe_handler,
							     &p[i]), 0);
	line_return(flags);
}

/* Handlers run in turn until one returns 1 ("handled"). */
UK_TESTCASE(plat_irq, first_handler_that_handles_ends_the_chain)
{
	struct probe p[CHAIN_LEN] = {
		{ .ret = 0 }, { .ret = 1 }, { .ret = 1 }
	};
	unsigned long flags = line_borrow();
	int i;

	for (i = 0; i < CHAIN_LEN; i++)
		UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(ukplat_time_irq(),
							   probe_handler,
							   &p[i]), 0);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	UK_TEST_EXPECT(wait_count(&p[1], 1));
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(p[0].count, 1);
	UK_TEST_EXPECT_UNUM_EQ(p[1].count, 1);
	UK_TEST_EXPECT_UNUM_EQ(p[2].count, 0);
	ukplat_lcpu_disable_irq();
	for (i = 0; i < CHAIN_LEN; i++)
		ukplat_irq_unregister(ukplat_time_irq(), probe_handler, &p[i]);
	line_return(flags);
}

UK_TESTCASE(plat_irq, mask_holds_back_delivery_until_unmask)
{
	struct probe p = { .ret = 1 };
	unsigned long flags = line_borrow();
	__nsec deadline;

	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &p) == 0);
	ukplat_irq_mask(ukplat_time_irq());
	ukplat_lcpu_enable_irq();
	deadline = ukplat_monotonic_clock() + 2 * MS;
	ukplat_time_set_deadline(deadline);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(p.count, 0);
	/* the expiry missed while masked is delivered on unmask */
	ukplat_irq_unmask(ukplat_time_irq());
	UK_TEST_EXPECT(wait_count(&p, 1));
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(ukplat_time_irq(), probe_handler, &p);
	line_return(flags);
}

/* With a second handler left on the line, the removed one is not called. */
UK_TESTCASE(plat_irq, unregistered_handler_is_not_called)
{
	struct probe gone = { .ret = 0 }, stays = { .ret = 1 };
	unsigned long flags = line_borrow();

	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &gone) == 0);
	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &stays) == 0);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(ukplat_time_irq(),
						     probe_handler, &gone), 0);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	UK_TEST_EXPECT(wait_count(&stays, 1));
	UK_TEST_EXPECT_UNUM_EQ(gone.count, 0);
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(ukplat_time_irq(), probe_handler, &stays);
	/* the last handler gone, the line is masked: nothing fires */
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(stays.count, 1);
	ukplat_time_set_deadline(0);
	ukplat_lcpu_disable_irq();
	line_return(flags);
}

UK_TESTCASE(plat_irq, handler_may_unregister_itself)
{
	struct probe p = { .ret = 1, .unregister_self = true };
	unsigned long flags = line_borrow();

	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &p) == 0);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	UK_TEST_EXPECT(wait_count(&p, 1));
	fire_in(MS);
	busy_wait(QUIET_TIME);
	UK_TEST_EXPECT_UNUM_EQ(p.count, 1);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(ukplat_time_irq(),
						     probe_handler, &p),
			       -ENOENT);
	ukplat_time_set_deadline(0);
	ukplat_lcpu_disable_irq();
	line_return(flags);
}

/*
 * Work deferred by a handler runs with interrupts on, outside interrupt
 * context, after the handler and before the interrupted loop resumes.
 */
UK_TESTCASE(plat_irq, deferred_work_runs_before_interrupted_code)
{
	struct probe p = { .ret = 1, .defer = true };
	unsigned long flags = line_borrow();
	unsigned int runs_when_seen = 0;
	__nsec end;

	dw = (struct deferred){ .handler = &p };
	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &p) == 0);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	end = ukplat_monotonic_clock() + WAIT_LIMIT;
	while (ukplat_monotonic_clock() < end) {
		if (p.count) {
			runs_when_seen = dw.runs;
			break;
		}
	}
	UK_TEST_EXPECT_UNUM_EQ(p.count, 1);
	UK_TEST_EXPECT_SNUM_EQ(p.defer_rc, 0);
	UK_TEST_EXPECT_UNUM_EQ(runs_when_seen, 1);
	UK_TEST_EXPECT_ZERO(dw.irqs_were_off);
	UK_TEST_EXPECT_ZERO(dw.was_in_irq);
	UK_TEST_EXPECT_UNUM_EQ(dw.handler_count_seen, 1);
	/* a handler cannot run deferred work itself */
	UK_TEST_EXPECT_UNUM_EQ(p.defer_run_in_irq, 0);
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(ukplat_time_irq(), probe_handler, &p);
	line_return(flags);
}

static unsigned int order[ORDER_LEN];
static unsigned int order_len;

static void order_fn(void *arg)
{
	if (order_len < ORDER_LEN)
		order[order_len++] = (unsigned int)(uintptr_t)arg;
}

UK_TESTCASE(plat_irq, defer_from_thread_runs_in_order)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned int i, n;

	order_len = 0;
	for (i = 0; i < ORDER_LEN; i++) {
		void *arg = (void *)(uintptr_t)(i + 1);

		UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_defer(order_fn, arg), 0);
	}
	n = ukplat_irq_defer_run();
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_UNUM_GE(n, ORDER_LEN);
	UK_TEST_ASSERT(order_len == ORDER_LEN);
	for (i = 0; i < ORDER_LEN; i++)
		UK_TEST_EXPECT_UNUM_EQ(order[i], i + 1);
	UK_TEST_EXPECT_UNUM_EQ(ukplat_irq_defer_run(), 0);
}

static volatile unsigned int filler_runs;

static void filler_fn(void *arg)
{
	filler_runs++;
}

UK_TESTCASE(plat_irq, defer_queue_is_bounded)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned int queued = 0;

	filler_runs = 0;
	while (queued <= UKPLAT_IRQ_DEFER_MAX &&
	       ukplat_irq_defer(filler_fn, NULL) == 0)
		queued++;
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_defer(filler_fn, NULL), -ENOSPC);
	UK_TEST_EXPECT_UNUM_LE(queued, UKPLAT_IRQ_DEFER_MAX);
	UK_TEST_EXPECT_UNUM_GT(queued, 0);
	ukplat_irq_defer_run();
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_UNUM_EQ(filler_runs, queued);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_defer(NULL, NULL), -EINVAL);
}

/*
 * Interrupts are really on during deferred work: a timer interrupt nests
 * into it, and the work that nested interrupt defers runs in the same drain,
 * after the current function, before the interrupted code resumes.
 */
static struct probe nest_probe;
static volatile unsigned int nested_work_runs;
static volatile unsigned int nested_seen_by_outer;

static void nested_work(void *arg)
{
	nested_work_runs++;
}

static void outer_work(void *arg)
{
	__nsec end = ukplat_monotonic_clock() + WAIT_LIMIT;

	fire_in(MS);
	while (nest_probe.count < 2 && ukplat_monotonic_clock() < end)
		;
	nested_seen_by_outer = nested_work_runs;
}

static int nest_handler(void *arg)
{
	nest_probe.count++;
	ukplat_irq_defer(nest_probe.count == 1 ? outer_work : nested_work,
			 NULL);
	return 1;
}

UK_TESTCASE(plat_irq, interrupt_nests_into_deferred_work)
{
	unsigned long flags = line_borrow();

	nest_probe = (struct probe){ 0 };
	nested_work_runs = 0;
	nested_seen_by_outer = ~0U;
	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), nest_handler,
					   NULL) == 0);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	UK_TEST_EXPECT(wait_count(&nest_probe, 1));
	/* seen only after the whole drain: both interrupts and their work */
	UK_TEST_EXPECT_UNUM_EQ(nest_probe.count, 2);
	UK_TEST_EXPECT_UNUM_EQ(nested_seen_by_outer, 0);
	UK_TEST_EXPECT_UNUM_EQ(nested_work_runs, 1);
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(ukplat_time_irq(), nest_handler, NULL);
	line_return(flags);
}

static volatile unsigned int exit_hook_calls;
static volatile unsigned int exit_hook_bad_context;

static void exit_hook(void)
{
	exit_hook_calls++;
	if (!ukplat_lcpu_irqs_disabled() || ukplat_irq_context())
		exit_hook_bad_context++;
}

UK_TESTCASE(plat_irq, exit_hook_runs_after_each_interrupt)
{
	struct probe p = { .ret = 1 };
	unsigned long flags = line_borrow();
	ukplat_irq_exit_hook_t prev;

	exit_hook_calls = exit_hook_bad_context = 0;
	UK_TEST_ASSERT(ukplat_irq_register(ukplat_time_irq(), probe_handler,
					   &p) == 0);
	prev = ukplat_irq_set_exit_hook(exit_hook);
	ukplat_lcpu_enable_irq();
	fire_in(MS);
	UK_TEST_EXPECT(wait_count(&p, 1));
	ukplat_lcpu_disable_irq();
	UK_TEST_EXPECT(ukplat_irq_set_exit_hook(prev) == exit_hook);
	UK_TEST_EXPECT_UNUM_GE(exit_hook_calls, 1);
	UK_TEST_EXPECT_UNUM_EQ(exit_hook_bad_context, 0);
	ukplat_irq_unregister(ukplat_time_irq(), probe_handler, &p);
	line_return(flags);
}
