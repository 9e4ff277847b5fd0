/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UDP echo server for the host-driven network tests:
 *   udpecho PORT
 * sends every datagram back to its sender until one that reads "quit",
 * answered with "bye N" (N: datagrams echoed before it); exits 0.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET }, from;
	static char buf[65536];
	long echoed = 0, bytes = 0;
	socklen_t len;
	ssize_t r;
	int s;

	if (argc != 2) {
		fprintf(stderr, "usage: udpecho PORT\n");
		return 2;
	}
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("udpecho: bind");
		return 1;
	}
	printf("udpecho: ready on port %s\n", argv[1]);
	fflush(stdout);
	for (;;) {
		len = sizeof(from);
		r = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (r < 0) {
			perror("recvfrom");
			return 1;
		}
		if (r == 4 && !memcmp(buf, "quit", 4)) {
			int n = snprintf(buf, sizeof(buf), "bye %ld", echoed);

			sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
			break;
		}
		if (sendto(s, buf, (size_t)r, 0, (struct sockaddr *)&from, len) != r) {
			perror("sendto");
			return 1;
		}
		echoed++;
		bytes += r;
	}
	printf("udpecho: %ld datagrams, %ld bytes echoed\n", echoed, bytes);
	close(s);
	return 0;
}
