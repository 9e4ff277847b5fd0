/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket system calls. Every pointer from the program is checked or
 * copied here (EFAULT, never a kernel fault); addresses and option values
 * are copied into kernel buffers, data buffers are checked and then used
 * in place (one address space). The families see kernel pointers only.
 * Families: AF_INET and AF_INET6 (inet.c, over lwIP), AF_UNIX socket
 * pairs (unix.c); any other family is EAFNOSUPPORT, as on a Linux without
 * it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include <uk/arch/paging.h>
#include "socket_impl.h"

/* The LX_* values the families use are musl's (Linux's). */
UK_CTASSERT(LX_AF_UNIX == AF_UNIX && LX_AF_INET == AF_INET &&
	    LX_AF_INET6 == AF_INET6 && LX_AF_UNSPEC == AF_UNSPEC);
UK_CTASSERT(LX_SOCK_STREAM == SOCK_STREAM && LX_SOCK_DGRAM == SOCK_DGRAM &&
	    LX_SOCK_RAW == SOCK_RAW && LX_SOCK_SEQPACKET == SOCK_SEQPACKET);
UK_CTASSERT(LX_SOCK_NONBLOCK == SOCK_NONBLOCK &&
	    LX_SOCK_CLOEXEC == SOCK_CLOEXEC && LX_SOCK_NONBLOCK == O_NONBLOCK);
UK_CTASSERT(LX_SOL_SOCKET == SOL_SOCKET && LX_SO_REUSEADDR == SO_REUSEADDR &&
	    LX_SO_TYPE == SO_TYPE && LX_SO_ERROR == SO_ERROR &&
	    LX_SO_BROADCAST == SO_BROADCAST && LX_SO_SNDBUF == SO_SNDBUF &&
	    LX_SO_RCVBUF == SO_RCVBUF && LX_SO_KEEPALIVE == SO_KEEPALIVE &&
	    LX_SO_NO_CHECK == SO_NO_CHECK && LX_SO_LINGER == SO_LINGER &&
	    LX_SO_RCVTIMEO == SO_RCVTIMEO && LX_SO_SNDTIMEO == SO_SNDTIMEO &&
	    LX_SO_ACCEPTCONN == SO_ACCEPTCONN &&
	    LX_SO_PROTOCOL == SO_PROTOCOL && LX_SO_DOMAIN == SO_DOMAIN);
UK_CTASSERT(LX_IPPROTO_IP == IPPROTO_IP && LX_IPPROTO_TCP == IPPROTO_TCP &&
	    LX_IPPROTO_UDP == IPPROTO_UDP && LX_IPPROTO_IPV6 == IPPROTO_IPV6);
UK_CTASSERT(LX_TCP_NODELAY == TCP_NODELAY && LX_TCP_KEEPIDLE == TCP_KEEPIDLE &&
	    LX_TCP_KEEPINTVL == TCP_KEEPINTVL && LX_TCP_KEEPCNT == TCP_KEEPCNT);
UK_CTASSERT(LX_IP_TOS == IP_TOS && LX_IP_TTL == IP_TTL &&
	    LX_IP_PKTINFO == IP_PKTINFO &&
	    LX_IP_MULTICAST_IF == IP_MULTICAST_IF &&
	    LX_IP_MULTICAST_TTL == IP_MULTICAST_TTL &&
	    LX_IP_MULTICAST_LOOP == IP_MULTICAST_LOOP &&
	    LX_IP_ADD_MEMBERSHIP == IP_ADD_MEMBERSHIP &&
	    LX_IP_DROP_MEMBERSHIP == IP_DROP_MEMBERSHIP);
UK_CTASSERT(LX_IPV6_V6ONLY == IPV6_V6ONLY &&
	    LX_IPV6_CHECKSUM == IPV6_CHECKSUM &&
	    LX_IPV6_ADD_MEMBERSHIP == IPV6_ADD_MEMBERSHIP &&
	    LX_IPV6_DROP_MEMBERSHIP == IPV6_DROP_MEMBERSHIP);
UK_CTASSERT(LX_MSG_OOB == MSG_OOB && LX_MSG_PEEK == MSG_PEEK &&
	    LX_MSG_CTRUNC == MSG_CTRUNC && LX_MSG_TRUNC == MSG_TRUNC &&
	    LX_MSG_DONTWAIT == MSG_DONTWAIT && LX_MSG_EOR == MSG_EOR &&
	    LX_MSG_WAITALL == MSG_WAITALL && LX_MSG_NOSIGNAL == MSG_NOSIGNAL &&
	    LX_MSG_MORE == MSG_MORE &&
	    LX_MSG_CMSG_CLOEXEC == MSG_CMSG_CLOEXEC);
