/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-pci transport, modern interface (virtio 1.x, 4.1): PCI functions
 * of vendor 0x1af4 found by the platform's enumeration, driven through
 * the vendor capabilities (common, notify, ISR, device config) in the
 * memory BARs the platform mapped. Every capability is checked against
 * its BAR before use. Interrupts: MSI-X when the function has it, one
 * vector for configuration changes (0) and one per virtqueue (1 + queue
 * index), so that a message says exactly what happened and no ISR read
 * is needed; else legacy INTx (the line the firmware routed, through the
 * IOAPIC) and the ISR. A device that refuses a vector (reads back
 * VIRTIO_MSI_NO_VECTOR), too small a table or too few MSI lines fall
 * back to INTx.
 * Transitional devices (0x1000-0x103f) are driven through their modern
 * capabilities as well; legacy-only ones (no capabilities) are refused.
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
#include <uk/plat/msi.h>
#include <uk/plat/time.h>
#include <uk/virtio.h>

#define PCI_VENDOR_VIRTIO	0x1af4
#define PCI_DEVICE_FIRST	0x1000
#define PCI_DEVICE_MODERN	0x1040
#define PCI_DEVICE_LAST		0x107f
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_CAP_PTR		0x34
#define PCI_CMD_MEM		0x2
#define PCI_CMD_MASTER		0x4
#define PCI_CMD_INTX_DISABLE	0x400
#define PCI_STATUS_CAPS		0x10
#define PCI_CAP_VENDOR		0x09
#define PCI_CAPS_MAX		48	/* a loop in the list stops here */

/* struct virtio_pci_cap */
#define CAP_CFG_TYPE		3
#define CAP_BAR			4
#define CAP_OFFSET		8
#define CAP_LENGTH		12
#define CAP_NOTIFY_MULT		16
#define CFG_COMMON		1
#define CFG_NOTIFY		2
#define CFG_ISR			3
#define CFG_DEVICE		4

/* struct virtio_pci_common_cfg */
#define COMMON_DFSELECT		0x00
#define COMMON_DF		0x04
#define COMMON_GFSELECT		0x08
#define COMMON_GF		0x0c
#define COMMON_MSIX		0x10
#define COMMON_NUMQ		0x12
#define COMMON_STATUS		0x14
#define COMMON_CFGGEN		0x15
#define COMMON_Q_SELECT		0x16
#define COMMON_Q_SIZE		0x18
#define COMMON_Q_MSIX		0x1a
#define COMMON_Q_ENABLE		0x1c
#define COMMON_Q_NOFF		0x1e
#define COMMON_Q_DESCLO		0x20
#define COMMON_Q_AVAILLO	0x28
#define COMMON_Q_USEDLO		0x30
#define COMMON_LEN		0x38
#define MSI_NO_VECTOR		0xffff
#define MSIX_CONFIG_VECTOR	0
#define MSIX_VECTORS_MAX	(1 + VIRTIO_VQS_MAX)

#define RESET_WAIT_NS		(100 * 1000 * 1000ULL)

struct pci_vdev {
	struct virtio_dev vdev;
	const struct ukplat_bus_device *pci;
	uintptr_t common, isr, device, notify;
	uint32_t device_len, notify_len, notify_mult;
	uintptr_t qnotify[VIRTIO_VQS_MAX];
	/* MSI-X (vdev.msix): line of each vector, queue of each handler */
	unsigned long msix_line[MSIX_VECTORS_MAX];
	unsigned int msix_n;
	struct virtqueue *msix_vq[VIRTIO_VQS_MAX];
};

static struct pci_vdev *to_pci(struct virtio_dev *dev)
{
	return dev->transport_priv;
}

static uintptr_t common(struct virtio_dev *dev, unsigned int off)
{
	return to_pci(dev)->common + off;
}

static int pci_irq_enable(struct virtio_dev *dev);
static void pci_irq_disable(struct virtio_dev *dev);

/* The device refused a vector (@what): use INTx from now on. */
static void msix_fallback(struct virtio_dev *dev, const char *what)
{
	struct pci_vdev *p = to_pci(dev);
	bool on = dev->irq_on;

	uk_pr_warn("virtio: %s: %s refused its MSI-X vector; using INTx\n",
		   dev->name, what);
	if (on)
		pci_irq_disable(dev);
	ukplat_pci_msix_disable(p->pci, p->msix_line, p->msix_n);
	p->msix_n = 0;
	dev->msix = false;
	if (on && pci_irq_enable(dev) < 0)
		virtio_dev_broken(dev, "no interrupt after leaving MSI-X");
}

