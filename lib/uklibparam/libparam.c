/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The image's parameter table: every UK_LIB_PARAM*() entry of every
 * library lands between these markers.
 */
#include <uk/libparam.h>

UK_TABLE_DEFINE(libparam, struct uk_libparam);

int uk_libparam_parse(int argc, char *const argv[])
{
	return uk_libparam_parse_range(UK_TABLE_START(libparam),
				       UK_TABLE_END(libparam), argc, argv);
}

void uk_libparam_print_all(void)
{
	uk_libparam_print_range(UK_TABLE_START(libparam),
				UK_TABLE_END(libparam));
}
