/* SPDX-License-Identifier: BSD-3-Clause */
/* strtol family, atoi, abs and qsort (see include/stdlib.h). */
#include "internal.h"

#include <stdbool.h>

#define BASE_MAX	36	/* digits 0-9 then letters a-z */

/* Value of the digit @c in bases up to 36, or BASE_MAX if none. */
static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return BASE_MAX;
}

/*
 * Common part of the strto* functions: skip spaces, read the sign and the
 * base prefix, then the digits. Returns the magnitude; *@ovf is set (and
 * the result is meaningless) if it does not fit an unsigned long long.
 */
static unsigned long long parse_num(const char *nptr, char **endptr,
				    int base, bool *neg, bool *ovf)
{
	const char *s = nptr;
	const char *digits;
	unsigned long long v = 0;
	int d;

	*neg = false;
	*ovf = false;
	if (base < 0 || base == 1 || base > BASE_MAX) {
		errno = EINVAL;
		if (endptr)
			*endptr = (char *)nptr;
		return 0;
	}

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		*neg = *s++ == '-';
	/* "0x" is a prefix only if a hex digit follows; else "0" is parsed */
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = *s == '0' ? 8 : 10;
	}

	for (digits = s; (d = digit_value((unsigned char)*s)) < base; s++) {
		if (v > (ULLONG_MAX - d) / base)
			*ovf = true;
		else
			v = v * base + d;
	}
	if (endptr)
		*endptr = (char *)(s == digits ? nptr : s);
	return v;
}

/* Apply sign and range [@min, @max] (@min == -@max - 1) to a magnitude. */
static long long to_signed(unsigned long long v, bool neg, bool ovf,
			   long long min, long long max)
{
	unsigned long long lim = (unsigned long long)max + neg;

	if (ovf || v > lim) {
		errno = ERANGE;
		return neg ? min : max;
	}
	if (neg)
		return v ? -(long long)(v - 1) - 1 : 0;
	return v;
}

/* Apply sign and the upper bound @max to a magnitude (unsigned types). */
static unsigned long long to_unsigned(unsigned long long v, bool neg,
				      bool ovf, unsigned long long max)
{
	if (ovf || v > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? (0 - v) & max : v;
}

long strtol(const char *restrict nptr, char **restrict endptr, int base)
{
	bool neg, ovf;
	unsigned long long v = parse_num(nptr, endptr, base, &neg, &ovf);

	return to_signed(v, neg, ovf, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict nptr, char **restrict endptr,
		  int base)
{
	bool neg, ovf;
	unsigned long long v = parse_num(nptr, endptr, base, &neg, &ovf);

	return to_signed(v, neg, ovf, LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base)
{
	bool neg, ovf;
	unsigned long long v = parse_num(nptr, endptr, base, &neg, &ovf);

	return to_unsigned(v, neg, ovf, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict nptr,
			    char **restrict endptr, int base)
{
	bool neg, ovf;
	unsigned long long v = parse_num(nptr, endptr, base, &neg, &ovf);

	return to_unsigned(v, neg, ovf, ULLONG_MAX);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

int abs(int v)
{
	return v < 0 ? -v : v;
}

long labs(long v)
{
	return v < 0 ? -v : v;
}

long long llabs(long long v)
{
	return v < 0 ? -v : v;
}

static void swap_bytes(char *a, char *b, size_t size)
{
	char t;

	while (size--) {
		t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Restore the max-heap property below @root in a heap of @n elements. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*compar)(const void *, const void *))
{
	size_t child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n &&
		    compar(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (compar(base + root * size, base + child * size) >= 0)
			return;
		swap_bytes(base + root * size, base + child * size, size);
		root = child;
	}
}

void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *))
{
	char *b = base;
	size_t i;

	if (nmemb < 2 || !size)
		return;
	for (i = nmemb / 2; i-- > 0;)
		sift_down(b, i, nmemb, size, compar);
	for (i = nmemb - 1; i > 0; i--) {
		swap_bytes(b, b + i * size, size);
		sift_down(b, 0, i, size, compar);
	}
}
