/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 traps. Interrupts go to the platform's entry function
 * (ukarch_irq_entry_set()). An exception that a program's signal handler
 * takes (ukarch_fault_hook_set()) resumes in it; every other exception
 * is fatal: the report names
 * the cause from scause, decodes page faults against the page tables (null
 * dereference, write to read-only memory, fetch from no-execute memory,
 * stack guard hit), dumps all registers and a symbolized backtrace, and
 * exits with the crash status. Exceptions run on a dedicated stack
 * (see traps.S) so that a stack overflow can still be reported.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/regs.h>
#include <uk/asm/irq.h>
#include <uk/asm/ctx.h>
#include <uk/asm/frame.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>

#define TRAP_STACK_SIZE		CONFIG_RISCV64_TRAP_STACK_SIZE
#define EXC_CODE_MAX		16	/* exception codes named below */
#define INTR_CODE_MAX		10

UK_CTASSERT(offsetof(struct __regs, t0) == REGS_X(5));
UK_CTASSERT(offsetof(struct __regs, s0) == REGS_X(8));
UK_CTASSERT(offsetof(struct __regs, t6) == REGS_X(31));
UK_CTASSERT(offsetof(struct __regs, sepc) == REGS_SEPC);
UK_CTASSERT(offsetof(struct __regs, sstatus) == REGS_SSTATUS);
UK_CTASSERT(offsetof(struct __regs, scause) == REGS_SCAUSE);
UK_CTASSERT(offsetof(struct __regs, stval) == REGS_STVAL);
UK_CTASSERT(offsetof(struct __regs, sscratch) == REGS_SSCRATCH);
UK_CTASSERT(sizeof(struct __regs) == REGS_SIZE);
UK_CTASSERT(REGS_SIZE % 16 == 0);

/*
 * The trap stack, its first page the guard page (left unmapped by the
 * platform). A trap taken with sp inside [guard, floor) is an overflow of
 * this stack: the entry code then takes the frame on the last-resort
 * stack below, and the report names the exception stack.
 */
uint8_t riscv_trap_stack[UK_PAGE_SIZE + TRAP_STACK_SIZE] __aligned(UK_PAGE_SIZE);
const unsigned long riscv_trap_stack_floor =
	(unsigned long)riscv_trap_stack + UK_PAGE_SIZE + REGS_SIZE;
uint8_t riscv_trap_last_stack[8192] __aligned(16);

unsigned long ukarch_exception_stack_guard(unsigned int i)
{
	return i == 0 ? (unsigned long)riscv_trap_stack : 0;
}

extern char riscv_trap_entry[];

static ukarch_irq_entry_func_t irq_entry;
static ukarch_fault_hook_t fault_hook;

ukarch_fault_hook_t ukarch_fault_hook_set(ukarch_fault_hook_t fn)
{
	ukarch_fault_hook_t prev = fault_hook;

	fault_hook = fn;
	return prev;
}

void ukarch_irq_entry_set(ukarch_irq_entry_func_t fn)
{
	irq_entry = fn;
}

static const char *const exception_names[EXC_CODE_MAX] = {
	[RISCV_EXC_INSN_MISALIGNED] = "instruction address misaligned",
	[RISCV_EXC_INSN_ACCESS] = "instruction access fault",
	[RISCV_EXC_ILLEGAL_INSN] = "illegal instruction",
	[RISCV_EXC_BREAKPOINT] = "breakpoint",
	[RISCV_EXC_LOAD_MISALIGNED] = "load address misaligned",
	[RISCV_EXC_LOAD_ACCESS] = "load access fault",
	[RISCV_EXC_STORE_MISALIGNED] = "store/AMO address misaligned",
	[RISCV_EXC_STORE_ACCESS] = "store/AMO access fault",
	[RISCV_EXC_ECALL_U] = "environment call from U-mode",
	[RISCV_EXC_ECALL_S] = "environment call from S-mode",
	[RISCV_EXC_INSN_PAGE_FAULT] = "instruction page fault",
	[RISCV_EXC_LOAD_PAGE_FAULT] = "load page fault",
	[RISCV_EXC_STORE_PAGE_FAULT] = "store/AMO page fault",
};

