/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System calls on descriptors: read/write and their vector and
 * positioned forms, lseek, close, dup*, fcntl, ioctl, pipes, getdents64,
 * fsync, ftruncate, fallocate, flock.
 */
#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include "sys_impl.h"

int sys_getname(const char *upath, char **out)
{
	long n = uk_strnlen_user(upath, UK_VFS_PATH_MAX);
	char *k;

	if (n < 0)
		return (int)n;
	k = vfs_malloc((size_t)n + 1);
	if (!k)
		return -ENOMEM;
	memcpy(k, upath, (size_t)n);
	k[n] = '\0';
	*out = k;
	return 0;
}

/* read / write ------------------------------------------------------------ */

/*
 * One read (@is_write false) or write of at most SYS_RW_MAX bytes, at *@off
 * when @off is given (pread64/pwrite64), else at the file position.
 */
static long sys_rw(int fd, void *buf, size_t count, bool is_write,
		   const off_t *off)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	count = UK_MIN(count, SYS_RW_MAX);
	if (!(is_write ? sys_readable(buf, count) : sys_writable(buf, count)))
		rc = -EFAULT;
	else if (is_write)
		rc = off ? uk_file_pwrite(f, buf, count, *off)
			 : uk_file_write(f, buf, count);
	else
		rc = off ? uk_file_pread(f, buf, count, *off)
			 : uk_file_read(f, buf, count);
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(read, int, fd, void *, buf, size_t, count)
{
	return sys_rw(fd, buf, count, false, NULL);
}

UK_SYSCALL_DEFINE3(write, int, fd, const void *, buf, size_t, count)
{
	return sys_rw(fd, (void *)buf, count, true, NULL);
}

UK_SYSCALL_DEFINE4(pread64, int, fd, void *, buf, size_t, count, off_t, off)
{
	return sys_rw(fd, buf, count, false, &off);
}

UK_SYSCALL_DEFINE4(pwrite64, int, fd, const void *, buf, size_t, count,
		   off_t, off)
{
	return sys_rw(fd, (void *)buf, count, true, &off);
}

/*
 * Copy and check the program's iovec array: a kernel copy in *@out
 * (vfs_free() it), the total length in *@total.
 */
static long iov_get(const struct iovec *uiov, int iovcnt, bool to_user,
		    struct iovec **out, size_t *total)
{
	struct iovec *iov;
	size_t sum = 0;
	int i;

	if (iovcnt < 0 || iovcnt > SYS_IOV_MAX)
		return -EINVAL;
	iov = vfs_malloc(sizeof(*iov) * (size_t)(iovcnt ? iovcnt : 1));
	if (!iov)
		return -ENOMEM;
	if (uk_copy_from_user(iov, uiov, sizeof(*iov) * (size_t)iovcnt)) {
		vfs_free(iov);
		return -EFAULT;
	}
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)INT64_MAX - sum) {
			vfs_free(iov);
			return -EINVAL;
		}
		sum += iov[i].iov_len;
	}
	for (i = 0; i < iovcnt; i++) {
		bool ok = to_user ? sys_writable(iov[i].iov_base,
						 iov[i].iov_len)
				  : sys_readable(iov[i].iov_base,
						 iov[i].iov_len);
		if (!ok) {
			vfs_free(iov);
			return -EFAULT;
		}
	}
	*out = iov;
	*total = sum;
	return 0;
}

/*
 * Vector I/O on @f: one call per iovec, stopping at the first short one.
 * @off < 0: at the position. Writes of at most UK_PIPE_BUF bytes to a
 * stream go through one buffer, so that they stay atomic on pipes.
 */
