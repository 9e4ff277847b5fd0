/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals beyond system call boundaries: sigaltstack and SA_ONSTACK, a
 * program fault (SIGSEGV) taken by the program's handler, a stack overflow
 * caught on the alternate stack, the interval timer (setitimer, alarm)
 * interrupting a loop that makes no system call, and a signal sent to a
 * thread that computes (preemptive scheduler). Every check is on order
 * and causality: a loop ends only when the handler has run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <uk/sched.h>
#include <uk/test.h>

#define ALT_SIZE	(4 * SIGSTKSZ)

static char *alt;
static volatile uintptr_t handler_sp;
static volatile int handler_ran, onstack_flags, eperm;

static bool in_alt(uintptr_t p)
{
	return p >= (uintptr_t)alt && p < (uintptr_t)alt + ALT_SIZE;
}

static void on_usr1(int sig)
{
	volatile char here;
	stack_t cur, again;

	handler_sp = (uintptr_t)&here;
	handler_ran = sig;
	sigaltstack(NULL, &cur);
	onstack_flags = cur.ss_flags;
	/* changing it while on it is refused */
	again.ss_sp = alt;
	again.ss_size = ALT_SIZE;
	again.ss_flags = 0;
	eperm = sigaltstack(&again, NULL) == -1 && errno == EPERM;
}

