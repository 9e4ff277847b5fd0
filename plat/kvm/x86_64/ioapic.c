/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOAPICs: device interrupt lines. The ACPI MADT lists each IOAPIC (address
 * and first GSI) and the ISA interrupt source overrides (ISA IRQ -> GSI,
 * polarity, trigger); without a MADT, one IOAPIC at the standard address
 * serving GSI 0.. is assumed (QEMU's pc, q35 and microvm all have it).
 * GSI g is line g and arrives on vector X86_LINE_VECTOR_BASE + g at the
 * boot CPU. Inputs start masked; ISA inputs are edge-triggered and active
 * high unless overridden, inputs from GSI 16 on (PCI, virtio-mmio) level-
 * triggered and active high, as QEMU wires them; x86_ioapic_set_mode()
 * changes that for a driver that knows better.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <kvm/memory.h>
#include "x86_64.h"

#define IOAPIC_MAX		4	/* QEMU's microvm has up to two */
#define IOAPIC_DEFAULT_BASE	0xfec00000ULL
#define IOAPIC_MMIO_SIZE	0x1000
#define IOAPIC_REGSEL		0	/* uint32_t index of IOREGSEL */
#define IOAPIC_WINDOW		4	/* uint32_t index of IOWIN (0x10) */
#define IOAPIC_REG_VERSION	0x01
#define IOAPIC_REG_RTE		0x10	/* 2 registers per input */
#define IOAPIC_VERSION_MAXRTE(v) (((v) >> 16) & 0xff)
#define IOAPIC_RTE_ACTIVE_LOW	(1U << 13)
#define IOAPIC_RTE_LEVEL	(1U << 15)
#define IOAPIC_RTE_MASKED	(1U << 16)
#define IOAPIC_RTE_DEST_SHIFT	24	/* of the high word: physical APIC ID */
#define ISA_IRQS		16
#define GSI_FIRST_PCI		16

/* MADT interrupt source override flags (MPS INTI). */
#define MPS_POLARITY_MASK	0x3
#define MPS_POLARITY_LOW	0x3
#define MPS_TRIGGER_MASK	0xc
#define MPS_TRIGGER_LEVEL	0xc

struct ioapic {
	uint64_t base;
	unsigned int gsi_base;
	unsigned int pins;		/* 0 until probed */
	volatile uint32_t *mmio;
};

static struct ioapic ioapics[IOAPIC_MAX];
static unsigned int ioapic_count;
static uint8_t isa_gsi[ISA_IRQS];
static uint32_t gsi_mode[X86_IRQ_GSI_MAX];	/* IOAPIC_RTE_LEVEL | _LOW */
static uint64_t gsi_masked = ~0ULL;
static uint32_t dest_apic_id;

UK_CTASSERT(X86_IRQ_GSI_MAX <= 64);	/* gsi_masked has 64 bits */

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	io->mmio[IOAPIC_REGSEL] = reg;
	return io->mmio[IOAPIC_WINDOW];
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->mmio[IOAPIC_REGSEL] = reg;
	io->mmio[IOAPIC_WINDOW] = v;
}

static struct ioapic *ioapic_of(unsigned int gsi)
{
	unsigned int i;

	for (i = 0; i < ioapic_count; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi - ioapics[i].gsi_base < ioapics[i].pins)
			return &ioapics[i];
	return NULL;
}

static void ioapic_add(uint64_t base, unsigned int gsi_base)
{
	if (ioapic_count == IOAPIC_MAX || gsi_base >= X86_IRQ_GSI_MAX) {
		uk_pr_warn("IOAPIC at 0x%lx (GSI %u) ignored\n",
			   (unsigned long)base, gsi_base);
		return;
	}
	ioapics[ioapic_count].base = base;
	ioapics[ioapic_count].gsi_base = gsi_base;
	ioapic_count++;
}

static void madt_ioapic(void *arg __maybe_unused, uint64_t base,
			uint32_t gsi_base)
{
	ioapic_add(base, gsi_base);
}

static void madt_iso(void *arg __maybe_unused, uint8_t src, uint32_t gsi,
		     uint16_t flags)
{
	if (src >= ISA_IRQS || gsi >= X86_IRQ_GSI_MAX)
		return;
	isa_gsi[src] = gsi;
	gsi_mode[gsi] = 0;
	if ((flags & MPS_POLARITY_MASK) == MPS_POLARITY_LOW)
		gsi_mode[gsi] |= IOAPIC_RTE_ACTIVE_LOW;
	if ((flags & MPS_TRIGGER_MASK) == MPS_TRIGGER_LEVEL)
		gsi_mode[gsi] |= IOAPIC_RTE_LEVEL;
}

