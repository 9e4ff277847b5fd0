/* SPDX-License-Identifier: BSD-3-Clause */
/* CPU exception setup, implemented by each architecture. */
#ifndef __UK_ARCH_TRAPS_H__
#define __UK_ARCH_TRAPS_H__

#include <uk/essentials.h>
#include <uk/asm/regs.h>

/* Install the exception vectors; every exception ends in a crash report. */
void ukarch_traps_init(void);

/* Print all registers of a trap frame. */
void ukarch_dump_regs(const struct __regs *regs);

/*
 * The unmapped guard page below exception stack @i (0, 1, ...; 0 past
 * the last), in ascending address order: x86_64 has two (the
 * double-fault/NMI IST stack, then the page-fault IST stack), riscv64
 * one (the trap stack). The architecture keeps them in .bss, each a
 * page-aligned block: guard page, then the stack. The platform leaves
 * the guard pages out of the page tables.
 */
unsigned long ukarch_exception_stack_guard(unsigned int i);

/* True when @addr lies in a stack guard page (provided by the platform). */
int ukarch_is_stack_guard(unsigned long addr);

/*
 * Whose stack has its guard page at @addr, for crash reports: "the boot
 * stack", "thread 'main'", ...; NULL when @addr is in no guard page.
 * Provided by the platform, which asks the lookup installed below for
 * stacks it does not know (thread stacks).
 */
const char *ukarch_stack_guard_owner(unsigned long addr);

/* Describes the stack whose guard page holds @addr, or returns NULL. */
typedef const char *(*ukarch_stack_guard_lookup_t)(unsigned long addr);

/* Install @fn (the scheduler's thread lookup); NULL removes it. */
void ukarch_stack_guard_lookup_set(ukarch_stack_guard_lookup_t fn);

/*
 * Executing an instruction the CPU may lack (RDSEED, the Zkr seed CSR):
 * CPUID and the device tree's ISA string can claim an extension the
 * hypervisor does not execute. The caller stores the instruction's
 * address in .pc and where to continue in .resume, runs it, and clears
 * .pc; if it raised an undefined-instruction exception (x86_64 #UD,
 * riscv64 illegal instruction) at .pc, the trap handler sets .faulted
 * and resumes at .resume instead of crashing. Boot-time, one CPU.
 */
/*
 * A CPU exception that Linux would turn into signal @sig for the program
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP; @addr the faulting address)
 * is first offered to this hook, before the crash report. It returns 1
 * when it took it: it changed @regs so that the thread resumes in the
 * program's signal handler (lib/posix-process); 0 for the crash report.
 */
typedef int (*ukarch_fault_hook_t)(struct __regs *regs, int sig,
				   unsigned long addr);
/* Install @fn; NULL removes it. Returns the previous hook. */
ukarch_fault_hook_t ukarch_fault_hook_set(ukarch_fault_hook_t fn);

struct ukarch_insn_probe {
	unsigned long pc;
	unsigned long resume;
	int faulted;
};
extern volatile struct ukarch_insn_probe ukarch_insn_probe;

#endif
