/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio transport, version 2 (virtio 1.x, 4.2): the register
 * windows the platform found (device tree on riscv64 virt; microvm's
 * command line on x86_64). Version 1 (legacy) windows are refused:
 * QEMU offers version 2 with -global virtio-mmio.force-legacy=false.
 * The window's size bounds the device configuration (from 0x100).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/alloc.h>
#include <uk/asm/cpu.h>
#include <uk/plat/bus.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/virtio.h>

#define MMIO_MAGIC		0x000
#define MMIO_VERSION		0x004
#define MMIO_DEVICE_ID		0x008
#define MMIO_DEVICE_FEATURES	0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES	0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL		0x030
#define MMIO_QUEUE_NUM_MAX	0x034
#define MMIO_QUEUE_NUM		0x038
#define MMIO_QUEUE_READY	0x044
#define MMIO_QUEUE_NOTIFY	0x050
#define MMIO_INTERRUPT_STATUS	0x060
#define MMIO_INTERRUPT_ACK	0x064
#define MMIO_STATUS		0x070
#define MMIO_QUEUE_DESC_LOW	0x080
#define MMIO_QUEUE_DESC_HIGH	0x084
#define MMIO_QUEUE_DRIVER_LOW	0x090
#define MMIO_QUEUE_DRIVER_HIGH	0x094
#define MMIO_QUEUE_DEVICE_LOW	0x0a0
#define MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define MMIO_CONFIG_GENERATION	0x0fc
#define MMIO_CONFIG		0x100

#define MMIO_MAGIC_VALUE	0x74726976	/* "virt" */
#define MMIO_VERSION_MODERN	2
#define MMIO_VERSION_LEGACY	1
#define RESET_WAIT_NS		(100 * 1000 * 1000ULL)

struct mmio_dev {
	struct virtio_dev vdev;
	uintptr_t base;
	uint64_t size;
	long irq;
};

static struct mmio_dev *to_mmio(struct virtio_dev *dev)
{
	return dev->transport_priv;
}

static uint32_t rd(struct virtio_dev *dev, unsigned int reg)
{
	return mmio_read32(to_mmio(dev)->base + reg);
}

static void wr(struct virtio_dev *dev, unsigned int reg, uint32_t v)
{
	mmio_write32(to_mmio(dev)->base + reg, v);
}

static uint8_t mmio_status_get(struct virtio_dev *dev)
{
	return rd(dev, MMIO_STATUS) & 0xff;
}

static void mmio_status_set(struct virtio_dev *dev, uint8_t status)
{
	wr(dev, MMIO_STATUS, status);
}

static int mmio_reset(struct virtio_dev *dev)
{
	__nsec end = ukplat_monotonic_clock() + RESET_WAIT_NS;

	wr(dev, MMIO_STATUS, 0);
	while (rd(dev, MMIO_STATUS) != 0)
		if (ukplat_monotonic_clock() > end) {
			virtio_dev_broken(dev, "status not 0 after reset");
			return -EIO;
		}
	return 0;
}

