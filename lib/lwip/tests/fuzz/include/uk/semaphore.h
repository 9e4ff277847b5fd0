/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif's stand-in for lib/uklock's uk/semaphore.h: one thread, so a
 * wait that would block is a bug (abort), and a timed wait with nothing
 * to take times out at once.
 */
#ifndef __UK_SEMAPHORE_H__
#define __UK_SEMAPHORE_H__

#include <stdint.h>
#include <stdlib.h>

struct uk_semaphore {
	long count;
};

static inline void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->count = count;
}

static inline void uk_semaphore_up(struct uk_semaphore *s)
{
	s->count++;
}

static inline void uk_semaphore_down(struct uk_semaphore *s)
{
	if (s->count <= 0)
		abort();	/* would sleep forever: nobody else runs */
	s->count--;
}

static inline int uk_semaphore_down_timeout(struct uk_semaphore *s,
					    uint64_t ns)
{
	(void)ns;
	if (s->count <= 0)
		return -1;
	s->count--;
	return 0;
}

#endif /* __UK_SEMAPHORE_H__ */
