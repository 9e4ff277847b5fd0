/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 descriptor tables, CPU exceptions and interrupt vectors. Every
 * exception (vectors 0-31) is fatal: the report names the exception,
 * decodes page faults (null dereference, write to read-only memory,
 * execution of a no-execute page, stack guard hit), dumps all registers and
 * a symbolized backtrace, and exits with the crash status. Double faults
 * and NMIs run on their own stack (IST) so that a stack overflow can still
 * be reported; so do page faults (a second IST stack), so that an
 * overflow into a guard page arrives as a page fault with the faulting
 * context intact, which a program's SIGSEGV handler on its alternate
 * stack can take (ukarch_fault_hook_set()). Interrupt vectors (32-255)
 * run on the interrupted stack and
 * go to the entry function installed by the platform.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/regs.h>
#include <uk/asm/irq.h>
#include <uk/asm/ctx.h>
#include <uk/arch/traps.h>
#include <uk/arch/paging.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18
#define GDT_ENTRIES	5	/* null, code, data, TSS (two slots) */

#define IDT_ENTRIES	X86_IDT_VECTORS
#define IDT_INTR_GATE	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define IST_STACK_SIZE	8192
#define IST_DF		1	/* double fault, NMI and machine check */
#define IST_PF		2	/* page fault */

#define X86_PF_P	0x01
#define X86_PF_W	0x02
#define X86_PF_U	0x04
#define X86_PF_RSVD	0x08
#define X86_PF_I	0x10

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct idt_entry {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __packed;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

static uint64_t gdt[GDT_ENTRIES] __aligned(16);
static struct tss64 tss __aligned(16);
static struct idt_entry idt[IDT_ENTRIES] __aligned(16);
/*
 * The IST stacks, double fault/NMI/MCE first, then page faults: the first
 * page of each is its guard page (ukarch_exception_stack_guard()), left
 * unmapped. An overflow of the page-fault stack faults on its guard and
 * takes the same IST stack again from its top, over the outer frames of
 * the handler that overflowed, which is reported and never resumed.
 */
static uint8_t ist_stacks[2][UK_PAGE_SIZE + IST_STACK_SIZE]
	__aligned(UK_PAGE_SIZE);
static ukarch_fault_hook_t fault_hook;

unsigned long ukarch_exception_stack_guard(unsigned int i)
{
	return i < UK_ARRAY_SIZE(ist_stacks) ? (unsigned long)ist_stacks[i]
					     : 0;
}

extern char x86_trap_stubs[], x86_trap_stubs_end[];
#define TRAP_STUB_SIZE	16

static ukarch_irq_entry_func_t irq_entry;

static const char *const exception_names[X86_EXC_VECTORS] = {
	[0] = "divide error (#DE)",
	[1] = "debug (#DB)",
	[2] = "non-maskable interrupt (NMI)",
	[3] = "breakpoint (#BP)",
	[4] = "overflow (#OF)",
	[5] = "bound range exceeded (#BR)",
	[6] = "invalid opcode (#UD)",
	[7] = "device not available (#NM)",
	[8] = "double fault (#DF)",
	[9] = "coprocessor segment overrun",
	[10] = "invalid TSS (#TS)",
	[11] = "segment not present (#NP)",
	[12] = "stack-segment fault (#SS)",
	[13] = "general protection fault (#GP)",
	[14] = "page fault (#PF)",
	[16] = "x87 floating-point error (#MF)",
	[17] = "alignment check (#AC)",
	[18] = "machine check (#MC)",
	[19] = "SIMD floating-point exception (#XM)",
	[20] = "virtualization exception (#VE)",
	[21] = "control protection exception (#CP)",
};

static void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL;	/* 64-bit code, DPL 0 */
	gdt[2] = 0x00cf92000000ffffULL;	/* data */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) |	/* present, available 64-bit TSS */
		 (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;

	tss.ist[IST_DF - 1] = (uint64_t)(ist_stacks[0] + sizeof(ist_stacks[0]));
	tss.ist[IST_PF - 1] = (uint64_t)(ist_stacks[1] + sizeof(ist_stacks[1]));
	tss.iomap_base = sizeof(tss);

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movl %2, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"ltr %w3\n\t"
		: : "m"(p), "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS),
		    "r"(GDT_TSS)
		: "rax", "memory");
}

