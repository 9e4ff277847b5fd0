/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests only: give every public nolibc symbol a nolibc_ prefix so
 * that it does not clash with glibc. Included first by the host_<file>.c
 * wrappers, before the nolibc source they include. Keep in sync with
 * lib/nolibc/exportsyms.uk and nolibc_api.h.
 */
#ifndef __NOLIBC_HOST_RENAME_H__
#define __NOLIBC_HOST_RENAME_H__

#define errno		nolibc_errno
#define strerror	nolibc_strerror

#define memcpy		nolibc_memcpy
#define memmove		nolibc_memmove
#define memset		nolibc_memset
#define memcmp		nolibc_memcmp
#define memchr		nolibc_memchr
#define memrchr		nolibc_memrchr
#define strlen		nolibc_strlen
#define strnlen		nolibc_strnlen
#define strcmp		nolibc_strcmp
#define strncmp		nolibc_strncmp
#define strcasecmp	nolibc_strcasecmp
#define strncasecmp	nolibc_strncasecmp
#define strcpy		nolibc_strcpy
#define strncpy		nolibc_strncpy
#define strlcpy		nolibc_strlcpy
#define strlcat		nolibc_strlcat
#define strcat		nolibc_strcat
#define strncat		nolibc_strncat
#define strchr		nolibc_strchr
#define strrchr		nolibc_strrchr
#define strstr		nolibc_strstr
#define strspn		nolibc_strspn
#define strcspn		nolibc_strcspn
#define strpbrk		nolibc_strpbrk
#define strtok_r	nolibc_strtok_r
#define strdup		nolibc_strdup
#define strndup		nolibc_strndup

#define isalnum		nolibc_isalnum
#define isalpha		nolibc_isalpha
#define isblank		nolibc_isblank
#define iscntrl		nolibc_iscntrl
#define isdigit		nolibc_isdigit
#define isgraph		nolibc_isgraph
#define islower		nolibc_islower
#define isprint		nolibc_isprint
#define ispunct		nolibc_ispunct
#define isspace		nolibc_isspace
#define isupper		nolibc_isupper
#define isxdigit	nolibc_isxdigit
#define tolower		nolibc_tolower
#define toupper		nolibc_toupper

#define strtol		nolibc_strtol
#define strtoll		nolibc_strtoll
#define strtoul		nolibc_strtoul
#define strtoull	nolibc_strtoull
#define atoi		nolibc_atoi
#define atol		nolibc_atol
#define abs		nolibc_abs
#define labs		nolibc_labs
#define llabs		nolibc_llabs
#define qsort		nolibc_qsort

#define snprintf	nolibc_snprintf
#define vsnprintf	nolibc_vsnprintf
#define printf		nolibc_printf
#define vprintf		nolibc_vprintf
#define putchar		nolibc_putchar
#define puts		nolibc_puts

#define __assert_fail	nolibc___assert_fail

#endif /* __NOLIBC_HOST_RENAME_H__ */
