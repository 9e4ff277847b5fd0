/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/*
 * Sockets over loopback through musl and the system calls: TCP echo of
 * large transfers from several client threads at once, UDP echo,
 * blocking and non-blocking calls, refused connections, EPIPE, shutdown,
 * socket options, poll and epoll (level- and edge-triggered) on sockets,
 * pipes and eventfds, socketpair, getaddrinfo("localhost"), and the
 * errors of what is not supported.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <uk/test.h>

#define PORT_ECHO	9100
#define PORT_UDP	9101
#define PORT_MISC	9102
#define PORT_CLOSED	9109
#define NCLIENTS	4
#define XFER		(192 * 1024)

static struct sockaddr_in lo_addr(int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int tcp_listener(int port, int backlog)
{
	struct sockaddr_in a = lo_addr(port);
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(s, backlog)) {
		close(s);
		return -1;
	}
	return s;
}

static int tcp_connect(int port)
{
	struct sockaddr_in a = lo_addr(port);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&a, sizeof(a))) {
		close(s);
		return -1;
	}
	return s;
}

static unsigned char pattern(size_t i, int seed)
{
	return (unsigned char)(i * 13 + seed * 71 + (i >> 9));
}

/* Echo one connection with read/write until the peer shuts down. */
static void *echo_conn(void *arg)
{
	int s = (int)(intptr_t)arg;
	char buf[3000];
	ssize_t n, w, off;

	while ((n = read(s, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += w) {
			w = write(s, buf + off, (size_t)(n - off));
			if (w <= 0)
				goto out;
		}
	}
out:
	close(s);
	return NULL;
}

/* Accept @arg connections, one echo thread each. */
static void *echo_server(void *arg)
{
	int ls = tcp_listener(PORT_ECHO, 16), i, n = (int)(intptr_t)arg, s;
	pthread_t t[NCLIENTS];

	if (ls < 0)
		return (void *)-1L;
	for (i = 0; i < n; i++) {
		s = accept(ls, NULL, NULL);
		if (s < 0 || pthread_create(&t[i], NULL, echo_conn,
					    (void *)(intptr_t)s))
			return (void *)-2L;
	}
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	close(ls);
	return NULL;
}

struct client {
	int seed;
	size_t bad;
	size_t got;
};

static void *client_send(void *arg)
{
	int s = (int)(intptr_t)arg & 0xffff, seed = (int)(intptr_t)arg >> 16;
	unsigned char buf[5000];
	size_t off = 0, n, i;
	ssize_t w;

	while (off < XFER) {
		n = XFER - off < sizeof(buf) ? XFER - off : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = pattern(off + i, seed);
		w = send(s, buf, n, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	shutdown(s, SHUT_WR);
	return NULL;
}

/* Send XFER bytes from a second thread, read the echo, compare. */
static void *client(void *arg)
{
	struct client *c = arg;
	unsigned char buf[4096];
	pthread_t tx;
	ssize_t n, i;
	int s = -1, tries;

	for (tries = 0; tries < 100 && s < 0; tries++) {
		s = tcp_connect(PORT_ECHO);
		if (s < 0)
			usleep(10000);	/* the server may not listen yet */
	}
	if (s < 0)
		return (void *)-1L;
	pthread_create(&tx, NULL, client_send,
		       (void *)(intptr_t)(s | c->seed << 16));
	while ((n = recv(s, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			c->bad += buf[i] != pattern(c->got + (size_t)i,
						    c->seed);
		c->got += (size_t)n;
	}
	pthread_join(tx, NULL);
	close(s);
	return NULL;
}

UK_TESTCASE(posix_socket, tcp_echo_with_concurrent_clients)
{
	struct client c[NCLIENTS];
	pthread_t srv, t[NCLIENTS];
	void *r;
	int i;

	UK_TEST_ASSERT(pthread_create(&srv, NULL, echo_server,
				      (void *)(intptr_t)NCLIENTS) == 0);
	for (i = 0; i < NCLIENTS; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		c[i].seed = i + 1;
		pthread_create(&t[i], NULL, client, &c[i]);
	}
	for (i = 0; i < NCLIENTS; i++) {
		pthread_join(t[i], &r);
		UK_TEST_EXPECT(r == NULL);
		UK_TEST_EXPECT_UNUM_EQ(c[i].got, XFER);
		UK_TEST_EXPECT_UNUM_EQ(c[i].bad, 0);
	}
	pthread_join(srv, &r);
	UK_TEST_EXPECT(r == NULL);
}

UK_TESTCASE(posix_socket, udp_echo_and_addresses)
{
	struct sockaddr_in a = lo_addr(PORT_UDP), from;
	socklen_t flen = sizeof(from);
	int srv = socket(AF_INET, SOCK_DGRAM, 0);
	int cl = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[64];
	ssize_t n;

	UK_TEST_ASSERT(srv >= 0 && cl >= 0);
	UK_TEST_EXPECT_SNUM_EQ(bind(srv, (struct sockaddr *)&a, sizeof(a)), 0);
	UK_TEST_EXPECT_SNUM_EQ(sendto(cl, "ping", 4, 0, (struct sockaddr *)&a,
				      sizeof(a)), 4);
	n = recvfrom(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from,
		     &flen);
	UK_TEST_EXPECT_SNUM_EQ(n, 4);
	UK_TEST_EXPECT(memcmp(buf, "ping", 4) == 0);
	UK_TEST_EXPECT_UNUM_EQ(flen, sizeof(struct sockaddr_in));
	UK_TEST_EXPECT_UNUM_EQ(from.sin_family, AF_INET);
	UK_TEST_EXPECT(from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	/* echo back to the sender's port */
	UK_TEST_EXPECT_SNUM_EQ(sendto(srv, "pong!", 5, 0,
				      (struct sockaddr *)&from, flen), 5);
	UK_TEST_EXPECT_SNUM_EQ(recv(cl, buf, sizeof(buf), 0), 5);
	UK_TEST_EXPECT(memcmp(buf, "pong!", 5) == 0);
	/* nothing more: non-blocking receive is EAGAIN */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(recv(cl, buf, sizeof(buf), MSG_DONTWAIT), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	close(srv);
	close(cl);
}

UK_TESTCASE(posix_socket, refused_connect_and_nonblocking_connect)
{
	struct sockaddr_in a = lo_addr(PORT_CLOSED);
	struct pollfd p;
	socklen_t len = sizeof(int);
	int s, err = 0;

	s = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(connect(s, (struct sockaddr *)&a, sizeof(a)),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECONNREFUSED);
	close(s);
	/* non-blocking: EINPROGRESS, then POLLERR and SO_ERROR */
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(connect(s, (struct sockaddr *)&a, sizeof(a)),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINPROGRESS);
	p.fd = s;
	p.events = POLLOUT;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 2000), 1);
	UK_TEST_EXPECT(p.revents & POLLERR);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(err, ECONNREFUSED);
	close(s);
}

UK_TESTCASE(posix_socket, nonblocking_accept_connect_and_io)
{
	struct sockaddr_in a = lo_addr(PORT_MISC), peer;
	socklen_t plen = sizeof(peer);
	int ls = tcp_listener(PORT_MISC, 4), c, s, fl, err = -1;
	socklen_t elen = sizeof(err);
	struct pollfd p;
	char buf[16];

	UK_TEST_ASSERT(ls >= 0);
	fl = fcntl(ls, F_GETFL);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(ls, F_SETFL, fl | O_NONBLOCK), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(accept(ls, NULL, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&a, sizeof(a)),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINPROGRESS);
	p.fd = c;
	p.events = POLLOUT;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 2000), 1);
	UK_TEST_EXPECT(p.revents & POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(c, SOL_SOCKET, SO_ERROR, &err,
					  &elen), 0);
	UK_TEST_EXPECT_SNUM_EQ(err, 0);
	/* the listener is readable: a connection waits */
	p.fd = ls;
	p.events = POLLIN;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 2000), 1);
	s = accept4(ls, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_UNUM_EQ(plen, sizeof(peer));
	UK_TEST_EXPECT(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	UK_TEST_EXPECT(fcntl(s, F_GETFL) & O_NONBLOCK);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(write(c, "abc", 3), 3);
	p.fd = s;
	p.events = POLLIN;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 2000), 1);
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 3);
	close(s);
	close(c);
	close(ls);
}

