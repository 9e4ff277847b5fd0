/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory and string functions. Comparisons treat bytes as unsigned char.
 * Pointers must be valid for the sizes given (no NULL checks).
 */
#ifndef __NOLIBC_STRING_H__
#define __NOLIBC_STRING_H__

#include <stddef.h>
#include "strings.h"

/* Copy @n bytes from @src to @dst (must not overlap); returns @dst. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);

/* Copy @n bytes from @src to @dst; the areas may overlap. Returns @dst. */
void *memmove(void *dst, const void *src, size_t n);

/* Fill @n bytes at @s with the byte value @c; returns @s. */
void *memset(void *s, int c, size_t n);

/* Compare @n bytes; <0, 0 or >0 by the first differing byte. */
int memcmp(const void *a, const void *b, size_t n);

/* First byte equal to (unsigned char)@c in @n bytes at @s, or NULL. */
void *memchr(const void *s, int c, size_t n);

/* Last byte equal to (unsigned char)@c in @n bytes at @s, or NULL. */
void *memrchr(const void *s, int c, size_t n);

/* Length of the string @s, not counting the terminating NUL. */
size_t strlen(const char *s);

/* Like strlen() but look at no more than @maxlen bytes. */
size_t strnlen(const char *s, size_t maxlen);

/* Compare two strings; <0, 0 or >0. */
int strcmp(const char *a, const char *b);

/* Compare at most @n bytes of two strings. */
int strncmp(const char *a, const char *b, size_t n);

/* Copy @src including its NUL to @dst; returns @dst. */
char *strcpy(char *restrict dst, const char *restrict src);

/*
 * Copy at most @n bytes of @src to @dst and pad with NULs up to @n.
 * @dst is not NUL-terminated if strlen(@src) >= @n. Returns @dst.
 */
char *strncpy(char *restrict dst, const char *restrict src, size_t n);

/*
 * Copy @src into the @size-byte buffer @dst, always NUL-terminated if
 * @size > 0. Returns strlen(@src); truncation happened if >= @size.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

/*
 * Append @src to the string in the @size-byte buffer @dst, keeping it
 * NUL-terminated. Returns the length it tried to create
 * (min(strnlen(@dst, @size), @size) + strlen(@src)).
 */
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);

/* Append @src to @dst; returns @dst. */
char *strcat(char *restrict dst, const char *restrict src);

/* Append at most @n bytes of @src to @dst, then a NUL; returns @dst. */
char *strncat(char *restrict dst, const char *restrict src, size_t n);

/* First occurrence of (char)@c in @s (the NUL counts), or NULL. */
char *strchr(const char *s, int c);

/* Last occurrence of (char)@c in @s (the NUL counts), or NULL. */
char *strrchr(const char *s, int c);

/* First occurrence of @needle in @haystack; @haystack if @needle is "". */
char *strstr(const char *haystack, const char *needle);

/* Length of the prefix of @s made only of bytes in @accept. */
size_t strspn(const char *s, const char *accept);

/* Length of the prefix of @s made only of bytes not in @reject. */
size_t strcspn(const char *s, const char *reject);

/* First byte of @s that is in @accept, or NULL. */
char *strpbrk(const char *s, const char *accept);

/*
 * Split a string into tokens separated by bytes of @delim. Pass the string
 * on the first call and NULL after; *@saveptr keeps the position.
 * Returns the next token (NUL-terminated in place) or NULL at the end.
 */
char *strtok_r(char *restrict str, const char *restrict delim,
	       char **restrict saveptr);

/* Copy of @s in memory from malloc(); NULL (errno ENOMEM) on failure. */
char *strdup(const char *s);

/* Copy of at most @n bytes of @s, NUL-terminated, from malloc(). */
char *strndup(const char *s, size_t n);

/* Static message for error number @errnum ("Unknown error" if unknown). */
char *strerror(int errnum);

#endif /* __NOLIBC_STRING_H__ */
