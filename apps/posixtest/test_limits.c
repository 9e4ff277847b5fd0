/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Resource limits as a Linux process has them: lowered and enforced
 * (RLIMIT_NOFILE by open/dup, RLIMIT_AS/RLIMIT_DATA by mmap/brk and so
 * malloc, pthread_create, setenv), -EPERM above the hard limit, and the
 * main thread's stack (RLIMIT_STACK) deep enough for what a host runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <uk/test.h>

UK_TESTCASE(posix_limits, nofile_lowered_and_enforced)
{
	struct rlimit r, saved;
	int fds[16], n = 0, fd, i;

	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
	r.rlim_cur = 8;
	r.rlim_max = saved.rlim_max;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &r), 0);
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_cur, 8);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_max, saved.rlim_max);
	while (n < 16 && (fd = open("/dev/null", O_RDONLY)) >= 0)
		fds[n++] = fd;
	UK_TEST_EXPECT_SNUM_EQ(fd, -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EMFILE);
	UK_TEST_EXPECT(n > 0 && n <= 5);	/* 0..2 are stdio */
	for (i = 0; i < n; i++)
		UK_TEST_EXPECT(fds[i] < 8);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(dup(0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EMFILE);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(dup2(0, 9), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(fcntl(0, F_DUPFD, 8), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* a freed slot is found again */
	close(fds[n - 1]);
	fd = dup(0);
	UK_TEST_EXPECT_SNUM_EQ(fd, fds[n - 1]);
	fds[n - 1] = fd;
	for (i = 0; i < n; i++)
		close(fds[i]);
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
	fd = open("/dev/null", O_RDONLY);
	UK_TEST_EXPECT(fd >= 0);
	close(fd);
}

UK_TESTCASE(posix_limits, above_hard_limit_is_eperm)
{
	struct rlimit r, saved;

	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
	/* soft above hard */
	r.rlim_cur = saved.rlim_max + 1;
	r.rlim_max = saved.rlim_max;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &r), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* lower a hard limit (one no other case uses: it stays lowered),
	 * then try to raise it again */
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_MSGQUEUE, &r), 0);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_max, RLIM_INFINITY);
	r.rlim_cur = r.rlim_max = 65536;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_MSGQUEUE, &r), 0);
	r.rlim_max = 65537;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_MSGQUEUE, &r), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_MSGQUEUE, &r), 0);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_max, 65536);
	/* the soft limit moves freely below the hard one */
	r.rlim_cur = 100;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_MSGQUEUE, &r), 0);
	r.rlim_cur = 65536;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_MSGQUEUE, &r), 0);
	/* RLIMIT_CORE's hard limit is 0 */
	r.rlim_cur = r.rlim_max = 4096;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_CORE, &r), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
}

static void *nothing(void *arg)
{
	return arg;
}

static void memory_limit_enforced(UK_TEST_CTX_PARAM, int res)
{
	struct rlimit r, saved;
	pthread_t t;
	void *p;
	int rc;

	UK_TEST_EXPECT_SNUM_EQ(getrlimit(res, &saved), 0);
	UK_TEST_EXPECT_UNUM_EQ(saved.rlim_cur, RLIM_INFINITY);
	r.rlim_cur = 0;
	r.rlim_max = saved.rlim_max;
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(res, &r), 0);
	errno = 0;
	p = malloc(4 << 20);
	UK_TEST_EXPECT(p == NULL);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	free(p);
	errno = 0;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_EXPECT(p == MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	/* sbrk cannot grow either */
	errno = 0;
	UK_TEST_EXPECT(sbrk(4096) == (void *)-1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	/* a thread needs a new stack: refused (musl says EAGAIN) */
	rc = pthread_create(&t, NULL, nothing, NULL);
	UK_TEST_EXPECT(rc == EAGAIN || rc == ENOMEM);
	if (!rc)
		pthread_join(t, NULL);
	/* setenv of a value larger than any cached free chunk */
	{
		static char big[256 << 10];

		memset(big, 'x', sizeof(big) - 1);
		errno = 0;
		UK_TEST_EXPECT_SNUM_EQ(setenv("KAST_BIG", big, 1), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	}
	/* back to unlimited: everything works again */
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(res, &saved), 0);
	p = malloc(4 << 20);
	UK_TEST_EXPECT(p != NULL);
	free(p);
	rc = pthread_create(&t, NULL, nothing, NULL);
	UK_TEST_EXPECT_SNUM_EQ(rc, 0);
	if (!rc)
		pthread_join(t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(setenv("KAST_SMALL", "1", 1), 0);
	UK_TEST_EXPECT_STR_EQ(getenv("KAST_SMALL"), "1");
}

UK_TESTCASE(posix_limits, rlimit_as_enforced)
{
	memory_limit_enforced(UK_TEST_CTX, RLIMIT_AS);
}

UK_TESTCASE(posix_limits, rlimit_data_enforced)
{
	memory_limit_enforced(UK_TEST_CTX, RLIMIT_DATA);
}

/* Each level uses about 1 KiB; the sum stops tail calls. */
static int deep(int levels)
{
	volatile char pad[1000];

	pad[0] = (char)levels;
	if (levels <= 0)
		return 0;
	return deep(levels - 1) + pad[0];
}

UK_TESTCASE(posix_limits, main_stack_is_rlimit_stack)
{
	struct rlimit r;

	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_STACK, &r), 0);
	/* posixtest's defconfig: 8 MiB, as a host's default */
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_cur, 8 << 20);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_max, 8 << 20);
	/* 6 MiB of recursion, which a host's 8 MiB stack also takes */
	deep(6 << 10);
	UK_TEST_EXPECT(1);
}
