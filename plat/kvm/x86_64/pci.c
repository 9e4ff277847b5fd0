/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI enumeration at boot (q35, pc): configuration space through the
 * 0xcf8/0xcfc ports, buses 0.. reached through PCI-to-PCI bridges. Each
 * function becomes a ukplat_bus_device with its memory BARs (sized with
 * decoding switched off, as the firmware assigned them) and its legacy
 * interrupt: the ISA IRQ in the Interrupt Line register, as the firmware
 * routed it, taken to its GSI through the MADT overrides (QEMU marks the
 * PCI IRQs level-triggered there). Machines without a host bridge
 * (microvm) read all-ones and yield nothing.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/asm/cpu.h>
#include <uk/plat/bus.h>
#include <kvm/setup.h>
#include "x86_64.h"

#define PCI_CONFIG_ADDR		0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_ENABLE		0x80000000U
#define PCI_BUSES		256
#define PCI_DEVICES		32
#define PCI_FUNCTIONS		8
#define PCI_CFG_SIZE		256

#define PCI_VENDOR		0x00
#define PCI_COMMAND		0x04
#define PCI_CLASS_REV		0x08
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBSYS_VENDOR	0x2c
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_HEADER_MULTIFN	0x80
#define PCI_HEADER_MASK		0x7f
#define PCI_HEADER_NORMAL	0
#define PCI_HEADER_BRIDGE	1
#define PCI_CMD_IO		0x1
#define PCI_CMD_MEM		0x2
#define PCI_BAR_IO		0x1
#define PCI_BAR_TYPE_MASK	0x6
#define PCI_BAR_TYPE_64		0x4
#define PCI_BAR_MEM_MASK	(~0xfULL)
#define PCI_IRQ_NONE		0xff
#define ISA_IRQS		16

static uint32_t cfg_addr(unsigned int bus, unsigned int dev, unsigned int fn,
			 unsigned int off)
{
	return PCI_ENABLE | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc);
}

static uint32_t cfg_read(unsigned int bus, unsigned int dev, unsigned int fn,
			 unsigned int off)
{
	outl(PCI_CONFIG_ADDR, cfg_addr(bus, dev, fn, off));
	return inl(PCI_CONFIG_DATA);
}

static void cfg_write(unsigned int bus, unsigned int dev, unsigned int fn,
		      unsigned int off, uint32_t v)
{
	outl(PCI_CONFIG_ADDR, cfg_addr(bus, dev, fn, off));
	outl(PCI_CONFIG_DATA, v);
}

uint32_t ukplat_pci_cfg_read32(const struct ukplat_bus_device *d,
			       unsigned int off)
{
	UK_ASSERT(d->type == UKPLAT_BUS_PCI && off < PCI_CFG_SIZE);
	return cfg_read(d->bus, d->dev, d->fn, off);
}

uint16_t ukplat_pci_cfg_read16(const struct ukplat_bus_device *d,
			       unsigned int off)
{
	return ukplat_pci_cfg_read32(d, off) >> (8 * (off & 2));
}

uint8_t ukplat_pci_cfg_read8(const struct ukplat_bus_device *d,
			     unsigned int off)
{
	return ukplat_pci_cfg_read32(d, off) >> (8 * (off & 3));
}

void ukplat_pci_cfg_write16(const struct ukplat_bus_device *d,
			    unsigned int off, uint16_t v)
{
	unsigned int shift = 8 * (off & 2);
	uint32_t w;

	UK_ASSERT(d->type == UKPLAT_BUS_PCI && off < PCI_CFG_SIZE);
	w = cfg_read(d->bus, d->dev, d->fn, off);
	w = (w & ~(0xffffU << shift)) | (uint32_t)v << shift;
	cfg_write(d->bus, d->dev, d->fn, off, w);
}

