/* SPDX-License-Identifier: BSD-3-Clause */
/* Failure path of assert() (see include/assert.h). */
#include "internal.h"
#include "include/assert.h"

#include <uk/assert.h>

/*
 * _uk_panic() is what UK_CRASH() expands to; calling it directly lets the
 * report carry the location of the failed assert() rather than this file.
 */
void __assert_fail(const char *expr, const char *file, int line,
		   const char *func)
{
	_uk_panic(UK_LIBNAME_STR, file, line, "Assertion failed: %s (in %s)",
		  expr, func);
}
