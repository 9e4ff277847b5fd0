/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devices the platform found on its buses, for the drivers under
 * plat/drivers. The platform discovers them at boot, before the final
 * page tables are built, and maps their register windows (read/write,
 * never executable): virtio-mmio transports from the device tree
 * (riscv64 virt) or from the virtio_mmio.device= options that QEMU's
 * microvm appends to the command line (removed from it, so that they
 * never reach a program's argv); PCI functions by enumeration (x86_64,
 * configuration space through ports 0xcf8/0xcfc), every memory BAR
 * mapped. Drivers look the list up; nothing here binds a driver.
 *
 * Error policy: lookups return NULL / -ENODEV for what is not there;
 * configuration-space accessors take a function from the list and an
 * offset below 256 (asserted) and may be called from any context; the
 * MSI-X calls return a negative errno for what the device or the
 * platform cannot give, and are not for interrupt context.
 */
#ifndef __UK_PLAT_BUS_H__
#define __UK_PLAT_BUS_H__

#include <uk/essentials.h>

#define UKPLAT_BUS_VIRTIO_MMIO	1	/* a virtio-mmio register window */
#define UKPLAT_BUS_PCI		2	/* a PCI function */

#define UKPLAT_PCI_BARS		6

struct ukplat_bus_device {
	int type;			/* UKPLAT_BUS_* */
	/* interrupt line for ukplat_irq_register(), -1: none */
	long irq;
	/* VIRTIO_MMIO: the register window */
	uint64_t base, size;
	/* PCI */
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_device;
	uint32_t class_rev;		/* class << 8 | revision */
	/* memory BARs (size 0: none or I/O); 64-bit BARs fill the first */
	uint64_t bar_base[UKPLAT_PCI_BARS];
	uint64_t bar_size[UKPLAT_PCI_BARS];
};

/* Number of devices found; they are numbered 0 .. count - 1. */
unsigned int ukplat_bus_count(void);

/* Device @i, or NULL past the end. */
const struct ukplat_bus_device *ukplat_bus_get(unsigned int i);

/* PCI configuration space of @d (a UKPLAT_BUS_PCI device). */
uint32_t ukplat_pci_cfg_read32(const struct ukplat_bus_device *d,
			       unsigned int off);
uint16_t ukplat_pci_cfg_read16(const struct ukplat_bus_device *d,
			       unsigned int off);
uint8_t ukplat_pci_cfg_read8(const struct ukplat_bus_device *d,
			     unsigned int off);
void ukplat_pci_cfg_write16(const struct ukplat_bus_device *d,
			    unsigned int off, uint16_t v);

/*
 * MSI-X of @d (x86_64): the number of entries in its table, or -ENODEV
 * without the capability or with a table outside its mapped BAR.
 */
int ukplat_pci_msix_count(const struct ukplat_bus_device *d);

/*
 * Take @n MSI lines (uk/plat/msi.h) into @lines[0..@n-1], point table
 * entries 0..@n-1 at them, enable MSI-X and disable INTx. 0, -ENODEV
 * (no usable table), -EINVAL (@n is 0 or beyond the table) or the error
 * of ukplat_msi_alloc(); nothing stays allocated or enabled on failure.
 */
int ukplat_pci_msix_enable(const struct ukplat_bus_device *d,
			   unsigned long *lines, unsigned int n);

/*
 * Undo ukplat_pci_msix_enable() (no handlers left on @lines): MSI-X off,
 * the entries masked, the lines freed, INTx enabled again.
 */
void ukplat_pci_msix_disable(const struct ukplat_bus_device *d,
			     const unsigned long *lines, unsigned int n);

#endif /* __UK_PLAT_BUS_H__ */
