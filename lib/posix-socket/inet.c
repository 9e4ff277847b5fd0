/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_INET and AF_INET6 sockets over lwIP's socket API. Why lwIP's
 * sockets and not its netconn API: lwIP's sockets already implement the
 * BSD semantics programs depend on (partial reads of segments, MSG_PEEK,
 * non-blocking and timed calls, SO_ERROR and pending errors, the socket
 * options, UDP addressing, err_t to errno), maintained and used widely;
 * on netconns all of it would be rewritten here. What is left for this
 * file is the Linux ABI (sockaddr layout, option and flag numbers, poll
 * bits all differ in lwIP's headers: this file sees only lwIP's), the
 * file descriptor around lwIP's socket number, O_NONBLOCK, and readiness:
 * lwIP's event callback (LWIP_HOOK_SOCKET_EVENT, lib/lwip/patches) calls
 * inet_event(), which wakes the socket's pollers and epoll watchers.
 *
 * Linux's answers where lwIP's differ: ECONNREFUSED (lwIP: ECONNRESET)
 * for a refused connect, EPIPE for sending on a stream whose sending
 * side is shut down or whose connection is gone, EOPNOTSUPP for
 * listen/accept on datagram sockets.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/plat/lcpu.h>
#include "lwip/sockets.h"
#include "lwip/api.h"
#include "socket_impl.h"

struct inet {
	int s;			/* lwIP's socket number */
	bool lw_nonblock;	/* what lwIP's socket was last told */
	bool connecting;	/* connect() returned EINPROGRESS */
	bool connected;		/* was connected once */
	bool shut_rd;
	bool shut_wr;
	/* SO_LINGER, kept here: the close is uk_lwip_close_linger()'s
	 * (lwIP's own lingering close could block forever) */
	bool linger;
	unsigned int linger_secs;
};

/* struct linger of Linux's ABI */
struct lx_linger {
	int l_onoff;
	int l_linger;
};

static const struct sock_ops inet_ops;

/* lwIP socket number -> socket; changed with interrupts off (one CPU) */
static struct sock *by_lwip[MEMP_NUM_NETCONN];

static struct inet *inet_of(struct sock *sk)
{
	return sk->priv;
}

/* lwIP reports failures in errno (Linux's values: lib/lwip/arch/cc.h). */
static int lwip_error(void)
{
	return errno ? -errno : -EIO;
}

static void set_by_lwip(int s, struct sock *sk)
{
	unsigned long fl = ukplat_lcpu_save_irqf();

	by_lwip[s] = sk;
	ukplat_lcpu_restore_irqf(fl);
}

/* lwIP's event callback: an arrival, room, or an error wakes pollers. */
static void inet_event(int s, int evt)
{
	struct sock *sk = NULL;
	unsigned long fl;

	if (evt == NETCONN_EVT_RCVMINUS || evt == NETCONN_EVT_SENDMINUS)
		return;
	if (s < 0 || s >= MEMP_NUM_NETCONN)
		return;
	fl = ukplat_lcpu_save_irqf();
	sk = by_lwip[s];
	if (sk)
		sock_get(sk);
	ukplat_lcpu_restore_irqf(fl);
	if (!sk)
		return;
	sock_notify(sk);
	sock_put(sk);
}

static int inet_init(void)
{
	uk_lwip_set_socket_event_handler(inet_event);
	return 0;
}
uk_lib_initcall(inet_init, NULL);

bool uk_posix_interrupted(void) __weak;

/*
 * A blocking wait of lwIP (recv, accept) that ended as a timeout for a
 * signal or a cancellation (lib/lwip/sys_arch.c) is EINTR, as on Linux:
 * reads and accepts of sockets are cancellation points.
 */
static int wait_error(int rc, bool nonblock)
{
	if (rc == -EAGAIN && !nonblock && uk_posix_interrupted &&
	    uk_posix_interrupted())
		return -EINTR;
	return rc;
}

/* Tell lwIP's socket whether this call may block. */
static void sync_nonblock(struct inet *in, bool nonblock)
{
	int v = nonblock;

	if (in->lw_nonblock != nonblock) {
		lwip_ioctl(in->s, FIONBIO, &v);
		in->lw_nonblock = nonblock;
	}
}

/* Addresses ------------------------------------------------------------------ */

/*
 * Linux's sockaddr_in/_in6 and lwIP's differ only in their first two
 * bytes (u16 family; u8 length + u8 family): the rest is copied.
 */
