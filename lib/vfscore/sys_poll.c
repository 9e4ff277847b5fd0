/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * poll, ppoll, select, pselect6 over vfs_poll_files(). The signal masks
 * of ppoll and pselect6 (and epoll_pwait's) are the thread's mask for the
 * duration of the wait (sys_sigmask_enter()).
 */
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>
#include "sys_impl.h"

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL
#define KERNEL_SIGSET	8	/* bytes of the kernel's sigset_t */

/* lib/posix-process, when there */
uint64_t uk_posix_sigmask_enter(uint64_t mask) __weak;
void uk_posix_sigmask_leave(uint64_t old, bool interrupted) __weak;

long sys_sigmask_enter(struct sys_sigmask *m, const void *umask, size_t size)
{
	uint64_t mask;

	m->set = false;
	if (!umask)
		return 0;
	if (size != KERNEL_SIGSET)
		return -EINVAL;
	if (uk_copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	if (uk_posix_sigmask_enter) {
		m->old = uk_posix_sigmask_enter(mask);
		m->set = true;
	}
	return 0;
}

long sys_sigmask_leave(struct sys_sigmask *m, long rc)
{
	if (m->set)
		uk_posix_sigmask_leave(m->old, rc == -EINTR);
	return rc;
}

/* Poll @n entries of the program's array @ufds for at most @timeout ns. */
static long do_poll(struct pollfd *ufds, unsigned long n, int64_t timeout)
{
	struct vfs_pollent *e;
	struct pollfd *p;
	unsigned long i;
	long rc;

	if (n > (unsigned long)UK_FD_MAX)
		return -EINVAL;
	if (!sys_writable(ufds, n * sizeof(*ufds)))
		return -EFAULT;
	e = vfs_calloc(n ? n : 1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		p = &ufds[i];
		if (p->fd < 0)
			continue;
		e[i].f = uk_fd_get(p->fd);
		if (!e[i].f)
			e[i].revents = POLLNVAL;
		e[i].events = (uint16_t)p->events;
	}
	rc = vfs_poll_files(e, (unsigned int)n, timeout);
	for (i = 0; i < n; i++) {
		ufds[i].revents = (short)e[i].revents;
		uk_file_release(e[i].f);
	}
	vfs_free(e);
	return rc;
}

static long timespec_ns(const struct timespec *uts, int64_t *ns)
{
	struct timespec ts;

	if (!uts) {
		*ns = -1;
		return 0;
	}
	if (uk_copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec >= INT64_MAX / NSEC_PER_SEC)
		*ns = -1;	/* beyond any deadline: forever */
	else
		*ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

#ifdef SYS_poll
UK_SYSCALL_DEFINE3(poll, struct pollfd *, fds, unsigned long, nfds,
		   int, timeout)
{
	return do_poll(fds, nfds,
		       timeout < 0 ? -1 : (int64_t)timeout * NSEC_PER_MSEC);
}
#endif

UK_SYSCALL_DEFINE5(ppoll, struct pollfd *, fds, unsigned long, nfds,
		   const struct timespec *, tsp, const void *, sigmask,
		   size_t, sigsetsize)
{
	struct sys_sigmask m;
	int64_t ns;
	long rc;

	rc = timespec_ns(tsp, &ns);
	if (rc < 0)
		return rc;
	rc = sys_sigmask_enter(&m, sigmask, sigsetsize);
	if (rc < 0)
		return rc;
	return sys_sigmask_leave(&m, do_poll(fds, nfds, ns));
}

/* select ----------------------------------------------------------------- */

#define LBITS	(8 * sizeof(unsigned long))

static bool fdset_has(const unsigned long *s, int fd)
{
	return s && (s[fd / LBITS] >> (fd % LBITS)) & 1;
}

static void fdset_set(unsigned long *s, int fd)
{
	s[fd / LBITS] |= 1UL << (fd % LBITS);
}

/*
 * select on the program's sets @r, @w, @x (each NULL or nfds bits,
 * rounded up to longs as the kernel reads them).
 */
static long do_select(int nfds, unsigned long *r, unsigned long *w,
		      unsigned long *x, int64_t timeout)
{
	unsigned long *in = NULL, *out;
	unsigned long *sets[3] = { r, w, x };
	struct vfs_pollent *e = NULL;
	size_t words, bytes;
	int fd, n = 0, i, k;
	long rc;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > UK_FD_MAX)
		nfds = UK_FD_MAX;
	words = ((size_t)nfds + LBITS - 1) / LBITS;
	bytes = words * sizeof(unsigned long);
	for (k = 0; k < 3; k++)
		if (sets[k] && !sys_writable(sets[k], bytes))
			return -EFAULT;
	/* kernel copies: 3 input sets, then 3 output sets */
	in = vfs_calloc(6 * (words ? words : 1), sizeof(unsigned long));
	if (!in)
		return -ENOMEM;
	out = in + 3 * words;
	for (k = 0; k < 3; k++)
		if (sets[k])
			memcpy(in + k * words, sets[k], bytes);
	for (fd = 0; fd < nfds; fd++)
		for (k = 0; k < 3; k++)
			if (fdset_has(in + k * words, fd)) {
				n++;
				break;
			}
	e = vfs_calloc(n ? (size_t)n : 1, sizeof(*e));
	if (!e) {
		rc = -ENOMEM;
		goto out;
	}
	for (fd = 0, i = 0; fd < nfds; fd++) {
		unsigned int ev = 0;

		if (fdset_has(in, fd))
			ev |= POLLIN | POLLRDNORM | POLLHUP | POLLERR;
		if (fdset_has(in + words, fd))
			ev |= POLLOUT | POLLWRNORM | POLLERR;
		if (fdset_has(in + 2 * words, fd))
			ev |= POLLPRI;
		if (!ev)
			continue;
		e[i].f = uk_fd_get(fd);
		if (!e[i].f) {
			rc = -EBADF;
			goto out;
		}
		e[i++].events = ev;
	}
	rc = vfs_poll_files(e, (unsigned int)n, timeout);
	if (rc < 0)
		goto out;
	rc = 0;
	for (fd = 0, i = 0; fd < nfds; fd++) {
		unsigned int rev;

		if (!fdset_has(in, fd) && !fdset_has(in + words, fd) &&
		    !fdset_has(in + 2 * words, fd))
			continue;
		rev = e[i++].revents;
		if (fdset_has(in, fd) &&
		    (rev & (POLLIN | POLLRDNORM | POLLHUP | POLLERR))) {
			fdset_set(out, fd);
			rc++;
		}
		if (fdset_has(in + words, fd) &&
		    (rev & (POLLOUT | POLLWRNORM | POLLERR))) {
			fdset_set(out + words, fd);
			rc++;
		}
		if (fdset_has(in + 2 * words, fd) && (rev & POLLPRI)) {
			fdset_set(out + 2 * words, fd);
			rc++;
		}
	}
	for (k = 0; k < 3; k++)
		if (sets[k])
			memcpy(sets[k], out + k * words, bytes);
out:
	if (e)
		for (i = 0; i < n; i++)
			uk_file_release(e[i].f);
	vfs_free(e);
	vfs_free(in);
	return rc;
}

#ifdef SYS_select
UK_SYSCALL_DEFINE5(select, int, nfds, unsigned long *, r, unsigned long *, w,
		   unsigned long *, x, struct timeval *, utv)
{
	struct timeval tv;
	int64_t ns = -1;

	if (utv) {
		if (uk_copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		if (tv.tv_sec < INT64_MAX / NSEC_PER_SEC)
			ns = tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000;
	}
	return do_select(nfds, r, w, x, ns);
}
#endif

/* pselect6's sixth argument: the signal mask and its size */
struct pselect_sig {
	const void *ss;
	size_t ss_len;
};

UK_SYSCALL_DEFINE6(pselect6, int, nfds, unsigned long *, r,
		   unsigned long *, w, unsigned long *, x,
		   const struct timespec *, tsp, const struct pselect_sig *,
		   sig)
{
	struct pselect_sig s = { NULL, 0 };
	struct sys_sigmask m;
	int64_t ns;
	long rc;

	if (sig && uk_copy_from_user(&s, sig, sizeof(s)))
		return -EFAULT;
	rc = timespec_ns(tsp, &ns);
	if (rc < 0)
		return rc;
	rc = sys_sigmask_enter(&m, s.ss, s.ss_len);
	if (rc < 0)
		return rc;
	return sys_sigmask_leave(&m, do_select(nfds, r, w, x, ns));
}
