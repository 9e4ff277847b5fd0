/*
 * Kast: cancellable system calls without assembly. A pending cancellation
 * is acted on before the call; during it, the kernel knows the thread's
 * cancel flag (uk_posix_cancel_point), so that pthread_cancel() wakes a
 * blocked call, which returns -EINTR for __syscall_cp() to act on. The
 * __cp_* markers only need to exist (no signal interrupts at an address).
 */
#include "pthread_impl.h"
#include "syscall.h"

hidden long __cancel(void);
/* lib/posix-process */
void uk_posix_cancel_point(volatile int *cancel) __attribute__((__weak__));
hidden const char __cp_begin[1], __cp_end[1];

hidden long __cp_cancel(void)
{
	return __cancel();
}

hidden long __syscall_cp_asm(volatile int *cancel, syscall_arg_t nr,
			     syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,
			     syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	long r;

	if (*cancel)
		return __cancel();
	/* the kernel wakes a blocked call when the thread is cancelled:
	 * it returns -EINTR and __syscall_cp() acts on the flag */
	if (uk_posix_cancel_point)
		uk_posix_cancel_point(cancel);
	r = __syscall6(nr, u, v, w, x, y, z);
	if (uk_posix_cancel_point)
		uk_posix_cancel_point(0);
	return r;
}
