/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Preloaded into QEMU (LD_PRELOAD) by kast-qemu when it publishes guest
 * ports (-p, QEMU's hostfwd): a listening TCP socket gets a backlog of
 * SOMAXCONN instead of the one it asked for when that is smaller.
 *
 * Why: QEMU's user networking (libslirp 4.7, tcpx_listen()) listens for a
 * published port with a backlog of 1. A burst of connections then
 * overflows the host kernel's queues: with SYN cookies (Debian's default)
 * a client's handshake completes on a cookie while the accept queue is
 * full, its ACK is dropped, and its next data segment fails the cookie
 * check and is answered with a reset ("Connection reset by peer" at the
 * client, and the guest never sees the connection). With room for
 * SOMAXCONN waiting connections, QEMU's main loop accepts them all in
 * turn. Support/kast/hostfwd.py builds this file and documents it.
 *
 * Only stream sockets of the IPv4 and IPv6 families are touched; QEMU's
 * other listeners (monitor, gdb stub on Unix sockets) keep their values.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/socket.h>

typedef int (*listen_fn)(int, int);

static int inet_stream(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int type = 0;
	socklen_t tlen = sizeof(type);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) ||
	    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6))
		return 0;
	return !getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) && type == SOCK_STREAM;
}

int listen(int fd, int backlog)
{
	static listen_fn real;
	listen_fn f = __atomic_load_n(&real, __ATOMIC_ACQUIRE);

	if (!f) {
		f = (listen_fn)dlsym(RTLD_NEXT, "listen");
		if (!f) {
			errno = ENOSYS;
			return -1;
		}
		__atomic_store_n(&real, f, __ATOMIC_RELEASE);
	}
	if (backlog < SOMAXCONN && inet_stream(fd))
		backlog = SOMAXCONN;
	return f(fd, backlog);
}
