/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host test of the uktest core: runs a hand-built case array through
 * uk_test_run_range() and checks counts, filtering, grouping by suite and
 * the exact output lines (stdout is captured into a temporary file).
 */
#include <stdlib.h>
#include <unistd.h>
#include <uk/test.h>
#include "hosttest.h"

#define CAPTURE_MAX	8192

static char captured[CAPTURE_MAX];
static FILE *cap_file;
static int cap_saved_fd = -1;

static void capture_begin(void)
{
	fflush(stdout);
	cap_file = tmpfile();
	if (!cap_file)
		abort();
	cap_saved_fd = dup(STDOUT_FILENO);
	dup2(fileno(cap_file), STDOUT_FILENO);
}

static const char *capture_end(void)
{
	size_t n;

	fflush(stdout);
	dup2(cap_saved_fd, STDOUT_FILENO);
	close(cap_saved_fd);
	rewind(cap_file);
	n = fread(captured, 1, sizeof(captured) - 1, cap_file);
	captured[n] = '\0';
	fclose(cap_file);
	return captured;
}

/* Order in which case functions ran, as a string of letters. */
static char order[32];

static void ran(char c)
{
	size_t n = strlen(order);

	if (n + 1 < sizeof(order))
		order[n] = c;
}

static void case_a1(UK_TEST_CTX_PARAM)
{
	ran('a');
	UK_TEST_EXPECT_SNUM_EQ(1, 1);
}

static void case_b1(UK_TEST_CTX_PARAM)
{
	ran('b');
	UK_TEST_EXPECT_SNUM_EQ(2 + 2, 5);
}

static void case_a2(UK_TEST_CTX_PARAM)
{
	ran('c');
	UK_TEST_EXPECT_STR_EQ("x", "x");
}

static void case_b2(UK_TEST_CTX_PARAM)
{
	ran('d');
	UK_TEST_ASSERT(0);
	ran('!');
}

static void case_a3(UK_TEST_CTX_PARAM)
{
	ran('e');
	UK_TEST_EXPECT_UNUM_EQ(3U, 4U);
	UK_TEST_EXPECT_STR_EQ("abc", NULL);
	UK_TEST_EXPECT_PTR_EQ(NULL, NULL);
}

/* Suites interleaved on purpose: the runner must group them stably. */
static const struct uk_testcase cases[] = {
	{ "alpha", "one", case_a1 },
	{ "beta", "one", case_b1 },
	{ "alpha", "two", case_a2 },
	{ "beta", "two", case_b2 },
	{ "alpha", "three", case_a3 },
};
#define CASES_END (cases + UK_ARRAY_SIZE(cases))

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && !strcmp(s + n - m, tail);
}

static int run(const char *filter, const char **out)
{
	int rc;

	memset(order, 0, sizeof(order));
	capture_begin();
	rc = uk_test_run_range(cases, CASES_END, filter);
	*out = capture_end();
	return rc;
}

static void test_all_grouped_and_counted(void)
{
	const char *out;
	const char *expect =
		"[ ok ] alpha.one\n"
		"[ ok ] alpha.two\n"
		"  FAIL alpha.three at ";

	HT_EXPECT_INT_EQ(run(NULL, &out), 3);
	HT_EXPECT_STR_EQ(order, "acebd");
	HT_EXPECT(strncmp(out, expect, strlen(expect)) == 0);
	HT_EXPECT(strstr(out, "tests/host/test_runner.c:"));
	HT_EXPECT(strstr(out, ": 3U == 4U (3 vs 4)\n"));
	HT_EXPECT(strstr(out, ": \"abc\" == NULL (\"abc\" vs NULL)\n"));
	HT_EXPECT(strstr(out, "[FAIL] alpha.three\n"
			      "-- suite alpha: 2 of 3 cases ok\n"));
	HT_EXPECT(strstr(out, ": 2 + 2 == 5 (4 vs 5)\n[FAIL] beta.one\n"));
	HT_EXPECT(strstr(out, ": 0\n[FAIL] beta.two\n"
			      "-- suite beta: 0 of 2 cases ok\n"));
	/* The closing line is the last line. */
	HT_EXPECT(ends_with(out, "\n-- suite beta: 0 of 2 cases ok\n"
				 "uktest: 2 passed, 3 failed\n"));
	HT_EXPECT(!strstr(out, "no case matches"));
}

