/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipes: an anonymous FIFO vnode with a byte ring. Reads block while the
 * ring is empty and some writer remains (then 0: end of file); writes
 * block while there is no room, and writes of at most UK_PIPE_BUF bytes
 * go in at once (never interleaved with another writer's). Writing with
 * no reader left fails with -EPIPE (there are no signals to send). Both
 * ends honour O_NONBLOCK (-EAGAIN).
 */
#include <uk/condvar.h>
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif
#include "vfs_impl.h"

#ifndef FIONREAD
#define FIONREAD	0x541B
#endif

#define PIPE_DEFAULT_SIZE	65536		/* Linux's default */
/* The smallest ring keeps PIPE_BUF writes atomic; the largest is Linux's
 * default pipe-max-size. */
#define PIPE_MIN_SIZE		UK_PIPE_BUF
#define PIPE_MAX_SIZE		(1UL << 20)

/* posix-process, when linked in: a signal or cancellation interrupts */
bool uk_posix_interrupted(void) __weak;

struct vfs_pipe {
	struct uk_mutex lock;
	struct uk_condvar readable;	/* data arrived or writers left */
	struct uk_condvar writable;	/* room freed or readers left */
	char *buf;
	size_t cap;
	size_t head;			/* first unread byte */
	size_t len;			/* unread bytes */
	unsigned int readers;
	unsigned int writers;
	int64_t ctime;
};

static const struct uk_vnops pipe_ops;

static int pipe_open(struct uk_vnode *vn, struct uk_file *f)
{
	struct vfs_pipe *p = vn->priv;
	unsigned int acc = f->flags & O_ACCMODE;

	uk_mutex_lock(&p->lock);
	if (acc == O_RDONLY || acc == O_RDWR)
		p->readers++;
	if (acc == O_WRONLY || acc == O_RDWR)
		p->writers++;
	uk_mutex_unlock(&p->lock);
	return 0;
}

static void pipe_close(struct uk_vnode *vn, struct uk_file *f)
{
	struct vfs_pipe *p = vn->priv;
	unsigned int acc = f->flags & O_ACCMODE;

	uk_mutex_lock(&p->lock);
	if (acc == O_RDONLY || acc == O_RDWR) {
		UK_ASSERT(p->readers > 0);
		if (--p->readers == 0)
			uk_condvar_broadcast(&p->writable);
	}
	if (acc == O_WRONLY || acc == O_RDWR) {
		UK_ASSERT(p->writers > 0);
		if (--p->writers == 0)
			uk_condvar_broadcast(&p->readable);
	}
	uk_mutex_unlock(&p->lock);
	uk_vnode_poll_notify(vn);
}

static ssize_t pipe_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			 size_t len, off_t off)
{
	struct vfs_pipe *p = vn->priv;
	size_t n, first;

	if (len == 0)
		return 0;
	uk_mutex_lock(&p->lock);
	while (p->len == 0) {
		if (p->writers == 0) {
			uk_mutex_unlock(&p->lock);
			return 0;
		}
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
		    O_NONBLOCK) {
			uk_mutex_unlock(&p->lock);
			return -EAGAIN;
		}
		/* a signal or a cancellation (posix-process) ends the wait */
		if (uk_condvar_wait_intr(&p->readable, &p->lock, 0,
					 uk_posix_interrupted) == -EINTR) {
			uk_mutex_unlock(&p->lock);
			return -EINTR;
		}
	}
	n = UK_MIN(len, p->len);
	first = UK_MIN(n, p->cap - p->head);
	memcpy(buf, p->buf + p->head, first);
	memcpy((char *)buf + first, p->buf, n - first);
	p->head = (p->head + n) % p->cap;
	p->len -= n;
	if (p->len == 0)
		p->head = 0;
	uk_condvar_broadcast(&p->writable);
	uk_mutex_unlock(&p->lock);
	uk_vnode_poll_notify(vn);
	return (ssize_t)n;
}

static void ring_put(struct vfs_pipe *p, const char *src, size_t n)
{
	size_t tail = (p->head + p->len) % p->cap;
	size_t first = UK_MIN(n, p->cap - tail);

	memcpy(p->buf + tail, src, first);
	memcpy(p->buf, src + first, n - first);
	p->len += n;
}

static ssize_t pipe_write(struct uk_vnode *vn, struct uk_file *f,
			  const void *buf, size_t len, off_t *off)
{
	struct vfs_pipe *p = vn->priv;
	size_t done = 0, room, need, n;
	ssize_t rc = 0;

	if (len == 0)
		return 0;
	uk_mutex_lock(&p->lock);
	while (done < len) {
		if (p->readers == 0) {
			rc = -EPIPE;
			break;
		}
		room = p->cap - p->len;
		/* small writes go in whole; large ones as room appears */
		need = len <= UK_PIPE_BUF ? len : 1;
		if (room < need) {
			if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
			    O_NONBLOCK) {
				rc = -EAGAIN;
				break;
			}
			/* pollers may be waiting for what is in already */
			if (done)
				uk_vnode_poll_notify(vn);
			uk_condvar_wait(&p->writable, &p->lock);
			continue;
		}
		n = UK_MIN(room, len - done);
		ring_put(p, (const char *)buf + done, n);
		done += n;
		uk_condvar_broadcast(&p->readable);
	}
	uk_mutex_unlock(&p->lock);
	if (done)
		uk_vnode_poll_notify(vn);
	return done ? (ssize_t)done : rc;
}

