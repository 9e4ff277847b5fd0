/* SPDX-License-Identifier: BSD-3-Clause */
/* In-guest tests of ukboot: argument split and the init table. */
#include <errno.h>
#include <string.h>
#include <uk/init.h>
#include <uk/boot.h>
#include <uk/test.h>

static int early_ran, late_ran;
static int order_seq;

static int boottest_early(void)
{
	early_ran = ++order_seq;
	return 0;
}
uk_early_initcall_prio(boottest_early, NULL, UK_PRIO_EARLIEST);

static int boottest_late(void)
{
	late_ran = ++order_seq;
	return 0;
}
uk_late_initcall_prio(boottest_late, NULL, UK_PRIO_LATEST);

UK_TESTCASE(ukboot, init_classes_run_in_order)
{
	UK_TEST_EXPECT_SNUM_GT(early_ran, 0);
	UK_TEST_EXPECT_SNUM_GT(late_ran, early_ran);
}

UK_TESTCASE(ukboot, init_table_is_sorted_by_class)
{
	const struct uk_inittab_entry *e;
	int seen_early = 0, seen_late = 0;

	uk_table_foreach(e, init) {
		if (e->init == boottest_early)
			seen_early = 1;
		if (e->init == boottest_late) {
			UK_TEST_EXPECT(seen_early);
			seen_late = 1;
		}
	}
	UK_TEST_EXPECT(seen_early && seen_late);
}

UK_TESTCASE(ukboot, main_gets_app_name_as_argv0)
{
	UK_TEST_ASSERT(uk_boot_argc >= 1);
	UK_TEST_EXPECT_STR_EQ(uk_boot_argv[0], UK_APPNAME);
	UK_TEST_EXPECT_NULL(uk_boot_argv[uk_boot_argc]);
}

UK_TESTCASE(ukboot, argparse_quotes_and_errors)
{
	char buf[64];
	char *argv[5];

	strcpy(buf, "a 'b c' \"d\\\"e\" f\\ g");
	UK_TEST_EXPECT_SNUM_EQ(uk_argparse(buf, argv, 4), 4);
	UK_TEST_EXPECT_STR_EQ(argv[1], "b c");
	UK_TEST_EXPECT_STR_EQ(argv[2], "d\"e");
	UK_TEST_EXPECT_STR_EQ(argv[3], "f g");
	strcpy(buf, "1 2 3 4 5");
	UK_TEST_EXPECT_SNUM_EQ(uk_argparse(buf, argv, 4), -E2BIG);
	strcpy(buf, "'open");
	UK_TEST_EXPECT_SNUM_EQ(uk_argparse(buf, argv, 4), -EINVAL);
}
