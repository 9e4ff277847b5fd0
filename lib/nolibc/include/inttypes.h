/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf format macros for the <stdint.h> types. Only the PRI* family:
 * there is no scanf. 64-bit types are "long" on LP64, "long long" else.
 */
#ifndef __NOLIBC_INTTYPES_H__
#define __NOLIBC_INTTYPES_H__

#include <stdint.h>

#if __SIZEOF_LONG__ == 8
#define __NOLIBC_PRI64	"l"
#else
#define __NOLIBC_PRI64	"ll"
#endif
#if __SIZEOF_POINTER__ == __SIZEOF_LONG__
#define __NOLIBC_PRIPTR	"l"
#else
#define __NOLIBC_PRIPTR	""
#endif

#define PRId8		"d"
#define PRId16		"d"
#define PRId32		"d"
#define PRId64		__NOLIBC_PRI64 "d"
#define PRIi8		"i"
#define PRIi16		"i"
#define PRIi32		"i"
#define PRIi64		__NOLIBC_PRI64 "i"
#define PRIu8		"u"
#define PRIu16		"u"
#define PRIu32		"u"
#define PRIu64		__NOLIBC_PRI64 "u"
#define PRIo8		"o"
#define PRIo16		"o"
#define PRIo32		"o"
#define PRIo64		__NOLIBC_PRI64 "o"
#define PRIx8		"x"
#define PRIx16		"x"
#define PRIx32		"x"
#define PRIx64		__NOLIBC_PRI64 "x"
#define PRIX8		"X"
#define PRIX16		"X"
#define PRIX32		"X"
#define PRIX64		__NOLIBC_PRI64 "X"

#define PRIdPTR		__NOLIBC_PRIPTR "d"
#define PRIiPTR		__NOLIBC_PRIPTR "i"
#define PRIuPTR		__NOLIBC_PRIPTR "u"
#define PRIoPTR		__NOLIBC_PRIPTR "o"
#define PRIxPTR		__NOLIBC_PRIPTR "x"
#define PRIXPTR		__NOLIBC_PRIPTR "X"

#define PRIdMAX		"jd"
#define PRIiMAX		"ji"
#define PRIuMAX		"ju"
#define PRIoMAX		"jo"
#define PRIxMAX		"jx"
#define PRIXMAX		"jX"

#endif /* __NOLIBC_INTTYPES_H__ */
