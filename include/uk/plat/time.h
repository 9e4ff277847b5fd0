/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform clocks and the one-shot timer (tickless: the timer is armed for
 * the next event only). Implemented per architecture in plat/kvm.
 */
#ifndef __UK_PLAT_TIME_H__
#define __UK_PLAT_TIME_H__

#include <uk/essentials.h>

typedef uint64_t __nsec;
typedef int64_t __snsec;

#define UKPLAT_NSEC_PER_SEC	1000000000ULL
#define UKPLAT_NSEC_PER_MSEC	1000000ULL
#define UKPLAT_NSEC_PER_USEC	1000ULL

/* Nanoseconds since boot; monotonic, never goes backwards. */
__nsec ukplat_monotonic_clock(void);

/* Nanoseconds since the Unix epoch (boot-time RTC + monotonic clock). */
__nsec ukplat_wall_clock(void);

/*
 * A finer wall clock for time 0 of ukplat_monotonic_clock() than the RTC
 * gives (its seconds lag the host's by up to 1 s): @ns since the epoch,
 * e.g. the host's clock when the VMM started (kernel parameter
 * ukboot.walltime, passed by kast-qemu). Taken only when it is within
 * 2 s of the RTC's reading (a stale value from a saved command line is
 * ignored), or when there is no RTC. 0 when taken, else -EINVAL.
 */
int ukplat_wall_clock_hint(__nsec ns);

/*
 * Arm the one-shot timer to raise ukplat_time_irq() at monotonic time
 * @deadline (replacing any earlier setting). A deadline in the past fires
 * as soon as possible; 0 disarms the timer.
 */
void ukplat_time_set_deadline(__nsec deadline);

/*
 * The deadline the timer is armed for, 0 when disarmed (also once it has
 * fired). Whoever shares the timer asks here instead of remembering what
 * it set: another user may have changed it since.
 */
__nsec ukplat_time_get_deadline(void);

/* Interrupt line the timer raises, for ukplat_irq_register(). */
unsigned long ukplat_time_irq(void);

/* Raw CPU counter (TSC / time CSR) and its frequency in Hz, for benchmarks. */
uint64_t ukplat_time_counter(void);
uint64_t ukplat_time_counter_freq(void);

#endif
