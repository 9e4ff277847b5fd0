/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/* Clocks, sleep, process identity, limits, signals, -ENOSYS, -EFAULT. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <uk/test.h>
#include <uk/thread.h>

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

UK_TESTCASE(posix_time, clocks_and_sleep)
{
	struct timespec a, b, res, req = { 0, 30 * 1000 * 1000 };
	struct timeval tv;

	UK_TEST_EXPECT_SNUM_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&req, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
	UK_TEST_EXPECT(ns_of(&b) - ns_of(&a) >= 30 * 1000 * 1000);
	UK_TEST_EXPECT(ns_of(&b) - ns_of(&a) < 2000LL * 1000 * 1000);
	UK_TEST_EXPECT_SNUM_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
	UK_TEST_EXPECT(res.tv_sec == 0 && res.tv_nsec > 0);
	/* the wall clock is after 2020 and agrees with gettimeofday */
	UK_TEST_EXPECT_SNUM_EQ(clock_gettime(CLOCK_REALTIME, &a), 0);
	UK_TEST_EXPECT(a.tv_sec > 1577836800);
	UK_TEST_EXPECT_SNUM_EQ(gettimeofday(&tv, NULL), 0);
	UK_TEST_EXPECT(tv.tv_sec - a.tv_sec <= 2 && tv.tv_sec >= a.tv_sec);
	UK_TEST_EXPECT(time(NULL) >= a.tv_sec);
	/* absolute sleep until 20 ms from now */
	clock_gettime(CLOCK_MONOTONIC, &a);
	b = a;
	b.tv_nsec += 20 * 1000 * 1000;
	if (b.tv_nsec >= 1000000000) {
		b.tv_sec++;
		b.tv_nsec -= 1000000000;
	}
	UK_TEST_EXPECT_SNUM_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					       &b, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	UK_TEST_EXPECT(ns_of(&a) >= ns_of(&b));
}

UK_TESTCASE(posix_time, bad_arguments)
{
	struct timespec bad = { 0, 1000000000L }, t;

	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&bad, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(clock_gettime((clockid_t)99, &t), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
				       (void *)8), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(clock_settime(CLOCK_REALTIME, &t), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
}

UK_TESTCASE(posix_process, identity_and_limits)
{
	struct utsname u;
	struct rlimit r;

	UK_TEST_EXPECT_SNUM_EQ(uname(&u), 0);
	UK_TEST_EXPECT_STR_EQ(u.sysname, "Kast");
	UK_TEST_EXPECT(u.machine[0] != '\0');
	UK_TEST_EXPECT_SNUM_EQ(getuid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(geteuid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(getppid(), 0);
	/* the descriptor limit is vfscore's table size */
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_cur, CONFIG_LIBVFSCORE_NR_FILES);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_max, CONFIG_LIBVFSCORE_NR_FILES);
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_OPEN_MAX),
			       CONFIG_LIBVFSCORE_NR_FILES);
	UK_TEST_EXPECT_SNUM_EQ(getrlimit(RLIMIT_STACK, &r), 0);
	UK_TEST_EXPECT_UNUM_EQ(r.rlim_cur, CONFIG_LIBUKSCHED_MAIN_STACK_SIZE);
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
	UK_TEST_EXPECT_SNUM_EQ(sysconf(_SC_PAGESIZE), 4096);
	UK_TEST_EXPECT_SNUM_EQ(sched_yield(), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setuid(1000), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
}

UK_TESTCASE(posix_process, unprovided_call_is_enosys)
{
	errno = 0;
	/* no process creation in a unikernel */
#ifdef SYS_fork
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_fork), -1);
#else
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_clone, 17 /* SIGCHLD */, 0, 0, 0,
				       0), -1);
#endif
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_acct, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(100000), -1);	/* no such number */
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
}

