/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif's stand-in for lib/uksched's uk/thread.h: thread creation is
 * recorded (fuzz_netif.c runs the glue's receive loop itself), yielding
 * does nothing.
 */
#ifndef __UK_THREAD_H__
#define __UK_THREAD_H__

#include <stdbool.h>
#include <stddef.h>

#define UK_THREAD_NAME_MAX	32
#define UK_THREAD_PRIO_DEFAULT	16

struct uk_thread;

struct uk_thread_attr {
	const char *name;
	size_t stack_size;
	int prio;
	bool detached;
};

#define UK_THREAD_ATTR_INIT						\
	{ .name = NULL, .stack_size = 0, .prio = UK_THREAD_PRIO_DEFAULT, \
	  .detached = false }

int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  void *(*fn)(void *), void *arg);

static inline void uk_sched_yield(void)
{
}

#endif /* __UK_THREAD_H__ */
