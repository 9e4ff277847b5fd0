/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exit with data in flight (support/kast/nettest.py):
 *   sendexit PORT BYTES
 * accepts one connection on PORT, writes BYTES bytes (byte i is i % 251)
 * and returns from main() at once, without closing: as on Linux, the
 * data still queued must reach the peer, then end of file (the kernel's
 * exit-time drain, lib/lwip/tcpclose.c).
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	static unsigned char buf[251 * 64];
	long long n, sent = 0;
	int one = 1, s, c;
	size_t i;

	if (argc != 3 || (n = atoll(argv[2])) < 1) {
		fprintf(stderr, "usage: sendexit PORT BYTES\n");
		return 2;
	}
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i % 251);
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 1)) {
		perror("sendexit: listen");
		return 1;
	}
	printf("sendexit: ready on port %s\n", argv[1]);
	fflush(stdout);
	c = accept(s, NULL, NULL);
	if (c < 0) {
		perror("sendexit: accept");
		return 1;
	}
	while (sent < n) {
		/* sizeof(buf) is a multiple of 251: byte p is buf[p % size] */
		size_t off = (size_t)(sent % (long long)sizeof(buf));
		size_t len = sizeof(buf) - off;
		ssize_t w;

		if ((long long)len > n - sent)
			len = (size_t)(n - sent);
		w = write(c, buf + off, len);
		if (w <= 0) {
			perror("sendexit: write");
			return 1;
		}
		sent += w;
	}
	printf("sendexit: wrote %lld bytes\n", sent);
	return 0;
}
