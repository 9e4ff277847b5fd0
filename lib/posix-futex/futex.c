/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Futexes. One CPU: the value check and the enqueue happen with interrupts
 * off, so a wake between them cannot be lost.
 *
 * Priority-inheritance futexes (FUTEX_LOCK_PI, _UNLOCK_PI, _TRYLOCK_PI;
 * pthread mutexes with PTHREAD_PRIO_INHERIT) follow Linux's protocol: the
 * word holds the owner's thread id, FUTEX_WAITERS when threads wait, and
 * FUTEX_OWNER_DIED when an owner went away. LOCK_PI takes a free or
 * orphaned lock, else waits (and a waiter of higher priority lifts the
 * owner to its own priority until the owner unlocks: one level, no
 * chains). UNLOCK_PI hands the lock to the longest waiter, which wakes up
 * owning it. Thread ids come from posix-process.
 */
#include <errno.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/syscall.h>
#include <uk/futex.h>
#include <uk/arch/paging.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

/* Linux ABI of futex(2) (musl has no <linux/futex.h>) */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffU
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define PI_BOOSTS		16

struct futex_waiter {
	uint32_t *addr;
	uint32_t bitset;
	struct uk_thread *thread;
	bool woken;
	struct uk_list_head link;
};

static UK_LIST_HEAD(waiters);

/* Wake up to @n waiters on @addr matching @bitset; interrupts off. */
static int wake_locked(uint32_t *addr, int n, uint32_t bitset)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	uk_list_for_each_entry_safe(w, tmp, &waiters, link) {
		if (woken >= n)
			break;
		if (w->addr != addr || !(w->bitset & bitset))
			continue;
		uk_list_del(&w->link);
		w->woken = true;
		uk_thread_wake(w->thread);
		woken++;
	}
	return woken;
}

int uk_futex_wake(uint32_t *addr, int n)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int woken = wake_locked(addr, n, FUTEX_BITSET_MATCH_ANY);

	ukplat_lcpu_restore_irqf(flags);
	return woken;
}

/* posix-process: a signal or a cancellation interrupts a wait (-EINTR) */
bool uk_posix_interrupted(void) __weak;

/*
 * Queue @w and block (interrupts off, as the caller holds them) until it
 * is woken (0), @deadline passes (-ETIMEDOUT) or a signal or cancellation
 * interrupts it (-EINTR); a waiter not woken leaves the queue.
 */
static long wait_queued(struct futex_waiter *w, __nsec deadline)
{
	uk_list_add_tail(&w->link, &waiters);
	while (!w->woken) {
		if (uk_posix_interrupted && uk_posix_interrupted()) {
			uk_list_del(&w->link);
			return -EINTR;
		}
		if (uk_thread_block_until(deadline) == -ETIMEDOUT &&
		    !w->woken) {
			uk_list_del(&w->link);
			return -ETIMEDOUT;
		}
	}
	return 0;
}