static long iov_io(struct uk_file *f, const struct iovec *iov, int iovcnt,
		   size_t total, off_t off, bool write)
{
	long done = 0, rc = 0;
	char *bounce;
	int i;

	if (write && iovcnt > 1 && total <= UK_PIPE_BUF &&
	    (f->vn->flags & UK_VNODE_STREAM)) {
		bounce = vfs_malloc(total ? total : 1);
		if (!bounce)
			return -ENOMEM;
		for (i = 0; i < iovcnt; i++) {
			memcpy(bounce + done, iov[i].iov_base, iov[i].iov_len);
			done += (long)iov[i].iov_len;
		}
		rc = uk_file_write(f, bounce, total);
		vfs_free(bounce);
		return rc;
	}
	for (i = 0; i < iovcnt && (size_t)done < SYS_RW_MAX; i++) {
		size_t len = UK_MIN(iov[i].iov_len, SYS_RW_MAX - (size_t)done);

		if (!len)
			continue;
		if (write)
			rc = off < 0 ? uk_file_write(f, iov[i].iov_base, len)
				     : uk_file_pwrite(f, iov[i].iov_base,
						      len, off + done);
		else
			rc = off < 0 ? uk_file_read(f, iov[i].iov_base, len)
				     : uk_file_pread(f, iov[i].iov_base, len,
						     off + done);
		if (rc < 0)
			break;
		done += rc;
		if ((size_t)rc < len)
			break;
	}
	return done ? done : rc;
}

static long vec_io(int fd, const struct iovec *uiov, int iovcnt, off_t off,
		   bool write)
{
	struct uk_file *f = uk_fd_get(fd);
	struct iovec *iov;
	size_t total;
	long rc;

	if (!f)
		return -EBADF;
	rc = iov_get(uiov, iovcnt, !write, &iov, &total);
	if (rc == 0) {
		rc = iov_io(f, iov, iovcnt, total, off, write);
		vfs_free(iov);
	}
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(readv, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vec_io(fd, iov, iovcnt, -1, false);
}

UK_SYSCALL_DEFINE3(writev, int, fd, const struct iovec *, iov, int, iovcnt)
{
	return vec_io(fd, iov, iovcnt, -1, true);
}

/* 64-bit: the offset is whole in the low word, the high word is unused */
UK_SYSCALL_DEFINE5(preadv, int, fd, const struct iovec *, iov, int, iovcnt,
		   off_t, off, long, off_hi)
{
	if (off < 0)
		return -EINVAL;
	return vec_io(fd, iov, iovcnt, off, false);
}

UK_SYSCALL_DEFINE5(pwritev, int, fd, const struct iovec *, iov, int, iovcnt,
		   off_t, off, long, off_hi)
{
	if (off < 0)
		return -EINVAL;
	return vec_io(fd, iov, iovcnt, off, true);
}

UK_SYSCALL_DEFINE3(lseek, int, fd, off_t, off, int, whence)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	rc = uk_file_lseek(f, off, whence);
	uk_file_release(f);
	return rc;
}

/*
 * sendfile: copies through a kernel buffer (read, then write), which is
 * what the program would do itself; there is no page cache to share. A
 * short write ends the call: with @uoff the program's offset moves by what
 * was written, without it the input's position is moved back over what was
 * read but not written, so no byte is lost or sent twice. Output that
 * would block with nothing written gives the output's -EAGAIN.
 */
#define SENDFILE_CHUNK	(64 * 1024)

