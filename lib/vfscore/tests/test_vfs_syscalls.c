/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of vfscore's system call providers, called the way musl
 * calls them: uk_syscall(SYS_..., ...) with Linux argument conventions.
 * Results are compared with what Linux returns, errors as -errno, bad
 * pointers as -EFAULT. Works below /sctest.
 */
#include <errno.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uk/test.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#ifdef CONFIG_LIBRAMFS
#include <uk/ramfs.h>
#endif
#include <uk/plat/time.h>

#define D	"/sctest"
#define BAD	((void *)16)	/* in the unmapped null page */
#define MSEC	UKPLAT_NSEC_PER_MSEC

#define S0(n)			uk_syscall(n, 0, 0, 0, 0, 0, 0)
#define S1(n, a)		uk_syscall(n, (long)(a), 0, 0, 0, 0, 0)
#define S2(n, a, b)	uk_syscall(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define S3(n, a, b, c)							\
	uk_syscall(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define S4(n, a, b, c, d)						\
	uk_syscall(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define S5(n, a, b, c, d, e)						\
	uk_syscall(n, (long)(a), (long)(b), (long)(c), (long)(d),	\
		   (long)(e), 0)
#define S6(n, a, b, c, d, e, f)						\
	uk_syscall(n, (long)(a), (long)(b), (long)(c), (long)(d),	\
		   (long)(e), (long)(f))

static long xopen(const char *path, int flags)
{
	return S4(SYS_openat, AT_FDCWD, path, flags, 0644);
}

static long put(const char *path, const char *s)
{
	long fd = xopen(path, O_WRONLY | O_CREAT | O_TRUNC), n;

	if (fd < 0)
		return fd;
	n = S3(SYS_write, fd, s, strlen(s));
	S1(SYS_close, fd);
	return n < 0 ? n : 0;
}

UK_TESTCASE(vfscore_sys, open_write_read_seek_close)
{
	char buf[16];
	long fd;

	S3(SYS_mkdirat, AT_FDCWD, D, 0755);
	fd = xopen(D "/a", O_RDWR | O_CREAT | O_TRUNC);
	UK_TEST_ASSERT(fd >= 3);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fd, "hello", 5), 5);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 1, SEEK_SET), 1);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fd, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT(!memcmp(buf, "ello", 4));
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fd, buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_pwrite64, fd, "J", 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_pread64, fd, buf, 2, 0), 2);
	UK_TEST_EXPECT(!memcmp(buf, "Je", 2));
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 0, SEEK_CUR), 5);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_close, fd), 0);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_close, fd), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fd, buf, 1), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, -1, buf, 1), -EBADF);
	/* O_APPEND and O_TRUNC */
	fd = xopen(D "/a", O_WRONLY | O_APPEND);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fd, "!", 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 0, SEEK_CUR), 6);
	S1(SYS_close, fd);
	fd = xopen(D "/a", O_RDONLY | O_TRUNC);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fd, buf, sizeof(buf)), 0);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, errno_values_like_linux)
{
	long fd;

	S3(SYS_mkdirat, AT_FDCWD, D "/dir", 0755);
	put(D "/dir/f", "x");
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/nope", O_RDONLY), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/nope/x", O_RDONLY | O_CREAT),
			       -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/dir/f", O_RDWR | O_CREAT | O_EXCL),
			       -EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/dir", O_WRONLY), -EISDIR);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/dir/f", O_RDONLY | O_DIRECTORY),
			       -ENOTDIR);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/dir/f/", O_RDONLY), -ENOTDIR);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/dir", O_RDWR | O_TMPFILE),
			       -EOPNOTSUPP);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_mkdirat, AT_FDCWD, D "/dir", 0755),
			       -EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_unlinkat, AT_FDCWD, D "/dir", 0),
			       -EISDIR);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_unlinkat, AT_FDCWD, D "/dir",
				  AT_REMOVEDIR), -ENOTEMPTY);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_unlinkat, AT_FDCWD, D "/dir/f", 0x1),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_renameat2, AT_FDCWD, D "/dir/f",
				  AT_FDCWD, D "/g", 0x80), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_renameat2, AT_FDCWD, D "/dir",
				  AT_FDCWD, D "/dir/sub", 0), -EINVAL);
	fd = xopen(D "/dir/f", O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 0, 9), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, -1, SEEK_SET), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fd, "x", 1), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_ftruncate, fd, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_getdents64, fd, &fd, sizeof(fd)),
			       -ENOTDIR);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_fchdir, fd), -ENOTDIR);
	S1(SYS_close, fd);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_symlinkat, "", AT_FDCWD, D "/empty"),
			       -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_readlinkat, AT_FDCWD, D "/dir/f",
				  &fd, 8), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_readlinkat, AT_FDCWD, D "/dir/f",
				  &fd, 0), -EINVAL);
}

