/* SPDX-License-Identifier: BSD-3-Clause */
/* In-guest tests of ukdebug printing. */
#include <string.h>
#include <uk/print.h>
#include <uk/test.h>

UK_TESTCASE(ukdebug, printf_returns_bytes_written)
{
	UK_TEST_EXPECT_SNUM_EQ(uk_printf("ukdebug test: %d %s\n", 42, "ok"),
			       (long)strlen("ukdebug test: 42 ok\n"));
}

UK_TESTCASE(ukdebug, long_messages_are_cut_not_overflowed)
{
	char big[1200];
	int n;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	n = uk_printf("%s\n", big);
	/* the console buffer holds 512 bytes; the rest is marked "..." */
	UK_TEST_EXPECT_SNUM_EQ(n, 511);
}
