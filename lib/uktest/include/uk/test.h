/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uktest: in-guest unit tests.
 *
 * A test case is a function registered in the "uktest" table:
 *
 *	UK_TESTCASE(mysuite, adds_numbers)
 *	{
 *		UK_TEST_EXPECT_SNUM_EQ(add(2, 3), 5);
 *	}
 *
 * uk_test_run_all() runs every registered case, grouped by suite (suites
 * in order of their first case in the table, cases of a suite in table
 * order, which is definition order inside one file). Each failed
 * expectation prints
 *	"  FAIL <suite>.<case> at <file>:<line>: <expr> (<values>)"
 * each case then prints "[ ok ] <suite>.<case>" or "[FAIL] <suite>.<case>",
 * each suite a "-- suite <suite>: <ok> of <n> cases ok" summary, and the
 * run ends with the line "uktest: <N> passed, <N> failed" (counting cases).
 *
 * The expectation macros refer to the case's hidden context parameter, so
 * they can be used in a case body, or in a helper function declared with
 * UK_TEST_CTX_PARAM and called with UK_TEST_CTX (see below).
 */
#ifndef __UK_TEST_H__
#define __UK_TEST_H__

#include <uk/essentials.h>
#include <uk/tables.h>

struct uk_test_ctx;

typedef void (*uk_testcase_func_t)(struct uk_test_ctx *ctx);

/* One table entry: a named case of a suite. */
struct uk_testcase {
	const char *suite;
	const char *name;
	uk_testcase_func_t func;
};
UK_CTASSERT(sizeof(struct uk_testcase) % UK_TABLE_ALIGN == 0);

/* State of the case being run; expectations update it. */
struct uk_test_ctx {
	const struct uk_testcase *tc;	/* for messages; may be NULL */
	unsigned int checks;		/* expectations evaluated */
	unsigned int failures;		/* expectations that failed */
	int last_fail_line;		/* source line of the last failure */
	bool quiet;			/* count failures without printing */
};

UK_TABLE_DECLARE(uktest, struct uk_testcase);

/* Hidden parameter of a case; use these to pass it on to helpers. */
#define UK_TEST_CTX		__uk_test_ctx
#define UK_TEST_CTX_PARAM	struct uk_test_ctx *UK_TEST_CTX

/*
 * Define and register test case @name_ of @suite_ (plain identifiers);
 * the function body follows the macro. no_reorder keeps the table entries
 * of one file in definition order.
 */
#define UK_TESTCASE(suite_, name_)					\
	static void							\
	__uk_test_fn_##suite_##__##name_(UK_TEST_CTX_PARAM);		\
	static const struct uk_testcase					\
	UK_TABLE_ENTRY(uktest) __attribute__((no_reorder))		\
	__uk_testcase_##suite_##__##name_ = {				\
		.suite = #suite_,					\
		.name = #name_,						\
		.func = __uk_test_fn_##suite_##__##name_,		\
	};								\
	static void							\
	__uk_test_fn_##suite_##__##name_(UK_TEST_CTX_PARAM)

/*
 * Record the outcome @ok of one expectation in @ctx; on failure print the
 * FAIL line with @expr and, for the typed forms, the two values compared.
 * Return @ok. Used by the macros below.
 */
bool _uk_test_check(struct uk_test_ctx *ctx, bool ok, const char *file,
		    int line, const char *expr);
bool _uk_test_check_snum(struct uk_test_ctx *ctx, bool ok, long long a,
			 long long b, const char *file, int line,
			 const char *expr);
bool _uk_test_check_unum(struct uk_test_ctx *ctx, bool ok,
			 unsigned long long a, unsigned long long b,
			 const char *file, int line, const char *expr);
bool _uk_test_check_ptr(struct uk_test_ctx *ctx, bool ok, const void *a,
			const void *b, const char *file, int line,
			const char *expr);
bool _uk_test_check_str(struct uk_test_ctx *ctx, bool ok, const char *a,
			const char *b, const char *file, int line,
			const char *expr);

/* True if @a and @b are both NULL or both equal strings. */
bool _uk_test_str_eq(const char *a, const char *b);

