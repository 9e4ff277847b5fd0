/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * epoll over every kind of descriptor. An epoll instance is an anonymous
 * vnode with an interest list of items, each a readiness watch
 * (uk_poll_watch) on one open file. A notification of the file's vnode
 * puts the item on the instance's ready list and wakes its waiters;
 * epoll_wait takes the ready list, asks each file for its events
 * (uk_file_poll), reports those asked for, and keeps level-triggered
 * items on the list (they are checked again next time) while
 * edge-triggered ones wait for the next notification and EPOLLONESHOT
 * ones are disarmed until EPOLL_CTL_MOD. Nothing is polled in a loop:
 * only files whose readiness is not notified (the console) are re-checked
 * every few milliseconds, as poll does.
 *
 * Locking: the instance's mutex serializes its interest list (ctl,
 * wait, close); the ready list and the items' state change under the
 * vfs watch lock, which the watch callbacks run under. An item does not
 * keep its file open: the file's last close removes it (the "gone"
 * callback marks it dead; it is freed under the mutex).
 */
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <time.h>
#include <uk/wait.h>
#include "sys_impl.h"

#define EP_TICK_NS	(10 * UKPLAT_NSEC_PER_MSEC)	/* as poll.c */
/* Nesting of epoll instances (Linux's EP_MAX_NESTS). */
#define EP_MAX_NESTS	4
/* Events always reported; the flags that are not events. */
#define EP_ALWAYS	(EPOLLERR | EPOLLHUP)
#define EP_FLAGS	(EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)
#define NSEC_PER_MSEC	1000000LL

struct ep_item;

struct ep {
	struct uk_mutex lock;		/* items, and waiting in collect */
	struct uk_list_head items;	/* struct ep_item.link */
	struct uk_list_head ready;	/* struct ep_item.rlink (watch lock) */
	struct uk_waitq wq;		/* epoll_wait sleepers */
	unsigned int ntimer;		/* items on UK_VNODE_POLL_TIMER files */
	struct uk_vnode *vn;		/* this instance's own vnode */
};

struct ep_item {
	struct uk_poll_watch w;
	struct ep *ep;
	struct uk_list_head link;	/* ep->items */
	struct uk_list_head rlink;	/* ep->ready while queued */
	bool queued;			/* on ep->ready */
	bool armed;			/* false after EPOLLONESHOT fired */
	bool timer;			/* the file is UK_VNODE_POLL_TIMER */
	int fd;
	struct uk_file *f;		/* NULL once the file is gone */
	uint32_t events;		/* asked for, with EPOLLET etc. */
	uint64_t data;
};

static const struct uk_vnops ep_ops;

static bool is_epoll(const struct uk_file *f)
{
	return f->vn->ops == &ep_ops;
}

/* Queue @it on its instance's ready list (watch lock held). */
static void ep_queue(struct ep_item *it)
{
	if (!it->queued && it->armed && it->f) {
		uk_list_add_tail(&it->rlink, &it->ep->ready);
		it->queued = true;
	}
}

static void ep_unqueue(struct ep_item *it)
{
	if (it->queued) {
		uk_list_del(&it->rlink);
		it->queued = false;
	}
}

static void ep_changed(struct uk_poll_watch *w)
{
	struct ep_item *it = __containerof(w, struct ep_item, w);

	ep_queue(it);
	uk_waitq_wake_all(&it->ep->wq);
	/* an epoll that watches this one */
	uk_vnode_poll_notify(it->ep->vn);
}

static void ep_gone(struct uk_poll_watch *w)
{
	struct ep_item *it = __containerof(w, struct ep_item, w);

	ep_unqueue(it);
	it->f = NULL;
}

/*
 * Take a reference to @f unless its last one is being dropped (then the
 * item is about to be marked gone). Called with the watch lock held.
 */
