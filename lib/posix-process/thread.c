/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads: POSIX identities, clone() for musl's pthread_create(), thread
 * exit with the clear-child-tid protocol, set_tid_address, robust lists and
 * the thread pointer.
 *
 * A cloned thread is a detached uksched thread whose body runs on the stack
 * musl allocated (uk_posix_stack_call) with musl's thread pointer. When it
 * exits, it first returns to its own kernel stack (uk_posix_stack_return):
 * only then does it clear the tid word and wake the joiner, which may free
 * musl's stack right away.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/syscall.h>
#include <uk/futex.h>
#include <uk/process.h>
#include <uk/boot.h>
#include <uk/arch/ctx.h>
#include <uk/arch/paging.h>
#include <uk/plat/lcpu.h>
#include "internal.h"

/* Kernel stack of a cloned thread: entry and exit only. */
#define CLONE_KSTACK_SIZE	(16 * 1024)

static UK_LIST_HEAD(threads);
static pid_t next_tid = UK_POSIX_PID + 1;
static bool have_main;

static struct posix_thread *find_uk(struct uk_thread *t)
{
	struct posix_thread *pt;

	uk_list_for_each_entry(pt, &threads, link)
		if (pt->uk == t)
			return pt;
	return NULL;
}

struct posix_thread *posix_find_uk(struct uk_thread *t)
{
	return find_uk(t);
}

struct posix_thread *posix_find_taker(int sig)
{
	uint64_t bit = 1ULL << (sig - 1);
	struct posix_thread *pt;

	uk_list_for_each_entry(pt, &threads, link)
		if (!(pt->sigmask & bit) || (pt->sigwait & bit))
			return pt;
	return NULL;
}

struct uk_thread *uk_posix_thread_of(pid_t tid)
{
	struct posix_thread *pt = posix_find(tid);

	return pt ? pt->uk : NULL;
}

pid_t uk_posix_tid_of(struct uk_thread *t)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct posix_thread *pt = find_uk(t);

	ukplat_lcpu_restore_irqf(flags);
	return pt ? pt->tid : 0;
}

struct posix_thread *posix_find(pid_t tid)
{
	struct posix_thread *pt, *found = NULL;
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_list_for_each_entry(pt, &threads, link)
		if (pt->tid == tid) {
			found = pt;
			break;
		}
	ukplat_lcpu_restore_irqf(flags);
	return found;
}

struct posix_thread *posix_self(void)
{
	struct uk_thread *cur = uk_thread_current();
	struct posix_thread *pt;
	unsigned long flags;

	flags = ukplat_lcpu_save_irqf();
	pt = find_uk(cur);
	ukplat_lcpu_restore_irqf(flags);
	if (pt)
		return pt;
	/* a thread not made by clone(): main, or a kernel thread */
	pt = uk_calloc(uk_alloc_get_default(), 1, sizeof(*pt));
	if (!pt)
		UK_CRASH("posix: no memory for thread '%s'\n",
			 uk_thread_name(cur));
	pt->uk = cur;
	flags = ukplat_lcpu_save_irqf();
	pt->tid = have_main ? next_tid++ : UK_POSIX_PID;
	have_main = true;
	uk_list_add_tail(&pt->link, &threads);
	ukplat_lcpu_restore_irqf(flags);
	return pt;
}

/*
 * A thread that was given a POSIX identity without clone() (a kernel
 * thread that made a system call) or by clone() loses it when it ends:
 * its uk_thread's memory may be handed to the next thread, which must not
 * inherit it.
 */
static void posix_thread_exit_hook(struct uk_thread *t)
{
	struct posix_thread *pt;
	unsigned long flags;

	flags = ukplat_lcpu_save_irqf();
	pt = find_uk(t);
	if (pt) {
		uk_list_del(&pt->link);
		posix_signal_forget(pt);
	}
	ukplat_lcpu_restore_irqf(flags);
	if (pt)
		uk_free(uk_alloc_get_default(), pt);
}
UK_THREAD_EXIT_HOOK(posix_thread_exit_hook);

pid_t uk_posix_gettid(void)
{
	return posix_self()->tid;
}

static void set_tp(unsigned long tp)
{
	struct uk_thread *cur = uk_thread_current();
	unsigned long flags = ukplat_lcpu_save_irqf();

	cur->tp = tp;
	ukarch_tls_set(tp);
	ukplat_lcpu_restore_irqf(flags);
}

