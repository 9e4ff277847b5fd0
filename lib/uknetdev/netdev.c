/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: the device list and the state machine in front of the
 * drivers (uk/netdev.h, uk/netdev_impl.h).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/netdev_impl.h>

static struct uk_netdev *devices;
static struct uk_netdev **devices_tail = &devices;
static unsigned int device_count;

int uk_netdev_register(struct uk_netdev *dev)
{
	const struct uk_netdev_ops *o;

	UK_ASSERT(dev);
	o = dev->ops;
	if (!o || !o->info_get || !o->configure || !o->rxq_configure ||
	    !o->txq_configure || !o->start || !o->hwaddr_get ||
	    !o->mtu_get || !o->link_up || !o->rx_one || !o->tx_one ||
	    !o->rxq_intr_enable || !o->rxq_intr_disable || !dev->drv_name)
		return -EINVAL;
	dev->state = UK_NETDEV_UNCONFIGURED;
	dev->id = device_count++;
	dev->next = NULL;
	*devices_tail = dev;
	devices_tail = &dev->next;
	uk_pr_info("netdev %u: %s %s\n", dev->id, dev->drv_name, dev->name);
	return 0;
}

void uk_netdev_broken(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	dev->state = UK_NETDEV_BROKEN;
}

void uk_netdev_link_changed(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	/* conf is set before the state leaves UNCONFIGURED */
	if (dev->state == UK_NETDEV_UNCONFIGURED ||
	    dev->state == UK_NETDEV_BROKEN || !dev->conf.link_callback)
		return;
	dev->conf.link_callback(dev, dev->conf.link_argp);
}

unsigned int uk_netdev_count(void)
{
	return device_count;
}

struct uk_netdev *uk_netdev_get(unsigned int id)
{
	struct uk_netdev *d;

	for (d = devices; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

unsigned int uk_netdev_id(const struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->id;
}

const char *uk_netdev_drv_name(const struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->drv_name;
}

const char *uk_netdev_name(const struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->name;
}

enum uk_netdev_state uk_netdev_state_get(const struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->state;
}

static bool is_broken(const struct uk_netdev *dev)
{
	return dev->state == UK_NETDEV_BROKEN;
}

int uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	UK_ASSERT(dev && dev->ops->info_get && info);
	if (is_broken(dev))
		return -EIO;
	return dev->ops->info_get(dev, info);
}

int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf)
{
	struct uk_netdev_info info;
	int rc;

	UK_ASSERT(dev && dev->ops->configure && conf);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_UNCONFIGURED)
		return -EINVAL;
	rc = dev->ops->info_get(dev, &info);
	if (rc < 0)
		return rc;
	if (!conf->nb_rx_queues || conf->nb_rx_queues > info.max_rx_queues ||
	    !conf->nb_tx_queues || conf->nb_tx_queues > info.max_tx_queues)
		return -EINVAL;
	rc = dev->ops->configure(dev, conf);
	if (rc < 0)
		return rc;
	dev->conf = *conf;
	dev->state = UK_NETDEV_CONFIGURED;
	return 0;
}

int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    const struct uk_netdev_rxqueue_conf *conf)
{
	UK_ASSERT(dev && dev->ops->rxq_configure && conf);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_CONFIGURED ||
	    queue_id >= dev->conf.nb_rx_queues || !conf->alloc_rxpkts)
		return -EINVAL;
	return dev->ops->rxq_configure(dev, queue_id, nb_desc, conf);
}

int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    const struct uk_netdev_txqueue_conf *conf)
{
	UK_ASSERT(dev && dev->ops->txq_configure && conf);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_CONFIGURED ||
	    queue_id >= dev->conf.nb_tx_queues)
		return -EINVAL;
	return dev->ops->txq_configure(dev, queue_id, nb_desc, conf);
}

int uk_netdev_start(struct uk_netdev *dev)
{
	int rc;

	UK_ASSERT(dev && dev->ops->start);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_CONFIGURED)
		return -EINVAL;
	rc = dev->ops->start(dev);
	if (rc < 0)
		return rc;
	dev->state = UK_NETDEV_RUNNING;
	return 0;
}

int uk_netdev_hwaddr_get(struct uk_netdev *dev, struct uk_hwaddr *mac)
{
	UK_ASSERT(dev && dev->ops->hwaddr_get && mac);
	if (is_broken(dev))
		return -EIO;
	return dev->ops->hwaddr_get(dev, mac);
}

uint16_t uk_netdev_mtu_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev && dev->ops->mtu_get);
	return is_broken(dev) ? 0 : dev->ops->mtu_get(dev);
}

int uk_netdev_link_up(struct uk_netdev *dev)
{
	UK_ASSERT(dev && dev->ops->link_up);
	return is_broken(dev) ? -EIO : dev->ops->link_up(dev);
}

int uk_netdev_rx_one(struct uk_netdev *dev, uint16_t queue_id,
		     struct uk_netbuf **pkt)
{
	UK_ASSERT(dev && dev->ops->rx_one && pkt);
	*pkt = NULL;
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->conf.nb_rx_queues)
		return -EINVAL;
	return dev->ops->rx_one(dev, queue_id, pkt);
}

int uk_netdev_tx_one(struct uk_netdev *dev, uint16_t queue_id,
		     struct uk_netbuf *pkt)
{
	UK_ASSERT(dev && dev->ops->tx_one && pkt);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->conf.nb_tx_queues)
		return -EINVAL;
	return dev->ops->tx_one(dev, queue_id, pkt);
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t queue_id)
{
	UK_ASSERT(dev && dev->ops->rxq_intr_enable);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->conf.nb_rx_queues)
		return -EINVAL;
	return dev->ops->rxq_intr_enable(dev, queue_id);
}

int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t queue_id)
{
	UK_ASSERT(dev && dev->ops->rxq_intr_disable);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->conf.nb_rx_queues)
		return -EINVAL;
	return dev->ops->rxq_intr_disable(dev, queue_id);
}

/* A transmit queue's optional operation: 0 when @queue_id may use it. */
static int txq_op_check(struct uk_netdev *dev, uint16_t queue_id, bool has_op)
{
	UK_ASSERT(dev);
	if (is_broken(dev))
		return -EIO;
	if (dev->state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->conf.nb_tx_queues)
		return -EINVAL;
	return has_op ? 0 : -ENOTSUP;
}

int uk_netdev_txq_intr_enable(struct uk_netdev *dev, uint16_t queue_id)
{
	int rc = txq_op_check(dev, queue_id, dev && dev->ops->txq_intr_enable);

	return rc ? rc : dev->ops->txq_intr_enable(dev, queue_id);
}

int uk_netdev_txq_pending(struct uk_netdev *dev, uint16_t queue_id)
{
	int rc = txq_op_check(dev, queue_id, dev && dev->ops->txq_pending);

	return rc ? rc : dev->ops->txq_pending(dev, queue_id);
}

int uk_netdev_txq_flush(struct uk_netdev *dev, uint16_t queue_id)
{
	int rc = txq_op_check(dev, queue_id, dev && dev->ops->txq_flush);

	return rc ? rc : dev->ops->txq_flush(dev, queue_id);
}

int uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *stats)
{
	UK_ASSERT(dev && stats);
	if (is_broken(dev))
		return -EIO;
	if (!dev->ops->stats_get)
		return -ENOTSUP;
	memset(stats, 0, sizeof(*stats));
	return dev->ops->stats_get(dev, stats);
}
