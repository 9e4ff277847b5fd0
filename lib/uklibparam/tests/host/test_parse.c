/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the uklibparam parser. A hand-built table (made with the
 * same initializer macros the registration macros use) is driven with
 * argument vectors; error lines are captured from stderr and checked.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include <uk/libparam.h>
#include "hosttest.h"

#define CAPTURE_MAX	4096
#define TOKEN_MAX	256
#define ARGS_MAX	8
#define SENTINEL	0x5a

/* ---- capture of stdout / stderr ---- */

static char captured[CAPTURE_MAX];
static FILE *cap_file;
static int cap_fd = -1, cap_saved_fd = -1;

static void capture_begin(int fd)
{
	fflush(stdout);
	fflush(stderr);
	cap_file = tmpfile();
	if (!cap_file)
		abort();
	cap_fd = fd;
	cap_saved_fd = dup(fd);
	dup2(fileno(cap_file), fd);
}

static const char *capture_end(void)
{
	size_t n;

	fflush(stdout);
	fflush(stderr);
	dup2(cap_saved_fd, cap_fd);
	close(cap_saved_fd);
	rewind(cap_file);
	n = fread(captured, 1, sizeof(captured) - 1, cap_file);
	captured[n] = '\0';
	fclose(cap_file);
	return captured;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* ---- the parameters under test ---- */

static bool p_bool;
static signed char p_schar;
static short p_short;
static int p_int;
static long p_long;
static long long p_llong;
static unsigned char p_uchar;
static unsigned short p_ushort;
static unsigned int p_uint;
static unsigned long p_ulong;
static unsigned long long p_ullong;
static int8_t p_s8;
static int16_t p_s16;
static int32_t p_s32;
static int64_t p_s64;
static uint8_t p_u8;
static uint16_t p_u16;
static uint32_t p_u32;
static uint64_t p_u64;
static const char *p_str;
static char *p_mstr;
#define ARR_MAX 4
static int p_arr[ARR_MAX];
static unsigned int p_arr_count;
static bool p_barr[3];
static unsigned int p_barr_count;
static uint8_t p_u8arr[2];
static unsigned int p_u8arr_count;

static const struct uk_libparam table[] = {
	UK_LIBPARAM_INIT("t", "bool", p_bool),
	UK_LIBPARAM_INIT("t", "schar", p_schar),
	UK_LIBPARAM_INIT("t", "short", p_short),
	UK_LIBPARAM_INIT("t", "int", p_int),
	UK_LIBPARAM_INIT("t", "long", p_long),
	UK_LIBPARAM_INIT("t", "llong", p_llong),
	UK_LIBPARAM_INIT("t", "uchar", p_uchar),
	UK_LIBPARAM_INIT("t", "ushort", p_ushort),
	UK_LIBPARAM_INIT("t", "uint", p_uint),
	UK_LIBPARAM_INIT("t", "ulong", p_ulong),
	UK_LIBPARAM_INIT("t", "ullong", p_ullong),
	UK_LIBPARAM_INIT("t", "s8", p_s8),
	UK_LIBPARAM_INIT("t", "s16", p_s16),
	UK_LIBPARAM_INIT("t", "s32", p_s32),
	UK_LIBPARAM_INIT("t", "s64", p_s64),
	UK_LIBPARAM_INIT("t", "u8", p_u8),
	UK_LIBPARAM_INIT("t", "u16", p_u16),
	UK_LIBPARAM_INIT("t", "u32", p_u32),
	UK_LIBPARAM_INIT("t", "u64", p_u64),
	UK_LIBPARAM_INIT("t", "str", p_str),
	UK_LIBPARAM_INIT("t", "mstr", p_mstr),
	UK_LIBPARAM_INIT_ARR("t", "arr", p_arr, ARR_MAX, &p_arr_count),
	UK_LIBPARAM_INIT_ARR("t", "barr", p_barr, 3, &p_barr_count),
	UK_LIBPARAM_INIT_ARR("t", "u8arr", p_u8arr, 2, &p_u8arr_count),
	/* A second library, to tell "unknown library" from "unknown param". */
	UK_LIBPARAM_INIT("other.lib", "x", p_int),
};
#define TABLE_END (table + UK_ARRAY_SIZE(table))

/* Fill every variable with a known pattern, to see what a parse changed. */
static void reset(void)
{
	memset(&p_bool, 0, sizeof(p_bool));
	p_schar = p_s8 = SENTINEL;
	p_short = p_s16 = SENTINEL;
	p_int = p_s32 = SENTINEL;
	p_long = p_llong = p_s64 = SENTINEL;
	p_uchar = p_u8 = SENTINEL;
	p_ushort = p_u16 = SENTINEL;
	p_uint = p_u32 = SENTINEL;
	p_ulong = p_ullong = p_u64 = SENTINEL;
	p_str = "unset";
	p_mstr = NULL;
	memset(p_arr, SENTINEL, sizeof(p_arr));
	memset(p_barr, 0, sizeof(p_barr));
	memset(p_u8arr, SENTINEL, sizeof(p_u8arr));
	p_arr_count = p_barr_count = p_u8arr_count = SENTINEL;
}

/* ---- drivers ---- */

static char tokens[ARGS_MAX][TOKEN_MAX];
static char *argv_buf[ARGS_MAX];
static const char *err_out;

/* Parse the NULL-terminated list of tokens (copied to writable buffers). */
static int parse_list(const char *const *toks)
{
	int argc = 0, rc;

	while (toks[argc] && argc < ARGS_MAX) {
		snprintf(tokens[argc], TOKEN_MAX, "%s", toks[argc]);
		argv_buf[argc] = tokens[argc];
		argc++;
	}
	capture_begin(STDERR_FILENO);
	rc = uk_libparam_parse_range(table, TABLE_END, argc, argv_buf);
	err_out = capture_end();
	return rc;
}

static int parse1(const char *tok)
{
	const char *toks[] = { tok, NULL };

	return parse_list(toks);
}

/* @tok parses cleanly, with no output. */
#define OK(tok)								\
	do {								\
		HT_EXPECT_INT_EQ(parse1(tok), 0);			\
		HT_EXPECT_STR_EQ(err_out, "");				\
	} while (0)

/*
 * @tok is rejected with -EINVAL and exactly one error line that quotes
 * the token and contains @why.
 */
#define BAD(tok, why)							\
	do {								\
		char quoted_[TOKEN_MAX + 2];				\
		snprintf(quoted_, sizeof(quoted_), "\"%s\"", (tok));	\
		HT_EXPECT_INT_EQ(parse1(tok), -EINVAL);			\
		HT_EXPECT_INT_EQ(count_lines(err_out), 1);		\
		HT_EXPECT(strstr(err_out, quoted_) != NULL);		\
		if (!strstr(err_out, (why)))				\
			HT_FAIL_("%s: missing \"%s\" in: %s", (tok),	\
				 (why), err_out);			\
	} while (0)

/* ---- tests ---- */

static void test_bool_words(void)
{
	static const char *const yes[] = { "1", "true", "yes", "on",
					   "TRUE", "Yes", "oN" };
	static const char *const no[] = { "0", "false", "no", "off",
					  "FALSE", "No", "OFF" };
	char tok[TOKEN_MAX];
	size_t i;

	reset();
	for (i = 0; i < UK_ARRAY_SIZE(yes); i++) {
		p_bool = false;
		snprintf(tok, sizeof(tok), "t.bool=%s", yes[i]);
		OK(tok);
		HT_EXPECT(p_bool == true);
		snprintf(tok, sizeof(tok), "t.bool=%s", no[i]);
		OK(tok);
		HT_EXPECT(p_bool == false);
	}
}

static void test_bool_bad(void)
{
	reset();
	p_bool = true;
	BAD("t.bool=2", "is not a bool");
	BAD("t.bool=tru", "is not a bool (use 1/0, true/false");
	BAD("t.bool=yess", "\"yess\" is not a bool");
	BAD("t.bool=-1", "is not a bool");
	BAD("t.bool=", "empty value for bool");
	BAD("t.bool=01", "is not a bool");
	HT_EXPECT(p_bool == true);
}

static void test_signed_fixed_bounds(void)
{
	reset();
	OK("t.s8=-128");
	HT_EXPECT_INT_EQ(p_s8, INT8_MIN);
	OK("t.s8=127");
	HT_EXPECT_INT_EQ(p_s8, INT8_MAX);
	BAD("t.s8=-129", "-129 is out of range for int8 (-128..127)");
	BAD("t.s8=128", "128 is out of range for int8 (-128..127)");
	HT_EXPECT_INT_EQ(p_s8, INT8_MAX);

	OK("t.s16=-32768");
	HT_EXPECT_INT_EQ(p_s16, INT16_MIN);
	OK("t.s16=32767");
	HT_EXPECT_INT_EQ(p_s16, INT16_MAX);
	BAD("t.s16=-32769", "out of range for int16 (-32768..32767)");
	BAD("t.s16=32768", "out of range for int16");

	OK("t.s32=-2147483648");
	HT_EXPECT_INT_EQ(p_s32, INT32_MIN);
	OK("t.s32=2147483647");
	HT_EXPECT_INT_EQ(p_s32, INT32_MAX);
	BAD("t.s32=-2147483649", "out of range for int32");
	BAD("t.s32=2147483648", "out of range for int32");

	OK("t.s64=-9223372036854775808");
	HT_EXPECT(p_s64 == INT64_MIN);
	OK("t.s64=9223372036854775807");
	HT_EXPECT(p_s64 == INT64_MAX);
	BAD("t.s64=-9223372036854775809",
	    "out of range for int64 "
	    "(-9223372036854775808..9223372036854775807)");
	BAD("t.s64=9223372036854775808", "out of range for int64");
	HT_EXPECT(p_s64 == INT64_MAX);

	OK("t.s64=-0");
	HT_EXPECT(p_s64 == 0);
	OK("t.s32=-1");
	HT_EXPECT_INT_EQ(p_s32, -1);
	OK("t.s16=007");
	HT_EXPECT_INT_EQ(p_s16, 7);
}

static void test_unsigned_fixed_bounds(void)
{
	reset();
	OK("t.u8=0");
	HT_EXPECT_INT_EQ(p_u8, 0);
	OK("t.u8=255");
	HT_EXPECT_INT_EQ(p_u8, UINT8_MAX);
	BAD("t.u8=256", "256 is out of range for uint8 (0..255)");
	BAD("t.u8=300", "300 is out of range for uint8 (0..255)");
	BAD("t.u8=-1", "negative value \"-1\" for uint8");
	BAD("t.u8=-0", "negative value");
	HT_EXPECT_INT_EQ(p_u8, UINT8_MAX);

	OK("t.u16=65535");
	HT_EXPECT_INT_EQ(p_u16, UINT16_MAX);
	BAD("t.u16=65536", "out of range for uint16 (0..65535)");

	OK("t.u32=4294967295");
	HT_EXPECT(p_u32 == UINT32_MAX);
	BAD("t.u32=4294967296", "out of range for uint32 (0..4294967295)");

	OK("t.u64=18446744073709551615");
	HT_EXPECT(p_u64 == UINT64_MAX);
	OK("t.u64=0");
	HT_EXPECT(p_u64 == 0);
	BAD("t.u64=18446744073709551616",
	    "out of range for uint64 (0..18446744073709551615)");
	BAD("t.u64=99999999999999999999999999", "out of range for uint64");
	BAD("t.u64=-5", "negative value");
	HT_EXPECT(p_u64 == 0);
}

static void test_standard_types(void)
{
	reset();
	OK("t.schar=-128");
	HT_EXPECT_INT_EQ(p_schar, SCHAR_MIN);
	BAD("t.schar=128", "out of range for int8");
	OK("t.short=-32768");
	HT_EXPECT_INT_EQ(p_short, SHRT_MIN);
	OK("t.int=-2147483648");
	HT_EXPECT_INT_EQ(p_int, INT_MIN);
	OK("t.int=2147483647");
	HT_EXPECT_INT_EQ(p_int, INT_MAX);
	BAD("t.int=2147483648", "out of range for int32");
	OK("t.long=-9223372036854775808");
	HT_EXPECT(p_long == LONG_MIN);
	OK("t.llong=9223372036854775807");
	HT_EXPECT(p_llong == LLONG_MAX);
	OK("t.uchar=255");
	HT_EXPECT_INT_EQ(p_uchar, UCHAR_MAX);
	OK("t.ushort=65535");
	HT_EXPECT_INT_EQ(p_ushort, USHRT_MAX);
	OK("t.uint=4294967295");
	HT_EXPECT(p_uint == UINT_MAX);
	BAD("t.uint=4294967296", "out of range for uint32");
	BAD("t.uint=-1", "negative value");
	OK("t.ulong=18446744073709551615");
	HT_EXPECT(p_ulong == ULONG_MAX);
	OK("t.ullong=0xffffffffffffffff");
	HT_EXPECT(p_ullong == ULLONG_MAX);
	/* Neighbours untouched by the narrow stores. */
	HT_EXPECT_INT_EQ(p_s8, SENTINEL);
	HT_EXPECT_INT_EQ(p_u16, SENTINEL);
}

static void test_hex(void)
{
	reset();
	OK("t.s8=0x7f");
	HT_EXPECT_INT_EQ(p_s8, 127);
	OK("t.s8=-0x80");
	HT_EXPECT_INT_EQ(p_s8, -128);
	BAD("t.s8=0x80", "0x80 is out of range for int8");
	OK("t.u8=0XfF");
	HT_EXPECT_INT_EQ(p_u8, 255);
	BAD("t.u8=0x100", "out of range for uint8");
	OK("t.u32=0xDEADbeef");
	HT_EXPECT(p_u32 == 0xdeadbeefU);
	OK("t.u64=0x0000000000000000000001");
	HT_EXPECT(p_u64 == 1);
	BAD("t.u64=0x10000000000000000", "out of range for uint64");
	OK("t.s64=-0x8000000000000000");
	HT_EXPECT(p_s64 == INT64_MIN);
	BAD("t.s64=0x8000000000000000", "out of range for int64");
	BAD("t.u8=0x", "\"0x\" is not a valid uint8 (decimal or 0x hex)");
	BAD("t.u8=0xg", "is not a valid uint8");
	BAD("t.s8=0x-1", "is not a valid int8");
	BAD("t.u8=x10", "is not a valid uint8");
	BAD("t.u8=ff", "is not a valid uint8");
	HT_EXPECT(p_u8 == 255);
}

static void test_number_syntax(void)
{
	reset();
	BAD("t.int=12abc",
	    "\"12abc\" is not a valid int32 (decimal or 0x hex)");
	BAD("t.int= 12", "is not a valid int32");
	BAD("t.int=12 ", "is not a valid int32");
	BAD("t.int=+5", "is not a valid int32");
	BAD("t.int=1.5", "is not a valid int32");
	BAD("t.int=-", "\"-\" is not a valid int32");
	BAD("t.int=--1", "is not a valid int32");
	BAD("t.int=1,2", "is not a valid int32");
	BAD("t.int=", "empty value for int32");
	BAD("t.u64=", "empty value for uint64");
	/* A bad digit is reported as such even after an overflow. */
	BAD("t.u64=99999999999999999999999x", "is not a valid uint64");
	HT_EXPECT_INT_EQ(p_int, SENTINEL);
	HT_EXPECT(p_u64 == SENTINEL);
}

static void test_strings(void)
{
	reset();
	HT_EXPECT_INT_EQ(parse1("t.str=hello world"), 0);
	HT_EXPECT(p_str == tokens[0] + strlen("t.str="));
	HT_EXPECT_STR_EQ(p_str, "hello world");

	HT_EXPECT_INT_EQ(parse1("t.str=a=b,c"), 0);
	HT_EXPECT_STR_EQ(p_str, "a=b,c");

	HT_EXPECT_INT_EQ(parse1("t.str="), 0);
	HT_EXPECT(p_str == tokens[0] + strlen("t.str="));
	HT_EXPECT_STR_EQ(p_str, "");

	HT_EXPECT_INT_EQ(parse1("t.mstr=mutable"), 0);
	HT_EXPECT(p_mstr == tokens[0] + strlen("t.mstr="));
	HT_EXPECT_STR_EQ(err_out, "");
}

static void test_malformed_tokens(void)
{
	reset();
	BAD("t.u8", "missing '=' (expected <library>.<param>=<value>)");
	BAD("", "missing '='");
	BAD("nodot=1", "missing library name");
	BAD(".u8=1", "missing library name");
	BAD("=1", "missing library name");
	BAD("u8.=1", "missing parameter name");
	BAD("t.=1", "missing parameter name");
	BAD("zz.u8=1", "unknown library \"zz\"");
	BAD("T.u8=1", "unknown library \"T\"");
	BAD("t.nope=1", "library \"t\" has no parameter \"nope\"");
	BAD("t.u8.x=1", "library \"t\" has no parameter \"u8.x\"");
	BAD("t.U8=1", "has no parameter \"U8\"");
	BAD("t.u=1", "has no parameter \"u\"");
	BAD("t.u88=1", "has no parameter \"u88\"");
	BAD("other=1", "missing library name");
	BAD("other.x.y=1", "unknown library \"other\"");
	HT_EXPECT_INT_EQ(p_u8, SENTINEL);
}

static void test_library_name_with_dot(void)
{
	/* The library name ends at the first '.', so "other.lib" is unusable;
	 * the parser must not match it partially either. */
	reset();
	BAD("other.lib.x=5", "unknown library \"other\"");
	HT_EXPECT_INT_EQ(p_int, SENTINEL);
}

static void test_several_in_one_call(void)
{
	static const char *const toks[] = {
		"t.u8=200", "t.s64=-42", "t.bool=on", "t.str=abc",
		"t.arr=5,6", "t.u8=201", NULL,
	};

	reset();
	HT_EXPECT_INT_EQ(parse_list(toks), 0);
	HT_EXPECT_STR_EQ(err_out, "");
	HT_EXPECT_INT_EQ(p_u8, 201);	/* the later token wins */
	HT_EXPECT(p_s64 == -42);
	HT_EXPECT(p_bool);
	HT_EXPECT(p_str == tokens[3] + strlen("t.str="));
	HT_EXPECT_INT_EQ(p_arr_count, 2);
	HT_EXPECT_INT_EQ(p_arr[0], 5);
	HT_EXPECT_INT_EQ(p_arr[1], 6);
}

static void test_first_error_stops(void)
{
	static const char *const toks[] = {
		"t.u16=1", "t.u32=12abc", "t.nope=3", "t.s16=-4", NULL,
	};

	reset();
	HT_EXPECT_INT_EQ(parse_list(toks), -EINVAL);
	HT_EXPECT_INT_EQ(count_lines(err_out), 1);
	HT_EXPECT(strstr(err_out, "\"t.u32=12abc\"") != NULL);
	HT_EXPECT(strstr(err_out, "nope") == NULL);
	HT_EXPECT_INT_EQ(p_u16, 1);		/* before the error: set */
	HT_EXPECT(p_u32 == SENTINEL);		/* the bad one: unchanged */
	HT_EXPECT_INT_EQ(p_s16, SENTINEL);	/* after it: not reached */
}

static void test_no_tokens(void)
{
	static const char *const toks[] = { NULL };

	reset();
	HT_EXPECT_INT_EQ(parse_list(toks), 0);
	HT_EXPECT_STR_EQ(err_out, "");
	HT_EXPECT_INT_EQ(uk_libparam_parse_range(table, table, 0, NULL), 0);
}

static void test_empty_table(void)
{
	char tok[] = "t.u8=1";
	char *argv[] = { tok };
	int rc;

	capture_begin(STDERR_FILENO);
	rc = uk_libparam_parse_range(table, table, 1, argv);
	err_out = capture_end();
	HT_EXPECT_INT_EQ(rc, -EINVAL);
	HT_EXPECT(strstr(err_out, "unknown library \"t\""));
}

static void test_arrays(void)
{
	reset();
	OK("t.arr=1,-2,0x10,2147483647");
	HT_EXPECT_INT_EQ(p_arr_count, 4);
	HT_EXPECT_INT_EQ(p_arr[0], 1);
	HT_EXPECT_INT_EQ(p_arr[1], -2);
	HT_EXPECT_INT_EQ(p_arr[2], 16);
	HT_EXPECT_INT_EQ(p_arr[3], INT_MAX);

	OK("t.arr=7");
	HT_EXPECT_INT_EQ(p_arr_count, 1);
	HT_EXPECT_INT_EQ(p_arr[0], 7);

	OK("t.arr=");
	HT_EXPECT_INT_EQ(p_arr_count, 0);

	OK("t.arr=9,8");
	BAD("t.arr=1,2,3,4,5", "more than 4 values for int32[4]");
	BAD("t.arr=1,,2", "element 2: empty value for int32");
	BAD("t.arr=1,2,", "element 3: empty value");
	BAD("t.arr=,1", "element 1: empty value");
	BAD("t.arr=1,x", "element 2: \"x\" is not a valid int32");
	BAD("t.arr=1,2147483648", "element 2: 2147483648 is out of range");
	/* Failed assignments changed neither elements nor count. */
	HT_EXPECT_INT_EQ(p_arr_count, 2);
	HT_EXPECT_INT_EQ(p_arr[0], 9);
	HT_EXPECT_INT_EQ(p_arr[1], 8);

	OK("t.barr=on,Off,1");
	HT_EXPECT_INT_EQ(p_barr_count, 3);
	HT_EXPECT(p_barr[0] && !p_barr[1] && p_barr[2]);
	BAD("t.barr=on,maybe", "element 2: \"maybe\" is not a bool");

	OK("t.u8arr=255,0");
	HT_EXPECT_INT_EQ(p_u8arr_count, 2);
	HT_EXPECT_INT_EQ(p_u8arr[0], 255);
	HT_EXPECT_INT_EQ(p_u8arr[1], 0);
	BAD("t.u8arr=1,256", "element 2: 256 is out of range for uint8");
	BAD("t.u8arr=-1", "element 1: negative value");
}

/* Registration macros, compiled for the host like any library would. */
static int hvar = 3;
UK_LIB_PARAM(hvar, int);
static const char *hstr = "default";
UK_LIB_PARAM_STR(hstr);
static uint64_t hlist[2];
static unsigned int hlist_count;
UK_LIB_PARAM_ARR(hlist, uint64_t, 2);

static void test_registration_macros(void)
{
	const struct uk_libparam *v = &__uk_libparam_hvar;
	const struct uk_libparam *s = &__uk_libparam_hstr;
	const struct uk_libparam *l = &__uk_libparam_hlist;
	char t1[] = "ht.hvar=-17", t2[] = "ht.hstr=x", t3[] = "ht.hlist=1,0x2";
	char *argv[] = { t1, t2, t3 };

	HT_EXPECT_STR_EQ(v->libname, "ht");
	HT_EXPECT_STR_EQ(v->name, "hvar");
	HT_EXPECT(v->addr == &hvar);
	HT_EXPECT_INT_EQ(v->kind, UK_LIBPARAM_SINT);
	HT_EXPECT_INT_EQ(v->size, sizeof(int));
	HT_EXPECT_INT_EQ(v->maxcount, 0);
	HT_EXPECT(v->count == NULL);
	HT_EXPECT_INT_EQ(s->kind, UK_LIBPARAM_STR);
	HT_EXPECT_INT_EQ(l->kind, UK_LIBPARAM_UINT);
	HT_EXPECT_INT_EQ(l->size, 8);
	HT_EXPECT_INT_EQ(l->maxcount, 2);
	HT_EXPECT(l->count == &hlist_count);

	HT_EXPECT_INT_EQ(uk_libparam_parse_range(v, v + 1, 1, argv), 0);
	HT_EXPECT_INT_EQ(hvar, -17);
	HT_EXPECT_INT_EQ(uk_libparam_parse_range(s, s + 1, 1, argv + 1), 0);
	HT_EXPECT(hstr == t2 + strlen("ht.hstr="));
	HT_EXPECT_INT_EQ(uk_libparam_parse_range(l, l + 1, 1, argv + 2), 0);
	HT_EXPECT_INT_EQ(hlist_count, 2);
	HT_EXPECT(hlist[0] == 1 && hlist[1] == 2);
}

static void test_type_names(void)
{
	static const struct {
		size_t idx;
		const char *name;
	} want[] = {
		{ 0, "bool" }, { 1, "int8" }, { 2, "int16" }, { 3, "int32" },
		{ 4, "int64" }, { 5, "int64" }, { 6, "uint8" },
		{ 7, "uint16" }, { 8, "uint32" }, { 9, "uint64" },
		{ 10, "uint64" }, { 19, "string" }, { 20, "string" },
		{ 21, "int32" }, { 22, "bool" },
	};
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(want); i++)
		HT_EXPECT_STR_EQ(uk_libparam_type_name(&table[want[i].idx]),
				 want[i].name);
}

