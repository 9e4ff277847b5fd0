/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/posix-process: the one process of an image and its threads. Every
 * thread that makes a system call gets a POSIX identity (thread id, signal
 * mask, pending signals, clear-child-tid address): the first one (main) has
 * tid 1 == getpid(); threads created by musl's pthread_create() through
 * uk_posix_clone() get the next ids.
 */
#ifndef __UK_PROCESS_H__
#define __UK_PROCESS_H__

#include <uk/essentials.h>
#include <sys/types.h>

#define UK_POSIX_PID 1

/*
 * The soft limit @res (RLIMIT_*) of the process, RLIM_INFINITY when there
 * is none: what posix-mmap checks RLIMIT_AS and RLIMIT_DATA against.
 */
uint64_t uk_posix_rlimit(int res);

/*
 * Blocking system calls ask this between waits: true when the calling
 * thread has an unblocked signal pending, or is in a cancellation point
 * (uk_posix_cancel_point()) and was cancelled. They then return -EINTR
 * (musl acts on the cancellation; a handler runs on the way out). A
 * signal sent to a blocked thread wakes it to ask.
 */
bool uk_posix_interrupted(void);

/*
 * ppoll, pselect6 and epoll_pwait: wait with the program's signal mask
 * @mask (kernel sigset_t) in place of the calling thread's. Enter returns
 * the mask to give back to leave. @interrupted (the wait ended with
 * -EINTR): the handlers of the signals the temporary mask let through run
 * before the old mask is back, as on Linux; otherwise they stay pending.
 */
uint64_t uk_posix_sigmask_enter(uint64_t mask);
void uk_posix_sigmask_leave(uint64_t old, bool interrupted);

/*
 * musl's __syscall_cp: the calling thread enters (@cancel: its cancel
 * flag) or leaves (NULL) a cancellation point.
 */
void uk_posix_cancel_point(volatile int *cancel);

/* The thread with id @tid (NULL: none, or it ended), and back. */
struct uk_thread;
/*
 * Send @sig to the process from the kernel (the console's ^C): its main
 * thread runs the handler at its next system call or interrupt, or the
 * default action. Any context, interrupt handlers included.
 */
void uk_posix_kill_process(int sig);

struct uk_thread *uk_posix_thread_of(pid_t tid);
pid_t uk_posix_tid_of(struct uk_thread *t);

/* Thread id of the calling thread. */
pid_t uk_posix_gettid(void);

/* Set the calling thread's thread pointer (musl's __set_thread_area). */
int uk_posix_set_tls(void *tp);

/*
 * Start a thread running @fn(@arg) on @stack with thread pointer @tls,
 * with Linux clone() semantics for the thread flags musl uses (CLONE_VM,
 * _FS, _FILES, _SIGHAND, _THREAD, _SYSVSEM, _SETTLS, _PARENT_SETTID,
 * _CHILD_SETTID, _CHILD_CLEARTID, _DETACHED). New processes (fork-like
 * flags) give -ENOSYS. Returns the new thread id or a negative errno.
 */
/* musl's __unmapself(): unmap @base/@size and end the calling thread. */
void uk_posix_unmapself(void *base, size_t size) __noreturn;

int uk_posix_clone(int (*fn)(void *), void *stack, int flags, void *arg,
		   pid_t *ptid, void *tls, pid_t *ctid);

#endif