static const struct x86_madt_ops madt_ops = {
	.ioapic = madt_ioapic,
	.iso = madt_iso,
};

int x86_ioapic_early(uint64_t rsdp)
{
	const struct acpi_sdt_hdr *madt;
	const char *err;
	unsigned int i;
	int rc;

	for (i = 0; i < ISA_IRQS; i++)
		isa_gsi[i] = i;
	for (i = GSI_FIRST_PCI; i < X86_IRQ_GSI_MAX; i++)
		gsi_mode[i] = IOAPIC_RTE_LEVEL;
	madt = x86_acpi_find(rsdp, "APIC");
	if (madt && x86_acpi_madt_walk(madt, &madt_ops, NULL, &err) < 0)
		uk_pr_warn("ACPI: bad MADT: %s\n", err);
	if (!ioapic_count) {
		uk_pr_debug("no IOAPIC in the MADT: assuming one at 0x%lx\n",
			    (unsigned long)IOAPIC_DEFAULT_BASE);
		ioapic_add(IOAPIC_DEFAULT_BASE, 0);
	}
	for (i = 0; i < ioapic_count; i++) {
		rc = kvm_mmio_add(ioapics[i].base, IOAPIC_MMIO_SIZE);
		if (rc < 0) {
			uk_pr_crit("cannot map the IOAPIC at 0x%lx (%d)\n",
				   (unsigned long)ioapics[i].base, rc);
			return rc;
		}
	}
	return 0;
}

static void rte_write(unsigned int gsi)
{
	struct ioapic *io = ioapic_of(gsi);
	unsigned int pin;
	uint32_t lo;

	if (!io)
		return;
	pin = gsi - io->gsi_base;
	lo = (X86_LINE_VECTOR_BASE + gsi) | gsi_mode[gsi];
	if (gsi_masked & (1ULL << gsi))
		lo |= IOAPIC_RTE_MASKED;
	/* masked while the destination changes, then the final word */
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, IOAPIC_RTE_MASKED);
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin + 1,
		     dest_apic_id << IOAPIC_RTE_DEST_SHIFT);
	ioapic_write(io, IOAPIC_REG_RTE + 2 * pin, lo);
}

void x86_ioapic_init(uint32_t apic_id)
{
	unsigned int i, gsi;

	dest_apic_id = apic_id;
	for (i = 0; i < ioapic_count; i++) {
		struct ioapic *io = &ioapics[i];
		uint32_t ver;

		io->mmio = (volatile uint32_t *)io->base;
		ver = ioapic_read(io, IOAPIC_REG_VERSION);
		if (ver == 0 || ver == 0xffffffff) {
			uk_pr_debug("no IOAPIC answers at 0x%lx\n",
				    (unsigned long)io->base);
			continue;
		}
		io->pins = UK_MIN(IOAPIC_VERSION_MAXRTE(ver) + 1,
				  X86_IRQ_GSI_MAX - io->gsi_base);
		for (gsi = io->gsi_base; gsi < io->gsi_base + io->pins; gsi++)
			rte_write(gsi);
		uk_pr_debug("IOAPIC at 0x%lx: GSI %u-%u\n",
			    (unsigned long)io->base, io->gsi_base,
			    io->gsi_base + io->pins - 1);
	}
}

int x86_ioapic_gsi_valid(unsigned int gsi)
{
	return gsi < X86_IRQ_GSI_MAX && ioapic_of(gsi) != NULL;
}

void x86_ioapic_mask(unsigned int gsi, bool masked)
{
	if (!x86_ioapic_gsi_valid(gsi))
		return;
	if (masked)
		gsi_masked |= 1ULL << gsi;
	else
		gsi_masked &= ~(1ULL << gsi);
	rte_write(gsi);
}

unsigned int x86_ioapic_isa_gsi(unsigned int irq)
{
	return irq < ISA_IRQS ? isa_gsi[irq] : irq;
}

int x86_ioapic_set_mode(unsigned int gsi, bool level, bool low)
{
	if (!x86_ioapic_gsi_valid(gsi))
		return -EINVAL;
	gsi_mode[gsi] = (level ? IOAPIC_RTE_LEVEL : 0) |
			(low ? IOAPIC_RTE_ACTIVE_LOW : 0);
	rte_write(gsi);
	return 0;
}