static int addr_to_lwip(struct sock *sk, const void *la, uint32_t len,
			struct sockaddr_storage *ss, bool unspec_ok)
{
	uint32_t want = sk->family == LX_AF_INET ? LX_SOCKADDR_IN_LEN :
			LX_SOCKADDR_IN6_LEN;
	uint16_t fam;

	if (len < sizeof(fam))
		return -EINVAL;
	memcpy(&fam, la, sizeof(fam));
	memset(ss, 0, sizeof(*ss));
	if (fam == LX_AF_UNSPEC && unspec_ok) {
		ss->s2_len = sizeof(struct sockaddr_in);
		ss->ss_family = AF_UNSPEC;
		return sizeof(struct sockaddr_in);
	}
	if (len < want)
		return -EINVAL;
	if (fam != sk->family)
		return sk->family == LX_AF_INET ? -EAFNOSUPPORT : -EINVAL;
	memcpy((char *)ss + 2, (const char *)la + 2, want - 2);
	ss->s2_len = (u8_t)want;
	ss->ss_family = fam == LX_AF_INET ? AF_INET : AF_INET6;
	return (int)want;
}

/* lwIP's address @ss into Linux's at @la (room *@len; *@len: its size). */
static void addr_from_lwip(const struct sockaddr_storage *ss, void *la,
			   uint32_t *len)
{
	unsigned char buf[LX_SOCKADDR_IN6_LEN];
	uint16_t fam = ss->ss_family == AF_INET6 ? LX_AF_INET6 : LX_AF_INET;
	uint32_t n = fam == LX_AF_INET ? LX_SOCKADDR_IN_LEN :
		     LX_SOCKADDR_IN6_LEN;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, &fam, sizeof(fam));
	memcpy(buf + 2, (const char *)ss + 2, n - 2);
	memcpy(la, buf, *len < n ? *len : n);
	*len = n;
}

/* Flags and options ---------------------------------------------------------- */

/*
 * Linux MSG_* to lwIP's (those lwIP has no use for are dropped;
 * MSG_WAITALL is done here: lwip_recvmsg() refuses it).
 */
static int msg_flags_to_lwip(int flags)
{
	int lw = 0;

	if (flags & LX_MSG_PEEK)
		lw |= MSG_PEEK;
	if (flags & LX_MSG_DONTWAIT)
		lw |= MSG_DONTWAIT;
	if (flags & LX_MSG_MORE)
		lw |= MSG_MORE;
	return lw;
}

static int msg_flags_from_lwip(int lw)
{
	return ((lw & MSG_TRUNC) ? LX_MSG_TRUNC : 0) |
	       ((lw & MSG_CTRUNC) ? LX_MSG_CTRUNC : 0);
}

struct optmap {
	int lx_level, lx_name;
	int lw_level, lw_name;
};

