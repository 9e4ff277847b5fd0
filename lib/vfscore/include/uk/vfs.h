/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfscore: the virtual file system layer.
 *
 * A file system is a `struct uk_vfsops` (mount, unmount, statfs) registered
 * with UK_FS_REGISTER(); each of its files is a `struct uk_vnode` whose
 * `ops` (a `struct uk_vnops`) implement the operations. vfscore owns the
 * name space (mounts, path resolution), the open-file objects
 * (`struct uk_file`: a vnode, open flags, a position), the descriptor table
 * and poll, and turns all of that into the POSIX system calls.
 *
 * Locking. One recursive mutex, the vfs lock, serializes the name space:
 * path resolution, mounting, and every "namespace" vnop below (lookup,
 * create, ..., readdir, getattr, setattr, inactive) runs with it held. The
 * "data" vnops (open, close, read, write, truncate, fsync, poll, ioctl,
 * fallocate) run without it, so that a blocking read on a pipe or the
 * console stalls nobody else; a file system protects its file data with
 * its own locks (taken after the vfs lock, never before it).
 *
 * Lifetime. Vnodes are reference counted (open files, the working
 * directory, mounts, resolutions in progress each hold one). When the
 * count drops to zero, `inactive` runs (vfs lock held): an in-memory file
 * system frees the node there if no directory entry names it any more.
 * A count only rises from zero under the vfs lock (a lookup).
 *
 * Errors are negative errno values, as everywhere in the kernel.
 */
#ifndef __UK_VFS_H__
#define __UK_VFS_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/tables.h>
#include <uk/mutex.h>
#include <uk/vfs_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Register variable @var (a const char * or a bool of the caller) as the
 * kernel parameter "vfs.@name": every file layer library (vfscore, ukcpio,
 * ...) shares the "vfs." prefix whatever its library name.
 */
#if defined(CONFIG_LIBUKLIBPARAM)
#include <uk/libparam.h>
#define UK_VFS_PARAM(name_, var)					\
	static const struct uk_libparam					\
	UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))		\
	__uk_vfs_param_##name_ = UK_LIBPARAM_INIT("vfs", #name_, var)
#else
#define UK_VFS_PARAM(name_, var) UK_CTASSERT(1)
#endif

/*
 * Boot order in the rootfs init class (uk/init.h): "/" is mounted at
 * VFS_ROOT_INIT_PRIO, vfs.mounts at VFS_MOUNTS_INIT_PRIO; what fills the
 * root before the other mounts (the initrd) registers in between.
 */
#define VFS_ROOT_INIT_PRIO	1
#define VFS_MOUNTS_INIT_PRIO	5

/* Longest file name component, without the NUL (Linux NAME_MAX). */
#define UK_VFS_NAME_MAX		255
/* Longest path, with the NUL (Linux PATH_MAX). */
#define UK_VFS_PATH_MAX		4096
/* Symbolic links followed in one resolution before ELOOP (Linux's 40). */
#define UK_VFS_SYMLOOP_MAX	40

struct uk_vnode;
struct uk_mount;
struct uk_file;

/* Attributes of a file (what stat reports). Times in ns since the epoch. */
struct uk_vattr {
	uint32_t mode;		/* S_IFMT type and permission bits */
	uint32_t uid;
	uint32_t gid;
	uint32_t blksize;	/* preferred I/O size */
	uint64_t nlink;
	uint64_t ino;
	uint64_t dev;		/* the mount's device number */
	uint64_t rdev;		/* device files: their number */
	int64_t size;
	uint64_t blocks;	/* 512-byte units allocated */
	int64_t atime;
	int64_t mtime;
	int64_t ctime;
	int64_t btime;		/* creation; 0 if unknown */
	/* block devices: bytes lseek SEEK_END counts from (st_size is 0) */
	int64_t seek_size;
};

/* uk_vnops.setattr mask: which fields of the uk_vattr to apply. */
#define UK_VATTR_MODE	0x01	/* permission bits (07777) only */
#define UK_VATTR_UID	0x02
#define UK_VATTR_GID	0x04
#define UK_VATTR_ATIME	0x08
#define UK_VATTR_MTIME	0x10
#define UK_VATTR_CTIME	0x20	/* ctime from vattr (else: now) */

/* Device number as Linux encodes it (makedev). */
static inline uint64_t uk_vfs_makedev(uint32_t major, uint32_t minor)
{
	return ((uint64_t)(major & 0xfffff000) << 32) |
	       ((uint64_t)(major & 0xfff) << 8) |
	       ((uint64_t)(minor & 0xffffff00) << 12) | (minor & 0xff);
}

