/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio core (virtio 1.x, modern devices only): the device model shared
 * by the transports (virtio-mmio version 2, virtio-pci with the modern
 * capabilities) and the device drivers (virtio-net; -blk, -rng, -9p,
 * -console slot in the same way).
 *
 * A transport finds its devices (uk/plat/bus.h), fills a struct
 * virtio_dev with its ops and calls virtio_dev_bind(), which picks the
 * driver registered for the device id (VIRTIO_DRIVER_REGISTER, a linker
 * table: no central list) and calls its probe. The driver then:
 *
 *	virtio_negotiate()       reset, ACKNOWLEDGE, DRIVER, features
 *	                         (VIRTIO_F_VERSION_1 required), FEATURES_OK
 *	virtio_config_read()     device configuration, generation-checked
 *	virtio_vq_setup()        each queue
 *	virtio_driver_ok()       DRIVER_OK, interrupts on
 *
 * Error policy: functions return 0 or a negative errno (-ENODEV: no
 * such queue or not a modern device, -ENOTSUP: a required feature is
 * missing, -EIO: the device refused or is broken, -ENOMEM, -EINVAL:
 * config access out of the device's config space). A device that hands
 * back an invalid value is reported once with uk_pr_err (device name and
 * what was wrong) and marked broken: its interrupt handler is removed
 * and nothing touches it again; calls return -EIO. Interrupt context:
 * only the transports' handlers and, from them, virtio_dev_interrupt();
 * everything else runs in threads or at boot.
 */
#ifndef __UK_VIRTIO_H__
#define __UK_VIRTIO_H__

#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/tables.h>
#include <uk/virtqueue.h>

/* Device ids (virtio 1.x, 5). */
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_RNG		4
#define VIRTIO_ID_9P		9

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACK		0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Transport-independent feature bits (6). */
#define VIRTIO_RING_F_INDIRECT_DESC	28
#define VIRTIO_RING_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_FEATURE(bit)	(1ULL << (bit))

/* Interrupt status bits (ISR / InterruptStatus). */
#define VIRTIO_ISR_VQ		0x1
#define VIRTIO_ISR_CONFIG	0x2

#define VIRTIO_VQS_MAX		10	/* virtio-console: control + 4 ports */
#define VIRTIO_NAME_MAX		32

struct virtio_dev;

/* What a transport provides. */
struct virtio_dev_ops {
	/* Write status 0 and wait until the device reads it back. */
	int (*reset)(struct virtio_dev *dev);
	uint8_t (*status_get)(struct virtio_dev *dev);
	void (*status_set)(struct virtio_dev *dev, uint8_t status);
	uint64_t (*features_get)(struct virtio_dev *dev);
	void (*features_set)(struct virtio_dev *dev, uint64_t features);
	uint32_t (*config_generation)(struct virtio_dev *dev);
	/* @len bytes at @off of the device config; -EINVAL beyond it. */
	int (*config_read)(struct virtio_dev *dev, unsigned int off,
			   void *buf, unsigned int len);
	/* Size the device offers for queue @index, 0: none. */
	uint16_t (*vq_max_size)(struct virtio_dev *dev, uint16_t index);
	/* Give the device the queue's size and addresses and enable it. */
	int (*vq_enable)(struct virtio_dev *dev, struct virtqueue *vq);
	void (*vq_notify)(struct virtio_dev *dev, uint16_t index);
	/* Install / remove the interrupt handler. */
	int (*irq_enable)(struct virtio_dev *dev);
	void (*irq_disable)(struct virtio_dev *dev);
};

struct virtio_driver {
	const char *name;
	uint64_t device_id;
	/* Set the device up; 0 or a negative errno (device left reset). */
	int (*probe)(struct virtio_dev *dev);
	/* The device's configuration changed (interrupt context). */
	void (*config_changed)(struct virtio_dev *dev);
};

struct virtio_dev {
	const struct virtio_dev_ops *ops;
	char name[VIRTIO_NAME_MAX];	/* "virtio-mmio@0x10008000" */
	uint32_t device_id;
	uint64_t features;		/* negotiated */
	volatile bool broken;
	bool irq_on;
	/*
	 * virtio-pci: the function has MSI-X with a vector for the
	 * configuration and each queue / interrupts arrive that way
	 */
	bool msix_capable;
	bool msix;
	const struct virtio_driver *drv;
	void *drv_priv;			/* the driver's */
	void *transport_priv;		/* the transport's */
	struct virtqueue *vq[VIRTIO_VQS_MAX];
};

/* The table holds pointers to the drivers. */
UK_TABLE_DECLARE(virtio_drv, const struct virtio_driver *);

/* Register driver @drv (a struct virtio_driver) for its device id. */
#define VIRTIO_DRIVER_REGISTER(drv)					\
	static const struct virtio_driver *const			\
	UK_TABLE_ENTRY(virtio_drv) UK_CONCAT(__virtio_drv_, drv) = &(drv)

/*
 * Find the driver for @dev->device_id and probe it. 0, -ENODEV (no
 * driver: the device is left alone) or the probe's error.
 */
int virtio_dev_bind(struct virtio_dev *dev);

/*
 * Reset the device and negotiate: the device's features AND
 * @driver_features, plus VIRTIO_F_VERSION_1 (required: -ENODEV without)
 * and VIRTIO_RING_F_EVENT_IDX when offered. Result in dev->features.
 */
int virtio_negotiate(struct virtio_dev *dev, uint64_t driver_features);

static inline bool virtio_has_feature(const struct virtio_dev *dev,
				      unsigned int bit)
{
	return dev->features & VIRTIO_FEATURE(bit);
}

/*
 * Read @len bytes at @off of the device configuration, consistently
 * (the generation is the same before and after; retried a few times).
 */
int virtio_config_read(struct virtio_dev *dev, unsigned int off, void *buf,
		       unsigned int len);

/*
 * Allocate and enable queue @index with at most @max_num entries (the
 * device's limit and a power of 2 bound it); callbacks off until
 * virtqueue_intr_enable(). NULL with *@err set on failure.
 */
struct virtqueue *virtio_vq_setup(struct virtio_dev *dev, uint16_t index,
				  uint16_t max_num,
				  virtqueue_callback_t callback, void *arg,
				  int *err);

/* Set DRIVER_OK and install the interrupt handler. */
int virtio_driver_ok(struct virtio_dev *dev);

/*
 * The transport's interrupt handler read @isr (VIRTIO_ISR_*): run the
 * queues' callbacks, or the driver's config_changed. Returns 1 if the
 * interrupt was the device's.
 */
int virtio_dev_interrupt(struct virtio_dev *dev, uint32_t isr);

/*
 * Report what @dev did wrong (printf format), mark it broken and remove
 * its interrupt handler; nothing touches it again. Any context.
 */
void virtio_dev_broken(struct virtio_dev *dev, const char *fmt, ...)
	__printf(2, 3);

#endif /* __UK_VIRTIO_H__ */
