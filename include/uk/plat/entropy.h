/* SPDX-License-Identifier: BSD-3-Clause */
/* Entropy from the platform, to seed random number generators. */
#ifndef __UK_PLAT_ENTROPY_H__
#define __UK_PLAT_ENTROPY_H__

#include <uk/essentials.h>

/*
 * 64 bits of the best entropy the platform has: RDSEED/RDRAND on x86_64
 * when the CPU has them, the firmware's /chosen/rng-seed on riscv64,
 * always mixed with the cycle counter. Callable from any context.
 */
uint64_t ukplat_entropy(void);

#endif
