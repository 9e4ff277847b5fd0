/* SPDX-License-Identifier: BSD-3-Clause */
/* Cooperative scheduling: exact round-robin order, no preemption. */
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/time.h>

#define ROUNDS		3
#define BUSY_NS		(100 * UKPLAT_NSEC_PER_MSEC)

static char trace[32];
static unsigned int trace_len;

static void trace_add(char c)
{
	if (trace_len < sizeof(trace) - 1)
		trace[trace_len++] = c;
	trace[trace_len] = '\0';
}

static void *tracer(void *arg)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		trace_add((char)(long)arg);
		uk_sched_yield();
	}
	return NULL;
}

UK_TESTCASE(ukschedcoop, yields_interleave_round_robin)
{
	struct uk_thread *t[3];
	int i;

	UK_TEST_ASSERT(uk_sched_get_default() != NULL);
	UK_TEST_EXPECT_STR_EQ(uk_sched_get_default()->name, "coop");
	trace_len = 0;
	trace[0] = '\0';
	for (i = 0; i < 3; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "tracer", tracer,
						(void *)(long)('A' + i),
						0) == 0);
	/* creating does not switch: the new threads wait their turn */
	UK_TEST_EXPECT_STR_EQ(trace, "");
	for (i = 0; i < ROUNDS; i++) {
		trace_add('m');
		uk_sched_yield();
	}
	for (i = 0; i < 3; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_STR_EQ(trace, "mABCmABCmABC");
}

static volatile bool other_ran;

static void *set_flag(void *arg)
{
	other_ran = true;
	return NULL;
}

static void *busy(void *arg)
{
	__nsec end = ukplat_monotonic_clock() + BUSY_NS;

	while (ukplat_monotonic_clock() < end)
		;
	return (void *)(unsigned long)other_ran;
}

UK_TESTCASE(ukschedcoop, busy_thread_is_not_preempted)
{
	struct uk_thread *b, *o;
	void *seen = (void *)1UL;

	other_ran = false;
	UK_TEST_ASSERT(uk_thread_create(&b, "busy", busy, NULL, 0) == 0);
	UK_TEST_ASSERT(uk_thread_create(&o, "other", set_flag, NULL, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(b, &seen), 0);
	/* "other" was runnable for 100 ms but never got the CPU */
	UK_TEST_EXPECT_PTR_EQ(seen, NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(o, NULL), 0);
	UK_TEST_EXPECT(other_ran);
}