UK_TESTCASE(posix_process, prctl_names_and_flags)
{
	char name[16], orig[16];

	UK_TEST_ASSERT(syscall(SYS_prctl, 16 /* PR_GET_NAME */, orig) == 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 15 /* PR_SET_NAME */,
				       "worker"), 0);
	memset(name, 'x', sizeof(name));
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 16 /* PR_GET_NAME */, name),
			       0);
	UK_TEST_EXPECT_ZERO(strcmp(name, "worker"));
	/* cut to 15 bytes */
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 15,
				       "a-name-longer-than-fifteen"), 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 16, name), 0);
	UK_TEST_EXPECT_ZERO(strcmp(name, "a-name-longer-t"));
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 15, (void *)16), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 16, (void *)16), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	/* the THP flag is kept; unknown options are EINVAL */
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 41, 1, 0, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 42, 0, 0, 0, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 41, 0, 0, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 42, 0, 0, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 9999, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_prctl, 15, orig), 0);
}

static volatile int got_sig, got_info_sig;

static void on_usr1(int sig)
{
	got_sig = sig;
}

static void on_info(int sig, siginfo_t *si, void *ctx)
{
	got_info_sig = si->si_signo;
}

UK_TESTCASE(posix_signal, raise_runs_handler_and_mask_defers)
{
	struct sigaction sa;
	sigset_t set, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	UK_TEST_EXPECT_SNUM_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	got_sig = 0;
	UK_TEST_EXPECT_SNUM_EQ(raise(SIGUSR1), 0);
	UK_TEST_EXPECT_SNUM_EQ(got_sig, SIGUSR1);
	/* blocked: pending until unblocked */
	got_sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0);
	UK_TEST_EXPECT_SNUM_EQ(kill(getpid(), SIGUSR1), 0);
	UK_TEST_EXPECT_SNUM_EQ(got_sig, 0);
	sigpending(&set);
	UK_TEST_EXPECT(sigismember(&set, SIGUSR1));
	UK_TEST_EXPECT_SNUM_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(got_sig, SIGUSR1);
	/* ignored */
	signal(SIGUSR1, SIG_IGN);
	got_sig = 0;
	raise(SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(got_sig, 0);
	/* SA_SIGINFO */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(got_info_sig, SIGUSR2);
	/* errors */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigaction(SIGKILL, &sa, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(kill(4242, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(kill(getpid(), 0), 0);
}

UK_TESTCASE(posix_syscall, bad_pointers_are_efault)
{
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_uname, (void *)16), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_getrlimit, RLIMIT_STACK,
				       (void *)-4096L), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8,
				       NULL, 8), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_futex, (void *)64, 0, 0, NULL,
				       NULL, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
}

/*
 * Scheduling policies: Linux's ranges and checks, and the thread's
 * kernel priority follows (what the preemptive scheduler runs by).
 */
UK_TESTCASE(posix_sched, policies_priorities_and_their_kernel_priority)
{
	struct sched_param p = { .sched_priority = 50 }, q;
	int pol;

	UK_TEST_EXPECT_SNUM_EQ(sched_get_priority_min(SCHED_FIFO), 1);
	UK_TEST_EXPECT_SNUM_EQ(sched_get_priority_max(SCHED_RR), 99);
	UK_TEST_EXPECT_SNUM_EQ(sched_get_priority_max(SCHED_OTHER), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sched_get_priority_max(42), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);

	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_OTHER);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_current()->prio,
			       UK_THREAD_PRIO_DEFAULT);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO,
				       &p), 0);
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_FIFO);
	UK_TEST_EXPECT(uk_thread_current()->prio > UK_THREAD_PRIO_DEFAULT);
	memset(&q, 0, sizeof(q));
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_getparam, 0, &q), 0);
	UK_TEST_EXPECT_SNUM_EQ(q.sched_priority, 50);
	/* pthread's view is the same thread's */
	UK_TEST_EXPECT_SNUM_EQ(pthread_getschedparam(pthread_self(), &pol, &q),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(pol, SCHED_FIFO);
	UK_TEST_EXPECT_SNUM_EQ(q.sched_priority, 50);
	p.sched_priority = 99;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setparam, 0, &p), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_current()->prio, UK_THREAD_PRIO_MAX);
	/* out of range for the policy, unknown policy, no such thread */
	p.sched_priority = 0;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setscheduler, 0, SCHED_RR,
				       &p), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	p.sched_priority = 5;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER,
				       &p), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setscheduler, 0, 42, &p), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_getscheduler, 999999), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	/* the policy is unchanged by the failures; back to normal */
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_FIFO);
	p.sched_priority = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER,
				       &p), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_current()->prio,
			       UK_THREAD_PRIO_DEFAULT);
}