#define UK_TEST_EXPECT(cond)						\
	((void)_uk_test_check(UK_TEST_CTX, !!(cond), __FILE__, __LINE__, \
			      #cond))

/* Fail and leave the case (return from the calling function) at once. */
#define UK_TEST_ASSERT(cond)						\
	do {								\
		if (!_uk_test_check(UK_TEST_CTX, !!(cond), __FILE__,	\
				    __LINE__, #cond))			\
			return;						\
	} while (0)

/*
 * Each operand is evaluated exactly once. The expression text is made by
 * the outermost macro, so it shows the operands as written (e.g. "NULL").
 */
#define __UK_TEST_CMP(kind, type, a, op, b, text)			\
	do {								\
		type __uk_a = (a);					\
		type __uk_b = (b);					\
		_uk_test_check_##kind(UK_TEST_CTX, __uk_a op __uk_b,	\
				      __uk_a, __uk_b, __FILE__, __LINE__, \
				      text);				\
	} while (0)

#define __UK_TEST_SNUM(a, op, b, text)					\
	__UK_TEST_CMP(snum, long long, a, op, b, text)
#define __UK_TEST_UNUM(a, op, b, text)					\
	__UK_TEST_CMP(unum, unsigned long long, a, op, b, text)
#define __UK_TEST_PTR(a, op, b, text)					\
	__UK_TEST_CMP(ptr, const void *, a, op, b, text)

#define UK_TEST_EXPECT_SNUM_EQ(a, b) __UK_TEST_SNUM(a, ==, b, #a " == " #b)
#define UK_TEST_EXPECT_SNUM_NQ(a, b) __UK_TEST_SNUM(a, !=, b, #a " != " #b)
#define UK_TEST_EXPECT_SNUM_GT(a, b) __UK_TEST_SNUM(a, >, b, #a " > " #b)
#define UK_TEST_EXPECT_SNUM_GE(a, b) __UK_TEST_SNUM(a, >=, b, #a " >= " #b)
#define UK_TEST_EXPECT_SNUM_LT(a, b) __UK_TEST_SNUM(a, <, b, #a " < " #b)
#define UK_TEST_EXPECT_SNUM_LE(a, b) __UK_TEST_SNUM(a, <=, b, #a " <= " #b)

#define UK_TEST_EXPECT_UNUM_EQ(a, b) __UK_TEST_UNUM(a, ==, b, #a " == " #b)
#define UK_TEST_EXPECT_UNUM_NQ(a, b) __UK_TEST_UNUM(a, !=, b, #a " != " #b)
#define UK_TEST_EXPECT_UNUM_GT(a, b) __UK_TEST_UNUM(a, >, b, #a " > " #b)
#define UK_TEST_EXPECT_UNUM_GE(a, b) __UK_TEST_UNUM(a, >=, b, #a " >= " #b)
#define UK_TEST_EXPECT_UNUM_LT(a, b) __UK_TEST_UNUM(a, <, b, #a " < " #b)
#define UK_TEST_EXPECT_UNUM_LE(a, b) __UK_TEST_UNUM(a, <=, b, #a " <= " #b)

#define UK_TEST_EXPECT_PTR_EQ(a, b) __UK_TEST_PTR(a, ==, b, #a " == " #b)
#define UK_TEST_EXPECT_PTR_NQ(a, b) __UK_TEST_PTR(a, !=, b, #a " != " #b)

#define UK_TEST_EXPECT_NULL(p)	   __UK_TEST_PTR(p, ==, NULL, #p " == NULL")
#define UK_TEST_EXPECT_NOT_NULL(p) __UK_TEST_PTR(p, !=, NULL, #p " != NULL")
#define UK_TEST_EXPECT_ZERO(x)	   __UK_TEST_SNUM(x, ==, 0, #x " == 0")
#define UK_TEST_EXPECT_NOT_ZERO(x) __UK_TEST_SNUM(x, !=, 0, #x " != 0")

/* String comparisons; two NULLs are equal, NULL and a string are not. */
#define __UK_TEST_STR(a, b, want_eq, text)				\
	do {								\
		const char *__uk_a = (a);				\
		const char *__uk_b = (b);				\
		bool __uk_ok = _uk_test_str_eq(__uk_a, __uk_b) == (want_eq); \
		_uk_test_check_str(UK_TEST_CTX, __uk_ok, __uk_a, __uk_b, \
				   __FILE__, __LINE__, text);		\
	} while (0)

#define UK_TEST_EXPECT_STR_EQ(a, b) __UK_TEST_STR(a, b, true, #a " == " #b)
#define UK_TEST_EXPECT_STR_NQ(a, b) __UK_TEST_STR(a, b, false, #a " != " #b)

/*
 * Run the cases in [@start, @end) whose name matches @filter (NULL or ""
 * runs all; "suite" selects one suite, "suite.prefix" the cases of suite
 * whose name starts with prefix). Prints the per-case and per-suite lines
 * and the closing "uktest: N passed, N failed"; returns the failed count.
 */
int uk_test_run_range(const struct uk_testcase *start,
		      const struct uk_testcase *end, const char *filter);

/*
 * Run every registered case, filtered by the uktest.filter kernel
 * parameter when uklibparam is selected. Returns the number of failed
 * cases.
 */
int uk_test_run_all(void);

/* Longest stall of a VM in real time on a loaded host (TCG, 2 cores). */
#define UK_TEST_HOST_STALL_NS	1000000000ULL

/*
 * Upper bound to assert for a latency of @ns nanoseconds (a timer, a
 * sleep, a timeout): @ns itself when time in the VM follows the executed
 * instructions (kernel parameter uktest.strict_time=1, which the harness
 * gives along with QEMU's -icount), else at least UK_TEST_HOST_STALL_NS,
 * because in real time the host may stall the VM at any point. Real-time
 * runs thus check order and liveness, instruction-clock runs precision.
 */
uint64_t uk_test_latency(uint64_t ns);

#endif /* __UK_TEST_H__ */