static const char *const interrupt_names[INTR_CODE_MAX] = {
	[1] = "supervisor software interrupt",
	[5] = "supervisor timer interrupt",
	[9] = "supervisor external interrupt",
};

void ukarch_traps_init(void)
{
	/* no interrupt source is enabled until a driver asks for one */
	csr_write(sie, 0);
	csr_write(sscratch, (unsigned long)(riscv_trap_stack +
					    sizeof(riscv_trap_stack)));
	csr_write(stvec, (unsigned long)riscv_trap_entry);
}

void ukarch_dump_regs(const struct __regs *r)
{
	ukplat_ksym_print("  SEPC:", r->sepc);
	ukplat_ksym_print("  RA:  ", r->ra);
	uk_printf("  SSTATUS: 0x%016lx  SCAUSE: 0x%016lx  STVAL: 0x%016lx\n",
		  r->sstatus, r->scause, r->stval);
	uk_printf("  SP:  0x%016lx  GP:  0x%016lx  TP:  0x%016lx\n",
		  r->sp, r->gp, r->tp);
	uk_printf("  T0:  0x%016lx  T1:  0x%016lx  T2:  0x%016lx\n",
		  r->t0, r->t1, r->t2);
	uk_printf("  S0:  0x%016lx  S1:  0x%016lx  A0:  0x%016lx\n",
		  r->s0, r->s1, r->a0);
	uk_printf("  A1:  0x%016lx  A2:  0x%016lx  A3:  0x%016lx\n",
		  r->a1, r->a2, r->a3);
	uk_printf("  A4:  0x%016lx  A5:  0x%016lx  A6:  0x%016lx\n",
		  r->a4, r->a5, r->a6);
	uk_printf("  A7:  0x%016lx  S2:  0x%016lx  S3:  0x%016lx\n",
		  r->a7, r->s2, r->s3);
	uk_printf("  S4:  0x%016lx  S5:  0x%016lx  S6:  0x%016lx\n",
		  r->s4, r->s5, r->s6);
	uk_printf("  S7:  0x%016lx  S8:  0x%016lx  S9:  0x%016lx\n",
		  r->s7, r->s8, r->s9);
	uk_printf("  S10: 0x%016lx  S11: 0x%016lx  T3:  0x%016lx\n",
		  r->s10, r->s11, r->t3);
	uk_printf("  T4:  0x%016lx  T5:  0x%016lx  T6:  0x%016lx\n",
		  r->t4, r->t5, r->t6);
	uk_printf("  SATP: 0x%016lx  SIE: 0x%lx  SIP: 0x%lx\n",
		  csr_read(satp), csr_read(sie), csr_read(sip));
}

static const char *page_fault_cause(unsigned long code, unsigned long addr)
{
	int prot = ukarch_page_get_prot(addr);

	if (prot < 0 && addr < UK_PAGE_SIZE)
		return "null pointer dereference";
	if (prot < 0)
		return "access to unmapped memory";
	if (code == RISCV_EXC_INSN_PAGE_FAULT && !(prot & UKARCH_PROT_EXEC))
		return "instruction fetch from no-execute memory";
	if (code == RISCV_EXC_STORE_PAGE_FAULT && !(prot & UKARCH_PROT_WRITE))
		return "write to read-only memory";
	if (code == RISCV_EXC_LOAD_PAGE_FAULT && !(prot & UKARCH_PROT_READ))
		return "read from unreadable memory";
	return "protection violation";
}

static const char *access_kind(unsigned long code)
{
	switch (code) {
	case RISCV_EXC_INSN_PAGE_FAULT:
	case RISCV_EXC_INSN_ACCESS:
	case RISCV_EXC_INSN_MISALIGNED:
		return "fetch";
	case RISCV_EXC_STORE_PAGE_FAULT:
	case RISCV_EXC_STORE_ACCESS:
	case RISCV_EXC_STORE_MISALIGNED:
		return "write";
	default:
		return "read";
	}
}