UK_TESTCASE(vfscore_sys, bad_pointers_are_efault)
{
	struct iovec iov = { BAD, 10 };
	struct pollfd pfd;
	long fd = xopen(D "/a", O_RDWR);

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(xopen(BAD, O_RDONLY), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_mkdirat, AT_FDCWD, BAD, 0755), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fd, BAD, 10), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fd, BAD, 10), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_readv, fd, &iov, 1), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_writev, fd, BAD, 1), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fstat, fd, BAD), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_newfstatat, AT_FDCWD, D, BAD, 0),
			       -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_statx, AT_FDCWD, D, 0, 0x7ff, BAD),
			       -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_pipe2, BAD, 0), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_getcwd, BAD, 100), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_getdents64, fd, BAD, 100), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ppoll, BAD, 1, NULL), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ioctl, 1, TIOCGWINSZ, BAD), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_GETLK, BAD), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_statfs, D, BAD), -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_utimensat, AT_FDCWD, D, BAD, 0),
			       -EFAULT);
	pfd.fd = (int)fd;
	pfd.events = POLLIN;
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, &pfd, 1, BAD, NULL, 8), -EFAULT);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, vectors_and_positions)
{
	char a[3], b[4];
	struct iovec out[2] = { { "abc", 3 }, { "defg", 4 } };
	struct iovec in[2] = { { a, 3 }, { b, 4 } };
	long fd = xopen(D "/v", O_RDWR | O_CREAT | O_TRUNC);

	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_writev, fd, out, 2), 7);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_preadv, fd, in, 2, 0, 0), 7);
	UK_TEST_EXPECT(!memcmp(a, "abc", 3) && !memcmp(b, "defg", 4));
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_pwritev, fd, out, 1, 5, 0), 3);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 0, SEEK_SET), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_readv, fd, in, 2), 7);
	UK_TEST_EXPECT(!memcmp(b, "deab", 4));
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_readv, fd, in, -1), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_readv, fd, in, 5000), -EINVAL);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, stat_family)
{
	struct stat st;
	unsigned char sx[256];
	uint32_t mask;
	uint64_t size;
	long fd;

	put(D "/s", "12345");
	S3(SYS_symlinkat, "s", AT_FDCWD, D "/sl");
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_newfstatat, AT_FDCWD, D "/sl", &st, 0),
			       0);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 5);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_newfstatat, AT_FDCWD, D "/sl", &st,
				  AT_SYMLINK_NOFOLLOW), 0);
	UK_TEST_EXPECT(S_ISLNK(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 1);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_newfstatat, AT_FDCWD, D "/sl", &st,
				  0x8000000), -EINVAL);
	fd = xopen(D "/s", O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fstat, fd, &st), 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode, S_IFREG | 0644);
	UK_TEST_EXPECT_SNUM_EQ(st.st_nlink, 1);
	UK_TEST_EXPECT(st.st_mtim.tv_sec > 1600000000);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 5);
	S1(SYS_close, fd);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_statx, AT_FDCWD, D "/s", 0, 0x7ff, sx),
			       0);
	memcpy(&mask, sx, 4);
	memcpy(&size, sx + 40, 8);	/* stx_size */
	UK_TEST_EXPECT_UNUM_EQ(mask & 0x7ff, 0x7ff);
	UK_TEST_EXPECT_UNUM_EQ(size, 5);
#ifdef SYS_stat
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_stat, D "/sl", &st), 0);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_lstat, D "/sl", &st), 0);
	UK_TEST_EXPECT(S_ISLNK(st.st_mode));
#endif
}

struct d64 {
	uint64_t ino;
	int64_t off;
	uint16_t reclen;
	uint8_t type;
	char name[];
};