UK_CTASSERT(LX_SHUT_RD == SHUT_RD && LX_SHUT_WR == SHUT_WR &&
	    LX_SHUT_RDWR == SHUT_RDWR);
UK_CTASSERT(LX_POLLIN == POLLIN && LX_POLLPRI == POLLPRI &&
	    LX_POLLOUT == POLLOUT && LX_POLLERR == POLLERR &&
	    LX_POLLHUP == POLLHUP && LX_POLLRDNORM == POLLRDNORM &&
	    LX_POLLWRNORM == POLLWRNORM && LX_POLLRDHUP == POLLRDHUP);
UK_CTASSERT(LX_SOCKADDR_IN_LEN == sizeof(struct sockaddr_in) &&
	    LX_SOCKADDR_IN6_LEN == sizeof(struct sockaddr_in6) &&
	    LX_SOCKADDR_MAX == sizeof(struct sockaddr_storage));
UK_CTASSERT(sizeof(struct sock_iov) == sizeof(struct iovec) &&
	    offsetof(struct sock_iov, len) == offsetof(struct iovec, iov_len));

/* Most iovecs in one message (Linux UIO_MAXIOV). */
#define SOCK_IOV_MAX	1024
/* Largest option value handled (struct ipv6_mreq, timeval, linger...). */
#define SOCK_OPT_MAX	64

static bool user_readable(const void *p, size_t n)
{
	return uk_access_ok(p, n, UKARCH_PROT_READ);
}

static bool user_writable(void *p, size_t n)
{
	return uk_access_ok(p, n, UKARCH_PROT_READ | UKARCH_PROT_WRITE);
}

static bool file_nonblock(const struct uk_file *f)
{
	return __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

/* The program's address @uaddr/@len into @kaddr: 0 or -errno. */
static int addr_in(const void *uaddr, int len, void *kaddr)
{
	if (len < 0 || len > LX_SOCKADDR_MAX)
		return -EINVAL;
	if (uk_copy_from_user(kaddr, uaddr, (size_t)len))
		return -EFAULT;
	return 0;
}

/* The program's address length (in: room) behind @ulen: 0 or -errno. */
static int addrlen_in(socklen_t *ulen, uint32_t *len)
{
	int v;

	if (uk_copy_from_user(&v, ulen, sizeof(v)))
		return -EFAULT;
	if (v < 0)
		return -EINVAL;
	*len = (uint32_t)v;
	return 0;
}

/*
 * Give the program @klen bytes of address @kaddr in @uaddr (room @room,
 * cut to it) and the full length in *@ulen.
 */
static int addr_out(const void *kaddr, uint32_t klen, void *uaddr,
		    uint32_t room, socklen_t *ulen)
{
	uint32_t n = klen < room ? klen : room;

	if (n && uk_copy_to_user(uaddr, kaddr, n))
		return -EFAULT;
	if (uk_copy_to_user(ulen, &klen, sizeof(klen)))
		return -EFAULT;
	return 0;
}

/* socket, socketpair ------------------------------------------------------- */

static int check_type(int type, int *base, int *flags)
{
	*base = type & LX_SOCK_TYPE_MASK;
	*flags = type & ~LX_SOCK_TYPE_MASK;
	if (*flags & ~(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC))
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	struct sock *sk;
	int base, flags, rc;

	rc = check_type(type, &base, &flags);
	if (rc < 0)
		return rc;
	switch (family) {
#ifdef CONFIG_LIBLWIP
	case AF_INET:
	case AF_INET6:
		rc = inet_socket(family, base, protocol, &sk);
		break;
#endif
	default:
		/* AF_UNIX only as socketpair(): unnamed, in the image */
		return -EAFNOSUPPORT;
	}
	if (rc < 0)
		return rc;
	return sock_install(sk, flags);
}

UK_SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol,
		   int *, usv)
{
	struct sock *sk[2];
	int base, flags, fd[2], rc;

	rc = check_type(type, &base, &flags);
	if (rc < 0)
		return rc;
	if (family == AF_INET || family == AF_INET6)
		return -EOPNOTSUPP;
	if (family != AF_UNIX)
		return -EAFNOSUPPORT;
	if (!user_writable(usv, sizeof(fd)))
		return -EFAULT;
	rc = unix_socketpair(base, protocol, sk);
	if (rc < 0)
		return rc;
	fd[0] = sock_install(sk[0], flags);
	if (fd[0] < 0) {
		sock_discard(sk[1]);
		return fd[0];
	}
	fd[1] = sock_install(sk[1], flags);
	if (fd[1] < 0) {
		uk_fd_close(fd[0]);
		return fd[1];
	}
	if (uk_copy_to_user(usv, fd, sizeof(fd))) {
		uk_fd_close(fd[0]);
		uk_fd_close(fd[1]);
		return -EFAULT;
	}
	return 0;
}

