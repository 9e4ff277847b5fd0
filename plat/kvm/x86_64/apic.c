/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt controllers: the legacy 8259 PIC pair is remapped away from
 * the exception vectors and fully masked; the local APIC runs in x2APIC
 * mode (MSRs) when CPUID offers it, else in xAPIC mode (MMIO; QEMU's TCG
 * has no x2APIC); device lines come through the IOAPIC (ioapic.c) or as
 * messages straight to the local APIC (MSI lines, msi.c). The
 * interrupt entry installed here maps a vector to its line, runs the
 * line's handlers (common/irq.c), signals end-of-interrupt and then lets
 * deferred work run.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/irq.h>
#include <kvm/irq.h>
#include <kvm/memory.h>
#include "x86_64.h"

#define CPUID1_ECX_X2APIC	(1U << 21)

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_EXTD		(1ULL << 10)	/* x2APIC mode */
#define APIC_BASE_EN		(1ULL << 11)
#define APIC_BASE_ADDR_MASK	0x000ffffffffff000ULL
#define MSR_X2APIC_FIRST	0x800
#define APIC_SVR_ENABLE		(1U << 8)
#define APIC_MMIO_SIZE		0x1000

/* 8259 PIC pair: command and data ports, initialization words. */
#define PIC1_CMD		0x20
#define PIC1_DATA		0x21
#define PIC2_CMD		0xa0
#define PIC2_DATA		0xa1
#define PIC_ICW1_INIT_ICW4	0x11
#define PIC_ICW3_MASTER		0x04	/* slave on IRQ 2 */
#define PIC_ICW3_SLAVE		0x02	/* cascade identity */
#define PIC_ICW4_8086		0x01
#define PIC_MASK_ALL		0xff
#define PIC_IRQS		16

static bool x2apic;
static volatile uint32_t *xapic_mmio;	/* xAPIC mode only */
static bool stray_warned;

uint32_t x86_lapic_read(unsigned int reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return xapic_mmio[reg / sizeof(uint32_t)];
}

void x86_lapic_write(unsigned int reg, uint32_t val)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), val);
	else
		xapic_mmio[reg / sizeof(uint32_t)] = val;
}

uint32_t x86_lapic_id(void)
{
	uint32_t id = x86_lapic_read(APIC_REG_ID);

	return x2apic ? id : id >> 24;
}

static void lapic_eoi(void)
{
	x86_lapic_write(APIC_REG_EOI, 0);
}

const char *x86_lapic_mode(void)
{
	return x2apic ? "x2APIC" : "xAPIC";
}

int x86_intctlr_early(uint64_t rsdp)
{
	uint32_t a, b, c, d;
	uint64_t base = rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR_MASK;
	int rc;

	cpuid(1, 0, &a, &b, &c, &d);
	x2apic = !!(c & CPUID1_ECX_X2APIC);
	if (!x2apic) {
		rc = kvm_mmio_add(base, APIC_MMIO_SIZE);
		if (rc < 0) {
			uk_pr_crit("cannot map the local APIC at 0x%lx (%d)\n",
				   (unsigned long)base, rc);
			return rc;
		}
		xapic_mmio = (volatile uint32_t *)base;
	}
	return x86_ioapic_early(rsdp);
}

static void pic_disable(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC2_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC1_DATA, X86_PIC_VECTOR_BASE);
	outb(PIC2_DATA, X86_PIC_VECTOR_BASE + 8);
	outb(PIC1_DATA, PIC_ICW3_MASTER);
	outb(PIC2_DATA, PIC_ICW3_SLAVE);
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, PIC_MASK_ALL);
	outb(PIC2_DATA, PIC_MASK_ALL);
}

static void lapic_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	base |= APIC_BASE_EN;
	if (x2apic)
		base |= APIC_BASE_EXTD;
	wrmsr(MSR_APIC_BASE, base);

	x86_lapic_write(APIC_REG_SVR,
			APIC_SVR_ENABLE | X86_APIC_SPURIOUS_VECTOR);
	x86_lapic_write(APIC_REG_TPR, 0);
	/* the PIC's virtual-wire input and local sources stay off */
	x86_lapic_write(APIC_REG_LVT_LINT0, APIC_LVT_MASKED);
	x86_lapic_write(APIC_REG_LVT_LINT1, APIC_LVT_DM_NMI);
	x86_lapic_write(APIC_REG_LVT_ERROR, APIC_LVT_MASKED);
	x86_lapic_write(APIC_REG_LVT_PERF, APIC_LVT_MASKED);
	x86_lapic_write(APIC_REG_LVT_THERMAL, APIC_LVT_MASKED);
	x86_lapic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	x86_lapic_write(APIC_REG_ESR, 0);
	/* anything latched before we took over is acknowledged */
	lapic_eoi();
}

static void x86_irq_entry(struct __regs *regs)
{
	unsigned long vec = regs->vector;
	unsigned long line = vec - X86_LINE_VECTOR_BASE;

	/* spurious (APIC, or IRQ 7/15 of the masked PIC): no EOI */
	if (vec == X86_APIC_SPURIOUS_VECTOR ||
	    (vec >= X86_PIC_VECTOR_BASE &&
	     vec < X86_PIC_VECTOR_BASE + PIC_IRQS))
		return;
	if (vec < X86_LINE_VECTOR_BASE || line >= X86_IRQ_LINES) {
		if (!stray_warned) {
			stray_warned = true;
			uk_pr_warn("interrupt on unused vector %lu\n", vec);
		}
		lapic_eoi();
		return;
	}
	if ((line == X86_IRQ_LINE_TIMER && !x86_timer_irq_due()) ||
	    (line >= X86_IRQ_MSI_FIRST && !x86_msi_arrived(line))) {
		lapic_eoi();
		return;
	}
	kvm_irq_handle(line);
	lapic_eoi();
	kvm_irq_exit(regs);
}

int x86_intctlr_init(void)
{
	pic_disable();
	lapic_enable();
	x86_ioapic_init(x86_lapic_id());
	ukarch_irq_entry_set(x86_irq_entry);
	return 0;
}

int kvm_intctlr_line_valid(unsigned long line)
{
	if (line == X86_IRQ_LINE_TIMER)
		return 1;
	if (line >= X86_IRQ_MSI_FIRST)
		return x86_msi_line_valid(line);
	return line < X86_IRQ_GSI_MAX && x86_ioapic_gsi_valid(line);
}

void kvm_intctlr_mask(unsigned long line)
{
	if (line == X86_IRQ_LINE_TIMER)
		x86_timer_mask(true);
	else if (line >= X86_IRQ_MSI_FIRST)
		x86_msi_mask(line, true);
	else
		x86_ioapic_mask(line, true);
}

void kvm_intctlr_unmask(unsigned long line)
{
	if (line == X86_IRQ_LINE_TIMER)
		x86_timer_mask(false);
	else if (line >= X86_IRQ_MSI_FIRST)
		x86_msi_mask(line, false);
	else
		x86_ioapic_mask(line, false);
}