UK_TESTCASE(vfscore_sys, getdents64_lists_a_directory)
{
	char buf[512], small[16];
	int found = 0, n = 0;
	long fd, len, pos;

	S3(SYS_mkdirat, AT_FDCWD, D "/ls", 0755);
	put(D "/ls/one", "");
	put(D "/ls/two", "");
	S3(SYS_mkdirat, AT_FDCWD, D "/ls/sub", 0755);
	fd = xopen(D "/ls", O_RDONLY | O_DIRECTORY);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_getdents64, fd, small, sizeof(small)),
			       -EINVAL);
	len = S3(SYS_getdents64, fd, buf, sizeof(buf));
	UK_TEST_ASSERT(len > 0);
	for (pos = 0; pos < len; n++) {
		struct d64 *d = (struct d64 *)(buf + pos);

		if (!strcmp(d->name, "one") && d->type == DT_REG)
			found |= 1;
		if (!strcmp(d->name, "sub") && d->type == DT_DIR)
			found |= 2;
		if (!strcmp(d->name, ".."))
			found |= 4;
		UK_TEST_EXPECT_UNUM_EQ(d->reclen % 8, 0);
		pos += d->reclen;
	}
	UK_TEST_EXPECT_SNUM_EQ(n, 5);
	UK_TEST_EXPECT_SNUM_EQ(found, 7);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_getdents64, fd, buf, sizeof(buf)), 0);
	/* rewinddir */
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd, 0, SEEK_SET), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_getdents64, fd, buf, sizeof(buf)), len);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, dup_and_fcntl)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	long fd, fd2, fd3, fl_flags;

	fd = xopen(D "/a", O_RDWR | O_APPEND);
	fd2 = S1(SYS_dup, fd);
	UK_TEST_EXPECT_SNUM_EQ(fd2, fd + 1);
	/* dup'ed descriptors share the offset */
	S3(SYS_lseek, fd, 3, SEEK_SET);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fd2, 0, SEEK_CUR), 3);
	fd3 = S3(SYS_dup3, fd, 100, O_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(fd3, 100);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, 100, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, fd2, F_GETFD), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_dup3, fd, fd, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_dup3, fd, 101, O_NONBLOCK), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_dup3, 999, 101, 0), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_DUPFD, 50), 50);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 50), 51);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, 51, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, 51, F_SETFD, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, 51, F_GETFD), 0);
	fl_flags = S2(SYS_fcntl, fd, F_GETFL);
	UK_TEST_EXPECT_SNUM_EQ(fl_flags & (O_ACCMODE | O_APPEND),
			       O_RDWR | O_APPEND);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_SETFL, O_NONBLOCK), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, fd2, F_GETFL) &
			       (O_ACCMODE | O_APPEND | O_NONBLOCK),
			       O_RDWR | O_NONBLOCK);
	/* record locks: one process never conflicts with itself */
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_SETLK, &fl), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_GETLK, &fl), 0);
	UK_TEST_EXPECT_SNUM_EQ(fl.l_type, F_UNLCK);
	fl.l_type = F_RDLCK;
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_OFD_SETLKW, &fl), 0);
	fl.l_type = 99;
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, F_SETLK, &fl), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fcntl, fd, 12345, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_flock, fd, LOCK_EX | LOCK_NB), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_flock, fd, 0), -EINVAL);
#ifdef SYS_dup2
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_dup2, fd, fd), fd);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_dup2, fd, 52), 52);
	S1(SYS_close, 52);
#endif
	S1(SYS_close, 50);
	S1(SYS_close, 51);
	S1(SYS_close, 100);
	S1(SYS_close, fd2);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, descriptor_table_runs_out)
{
	long fd = xopen(D "/a", O_RDONLY), last = fd, n;

	while ((n = S1(SYS_dup, fd)) >= 0)
		last = n;
	UK_TEST_EXPECT_SNUM_EQ(n, -EMFILE);
	UK_TEST_EXPECT_SNUM_EQ(last, CONFIG_LIBVFSCORE_NR_FILES - 1);
	UK_TEST_EXPECT_SNUM_EQ(xopen(D "/a", O_RDONLY), -EMFILE);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_pipe2, (int[2]){ 0 }, 0), -EMFILE);
	for (n = fd; n <= last; n++)
		S1(SYS_close, n);
	n = xopen(D "/a", O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(n, fd);
	S1(SYS_close, n);
}

/* Pipes between threads ------------------------------------------------- */

struct wjob {
	int fd;
	long total, done;
};

static void *pipe_writer(void *arg)
{
	struct wjob *j = arg;
	char buf[4000];
	long n, i;

	while (j->done < j->total) {
		for (i = 0; i < (long)sizeof(buf); i++)
			buf[i] = (char)(j->done + i);
		n = S3(SYS_write, j->fd, buf,
		       UK_MIN((long)sizeof(buf), j->total - j->done));
		if (n <= 0)
			break;
		j->done += n;
	}
	S1(SYS_close, j->fd);
	return NULL;
}