UK_TESTCASE(posix_socket, shutdown_eof_and_epipe)
{
	int ls = tcp_listener(PORT_MISC + 1, 4), c, s, n = -1;
	char buf[8];
	int i, rc = 0;

	UK_TEST_ASSERT(ls >= 0);
	c = tcp_connect(PORT_MISC + 1);
	s = accept(ls, NULL, NULL);
	UK_TEST_ASSERT(c >= 0 && s >= 0);
	/* shutdown(SHUT_WR): the peer reads the data, then end of file */
	UK_TEST_EXPECT_SNUM_EQ(send(c, "bye", 3, 0), 3);
	UK_TEST_EXPECT_SNUM_EQ(shutdown(c, SHUT_WR), 0);
	UK_TEST_EXPECT_SNUM_EQ(recv(s, buf, sizeof(buf), MSG_WAITALL), 3);
	UK_TEST_EXPECT_SNUM_EQ(recv(s, buf, sizeof(buf), 0), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(send(c, "x", 1, MSG_NOSIGNAL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	/* the peer closes: writing on fails with EPIPE (or a reset first) */
	close(s);
	for (i = 0; i < 50 && rc >= 0; i++) {
		rc = send(c, "data", 4, MSG_NOSIGNAL);
		usleep(2000);
	}
	UK_TEST_EXPECT_SNUM_EQ(rc, -1);
	UK_TEST_EXPECT(errno == EPIPE || errno == ECONNRESET);
	UK_TEST_EXPECT_SNUM_EQ(ioctl(c, FIONREAD, &n), 0);
	UK_TEST_EXPECT_SNUM_EQ(n, 0);
	close(c);
	close(ls);
}

UK_TESTCASE(posix_socket, options_names_and_descriptors)
{
	int ls = tcp_listener(PORT_MISC + 2, 4), c, s, d, v;
	struct sockaddr_in a;
	socklen_t len;
	struct stat st;

	UK_TEST_ASSERT(ls >= 0);
	c = tcp_connect(PORT_MISC + 2);
	s = accept(ls, NULL, NULL);
	UK_TEST_ASSERT(c >= 0 && s >= 0);
	v = 1;
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v,
					  sizeof(v)), 0);
	len = sizeof(v);
	v = 0;
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(c, IPPROTO_TCP, TCP_NODELAY, &v,
					  &len), 0);
	UK_TEST_EXPECT(v != 0);
	v = 1;
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, &v,
					  sizeof(v)), 0);
	len = sizeof(v);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(v, SOCK_STREAM);
	len = sizeof(v);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &v,
					  &len), 0);
	UK_TEST_EXPECT(v != 0);
	len = sizeof(v);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, &len),
			       0);
	UK_TEST_EXPECT(v > 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setsockopt(c, SOL_SOCKET, 12345, &v,
					  sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOPROTOOPT);
	/* names: the peer of one is the other */
	len = sizeof(a);
	UK_TEST_EXPECT_SNUM_EQ(getsockname(s, (struct sockaddr *)&a, &len), 0);
	UK_TEST_EXPECT_SNUM_EQ(ntohs(a.sin_port), PORT_MISC + 2);
	len = sizeof(a);
	UK_TEST_EXPECT_SNUM_EQ(getpeername(c, (struct sockaddr *)&a, &len), 0);
	UK_TEST_EXPECT_SNUM_EQ(ntohs(a.sin_port), PORT_MISC + 2);
	UK_TEST_EXPECT(a.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
	/* a socket is a descriptor: fstat, dup, read/write */
	UK_TEST_EXPECT_SNUM_EQ(fstat(c, &st), 0);
	UK_TEST_EXPECT(S_ISSOCK(st.st_mode));
	d = dup(c);
	UK_TEST_ASSERT(d >= 0);
	close(c);	/* d keeps the connection */
	UK_TEST_EXPECT_SNUM_EQ(write(d, "dup", 3), 3);
	char buf[4];

	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 3);
	/* not a socket */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shutdown(0, SHUT_RD), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOTSOCK);
	close(d);
	close(s);
	close(ls);
}