static long futex_wait(uint32_t *addr, uint32_t val, __nsec deadline,
		       uint32_t bitset)
{
	struct futex_waiter w = {
		.addr = addr, .bitset = bitset,
		.thread = uk_thread_current(), .woken = false,
	};
	unsigned long flags;
	long rc = 0;

	flags = ukplat_lcpu_save_irqf();
	if (*(volatile uint32_t *)addr != val) {
		ukplat_lcpu_restore_irqf(flags);
		return -EAGAIN;
	}
	rc = wait_queued(&w, deadline);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/* posix-process: thread ids */
pid_t uk_posix_gettid(void) __weak;
struct uk_thread *uk_posix_thread_of(pid_t tid) __weak;
pid_t uk_posix_tid_of(struct uk_thread *t) __weak;

/* Owners lifted to a waiter's priority, and the priority to restore. */
static struct {
	struct uk_thread *t;
	int base;
} boosts[PI_BOOSTS];

static void pi_boost(struct uk_thread *owner, int prio)
{
	int i, free_slot = -1;

	if (!owner || owner->prio >= prio)
		return;
	for (i = 0; i < PI_BOOSTS; i++) {
		if (boosts[i].t == owner)
			break;
		if (!boosts[i].t && free_slot < 0)
			free_slot = i;
	}
	if (i == PI_BOOSTS) {
		if (free_slot < 0)
			return;		/* no room: no boost, still correct */
		boosts[free_slot].t = owner;
		boosts[free_slot].base = owner->prio;
	}
	uk_thread_set_prio(owner, prio);
}

static void pi_unboost(struct uk_thread *t)
{
	int i;

	for (i = 0; i < PI_BOOSTS; i++)
		if (boosts[i].t == t) {
			boosts[i].t = NULL;
			uk_thread_set_prio(t, boosts[i].base);
		}
}

/* Take @addr for @tid if it is free or its owner is gone (irqs off). */
static bool pi_take(uint32_t *addr, uint32_t tid)
{
	uint32_t v = *(volatile uint32_t *)addr;
	uint32_t owner = v & FUTEX_TID_MASK;

	if (!owner) {
		*addr = tid | (v & FUTEX_WAITERS);
		return true;
	}
	if (!uk_posix_thread_of((pid_t)owner)) {
		*addr = tid | FUTEX_OWNER_DIED | (v & FUTEX_WAITERS);
		return true;
	}
	return false;
}

static long futex_lock_pi(uint32_t *addr, __nsec deadline, bool trylock)
{
	struct futex_waiter w = {
		.addr = addr, .bitset = FUTEX_BITSET_MATCH_ANY,
		.thread = uk_thread_current(), .woken = false,
	};
	uint32_t tid;
	unsigned long flags;
	long rc = 0;

	if (!uk_posix_gettid || !uk_posix_thread_of)
		return -ENOSYS;
	if (!uk_access_ok(addr, sizeof(*addr), UKARCH_PROT_WRITE))
		return -EFAULT;
	tid = (uint32_t)uk_posix_gettid();
	flags = ukplat_lcpu_save_irqf();
	if ((*(volatile uint32_t *)addr & FUTEX_TID_MASK) == tid) {
		ukplat_lcpu_restore_irqf(flags);
		return -EDEADLK;
	}
	if (pi_take(addr, tid) || trylock) {
		rc = (*(volatile uint32_t *)addr & FUTEX_TID_MASK) == tid ?
		     0 : -EAGAIN;
		ukplat_lcpu_restore_irqf(flags);
		return rc;
	}
	*addr |= FUTEX_WAITERS;
	pi_boost(uk_posix_thread_of((pid_t)(*addr & FUTEX_TID_MASK)),
		 w.thread->prio);
	/* the unlocker hands the lock over: woken means owning it */
	rc = wait_queued(&w, deadline);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

static long futex_unlock_pi(uint32_t *addr)
{
	struct futex_waiter *w, *next = NULL;
	unsigned long flags;
	uint32_t tid;
	bool more = false;

	if (!uk_posix_gettid)
		return -ENOSYS;
	if (!uk_access_ok(addr, sizeof(*addr), UKARCH_PROT_WRITE))
		return -EFAULT;
	tid = (uint32_t)uk_posix_gettid();
	flags = ukplat_lcpu_save_irqf();
	if ((*(volatile uint32_t *)addr & FUTEX_TID_MASK) != tid) {
		ukplat_lcpu_restore_irqf(flags);
		return -EPERM;
	}
	uk_list_for_each_entry(w, &waiters, link) {
		if (w->addr != addr)
			continue;
		if (!next)
			next = w;
		else
			more = true;
	}
	pi_unboost(uk_thread_current());
	if (next) {
		struct uk_thread *t = next->thread;
		pid_t ntid = 0;

		/* the waiter's id: posix-process knows it by thread */
		if (uk_posix_tid_of)
			ntid = uk_posix_tid_of(t);
		*addr = (uint32_t)ntid | (more ? FUTEX_WAITERS : 0);
		uk_list_del(&next->link);
		next->woken = true;
		uk_thread_wake(t);
	} else {
		*addr = 0;
	}
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

/* Move up to @n waiters of @from to @to; interrupts off. */
static int requeue_locked(uint32_t *from, uint32_t *to, int n)
{
	struct futex_waiter *w;
	int moved = 0;

	uk_list_for_each_entry(w, &waiters, link) {
		if (moved >= n)
			break;
		if (w->addr == from) {
			w->addr = to;
			moved++;
		}
	}
	return moved;
}

/* Deadline on the monotonic clock for @ts, relative or absolute. */
static long to_deadline(const struct timespec *uts, bool absolute,
			bool realtime, __nsec *deadline)
{
	struct timespec ts;
	__nsec t, now;

	*deadline = 0;
	if (!uts)
		return 0;
	if (uk_copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	t = (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec;
	now = ukplat_monotonic_clock();
	if (!absolute) {
		*deadline = now + t;
	} else if (realtime) {
		__nsec wall = ukplat_wall_clock();

		*deadline = t > wall ? now + (t - wall) : now;
	} else {
		*deadline = t;
	}
	if (!*deadline)
		*deadline = 1;	/* 0 means "no deadline" to uksched */
	return 0;
}

UK_SYSCALL_DEFINE6(futex, uint32_t *, addr, int, op, uint32_t, val,
		   const struct timespec *, timeout, uint32_t *, addr2,
		   uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	unsigned long flags;
	__nsec deadline;
	long rc;
	int n;

	if ((uintptr_t)addr % sizeof(uint32_t))
		return -EINVAL;
	if (!uk_access_ok(addr, sizeof(*addr), UKARCH_PROT_READ))
		return -EFAULT;
	switch (cmd) {
	case FUTEX_WAIT:
		if (realtime)
			return -ENOSYS;	/* as Linux: only with WAIT_BITSET */
		rc = to_deadline(timeout, false, false, &deadline);
		return rc ?: futex_wait(addr, val, deadline,
					FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		rc = to_deadline(timeout, true, realtime, &deadline);
		return rc ?: futex_wait(addr, val, deadline, val3);
	case FUTEX_WAKE:
		return uk_futex_wake(addr, (int)UK_MIN(val, (uint32_t)INT32_MAX));
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		flags = ukplat_lcpu_save_irqf();
		n = wake_locked(addr, (int)UK_MIN(val, (uint32_t)INT32_MAX),
				val3);
		ukplat_lcpu_restore_irqf(flags);
		return n;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* the timeout argument carries val2: how many to move */
		if ((uintptr_t)addr2 % sizeof(uint32_t))
			return -EINVAL;
		if (!uk_access_ok(addr2, sizeof(*addr2), UKARCH_PROT_READ))
			return -EFAULT;
		if ((int)val < 0 || (long)timeout < 0)
			return -EINVAL;
		flags = ukplat_lcpu_save_irqf();
		if (cmd == FUTEX_CMP_REQUEUE &&
		    *(volatile uint32_t *)addr != val3) {
			ukplat_lcpu_restore_irqf(flags);
			return -EAGAIN;
		}
		n = wake_locked(addr, (int)val, FUTEX_BITSET_MATCH_ANY);
		n += requeue_locked(addr, addr2,
				    (int)UK_MIN((unsigned long)timeout,
						(unsigned long)INT32_MAX));
		ukplat_lcpu_restore_irqf(flags);
		return n;
	case FUTEX_LOCK_PI:
		/* the timeout is absolute on CLOCK_REALTIME, as Linux */
		rc = to_deadline(timeout, true, true, &deadline);
		return rc ?: futex_lock_pi(addr, deadline, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(addr, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(addr);
	default:
		return -ENOSYS;
	}
}