int uk_posix_set_tls(void *tp)
{
	set_tp((unsigned long)tp);
	return 0;
}

#ifdef SYS_arch_prctl
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

UK_SYSCALL_DEFINE2(arch_prctl, int, code, unsigned long, addr)
{
	unsigned long tp;

	switch (code) {
	case ARCH_SET_FS:
		set_tp(addr);
		return 0;
	case ARCH_GET_FS:
		tp = uk_thread_current()->tp;
		return uk_copy_to_user((void *)addr, &tp, sizeof(tp));
	default:
		return -EINVAL;
	}
}
#endif

/*
 * prctl: the calls servers make at start. PR_SET_NAME/PR_GET_NAME are the
 * calling thread's name (16 bytes with the NUL, as on Linux; crash
 * reports show it); PR_SET_THP_DISABLE/PR_GET_THP_DISABLE keep the flag
 * (there are no transparent huge pages to disable). Others: -EINVAL, as
 * Linux answers an option it does not know.
 */
#define PRCTL_NAME_LEN	16
#ifndef PR_SET_NAME
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#endif
#ifndef PR_SET_THP_DISABLE
#define PR_SET_THP_DISABLE	41
#define PR_GET_THP_DISABLE	42
#endif

static int thp_disabled;
UK_CTASSERT(UK_THREAD_NAME_MAX >= PRCTL_NAME_LEN);

UK_SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2,
		   unsigned long, arg3, unsigned long, arg4,
		   unsigned long, arg5)
{
	struct uk_thread *t = uk_thread_current();
	char name[PRCTL_NAME_LEN];
	long n;

	switch (option) {
	case PR_SET_NAME:
		/* longer names are cut to 15 bytes, as on Linux */
		n = uk_strnlen_user((const char *)arg2, PRCTL_NAME_LEN - 1);
		if (n == -ENAMETOOLONG)
			n = PRCTL_NAME_LEN - 1;
		if (n < 0)
			return n;
		memcpy(name, (const char *)arg2, (size_t)n);
		name[n] = '\0';
		memcpy(t->name, name, (size_t)n + 1);
		return 0;
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		strncpy(name, t->name, sizeof(name) - 1);
		return uk_copy_to_user((void *)arg2, name, sizeof(name));
	case PR_SET_THP_DISABLE:
		if (arg3 || arg4 || arg5)
			return -EINVAL;
		thp_disabled = !!arg2;
		return 0;
	case PR_GET_THP_DISABLE:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return thp_disabled;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE0(gettid)
{
	return posix_self()->tid;
}

UK_SYSCALL_DEFINE1(set_tid_address, pid_t *, tidptr)
{
	struct posix_thread *pt = posix_self();

	pt->clear_tid = tidptr;
	return pt->tid;
}

/* struct robust_list_head: three pointer-sized fields */
#define ROBUST_HEAD_SIZE (3 * sizeof(void *))

UK_SYSCALL_DEFINE2(set_robust_list, void *, head, size_t, len)
{
	struct posix_thread *pt = posix_self();

	if (len != ROBUST_HEAD_SIZE)
		return -EINVAL;
	pt->robust_list = head;
	pt->robust_len = len;
	return 0;
}

UK_SYSCALL_DEFINE3(get_robust_list, int, tid, void **, head, size_t *, len)
{
	struct posix_thread *pt = tid ? posix_find(tid) : posix_self();
	int rc;

	if (!pt)
		return -ESRCH;
	rc = uk_copy_to_user(head, &pt->robust_list, sizeof(*head));
	return rc ?: uk_copy_to_user(len, &pt->robust_len, sizeof(*len));
}

/* Clear the tid word and wake one waiter (the joiner), if asked to. */
static void clear_child_tid(struct posix_thread *pt)
{
	pid_t zero = 0;

	if (!pt->clear_tid)
		return;
	if (uk_copy_to_user(pt->clear_tid, &zero, sizeof(zero)) == 0)
		uk_futex_wake((uint32_t *)pt->clear_tid, 1);
}

static void clone_body(void *arg)
{
	struct posix_thread *pt = arg;
	int rc = pt->fn(pt->arg);

	/* musl's threads end with SYS_exit; a plain return means the same */
	uk_syscall(SYS_exit, rc, 0, 0, 0, 0, 0);
	UK_BUG();
}

static void *clone_entry(void *arg)
{
	struct posix_thread *pt = arg;

	set_tp(pt->tls);
	uk_posix_stack_call(&pt->ksp, pt->stack, clone_body, pt);
	/* back on the kernel stack: musl's stack may go away now */
	if (pt->unmap_base)
		uk_syscall(SYS_munmap, (long)pt->unmap_base,
			   (long)pt->unmap_size, 0, 0, 0, 0);
	clear_child_tid(pt);
	uk_thread_exit(NULL);	/* posix_thread_exit_hook() frees pt */
}

#define CLONE_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | \
			    CLONE_SIGHAND | CLONE_THREAD)
#define CLONE_ALLOWED (CLONE_THREAD_FLAGS | CLONE_SYSVSEM | CLONE_SETTLS | \
		       CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
		       CLONE_CHILD_CLEARTID | CLONE_DETACHED | 0xff)