/* Give the device its configuration vector, or none under INTx. */
static void msix_config_set(struct virtio_dev *dev)
{
	if (!dev->msix) {
		mmio_write16(common(dev, COMMON_MSIX), MSI_NO_VECTOR);
		return;
	}
	mmio_write16(common(dev, COMMON_MSIX), MSIX_CONFIG_VECTOR);
	if (mmio_read16(common(dev, COMMON_MSIX)) != MSIX_CONFIG_VECTOR)
		msix_fallback(dev, "configuration");
}

/* The selected queue's vector (1 + @index), or none under INTx. */
static void msix_queue_set(struct virtio_dev *dev, uint16_t index)
{
	uint16_t vec = 1 + index;

	if (dev->msix && vec >= to_pci(dev)->msix_n)
		msix_fallback(dev, "a queue beyond num_queues");
	if (!dev->msix) {
		mmio_write16(common(dev, COMMON_Q_MSIX), MSI_NO_VECTOR);
		return;
	}
	mmio_write16(common(dev, COMMON_Q_MSIX), vec);
	if (mmio_read16(common(dev, COMMON_Q_MSIX)) != vec) {
		char what[32];

		snprintf(what, sizeof(what), "queue %u", index);
		msix_fallback(dev, what);
		mmio_write16(common(dev, COMMON_Q_SELECT), index);
		mmio_write16(common(dev, COMMON_Q_MSIX), MSI_NO_VECTOR);
	}
}

static int pci_reset(struct virtio_dev *dev)
{
	__nsec end = ukplat_monotonic_clock() + RESET_WAIT_NS;

	mmio_write8(common(dev, COMMON_STATUS), 0);
	while (mmio_read8(common(dev, COMMON_STATUS)) != 0)
		if (ukplat_monotonic_clock() > end) {
			virtio_dev_broken(dev, "status not 0 after reset");
			return -EIO;
		}
	msix_config_set(dev);
	return 0;
}

static uint8_t pci_status_get(struct virtio_dev *dev)
{
	return mmio_read8(common(dev, COMMON_STATUS));
}

static void pci_status_set(struct virtio_dev *dev, uint8_t status)
{
	mmio_write8(common(dev, COMMON_STATUS), status);
}

static uint64_t pci_features_get(struct virtio_dev *dev)
{
	uint64_t f;

	mmio_write32(common(dev, COMMON_DFSELECT), 1);
	f = (uint64_t)mmio_read32(common(dev, COMMON_DF)) << 32;
	mmio_write32(common(dev, COMMON_DFSELECT), 0);
	return f | mmio_read32(common(dev, COMMON_DF));
}

static void pci_features_set(struct virtio_dev *dev, uint64_t features)
{
	mmio_write32(common(dev, COMMON_GFSELECT), 1);
	mmio_write32(common(dev, COMMON_GF), features >> 32);
	mmio_write32(common(dev, COMMON_GFSELECT), 0);
	mmio_write32(common(dev, COMMON_GF), (uint32_t)features);
}

static uint32_t pci_config_generation(struct virtio_dev *dev)
{
	return mmio_read8(common(dev, COMMON_CFGGEN));
}