UK_SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, off_t *, uoff,
		   size_t, count)
{
	struct uk_file *in, *out;
	off_t off = 0;
	size_t done = 0;
	long rc = 0;
	char *buf = NULL;

	in = uk_fd_get(in_fd);
	if (!in)
		return -EBADF;
	out = uk_fd_get(out_fd);
	if (!out) {
		uk_file_release(in);
		return -EBADF;
	}
	if (uoff && uk_copy_from_user(&off, uoff, sizeof(off))) {
		rc = -EFAULT;
		goto out;
	}
	if (off < 0) {
		rc = -EINVAL;
		goto out;
	}
	count = UK_MIN(count, SYS_RW_MAX);
	if (count) {
		buf = vfs_malloc(UK_MIN(count, SENDFILE_CHUNK));
		if (!buf) {
			rc = -ENOMEM;
			goto out;
		}
	}
	while (done < count) {
		size_t chunk = UK_MIN(count - done, SENDFILE_CHUNK);
		long n, w;

		n = uoff ? uk_file_pread(in, buf, chunk, off + (off_t)done)
			 : uk_file_read(in, buf, chunk);
		if (n <= 0) {
			rc = n;
			break;
		}
		w = uk_file_write(out, buf, (size_t)n);
		if (w < n && !uoff)
			uk_file_lseek(in, -(off_t)(n - (w > 0 ? w : 0)),
				      SEEK_CUR);
		if (w < 0) {
			rc = w;
			break;
		}
		done += (size_t)w;
		if (w < n)
			break;
	}
	vfs_free(buf);
	if (uoff && done) {
		off += (off_t)done;
		if (uk_copy_to_user(uoff, &off, sizeof(off)))
			rc = -EFAULT;
	}
	if (done && rc != -EFAULT)
		rc = (long)done;
out:
	uk_file_release(out);
	uk_file_release(in);
	return rc;
}

/* descriptors ------------------------------------------------------------- */

UK_SYSCALL_DEFINE1(close, int, fd)
{
	return uk_fd_close(fd);
}

UK_SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct uk_file *f = uk_fd_get(oldfd);
	long rc;

	if (!f)
		return -EBADF;
	rc = uk_fd_install(f, 0, false);
	uk_file_release(f);
	return rc;
}

#ifdef SYS_dup2
UK_SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct uk_file *f;

	if (oldfd == newfd) {
		f = uk_fd_get(oldfd);
		if (!f)
			return -EBADF;
		uk_file_release(f);
		return newfd;
	}
	return vfs_fd_dup_to(oldfd, newfd, false);
}
#endif

UK_SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return vfs_fd_dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

/*
 * Record locks. One process never conflicts with itself (POSIX locks of
 * a process merge; Kast has one process), so every well-formed request
 * is granted and F_GETLK always reports F_UNLCK: exactly what Linux
 * answers a single process that owns all its locks.
 */
static long fcntl_lock(struct uk_file *f, int cmd, struct flock *ufl)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
		   cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	unsigned int acc = f->flags & O_ACCMODE;
	struct flock fl;

	if (f->flags & O_PATH)
		return -EBADF;
	if (uk_copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK &&
	    fl.l_type != F_UNLCK)
		return -EINVAL;
	if (fl.l_whence != SEEK_SET && fl.l_whence != SEEK_CUR &&
	    fl.l_whence != SEEK_END)
		return -EINVAL;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	if (get) {
		if (fl.l_type == F_UNLCK)
			return -EINVAL;
		fl.l_type = F_UNLCK;
		return uk_copy_to_user(ufl, &fl, sizeof(fl));
	}
	if (fl.l_type == F_RDLCK && acc == O_WRONLY)
		return -EBADF;
	if (fl.l_type == F_WRLCK && acc == O_RDONLY)
		return -EBADF;
	return 0;
}

static long fcntl_setfl(struct uk_file *f, unsigned int arg)
{
	unsigned int old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED), nw;

	do {
		nw = (old & ~UK_FILE_SETFL_FLAGS) |
		     (arg & UK_FILE_SETFL_FLAGS);
	} while (!__atomic_compare_exchange_n(&f->flags, &old, nw, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

UK_SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (unsigned long)uk_fd_limit())
			rc = -EINVAL;
		else
			rc = uk_fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		rc = vfs_fd_get_cloexec(fd);
		if (rc > 0)
			rc = FD_CLOEXEC;
		break;
	case F_SETFD:
		rc = vfs_fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		rc = (long)__atomic_load_n(&f->flags, __ATOMIC_RELAXED);
		break;
	case F_SETFL:
		rc = (f->flags & O_PATH) ? -EBADF
					 : fcntl_setfl(f, (unsigned int)arg);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		rc = fcntl_lock(f, cmd, (struct flock *)arg);
		break;
	case F_GETPIPE_SZ:
		rc = vfs_pipe_get_size(f);
		break;
	case F_SETPIPE_SZ:
		rc = vfs_pipe_set_size(f, arg);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	uk_file_release(f);
	return rc;
}

