/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The image's test table and uk_test_run_all(). With uklibparam, the
 * kernel parameter uktest.filter=<suite>[.<case prefix>] limits the run,
 * and uktest.strict_time=1 makes uk_test_latency() exact.
 */
#include <uk/essentials.h>
#include <uk/test.h>

UK_TABLE_DEFINE(uktest, struct uk_testcase);

#ifdef CONFIG_LIBUKLIBPARAM
#include <uk/libparam.h>

static const char *filter;
UK_LIB_PARAM_STR(filter);
static unsigned int strict_time;
UK_LIB_PARAM(strict_time, unsigned int);
#else
static const char *const filter;
static const unsigned int strict_time;
#endif

uint64_t uk_test_latency(uint64_t ns)
{
	return strict_time ? ns : UK_MAX(ns, UK_TEST_HOST_STALL_NS);
}

int uk_test_run_all(void)
{
	return uk_test_run_range(UK_TABLE_START(uktest), UK_TABLE_END(uktest),
				 filter);
}
