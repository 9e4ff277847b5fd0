/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File system workout: run against a folder (argv[1]) on the host and in a
 * Kast guest on a 9p share of an empty host folder; support/kast/fstest.py
 * compares the output and the trees left behind. Everything printed is
 * deterministic (no inode numbers, times only where set explicitly).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define NFILES		120
#define BIG_SIZE	(3 * 1024 * 1024 + 12345)
#define BIG_WRITES	400

static int failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL line %d: %s (errno %d %s)\n",	\
			       __LINE__, #cond, errno, strerror(errno)); \
			failures++;					\
		}							\
	} while (0)

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static uint32_t fnv(const void *p, size_t n, uint32_t h)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	size_t n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Print the sorted entries of @dir (without . and ..) with their types. */
static void list(const char *dir)
{
	char *names[NFILES * 2];
	int n = 0, i;
	DIR *d = opendir(dir);
	struct dirent *e;

	CHECK(d != NULL);
	if (!d)
		return;
	while ((e = readdir(d)) && n < NFILES * 2) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmpstr);
	printf("list %s: %d entries:", dir, n);
	for (i = 0; i < n; i++) {
		struct stat st;
		char p[512];

		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		CHECK(lstat(p, &st) == 0);
		printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" :
		       S_ISLNK(st.st_mode) ? "@" : "");
		free(names[i]);
	}
	printf("\n");
}

static void small_files(void)
{
	char p[256], q[256], text[128];
	int i;

	CHECK(mkdir("many", 0755) == 0);
	for (i = 0; i < NFILES; i++) {
		snprintf(p, sizeof(p), "many/f%03d", i);
		snprintf(text, sizeof(text), "file %d %u\n", i, rnd() % 100000);
		CHECK(write_file(p, text) == 0);
	}
	/* rename every third, unlink every fifth */
	for (i = 0; i < NFILES; i += 3) {
		snprintf(p, sizeof(p), "many/f%03d", i);
		snprintf(q, sizeof(q), "many/r%03d", i);
		CHECK(rename(p, q) == 0);
	}
	for (i = 1; i < NFILES; i += 5) {
		snprintf(p, sizeof(p), "many/f%03d", i);
		if (i % 3 == 0)
			snprintf(p, sizeof(p), "many/r%03d", i);
		CHECK(unlink(p) == 0);
	}
	/* rename over an existing file */
	CHECK(rename("many/f002", "many/f004") == 0);
	errno = 0;
	CHECK(access("many/f002", F_OK) == -1 && errno == ENOENT);
	list("many");
}

static void dirs(void)
{
	struct stat st;
	char buf[64];
	ssize_t n;
	int fd;

	CHECK(mkdir("d1", 0755) == 0);
	CHECK(mkdir("d1/d2", 0700) == 0);
	CHECK(mkdir("d1/d2/d3", 0755) == 0);
	CHECK(write_file("d1/d2/d3/leaf", "leaf\n") == 0);
	errno = 0;
	CHECK(mkdir("d1", 0755) == -1 && errno == EEXIST);
	errno = 0;
	CHECK(rmdir("d1/d2") == -1 && errno == ENOTEMPTY);
	printf("rmdir non-empty: %s\n", errno == ENOTEMPTY ? "ENOTEMPTY" : "?");
	CHECK(rename("d1/d2", "moved") == 0);
	CHECK(stat("moved/d3/leaf", &st) == 0 && st.st_size == 5);
	CHECK(stat("moved", &st) == 0 && (st.st_mode & 07777) == 0700);
	CHECK(mkdir("empty", 0755) == 0 && rmdir("empty") == 0);
	errno = 0;
	CHECK(rmdir("empty") == -1 && errno == ENOENT);
	errno = 0;
	CHECK(open("nope/x", O_RDONLY) == -1 && errno == ENOENT);
	errno = 0;
	CHECK(unlink("moved") == -1 && (errno == EISDIR || errno == EPERM));
	CHECK(symlink("moved/d3/leaf", "link") == 0);
	n = readlink("link", buf, sizeof(buf));
	CHECK(n == 13 && !memcmp(buf, "moved/d3/leaf", 13));
	fd = open("link", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 5);
	close(fd);
	CHECK(link("moved/d3/leaf", "hardlink") == 0);
	CHECK(stat("hardlink", &st) == 0 && st.st_nlink == 2);
	CHECK(chmod("hardlink", 0600) == 0);
	CHECK(stat("moved/d3/leaf", &st) == 0 &&
	      (st.st_mode & 07777) == 0600);
	list(".");
	list("moved");
}

