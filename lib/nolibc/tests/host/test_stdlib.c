/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of nolibc's strtol family, atoi/abs and qsort. */
#include <stdlib.h>
#include <errno.h>
#include <limits.h>
#include "hosttest.h"
#include "nolibc_api.h"

#define ERRNO_SENTINEL	12345	/* "errno untouched" marker */

struct strtol_case {
	const char *in;
	int base;
	long long val;		/* expected strtoll() result */
	int end;		/* expected endptr offset */
	int err;		/* expected errno (ERRNO_SENTINEL: unchanged) */
};

static const struct strtol_case ll_cases[] = {
	{ "0", 10, 0, 1, ERRNO_SENTINEL },
	{ "42", 10, 42, 2, ERRNO_SENTINEL },
	{ "-42", 10, -42, 3, ERRNO_SENTINEL },
	{ "+42", 10, 42, 3, ERRNO_SENTINEL },
	{ "  \t\n\v\f\r17xyz", 10, 17, 9, ERRNO_SENTINEL },
	{ "12 34", 10, 12, 2, ERRNO_SENTINEL },
	/* no digits: endptr is the start, even after spaces and sign */
	{ "", 10, 0, 0, ERRNO_SENTINEL },
	{ "   ", 10, 0, 0, ERRNO_SENTINEL },
	{ "  -", 10, 0, 0, ERRNO_SENTINEL },
	{ "+-1", 10, 0, 0, ERRNO_SENTINEL },
	{ "abc", 10, 0, 0, ERRNO_SENTINEL },
	/* base 16 and prefixes */
	{ "ff", 16, 255, 2, ERRNO_SENTINEL },
	{ "0xff", 16, 255, 4, ERRNO_SENTINEL },
	{ "0XfF", 16, 255, 4, ERRNO_SENTINEL },
	{ "-0x10", 16, -16, 5, ERRNO_SENTINEL },
	{ "0x", 16, 0, 1, ERRNO_SENTINEL },
	{ "0xg", 16, 0, 1, ERRNO_SENTINEL },
	{ "0x1g", 16, 1, 3, ERRNO_SENTINEL },
	/* base 0 picks the base */
	{ "0x1A", 0, 26, 4, ERRNO_SENTINEL },
	{ "0755", 0, 493, 4, ERRNO_SENTINEL },
	{ "0", 0, 0, 1, ERRNO_SENTINEL },
	{ "089", 0, 0, 1, ERRNO_SENTINEL },
	{ "0x", 0, 0, 1, ERRNO_SENTINEL },
	{ "-0x", 0, 0, 2, ERRNO_SENTINEL },
	{ "123", 0, 123, 3, ERRNO_SENTINEL },
	{ "-017", 0, -15, 4, ERRNO_SENTINEL },
	/* other bases: no prefix outside 0/16 */
	{ "0x10", 10, 0, 1, ERRNO_SENTINEL },
	{ "0x10", 8, 0, 1, ERRNO_SENTINEL },
	{ "1012", 2, 5, 3, ERRNO_SENTINEL },
	{ "777", 8, 511, 3, ERRNO_SENTINEL },
	{ "zz", 36, 1295, 2, ERRNO_SENTINEL },
	{ "ZZ", 36, 1295, 2, ERRNO_SENTINEL },
	{ "z", 35, 0, 0, ERRNO_SENTINEL },
	/* limits */
	{ "9223372036854775807", 10, LLONG_MAX, 19, ERRNO_SENTINEL },
	{ "-9223372036854775808", 10, LLONG_MIN, 20, ERRNO_SENTINEL },
	{ "9223372036854775808", 10, LLONG_MAX, 19, ERANGE },
	{ "-9223372036854775809", 10, LLONG_MIN, 20, ERANGE },
	{ "99999999999999999999999999x", 10, LLONG_MAX, 26, ERANGE },
	{ "-99999999999999999999999999", 10, LLONG_MIN, 27, ERANGE },
	{ "0x7fffffffffffffff", 0, LLONG_MAX, 18, ERRNO_SENTINEL },
	{ "0x8000000000000000", 0, LLONG_MAX, 18, ERANGE },
	{ "-0x8000000000000000", 0, LLONG_MIN, 19, ERRNO_SENTINEL },
	/* bad base: 0 and EINVAL */
	{ "10", 1, 0, 0, EINVAL },
	{ "10", 37, 0, 0, EINVAL },
	{ "10", -1, 0, 0, EINVAL },
};