static void install(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

UK_TESTCASE(posix_sigaltstack, handlers_run_on_the_alternate_stack)
{
	stack_t ss, old;

	alt = malloc(ALT_SIZE);
	UK_TEST_EXPECT(alt != NULL);
	/* none at first */
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(NULL, &old), 0);
	UK_TEST_EXPECT(old.ss_flags & SS_DISABLE);
	/* too small: ENOMEM, also from the system call itself */
	ss.ss_sp = alt;
	ss.ss_size = MINSIGSTKSZ - 1;
	ss.ss_flags = 0;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(&ss, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sigaltstack, &ss, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	ss.ss_flags = 0x40;	/* no such flag */
	ss.ss_size = ALT_SIZE;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sigaltstack, &ss, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_sigaltstack, (void *)8, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);

	ss.ss_flags = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(&ss, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(NULL, &old), 0);
	UK_TEST_EXPECT(old.ss_sp == alt);
	UK_TEST_EXPECT_SNUM_EQ(old.ss_size, ALT_SIZE);
	UK_TEST_EXPECT_SNUM_EQ(old.ss_flags, 0);

	/* SA_ONSTACK: on it, SS_ONSTACK reported, EPERM to change it */
	install(SIGUSR1, on_usr1, SA_ONSTACK);
	handler_ran = 0;
	eperm = 0;
	raise(SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(handler_ran, SIGUSR1);
	UK_TEST_EXPECT(in_alt(handler_sp));
	UK_TEST_EXPECT_SNUM_EQ(onstack_flags, SS_ONSTACK);
	UK_TEST_EXPECT(eperm);
	/* off it again */
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(NULL, &old), 0);
	UK_TEST_EXPECT_SNUM_EQ(old.ss_flags, 0);

	/* without SA_ONSTACK: the thread's own stack */
	install(SIGUSR1, on_usr1, 0);
	handler_ran = 0;
	raise(SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(handler_ran, SIGUSR1);
	UK_TEST_EXPECT(!in_alt(handler_sp));

	/* disabled: SA_ONSTACK has nothing to switch to */
	ss.ss_flags = SS_DISABLE;
	UK_TEST_EXPECT_SNUM_EQ(sigaltstack(&ss, NULL), 0);
	install(SIGUSR1, on_usr1, SA_ONSTACK);
	handler_ran = 0;
	raise(SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(handler_ran, SIGUSR1);
	UK_TEST_EXPECT(!in_alt(handler_sp));
	UK_TEST_EXPECT(onstack_flags & SS_DISABLE);
	signal(SIGUSR1, SIG_DFL);
}

/* A write to a read-only page: the handler sees it and makes it writable */
static volatile char *ro_page;
static volatile void *fault_addr;
static volatile int fault_code, fault_count;

static void on_segv_fix(int sig, siginfo_t *si, void *uc)
{
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	fault_count++;
	mprotect((void *)ro_page, 4096, PROT_READ | PROT_WRITE);
}

static sigjmp_buf jb;

static void on_segv_jump(int sig, siginfo_t *si, void *uc)
{
	volatile char here;

	handler_sp = (uintptr_t)&here;
	fault_addr = si->si_addr;
	fault_count++;
	siglongjmp(jb, 1);
}

UK_TESTCASE(posix_sigfault, sigsegv_goes_to_the_programs_handler)
{
	struct sigaction sa;
	volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	UK_TEST_EXPECT(p != MAP_FAILED);
	ro_page = p;
	p[0] = 1;
	UK_TEST_EXPECT_SNUM_EQ(mprotect((void *)p, 4096, PROT_READ), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv_fix;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	fault_count = 0;
	/* faults once, the handler fixes the page, the write is redone */
	p[100] = 42;
	UK_TEST_EXPECT_SNUM_EQ(fault_count, 1);
	UK_TEST_EXPECT(fault_addr == (void *)(p + 100));
	UK_TEST_EXPECT_SNUM_EQ(fault_code, SEGV_ACCERR);
	UK_TEST_EXPECT_SNUM_EQ(p[100], 42);

	/* a handler that jumps out: the mask is restored by siglongjmp */
	sa.sa_sigaction = on_segv_jump;
	sigaction(SIGSEGV, &sa, NULL);
	mprotect((void *)p, 4096, PROT_READ);
	fault_count = 0;
	if (!sigsetjmp(jb, 1))
		p[7] = 1;
	UK_TEST_EXPECT_SNUM_EQ(fault_count, 1);
	UK_TEST_EXPECT(fault_addr == (void *)(p + 7));
	/* and again: SIGSEGV is not left blocked */
	if (!sigsetjmp(jb, 1))
		p[8] = 1;
	UK_TEST_EXPECT_SNUM_EQ(fault_count, 2);
	signal(SIGSEGV, SIG_DFL);
	munmap((void *)p, 4096);
}

/* Each level uses about 512 bytes of stack; the sum stops tail calls. */
static volatile int depth_limit = 1 << 30;

static int deep(int n)
{
	volatile char pad[500];

	pad[0] = (char)n;
	if (n >= depth_limit)
		return 0;
	return deep(n + 1) + pad[0];
}

static void *overflower(void *arg)
{
	stack_t ss = { .ss_sp = arg, .ss_size = ALT_SIZE, .ss_flags = 0 };
	struct sigaction sa;

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv_jump;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(jb, 1))
		deep(0);
	return (void *)1;
}

UK_TESTCASE(posix_sigfault, stack_overflow_is_caught_on_the_alternate_stack)
{
	pthread_attr_t attr;
	pthread_t th;
	void *ret = NULL;

	alt = malloc(ALT_SIZE);
	UK_TEST_EXPECT(alt != NULL);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	fault_count = 0;
	handler_sp = 0;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, &attr, overflower, alt), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(th, &ret), 0);
	UK_TEST_EXPECT(ret == (void *)1);
	UK_TEST_EXPECT_SNUM_EQ(fault_count, 1);
	UK_TEST_EXPECT(in_alt(handler_sp));
	signal(SIGSEGV, SIG_DFL);
	free(alt);
}

/* The interval timer interrupts a loop that makes no system call. */
static volatile int alarms;
static volatile int alarm_info;

static void on_alrm(int sig, siginfo_t *si, void *uc)
{
	alarms++;
	alarm_info = si->si_signo;
}

static int installed_alrm(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_alrm;
	sa.sa_flags = SA_SIGINFO;
	return sigaction(SIGALRM, &sa, NULL);
}

