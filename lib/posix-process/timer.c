/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX per-process timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete) on CLOCK_REALTIME, CLOCK_MONOTONIC and
 * CLOCK_BOOTTIME. Each is one of the scheduler's interrupt timers
 * (uk_sched_timer), so its signal reaches a thread that computes.
 * Notification: SIGEV_SIGNAL (to the process: its main thread),
 * SIGEV_THREAD_ID (to one thread: how musl's SIGEV_THREAD timers wake
 * their helper thread, which takes the signal with sigwaitinfo), and
 * SIGEV_NONE. The signal carries si_code SI_TIMER, the sigev_value and
 * the timer id; an expiry while the previous signal is still pending
 * counts as an overrun. CPU-time clocks are not provided (-EINVAL).
 * A CLOCK_REALTIME absolute expiry is converted to the monotonic clock
 * when it is set (a later change of the wall clock does not move it).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/process.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "internal.h"

#define TIMERS_MAX	64
#define K_SIGEV_SIGNAL	0
#define K_SIGEV_NONE	1
#define K_SIGEV_THREAD_ID 4
#define SIG_MAX		64

/* struct sigevent as the kernel reads it */
struct k_sigevent {
	uint64_t value;
	int signo;
	int notify;
	int tid;
};

struct ptimer {
	bool used;
	clockid_t clk;
	int notify, signo;
	pid_t tid;		/* SIGEV_THREAD_ID target */
	uint64_t value;
	__nsec due, interval;	/* monotonic; due 0: disarmed */
	int overrun;
	struct uk_sched_timer t;
};

static struct ptimer timers[TIMERS_MAX];

static void ptimer_fire(struct uk_sched_timer *t, __nsec now)
{
	struct ptimer *p = __containerof(t, struct ptimer, t);
	struct posix_thread *pt;
	int id = (int)(p - timers);

	if (p->interval) {
		p->due += p->interval;
		if (p->due <= now) {
			/* expiries missed meanwhile are overruns */
			p->overrun += (int)((now - p->due) / p->interval) + 1;
			p->due += ((now - p->due) / p->interval + 1) *
				  p->interval;
		}
		uk_sched_timer_set(t, p->due);
	} else {
		p->due = 0;
	}
	if (p->notify == K_SIGEV_NONE)
		return;
	pt = posix_find(p->notify == K_SIGEV_THREAD_ID ? p->tid :
			UK_POSIX_PID);
	if (!pt)
		return;
	if (pt->pending & (1ULL << (p->signo - 1))) {
		p->overrun++;		/* the last one is not taken yet */
		return;
	}
	posix_signal_post_timer(pt, p->signo, p->value, id, p->overrun);
	p->overrun = 0;
}

static struct ptimer *timer_get(int id)
{
	if (id < 0 || id >= TIMERS_MAX || !timers[id].used)
		return NULL;
	return &timers[id];
}

static bool clock_ok(clockid_t clk)
{
	return clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC ||
	       clk == CLOCK_BOOTTIME;
}

