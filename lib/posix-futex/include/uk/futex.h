/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Futexes for the one address space: waiters are kept in one list keyed by
 * address. The futex system call (WAIT, WAKE, REQUEUE, CMP_REQUEUE,
 * WAIT_BITSET, WAKE_BITSET; the PRIVATE flag is implied, CLOCK_REALTIME
 * honoured) is provided here; the kernel side of other libraries uses
 * uk_futex_wake() (thread exit's clear-child-tid).
 */
#ifndef __UK_FUTEX_H__
#define __UK_FUTEX_H__

#include <uk/essentials.h>

/* Wake up to @n threads waiting on @addr; the number woken. */
int uk_futex_wake(uint32_t *addr, int n);

#endif
