/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals for one process: dispositions (rt_sigaction), per-thread masks
 * (rt_sigprocmask), kill/tkill/tgkill and sigqueue (rt_sigqueueinfo,
 * rt_tgsigqueueinfo) within the process, queued real-time signals,
 * sigaltstack, and the interval timer (setitimer/getitimer/alarm).
 *
 * Delivery happens at two kinds of points. At the end of every system
 * call (the syscall exit hook): the handler is called from there as a
 * function, with the action's mask added; an SA_SIGINFO handler gets a
 * siginfo and a zeroed ucontext. And at the return of an interrupt or a
 * CPU exception into the program (not into kernel code: the thread is in
 * no system call): the trap frame is redirected to uk_posix_sigtramp,
 * which runs the handler with the interrupted registers in its ucontext
 * and resumes them as the handler leaves them (sigreturn). So a thread
 * that computes without system calls gets a timer's SIGALRM, a signal
 * from another thread or the console's SIGINT at the next interrupt, and
 * a program fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) goes to the
 * handler the program installed for it (unblocked, not SIG_DFL/SIG_IGN)
 * instead of the crash report. SA_ONSTACK handlers run on the alternate
 * stack given with sigaltstack(), which is how a program catches a stack
 * overflow (the guard page's SIGSEGV).
 *
 * Default actions: ignore (SIGCHLD, SIGURG, SIGWINCH, SIGCONT), otherwise
 * the image ends with a report naming the signal and a backtrace, with
 * exit status 128 + the signal as on a host.
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
 * next system call or interrupt, computing or not.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/syscall.h>
#include <uk/process.h>
#include <uk/init.h>
#include <uk/boot.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/arch/traps.h>
#include <uk/arch/paging.h>
#include <uk/asm/regs.h>
#include <uk/sched.h>
#include <sys/time.h>
#include <uk/asm/ctx.h>
#if defined(__riscv)
#include <uk/asm/cpu.h>
#endif
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
	/*
	 * Like exit(), with 128 + the signal: the term functions pass on
	 * what the program already wrote (its streams' buffers). Not with
	 * interrupts off (an interrupt's return): the plain crash exit.
	 */
	if (!ukplat_lcpu_irqs_disabled())
		ukboot_exit(UKPLAT_EXIT_SIGNAL(sig));
	ukplat_crash_signal(sig);
}

/*
 * Pending signals and their siginfo. A standard signal (1..31, and
 * musl's SIGCANCEL) is pending once, with the info of the send that made
 * it pending (later ones are merged into it, as on Linux). A real-time
 * signal (32..64) queues an instance per send with its own info
 * (sigqueue values, each timer's), taken in the order sent, up to
 * SIGQUEUE_MAX instances in the process (then the send is EAGAIN).
 *
 * A signal sent to a thread is pending on it. One sent to the process
 * (kill, sigqueue) goes to a thread that does not block it or waits for
 * it in sigtimedwait (the caller first); when every thread blocks it, it
 * waits in the process's set (proc_pending) until a thread unblocks it
 * or waits for it. All of it changes with interrupts off (timers post
 * from the timer interrupt).
 */
#define SIGQUEUE_MAX	256
#define FIRST_RT	32

static struct posix_siginfo std_info[NSIG_MAX + 1];
static uint64_t proc_pending;
static struct {
	struct posix_thread *pt;	/* NULL: pending on the process */
	unsigned long seq;		/* order of sending; 0: a free slot */
	int sig;
	struct posix_siginfo info;
} sigq[SIGQUEUE_MAX];
static unsigned long sigq_seq;

static bool queues(int sig)
{
	return sig >= FIRST_RT && sig != SIGCANCEL;
}

/* What @pt may take: its own pending signals and the process's. */
static uint64_t pending_of(struct posix_thread *pt)
{
	return pt->pending | proc_pending;
}

/* Make @sig pending on @pt (NULL: the process): 0 or -EAGAIN. */
static int post_locked(struct posix_thread *pt, int sig,
		       const struct posix_siginfo *info)
{
	uint64_t *set = pt ? &pt->pending : &proc_pending;
	unsigned int i;

	if (!queues(sig)) {
		if (!(*set & SIG_BIT(sig)))
			std_info[sig] = *info;
		*set |= SIG_BIT(sig);
		return 0;
	}
	for (i = 0; i < SIGQUEUE_MAX && sigq[i].seq; i++)
		;
	if (i == SIGQUEUE_MAX)
		return -EAGAIN;
	sigq[i].pt = pt;
	sigq[i].sig = sig;
	sigq[i].info = *info;
	sigq[i].seq = ++sigq_seq;
	*set |= SIG_BIT(sig);
	return 0;
}

/*
 * Take pending @sig off @pt (its own instance first, else the process's)
 * with its info.
 */
static void take_locked(struct posix_thread *pt, int sig,
			struct posix_siginfo *out)
{
	struct posix_thread *owner = (pt->pending & SIG_BIT(sig)) ? pt : NULL;
	uint64_t *set = owner ? &pt->pending : &proc_pending;
	unsigned int i, first = SIGQUEUE_MAX, n = 0;