static void test_filter_suite(void)
{
	const char *out;

	HT_EXPECT_INT_EQ(run("beta", &out), 2);
	HT_EXPECT_STR_EQ(order, "bd");
	HT_EXPECT(!strstr(out, "alpha"));
	HT_EXPECT(strstr(out, "uktest: 0 passed, 2 failed\n"));
}

static void test_filter_case_prefix(void)
{
	const char *out;

	HT_EXPECT_INT_EQ(run("alpha.t", &out), 1);
	HT_EXPECT_STR_EQ(order, "ce");
	HT_EXPECT(strstr(out, "uktest: 1 passed, 1 failed\n"));

	HT_EXPECT_INT_EQ(run("alpha.one", &out), 0);
	HT_EXPECT_STR_EQ(order, "a");
	HT_EXPECT(strstr(out, "[ ok ] alpha.one\n"
			      "-- suite alpha: 1 of 1 cases ok\n"
			      "uktest: 1 passed, 0 failed\n"));

	/* "alpha." selects the whole suite. */
	HT_EXPECT_INT_EQ(run("alpha.", &out), 1);
	HT_EXPECT_STR_EQ(order, "ace");
}

static void test_filter_is_not_a_suite_prefix(void)
{
	const char *out;

	/* "alph" is not the suite "alpha"; nothing runs. */
	HT_EXPECT_INT_EQ(run("alph", &out), 0);
	HT_EXPECT_STR_EQ(order, "");
	HT_EXPECT(strstr(out, "uktest: no case matches \"alph\"\n"));
	HT_EXPECT(strstr(out, "uktest: 0 passed, 0 failed\n"));

	HT_EXPECT_INT_EQ(run("alphax.one", &out), 0);
	HT_EXPECT_STR_EQ(order, "");
}

static void test_empty_filter_runs_all(void)
{
	const char *out;

	HT_EXPECT_INT_EQ(run("", &out), 3);
	HT_EXPECT_STR_EQ(order, "acebd");
}

static void test_empty_table(void)
{
	const char *out;
	int rc;

	capture_begin();
	rc = uk_test_run_range(cases, cases, NULL);
	out = capture_end();
	HT_EXPECT_INT_EQ(rc, 0);
	HT_EXPECT_STR_EQ(out, "uktest: 0 passed, 0 failed\n");
}

static void test_quiet_context(void)
{
	struct uk_test_ctx ctx = { .quiet = true };
	struct uk_test_ctx *UK_TEST_CTX = &ctx;
	const char *out;
	int line;

	capture_begin();
	line = __LINE__; UK_TEST_EXPECT_SNUM_LT(5, -5);
	UK_TEST_EXPECT(1);
	out = capture_end();
	HT_EXPECT_STR_EQ(out, "");
	HT_EXPECT_INT_EQ(ctx.checks, 2);
	HT_EXPECT_INT_EQ(ctx.failures, 1);
	HT_EXPECT_INT_EQ(ctx.last_fail_line, line);
}

int main(void)
{
	HT_RUN(test_all_grouped_and_counted);
	HT_RUN(test_filter_suite);
	HT_RUN(test_filter_case_prefix);
	HT_RUN(test_filter_is_not_a_suite_prefix);
	HT_RUN(test_empty_filter_runs_all);
	HT_RUN(test_empty_table);
	HT_RUN(test_quiet_context);
	return ht_finish("uktest_runner");
}
