/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Single-threaded epoll server for the host-driven network tests:
 *   epollsrv PORT CONNECTIONS
 * Requests are lines "add A B"; each is answered "A+B" (decimal) on the
 * same connection. Non-blocking sockets, edge-triggered. Exits 0 once
 * CONNECTIONS connections were accepted and all of them closed, printing
 * how many requests it answered and the most connections open at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 1024
#define LINE 256

struct client {
	char in[LINE];
	size_t len;
};

static struct client *clients[MAX_FDS];

static int nonblock(int fd)
{
	return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* answer complete lines; -1 when the connection is to be closed */
static int serve(int fd, long *requests)
{
	struct client *c = clients[fd];
	char out[64];

	for (;;) {
		ssize_t r = read(fd, c->in + c->len, sizeof(c->in) - c->len);
		char *nl;

		if (r == 0)
			return -1;
		if (r < 0)
			return errno == EAGAIN ? 0 : -1;
		c->len += (size_t)r;
		while ((nl = memchr(c->in, '\n', c->len))) {
			long long a, b;
			int n;

			*nl = 0;
			if (sscanf(c->in, "add %lld %lld", &a, &b) != 2)
				n = snprintf(out, sizeof(out), "error\n");
			else
				n = snprintf(out, sizeof(out), "%lld\n", a + b);
			/* replies are short: the send buffer has room */
			if (write(fd, out, (size_t)n) != n)
				return -1;
			(*requests)++;
			c->len -= (size_t)(nl + 1 - c->in);
			memmove(c->in, nl + 1, c->len);
		}
		if (c->len == sizeof(c->in))
			return -1;  /* a line too long */
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event ev, events[64];
	long requests = 0;
	int one = 1, want, accepted = 0, open_now = 0, most = 0, s, ep, i, n;

	if (argc != 3 || (want = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: epollsrv PORT CONNECTIONS\n");
		return 2;
	}
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 128) || nonblock(s)) {
		perror("epollsrv: listen");
		return 1;
	}
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = s;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev)) {
		perror("epollsrv: epoll");
		return 1;
	}
	printf("epollsrv: ready on port %s for %d connections\n", argv[1], want);
	fflush(stdout);
	while (accepted < want || open_now > 0) {
		n = epoll_wait(ep, events, 64, -1);
		if (n < 0) {
			perror("epoll_wait");
			return 1;
		}
		for (i = 0; i < n; i++) {
			int fd = events[i].data.fd;

			if (fd == s) {
				int c;

				while ((c = accept(s, NULL, NULL)) >= 0) {
					if (c >= MAX_FDS || nonblock(c) ||
					    !(clients[c] = calloc(1, sizeof(struct client)))) {
						fprintf(stderr, "epollsrv: cannot take fd %d\n", c);
						return 1;
					}
					ev.events = EPOLLIN | EPOLLET;
					ev.data.fd = c;
					if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev)) {
						perror("epoll_ctl");
						return 1;
					}
					accepted++;
					if (++open_now > most)
						most = open_now;
				}
				if (errno != EAGAIN) {
					perror("accept");
					return 1;
				}
				continue;
			}
			if (serve(fd, &requests) < 0) {
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
				free(clients[fd]);
				clients[fd] = NULL;
				open_now--;
			}
		}
	}
	printf("epollsrv: %d connections (at most %d open at once), %ld requests\n",
	       accepted, most, requests);
	return 0;
}