	if (!queues(sig)) {
		*out = std_info[sig];
		*set &= ~SIG_BIT(sig);
		return;
	}
	for (i = 0; i < SIGQUEUE_MAX; i++) {
		if (!sigq[i].seq || sigq[i].pt != owner || sigq[i].sig != sig)
			continue;
		n++;
		if (first == SIGQUEUE_MAX || sigq[i].seq < sigq[first].seq)
			first = i;
	}
	if (first < SIGQUEUE_MAX) {
		*out = sigq[first].info;
		sigq[first].seq = 0;
	} else {
		memset(out, 0, sizeof(*out));
		out->code = SI_KERNEL;
	}
	if (n <= 1)
		*set &= ~SIG_BIT(sig);
}

static void take(struct posix_thread *pt, int sig, struct posix_siginfo *out)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	take_locked(pt, sig, out);
	ukplat_lcpu_restore_irqf(flags);
}

void posix_signal_forget(struct posix_thread *pt)
{
	unsigned int i;

	for (i = 0; i < SIGQUEUE_MAX; i++)
		if (sigq[i].seq && sigq[i].pt == pt)
			sigq[i].seq = 0;
}

/* The siginfo fields beyond signo. */
static void fill_info(siginfo_t *si, const struct posix_siginfo *info)
{
	si->si_code = info->code ? info->code : SI_TKILL;
	if (si->si_code == SI_TIMER) {
		si->si_timerid = info->timerid;
		si->si_overrun = info->overrun;
	} else {
		si->si_pid = info->pid ? info->pid : UK_POSIX_PID;
		si->si_uid = 0;
	}
	if (si->si_code == SI_TIMER || si->si_code == SI_QUEUE)
		memcpy(&si->si_value, &info->value, sizeof(si->si_value));
}

/* Post @sig with @info to @pt and wake it: 0 or -EAGAIN. Any context. */
static int post(struct posix_thread *pt, int sig,
		const struct posix_siginfo *info)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = post_locked(pt, sig, info);

	ukplat_lcpu_restore_irqf(flags);
	/* a blocked target wakes up to see it (uk_posix_interrupted) */
	if (rc == 0 && pt->uk != uk_thread_current())
		uk_thread_wake(pt->uk);
	return rc;
}

void posix_signal_post_timer(struct posix_thread *pt, int sig,
			     uint64_t value, int timerid, int overrun)
{
	struct posix_siginfo info = {
		.code = SI_TIMER, .value = value, .timerid = timerid,
		.overrun = overrun,
	};

	if (sig < 1 || sig > NSIG_MAX || !pt)
		return;
	post(pt, sig, &info);
}

#if defined(__x86_64__)
#define FRAME_PC(r)	((r)->rip)
#define FRAME_SP(r)	((r)->rsp)
#define X86_EFLAGS_IF	0x200UL
#define X86_EFLAGS_ARITH 0xcd5UL	/* CF PF AF ZF SF DF OF */
#define IRQS_WERE_ON(r)	((r)->rflags & X86_EFLAGS_IF)
#else
#define FRAME_PC(r)	((r)->sepc)
#define FRAME_SP(r)	((r)->sp)
#define IRQS_WERE_ON(r)	((r)->sstatus & RISCV_SSTATUS_SPIE)
#endif

/* What the trampoline's C frame, siginfo and ucontext take below the top */
#define SIGFRAME_NEED	3072

/* @sp lies on the thread's alternate signal stack (Linux's rule). */
static bool on_altstack(struct posix_thread *pt, unsigned long sp)
{
	return pt->ss_size && sp > pt->ss_sp && sp - pt->ss_sp <= pt->ss_size;
}

/* The alternate stack's top if @ka's handler must switch to it, else 0. */
static unsigned long handler_stack(struct posix_thread *pt,
				   const struct k_sigaction *ka,
				   unsigned long sp)
{
	if ((ka->flags & SA_ONSTACK) && pt->ss_size && !on_altstack(pt, sp))
		return pt->ss_sp + pt->ss_size;
	return 0;
}

static void fill_uc_stack(struct posix_thread *pt, ucontext_t *uc,
			  unsigned long sp)
{
	uc->uc_stack.ss_sp = (void *)pt->ss_sp;
	uc->uc_stack.ss_size = pt->ss_size;
	uc->uc_stack.ss_flags = !pt->ss_size ? SS_DISABLE :
				(on_altstack(pt, sp) ? SS_ONSTACK : 0) |
				pt->ss_flags;
}

struct sigcall {
	void (*h)(int);
	int sig;
	bool info;
	siginfo_t *si;
	ucontext_t *uc;
};

static void sigcall_run(void *arg)
{
	struct sigcall *c = arg;

	if (c->info)
		((void (*)(int, siginfo_t *, void *))(void *)c->h)(c->sig,
								    c->si,
								    c->uc);
	else
		c->h(c->sig);
}