static void idt_set(int vec, unsigned long handler, int ist)
{
	struct idt_entry *e = &idt[vec];

	e->off_lo = handler & 0xffff;
	e->sel = GDT_KERNEL_CS;
	e->ist = ist;
	e->type = IDT_INTR_GATE;
	e->off_mid = (handler >> 16) & 0xffff;
	e->off_hi = handler >> 32;
	e->reserved = 0;
}

void ukarch_traps_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	int i;

	gdt_init();
	if (x86_trap_stubs_end - x86_trap_stubs !=
	    IDT_ENTRIES * TRAP_STUB_SIZE) {
		uk_printf("CRASH: trap stubs are not %d bytes apart\n",
			  TRAP_STUB_SIZE);
		ukplat_crash();
	}
	for (i = 0; i < IDT_ENTRIES; i++) {
		int ist = (i == 2 || i == 8 || i == 18) ? IST_DF :
			  (i == 14) ? IST_PF : 0;

		idt_set(i, (unsigned long)x86_trap_stubs + i * TRAP_STUB_SIZE,
			ist);
	}
	__asm__ __volatile__("lidt %0" : : "m"(p));
}

void ukarch_dump_regs(const struct __regs *r)
{
	ukplat_ksym_print("  RIP:", r->rip);
	uk_printf("  RSP: 0x%016lx  RFLAGS: 0x%016lx  CS: 0x%lx  SS: 0x%lx\n",
		  r->rsp, r->rflags, r->cs, r->ss);
	uk_printf("  RAX: 0x%016lx  RBX: 0x%016lx  RCX: 0x%016lx\n",
		  r->rax, r->rbx, r->rcx);
	uk_printf("  RDX: 0x%016lx  RSI: 0x%016lx  RDI: 0x%016lx\n",
		  r->rdx, r->rsi, r->rdi);
	uk_printf("  RBP: 0x%016lx  R8:  0x%016lx  R9:  0x%016lx\n",
		  r->rbp, r->r8, r->r9);
	uk_printf("  R10: 0x%016lx  R11: 0x%016lx  R12: 0x%016lx\n",
		  r->r10, r->r11, r->r12);
	uk_printf("  R13: 0x%016lx  R14: 0x%016lx  R15: 0x%016lx\n",
		  r->r13, r->r14, r->r15);
	uk_printf("  CR0: 0x%016lx  CR2: 0x%016lx  CR3: 0x%016lx  CR4: 0x%lx\n",
		  read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static const char *page_fault_cause(unsigned long err, unsigned long addr)
{
	if (!(err & X86_PF_P) && addr < UK_PAGE_SIZE)
		return "null pointer dereference";
	if (err & X86_PF_RSVD)
		return "reserved bit set in page table entry";
	if ((err & X86_PF_P) && (err & X86_PF_I))
		return "instruction fetch from no-execute memory";
	if ((err & X86_PF_P) && (err & X86_PF_W))
		return "write to read-only memory";
	if (!(err & X86_PF_P))
		return "access to unmapped memory";
	return "protection violation";
}

volatile struct ukarch_insn_probe ukarch_insn_probe;
/*
 * The signal Linux sends a process for a CPU exception, which is what
 * the image's exit status reports (128 + signal); 0 for exceptions that
 * are no program's doing (NMI, machine check): a kernel panic.
 */
static int exception_signal(unsigned long vec)
{
	switch (vec) {
	case 0: case 7: case 16: case 19:	/* #DE #NM #MF #XM */
		return UKPLAT_SIGFPE;
	case 1: case 3:				/* #DB #BP */
		return UKPLAT_SIGTRAP;
	case 6:					/* #UD */
		return UKPLAT_SIGILL;
	case 11: case 12: case 17:		/* #NP #SS #AC */
		return UKPLAT_SIGBUS;
	case 4: case 5: case 8: case 10: case 13: case 14: case 21:
		return UKPLAT_SIGSEGV;
	default:
		return 0;
	}
}

ukarch_fault_hook_t ukarch_fault_hook_set(ukarch_fault_hook_t fn)
{
	ukarch_fault_hook_t prev = fault_hook;

	fault_hook = fn;
	return prev;
}

void x86_trap_handler(struct __regs *r)
{
	static int nested;
	unsigned long vec = r->vector;
	const char *name = vec < X86_EXC_VECTORS && exception_names[vec] ?
			   exception_names[vec] : "reserved exception";
	int sig = exception_signal(vec);

	/* an armed probe of an optional instruction (uk/arch/traps.h) */
	if (vec == 6 && ukarch_insn_probe.pc && r->rip == ukarch_insn_probe.pc) {
		ukarch_insn_probe.faulted = 1;
		r->rip = ukarch_insn_probe.resume;
		return;
	}
	/*
	 * A not-present page of a mapping that is populated on demand
	 * (ukarch_page_fill_set()): map a frame and retry the access. Out
	 * of memory there is a bus error (as Linux sends).
	 */
	if (vec == 14 && !(r->error & X86_PF_P) && !nested) {
		int rc = ukarch_page_fill(read_cr2(),
					  ((r->error & X86_PF_I) ?
					   UKARCH_PROT_EXEC :
					   (r->error & X86_PF_W) ?
					   UKARCH_PROT_WRITE : UKARCH_PROT_READ) |
					  UKARCH_FILL_FAULT |
					  ((r->rflags & X86_RFLAGS_IF) ? 0 :
					   UKARCH_FILL_IRQS_OFF));

		if (rc == 0)
			return;
		if (rc == -ENOMEM) {
			uk_printf("out of memory for a page of a mapping at 0x%lx\n",
				  read_cr2());
			sig = UKPLAT_SIGBUS;
		}
	}
	/* a program fault its signal handler takes (not #DF: no context) */
	if (fault_hook && !nested && vec != 8 && sig &&
	    fault_hook(r, sig, vec == 14 ? read_cr2() : r->rip))
		return;
	if (nested++) {
		uk_printf("CRASH: nested exception %lu during crash report\n",
			  vec);
		ukplat_crash();
	}

	uk_printf("\nCRASH: %s, vector %lu, error code 0x%lx\n", name, vec,
		  r->error);
	if (vec == 14) {
		unsigned long addr = read_cr2();
		const char *stack = ukarch_stack_guard_owner(addr);

		if (stack)
			uk_printf("  cause: stack overflow in %s (guard page hit): ",
				  stack);
		else
			uk_printf("  cause: %s: ",
				  page_fault_cause(r->error, addr));
		uk_printf("%s at 0x%lx\n", (r->error & X86_PF_I) ? "fetch" :
			  (r->error & X86_PF_W) ? "write" : "read", addr);
		/* a jump or call to a bad address: [rsp] may be the caller */
		if ((r->error & X86_PF_I) &&
		    ukarch_page_get_prot(r->rsp) > 0)
			ukplat_ksym_print("  return address at RSP:",
				  *(unsigned long *)r->rsp);
	} else if (vec == 8 && ukarch_is_stack_guard(read_cr2())) {
		uk_printf("  cause: stack overflow in %s (guard page hit at 0x%lx)\n",
			  ukarch_stack_guard_owner(read_cr2()), read_cr2());
	}
	ukarch_dump_regs(r);
	uk_printf("Backtrace:\n");
	ukplat_ksym_print("  #0", r->rip);
	ukplat_backtrace_print(r->rbp);
	if (sig)
		ukplat_crash_signal(sig);
	ukplat_crash();
}

void ukarch_irq_entry_set(ukarch_irq_entry_func_t fn)
{
	irq_entry = fn;
}

/*
 * The interrupted code's x87/SSE state is kept across the handlers: they
 * may call C library code built with SSE (in a musl image, printing is
 * musl's). A switch to another thread from the exit hook saves and
 * restores the state it finds, so this copy is still the one to put back.
 */
void x86_irq_handler(struct __regs *r);
void x86_irq_handler(struct __regs *r)
{
	struct {
		uint8_t b[X86_FXSAVE_SIZE];
	} __aligned(16) fpu;

	/* before the platform takes over, interrupts are off and masked */
	if (unlikely(!irq_entry))
		return;
	__asm__ __volatile__("fxsave64 %0" : "=m"(fpu));
	irq_entry(r);
	__asm__ __volatile__("fxrstor64 %0" : : "m"(fpu));
}
