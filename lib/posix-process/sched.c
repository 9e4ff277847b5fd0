/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduling policies (sched_setscheduler and friends), CPU affinity,
 * getcpu, times, the process group and session of the one process, its
 * (absent) children, and the root identity's set*id calls.
 *
 * Policies map onto the uksched thread priority (higher runs first):
 * SCHED_OTHER and SCHED_BATCH run at the default priority, SCHED_IDLE at
 * the lowest, and SCHED_FIFO / SCHED_RR priorities 1..99 spread over the
 * priorities above the default (1 -> default + 1, 99 -> the highest). The
 * preemptive scheduler (ukschedpreempt) honours them; the cooperative one
 * runs threads in turn whatever their priority. FIFO and RR are not told
 * apart (the preemptive scheduler slices every level alike).
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <uk/essentials.h>
#include <uk/syscall.h>
#include <uk/process.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "internal.h"

#define RT_PRIO_MIN	1
#define RT_PRIO_MAX	99
#define CLOCK_TICKS	100	/* sysconf(_SC_CLK_TCK) of musl */

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

static bool is_rt(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool valid_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE || is_rt(policy);
}

static int uk_prio_of(int policy, int rt_prio)
{
	if (is_rt(policy))
		return UK_THREAD_PRIO_DEFAULT + 1 +
		       (rt_prio - RT_PRIO_MIN) *
		       (UK_THREAD_PRIO_MAX - UK_THREAD_PRIO_DEFAULT - 1) /
		       (RT_PRIO_MAX - RT_PRIO_MIN);
	if (policy == SCHED_IDLE)
		return UK_THREAD_PRIO_MIN;
	return UK_THREAD_PRIO_DEFAULT;
}

/* The thread @pid names (0: the caller), or NULL. */
static struct posix_thread *target(pid_t pid)
{
	if (pid < 0)
		return NULL;
	return pid ? posix_find(pid) : posix_self();
}

static long set_sched(pid_t pid, int policy, const struct sched_param *up,
		      bool keep_policy)
{
	struct posix_thread *pt;
	struct sched_param p;
	int rc;

	if (pid < 0 || !up)
		return -EINVAL;
	if (uk_copy_from_user(&p, up, sizeof(p)))
		return -EFAULT;
	pt = target(pid);
	if (!pt)
		return -ESRCH;
	if (keep_policy)
		policy = pt->policy;
	policy &= ~SCHED_RESET_ON_FORK;	/* there is no fork */
	if (!valid_policy(policy))
		return -EINVAL;
	if (is_rt(policy) ? (p.sched_priority < RT_PRIO_MIN ||
			     p.sched_priority > RT_PRIO_MAX)
			  : p.sched_priority != 0)
		return -EINVAL;
	rc = uk_thread_set_prio(pt->uk, uk_prio_of(policy, p.sched_priority));
	if (rc < 0)
		return rc;
	pt->policy = policy;
	pt->rt_prio = p.sched_priority;
	return 0;
}

UK_SYSCALL_DEFINE3(sched_setscheduler, pid_t, pid, int, policy,
		   const struct sched_param *, param)
{
	return set_sched(pid, policy, param, false);
}

UK_SYSCALL_DEFINE2(sched_setparam, pid_t, pid, const struct sched_param *,
		   param)
{
	return set_sched(pid, 0, param, true);
}

UK_SYSCALL_DEFINE1(sched_getscheduler, pid_t, pid)
{
	struct posix_thread *pt;

	if (pid < 0)
		return -EINVAL;
	pt = target(pid);
	return pt ? pt->policy : -ESRCH;
}

UK_SYSCALL_DEFINE2(sched_getparam, pid_t, pid, struct sched_param *, param)
{
	struct posix_thread *pt;
	struct sched_param p;

	if (pid < 0 || !param)
		return -EINVAL;
	pt = target(pid);
	if (!pt)
		return -ESRCH;
	memset(&p, 0, sizeof(p));
	p.sched_priority = pt->rt_prio;
	return uk_copy_to_user(param, &p, sizeof(p));
}