UK_TESTCASE(posix_itimer, sigalrm_interrupts_a_busy_loop)
{
	struct itimerval it = { { 0, 0 }, { 0, 20000 } }, cur;
	volatile unsigned long spins = 0;
	unsigned long a = 1, b = 2, c = 3, i;

	UK_TEST_EXPECT_SNUM_EQ(installed_alrm(), 0);
	alarms = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
	while (!alarms)
		spins++;
	UK_TEST_EXPECT_SNUM_EQ(alarms, 1);
	UK_TEST_EXPECT_SNUM_EQ(alarm_info, SIGALRM);
	UK_TEST_EXPECT(spins > 0);
	/* one-shot: disarmed now */
	UK_TEST_EXPECT_SNUM_EQ(getitimer(ITIMER_REAL, &cur), 0);
	UK_TEST_EXPECT(!cur.it_value.tv_sec && !cur.it_value.tv_usec);

	/* periodic; registers live across the interruptions survive */
	it.it_interval.tv_usec = 2000;
	it.it_value.tv_usec = 2000;
	alarms = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
	for (i = 0; alarms < 3; i++) {
		a = a * 3 + i;
		b ^= a + (b << 1);
		c += a ^ b;
	}
	it.it_interval.tv_usec = 0;
	it.it_value.tv_usec = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_REAL, &it, &cur), 0);
	UK_TEST_EXPECT_SNUM_EQ(cur.it_interval.tv_usec, 2000);
	UK_TEST_EXPECT(alarms >= 3);
	/* the same computation without interruptions gives the same values */
	{
		unsigned long a2 = 1, b2 = 2, c2 = 3, j;

		for (j = 0; j < i; j++) {
			a2 = a2 * 3 + j;
			b2 ^= a2 + (b2 << 1);
			c2 += a2 ^ b2;
		}
		UK_TEST_EXPECT(a == a2 && b == b2 && c == c2);
	}

	/* alarm(): the seconds left, rounded as Linux does */
	UK_TEST_EXPECT_SNUM_EQ(alarm(5), 0);
	UK_TEST_EXPECT_SNUM_EQ(alarm(0), 5);
	UK_TEST_EXPECT_SNUM_EQ(alarm(0), 0);

	/* bad values; CPU-time timers are not provided */
	it.it_value.tv_usec = 1000000;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_REAL, &it, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	it.it_value.tv_usec = 1000;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(setitimer(ITIMER_VIRTUAL, &it, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	signal(SIGALRM, SIG_DFL);
}

/* alarm(1) with a handler: the busy loop sees it run */
UK_TESTCASE(posix_itimer, alarm_interrupts_a_busy_loop)
{
	UK_TEST_EXPECT_SNUM_EQ(installed_alrm(), 0);
	alarms = 0;
	alarm(1);
	while (!alarms)
		;
	UK_TEST_EXPECT_SNUM_EQ(alarms, 1);
	signal(SIGALRM, SIG_DFL);
}

/* A signal sent to a thread that computes (needs preemption to send). */
static volatile int spinner_sig, spinner_go;

static void on_usr2(int sig)
{
	spinner_sig = sig;
}

static void *spinner(void *arg)
{
	spinner_go = 1;
	while (!spinner_sig)
		;
	return (void *)1;
}

UK_TESTCASE(posix_sigasync, signal_reaches_a_computing_thread)
{
	struct uk_sched *s = uk_sched_get_default();
	pthread_t th;
	void *ret = NULL;

	if (!s || strcmp(s->name, "preempt"))
		return;		/* cooperative: the spinner would never yield */
	install(SIGUSR2, on_usr2, 0);
	spinner_sig = 0;
	spinner_go = 0;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, spinner, NULL), 0);
	while (!spinner_go)
		sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(pthread_kill(th, SIGUSR2), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(th, &ret), 0);
	UK_TEST_EXPECT(ret == (void *)1);
	UK_TEST_EXPECT_SNUM_EQ(spinner_sig, SIGUSR2);
	signal(SIGUSR2, SIG_DFL);
}

/* Asynchronous cancellation of a thread that computes (preemptive). */
static void *async_spinner(void *arg)
{
	int old;

	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	spinner_go = 1;
	for (;;)
		;	/* no system call, no cancellation point */
	return NULL;
}

UK_TESTCASE(posix_sigasync, asynchronous_cancel_stops_a_computing_thread)
{
	struct uk_sched *s = uk_sched_get_default();
	pthread_t th;
	void *ret = NULL;

	if (!s || strcmp(s->name, "preempt"))
		return;		/* cooperative: the spinner would never yield */
	spinner_go = 0;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, async_spinner, NULL),
			       0);
	while (!spinner_go)
		sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(pthread_cancel(th), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(th, &ret), 0);
	UK_TEST_EXPECT(ret == PTHREAD_CANCELED);
}