UK_TESTCASE(vfscore_sys, pipe_with_two_threads)
{
	struct wjob j = { .total = 500000 };
	struct uk_thread *t;
	int fds[2];
	char buf[3333];
	long n, i, got = 0, bad = 0;

	UK_TEST_ASSERT(S2(SYS_pipe2, fds, O_CLOEXEC) == 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, fds[0], F_GETFD), FD_CLOEXEC);
	j.fd = fds[1];
	UK_TEST_ASSERT(uk_thread_create(&t, "sc-writer", pipe_writer, &j, 0) ==
		       0);
	while ((n = S3(SYS_read, fds[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != (char)(got + i);
		got += n;
	}
	UK_TEST_EXPECT_SNUM_EQ(n, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(got, j.total);
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	S1(SYS_close, fds[0]);
}

UK_TESTCASE(vfscore_sys, pipe_edges)
{
	int fds[2], avail;
	char c;

	UK_TEST_ASSERT(S2(SYS_pipe2, fds, O_NONBLOCK) == 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], &c, 1), -EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fds[1], "ab", 2), 2);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ioctl, fds[0], FIONREAD, &avail), 0);
	UK_TEST_EXPECT_SNUM_EQ(avail, 2);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, fds[0], 0, SEEK_CUR), -ESPIPE);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, fds[0], F_GETPIPE_SZ), 65536);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_fsync, fds[0]), -EINVAL);
	S1(SYS_close, fds[1]);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], &c, 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], &c, 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], &c, 1), 0);	/* EOF */
	S1(SYS_close, fds[0]);
	UK_TEST_ASSERT(S2(SYS_pipe2, fds, 0) == 0);
	S1(SYS_close, fds[0]);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, fds[1], "x", 1), -EPIPE);
	S1(SYS_close, fds[1]);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_pipe2, fds, 0x1), -EINVAL);
#ifdef SYS_pipe
	UK_TEST_ASSERT(S1(SYS_pipe, fds) == 0);
	S1(SYS_close, fds[0]);
	S1(SYS_close, fds[1]);
#endif
}

/* sendfile ------------------------------------------------------------ */

UK_TESTCASE(vfscore_sys, sendfile_file_to_pipe)
{
	static char big[70000];
	char got[16] = { 0 };
	int fds[2], in;
	off_t off = 2;
	long n, total = 0;

	S3(SYS_mkdirat, AT_FDCWD, D, 0755);
	UK_TEST_ASSERT(put(D "/sf", "0123456789") == 0);
	in = (int)xopen(D "/sf", O_RDONLY);
	UK_TEST_ASSERT(in >= 0);
	UK_TEST_ASSERT(S2(SYS_pipe2, fds, O_NONBLOCK) == 0);

	/* with an offset: the file position stays, the offset moves */
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, &off, 3), 3);
	UK_TEST_EXPECT_SNUM_EQ(off, 5);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, in, 0, SEEK_CUR), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], got, sizeof(got)), 3);
	UK_TEST_EXPECT_ZERO(memcmp(got, "234", 3));
	/* without: from the position, which moves; at the end 0 */
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, in, 8, SEEK_SET), 8);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, NULL, 100), 2);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, NULL, 100), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_read, fds[0], got, sizeof(got)), 2);
	UK_TEST_EXPECT_ZERO(memcmp(got, "89", 2));
	/* bad input */
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], 999, NULL, 1), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, 999, in, NULL, 1), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, BAD, 1), -EFAULT);
	off = -1;
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, &off, 1), -EINVAL);
	S1(SYS_close, in);

	/* a full non-blocking pipe: a short count, then -EAGAIN, and the
	 * input's position covers exactly what went out */
	memset(big, 'b', sizeof(big));
	in = (int)xopen(D "/sfbig", O_RDWR | O_CREAT | O_TRUNC);
	UK_TEST_ASSERT(in >= 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_write, in, big, sizeof(big)),
			       (long)sizeof(big));
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, in, 0, SEEK_SET), 0);
	n = S4(SYS_sendfile, fds[1], in, NULL, sizeof(big));
	UK_TEST_ASSERT(n > 0 && n < (long)sizeof(big));
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, in, 0, SEEK_CUR), n);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_sendfile, fds[1], in, NULL, 10), -EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_lseek, in, 0, SEEK_CUR), n);
	while ((n = S3(SYS_read, fds[0], big, sizeof(big))) > 0)
		total += n;
	UK_TEST_EXPECT_SNUM_EQ(total, S3(SYS_lseek, in, 0, SEEK_CUR));
	S1(SYS_close, in);
	S1(SYS_close, fds[0]);
	S1(SYS_close, fds[1]);
	S3(SYS_unlinkat, AT_FDCWD, D "/sf", 0);
	S3(SYS_unlinkat, AT_FDCWD, D "/sfbig", 0);
}

