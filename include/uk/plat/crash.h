/* SPDX-License-Identifier: BSD-3-Clause */
/* Backtraces and symbol lookup for crash reports. */
#ifndef __UK_PLAT_CRASH_H__
#define __UK_PLAT_CRASH_H__

#include <uk/essentials.h>

/*
 * Look up the function containing @addr in the image's symbol table.
 * Returns its name and sets *@off to the offset into it, or NULL.
 */
const char *ukplat_ksym_lookup(unsigned long addr, unsigned long *off);

/* Print "@label 0x<addr> <function+offset>" on one line. */
void ukplat_ksym_print(const char *label, unsigned long addr);

/* Print a symbolized backtrace starting at frame pointer @fp. */
void ukplat_backtrace_print(unsigned long fp);

#endif