UK_TESTCASE(posix_sched, getcpu_times_and_process_group)
{
	unsigned int cpu = 7, node = 7;
	struct tms t;
	clock_t a, b;

	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_getcpu, &cpu, &node, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(cpu, 0);
	UK_TEST_EXPECT_SNUM_EQ(node, 0);
	UK_TEST_EXPECT_SNUM_EQ(sched_getcpu(), 0);
	a = times(&t);
	UK_TEST_EXPECT(a != (clock_t)-1);
	UK_TEST_EXPECT_SNUM_EQ(t.tms_cutime, 0);
	b = times(NULL);
	UK_TEST_EXPECT(b >= a);
	UK_TEST_EXPECT(t.tms_utime <= b);
	UK_TEST_EXPECT_SNUM_EQ(getpgrp(), getpid());
	/* pid 1 leads its session, as init does */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setsid(), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setpgid(0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
}

UK_TESTCASE(posix_memfd, anonymous_file_in_ram)
{
	struct stat st;
	char buf[8] = { 0 };
	char *m;
	int fd;

	fd = memfd_create("kast-test", MFD_CLOEXEC);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(ftruncate(fd, 8192), 0);
	UK_TEST_EXPECT_SNUM_EQ(pwrite(fd, "memfd!", 6, 4096), 6);
	UK_TEST_EXPECT_SNUM_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_SNUM_EQ(st.st_size, 8192);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_SNUM_EQ(st.st_nlink, 0);	/* no name anywhere */
	m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UK_TEST_ASSERT(m != MAP_FAILED);
	UK_TEST_EXPECT(memcmp(m + 4096, "memfd!", 6) == 0);
	memcpy(m, "shared", 6);
	UK_TEST_EXPECT_SNUM_EQ(munmap(m, 8192), 0);
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 6, 0), 6);
	UK_TEST_EXPECT(memcmp(buf, "shared", 6) == 0);
	close(fd);
	fd = memfd_create("no-cloexec", 0);
	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	close(fd);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(memfd_create("sealed", MFD_ALLOW_SEALING), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(memfd_create((const char *)8, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
}

UK_TESTCASE(posix_process, no_children_root_ids_and_affinity)
{
	siginfo_t si;
	cpu_set_t cs;
	int st;

	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(waitpid(-1, &st, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECHILD);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(waitpid(-1, &st, WNOHANG), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECHILD);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(waitid(P_ALL, 0, &si, WEXITED), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECHILD);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(waitid(P_ALL, 0, &si, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);

	UK_TEST_EXPECT_SNUM_EQ(setresuid(0, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(setreuid(-1, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(setresgid(-1, -1, 0), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setresuid(1000, -1, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setregid(5, 5), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);

	CPU_ZERO(&cs);
	CPU_SET(0, &cs);
	UK_TEST_EXPECT_SNUM_EQ(sched_setaffinity(0, sizeof(cs), &cs), 0);
	CPU_ZERO(&cs);
	CPU_SET(1, &cs);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sched_setaffinity(0, sizeof(cs), &cs), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(posix_file, advice_readahead_and_sync_range)
{
	int fd = open("/tmp/advice", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int p[2];

	UK_TEST_ASSERT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "data", 4), 4);
	UK_TEST_EXPECT_SNUM_EQ(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(posix_fadvise(fd, 0, 0, 99), EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(posix_fadvise(-1, 0, 0, POSIX_FADV_NORMAL),
			       EBADF);
	UK_TEST_EXPECT_SNUM_EQ(readahead(fd, 0, 4096), 0);
	UK_TEST_EXPECT_SNUM_EQ(sync_file_range(fd, 0, 0,
					       SYNC_FILE_RANGE_WRITE), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sync_file_range(fd, 0, 0, 0x80), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_ASSERT(pipe(p) == 0);
	UK_TEST_EXPECT_SNUM_EQ(posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL),
			       ESPIPE);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(readahead(p[0], 0, 4096), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	close(p[0]);
	close(p[1]);
	close(fd);
	unlink("/tmp/advice");
}
