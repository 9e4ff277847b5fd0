/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System calls on names: open, mkdir, unlink, rename, link, symlink,
 * readlink, access, chdir/getcwd, umask, chmod, chown, utimensat,
 * truncate, statfs, memfd_create. The legacy forms (open, mkdir, ...) exist only where
 * the architecture has them (x86_64; riscv64 has the *at() calls only).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include "sys_impl.h"

#define NSEC_PER_SEC	1000000000LL

/* open ----------------------------------------------------------------- */

UK_SYSCALL_DEFINE4(openat, int, dirfd, const char *, path, int, flags,
		   unsigned int, mode)
{
	struct uk_file *f;
	char *k;
	int fd, rc;

	rc = sys_getname(path, &k);
	if (rc < 0)
		return rc;
	fd = vfs_fd_reserve(0);
	if (fd < 0) {
		sys_putname(k);
		return fd;
	}
	rc = uk_vfs_openat(dirfd, k, flags, mode, &f);
	sys_putname(k);
	if (rc < 0) {
		vfs_fd_unreserve(fd);
		return rc;
	}
	vfs_fd_fill(fd, f, flags & O_CLOEXEC);
	return fd;
}

/*
 * memfd_create: a file in RAM with no name in the file system: created
 * in /dev/shm (ramfs; /tmp when there is none) and unlinked at once, so
 * it lives as long as its descriptors and mappings. @name is checked (as
 * Linux: at most 249 bytes) but shown nowhere (there is no /proc). File
 * sealing (MFD_ALLOW_SEALING) and huge pages are not provided: EINVAL.
 */
#define MFD_NAME_MAX	249

UK_SYSCALL_DEFINE2(memfd_create, const char *, name, unsigned int, flags)
{
	static const char *const dirs[] = { "/dev/shm", "/tmp" };
	static unsigned long serial;
	char path[48], *k;
	struct uk_file *f;
	unsigned int i;
	int fd, rc;

	if (flags & ~MFD_CLOEXEC)
		return -EINVAL;
	rc = sys_getname(name, &k);
	if (rc < 0)
		return rc;
	rc = strlen(k) > MFD_NAME_MAX ? -EINVAL : 0;
	sys_putname(k);
	if (rc < 0)
		return rc;
	fd = vfs_fd_reserve(0);
	if (fd < 0)
		return fd;
	for (i = 0, rc = -ENOENT; i < UK_ARRAY_SIZE(dirs) && rc == -ENOENT;
	     i++) {
		do {
			snprintf(path, sizeof(path), "%s/.memfd-%lu", dirs[i],
				 __atomic_fetch_add(&serial, 1,
						    __ATOMIC_RELAXED));
			rc = uk_vfs_openat(AT_FDCWD, path,
					   O_RDWR | O_CREAT | O_EXCL, 0600,
					   &f);
		} while (rc == -EEXIST);
	}
	if (rc < 0) {
		vfs_fd_unreserve(fd);
		return rc == -ENOENT ? -ENOSYS : rc;
	}
	uk_vfs_unlinkat(AT_FDCWD, path, 0);
	vfs_fd_fill(fd, f, flags & MFD_CLOEXEC);
	return fd;
}

#ifdef SYS_open
UK_SYSCALL_DEFINE3(open, const char *, path, int, flags, unsigned int, mode)
{
	return __uk_sys_openat(AT_FDCWD, path, flags, mode);
}
#endif

#ifdef SYS_creat
UK_SYSCALL_DEFINE2(creat, const char *, path, unsigned int, mode)
{
	return __uk_sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC,
			       mode);
}
#endif

/* directories and names ----------------------------------------------- */

UK_SYSCALL_DEFINE3(mkdirat, int, dirfd, const char *, path,
		   unsigned int, mode)
{
	char *k;
	int rc = sys_getname(path, &k);

	if (rc < 0)
		return rc;
	rc = uk_vfs_mkdirat(dirfd, k, mode);
	sys_putname(k);
	return rc;
}

#ifdef SYS_mkdir
UK_SYSCALL_DEFINE2(mkdir, const char *, path, unsigned int, mode)
{
	return __uk_sys_mkdirat(AT_FDCWD, path, mode);
}
#endif