/*
 * Block what the action asks, then run its handler for @sig, on the
 * alternate stack whose top is @stack when that is not 0.
 */
static void run_action(struct posix_thread *pt, int sig, siginfo_t *si,
		       ucontext_t *uc, unsigned long stack)
{
	struct k_sigaction *ka = &actions[sig];
	struct sigcall c = { ka->handler, sig, (ka->flags & SA_SIGINFO) != 0,
			     si, uc };
	unsigned long ss_sp = pt->ss_sp;
	size_t ss_size = pt->ss_size;
	int ss_flags = pt->ss_flags;

	pt->sigmask |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		pt->sigmask |= SIG_BIT(sig);
	pt->sigmask &= ~UNBLOCKABLE;
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	if (!stack) {
		sigcall_run(&c);
		return;
	}
	/* SS_AUTODISARM: the handler may switch contexts away from it */
	if (ss_flags & SS_AUTODISARM)
		pt->ss_size = 0;
	uk_posix_call_on((void *)stack, sigcall_run, &c);
	if (ss_flags & SS_AUTODISARM) {
		pt->ss_sp = ss_sp;
		pt->ss_size = ss_size;
	}
}

/*
 * Run the action for @sig in the calling thread (system call exit); a
 * handler sets *@ran, and *@norestart unless it has SA_RESTART.
 */
static void handle(struct posix_thread *pt, int sig,
		   const struct posix_siginfo *info, bool *ran,
		   bool *norestart)
{
	struct k_sigaction *ka = &actions[sig];
	void (*h)(int) = ka->handler;
	uint64_t saved = pt->sigmask;
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	siginfo_t si;
	ucontext_t uc;

	if (h == SIG_IGN)
		return;
	if (h == SIG_DFL) {
		if (default_ignores(sig))
			return;
		terminate(sig);
	}
	*ran = true;
	if (!(ka->flags & SA_RESTART))
		*norestart = true;
	memset(&si, 0, sizeof(si));
	memset(&uc, 0, sizeof(uc));
	si.si_signo = sig;
	fill_info(&si, info);
	memcpy(&uc.uc_sigmask, &saved, sizeof(saved));
	fill_uc_stack(pt, &uc, sp);
	run_action(pt, sig, &si, &uc, handler_stack(pt, ka, sp));
	/*
	 * A handler that sets the context's PC wants to resume there
	 * (musl's asynchronous cancellation: __cp_cancel, which never
	 * returns); the interrupted state is not modelled on this path, so
	 * it is called from here.
	 */
	if ((ka->flags & SA_SIGINFO) && UC_PC(&uc)) {
		pt->sigmask = saved;
		((void (*)(void))(void *)UC_PC(&uc))();
	}
	pt->sigmask = saved;
}

/* Every page of the handler's frame below @top can be written. */
static bool frame_writable(unsigned long top)
{
	unsigned long a;
	int prot;

	if (top < SIGFRAME_NEED)
		return false;
	for (a = (top - SIGFRAME_NEED) & ~(UK_PAGE_SIZE - 1); a < top;
	     a += UK_PAGE_SIZE) {
		prot = ukarch_page_get_prot(a);
		/* a page of a mapping not touched yet gets its frame now */
		if (prot < 0 && ukarch_page_fill(a, UKARCH_PROT_WRITE) == 0)
			prot = ukarch_page_get_prot(a);
		if (prot < 0 || !(prot & UKARCH_PROT_WRITE))
			return false;
	}
	return true;
}

/*
 * Make the trap frame @r resume in uk_posix_sigtramp, which runs @sig's
 * handler: on the alternate stack if the action asks, else below the
 * interrupted stack pointer. Interrupts off. 0 if the frame cannot be
 * written there.
 */
static int redirect(struct __regs *r, struct posix_thread *pt, int sig,
		    const struct posix_siginfo *info, unsigned long addr)
{
	unsigned long top = handler_stack(pt, &actions[sig], FRAME_SP(r));

	if (!top)
		top = FRAME_SP(r) - 128;	/* past a red zone, if any */
	top &= ~15UL;
	if (!frame_writable(top))
		return 0;
	pt->tramp.pc = FRAME_PC(r);
	pt->tramp.sp = FRAME_SP(r);
	pt->tramp.sig = sig;
	pt->tramp.info = *info;
	pt->tramp.addr = addr;
	pt->tramp.busy = true;
	pt->tramp.dfl = false;
#if defined(__x86_64__)
	pt->tramp.flags = r->rflags;
	pt->tramp.cs = r->cs;
	pt->tramp.ss = r->ss;
	r->rflags &= ~X86_EFLAGS_IF;
#else
	pt->tramp.flags = r->sstatus;
	r->sstatus &= ~RISCV_SSTATUS_SPIE;
#endif
	FRAME_PC(r) = (unsigned long)uk_posix_sigtramp;
	FRAME_SP(r) = top;
	return 1;
}

