/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot hand-over and termination.
 *
 * Exit status contract (see docs/architecture.md, "Exit status"): the runner
 * returns the value given to ukplat_halt_exit(); it must be 0..124. A crash
 * or panic exits with UKPLAT_EXIT_CRASH, a fatal boot error (bad command
 * line, missing allocator, failing init function) with UKPLAT_EXIT_BOOTERR.
 */
#ifndef __UK_PLAT_BOOTSTRAP_H__
#define __UK_PLAT_BOOTSTRAP_H__

#include <uk/essentials.h>

#define UKPLAT_EXIT_MAX		124
#define UKPLAT_EXIT_BOOTERR	125
#define UKPLAT_EXIT_CRASH	126

/*
 * Entry point into the library layer, implemented by ukboot. The platform
 * calls it once, with the console, traps, paging and the memory map ready.
 * @cmdline is the raw kernel command line (never NULL).
 */
void ukplat_entry(const char *cmdline) __noreturn;

/* Power off, making the VMM exit with @status (clamped to 0..124). */
void ukplat_halt_exit(int status) __noreturn;

/* Power off after a crash: exit status UKPLAT_EXIT_CRASH. */
void ukplat_crash(void) __noreturn;

/* Power off after a fatal boot error: exit status UKPLAT_EXIT_BOOTERR. */
void ukplat_boot_error(void) __noreturn;

/* Raw command line as handed over by the boot protocol. */
const char *ukplat_cmdline(void);

/*
 * CPU counter value (ukplat_time_counter() units: TSC / time CSR) captured
 * first thing in the platform's C entry, for boot-time measurements; 0 when
 * the platform does not record it.
 */
uint64_t ukplat_boot_counter(void);

#endif
