/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compiler helpers and small utilities used by every Kast library.
 * Freestanding: only the compiler's own headers are assumed.
 */
#ifndef __UK_ESSENTIALS_H__
#define __UK_ESSENTIALS_H__

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* (no __unused: musl's struct stat has a member of that name) */
#ifndef __used
#define __used		__attribute__((used))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((noreturn))
#endif
#ifndef __packed
#define __packed	__attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x)	__attribute__((aligned(x)))
#endif
#ifndef __section
#define __section(s)	__attribute__((section(s)))
#endif
#ifndef __weak
#define __weak		__attribute__((weak))
#endif
#ifndef __printf
#define __printf(f, a)	__attribute__((format(printf, f, a)))
#endif
#define __maybe_unused	__attribute__((unused))
#define __no_stack_protector __attribute__((no_stack_protector))

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#define UK_STRINGIFY_(x)	#x
#define UK_STRINGIFY(x)		UK_STRINGIFY_(x)
#define UK_CONCAT_(a, b)	a##b
#define UK_CONCAT(a, b)		UK_CONCAT_(a, b)

#define UK_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Alignment helpers; @a must be a power of two. */
#define UK_ALIGN_DOWN(v, a)	((v) & ~((__typeof__(v))(a) - 1))
#define UK_ALIGN_UP(v, a)	UK_ALIGN_DOWN((v) + (a) - 1, (a))
#define UK_IS_ALIGNED(v, a)	(((v) & ((__typeof__(v))(a) - 1)) == 0)
#define UK_IS_POW2(v)		((v) != 0 && (((v) & ((v) - 1)) == 0))

#define UK_MIN(a, b)	((a) < (b) ? (a) : (b))
#define UK_MAX(a, b)	((a) > (b) ? (a) : (b))

#define __containerof(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define UK_PAGE_SHIFT	12
#define UK_PAGE_SIZE	(1UL << UK_PAGE_SHIFT)
#define UK_PAGE_MASK	(~(UK_PAGE_SIZE - 1))

/* Name of the library a translation unit belongs to (set by the build). */
#ifndef __LIBNAME__
#define __LIBNAME__	unknown
#endif
#define UK_LIBNAME_STR	UK_STRINGIFY(__LIBNAME__)

#ifdef __cplusplus
#define UK_CTASSERT(x)	static_assert(x, #x)
#else
#define UK_CTASSERT(x)	_Static_assert(x, #x)
#endif

#endif /* __UK_ESSENTIALS_H__ */