/* sigsuspend, pause and sigtimedwait with the interval timer */
static volatile int usr_hits;

static void on_count(int sig)
{
	usr_hits++;
}

UK_TESTCASE(posix_sigwait, suspend_pause_and_timedwait)
{
	struct itimerval it = { { 0, 0 }, { 0, 5000 } };
	struct timespec zero = { 0, 0 }, ms = { 0, 1000000 };
	sigset_t block, old, none, set;
	siginfo_t si;

	install(SIGALRM, on_count, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, &old);
	/* armed while blocked: sigsuspend unblocks and the handler runs */
	usr_hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	sigemptyset(&none);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigsuspend(&none), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 1);
	/* the old mask is back: SIGALRM blocked, a new one stays pending */
	setitimer(ITIMER_REAL, &it, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	UK_TEST_EXPECT_SNUM_EQ(sigwaitinfo(&set, &si), SIGALRM);
	UK_TEST_EXPECT_SNUM_EQ(si.si_signo, SIGALRM);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 1);	/* taken, not handled */
	/* nothing pending: a zero or short timeout is EAGAIN */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&set, &si, &zero), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&set, &si, &ms), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	sigprocmask(SIG_SETMASK, &old, NULL);
	/* pause() returns once the handler ran */
	usr_hits = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(pause(), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 1);
	/* so do poll (nothing to wait for but the signal) and epoll_wait */
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(poll(NULL, 0, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 2);
	{
		struct epoll_event ev;
		int ep = epoll_create1(0);

		UK_TEST_EXPECT(ep >= 0);
		setitimer(ITIMER_REAL, &it, NULL);
		errno = 0;
		UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, &ev, 1, -1), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
		UK_TEST_EXPECT_SNUM_EQ(usr_hits, 3);
		close(ep);
	}
	signal(SIGALRM, SIG_DFL);
}

/*
 * ppoll, pselect6 and epoll_pwait wait with the mask they are given: a
 * pending signal that the thread blocks but the call's mask lets through
 * ends the wait (EINTR) and its handler runs, then the thread's mask is
 * back; descriptors ready first are returned and the signal stays
 * pending. (Without the mask swap each call would wait out its timeout.)
 */
UK_TESTCASE(posix_sigwait, ppoll_pselect_and_epoll_pwait_swap_the_mask)
{
	struct timespec zero = { 0, 0 }, sec = { 1, 0 };
	sigset_t block, old, none, now, set;
	struct epoll_event ev;
	struct pollfd pfd;
	siginfo_t si;
	int p[2], ep;
	fd_set rs;
	char c;

	install(SIGUSR2, on_count, 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigemptyset(&none);
	UK_TEST_ASSERT(pipe(p) == 0);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	usr_hits = 0;

	raise(SIGUSR2);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(ppoll(&pfd, 1, &sec, &none), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&now, SIGUSR2), 1);

	/* ready first: the signal stays pending, no handler */
	UK_TEST_EXPECT_SNUM_EQ(write(p[1], "x", 1), 1);
	raise(SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(ppoll(&pfd, 1, &zero, &none), 1);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 1);
	sigpending(&set);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&set, SIGUSR2), 1);
	UK_TEST_EXPECT_SNUM_EQ(sigwaitinfo(&block, &si), SIGUSR2);
	UK_TEST_EXPECT_SNUM_EQ(read(p[0], &c, 1), 1);

	FD_ZERO(&rs);
	FD_SET(p[0], &rs);
	raise(SIGUSR2);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(pselect(p[0] + 1, &rs, NULL, NULL, &sec,
				       &none), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 2);

	ep = epoll_create1(0);
	UK_TEST_ASSERT(ep >= 0);
	ev.events = EPOLLIN;
	ev.data.u64 = 7;
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
	raise(SIGUSR2);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(epoll_pwait(ep, &ev, 1, 1000, &none), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(usr_hits, 3);
	sigprocmask(SIG_BLOCK, NULL, &now);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&now, SIGUSR2), 1);

	/* a mask of the wrong size */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_ppoll, &pfd, 1, &zero, &none, 4),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);

	close(ep);
	close(p[0]);
	close(p[1]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGUSR2, SIG_DFL);
}