UK_TESTCASE(posix_socket, ipv6_loopback)
{
	struct sockaddr_in6 a;
	int ls = socket(AF_INET6, SOCK_STREAM, 0), c, s;
	char buf[8];

	UK_TEST_ASSERT(ls >= 0);
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(PORT_MISC + 3);
	a.sin6_addr = in6addr_loopback;
	UK_TEST_EXPECT_SNUM_EQ(bind(ls, (struct sockaddr *)&a, sizeof(a)), 0);
	UK_TEST_EXPECT_SNUM_EQ(listen(ls, 1), 0);
	c = socket(AF_INET6, SOCK_STREAM, 0);
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&a, sizeof(a)), 0);
	s = accept(ls, NULL, NULL);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_SNUM_EQ(send(c, "six", 3, 0), 3);
	UK_TEST_EXPECT_SNUM_EQ(recv(s, buf, sizeof(buf), 0), 3);
	close(s);
	close(c);
	close(ls);
}

UK_TESTCASE(posix_socket, unsupported_is_refused)
{
	int s, sv[2];

	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_PACKET, SOCK_RAW, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAFNOSUPPORT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_NETLINK, SOCK_DGRAM, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAFNOSUPPORT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_INET, SOCK_SEQPACKET, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESOCKTNOSUPPORT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPROTONOSUPPORT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(socketpair(AF_INET, SOCK_STREAM, 0, sv), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EOPNOTSUPP);
	s = socket(AF_INET, SOCK_DGRAM, 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(listen(s, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EOPNOTSUPP);
	close(s);
}

UK_TESTCASE(posix_socket, getaddrinfo_localhost_from_etc_hosts)
{
	struct addrinfo hints, *res = NULL, *ai;
	int v4 = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	UK_TEST_ASSERT(getaddrinfo("localhost", "80", &hints, &res) == 0);
	for (ai = res; ai; ai = ai->ai_next)
		if (ai->ai_family == AF_INET &&
		    ((struct sockaddr_in *)ai->ai_addr)->sin_addr.s_addr ==
		    htonl(INADDR_LOOPBACK) &&
		    ((struct sockaddr_in *)ai->ai_addr)->sin_port == htons(80))
			v4++;
	UK_TEST_EXPECT_SNUM_EQ(v4, 1);
	freeaddrinfo(res);
}

/* socketpair, poll, epoll, eventfd ------------------------------------------ */

UK_TESTCASE(posix_socket, socketpair_both_ways_and_shutdown)
{
	int sv[2];
	char buf[16];
	struct pollfd p;

	UK_TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "to1", 3), 3);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[1], "to0!", 4), 4);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 3);
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[0], buf, sizeof(buf), MSG_PEEK), 4);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[0], buf, sizeof(buf)), 4);
	UK_TEST_EXPECT(memcmp(buf, "to0!", 4) == 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(shutdown(sv[1], SHUT_WR), 0);
	p.fd = sv[0];
	p.events = POLLIN;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[0], buf, sizeof(buf)), 0);
	close(sv[1]);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(send(sv[0], "x", 1, MSG_NOSIGNAL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	close(sv[0]);
}

struct delayed {
	int fd;
	const char *msg;
	int ms;
};

static void *write_later(void *arg)
{
	struct delayed *d = arg;

	usleep((useconds_t)d->ms * 1000);
	return (void *)(intptr_t)write(d->fd, d->msg, strlen(d->msg));
}

/* A blocked poll wakes when another thread makes the socket readable. */
UK_TESTCASE(posix_socket, poll_wakes_on_socket_data)
{
	int ls = tcp_listener(PORT_MISC + 4, 1), c, s;
	struct delayed d;
	struct pollfd p;
	pthread_t t;
	char buf[8];

	UK_TEST_ASSERT(ls >= 0);
	c = tcp_connect(PORT_MISC + 4);
	s = accept(ls, NULL, NULL);
	d.fd = c;
	d.msg = "wake";
	d.ms = 50;
	pthread_create(&t, NULL, write_later, &d);
	p.fd = s;
	p.events = POLLIN;
	p.revents = 0;
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 5000), 1);
	UK_TEST_EXPECT(p.revents & POLLIN);
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 4);
	pthread_join(t, NULL);
	close(s);
	close(c);
	close(ls);
}

