/* SPDX-License-Identifier: BSD-3-Clause */
/* Case-insensitive string comparison (ASCII only, no locales). */
#ifndef __NOLIBC_STRINGS_H__
#define __NOLIBC_STRINGS_H__

#include <stddef.h>

/* Compare @a and @b ignoring ASCII case; <0, 0 or >0 like strcmp(). */
int strcasecmp(const char *a, const char *b);

/* Like strcasecmp() but compare at most @n bytes. */
int strncasecmp(const char *a, const char *b, size_t n);

#endif /* __NOLIBC_STRINGS_H__ */