/* POSIX timers: SIGEV_SIGNAL with a value, periodic, absolute, thread */
static volatile int tm_hits, tm_code, tm_value;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
	tm_hits++;
	tm_code = si->si_code;
	tm_value = si->si_value.sival_int;
}

static volatile int thread_notified;

static void notify_fn(union sigval v)
{
	thread_notified = v.sival_int;
}

UK_TESTCASE(posix_timer, create_settime_and_notify)
{
	struct sigevent sev;
	struct itimerspec its, cur;
	struct sigaction sa;
	struct timespec now;
	timer_t t;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_timer;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_int = 42;
	UK_TEST_EXPECT_SNUM_EQ(timer_create(CLOCK_MONOTONIC, &sev, &t), 0);

	/* one-shot, relative: interrupts a loop without system calls */
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 3000000;
	tm_hits = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_settime(t, 0, &its, NULL), 0);
	while (!tm_hits)
		;
	UK_TEST_EXPECT_SNUM_EQ(tm_code, SI_TIMER);
	UK_TEST_EXPECT_SNUM_EQ(tm_value, 42);
	UK_TEST_EXPECT_SNUM_EQ(timer_gettime(t, &cur), 0);
	UK_TEST_EXPECT(!cur.it_value.tv_sec && !cur.it_value.tv_nsec);

	/* periodic */
	its.it_interval.tv_nsec = 2000000;
	tm_hits = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_settime(t, 0, &its, NULL), 0);
	while (tm_hits < 3)
		;
	UK_TEST_EXPECT_SNUM_EQ(timer_gettime(t, &cur), 0);
	UK_TEST_EXPECT_SNUM_EQ(cur.it_interval.tv_nsec, 2000000);
	memset(&its, 0, sizeof(its));
	UK_TEST_EXPECT_SNUM_EQ(timer_settime(t, 0, &its, NULL), 0);
	UK_TEST_EXPECT(timer_getoverrun(t) >= 0);

	/* absolute, on the monotonic and on the wall clock */
	for (i = 0; i < 2; i++) {
		clockid_t clk = i ? CLOCK_REALTIME : CLOCK_MONOTONIC;
		timer_t t2;

		UK_TEST_EXPECT_SNUM_EQ(timer_create(clk, &sev, &t2), 0);
		clock_gettime(clk, &now);
		its.it_value = now;
		its.it_value.tv_nsec += 3000000;
		if (its.it_value.tv_nsec >= 1000000000) {
			its.it_value.tv_sec++;
			its.it_value.tv_nsec -= 1000000000;
		}
		tm_hits = 0;
		UK_TEST_EXPECT_SNUM_EQ(timer_settime(t2, TIMER_ABSTIME, &its,
						     NULL), 0);
		while (!tm_hits)
			;
		UK_TEST_EXPECT_SNUM_EQ(timer_delete(t2), 0);
	}
	UK_TEST_EXPECT_SNUM_EQ(timer_delete(t), 0);
	signal(SIGUSR1, SIG_DFL);

	/* SIGEV_THREAD: musl's helper thread takes the signal */
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = notify_fn;
	sev.sigev_value.sival_int = 7;
	UK_TEST_EXPECT_SNUM_EQ(timer_create(CLOCK_MONOTONIC, &sev, &t), 0);
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 2000000;
	thread_notified = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_settime(t, 0, &its, NULL), 0);
	while (!thread_notified)
		usleep(1000);
	UK_TEST_EXPECT_SNUM_EQ(thread_notified, 7);
	UK_TEST_EXPECT_SNUM_EQ(timer_delete(t), 0);

	/* errors */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(timer_create(CLOCK_PROCESS_CPUTIME_ID, NULL,
					    &t), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_timer_delete, 9999), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

/* SA_RESTART: a read interrupted by a handled signal goes on waiting */
static int rs_pipe[2];
static volatile int rs_hits, rs_done, rs_write;
static pthread_t rs_main;