/* Addresses in: bind, connect ---------------------------------------------- */

UK_SYSCALL_DEFINE3(bind, int, fd, const struct sockaddr *, uaddr, int, len)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct uk_file *f;
	struct sock *sk;
	int rc;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = addr_in(uaddr, len, addr);
	if (rc == 0)
		rc = sk->ops->bind ? sk->ops->bind(sk, addr, (uint32_t)len) :
			-EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(connect, int, fd, const struct sockaddr *, uaddr, int, len)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct uk_file *f;
	struct sock *sk;
	int rc;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = addr_in(uaddr, len, addr);
	if (rc == 0)
		rc = sk->ops->connect ?
			sk->ops->connect(sk, addr, (uint32_t)len,
					 file_nonblock(f)) : -EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	struct uk_file *f;
	struct sock *sk;
	int rc;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = sk->ops->listen ? sk->ops->listen(sk, backlog) : -EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

static long do_accept(int fd, struct sockaddr *uaddr, socklen_t *ulen,
		      int flags)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	uint32_t room = 0, len = sizeof(addr);
	struct sock *sk, *nsk;
	struct uk_file *f;
	int rc, nfd;

	if (flags & ~(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC))
		return -EINVAL;
	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	if (uaddr) {
		rc = addrlen_in(ulen, &room);
		if (rc < 0)
			goto out;
	}
	rc = -EOPNOTSUPP;
	if (!sk->ops->accept)
		goto out;
	rc = sk->ops->accept(sk, &nsk, addr, &len, file_nonblock(f));
	if (rc < 0)
		goto out;
	nfd = sock_install(nsk, flags);
	rc = nfd;
	if (nfd >= 0 && uaddr && addr_out(addr, len, uaddr, room, ulen)) {
		uk_fd_close(nfd);
		rc = -EFAULT;
	}
out:
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(accept, int, fd, struct sockaddr *, uaddr,
		   socklen_t *, ulen)
{
	return do_accept(fd, uaddr, ulen, 0);
}

UK_SYSCALL_DEFINE4(accept4, int, fd, struct sockaddr *, uaddr,
		   socklen_t *, ulen, int, flags)
{
	return do_accept(fd, uaddr, ulen, flags);
}

/* Data: sendto, recvfrom, sendmsg, recvmsg ----------------------------------- */

static ssize_t do_send(int fd, struct sock_msg *m, int flags)
{
	struct uk_file *f;
	struct sock *sk;
	ssize_t rc;
	int err;

	sk = sock_from_fd(fd, &f, &err);
	if (!sk)
		return err;
	rc = sk->ops->sendmsg ?
		sk->ops->sendmsg(sk, m, flags, file_nonblock(f) ||
				 (flags & MSG_DONTWAIT)) : -EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

static ssize_t do_recv(int fd, struct sock_msg *m, int flags)
{
	struct uk_file *f;
	struct sock *sk;
	ssize_t rc;
	int err;

	sk = sock_from_fd(fd, &f, &err);
	if (!sk)
		return err;
	rc = sk->ops->recvmsg ?
		sk->ops->recvmsg(sk, m, flags, file_nonblock(f) ||
				 (flags & MSG_DONTWAIT)) : -EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE6(sendto, int, fd, const void *, buf, size_t, len,
		   int, flags, const struct sockaddr *, uaddr, int, alen)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct sock_iov iov = { (void *)buf, len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1 };
	int rc;

	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	if (!user_readable(buf, len))
		return -EFAULT;
	if (uaddr) {
		rc = addr_in(uaddr, alen, addr);
		if (rc < 0)
			return rc;
		m.name = addr;
		m.namelen = (uint32_t)alen;
	}
	return do_send(fd, &m, flags);
}

UK_SYSCALL_DEFINE6(recvfrom, int, fd, void *, buf, size_t, len, int, flags,
		   struct sockaddr *, uaddr, socklen_t *, ulen)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct sock_iov iov = { buf, len };
	struct sock_msg m = { .iov = &iov, .iovlen = 1 };
	uint32_t room = 0;
	ssize_t n;
	int rc;

	if (len > SSIZE_MAX)
		len = SSIZE_MAX;
	if (!user_writable(buf, len))
		return -EFAULT;
	if (uaddr) {
		rc = addrlen_in(ulen, &room);
		if (rc < 0)
			return rc;
		m.name = addr;
		m.namelen = sizeof(addr);
	}
	n = do_recv(fd, &m, flags);
	if (n >= 0 && uaddr && m.namelen &&
	    addr_out(addr, m.namelen, uaddr, room, ulen))
		return -EFAULT;
	if (n >= 0 && uaddr && !m.namelen && uk_copy_to_user(ulen, &m.namelen,
							     sizeof(m.namelen)))
		return -EFAULT;
	return n;
}

