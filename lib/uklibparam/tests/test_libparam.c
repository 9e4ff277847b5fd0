/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of uklibparam: the image's table (linker section) holds
 * the parameters registered here, and the parser sets them on the target
 * with its freestanding build. Error paths are covered by the host tests;
 * only one runs here, announced so its error line is not taken for a bug.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/print.h>
#include <uk/libparam.h>
#include <uk/test.h>

/* Registered in the image table as uklibparam.test_*. */
static int test_knob = 5;
UK_LIB_PARAM(test_knob, int);
static const char *test_name = "none";
UK_LIB_PARAM_STR(test_name);
static uint16_t test_list[3];
static unsigned int test_list_count;
UK_LIB_PARAM_ARR(test_list, uint16_t, 3);

/* Find @name of this library in the image table. */
static const struct uk_libparam *find_own(const char *name)
{
	const struct uk_libparam *p;

	uk_table_foreach(p, libparam)
		if (!strcmp(p->libname, "uklibparam") && !strcmp(p->name, name))
			return p;
	return NULL;
}

UK_TESTCASE(uklibparam, table_holds_registered_params)
{
	const struct uk_libparam *p;

	UK_TEST_EXPECT_PTR_EQ(find_own("test_knob"), &__uk_libparam_test_knob);
	p = find_own("test_knob");
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_PTR_EQ(p->addr, &test_knob);
	UK_TEST_EXPECT_STR_EQ(uk_libparam_type_name(p), "int32");

	p = find_own("test_name");
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_STR_EQ(uk_libparam_type_name(p), "string");

	p = find_own("test_list");
	UK_TEST_ASSERT(p != NULL);
	UK_TEST_EXPECT_STR_EQ(uk_libparam_type_name(p), "uint16");
	UK_TEST_EXPECT_UNUM_EQ(p->maxcount, 3);
	UK_TEST_EXPECT_PTR_EQ(p->count, &test_list_count);

	UK_TEST_EXPECT_NULL(find_own("no_such_param"));
}

UK_TESTCASE(uklibparam, parse_sets_image_params)
{
	char t1[] = "uklibparam.test_knob=-0x10";
	char t2[] = "uklibparam.test_name=guest";
	char t3[] = "uklibparam.test_list=1,65535";
	char *argv[] = { t1, t2, t3 };
	int saved_knob = test_knob;
	const char *saved_name = test_name;

	UK_TEST_EXPECT_ZERO(uk_libparam_parse(3, argv));
	UK_TEST_EXPECT_SNUM_EQ(test_knob, -16);
	UK_TEST_EXPECT_PTR_EQ(test_name, t2 + strlen("uklibparam.test_name="));
	UK_TEST_EXPECT_STR_EQ(test_name, "guest");
	UK_TEST_EXPECT_UNUM_EQ(test_list_count, 2);
	UK_TEST_EXPECT_UNUM_EQ(test_list[0], 1);
	UK_TEST_EXPECT_UNUM_EQ(test_list[1], 65535);

	/* test_name must not keep pointing into this stack frame. */
	test_knob = saved_knob;
	test_name = saved_name;
}

UK_TESTCASE(uklibparam, bounds_on_target)
{
	static int8_t s8;
	static uint32_t u32;
	static int64_t s64;
	static uint64_t u64;
	static bool flag;
	static const struct uk_libparam tab[] = {
		UK_LIBPARAM_INIT("lp", "s8", s8),
		UK_LIBPARAM_INIT("lp", "u32", u32),
		UK_LIBPARAM_INIT("lp", "s64", s64),
		UK_LIBPARAM_INIT("lp", "u64", u64),
		UK_LIBPARAM_INIT("lp", "flag", flag),
	};
	char t1[] = "lp.s8=-128";
	char t2[] = "lp.u32=4294967295";
	char t3[] = "lp.s64=-9223372036854775808";
	char t4[] = "lp.u64=0xffffffffffffffff";
	char t5[] = "lp.flag=Yes";
	char *argv[] = { t1, t2, t3, t4, t5 };

	UK_TEST_EXPECT_ZERO(uk_libparam_parse_range(tab,
			tab + UK_ARRAY_SIZE(tab), 5, argv));
	UK_TEST_EXPECT_SNUM_EQ(s8, INT8_MIN);
	UK_TEST_EXPECT_UNUM_EQ(u32, UINT32_MAX);
	UK_TEST_EXPECT_SNUM_EQ(s64, INT64_MIN);
	UK_TEST_EXPECT_UNUM_EQ(u64, UINT64_MAX);
	UK_TEST_EXPECT(flag);
}

UK_TESTCASE(uklibparam, bad_value_is_rejected)
{
	static uint8_t u8 = 7;
	static const struct uk_libparam tab[] = {
		UK_LIBPARAM_INIT("lp", "u8", u8),
	};
	char t1[] = "lp.u8=300";
	char *argv[] = { t1 };

	uk_printf("uklibparam test: one \"bad kernel parameter\" error "
		  "line follows on purpose\n");
	UK_TEST_EXPECT_SNUM_EQ(uk_libparam_parse_range(tab, tab + 1, 1, argv),
			       -EINVAL);
	UK_TEST_EXPECT_UNUM_EQ(u8, 7);
}