/* The 16 bytes below @fp can be read. */
static int frame_readable(unsigned long fp)
{
	return fp >= 16 && !(fp & (sizeof(long) - 1)) &&
	       ukarch_page_get_prot(fp + UKARCH_FRAME_LOW) > 0 &&
	       ukarch_page_get_prot(fp - 1) > 0;
}

/* Start of the function containing @addr, or 0 outside the image. */
static unsigned long func_of(unsigned long addr)
{
	unsigned long off;

	return ukplat_ksym_lookup(addr, &off, NULL, 0);
}

/*
 * Backtrace below the trapping pc. The frame walker follows the (fp, ra)
 * pairs saved on the stack, which misses the caller while its return
 * address is only in the ra register: when the pc is outside any function
 * (a jump into data), in a function that calls nothing (its frame holds
 * just the caller's fp, at fp[-1]), or in a prologue or epilogue (s0 is
 * still the caller's). ra is stale, and the saved chain complete, when it
 * points into the trapping function itself or equals the saved one.
 * Otherwise a two-word frame {caller fp, ra} on this stack starts the walk,
 * so the caller is named as frame #1. The trap stack lies below every
 * other stack, so the walker's "frames go up" rule accepts the step from
 * it to the interrupted stack.
 */
static void trap_backtrace(const struct __regs *r)
{
	unsigned long pc_func = func_of(r->sepc);
	unsigned long ra_func = func_of(r->ra - 1);
	unsigned long frame[2];
	unsigned long fp = r->s0, slot;

	ukplat_ksym_print("  #0", r->sepc);
	if (!ra_func || ra_func == pc_func || !frame_readable(fp)) {
		ukplat_backtrace_print(fp);
		return;
	}
	slot = *(unsigned long *)(fp + UKARCH_FRAME_RA_OFF);
	if (slot == r->ra) {
		ukplat_backtrace_print(fp);
		return;
	}
	if (func_of(slot - 1))
		frame[0] = fp;		/* s0 is still the caller's frame */
	else if (slot > fp && !(slot & (sizeof(long) - 1)))
		frame[0] = slot;	/* leaf frame: fp[-1] is the caller's fp */
	else {
		ukplat_backtrace_print(fp);
		return;
	}
	frame[1] = r->ra;
	ukplat_backtrace_print((unsigned long)&frame[2]);
}

/*
 * The interrupted code's FP registers and fcsr are kept across the
 * handlers, which may call C library code that uses them (kernel code
 * itself never does). Unless FP is Off for it: then there is nothing to
 * keep and an FP instruction would trap. A switch to another thread from
 * the exit hook saves and restores the state it finds, so this copy is
 * still the one to put back.
 */
static void irq_dispatch(struct __regs *r)
{
	uint64_t fp[RISCV_FP_SAVE_WORDS];
	bool live = (r->sstatus & RISCV_SSTATUS_FS) != 0;

	if (live)
		riscv_fp_save(fp);
	irq_entry(r);
	if (live)
		riscv_fp_restore(fp);
}

volatile struct ukarch_insn_probe ukarch_insn_probe;
/* The signal Linux sends for exception @code (exit status 128 + it). */
static int exception_signal(unsigned long code)
{
	switch (code) {
	case RISCV_EXC_ILLEGAL_INSN:
		return UKPLAT_SIGILL;
	case RISCV_EXC_BREAKPOINT:
		return UKPLAT_SIGTRAP;
	case RISCV_EXC_INSN_MISALIGNED:
	case RISCV_EXC_LOAD_MISALIGNED:
	case RISCV_EXC_STORE_MISALIGNED:
		return UKPLAT_SIGBUS;
	case RISCV_EXC_INSN_ACCESS:
	case RISCV_EXC_LOAD_ACCESS:
	case RISCV_EXC_STORE_ACCESS:
	case RISCV_EXC_INSN_PAGE_FAULT:
	case RISCV_EXC_LOAD_PAGE_FAULT:
	case RISCV_EXC_STORE_PAGE_FAULT:
		return UKPLAT_SIGSEGV;
	default:
		return 0;
	}
}

