/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Linux constants the file layer speaks (open flags, file types,
 * *at() flags, poll events, directory entry types). With musl (or on the
 * host) they come from the C library's headers; with nolibc, which has no
 * <fcntl.h>, they are defined here. The values are the Linux ones shared by
 * x86_64 and riscv64 (asm-generic); the syscall layer checks them against
 * musl's at compile time.
 */
#ifndef __UK_VFS_ABI_H__
#define __UK_VFS_ABI_H__

#include <sys/types.h>

#if __has_include(<fcntl.h>)
#include <fcntl.h>
#include <sys/stat.h>
#include <poll.h>
#include <dirent.h>
#include <unistd.h>
#endif

#ifndef O_RDONLY
#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#endif
#ifndef O_ACCMODE
#define O_ACCMODE	03
#endif
#ifndef O_CREAT
#define O_CREAT		0100
#define O_EXCL		0200
#define O_NOCTTY	0400
#define O_TRUNC		01000
#define O_APPEND	02000
#define O_NONBLOCK	04000
#define O_DSYNC		010000
#define O_SYNC		04010000
#define O_ASYNC		020000
#define O_DIRECT	040000
#define O_LARGEFILE	0100000
#define O_DIRECTORY	0200000
#define O_NOFOLLOW	0400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#endif
#ifndef O_PATH
#define O_PATH		010000000
#endif
#ifndef O_TMPFILE
#define O_TMPFILE	020200000
#endif

#ifndef AT_FDCWD
#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_EACCESS		0x200
#endif
#ifndef AT_EMPTY_PATH
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000
#endif

#ifndef S_IFMT
#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFBLK		0060000
#define S_IFREG		0100000
#define S_IFIFO		0010000
#define S_IFLNK		0120000
#define S_IFSOCK	0140000
#define S_ISUID		04000
#define S_ISGID		02000
#define S_ISVTX		01000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)
#endif

#ifndef POLLIN
#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLRDBAND	0x080
#define POLLWRNORM	0x100
#define POLLWRBAND	0x200
#endif
#ifndef POLLRDHUP
#define POLLRDHUP	0x2000
#endif

#ifndef DT_UNKNOWN
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12
#endif

#ifndef SEEK_SET
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#endif
#ifndef SEEK_DATA
#define SEEK_DATA	3
#define SEEK_HOLE	4
#endif

#ifndef F_OK
#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4
#endif

/* renameat2() flags (<stdio.h> with _GNU_SOURCE; same on every arch) */
#define UK_RENAME_NOREPLACE	0x1
#define UK_RENAME_EXCHANGE	0x2
#define UK_RENAME_WHITEOUT	0x4

/* Writes up to this many bytes to a pipe are atomic (POSIX PIPE_BUF). */
#define UK_PIPE_BUF		4096

/* "Directory entry type" (DT_*) of file type bits @mode. */
static inline unsigned int uk_vfs_dtype(unsigned int mode)
{
	return (mode & S_IFMT) >> 12;
}

#endif /* __UK_VFS_ABI_H__ */
