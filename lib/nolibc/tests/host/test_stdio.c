/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of nolibc's snprintf family and console printf. */
#include <stdarg.h>
#include <stdint.h>
#include <limits.h>
#include <errno.h>
#include <sys/types.h>
#include "hosttest.h"
#include "nolibc_api.h"
#include "coutk_stub.h"

#define OUT_LEN		256

static char out[OUT_LEN];
static char ref[OUT_LEN];

/* Compare nolibc's output and return value with @exp. */
static void check_out(int line, const char *exp, int ret)
{
	if (ret != (int)strlen(exp) || strcmp(out, exp))
		HT_FAIL_("line %d: got \"%s\" (%d), want \"%s\" (%zu)", line,
			 out, ret, exp, strlen(exp));
}

/* A case whose result C defines: also make sure glibc agrees with @exp. */
#define CHECK_STD(exp, fmt, ...)					\
	do {								\
		check_out(__LINE__, exp, nolibc_snprintf(out, OUT_LEN,	\
					fmt, ##__VA_ARGS__));		\
		snprintf(ref, OUT_LEN, fmt, ##__VA_ARGS__);		\
		if (strcmp(ref, exp))					\
			HT_FAIL_("line %d: glibc says \"%s\"", __LINE__, ref); \
	} while (0)

/* A case specific to nolibc (undefined in C or differing from glibc). */
#define CHECK(exp, fmt, ...)						\
	check_out(__LINE__, exp, nolibc_snprintf(out, OUT_LEN, fmt,	\
						 ##__VA_ARGS__))

static void test_fmt_int(void)
{
	CHECK_STD("0", "%d", 0);
	CHECK_STD("42", "%d", 42);
	CHECK_STD("-42", "%i", -42);
	CHECK_STD("2147483647", "%d", INT_MAX);
	CHECK_STD("-2147483648", "%d", INT_MIN);
	CHECK_STD("-9223372036854775808", "%ld", LONG_MIN);
	CHECK_STD("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK_STD("9223372036854775807", "%lli", LLONG_MAX);
	CHECK_STD("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_STD("18446744073709551615", "%lu", ULONG_MAX);
	CHECK_STD("4294967295", "%u", UINT_MAX);
	CHECK_STD("4294967295", "%u", -1);
	CHECK_STD("44 -128 255", "%hhd %hhd %hhu", 300, 128, -1);
	CHECK_STD("4464 65535 -1", "%hd %hu %hd", 70000, -1, 65535);
	CHECK_STD("18446744073709551615 -1", "%zu %zd", SIZE_MAX,
		  (ssize_t)-1);
	CHECK_STD("-5 5", "%td %tu", (ptrdiff_t)-5, (ptrdiff_t)5);
	CHECK_STD("-9223372036854775808 18446744073709551615", "%jd %ju",
		  INTMAX_MIN, UINTMAX_MAX);
	CHECK_STD("-2147483648 2147483648", "%ld %lu", (long)INT_MIN,
		  (unsigned long)INT_MAX + 1);
}

static void test_fmt_flags(void)
{
	CHECK_STD("   42", "%5d", 42);
	CHECK_STD("42   |", "%-5d|", 42);
	CHECK_STD("00042", "%05d", 42);
	CHECK_STD("-0042", "%05d", -42);
	CHECK_STD("+42 +0 -1", "%+d %+d %+d", 42, 0, -1);
	CHECK_STD(" 42 -42", "% d % d", 42, -42);
	CHECK_STD("+0042", "%+05d", 42);
	CHECK_STD("007", "%.3d", 7);
	CHECK_STD("-007", "%.3d", -7);
	CHECK_STD("", "%.0d", 0);
	CHECK_STD("     ", "%5.0d", 0);
	CHECK_STD("   42", "%*d", 5, 42);
	CHECK_STD("42   |", "%-*d|", 5, 42);
	CHECK_STD("42   |", "%*d|", -5, 42);
	CHECK_STD("007", "%.*d", 3, 7);
	CHECK_STD("7", "%.*d", -1, 7);
	CHECK_STD("  0042", "%*.*d", 6, 4, 42);
	CHECK_STD("-2147483648", "%5d", INT_MIN);
	CHECK_STD("   -2147483648", "%14d", INT_MIN);
	CHECK_STD("-0002147483648", "%014d", INT_MIN);
	CHECK_STD("42", "%1d", 42);
	/* C defines these (a flag is ignored); gcc warns about them */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	CHECK_STD("+42", "%+ d", 42);
	CHECK_STD("     007", "%08.3d", 7);
	CHECK_STD("7       |", "%-08d|", 7);
	CHECK_STD("4294967295", "%+u", UINT_MAX);	/* + ignored */
#pragma GCC diagnostic pop
}

static void test_fmt_hex_oct(void)
{
	CHECK_STD("ff FF", "%x %X", 255, 255);
	CHECK_STD("0xff 0XFF", "%#x %#X", 255, 255);
	CHECK_STD("0", "%#x", 0);
	CHECK_STD("0x0000ff", "%#08x", 255);
	CHECK_STD("    0x00ff", "%#10.4x", 255);
	CHECK_STD("0xff      |", "%-#10x|", 255);
	CHECK_STD("deadbeefcafebabe", "%lx", 0xdeadbeefcafebabeUL);
	CHECK_STD("FFFFFFFFFFFFFFFF", "%llX", ULLONG_MAX);
	CHECK_STD("ffffffff", "%x", -1);
	CHECK_STD("ff", "%hhx", 0x1ff);
	CHECK_STD("10 010", "%o %#o", 8, 8);
	CHECK_STD("0 0", "%#o %#.0o", 0, 0);
	CHECK_STD("010 00010", "%#.3o %#.5o", 8, 8);
	CHECK_STD("1777777777777777777777", "%lo", ULONG_MAX);
	CHECK_STD("", "%.0x", 0);
	CHECK_STD("0001", "%04x", 1);
}

static void test_fmt_char_str(void)
{
	char raw[3] = { 'a', 'b', 'c' };	/* not NUL-terminated */

	CHECK_STD("A", "%c", 'A');
	CHECK_STD("  A|A  |", "%3c|%-3c|", 'A', 'A');
	CHECK_STD("hi", "%s", "hi");
	CHECK_STD("", "%s", "");
	CHECK_STD("   hi|hi   |", "%5s|%-5s|", "hi", "hi");
	CHECK_STD("h", "%.1s", "hi");
	CHECK_STD("abc", "%.*s", 3, "abcdef");
	CHECK_STD("", "%.0s", "abc");
	CHECK_STD("  ab", "%4.2s", "abcdef");
	CHECK_STD("abc", "%.3s", raw);		/* must not read past 3 */
	CHECK_STD("hi", "%1s", "hi");
	CHECK_STD("%", "%%");
	CHECK_STD("100%", "100%%");
	CHECK_STD("a%b%%c", "a%%b%%%%c");
	CHECK_STD("[lib:12] ok", "[%s:%d] %s", "lib", 12, "ok");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("  (null)", "%8s", (char *)NULL);

	/* %c of NUL puts a NUL byte into the output */
	HT_EXPECT_INT_EQ(nolibc_snprintf(out, OUT_LEN, "a%cb", 0), 3);
	HT_EXPECT(!memcmp(out, "a\0b", 4));
}

static void test_fmt_ptr(void)
{
	CHECK_STD("0x1234", "%p", (void *)0x1234);
	CHECK_STD("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	CHECK_STD("    0xbeef|", "%10p|", (void *)0xbeef);
	CHECK_STD("0xbeef    |", "%-10p|", (void *)0xbeef);
	CHECK("0x0", "%p", NULL);	/* glibc: "(nil)" */
}

static void test_fmt_unknown(void)
{
	/* no floating point: printed literally, argument not consumed */
	CHECK("%f", "%f");
	CHECK("%5.2f|7", "%5.2f|%d", 7);
	CHECK("%e %g %a %E %G", "%e %g %a %E %G");
	CHECK("%Lf", "%Lf");
	CHECK("%y%k", "%y%k");
	CHECK("%-08q", "%-08q");
	/* a conversion cut off by the end of the format */
	CHECK("abc%", "abc%");
	CHECK("x%l", "x%l");
	CHECK("%05.", "%05.");
	/* '*' consumes its int even when the conversion is unknown */
	CHECK("%*f 9", "%*f %d", 4, 9);
}

static void test_truncation(void)
{
	char buf[16];
	int r;

	memset(buf, 'X', sizeof(buf));
	r = nolibc_snprintf(buf, 5, "hello world");
	HT_EXPECT_INT_EQ(r, 11);
	HT_EXPECT_STR_EQ(buf, "hell");
	HT_EXPECT_INT_EQ(buf[5], 'X');	/* nothing written past size */

	memset(buf, 'X', sizeof(buf));
	r = nolibc_snprintf(buf, 6, "hello");	/* exactly fits */
	HT_EXPECT_INT_EQ(r, 5);
	HT_EXPECT_STR_EQ(buf, "hello");
	HT_EXPECT_INT_EQ(buf[6], 'X');

	memset(buf, 'X', sizeof(buf));
	r = nolibc_snprintf(buf, 1, "%d", 12345);
	HT_EXPECT_INT_EQ(r, 5);
	HT_EXPECT_INT_EQ(buf[0], '\0');
	HT_EXPECT_INT_EQ(buf[1], 'X');

	/* size 0: nothing written, NULL buffer allowed */
	memset(buf, 'X', sizeof(buf));
	HT_EXPECT_INT_EQ(nolibc_snprintf(buf, 0, "abc"), 3);
	HT_EXPECT_INT_EQ(buf[0], 'X');
	HT_EXPECT_INT_EQ(nolibc_snprintf(NULL, 0, "%d-%s", INT_MIN, "x"),
			 13);

	/* truncation in the middle of padding and of a number */
	r = nolibc_snprintf(buf, 4, "%10d", 42);
	HT_EXPECT_INT_EQ(r, 10);
	HT_EXPECT_STR_EQ(buf, "   ");
	r = nolibc_snprintf(buf, 4, "%d", -123456);
	HT_EXPECT_INT_EQ(r, 7);
	HT_EXPECT_STR_EQ(buf, "-12");

	HT_EXPECT_INT_EQ(nolibc_snprintf(buf, sizeof(buf), ""), 0);
	HT_EXPECT_STR_EQ(buf, "");
}

static void test_percent_n_refused(void)
{
	char buf[32];
	int n = 77;

	memset(buf, 'X', sizeof(buf));
	nolibc_errno = 0;
	HT_EXPECT_INT_EQ(nolibc_snprintf(buf, sizeof(buf), "ab%ncd", &n), -1);
	HT_EXPECT_INT_EQ(nolibc_errno, EINVAL);
	HT_EXPECT_INT_EQ(n, 77);		/* never written */
	HT_EXPECT_STR_EQ(buf, "ab");		/* stops at the %n */
	HT_EXPECT_INT_EQ(nolibc_snprintf(buf, sizeof(buf), "%d%hhn", 1, &n),
			 -1);
	HT_EXPECT_STR_EQ(buf, "1");
	HT_EXPECT_INT_EQ(nolibc_snprintf(NULL, 0, "%n", &n), -1);
}

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = nolibc_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

static int call_vprintf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = nolibc_vprintf(fmt, ap);
	va_end(ap);
	return r;
}

static void test_vsnprintf(void)
{
	char buf[32];

	HT_EXPECT_INT_EQ(call_vsnprintf(buf, sizeof(buf), "%s=%#x", "v", 16),
			 6);
	HT_EXPECT_STR_EQ(buf, "v=0x10");
	HT_EXPECT_INT_EQ(call_vsnprintf(buf, 3, "%s", "abcdef"), 6);
	HT_EXPECT_STR_EQ(buf, "ab");
}

/* Output longer than INT_MAX: -1 and EOVERFLOW. */
static void test_overflow(void)
{
	nolibc_errno = 0;
	HT_EXPECT_INT_EQ(nolibc_snprintf(NULL, 0, "%*d%*d", INT_MAX - 5, 1,
					 10, 2), -1);
	HT_EXPECT_INT_EQ(nolibc_errno, EOVERFLOW);
	nolibc_errno = 0;
	HT_EXPECT_INT_EQ(nolibc_snprintf(NULL, 0, "%*d", INT_MAX, 1),
			 INT_MAX);
	HT_EXPECT_INT_EQ(nolibc_errno, 0);
}

static void test_printf_console(void)
{
	char big[300 + 1];
	int r;

	coutk_reset();
	r = nolibc_printf("x=%d %s\n", 5, "ok");
	HT_EXPECT_INT_EQ(r, 7);
	HT_EXPECT_STR_EQ(coutk_buf, "x=5 ok\n");

	/* output longer than the internal chunk arrives whole and in order */
	coutk_reset();
	memset(big, 'a', 300);
	big[299] = 'z';
	big[300] = '\0';
	r = nolibc_printf("<%s>", big);
	HT_EXPECT_INT_EQ(r, 302);
	HT_EXPECT_INT_EQ(coutk_len, 302);
	HT_EXPECT(coutk_buf[0] == '<' && coutk_buf[1] == 'a' &&
		  coutk_buf[300] == 'z' && coutk_buf[301] == '>');
	HT_EXPECT(coutk_calls >= 3);

	coutk_reset();
	r = call_vprintf("%05d|%-3s|", -7, "v");
	HT_EXPECT_INT_EQ(r, 10);
	HT_EXPECT_STR_EQ(coutk_buf, "-0007|v  |");

	/* nothing at all is written for an empty format */
	coutk_reset();
	HT_EXPECT_INT_EQ(nolibc_printf("%s", ""), 0);
	HT_EXPECT_INT_EQ(coutk_calls, 0);

	/* %n: what came before is written, then -1 */
	coutk_reset();
	{
		int n = 3;

		HT_EXPECT_INT_EQ(nolibc_printf("pre%npost", &n), -1);
		HT_EXPECT_STR_EQ(coutk_buf, "pre");
		HT_EXPECT_INT_EQ(n, 3);
	}

	coutk_reset();
	HT_EXPECT_INT_EQ(nolibc_putchar('Z'), 'Z');
	HT_EXPECT_INT_EQ(nolibc_putchar(0x1ff), 0xff);
	HT_EXPECT_INT_EQ(nolibc_puts("line"), 1);
	HT_EXPECT(!memcmp(coutk_buf, "Z\xffline\n", 7));
	HT_EXPECT_INT_EQ(coutk_len, 7);

	/* console errors are reported by putchar/puts */
	coutk_reset();
	coutk_fail = 1;
	HT_EXPECT_INT_EQ(nolibc_putchar('a'), -1);
	HT_EXPECT_INT_EQ(nolibc_puts("a"), -1);
	coutk_reset();
}

int main(void)
{
	HT_RUN(test_fmt_int);
	HT_RUN(test_fmt_flags);
	HT_RUN(test_fmt_hex_oct);
	HT_RUN(test_fmt_char_str);
	HT_RUN(test_fmt_ptr);
	HT_RUN(test_fmt_unknown);
	HT_RUN(test_truncation);
	HT_RUN(test_percent_n_refused);
	HT_RUN(test_vsnprintf);
	HT_RUN(test_overflow);
	HT_RUN(test_printf_console);
	return ht_finish("nolibc_stdio");
}
