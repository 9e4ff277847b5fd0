/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * eventfd: a 64-bit counter behind a descriptor. write(2) adds an 8-byte
 * value (blocking while the sum would pass 2^64 - 2), read(2) returns the
 * counter and resets it (with EFD_SEMAPHORE: returns 1 and decrements),
 * blocking while it is 0. Readable while the counter is not 0, writable
 * while at least 1 can be added; every change notifies pollers and
 * epoll watchers.
 */
#include <sys/eventfd.h>
#include <uk/condvar.h>
#include "sys_impl.h"

#define EFD_MAX		UINT64_C(0xfffffffffffffffe)

struct efd {
	struct uk_mutex lock;
	struct uk_condvar changed;
	uint64_t count;
	bool semaphore;
};

static ssize_t efd_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			size_t len, off_t off)
{
	struct efd *e = vn->priv;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	uk_mutex_lock(&e->lock);
	while (e->count == 0) {
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
		    O_NONBLOCK) {
			uk_mutex_unlock(&e->lock);
			return -EAGAIN;
		}
		uk_condvar_wait(&e->changed, &e->lock);
	}
	v = e->semaphore ? 1 : e->count;
	e->count -= v;
	uk_condvar_broadcast(&e->changed);
	uk_mutex_unlock(&e->lock);
	memcpy(buf, &v, sizeof(v));
	uk_vnode_poll_notify(vn);
	return sizeof(v);
}

static ssize_t efd_write(struct uk_vnode *vn, struct uk_file *f,
			 const void *buf, size_t len, off_t *off)
{
	struct efd *e = vn->priv;
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	uk_mutex_lock(&e->lock);
	while (EFD_MAX - e->count < v) {
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
		    O_NONBLOCK) {
			uk_mutex_unlock(&e->lock);
			return -EAGAIN;
		}
		uk_condvar_wait(&e->changed, &e->lock);
	}
	e->count += v;
	uk_condvar_broadcast(&e->changed);
	uk_mutex_unlock(&e->lock);
	if (v)
		uk_vnode_poll_notify(vn);
	return sizeof(v);
}

static unsigned int efd_poll(struct uk_vnode *vn, struct uk_file *f)
{
	struct efd *e = vn->priv;
	unsigned int ev = 0;
	uint64_t c = __atomic_load_n(&e->count, __ATOMIC_RELAXED);

	if (c)
		ev |= POLLIN | POLLRDNORM;
	if (c < EFD_MAX)
		ev |= POLLOUT | POLLWRNORM;
	return ev;
}

static void efd_inactive(struct uk_vnode *vn)
{
	vfs_free(vn->priv);
	vn->priv = NULL;
}

static const struct uk_vnops efd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.inactive = efd_inactive,
};

static long efd_create(unsigned int count, int flags)
{
	struct uk_vnode *vn;
	struct uk_file *f;
	struct efd *e;
	int rc;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	e = vfs_calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	uk_mutex_init(&e->lock);
	uk_condvar_init(&e->changed);
	e->count = count;
	e->semaphore = flags & EFD_SEMAPHORE;
	rc = uk_vnode_new_anon(&efd_ops, 0, UK_VNODE_STREAM, e, &vn);
	if (rc < 0) {
		vfs_free(e);
		return rc;
	}
	rc = uk_file_new(vn, O_RDWR | (flags & EFD_NONBLOCK), &f);
	uk_vnode_release(vn);
	if (rc < 0)
		return rc;
	rc = uk_fd_install(f, 0, flags & EFD_CLOEXEC);
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE2(eventfd2, unsigned int, count, int, flags)
{
	return efd_create(count, flags);
}

#ifdef SYS_eventfd
UK_SYSCALL_DEFINE1(eventfd, unsigned int, count)
{
	return efd_create(count, 0);
}
#endif
