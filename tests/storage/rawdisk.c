/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A raw disk from inside the guest (support/kast/storagetest.py drives
 * it): /dev/vda is a writable disk holding the host's pattern, /dev/vdb
 * a read-only one (kast-run --disk A --disk B:ro). Reads the pattern at
 * aligned and odd offsets, writes a block at 1 MiB and fsyncs, writes
 * partial sectors at odd offsets and across sector boundaries, checks
 * the edges (read at the end: 0, write at the end: ENOSPC, a write
 * across the end: cut short), and that the read-only disk refuses
 * writes with EROFS. Prints one line per failed check and a summary;
 * the host then compares the files byte by byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

/* Linux's numbers (linux/fs.h; musl does not ship kernel headers) */
#define BLKROSET	_IO(0x12, 93)
#define BLKROGET	_IO(0x12, 94)
#define BLKSSZGET	_IO(0x12, 104)
#define BLKGETSIZE64	_IOR(0x12, 114, size_t)

#define MIB (1024 * 1024)

static int checks, failed;

#define CHECK(cond, ...)						\
	do {								\
		checks++;						\
		if (!(cond)) {						\
			failed++;					\
			printf("FAIL line %d: ", __LINE__);		\
			printf(__VA_ARGS__);				\
			printf(" (errno %d)\n", errno);			\
		}							\
	} while (0)

/* The host's pattern (storagetest.pattern()). */
static uint8_t pat(uint64_t i)
{
	return (uint8_t)((i * 131) ^ (i >> 9) ^ (i >> 17));
}

static int pattern_ok(const uint8_t *buf, size_t len, uint64_t off)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != pat(off + i))
			return 0;
	return 1;
}

static void fill(uint8_t *buf, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(seed + i * 7);
}