/*
 * The program's struct msghdr @um into @mh, its iovecs into a new array
 * *@iov (free it) checked for @write access: 0 or -errno.
 */
static int msghdr_in(const struct msghdr *um, struct msghdr *mh,
		     struct sock_iov **iov, bool write)
{
	struct sock_iov *v;
	size_t i;

	if (uk_copy_from_user(mh, um, sizeof(*mh)))
		return -EFAULT;
	if (mh->msg_iovlen < 0 || mh->msg_iovlen > SOCK_IOV_MAX)
		return -EMSGSIZE;
	v = uk_calloc(uk_alloc_get_default(),
		      mh->msg_iovlen ? (size_t)mh->msg_iovlen : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (mh->msg_iovlen &&
	    uk_copy_from_user(v, mh->msg_iov,
			      (size_t)mh->msg_iovlen * sizeof(*v)))
		goto efault;
	for (i = 0; i < (size_t)mh->msg_iovlen; i++) {
		if (v[i].len > SSIZE_MAX)
			goto einval;
		if (write ? !user_writable(v[i].base, v[i].len) :
			    !user_readable(v[i].base, v[i].len))
			goto efault;
	}
	*iov = v;
	return 0;
efault:
	uk_free(uk_alloc_get_default(), v);
	return -EFAULT;
einval:
	uk_free(uk_alloc_get_default(), v);
	return -EINVAL;
}

UK_SYSCALL_DEFINE3(sendmsg, int, fd, const struct msghdr *, umsg, int, flags)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct sock_msg m = { 0 };
	struct sock_iov *iov;
	struct msghdr mh;
	ssize_t rc;

	rc = msghdr_in(umsg, &mh, &iov, false);
	if (rc < 0)
		return rc;
	m.iov = iov;
	m.iovlen = (size_t)mh.msg_iovlen;
	/* ancillary data (SCM_RIGHTS, IP_PKTINFO ...) is not supported */
	rc = -EOPNOTSUPP;
	if (mh.msg_control && mh.msg_controllen >= sizeof(struct cmsghdr))
		goto out;
	if (mh.msg_name) {
		rc = addr_in(mh.msg_name, (int)mh.msg_namelen, addr);
		if (rc < 0)
			goto out;
		m.name = addr;
		m.namelen = mh.msg_namelen;
	}
	rc = do_send(fd, &m, flags);
out:
	uk_free(uk_alloc_get_default(), iov);
	return rc;
}

UK_SYSCALL_DEFINE3(recvmsg, int, fd, struct msghdr *, umsg, int, flags)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	struct sock_msg m = { 0 };
	struct sock_iov *iov;
	struct msghdr mh;
	ssize_t n;
	int rc;

	rc = msghdr_in(umsg, &mh, &iov, true);
	if (rc < 0)
		return rc;
	m.iov = iov;
	m.iovlen = (size_t)mh.msg_iovlen;
	if (mh.msg_name) {
		m.name = addr;
		m.namelen = sizeof(addr);
	}
	n = do_recv(fd, &m, flags);
	uk_free(uk_alloc_get_default(), iov);
	if (n < 0)
		return n;
	if (mh.msg_name) {
		uint32_t len = m.namelen < mh.msg_namelen ? m.namelen :
			       mh.msg_namelen;

		if (len && uk_copy_to_user(mh.msg_name, addr, len))
			return -EFAULT;
		mh.msg_namelen = m.namelen;
	}
	mh.msg_controllen = 0;	/* no ancillary data */
	mh.msg_flags = m.flags;
	if (uk_copy_to_user(&umsg->msg_namelen, &mh.msg_namelen,
			    sizeof(mh.msg_namelen)) ||
	    uk_copy_to_user(&umsg->msg_controllen, &mh.msg_controllen,
			    sizeof(mh.msg_controllen)) ||
	    uk_copy_to_user(&umsg->msg_flags, &mh.msg_flags,
			    sizeof(mh.msg_flags)))
		return -EFAULT;
	return n;
}

