/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers for host programs that run vfscore + ramfs (host tests, fuzz
 * targets): a fresh name space with ramfs on "/", and small wrappers over
 * the kernel API. Such programs link lib/vfscore/tests/host/host_reset.c
 * and host_stubs.c, and tests/host/tables.ld for the registration tables.
 */
#ifndef __VFS_HOST_H__
#define __VFS_HOST_H__

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/vfs.h>
#include "vfs_impl.h"

/* Forget every descriptor and mount (host_reset.c). */
void vfs_host_reset(void);

/*
 * Forget everything and mount a new ramfs on "/" (ramfs registers itself
 * with UK_FS_REGISTER, as in the kernel: tests/host/tables.ld).
 */
static inline void vfs_host_fresh(void)
{
	vfs_host_reset();
	if (uk_vfs_mount("ramfs", "/", NULL, 0, NULL, false)) {
		fprintf(stderr, "cannot mount ramfs on /\n");
		abort();
	}
}

/* Create @path with @data (a C string); 0 or -errno. */
static inline int vfs_host_put(const char *path, const char *data)
{
	struct uk_file *f;
	ssize_t n;
	int rc;

	rc = uk_vfs_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644,
			   &f);
	if (rc < 0)
		return rc;
	n = uk_file_write(f, data, strlen(data));
	uk_file_release(f);
	return n < 0 ? (int)n : 0;
}

/* Read up to @size - 1 bytes of @path into @buf (NUL-terminated). */
static inline ssize_t vfs_host_get(const char *path, char *buf, size_t size)
{
	struct uk_file *f;
	ssize_t n;
	int rc;

	rc = uk_vfs_openat(AT_FDCWD, path, O_RDONLY, 0, &f);
	if (rc < 0)
		return rc;
	n = uk_file_read(f, buf, size - 1);
	uk_file_release(f);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

/* Type (S_IFMT bits) of @path without following a final link, or -errno. */
static inline long vfs_host_type(const char *path)
{
	struct uk_vattr va;
	int rc = uk_vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &va);

	return rc < 0 ? rc : (long)(va.mode & S_IFMT);
}

#endif /* __VFS_HOST_H__ */