UK_SYSCALL_DEFINE3(timer_create, clockid_t, clk, const struct k_sigevent *,
		   sev, int *, id)
{
	struct k_sigevent e = { .signo = SIGALRM, .notify = K_SIGEV_SIGNAL };
	unsigned long flags;
	int i;

	if (!clock_ok(clk))
		return -EINVAL;
	if (sev && uk_copy_from_user(&e, sev, sizeof(e)))
		return -EFAULT;
	if (!uk_access_ok(id, sizeof(*id), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (e.notify != K_SIGEV_SIGNAL && e.notify != K_SIGEV_NONE &&
	    e.notify != K_SIGEV_THREAD_ID)
		return -EINVAL;
	if (e.notify != K_SIGEV_NONE &&
	    (e.signo < 1 || e.signo > SIG_MAX ||
	     e.signo == SIGKILL || e.signo == SIGSTOP))
		return -EINVAL;
	if (e.notify == K_SIGEV_THREAD_ID && !posix_find(e.tid))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < TIMERS_MAX && timers[i].used; i++)
		;
	if (i == TIMERS_MAX) {
		ukplat_lcpu_restore_irqf(flags);
		return -EAGAIN;
	}
	memset(&timers[i], 0, sizeof(timers[i]));
	timers[i].used = true;
	timers[i].clk = clk;
	timers[i].notify = e.notify;
	timers[i].signo = e.signo;
	timers[i].tid = e.tid;
	/* without a sigevent, the value is the timer's id */
	timers[i].value = sev ? e.value : (uint64_t)i;
	timers[i].t.fn = ptimer_fire;
	ukplat_lcpu_restore_irqf(flags);
	*id = i;
	return 0;
}

static bool ts_ok(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < (long)UKPLAT_NSEC_PER_SEC &&
	       ts->tv_sec < (time_t)(UINT64_MAX / 4 / UKPLAT_NSEC_PER_SEC);
}

static __nsec ts_ns(const struct timespec *ts)
{
	return (__nsec)ts->tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts->tv_nsec;
}

static void ns_ts(__nsec ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / UKPLAT_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UKPLAT_NSEC_PER_SEC);
}

static void timer_read(struct ptimer *p, struct itimerspec *cur)
{
	__nsec now = ukplat_monotonic_clock();

	ns_ts(p->interval, &cur->it_interval);
	ns_ts(p->due > now ? p->due - now : (p->due ? 1 : 0), &cur->it_value);
}

UK_SYSCALL_DEFINE4(timer_settime, int, id, int, tflags,
		   const struct itimerspec *, nv, struct itimerspec *, ov)
{
	struct itimerspec n, o;
	unsigned long flags;
	struct ptimer *p;
	__nsec now, v, wall;

	if (!nv || uk_copy_from_user(&n, nv, sizeof(n)))
		return -EFAULT;
	if (ov && !uk_access_ok(ov, sizeof(*ov), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (!ts_ok(&n.it_value) || !ts_ok(&n.it_interval))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	p = timer_get(id);
	if (!p) {
		ukplat_lcpu_restore_irqf(flags);
		return -EINVAL;
	}
	timer_read(p, &o);
	now = ukplat_monotonic_clock();
	v = ts_ns(&n.it_value);
	p->interval = ts_ns(&n.it_interval);
	p->overrun = 0;
	if (!v) {
		p->due = 0;
	} else if (tflags & TIMER_ABSTIME) {
		/* on the monotonic clock; the wall clock is offset from it */
		if (p->clk == CLOCK_REALTIME) {
			wall = ukplat_wall_clock();
			v = v + now > wall ? v + now - wall : 0;
		}
		/* already past: expires at once */
		p->due = v > now ? v : now + 1;
	} else {
		p->due = now + v;
	}
	uk_sched_timer_set(&p->t, p->due);
	ukplat_lcpu_restore_irqf(flags);
	if (ov)
		*ov = o;
	return 0;
}

UK_SYSCALL_DEFINE2(timer_gettime, int, id, struct itimerspec *, cur)
{
	struct itimerspec c;
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct ptimer *p = timer_get(id);

	if (p)
		timer_read(p, &c);
	ukplat_lcpu_restore_irqf(flags);
	if (!p)
		return -EINVAL;
	return uk_copy_to_user(cur, &c, sizeof(c));
}

UK_SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct ptimer *p = timer_get(id);
	int n = p ? p->overrun : -EINVAL;

	ukplat_lcpu_restore_irqf(flags);
	return n;
}

UK_SYSCALL_DEFINE1(timer_delete, int, id)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct ptimer *p = timer_get(id);

	if (p) {
		uk_sched_timer_set(&p->t, 0);
		p->used = false;
	}
	ukplat_lcpu_restore_irqf(flags);
	return p ? 0 : -EINVAL;
}