UK_SYSCALL_DEFINE3(unlinkat, int, dirfd, const char *, path, int, flags)
{
	char *k;
	int rc = sys_getname(path, &k);

	if (rc < 0)
		return rc;
	rc = uk_vfs_unlinkat(dirfd, k, flags);
	sys_putname(k);
	return rc;
}

#ifdef SYS_unlink
UK_SYSCALL_DEFINE1(unlink, const char *, path)
{
	return __uk_sys_unlinkat(AT_FDCWD, path, 0);
}
#endif

#ifdef SYS_rmdir
UK_SYSCALL_DEFINE1(rmdir, const char *, path)
{
	return __uk_sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}
#endif

UK_SYSCALL_DEFINE5(renameat2, int, olddirfd, const char *, oldpath,
		   int, newdirfd, const char *, newpath, unsigned int, flags)
{
	char *ko, *kn;
	int rc = sys_getname(oldpath, &ko);

	if (rc < 0)
		return rc;
	rc = sys_getname(newpath, &kn);
	if (rc == 0) {
		rc = uk_vfs_renameat(olddirfd, ko, newdirfd, kn, flags);
		sys_putname(kn);
	}
	sys_putname(ko);
	return rc;
}

#ifdef SYS_renameat
UK_SYSCALL_DEFINE4(renameat, int, olddirfd, const char *, oldpath,
		   int, newdirfd, const char *, newpath)
{
	return __uk_sys_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}
#endif

#ifdef SYS_rename
UK_SYSCALL_DEFINE2(rename, const char *, oldpath, const char *, newpath)
{
	return __uk_sys_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
#endif

UK_SYSCALL_DEFINE5(linkat, int, olddirfd, const char *, oldpath,
		   int, newdirfd, const char *, newpath, int, flags)
{
	char *ko, *kn;
	int rc = sys_getname(oldpath, &ko);

	if (rc < 0)
		return rc;
	rc = sys_getname(newpath, &kn);
	if (rc == 0) {
		rc = uk_vfs_linkat(olddirfd, ko, newdirfd, kn, flags);
		sys_putname(kn);
	}
	sys_putname(ko);
	return rc;
}

#ifdef SYS_link
UK_SYSCALL_DEFINE2(link, const char *, oldpath, const char *, newpath)
{
	return __uk_sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}
#endif

UK_SYSCALL_DEFINE3(symlinkat, const char *, target, int, newdirfd,
		   const char *, linkpath)
{
	char *kt, *kl;
	int rc = sys_getname(target, &kt);

	if (rc < 0)
		return rc;
	rc = sys_getname(linkpath, &kl);
	if (rc == 0) {
		rc = uk_vfs_symlinkat(kt, newdirfd, kl);
		sys_putname(kl);
	}
	sys_putname(kt);
	return rc;
}

#ifdef SYS_symlink
UK_SYSCALL_DEFINE2(symlink, const char *, target, const char *, linkpath)
{
	return __uk_sys_symlinkat(target, AT_FDCWD, linkpath);
}
#endif

UK_SYSCALL_DEFINE4(readlinkat, int, dirfd, const char *, path, char *, buf,
		   int, bufsiz)
{
	size_t n = (size_t)UK_MIN(bufsiz, UK_VFS_PATH_MAX);
	char *k, *tmp;
	long rc;

	if (bufsiz <= 0)
		return -EINVAL;
	if (!sys_writable(buf, (size_t)bufsiz))
		return -EFAULT;
	rc = sys_getname(path, &k);
	if (rc < 0)
		return rc;
	tmp = vfs_malloc(n);
	if (!tmp) {
		rc = -ENOMEM;
	} else {
		rc = uk_vfs_readlinkat(dirfd, k, tmp, n);
		if (rc > 0)
			memcpy(buf, tmp, (size_t)rc);
		vfs_free(tmp);
	}
	sys_putname(k);
	return rc;
}

#ifdef SYS_readlink
UK_SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, int, bufsiz)
{
	return __uk_sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}
#endif

/* access --------------------------------------------------------------- */