static void test_print(void)
{
	const char *head = "Kernel parameters (<library>.<param>=<value>):\n"
			   "  t.bool: bool\n  t.schar: int8\n";
	const char *out;

	capture_begin(STDOUT_FILENO);
	uk_libparam_print_range(table, TABLE_END);
	out = capture_end();
	HT_EXPECT(strncmp(out, head, strlen(head)) == 0);
	HT_EXPECT(strstr(out, "\n  t.u64: uint64\n  t.str: string\n"));
	HT_EXPECT(strstr(out, "\n  t.arr: int32[4], comma-separated\n"));
	HT_EXPECT_INT_EQ(count_lines(out), 1 + UK_ARRAY_SIZE(table));

	capture_begin(STDOUT_FILENO);
	uk_libparam_print_range(table, table);
	out = capture_end();
	HT_EXPECT(strstr(out, "):\n  (none)\n"));
}

int main(void)
{
	HT_RUN(test_bool_words);
	HT_RUN(test_bool_bad);
	HT_RUN(test_signed_fixed_bounds);
	HT_RUN(test_unsigned_fixed_bounds);
	HT_RUN(test_standard_types);
	HT_RUN(test_hex);
	HT_RUN(test_number_syntax);
	HT_RUN(test_strings);
	HT_RUN(test_malformed_tokens);
	HT_RUN(test_library_name_with_dot);
	HT_RUN(test_several_in_one_call);
	HT_RUN(test_first_error_stops);
	HT_RUN(test_no_tokens);
	HT_RUN(test_empty_table);
	HT_RUN(test_arrays);
	HT_RUN(test_registration_macros);
	HT_RUN(test_type_names);
	HT_RUN(test_print);
	return ht_finish("uklibparam_parse");
}
