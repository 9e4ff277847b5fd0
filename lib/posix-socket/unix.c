/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_UNIX stream socket pairs (socketpair(2)): two connected ends in the
 * image, each direction a byte ring like a pipe's. Reads block while
 * their ring is empty and the other end may still write; writes block
 * while the other end's ring is full; writing towards an end that is
 * closed or shut for reading is EPIPE; shutdown works per direction.
 * Names (bind, connect to a path) are not supported: socket(AF_UNIX) is
 * refused by sys_socket.c, and bind here is EOPNOTSUPP.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/condvar.h>
#include <uk/mutex.h>
#include "socket_impl.h"

/* Bytes each direction holds (what SO_SNDBUF/SO_RCVBUF report). */
#define UNIX_RING_SIZE	(128 * 1024)

struct unix_pair {
	struct uk_mutex lock;
	struct uk_condvar changed;	/* data, room, or an end went */
	struct {
		char *buf;		/* what this end reads */
		size_t head, len;
		bool closed;		/* this end's descriptor is gone */
		bool shut_rd, shut_wr;
		struct sock *sk;
	} end[2];
	unsigned int ends;		/* ends still open */
};

struct unix_end {
	struct unix_pair *p;
	int i;				/* 0 or 1 */
};

static const struct sock_ops unix_ops;

static void *ualloc(size_t n)
{
	return uk_calloc(uk_alloc_get_default(), 1, n);
}