/*
 * The program runs as root: reading and writing are always allowed, and
 * executing needs an execute bit on a non-directory (as root on Linux).
 */
static long do_access(int dirfd, const char *path, int mode, int flags)
{
	struct uk_vattr va;
	char *k;
	int rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	rc = sys_getname(path, &k);
	if (rc < 0)
		return rc;
	rc = uk_vfs_statat(dirfd, k, flags & ~AT_EACCESS, &va);
	sys_putname(k);
	if (rc < 0)
		return rc;
	if ((mode & X_OK) && !S_ISDIR(va.mode) && !(va.mode & 0111))
		return -EACCES;
	return 0;
}

UK_SYSCALL_DEFINE3(faccessat, int, dirfd, const char *, path, int, mode)
{
	return do_access(dirfd, path, mode, 0);
}

UK_SYSCALL_DEFINE4(faccessat2, int, dirfd, const char *, path, int, mode,
		   int, flags)
{
	return do_access(dirfd, path, mode, flags);
}

#ifdef SYS_access
UK_SYSCALL_DEFINE2(access, const char *, path, int, mode)
{
	return do_access(AT_FDCWD, path, mode, 0);
}
#endif

/* working directory --------------------------------------------------- */

UK_SYSCALL_DEFINE1(chdir, const char *, path)
{
	char *k;
	int rc = sys_getname(path, &k);

	if (rc < 0)
		return rc;
	rc = uk_vfs_chdir(k);
	sys_putname(k);
	return rc;
}

UK_SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct uk_file *f = uk_fd_get(fd);
	int rc;

	if (!f)
		return -EBADF;
	rc = vfs_set_cwd(f->vn);
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE2(getcwd, char *, buf, size_t, size)
{
	char *k = vfs_malloc(UK_VFS_PATH_MAX);
	long rc;

	if (!k)
		return -ENOMEM;
	rc = uk_vfs_getcwd(k, UK_VFS_PATH_MAX);
	if (rc > 0) {
		if ((size_t)rc > size)
			rc = -ERANGE;
		else if (uk_copy_to_user(buf, k, (size_t)rc))
			rc = -EFAULT;
	}
	vfs_free(k);
	return rc;
}

UK_SYSCALL_DEFINE1(umask, unsigned int, mask)
{
	return uk_vfs_umask(mask);
}

/* attributes ----------------------------------------------------------- */

/* setattr on @dirfd/@path, or on the file of @dirfd when @path is NULL. */
static long set_attr(int dirfd, const char *path, int flags,
		     const struct uk_vattr *va, unsigned int mask)
{
	struct uk_file *f;
	char *k;
	long rc;

	if (!path) {
		f = uk_fd_get(dirfd);
		if (!f)
			return -EBADF;
		rc = (f->flags & O_PATH) && (mask & UK_VATTR_MODE)
			     ? -EBADF
			     : vfs_setattr(f->vn, va, mask);
		uk_file_release(f);
		return rc;
	}
	rc = sys_getname(path, &k);
	if (rc < 0)
		return rc;
	rc = uk_vfs_setattrat(dirfd, k, flags, va, mask);
	sys_putname(k);
	return rc;
}

UK_SYSCALL_DEFINE2(fchmod, int, fd, unsigned int, mode)
{
	struct uk_vattr va = { .mode = mode & 07777 };

	return set_attr(fd, NULL, 0, &va, UK_VATTR_MODE);
}

UK_SYSCALL_DEFINE3(fchmodat, int, dirfd, const char *, path,
		   unsigned int, mode)
{
	struct uk_vattr va = { .mode = mode & 07777 };

	if (!path)
		return -EFAULT;
	return set_attr(dirfd, path, 0, &va, UK_VATTR_MODE);
}

#ifdef SYS_chmod
UK_SYSCALL_DEFINE2(chmod, const char *, path, unsigned int, mode)
{
	return __uk_sys_fchmodat(AT_FDCWD, path, mode);
}
#endif

