/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Minimal signals for one process: dispositions (rt_sigaction), per-thread
 * masks (rt_sigprocmask), and kill/tkill/tgkill within the process so that
 * raise() and abort() behave. A signal sent to the calling thread is
 * handled before the system call returns; one sent to another thread is
 * handled when that thread next makes a system call (there is no
 * asynchronous interruption). Handlers are called as plain functions with
 * the action's mask added; SA_SIGINFO handlers get a siginfo and a zeroed
 * ucontext. Default actions: ignore (SIGCHLD, SIGURG, SIGWINCH, SIGCONT),
 * otherwise the image ends with a report naming the signal and a
 * backtrace, with exit status 128 + the signal as on a host.
 *
 * A thread blocked in a system call (futex waits: pthread_cond_wait,
 * sem_wait, pthread_join, ...; sleeps) is woken by a signal sent to it:
 * the call returns -EINTR (uk_posix_interrupted()) and the handler runs on
 * the way out, as on Linux without SA_RESTART.
 *
 * musl's cancellation signal is not queued: pthread_cancel() has already
 * set the target's flag. The target acts on it at its next cancellation
 * point, or at once when it is blocked in one: the signal wakes it, the
 * blocking call returns -EINTR and musl's __syscall_cp sees the flag.
 * SIGCANCEL from another thread is queued like any signal, so that
 * musl's handler runs: asynchronous cancellation happens at the target's
 * next system call (a thread that makes none is never interrupted).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <uk/process.h>
#include <uk/init.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include <uk/plat/lcpu.h>
#include "internal.h"

#define NSIG_MAX	64
#define SIGSET_SIZE	8		/* the kernel's sigset_t */
#define SIG_BIT(s)	(1ULL << ((s) - 1))
#define SIGCANCEL	33		/* musl's internal cancellation signal */
#define UNBLOCKABLE	(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP))

#if defined(__x86_64__)
#define UC_PC(uc)	((uc)->uc_mcontext.gregs[REG_RIP])
#else
#define UC_PC(uc)	((uc)->uc_mcontext.__gregs[0])
#endif

/* struct sigaction as the kernel sees it (rt_sigaction) */
struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static struct k_sigaction actions[NSIG_MAX + 1];

static const char *const signames[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
	[SIGTSTP] = "SIGTSTP", [SIGURG] = "SIGURG", [SIGWINCH] = "SIGWINCH",
	[SIGSYS] = "SIGSYS",
};

static bool default_ignores(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGCONT;
}

static void __noreturn terminate(int sig)
{
	const char *n = (sig < (int)UK_ARRAY_SIZE(signames)) ? signames[sig] : NULL;

	uk_printf("Kast: program terminated by signal %d (%s) in thread %d\n",
		  sig, n ? n : "real-time", (int)uk_posix_gettid());
	uk_printf("Backtrace:\n");
	ukplat_backtrace_print(ukplat_lcpu_frame());
	ukplat_crash_signal(sig);
}

/* Run the action for @sig in the calling thread. */
static void handle(struct posix_thread *pt, int sig)
{
	struct k_sigaction *ka = &actions[sig];
	void (*h)(int) = ka->handler;
	uint64_t saved = pt->sigmask;

	if (h == SIG_IGN)
		return;
	if (h == SIG_DFL) {
		if (default_ignores(sig))
			return;
		terminate(sig);
	}
	pt->sigmask |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		pt->sigmask |= SIG_BIT(sig);
	pt->sigmask &= ~UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	if (ka->flags & SA_SIGINFO) {
		siginfo_t si;
		ucontext_t uc;

		memset(&si, 0, sizeof(si));
		memset(&uc, 0, sizeof(uc));
		si.si_signo = sig;
		si.si_code = SI_TKILL;
		si.si_pid = UK_POSIX_PID;
		((void (*)(int, siginfo_t *, void *))(void *)h)(sig, &si, &uc);
		/*
		 * A handler that sets the context's PC wants to resume there
		 * (musl's asynchronous cancellation: __cp_cancel, which
		 * never returns); the interrupted state is not modelled, so
		 * it is called from here.
		 */
		if (UC_PC(&uc)) {
			pt->sigmask = saved;
			((void (*)(void))(void *)UC_PC(&uc))();
		}
	} else {
		h(sig);
	}
	pt->sigmask = saved;
}

