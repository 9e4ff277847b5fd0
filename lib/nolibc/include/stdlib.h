/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Number parsing, qsort and small helpers. The allocator functions are
 * only declared here: lib/ukalloc implements them.
 */
#ifndef __NOLIBC_STDLIB_H__
#define __NOLIBC_STDLIB_H__

#include <stddef.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1

/*
 * Parse an integer in @base (0 or 2..36) after optional white space and
 * sign. Base 0 picks 16 for "0x"/"0X", 8 for a leading "0", else 10;
 * base 16 also accepts the "0x" prefix. *@endptr (if not NULL) gets the
 * first unparsed byte, or @nptr if no digits were found. On overflow the
 * result saturates (LONG_MAX/LONG_MIN...) and errno is ERANGE; a bad
 * @base gives 0 and EINVAL. errno is left alone on success.
 */
long strtol(const char *restrict nptr, char **restrict endptr, int base);
long long strtoll(const char *restrict nptr, char **restrict endptr,
		  int base);

/*
 * Unsigned variants of strtol(): a '-' sign negates the result in the
 * unsigned type ("-1" gives ULONG_MAX); magnitudes above the type's range
 * give ULONG_MAX/ULLONG_MAX and ERANGE.
 */
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
		      int base);
unsigned long long strtoull(const char *restrict nptr,
			    char **restrict endptr, int base);

/* Decimal value of @s like strtol(@s, NULL, 10), truncated to the type. */
int atoi(const char *s);
long atol(const char *s);

/* Absolute value (undefined for the most negative value). */
int abs(int v);
long labs(long v);
long long llabs(long long v);

/*
 * Sort @nmemb elements of @size bytes at @base in ascending order of
 * @compar (heapsort: O(n log n), in place, not stable).
 */
void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *));

/* Provided by lib/ukalloc. */
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
int posix_memalign(void **memptr, size_t align, size_t size);
void *aligned_alloc(size_t align, size_t size);

#endif /* __NOLIBC_STDLIB_H__ */