static long do_chown(int dirfd, const char *path, uint32_t uid,
		     uint32_t gid, int flags)
{
	struct uk_vattr va = { .uid = uid, .gid = gid };
	unsigned int mask = 0;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (uid != (uint32_t)-1)
		mask |= UK_VATTR_UID;
	if (gid != (uint32_t)-1)
		mask |= UK_VATTR_GID;
	return set_attr(dirfd, path, flags, &va, mask);
}

UK_SYSCALL_DEFINE3(fchown, int, fd, unsigned int, uid, unsigned int, gid)
{
	return do_chown(fd, NULL, uid, gid, 0);
}

UK_SYSCALL_DEFINE5(fchownat, int, dirfd, const char *, path,
		   unsigned int, uid, unsigned int, gid, int, flags)
{
	if (!path)
		return -EFAULT;
	return do_chown(dirfd, path, uid, gid, flags);
}

#ifdef SYS_chown
UK_SYSCALL_DEFINE3(chown, const char *, path, unsigned int, uid,
		   unsigned int, gid)
{
	if (!path)
		return -EFAULT;
	return do_chown(AT_FDCWD, path, uid, gid, 0);
}
#endif

#ifdef SYS_lchown
UK_SYSCALL_DEFINE3(lchown, const char *, path, unsigned int, uid,
		   unsigned int, gid)
{
	if (!path)
		return -EFAULT;
	return do_chown(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
#endif

static int64_t ts_to_ns(const struct timespec *ts)
{
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX;
	if (ts->tv_sec < INT64_MIN / NSEC_PER_SEC + 1)
		return INT64_MIN;
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

UK_SYSCALL_DEFINE4(utimensat, int, dirfd, const char *, path,
		   const struct timespec *, times, int, flags)
{
	struct uk_vattr va = { 0 };
	struct timespec ts[2];
	unsigned int mask = 0;
	int64_t now = vfs_now();

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!path && (flags & AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (times) {
		if (uk_copy_from_user(ts, times, sizeof(ts)))
			return -EFAULT;
	} else {
		ts[0].tv_nsec = ts[1].tv_nsec = UTIME_NOW;
	}
	for (int i = 0; i < 2; i++) {
		int64_t t;

		if (ts[i].tv_nsec == UTIME_OMIT)
			continue;
		if (ts[i].tv_nsec == UTIME_NOW)
			t = now;
		else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		else
			t = ts_to_ns(&ts[i]);
		if (i == 0) {
			va.atime = t;
			mask |= UK_VATTR_ATIME;
		} else {
			va.mtime = t;
			mask |= UK_VATTR_MTIME;
		}
	}
	return set_attr(dirfd, path, flags, &va, mask);
}

/* size ----------------------------------------------------------------- */

UK_SYSCALL_DEFINE2(truncate, const char *, path, off_t, length)
{
	char *k;
	int rc = sys_getname(path, &k);

	if (rc < 0)
		return rc;
	rc = uk_vfs_truncate(k, length);
	sys_putname(k);
	return rc;
}

/* statfs --------------------------------------------------------------- */

static long put_statfs(struct statfs *ubuf, const struct uk_statfs *st)
{
	struct statfs s;

	memset(&s, 0, sizeof(s));
	s.f_type = st->magic;
	s.f_bsize = st->bsize;
	s.f_blocks = st->blocks;
	s.f_bfree = st->bfree;
	s.f_bavail = st->bavail;
	s.f_files = st->files;
	s.f_ffree = st->ffree;
	s.f_namelen = st->namelen;
	s.f_frsize = st->bsize;
	return uk_copy_to_user(ubuf, &s, sizeof(s));
}

UK_SYSCALL_DEFINE2(statfs, const char *, path, struct statfs *, buf)
{
	struct uk_statfs st;
	char *k;
	int rc = sys_getname(path, &k);

	if (rc < 0)
		return rc;
	rc = uk_vfs_statfs(k, &st);
	sys_putname(k);
	return rc < 0 ? rc : put_statfs(buf, &st);
}

UK_SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs *, buf)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_statfs st;
	int rc;

	if (!f)
		return -EBADF;
	rc = vfs_statfs_vn(f->vn, &st);
	uk_file_release(f);
	return rc < 0 ? rc : put_statfs(buf, &st);
}
