/* SPDX-License-Identifier: BSD-3-Clause */
/* vfscore internals shared by its files (not part of the API). */
#ifndef __VFSCORE_IMPL_H__
#define __VFSCORE_IMPL_H__

#include <errno.h>
#include <string.h>
#include <uk/vfs.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/print.h>

/* The name space lock (recursive), see <uk/vfs.h>. */
extern struct uk_mutex vfs_lock;

static inline void vfs_lock_ns(void)
{
	uk_mutex_lock(&vfs_lock);
}

static inline void vfs_unlock_ns(void)
{
	uk_mutex_unlock(&vfs_lock);
}

/* Root of the name space and the working directory (vfs lock). */
extern struct uk_vnode *vfs_root;
extern struct uk_vnode *vfs_cwd;

static inline void *vfs_malloc(size_t n)
{
	return uk_malloc(uk_alloc_get_default(), n);
}

static inline void *vfs_calloc(size_t n, size_t size)
{
	return uk_calloc(uk_alloc_get_default(), n, size);
}

static inline void vfs_free(void *p)
{
	if (p)
		uk_free(uk_alloc_get_default(), p);
}

static inline bool vfs_isdir(const struct uk_vnode *vn)
{
	return vn->type == S_IFDIR;
}

/* Path resolution -------------------------------------------------------- */

#define VFS_LOOKUP_FOLLOW	0x1	/* follow a final symbolic link */
#define VFS_LOOKUP_MAYBE	0x2	/* a missing last name is fine */

struct vfs_nd {
	struct uk_vnode *dir;	/* held: directory of the final name */
	struct uk_vnode *vn;	/* held: what the path names, or NULL */
	char last[UK_VFS_NAME_MAX + 1];
	size_t lastlen;
	bool dot;		/* final name is "." or "..", or the path
				 * is only slashes (then lastlen is 0) */
	bool slash;		/* the path ends with '/' */
};

/*
 * Resolve @path from directory @start (held by the caller; absolute paths
 * start at the root). Called with the vfs lock held. On success nd->dir
 * and nd->vn (NULL only with VFS_LOOKUP_MAYBE) are held: release them
 * with vfs_nd_put(). Errors: -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG,
 * -ENOMEM, or what a file system's lookup/readlink returned.
 */
int vfs_namei(struct uk_vnode *start, const char *path, unsigned int flags,
	      struct vfs_nd *nd);

void vfs_nd_put(struct vfs_nd *nd);

/*
 * The directory @path is relative to: the root for absolute paths, the
 * working directory for AT_FDCWD, else @dirfd's vnode (-EBADF; -ENOTDIR
 * unless a directory or @empty_ok). Held.
 */
int vfs_start(int dirfd, const char *path, bool empty_ok,
	      struct uk_vnode **out);

/* ".." of directory @dir, crossing mounts upwards; held (vfs lock). */
int vfs_lookup_dotdot(struct uk_vnode *dir, struct uk_vnode **out);

/* Attributes with the vfs lock taken (defaults when getattr is NULL). */
int vfs_getattr(struct uk_vnode *vn, struct uk_vattr *va);

/* Same, the vfs lock already held. */
int vfs_getattr_locked(struct uk_vnode *vn, struct uk_vattr *va);

/* Current time for file time stamps, ns since the epoch. */
int64_t vfs_now(void);

/* setattr with the vfs lock taken. */
int vfs_setattr(struct uk_vnode *vn, const struct uk_vattr *va,
		unsigned int mask);

/* Make directory @vn the working directory: 0 or -ENOTDIR. */
int vfs_set_cwd(struct uk_vnode *vn);

/* statfs of the file system holding @vn (the vfs lock held or not). */
int vfs_statfs_vn(struct uk_vnode *vn, struct uk_statfs *st);

/* Mounts --------------------------------------------------------------- */

/* Every mount (struct uk_mount.link), oldest first (vfs lock). */
extern struct uk_list_head vfs_mounts;

/* First mount: the root file system (vfs.rootfs). */
int vfs_mount_root(const char *fsname);

/* Parse and apply a vfs.mounts list ("fs:/path,fs:/path"). */
int vfs_mount_list(const char *list);

/* Descriptor table internals -------------------------------------------- */

/* Reserve the lowest free descriptor >= @minfd: the descriptor, -EMFILE. */
int vfs_fd_reserve(int minfd);

/* Put @f (reference given) into reserved descriptor @fd. */
void vfs_fd_fill(int fd, struct uk_file *f, bool cloexec);

/* Give back a reserved, unfilled descriptor. */
void vfs_fd_unreserve(int fd);

/* Make @newfd refer to @oldfd's file (dup2/dup3). */
int vfs_fd_dup_to(int oldfd, int newfd, bool cloexec);

/* FD_CLOEXEC of @fd: 0/1, or -EBADF. */
int vfs_fd_get_cloexec(int fd);
int vfs_fd_set_cloexec(int fd, bool on);

/* Poll internals --------------------------------------------------------- */

/* uk_vfs_poll_gen() and uk_vfs_poll_wait(): <uk/vfs.h> */

/* One file of a poll: @f NULL stands for a descriptor the caller
 * answered itself (revents preset, counted when not 0). */
struct vfs_pollent {
	struct uk_file *f;
	unsigned int events;
	unsigned int revents;
};

/*
 * Wait until one of the @n files is ready for its events (POLLERR,
 * POLLHUP and POLLNVAL always count) or @timeout_ns passes (< 0: no
 * limit, 0: just check). Returns how many entries have revents.
 */
int vfs_poll_files(struct vfs_pollent *e, unsigned int n, int64_t timeout_ns);

/* Drop the watches on @f (its last reference is going): their @gone. */
void vfs_watch_file_gone(struct uk_file *f);

/* Pipes ------------------------------------------------------------------ */

/* Capacity of pipe @f (F_GETPIPE_SZ) or -EBADF if not a pipe. */
long vfs_pipe_get_size(struct uk_file *f);

/* Resize pipe @f (F_SETPIPE_SZ): the new capacity or -errno. */
long vfs_pipe_set_size(struct uk_file *f, unsigned long size);

#endif /* __VFSCORE_IMPL_H__ */
