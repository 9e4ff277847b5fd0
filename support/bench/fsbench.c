/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9p throughput (make bench): in folder argv[1], a file of argv[2] MiB
 * written sequentially in 4 KiB writes (then fsync), read sequentially in
 * 4 KiB reads, then argv[3] random 4 KiB preads and pwrites at 4 KiB
 * aligned offsets (then fsync). The same source runs in a Kast guest
 * (kast-cc) and in the Linux baseline (static host build); times are the
 * guest's own monotonic clock. One "fsbench: NAME MB/s" line per test.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BS	4096

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *name, double bytes, double t)
{
	printf("fsbench: %s %.2f MB/s\n", name, bytes / t / 1e6);
}

int main(int argc, char **argv)
{
	static char buf[BS];
	char path[512];
	long mib, ops, blocks, i;
	uint32_t x = 1;
	double t;
	int fd;

	if (argc != 4)
		return 2;
	mib = atol(argv[2]);
	ops = atol(argv[3]);
	blocks = mib * 1024 * 1024 / BS;
	snprintf(path, sizeof(path), "%s/fsbench.dat", argv[1]);
	memset(buf, 0x5a, sizeof(buf));
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	t = now();
	for (i = 0; i < blocks; i++)
		if (write(fd, buf, BS) != BS)
			return 1;
	if (fsync(fd))
		return 1;
	report("seq-write", (double)blocks * BS, now() - t);
	lseek(fd, 0, SEEK_SET);
	t = now();
	for (i = 0; i < blocks; i++)
		if (read(fd, buf, BS) != BS)
			return 1;
	report("seq-read", (double)blocks * BS, now() - t);
	t = now();
	for (i = 0; i < ops; i++) {
		x = x * 1103515245u + 12345u;
		if (pread(fd, buf, BS, (off_t)((x >> 8) % blocks) * BS) != BS)
			return 1;
	}
	report("rand-read", (double)ops * BS, now() - t);
	t = now();
	for (i = 0; i < ops; i++) {
		x = x * 1103515245u + 12345u;
		if (pwrite(fd, buf, BS, (off_t)((x >> 8) % blocks) * BS) != BS)
			return 1;
	}
	if (fsync(fd))
		return 1;
	report("rand-write", (double)ops * BS, now() - t);
	close(fd);
	unlink(path);
	printf("fsbench: done\n");
	return 0;
}
