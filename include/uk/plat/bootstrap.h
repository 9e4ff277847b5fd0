/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot hand-over and termination.
 *
 * Exit status contract (docs/apps.md, "Exit status"): the runner (kast-run)
 * exits with the status the guest reports, as a host shell would see a
 * process end: the program's exit(n) is n & 0xff; a program ended by a
 * signal (an uncaught raise() or abort(), or a CPU exception: a crash) is
 * 128 + the signal; Kast's own conditions use statuses docker uses for
 * the same purpose: UKPLAT_EXIT_BOOTERR (125: the image could not start:
 * bad command line, too little memory, failing init function) and
 * UKPLAT_EXIT_PANIC (126: the kernel itself failed after boot: panic,
 * failed kernel assertion, nested fault). 127 is the host's "the VM ended
 * without reporting a status", never written by the guest.
 */
#ifndef __UK_PLAT_BOOTSTRAP_H__
#define __UK_PLAT_BOOTSTRAP_H__

#include <uk/essentials.h>

#define UKPLAT_EXIT_BOOTERR	125
#define UKPLAT_EXIT_PANIC	126
/* a crash or uncaught signal @sig: 128 + @sig, as a host's shell says */
#define UKPLAT_EXIT_SIGNAL(sig)	(128 + (sig))
/* signal numbers (Linux's, the same on x86_64 and riscv64) for crashes */
#define UKPLAT_SIGILL		4
#define UKPLAT_SIGTRAP		5
#define UKPLAT_SIGABRT		6
#define UKPLAT_SIGBUS		7
#define UKPLAT_SIGFPE		8
#define UKPLAT_SIGSEGV		11

/*
 * Entry point into the library layer, implemented by ukboot. The platform
 * calls it once, with the console, traps, paging and the memory map ready.
 * @cmdline is the raw kernel command line (never NULL).
 */
void ukplat_entry(const char *cmdline) __noreturn;

/* Power off, making the VMM exit with @status & 0xff (exit(n) on a host). */
void ukplat_halt_exit(int status) __noreturn;

/* Power off after a kernel panic: exit status UKPLAT_EXIT_PANIC. */
void ukplat_crash(void) __noreturn;

/*
 * Power off after the program was ended by signal @sig (a crash: a CPU
 * exception mapped to its signal, or an uncaught signal): 128 + @sig.
 */
void ukplat_crash_signal(int sig) __noreturn;

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
