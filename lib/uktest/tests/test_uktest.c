/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uktest self-tests. Expectations that must fail run in a private, quiet
 * context ("sandbox"), so they are counted there and not in the real run.
 */
#include <uk/test.h>

/* Number of failing expectations in must_fail(). */
#define MUST_FAIL_COUNT		18
/* Number of passing expectations in must_pass(). */
#define MUST_PASS_COUNT		24

static int fail_line;
static int evaluations;
static bool after_assert;

static int count_eval(int v)
{
	evaluations++;
	return v;
}

static void sandbox_init(struct uk_test_ctx *sb)
{
	*sb = (struct uk_test_ctx){ .tc = NULL, .quiet = true };
}

/* Every expectation here is false. */
static void must_fail(UK_TEST_CTX_PARAM)
{
	static const char s1[] = "abc";
	int x = 1;

	UK_TEST_EXPECT(x == 2);
	UK_TEST_EXPECT_NULL(&x);
	UK_TEST_EXPECT_NOT_NULL(NULL);
	UK_TEST_EXPECT_ZERO(x);
	UK_TEST_EXPECT_NOT_ZERO(0);
	UK_TEST_EXPECT_SNUM_EQ(-1, 1);
	UK_TEST_EXPECT_SNUM_NQ(-1, -1);
	UK_TEST_EXPECT_SNUM_GT(-2, -1);
	UK_TEST_EXPECT_SNUM_GE(-2, -1);
	UK_TEST_EXPECT_SNUM_LT(-1, -2);
	UK_TEST_EXPECT_SNUM_LE(-1, -2);
	UK_TEST_EXPECT_UNUM_EQ(1, 2);
	UK_TEST_EXPECT_UNUM_GT(1U, 0xffffffffffffffffULL);
	UK_TEST_EXPECT_PTR_EQ(&x, NULL);
	UK_TEST_EXPECT_PTR_NQ(&x, &x);
	UK_TEST_EXPECT_STR_EQ(s1, "abd");
	UK_TEST_EXPECT_STR_EQ(NULL, s1);
	fail_line = __LINE__; UK_TEST_EXPECT_STR_NQ(s1, "abc");
}

/* Every expectation here is true. */
static void must_pass(UK_TEST_CTX_PARAM)
{
	static const char s1[] = "abc";
	char s2[] = "abc";
	int x = 0;

	UK_TEST_EXPECT(x == 0);
	UK_TEST_EXPECT_NULL(NULL);
	UK_TEST_EXPECT_NOT_NULL(&x);
	UK_TEST_EXPECT_ZERO(x);
	UK_TEST_EXPECT_NOT_ZERO(-1);
	UK_TEST_EXPECT_SNUM_EQ(-5, -5);
	UK_TEST_EXPECT_SNUM_NQ(-5, 5);
	UK_TEST_EXPECT_SNUM_GT(-1, -2);
	UK_TEST_EXPECT_SNUM_GE(-1, -1);
	UK_TEST_EXPECT_SNUM_LT(-2, -1);
	UK_TEST_EXPECT_SNUM_LE(-2, -2);
	UK_TEST_EXPECT_SNUM_LT(-9223372036854775807LL - 1, 0);
	UK_TEST_EXPECT_UNUM_EQ(7U, 7UL);
	UK_TEST_EXPECT_UNUM_NQ(7U, 8U);
	UK_TEST_EXPECT_UNUM_GT(0xffffffffffffffffULL, 1U);
	UK_TEST_EXPECT_UNUM_GE(3U, 3U);
	UK_TEST_EXPECT_UNUM_LT(2U, 3U);
	UK_TEST_EXPECT_UNUM_LE(3U, 3U);
	UK_TEST_EXPECT_PTR_EQ(&x, &x);
	UK_TEST_EXPECT_PTR_NQ(s1, s2);
	UK_TEST_EXPECT_STR_EQ(s1, s2);
	UK_TEST_EXPECT_STR_EQ(NULL, NULL);
	UK_TEST_EXPECT_STR_NQ(s1, "ab");
	UK_TEST_EXPECT_STR_NQ(s1, NULL);
}

static void assert_fails(UK_TEST_CTX_PARAM)
{
	UK_TEST_ASSERT(1 + 1 == 3);
	after_assert = true;
}

static void assert_passes(UK_TEST_CTX_PARAM)
{
	UK_TEST_ASSERT(1 + 1 == 2);
	after_assert = true;
}

UK_TESTCASE(uktest, passing_expectations_pass)
{
	struct uk_test_ctx sb;

	must_pass(UK_TEST_CTX);
	sandbox_init(&sb);
	must_pass(&sb);
	UK_TEST_EXPECT_UNUM_EQ(sb.checks, MUST_PASS_COUNT);
	UK_TEST_EXPECT_UNUM_EQ(sb.failures, 0);
}

UK_TESTCASE(uktest, failing_expectations_are_counted)
{
	struct uk_test_ctx sb;
	unsigned int real_failures = UK_TEST_CTX->failures;

	sandbox_init(&sb);
	must_fail(&sb);
	UK_TEST_EXPECT_UNUM_EQ(sb.checks, MUST_FAIL_COUNT);
	UK_TEST_EXPECT_UNUM_EQ(sb.failures, MUST_FAIL_COUNT);
	UK_TEST_EXPECT_SNUM_EQ(sb.last_fail_line, fail_line);
	/* The real context of this case saw none of it. */
	UK_TEST_EXPECT_UNUM_EQ(UK_TEST_CTX->failures, real_failures);
}

UK_TESTCASE(uktest, counters_accumulate)
{
	struct uk_test_ctx sb;

	sandbox_init(&sb);
	must_pass(&sb);
	must_fail(&sb);
	must_pass(&sb);
	UK_TEST_EXPECT_UNUM_EQ(sb.checks,
			       2 * MUST_PASS_COUNT + MUST_FAIL_COUNT);
	UK_TEST_EXPECT_UNUM_EQ(sb.failures, MUST_FAIL_COUNT);
}

UK_TESTCASE(uktest, assert_leaves_case)
{
	struct uk_test_ctx sb;

	sandbox_init(&sb);
	after_assert = false;
	assert_fails(&sb);
	UK_TEST_EXPECT(!after_assert);
	UK_TEST_EXPECT_UNUM_EQ(sb.failures, 1);

	sandbox_init(&sb);
	assert_passes(&sb);
	UK_TEST_EXPECT(after_assert);
	UK_TEST_EXPECT_UNUM_EQ(sb.checks, 1);
	UK_TEST_EXPECT_UNUM_EQ(sb.failures, 0);
}

UK_TESTCASE(uktest, operands_evaluated_once)
{
	evaluations = 0;
	UK_TEST_EXPECT_SNUM_EQ(count_eval(3), count_eval(3));
	UK_TEST_EXPECT_UNUM_LE(count_eval(1), count_eval(2));
	UK_TEST_EXPECT_NOT_ZERO(count_eval(4));
	UK_TEST_EXPECT_SNUM_EQ(evaluations, 5);
}

UK_TESTCASE(uktest, case_context_names_case)
{
	UK_TEST_EXPECT_NOT_NULL(UK_TEST_CTX->tc);
	UK_TEST_ASSERT(UK_TEST_CTX->tc != NULL);
	UK_TEST_EXPECT_STR_EQ(UK_TEST_CTX->tc->suite, "uktest");
	UK_TEST_EXPECT_STR_EQ(UK_TEST_CTX->tc->name,
			      "case_context_names_case");
	UK_TEST_EXPECT(!UK_TEST_CTX->quiet);
}
