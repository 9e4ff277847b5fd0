/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The image's test table and uk_test_run_all(). With uklibparam, the
 * kernel parameter uktest.filter=<suite>[.<case prefix>] limits the run.
 */
#include <uk/test.h>

UK_TABLE_DEFINE(uktest, struct uk_testcase);

#ifdef CONFIG_LIBUKLIBPARAM
#include <uk/libparam.h>

static const char *filter;
UK_LIB_PARAM_STR(filter);
#else
static const char *const filter;
#endif

int uk_test_run_all(void)
{
	return uk_test_run_range(UK_TABLE_START(uktest), UK_TABLE_END(uktest),
				 filter);
}
