/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Formatted output: the bounded snprintf family, and printf/puts/putchar
 * writing to the platform console (ukplat_coutk). There are no FILE
 * streams and no unbounded sprintf.
 *
 * Supported conversions: d i u o x X c s p %, with flags - + space # 0,
 * width and precision (also `*`), and length modifiers hh h l ll z t j.
 * - No floating point (kernel code has no FP registers): %f %e %g %a and
 *   any other unknown conversion are copied to the output literally, and
 *   their argument is NOT consumed, so do not pass arguments after one.
 * - %n is refused (it is a classic exploit primitive): output stops there
 *   and the call returns -1 with errno EINVAL. What came before the %n
 *   stays written (snprintf NUL-terminates it, printf sends it out).
 * - %s of NULL prints "(null)"; %p prints 0x<hex> (NULL is "0x0").
 */
#ifndef __NOLIBC_STDIO_H__
#define __NOLIBC_STDIO_H__

#include <stddef.h>
#include <stdarg.h>

#define EOF	(-1)

/*
 * Format into @buf of @size bytes, always NUL-terminated if @size > 0.
 * Returns the length the full output would have (excluding the NUL), so
 * a result >= @size means truncation; -1 on %n or if that exceeds INT_MAX
 * (errno EOVERFLOW).
 */
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	      va_list ap)
	__attribute__((format(__printf__, 3, 0)));

/* Format to the console; returns the number of bytes, or -1 as above. */
int printf(const char *restrict fmt, ...)
	__attribute__((format(__printf__, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap)
	__attribute__((format(__printf__, 1, 0)));

/* Write the byte (unsigned char)@c to the console; returns it. */
int putchar(int c);

/* Write @s and a newline to the console; returns a non-negative number. */
int puts(const char *s);

#endif /* __NOLIBC_STDIO_H__ */
