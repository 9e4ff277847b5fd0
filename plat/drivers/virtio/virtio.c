/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio device model (uk/virtio.h): driver lookup, device initialization
 * (virtio 1.x, 3.1.1), queues and interrupt dispatch, for any transport.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/virtio.h>

#define CONFIG_READ_TRIES	8	/* a config that keeps changing: -EIO */
#define RING_PAGE		4096

UK_TABLE_DEFINE(virtio_drv, const struct virtio_driver *);

static const struct virtio_driver *driver_find(uint32_t device_id)
{
	const struct virtio_driver *const *d;

	uk_table_foreach(d, virtio_drv)
		if ((*d)->device_id == device_id)
			return *d;
	return NULL;
}

int virtio_dev_bind(struct virtio_dev *dev)
{
	const struct virtio_driver *drv = driver_find(dev->device_id);
	int rc;

	if (!drv) {
		uk_pr_debug("virtio: %s: device id %u, no driver\n",
			    dev->name, dev->device_id);
		return -ENODEV;
	}
	dev->drv = drv;
	rc = drv->probe(dev);
	if (rc < 0) {
		uk_pr_err("virtio: %s: %s probe failed (%d)\n", dev->name,
			  drv->name, rc);
		if (!dev->broken) {
			dev->ops->reset(dev);
			dev->ops->status_set(dev, VIRTIO_STATUS_FAILED);
		}
		dev->drv = NULL;
		return rc;
	}
	uk_pr_info("virtio: %s: %s\n", dev->name, drv->name);
	return 0;
}

static void status_add(struct virtio_dev *dev, uint8_t bits)
{
	dev->ops->status_set(dev, dev->ops->status_get(dev) | bits);
}

int virtio_negotiate(struct virtio_dev *dev, uint64_t driver_features)
{
	uint64_t offered;
	int rc;

	if (dev->broken)
		return -EIO;
	rc = dev->ops->reset(dev);
	if (rc < 0)
		return rc;
	status_add(dev, VIRTIO_STATUS_ACK);
	status_add(dev, VIRTIO_STATUS_DRIVER);
	offered = dev->ops->features_get(dev);
	if (!(offered & VIRTIO_FEATURE(VIRTIO_F_VERSION_1))) {
		uk_pr_err("virtio: %s: not a virtio 1.x device (features 0x%lx)\n",
			  dev->name, (unsigned long)offered);
		return -ENODEV;
	}
	dev->features = offered & (driver_features |
				   VIRTIO_FEATURE(VIRTIO_F_VERSION_1) |
				   VIRTIO_FEATURE(VIRTIO_RING_F_EVENT_IDX));
	dev->ops->features_set(dev, dev->features);
	status_add(dev, VIRTIO_STATUS_FEATURES_OK);
	if (!(dev->ops->status_get(dev) & VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_err("virtio: %s: features 0x%lx refused\n", dev->name,
			  (unsigned long)dev->features);
		return -EIO;
	}
	return 0;
}

int virtio_config_read(struct virtio_dev *dev, unsigned int off, void *buf,
		       unsigned int len)
{
	uint32_t gen;
	int i, rc;

	if (dev->broken)
		return -EIO;
	for (i = 0; i < CONFIG_READ_TRIES; i++) {
		gen = dev->ops->config_generation(dev);
		rc = dev->ops->config_read(dev, off, buf, len);
		if (rc < 0)
			return rc;
		if (dev->ops->config_generation(dev) == gen)
			return 0;
	}
	virtio_dev_broken(dev, "configuration keeps changing (%d reads)",
			  CONFIG_READ_TRIES);
	return -EIO;
}

static uint16_t pow2_floor(uint16_t n)
{
	uint16_t p = 1;

	while (p <= n / 2)
		p *= 2;
	return p;
}

struct virtqueue *virtio_vq_setup(struct virtio_dev *dev, uint16_t index,
				  uint16_t max_num,
				  virtqueue_callback_t callback, void *arg,
				  int *err)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct virtqueue *vq = NULL;
	struct virtqueue_slot *slot = NULL;
	void *ring = NULL;
	uint16_t num;
	size_t size;
	int rc;

	rc = dev->broken ? -EIO : 0;
	if (rc)
		goto out;
	num = dev->ops->vq_max_size(dev, index);
	if (!num || index >= VIRTIO_VQS_MAX) {
		rc = -ENODEV;
		goto out;
	}
	num = pow2_floor(UK_MIN(UK_MIN(num, max_num),
				(uint16_t)VIRTQUEUE_MAX_SIZE));
	size = virtqueue_ring_size(num);
	rc = -ENOMEM;
	vq = uk_calloc(a, 1, sizeof(*vq));
	slot = uk_calloc(a, num, sizeof(*slot));
	ring = uk_memalign(a, RING_PAGE, size);
	if (!vq || !slot || !ring)
		goto out_free;
	memset(ring, 0, size);
	virtqueue_init(vq, dev, index, num, ring, slot,
		       virtio_has_feature(dev, VIRTIO_RING_F_EVENT_IDX));
	vq->callback = callback;
	vq->cb_arg = arg;
	rc = dev->ops->vq_enable(dev, vq);
	if (rc < 0)
		goto out_free;
	dev->vq[index] = vq;
	return vq;
out_free:
	uk_free(a, ring);
	uk_free(a, slot);
	uk_free(a, vq);
	vq = NULL;
out:
	*err = rc;
	return vq;
}

int virtio_driver_ok(struct virtio_dev *dev)
{
	int rc;

	if (dev->broken)
		return -EIO;
	rc = dev->ops->irq_enable(dev);
	if (rc < 0)
		return rc;
	dev->irq_on = true;
	status_add(dev, VIRTIO_STATUS_DRIVER_OK);
	if (dev->ops->status_get(dev) & VIRTIO_STATUS_NEEDS_RESET) {
		virtio_dev_broken(dev, "needs a reset right after DRIVER_OK");
		return -EIO;
	}
	return 0;
}

int virtio_dev_interrupt(struct virtio_dev *dev, uint32_t isr)
{
	unsigned int i;

	if (dev->broken || !isr)
		return 0;
	if (isr & VIRTIO_ISR_VQ)
		for (i = 0; i < VIRTIO_VQS_MAX; i++)
			if (dev->vq[i])
				virtqueue_intr(dev->vq[i]);
	if ((isr & VIRTIO_ISR_CONFIG) && dev->drv &&
	    dev->drv->config_changed)
		dev->drv->config_changed(dev);
	return 1;
}