/* poll and select ----------------------------------------------------- */

static void *late_writer(void *arg)
{
	uk_thread_sleep(30 * MSEC);
	S3(SYS_write, (long)arg, "!", 1);
	return NULL;
}

UK_TESTCASE(vfscore_sys, poll_and_select)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 }, zero = { 0, 0 };
	struct pollfd p[3];
	struct uk_thread *t;
	unsigned long rset[1024 / (8 * sizeof(long))];
	int fds[2];
	long file = xopen(D "/a", O_RDONLY);
	__nsec t0, dt;

	UK_TEST_ASSERT(S2(SYS_pipe2, fds, 0) == 0);
	p[0] = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = (int)file, .events = POLLIN | POLLOUT };
	p[2] = (struct pollfd){ .fd = 900, .events = POLLIN };
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, p, 3, &zero, NULL, 0), 2);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, 0);
	UK_TEST_EXPECT_SNUM_EQ(p[1].revents, POLLIN | POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(p[2].revents, POLLNVAL);
	/* a timeout */
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, p, 1, &ts, NULL, 0), 0);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 20 * MSEC);
	/* woken by a writer in another thread, no timeout */
	UK_TEST_ASSERT(uk_thread_create(&t, "late", late_writer,
					(void *)(long)fds[1], 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, p, 1, NULL, NULL, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLIN);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	/* select: readable pipe, file; a closed descriptor is EBADF */
	memset(rset, 0, sizeof(rset));
	rset[0] = (1UL << fds[0]) | (1UL << file);
	UK_TEST_EXPECT_SNUM_EQ(S6(SYS_pselect6, UK_MAX(fds[0], file) + 1, rset,
				  NULL, NULL, &ts, NULL), 2);
	UK_TEST_EXPECT_UNUM_EQ(rset[0], (1UL << fds[0]) | (1UL << file));
	memset(rset, 0, sizeof(rset));
	rset[0] = 1UL << 60;		/* not open */
	UK_TEST_EXPECT_SNUM_EQ(S6(SYS_pselect6, 61, rset, NULL, NULL, &ts,
				  NULL), -EBADF);
	ts.tv_nsec = -1;
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, p, 1, &ts, NULL, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_ppoll, p, 1, NULL, &rset, 4), -EINVAL);
#ifdef SYS_poll
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_poll, p, 1, 0), 1);
#endif
	S1(SYS_close, fds[0]);
	S1(SYS_close, fds[1]);
	S1(SYS_close, file);
}

/* Names, the working directory, attributes ---------------------------- */

UK_TESTCASE(vfscore_sys, cwd_and_relative_names)
{
	char buf[64];
	long dfd, fd;

	S3(SYS_mkdirat, AT_FDCWD, D "/w", 0755);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_chdir, D "/w"), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_getcwd, buf, sizeof(buf)),
			       (long)sizeof(D "/w"));
	UK_TEST_EXPECT_STR_EQ(buf, D "/w");
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_getcwd, buf, 3), -ERANGE);
	UK_TEST_EXPECT_SNUM_EQ(put("rel", "r"), 0);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_chdir, "/"), 0);
	dfd = xopen(D "/w", O_RDONLY | O_DIRECTORY);
	fd = S4(SYS_openat, dfd, "rel", O_RDONLY, 0);
	UK_TEST_EXPECT_SNUM_GE(fd, 0);
	S1(SYS_close, fd);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_openat, fd, "rel", O_RDONLY, 0), -EBADF);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_fchdir, dfd), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_getcwd, buf, sizeof(buf)),
			       (long)sizeof(D "/w"));
	S1(SYS_chdir, "/");
	S1(SYS_close, dfd);
}