#if defined(__x86_64__)
static void regs_to_mcontext(const struct __regs *r, mcontext_t *m)
{
	greg_t *g = m->gregs;

	g[REG_R8] = r->r8; g[REG_R9] = r->r9; g[REG_R10] = r->r10;
	g[REG_R11] = r->r11; g[REG_R12] = r->r12; g[REG_R13] = r->r13;
	g[REG_R14] = r->r14; g[REG_R15] = r->r15; g[REG_RDI] = r->rdi;
	g[REG_RSI] = r->rsi; g[REG_RBP] = r->rbp; g[REG_RBX] = r->rbx;
	g[REG_RDX] = r->rdx; g[REG_RAX] = r->rax; g[REG_RCX] = r->rcx;
	g[REG_RSP] = r->rsp; g[REG_RIP] = r->rip; g[REG_EFL] = r->rflags;
}

static void mcontext_to_regs(const mcontext_t *m, struct __regs *r)
{
	const greg_t *g = m->gregs;

	r->r8 = g[REG_R8]; r->r9 = g[REG_R9]; r->r10 = g[REG_R10];
	r->r11 = g[REG_R11]; r->r12 = g[REG_R12]; r->r13 = g[REG_R13];
	r->r14 = g[REG_R14]; r->r15 = g[REG_R15]; r->rdi = g[REG_RDI];
	r->rsi = g[REG_RSI]; r->rbp = g[REG_RBP]; r->rbx = g[REG_RBX];
	r->rdx = g[REG_RDX]; r->rax = g[REG_RAX]; r->rcx = g[REG_RCX];
	r->rsp = g[REG_RSP]; r->rip = g[REG_RIP];
	/* the handler may change the arithmetic flags, not IF or TF */
	r->rflags = (r->rflags & ~X86_EFLAGS_ARITH) |
		    (g[REG_EFL] & X86_EFLAGS_ARITH);
}
#else
static void regs_to_mcontext(const struct __regs *r, mcontext_t *m)
{
	m->__gregs[0] = r->sepc;
	memcpy(&m->__gregs[1], &r->ra, 31 * sizeof(unsigned long));
}

static void mcontext_to_regs(const mcontext_t *m, struct __regs *r)
{
	r->sepc = m->__gregs[0];
	memcpy(&r->ra, &m->__gregs[1], 31 * sizeof(unsigned long));
}
#endif

/*
 * Called by uk_posix_sigtramp with interrupts off, on the handler's
 * stack, with the interrupted registers in @r but for what the tramp
 * record holds. Runs the handler and leaves in @r the context to resume:
 * the interrupted one, as the handler's ucontext says (sigreturn).
 */
void uk_posix_sigframe(struct __regs *r);
void uk_posix_sigframe(struct __regs *r)
{
	struct posix_thread *pt = posix_find_uk(uk_thread_current());
	struct {
		siginfo_t si;
		ucontext_t uc;
#if defined(__x86_64__)
		uint8_t fx[X86_FXSAVE_SIZE] __aligned(16);
#endif
	} f;
	uint64_t saved, mask;
	int sig;

	if (!pt)
		UK_CRASH("signal trampoline without a POSIX thread\n");
	FRAME_PC(r) = pt->tramp.pc;
	FRAME_SP(r) = pt->tramp.sp;
#if defined(__x86_64__)
	r->rflags = pt->tramp.flags;
	r->cs = pt->tramp.cs;
	r->ss = pt->tramp.ss;
	r->vector = 0;
	r->error = 0;
#else
	r->sstatus = pt->tramp.flags;
#endif
	sig = pt->tramp.sig;
	if (pt->tramp.dfl) {
		pt->tramp.busy = false;
		ukplat_lcpu_enable_irq();
		terminate(sig);		/* in the thread, interrupts on */
	}
	memset(&f.si, 0, sizeof(f.si));
	memset(&f.uc, 0, sizeof(f.uc));
	f.si.si_signo = sig;
	if (pt->tramp.addr) {
		f.si.si_code = pt->tramp.info.code;
		f.si.si_addr = (void *)pt->tramp.addr;
	} else {
		fill_info(&f.si, &pt->tramp.info);
	}
	pt->tramp.busy = false;
	saved = pt->sigmask;
	memcpy(&f.uc.uc_sigmask, &saved, sizeof(saved));
	fill_uc_stack(pt, &f.uc, FRAME_SP(r));
	regs_to_mcontext(r, &f.uc.uc_mcontext);
	/* the handler may use the FPU: the interrupted code's state stays */
#if defined(__x86_64__)
	__asm__ __volatile__("fxsave64 %0" : "=m"(f.fx));
	f.uc.uc_mcontext.fpregs = (void *)f.fx;
#else
	if (r->sstatus & RISCV_SSTATUS_FS)
		riscv_fp_save((uint64_t *)(void *)&f.uc.uc_mcontext.__fpregs);
#endif
	if (IRQS_WERE_ON(r))
		ukplat_lcpu_enable_irq();
	run_action(pt, sig, &f.si, &f.uc, 0);
	ukplat_lcpu_disable_irq();
#if defined(__x86_64__)
	__asm__ __volatile__("fxrstor64 %0" : : "m"(f.fx));
#else
	if (r->sstatus & RISCV_SSTATUS_FS)
		riscv_fp_restore((uint64_t *)(void *)&f.uc.uc_mcontext.__fpregs);
	/* sret: back to S-mode, interrupts as they were; FP state kept on */
	r->sstatus = (csr_read(sstatus) & ~(RISCV_SSTATUS_SIE |
					     RISCV_SSTATUS_SPIE)) |
		     RISCV_SSTATUS_SPP | (r->sstatus & RISCV_SSTATUS_SPIE);
#endif
	mcontext_to_regs(&f.uc.uc_mcontext, r);
	/*
	 * sigreturn restores the mask of the ucontext. musl's SIGCANCEL
	 * handler adds SIGCANCEL to it to re-raise the signal later, which
	 * the send path here drops (see send_to()): it is not kept blocked.
	 */
	memcpy(&mask, &f.uc.uc_sigmask, sizeof(mask));
	pt->sigmask = mask & ~UNBLOCKABLE & ~SIG_BIT(SIGCANCEL);
}

