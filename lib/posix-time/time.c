/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and sleeping: CLOCK_REALTIME (and _COARSE) from the platform's
 * wall clock, CLOCK_MONOTONIC/_RAW/_COARSE/BOOTTIME from its monotonic
 * clock; the CPU-time clocks report time since boot (one CPU, no
 * accounting). Sleeps block the calling thread (other threads run); they
 * are never interrupted, so the remaining time is always 0.
 */
#include <errno.h>
#include <time.h>
#include <sys/time.h>
#include <uk/essentials.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/syscall.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define NSEC UKPLAT_NSEC_PER_SEC

static long clock_now(clockid_t clk, __nsec *now)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*now = ukplat_wall_clock();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*now = ukplat_monotonic_clock();
		return 0;
	default:
		return -EINVAL;
	}
}

static struct timespec ns_to_ts(__nsec ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / NSEC),
		.tv_nsec = (long)(ns % NSEC),
	};

	return ts;
}

/* Read and check a timespec from the program. */
static long ts_get(const struct timespec *uts, __nsec *ns)
{
	struct timespec ts;

	if (uk_copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC)
		return -EINVAL;
	if ((__nsec)ts.tv_sec > (UINT64_MAX - NSEC) / NSEC)
		*ns = UINT64_MAX;		/* forever, in practice */
	else
		*ns = (__nsec)ts.tv_sec * NSEC + (__nsec)ts.tv_nsec;
	return 0;
}

/*
 * musl's clock_gettime() calls this directly (lib/musl/overrides: the
 * part of Linux's vDSO): 0 or -EINVAL, *@ts written in place.
 */
int uk_posix_clock_gettime(clockid_t clk, struct timespec *ts);
int uk_posix_clock_gettime(clockid_t clk, struct timespec *ts)
{
	__nsec now;
	long rc = clock_now(clk, &now);

	if (rc)
		return (int)rc;
	*ts = ns_to_ts(now);
	return 0;
}

UK_SYSCALL_DEFINE2(clock_gettime, clockid_t, clk, struct timespec *, uts)
{
	struct timespec ts;
	__nsec now;
	long rc = clock_now(clk, &now);

	if (rc)
		return rc;
	ts = ns_to_ts(now);
	return uk_copy_to_user(uts, &ts, sizeof(ts));
}

UK_SYSCALL_DEFINE2(clock_getres, clockid_t, clk, struct timespec *, uts)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 1 };
	__nsec now;
	long rc = clock_now(clk, &now);

	if (rc)
		return rc;
	if (!uts)
		return 0;
	return uk_copy_to_user(uts, &ts, sizeof(ts));
}

UK_SYSCALL_DEFINE2(clock_settime, clockid_t, clk, const struct timespec *, uts)
{
	__nsec now;
	long rc = clock_now(clk, &now);

	if (rc)
		return rc;
	return clk == CLOCK_REALTIME ? -EPERM : -EINVAL;
}

UK_SYSCALL_DEFINE2(gettimeofday, struct timeval *, utv, void *, tz)
{
	__nsec now = ukplat_wall_clock();
	struct timeval tv = {
		.tv_sec = (time_t)(now / NSEC),
		.tv_usec = (suseconds_t)((now % NSEC) / 1000),
	};
	/* struct timezone: minutes west and DST type, both 0 (UTC) */
	int zone[2] = { 0, 0 };

	if (utv && uk_copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (tz && uk_copy_to_user(tz, zone, sizeof(zone)))
		return -EFAULT;
	return 0;
}

#ifdef SYS_time
UK_SYSCALL_DEFINE1(time, time_t *, t)
{
	time_t now = (time_t)(ukplat_wall_clock() / NSEC);

	if (t && uk_copy_to_user(t, &now, sizeof(now)))
		return -EFAULT;
	return now;
}
#endif

/* posix-process: a signal or a cancellation interrupts a sleep */
bool uk_posix_interrupted(void) __weak;

/* 0, or -EINTR when a signal came first */
static long sleep_until(__nsec deadline_mono)
{
	unsigned long flags;
	long rc = 0;

	if (!uk_posix_interrupted) {
		while (ukplat_monotonic_clock() < deadline_mono)
			uk_thread_sleep(deadline_mono - ukplat_monotonic_clock());
		return 0;
	}
	/* a signal sent to this thread wakes it (uk_thread_wake) */
	flags = ukplat_lcpu_save_irqf();
	while (ukplat_monotonic_clock() < deadline_mono) {
		if (uk_posix_interrupted()) {
			rc = -EINTR;
			break;
		}
		uk_thread_block_until(deadline_mono);
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/* What is left of a sleep until @deadline_mono, in *@rem (if any). */
static long left_rem(struct timespec *rem, __nsec deadline_mono)
{
	struct timespec z = { 0, 0 };
	__nsec now = ukplat_monotonic_clock();

	if (deadline_mono > now && deadline_mono != UINT64_MAX) {
		z.tv_sec = (time_t)((deadline_mono - now) / NSEC);
		z.tv_nsec = (long)((deadline_mono - now) % NSEC);
	}
	return rem ? uk_copy_to_user(rem, &z, sizeof(z)) : 0;
}

static long zero_rem(struct timespec *rem)
{
	struct timespec z = { 0, 0 };

	return rem ? uk_copy_to_user(rem, &z, sizeof(z)) : 0;
}

UK_SYSCALL_DEFINE2(nanosleep, const struct timespec *, req,
		   struct timespec *, rem)
{
	__nsec ns, now = ukplat_monotonic_clock();
	long rc = ts_get(req, &ns);

	if (rc)
		return rc;
	if (rem && !uk_access_ok(rem, sizeof(*rem), UKARCH_PROT_WRITE))
		return -EFAULT;
	now = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
	if (sleep_until(now) == -EINTR) {
		left_rem(rem, now);
		return -EINTR;
	}
	return zero_rem(rem);
}

UK_SYSCALL_DEFINE4(clock_nanosleep, clockid_t, clk, int, flags,
		   const struct timespec *, req, struct timespec *, rem)
{
	__nsec ns, now, mono = ukplat_monotonic_clock();
	long rc;

	if (clk == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	rc = clock_now(clk, &now);
	if (rc)
		return rc;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	rc = ts_get(req, &ns);
	if (rc)
		return rc;
	if (flags & TIMER_ABSTIME) {
		if (ns <= now)
			return 0;
		ns -= now;
	} else if (rem &&
		   !uk_access_ok(rem, sizeof(*rem), UKARCH_PROT_WRITE)) {
		return -EFAULT;
	}
	mono = ns > UINT64_MAX - mono ? UINT64_MAX : mono + ns;
	if (sleep_until(mono) == -EINTR) {
		if (!(flags & TIMER_ABSTIME))
			left_rem(rem, mono);
		return -EINTR;
	}
	return (flags & TIMER_ABSTIME) ? 0 : zero_rem(rem);
}
