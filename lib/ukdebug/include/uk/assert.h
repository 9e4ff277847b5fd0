/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Assertions and fatal errors. UK_ASSERT is compiled out unless
 * CONFIG_LIBUKDEBUG_ENABLE_ASSERT; UK_BUG/UK_BUGON/UK_CRASH always stay.
 */
#ifndef __UK_ASSERT_H__
#define __UK_ASSERT_H__

#include <uk/essentials.h>

/* Print "PANIC: <msg>", a backtrace, and exit with the crash status. */
void _uk_panic(const char *libname, const char *file, int line,
	       const char *fmt, ...) __noreturn __printf(4, 5);

#define UK_CRASH(fmt, ...) \
	_uk_panic(UK_LIBNAME_STR, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define uk_panic UK_CRASH

#define UK_BUG() UK_CRASH("BUG")
#define UK_BUGON(x)							\
	do {								\
		if (unlikely(x))					\
			UK_CRASH("BUG: %s", #x);			\
	} while (0)

#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
#define UK_ASSERT(x)							\
	do {								\
		if (unlikely(!(x)))					\
			UK_CRASH("Assertion failed: %s", #x);		\
	} while (0)
#else
#define UK_ASSERT(x) do { (void)sizeof(x); } while (0)
#endif

#endif /* __UK_ASSERT_H__ */