/*
 * Interrupt return (ukplat_irq_set_return_hook): a thread interrupted in
 * the program's code (in no system call, interrupts on) with a signal
 * it does not block goes to its handler now.
 */
static void signal_return_hook(struct __regs *r)
{
	struct uk_thread *t = uk_thread_current();
	struct posix_siginfo info;
	struct posix_thread *pt;
	uint64_t ready;
	void (*h)(int);
	int sig;

	if (!t || t->syscall_depth || !IRQS_WERE_ON(r))
		return;
	pt = posix_find_uk(t);
	if (!pt || pt->tramp.busy)
		return;
	while ((ready = pending_of(pt) & ~pt->sigmask) != 0) {
		sig = __builtin_ctzll(ready) + 1;
		take_locked(pt, sig, &info);
		h = actions[sig].handler;
		if (h == SIG_IGN || (h == SIG_DFL && default_ignores(sig)))
			continue;
		if (!redirect(r, pt, sig, &info, 0))
			terminate(h == SIG_DFL ? sig : SIGSEGV); /* no room */
		/* the default action, from the thread, not the interrupt */
		pt->tramp.dfl = h == SIG_DFL;
		return;
	}
}

/*
 * A CPU exception in the program (ukarch_fault_hook_set): its handler
 * takes it if there is one and the signal is not blocked; otherwise (or
 * inside a system call: a kernel bug) the crash report, as Linux kills
 * a process whose fault signal is blocked or has the default action.
 */
static int signal_fault_hook(struct __regs *r, int sig, unsigned long addr)
{
	struct uk_thread *t = uk_thread_current();
	struct posix_thread *pt;
	struct posix_siginfo info = { .code = SI_KERNEL };
	void (*h)(int);

	if (!t || t->syscall_depth || sig < 1 || sig > NSIG_MAX)
		return 0;
	pt = posix_find_uk(t);
	h = actions[sig].handler;
	if (!pt || pt->tramp.busy || h == SIG_DFL || h == SIG_IGN ||
	    (pt->sigmask & SIG_BIT(sig)))
		return 0;
	if (sig == SIGSEGV)
		info.code = ukarch_page_get_prot(addr) < 0 ? SEGV_MAPERR :
			    SEGV_ACCERR;
	return redirect(r, pt, sig, &info, addr);
}

void posix_signal_deliver(void)
{
	struct posix_thread *pt = posix_self();
	struct posix_siginfo info;
	uint64_t ready;
	int sig;

	bool ran = false, norestart = false;

	while ((ready = pending_of(pt) & ~pt->sigmask) != 0) {
		sig = __builtin_ctzll(ready) + 1;
		/* an interrupt may post another signal meanwhile */
		take(pt, sig, &info);
		handle(pt, sig, &info, &ran, &norestart);
	}
	/* after the handlers' own system calls, which reset them */
	pt->sig_ran = ran;
	pt->sig_norestart = norestart;
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

/* Pending signals that end a wait: unblocked, and not ignored. */
static uint64_t wakes(struct posix_thread *pt)
{
	uint64_t r = pending_of(pt) & ~pt->sigmask, m = r;
	void (*h)(int);
	int sig;

	while (m) {
		sig = __builtin_ctzll(m) + 1;
		m &= m - 1;
		h = actions[sig].handler;
		if (h == SIG_IGN || (h == SIG_DFL && default_ignores(sig)))
			r &= ~SIG_BIT(sig);
	}
	return r;
}

/*
 * Wait with @mask as the thread's mask until a signal it does not block
 * (and does not ignore) comes; its handler runs before the old mask is
 * back, as Linux's sigsuspend does. Always -EINTR.
 */
static long suspend_with(struct posix_thread *pt, uint64_t mask)
{
	uint64_t old = pt->sigmask;
	unsigned long flags;

	pt->sigmask = mask & ~UNBLOCKABLE;
	flags = ukplat_lcpu_save_irqf();
	while (!wakes(pt))
		uk_thread_block_until(0);
	ukplat_lcpu_restore_irqf(flags);
	posix_signal_deliver();
	pt->sigmask = old;
	return -EINTR;
}

uint64_t uk_posix_sigmask_enter(uint64_t mask)
{
	struct posix_thread *pt = posix_self();
	uint64_t old = pt->sigmask;

	pt->sigmask = mask & ~UNBLOCKABLE;
	return old;
}

void uk_posix_sigmask_leave(uint64_t old, bool interrupted)
{
	struct posix_thread *pt = posix_self();

	if (interrupted)
		posix_signal_deliver();
	pt->sigmask = old;
}

UK_SYSCALL_DEFINE2(rt_sigsuspend, const uint64_t *, set, size_t, sigsetsize)
{
	uint64_t m;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uk_copy_from_user(&m, set, sizeof(m)))
		return -EFAULT;
	return suspend_with(posix_self(), m);
}

