/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages with levels. Messages above CONFIG_LIBUKDEBUG_LOGLEVEL
 * are compiled out. uk_printf() writes plain text without a prefix.
 */
#ifndef __UK_PRINT_H__
#define __UK_PRINT_H__

#include <stdarg.h>
#include <uk/essentials.h>

#define UK_PRINT_CRIT	1
#define UK_PRINT_ERR	2
#define UK_PRINT_WARN	3
#define UK_PRINT_INFO	4
#define UK_PRINT_DEBUG	5

#ifndef CONFIG_LIBUKDEBUG_LOGLEVEL
#define CONFIG_LIBUKDEBUG_LOGLEVEL UK_PRINT_INFO
#endif

/* Print a message at @lvl, prefixed with level and library name. */
void _uk_printk(int lvl, const char *libname, const char *file, int line,
		const char *fmt, ...) __printf(5, 6);
void _uk_vprintk(int lvl, const char *libname, const char *file, int line,
		 const char *fmt, va_list ap);

/* Plain formatted output to the console; returns bytes written. */
int uk_printf(const char *fmt, ...) __printf(1, 2);
int uk_vprintf(const char *fmt, va_list ap);

/* Hex and ASCII dump of @len bytes at @data, addresses shown from @base. */
void uk_hexdump(const void *data, size_t len, unsigned long base);

#define uk_printk(lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= CONFIG_LIBUKDEBUG_LOGLEVEL)		\
			_uk_printk((lvl), UK_LIBNAME_STR, __FILE__,	\
				   __LINE__, (fmt), ##__VA_ARGS__);	\
	} while (0)

#define uk_pr_crit(fmt, ...)  uk_printk(UK_PRINT_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)   uk_printk(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)  uk_printk(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)  uk_printk(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) uk_printk(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

#endif /* __UK_PRINT_H__ */
