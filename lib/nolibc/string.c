/* SPDX-License-Identifier: BSD-3-Clause */
/* Memory and string functions (see include/string.h). */
#include "internal.h"

#include <stdint.h>

/*
 * Whole machine words are copied/filled when both pointers are aligned;
 * may_alias makes these accesses legal for any object type.
 */
typedef unsigned long __attribute__((__may_alias__)) word_t;
#define WSIZE		sizeof(word_t)
#define WMASK		(WSIZE - 1)
#define ALIGNED2(a, b)	((((uintptr_t)(a) | (uintptr_t)(b)) & WMASK) == 0)

/*
 * Front-to-back copy. Also correct for overlapping areas when @dst is
 * below @src: every word is read completely before it is written, and the
 * bytes written never reach source bytes not read yet.
 */
static void copy_fwd(unsigned char *d, const unsigned char *s, size_t n)
{
	if (ALIGNED2(d, s)) {
		for (; n >= WSIZE; n -= WSIZE, d += WSIZE, s += WSIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
}

/* Back-to-front copy, for overlapping areas with @dst above @src. */
static void copy_bwd(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (ALIGNED2(d, s)) {
		for (; n >= WSIZE; n -= WSIZE) {
			d -= WSIZE;
			s -= WSIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_fwd(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		copy_fwd(d, s, n);
	else
		copy_bwd(d, s, n);
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned char b = (unsigned char)c;
	word_t w = (word_t)-1 / 0xff * b;	/* b in every byte */

	while (n && ((uintptr_t)p & WMASK)) {
		*p++ = b;
		n--;
	}
	for (; n >= WSIZE; n -= WSIZE, p += WSIZE)
		*(word_t *)p = w;
	while (n--)
		*p++ = b;
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

void *memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n--) {
		if (*--p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int d;

	for (; n; n--, p++, q++) {
		d = tolower(*p) - tolower(*q);
		if (d || !*p)
			return d;
	}
	return 0;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}

size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
	size_t len = strlen(src);
	size_t n;

	if (size) {
		n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *restrict dst, const char *restrict src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)	/* no NUL in @dst: nothing can be appended */
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

char *strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *d = dst + strlen(dst);
	size_t len = strnlen(src, n);

	memcpy(d, src, len);
	d[len] = '\0';
	return dst;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t nlen = strlen(needle);

	for (; *haystack; haystack++) {
		if (!strncmp(haystack, needle, nlen))
			return (char *)haystack;
	}
	return nlen ? NULL : (char *)haystack;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *restrict str, const char *restrict delim,
	       char **restrict saveptr)
{
	char *end;

	if (!str)
		str = *saveptr;
	str += strspn(str, delim);
	if (!*str) {
		*saveptr = str;
		return NULL;
	}
	end = str + strcspn(str, delim);
	if (*end)
		*end++ = '\0';
	*saveptr = end;
	return str;
}

char *strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
