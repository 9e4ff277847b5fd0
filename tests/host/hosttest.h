/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Minimal host unit-test helper. Each host test is one program built with
 * ASan+UBSan; it ends with ht_finish(), which prints "N passed, N failed"
 * (counting test functions) and returns the exit status.
 */
#ifndef __HOSTTEST_H__
#define __HOSTTEST_H__

#include <stdio.h>
#include <string.h>
#include <inttypes.h>

static int ht_passed, ht_failed, ht_cur_failed;
static const char *ht_cur_name;

#define HT_FAIL_(fmt, ...)						\
	do {								\
		printf("  FAIL %s (%s:%d): " fmt "\n", ht_cur_name,	\
		       __FILE__, __LINE__, ##__VA_ARGS__);		\
		ht_cur_failed = 1;					\
	} while (0)

#define HT_EXPECT(cond)							\
	do { if (!(cond)) HT_FAIL_("expected %s", #cond); } while (0)

#define HT_EXPECT_INT_EQ(a, b)						\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b)						\
			HT_FAIL_("%s == %s: %lld != %lld", #a, #b, _a, _b); \
	} while (0)

#define HT_EXPECT_STR_EQ(a, b)						\
	do {								\
		const char *_a = (a), *_b = (b);			\
		if (!_a || !_b || strcmp(_a, _b))			\
			HT_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b,	\
				 _a ? _a : "(null)", _b ? _b : "(null)"); \
	} while (0)

#define HT_RUN(fn)							\
	do {								\
		ht_cur_name = #fn;					\
		ht_cur_failed = 0;					\
		fn();							\
		if (ht_cur_failed)					\
			ht_failed++;					\
		else							\
			ht_passed++;					\
		printf("  %s %s\n", ht_cur_failed ? "FAIL" : "ok  ", #fn); \
	} while (0)

static inline int ht_finish(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, ht_passed, ht_failed);
	return ht_failed ? 1 : 0;
}

#endif