/* BSD locks: granted for the same reason as fcntl's record locks. */
UK_SYSCALL_DEFINE2(flock, int, fd, int, op)
{
	struct uk_file *f = uk_fd_get(fd);
	int kind = op & ~LOCK_NB;
	long rc = 0;

	if (!f)
		return -EBADF;
	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
		rc = -EINVAL;
	else if (f->flags & O_PATH)
		rc = -EBADF;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(ioctl, int, fd, unsigned long, cmd, void *, arg)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX)
		rc = vfs_fd_set_cloexec(fd, cmd == FIOCLEX);
	else
		rc = uk_file_ioctl(f, cmd, arg);
	uk_file_release(f);
	return rc;
}

/* pipes -------------------------------------------------------------------- */

UK_SYSCALL_DEFINE2(pipe2, int *, fds, int, flags)
{
	struct uk_file *files[2];
	int kfds[2];
	long rc;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (flags & O_DIRECT)
		return -EINVAL;	/* packet mode is not implemented */
	if (!sys_writable(fds, sizeof(kfds)))
		return -EFAULT;
	kfds[0] = vfs_fd_reserve(0);
	if (kfds[0] < 0)
		return kfds[0];
	kfds[1] = vfs_fd_reserve(0);
	if (kfds[1] < 0) {
		vfs_fd_unreserve(kfds[0]);
		return kfds[1];
	}
	rc = uk_vfs_pipe(files, (unsigned int)flags);
	if (rc < 0) {
		vfs_fd_unreserve(kfds[1]);
		vfs_fd_unreserve(kfds[0]);
		return rc;
	}
	vfs_fd_fill(kfds[0], files[0], flags & O_CLOEXEC);
	vfs_fd_fill(kfds[1], files[1], flags & O_CLOEXEC);
	memcpy(fds, kfds, sizeof(kfds));
	return 0;
}

#ifdef SYS_pipe
UK_SYSCALL_DEFINE1(pipe, int *, fds)
{
	return __uk_sys_pipe2(fds, 0);
}
#endif

/* directories -------------------------------------------------------------- */

struct dirent_buf {
	char *buf;
	size_t size;
	size_t used;
	bool full;
};

/* Linux struct linux_dirent64, then the name and its NUL */
#define DIRENT64_HDR	19
#define DIRENT64_ALIGN	8

static int fill_dirent64(void *ctx, const char *name, size_t len,
			 uint64_t ino, unsigned int dtype, uint64_t next)
{
	struct dirent_buf *d = ctx;
	size_t reclen = UK_ALIGN_UP(DIRENT64_HDR + len + 1,
				    (size_t)DIRENT64_ALIGN);
	char *rec = d->buf + d->used;
	int64_t off = (int64_t)next;
	uint16_t rl = (uint16_t)reclen;
	uint8_t t = (uint8_t)dtype;

	if (reclen > d->size - d->used) {
		d->full = true;
		return 1;
	}
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &off, 8);
	memcpy(rec + 16, &rl, 2);
	memcpy(rec + 18, &t, 1);
	memcpy(rec + DIRENT64_HDR, name, len);
	memset(rec + DIRENT64_HDR + len, 0, reclen - DIRENT64_HDR - len);
	d->used += reclen;
	return 0;
}

UK_SYSCALL_DEFINE3(getdents64, int, fd, void *, dirp, unsigned int, count)
{
	struct uk_file *f = uk_fd_get(fd);
	struct dirent_buf d = { .buf = dirp, .size = count };
	long rc;

	if (!f)
		return -EBADF;
	if (!sys_writable(dirp, count)) {
		rc = -EFAULT;
		goto out;
	}
	rc = uk_file_readdir(f, fill_dirent64, &d);
	if (rc == 0) {
		/* not even one entry fits */
		rc = (d.used == 0 && d.full) ? -EINVAL : (long)d.used;
	}
out:
	uk_file_release(f);
	return rc;
}

