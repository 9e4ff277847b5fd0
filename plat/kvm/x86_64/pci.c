/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI enumeration at boot (q35, pc): configuration space through the
 * 0xcf8/0xcfc ports, buses 0.. reached through PCI-to-PCI bridges. Each
 * function becomes a ukplat_bus_device with its memory BARs (sized with
 * decoding switched off, as the firmware assigned them) and its legacy
 * interrupt: the ISA IRQ in the Interrupt Line register, as the firmware
 * routed it, taken to its GSI through the MADT overrides (QEMU marks the
 * PCI IRQs level-triggered there). Machines without a host bridge
 * (microvm) read all-ones and yield nothing. Drivers may switch a function
 * to MSI-X instead: its table, checked to lie inside a mapped BAR, is
 * pointed at MSI lines (msi.c) and INTx is disabled.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/asm/cpu.h>
#include <uk/plat/bus.h>
#include <uk/plat/msi.h>
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
#define PCI_STATUS		0x06
#define PCI_CLASS_REV		0x08
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_SECONDARY_BUS	0x19
#define PCI_SUBSYS_VENDOR	0x2c
#define PCI_CAP_PTR		0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_HEADER_MULTIFN	0x80
#define PCI_HEADER_MASK		0x7f
#define PCI_HEADER_NORMAL	0
#define PCI_HEADER_BRIDGE	1
#define PCI_CMD_IO		0x1
#define PCI_CMD_MEM		0x2
#define PCI_CMD_INTX_DISABLE	0x400
#define PCI_STATUS_CAPS		0x10
#define PCI_CAPS_MAX		48	/* a loop in the list stops here */
#define PCI_BAR_IO		0x1
#define PCI_BAR_TYPE_MASK	0x6
#define PCI_BAR_TYPE_64		0x4
#define PCI_BAR_MEM_MASK	(~0xfULL)
#define PCI_IRQ_NONE		0xff
#define ISA_IRQS		16

/* MSI-X capability (PCI 3.0, 6.8.2) and its table entries */
#define PCI_CAP_MSIX		0x11
#define MSIX_CTRL		2
#define MSIX_TABLE		4
#define MSIX_CTRL_SIZE_MASK	0x7ff	/* table size - 1 */
#define MSIX_CTRL_MASKALL	0x4000
#define MSIX_CTRL_ENABLE	0x8000
#define MSIX_BIR_MASK		0x7
#define MSIX_ENTRY_SIZE		16
#define MSIX_ENTRY_ADDR_LO	0
#define MSIX_ENTRY_ADDR_HI	4
#define MSIX_ENTRY_DATA		8
#define MSIX_ENTRY_CTRL		12
#define MSIX_ENTRY_MASKED	0x1

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

/* Offset of @d's capability @id in configuration space, 0 if none. */
static unsigned int cap_find(const struct ukplat_bus_device *d, uint8_t id)
{
	unsigned int cap, n;

	if (!(ukplat_pci_cfg_read16(d, PCI_STATUS) & PCI_STATUS_CAPS))
		return 0;
	cap = ukplat_pci_cfg_read8(d, PCI_CAP_PTR) & 0xfc;
	for (n = 0; cap >= 0x40 && n < PCI_CAPS_MAX; n++) {
		if (ukplat_pci_cfg_read8(d, cap) == id)
			return cap;
		cap = ukplat_pci_cfg_read8(d, cap + 1) & 0xfc;
	}
	return 0;
}

/*
 * @d's MSI-X capability: its offset in *@cap, the table's address in
 * *@table (inside a mapped memory BAR, checked); the table size or
 * -ENODEV. The pending-bit array is never read, so it is not checked.
 */
