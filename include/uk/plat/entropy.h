/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entropy from the platform, to seed random number generators
 * (lib/ukrandom gathers these with the devices' sources).
 */
#ifndef __UK_PLAT_ENTROPY_H__
#define __UK_PLAT_ENTROPY_H__

#include <uk/essentials.h>

/*
 * 64 bits of the best entropy the platform has at once: the CPU's
 * generator when it has one, the firmware's seed, always mixed with the
 * cycle counter. Any context, after the trap vectors are installed.
 * For the kernel's canary and early users; everything else asks
 * lib/ukrandom.
 */
uint64_t ukplat_entropy(void);

/*
 * 64 bits from the CPU's own generator: RDSEED (else RDRAND) on x86_64,
 * the Zkr seed CSR on riscv64, each probed so that a CPU (or hypervisor)
 * that claims the instruction but traps on it is survived. 0, -ENODEV
 * (none) or -EIO (it gave no data now).
 */
int ukplat_entropy_hw(uint64_t *v);

/* Name of that generator ("RDSEED", ...) or NULL when there is none. */
const char *ukplat_entropy_hw_name(void);

/*
 * Seed bytes the firmware handed over (riscv64: the device tree's
 * /chosen/rng-seed); NULL with *@len = 0 when there are none.
 */
const void *ukplat_entropy_fw_seed(size_t *len);

/* The fastest free-running counter (TSC, time CSR): timer jitter. */
uint64_t ukplat_entropy_counter(void);

#endif
