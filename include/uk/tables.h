/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Registration tables in linker sections.
 *
 * Every table "foo" lives in input sections named ".uk_tab_foo_<key>".
 * The linker script keeps all ".uk_tab_*" sections sorted by name, so the
 * owner of a table places a start marker in ".uk_tab_foo_0", an end marker
 * in ".uk_tab_foo_2", and registrants put entries in ".uk_tab_foo_1"
 * (optionally followed by a sort key: ".uk_tab_foo_1_<key>").
 * No linker script or central file changes when a table or entry is added.
 *
 * Entries of one file keep their definition order (no_reorder; gcc would
 * otherwise emit them reversed at -O2; clang, which builds the fuzz
 * targets, has no such attribute and keeps the order).
 *
 * Entry types must have a size that is a multiple of 8 (use pointers and
 * 64-bit fields, or pad), so that a table is a plain C array.
 */
#ifndef __UK_TABLES_H__
#define __UK_TABLES_H__

#include <uk/essentials.h>

#define UK_TABLE_ALIGN	8

#if __has_attribute(no_reorder)
#define __UK_TABLE_NO_REORDER	__attribute__((no_reorder))
#else
#define __UK_TABLE_NO_REORDER
#endif

/*
 * clang's AddressSanitizer (fuzz targets) puts a redzone after every
 * global, those in named sections too, which would spread a table's
 * entries apart; GCC's leaves section globals alone.
 */
#ifdef __clang__
#define __UK_TABLE_NO_ASAN	__attribute__((no_sanitize("address")))
#else
#define __UK_TABLE_NO_ASAN
#endif

/* Attribute for one entry of @table, sorted by the optional @key suffix. */
#define UK_TABLE_ENTRY_SECTION(table, key)				\
	__used __section(".uk_tab_" #table "_1" key)			\
	__aligned(UK_TABLE_ALIGN) __UK_TABLE_NO_REORDER __UK_TABLE_NO_ASAN
#define UK_TABLE_ENTRY(table) UK_TABLE_ENTRY_SECTION(table, "")

/* Define the start/end markers of @table; in exactly one .c file. */
#define UK_TABLE_DEFINE(table, type)					\
	type const __uk_tab_##table##_start[0]				\
		__used __section(".uk_tab_" #table "_0")		\
		__aligned(UK_TABLE_ALIGN) __UK_TABLE_NO_ASAN;		\
	type const __uk_tab_##table##_end[0]				\
		__used __section(".uk_tab_" #table "_2")		\
		__aligned(UK_TABLE_ALIGN) __UK_TABLE_NO_ASAN

/* Declare the markers of @table (in the table owner's header). */
#define UK_TABLE_DECLARE(table, type)					\
	extern type const __uk_tab_##table##_start[];			\
	extern type const __uk_tab_##table##_end[]

/*
 * The markers are zero-length arrays and the entries lie between them:
 * the pointers go through an empty asm, so that neither the compiler nor
 * a bounds checker (UBSan's object-size check in host programs, which get
 * the sorted tables from tests/host/tables.ld) ties them to their
 * zero-length objects.
 */
static inline const void *__uk_table_ptr(const void *p)
{
	__asm__("" : "+r"(p));
	return p;
}

#define UK_TABLE_START(table)						\
	((__typeof__(&__uk_tab_##table##_start[0]))			\
	 __uk_table_ptr(__uk_tab_##table##_start))
#define UK_TABLE_END(table)						\
	((__typeof__(&__uk_tab_##table##_end[0]))			\
	 __uk_table_ptr(__uk_tab_##table##_end))

#define uk_table_foreach(it, table) \
	for ((it) = UK_TABLE_START(table); (it) < UK_TABLE_END(table); (it)++)

#endif /* __UK_TABLES_H__ */