static void on_rs(int sig)
{
	rs_hits++;
}

/*
 * Signals the reader until it is done; with rs_write, writes a byte once
 * three signals were handled. Whatever the order (a signal before the
 * read blocks is just handled), the blocked read sees the later ones.
 */
static void *rs_signaller(void *arg)
{
	while (!rs_done) {
		if (rs_write && rs_hits >= 3) {
			write(rs_pipe[1], "r", 1);
			rs_write = 0;
		}
		pthread_kill(rs_main, SIGALRM);
		usleep(1000);
	}
	return NULL;
}

UK_TESTCASE(posix_sigwait, sa_restart_restarts_a_blocked_read)
{
	pthread_t th;
	ssize_t n;
	char c = 0;
	int i;

	UK_TEST_EXPECT_SNUM_EQ(pipe(rs_pipe), 0);
	rs_main = pthread_self();
	for (i = 0; i < 2; i++) {
		install(SIGALRM, on_rs, i ? 0 : SA_RESTART);
		rs_hits = 0;
		rs_done = 0;
		rs_write = !i;
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, rs_signaller,
						      NULL), 0);
		errno = 0;
		n = read(rs_pipe[0], &c, 1);
		rs_done = 1;
		pthread_join(th, NULL);
		if (!i) {
			/* restarted until the byte came */
			UK_TEST_EXPECT_SNUM_EQ(n, 1);
			UK_TEST_EXPECT_SNUM_EQ(c, 'r');
			UK_TEST_EXPECT(rs_hits >= 3);
		} else {
			/* without SA_RESTART: EINTR (nothing is written) */
			UK_TEST_EXPECT_SNUM_EQ(n, -1);
			UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
			UK_TEST_EXPECT(rs_hits >= 1);
		}
	}
	close(rs_pipe[0]);
	close(rs_pipe[1]);
	signal(SIGALRM, SIG_DFL);
}

/*
 * sigqueue: real-time signals queue one instance per send, each with its
 * value, taken in order (by handlers and by sigwaitinfo); a standard
 * signal sent twice while blocked is one, with the first send's value;
 * the queue's end is EAGAIN. A signal for the process that every thread
 * blocks reaches the thread that waits for it in sigwaitinfo.
 */
static volatile int q_vals[8], q_n, q_bad;

static void on_queued(int sig, siginfo_t *si, void *uc)
{
	if (q_n < 8)
		q_vals[q_n++] = si->si_value.sival_int;
	if (si->si_code != SI_QUEUE || si->si_pid != getpid())
		q_bad++;
}

