/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets as vfscore files: an anonymous S_IFSOCK vnode per socket whose
 * priv is the struct sock. read(2), write(2), readv/writev, poll and
 * epoll, fcntl(O_NONBLOCK), ioctl(FIONBIO, FIONREAD), dup and close work
 * on it like on any descriptor; the socket calls (sys_socket.c) find it
 * through its descriptor.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/vfs.h>
#include "socket_impl.h"

static const struct uk_vnops sock_vnops;

static bool nonblocking(const struct uk_file *f)
{
	return __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

static ssize_t sock_vn_read(struct uk_vnode *vn, struct uk_file *f,
			    void *buf, size_t len, off_t off)
{
	struct sock *sk = vn->priv;
	struct sock_iov iov = { buf, len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1 };

	if (!sk->ops->recvmsg)
		return -EINVAL;
	return sk->ops->recvmsg(sk, &m, 0, nonblocking(f));
}

static ssize_t sock_vn_write(struct uk_vnode *vn, struct uk_file *f,
			     const void *buf, size_t len, off_t *off)
{
	struct sock *sk = vn->priv;
	struct sock_iov iov = { (void *)buf, len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1 };

	if (!sk->ops->sendmsg)
		return -EINVAL;
	return sk->ops->sendmsg(sk, &m, LX_MSG_NOSIGNAL, nonblocking(f));
}

static unsigned int sock_vn_poll(struct uk_vnode *vn, struct uk_file *f)
{
	struct sock *sk = vn->priv;

	return sk->ops->poll ? sk->ops->poll(sk) : POLLOUT | POLLWRNORM;
}

static int sock_vn_ioctl(struct uk_vnode *vn, struct uk_file *f,
			 unsigned long cmd, void *arg)
{
	struct sock *sk = vn->priv;
	int n, rc;

	if (cmd != FIONREAD || !sk->ops->nread)
		return -ENOTTY;
	rc = sk->ops->nread(sk, &n);
	if (rc < 0)
		return rc;
	return uk_vfs_copyout(arg, &n, sizeof(n));
}

/* The last descriptor (open file) is gone: the family lets go. */
static void sock_vn_close(struct uk_vnode *vn, struct uk_file *f)
{
	struct sock *sk = vn->priv;

	if (sk->ops->release)
		sk->ops->release(sk);
	sk->ops = NULL;
}

static void sock_vn_inactive(struct uk_vnode *vn)
{
	struct sock *sk = vn->priv;

	UK_ASSERT(!sk->ops);
	uk_free(uk_alloc_get_default(), sk);
	vn->priv = NULL;
}

static const struct uk_vnops sock_vnops = {
	.read = sock_vn_read,
	.write = sock_vn_write,
	.poll = sock_vn_poll,
	.ioctl = sock_vn_ioctl,
	.close = sock_vn_close,
	.inactive = sock_vn_inactive,
};

int sock_alloc(int family, int type, int protocol,
	       const struct sock_ops *ops, void *priv, struct sock **out)
{
	struct sock *sk;
	int rc;

	sk = uk_calloc(uk_alloc_get_default(), 1, sizeof(*sk));
	if (!sk)
		return -ENOMEM;
	sk->ops = ops;
	sk->family = family;
	sk->type = type;
	sk->protocol = protocol;
	sk->priv = priv;
	rc = uk_vnode_new_anon(&sock_vnops, S_IFSOCK, UK_VNODE_STREAM, sk,
			       &sk->vn);
	if (rc < 0) {
		uk_free(uk_alloc_get_default(), sk);
		return rc;
	}
	*out = sk;
	return 0;
}

void sock_discard(struct sock *sk)
{
	if (sk->ops && sk->ops->release)
		sk->ops->release(sk);
	sk->ops = NULL;
	uk_vnode_release(sk->vn);
}

int sock_install(struct sock *sk, int flags)
{
	struct uk_vnode *vn = sk->vn;
	struct uk_file *f;
	int rc;

	rc = uk_file_new(vn, O_RDWR | ((flags & LX_SOCK_NONBLOCK) ?
				       O_NONBLOCK : 0), &f);
	if (rc < 0) {
		sock_discard(sk);
		return rc;
	}
	uk_vnode_release(vn);	/* the file holds it now */
	rc = uk_fd_install(f, 0, flags & LX_SOCK_CLOEXEC);
	uk_file_release(f);	/* the descriptor holds it, or it closes */
	return rc;
}

/* The socket behind descriptor @fd, with its file held: -EBADF, -ENOTSOCK. */
struct sock *sock_from_fd(int fd, struct uk_file **fp, int *err)
{
	struct uk_file *f = uk_fd_get(fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->vn->ops != &sock_vnops || !f->vn->priv ||
	    !((struct sock *)f->vn->priv)->ops) {
		uk_file_release(f);
		*err = -ENOTSOCK;
		return NULL;
	}
	*fp = f;
	return f->vn->priv;
}

void sock_notify(struct sock *sk)
{
	uk_vnode_poll_notify(sk->vn);
}

int sock_wait(struct sock *sk, unsigned int events)
{
	unsigned long gen;

	for (;;) {
		gen = uk_vfs_poll_gen();
		if (sk->ops->poll(sk) & events)
			return 0;
		if (uk_vfs_poll_wait(gen, 0, false) == -EINTR)
			return -EINTR;
	}
}

void sock_get(struct sock *sk)
{
	uk_vnode_hold(sk->vn);
}

void sock_put(struct sock *sk)
{
	uk_vnode_release(sk->vn);
}

size_t sock_iov_len(const struct sock_msg *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->iovlen; i++)
		n += m->iov[i].len;
	return n;
}