int uk_posix_clone(int (*fn)(void *), void *stack, int flags, void *arg,
		   pid_t *ptid, void *tls, pid_t *ctid)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct posix_thread *self = posix_self(), *pt;
	char name[UK_THREAD_NAME_MAX];
	unsigned long irqf;
	int rc;

	if ((flags & CLONE_THREAD_FLAGS) != CLONE_THREAD_FLAGS)
		return -ENOSYS;		/* new processes: not supported */
	if ((flags & ~CLONE_ALLOWED) || !fn || !stack)
		return -EINVAL;
	if ((flags & CLONE_PARENT_SETTID) &&
	    !uk_access_ok(ptid, sizeof(*ptid), UKARCH_PROT_WRITE))
		return -EFAULT;
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) &&
	    !uk_access_ok(ctid, sizeof(*ctid), UKARCH_PROT_WRITE))
		return -EFAULT;

	pt = uk_calloc(uk_alloc_get_default(), 1, sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	pt->cloned = true;
	pt->fn = fn;
	pt->arg = arg;
	pt->stack = stack;
	pt->tls = (flags & CLONE_SETTLS) ? (unsigned long)tls
					 : uk_thread_current()->tp;
	pt->sigmask = self->sigmask;
	if (flags & CLONE_CHILD_CLEARTID)
		pt->clear_tid = ctid;

	irqf = ukplat_lcpu_save_irqf();
	pt->tid = next_tid++;
	ukplat_lcpu_restore_irqf(irqf);
	if (flags & CLONE_PARENT_SETTID)
		*ptid = pt->tid;
	if (flags & CLONE_CHILD_SETTID)
		*ctid = pt->tid;

	snprintf(name, sizeof(name), "thread-%d", (int)pt->tid);
	attr.name = name;
	attr.detached = true;
	attr.stack_size = CLONE_KSTACK_SIZE;
	attr.prio = uk_thread_get_prio(uk_thread_current());
	/* the child must find its identity as soon as it runs */
	uk_preempt_disable();
	rc = uk_thread_create_attr(&pt->uk, &attr, clone_entry, pt);
	if (rc == 0) {
		irqf = ukplat_lcpu_save_irqf();
		uk_list_add_tail(&pt->link, &threads);
		ukplat_lcpu_restore_irqf(irqf);
	}
	uk_preempt_enable();
	if (rc < 0) {
		uk_free(uk_alloc_get_default(), pt);
		return rc;
	}
	return pt->tid;
}

/*
 * musl's __unmapself(): a detached thread frees its own stack and exits.
 * Done from the thread's kernel stack (system calls need far more stack
 * than the 256 bytes musl's generic version runs them on).
 */
void uk_posix_unmapself(void *base, size_t size)
{
	struct posix_thread *pt = posix_self();

	if (!pt->cloned)
		ukboot_exit(0);
	pt->unmap_base = base;
	pt->unmap_size = size;
	uk_posix_stack_return(pt->ksp);
}

UK_SYSCALL_DEFINE1(exit, int, status)
{
	struct posix_thread *pt = posix_self();

	if (pt->cloned)
		uk_posix_stack_return(pt->ksp);
	/* the main thread (or a kernel thread) ends the program */
	ukboot_exit(status & 0xff);
}

UK_SYSCALL_DEFINE1(exit_group, int, status)
{
	ukboot_exit(status & 0xff);
}