/* data --------------------------------------------------------------------- */

static long do_fsync(int fd)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_vnode *vn;
	long rc = 0;

	if (!f)
		return -EBADF;
	vn = f->vn;
	if (f->flags & O_PATH)
		rc = -EBADF;
	else if (vn->type == S_IFIFO || vn->type == S_IFSOCK)
		rc = -EINVAL;
	else if (vn->ops->fsync)
		rc = vn->ops->fsync(vn);
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd);
}

UK_SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd);
}

UK_SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct uk_file *f = uk_fd_get(fd);

	if (!f)
		return -EBADF;
	uk_file_release(f);
	return 0;	/* every file system here is in memory */
}

/*
 * sync_file_range: the whole file is written back, as fsync does (file
 * systems here are in memory or 9p, which writes through). The flags are
 * checked as Linux does.
 */
#define SFR_FLAGS	7	/* WAIT_BEFORE | WRITE | WAIT_AFTER */

UK_SYSCALL_DEFINE4(sync_file_range, int, fd, off_t, off, off_t, len,
		   unsigned int, flags)
{
	if (flags & ~SFR_FLAGS)
		return -EINVAL;
	if (off < 0 || len < 0 || off + len < off)
		return -EINVAL;
	return do_fsync(fd);
}

/*
 * fadvise64 and readahead: hints about future access. Files are in
 * memory (or read through 9p without a page cache), so there is nothing
 * to do once the arguments are checked as Linux checks them.
 */
UK_SYSCALL_DEFINE4(fadvise64, int, fd, off_t, off, off_t, len, int, advice)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc = 0;

	if (!f)
		return -EBADF;
	if (f->vn->type == S_IFIFO)
		rc = -ESPIPE;
	else if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE ||
		 len < 0)
		rc = -EINVAL;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(readahead, int, fd, off_t, off, size_t, count)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc = 0;

	if (!f)
		return -EBADF;
	if (f->vn->type != S_IFREG || (f->flags & O_PATH) ||
	    (f->flags & O_ACCMODE) == O_WRONLY)
		rc = -EINVAL;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE0(sync)
{
	return 0;	/* every file system here is in memory */
}

UK_SYSCALL_DEFINE2(ftruncate, int, fd, off_t, length)
{
	struct uk_file *f = uk_fd_get(fd);
	long rc;

	if (!f)
		return -EBADF;
	rc = uk_file_truncate(f, length);
	uk_file_release(f);
	return rc;
}

/* Only mode 0 (allocate, extending the size): in-memory files have no
 * blocks to reserve, so the size is all there is to change. */
UK_SYSCALL_DEFINE4(fallocate, int, fd, int, mode, off_t, off, off_t, len)
{
	struct uk_file *f = uk_fd_get(fd);
	struct uk_vnode *vn;
	struct uk_vattr va;
	long rc;

	if (!f)
		return -EBADF;
	vn = f->vn;
	if (off < 0 || len <= 0)
		rc = -EINVAL;
	else if ((f->flags & O_PATH) || !(f->flags & (O_WRONLY | O_RDWR)))
		rc = -EBADF;
	else if (mode != 0)
		rc = -EOPNOTSUPP;
	else if (vn->type == S_IFIFO)
		rc = -ESPIPE;
	else if (vfs_isdir(vn))
		rc = -EISDIR;
	else if (vn->type != S_IFREG)
		rc = -ENODEV;
	else if (off > INT64_MAX - len)
		rc = -EFBIG;
	else if ((rc = uk_file_getattr(f, &va)) == 0 && off + len > va.size)
		rc = uk_file_truncate(f, off + len);
	uk_file_release(f);
	return rc;
}
