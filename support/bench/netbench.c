/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The guest side of make bench's network figures (support/kast/bench/net.py),
 * an ordinary POSIX program built with kast-cc:
 *   netbench PORT
 * serves one connection at a time; its first byte says what to do:
 *   'R'  request/response: read 64 bytes, answer them, until end of file
 *   'S'  sink: read to end of file, then answer the byte count (8 bytes,
 *        little-endian) and close
 *   'W'  source: read a count N (8 bytes, little-endian), write N bytes,
 *        close
 *   'Q'  quit: exit 0
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RR_SIZE 64

static unsigned char buf[256 * 1024];

static int write_all(int fd, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n) {
		ssize_t w = write(fd, b, n);

		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	unsigned char *b = p;

	while (n) {
		ssize_t r = read(fd, b, n);

		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

static void le64(unsigned char *b, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t from_le64(const unsigned char *b)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | b[i];
	return v;
}

/* One connection: 1 to go on, 0 to quit. */
static int serve(int c)
{
	unsigned char mode, n8[8];
	uint64_t n = 0;
	ssize_t r;

	if (read_all(c, &mode, 1))
		return 1;
	switch (mode) {
	case 'R':
		while (!read_all(c, buf, RR_SIZE))
			if (write_all(c, buf, RR_SIZE))
				break;
		break;
	case 'S':
		while ((r = read(c, buf, sizeof(buf))) > 0)
			n += (uint64_t)r;
		le64(n8, n);
		write_all(c, n8, sizeof(n8));
		break;
	case 'W':
		if (read_all(c, n8, sizeof(n8)))
			break;
		n = from_le64(n8);
		memset(buf, 'k', sizeof(buf));
		while (n) {
			size_t len = n < sizeof(buf) ? (size_t)n : sizeof(buf);

			if (write_all(c, buf, len))
				break;
			n -= len;
		}
		break;
	case 'Q':
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, s, c, more = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: netbench PORT\n");
		return 2;
	}
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 4)) {
		perror("netbench: listen");
		return 1;
	}
	printf("netbench: ready on port %s\n", argv[1]);
	fflush(stdout);
	while (more) {
		c = accept(s, NULL, NULL);
		if (c < 0) {
			perror("netbench: accept");
			return 1;
		}
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		more = serve(c);
		close(c);
	}
	close(s);
	return 0;
}