/*
 * Callback of readdir: one entry, @next is the position of the entry after
 * it. Returns 0 to continue, non-zero to stop before consuming this entry
 * (its buffer is full).
 */
typedef int (*uk_vfs_filldir_t)(void *ctx, const char *name, size_t namelen,
				uint64_t ino, unsigned int dtype,
				uint64_t next);

/*
 * Vnode operations. Names passed to the namespace operations are never
 * "." (vfscore resolves it) nor empty; only lookup sees "..". They are not
 * NUL-terminated: use the length. Any operation may be NULL: vfscore then
 * answers as Linux does for a file system without it (-EPERM for name
 * space changes, -EINVAL for read/write/truncate, -ENOTTY for ioctl,
 * "always ready" for poll).
 */
struct uk_vnops {
	/* namespace: the vfs lock is held --------------------------------- */
	/* Entry @name of directory @dir, held in *@out; -ENOENT if none. */
	int (*lookup)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out);
	/* New regular file @name (absent) with @mode, held in *@out. */
	int (*create)(struct uk_vnode *dir, const char *name, size_t len,
		      uint32_t mode, struct uk_vnode **out);
	/* New empty directory @name (absent) with @mode. */
	int (*mkdir)(struct uk_vnode *dir, const char *name, size_t len,
		     uint32_t mode);
	/* New symbolic link @name (absent) pointing to @target. */
	int (*symlink)(struct uk_vnode *dir, const char *name, size_t len,
		       const char *target);
	/* New name @name (absent) for non-directory @vn of the same mount. */
	int (*link)(struct uk_vnode *dir, const char *name, size_t len,
		    struct uk_vnode *vn);
	/* Remove entry @name, naming non-directory @vn. */
	int (*unlink)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode *vn);
	/* Remove entry @name, naming directory @vn: -ENOTEMPTY unless empty. */
	int (*rmdir)(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode *vn);
	/*
	 * Move entry @oname (naming @ovn) of @odir to @nname of @ndir, which
	 * names @nvn or nothing (NULL), all on this mount. vfscore already
	 * checked types (dir over non-dir and so on), loops and
	 * UK_RENAME_NOREPLACE; the fs checks that a replaced directory is
	 * empty. With UK_RENAME_EXCHANGE both exist and swap places.
	 */
	int (*rename)(struct uk_vnode *odir, const char *oname, size_t olen,
		      struct uk_vnode *ovn, struct uk_vnode *ndir,
		      const char *nname, size_t nlen, struct uk_vnode *nvn,
		      unsigned int flags);
	/* Copy at most @size bytes of symlink @vn's target; the length. */
	ssize_t (*readlink)(struct uk_vnode *vn, char *buf, size_t size);
	/*
	 * Call @fill for the entries of @dir from position *@pos on ("." and
	 * ".." included), advancing *@pos past each one consumed; 0 at the
	 * end or when @fill stops. Positions stay valid across changes.
	 */
	int (*readdir)(struct uk_vnode *dir, uint64_t *pos,
		       uk_vfs_filldir_t fill, void *ctx);
	/* Fill every field of *@va. */
	int (*getattr)(struct uk_vnode *vn, struct uk_vattr *va);
	/* Apply the fields of @va chosen by @mask (UK_VATTR_*). */
	int (*setattr)(struct uk_vnode *vn, const struct uk_vattr *va,
		       unsigned int mask);
	/* The last reference to @vn went away. */
	void (*inactive)(struct uk_vnode *vn);

	/* data: the vfs lock is not held --------------------------------- */
	/* @f opens @vn (f->flags set); may refuse with an errno. */
	int (*open)(struct uk_vnode *vn, struct uk_file *f);
	/* The last reference to open file @f went away. */
	void (*close)(struct uk_vnode *vn, struct uk_file *f);
	/*
	 * Read up to @len bytes at @off (ignored by stream vnodes) into @buf:
	 * bytes read, 0 at end of file. May block unless O_NONBLOCK is in
	 * f->flags (then -EAGAIN).
	 */
	ssize_t (*read)(struct uk_vnode *vn, struct uk_file *f, void *buf,
			size_t len, off_t off);
	/*
	 * Write @len bytes of @buf at *@off (at the end of the file if
	 * O_APPEND is in f->flags); *@off becomes the offset after the last
	 * byte written. Returns bytes written (short only when space runs
	 * out or the write would block with O_NONBLOCK).
	 */
	ssize_t (*write)(struct uk_vnode *vn, struct uk_file *f,
			 const void *buf, size_t len, off_t *off);
	/* Set the size of regular file @vn to @size (>= 0). */
	int (*truncate)(struct uk_vnode *vn, off_t size);
	/* Make the file's data durable. NULL: nothing to do. */
	int (*fsync)(struct uk_vnode *vn);
	/* Ready events (POLLIN, POLLOUT, POLLHUP, POLLERR ...) of @f. */
	unsigned int (*poll)(struct uk_vnode *vn, struct uk_file *f);
	/* Device control; @arg is the caller's pointer, not yet checked. */
	int (*ioctl)(struct uk_vnode *vn, struct uk_file *f,
		     unsigned long cmd, void *arg);
};

