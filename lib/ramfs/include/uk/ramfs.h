/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs: a read-write file system in memory, registered with vfscore as
 * "ramfs" (mount it with uk_vfs_mount("ramfs", path, ...) or the
 * vfs.rootfs / vfs.mounts parameters). It has no API of its own: every
 * access goes through the vfs.
 *
 * Limits: file sizes up to the largest off_t (data pages are allocated
 * only where written: holes read as zeros); names up to UK_VFS_NAME_MAX
 * bytes; directory lookups scan the directory (fine for hundreds of
 * entries). Inode numbers count up from 1 per mount. Times follow
 * relatime (a read updates atime when it is older than mtime or ctime or
 * a day old). statfs reports the default allocator's free memory.
 */
#ifndef __UK_RAMFS_H__
#define __UK_RAMFS_H__

/* f_type reported by statfs (Linux's TMPFS_MAGIC). */
#define UK_RAMFS_MAGIC	0x01021994

#endif /* __UK_RAMFS_H__ */
