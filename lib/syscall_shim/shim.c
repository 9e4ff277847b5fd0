/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system call dispatcher: an array indexed by call number, filled at
 * boot from the uk_syscalls registration table. musl calls uk_syscall()
 * directly (see lib/musl/overrides/arch/<arch>/syscall_arch.h).
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/syscall.h>
#include <uk/libparam.h>
#include <uk/plat/bootstrap.h>
#if CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif

/* Above the largest Linux number on x86_64 and riscv64 (~450). */
#define NR_MAX 512

UK_TABLE_DEFINE(uk_syscalls, struct uk_syscall_entry);

static uk_syscall_fn_t handlers[NR_MAX];
static bool table_ready;

#define X(n) [SYS_##n] = #n,
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const char *const names[NR_MAX] = {
#include "names.h"
};
#pragma GCC diagnostic pop
#undef X

#if CONFIG_LIBSYSCALL_SHIM_WARN_ENOSYS
static unsigned long warned[NR_MAX / (8 * sizeof(unsigned long))];
#endif

#if CONFIG_LIBSYSCALL_SHIM_TRACE
static bool trace = true;
#else
static bool trace;
#endif
UK_LIB_PARAM(trace, bool);

static uk_syscall_fn_t exit_hook_fn;
static bool (*restart_hook_fn)(long nr);

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || nr >= NR_MAX)
		return NULL;
	return names[nr];
}

/* Run @fn after every system call (signal delivery); returns the old one. */
void *uk_syscall_set_exit_hook(void (*fn)(void))
{
	void *old = (void *)exit_hook_fn;

	exit_hook_fn = (uk_syscall_fn_t)(void *)fn;
	return old;
}

void uk_syscall_set_restart_hook(bool (*fn)(long nr))
{
	restart_hook_fn = fn;
}

static int syscall_table_init(void)
{
	const struct uk_syscall_entry *e;

	uk_table_foreach(e, uk_syscalls) {
		if (e->nr < 0 || e->nr >= NR_MAX) {
			uk_pr_crit("syscall: %s has number %ld, out of range\n",
				   e->name, e->nr);
			return -EINVAL;
		}
		if (handlers[e->nr]) {
			uk_pr_crit("syscall: two providers for %s (%ld)\n",
				   e->name, e->nr);
			return -EEXIST;
		}
		handlers[e->nr] = e->fn;
	}
	table_ready = true;
	return 0;
}
uk_early_initcall(syscall_table_init, NULL);

static void trace_call(long nr, long a0, long a1, long a2, long a3, long a4,
		       long a5, long ret)
{
	const char *n = uk_syscall_name(nr);

	if (n)
		uk_printf("[trace] %s(", n);
	else
		uk_printf("[trace] syscall_%ld(", nr);
	uk_printf("%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n",
		  a0, a1, a2, a3, a4, a5, ret);
}

long uk_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	uk_syscall_fn_t fn = NULL;
	long ret;
#if CONFIG_LIBUKSCHED
	/* an asynchronous signal waits until the call is over */
	struct uk_thread *self = uk_thread_current();

	if (self)
		self->syscall_depth++;
#endif

	UK_ASSERT(table_ready);
	if (nr >= 0 && nr < NR_MAX)
		fn = handlers[nr];
again:
	if (likely(fn)) {
		ret = fn(a0, a1, a2, a3, a4, a5);
	} else {
		ret = -ENOSYS;
#if CONFIG_LIBSYSCALL_SHIM_WARN_ENOSYS
		if (nr >= 0 && nr < NR_MAX) {
			unsigned long bit = 1UL << (nr % (8 * sizeof(long)));
			unsigned long *w = &warned[nr / (8 * sizeof(long))];

			if (!(*w & bit)) {
				*w |= bit;
				uk_pr_warn("syscall: %s (%ld) is not provided: -ENOSYS\n",
					   names[nr] ? names[nr] : "?", nr);
			}
		} else {
			uk_pr_warn("syscall: number %ld does not exist: -ENOSYS\n",
				   nr);
		}
#endif
	}
	if (unlikely(trace))
		trace_call(nr, a0, a1, a2, a3, a4, a5, ret);
#if CONFIG_LIBUKSCHED
	if (self)
		self->syscall_depth--;
#endif
	if (exit_hook_fn)
		((void (*)(void))(void *)exit_hook_fn)();
	if (unlikely(ret == -EINTR) && restart_hook_fn && restart_hook_fn(nr)) {
#if CONFIG_LIBUKSCHED
		if (self)
			self->syscall_depth++;
#endif
		goto again;
	}
	return ret;
}
