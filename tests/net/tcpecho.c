/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TCP echo server for the host-driven network tests (support/kast/nettest.py):
 *   tcpecho PORT CLIENTS
 * listens on PORT, echoes every connection on its own thread until the
 * client closes its side, prints the bytes echoed per connection and in
 * total after CLIENTS connections, and exits 0. What is still queued
 * then reaches the clients after main() returns, as on Linux (the
 * kernel's exit-time drain, lib/lwip/tcpclose.c).
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CLIENTS 64

struct conn {
	pthread_t thread;
	int fd;
	long long bytes;
	int error;
};

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *echo(void *arg)
{
	struct conn *c = arg;
	char *buf = malloc(16384);
	ssize_t r = 0;

	if (!buf) {
		c->error = 1;
		close(c->fd);
		return NULL;
	}
	while ((r = read(c->fd, buf, 16384)) > 0) {
		if (write_all(c->fd, buf, (size_t)r)) {
			perror("write");
			c->error = 1;
			break;
		}
		c->bytes += r;
	}
	if (r < 0) {
		perror("read");
		c->error = 1;
	}
	free(buf);
	close(c->fd);
	return NULL;
}

int main(int argc, char **argv)
{
	static struct conn conns[MAX_CLIENTS];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	long long total = 0;
	int one = 1, n, i, s, errors = 0;

	if (argc != 3 || (n = atoi(argv[2])) < 1 || n > MAX_CLIENTS) {
		fprintf(stderr, "usage: tcpecho PORT CLIENTS (1..%d)\n", MAX_CLIENTS);
		return 2;
	}
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, MAX_CLIENTS)) {
		perror("tcpecho: listen");
		return 1;
	}
	printf("tcpecho: ready on port %s for %d clients\n", argv[1], n);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		conns[i].fd = accept(s, NULL, NULL);
		if (conns[i].fd < 0) {
			perror("accept");
			return 1;
		}
		if (pthread_create(&conns[i].thread, NULL, echo, &conns[i])) {
			fprintf(stderr, "tcpecho: pthread_create failed\n");
			return 1;
		}
	}
	for (i = 0; i < n; i++) {
		pthread_join(conns[i].thread, NULL);
		printf("tcpecho: connection %d echoed %lld bytes%s\n", i, conns[i].bytes,
		       conns[i].error ? " (error)" : "");
		total += conns[i].bytes;
		errors += conns[i].error;
	}
	printf("tcpecho: %d connections, %lld bytes echoed, %d errors\n", n, total, errors);
	close(s);
	return errors ? 1 : 0;
}
