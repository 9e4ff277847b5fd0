/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * assert(): when the condition is false, panic with the expression and
 * its location. Compiled out if NDEBUG is defined where this header is
 * included. No include guard, on purpose: the C standard lets a file
 * include <assert.h> again after changing NDEBUG.
 */
#undef assert

#ifndef __NOLIBC_ASSERT_FAIL_DECLARED
#define __NOLIBC_ASSERT_FAIL_DECLARED
/* Report a failed assert() and panic the kernel (via lib/ukdebug). */
void __assert_fail(const char *expr, const char *file, int line,
		   const char *func) __attribute__((noreturn));
#endif

#ifdef NDEBUG
#define assert(x)	((void)0)
#else
#define assert(x)							\
	((x) ? (void)0 : __assert_fail(#x, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert	_Static_assert
#endif