static int msix_find(const struct ukplat_bus_device *d, unsigned int *cap,
		     uintptr_t *table)
{
	unsigned int size, bir;
	uint32_t v;
	uint64_t off;

	*cap = cap_find(d, PCI_CAP_MSIX);
	if (!*cap)
		return -ENODEV;
	size = (ukplat_pci_cfg_read16(d, *cap + MSIX_CTRL) &
		MSIX_CTRL_SIZE_MASK) + 1;
	v = ukplat_pci_cfg_read32(d, *cap + MSIX_TABLE);
	bir = v & MSIX_BIR_MASK;
	off = v & ~MSIX_BIR_MASK;
	if (bir >= UKPLAT_PCI_BARS || !d->bar_size[bir] ||
	    off + (uint64_t)size * MSIX_ENTRY_SIZE > d->bar_size[bir]) {
		uk_pr_warn("pci %02x:%02x.%x: MSI-X table (BAR %u, offset 0x%lx, %u entries) outside its BAR; MSI-X not used\n",
			   d->bus, d->dev, d->fn, bir, (unsigned long)off,
			   size);
		return -ENODEV;
	}
	*table = d->bar_base[bir] + off;
	return size;
}

int ukplat_pci_msix_count(const struct ukplat_bus_device *d)
{
	unsigned int cap;
	uintptr_t table;

	UK_ASSERT(d->type == UKPLAT_BUS_PCI);
	return msix_find(d, &cap, &table);
}

static void msix_entry_mask(uintptr_t table, unsigned int i)
{
	mmio_write32(table + i * MSIX_ENTRY_SIZE + MSIX_ENTRY_CTRL,
		     MSIX_ENTRY_MASKED);
}

int ukplat_pci_msix_enable(const struct ukplat_bus_device *d,
			   unsigned long *lines, unsigned int n)
{
	unsigned int cap, i;
	uintptr_t table, e;
	uint64_t addr;
	uint32_t data;
	uint16_t ctrl;
	int rc;

	UK_ASSERT(d->type == UKPLAT_BUS_PCI && lines);
	rc = msix_find(d, &cap, &table);
	if (rc < 0)
		return rc;
	if (n == 0 || n > (unsigned int)rc)
		return -EINVAL;
	/* the table is in memory space */
	ukplat_pci_cfg_write16(d, PCI_COMMAND,
			       ukplat_pci_cfg_read16(d, PCI_COMMAND) |
			       PCI_CMD_MEM);
	for (i = 0; i < n; i++) {
		rc = ukplat_msi_alloc(&lines[i], &addr, &data);
		if (rc < 0)
			goto out_free;
		e = table + i * MSIX_ENTRY_SIZE;
		msix_entry_mask(table, i);
		mmio_write32(e + MSIX_ENTRY_ADDR_LO, (uint32_t)addr);
		mmio_write32(e + MSIX_ENTRY_ADDR_HI, addr >> 32);
		mmio_write32(e + MSIX_ENTRY_DATA, data);
		mmio_write32(e + MSIX_ENTRY_CTRL, 0);
	}
	ukplat_pci_cfg_write16(d, PCI_COMMAND,
			       ukplat_pci_cfg_read16(d, PCI_COMMAND) |
			       PCI_CMD_INTX_DISABLE);
	ctrl = ukplat_pci_cfg_read16(d, cap + MSIX_CTRL);
	ukplat_pci_cfg_write16(d, cap + MSIX_CTRL,
			       (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);
	return 0;
out_free:
	while (i--) {
		msix_entry_mask(table, i);
		ukplat_msi_free(lines[i]);
	}
	return rc;
}

void ukplat_pci_msix_disable(const struct ukplat_bus_device *d,
			     const unsigned long *lines, unsigned int n)
{
	unsigned int cap, i;
	uintptr_t table;
	uint16_t ctrl;
	int size;

	UK_ASSERT(d->type == UKPLAT_BUS_PCI && lines);
	size = msix_find(d, &cap, &table);
	UK_ASSERT(size >= 0 && n <= (unsigned int)size);
	ctrl = ukplat_pci_cfg_read16(d, cap + MSIX_CTRL);
	ukplat_pci_cfg_write16(d, cap + MSIX_CTRL,
			       ctrl & ~(MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL));
	for (i = 0; i < n; i++) {
		msix_entry_mask(table, i);
		ukplat_msi_free(lines[i]);
	}
	ukplat_pci_cfg_write16(d, PCI_COMMAND,
			       ukplat_pci_cfg_read16(d, PCI_COMMAND) &
			       ~PCI_CMD_INTX_DISABLE);
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
