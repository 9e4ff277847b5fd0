/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev for drivers: the device structure and its operations.
 *
 * A driver fills a struct uk_netdev (ops, names) and calls
 * uk_netdev_register() from its probe; the API layer (uk/netdev.h) checks
 * the state machine and arguments, so an operation is called only in the
 * state the consumer API documents, with queue ids below the configured
 * counts and non-NULL pointers. A driver that finds its device
 * misbehaving calls uk_netdev_broken(): the API answers -EIO from then on.
 *
 * Error policy: as uk/netdev.h; ops return 0/status or a negative errno.
 * rxq_intr_disable may be called from interrupt context (the queue event
 * callback), the others from threads.
 */
#ifndef __UK_NETDEV_IMPL_H__
#define __UK_NETDEV_IMPL_H__

#include <uk/netdev.h>

#define UK_NETDEV_NAME_MAX	32

struct uk_netdev_ops {
	int (*info_get)(struct uk_netdev *dev, struct uk_netdev_info *info);
	int (*configure)(struct uk_netdev *dev,
			 const struct uk_netdev_conf *conf);
	int (*rxq_configure)(struct uk_netdev *dev, uint16_t queue_id,
			     uint16_t nb_desc,
			     const struct uk_netdev_rxqueue_conf *conf);
	int (*txq_configure)(struct uk_netdev *dev, uint16_t queue_id,
			     uint16_t nb_desc,
			     const struct uk_netdev_txqueue_conf *conf);
	int (*start)(struct uk_netdev *dev);
	int (*hwaddr_get)(struct uk_netdev *dev, struct uk_hwaddr *mac);
	uint16_t (*mtu_get)(struct uk_netdev *dev);
	int (*link_up)(struct uk_netdev *dev);
	int (*rx_one)(struct uk_netdev *dev, uint16_t queue_id,
		      struct uk_netbuf **pkt);
	int (*tx_one)(struct uk_netdev *dev, uint16_t queue_id,
		      struct uk_netbuf *pkt);
	int (*rxq_intr_enable)(struct uk_netdev *dev, uint16_t queue_id);
	int (*rxq_intr_disable)(struct uk_netdev *dev, uint16_t queue_id);
	/* optional: without it, uk_netdev_txq_intr_enable() is -ENOTSUP */
	int (*txq_intr_enable)(struct uk_netdev *dev, uint16_t queue_id);
	/* optional: without it, uk_netdev_stats_get() is -ENOTSUP */
	int (*stats_get)(struct uk_netdev *dev, struct uk_netdev_stats *stats);
	int (*txq_pending)(struct uk_netdev *dev, uint16_t queue_id);
	/* optional: without it UK_NETBUF_F_TX_MORE must be ignored */
	int (*txq_flush)(struct uk_netdev *dev, uint16_t queue_id);
};

struct uk_netdev {
	const struct uk_netdev_ops *ops;
	const char *drv_name;			/* "virtio-net" */
	char name[UK_NETDEV_NAME_MAX];		/* the device's */
	volatile enum uk_netdev_state state;
	unsigned int id;
	struct uk_netdev_conf conf;		/* from uk_netdev_configure */
	struct uk_netdev *next;			/* registration order */
};

/*
 * Add @dev (ops complete, names set) to the devices; it gets the next id
 * and state UNCONFIGURED. 0, or -EINVAL for an incomplete @dev.
 */
int uk_netdev_register(struct uk_netdev *dev);

/* The device misbehaved: BROKEN from now on (any context). */
void uk_netdev_broken(struct uk_netdev *dev);

/*
 * The device's link went up or down: tell the consumer (its
 * uk_netdev_conf.link_callback, once configured). Any context.
 */
void uk_netdev_link_changed(struct uk_netdev *dev);

#endif /* __UK_NETDEV_IMPL_H__ */
