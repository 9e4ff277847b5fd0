/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The descriptor table: one per image (one process), shared by all
 * threads and protected by its own mutex. New descriptors take the lowest
 * free number. A slot may be reserved while an open() is in progress, so
 * that a full table fails before a file gets created (as in Linux).
 * Files are released after the table lock is dropped: closing may run
 * file system code.
 */
#include "vfs_impl.h"

#define FD_RESERVED	((struct uk_file *)1)
#define LONG_BITS	(8 * sizeof(unsigned long))

static struct {
	struct uk_mutex lock;
	struct uk_file *files[UK_FD_MAX];
	unsigned long cloexec[(UK_FD_MAX + LONG_BITS - 1) / LONG_BITS];
	int lowest_free;	/* no free slot below this one */
} fdtab = {
	.lock = UK_MUTEX_INITIALIZER(fdtab.lock, 0),
};

/* RLIMIT_NOFILE (uk_fd_set_limit()) */
static int fd_limit = UK_FD_MAX;

int uk_fd_limit(void)
{
	return fd_limit;
}

void uk_fd_set_limit(int limit)
{
	fd_limit = UK_MAX(1, UK_MIN(limit, UK_FD_MAX));
}

static void set_cloexec(int fd, bool on)
{
	unsigned long bit = 1UL << (fd % LONG_BITS);

	if (on)
		fdtab.cloexec[fd / LONG_BITS] |= bit;
	else
		fdtab.cloexec[fd / LONG_BITS] &= ~bit;
}

static bool valid_fd(int fd)
{
	return fd >= 0 && fd < UK_FD_MAX;
}

/* Slot @fd is now free (table lock held). */
static void note_free(int fd)
{
	fdtab.files[fd] = NULL;
	set_cloexec(fd, false);
	if (fd < fdtab.lowest_free)
		fdtab.lowest_free = fd;
}

int vfs_fd_reserve(int minfd)
{
	int fd;

	if (minfd < 0)
		return -EINVAL;
	uk_mutex_lock(&fdtab.lock);
	fd = UK_MAX(minfd, fdtab.lowest_free);
	while (fd < fd_limit && fdtab.files[fd])
		fd++;
	if (fd >= fd_limit) {
		fd = -EMFILE;
	} else {
		fdtab.files[fd] = FD_RESERVED;
		if (minfd <= fdtab.lowest_free)
			fdtab.lowest_free = fd + 1;
	}
	uk_mutex_unlock(&fdtab.lock);
	return fd;
}

void vfs_fd_fill(int fd, struct uk_file *f, bool cloexec)
{
	uk_mutex_lock(&fdtab.lock);
	UK_ASSERT(fdtab.files[fd] == FD_RESERVED);
	fdtab.files[fd] = f;
	set_cloexec(fd, cloexec);
	uk_mutex_unlock(&fdtab.lock);
}

void vfs_fd_unreserve(int fd)
{
	uk_mutex_lock(&fdtab.lock);
	UK_ASSERT(fdtab.files[fd] == FD_RESERVED);
	note_free(fd);
	uk_mutex_unlock(&fdtab.lock);
}

int uk_fd_install(struct uk_file *f, int minfd, bool cloexec)
{
	int fd;

	if (minfd >= fd_limit)
		return -EMFILE;
	fd = vfs_fd_reserve(minfd);
	if (fd >= 0)
		vfs_fd_fill(fd, uk_file_hold(f), cloexec);
	return fd;
}

struct uk_file *uk_fd_get(int fd)
{
	struct uk_file *f = NULL;

	if (!valid_fd(fd))
		return NULL;
	uk_mutex_lock(&fdtab.lock);
	if (fdtab.files[fd] && fdtab.files[fd] != FD_RESERVED)
		f = uk_file_hold(fdtab.files[fd]);
	uk_mutex_unlock(&fdtab.lock);
	return f;
}

int uk_fd_close(int fd)
{
	struct uk_file *f = NULL;

	if (!valid_fd(fd))
		return -EBADF;
	uk_mutex_lock(&fdtab.lock);
	if (fdtab.files[fd] && fdtab.files[fd] != FD_RESERVED) {
		f = fdtab.files[fd];
		note_free(fd);
	}
	uk_mutex_unlock(&fdtab.lock);
	if (!f)
		return -EBADF;
	uk_file_release(f);
	return 0;
}

int vfs_fd_dup_to(int oldfd, int newfd, bool cloexec)
{
	struct uk_file *f, *prev = NULL;
	int rc = newfd;

	if (!valid_fd(oldfd))
		return -EBADF;
	if (!valid_fd(newfd) || newfd >= fd_limit)
		return -EBADF;
	uk_mutex_lock(&fdtab.lock);
	f = fdtab.files[oldfd];
	if (!f || f == FD_RESERVED) {
		rc = -EBADF;
	} else if (fdtab.files[newfd] == FD_RESERVED) {
		rc = -EBUSY;	/* an open() is filling it: Linux says so */
	} else {
		prev = fdtab.files[newfd];
		fdtab.files[newfd] = uk_file_hold(f);
		set_cloexec(newfd, cloexec);
	}
	uk_mutex_unlock(&fdtab.lock);
	uk_file_release(prev);
	return rc;
}

int vfs_fd_get_cloexec(int fd)
{
	int rc;

	if (!valid_fd(fd))
		return -EBADF;
	uk_mutex_lock(&fdtab.lock);
	if (!fdtab.files[fd] || fdtab.files[fd] == FD_RESERVED)
		rc = -EBADF;
	else
		rc = !!(fdtab.cloexec[fd / LONG_BITS] &
			(1UL << (fd % LONG_BITS)));
	uk_mutex_unlock(&fdtab.lock);
	return rc;
}

int vfs_fd_set_cloexec(int fd, bool on)
{
	int rc = 0;

	if (!valid_fd(fd))
		return -EBADF;
	uk_mutex_lock(&fdtab.lock);
	if (!fdtab.files[fd] || fdtab.files[fd] == FD_RESERVED)
		rc = -EBADF;
	else
		set_cloexec(fd, on);
	uk_mutex_unlock(&fdtab.lock);
	return rc;
}
