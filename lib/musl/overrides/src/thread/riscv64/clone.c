/*
 * Kast: threads are uksched threads created by lib/posix-process; musl's
 * pthread_create() arrives here with the same contract as Linux clone():
 * the child runs func(arg) on @stack with the thread pointer @tls.
 */
#include <stdarg.h>
#include <sys/types.h>
#include "pthread_impl.h"

int uk_posix_clone(int (*func)(void *), void *stack, int flags, void *arg,
		   pid_t *ptid, void *tls, pid_t *ctid);

int __clone(int (*func)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	pid_t *ptid, *ctid;
	void *tls;

	va_start(ap, arg);
	ptid = va_arg(ap, pid_t *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, pid_t *);
	va_end(ap);
	return uk_posix_clone(func, stack, flags, arg, ptid, tls, ctid);
}