/* uk_vnode.flags */
/* No position: lseek and pread fail with -ESPIPE. */
#define UK_VNODE_STREAM		0x1
/* Readiness changes are not notified: poll re-checks every few ms. */
#define UK_VNODE_POLL_TIMER	0x2

struct uk_vnode {
	const struct uk_vnops *ops;
	struct uk_list_head watches;	/* struct uk_poll_watch */
	struct uk_mount *mnt;		/* NULL: anonymous (pipes) */
	struct uk_mount *covered_by;	/* a file system mounted here */
	uint32_t type;			/* S_IFMT bits, never change */
	uint32_t flags;			/* UK_VNODE_* */
	unsigned long refs;
	uint64_t ino;
	void *priv;			/* the owner's */
};

/* Initialize @vn with one reference. */
void uk_vnode_init(struct uk_vnode *vn, const struct uk_vnops *ops,
		   struct uk_mount *mnt, uint32_t type, uint64_t ino,
		   void *priv);

/* Take a reference to @vn; returns @vn. */
struct uk_vnode *uk_vnode_hold(struct uk_vnode *vn);

/* Drop a reference (NULL ignored); the last runs vnops.inactive. */
void uk_vnode_release(struct uk_vnode *vn);

/*
 * A new anonymous vnode (no name, no mount) of @type with @ops and @priv:
 * the base of pipes and of other libraries' descriptors (sockets, event
 * fds). It is freed after its last reference, once ops->inactive (if any)
 * has released @priv. Inode numbers are unique among anonymous vnodes.
 */
int uk_vnode_new_anon(const struct uk_vnops *ops, uint32_t type,
		      uint32_t flags, void *priv, struct uk_vnode **out);

/* File systems ------------------------------------------------------------ */

struct uk_statfs {
	uint64_t magic;		/* f_type */
	uint64_t bsize;
	uint64_t blocks;
	uint64_t bfree;
	uint64_t bavail;
	uint64_t files;
	uint64_t ffree;
	uint64_t namelen;
};

/* uk_mount.flags */
#define UK_MNT_RDONLY	0x1

struct uk_vfsops {
	/* Set up @mp (mp->root must be set, held once). */
	int (*mount)(struct uk_mount *mp, const char *source,
		     const void *data);
	/* Tear down @mp (its root has no other user). NULL: cannot. */
	int (*unmount)(struct uk_mount *mp);
	/* Usage figures; NULL: zeros. */
	int (*statfs)(struct uk_mount *mp, struct uk_statfs *st);
};

struct uk_fs {
	const char *name;
	const struct uk_vfsops *ops;
};
UK_CTASSERT(sizeof(struct uk_fs) % UK_TABLE_ALIGN == 0);

UK_TABLE_DECLARE(ukfs, struct uk_fs);

/* Register file system @name (a plain identifier) with @ops. */
#define UK_FS_REGISTER(name_, ops_)					\
	static const struct uk_fs					\
	UK_TABLE_ENTRY(ukfs) __uk_fs_##name_ = { #name_, (ops_) }

/* The registered file system called @name, or NULL. */
const struct uk_fs *uk_fs_find(const char *name);

struct uk_mount {
	const struct uk_fs *fs;
	struct uk_vnode *root;		/* set by vfsops.mount */
	struct uk_vnode *covered;	/* mount point; NULL for "/" */
	void *priv;			/* the file system's */
	uint64_t dev;			/* st_dev of its files */
	unsigned long flags;		/* UK_MNT_* */
	struct uk_list_head link;
};

/*
 * Call @fn for each non-empty item of the comma-separated @list (the
 * vfs.mounts and vfs.mount kernel parameters), with the item's bytes and
 * length; stops at and returns the first negative result, else 0.
 */
int uk_vfs_each_item(const char *list,
		     int (*fn)(const char *item, size_t len));

/*
 * Mount file system @fsname at @path (which must be an existing directory,
 * or "/" for the first mount). With @mkdir, missing directories of @path
 * are created first (mode 0755). 0 or -errno.
 */
