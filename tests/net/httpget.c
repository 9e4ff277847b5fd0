/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * HTTP client for the host-driven network tests:
 *   httpget HOST PORT PATH
 * fetches http://HOST:PORT/PATH (HTTP/1.0) and prints the status, the
 * body's length and its FNV-1a 64-bit hash, which the harness compares
 * with the file it serves. The connection is retried for up to 60 s
 * while the interface has no address yet (DHCP). Exits 0 on status 200
 * with a body as long as Content-Length says.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int connect_retry(const struct sockaddr_in *sa)
{
	struct timespec t0, now, pause = { 0, 200 * 1000 * 1000 };
	int s, tries = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0)
			return -1;
		tries++;
		if (!connect(s, (const struct sockaddr *)sa, sizeof(*sa))) {
			printf("httpget: connected after %d attempt(s)\n", tries);
			return s;
		}
		fprintf(stderr, "httpget: connect: %s\n", strerror(errno));
		close(s);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec > 60)
			return -1;
		nanosleep(&pause, NULL);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	static char buf[65536];
	char req[512], *end, *cl;
	uint64_t hash = 0xcbf29ce484222325ULL;
	long long body = 0, want = -1;
	size_t have = 0;
	ssize_t r;
	int s, status, n;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
		fprintf(stderr, "usage: httpget IPV4 PORT PATH\n");
		return 2;
	}
	sa.sin_port = htons((unsigned short)atoi(argv[2]));
	s = connect_retry(&sa);
	if (s < 0) {
		fprintf(stderr, "httpget: no connection to %s:%s\n", argv[1], argv[2]);
		return 1;
	}
	n = snprintf(req, sizeof(req), "GET /%s HTTP/1.0\r\nHost: %s:%s\r\n\r\n",
		     argv[3], argv[1], argv[2]);
	if (write(s, req, (size_t)n) != n) {
		perror("httpget: write");
		return 1;
	}
	/* the header: up to the blank line */
	for (;;) {
		if (have == sizeof(buf) - 1) {
			fprintf(stderr, "httpget: header too long\n");
			return 1;
		}
		r = read(s, buf + have, sizeof(buf) - 1 - have);
		if (r <= 0) {
			fprintf(stderr, "httpget: connection ended in the header\n");
			return 1;
		}
		have += (size_t)r;
		buf[have] = 0;
		end = strstr(buf, "\r\n\r\n");
		if (end)
			break;
	}
	*end = 0;
	if (sscanf(buf, "HTTP/%*d.%*d %d", &status) != 1) {
		fprintf(stderr, "httpget: bad status line\n");
		return 1;
	}
	cl = strcasestr(buf, "\r\nContent-Length:");
	if (cl)
		want = atoll(cl + 17);
	end += 4;
	for (;;) {
		size_t k = have - (size_t)(end - buf), i;

		for (i = 0; i < k; i++) {
			hash ^= (unsigned char)end[i];
			hash *= 0x100000001b3ULL;
		}
		body += (long long)k;
		r = read(s, buf, sizeof(buf));
		if (r < 0) {
			perror("httpget: read");
			return 1;
		}
		if (r == 0)
			break;
		have = (size_t)r;
		end = buf;
	}
	close(s);
	printf("httpget: status %d, content-length %lld, body %lld bytes, fnv1a64 %016llx\n",
	       status, want, body, (unsigned long long)hash);
	return status == 200 && body == want ? 0 : 1;
}
