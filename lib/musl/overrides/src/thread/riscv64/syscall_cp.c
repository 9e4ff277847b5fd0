/*
 * Kast: cancellable system calls without assembly. A pending cancellation
 * is acted on before the call; cancellation is never asynchronous here
 * (signals to other threads are delivered at their next system call), so
 * the __cp_* markers only need to exist.
 */
#include "pthread_impl.h"
#include "syscall.h"

hidden long __cancel(void);
hidden const char __cp_begin[1], __cp_end[1];

hidden long __cp_cancel(void)
{
	return __cancel();
}

hidden long __syscall_cp_asm(volatile int *cancel, syscall_arg_t nr,
			     syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,
			     syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	if (*cancel)
		return __cancel();
	return __syscall6(nr, u, v, w, x, y, z);
}
