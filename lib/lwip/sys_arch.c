/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating system layer (lwip/sys.h) on uksched and uklock; the
 * types are in include/arch/sys_arch.h. Timeouts are in milliseconds,
 * 0 meaning "wait forever", as lwIP defines them.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "lwip/opt.h"
#include "lwip/sys.h"

#define NSEC_PER_MSEC	1000000ULL

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(ukplat_monotonic_clock() / NSEC_PER_MSEC);
}

/* lwIP's heap (MEM_LIBC_MALLOC): the kernel's default allocator. */
void *lwip_uk_malloc(size_t size)
{
	return uk_malloc(uk_alloc_get_default(), size);
}

void *lwip_uk_calloc(size_t n, size_t size)
{
	return uk_calloc(uk_alloc_get_default(), n, size);
}

void lwip_uk_free(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

/*
 * Down @s for at most @timeout ms (0: forever): the milliseconds waited,
 * or SYS_ARCH_TIMEOUT.
 */
static u32_t sem_down_ms(struct uk_semaphore *s, u32_t timeout)
{
	__nsec start = ukplat_monotonic_clock();
	u32_t waited;

	if (!timeout) {
		uk_semaphore_down(s);
	} else if (uk_semaphore_down_timeout(s, timeout * NSEC_PER_MSEC)) {
		return SYS_ARCH_TIMEOUT;
	}
	waited = (u32_t)((ukplat_monotonic_clock() - start) / NSEC_PER_MSEC);
	return waited < SYS_ARCH_TIMEOUT ? waited : SYS_ARCH_TIMEOUT - 1;
}

/* Semaphores ------------------------------------------------------------- */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	uk_semaphore_init(&sem->sem, count);
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	UK_ASSERT(uk_waitq_empty(&sem->sem.wq));
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	uk_semaphore_up(&sem->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	return sem_down_ms(&sem->sem, timeout);
}

/* Mutexes ---------------------------------------------------------------- */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	uk_mutex_init(&mutex->mtx);
	mutex->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	uk_mutex_lock(&mutex->mtx);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	uk_mutex_unlock(&mutex->mtx);
}

/* Mailboxes -------------------------------------------------------------- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	UK_ASSERT(size > 0);
	mbox->msgs = uk_calloc(uk_alloc_get_default(), (size_t)size,
			       sizeof(void *));
	if (!mbox->msgs)
		return ERR_MEM;
	mbox->size = size;
	mbox->head = 0;
	mbox->count = 0;
	uk_semaphore_init(&mbox->items, 0);
	uk_semaphore_init(&mbox->slots, size);
	mbox->valid = true;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	/* lwIP drains a mailbox before it frees it */
	UK_ASSERT(uk_waitq_empty(&mbox->items.wq));
	UK_ASSERT(uk_waitq_empty(&mbox->slots.wq));
	uk_free(uk_alloc_get_default(), mbox->msgs);
	mbox->msgs = NULL;
	mbox->valid = false;
}

/* Store @msg; the caller owns a free slot. */
static void mbox_put(sys_mbox_t *mbox, void *msg)
{
	SYS_ARCH_DECL_PROTECT(lev);

	SYS_ARCH_PROTECT(lev);
	UK_ASSERT(mbox->count < mbox->size);
	mbox->msgs[(mbox->head + mbox->count) % mbox->size] = msg;
	mbox->count++;
	SYS_ARCH_UNPROTECT(lev);
	uk_semaphore_up(&mbox->items);
}

/* Take the oldest message; the caller owns a full slot. */
static void *mbox_take(sys_mbox_t *mbox)
{
	SYS_ARCH_DECL_PROTECT(lev);
	void *msg;

	SYS_ARCH_PROTECT(lev);
	UK_ASSERT(mbox->count > 0);
	msg = mbox->msgs[mbox->head];
	mbox->head = (mbox->head + 1) % mbox->size;
	mbox->count--;
	SYS_ARCH_UNPROTECT(lev);
	uk_semaphore_up(&mbox->slots);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	uk_semaphore_down(&mbox->slots);
	mbox_put(mbox, msg);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	if (uk_semaphore_down_try(&mbox->slots))
		return ERR_MEM;
	mbox_put(mbox, msg);
	return ERR_OK;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

bool uk_posix_interrupted(void) __weak;

/*
 * Outside lwIP's own thread, a mailbox fetch is a socket's wait for data
 * or a connection (recv, accept: API calls take the core lock instead),
 * which lwIP lets end early (SO_RCVTIMEO). It ends as a timeout for a
 * signal or a cancellation too (posix-process): posix-socket then
 * answers EINTR, and musl acts on a cancellation.
 */
static u32_t mbox_down_ms(struct uk_semaphore *s, u32_t timeout)
{
	__nsec start = ukplat_monotonic_clock();
	u32_t waited;

	if (!uk_posix_interrupted)
		return sem_down_ms(s, timeout);
	if (uk_semaphore_down_intr(s, (__nsec)timeout * NSEC_PER_MSEC,
				   uk_posix_interrupted))
		return SYS_ARCH_TIMEOUT;
	waited = (u32_t)((ukplat_monotonic_clock() - start) / NSEC_PER_MSEC);
	return waited < SYS_ARCH_TIMEOUT ? waited : SYS_ARCH_TIMEOUT - 1;
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	u32_t waited = mbox_down_ms(&mbox->items, timeout);
	void *m;

	if (waited == SYS_ARCH_TIMEOUT)
		return SYS_ARCH_TIMEOUT;
	m = mbox_take(mbox);
	if (msg)
		*msg = m;
	return waited;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	void *m;

	if (uk_semaphore_down_try(&mbox->items))
		return SYS_MBOX_EMPTY;
	m = mbox_take(mbox);
	if (msg)
		*msg = m;
	return 0;
}

/* Threads ---------------------------------------------------------------- */

struct lwip_thread_start {
	lwip_thread_fn fn;
	void *arg;
};

static void *lwip_thread_main(void *p)
{
	struct lwip_thread_start start = *(struct lwip_thread_start *)p;

	uk_free(uk_alloc_get_default(), p);
	start.fn(start.arg);
	return NULL;
}

/* lwIP cannot do without its threads: failing to start one is fatal. */
sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread,
			    void *arg, int stacksize, int prio)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct lwip_thread_start *start;
	struct uk_thread *t;
	int rc;

	start = uk_malloc(uk_alloc_get_default(), sizeof(*start));
	if (!start)
		UK_CRASH("lwip: no memory for thread \"%s\"\n", name);
	start->fn = thread;
	start->arg = arg;
	attr.name = name;
	attr.stack_size = stacksize > 0 ? (size_t)stacksize : 0;
	attr.prio = prio;
	attr.detached = true;
	rc = uk_thread_create_attr(&t, &attr, lwip_thread_main, start);
	if (rc < 0)
		UK_CRASH("lwip: cannot create thread \"%s\": %d\n", name, rc);
	return t;
}
