/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Open files: reference counting, I/O at the position, seeking, directory
 * reading, poll and generic ioctls.
 */
#include "vfs_impl.h"
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif
#ifdef CONFIG_LIBSYSCALL_SHIM
#include <uk/syscall.h>
#endif

#ifndef FIONREAD
#define FIONREAD	0x541B
#define FIONBIO		0x5421
#endif

/* Largest single transfer, as Linux (INT_MAX rounded down to a page). */
#define VFS_RW_MAX	0x7ffff000UL

int uk_vfs_copyin(void *dst, const void *src, size_t len)
{
#ifdef CONFIG_LIBSYSCALL_SHIM
	return uk_copy_from_user(dst, src, len);
#else
	if (!src && len)
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
#endif
}

int uk_vfs_copyout(void *dst, const void *src, size_t len)
{
#ifdef CONFIG_LIBSYSCALL_SHIM
	return uk_copy_to_user(dst, src, len);
#else
	if (!dst && len)
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
#endif
}

int uk_file_new(struct uk_vnode *vn, unsigned int flags,
		struct uk_file **out)
{
	struct uk_file *f = vfs_calloc(1, sizeof(*f));
	int rc;

	if (!f)
		return -ENOMEM;
	f->vn = uk_vnode_hold(vn);
	f->refs = 1;
	f->flags = flags & UK_FILE_STATUS_FLAGS;
	uk_mutex_init(&f->pos_lock);
	if (!(f->flags & O_PATH) && vn->ops->open) {
		rc = vn->ops->open(vn, f);
		if (rc < 0) {
			uk_vnode_release(vn);
			vfs_free(f);
			return rc;
		}
	}
	*out = f;
	return 0;
}

struct uk_file *uk_file_hold(struct uk_file *f)
{
	UK_ASSERT(f);
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

void uk_file_release(struct uk_file *f)
{
	struct uk_vnode *vn;

	if (!f)
		return;
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	vn = f->vn;
	vfs_watch_file_gone(f);
	if (!(f->flags & O_PATH) && vn->ops->close)
		vn->ops->close(vn, f);
	uk_vnode_release(vn);
	vfs_free(f);
}

static bool can_read(const struct uk_file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_RDONLY || acc == O_RDWR);
}

static bool can_write(const struct uk_file *f)
{
	unsigned int acc = f->flags & O_ACCMODE;

	return !(f->flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR);
}

static bool is_stream(const struct uk_file *f)
{
	return f->vn->flags & UK_VNODE_STREAM;
}

static ssize_t do_read(struct uk_file *f, void *buf, size_t len, off_t off)
{
	struct uk_vnode *vn = f->vn;

	if (!can_read(f))
		return -EBADF;
	if (vfs_isdir(vn))
		return -EISDIR;
	if (!vn->ops->read)
		return -EINVAL;
	if (len > VFS_RW_MAX)
		len = VFS_RW_MAX;
	return vn->ops->read(vn, f, buf, len, off);
}

static ssize_t do_write(struct uk_file *f, const void *buf, size_t len,
			off_t *off)
{
	struct uk_vnode *vn = f->vn;

	if (!can_write(f))
		return -EBADF;
	if (!vn->ops->write)
		return -EINVAL;
	if (len > VFS_RW_MAX)
		len = VFS_RW_MAX;
	return vn->ops->write(vn, f, buf, len, off);
}

ssize_t uk_file_read(struct uk_file *f, void *buf, size_t len)
{
	ssize_t rc;

	if (is_stream(f))
		return do_read(f, buf, len, 0);
	uk_mutex_lock(&f->pos_lock);
	rc = do_read(f, buf, len, f->pos);
	if (rc > 0)
		f->pos += rc;
	uk_mutex_unlock(&f->pos_lock);
	return rc;
}

ssize_t uk_file_write(struct uk_file *f, const void *buf, size_t len)
{
	off_t off = 0;
	ssize_t rc;

	if (is_stream(f))
		return do_write(f, buf, len, &off);
	uk_mutex_lock(&f->pos_lock);
	off = f->pos;
	rc = do_write(f, buf, len, &off);
	if (rc > 0)
		f->pos = off;
	uk_mutex_unlock(&f->pos_lock);
	return rc;
}

ssize_t uk_file_pread(struct uk_file *f, void *buf, size_t len, off_t off)
{
	if (!can_read(f))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (is_stream(f))
		return -ESPIPE;
	return do_read(f, buf, len, off);
}

ssize_t uk_file_pwrite(struct uk_file *f, const void *buf, size_t len,
		       off_t off)
{
	if (!can_write(f))
		return -EBADF;
	if (off < 0)
		return -EINVAL;
	if (is_stream(f))
		return -ESPIPE;
	return do_write(f, buf, len, &off);
}