/* The options lwIP implements, by their Linux numbers. */
static const struct optmap optmap[] = {
	{ LX_SOL_SOCKET, LX_SO_REUSEADDR, SOL_SOCKET, SO_REUSEADDR },
	{ LX_SOL_SOCKET, LX_SO_KEEPALIVE, SOL_SOCKET, SO_KEEPALIVE },
	{ LX_SOL_SOCKET, LX_SO_BROADCAST, SOL_SOCKET, SO_BROADCAST },
	{ LX_SOL_SOCKET, LX_SO_ERROR, SOL_SOCKET, SO_ERROR },
	{ LX_SOL_SOCKET, LX_SO_RCVBUF, SOL_SOCKET, SO_RCVBUF },
	{ LX_SOL_SOCKET, LX_SO_RCVTIMEO, SOL_SOCKET, SO_RCVTIMEO },
	{ LX_SOL_SOCKET, LX_SO_SNDTIMEO, SOL_SOCKET, SO_SNDTIMEO },
	{ LX_SOL_SOCKET, LX_SO_ACCEPTCONN, SOL_SOCKET, SO_ACCEPTCONN },
	{ LX_SOL_SOCKET, LX_SO_NO_CHECK, SOL_SOCKET, SO_NO_CHECK },
	{ LX_IPPROTO_TCP, LX_TCP_NODELAY, IPPROTO_TCP, TCP_NODELAY },
	{ LX_IPPROTO_TCP, LX_TCP_KEEPIDLE, IPPROTO_TCP, TCP_KEEPIDLE },
	{ LX_IPPROTO_TCP, LX_TCP_KEEPINTVL, IPPROTO_TCP, TCP_KEEPINTVL },
	{ LX_IPPROTO_TCP, LX_TCP_KEEPCNT, IPPROTO_TCP, TCP_KEEPCNT },
	{ LX_IPPROTO_IP, LX_IP_TOS, IPPROTO_IP, IP_TOS },
	{ LX_IPPROTO_IP, LX_IP_TTL, IPPROTO_IP, IP_TTL },
	{ LX_IPPROTO_IP, LX_IP_PKTINFO, IPPROTO_IP, IP_PKTINFO },
	{ LX_IPPROTO_IP, LX_IP_MULTICAST_TTL, IPPROTO_IP, IP_MULTICAST_TTL },
	{ LX_IPPROTO_IP, LX_IP_MULTICAST_IF, IPPROTO_IP, IP_MULTICAST_IF },
	{ LX_IPPROTO_IP, LX_IP_MULTICAST_LOOP, IPPROTO_IP, IP_MULTICAST_LOOP },
	{ LX_IPPROTO_IP, LX_IP_ADD_MEMBERSHIP, IPPROTO_IP, IP_ADD_MEMBERSHIP },
	{ LX_IPPROTO_IP, LX_IP_DROP_MEMBERSHIP, IPPROTO_IP,
	  IP_DROP_MEMBERSHIP },
	{ LX_IPPROTO_IPV6, LX_IPV6_V6ONLY, IPPROTO_IPV6, IPV6_V6ONLY },
	{ LX_IPPROTO_IPV6, LX_IPV6_CHECKSUM, IPPROTO_IPV6, IPV6_CHECKSUM },
	{ LX_IPPROTO_IPV6, LX_IPV6_ADD_MEMBERSHIP, IPPROTO_IPV6,
	  IPV6_ADD_MEMBERSHIP },
	{ LX_IPPROTO_IPV6, LX_IPV6_DROP_MEMBERSHIP, IPPROTO_IPV6,
	  IPV6_DROP_MEMBERSHIP },
};

static const struct optmap *opt_find(int level, int name)
{
	size_t i;

	for (i = 0; i < sizeof(optmap) / sizeof(optmap[0]); i++)
		if (optmap[i].lx_level == level && optmap[i].lx_name == name)
			return &optmap[i];
	return NULL;
}

/* Operations ------------------------------------------------------------------ */