static void test_strtoll_table(void)
{
	const struct strtol_case *c;
	char *end;
	long long v;
	size_t i;

	for (i = 0; i < sizeof(ll_cases) / sizeof(ll_cases[0]); i++) {
		c = &ll_cases[i];
		nolibc_errno = ERRNO_SENTINEL;
		end = (char *)1;
		v = nolibc_strtoll(c->in, &end, c->base);
		if (v != c->val || end != c->in + c->end ||
		    nolibc_errno != c->err)
			HT_FAIL_("strtoll(\"%s\", %d): %lld end %td errno %d",
				 c->in, c->base, v, end - c->in,
				 nolibc_errno);
	}
}

/* strtol() equals strtoll() on LP64, checked against glibc as well. */
static void test_strtol_vs_glibc(void)
{
	static const char *const in[] = {
		"0", "1", "-1", "  +12abc", "0x7fffffffffffffff",
		"-0x8000000000000000", "0x8000000000000000", "077", "08",
		"0x", "0X1f", "-", "", "ffff", "z", "12345678901234567890",
		"-12345678901234567890", "  0b101", "1e5", "\t-0",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };
	char *e1, *e2;
	long a, b;
	int e_a, e_b;
	size_t i, j;
	int bad = 0;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		for (j = 0; j < sizeof(bases) / sizeof(bases[0]); j++) {
			nolibc_errno = 0;
			a = nolibc_strtol(in[i], &e1, bases[j]);
			e_a = nolibc_errno;
			errno = 0;
			b = strtol(in[i], &e2, bases[j]);
			e_b = errno;
			if (a != b || e1 != e2 || e_a != e_b) {
				HT_FAIL_("strtol(\"%s\", %d): %ld/%ld",
					 in[i], bases[j], a, b);
				bad++;
			}
			nolibc_errno = 0;
			a = (long)nolibc_strtoul(in[i], &e1, bases[j]);
			e_a = nolibc_errno;
			errno = 0;
			b = (long)strtoul(in[i], &e2, bases[j]);
			e_b = errno;
			if (a != b || e1 != e2 || e_a != e_b) {
				HT_FAIL_("strtoul(\"%s\", %d): %lx/%lx",
					 in[i], bases[j], a, b);
				bad++;
			}
		}
	}
	HT_EXPECT_INT_EQ(bad, 0);
}

static void test_strtol_limits(void)
{
	char *end;

	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtol("9223372036854775808", &end, 10) ==
		  LONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);
	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtol("-9223372036854775809", NULL, 10) ==
		  LONG_MIN);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);
	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtol("-9223372036854775808", NULL, 10) ==
		  LONG_MIN);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	/* NULL endptr is allowed */
	HT_EXPECT_INT_EQ(nolibc_strtol("  -77", NULL, 0), -77);
}

