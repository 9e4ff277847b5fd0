/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of vfscore through its kernel API, on the booted name
 * space (ramfs root, the vfs.mounts list): files, directories, symbolic
 * links, rename, mounts, descriptors, pipes between threads and poll.
 * Everything happens below /vfstest, created and removed here.
 */
#include <errno.h>
#include <string.h>
#include <uk/test.h>
#include <uk/vfs.h>
#include <uk/thread.h>
#include <uk/plat/time.h>

#define T	"/vfstest"
#define MSEC	UKPLAT_NSEC_PER_MSEC

static int put(const char *path, const char *s)
{
	struct uk_file *f;
	ssize_t n;
	int rc = uk_vfs_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC,
			       0644, &f);

	if (rc < 0)
		return rc;
	n = uk_file_write(f, s, strlen(s));
	uk_file_release(f);
	return n < 0 ? (int)n : 0;
}

static ssize_t get(const char *path, char *buf, size_t size)
{
	struct uk_file *f;
	ssize_t n;
	int rc = uk_vfs_openat(AT_FDCWD, path, O_RDONLY, 0, &f);

	if (rc < 0)
		return rc;
	n = uk_file_read(f, buf, size - 1);
	uk_file_release(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static long type_of(const char *path)
{
	struct uk_vattr va;
	int rc = uk_vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &va);

	return rc < 0 ? rc : (long)(va.mode & S_IFMT);
}

UK_TESTCASE(vfscore, root_is_mounted_with_the_configured_mounts)
{
	struct uk_vattr root, tmp;

	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/", 0, &root), 0);
	UK_TEST_EXPECT(S_ISDIR(root.mode));
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_mkdirat(AT_FDCWD, T, 0755), 0);
	/* /tmp is a separate ramfs in the default configuration */
	if (uk_vfs_statat(AT_FDCWD, "/tmp", 0, &tmp) == 0)
		UK_TEST_EXPECT(S_ISDIR(tmp.mode));
}

UK_TESTCASE(vfscore, files_directories_and_links)
{
	char buf[64];

	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_mkdirat(AT_FDCWD, T "/d", 0755), 0);
	UK_TEST_EXPECT_SNUM_EQ(put(T "/d/f", "guest data"), 0);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/d/./../d/f", buf, sizeof(buf)), 10);
	UK_TEST_EXPECT_STR_EQ(buf, "guest data");
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_symlinkat("d/f", AT_FDCWD, T "/l"), 0);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/l", buf, sizeof(buf)), 10);
	UK_TEST_EXPECT_SNUM_EQ(type_of(T "/l"), S_IFLNK);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_symlinkat("loop", AT_FDCWD, T "/loop"),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/loop", buf, sizeof(buf)), -ELOOP);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/d/f/x", buf, sizeof(buf)), -ENOTDIR);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/d", AT_REMOVEDIR),
			       -ENOTEMPTY);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_renameat(AT_FDCWD, T "/d/f", AT_FDCWD,
					       T "/g", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/l", buf, sizeof(buf)), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_linkat(AT_FDCWD, T "/g", AT_FDCWD,
					     T "/d/f", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(get(T "/l", buf, sizeof(buf)), 10);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/d/f", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/d", AT_REMOVEDIR),
			       0);
}

UK_TESTCASE(vfscore, big_file_round_trip)
{
	const size_t size = 3 * 1024 * 1024 + 123;
	struct uk_file *f;
	struct uk_vattr va;
	unsigned char buf[4096];
	size_t done = 0, bad = 0, i;
	ssize_t n;

	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, T "/big", O_RDWR | O_CREAT,
				     0600, &f) == 0);
	while (done < size) {
		n = (ssize_t)UK_MIN(sizeof(buf), size - done);
		for (i = 0; i < (size_t)n; i++)
			buf[i] = (unsigned char)((done + i) * 13);
		UK_TEST_ASSERT(uk_file_write(f, buf, (size_t)n) == n);
		done += (size_t)n;
	}
	UK_TEST_EXPECT_SNUM_EQ(uk_file_getattr(f, &va), 0);
	UK_TEST_EXPECT_SNUM_EQ(va.size, (long long)size);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_lseek(f, 0, SEEK_SET), 0);
	done = 0;
	while ((n = uk_file_read(f, buf, sizeof(buf))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			bad += buf[i] != (unsigned char)((done + i) * 13);
		done += (size_t)n;
	}
	UK_TEST_EXPECT_UNUM_EQ(done, size);
	UK_TEST_EXPECT_UNUM_EQ(bad, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_truncate(f, 0), 0);
	uk_file_release(f);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/big", 0), 0);
}