off_t uk_file_lseek(struct uk_file *f, off_t off, int whence)
{
	struct uk_vattr va;
	off_t base, pos;
	int rc;

	if (f->flags & O_PATH)
		return -EBADF;
	if (is_stream(f))
		return -ESPIPE;
	if (whence < SEEK_SET || whence > SEEK_HOLE)
		return -EINVAL;
	uk_mutex_lock(&f->pos_lock);
	if (vfs_isdir(f->vn)) {
		/* directory positions are readdir cookies */
		if (whence == SEEK_SET && off >= 0)
			pos = off;
		else if (whence == SEEK_CUR && off == 0)
			pos = f->pos;
		else
			pos = -EINVAL;
		if (pos >= 0)
			goto set;
		goto out;
	}
	base = 0;
	if (whence == SEEK_CUR) {
		base = f->pos;
	} else if (whence != SEEK_SET) {
		rc = vfs_getattr(f->vn, &va);
		if (rc < 0) {
			pos = rc;
			goto out;
		}
		if (f->vn->type == S_IFBLK)
			va.size = va.seek_size;
		if (whence == SEEK_END) {
			base = va.size;
		} else {
			/* no holes are reported: data runs to the end */
			if (off < 0 || off >= va.size) {
				pos = -ENXIO;
				goto out;
			}
			pos = whence == SEEK_DATA ? off : va.size;
			goto set;
		}
	}
	if ((off > 0 && base > INT64_MAX - off) ||
	    (off < 0 && base + off < 0)) {
		pos = (off > 0) ? -EOVERFLOW : -EINVAL;
		goto out;
	}
	pos = base + off;
set:
	f->pos = pos;
out:
	uk_mutex_unlock(&f->pos_lock);
	return pos;
}

int uk_file_getattr(struct uk_file *f, struct uk_vattr *va)
{
	return vfs_getattr(f->vn, va);
}

int uk_file_truncate(struct uk_file *f, off_t size)
{
	struct uk_vnode *vn = f->vn;

	if (size < 0)
		return -EINVAL;
	if (f->flags & O_PATH)
		return -EBADF;
	if (vfs_isdir(vn))
		return -EISDIR;
	if (!can_write(f) || vn->type != S_IFREG)
		return -EINVAL;
	if (vn->mnt && (vn->mnt->flags & UK_MNT_RDONLY))
		return -EROFS;
	if (!vn->ops->truncate)
		return -EINVAL;
	return vn->ops->truncate(vn, size);
}

int uk_file_readdir(struct uk_file *f, uk_vfs_filldir_t fill, void *ctx)
{
	struct uk_vnode *vn = f->vn;
	uint64_t pos;
	int rc;

	if (f->flags & O_PATH)
		return -EBADF;
	if (!vfs_isdir(vn))
		return -ENOTDIR;
	if (!vn->ops->readdir)
		return -ENOTDIR;
	uk_mutex_lock(&f->pos_lock);
	vfs_lock_ns();
	pos = (uint64_t)f->pos;
	rc = vn->ops->readdir(vn, &pos, fill, ctx);
	f->pos = (off_t)pos;
	vfs_unlock_ns();
	uk_mutex_unlock(&f->pos_lock);
	return rc;
}

unsigned int uk_file_poll(struct uk_file *f)
{
	struct uk_vnode *vn = f->vn;

	if (f->flags & O_PATH)
		return POLLNVAL;
	if (!vn->ops->poll)
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	return vn->ops->poll(vn, f);
}

int uk_file_ioctl(struct uk_file *f, unsigned long cmd, void *arg)
{
	struct uk_vnode *vn = f->vn;
	struct uk_vattr va;
	int v, rc;

	if (f->flags & O_PATH)
		return -EBADF;
	switch (cmd) {
	case FIONBIO:
		rc = uk_vfs_copyin(&v, arg, sizeof(v));
		if (rc < 0)
			return rc;
		if (v)
			__atomic_or_fetch(&f->flags, O_NONBLOCK,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&f->flags, ~O_NONBLOCK,
					   __ATOMIC_RELAXED);
		return 0;
	case FIONREAD:
		if (vn->type != S_IFREG)
			break;
		rc = vfs_getattr(vn, &va);
		if (rc < 0)
			return rc;
		v = va.size > f->pos ? (int)UK_MIN(va.size - f->pos,
						    (int64_t)INT32_MAX) : 0;
		return uk_vfs_copyout(arg, &v, sizeof(v));
	}
	if (!vn->ops->ioctl)
		return -ENOTTY;
	return vn->ops->ioctl(vn, f, cmd, arg);
}