void riscv_trap_handler(struct __regs *r);
void riscv_trap_handler(struct __regs *r)
{
	static int nested;
	unsigned long cause = r->scause;
	unsigned long code = cause & ~RISCV_SCAUSE_INTR;
	const char *name;
	int sig;

	if ((cause & RISCV_SCAUSE_INTR) && likely(irq_entry)) {
		irq_dispatch(r);
		return;
	}
	/* an armed probe of an optional instruction (uk/arch/traps.h) */
	if (cause == RISCV_EXC_ILLEGAL_INSN && ukarch_insn_probe.pc &&
	    r->sepc == ukarch_insn_probe.pc) {
		ukarch_insn_probe.faulted = 1;
		r->sepc = ukarch_insn_probe.resume;
		return;
	}
	sig = (cause & RISCV_SCAUSE_INTR) ? 0 : exception_signal(code);
	/*
	 * A page of a mapping that is populated on demand
	 * (ukarch_page_fill_set()) and has no frame yet: map one and retry
	 * the access. Out of memory there is a bus error (as Linux sends).
	 */
	if ((code == RISCV_EXC_INSN_PAGE_FAULT ||
	     code == RISCV_EXC_LOAD_PAGE_FAULT ||
	     code == RISCV_EXC_STORE_PAGE_FAULT) &&
	    !(cause & RISCV_SCAUSE_INTR) && !nested &&
	    ukarch_page_get_prot(r->stval) < 0) {
		int rc = ukarch_page_fill(r->stval,
					  (code == RISCV_EXC_INSN_PAGE_FAULT ?
					   UKARCH_PROT_EXEC :
					   code == RISCV_EXC_STORE_PAGE_FAULT ?
					   UKARCH_PROT_WRITE : UKARCH_PROT_READ) |
					  UKARCH_FILL_FAULT |
					  ((r->sstatus & RISCV_SSTATUS_SPIE) ? 0 :
					   UKARCH_FILL_IRQS_OFF));

		if (rc == 0)
			return;
		if (rc == -ENOMEM) {
			uk_printf("out of memory for a page of a mapping at 0x%lx\n",
				  r->stval);
			sig = UKPLAT_SIGBUS;
		}
	}
	/* a program fault its signal handler takes (ukarch_fault_hook_set) */
	if (!(cause & RISCV_SCAUSE_INTR) && fault_hook && !nested && sig &&
	    fault_hook(r, sig, r->stval))
		return;
	if (cause & RISCV_SCAUSE_INTR)
		name = code < INTR_CODE_MAX && interrupt_names[code] ?
		       interrupt_names[code] : "unknown interrupt";
	else
		name = code < EXC_CODE_MAX && exception_names[code] ?
		       exception_names[code] : "reserved exception";

	if (nested++) {
		uk_printf("CRASH: nested trap (%s, sepc 0x%lx, stval 0x%lx) during crash report\n",
			  name, r->sepc, r->stval);
		ukplat_crash();
	}

	uk_printf("\nCRASH: %s, scause 0x%lx, stval 0x%lx\n", name, cause,
		  r->stval);
	if (!(cause & RISCV_SCAUSE_INTR)) {
		switch (code) {
		case RISCV_EXC_INSN_PAGE_FAULT:
		case RISCV_EXC_LOAD_PAGE_FAULT:
		case RISCV_EXC_STORE_PAGE_FAULT: {
			const char *stack = ukarch_stack_guard_owner(r->stval);

			if (stack)
				uk_printf("  cause: stack overflow in %s (guard page hit): ",
					  stack);
			else
				uk_printf("  cause: %s: ",
					  page_fault_cause(code, r->stval));
			uk_printf("%s at 0x%lx\n", access_kind(code), r->stval);
			break;
		}
		case RISCV_EXC_INSN_ACCESS:
		case RISCV_EXC_LOAD_ACCESS:
		case RISCV_EXC_STORE_ACCESS:
			uk_printf("  cause: %s at 0x%lx denied by the platform "
				  "(no device there, or firmware-protected)\n",
				  access_kind(code), r->stval);
			break;
		default:
			break;
		}
	}
	ukarch_dump_regs(r);
	uk_printf("Backtrace:\n");
	trap_backtrace(r);
	if (sig)
		ukplat_crash_signal(sig);
	ukplat_crash();
}