UK_TESTCASE(vfscore, mount_crossing_and_getcwd)
{
	char buf[64];

	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_mount("ramfs", T "/mnt", NULL, 0, NULL,
					    true), 0);
	UK_TEST_EXPECT_SNUM_EQ(put(T "/g2", "x"), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_renameat(AT_FDCWD, T "/g2", AT_FDCWD,
					       T "/mnt/g2", 0), -EXDEV);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_mkdirat(AT_FDCWD, T "/mnt/sub", 0755), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_chdir(T "/mnt/sub"), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_getcwd(buf, sizeof(buf)),
			       (long)sizeof(T "/mnt/sub"));
	UK_TEST_EXPECT_STR_EQ(buf, T "/mnt/sub");
	UK_TEST_EXPECT_SNUM_EQ(get("../../g2", buf, sizeof(buf)), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_chdir("/"), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/mnt",
					       AT_REMOVEDIR), -EBUSY);
}

UK_TESTCASE(vfscore, descriptor_table)
{
	struct uk_file *f, *g;
	int a, b;

	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, T, O_RDONLY | O_DIRECTORY, 0,
				     &f) == 0);
	a = uk_fd_install(f, 0, false);
	b = uk_fd_install(f, a, true);
	UK_TEST_EXPECT_SNUM_GT(a, 2);		/* 0-2 are stdio */
	UK_TEST_EXPECT_SNUM_GT(b, a);
	g = uk_fd_get(b);
	UK_TEST_EXPECT_PTR_EQ(g, f);
	uk_file_release(g);
	UK_TEST_EXPECT_SNUM_EQ(uk_fd_close(a), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_fd_close(a), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(uk_fd_install(f, 0, false), a);
	UK_TEST_EXPECT_SNUM_EQ(uk_fd_close(a), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_fd_close(b), 0);
	UK_TEST_EXPECT_UNUM_EQ(f->refs, 1);
	uk_file_release(f);
}

/* Pipes between threads ------------------------------------------------- */

struct pipe_arg {
	struct uk_file *f;
	size_t total;
	long result;
};

static void *writer(void *arg)
{
	struct pipe_arg *p = arg;
	char buf[1000];
	size_t done = 0, i;
	ssize_t n;

	while (done < p->total) {
		size_t len = UK_MIN(sizeof(buf), p->total - done);

		for (i = 0; i < len; i++)
			buf[i] = (char)(done + i);
		n = uk_file_write(p->f, buf, len);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	p->result = (long)done;
	uk_file_release(p->f);
	return NULL;
}

UK_TESTCASE(vfscore, pipe_between_threads_until_eof)
{
	struct uk_file *fds[2];
	struct pipe_arg w = { .total = 300000 };
	struct uk_thread *t;
	char buf[777];
	size_t got = 0, bad = 0;
	ssize_t n, i;

	UK_TEST_ASSERT(uk_vfs_pipe(fds, 0) == 0);
	w.f = fds[1];
	UK_TEST_ASSERT(uk_thread_create(&t, "pipe-writer", writer, &w, 0) ==
		       0);
	while ((n = uk_file_read(fds[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != (char)(got + (size_t)i);
		got += (size_t)n;
	}
	UK_TEST_EXPECT_SNUM_EQ(n, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_UNUM_EQ(got, w.total);
	UK_TEST_EXPECT_SNUM_EQ(w.result, (long)w.total);
	UK_TEST_EXPECT_UNUM_EQ(bad, 0);
	uk_file_release(fds[0]);
}

static void *late_write(void *arg)
{
	uk_thread_sleep(20 * MSEC);
	uk_file_write(arg, "!", 1);
	return NULL;
}

UK_TESTCASE(vfscore, poll_waits_for_a_writer)
{
	struct uk_file *fds[2];
	struct uk_thread *t;
	__nsec t0, dt;
	char c;

	UK_TEST_ASSERT(uk_vfs_pipe(fds, 0) == 0);
	UK_TEST_EXPECT_UNUM_EQ(uk_file_poll(fds[0]) & POLLIN, 0);
	UK_TEST_ASSERT(uk_thread_create(&t, "late", late_write, fds[1], 0) ==
		       0);
	t0 = ukplat_monotonic_clock();
	/* a blocking read returns once the writer has written */
	UK_TEST_EXPECT_SNUM_EQ(uk_file_read(fds[0], &c, 1), 1);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 10 * MSEC);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	uk_file_release(fds[1]);
	UK_TEST_EXPECT(uk_file_poll(fds[0]) & POLLHUP);
	uk_file_release(fds[0]);
}

UK_TESTCASE(vfscore, cleanup)
{
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/g", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/g2", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/l", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, T "/loop", 0), 0);
}
