/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Runs every registered in-guest test case (each library's tests are
 * compiled in by CONFIG_LIBUKTEST_ALL). Exit status 0 only if all pass.
 */
#include <uk/test.h>

int main(int argc, char *argv[])
{
	return uk_test_run_all() ? 1 : 0;
}