UK_SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (!valid_policy(policy))
		return -EINVAL;
	return is_rt(policy) ? RT_PRIO_MAX : 0;
}

UK_SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (!valid_policy(policy))
		return -EINVAL;
	return is_rt(policy) ? RT_PRIO_MIN : 0;
}

/* One CPU, one NUMA node: both are 0. */
UK_SYSCALL_DEFINE3(getcpu, unsigned int *, cpu, unsigned int *, node,
		   void *, cache)
{
	unsigned int zero = 0;

	if (cpu && uk_copy_to_user(cpu, &zero, sizeof(zero)))
		return -EFAULT;
	if (node && uk_copy_to_user(node, &zero, sizeof(zero)))
		return -EFAULT;
	return 0;
}

/*
 * Clock ticks since boot; as getrusage, all of it is the process's user
 * time (one CPU, no accounting), none is its children's.
 */
UK_SYSCALL_DEFINE1(times, struct tms *, buf)
{
	clock_t ticks = (clock_t)(ukplat_monotonic_clock() /
				  (UKPLAT_NSEC_PER_SEC / CLOCK_TICKS));
	struct tms t;

	if (buf) {
		memset(&t, 0, sizeof(t));
		t.tms_utime = ticks;
		if (uk_copy_to_user(buf, &t, sizeof(t)))
			return -EFAULT;
	}
	return ticks;
}

/*
 * The process (pid 1) leads its own process group and session, as init
 * does: setsid() and setpgid() are EPERM for a session leader on Linux.
 */
#ifdef SYS_getpgrp
UK_SYSCALL_DEFINE0(getpgrp)
{
	return UK_POSIX_PID;
}
#endif

UK_SYSCALL_DEFINE0(setsid)
{
	return -EPERM;
}

UK_SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	if (pgid < 0)
		return -EINVAL;
	if (pid != 0 && pid != UK_POSIX_PID)
		return -ESRCH;
	return -EPERM;
}

/*
 * The process never has children (no fork, no exec): waiting for one is
 * ECHILD, Linux's answer to a process without children.
 */
UK_SYSCALL_DEFINE4(wait4, pid_t, pid, int *, status, int, options,
		   void *, rusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL |
			__WCLONE | __WNOTHREAD))
		return -EINVAL;
	return -ECHILD;
}

UK_SYSCALL_DEFINE5(waitid, int, idtype, id_t, id, void *, info, int,
		   options, void *, rusage)
{
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID &&
	    idtype != P_PIDFD)
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)) ||
	    (options & ~(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT |
			 __WALL | __WCLONE | __WNOTHREAD)))
		return -EINVAL;
	return -ECHILD;
}

/*
 * The one identity is root (uid and gid 0): like setuid/setgid, setting
 * the ids to 0 (or leaving them, -1) works, anything else is EPERM.
 */
static long ids_ok(long a, long b, long c)
{
	return ((a == 0 || a == -1) && (b == 0 || b == -1) &&
		(c == 0 || c == -1)) ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE2(setreuid, uid_t, r, uid_t, e)
{
	return ids_ok((int)r, (int)e, -1);
}

UK_SYSCALL_DEFINE2(setregid, gid_t, r, gid_t, e)
{
	return ids_ok((int)r, (int)e, -1);
}

UK_SYSCALL_DEFINE3(setresuid, uid_t, r, uid_t, e, uid_t, s)
{
	return ids_ok((int)r, (int)e, (int)s);
}

UK_SYSCALL_DEFINE3(setresgid, gid_t, r, gid_t, e, gid_t, s)
{
	return ids_ok((int)r, (int)e, (int)s);
}

/* One CPU: a mask must hold CPU 0, which is where every thread runs. */
UK_SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, size_t, len,
		   const unsigned long *, mask)
{
	unsigned long first;

	if (pid < 0 || (pid && !posix_find(pid)))
		return -ESRCH;
	if (len < sizeof(first))
		return -EINVAL;
	if (uk_copy_from_user(&first, mask, sizeof(first)))
		return -EFAULT;
	return (first & 1) ? 0 : -EINVAL;
}
