/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host stand-ins for the platform calls of ukrandom. The "CPU generator"
 * can be switched off (host_hw_off) to test the weak-only path, and
 * counts its calls (host_hw_calls) to test that a reseed reads it.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <uk/plat/entropy.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

int host_hw_off;
unsigned long host_hw_calls;
const char *host_fw_seed;
static uint64_t host_hw_state = 0x0123456789abcdefULL;
__nsec host_clock_offset;

__nsec ukplat_monotonic_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC + (__nsec)ts.tv_nsec +
	       host_clock_offset;
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	return 0;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
}

int ukplat_entropy_hw(uint64_t *v)
{
	if (host_hw_off)
		return -ENODEV;
	host_hw_calls++;
	/* xorshift: stands for a generator, not a source of entropy */
	host_hw_state ^= host_hw_state << 13;
	host_hw_state ^= host_hw_state >> 7;
	host_hw_state ^= host_hw_state << 17;
	*v = host_hw_state;
	return 0;
}

const char *ukplat_entropy_hw_name(void)
{
	return host_hw_off ? NULL : "host";
}

const void *ukplat_entropy_fw_seed(size_t *len)
{
	*len = host_fw_seed ? 8 : 0;
	return host_fw_seed;
}

uint64_t ukplat_entropy_counter(void)
{
	return (uint64_t)ukplat_monotonic_clock();
}

uint64_t ukplat_entropy(void)
{
	return ukplat_entropy_counter() * 0x9e3779b97f4a7c15ULL;
}
