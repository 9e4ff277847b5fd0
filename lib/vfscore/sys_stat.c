/* SPDX-License-Identifier: BSD-3-Clause */
/* stat family: fstat, newfstatat, stat/lstat (x86_64), statx. */
#include <fcntl.h>
#include <sys/stat.h>
#include "sys_impl.h"

#define NSEC_PER_SEC	1000000000LL

static void ns_to_ts(int64_t ns, struct timespec *ts)
{
	int64_t s = ns / NSEC_PER_SEC, r = ns % NSEC_PER_SEC;

	if (r < 0) {
		r += NSEC_PER_SEC;
		s--;
	}
	ts->tv_sec = s;
	ts->tv_nsec = r;
}

void sys_fill_stat(struct stat *st, const struct uk_vattr *va)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = va->dev;
	st->st_ino = va->ino;
	st->st_nlink = va->nlink;
	st->st_mode = va->mode;
	st->st_uid = va->uid;
	st->st_gid = va->gid;
	st->st_rdev = va->rdev;
	st->st_size = va->size;
	st->st_blksize = va->blksize;
	st->st_blocks = (blkcnt_t)va->blocks;
	ns_to_ts(va->atime, &st->st_atim);
	ns_to_ts(va->mtime, &st->st_mtim);
	ns_to_ts(va->ctime, &st->st_ctim);
}

static long put_stat(struct stat *ubuf, const struct uk_vattr *va)
{
	struct stat st;

	sys_fill_stat(&st, va);
	return uk_copy_to_user(ubuf, &st, sizeof(st));
}

UK_SYSCALL_DEFINE2(fstat, int, fd, struct stat *, buf)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_vattr va;
	long rc;

	if (!f)
		return -EBADF;
	rc = uk_file_getattr(f, &va);
	uk_file_release(f);
	return rc < 0 ? rc : put_stat(buf, &va);
}

static long do_fstatat(int dirfd, const char *path, int flags,
		       struct uk_vattr *va)
{
	char *k;
	long rc;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	rc = sys_getname(path, &k);
	if (rc < 0)
		return rc;
	rc = uk_vfs_statat(dirfd, k,
			   flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), va);
	sys_putname(k);
	return rc;
}

UK_SYSCALL_DEFINE4(newfstatat, int, dirfd, const char *, path,
		   struct stat *, buf, int, flags)
{
	struct uk_vattr va;
	long rc = do_fstatat(dirfd, path, flags & ~AT_STATX_SYNC_TYPE, &va);

	return rc < 0 ? rc : put_stat(buf, &va);
}

#ifdef SYS_stat
UK_SYSCALL_DEFINE2(stat, const char *, path, struct stat *, buf)
{
	return __uk_sys_newfstatat(AT_FDCWD, path, buf, 0);
}
#endif

#ifdef SYS_lstat
UK_SYSCALL_DEFINE2(lstat, const char *, path, struct stat *, buf)
{
	return __uk_sys_newfstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}
#endif

/* Linux's struct statx (musl 1.2.3 has no declaration of it). */
struct kstatx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct kstatx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t __spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct kstatx_ts stx_atime;
	struct kstatx_ts stx_btime;
	struct kstatx_ts stx_ctime;
	struct kstatx_ts stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t stx_mnt_id;
	uint32_t stx_dio_mem_align;
	uint32_t stx_dio_offset_align;
	uint64_t __spare3[12];
};
UK_CTASSERT(sizeof(struct kstatx) == 256);

#define KSTATX_BASIC_STATS	0x7ffU
#define KSTATX_BTIME		0x800U
#define KSTATX_RESERVED		0x80000000U

static uint32_t dev_major(uint64_t dev)
{
	return (uint32_t)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff));
}

static uint32_t dev_minor(uint64_t dev)
{
	return (uint32_t)(((dev >> 12) & 0xffffff00) | (dev & 0xff));
}

static void statx_ts(int64_t ns, struct kstatx_ts *t)
{
	struct timespec ts;

	ns_to_ts(ns, &ts);
	t->tv_sec = ts.tv_sec;
	t->tv_nsec = (uint32_t)ts.tv_nsec;
}

UK_SYSCALL_DEFINE5(statx, int, dirfd, const char *, path, int, flags,
		   unsigned int, mask, struct kstatx *, buf)
{
	struct uk_vattr va;
	struct kstatx sx;
	long rc;

	if (mask & KSTATX_RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	rc = do_fstatat(dirfd, path, flags, &va);
	if (rc < 0)
		return rc;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = KSTATX_BASIC_STATS | (va.btime ? KSTATX_BTIME : 0);
	sx.stx_blksize = va.blksize;
	sx.stx_nlink = (uint32_t)va.nlink;
	sx.stx_uid = va.uid;
	sx.stx_gid = va.gid;
	sx.stx_mode = (uint16_t)va.mode;
	sx.stx_ino = va.ino;
	sx.stx_size = (uint64_t)va.size;
	sx.stx_blocks = va.blocks;
	statx_ts(va.atime, &sx.stx_atime);
	statx_ts(va.btime, &sx.stx_btime);
	statx_ts(va.ctime, &sx.stx_ctime);
	statx_ts(va.mtime, &sx.stx_mtime);
	sx.stx_rdev_major = dev_major(va.rdev);
	sx.stx_rdev_minor = dev_minor(va.rdev);
	sx.stx_dev_major = dev_major(va.dev);
	sx.stx_dev_minor = dev_minor(va.dev);
	return uk_copy_to_user(buf, &sx, sizeof(sx));
}