static void test_strtoul(void)
{
	char *end;
	const char *s;

	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtoul("18446744073709551615", &end, 10) ==
		  ULONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	HT_EXPECT_INT_EQ(*end, '\0');
	s = "18446744073709551616!";
	HT_EXPECT(nolibc_strtoul(s, &end, 10) == ULONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);
	HT_EXPECT(end == s + 20);
	/* a minus sign negates in the unsigned type */
	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtoul("-1", NULL, 10) == ULONG_MAX);
	HT_EXPECT(nolibc_strtoul("-2", NULL, 10) == ULONG_MAX - 1);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	/* ... but an overflowing magnitude is still ERANGE */
	HT_EXPECT(nolibc_strtoul("-18446744073709551616", NULL, 10) ==
		  ULONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);

	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtoull("0xFFFFFFFFFFFFFFFF", &end, 0) ==
		  ULLONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	HT_EXPECT(nolibc_strtoull("0x10000000000000000", &end, 0) ==
		  ULLONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);
	HT_EXPECT_INT_EQ(*end, '\0');
	nolibc_errno = 0;
	HT_EXPECT(nolibc_strtoull("1111111111111111111111111111111111111111"
				  "111111111111111111111111", NULL, 2) ==
		  ULLONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	/* ULLONG_MAX is "3w5e11264sgsf" in base 36 */
	nolibc_errno = 0;
	s = "  +3w5e11264sgsf";
	HT_EXPECT(nolibc_strtoull(s, &end, 36) == ULLONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
	HT_EXPECT(end == s + 16);
	s = "3w5e11264sgsg";
	HT_EXPECT(nolibc_strtoull(s, &end, 36) == ULLONG_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, ERANGE);
	HT_EXPECT(end == s + 13);
}

static void test_atoi_abs(void)
{
	HT_EXPECT_INT_EQ(nolibc_atoi("123"), 123);
	HT_EXPECT_INT_EQ(nolibc_atoi("  -45junk"), -45);
	HT_EXPECT_INT_EQ(nolibc_atoi("0x10"), 0);	/* always decimal */
	HT_EXPECT_INT_EQ(nolibc_atoi("010"), 10);
	HT_EXPECT_INT_EQ(nolibc_atoi(""), 0);
	HT_EXPECT_INT_EQ(nolibc_atol("-2147483649"), -2147483649L);
	HT_EXPECT_INT_EQ(nolibc_abs(-5), 5);
	HT_EXPECT_INT_EQ(nolibc_abs(5), 5);
	HT_EXPECT_INT_EQ(nolibc_abs(INT_MAX), INT_MAX);
	HT_EXPECT_INT_EQ(nolibc_abs(-INT_MAX), INT_MAX);
	HT_EXPECT_INT_EQ(nolibc_labs(-5000000000L), 5000000000L);
	HT_EXPECT_INT_EQ(nolibc_llabs(-LLONG_MAX), LLONG_MAX);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	char name[6];
	short key;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return x->key - y->key;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_char3(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

#define SORT_LEN	1000

static void test_qsort(void)
{
	static int v[SORT_LEN], ref[SORT_LEN];
	unsigned int seed = 12345;
	int one = 7;
	size_t n, i;
	int ok;

	/* random, with duplicates, several sizes (incl. 0, 1, 2, odd) */
	for (n = 0; n <= SORT_LEN; n = n < 10 ? n + 1 : n * 3) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = (int)(seed >> 16) % 100 - 50;
			ref[i] = v[i];
		}
		qsort(ref, n, sizeof(int), cmp_int);
		nolibc_qsort(v, n, sizeof(int), cmp_int);
		HT_EXPECT(n == 0 || !memcmp(v, ref, n * sizeof(int)));
	}
	/* already sorted, reverse sorted, all equal */
	for (i = 0; i < SORT_LEN; i++)
		v[i] = (int)i;
	nolibc_qsort(v, SORT_LEN, sizeof(int), cmp_int);
	for (ok = 1, i = 0; i < SORT_LEN; i++)
		ok &= v[i] == (int)i;
	HT_EXPECT(ok);
	for (i = 0; i < SORT_LEN; i++)
		v[i] = SORT_LEN - (int)i;
	nolibc_qsort(v, SORT_LEN, sizeof(int), cmp_int);
	for (ok = 1, i = 0; i < SORT_LEN; i++)
		ok &= v[i] == (int)i + 1;
	HT_EXPECT(ok);
	for (i = 0; i < SORT_LEN; i++)
		v[i] = 3;
	nolibc_qsort(v, SORT_LEN, sizeof(int), cmp_int);
	for (ok = 1, i = 0; i < SORT_LEN; i++)
		ok &= v[i] == 3;
	HT_EXPECT(ok);
	/* single element, zero size: untouched */
	nolibc_qsort(&one, 1, sizeof(int), cmp_int);
	HT_EXPECT_INT_EQ(one, 7);

	/* odd element size (8 bytes, unaligned-looking records) */
	{
		struct rec r[] = {
			{ "d", 4 }, { "a", 1 }, { "e", 5 }, { "c", 3 },
			{ "b", 2 },
		};

		nolibc_qsort(r, 5, sizeof(r[0]), cmp_rec);
		HT_EXPECT_STR_EQ(r[0].name, "a");
		HT_EXPECT_STR_EQ(r[2].name, "c");
		HT_EXPECT_STR_EQ(r[4].name, "e");
	}
	/* array of pointers */
	{
		const char *s[] = { "pear", "apple", "fig", "banana" };

		nolibc_qsort(s, 4, sizeof(s[0]), cmp_str);
		HT_EXPECT_STR_EQ(s[0], "apple");
		HT_EXPECT_STR_EQ(s[1], "banana");
		HT_EXPECT_STR_EQ(s[2], "fig");
		HT_EXPECT_STR_EQ(s[3], "pear");
	}
	/* 3-byte elements */
	{
		char b[] = "zzzaaammmbbb";

		nolibc_qsort(b, 4, 3, cmp_char3);
		HT_EXPECT_STR_EQ(b, "aaabbbmmmzzz");
	}
}

int main(void)
{
	HT_RUN(test_strtoll_table);
	HT_RUN(test_strtol_vs_glibc);
	HT_RUN(test_strtol_limits);
	HT_RUN(test_strtoul);
	HT_RUN(test_atoi_abs);
	HT_RUN(test_qsort);
	return ht_finish("nolibc_stdlib");
}