UK_TESTCASE(posix_socket, epoll_level_and_edge_triggered)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), sv[2], efd, n;
	struct epoll_event ev, out[4];
	struct delayed d;
	pthread_t t;
	uint64_t v;
	char buf[8];

	UK_TEST_ASSERT(ep >= 0);
	UK_TEST_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	efd = eventfd(0, EFD_NONBLOCK);
	UK_TEST_ASSERT(efd >= 0);
	/* level-triggered socket, edge-triggered eventfd */
	ev.events = EPOLLIN;
	ev.data.u64 = 100;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev), 0);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 200;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	/* data arrives from another thread while epoll_wait sleeps */
	d.fd = sv[1];
	d.msg = "hi";
	d.ms = 30;
	pthread_create(&t, NULL, write_later, &d);
	n = epoll_wait(ep, out, 4, 5000);
	UK_TEST_EXPECT_SNUM_EQ(n, 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].data.u64, 100);
	UK_TEST_EXPECT(out[0].events & EPOLLIN);
	pthread_join(t, NULL);
	/* level-triggered: still reported until read */
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[0], buf, sizeof(buf)), 2);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	/* edge-triggered: once per change, even if not drained */
	v = 3;
	UK_TEST_EXPECT_SNUM_EQ(write(efd, &v, sizeof(v)), 8);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].data.u64, 200);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(write(efd, &v, sizeof(v)), 8);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(read(efd, &v, sizeof(v)), 8);
	UK_TEST_EXPECT_UNUM_EQ(v, 6);
	/* one-shot: reported once, then only after EPOLL_CTL_MOD */
	ev.events = EPOLLOUT | EPOLLONESHOT;
	ev.data.u64 = 300;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev), 0);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	UK_TEST_EXPECT_UNUM_EQ(out[0].data.u64, 300);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, sv[0], &ev), 0);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	/* EPOLLEXCLUSIVE is accepted on ADD only */
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, sv[1], &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* a closed descriptor leaves the set */
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	close(sv[1]);
	close(sv[0]);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	close(efd);
	close(ep);
}

