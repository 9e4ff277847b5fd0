/*
 * Kast: clock_gettime() calls the kernel's clocks directly
 * (uk_posix_clock_gettime() of lib/posix-time, when the image has it),
 * as Linux's vDSO answers it without entering the kernel: no system call
 * dispatch, no signal check on the way out, and the program's own
 * struct timespec is written in place (a bad pointer faults in the
 * program, as with the vDSO). Servers read the clock several times per
 * request (redis: 2.5 calls per GET), so the system call layer was most
 * of what the kernel did for them. Without lib/posix-time it is the
 * system call, as in musl's own version (64-bit only: no time32 path).
 */
#include <time.h>
#include <errno.h>
#include "syscall.h"

int uk_posix_clock_gettime(clockid_t clk, struct timespec *ts)
	__attribute__((__weak__));

int __clock_gettime(clockid_t clk, struct timespec *ts)
{
	int r;

	if (uk_posix_clock_gettime) {
		r = uk_posix_clock_gettime(clk, ts);
		if (r != -ENOSYS)
			return __syscall_ret(r);
	}
	r = __syscall(SYS_clock_gettime, clk, ts);
	return __syscall_ret(r);
}

weak_alias(__clock_gettime, clock_gettime);