static unsigned int pipe_poll(struct uk_vnode *vn, struct uk_file *f)
{
	struct vfs_pipe *p = vn->priv;
	unsigned int acc = f->flags & O_ACCMODE, ev = 0;

	uk_mutex_lock(&p->lock);
	if (acc == O_RDONLY || acc == O_RDWR) {
		if (p->len)
			ev |= POLLIN | POLLRDNORM;
		if (!p->writers)
			ev |= POLLHUP;
	}
	if (acc == O_WRONLY || acc == O_RDWR) {
		if (p->cap - p->len >= UK_PIPE_BUF)
			ev |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			ev |= POLLERR;
	}
	uk_mutex_unlock(&p->lock);
	return ev;
}

static int pipe_ioctl(struct uk_vnode *vn, struct uk_file *f,
		      unsigned long cmd, void *arg)
{
	struct vfs_pipe *p = vn->priv;
	int v;

	if (cmd != FIONREAD)
		return -ENOTTY;
	uk_mutex_lock(&p->lock);
	v = (int)p->len;
	uk_mutex_unlock(&p->lock);
	return uk_vfs_copyout(arg, &v, sizeof(v));
}

static int pipe_getattr(struct uk_vnode *vn, struct uk_vattr *va)
{
	struct vfs_pipe *p = vn->priv;

	va->mode = S_IFIFO | 0600;
	va->nlink = 1;
	va->blksize = 4096;
	va->atime = va->mtime = va->ctime = p->ctime;
	return 0;
}

static void pipe_inactive(struct uk_vnode *vn)
{
	struct vfs_pipe *p = vn->priv;

	vfs_free(p->buf);
	vfs_free(p);
}

static const struct uk_vnops pipe_ops = {
	.getattr = pipe_getattr,
	.inactive = pipe_inactive,
	.open = pipe_open,
	.close = pipe_close,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
};

int uk_vfs_pipe(struct uk_file *files[2], unsigned int flags)
{
	struct uk_vnode *vn;
	struct vfs_pipe *p;
	int rc;

	p = vfs_calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->buf = vfs_malloc(PIPE_DEFAULT_SIZE);
	if (!p->buf) {
		vfs_free(p);
		return -ENOMEM;
	}
	p->cap = PIPE_DEFAULT_SIZE;
	p->ctime = vfs_now();
	uk_mutex_init(&p->lock);
	uk_condvar_init(&p->readable);
	uk_condvar_init(&p->writable);
	rc = uk_vnode_new_anon(&pipe_ops, S_IFIFO, UK_VNODE_STREAM, p, &vn);
	if (rc < 0) {
		vfs_free(p->buf);
		vfs_free(p);
		return rc;
	}
	flags &= O_NONBLOCK;
	rc = uk_file_new(vn, O_RDONLY | flags, &files[0]);
	if (rc == 0) {
		rc = uk_file_new(vn, O_WRONLY | flags, &files[1]);
		if (rc < 0)
			uk_file_release(files[0]);
	}
	/* the files hold the vnode now; on failure this frees the pipe */
	uk_vnode_release(vn);
	return rc;
}

static struct vfs_pipe *file_pipe(struct uk_file *f)
{
	return f->vn->ops == &pipe_ops ? f->vn->priv : NULL;
}

long vfs_pipe_get_size(struct uk_file *f)
{
	struct vfs_pipe *p = file_pipe(f);

	return p ? (long)p->cap : -EBADF;
}

long vfs_pipe_set_size(struct uk_file *f, unsigned long size)
{
	struct vfs_pipe *p = file_pipe(f);
	size_t cap = PIPE_MIN_SIZE, first;
	char *nbuf;
	long rc;

	if (!p)
		return -EBADF;
	if (size > PIPE_MAX_SIZE)
		return -EPERM;
	while (cap < size)
		cap <<= 1;
	nbuf = vfs_malloc(cap);
	if (!nbuf)
		return -ENOMEM;
	uk_mutex_lock(&p->lock);
	if (p->len > cap) {
		rc = -EBUSY;
	} else {
		first = UK_MIN(p->len, p->cap - p->head);
		memcpy(nbuf, p->buf + p->head, first);
		memcpy(nbuf + first, p->buf, p->len - first);
		vfs_free(p->buf);
		p->buf = nbuf;
		p->cap = cap;
		p->head = 0;
		nbuf = NULL;
		rc = (long)cap;
		uk_condvar_broadcast(&p->writable);
	}
	uk_mutex_unlock(&p->lock);
	vfs_free(nbuf);
	uk_vnode_poll_notify(f->vn);
	return rc;
}