#ifdef SYS_pause
UK_SYSCALL_DEFINE0(pause)
{
	struct posix_thread *pt = posix_self();

	return suspend_with(pt, pt->sigmask);
}
#endif

/*
 * sigwaitinfo/sigtimedwait: take a pending signal of @set (normally
 * blocked) without running its action. -EAGAIN when @timeout passes,
 * -EINTR when another signal with a handler comes first.
 */
UK_SYSCALL_DEFINE4(rt_sigtimedwait, const uint64_t *, set, siginfo_t *, info,
		   const struct timespec *, timeout, size_t, sigsetsize)
{
	struct posix_thread *pt = posix_self();
	struct posix_siginfo pi;
	__nsec deadline = 0;
	struct timespec ts;
	unsigned long flags;
	uint64_t want, got;
	siginfo_t si;
	long rc;
	int sig;

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	if (uk_copy_from_user(&want, set, sizeof(want)))
		return -EFAULT;
	if (info && !uk_access_ok(info, sizeof(*info), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (timeout) {
		if (uk_copy_from_user(&ts, timeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (long)UKPLAT_NSEC_PER_SEC)
			return -EINVAL;
		deadline = ukplat_monotonic_clock() +
			   (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC +
			   (__nsec)ts.tv_nsec;
		if (!deadline)
			deadline = 1;
	}
	want &= ~UNBLOCKABLE;
	flags = ukplat_lcpu_save_irqf();
	pt->sigwait = want;	/* a process-directed signal may come here */
	for (;;) {
		got = pending_of(pt) & want;
		if (got) {
			sig = __builtin_ctzll(got) + 1;
			take_locked(pt, sig, &pi);
			rc = sig;
			break;
		}
		if (wakes(pt) & ~want) {
			rc = -EINTR;
			break;
		}
		if (timeout && (ukplat_monotonic_clock() >= deadline ||
				(!ts.tv_sec && !ts.tv_nsec))) {
			rc = -EAGAIN;
			break;
		}
		uk_thread_block_until(deadline);
	}
	pt->sigwait = 0;
	ukplat_lcpu_restore_irqf(flags);
	if (rc > 0 && info) {
		memset(&si, 0, sizeof(si));
		si.si_signo = (int)rc;
		fill_info(&si, &pi);
		*info = si;
	}
	return rc;
}

UK_SYSCALL_DEFINE2(rt_sigpending, uint64_t *, set, size_t, sigsetsize)
{
	struct posix_thread *pt = posix_self();

	if (sigsetsize != SIGSET_SIZE)
		return -EINVAL;
	uint64_t p = pending_of(pt) & pt->sigmask;	/* as Linux: the blocked */

	return uk_copy_to_user(set, &p, sizeof(p));
}

bool uk_posix_interrupted(void)
{
	struct posix_thread *pt;
	unsigned long flags = ukplat_lcpu_save_irqf();
	bool r = false;

	pt = posix_find_uk(uk_thread_current());
	if (pt)
		r = wakes(pt) || (pt->cp_cancel && *pt->cp_cancel);
	ukplat_lcpu_restore_irqf(flags);
	return r;
}

void uk_posix_cancel_point(volatile int *cancel)
{
	posix_self()->cp_cancel = cancel;
}

/* Send @sig to thread @pt of this process. */
static long send_to(struct posix_thread *pt, int sig,
		    const struct posix_siginfo *info)
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
	if (sig == SIGCANCEL && pt->uk == uk_thread_current())
		return 0;
	/* to itself: handled before this call returns (syscall exit hook) */
	return post(pt, sig, info);
}

/*
 * Send @sig to the process: to a thread that can take it (the caller
 * first), else pending on the process until one can.
 */
static long send_process(int sig, const struct posix_siginfo *info)
{
	struct posix_thread *self = posix_self(), *pt = self;
	unsigned long flags;
	int rc;

	if (check_sig(sig) && sig != 0)
		return -EINVAL;
	if (sig == 0)
		return 0;
	flags = ukplat_lcpu_save_irqf();
	if ((self->sigmask & SIG_BIT(sig)) && !(self->sigwait & SIG_BIT(sig)))
		pt = posix_find_taker(sig);
	if (pt) {
		ukplat_lcpu_restore_irqf(flags);
		return post(pt, sig, info);
	}
	rc = post_locked(NULL, sig, info);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

UK_SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	struct posix_siginfo info = { .code = SI_USER, .pid = UK_POSIX_PID };

	if (pid != UK_POSIX_PID && pid != 0 && pid != -1)
		return (pid < -1 || pid > 0) ? -ESRCH : -EINVAL;
	return send_process(sig, &info);
}

UK_SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig)
{
	struct posix_siginfo info = { .code = SI_TKILL, .pid = UK_POSIX_PID };

	if (tid <= 0)
		return -EINVAL;
	return send_to(posix_find(tid), sig, &info);
}

UK_SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	struct posix_siginfo info = { .code = SI_TKILL, .pid = UK_POSIX_PID };

	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	if (tgid != UK_POSIX_PID)
		return -ESRCH;
	return send_to(posix_find(tid), sig, &info);
}

/*
 * sigqueue() and pthread_sigqueue(): a signal with the program's siginfo
 * (si_code, si_pid, si_value; any code may be sent, since the sender is
 * the process itself, as Linux allows). A real-time signal queues one
 * instance per call; EAGAIN when SIGQUEUE_MAX instances are pending.
 */
static long queue_info(const siginfo_t *usi, struct posix_siginfo *info)
{
	siginfo_t si;

	if (uk_copy_from_user(&si, usi, sizeof(si)))
		return -EFAULT;
	memset(info, 0, sizeof(*info));
	info->code = si.si_code;
	info->pid = si.si_pid;
	memcpy(&info->value, &si.si_value, sizeof(si.si_value));
	return 0;
}

UK_SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, tgid, int, sig, siginfo_t *, usi)
{
	struct posix_siginfo info;
	long rc;

	if (tgid != UK_POSIX_PID)
		return tgid <= 0 ? -EINVAL : -ESRCH;
	rc = queue_info(usi, &info);
	if (rc < 0)
		return rc;
	return send_process(sig, &info);
}

