/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wall clock of both architectures: the wall time at monotonic time 0,
 * set by each architecture's clock set-up from its RTC (CMOS on x86_64,
 * goldfish on riscv64) and corrected by ukplat_wall_clock_hint.
 */
#ifndef __KVM_WALLCLOCK_H__
#define __KVM_WALLCLOCK_H__

#include <uk/plat/time.h>

/* wall clock at monotonic time 0, in ns since the epoch (0: unknown) */
extern __nsec kvm_wall_at_boot;

#endif /* __KVM_WALLCLOCK_H__ */
