/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Declarative init table. A library registers an init function (and an
 * optional term function run in reverse order at shutdown) into a linker
 * section; ukboot walks the sections in order. Nothing central lists them.
 *
 * Classes run in this order: early, plat, lib, rootfs, sys, late. Inside a
 * class, priority 0 runs first and 9 last. An init function returns 0 or a
 * negative errno; a failure stops the boot with a message naming it.
 */
#ifndef __UK_INIT_H__
#define __UK_INIT_H__

#include <uk/essentials.h>
#include <uk/tables.h>

typedef int (*uk_init_func_t)(void);
typedef void (*uk_term_func_t)(void);

struct uk_inittab_entry {
	uk_init_func_t init;
	uk_term_func_t term;
	const char *name;
};

#define UK_INIT_CLASS_EARLY	1
#define UK_INIT_CLASS_PLAT	2
#define UK_INIT_CLASS_LIB	3
#define UK_INIT_CLASS_ROOTFS	4
#define UK_INIT_CLASS_SYS	5
#define UK_INIT_CLASS_LATE	6

#define UK_INIT_PRIO_DEFAULT	5

/* Entries sort by ".uk_tab_init_1_<class>_<prio>" (single digits). */
#define __UK_INITTAB(fn, term, cls, prio)				\
	static const struct uk_inittab_entry				\
	UK_TABLE_ENTRY_SECTION(init, "_" #cls "_" #prio)		\
	UK_CONCAT(__uk_inittab_, fn) = { (fn), (term), #fn }

#define uk_initcall_class_prio(fn, term, cls, prio) \
	__UK_INITTAB(fn, term, cls, prio)

/* Convenience forms; @prio is a literal digit 0..9. */
#define uk_early_initcall_prio(fn, term, prio)  __UK_INITTAB(fn, term, 1, prio)
#define uk_plat_initcall_prio(fn, term, prio)   __UK_INITTAB(fn, term, 2, prio)
#define uk_lib_initcall_prio(fn, term, prio)    __UK_INITTAB(fn, term, 3, prio)
#define uk_rootfs_initcall_prio(fn, term, prio) __UK_INITTAB(fn, term, 4, prio)
#define uk_sys_initcall_prio(fn, term, prio)    __UK_INITTAB(fn, term, 5, prio)
#define uk_late_initcall_prio(fn, term, prio)   __UK_INITTAB(fn, term, 6, prio)

#define uk_early_initcall(fn, term)  uk_early_initcall_prio(fn, term, 5)
#define uk_plat_initcall(fn, term)   uk_plat_initcall_prio(fn, term, 5)
#define uk_lib_initcall(fn, term)    uk_lib_initcall_prio(fn, term, 5)
#define uk_rootfs_initcall(fn, term) uk_rootfs_initcall_prio(fn, term, 5)
#define uk_sys_initcall(fn, term)    uk_sys_initcall_prio(fn, term, 5)
#define uk_late_initcall(fn, term)   uk_late_initcall_prio(fn, term, 5)

/* Table bounds; the markers are defined by ukboot. */
UK_TABLE_DECLARE(init, struct uk_inittab_entry);

#endif /* __UK_INIT_H__ */