UK_SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid, int, sig,
		   siginfo_t *, usi)
{
	struct posix_siginfo info;
	long rc;

	if (tid <= 0 || tgid <= 0)
		return -EINVAL;
	if (tgid != UK_POSIX_PID)
		return -ESRCH;
	rc = queue_info(usi, &info);
	if (rc < 0)
		return rc;
	return send_to(posix_find(tid), sig, &info);
}

/*
 * A signal from the kernel to the process (the interval timer, the
 * console's ^C): to the main thread, which gets it at its next system
 * call or interrupt, and is woken if it blocks. Any context, interrupts
 * included.
 */
void uk_posix_kill_process(int sig)
{
	struct posix_siginfo info = { .code = SI_KERNEL };
	struct posix_thread *pt;

	if (sig < 1 || sig > NSIG_MAX)
		return;
	pt = posix_find(UK_POSIX_PID);
	if (!pt)
		return;
	post(pt, sig, &info);
}

UK_SYSCALL_DEFINE2(sigaltstack, const stack_t *, ss, stack_t *, old)
{
	struct posix_thread *pt = posix_self();
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	bool on = on_altstack(pt, sp);
	stack_t n, o;
	int mode;

	o.ss_sp = (void *)pt->ss_sp;
	o.ss_size = pt->ss_size;
	o.ss_flags = !pt->ss_size ? SS_DISABLE :
		     (on ? SS_ONSTACK : 0) | pt->ss_flags;
	if (old && !uk_access_ok(old, sizeof(*old), UKARCH_PROT_WRITE))
		return -EFAULT;
	if (ss) {
		if (uk_copy_from_user(&n, ss, sizeof(n)))
			return -EFAULT;
		if (on)
			return -EPERM;
		mode = n.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			pt->ss_sp = 0;
			pt->ss_size = 0;
			pt->ss_flags = 0;
		} else {
			if (n.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			if (!n.ss_sp ||
			    (unsigned long)n.ss_sp + n.ss_size <
			    (unsigned long)n.ss_sp)
				return -EINVAL;
			pt->ss_sp = (unsigned long)n.ss_sp;
			pt->ss_size = n.ss_size;
			pt->ss_flags = n.ss_flags & SS_AUTODISARM;
		}
	}
	if (old)
		*old = o;
	return 0;
}

/*
 * ITIMER_REAL: one timer of the scheduler's timer interrupt, so that its
 * SIGALRM reaches a program that computes without system calls.
 */
static struct uk_sched_timer itimer;
static __nsec itimer_due, itimer_interval;

static void itimer_fire(struct uk_sched_timer *t, __nsec now)
{
	uk_posix_kill_process(SIGALRM);
	if (itimer_interval) {
		itimer_due += itimer_interval;
		if (itimer_due <= now)
			itimer_due = now + itimer_interval;
		uk_sched_timer_set(t, itimer_due);
	} else {
		itimer_due = 0;
	}
}