static void big_file(void)
{
	unsigned char *want = calloc(1, BIG_SIZE), *got = malloc(BIG_SIZE);
	unsigned char chunk[8192];
	struct stat st;
	int fd, i;
	uint32_t h;

	CHECK(want && got);
	if (!want || !got)
		return;
	fd = open("big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	CHECK(fd >= 0);
	for (i = 0; i < BIG_WRITES; i++) {
		size_t len = 1 + rnd() % sizeof(chunk);
		off_t off = rnd() % (BIG_SIZE - len);
		size_t j;

		for (j = 0; j < len; j++)
			chunk[j] = (unsigned char)rnd();
		memcpy(want + off, chunk, len);
		CHECK(pwrite(fd, chunk, len, off) == (ssize_t)len);
	}
	/* the last byte makes the size exact */
	want[BIG_SIZE - 1] = 0x5a;
	CHECK(pwrite(fd, want + BIG_SIZE - 1, 1, BIG_SIZE - 1) == 1);
	CHECK(fsync(fd) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == BIG_SIZE);
	CHECK(pread(fd, got, BIG_SIZE, 0) == BIG_SIZE);
	CHECK(!memcmp(want, got, BIG_SIZE));
	h = fnv(got, BIG_SIZE, 2166136261u);
	printf("big: %d bytes, hash %08x\n", BIG_SIZE, h);
	/* sequential read in odd chunks */
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	h = 2166136261u;
	for (;;) {
		ssize_t n = read(fd, chunk, 3000);

		CHECK(n >= 0);
		if (n <= 0)
			break;
		h = fnv(chunk, n, h);
	}
	printf("big read again: hash %08x\n", h);
	CHECK(ftruncate(fd, 1000000) == 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 1000000);
	CHECK(ftruncate(fd, 1200000) == 0);
	CHECK(pread(fd, got, 1200000, 0) == 1200000);
	CHECK(!memcmp(got, want, 1000000));
	for (i = 1000000; i < 1200000; i++)
		if (got[i]) {
			CHECK(!"extended part is zero");
			break;
		}
	printf("big truncated: hash %08x\n", fnv(got, 1200000, 2166136261u));
	CHECK(close(fd) == 0);
	CHECK(truncate("big", 999999) == 0);
	CHECK(stat("big", &st) == 0 && st.st_size == 999999);
	free(want);
	free(got);
}

static void misc(void)
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
	struct stat st;
	char buf[64];
	int fd, fd2;

	/* O_APPEND */
	CHECK(write_file("log", "one\n") == 0);
	fd = open("log", O_WRONLY | O_APPEND);
	CHECK(fd >= 0 && write(fd, "two\n", 4) == 4);
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "three\n", 6) == 6);
	close(fd);
	fd = open("log", O_RDONLY);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 14);
	printf("log: %s", buf);
	close(fd);
	/* an unlinked file stays readable while open */
	CHECK(write_file("gone", "still here\n") == 0);
	fd = open("gone", O_RDONLY);
	CHECK(fd >= 0 && unlink("gone") == 0);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 11);
	printf("unlinked: %s", buf);
	close(fd);
	/* O_EXCL, O_TRUNC */
	errno = 0;
	CHECK(open("log", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 &&
	      errno == EEXIST);
	fd = open("log", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);
	/* two descriptors, one file */
	fd = open("shared", O_CREAT | O_RDWR, 0644);
	fd2 = open("shared", O_RDWR);
	CHECK(write(fd, "abcdef", 6) == 6);
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd2, buf, 6) == 6 && !strcmp(buf, "abcdef"));
	close(fd);
	close(fd2);
	CHECK(utimensat(AT_FDCWD, "shared", ts, 0) == 0);
	CHECK(stat("shared", &st) == 0);
	printf("shared: mtime %lld.%09ld mode %o\n",
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
	       st.st_mode & 07777);
	CHECK(fchmodat(AT_FDCWD, "shared", 0640, 0) == 0);
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0 && fsync(fd) == 0);
	close(fd);
	{
		struct statvfs sv;

		CHECK(statvfs(".", &sv) == 0 && sv.f_bsize > 0 &&
		      sv.f_blocks > 0);
	}
}

#define THREADS		4
#define THREAD_BLOCKS	64

/* Each thread writes and reads back its own file: requests overlap. */
static void *worker(void *arg)
{
	long id = (long)arg, i, bad = 0;
	unsigned char blk[4096], got[4096];
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "thread%ld", id);
	fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		return (void *)1;
	for (i = 0; i < THREAD_BLOCKS; i++) {
		memset(blk, (int)(id * 16 + i), sizeof(blk));
		if (pwrite(fd, blk, sizeof(blk), i * 4096) != 4096)
			bad++;
	}
	for (i = THREAD_BLOCKS - 1; i >= 0; i--) {
		memset(blk, (int)(id * 16 + i), sizeof(blk));
		if (pread(fd, got, sizeof(got), i * 4096) != 4096 ||
		    memcmp(blk, got, sizeof(got)))
			bad++;
	}
	close(fd);
	return (void *)bad;
}

static void threads(void)
{
	pthread_t t[THREADS];
	void *bad;
	long i, total = 0;

	for (i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)i) == 0);
	for (i = 0; i < THREADS; i++) {
		CHECK(pthread_join(t[i], &bad) == 0);
		total += (long)bad;
	}
	CHECK(total == 0);
	printf("threads: %d files of %d blocks, %ld bad\n", THREADS,
	       THREAD_BLOCKS, total);
}

int main(int argc, char **argv)
{
	if (argc != 2 || chdir(argv[1]) < 0) {
		printf("usage: workout DIR (an empty folder)\n");
		return 2;
	}
	small_files();
	dirs();
	big_file();
	misc();
	threads();
	list(".");
	printf("workout: %s (%d failures)\n", failures ? "FAILED" : "ok",
	       failures);
	return failures ? 1 : 0;
}