static uint64_t mmio_features_get(struct virtio_dev *dev)
{
	uint64_t f;

	wr(dev, MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(dev, MMIO_DEVICE_FEATURES) << 32;
	wr(dev, MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(dev, MMIO_DEVICE_FEATURES);
}

static void mmio_features_set(struct virtio_dev *dev, uint64_t features)
{
	wr(dev, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(dev, MMIO_DRIVER_FEATURES, features >> 32);
	wr(dev, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(dev, MMIO_DRIVER_FEATURES, (uint32_t)features);
}

static uint32_t mmio_config_generation(struct virtio_dev *dev)
{
	return rd(dev, MMIO_CONFIG_GENERATION);
}

static int mmio_config_read(struct virtio_dev *dev, unsigned int off,
			    void *buf, unsigned int len)
{
	struct mmio_dev *m = to_mmio(dev);
	uint8_t *b = buf;
	unsigned int i;

	if (off + len < off || MMIO_CONFIG + (uint64_t)off + len > m->size)
		return -EINVAL;
	for (i = 0; i < len; i++)
		b[i] = mmio_read8(m->base + MMIO_CONFIG + off + i);
	return 0;
}

static uint16_t mmio_vq_max_size(struct virtio_dev *dev, uint16_t index)
{
	uint32_t max;

	wr(dev, MMIO_QUEUE_SEL, index);
	if (rd(dev, MMIO_QUEUE_READY))
		return 0;	/* in use already: not ours to set up */
	max = rd(dev, MMIO_QUEUE_NUM_MAX);
	return max > VIRTQUEUE_MAX_SIZE ? VIRTQUEUE_MAX_SIZE : max;
}

static void wr64(struct virtio_dev *dev, unsigned int lo, uint64_t v)
{
	wr(dev, lo, (uint32_t)v);
	wr(dev, lo + 4, v >> 32);
}

static int mmio_vq_enable(struct virtio_dev *dev, struct virtqueue *vq)
{
	wr(dev, MMIO_QUEUE_SEL, vq->index);
	wr(dev, MMIO_QUEUE_NUM, vq->num);
	wr64(dev, MMIO_QUEUE_DESC_LOW, virtqueue_desc_addr(vq));
	wr64(dev, MMIO_QUEUE_DRIVER_LOW, virtqueue_avail_addr(vq));
	wr64(dev, MMIO_QUEUE_DEVICE_LOW, virtqueue_used_addr(vq));
	wr(dev, MMIO_QUEUE_READY, 1);
	if (rd(dev, MMIO_QUEUE_READY) != 1) {
		virtio_dev_broken(dev, "queue %u not ready after enabling",
				  vq->index);
		return -EIO;
	}
	return 0;
}

static void mmio_vq_notify(struct virtio_dev *dev, uint16_t index)
{
	wr(dev, MMIO_QUEUE_NOTIFY, index);
}

static int mmio_irq_handler(void *arg)
{
	struct virtio_dev *dev = arg;
	uint32_t isr;

	if (dev->broken)
		return 0;
	isr = rd(dev, MMIO_INTERRUPT_STATUS);
	if (!isr)
		return 0;
	wr(dev, MMIO_INTERRUPT_ACK, isr);
	return virtio_dev_interrupt(dev, isr);
}

static int mmio_irq_enable(struct virtio_dev *dev)
{
	struct mmio_dev *m = to_mmio(dev);

	if (m->irq < 0) {
		uk_pr_warn("virtio: %s: no interrupt line, polling only\n",
			   dev->name);
		return 0;
	}
	return ukplat_irq_register(m->irq, mmio_irq_handler, dev);
}

static void mmio_irq_disable(struct virtio_dev *dev)
{
	struct mmio_dev *m = to_mmio(dev);

	if (m->irq >= 0)
		ukplat_irq_unregister(m->irq, mmio_irq_handler, dev);
}

static const struct virtio_dev_ops mmio_ops = {
	.reset = mmio_reset,
	.status_get = mmio_status_get,
	.status_set = mmio_status_set,
	.features_get = mmio_features_get,
	.features_set = mmio_features_set,
	.config_generation = mmio_config_generation,
	.config_read = mmio_config_read,
	.vq_max_size = mmio_vq_max_size,
	.vq_enable = mmio_vq_enable,
	.vq_notify = mmio_vq_notify,
	.irq_enable = mmio_irq_enable,
	.irq_disable = mmio_irq_disable,
};

static void mmio_probe(const struct ukplat_bus_device *d)
{
	uintptr_t base = d->base;
	uint32_t version, id;
	struct mmio_dev *m;

	if (d->size < MMIO_CONFIG ||
	    mmio_read32(base + MMIO_MAGIC) != MMIO_MAGIC_VALUE)
		return;
	id = mmio_read32(base + MMIO_DEVICE_ID);
	if (!id)
		return;		/* an empty slot */
	version = mmio_read32(base + MMIO_VERSION);
	if (version != MMIO_VERSION_MODERN) {
		uk_pr_err("virtio-mmio@0x%lx: version %u%s; device ignored\n",
			  (unsigned long)base, version,
			  version == MMIO_VERSION_LEGACY ?
			  " (legacy; QEMU: -global virtio-mmio.force-legacy=false)" :
			  "");
		return;
	}
	m = uk_calloc(uk_alloc_get_default(), 1, sizeof(*m));
	if (!m)
		return;
	m->base = base;
	m->size = d->size;
	m->irq = d->irq;
	m->vdev.ops = &mmio_ops;
	m->vdev.device_id = id;
	m->vdev.transport_priv = m;
	snprintf(m->vdev.name, sizeof(m->vdev.name), "virtio-mmio@0x%lx",
		 (unsigned long)base);
	if (virtio_dev_bind(&m->vdev) < 0 && !m->vdev.broken)
		uk_free(uk_alloc_get_default(), m);
}

static int virtio_mmio_init(void)
{
	const struct ukplat_bus_device *d;
	unsigned int i;

	for (i = 0; (d = ukplat_bus_get(i)) != NULL; i++)
		if (d->type == UKPLAT_BUS_VIRTIO_MMIO)
			mmio_probe(d);
	return 0;
}
uk_plat_initcall(virtio_mmio_init, NULL);
