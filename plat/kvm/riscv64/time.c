/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw CPU counter: the time CSR, ticking at the device tree's
 * /cpus/timebase-frequency. (Clocks and the one-shot timer of
 * <uk/plat/time.h> are not implemented on riscv64 yet.)
 */
#include <uk/essentials.h>
#include <uk/asm/cpu.h>
#include <uk/plat/time.h>
#include "riscv64.h"

static uint64_t timebase_hz;

void kvm_timebase_set(uint64_t hz)
{
	timebase_hz = hz;
}

uint64_t ukplat_time_counter(void)
{
	return rdtime();
}

uint64_t ukplat_time_counter_freq(void)
{
	return timebase_hz;
}
