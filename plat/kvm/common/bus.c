/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The devices the boot code found (include/uk/plat/bus.h): a fixed table
 * filled before the final page tables are built, each device's register
 * windows recorded for mapping as it is added.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/bus.h>
#include <kvm/memory.h>
#include <kvm/setup.h>

static struct ukplat_bus_device devices[KVM_BUS_MAX];
static unsigned int device_count;

static int window_add(uint64_t base, uint64_t size)
{
	int rc;

	if (!size)
		return 0;
	rc = kvm_mmio_add(base, size);
	if (rc < 0)
		uk_pr_err("bus: device window [0x%lx +0x%lx] not mapped (%d)\n",
			  (unsigned long)base, (unsigned long)size, rc);
	return rc;
}

int kvm_bus_add(const struct ukplat_bus_device *d)
{
	unsigned int i;
	int rc;

	if (device_count == KVM_BUS_MAX) {
		uk_pr_warn("bus: more than %d devices, the rest is ignored\n",
			   KVM_BUS_MAX);
		return -ENOSPC;
	}
	if (d->type == UKPLAT_BUS_VIRTIO_MMIO) {
		rc = window_add(d->base, d->size);
		if (rc < 0)
			return rc;
	}
	for (i = 0; d->type == UKPLAT_BUS_PCI && i < UKPLAT_PCI_BARS; i++) {
		rc = window_add(d->bar_base[i], d->bar_size[i]);
		if (rc < 0)
			return rc;
	}
	devices[device_count++] = *d;
	return 0;
}

unsigned int ukplat_bus_count(void)
{
	return device_count;
}

const struct ukplat_bus_device *ukplat_bus_get(unsigned int i)
{
	return i < device_count ? &devices[i] : NULL;
}