int inet_socket(int family, int type, int protocol, struct sock **out)
{
	struct inet *in;
	struct sock *sk;
	int s, rc;

	if (type != LX_SOCK_STREAM && type != LX_SOCK_DGRAM &&
	    type != LX_SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	if ((type == LX_SOCK_STREAM && protocol && protocol != LX_IPPROTO_TCP) ||
	    (type == LX_SOCK_DGRAM && protocol && protocol != LX_IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	in = uk_calloc(uk_alloc_get_default(), 1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	s = lwip_socket(family == LX_AF_INET ? AF_INET : AF_INET6, type,
			protocol);
	if (s < 0) {
		rc = lwip_error();
		uk_free(uk_alloc_get_default(), in);
		return rc;
	}
	in->s = s;
	rc = sock_alloc(family, type, protocol, &inet_ops, in, &sk);
	if (rc < 0) {
		lwip_close(s);
		uk_free(uk_alloc_get_default(), in);
		return rc;
	}
	set_by_lwip(s, sk);
	*out = sk;
	return 0;
}

static int inet_bind(struct sock *sk, const void *addr, uint32_t len)
{
	struct sockaddr_storage ss;
	int n = addr_to_lwip(sk, addr, len, &ss, false);

	if (n < 0)
		return n;
	if (lwip_bind(inet_of(sk)->s, (struct sockaddr *)&ss, (socklen_t)n))
		return lwip_error();
	return 0;
}

static int inet_listen(struct sock *sk, int backlog)
{
	if (sk->type != LX_SOCK_STREAM)
		return -EOPNOTSUPP;
	if (backlog < 0 || backlog > 0xff)
		backlog = 0xff;	/* lwIP keeps a u8 backlog */
	if (lwip_listen(inet_of(sk)->s, backlog))
		return lwip_error();
	return 0;
}

static int inet_accept(struct sock *sk, struct sock **out, void *addr,
		       uint32_t *len, bool nonblock)
{
	struct inet *in = inet_of(sk), *nin;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct sock *nsk;
	int s, rc;

	if (sk->type != LX_SOCK_STREAM)
		return -EOPNOTSUPP;
	nin = uk_calloc(uk_alloc_get_default(), 1, sizeof(*nin));
	if (!nin)
		return -ENOMEM;
	sync_nonblock(in, nonblock);
	s = lwip_accept(in->s, (struct sockaddr *)&ss, &sl);
	if (s < 0) {
		rc = wait_error(lwip_error(), nonblock);
		uk_free(uk_alloc_get_default(), nin);
		return rc;
	}
	nin->s = s;
	nin->connected = true;
	rc = sock_alloc(sk->family, sk->type, sk->protocol, &inet_ops, nin,
			&nsk);
	if (rc < 0) {
		lwip_close(s);
		uk_free(uk_alloc_get_default(), nin);
		return rc;
	}
	set_by_lwip(s, nsk);
	if (addr)
		addr_from_lwip(&ss, addr, len);
	*out = nsk;
	return 0;
}

/*
 * Wait until the stream's connect attempt ends: 0 (connected), its error
 * (ECONNREFUSED, ETIMEDOUT, ...), or -EINTR for a signal.
 */
static int connect_wait(struct sock *sk)
{
	struct inet *in = inet_of(sk);
	socklen_t sl = sizeof(int);
	int err = 0;

	if (sock_wait(sk, LX_POLLOUT | LX_POLLERR | LX_POLLHUP) == -EINTR)
		return -EINTR;
	if (lwip_getsockopt(in->s, SOL_SOCKET, SO_ERROR, &err, &sl))
		return lwip_error();
	if (err == ECONNRESET)
		err = ECONNREFUSED;	/* an RST answered the SYN */
	in->connecting = false;
	if (err)
		return -err;
	in->connected = true;
	return 0;
}

static int inet_connect(struct sock *sk, const void *addr, uint32_t len,
			bool nonblock)
{
	struct inet *in = inet_of(sk);
	struct sockaddr_storage ss;
	int n = addr_to_lwip(sk, addr, len, &ss, sk->type != LX_SOCK_STREAM);

	if (n < 0)
		return n;
	/*
	 * A stream's blocking connect is lwIP's non-blocking one and a wait
	 * here, which a signal or a cancellation ends (EINTR, as on Linux;
	 * the attempt goes on, and a later connect waits for it again):
	 * lwIP's own blocking connect cannot be interrupted.
	 */
	sync_nonblock(in, nonblock || sk->type == LX_SOCK_STREAM);
	if (lwip_connect(in->s, (struct sockaddr *)&ss, (socklen_t)n) == 0) {
		in->connected = true;
		in->connecting = false;
		return 0;
	}
	n = lwip_error();
	if (n == -EINPROGRESS)
		in->connecting = true;
	if (!nonblock && sk->type == LX_SOCK_STREAM &&
	    (n == -EINPROGRESS || (n == -EALREADY && in->connecting)))
		n = connect_wait(sk);
	else if (n == -ECONNRESET && sk->type == LX_SOCK_STREAM)
		n = -ECONNREFUSED;	/* an RST answered the SYN */
	return n;
}

/*
 * Send @m; on streams whose sending side is gone, Linux's EPIPE (there
 * is no SIGPIPE to raise: MSG_NOSIGNAL or not).
 */
static ssize_t inet_sendmsg(struct sock *sk, const struct sock_msg *m,
			    int flags, bool nonblock)
{
	struct inet *in = inet_of(sk);
	struct sockaddr_storage ss;
	struct msghdr lm;
	ssize_t n;
	int rc;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->type == LX_SOCK_STREAM && in->shut_wr)
		return -EPIPE;
	memset(&lm, 0, sizeof(lm));
	if (m->name && sk->type != LX_SOCK_STREAM) {
		rc = addr_to_lwip(sk, m->name, m->namelen, &ss, false);
		if (rc < 0)
			return rc;
		lm.msg_name = &ss;
		lm.msg_namelen = (socklen_t)rc;
	}
	lm.msg_iov = (struct iovec *)m->iov;
	lm.msg_iovlen = (int)m->iovlen;
	if (sk->type == LX_SOCK_STREAM && sock_iov_len(m) == 0)
		return in->connected ? 0 : -ENOTCONN;
	sync_nonblock(in, false);
	n = lwip_sendmsg(in->s, &lm, msg_flags_to_lwip(flags) |
			 (nonblock ? MSG_DONTWAIT : 0));
	if (n >= 0)
		return n;
	rc = lwip_error();
	if (sk->type == LX_SOCK_STREAM && in->connected &&
	    (rc == -ENOTCONN || rc == -ECONNABORTED))
		rc = -EPIPE;
	return rc;
}

/* Drop @n consumed bytes from the front of @m's iovecs. */
static void iov_advance(struct sock_msg *m, size_t n)
{
	while (n && m->iovlen) {
		if (n < m->iov->len) {
			m->iov->base = (char *)m->iov->base + n;
			m->iov->len -= n;
			return;
		}
		n -= m->iov->len;
		m->iov++;
		m->iovlen--;
	}
}

/* One lwip_recvmsg() into @m: bytes, 0 at the end, or -errno. */
static ssize_t recv_once(struct sock *sk, struct sock_msg *m, int lwflags,
			 struct sockaddr_storage *ss, int *msg_flags)
{
	struct inet *in = inet_of(sk);
	struct msghdr lm;
	ssize_t n;

	memset(&lm, 0, sizeof(lm));
	lm.msg_name = m->name ? ss : NULL;
	lm.msg_namelen = m->name ? sizeof(*ss) : 0;
	lm.msg_iov = (struct iovec *)m->iov;
	lm.msg_iovlen = (int)m->iovlen;
	n = lwip_recvmsg(in->s, &lm, lwflags);
	if (n < 0) {
		n = lwip_error();
		/* lwIP: ENOTCONN after the peer's FIN was consumed */
		return n == -ENOTCONN && in->connected ? 0 : n;
	}
	*msg_flags = lm.msg_flags;
	if (!lm.msg_namelen)
		m->name = NULL;
	return n;
}

static ssize_t inet_recvmsg(struct sock *sk, struct sock_msg *m, int flags,
			    bool nonblock)
{
	struct inet *in = inet_of(sk);
	struct sockaddr_storage ss;
	struct sock_msg rest = *m;
	int lwflags, lwmsg = 0;
	size_t want = sock_iov_len(m), got = 0;
	ssize_t n;

	if (flags & LX_MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->type == LX_SOCK_STREAM && (in->shut_rd || want == 0))
		return 0;
	memset(&ss, 0, sizeof(ss));
	lwflags = msg_flags_to_lwip(flags) | (nonblock ? MSG_DONTWAIT : 0);
	sync_nonblock(in, false);
	do {
		n = recv_once(sk, &rest, lwflags, &ss, &lwmsg);
		if (n <= 0)
			break;
		got += (size_t)n;
		iov_advance(&rest, (size_t)n);
	} while (sk->type == LX_SOCK_STREAM && (flags & LX_MSG_WAITALL) &&
		 !(flags & LX_MSG_PEEK) && got < want);
	if (got == 0 && n < 0)
		return wait_error((int)n, nonblock || (flags & LX_MSG_DONTWAIT));
	if (m->name && rest.name)
		addr_from_lwip(&ss, m->name, &m->namelen);
	else
		m->namelen = 0;
	m->flags = msg_flags_from_lwip(lwmsg);
	return (ssize_t)got;
}

static int inet_shutdown(struct sock *sk, int how)
{
	struct inet *in = inet_of(sk);

	if (how < LX_SHUT_RD || how > LX_SHUT_RDWR)
		return -EINVAL;
	if (lwip_shutdown(in->s, how))
		return lwip_error();
	if (how != LX_SHUT_WR)
		in->shut_rd = true;
	if (how != LX_SHUT_RD)
		in->shut_wr = true;
	sock_notify(sk);
	return 0;
}

static int inet_getsockopt(struct sock *sk, int level, int name, void *val,
			   uint32_t *len)
{
	struct inet *in = inet_of(sk);
	const struct optmap *o;
	socklen_t sl = *len;
	int v;

	if (level == LX_SOL_SOCKET && name == LX_SO_SNDBUF) {
		/* the one send buffer size lwIP has (see setsockopt) */
		if (*len < sizeof(int))
			return -EINVAL;
		v = sk->type == LX_SOCK_STREAM ? TCP_SND_BUF : 0xffff;
		memcpy(val, &v, sizeof(v));
		*len = sizeof(v);
		return 0;
	}
	if (level == LX_SOL_SOCKET && name == LX_SO_LINGER) {
		struct lx_linger l = { in->linger, (int)in->linger_secs };

		/* Linux truncates to the room given */
		if (*len > sizeof(l))
			*len = sizeof(l);
		memcpy(val, &l, *len);
		return 0;
	}
	o = opt_find(level, name);
	if (!o)
		return -ENOPROTOOPT;
	if (lwip_getsockopt(in->s, o->lw_level, o->lw_name, val, &sl))
		return lwip_error();
	*len = sl;
	if (o->lx_name == LX_SO_ERROR && o->lx_level == LX_SOL_SOCKET &&
	    sl >= sizeof(int)) {
		memcpy(&v, val, sizeof(v));
		if (v == ECONNRESET && in->connecting && !in->connected)
			v = ECONNREFUSED;
		if (v == 0 && in->connecting) {
			in->connecting = false;
			in->connected = true;
		}
		memcpy(val, &v, sizeof(v));
	}
	return 0;
}

static int inet_setsockopt(struct sock *sk, int level, int name,
			   const void *val, uint32_t len)
{
	const struct optmap *o;

	if (level == LX_SOL_SOCKET && name == LX_SO_SNDBUF) {
		/*
		 * lwIP has one send buffer size (TCP_SND_BUF): the request
		 * is clamped to it, as Linux clamps to its own limits;
		 * getsockopt reports the size in use.
		 */
		return len < sizeof(int) ? -EINVAL : 0;
	}
	if (level == LX_SOL_SOCKET && name == LX_SO_LINGER) {
		struct inet *in = inet_of(sk);
		struct lx_linger l;

		if (len < sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		/* Linux keeps l_linger as an unsigned number of seconds */
		in->linger = l.l_onoff != 0;
		in->linger_secs = (unsigned int)l.l_linger;
		return 0;
	}
	o = opt_find(level, name);
	if (!o)
		return -ENOPROTOOPT;
	if (lwip_setsockopt(inet_of(sk)->s, o->lw_level, o->lw_name, val,
			    (socklen_t)len))
		return lwip_error();
	return 0;
}

static int inet_getname(struct sock *sk, void *addr, uint32_t *len,
			bool peer)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int rc;

	memset(&ss, 0, sizeof(ss));
	rc = peer ? lwip_getpeername(inet_of(sk)->s, (struct sockaddr *)&ss,
				     &sl) :
		    lwip_getsockname(inet_of(sk)->s, (struct sockaddr *)&ss,
				     &sl);
	if (rc)
		return lwip_error();
	addr_from_lwip(&ss, addr, len);
	return 0;
}

static unsigned int inet_poll(struct sock *sk)
{
	struct inet *in = inet_of(sk);
	struct pollfd p = { .fd = in->s, .events = POLLIN | POLLOUT };
	unsigned int ev = 0;

	if (lwip_poll(&p, 1, 0) < 0)
		return LX_POLLERR;
	if (p.revents & POLLIN)
		ev |= LX_POLLIN | LX_POLLRDNORM;
	if (p.revents & POLLOUT)
		ev |= LX_POLLOUT | LX_POLLWRNORM;
	/* a stream's error (refused, reset) also ends it */
	if (p.revents & POLLERR)
		ev |= LX_POLLERR | (sk->type == LX_SOCK_STREAM ? LX_POLLHUP : 0);
	if (in->shut_rd)
		ev |= LX_POLLIN | LX_POLLRDNORM | LX_POLLRDHUP;
	if (in->shut_rd && in->shut_wr)
		ev |= LX_POLLHUP;
	return ev;
}

static int inet_nread(struct sock *sk, int *n)
{
	if (lwip_ioctl(inet_of(sk)->s, FIONREAD, n))
		return lwip_error();
	return 0;
}

static void inet_release(struct sock *sk)
{
	struct inet *in = inet_of(sk);

	set_by_lwip(in->s, NULL);
	uk_lwip_close_linger(in->s, in->linger, in->linger_secs);
	uk_free(uk_alloc_get_default(), in);
	sk->priv = NULL;
}

static const struct sock_ops inet_ops = {
	.bind = inet_bind,
	.listen = inet_listen,
	.accept = inet_accept,
	.connect = inet_connect,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.shutdown = inet_shutdown,
	.getsockopt = inet_getsockopt,
	.setsockopt = inet_setsockopt,
	.getname = inet_getname,
	.poll = inet_poll,
	.nread = inet_nread,
	.release = inet_release,
};
