/* SPDX-License-Identifier: BSD-3-Clause */
/* Backtraces and symbol lookup for crash reports. */
#ifndef __UK_PLAT_CRASH_H__
#define __UK_PLAT_CRASH_H__

#include <uk/essentials.h>

/* Room for a symbol's name; longer names are cut (crash reports only). */
#define UKPLAT_KSYM_NAME_MAX	128

/*
 * Look up the function containing @addr in the image's symbol table.
 * Returns the function's start address (where the image runs now), sets
 * *@off to the offset of @addr into it and writes its name into @name
 * (@len bytes with the NUL, truncated); 0 if @addr is in no function.
 * The table is compressed: names are decoded into the caller's buffer.
 */
unsigned long ukplat_ksym_lookup(unsigned long addr, unsigned long *off,
				 char *name, unsigned long len);

/* Print "@label 0x<addr> <function+offset>" on one line. */
void ukplat_ksym_print(const char *label, unsigned long addr);

/* Print a symbolized backtrace starting at frame pointer @fp. */
void ukplat_backtrace_print(unsigned long fp);

#endif