UK_TESTCASE(vfscore_sys, modes_owners_times_access)
{
	struct timespec times[2] = { { 1000, 0 }, { 2000, 500 } };
	struct stat st;
	long old, fd;

	old = S1(SYS_umask, 077);
	put(D "/m", "");
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_umask, old), 077);
	S4(SYS_newfstatat, AT_FDCWD, D "/m", &st, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode, S_IFREG | 0600);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_faccessat, AT_FDCWD, D "/m", X_OK, 0),
			       -EACCES);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fchmodat, AT_FDCWD, D "/m", 04755), 0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_faccessat2, AT_FDCWD, D "/m", X_OK, 0),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_faccessat, AT_FDCWD, D "/nope", F_OK,
				  0), -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_faccessat, AT_FDCWD, D "/m", 8, 0),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_fchownat, AT_FDCWD, D "/m", 42, -1, 0),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_utimensat, AT_FDCWD, D "/m", times, 0),
			       0);
	S4(SYS_newfstatat, AT_FDCWD, D "/m", &st, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode, S_IFREG | 04755);
	UK_TEST_EXPECT_SNUM_EQ(st.st_uid, 42);
	UK_TEST_EXPECT_SNUM_EQ(st.st_gid, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_sec, 2000);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mtim.tv_nsec, 500);
	/* futimens: NULL path, UTIME_OMIT keeps, UTIME_NOW moves */
	fd = xopen(D "/m", O_RDONLY);
	times[0].tv_nsec = UTIME_OMIT;
	times[1].tv_nsec = UTIME_NOW;
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_utimensat, fd, NULL, times, 0), 0);
	S2(SYS_fstat, fd, &st);
	UK_TEST_EXPECT_SNUM_EQ(st.st_atim.tv_sec, 1000);
	UK_TEST_EXPECT(st.st_mtim.tv_sec > 1600000000);
	times[1].tv_nsec = 1000000000;
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_utimensat, fd, NULL, times, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fchmod, fd, 0600), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_fchown, fd, 1, 2), 0);
	S2(SYS_fstat, fd, &st);
	UK_TEST_EXPECT_SNUM_EQ(st.st_mode, S_IFREG | 0600);
	UK_TEST_EXPECT_SNUM_EQ(st.st_gid, 2);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, links_rename_and_sizes)
{
	struct stat st;
	char buf[16];
	long fd;

	put(D "/src", "content");
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_linkat, AT_FDCWD, D "/src", AT_FDCWD,
				  D "/hard", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_symlinkat, D "/hard", AT_FDCWD,
				  D "/soft"), 0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_readlinkat, AT_FDCWD, D "/soft", buf,
				  sizeof(buf)), (long)strlen(D "/hard"));
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_renameat2, AT_FDCWD, D "/src", AT_FDCWD,
				  D "/hard", 1), -EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(S5(SYS_renameat2, AT_FDCWD, D "/src", AT_FDCWD,
				  D "/moved", 0), 0);
	S4(SYS_newfstatat, AT_FDCWD, D "/soft", &st, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_nlink, 2);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_truncate, D "/moved", 100000), 0);
	S4(SYS_newfstatat, AT_FDCWD, D "/hard", &st, 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 100000);
	fd = xopen(D "/hard", O_RDWR);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_ftruncate, fd, 3), 0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_fallocate, fd, 0, 0, 4096), 0);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_fallocate, fd, 1, 0, 4096),
			       -EOPNOTSUPP);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_fallocate, fd, 0, -1, 1), -EINVAL);
	S2(SYS_fstat, fd, &st);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 4096);
	UK_TEST_EXPECT_SNUM_EQ(S4(SYS_pread64, fd, buf, 4, 0), 4);
	UK_TEST_EXPECT(!memcmp(buf, "con\0", 4));
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_fsync, fd), 0);
	UK_TEST_EXPECT_SNUM_EQ(S1(SYS_fdatasync, fd), 0);
	UK_TEST_EXPECT_SNUM_EQ(S0(SYS_sync), 0);
	S1(SYS_close, fd);
}

UK_TESTCASE(vfscore_sys, ioctl_and_statfs)
{
	unsigned short ws[4];
	struct statfs sf;
	int v;
	long fd = xopen(D "/a", O_RDONLY);

	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ioctl, fd, TIOCGWINSZ, ws), -ENOTTY);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ioctl, fd, FIONREAD, &v), 0);
	UK_TEST_EXPECT_SNUM_EQ(S3(SYS_ioctl, fd, FIOCLEX, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_fstatfs, fd, &sf), 0);
#ifdef CONFIG_LIBRAMFS
	UK_TEST_EXPECT_UNUM_EQ(sf.f_type, UK_RAMFS_MAGIC);
#endif
	UK_TEST_EXPECT_UNUM_EQ(sf.f_bsize, 4096);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_statfs, "/", &sf), 0);
	UK_TEST_EXPECT_SNUM_EQ(S2(SYS_statfs, D "/nope", &sf), -ENOENT);
	S1(SYS_close, fd);
}
