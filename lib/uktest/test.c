/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uktest core: expectation bookkeeping and the runner over a table range.
 * Platform independent (host tests build it with a plain array of cases).
 */
#include <string.h>
#include <uk/print.h>
#include <uk/test.h>

/* Totals of one run. */
struct run_totals {
	unsigned int passed;
	unsigned int failed;
};

static const char *ctx_suite(const struct uk_test_ctx *ctx)
{
	return ctx->tc ? ctx->tc->suite : "?";
}

static const char *ctx_case(const struct uk_test_ctx *ctx)
{
	return ctx->tc ? ctx->tc->name : "?";
}

/*
 * Count one expectation; return true if the caller should print the
 * FAIL line (a failure outside quiet mode). The caller ends that line
 * with the values compared.
 */
static bool record(struct uk_test_ctx *ctx, bool ok, const char *file,
		   int line, const char *expr)
{
	ctx->checks++;
	if (ok)
		return false;
	ctx->failures++;
	ctx->last_fail_line = line;
	if (ctx->quiet)
		return false;
	uk_printf("  FAIL %s.%s at %s:%d: %s", ctx_suite(ctx), ctx_case(ctx),
		  file, line, expr);
	return true;
}

bool _uk_test_check(struct uk_test_ctx *ctx, bool ok, const char *file,
		    int line, const char *expr)
{
	if (record(ctx, ok, file, line, expr))
		uk_printf("\n");
	return ok;
}

bool _uk_test_check_snum(struct uk_test_ctx *ctx, bool ok, long long a,
			 long long b, const char *file, int line,
			 const char *expr)
{
	if (record(ctx, ok, file, line, expr))
		uk_printf(" (%lld vs %lld)\n", a, b);
	return ok;
}

bool _uk_test_check_unum(struct uk_test_ctx *ctx, bool ok,
			 unsigned long long a, unsigned long long b,
			 const char *file, int line, const char *expr)
{
	if (record(ctx, ok, file, line, expr))
		uk_printf(" (%llu vs %llu)\n", a, b);
	return ok;
}

bool _uk_test_check_ptr(struct uk_test_ctx *ctx, bool ok, const void *a,
			const void *b, const char *file, int line,
			const char *expr)
{
	if (record(ctx, ok, file, line, expr))
		uk_printf(" (%p vs %p)\n", a, b);
	return ok;
}

bool _uk_test_check_str(struct uk_test_ctx *ctx, bool ok, const char *a,
			const char *b, const char *file, int line,
			const char *expr)
{
	if (!record(ctx, ok, file, line, expr))
		return ok;
	/* Quote strings, but show NULL unquoted so it stands out. */
	uk_printf(" (%s%s%s vs %s%s%s)\n",
		  a ? "\"" : "", a ? a : "NULL", a ? "\"" : "",
		  b ? "\"" : "", b ? b : "NULL", b ? "\"" : "");
	return ok;
}

bool _uk_test_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Suite names are identifiers, so they never contain a '.'. */
static bool filter_match(const char *filter, const struct uk_testcase *tc)
{
	size_t slen;

	if (!filter || !*filter)
		return true;
	slen = strlen(tc->suite);
	if (strncmp(filter, tc->suite, slen))
		return false;
	if (filter[slen] == '\0')
		return true;
	if (filter[slen] != '.')
		return false;
	filter += slen + 1;
	return strncmp(tc->name, filter, strlen(filter)) == 0;
}

/* True if a case before @tc in the table belongs to the same suite. */
static bool suite_seen(const struct uk_testcase *start,
		       const struct uk_testcase *tc)
{
	const struct uk_testcase *it;

	for (it = start; it < tc; it++)
		if (!strcmp(it->suite, tc->suite))
			return true;
	return false;
}

/* Run one case; return true if it passed. */
static bool run_case(const struct uk_testcase *tc)
{
	struct uk_test_ctx ctx = { .tc = tc };

	tc->func(&ctx);
	uk_printf("[%s] %s.%s\n", ctx.failures ? "FAIL" : " ok ", tc->suite,
		  tc->name);
	return ctx.failures == 0;
}

/* Run the matching cases of the suite of @first, from @first on. */
static void run_suite(const struct uk_testcase *first,
		      const struct uk_testcase *end, const char *filter,
		      struct run_totals *tot)
{
	const struct uk_testcase *tc;
	unsigned int ran = 0, ok = 0;

	for (tc = first; tc < end; tc++) {
		if (strcmp(tc->suite, first->suite) ||
		    !filter_match(filter, tc))
			continue;
		ran++;
		if (run_case(tc))
			ok++;
	}
	if (!ran)
		return;
	uk_printf("-- suite %s: %u of %u cases ok\n", first->suite, ok, ran);
	tot->passed += ok;
	tot->failed += ran - ok;
}

int uk_test_run_range(const struct uk_testcase *start,
		      const struct uk_testcase *end, const char *filter)
{
	struct run_totals tot = { 0, 0 };
	const struct uk_testcase *tc;

	if (filter && *filter)
		uk_printf("uktest: running cases matching \"%s\"\n", filter);
	for (tc = start; tc < end; tc++)
		if (!suite_seen(start, tc))
			run_suite(tc, end, filter, &tot);
	if (filter && *filter && tot.passed + tot.failed == 0)
		uk_printf("uktest: no case matches \"%s\"\n", filter);
	uk_printf("uktest: %u passed, %u failed\n", tot.passed, tot.failed);
	return (int)tot.failed;
}