int uk_vfs_mount(const char *fsname, const char *path, const char *source,
		 unsigned long flags, const void *data, bool mkdir);

/* Open files ---------------------------------------------------------- */

/* An open file description: shared by dup'ed descriptors. */
struct uk_file {
	struct uk_vnode *vn;
	unsigned long refs;
	unsigned int flags;		/* O_ACCMODE, O_APPEND, ... */
	off_t pos;
	struct uk_mutex pos_lock;	/* serializes I/O that moves pos */
	void *priv;			/* the vnode owner's per-open data */
};

/* Open flags kept after open(2) (what F_GETFL reports). */
#define UK_FILE_STATUS_FLAGS						\
	(O_ACCMODE | O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT |	\
	 O_NOATIME | O_LARGEFILE | O_DSYNC | O_SYNC | O_PATH)
/* Status flags F_SETFL may change. */
#define UK_FILE_SETFL_FLAGS						\
	(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

/*
 * An open file on @vn with @flags (a new reference to @vn is taken);
 * vnops.open runs. 0 or -errno.
 */
int uk_file_new(struct uk_vnode *vn, unsigned int flags,
		struct uk_file **out);

/* Take a reference to @f; returns @f. */
struct uk_file *uk_file_hold(struct uk_file *f);

/* Drop a reference (NULL ignored); the last closes the file. */
void uk_file_release(struct uk_file *f);

/* read(2)/write(2) on @f at its position (kernel buffers). */
ssize_t uk_file_read(struct uk_file *f, void *buf, size_t len);
ssize_t uk_file_write(struct uk_file *f, const void *buf, size_t len);

/* pread(2)/pwrite(2): at @off, the position is unchanged. */
ssize_t uk_file_pread(struct uk_file *f, void *buf, size_t len, off_t off);
ssize_t uk_file_pwrite(struct uk_file *f, const void *buf, size_t len,
		       off_t off);

/* lseek(2): the new position or -errno. */
off_t uk_file_lseek(struct uk_file *f, off_t off, int whence);

/* Attributes of @f's file. */
int uk_file_getattr(struct uk_file *f, struct uk_vattr *va);

/* ftruncate(2). */
int uk_file_truncate(struct uk_file *f, off_t size);

/*
 * Directory entries of @f from its position on, through @fill (see
 * uk_vfs_filldir_t); the position advances past the consumed entries.
 */
int uk_file_readdir(struct uk_file *f, uk_vfs_filldir_t fill, void *ctx);

/* Ready events of @f (POLLIN, POLLOUT, ...). */
unsigned int uk_file_poll(struct uk_file *f);

/* ioctl(2) on @f (the generic FIONBIO/FIONREAD first, then the vnode). */
int uk_file_ioctl(struct uk_file *f, unsigned long cmd, void *arg);

/*
 * Copy from/to a program's memory (ioctl arguments): checked with the
 * syscall layer's uk_copy_*_user() when it is in, plain copies otherwise.
 * 0 or -EFAULT.
 */
int uk_vfs_copyin(void *dst, const void *src, size_t len);
int uk_vfs_copyout(void *dst, const void *src, size_t len);

/* Descriptor table ---------------------------------------------------- */

/* Size of the descriptor table (highest descriptor + 1). */
#define UK_FD_MAX	CONFIG_LIBVFSCORE_NR_FILES

/*
 * RLIMIT_NOFILE: new descriptors (open, dup, F_DUPFD, dup2's target) stay
 * below uk_fd_limit(); 1..UK_FD_MAX, UK_FD_MAX at boot. Descriptors that
 * are open already stay open when it is lowered (as on Linux).
 */
int uk_fd_limit(void);
void uk_fd_set_limit(int limit);

/*
 * Put @f (a new reference is taken) at the lowest free descriptor >=
 * @minfd; with @cloexec it gets FD_CLOEXEC. The descriptor or -EMFILE.
 */
int uk_fd_install(struct uk_file *f, int minfd, bool cloexec);

/* The file at descriptor @fd, held (uk_file_release() it), or NULL. */
struct uk_file *uk_fd_get(int fd);

/* Close descriptor @fd: 0 or -EBADF. */
int uk_fd_close(int fd);

/* Poll ---------------------------------------------------------------- */

/*
 * Some file's readiness may have changed: wake poll/select sleepers.
 * Owners of pollable vnodes call uk_vnode_poll_notify() instead, which
 * also tells the vnode's watchers.
 */
void uk_vfs_poll_notify(void);

/*
 * Waiting for readiness outside poll (e.g. a blocking connect): read the
 * generation of readiness changes, check the condition, then wait until
 * the generation moves past @gen or monotonic time @deadline (0: none)
 * passes; with @timer, at most a few milliseconds (for files whose
 * readiness is not notified). 0, or -EINTR when the calling thread has a
 * signal or cancellation to act on (lib/posix-process).
 */
unsigned long uk_vfs_poll_gen(void);
int uk_vfs_poll_wait(unsigned long gen, uint64_t deadline, bool timer);

/*
 * The readiness of @vn may have changed (data arrived, room freed, the
 * peer left, an error): call its watches' @changed, then wake poll and
 * select. From threads only (not from interrupt handlers); it does not
 * block except on the watch lock.
 */
void uk_vnode_poll_notify(struct uk_vnode *vn);

/*
 * A readiness watch on an open file (epoll's interest list entries):
 * @changed runs on every uk_vnode_poll_notify() of the file's vnode,
 * @gone once when the file's last reference is dropped (the watch is
 * already removed then). Both run with the watch lock held (a recursive
 * lock: they may notify other vnodes) and must not block. The watch does
 * not keep the file open.
 */
struct uk_poll_watch;
typedef void (*uk_poll_watch_fn)(struct uk_poll_watch *w);

struct uk_poll_watch {
	struct uk_list_head link;	/* on the vnode's watches */
	struct uk_file *f;		/* watched, not held; NULL: removed */
	uk_poll_watch_fn changed;
	uk_poll_watch_fn gone;
};

/* Start watching @f with @w (@changed and @gone set by the caller). */
void uk_vfs_watch_add(struct uk_poll_watch *w, struct uk_file *f);

/* Stop watching (nothing if @w was removed already). */
void uk_vfs_watch_del(struct uk_poll_watch *w);

/* Take / drop the watch lock (recursive), e.g. around a watcher's own
 * state that its callbacks also touch. */
void uk_vfs_watch_lock(void);
void uk_vfs_watch_unlock(void);

/* A new pipe: @files[0] reads, @files[1] writes; @flags 0 or O_NONBLOCK. */
int uk_vfs_pipe(struct uk_file *files[2], unsigned int flags);

/* Name space (kernel pointers; @dirfd as in the *at() calls) ----------- */

/* openat(2): an open file (not put in the descriptor table). */
int uk_vfs_openat(int dirfd, const char *path, int flags, uint32_t mode,
		  struct uk_file **out);

/* mkdirat(2). */
int uk_vfs_mkdirat(int dirfd, const char *path, uint32_t mode);

/* unlinkat(2); @flags 0 or AT_REMOVEDIR. */
int uk_vfs_unlinkat(int dirfd, const char *path, int flags);

/* symlinkat(2): new link @path pointing to @target. */
int uk_vfs_symlinkat(const char *target, int dirfd, const char *path);

/* linkat(2); @flags 0 or AT_SYMLINK_FOLLOW | AT_EMPTY_PATH. */
int uk_vfs_linkat(int olddirfd, const char *oldpath, int newdirfd,
		  const char *newpath, int flags);

/* renameat2(2); @flags UK_RENAME_NOREPLACE or UK_RENAME_EXCHANGE. */
int uk_vfs_renameat(int olddirfd, const char *oldpath, int newdirfd,
		    const char *newpath, unsigned int flags);

/* readlinkat(2): bytes stored (no NUL). */
ssize_t uk_vfs_readlinkat(int dirfd, const char *path, char *buf,
			  size_t size);

/* fstatat(2); @flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int uk_vfs_statat(int dirfd, const char *path, int flags,
		  struct uk_vattr *va);

/*
 * Apply the @mask fields of @va (UK_VATTR_*) to @path (fchmodat,
 * fchownat, utimensat); @flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH.
 */
int uk_vfs_setattrat(int dirfd, const char *path, int flags,
		     const struct uk_vattr *va, unsigned int mask);

/* truncate(2). */
int uk_vfs_truncate(const char *path, off_t size);

/* chdir(2). */
int uk_vfs_chdir(const char *path);

/* getcwd(2): the length stored with the NUL, -ERANGE, -ENOENT. */
ssize_t uk_vfs_getcwd(char *buf, size_t size);

/* statfs of the file system holding @path. */
int uk_vfs_statfs(const char *path, struct uk_statfs *st);

/* The file creation mask (umask(2) sets it, returns the old one). */
uint32_t uk_vfs_umask(uint32_t mask);

#ifdef __cplusplus
}
#endif

#endif /* __UK_VFS_H__ */
