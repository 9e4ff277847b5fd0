/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of ramfs with the kernel's allocator and threads: a
 * large directory, appends from many threads, sparse files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/test.h>
#include <uk/vfs.h>
#include <uk/ramfs.h>
#include <uk/thread.h>

#define T		"/ramfstest"
#define NFILES		500
#define WRITERS		8
#define RECORDS		200
#define RECLEN		100

static int count_entries(void *ctx, const char *name, size_t len,
			 uint64_t ino, unsigned int dtype, uint64_t next)
{
	(*(int *)ctx)++;
	return 0;
}

UK_TESTCASE(ramfs, many_files_in_one_directory)
{
	struct uk_file *f;
	char name[32];
	int i, n = 0, bad = 0;

	UK_TEST_ASSERT(uk_vfs_mkdirat(AT_FDCWD, T, 0755) == 0);
	UK_TEST_ASSERT(uk_vfs_mkdirat(AT_FDCWD, T "/many", 0755) == 0);
	for (i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), T "/many/file%d", i);
		if (uk_vfs_openat(AT_FDCWD, name, O_WRONLY | O_CREAT | O_EXCL,
				  0644, &f)) {
			bad++;
			continue;
		}
		uk_file_release(f);
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, T "/many",
				     O_RDONLY | O_DIRECTORY, 0, &f) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_readdir(f, count_entries, &n), 0);
	UK_TEST_EXPECT_SNUM_EQ(n, NFILES + 2);
	uk_file_release(f);
	for (i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), T "/many/file%d", i);
		bad += uk_vfs_unlinkat(AT_FDCWD, name, 0) != 0;
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/many",
					       AT_REMOVEDIR), 0);
}

static void *appender(void *arg)
{
	struct uk_file *f;
	char rec[RECLEN];
	int i;

	memset(rec, (int)(long)arg, sizeof(rec));
	rec[RECLEN - 1] = '\n';
	if (uk_vfs_openat(AT_FDCWD, T "/log", O_WRONLY | O_APPEND, 0, &f))
		return (void *)1;
	for (i = 0; i < RECORDS; i++) {
		if (uk_file_write(f, rec, sizeof(rec)) != sizeof(rec))
			break;
		if (i % 16 == 0)
			uk_sched_yield();
	}
	uk_file_release(f);
	return NULL;
}

UK_TESTCASE(ramfs, appends_from_threads_do_not_mix)
{
	struct uk_thread *t[WRITERS];
	struct uk_file *f;
	struct uk_vattr va;
	char rec[RECLEN];
	int i, mixed = 0;

	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, T "/log",
				     O_RDWR | O_CREAT | O_TRUNC, 0644,
				     &f) == 0);
	for (i = 0; i < WRITERS; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "appender", appender,
						(void *)(long)('a' + i),
						0) == 0);
	for (i = 0; i < WRITERS; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_getattr(f, &va), 0);
	UK_TEST_EXPECT_SNUM_EQ(va.size, WRITERS * RECORDS * RECLEN);
	while (uk_file_read(f, rec, sizeof(rec)) == sizeof(rec))
		for (i = 1; i < RECLEN - 1; i++)
			mixed += rec[i] != rec[0];
	UK_TEST_EXPECT_SNUM_EQ(mixed, 0);
	uk_file_release(f);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/log", 0), 0);
}

UK_TESTCASE(ramfs, sparse_file_costs_its_data_only)
{
	struct uk_file *f;
	struct uk_vattr va;
	struct uk_statfs st;
	char buf[8];

	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, T "/sparse",
				     O_RDWR | O_CREAT, 0644, &f) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_pwrite(f, "tail", 4, 1LL << 42), 4);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_getattr(f, &va), 0);
	UK_TEST_EXPECT_SNUM_EQ(va.size, (1LL << 42) + 4);
	UK_TEST_EXPECT_UNUM_LE(va.blocks, 8);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_pread(f, buf, 8, 12345), 8);
	UK_TEST_EXPECT(!memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	uk_file_release(f);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statfs(T, &st), 0);
	UK_TEST_EXPECT_UNUM_EQ(st.magic, UK_RAMFS_MAGIC);
	UK_TEST_EXPECT_UNUM_GT(st.bfree, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/sparse", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T, AT_REMOVEDIR), 0);
}