/* Size the memory BARs of @d (decoding off meanwhile). */
static void bars_read(struct ukplat_bus_device *d)
{
	uint32_t cmd = cfg_read(d->bus, d->dev, d->fn, PCI_COMMAND);
	unsigned int i, off;

	cfg_write(d->bus, d->dev, d->fn, PCI_COMMAND,
		  cmd & ~(PCI_CMD_IO | PCI_CMD_MEM) & 0xffff);
	for (i = 0; i < UKPLAT_PCI_BARS; i++) {
		uint64_t base, mask;
		bool is64;

		off = PCI_BAR0 + 4 * i;
		base = cfg_read(d->bus, d->dev, d->fn, off);
		if (base & PCI_BAR_IO)
			continue;
		is64 = (base & PCI_BAR_TYPE_MASK) == PCI_BAR_TYPE_64 &&
		       i + 1 < UKPLAT_PCI_BARS;
		cfg_write(d->bus, d->dev, d->fn, off, ~0U);
		mask = cfg_read(d->bus, d->dev, d->fn, off);
		cfg_write(d->bus, d->dev, d->fn, off, (uint32_t)base);
		if (is64) {
			uint64_t hi = cfg_read(d->bus, d->dev, d->fn, off + 4);

			cfg_write(d->bus, d->dev, d->fn, off + 4, ~0U);
			mask |= (uint64_t)cfg_read(d->bus, d->dev, d->fn,
						   off + 4) << 32;
			cfg_write(d->bus, d->dev, d->fn, off + 4,
				  (uint32_t)hi);
			base |= hi << 32;
		} else {
			mask |= ~0ULL << 32;
		}
		mask &= PCI_BAR_MEM_MASK;
		base &= PCI_BAR_MEM_MASK;
		if (mask && base) {	/* unassigned BARs stay unmapped */
			d->bar_base[i] = base;
			d->bar_size[i] = ~mask + 1;
		}
		if (is64)
			i++;
	}
	cfg_write(d->bus, d->dev, d->fn, PCI_COMMAND, cmd & 0xffff);
}

static void function_add(unsigned int bus, unsigned int dev, unsigned int fn,
			 uint32_t id)
{
	struct ukplat_bus_device d = { .type = UKPLAT_BUS_PCI, .irq = -1 };
	uint32_t v;
	uint8_t line;

	d.bus = bus;
	d.dev = dev;
	d.fn = fn;
	d.vendor = id & 0xffff;
	d.device = id >> 16;
	d.class_rev = cfg_read(bus, dev, fn, PCI_CLASS_REV);
	v = cfg_read(bus, dev, fn, PCI_SUBSYS_VENDOR);
	d.subsys_vendor = v & 0xffff;
	d.subsys_device = v >> 16;
	line = cfg_read(bus, dev, fn, PCI_INTERRUPT_LINE) & 0xff;
	if (line < ISA_IRQS)
		d.irq = x86_ioapic_isa_gsi(line);
	bars_read(&d);
	uk_pr_debug("pci %02x:%02x.%x: %04x:%04x class %06x irq %ld\n", bus,
		    dev, fn, d.vendor, d.device, d.class_rev >> 8, d.irq);
	kvm_bus_add(&d);
}

static void bus_scan(unsigned int bus, unsigned int depth)
{
	unsigned int dev, fn, nfn;
	uint32_t id, hdr;

	for (dev = 0; dev < PCI_DEVICES; dev++) {
		nfn = 1;
		for (fn = 0; fn < nfn; fn++) {
			id = cfg_read(bus, dev, fn, PCI_VENDOR);
			if ((id & 0xffff) == 0xffff)
				continue;
			hdr = cfg_read(bus, dev, fn, PCI_HEADER_TYPE & ~3) >>
			      16 & 0xff;
			if (fn == 0 && (hdr & PCI_HEADER_MULTIFN))
				nfn = PCI_FUNCTIONS;
			if ((hdr & PCI_HEADER_MASK) == PCI_HEADER_NORMAL) {
				function_add(bus, dev, fn, id);
			} else if ((hdr & PCI_HEADER_MASK) ==
				   PCI_HEADER_BRIDGE && depth < 8) {
				unsigned int sec = cfg_read(bus, dev, fn,
					PCI_SECONDARY_BUS & ~3) >> 8 & 0xff;

				if (sec > bus)	/* never loop */
					bus_scan(sec, depth + 1);
			}
		}
	}
}

void x86_pci_init(void)
{
	bus_scan(0, 0);
}
