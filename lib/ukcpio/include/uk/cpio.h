/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukcpio: cpio "newc" archives (magic 070701, and 070702 whose regular
 * files' data checksums are verified, as GNU cpio writes them and Linux
 * checks them), as made by `cpio -o -H newc` and used for Linux initramfs
 * images.
 *
 * uk_cpio_parse() walks an archive in memory and hands each entry to a
 * callback; it never reads outside the buffer and reports the first
 * malformation with its offset (and the entry's name when known).
 * Archives may be concatenated (the zero padding between them is
 * skipped); "TRAILER!!!" ends each one, and the buffer must end after a
 * trailer (plus padding).
 *
 * uk_cpio_unpack() creates the entries below a directory through the vfs
 * (directories, regular files including hard links, symbolic links; mode,
 * owner and modification time kept). At boot the initrd is unpacked into
 * "/" (see docs/files.md for vfs.initrd and vfs.initrd_dir).
 */
#ifndef __UK_CPIO_H__
#define __UK_CPIO_H__

#include <uk/essentials.h>

/*
 * The initrd is unpacked in the rootfs init class right after "/" is
 * mounted (uk/vfs.h), before the other mounts (uk/init.h for the macro).
 */
#define UKCPIO_INITRD_INIT_PRIO	UK_PRIO_AFTER(VFS_ROOT_INIT_PRIO)

/* One archive entry; name and data point into the archive. */
struct uk_cpio_entry {
	const char *name;	/* NUL-terminated */
	size_t namelen;		/* without the NUL */
	const void *data;
	size_t size;
	size_t offset;		/* of the entry's header in the buffer */
	uint64_t mtime;		/* seconds since the epoch */
	uint32_t ino;
	uint32_t mode;		/* file type and permission bits */
	uint32_t uid;
	uint32_t gid;
	uint32_t nlink;
	uint32_t devmajor;
	uint32_t devminor;
	uint32_t rdevmajor;
	uint32_t rdevminor;
	uint32_t check;
};

/* Errors (uk_cpio_error.code). */
enum uk_cpio_errcode {
	UK_CPIO_OK = 0,
	/* malformed archive */
	UK_CPIO_EMAGIC,		/* bad magic */
	UK_CPIO_ETRUNC,		/* header runs past the end */
	UK_CPIO_EHEX,		/* non-hexadecimal header field */
	UK_CPIO_ENAMESIZE,	/* name size 0 */
	UK_CPIO_ENAMEPAST,	/* name runs past the end */
	UK_CPIO_ENONUL,		/* no final NUL, or one inside */
	UK_CPIO_EDATAPAST,	/* file data runs past the end */
	UK_CPIO_ECHECKSUM,	/* 070702 data checksum mismatch */
	UK_CPIO_ENOTRAILER,	/* archive ends without TRAILER!!! */
	/* entries refused when unpacking */
	UK_CPIO_EABSOLUTE,	/* absolute path */
	UK_CPIO_EDOTDOT,	/* ".." component */
	UK_CPIO_ETHROUGHLINK,	/* a parent is a symbolic link */
	UK_CPIO_ELONGNAME,	/* path or component too long */
	UK_CPIO_ETYPE,		/* devices, fifos, sockets */
	UK_CPIO_EDIRDATA,	/* directory with data */
	UK_CPIO_ELINK,		/* bad symbolic link target */
	UK_CPIO_EVFS,		/* the vfs failed (errno in .err) */
};

/* Bytes of a name kept for messages. */
#define UK_CPIO_NAME_SHOWN	96

struct uk_cpio_error {
	int code;		/* enum uk_cpio_errcode */
	int err;		/* UK_CPIO_EVFS: the errno (positive) */
	size_t offset;		/* of the entry, or where it broke */
	bool has_name;
	char name[UK_CPIO_NAME_SHOWN * 4 + 4];	/* escaped, maybe cut */
	char detail[48];	/* field name, magic, what failed ... */
	uint32_t want, got;	/* checksum mismatch */
};

/*
 * Called for each entry (not the trailers) in archive order. Return 0 to
 * go on; a negative errno stops the walk and is returned by
 * uk_cpio_parse() (fill @err with uk_cpio_set_error() first).
 */
typedef int (*uk_cpio_entry_cb_t)(void *ctx, const struct uk_cpio_entry *e,
				  struct uk_cpio_error *err);

/*
 * Walk the archive [@buf, @buf + @len). 0 when well formed and every
 * callback returned 0; -EINVAL with *@err describing the first
 * malformation; or the callback's error.
 */
int uk_cpio_parse(const void *buf, size_t len, uk_cpio_entry_cb_t cb,
		  void *ctx, struct uk_cpio_error *err);

/* Record error @code about entry @e (NULL: none) in @err. */
void uk_cpio_set_error(struct uk_cpio_error *err, int code,
		       const struct uk_cpio_entry *e, const char *detail,
		       int errnum);

/*
 * One-line message for @err, e.g.
 *   cpio: initrd offset 0x200: entry "etc/x": file size runs past the
 *   end of the archive
 * with @label naming the archive ("initrd"). Returns @buf.
 */
char *uk_cpio_strerror(const struct uk_cpio_error *err, const char *label,
		       char *buf, size_t size);

/* What uk_cpio_unpack() did. */
struct uk_cpio_stats {
	unsigned long entries;
	unsigned long dirs;
	unsigned long files;
	unsigned long symlinks;
	unsigned long hardlinks;
	uint64_t bytes;		/* file data written */
};

/*
 * Unpack archive [@buf, @buf + @len) below directory @dest (created if
 * missing). Paths must be relative without ".." and not go through
 * symbolic links; existing files are replaced (a non-empty directory in
 * the way is an error). 0, or a negative errno with *@err filled.
 */
int uk_cpio_unpack(const void *buf, size_t len, const char *dest,
		   struct uk_cpio_stats *stats, struct uk_cpio_error *err);

#endif /* __UK_CPIO_H__ */