static void install_info(int sig, void (*h)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

static int queue_int(int sig, int v)
{
	union sigval val = { .sival_int = v };

	return sigqueue(getpid(), sig, val);
}

UK_TESTCASE(posix_sigqueue, realtime_signals_queue_with_their_values)
{
	struct timespec zero = { 0, 0 };
	sigset_t b, old, p;
	siginfo_t si;
	int i, n;

	sigemptyset(&b);
	sigaddset(&b, SIGRTMIN);
	sigaddset(&b, SIGRTMIN + 1);
	sigaddset(&b, SIGRTMIN + 2);
	sigaddset(&b, SIGUSR2);
	sigprocmask(SIG_BLOCK, &b, &old);

	/* three instances, handled in order with their values */
	install_info(SIGRTMIN, on_queued);
	q_n = 0;
	q_bad = 0;
	for (i = 1; i <= 3; i++)
		UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGRTMIN, i * 10), 0);
	sigpending(&p);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&p, SIGRTMIN), 1);
	UK_TEST_EXPECT_SNUM_EQ(q_n, 0);
	sigemptyset(&p);
	sigaddset(&p, SIGRTMIN);
	sigprocmask(SIG_UNBLOCK, &p, NULL);
	UK_TEST_EXPECT_SNUM_EQ(q_n, 3);
	UK_TEST_EXPECT_SNUM_EQ(q_vals[0], 10);
	UK_TEST_EXPECT_SNUM_EQ(q_vals[1], 20);
	UK_TEST_EXPECT_SNUM_EQ(q_vals[2], 30);
	UK_TEST_EXPECT_SNUM_EQ(q_bad, 0);

	/* a standard signal is pending once, with the first value */
	install_info(SIGUSR2, on_queued);
	q_n = 0;
	UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGUSR2, 1), 0);
	UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGUSR2, 2), 0);
	sigemptyset(&p);
	sigaddset(&p, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &p, NULL);
	UK_TEST_EXPECT_SNUM_EQ(q_n, 1);
	UK_TEST_EXPECT_SNUM_EQ(q_vals[0], 1);

	/* sigwaitinfo takes them one at a time */
	sigemptyset(&p);
	sigaddset(&p, SIGRTMIN + 1);
	UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGRTMIN + 1, 7), 0);
	UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGRTMIN + 1, 8), 0);
	UK_TEST_EXPECT_SNUM_EQ(sigwaitinfo(&p, &si), SIGRTMIN + 1);
	UK_TEST_EXPECT_SNUM_EQ(si.si_value.sival_int, 7);
	UK_TEST_EXPECT_SNUM_EQ(si.si_code, SI_QUEUE);
	UK_TEST_EXPECT_SNUM_EQ(sigwaitinfo(&p, &si), SIGRTMIN + 1);
	UK_TEST_EXPECT_SNUM_EQ(si.si_value.sival_int, 8);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&p, &si, &zero), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);

	/* the queue has an end: EAGAIN, and nothing is lost before it */
	sigemptyset(&p);
	sigaddset(&p, SIGRTMIN + 2);
	for (n = 0; n < 100000 && queue_int(SIGRTMIN + 2, n) == 0; n++)
		;
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT(n >= 32 && n < 100000);
	for (i = 0; i < n; i++) {
		if (sigtimedwait(&p, &si, &zero) != SIGRTMIN + 2 ||
		    si.si_value.sival_int != i)
			break;
	}
	UK_TEST_EXPECT_SNUM_EQ(i, n);
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&p, &si, &zero), -1);

	sigprocmask(SIG_SETMASK, &old, NULL);
	signal(SIGRTMIN, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
}

static void *rt_waiter(void *arg)
{
	siginfo_t si;
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN + 3);
	if (sigwaitinfo(&s, &si) != SIGRTMIN + 3)
		return (void *)(intptr_t)-1;
	return (void *)(intptr_t)si.si_value.sival_int;
}

UK_TESTCASE(posix_sigqueue, process_signal_reaches_the_waiting_thread)
{
	sigset_t b, old, p;
	pthread_t th;
	void *ret = NULL;
	siginfo_t si;

	sigemptyset(&b);
	sigaddset(&b, SIGRTMIN + 3);
	sigaddset(&b, SIGRTMIN + 4);
	sigprocmask(SIG_BLOCK, &b, &old);	/* the waiter inherits it */
	UK_TEST_ASSERT(pthread_create(&th, NULL, rt_waiter, NULL) == 0);
	/* before or while it waits: either way it is the waiter's */
	UK_TEST_EXPECT_SNUM_EQ(queue_int(SIGRTMIN + 3, 77), 0);
	pthread_join(th, &ret);
	UK_TEST_EXPECT(ret == (void *)77);
	sigpending(&p);
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&p, SIGRTMIN + 3), 0);

	/* rt_tgsigqueueinfo to a thread, and its checks */
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN + 4;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_value.sival_int = 5;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_rt_tgsigqueueinfo, getpid(),
				       gettid(), SIGRTMIN + 4, &si), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_rt_tgsigqueueinfo, getpid() + 1,
				       gettid(), SIGRTMIN + 4, &si), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_rt_sigqueueinfo, getpid(),
				       SIGRTMIN + 4, (void *)8), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	sigemptyset(&p);
	sigaddset(&p, SIGRTMIN + 4);
	memset(&si, 0, sizeof(si));
	UK_TEST_EXPECT_SNUM_EQ(sigwaitinfo(&p, &si), SIGRTMIN + 4);
	UK_TEST_EXPECT_SNUM_EQ(si.si_value.sival_int, 5);
	sigprocmask(SIG_SETMASK, &old, NULL);
}
