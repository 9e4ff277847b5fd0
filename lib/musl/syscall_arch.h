/*
 * Kast: system calls are direct function calls into the kernel's syscall
 * table (lib/syscall_shim), not trap instructions. This file replaces
 * musl's arch/<arch>/syscall_arch.h when Kast builds musl.
 */
#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

long uk_syscall(long, long, long, long, long, long, long);

static inline long __syscall0(long n)
{
	return uk_syscall(n, 0, 0, 0, 0, 0, 0);
}

static inline long __syscall1(long n, long a)
{
	return uk_syscall(n, a, 0, 0, 0, 0, 0);
}

static inline long __syscall2(long n, long a, long b)
{
	return uk_syscall(n, a, b, 0, 0, 0, 0);
}

static inline long __syscall3(long n, long a, long b, long c)
{
	return uk_syscall(n, a, b, c, 0, 0, 0);
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	return uk_syscall(n, a, b, c, d, 0, 0);
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return uk_syscall(n, a, b, c, d, e, 0);
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e,
			      long f)
{
	return uk_syscall(n, a, b, c, d, e, f);
}

/* No vDSO: clock_gettime() is already a plain call. */
#define IPC_64 0