UK_TESTCASE(posix_socket, epoll_on_tcp_pipes_and_errors)
{
	int ep = epoll_create1(0), ls = tcp_listener(PORT_MISC + 5, 4), c, s;
	int pfd[2], f;
	struct epoll_event ev, out[4];

	UK_TEST_ASSERT(ep >= 0 && ls >= 0);
	UK_TEST_ASSERT(pipe(pfd) == 0);
	ev.events = EPOLLIN;
	ev.data.fd = ls;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev), 0);
	ev.data.fd = pfd[0];
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev), 0);
	c = tcp_connect(PORT_MISC + 5);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 2000), 1);
	UK_TEST_EXPECT_SNUM_EQ(out[0].data.fd, ls);
	s = accept(ls, NULL, NULL);
	UK_TEST_EXPECT_SNUM_EQ(write(pfd[1], "p", 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 2000), 1);
	UK_TEST_EXPECT_SNUM_EQ(out[0].data.fd, pfd[0]);
	/* errors: a regular file, the epoll itself, a bad descriptor */
	f = open("/tmp/epoll-file", O_CREAT | O_RDWR, 0600);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, f, &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(f, out, 4, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	close(f);
	unlink("/tmp/epoll-file");
	close(pfd[0]);
	close(pfd[1]);
	close(s);
	close(c);
	close(ls);
	close(ep);
}

