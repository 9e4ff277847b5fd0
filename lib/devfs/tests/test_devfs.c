/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of devfs: the device files on /dev, the console as
 * descriptors 0-2 (a terminal for isatty), the random generator and, with
 * the syscall layer, getrandom(2).
 */
#include <errno.h>
#include <string.h>
#include <uk/test.h>
#include <uk/devfs.h>
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif
#ifdef CONFIG_LIBSYSCALL_SHIM
#include <sys/random.h>
#include <sys/syscall.h>
#include <uk/syscall.h>
#endif

#ifndef TIOCGWINSZ
#define TIOCGWINSZ	0x5413
#define TCGETS		0x5401
#endif

static struct uk_file *dev(const char *path, int flags)
{
	struct uk_file *f = NULL;

	return uk_vfs_openat(AT_FDCWD, path, flags, 0, &f) ? NULL : f;
}

UK_TESTCASE(devfs, null_zero_full)
{
	struct uk_file *f;
	char buf[32];

	f = dev("/dev/null", O_RDWR);
	UK_TEST_ASSERT(f != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_write(f, "gone", 4), 4);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_read(f, buf, sizeof(buf)), 0);
	uk_file_release(f);
	/* "> /dev/null" opens with O_TRUNC: ignored for devices */
	f = dev("/dev/null", O_WRONLY | O_CREAT | O_TRUNC);
	UK_TEST_EXPECT_NOT_NULL(f);
	uk_file_release(f);
	f = dev("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(uk_file_read(f, buf, sizeof(buf)), 32);
	UK_TEST_EXPECT(buf[0] == 0 && buf[31] == 0);
	uk_file_release(f);
	f = dev("/dev/full", O_WRONLY);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_write(f, "x", 1), -ENOSPC);
	uk_file_release(f);
}

UK_TESTCASE(devfs, attributes_and_fixed_name_space)
{
	struct uk_vattr va;

	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/dev/urandom", 0,
					     &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFCHR | 0666);
	UK_TEST_EXPECT_UNUM_EQ(va.rdev, uk_vfs_makedev(1, 9));
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/dev/console", 0,
					     &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.rdev, uk_vfs_makedev(5, 1));
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_unlinkat(AT_FDCWD, "/dev/null", 0),
			       -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_mkdirat(AT_FDCWD, "/dev/x", 0755),
			       -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/dev/nope", 0, &va),
			       -ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/dev/..", 0, &va), 0);
	UK_TEST_EXPECT(S_ISDIR(va.mode));
}

struct names {
	int n;
	bool console, urandom;
};

static int see(void *ctx, const char *name, size_t len, uint64_t ino,
	       unsigned int dtype, uint64_t next)
{
	struct names *s = ctx;

	s->n++;
	if (len == 7 && !memcmp(name, "console", 7) && dtype == DT_CHR)
		s->console = true;
	if (len == 7 && !memcmp(name, "urandom", 7))
		s->urandom = true;
	return 0;
}

UK_TESTCASE(devfs, directory_lists_devices)
{
	struct uk_file *d = dev("/dev", O_RDONLY | O_DIRECTORY);
	struct names s = { 0 };

	UK_TEST_ASSERT(d != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_readdir(d, see, &s), 0);
	UK_TEST_EXPECT_SNUM_GE(s.n, 9);	/* . .. and 7 devices */
	UK_TEST_EXPECT(s.console && s.urandom);
	uk_file_release(d);
}

UK_TESTCASE(devfs, console_is_stdio_and_a_terminal)
{
	struct uk_file *in = uk_fd_get(0), *out = uk_fd_get(1),
		       *err = uk_fd_get(2);
	unsigned short ws[4];
	uint32_t tio[9];
	const char msg[] = "devfs: console write through fd 1\n";

	UK_TEST_ASSERT(in && out && err);
	UK_TEST_EXPECT_PTR_EQ(in, out);
	UK_TEST_EXPECT_PTR_EQ(out, err);
	UK_TEST_EXPECT_UNUM_EQ(out->flags & O_ACCMODE, O_RDWR);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_write(out, msg, sizeof(msg) - 1),
			       (long)sizeof(msg) - 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_ioctl(out, TIOCGWINSZ, ws), 0);
	UK_TEST_EXPECT_UNUM_EQ(ws[0], 24);
	UK_TEST_EXPECT_UNUM_EQ(ws[1], 80);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_ioctl(out, TCGETS, tio), 0);
	UK_TEST_EXPECT(uk_file_poll(out) & POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_lseek(out, 0, SEEK_CUR), -ESPIPE);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_ioctl(out, 0x1234, NULL), -ENOTTY);
	uk_file_release(in);
	uk_file_release(out);
	uk_file_release(err);
}

UK_TESTCASE(devfs, urandom_differs_each_read)
{
	struct uk_file *f = dev("/dev/urandom", O_RDONLY);
	uint8_t a[64], b[64];

	UK_TEST_ASSERT(f != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_read(f, a, sizeof(a)), 64);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_read(f, b, sizeof(b)), 64);
	UK_TEST_EXPECT(memcmp(a, b, sizeof(a)) != 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_write(f, "mix", 3), -EBADF);
	uk_file_release(f);
	f = dev("/dev/random", O_WRONLY);
	UK_TEST_EXPECT_SNUM_EQ(uk_file_write(f, "mix", 3), 3);
	uk_file_release(f);
}

#ifdef CONFIG_LIBSYSCALL_SHIM
UK_TESTCASE(devfs, getrandom_flags_and_faults)
{
	uint8_t buf[100];

	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 100, 0, 0,
					  0, 0), 100);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 10,
					  GRND_NONBLOCK | GRND_RANDOM, 0, 0,
					  0), 10);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 10, 0x40,
					  0, 0, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 10, 0x6,
					  0, 0, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, 16, 10, 0, 0, 0, 0),
			       -EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(SYS_getrandom, (long)buf, 0, 0, 0,
					  0, 0), 0);
}
#endif
