/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spinlocks: an atomic test-and-set word, ready for several CPUs. Holding
 * one disables preemption (a preempted holder would make the others spin
 * forever on one CPU); the _irqsave forms also disable interrupts, for
 * data shared with interrupt handlers. Never block while holding one.
 */
#ifndef __UK_SPINLOCK_H__
#define __UK_SPINLOCK_H__

#include <uk/essentials.h>
#include <uk/sched.h>
#include <uk/arch/ctx.h>
#include <uk/plat/lcpu.h>

struct uk_spinlock {
	unsigned int locked;
};

#define UK_SPINLOCK_INITIALIZER	{ .locked = 0 }

static inline void uk_spin_init(struct uk_spinlock *l)
{
	l->locked = 0;
}

/* Take @l, spinning while another CPU holds it. */
static inline void uk_spin_lock(struct uk_spinlock *l)
{
	uk_preempt_disable();
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		/* wait with plain reads: no cache line ping-pong */
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			ukarch_spinwait();
	}
}

/* Take @l if it is free: 1 when taken, 0 when held elsewhere. */
static inline int uk_spin_trylock(struct uk_spinlock *l)
{
	uk_preempt_disable();
	if (!__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		return 1;
	uk_preempt_enable();
	return 0;
}

/* Release @l. */
static inline void uk_spin_unlock(struct uk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	uk_preempt_enable();
}

/* True while someone holds @l (a hint: it may change at once). */
static inline bool uk_spin_is_locked(struct uk_spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

/* Disable interrupts, then take @l; returns the interrupt state. */
static inline unsigned long uk_spin_lock_irqsave(struct uk_spinlock *l)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_spin_lock(l);
	return flags;
}

/* Release @l and restore the interrupt state @flags. */
static inline void uk_spin_unlock_irqrestore(struct uk_spinlock *l,
					     unsigned long flags)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	/* interrupts first, so that a pending preemption can happen now */
	ukplat_lcpu_restore_irqf(flags);
	uk_preempt_enable();
}

#endif /* __UK_SPINLOCK_H__ */
