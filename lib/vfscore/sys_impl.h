/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by vfscore's system call providers (compiled with musl and the
 * syscall layer only). Every pointer from the program is checked here
 * before the vfs sees it; the vfs then works on kernel memory.
 */
#ifndef __VFSCORE_SYS_IMPL_H__
#define __VFSCORE_SYS_IMPL_H__

#include <uk/syscall.h>
#include <uk/arch/paging.h>
#include "vfs_impl.h"

/* Largest single transfer (Linux MAX_RW_COUNT). */
#define SYS_RW_MAX	0x7ffff000UL
/* Most iovecs in one readv/writev (Linux UIO_MAXIOV). */
#define SYS_IOV_MAX	1024

static inline bool sys_readable(const void *p, size_t n)
{
	return uk_access_ok(p, n, UKARCH_PROT_READ);
}

static inline bool sys_writable(void *p, size_t n)
{
	return uk_access_ok(p, n, UKARCH_PROT_READ | UKARCH_PROT_WRITE);
}

/*
 * Copy the program's path @upath into a new kernel string *@out (free it
 * with sys_putname()): 0, -EFAULT or -ENAMETOOLONG.
 */
int sys_getname(const char *upath, char **out);

static inline void sys_putname(char *kpath)
{
	vfs_free(kpath);
}

/* Attributes to the Linux structures. */
struct stat;
void sys_fill_stat(struct stat *st, const struct uk_vattr *va);

/*
 * The signal mask of ppoll, pselect6 and epoll_pwait: the program's
 * kernel sigset_t at @umask (NULL: none) is the calling thread's mask for
 * the duration of the wait (lib/posix-process; without it there are no
 * signals and the mask only gets its checks).
 */
struct sys_sigmask {
	bool set;
	uint64_t old;
};

/* 0, -EINVAL (@size is not the kernel's sigset_t) or -EFAULT */
long sys_sigmask_enter(struct sys_sigmask *m, const void *umask, size_t size);
/* Give the thread its mask back; returns @rc, the wait's result. */
long sys_sigmask_leave(struct sys_sigmask *m, long rc);

#endif /* __VFSCORE_SYS_IMPL_H__ */
