/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef __POSIX_PROCESS_INTERNAL_H__
#define __POSIX_PROCESS_INTERNAL_H__

#include <stdint.h>
#include <sys/types.h>
#include <uk/list.h>
#include <uk/thread.h>

/*
 * What a siginfo says beyond the signal's number (signal.c): si_code
 * (SI_USER, SI_TKILL, SI_QUEUE, SI_TIMER, SI_KERNEL, or a fault's), the
 * sender, the value (SI_QUEUE, SI_TIMER) and a timer's id and overruns.
 */
struct posix_siginfo {
	int code;
	pid_t pid;
	uint64_t value;
	int timerid, overrun;
};

struct posix_thread {
	struct uk_thread *uk;
	pid_t tid;
	pid_t *clear_tid;		/* set_tid_address / CLONE_CHILD_CLEARTID */
	void *robust_list;
	size_t robust_len;
	uint64_t sigmask;		/* bit n-1: signal n blocked */
	uint64_t pending;		/* bit n-1: signal n pending */
	uint64_t sigwait;		/* in sigtimedwait for these */
	/* in a cancellation point: musl's cancel flag (uk_posix_cancel_point) */
	volatile int *cp_cancel;
	/* threads made by uk_posix_clone() */
	bool cloned;
	int (*fn)(void *);
	void *arg;
	void *stack;
	unsigned long tls;
	unsigned long ksp;		/* kernel stack pointer to come back to */
	void *unmap_base;		/* __unmapself(): stack to unmap at exit */
	size_t unmap_size;
	struct uk_list_head link;
	/* handlers run at this system call's exit: any, any without
	 * SA_RESTART (whether an EINTR call is run again) */
	bool sig_ran, sig_norestart;
	/* sigaltstack(): the alternate signal stack, if any */
	unsigned long ss_sp;
	size_t ss_size;
	int ss_flags;			/* SS_DISABLE, SS_AUTODISARM */
	/* sched_setscheduler(): SCHED_* policy and its priority (sched.c) */
	int policy, rt_prio;
	/*
	 * An interrupted context on its way into a signal handler: the
	 * registers the redirected trap frame no longer holds, and the
	 * signal. Set with interrupts off, read by uk_posix_sigframe()
	 * before it enables them.
	 */
	struct {
		unsigned long pc, sp, flags, cs, ss;
		int sig;
		struct posix_siginfo info;
		unsigned long addr;
		bool busy;
		bool dfl;		/* the default action: terminate */
	} tramp;
};

/* The calling thread's POSIX identity (created on first use). */
struct posix_thread *posix_self(void);
/* The thread with id @tid, or NULL. */
struct posix_thread *posix_find(pid_t tid);

/* The POSIX identity of @t, or NULL; interrupts off. */
struct posix_thread *posix_find_uk(struct uk_thread *t);

/* Deliver the calling thread's unblocked pending signals. */
void posix_signal_deliver(void);
/* Post timer signal @sig to @pt (si_code SI_TIMER), waking it. */
void posix_signal_post_timer(struct posix_thread *pt, int sig,
			     uint64_t value, int timerid, int overrun);
/*
 * A thread that does not block @sig or waits for it in sigtimedwait (a
 * process-directed signal's taker), or NULL; interrupts off.
 */
struct posix_thread *posix_find_taker(int sig);
/* Drop the signals still queued for @pt, which ends; interrupts off. */
void posix_signal_forget(struct posix_thread *pt);

/* Call @fn(@arg) on the stack whose top is @stack, then come back. */
void uk_posix_call_on(void *stack, void (*fn)(void *), void *arg);
/* Entry of a thread redirected into a signal handler (arch/.../stack.S) */
void uk_posix_sigtramp(void);

void uk_posix_stack_call(unsigned long *save_sp, void *stack,
			 void (*fn)(void *), void *arg);
void uk_posix_stack_return(unsigned long sp) __noreturn;

#endif