void posix_signal_deliver(void)
{
	struct posix_thread *pt = posix_self();
	uint64_t ready;
	int sig;

	while ((ready = pt->pending & ~pt->sigmask) != 0) {
		sig = __builtin_ctzll(ready) + 1;
		pt->pending &= ~SIG_BIT(sig);
		handle(pt, sig);
	}
}

void posix_signal_send(struct posix_thread *pt, int sig)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	pt->pending |= SIG_BIT(sig);
	ukplat_lcpu_restore_irqf(flags);
}

static int check_sig(int sig)
{
	return (sig < 1 || sig > NSIG_MAX) ? -EINVAL : 0;
}

UK_SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction *, act,
		   struct k_sigaction *, oact, size_t, sigsetsize)
{
	struct k_sigaction new;

	if (sigsetsize != SIGSET_SIZE || check_sig(sig))
		return -EINVAL;
	if (act && uk_copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (oact && !uk_access_ok(oact, sizeof(*oact), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (oact)
		*oact = actions[sig];
	if (act)
		actions[sig] = new;
	return 0;
}

UK_SYSCALL_DEFINE4(rt_sigprocmask, int, how, const uint64_t *, set,
		   uint64_t *, oset, size_t, sigsetsize)
{
	struct posix_thread *pt = posix_self();
	uint64_t s = 0, old = pt->sigmask;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (set && uk_copy_from_user(&s, set, sizeof(s)))
		return -EFAULT;
	if (oset && !uk_access_ok(oset, sizeof(*oset), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			pt->sigmask |= s;
			break;
		case SIG_UNBLOCK:
			pt->sigmask &= ~s;
			break;
		case SIG_SETMASK:
			pt->sigmask = s;
			break;
		default:
			return -EINVAL;
		}
		pt->sigmask &= ~UNBLOCKABLE;
	}
	if (oset)
		*oset = old;
	return 0;
}

UK_SYSCALL_DEFINE2(rt_sigpending, uint64_t *, set, size_t, sigsetsize)
{
	struct posix_thread *pt = posix_self();

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	return uk_copy_to_user(set, &pt->pending, sizeof(pt->pending));
}

bool uk_posix_interrupted(void)
{
	struct posix_thread *pt;
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool r = false;

	pt = posix_find_uk(uk_thread_current());
	if (pt)
		r = (pt->pending & ~pt->sigmask) ||
		    (pt->cp_cancel && *pt->cp_cancel);
	ukplat_lcpu_restore_irqf(flags);
	return r;
}

void uk_posix_cancel_point(volatile int *cancel)
{
	posix_self()->cp_cancel = cancel;
}

/* Send @sig to thread @pt of this process. */
static long send_to(struct posix_thread *pt, int sig)
{
	if (check_sig(sig) && sig != 0)
		return -EINVAL;
	if (!pt)
		return -ESRCH;
	if (sig == 0)
		return 0;
	/*
	 * musl's SIGCANCEL handler acts on asynchronous cancellation; for
	 * deferred cancellation it sends SIGCANCEL to its own thread again
	 * (to be handled once the signal mask it left is restored, which the
	 * handlers here do not model): that second one is dropped.
	 */
	if (sig != SIGCANCEL || pt->uk != uk_thread_current())
		posix_signal_send(pt, sig);
	/* a blocked target wakes up to see it (uk_posix_interrupted) */
	if (pt->uk != uk_thread_current())
		uk_thread_wake(pt->uk);
	/* to itself: handled before this call returns (syscall exit hook) */
	return 0;
}

UK_SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	if (pid != UK_POSIX_PID && pid != 0 && pid != -1)
		return (pid < -1 || pid > 0) ? -ESRCH : -EINVAL;
	return send_to(posix_self(), sig);
}

UK_SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return send_to(posix_find(tid), sig);
}

UK_SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	if (tgid != UK_POSIX_PID)
		return -ESRCH;
	return send_to(posix_find(tid), sig);
}

static void signal_exit_hook(void)
{
	struct posix_thread *pt;

	/* cheap test first: most calls find nothing pending */
	pt = posix_self();
	if (pt->pending & ~pt->sigmask)
		posix_signal_deliver();
}

static int signal_init(void)
{
	uk_syscall_set_exit_hook(signal_exit_hook);
	return 0;
}
uk_lib_initcall(signal_init, NULL);