UK_TESTCASE(posix_socket, eventfd_counter_and_semaphore)
{
	int e = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v;

	UK_TEST_ASSERT(e >= 0);
	UK_TEST_EXPECT_SNUM_EQ(read(e, &v, sizeof(v)), 8);
	UK_TEST_EXPECT_UNUM_EQ(v, 1);
	UK_TEST_EXPECT_SNUM_EQ(read(e, &v, sizeof(v)), 8);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(read(e, &v, sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(read(e, &v, 4), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	v = UINT64_MAX;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(write(e, &v, sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	v = UINT64_MAX - 1;
	UK_TEST_EXPECT_SNUM_EQ(write(e, &v, sizeof(v)), 8);
	v = 1;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(write(e, &v, sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	close(e);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(eventfd(0, 0x4242), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

/*
 * SO_LINGER, as on Linux. Over loopback a peer that does not read closes
 * its window: @s (made non-blocking) is written to until its send buffer
 * is full too, so data is left unsent. Returns the bytes written.
 */
#define PORT_LINGER	9120

/* Send the pattern from byte @total on until @s's send buffer is full:
 * the bytes sent plus @total */
static size_t fill_from(int s, int seed, size_t total)
{
	unsigned char buf[1024];
	size_t i;
	ssize_t n;

	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	for (;;) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(total + i, seed);
		n = send(s, buf, sizeof(buf), MSG_NOSIGNAL);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
	return total;
}

static size_t fill_unsent(int s, int seed)
{
	return fill_from(s, seed, 0);
}

static int set_linger(int s, int on, int secs)
{
	struct linger l = { on, secs };

	return setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}

#define DRAIN_BUF	1500	/* drain_reader()'s reads */

struct drain {
	int s, seed;
	size_t got, bad;	/* got: atomic, read by the closer */
	ssize_t last;		/* 0: end of file; -1: errno in err */
	int err;
};

/* Read @arg's socket to its end, checking the pattern. */
static void *drain_reader(void *arg)
{
	struct drain *d = arg;
	unsigned char buf[DRAIN_BUF];
	size_t got = 0;
	ssize_t n, i;

	while ((n = recv(d->s, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++)
			d->bad += buf[i] != pattern(got + (size_t)i, d->seed);
		got += (size_t)n;
		__atomic_store_n(&d->got, got, __ATOMIC_RELEASE);
	}
	d->last = n;
	d->err = n < 0 ? errno : 0;
	return NULL;
}

static void linger_pair(int port, int *ls, int *c, int *s)
{
	*ls = tcp_listener(port, 1);
	*c = *ls >= 0 ? tcp_connect(port) : -1;
	*s = *c >= 0 ? accept(*ls, NULL, NULL) : -1;
}

/*
 * Unread data at close resets the connection at once (Linux), linger or
 * not. lwIP's own lingering close waited forever here: tcp_close() had
 * reset and freed the connection, and nothing woke the closer.
 */
UK_TESTCASE(posix_socket, linger_close_with_unread_data_resets)
{
	struct drain d = { .seed = 3 };
	struct pollfd p;
	int ls, c, s;
	size_t total;

	linger_pair(PORT_LINGER, &ls, &c, &s);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_SNUM_EQ(send(c, "unread", 6, 0), 6);
	p = (struct pollfd){ .fd = s, .events = POLLIN };
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, -1), 1);
	total = fill_unsent(s, d.seed);
	UK_TEST_ASSERT(total > 0);
	UK_TEST_EXPECT_SNUM_EQ(set_linger(s, 1, 30), 0);
	UK_TEST_EXPECT_SNUM_EQ(close(s), 0);
	d.s = c;
	drain_reader(&d);
	UK_TEST_EXPECT_SNUM_EQ(d.last, -1);
	UK_TEST_EXPECT_SNUM_EQ(d.err, ECONNRESET);
	UK_TEST_EXPECT(d.got < total);
	UK_TEST_EXPECT_UNUM_EQ(d.bad, 0);
	close(c);
	close(ls);
}

/* {1, 0}: a reset, even with nothing queued. */
UK_TESTCASE(posix_socket, linger_zero_resets)
{
	struct linger l = { 0, 0 };
	socklen_t len = sizeof(l);
	int ls, c, s;
	char b;

	linger_pair(PORT_LINGER + 1, &ls, &c, &s);
	UK_TEST_ASSERT(s >= 0);
	UK_TEST_EXPECT_SNUM_EQ(set_linger(s, 1, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(len, sizeof(l));
	UK_TEST_EXPECT_SNUM_EQ(l.l_onoff, 1);
	UK_TEST_EXPECT_SNUM_EQ(l.l_linger, 0);
	UK_TEST_EXPECT_SNUM_EQ(close(s), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(recv(c, &b, 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECONNRESET);
	close(c);
	close(ls);
}

/*
 * {1, N} with a reading peer: close returns once the FIN is acknowledged,
 * so by then the peer holds every byte: its reader has counted all but
 * its receive window, the segment its socket took off lwIP's queue (the
 * window reopens for a segment when the socket takes it, before the
 * reader copies it out) and the reader's buffer it has not counted yet
 * (a preempted reader, on a loaded host); it then reads them all and the
 * end of file.
 */
#ifndef CONFIG_LIBLWIP_TCP_WND
#define CONFIG_LIBLWIP_TCP_WND 65535
#endif
#ifndef CONFIG_LIBLWIP_TCP_MSS
#define CONFIG_LIBLWIP_TCP_MSS 1460
#endif

/*
 * Fill @s's send buffer and its peer @c's receive window: send until the
 * buffer is full, wait until @c holds a window's worth of the data (lwIP
 * moves it in its own thread; all but the part of a segment that does
 * not fit), send again. Then more is unread than one window, and a
 * close that returned before its FIN was acknowledged leaves the
 * reader's count a window short. The wait is bounded (30 s); the
 * received count is checked by the caller.
 */
static size_t fill_both(int s, int c, int seed, int *peer_holds)
{
	size_t total = fill_unsent(s, seed);
	int i, n = 0;

	for (i = 0; i < 30000; i++) {
		if (ioctl(c, FIONREAD, &n) != 0 ||
		    n >= CONFIG_LIBLWIP_TCP_WND - 2 * CONFIG_LIBLWIP_TCP_MSS)
			break;
		usleep(1000);
	}
	*peer_holds = n;
	return fill_from(s, seed, total);
}

static void linger_waits(UK_TEST_CTX_PARAM, int port, bool peer_closed_first)
{
	struct drain d = { .seed = 5 };
	size_t total, at_close;
	pthread_t t;
	int ls, c, s, peer_holds;
	char b;

	linger_pair(port, &ls, &c, &s);
	UK_TEST_ASSERT(s >= 0);
	if (peer_closed_first) {
		/* the close then goes CLOSE_WAIT -> LAST_ACK -> CLOSED */
		UK_TEST_EXPECT_SNUM_EQ(shutdown(c, SHUT_WR), 0);
		UK_TEST_EXPECT_SNUM_EQ(recv(s, &b, 1, 0), 0);
	}
	total = fill_both(s, c, d.seed, &peer_holds);
	UK_TEST_EXPECT(peer_holds >= CONFIG_LIBLWIP_TCP_WND - 2 * CONFIG_LIBLWIP_TCP_MSS);
	UK_TEST_ASSERT(total > CONFIG_LIBLWIP_TCP_WND + CONFIG_LIBLWIP_TCP_MSS + DRAIN_BUF);
	/* blocking again; Linux would block a non-blocking close too */
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK);
	UK_TEST_EXPECT_SNUM_EQ(set_linger(s, 1, 600), 0);
	d.s = c;
	UK_TEST_ASSERT(pthread_create(&t, NULL, drain_reader, &d) == 0);
	UK_TEST_EXPECT_SNUM_EQ(close(s), 0);
	at_close = __atomic_load_n(&d.got, __ATOMIC_ACQUIRE);
	UK_TEST_EXPECT(at_close + CONFIG_LIBLWIP_TCP_WND +
		       CONFIG_LIBLWIP_TCP_MSS + DRAIN_BUF >= total);
	pthread_join(t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(d.last, 0);
	UK_TEST_EXPECT_UNUM_EQ(d.got, total);
	UK_TEST_EXPECT_UNUM_EQ(d.bad, 0);
	close(c);
	close(ls);
}

UK_TESTCASE(posix_socket, linger_close_waits_for_the_peer)
{
	linger_waits(UK_TEST_CTX, PORT_LINGER + 2, false);
}

UK_TESTCASE(posix_socket, linger_close_after_the_peer_closed)
{
	linger_waits(UK_TEST_CTX, PORT_LINGER + 3, true);
}

/*
 * {1, 1} and a peer that never reads: the FIN cannot be acknowledged, so
 * close (of a non-blocking socket, too, as on Linux) returns after the
 * linger time, and the connection goes on in the background: the peer
 * reads everything, then the end of file.
 */
UK_TESTCASE(posix_socket, linger_timeout_then_background)
{
	struct drain d = { .seed = 7 };
	struct timespec t0, t1;
	size_t total;
	int ls, c, s;

	linger_pair(PORT_LINGER + 4, &ls, &c, &s);
	UK_TEST_ASSERT(s >= 0);
	total = fill_unsent(s, d.seed);
	UK_TEST_EXPECT_SNUM_EQ(set_linger(s, 1, 1), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	UK_TEST_EXPECT_SNUM_EQ(close(s), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	UK_TEST_EXPECT((t1.tv_sec - t0.tv_sec) * 1000000000LL +
		       (t1.tv_nsec - t0.tv_nsec) >= 1000000000LL);
	d.s = c;
	drain_reader(&d);
	UK_TEST_EXPECT_SNUM_EQ(d.last, 0);
	UK_TEST_EXPECT_UNUM_EQ(d.got, total);
	UK_TEST_EXPECT_UNUM_EQ(d.bad, 0);
	close(c);
	close(ls);
}

/*
 * Blocking socket calls are cancellation points and end for a signal:
 * a thread waiting in recv (UDP), in read (TCP) or in accept is cancelled;
 * a handler's signal makes recv fail with EINTR.
 */
#define PORT_CANCEL	9103

static sem_t cancel_started;
static int cancel_fd;

static void *blocked_recv(void *arg)
{
	char b[16];

	sem_post(&cancel_started);
	recv(cancel_fd, b, sizeof(b), 0);
	return (void *)1;
}

static void *blocked_read(void *arg)
{
	char b[16];

	sem_post(&cancel_started);
	read(cancel_fd, b, sizeof(b));
	return (void *)1;
}

static void *blocked_accept(void *arg)
{
	sem_post(&cancel_started);
	accept(cancel_fd, NULL, NULL);
	return (void *)1;
}

static void *cancel_blocked_on(int fd, void *(*fn)(void *))
{
	pthread_t th;
	void *ret = NULL;

	cancel_fd = fd;
	if (pthread_create(&th, NULL, fn, NULL))
		return NULL;
	sem_wait(&cancel_started);
	/* blocked or about to be: either way a cancellation point */
	sched_yield();
	pthread_cancel(th);
	pthread_join(th, &ret);
	return ret;
}

static volatile int usr1_seen;

static void on_usr1_sock(int sig)
{
	usr1_seen = sig;
}

static volatile int recv_done;

/* A signal that comes before recv blocks is handled; the next one ends
 * the blocked recv. */
static void *recv_until_signal(void *arg)
{
	char b[16];
	ssize_t n;

	sem_post(&cancel_started);
	do
		n = recv(cancel_fd, b, sizeof(b), 0);
	while (n < 0 && errno == EINTR && !usr1_seen);
	recv_done = 1;
	return (void *)(intptr_t)(n < 0 && errno == EINTR ? 2 : 3);
}

UK_TESTCASE(posix_socket, blocked_calls_are_cancelled_and_interrupted)
{
	struct sockaddr_in a = lo_addr(PORT_CANCEL);
	struct sigaction sa;
	int u, l, c, s;
	pthread_t th;
	void *ret = NULL;

	sem_init(&cancel_started, 0, 0);
	u = socket(AF_INET, SOCK_DGRAM, 0);
	UK_TEST_EXPECT_SNUM_EQ(bind(u, (void *)&a, sizeof(a)), 0);
	UK_TEST_EXPECT(cancel_blocked_on(u, blocked_recv) == PTHREAD_CANCELED);

	l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int));
	UK_TEST_EXPECT_SNUM_EQ(bind(l, (void *)&a, sizeof(a)), 0);
	UK_TEST_EXPECT_SNUM_EQ(listen(l, 4), 0);
	UK_TEST_EXPECT(cancel_blocked_on(l, blocked_accept) ==
		       PTHREAD_CANCELED);
	c = socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (void *)&a, sizeof(a)), 0);
	s = accept(l, NULL, NULL);
	UK_TEST_EXPECT(s >= 0);
	UK_TEST_EXPECT(cancel_blocked_on(s, blocked_read) == PTHREAD_CANCELED);
	/* the connection still works after the cancelled read */
	UK_TEST_EXPECT_SNUM_EQ(write(c, "x", 1), 1);
	{
		char b;

		UK_TEST_EXPECT_SNUM_EQ(read(s, &b, 1), 1);
		UK_TEST_EXPECT_SNUM_EQ(b, 'x');
	}

	/* a signal with a handler (no SA_RESTART): EINTR */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1_sock;
	sigaction(SIGUSR1, &sa, NULL);
	usr1_seen = 0;
	cancel_fd = u;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, recv_until_signal,
					      NULL), 0);
	sem_wait(&cancel_started);
	recv_done = 0;
	while (!recv_done) {
		pthread_kill(th, SIGUSR1);
		usleep(1000);
	}
	pthread_join(th, &ret);
	UK_TEST_EXPECT(ret == (void *)2);
	UK_TEST_EXPECT_SNUM_EQ(usr1_seen, SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
	close(s);
	close(c);
	close(l);
	close(u);
}

/*
 * A blocking connect whose SYN goes unanswered (the listener's backlog of
 * one is full, so lwIP drops it) waits in Kast, not in lwIP: a signal
 * ends it with EINTR and a cancellation cancels it. Bounded: without
 * that, the connect would wait for lwIP to give up on its retries.
 */
#define PORT_CONNECT	9130

static volatile int connect_done;

static void *connect_until_signal(void *arg)
{
	struct sockaddr_in a = lo_addr(PORT_CONNECT);
	int c = socket(AF_INET, SOCK_STREAM, 0), r;

	sem_post(&cancel_started);
	do
		r = connect(c, (void *)&a, sizeof(a));
	while (r < 0 && errno == EINTR && !usr1_seen);
	connect_done = 1;
	r = r < 0 && errno == EINTR ? 2 : 3;
	close(c);
	return (void *)(intptr_t)r;
}

static void close_fd(void *fd)
{
	close((int)(intptr_t)fd);
}

static void *blocked_connect(void *arg)
{
	struct sockaddr_in a = lo_addr(PORT_CONNECT);
	int c = socket(AF_INET, SOCK_STREAM, 0);

	pthread_cleanup_push(close_fd, (void *)(intptr_t)c);
	sem_post(&cancel_started);
	connect(c, (void *)&a, sizeof(a));
	pthread_cleanup_pop(1);
	return (void *)1;
}

UK_TESTCASE(posix_socket, blocked_connect_is_interrupted_and_cancelled)
{
	struct sigaction sa;
	pthread_t th;
	void *ret = NULL;
	int l, c, i;

	sem_init(&cancel_started, 0, 0);
	l = tcp_listener(PORT_CONNECT, 1);
	UK_TEST_ASSERT(l >= 0);
	c = tcp_connect(PORT_CONNECT);	/* fills the backlog */
	UK_TEST_ASSERT(c >= 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1_sock;
	sigaction(SIGUSR1, &sa, NULL);
	usr1_seen = 0;
	connect_done = 0;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, connect_until_signal,
					      NULL), 0);
	sem_wait(&cancel_started);
	for (i = 0; i < 5000 && !connect_done; i++) {
		pthread_kill(th, SIGUSR1);
		usleep(1000);
	}
	UK_TEST_EXPECT(connect_done);
	if (connect_done) {
		pthread_join(th, &ret);
		UK_TEST_EXPECT(ret == (void *)2);
		UK_TEST_EXPECT_SNUM_EQ(usr1_seen, SIGUSR1);
	}
	signal(SIGUSR1, SIG_DFL);

	UK_TEST_EXPECT(cancel_blocked_on(-1, blocked_connect) ==
		       PTHREAD_CANCELED);
	close(c);
	close(l);
}
