/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process: ids (one process, pid 1, running as root), uname, resource
 * limits, CPU affinity (one CPU), sched_yield, sysinfo (scheduling
 * policies, getcpu, times, process groups: sched.c).
 */
#include <errno.h>
#include <string.h>
#include <sched.h>
#include <sys/utsname.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/process.h>
#include <uk/plat/time.h>
#include <uk/plat/memory.h>
#include "internal.h"

UK_SYSCALL_DEFINE0(getpid)
{
	return UK_POSIX_PID;
}

UK_SYSCALL_DEFINE0(getppid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(getuid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(getgid)
{
	return 0;
}

UK_SYSCALL_DEFINE0(getegid)
{
	return 0;
}

UK_SYSCALL_DEFINE3(getresuid, uid_t *, r, uid_t *, e, uid_t *, s)
{
	uid_t z = 0;

	if (uk_copy_to_user(r, &z, sizeof(z)) ||
	    uk_copy_to_user(e, &z, sizeof(z)) ||
	    uk_copy_to_user(s, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

UK_SYSCALL_DEFINE3(getresgid, gid_t *, r, gid_t *, e, gid_t *, s)
{
	gid_t z = 0;

	if (uk_copy_to_user(r, &z, sizeof(z)) ||
	    uk_copy_to_user(e, &z, sizeof(z)) ||
	    uk_copy_to_user(s, &z, sizeof(z)))
		return -EFAULT;
	return 0;
}

/* Only the current identity (root) can be "set". */
UK_SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	return uid == 0 ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	return gid == 0 ? 0 : -EPERM;
}

UK_SYSCALL_DEFINE2(getgroups, int, size, gid_t *, list)
{
	return size < 0 ? -EINVAL : 0;
}

UK_SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	return (pid == 0 || pid == UK_POSIX_PID) ? UK_POSIX_PID : -ESRCH;
}

UK_SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	return (pid == 0 || pid == UK_POSIX_PID) ? UK_POSIX_PID : -ESRCH;
}

UK_SYSCALL_DEFINE1(uname, struct utsname *, buf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Kast");
	strncpy(u.nodename, CONFIG_LIBPOSIX_PROCESS_HOSTNAME,
		sizeof(u.nodename) - 1);
	strcpy(u.release, "0.1");
	strcpy(u.version, "Kast library OS");
	strcpy(u.machine, UK_ARCHNAME);
	return uk_copy_to_user(buf, &u, sizeof(u));
}

/* Descriptors: vfscore's table size, when it is linked in */
#if CONFIG_LIBVFSCORE
#include <uk/vfs.h>
#define NOFILE_LIMIT	CONFIG_LIBVFSCORE_NR_FILES
#else
#define NOFILE_LIMIT	1024
#endif

/*
 * Limits, as a Linux process has them, kept here for the image's one
 * process. RLIMIT_STACK is the main thread's stack (its size as chosen at
 * boot, uksched); RLIMIT_NOFILE the descriptor table's size (lowered: the
 * table hands out no higher descriptor, vfscore); RLIMIT_AS and
 * RLIMIT_DATA bound what the program maps (posix-mmap: mmap, brk; see
 * uk_posix_rlimit()); RLIMIT_CORE is 0 (no core dumps); the others are
 * unlimited and only recorded. Any limit can be lowered; raising one
 * above its hard limit is -EPERM, as for an unprivileged Linux process.
 */
static struct rlimit limits[RLIM_NLIMITS];
static bool limits_ready;

static void limits_init(void)
{
	int i;

	for (i = 0; i < RLIM_NLIMITS; i++)
		limits[i].rlim_cur = limits[i].rlim_max = RLIM_INFINITY;
	limits[RLIMIT_STACK].rlim_cur = limits[RLIMIT_STACK].rlim_max =
		uk_sched_main_stack_size() ?: CONFIG_LIBUKSCHED_MAIN_STACK_SIZE;
	limits[RLIMIT_NOFILE].rlim_cur = limits[RLIMIT_NOFILE].rlim_max =
		NOFILE_LIMIT;
	limits[RLIMIT_CORE].rlim_cur = limits[RLIMIT_CORE].rlim_max = 0;
	limits_ready = true;
}

uint64_t uk_posix_rlimit(int res)
{
	if (res < 0 || res >= RLIM_NLIMITS)
		return RLIM_INFINITY;
	if (!limits_ready)
		limits_init();
	return limits[res].rlim_cur;
}

static void limit_get(int res, struct rlimit *r)
{
	if (!limits_ready)
		limits_init();
	*r = limits[res];
}

static long do_prlimit(pid_t pid, int res, const struct rlimit *nl,
		    struct rlimit *ol)
{
	struct rlimit cur, want;

	if (pid != 0 && pid != UK_POSIX_PID)
		return -ESRCH;
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	limit_get(res, &cur);
	if (nl) {
		if (uk_copy_from_user(&want, nl, sizeof(want)))
			return -EFAULT;
		if (want.rlim_cur > want.rlim_max)
			return -EINVAL;
		if (want.rlim_max > cur.rlim_max)
			return -EPERM;
		if (res == RLIMIT_NOFILE && want.rlim_cur > NOFILE_LIMIT)
			return -EPERM;	/* Linux: above fs.nr_open */
	}
	if (ol && uk_copy_to_user(ol, &cur, sizeof(cur)))
		return -EFAULT;
	if (nl) {
		limits[res] = want;
#if CONFIG_LIBVFSCORE
		if (res == RLIMIT_NOFILE)
			uk_fd_set_limit((int)want.rlim_cur);
#endif
	}
	return 0;
}

UK_SYSCALL_DEFINE4(prlimit64, pid_t, pid, int, res, const struct rlimit *, nl,
		   struct rlimit *, ol)
{
	return do_prlimit(pid, res, nl, ol);
}

UK_SYSCALL_DEFINE2(getrlimit, int, res, struct rlimit *, r)
{
	return do_prlimit(0, res, NULL, r);
}

UK_SYSCALL_DEFINE2(setrlimit, int, res, const struct rlimit *, r)
{
	return do_prlimit(0, res, r, NULL);
}

UK_SYSCALL_DEFINE2(getrusage, int, who, struct rusage *, ru)
{
	struct rusage r;
	__nsec now = ukplat_monotonic_clock();

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN &&
	    who != RUSAGE_THREAD)
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	if (who != RUSAGE_CHILDREN) {
		/* one CPU, no accounting: all time since boot is ours */
		r.ru_utime.tv_sec = now / UKPLAT_NSEC_PER_SEC;
		r.ru_utime.tv_usec = (now % UKPLAT_NSEC_PER_SEC) / 1000;
	}
	return uk_copy_to_user(ru, &r, sizeof(r));
}

UK_SYSCALL_DEFINE0(sched_yield)
{
	uk_sched_yield();
	return 0;
}

UK_SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, size_t, len,
		   unsigned long *, mask)
{
	unsigned long one = 1;

	if (pid < 0)
		return -ESRCH;
	if (pid && !posix_find(pid))
		return -ESRCH;
	if (len < sizeof(one) || len % sizeof(one))
		return -EINVAL;
	if (!uk_access_ok(mask, len, UKARCH_PROT_WRITE))
		return -EFAULT;
	memset(mask, 0, len);
	mask[0] = one;
	return sizeof(one);
}

UK_SYSCALL_DEFINE1(sysinfo, struct sysinfo *, info)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = ukplat_monotonic_clock() / UKPLAT_NSEC_PER_SEC;
	si.totalram = ukplat_memregion_free_total();
	si.freeram = uk_alloc_availmem(a);
	si.procs = 1;
	si.mem_unit = 1;
	return uk_copy_to_user(info, &si, sizeof(si));
}