static __nsec tv_ns(const struct timeval *tv)
{
	return (__nsec)tv->tv_sec * UKPLAT_NSEC_PER_SEC +
	       (__nsec)tv->tv_usec * UKPLAT_NSEC_PER_USEC;
}

static void ns_tv(__nsec ns, struct timeval *tv)
{
	/* a timer still armed never reads as 0: round up to a microsecond */
	ns = (ns + UKPLAT_NSEC_PER_USEC - 1) / UKPLAT_NSEC_PER_USEC;
	tv->tv_sec = ns / 1000000;
	tv->tv_usec = ns % 1000000;
}

static void itimer_get(struct itimerval *cur)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec now = ukplat_monotonic_clock();
	__nsec due = itimer_due;

	ns_tv(itimer_interval, &cur->it_interval);
	ns_tv(due > now ? due - now : (due ? 1 : 0), &cur->it_value);
	ukplat_lcpu_restore_irqf(flags);
}

static bool tv_ok(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000 &&
	       tv->tv_sec < (time_t)(UINT64_MAX / 2 / UKPLAT_NSEC_PER_SEC);
}

/* ITIMER_VIRTUAL and ITIMER_PROF (CPU time) are not provided: -EINVAL */
UK_SYSCALL_DEFINE2(getitimer, int, which, struct itimerval *, cur)
{
	struct itimerval v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	itimer_get(&v);
	return uk_copy_to_user(cur, &v, sizeof(v));
}

UK_SYSCALL_DEFINE3(setitimer, int, which, const struct itimerval *, nv,
		   struct itimerval *, ov)
{
	struct itimerval n, o;
	unsigned long flags;
	__nsec now;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!nv || uk_copy_from_user(&n, nv, sizeof(n)))
		return -EFAULT;
	if (!tv_ok(&n.it_value) || !tv_ok(&n.it_interval))
		return -EINVAL;
	if (ov && !uk_access_ok(ov, sizeof(*ov), UKARCH_PROT_WRITE))
		return -EFAULT;
	itimer_get(&o);
	itimer.fn = itimer_fire;
	flags = ukplat_lcpu_save_irqf();
	now = ukplat_monotonic_clock();
	itimer_interval = tv_ns(&n.it_interval);
	itimer_due = tv_ns(&n.it_value) ? now + tv_ns(&n.it_value) : 0;
	uk_sched_timer_set(&itimer, itimer_due);
	ukplat_lcpu_restore_irqf(flags);
	if (ov)
		*ov = o;
	return 0;
}

#ifdef SYS_alarm
UK_SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct itimerval n = { .it_value.tv_sec = seconds }, o;

	__uk_sys_setitimer(ITIMER_REAL, &n, &o);
	/* Linux rounds what was left to the nearest second, never to 0 */
	return o.it_value.tv_sec + (o.it_value.tv_usec >= 500000 ||
				    (!o.it_value.tv_sec && o.it_value.tv_usec));
}
#endif

static void signal_exit_hook(void)
{
	struct posix_thread *pt;

	/* a system call made by kernel code: its caller delivers */
	if (uk_thread_current() && uk_thread_current()->syscall_depth)
		return;
	/* cheap test first: most calls find nothing pending */
	pt = posix_self();
	pt->sig_ran = false;
	pt->sig_norestart = false;
	if (pending_of(pt) & ~pt->sigmask)
		posix_signal_deliver();
}

/*
 * SA_RESTART: a call that a signal interrupted (-EINTR) runs again when
 * every handler that ran wants it and the call is one Linux restarts:
 * reads, writes, ioctl, socket I/O, accept, wait4, futex waits, opens.
 * Never sleeps, poll/select/epoll, sigsuspend/sigtimedwait, SysV IPC
 * (Linux returns EINTR for them whatever the flag), nor a cancellation
 * point whose thread was cancelled (musl must see the EINTR).
 */
static bool signal_restart_hook(long nr)
{
	struct posix_thread *pt;

	if (uk_thread_current() && uk_thread_current()->syscall_depth)
		return false;
	pt = posix_self();
	if (!pt->sig_ran || pt->sig_norestart ||
	    (pt->cp_cancel && *pt->cp_cancel))
		return false;
	switch (nr) {
	case SYS_read: case SYS_readv: case SYS_pread64: case SYS_preadv:
	case SYS_write: case SYS_writev: case SYS_pwrite64:
	case SYS_pwritev: case SYS_ioctl: case SYS_recvfrom:
	case SYS_recvmsg: case SYS_sendto: case SYS_sendmsg:
	case SYS_accept: case SYS_accept4: case SYS_wait4: case SYS_futex:
	case SYS_openat:
		return true;
	default:
		return false;
	}
}

static int signal_init(void)
{
	uk_syscall_set_exit_hook(signal_exit_hook);
	uk_syscall_set_restart_hook(signal_restart_hook);
	ukplat_irq_set_return_hook(signal_return_hook);
	ukarch_fault_hook_set(signal_fault_hook);
	return 0;
}
uk_lib_initcall(signal_init, NULL);
