/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's operating system layer on uksched and uklock (lwip/sys.h
 * includes it; lib/lwip/sys_arch.c implements it). lwIP runs threaded
 * (NO_SYS 0): its tcpip thread is a uksched thread, API calls from other
 * threads take the core lock (a uk_mutex), semaphores are uk_semaphores
 * with timeouts, mailboxes are bounded rings between two semaphores.
 *
 * SYS_ARCH_PROTECT masks interrupts: Kast runs on one CPU and preempts
 * only from interrupts, so that makes the section atomic; lwIP never
 * blocks inside it.
 */
#ifndef __LWIP_ARCH_SYS_ARCH_H__
#define __LWIP_ARCH_SYS_ARCH_H__

#include <stdbool.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>

struct sys_sem {
	struct uk_semaphore sem;
	bool valid;
};
typedef struct sys_sem sys_sem_t;

struct sys_mutex {
	struct uk_mutex mtx;
	bool valid;
};
typedef struct sys_mutex sys_mutex_t;

/* A ring of @size messages; @items counts full slots, @slots free ones. */
struct sys_mbox {
	void **msgs;
	int size;
	int head;
	int count;
	struct uk_semaphore items;
	struct uk_semaphore slots;
	bool valid;
};
typedef struct sys_mbox sys_mbox_t;

typedef struct uk_thread *sys_thread_t;

#define sys_sem_valid(s)		((s) != NULL && (s)->valid)
#define sys_sem_set_invalid(s)		((s)->valid = false)
#define sys_mutex_valid(m)		((m) != NULL && (m)->valid)
#define sys_mutex_set_invalid(m)	((m)->valid = false)
#define sys_mbox_valid(m)		((m) != NULL && (m)->valid)
#define sys_mbox_set_invalid(m)		((m)->valid = false)

#define SYS_ARCH_DECL_PROTECT(lev)	unsigned long lev
#define SYS_ARCH_PROTECT(lev)		((lev) = ukplat_lcpu_save_irqf())
#define SYS_ARCH_UNPROTECT(lev)		ukplat_lcpu_restore_irqf(lev)

#endif /* __LWIP_ARCH_SYS_ARCH_H__ */
