/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Waiting for readiness. Rather than wait queues per file, one generation
 * counter counts readiness changes anywhere (uk_vfs_poll_notify()); a
 * poller reads it, checks its files, and sleeps only while it has not
 * moved, so no change between the check and the sleep is lost. Files
 * whose changes nobody notifies (the console: no input interrupt) make
 * the poller re-check every VFS_POLL_TICK_NS.
 */
#include <uk/wait.h>
#include "vfs_impl.h"

/* Re-check interval for UK_VNODE_POLL_TIMER files: fast enough to feel
 * interactive, slow enough to cost nothing. */
#define VFS_POLL_TICK_NS	(10 * UKPLAT_NSEC_PER_MSEC)

static struct uk_waitq poll_wq = UK_WAITQ_INITIALIZER(poll_wq);
static unsigned long poll_generation;

void uk_vfs_poll_notify(void)
{
	__atomic_add_fetch(&poll_generation, 1, __ATOMIC_ACQ_REL);
	uk_waitq_wake_all(&poll_wq);
}

unsigned long vfs_poll_gen(void)
{
	return __atomic_load_n(&poll_generation, __ATOMIC_ACQUIRE);
}

void vfs_poll_wait(unsigned long gen, uint64_t deadline, bool timer)
{
	uint64_t tick;

	if (timer) {
		tick = uk_deadline_after(VFS_POLL_TICK_NS);
		if (!deadline || tick < deadline)
			deadline = tick;
	}
	(void)uk_waitq_wait_event_deadline(&poll_wq, vfs_poll_gen() != gen,
					   deadline);
}

int vfs_poll_files(struct vfs_pollent *e, unsigned int n, int64_t timeout_ns)
{
	uint64_t deadline = 0;
	unsigned long gen;
	unsigned int i, ev;
	int ready;
	bool timer;

	if (timeout_ns > 0)
		deadline = uk_deadline_after((uint64_t)timeout_ns);
	for (;;) {
		gen = vfs_poll_gen();
		ready = 0;
		timer = false;
		for (i = 0; i < n; i++) {
			if (!e[i].f) {
				ready += e[i].revents != 0;
				continue;
			}
			ev = uk_file_poll(e[i].f);
			e[i].revents = ev & (e[i].events | POLLERR | POLLHUP |
					     POLLNVAL);
			ready += e[i].revents != 0;
			if (e[i].f->vn->flags & UK_VNODE_POLL_TIMER)
				timer = true;
		}
		if (ready || timeout_ns == 0)
			return ready;
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return 0;
		vfs_poll_wait(gen, deadline, timer);
	}
}