/* shutdown, options, names ------------------------------------------------ */

UK_SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	struct uk_file *f;
	struct sock *sk;
	int rc;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = sk->ops->shutdown ? sk->ops->shutdown(sk, how) : -EOPNOTSUPP;
	uk_file_release(f);
	return rc;
}

/* SO_TYPE, SO_DOMAIN, SO_PROTOCOL: the socket's own; else -ENOPROTOOPT. */
static int generic_getsockopt(struct sock *sk, int level, int name, int *v)
{
	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	switch (name) {
	case SO_TYPE:
		*v = sk->type;
		return 0;
	case SO_DOMAIN:
		*v = sk->family;
		return 0;
	case SO_PROTOCOL:
		*v = sk->protocol;
		if (!*v && sk->family != AF_UNIX)
			*v = sk->type == SOCK_STREAM ? IPPROTO_TCP :
			     sk->type == SOCK_DGRAM ? IPPROTO_UDP : 0;
		return 0;
	}
	return -ENOPROTOOPT;
}

UK_SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, void *, uval,
		   socklen_t *, ulen)
{
	unsigned char val[SOCK_OPT_MAX];
	uint32_t room, len;
	struct uk_file *f;
	struct sock *sk;
	int rc, v;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = addrlen_in(ulen, &room);
	if (rc < 0)
		goto out;
	memset(val, 0, sizeof(val));
	len = room < sizeof(val) ? room : sizeof(val);
	rc = generic_getsockopt(sk, level, name, &v);
	if (rc == 0) {
		len = sizeof(v);
		memcpy(val, &v, sizeof(v));
		if (room < sizeof(v))
			rc = -EINVAL;
	} else {
		rc = sk->ops->getsockopt ?
			sk->ops->getsockopt(sk, level, name, val, &len) :
			-ENOPROTOOPT;
	}
	if (rc == 0)
		rc = addr_out(val, len, uval, room, ulen);
out:
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name,
		   const void *, uval, int, len)
{
	unsigned char val[SOCK_OPT_MAX];
	struct uk_file *f;
	struct sock *sk;
	int rc, v;

	if (len < 0)
		return -EINVAL;
	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	if (len > (int)sizeof(val))
		len = sizeof(val);
	rc = -EFAULT;
	if (uk_copy_from_user(val, uval, (size_t)len))
		goto out;
	/* the socket's identity cannot be set */
	rc = generic_getsockopt(sk, level, name, &v) == 0 ? -ENOPROTOOPT :
	     sk->ops->setsockopt ?
	     sk->ops->setsockopt(sk, level, name, val, (uint32_t)len) :
	     -ENOPROTOOPT;
out:
	uk_file_release(f);
	return rc;
}

static long do_getname(int fd, struct sockaddr *uaddr, socklen_t *ulen,
		       bool peer)
{
	unsigned char addr[LX_SOCKADDR_MAX];
	uint32_t room, len = sizeof(addr);
	struct uk_file *f;
	struct sock *sk;
	int rc;

	sk = sock_from_fd(fd, &f, &rc);
	if (!sk)
		return rc;
	rc = addrlen_in(ulen, &room);
	if (rc < 0)
		goto out;
	rc = sk->ops->getname ? sk->ops->getname(sk, addr, &len, peer) :
		-EOPNOTSUPP;
	if (rc == 0)
		rc = addr_out(addr, len, uaddr, room, ulen);
out:
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE3(getsockname, int, fd, struct sockaddr *, uaddr,
		   socklen_t *, ulen)
{
	return do_getname(fd, uaddr, ulen, false);
}

UK_SYSCALL_DEFINE3(getpeername, int, fd, struct sockaddr *, uaddr,
		   socklen_t *, ulen)
{
	return do_getname(fd, uaddr, ulen, true);
}