static void ufree(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

static void notify_both(struct unix_pair *p)
{
	int i;

	for (i = 0; i < 2; i++)
		if (!p->end[i].closed)
			sock_notify(p->end[i].sk);
}

/* End @i may read: data waits, or nothing more can come. */
static bool can_read(struct unix_pair *p, int i)
{
	return p->end[i].len || p->end[i].shut_rd || p->end[!i].closed ||
	       p->end[!i].shut_wr;
}

static ssize_t unix_recvmsg(struct sock *sk, struct sock_msg *m, int flags,
			    bool nonblock)
{
	struct unix_end *e = sk->priv;
	struct unix_pair *p = e->p;
	size_t want = sock_iov_len(m), done = 0, k, first, n;
	size_t head, avail;
	int i = e->i;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (!want)
		return 0;
	nonblock |= flags & LX_MSG_DONTWAIT;
	uk_mutex_lock(&p->lock);
	for (;;) {
		if (p->end[i].len)
			break;
		if (can_read(p, i) || done) {
			uk_mutex_unlock(&p->lock);
			return (ssize_t)done;
		}
		if (nonblock) {
			uk_mutex_unlock(&p->lock);
			return -EAGAIN;
		}
		uk_condvar_wait(&p->changed, &p->lock);
	}
	head = p->end[i].head;
	avail = p->end[i].len;
	for (k = 0; k < m->iovlen && avail; k++) {
		n = m->iov[k].len < avail ? m->iov[k].len : avail;
		first = n < UNIX_RING_SIZE - head ? n : UNIX_RING_SIZE - head;
		memcpy(m->iov[k].base, p->end[i].buf + head, first);
		memcpy((char *)m->iov[k].base + first, p->end[i].buf, n - first);
		head = (head + n) % UNIX_RING_SIZE;
		avail -= n;
		done += n;
	}
	if (!(flags & LX_MSG_PEEK)) {
		p->end[i].head = head;
		p->end[i].len = avail;
		uk_condvar_broadcast(&p->changed);
	}
	uk_mutex_unlock(&p->lock);
	if (!(flags & LX_MSG_PEEK))
		notify_both(p);
	m->namelen = 0;
	m->flags = 0;
	return (ssize_t)done;
}

/* Copy bytes @from.. of the iovecs into the ring of end @to: how many. */
static size_t ring_put(struct unix_pair *p, int to, const struct sock_msg *m,
		       size_t from)
{
	size_t room = UNIX_RING_SIZE - p->end[to].len, done = 0, k, off = 0;
	size_t tail, n, skip, first;

	for (k = 0; k < m->iovlen && room; k++) {
		if (off + m->iov[k].len <= from) {
			off += m->iov[k].len;
			continue;
		}
		skip = from > off ? from - off : 0;
		n = m->iov[k].len - skip < room ? m->iov[k].len - skip : room;
		tail = (p->end[to].head + p->end[to].len) % UNIX_RING_SIZE;
		first = n < UNIX_RING_SIZE - tail ? n : UNIX_RING_SIZE - tail;
		memcpy(p->end[to].buf + tail, (char *)m->iov[k].base + skip,
		       first);
		memcpy(p->end[to].buf, (char *)m->iov[k].base + skip + first,
		       n - first);
		p->end[to].len += n;
		room -= n;
		done += n;
		from += n;
		off += m->iov[k].len;
	}
	return done;
}

static ssize_t unix_sendmsg(struct sock *sk, const struct sock_msg *m,
			    int flags, bool nonblock)
{
	struct unix_end *e = sk->priv;
	struct unix_pair *p = e->p;
	size_t len = sock_iov_len(m), done = 0;
	bool notified = true;
	int i = e->i;
	ssize_t rc = 0;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (m->name)
		return -EISCONN;
	nonblock |= flags & LX_MSG_DONTWAIT;
	uk_mutex_lock(&p->lock);
	while (done < len || len == 0) {
		if (p->end[i].shut_wr || p->end[!i].closed ||
		    p->end[!i].shut_rd) {
			rc = -EPIPE;
			break;
		}
		if (len == 0)
			break;
		if (p->end[!i].len == UNIX_RING_SIZE) {
			if (nonblock) {
				rc = -EAGAIN;
				break;
			}
			/* pollers may be waiting for what is in already */
			if (!notified) {
				uk_mutex_unlock(&p->lock);
				notify_both(p);
				uk_mutex_lock(&p->lock);
				notified = true;
				continue;
			}
			uk_condvar_wait(&p->changed, &p->lock);
			continue;
		}
		done += ring_put(p, !i, m, done);
		notified = false;
		uk_condvar_broadcast(&p->changed);
	}
	uk_mutex_unlock(&p->lock);
	if (done)
		notify_both(p);
	return done ? (ssize_t)done : rc;
}

static int unix_shutdown(struct sock *sk, int how)
{
	struct unix_end *e = sk->priv;
	struct unix_pair *p = e->p;

	if (how < LX_SHUT_RD || how > LX_SHUT_RDWR)
		return -EINVAL;
	uk_mutex_lock(&p->lock);
	if (how != LX_SHUT_WR)
		p->end[e->i].shut_rd = true;
	if (how != LX_SHUT_RD)
		p->end[e->i].shut_wr = true;
	uk_condvar_broadcast(&p->changed);
	uk_mutex_unlock(&p->lock);
	notify_both(p);
	return 0;
}

static unsigned int unix_poll(struct sock *sk)
{
	struct unix_end *e = sk->priv;
	struct unix_pair *p = e->p;
	unsigned int ev = 0;
	int i = e->i;

	uk_mutex_lock(&p->lock);
	if (can_read(p, i))
		ev |= LX_POLLIN | LX_POLLRDNORM;
	if (p->end[!i].closed || p->end[!i].shut_wr || p->end[i].shut_rd)
		ev |= LX_POLLRDHUP;
	if (p->end[!i].closed || p->end[!i].shut_rd || p->end[i].shut_wr) {
		if (p->end[!i].closed ||
		    (p->end[i].shut_rd && p->end[i].shut_wr))
			ev |= LX_POLLHUP;
		if (!p->end[i].shut_wr)
			ev |= LX_POLLOUT | LX_POLLWRNORM; /* EPIPE at once */
	} else if (p->end[!i].len < UNIX_RING_SIZE) {
		ev |= LX_POLLOUT | LX_POLLWRNORM;
	}
	uk_mutex_unlock(&p->lock);
	return ev;
}

static int unix_nread(struct sock *sk, int *n)
{
	struct unix_end *e = sk->priv;

	uk_mutex_lock(&e->p->lock);
	*n = (int)e->p->end[e->i].len;
	uk_mutex_unlock(&e->p->lock);
	return 0;
}

/* An unnamed AF_UNIX address: just the family. */
static int unix_getname(struct sock *sk, void *addr, uint32_t *len,
			bool peer)
{
	uint16_t fam = LX_AF_UNIX;

	memcpy(addr, &fam, *len < sizeof(fam) ? *len : sizeof(fam));
	*len = sizeof(fam);
	return 0;
}

static int unix_getsockopt(struct sock *sk, int level, int name, void *val,
			   uint32_t *len)
{
	int v;

	if (level != LX_SOL_SOCKET)
		return -ENOPROTOOPT;
	switch (name) {
	case LX_SO_ERROR:
	case LX_SO_ACCEPTCONN:
		v = 0;
		break;
	case LX_SO_SNDBUF:
	case LX_SO_RCVBUF:
		v = UNIX_RING_SIZE;
		break;
	default:
		return -ENOPROTOOPT;
	}
	if (*len < sizeof(v))
		return -EINVAL;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static int unix_setsockopt(struct sock *sk, int level, int name,
			   const void *val, uint32_t len)
{
	if (level != LX_SOL_SOCKET ||
	    (name != LX_SO_SNDBUF && name != LX_SO_RCVBUF))
		return -ENOPROTOOPT;
	/* one ring size: the request is clamped to it (as Linux clamps) */
	return len < sizeof(int) ? -EINVAL : 0;
}

static int unix_connect(struct sock *sk, const void *addr, uint32_t len,
			bool nonblock)
{
	return -EISCONN;
}

static void unix_release(struct sock *sk)
{
	struct unix_end *e = sk->priv;
	struct unix_pair *p = e->p;
	int i = e->i;
	bool last;

	uk_mutex_lock(&p->lock);
	p->end[i].closed = true;
	last = --p->ends == 0;
	uk_condvar_broadcast(&p->changed);
	uk_mutex_unlock(&p->lock);
	ufree(e);
	sk->priv = NULL;
	if (!last) {
		sock_notify(p->end[!i].sk);
		return;
	}
	ufree(p->end[0].buf);
	ufree(p->end[1].buf);
	ufree(p);
}

static const struct sock_ops unix_ops = {
	.connect = unix_connect,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getsockopt = unix_getsockopt,
	.setsockopt = unix_setsockopt,
	.getname = unix_getname,
	.poll = unix_poll,
	.nread = unix_nread,
	.release = unix_release,
};

/* A pair whose rings are allocated, no ends yet; NULL without memory. */
static struct unix_pair *pair_new(void)
{
	struct unix_pair *p = ualloc(sizeof(*p));

	if (!p)
		return NULL;
	p->end[0].buf = ualloc(UNIX_RING_SIZE);
	p->end[1].buf = ualloc(UNIX_RING_SIZE);
	if (!p->end[0].buf || !p->end[1].buf) {
		ufree(p->end[0].buf);
		ufree(p->end[1].buf);
		ufree(p);
		return NULL;
	}
	uk_mutex_init(&p->lock);
	uk_condvar_init(&p->changed);
	return p;
}

int unix_socketpair(int type, int protocol, struct sock *out[2])
{
	struct unix_end *e[2] = { NULL, NULL };
	struct unix_pair *p;
	int i, rc;

	if (type != LX_SOCK_STREAM)
		return -EOPNOTSUPP;
	if (protocol)
		return -EPROTONOSUPPORT;
	p = pair_new();
	if (!p)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		e[i] = ualloc(sizeof(*e[i]));
		rc = -ENOMEM;
		if (!e[i])
			goto fail;
		e[i]->p = p;
		e[i]->i = i;
		rc = sock_alloc(LX_AF_UNIX, type, 0, &unix_ops, e[i], &out[i]);
		if (rc < 0)
			goto fail;
		p->end[i].sk = out[i];
		p->ends++;
	}
	return 0;
fail:
	ufree(e[i]);
	if (i == 1) {
		/* end 0 exists: as the last end, it frees the pair */
		sock_discard(out[0]);
		return rc;
	}
	ufree(p->end[0].buf);
	ufree(p->end[1].buf);
	ufree(p);
	return rc;
}