static bool file_tryhold(struct uk_file *f)
{
	unsigned long r = __atomic_load_n(&f->refs, __ATOMIC_RELAXED);

	while (r) {
		if (__atomic_compare_exchange_n(&f->refs, &r, r + 1, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

/* Events of @it's file that it asks for; 0 if the file is gone. */
static uint32_t ep_item_poll(struct ep_item *it)
{
	struct uk_file *f;
	uint32_t ev;

	uk_vfs_watch_lock();
	f = it->f && file_tryhold(it->f) ? it->f : NULL;
	uk_vfs_watch_unlock();
	if (!f)
		return 0;
	ev = uk_file_poll(f) & ((it->events & ~EP_FLAGS) | EP_ALWAYS);
	uk_file_release(f);
	return ev;
}

struct ep_out {
	uint32_t events;
	uint64_t data;
};

/*
 * Report up to @max ready items into @out (ep->lock held): how many.
 * Level-triggered items that reported go back to the end of the list.
 * The list is taken at once; items are then looked at one by one with
 * the watch lock dropped around uk_file_poll() (notifications may come
 * meanwhile and queue items again: they are looked at next time).
 */
static int ep_collect(struct ep *ep, struct ep_out *out, int max)
{
	struct uk_list_head todo;
	struct ep_item *it;
	uint32_t ev;
	int n = 0;

	uk_list_init(&todo);
	uk_vfs_watch_lock();
	while (!uk_list_empty(&ep->ready)) {
		it = uk_list_first_entry(&ep->ready, struct ep_item, rlink);
		uk_list_del(&it->rlink);
		uk_list_add_tail(&it->rlink, &todo);
	}
	while (n < max && !uk_list_empty(&todo)) {
		it = uk_list_first_entry(&todo, struct ep_item, rlink);
		uk_list_del(&it->rlink);
		it->queued = false;
		uk_vfs_watch_unlock();
		ev = ep_item_poll(it);
		uk_vfs_watch_lock();
		if (!ev || !it->armed || !it->f)
			continue;
		out[n].events = ev;
		out[n++].data = it->data;
		if (it->events & EPOLLONESHOT)
			it->armed = false;
		else if (!(it->events & EPOLLET))
			ep_queue(it);
	}
	/* not looked at (out is full): still queued, for next time */
	while (!uk_list_empty(&todo)) {
		it = uk_list_first_entry(&todo, struct ep_item, rlink);
		uk_list_del(&it->rlink);
		uk_list_add_tail(&it->rlink, &ep->ready);
	}
	uk_vfs_watch_unlock();
	return n;
}

/* Queue every item whose file nobody notifies (the console). */
static void ep_queue_timer_items(struct ep *ep)
{
	struct ep_item *it;

	uk_vfs_watch_lock();
	uk_list_for_each_entry(it, &ep->items, link)
		if (it->timer)
			ep_queue(it);
	uk_vfs_watch_unlock();
}

static bool ep_has_ready(struct ep *ep)
{
	return !uk_list_empty(&ep->ready);
}

/* posix-process, when there: a signal or cancellation ends a wait */
bool uk_posix_interrupted(void) __weak;

/* Until something is ready, @deadline, or a signal (-EINTR). */
static int ep_wait_intr(struct ep *ep, uint64_t deadline)
{
	return uk_waitq_wait_event_deadline_intr(&ep->wq, ep_has_ready(ep),
						 deadline,
						 uk_posix_interrupted) ==
	       -EINTR ? -EINTR : 0;
}

/*
 * Wait for up to @max events for at most @timeout_ns (< 0: no limit).
 */
static int ep_wait(struct ep *ep, struct ep_out *out, int max,
		   int64_t timeout_ns)
{
	uint64_t deadline = 0, wake;
	int n;

	if (timeout_ns > 0)
		deadline = uk_deadline_after((uint64_t)timeout_ns);
	for (;;) {
		uk_mutex_lock(&ep->lock);
		if (ep->ntimer)
			ep_queue_timer_items(ep);
		n = ep_collect(ep, out, max);
		wake = ep->ntimer ? uk_deadline_after(EP_TICK_NS) : 0;
		uk_mutex_unlock(&ep->lock);
		if (n || timeout_ns == 0)
			return n;
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return 0;
		if (!wake || (deadline && deadline < wake))
			wake = deadline;
		if (ep_wait_intr(ep, wake) == -EINTR)
			return -EINTR;	/* a signal, as on Linux */
	}
}

static struct ep_item *ep_find(struct ep *ep, int fd, struct uk_file *f)
{
	struct ep_item *it;

	uk_list_for_each_entry(it, &ep->items, link)
		if (it->fd == fd && it->f == f)
			return it;
	return NULL;
}

/* Serializes adding epoll instances to epoll instances (loop checks). */
static struct uk_mutex ep_nest_lock = UK_MUTEX_INITIALIZER(ep_nest_lock, 0);

/*
 * Adding @ep (at nesting @depth) under @target: -ELOOP if @target is
 * @ep or below it, -EINVAL when the nesting gets deeper than Linux's.
 * Called with ep_nest_lock held; takes each instance's lock in turn.
 */
static int ep_check_nest(struct ep *ep, struct ep *target, int depth)
{
	struct ep_item *it;
	int rc = 0;

	if (ep == target)
		return -ELOOP;
	if (depth > EP_MAX_NESTS)
		return -EINVAL;
	uk_mutex_lock(&ep->lock);
	uk_list_for_each_entry(it, &ep->items, link) {
		if (!it->f || !is_epoll(it->f))
			continue;
		rc = ep_check_nest(it->f->vn->priv, target, depth + 1);
		if (rc < 0)
			break;
	}
	uk_mutex_unlock(&ep->lock);
	return rc;
}

static void ep_item_free(struct ep *ep, struct ep_item *it)
{
	uk_vfs_watch_del(&it->w);
	uk_vfs_watch_lock();
	ep_unqueue(it);
	uk_vfs_watch_unlock();
	if (it->timer)
		ep->ntimer--;
	uk_list_del(&it->link);
	vfs_free(it);
}

/* Items whose file is gone cost nothing but memory: drop them here. */
static void ep_reap(struct ep *ep)
{
	struct ep_item *it, *tmp;

	uk_list_for_each_entry_safe(it, tmp, &ep->items, link)
		if (!it->f)
			ep_item_free(ep, it);
}

static void ep_arm(struct ep_item *it, uint32_t events, uint64_t data)
{
	uk_vfs_watch_lock();
	it->events = events;
	it->data = data;
	it->armed = true;
	ep_queue(it);	/* check it at the next wait */
	uk_vfs_watch_unlock();
	uk_waitq_wake_all(&it->ep->wq);
}

static int ep_add(struct ep *ep, int fd, struct uk_file *f, uint32_t events,
		  uint64_t data)
{
	struct ep_item *it;
	int rc;

	if (ep_find(ep, fd, f))
		return -EEXIST;
	if (is_epoll(f)) {
		rc = ep_check_nest(f->vn->priv, ep, 1);
		if (rc < 0)
			return rc;
	}
	it = vfs_calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->fd = fd;
	it->f = f;
	it->timer = f->vn->flags & UK_VNODE_POLL_TIMER;
	it->w.changed = ep_changed;
	it->w.gone = ep_gone;
	uk_list_add_tail(&it->link, &ep->items);
	if (it->timer)
		ep->ntimer++;
	uk_vfs_watch_add(&it->w, f);
	ep_arm(it, events, data);
	return 0;
}

static int ep_ctl(struct ep *ep, int op, int fd, struct uk_file *f,
		  const struct epoll_event *ev)
{
	bool nest = op == EPOLL_CTL_ADD && is_epoll(f);
	struct ep_item *it;
	int rc = 0;

	if (nest)
		uk_mutex_lock(&ep_nest_lock);
	uk_mutex_lock(&ep->lock);
	ep_reap(ep);
	it = ep_find(ep, fd, f);
	switch (op) {
	case EPOLL_CTL_ADD:
		rc = ep_add(ep, fd, f, ev->events, ev->data.u64);
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			rc = -ENOENT;
		else if ((ev->events | it->events) & EPOLLEXCLUSIVE)
			rc = -EINVAL;
		else
			ep_arm(it, ev->events, ev->data.u64);
		break;
	case EPOLL_CTL_DEL:
		if (it)
			ep_item_free(ep, it);
		else
			rc = -ENOENT;
		break;
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&ep->lock);
	if (nest)
		uk_mutex_unlock(&ep_nest_lock);
	return rc;
}

/* The instance's vnode ------------------------------------------------ */

static unsigned int ep_poll(struct uk_vnode *vn, struct uk_file *f)
{
	struct ep *ep = vn->priv;
	struct ep_item *it;
	unsigned int rev = 0;

	uk_mutex_lock(&ep->lock);
	if (ep->ntimer)
		ep_queue_timer_items(ep);
	/* ready only if some queued item really has events */
	uk_list_for_each_entry(it, &ep->items, link) {
		if (it->queued && ep_item_poll(it)) {
			rev = POLLIN | POLLRDNORM;
			break;
		}
	}
	uk_mutex_unlock(&ep->lock);
	return rev;
}

static void ep_inactive(struct uk_vnode *vn)
{
	struct ep *ep = vn->priv;
	struct ep_item *it, *tmp;

	uk_list_for_each_entry_safe(it, tmp, &ep->items, link)
		ep_item_free(ep, it);
	vfs_free(ep);
	vn->priv = NULL;
}

static const struct uk_vnops ep_ops = {
	.poll = ep_poll,
	.inactive = ep_inactive,
};

static int ep_create(int flags)
{
	struct uk_vnode *vn;
	struct uk_file *f;
	struct ep *ep;
	int rc;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = vfs_calloc(1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	uk_mutex_init(&ep->lock);
	uk_list_init(&ep->items);
	uk_list_init(&ep->ready);
	uk_waitq_init(&ep->wq);
	/* no file type, as Linux's anonymous inodes */
	rc = uk_vnode_new_anon(&ep_ops, 0, UK_VNODE_STREAM, ep, &vn);
	if (rc < 0) {
		vfs_free(ep);
		return rc;
	}
	ep->vn = vn;
	rc = uk_file_new(vn, O_RDWR, &f);
	uk_vnode_release(vn);	/* the file holds it; inactive frees ep */
	if (rc < 0)
		return rc;
	rc = uk_fd_install(f, 0, flags & EPOLL_CLOEXEC);
	uk_file_release(f);
	return rc;
}

/* System calls ------------------------------------------------------------ */

UK_SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	return ep_create(flags);
}

#ifdef SYS_epoll_create
UK_SYSCALL_DEFINE1(epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return ep_create(0);
}
#endif

UK_SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd,
		   struct epoll_event *, uev)
{
	struct uk_file *epf, *f = NULL;
	struct epoll_event ev = { 0 };
	long rc;

	if (op != EPOLL_CTL_DEL &&
	    uk_copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	epf = uk_fd_get(epfd);
	if (!epf)
		return -EBADF;
	f = uk_fd_get(fd);
	if (!f) {
		rc = -EBADF;
		goto out;
	}
	rc = -EINVAL;
	if (!is_epoll(epf) || f == epf)
		goto out;
	/* regular files and directories are always ready: Linux refuses */
	rc = -EPERM;
	if (f->vn->type == S_IFREG)
		goto out;
	if (f->vn->type == S_IFDIR)
		goto out;
	rc = -EINVAL;
	if ((ev.events & EPOLLEXCLUSIVE) &&
	    (op != EPOLL_CTL_ADD || is_epoll(f) ||
	     (ev.events & ~(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP |
			    EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE))))
		goto out;
	rc = ep_ctl(epf->vn->priv, op, fd, f, &ev);
out:
	uk_file_release(f);
	uk_file_release(epf);
	return rc;
}

/* Wait on @epfd and copy what is ready to the program's @uev. */
static long do_epoll_wait(int epfd, struct epoll_event *uev, int max,
			  int64_t timeout_ns)
{
	struct epoll_event kev;
	struct uk_file *f;
	struct ep_out *out;
	long rc;
	int i;

	if (max <= 0 || max > INT32_MAX / (int)sizeof(*uev))
		return -EINVAL;
	if (!sys_writable(uev, (size_t)max * sizeof(*uev)))
		return -EFAULT;
	f = uk_fd_get(epfd);
	if (!f)
		return -EBADF;
	rc = -EINVAL;
	if (!is_epoll(f))
		goto out;
	/* at most a page of results at once, like one Linux batch */
	if (max > 256)
		max = 256;
	out = vfs_calloc((size_t)max, sizeof(*out));
	rc = -ENOMEM;
	if (!out)
		goto out;
	rc = ep_wait(f->vn->priv, out, max, timeout_ns);
	for (i = 0; i < rc; i++) {
		kev.events = out[i].events;
		kev.data.u64 = out[i].data;
		memcpy(&uev[i], &kev, sizeof(kev));
	}
	vfs_free(out);
out:
	uk_file_release(f);
	return rc;
}

UK_SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event *, ev,
		   int, max, int, timeout, const void *, sigmask,
		   size_t, sigsetsize)
{
	struct sys_sigmask m;
	long rc;

	rc = sys_sigmask_enter(&m, sigmask, sigsetsize);
	if (rc < 0)
		return rc;
	return sys_sigmask_leave(&m, do_epoll_wait(epfd, ev, max, timeout < 0 ?
			-1 : (int64_t)timeout * NSEC_PER_MSEC));
}

UK_SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event *, ev,
		   int, max, const struct timespec *, uts,
		   const void *, sigmask, size_t, sigsetsize)
{
	struct sys_sigmask m;
	struct timespec ts;
	int64_t ns = -1;
	long rc;

	if (uts) {
		if (uk_copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		if (ts.tv_sec < INT64_MAX / 1000000000LL)
			ns = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	rc = sys_sigmask_enter(&m, sigmask, sigsetsize);
	if (rc < 0)
		return rc;
	return sys_sigmask_leave(&m, do_epoll_wait(epfd, ev, max, ns));
}

#ifdef SYS_epoll_wait
UK_SYSCALL_DEFINE4(epoll_wait, int, epfd, struct epoll_event *, ev,
		   int, max, int, timeout)
{
	return do_epoll_wait(epfd, ev, max, timeout < 0 ? -1 :
			     (int64_t)timeout * NSEC_PER_MSEC);
}
#endif
