/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * posix-socket internals: a socket is a vfscore vnode (S_IFSOCK) whose
 * struct sock dispatches to its family (inet.c: lwIP; unix.c: socket
 * pairs). This header is included both by files that see the C
 * library's socket headers (socket.c, sys_socket.c, unix.c) and by
 * inet.c, which sees lwIP's socket headers instead (their structures and
 * constants differ from Linux's and clash with the C library's): so it
 * includes neither, and spells the Linux ABI values the families need as
 * LX_* constants (sys_socket.c checks them against musl's).
 *
 * Inside the kernel, sockaddrs are Linux's layout in kernel buffers,
 * lengths are checked by the system call layer, errors are negative
 * errno values (Linux's).
 */
#ifndef __POSIX_SOCKET_IMPL_H__
#define __POSIX_SOCKET_IMPL_H__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Linux ABI (asm-generic; x86_64 and riscv64 agree) --------------------- */
#define LX_AF_UNSPEC		0
#define LX_AF_UNIX		1
#define LX_AF_INET		2
#define LX_AF_INET6		10

#define LX_SOCK_STREAM		1
#define LX_SOCK_DGRAM		2
#define LX_SOCK_RAW		3
#define LX_SOCK_SEQPACKET	5
#define LX_SOCK_TYPE_MASK	0xf
#define LX_SOCK_NONBLOCK	04000
#define LX_SOCK_CLOEXEC		02000000

#define LX_SOL_SOCKET		1
#define LX_SO_REUSEADDR		2
#define LX_SO_TYPE		3
#define LX_SO_ERROR		4
#define LX_SO_BROADCAST		6
#define LX_SO_SNDBUF		7
#define LX_SO_RCVBUF		8
#define LX_SO_KEEPALIVE		9
#define LX_SO_NO_CHECK		11
#define LX_SO_LINGER		13
#define LX_SO_RCVTIMEO		20
#define LX_SO_SNDTIMEO		21
#define LX_SO_ACCEPTCONN	30
#define LX_SO_PROTOCOL		38
#define LX_SO_DOMAIN		39

#define LX_IPPROTO_IP		0
#define LX_IPPROTO_TCP		6
#define LX_IPPROTO_UDP		17
#define LX_IPPROTO_IPV6		41
#define LX_TCP_NODELAY		1
#define LX_TCP_KEEPIDLE		4
#define LX_TCP_KEEPINTVL	5
#define LX_TCP_KEEPCNT		6
#define LX_IP_TOS		1
#define LX_IP_TTL		2
#define LX_IP_PKTINFO		8
#define LX_IP_MULTICAST_IF	32
#define LX_IP_MULTICAST_TTL	33
#define LX_IP_MULTICAST_LOOP	34
#define LX_IP_ADD_MEMBERSHIP	35
#define LX_IP_DROP_MEMBERSHIP	36
#define LX_IPV6_CHECKSUM	7
#define LX_IPV6_ADD_MEMBERSHIP	20
#define LX_IPV6_DROP_MEMBERSHIP	21
#define LX_IPV6_V6ONLY		26

#define LX_MSG_OOB		0x1
#define LX_MSG_PEEK		0x2
#define LX_MSG_CTRUNC		0x8
#define LX_MSG_TRUNC		0x20
#define LX_MSG_DONTWAIT		0x40
#define LX_MSG_EOR		0x80
#define LX_MSG_WAITALL		0x100
#define LX_MSG_NOSIGNAL		0x4000
#define LX_MSG_MORE		0x8000
#define LX_MSG_CMSG_CLOEXEC	0x40000000

#define LX_SHUT_RD		0
#define LX_SHUT_WR		1
#define LX_SHUT_RDWR		2

#define LX_POLLIN		0x001
#define LX_POLLPRI		0x002
#define LX_POLLOUT		0x004
#define LX_POLLERR		0x008
#define LX_POLLHUP		0x010
#define LX_POLLRDNORM		0x040
#define LX_POLLWRNORM		0x100
#define LX_POLLRDHUP		0x2000

#define LX_SOCKADDR_IN_LEN	16
#define LX_SOCKADDR_IN6_LEN	28
/* sockaddr_storage: the largest address the kernel takes */
#define LX_SOCKADDR_MAX		128

/* Sockets ------------------------------------------------------------------ */

struct uk_vnode;
struct sock;

/* One buffer of a message (the layout of struct iovec). */
struct sock_iov {
	void *base;
	size_t len;
};

/* A message (kernel pointers; the buffers are the program's, checked). */
struct sock_msg {
	void *name;		/* Linux sockaddr, or NULL */
	uint32_t namelen;	/* in: room (send: length); out: length */
	struct sock_iov *iov;
	size_t iovlen;
	int flags;		/* out of recvmsg: LX_MSG_TRUNC ... */
};

/*
 * A family's operations. @nonblock: the open file has O_NONBLOCK (or
 * LX_MSG_DONTWAIT was given). Any may be NULL: -EOPNOTSUPP.
 */
struct sock_ops {
	int (*bind)(struct sock *sk, const void *addr, uint32_t len);
	int (*listen)(struct sock *sk, int backlog);
	/* A new connection as *@out (sock_alloc()ed), its peer's address. */
	int (*accept)(struct sock *sk, struct sock **out, void *addr,
		      uint32_t *len, bool nonblock);
	int (*connect)(struct sock *sk, const void *addr, uint32_t len,
		       bool nonblock);
	ssize_t (*sendmsg)(struct sock *sk, const struct sock_msg *m,
			   int flags, bool nonblock);
	ssize_t (*recvmsg)(struct sock *sk, struct sock_msg *m, int flags,
			   bool nonblock);
	int (*shutdown)(struct sock *sk, int how);
	int (*getsockopt)(struct sock *sk, int level, int name, void *val,
			  uint32_t *len);
	int (*setsockopt)(struct sock *sk, int level, int name,
			  const void *val, uint32_t len);
	/* Own (@peer false) or peer address into @addr (room *@len). */
	int (*getname)(struct sock *sk, void *addr, uint32_t *len, bool peer);
	/* Ready events, LX_POLL* */
	unsigned int (*poll)(struct sock *sk);
	/* Bytes waiting to be read (FIONREAD). */
	int (*nread)(struct sock *sk, int *n);
	/* The socket's last descriptor is gone: let go of the family's
	 * state (the struct sock itself is freed by socket.c). */
	void (*release)(struct sock *sk);
};

struct sock {
	const struct sock_ops *ops;
	struct uk_vnode *vn;
	int family;
	int type;		/* LX_SOCK_STREAM ... */
	int protocol;
	void *priv;		/* the family's */
};

/*
 * A new socket of @family/@type/@protocol with @ops and @priv, with its
 * vnode (one reference, owned by the caller until sock_install()).
 */
int sock_alloc(int family, int type, int protocol,
	       const struct sock_ops *ops, void *priv, struct sock **out);

/*
 * Put @sk behind a new descriptor (@flags: LX_SOCK_NONBLOCK,
 * LX_SOCK_CLOEXEC), giving up the caller's reference: the descriptor or
 * -errno (then @sk is gone: its release op has run).
 */
int sock_install(struct sock *sk, int flags);

/* Drop a socket that was never installed (its release op runs). */
void sock_discard(struct sock *sk);

/* The socket behind descriptor @fd, its file held in *@fp (release it):
 * NULL with *@err -EBADF or -ENOTSOCK. */
struct uk_file;
struct sock *sock_from_fd(int fd, struct uk_file **fp, int *err);

/* Readiness of @sk may have changed: wake its pollers and watchers. */
void sock_notify(struct sock *sk);

/*
 * Wait until the socket's poll answers one of @events (LX_POLL*): 0, or
 * -EINTR for a signal or cancellation of the calling thread.
 */
int sock_wait(struct sock *sk, unsigned int events);

/* Keep @sk (its vnode) alive across a notification from outside. */
void sock_get(struct sock *sk);
void sock_put(struct sock *sk);

/* Families ------------------------------------------------------------------ */

/* socket(2) of AF_INET / AF_INET6 (inet.c, with lwIP). */
int inet_socket(int family, int type, int protocol, struct sock **out);

/* socketpair(2) of AF_UNIX (unix.c). */
int unix_socketpair(int type, int protocol, struct sock *out[2]);

/* Bytes the iovecs of @m hold in total. */
size_t sock_iov_len(const struct sock_msg *m);

#endif /* __POSIX_SOCKET_IMPL_H__ */
