/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests: prototypes of nolibc as built by the host_<file>.c
 * wrappers, where every public name carries a nolibc_ prefix (see
 * ../../internal.h). The wrappers include this file after the nolibc
 * source, so any mismatch with the real headers is a compile error. Only
 * compiler-provided headers are used.
 */
#ifndef __NOLIBC_HOST_API_H__
#define __NOLIBC_HOST_API_H__

#include <stddef.h>
#include <stdarg.h>

extern int nolibc_errno;
char *nolibc_strerror(int errnum);

void *nolibc_memcpy(void *dst, const void *src, size_t n);
void *nolibc_memmove(void *dst, const void *src, size_t n);
void *nolibc_memset(void *s, int c, size_t n);
int nolibc_memcmp(const void *a, const void *b, size_t n);
void *nolibc_memchr(const void *s, int c, size_t n);
void *nolibc_memrchr(const void *s, int c, size_t n);
size_t nolibc_strlen(const char *s);
size_t nolibc_strnlen(const char *s, size_t maxlen);
int nolibc_strcmp(const char *a, const char *b);
int nolibc_strncmp(const char *a, const char *b, size_t n);
int nolibc_strcasecmp(const char *a, const char *b);
int nolibc_strncasecmp(const char *a, const char *b, size_t n);
char *nolibc_strcpy(char *dst, const char *src);
char *nolibc_strncpy(char *dst, const char *src, size_t n);
size_t nolibc_strlcpy(char *dst, const char *src, size_t size);
size_t nolibc_strlcat(char *dst, const char *src, size_t size);
char *nolibc_strcat(char *dst, const char *src);
char *nolibc_strncat(char *dst, const char *src, size_t n);
char *nolibc_strchr(const char *s, int c);
char *nolibc_strrchr(const char *s, int c);
char *nolibc_strstr(const char *haystack, const char *needle);
size_t nolibc_strspn(const char *s, const char *accept);
size_t nolibc_strcspn(const char *s, const char *reject);
char *nolibc_strpbrk(const char *s, const char *accept);
char *nolibc_strtok_r(char *str, const char *delim, char **saveptr);
char *nolibc_strdup(const char *s);
char *nolibc_strndup(const char *s, size_t n);

int nolibc_isalnum(int c);
int nolibc_isalpha(int c);
int nolibc_isblank(int c);
int nolibc_iscntrl(int c);
int nolibc_isdigit(int c);
int nolibc_isgraph(int c);
int nolibc_islower(int c);
int nolibc_isprint(int c);
int nolibc_ispunct(int c);
int nolibc_isspace(int c);
int nolibc_isupper(int c);
int nolibc_isxdigit(int c);
int nolibc_tolower(int c);
int nolibc_toupper(int c);

long nolibc_strtol(const char *nptr, char **endptr, int base);
long long nolibc_strtoll(const char *nptr, char **endptr, int base);
unsigned long nolibc_strtoul(const char *nptr, char **endptr, int base);
unsigned long long nolibc_strtoull(const char *nptr, char **endptr,
				   int base);
int nolibc_atoi(const char *s);
long nolibc_atol(const char *s);
int nolibc_abs(int v);
long nolibc_labs(long v);
long long nolibc_llabs(long long v);
void nolibc_qsort(void *base, size_t nmemb, size_t size,
		  int (*compar)(const void *, const void *));

/* No format attribute: the tests pass %n and %f on purpose. */
int nolibc_snprintf(char *buf, size_t size, const char *fmt, ...);
int nolibc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int nolibc_printf(const char *fmt, ...);
int nolibc_vprintf(const char *fmt, va_list ap);
int nolibc_putchar(int c);
int nolibc_puts(const char *s);

#endif /* __NOLIBC_HOST_API_H__ */
