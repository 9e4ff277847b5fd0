/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/uksched: shared by sched.c and thread.c. */
#ifndef __UKSCHED_INTERNAL_H__
#define __UKSCHED_INTERNAL_H__

#include <uk/sched.h>

/* Switch to the thread the backend picks; interrupts disabled. */
void uksched_switch(struct uk_sched *s);

/* Arm the timer for the earliest sleeper or the slice end. */
void uksched_timer_arm(struct uk_sched *s);

/* Queue blocked @t to be woken at @deadline. */
void uksched_sleeper_add(struct uk_sched *s, struct uk_thread *t,
			 __nsec deadline);

/* Make blocked @t runnable (off the sleep queue, into the backend). */
void uksched_make_runnable(struct uk_sched *s, struct uk_thread *t);

/* Free the exited detached threads; interrupts disabled. */
void uksched_reap(struct uk_sched *s);

/* Turn the calling boot context into @s's current and idle thread. */
int uksched_adopt_boot(struct uk_sched *s);

#endif
