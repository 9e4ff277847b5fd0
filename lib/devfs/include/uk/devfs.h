/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devfs: the device file system ("devfs", mounted on /dev by default).
 *
 * A device is a table entry registered with UK_DEVFS_REGISTER(): a name,
 * a mode (S_IFCHR and permissions), a device number and a vnops whose
 * data operations (open, close, read, write, poll, ioctl) implement it.
 * Each devfs mount has one node per registered device; names, attributes
 * and the directory are devfs's. devfs itself provides null, zero, full,
 * random, urandom, console and tty, and at boot opens the console as
 * descriptors 0, 1 and 2.
 */
#ifndef __UK_DEVFS_H__
#define __UK_DEVFS_H__

#include <uk/essentials.h>
#include <uk/tables.h>
#include <uk/vfs.h>
#include <uk/random.h>

/* Descriptors 0, 1, 2 are opened once /dev is mounted (rootfs class). */
#define DEVFS_STDIO_INIT_PRIO	UK_PRIO_AFTER(VFS_MOUNTS_INIT_PRIO)

struct uk_devfs_device {
	const char *name;
	const struct uk_vnops *ops;	/* data operations only */
	uint32_t mode;			/* S_IFCHR | permission bits */
	uint32_t flags;			/* UK_VNODE_* of its vnodes */
	uint32_t major;
	uint32_t minor;
};
UK_CTASSERT(sizeof(struct uk_devfs_device) % UK_TABLE_ALIGN == 0);

UK_TABLE_DECLARE(devfs, struct uk_devfs_device);

/* Register device @name_ (an identifier: the file name in /dev). */
#define UK_DEVFS_REGISTER(name_, ops_, mode_, flags_, major_, minor_)	\
	static const struct uk_devfs_device				\
	UK_TABLE_ENTRY(devfs) __uk_devfs_##name_ = {			\
		.name = #name_, .ops = (ops_), .mode = (mode_),		\
		.flags = (flags_), .major = (major_), .minor = (minor_)	\
	}

/*
 * random and urandom read lib/ukrandom's generator (uk/random.h), which
 * also provides getrandom(2).
 */

#endif /* __UK_DEVFS_H__ */