static int pci_config_read(struct virtio_dev *dev, unsigned int off,
			   void *buf, unsigned int len)
{
	struct pci_vdev *p = to_pci(dev);
	uint8_t *b = buf;
	unsigned int i;

	if (!p->device || off + len < off || off + len > p->device_len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		b[i] = mmio_read8(p->device + off + i);
	return 0;
}

static uint16_t pci_vq_max_size(struct virtio_dev *dev, uint16_t index)
{
	mmio_write16(common(dev, COMMON_Q_SELECT), index);
	if (mmio_read16(common(dev, COMMON_Q_ENABLE)))
		return 0;
	return mmio_read16(common(dev, COMMON_Q_SIZE));
}

static void wr64(struct virtio_dev *dev, unsigned int off, uint64_t v)
{
	mmio_write32(common(dev, off), (uint32_t)v);
	mmio_write32(common(dev, off + 4), v >> 32);
}

static int pci_vq_enable(struct virtio_dev *dev, struct virtqueue *vq)
{
	struct pci_vdev *p = to_pci(dev);
	uint64_t off;

	mmio_write16(common(dev, COMMON_Q_SELECT), vq->index);
	off = (uint64_t)mmio_read16(common(dev, COMMON_Q_NOFF)) *
	      p->notify_mult;
	if (off + 2 > p->notify_len) {
		virtio_dev_broken(dev, "queue %u notify offset 0x%lx beyond the 0x%x-byte notify window",
				  vq->index, (unsigned long)off,
				  p->notify_len);
		return -EIO;
	}
	p->qnotify[vq->index] = p->notify + off;
	mmio_write16(common(dev, COMMON_Q_SIZE), vq->num);
	wr64(dev, COMMON_Q_DESCLO, virtqueue_desc_addr(vq));
	wr64(dev, COMMON_Q_AVAILLO, virtqueue_avail_addr(vq));
	wr64(dev, COMMON_Q_USEDLO, virtqueue_used_addr(vq));
	msix_queue_set(dev, vq->index);
	mmio_write16(common(dev, COMMON_Q_ENABLE), 1);
	return 0;
}

static void pci_vq_notify(struct virtio_dev *dev, uint16_t index)
{
	mmio_write16(to_pci(dev)->qnotify[index], index);
}

static int pci_irq_handler(void *arg)
{
	struct virtio_dev *dev = arg;
	uint8_t isr;

	if (dev->broken)
		return 0;
	isr = mmio_read8(to_pci(dev)->isr);	/* reading clears it */
	return virtio_dev_interrupt(dev, isr);
}

static int msix_config_handler(void *arg)
{
	virtio_dev_interrupt(arg, VIRTIO_ISR_CONFIG);
	return 1;	/* the line is this vector's alone */
}

static int msix_queue_handler(void *arg)
{
	struct virtqueue *vq = arg;

	if (!vq->dev->broken)
		virtqueue_intr(vq);
	return 1;
}

static void msix_unregister(struct virtio_dev *dev)
{
	struct pci_vdev *p = to_pci(dev);
	unsigned int i;

	ukplat_irq_unregister(p->msix_line[MSIX_CONFIG_VECTOR],
			      msix_config_handler, dev);
	for (i = 0; i < VIRTIO_VQS_MAX; i++) {
		if (!p->msix_vq[i])
			continue;
		ukplat_irq_unregister(p->msix_line[1 + i], msix_queue_handler,
				      p->msix_vq[i]);
		p->msix_vq[i] = NULL;
	}
}

/* A handler on the configuration vector and on each enabled queue's. */
static int msix_register(struct virtio_dev *dev)
{
	struct pci_vdev *p = to_pci(dev);
	unsigned int i;
	int rc;

	rc = ukplat_irq_register(p->msix_line[MSIX_CONFIG_VECTOR],
				 msix_config_handler, dev);
	if (rc < 0)
		return rc;
	for (i = 0; i < VIRTIO_VQS_MAX && 1 + i < p->msix_n; i++) {
		if (!dev->vq[i])
			continue;
		rc = ukplat_irq_register(p->msix_line[1 + i],
					 msix_queue_handler, dev->vq[i]);
		if (rc < 0) {
			msix_unregister(dev);
			return rc;
		}
		p->msix_vq[i] = dev->vq[i];
	}
	return 0;
}

static int pci_irq_enable(struct virtio_dev *dev)
{
	const struct ukplat_bus_device *d = to_pci(dev)->pci;

	if (dev->msix)
		return msix_register(dev);
	if (d->irq < 0) {
		uk_pr_warn("virtio: %s: no interrupt line, polling only\n",
			   dev->name);
		return 0;
	}
	return ukplat_irq_register(d->irq, pci_irq_handler, dev);
}

static void pci_irq_disable(struct virtio_dev *dev)
{
	const struct ukplat_bus_device *d = to_pci(dev)->pci;

	if (dev->msix)
		msix_unregister(dev);
	else if (d->irq >= 0)
		ukplat_irq_unregister(d->irq, pci_irq_handler, dev);
}

static const struct virtio_dev_ops pci_ops = {
	.reset = pci_reset,
	.status_get = pci_status_get,
	.status_set = pci_status_set,
	.features_get = pci_features_get,
	.features_set = pci_features_set,
	.config_generation = pci_config_generation,
	.config_read = pci_config_read,
	.vq_max_size = pci_vq_max_size,
	.vq_enable = pci_vq_enable,
	.vq_notify = pci_vq_notify,
	.irq_enable = pci_irq_enable,
	.irq_disable = pci_irq_disable,
};

/* Address of the capability at @cap inside its BAR, 0 if it does not fit. */
static uintptr_t cap_window(const struct ukplat_bus_device *d,
			    unsigned int cap, uint32_t *len)
{
	unsigned int bar = ukplat_pci_cfg_read8(d, cap + CAP_BAR);
	uint64_t off = ukplat_pci_cfg_read32(d, cap + CAP_OFFSET);

	*len = ukplat_pci_cfg_read32(d, cap + CAP_LENGTH);
	if (bar >= UKPLAT_PCI_BARS || !d->bar_size[bar] ||
	    off + *len > d->bar_size[bar])
		return 0;
	return d->bar_base[bar] + off;
}

/* Find the modern capabilities; 0 or -ENODEV (named in the log). */
static int caps_read(struct pci_vdev *p)
{
	const struct ukplat_bus_device *d = p->pci;
	unsigned int cap, n = 0;
	uint32_t len, common_len = 0, isr_len = 0;

	if (!(ukplat_pci_cfg_read16(d, PCI_STATUS) & PCI_STATUS_CAPS))
		return -ENODEV;
	cap = ukplat_pci_cfg_read8(d, PCI_CAP_PTR) & 0xfc;
	for (; cap && n < PCI_CAPS_MAX; n++) {
		if (cap > 0xff - CAP_NOTIFY_MULT - 4)
			break;
		if (ukplat_pci_cfg_read8(d, cap) == PCI_CAP_VENDOR) {
			uintptr_t w = cap_window(d, cap, &len);

			switch (ukplat_pci_cfg_read8(d, cap + CAP_CFG_TYPE)) {
			case CFG_COMMON:
				if (!p->common)
					p->common = w, common_len = len;
				break;
			case CFG_NOTIFY:
				if (!p->notify) {
					p->notify = w;
					p->notify_len = len;
					p->notify_mult = ukplat_pci_cfg_read32(
						d, cap + CAP_NOTIFY_MULT);
				}
				break;
			case CFG_ISR:
				if (!p->isr)
					p->isr = w, isr_len = len;
				break;
			case CFG_DEVICE:
				if (!p->device)
					p->device = w, p->device_len = len;
				break;
			}
		}
		cap = ukplat_pci_cfg_read8(d, cap + 1) & 0xfc;
	}
	if (!p->common || common_len < COMMON_LEN || !p->notify ||
	    p->notify_len < 2 || !p->isr || !isr_len)
		return -ENODEV;
	return 0;
}

/*
 * Switch to MSI-X when the function has it: one vector for configuration
 * changes and one per queue the device has (up to VIRTIO_VQS_MAX). A
 * table too small for that, or too few MSI lines, leaves INTx: sharing a
 * vector would need the ISR read that MSI-X is there to avoid.
 */
static void msix_setup(struct pci_vdev *p)
{
	int size = ukplat_pci_msix_count(p->pci);
	unsigned int n;
	int rc;

	if (size < 0)
		return;
	n = 1 + UK_MIN(mmio_read16(p->common + COMMON_NUMQ),
		       (unsigned int)VIRTIO_VQS_MAX);
	if (n > (unsigned int)size) {
		uk_pr_warn("virtio: %s: %u MSI-X entries, %u needed; using INTx\n",
			   p->vdev.name, size, n);
		return;
	}
	p->vdev.msix_capable = true;
	rc = ukplat_pci_msix_enable(p->pci, p->msix_line, n);
	if (rc < 0) {
		uk_pr_warn("virtio: %s: no MSI-X vectors (%d); using INTx\n",
			   p->vdev.name, rc);
		return;
	}
	p->msix_n = n;
	p->vdev.msix = true;
}

static void pci_probe(const struct ukplat_bus_device *d)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct pci_vdev *p;
	uint16_t cmd;

	if (d->vendor != PCI_VENDOR_VIRTIO || d->device < PCI_DEVICE_FIRST ||
	    d->device > PCI_DEVICE_LAST)
		return;
	p = uk_calloc(a, 1, sizeof(*p));
	if (!p)
		return;
	p->pci = d;
	snprintf(p->vdev.name, sizeof(p->vdev.name), "virtio-pci@%02x:%02x.%x",
		 d->bus, d->dev, d->fn);
	if (caps_read(p) < 0) {
		uk_pr_err("virtio: %s: no usable virtio 1.x capabilities (legacy only?); device ignored\n",
			  p->vdev.name);
		uk_free(a, p);
		return;
	}
	p->vdev.ops = &pci_ops;
	p->vdev.transport_priv = p;
	p->vdev.device_id = d->device >= PCI_DEVICE_MODERN ?
			    d->device - PCI_DEVICE_MODERN : d->subsys_device;
	cmd = ukplat_pci_cfg_read16(d, PCI_COMMAND);
	ukplat_pci_cfg_write16(d, PCI_COMMAND,
			       (cmd | PCI_CMD_MEM | PCI_CMD_MASTER) &
			       ~PCI_CMD_INTX_DISABLE);
	msix_setup(p);
	uk_pr_info("virtio: %s: interrupts by %s\n", p->vdev.name,
		   p->vdev.msix ? "MSI-X" : "INTx");
	if (virtio_dev_bind(&p->vdev) < 0 && !p->vdev.broken) {
		if (p->vdev.msix)
			ukplat_pci_msix_disable(d, p->msix_line, p->msix_n);
		ukplat_pci_cfg_write16(d, PCI_COMMAND, cmd);
		uk_free(a, p);
	}
}

static int virtio_pci_init(void)
{
	const struct ukplat_bus_device *d;
	unsigned int i;

	for (i = 0; (d = ukplat_bus_get(i)) != NULL; i++)
		if (d->type == UKPLAT_BUS_PCI)
			pci_probe(d);
	return 0;
}
uk_plat_initcall(virtio_pci_init, NULL);
