/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Futexes. One CPU: the value check and the enqueue happen with interrupts
 * off, so a wake between them cannot be lost.
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
	uk_list_add_tail(&w.link, &waiters);
	while (!w.woken) {
		if (uk_posix_interrupted && uk_posix_interrupted()) {
			uk_list_del(&w.link);
			rc = -EINTR;
			break;
		}
		if (uk_thread_block_until(deadline) == -ETIMEDOUT &&
		    !w.woken) {
			uk_list_del(&w.link);
			rc = -ETIMEDOUT;
			break;
		}
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
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
	default:
		return -ENOSYS;
	}
}
