/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Waiting for readiness. Rather than wait queues per file, one generation
 * counter counts readiness changes anywhere (uk_vfs_poll_notify()); a
 * poller reads it, checks its files, and sleeps only while it has not
 * moved, so no change between the check and the sleep is lost. Files
 * whose changes nobody notifies (the console: no input interrupt) make
 * the poller re-check every VFS_POLL_TICK_NS.
 *
 * Watches (epoll) hang on the vnode and are called on each of its
 * notifications, under one recursive watch lock: a watch callback may
 * notify another vnode (an epoll watched by an epoll), and the lock
 * orders a file's last close against callbacks on it.
 */
#include <uk/wait.h>
#include "vfs_impl.h"

/* Re-check interval for UK_VNODE_POLL_TIMER files: fast enough to feel
 * interactive, slow enough to cost nothing. */
#define VFS_POLL_TICK_NS	(10 * UKPLAT_NSEC_PER_MSEC)

static struct uk_waitq poll_wq = UK_WAITQ_INITIALIZER(poll_wq);
static unsigned long poll_generation;

static struct uk_mutex watch_lock =
	UK_MUTEX_INITIALIZER(watch_lock, UK_MUTEX_RECURSIVE);

void uk_vfs_poll_notify(void)
{
	__atomic_add_fetch(&poll_generation, 1, __ATOMIC_ACQ_REL);
	uk_waitq_wake_all(&poll_wq);
}

void uk_vfs_watch_lock(void)
{
	uk_mutex_lock(&watch_lock);
}

void uk_vfs_watch_unlock(void)
{
	uk_mutex_unlock(&watch_lock);
}

void uk_vnode_poll_notify(struct uk_vnode *vn)
{
	struct uk_poll_watch *w, *tmp;

	if (!uk_list_empty(&vn->watches)) {
		uk_vfs_watch_lock();
		uk_list_for_each_entry_safe(w, tmp, &vn->watches, link)
			w->changed(w);
		uk_vfs_watch_unlock();
	}
	uk_vfs_poll_notify();
}

void uk_vfs_watch_add(struct uk_poll_watch *w, struct uk_file *f)
{
	UK_ASSERT(w->changed && w->gone);
	uk_vfs_watch_lock();
	w->f = f;
	uk_list_add_tail(&w->link, &f->vn->watches);
	uk_vfs_watch_unlock();
}

void uk_vfs_watch_del(struct uk_poll_watch *w)
{
	uk_vfs_watch_lock();
	if (w->f) {
		uk_list_del(&w->link);
		w->f = NULL;
	}
	uk_vfs_watch_unlock();
}

void vfs_watch_file_gone(struct uk_file *f)
{
	struct uk_poll_watch *w, *tmp;

	if (uk_list_empty(&f->vn->watches))
		return;
	uk_vfs_watch_lock();
	uk_list_for_each_entry_safe(w, tmp, &f->vn->watches, link) {
		if (w->f != f)
			continue;
		uk_list_del(&w->link);
		w->f = NULL;
		w->gone(w);
	}
	uk_vfs_watch_unlock();
}

unsigned long uk_vfs_poll_gen(void)
{
	return __atomic_load_n(&poll_generation, __ATOMIC_ACQUIRE);
}

/* posix-process, when there: a signal or cancellation ends a wait */
bool uk_posix_interrupted(void) __weak;

int uk_vfs_poll_wait(unsigned long gen, uint64_t deadline, bool timer)
{
	uint64_t tick;

	if (timer) {
		tick = uk_deadline_after(VFS_POLL_TICK_NS);
		if (!deadline || tick < deadline)
			deadline = tick;
	}
	return uk_waitq_wait_event_deadline_intr(&poll_wq,
						 uk_vfs_poll_gen() != gen,
						 deadline,
						 uk_posix_interrupted) ==
	       -EINTR ? -EINTR : 0;
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
		gen = uk_vfs_poll_gen();
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
		if (uk_vfs_poll_wait(gen, deadline, timer) == -EINTR)
			return -EINTR;	/* as Linux: poll and select */
	}
}