static void rw_disk(const char *path, uint64_t want_size)
{
	static uint8_t buf[256 * 1024], w[8192];
	uint64_t size = 0;
	struct stat st;
	int fd, ss = 0, ro = -1;
	ssize_t n;
	off_t o;

	fd = open(path, O_RDWR);
	CHECK(fd >= 0, "open %s", path);
	if (fd < 0)
		return;
	CHECK(fstat(fd, &st) == 0 && S_ISBLK(st.st_mode), "fstat: a block device");
	CHECK(st.st_size == 0, "st_size %lld is 0 as on Linux", (long long)st.st_size);
	CHECK(ioctl(fd, BLKGETSIZE64, &size) == 0 && size == want_size,
	      "BLKGETSIZE64 %llu", (unsigned long long)size);
	CHECK(ioctl(fd, BLKSSZGET, &ss) == 0 && ss == 512, "BLKSSZGET %d", ss);
	CHECK(ioctl(fd, BLKROGET, &ro) == 0 && ro == 0, "BLKROGET %d", ro);
	printf("size %llu\n", (unsigned long long)size);
	/* the host's pattern: a large read, then odd offsets and lengths */
	n = read(fd, buf, sizeof(buf));
	CHECK(n == (ssize_t)sizeof(buf) && pattern_ok(buf, sizeof(buf), 0),
	      "read 256 KiB of the pattern: %zd", n);
	CHECK(lseek(fd, 0, SEEK_CUR) == (off_t)sizeof(buf), "position after read");
	n = pread(fd, buf, 1001, 12345);
	CHECK(n == 1001 && pattern_ok(buf, 1001, 12345), "pread 1001 at 12345: %zd", n);
	n = pread(fd, buf, 3, 511);
	CHECK(n == 3 && pattern_ok(buf, 3, 511), "pread across a sector edge: %zd", n);
	/* a block at 1 MiB, made durable */
	fill(w, 4096, 1);
	CHECK(pwrite(fd, w, 4096, MIB) == 4096, "pwrite 4 KiB at 1 MiB");
	CHECK(fsync(fd) == 0, "fsync");
	n = pread(fd, buf, 4096, MIB);
	CHECK(n == 4096 && !memcmp(buf, w, 4096), "read back at 1 MiB");
	/* partial sectors: inside one, and across two and more */
	CHECK(pwrite(fd, "hello", 5, MIB + 8192 + 3) == 5, "pwrite 5 at +8195");
	fill(w, 1500, 2);
	CHECK(pwrite(fd, w, 1500, 2 * MIB - 700) == 1500, "pwrite 1500 across 2 MiB");
	o = lseek(fd, MIB + 20000 + 77, SEEK_SET);
	CHECK(o == MIB + 20000 + 77, "lseek SEEK_SET");
	fill(w, 5000, 3);
	CHECK(write(fd, w, 5000) == 5000, "write 5000 at the position");
	CHECK(lseek(fd, 0, SEEK_CUR) == MIB + 25077, "position after write");
	CHECK(fdatasync(fd) == 0, "fdatasync");
	n = pread(fd, buf, 5000, MIB + 20077);
	CHECK(n == 5000 && !memcmp(buf, w, 5000), "read back the 5000 bytes");
	n = pread(fd, buf, 3, MIB + 20076);
	CHECK(n == 3 && buf[0] == pat(MIB + 20076), "byte before them kept");
	n = pread(fd, buf, 1, MIB + 25077);
	CHECK(n == 1 && buf[0] == pat(MIB + 25077), "byte after them kept");
	/* the edges */
	CHECK(lseek(fd, 0, SEEK_END) == (off_t)size, "lseek SEEK_END is the size");
	CHECK(lseek(fd, -10, SEEK_END) == (off_t)size - 10, "lseek -10 from the end");
	CHECK(read(fd, buf, 100) == 10, "read cut at the end");
	CHECK(read(fd, buf, 100) == 0, "read at the end: 0");
	CHECK(pread(fd, buf, 1, size + 4096) == 0, "pread past the end: 0");
	errno = 0;
	CHECK(write(fd, "x", 1) == -1 && errno == ENOSPC, "write at the end: ENOSPC");
	fill(w, 100, 4);
	CHECK(pwrite(fd, w, 100, size - 40) == 40, "pwrite across the end: cut to 40");
	CHECK(pwrite(fd, w, 0, size) == 0, "pwrite of 0 bytes at the end");
	errno = 0;
	CHECK(pread(fd, buf, 1, -1) == -1 && errno == EINVAL, "pread at -1: EINVAL");
	CHECK(fsync(fd) == 0, "fsync");
	close(fd);
}

static void ro_disk(const char *path, uint64_t want_size)
{
	uint8_t buf[600];
	uint64_t size = 0;
	int fd, ro = -1;

	fd = open(path, O_RDWR);
	CHECK(fd >= 0, "open %s O_RDWR (allowed, as on Linux)", path);
	if (fd < 0)
		return;
	CHECK(ioctl(fd, BLKGETSIZE64, &size) == 0 && size == want_size,
	      "BLKGETSIZE64 %llu of the read-only disk", (unsigned long long)size);
	CHECK(ioctl(fd, BLKROGET, &ro) == 0 && ro == 1, "BLKROGET %d", ro);
	CHECK(pread(fd, buf, 600, 100) == 600 && pattern_ok(buf, 600, 100),
	      "read the read-only disk");
	errno = 0;
	CHECK(write(fd, "x", 1) == -1 && errno == EROFS, "write: EROFS");
	errno = 0;
	CHECK(pwrite(fd, buf, 600, 4096) == -1 && errno == EROFS, "pwrite: EROFS");
	ro = 0;
	CHECK(ioctl(fd, BLKROSET, &ro) == 0, "BLKROSET 0");
	errno = 0;
	CHECK(pwrite(fd, buf, 1, 0) == -1 && errno == EROFS, "still EROFS");
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: rawdisk SIZE_VDA SIZE_VDB\n");
		return 2;
	}
	rw_disk("/dev/vda", strtoull(argv[1], NULL, 0));
	ro_disk("/dev/vdb", strtoull(argv[2], NULL, 0));
	printf("rawdisk: %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
