/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Declarative init table. A library registers an init function (and an
 * optional term function run in reverse order at shutdown) into a linker
 * section; ukboot walks the sections in order. Nothing central lists them.
 *
 * Classes run in this order: early, plat, lib, rootfs, sys, late. Inside a
 * class, priority 0 runs first and 9 last. An init function returns 0 or a
 * negative errno; a failure stops the boot with a message naming it.
 *
 * Order between libraries is written with names, not digits: a library
 * that others must follow exports its priority in its header as
 * <NAME>_INIT_PRIO, and a dependant registers after it:
 *
 *	#define VFS_ROOT_INIT_PRIO	1		(uk/vfs.h)
 *	uk_rootfs_initcall_prio(unpack, NULL,
 *				UK_PRIO_AFTER(VFS_ROOT_INIT_PRIO));
 *
 * The boot order of a networked image, class by class:
 *	early	scheduler (UKSCHED_INIT_PRIO)
 *	plat	interrupt controllers, clocks, device drivers (network
 *		devices register with uknetdev here)
 *	rootfs	root mount (VFS_ROOT_INIT_PRIO), initrd
 *		(UKCPIO_INITRD_INIT_PRIO), vfs.mounts (VFS_MOUNTS_INIT_PRIO),
 *		stdio (DEVFS_STDIO_INIT_PRIO)
 *	sys	lwIP and its interfaces over the devices (LWIP_INIT_PRIO)
 *	then main() in its thread.
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
#define UK_PRIO_EARLIEST	0
#define UK_PRIO_LATEST		9

/*
 * The priority right after @prio (a digit, or a macro that expands to
 * one); after 9 there is none: the build stops at __UK_PRIO_AFTER_9.
 */
#define UK_PRIO_AFTER(prio)	__UK_PRIO_AFTER(prio)
#define __UK_PRIO_AFTER(prio)	__UK_PRIO_AFTER_##prio
#define __UK_PRIO_AFTER_0	1
#define __UK_PRIO_AFTER_1	2
#define __UK_PRIO_AFTER_2	3
#define __UK_PRIO_AFTER_3	4
#define __UK_PRIO_AFTER_4	5
#define __UK_PRIO_AFTER_5	6
#define __UK_PRIO_AFTER_6	7
#define __UK_PRIO_AFTER_7	8
#define __UK_PRIO_AFTER_8	9

/* Entries sort by ".uk_tab_init_1_<class>_<prio>" (single digits). */
#define __UK_INITTAB(fn, term, cls, prio)				\
	static const struct uk_inittab_entry				\
	UK_TABLE_ENTRY_SECTION(init, "_" #cls "_" #prio)		\
	UK_CONCAT(__uk_inittab_, fn) = { (fn), (term), #fn }

#define uk_initcall_class_prio(fn, term, cls, prio) \
	__UK_INITTAB(fn, term, cls, prio)

/*
 * Convenience forms; @prio is a digit 0..9 or a macro expanding to one
 * (a named priority, UK_PRIO_AFTER(...)): the argument is expanded
 * before __UK_INITTAB turns it into the section name.
 */
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
