/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system call layer. musl's system calls are direct function calls to
 * uk_syscall() (no trap instruction): lib/musl replaces musl's
 * syscall_arch.h so that __syscallN(n, ...) calls it. There is one table
 * of providers, filled by registration: each library that owns a resource
 * defines the calls on it with UK_SYSCALL_DEFINEn(sc, type, arg, ...),
 * which puts an entry { SYS_<sc>, "<sc>", raw function } into the
 * uk_syscalls table. A number no provider claims returns -ENOSYS (printed
 * once per call with CONFIG_LIBSYSCALL_SHIM_WARN_ENOSYS; every call is
 * printed with its arguments and result with CONFIG_LIBSYSCALL_SHIM_TRACE).
 *
 * Providers return a value >= 0 or a negative errno, like the Linux
 * kernel; musl turns that into errno. Argument types are those of the
 * Linux system call (fd: int, pointers, size_t, ...). Pointers and sizes
 * coming from the program must be checked with uk_access_ok() (or the
 * copy helpers below) before use: bad ones give -EFAULT, never a crash.
 *
 * Numbers are the Linux ones of the target architecture (SYS_* from
 * musl's <sys/syscall.h>); two providers for one number fail the boot.
 */
#ifndef __UK_SYSCALL_H__
#define __UK_SYSCALL_H__

#include <uk/essentials.h>
#include <uk/tables.h>
#include <sys/syscall.h>
#include <uk/arch/paging.h>

typedef long (*uk_syscall_fn_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	const char *name;
	uk_syscall_fn_t fn;
};

UK_TABLE_DECLARE(uk_syscalls, struct uk_syscall_entry);

/* Dispatch system call @nr; -ENOSYS when nothing provides it. */
long uk_syscall(long nr, long a0, long a1, long a2, long a3, long a4,
		long a5);

/* Name of system call @nr, NULL when the target has no such call. */
const char *uk_syscall_name(long nr);

/*
 * Call @fn (may be NULL) after every system call, in the calling thread
 * (lib/posix-process delivers pending signals there). Returns the old one.
 */
void *uk_syscall_set_exit_hook(void (*fn)(void));

/*
 * Asked after the exit hook when call @nr failed with -EINTR: true makes
 * the dispatcher run the call again with the same arguments (SA_RESTART:
 * lib/posix-process says whether the handlers that ran ask for it).
 */
void uk_syscall_set_restart_hook(bool (*fn)(long nr));

/*
 * True when [@p, @p + @len) is mapped with at least @prot
 * (UKARCH_PROT_READ / UKARCH_PROT_WRITE) and does not wrap. @len 0 is
 * always fine (any pointer).
 */
bool uk_access_ok(const void *p, size_t len, int prot);

/* Length of the NUL-terminated string at @s, at most @max; -EFAULT when
 * it is not readable, -ENAMETOOLONG when no NUL within @max bytes. */
long uk_strnlen_user(const char *s, size_t max);

/* Copy from/to program memory: 0 or -EFAULT (nothing copied). */
int uk_copy_from_user(void *dst, const void *src, size_t len);
int uk_copy_to_user(void *dst, const void *src, size_t len);

/*
 * The name is only ever pasted (## or #), never expanded: musl's headers
 * define macros such as prlimit64 -> prlimit.
 */
#define __UK_SYSCALL_ENTRY(ent_, nr_, str_, raw_)			\
	static const struct uk_syscall_entry ent_			\
		UK_TABLE_ENTRY(uk_syscalls) = {				\
		.nr = nr_, .name = str_, .fn = raw_ }

/* Cast a raw register argument to the declared type. */
#define __UK_SC_CAST(t, x) ((t)(x))

#define UK_SYSCALL_DEFINE0(sc)					\
	static long __uk_sys_##sc(void);				\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc();				\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(void)

#define UK_SYSCALL_DEFINE1(sc, t1, a1)				\
	static long __uk_sys_##sc(t1 a1);				\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1)

#define UK_SYSCALL_DEFINE2(sc, t1, a1, t2, a2)			\
	static long __uk_sys_##sc(t1 a1, t2 a2);			\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1),		\
				       __UK_SC_CAST(t2, x2));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1, t2 a2)

#define UK_SYSCALL_DEFINE3(sc, t1, a1, t2, a2, t3, a3)		\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3);		\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1),		\
				       __UK_SC_CAST(t2, x2),		\
				       __UK_SC_CAST(t3, x3));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3)

#define UK_SYSCALL_DEFINE4(sc, t1, a1, t2, a2, t3, a3, t4, a4)	\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4);	\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1),		\
				       __UK_SC_CAST(t2, x2),		\
				       __UK_SC_CAST(t3, x3),		\
				       __UK_SC_CAST(t4, x4));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4)

#define UK_SYSCALL_DEFINE5(sc, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);	\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1),		\
				       __UK_SC_CAST(t2, x2),		\
				       __UK_SC_CAST(t3, x3),		\
				       __UK_SC_CAST(t4, x4),		\
				       __UK_SC_CAST(t5, x5));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#define UK_SYSCALL_DEFINE6(sc, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, \
			   t6, a6)					\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,	\
				    t6 a6);				\
	static long __uk_sysraw_##sc(long x1, long x2, long x3,	\
				       long x4, long x5, long x6)	\
	{								\
		return __uk_sys_##sc(__UK_SC_CAST(t1, x1),		\
				       __UK_SC_CAST(t2, x2),		\
				       __UK_SC_CAST(t3, x3),		\
				       __UK_SC_CAST(t4, x4),		\
				       __UK_SC_CAST(t5, x5),		\
				       __UK_SC_CAST(t6, x6));		\
	}								\
	__UK_SYSCALL_ENTRY(__uk_sysent_##sc, SYS_##sc, #sc,	\
			   __uk_sysraw_##sc);					\
	static long __uk_sys_##sc(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5,	\
				    t6 a6)

#endif /* __UK_SYSCALL_H__ */
