/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block device throughput in 4 KiB requests (make bench: the same
 * source runs in Kast, built with kast-cc, and in the Linux baseline,
 * built static with the host's gcc, on the same virtio-blk device).
 * usage: blkbench DEVICE MIB RANDOM_OPS [direct]
 * Sequential write of MIB MiB (then fsync), sequential read of it,
 * RANDOM_OPS random 4 KiB writes (then fsync), RANDOM_OPS random reads,
 * all inside the first MIB MiB. "direct" opens with O_DIRECT, so that
 * Linux reads the device rather than its page cache (Kast has none).
 * Prints "blkbench: NAME BYTES bytes USEC us" per phase.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BS 4096

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void report(const char *name, uint64_t bytes, uint64_t t0)
{
	printf("blkbench: %s %llu bytes %llu us\n", name,
	       (unsigned long long)bytes, (unsigned long long)(now_us() - t0));
}

static int phase(int fd, const char *name, int write_, int random_,
		 uint64_t blocks, uint64_t ops, unsigned char *buf)
{
	uint64_t i, t0 = now_us();
	off_t off;
	ssize_t n;

	for (i = 0; i < ops; i++) {
		off = (off_t)((random_ ? rnd() % blocks : i) * BS);
		buf[0] = (unsigned char)i;
		n = write_ ? pwrite(fd, buf, BS, off) : pread(fd, buf, BS, off);
		if (n != BS) {
			printf("blkbench: %s: I/O at %lld returned %zd\n", name,
			       (long long)off, n);
			return -1;
		}
	}
	if (write_ && fsync(fd) != 0) {
		printf("blkbench: %s: fsync failed\n", name);
		return -1;
	}
	report(name, ops * BS, t0);
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t blocks, rops;
	unsigned char *buf;
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: blkbench DEVICE MIB RANDOM_OPS [direct]\n");
		return 2;
	}
	blocks = strtoull(argv[2], NULL, 0) * 1024 * 1024 / BS;
	rops = strtoull(argv[3], NULL, 0);
	fd = open(argv[1], O_RDWR | (argc > 4 && !strcmp(argv[4], "direct") ? O_DIRECT : 0));
	if (fd < 0 || posix_memalign((void **)&buf, BS, BS)) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 0xa5, BS);
	if (phase(fd, "seqwrite", 1, 0, blocks, blocks, buf) ||
	    phase(fd, "seqread", 0, 0, blocks, blocks, buf) ||
	    phase(fd, "randwrite", 1, 1, blocks, rops, buf) ||
	    phase(fd, "randread", 0, 1, blocks, rops, buf))
		return 1;
	printf("blkbench: done\n");
	close(fd);
	return 0;
}
