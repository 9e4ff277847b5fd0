/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net (virtio 1.x, 5.1) as a uknetdev device: one receive queue
 * (0) and one transmit queue (1); MAC, MTU and link status from the
 * device configuration when offered; checksum offload both ways when
 * negotiated. Every frame carries the 12-byte virtio_net_hdr in front
 * of it, in the buffer's headroom.
 *
 * Receive buffers are posted whole (one descriptor each: header + frame)
 * and come back with the length the device wrote (validated by the
 * virtqueue: never more than offered; here also never less than the
 * header). The header the device writes is checked (flags, GSO type,
 * checksum position inside the frame): a frame with a header that lies
 * is dropped and counted (uk_netdev_stats.rx_bad_hdr), the device goes
 * on. Checksum offload is negotiated unless turned off (Kconfig
 * DRIVER_VIRTIO_NET_CSUM, kernel parameter virtio-net.csum=0).
 * Interrupts only for receive: the callback runs once, then the
 * queue's interrupt stays off until the consumer re-enables it, so a
 * flood of frames costs one interrupt. Transmit completions are reclaimed
 * on each transmit; a full ring returns status 0 (busy) with the frame
 * untouched. A frame marked UK_NETBUF_F_TX_MORE is added without telling
 * the device (uk_netdev_txq_flush() does, for all of them at once; so do
 * a full ring and uk_netdev_txq_pending()).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/libparam.h>
#include <uk/netdev_impl.h>
#include <uk/virtio.h>
#include "virtio_net.h"

#define VIRTIO_NET_F_CSUM	0
#define VIRTIO_NET_F_GUEST_CSUM	1
#define VIRTIO_NET_F_MTU	3
#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_STATUS	16

#define CFG_MAC			0
#define CFG_STATUS		6
#define CFG_MTU			10
#define NET_S_LINK_UP		1


#define RXQ			0
#define TXQ			1
#define QUEUE_SIZE_DEFAULT	256
#define ETH_HLEN		14
#define ETH_EXTRA		4	/* a VLAN tag */
#define MTU_DEFAULT		1500
#define MTU_MIN			68

#define HDR_LEN	sizeof(struct virtio_net_hdr)

struct vnet {
	struct uk_netdev ndev;
	struct virtio_dev *vdev;
	struct uk_hwaddr mac;
	uint16_t mtu;
	volatile int link;
	struct virtqueue *rxq, *txq;
	struct uk_netdev_rxqueue_conf rxconf;
	struct uk_netdev_txqueue_conf txconf;
	struct uk_netdev_stats stats;	/* rx: the receive caller's, tx:
					 * the transmit caller's */
};

/* virtio-net.csum=0: do not negotiate checksum offload (debugging). */
#ifdef CONFIG_DRIVER_VIRTIO_NET_CSUM
static int csum = 1;
#else
static int csum;
#endif
UK_LIB_PARAM(csum, int);

static struct vnet *to_vnet(struct uk_netdev *dev)
{
	return __containerof(dev, struct vnet, ndev);
}

struct virtio_dev *virtio_net_vdev(struct uk_netdev *dev)
{
	UK_ASSERT(!strcmp(dev->drv_name, "virtio-net"));
	return to_vnet(dev)->vdev;
}

/* The device handed back something invalid: the netdev is broken too. */
static int vnet_fault(struct vnet *vn)
{
	uk_netdev_broken(&vn->ndev);
	return -EIO;
}

static int vnet_info(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	struct vnet *vn = to_vnet(dev);

	memset(info, 0, sizeof(*info));
	info->max_rx_queues = 1;
	info->max_tx_queues = 1;
	info->max_rx_desc = QUEUE_SIZE_DEFAULT;
	info->max_tx_desc = QUEUE_SIZE_DEFAULT;
	info->headroom = HDR_LEN;
	info->rx_buflen = vn->mtu + ETH_HLEN + ETH_EXTRA;
	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_GUEST_CSUM))
		info->features |= UK_NETDEV_F_RXCSUM;
	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_CSUM))
		info->features |= UK_NETDEV_F_TXCSUM;
	return 0;
}

static int vnet_configure(struct uk_netdev *dev,
			  const struct uk_netdev_conf *conf)
{
	return 0;
}

static void rx_event(struct virtqueue *vq, void *arg)
{
	struct vnet *vn = arg;

	virtqueue_intr_disable(vq);
	vn->stats.rx_intr++;
	if (vn->rxconf.callback)
		vn->rxconf.callback(&vn->ndev, RXQ, vn->rxconf.callback_argp);
}

static void tx_event(struct virtqueue *vq, void *arg)
{
	struct vnet *vn = arg;

	virtqueue_intr_disable(vq);
	if (vn->txconf.callback)
		vn->txconf.callback(&vn->ndev, 0, vn->txconf.callback_argp);
}

/* Post one empty buffer: header + frame room, device-writable. */
static int rx_post(struct vnet *vn, struct uk_netbuf *nb)
{
	struct virtqueue_seg seg;

	if (uk_netbuf_headroom(nb) < HDR_LEN ||
	    nb->buflen - uk_netbuf_headroom(nb) <
	    (size_t)vn->mtu + ETH_HLEN) {
		uk_pr_err("virtio-net: receive buffer too small (%zu bytes)\n",
			  nb->buflen);
		return -EINVAL;
	}
	nb->len = 0;
	seg.addr = (uintptr_t)nb->data - HDR_LEN;
	seg.len = nb->buflen - uk_netbuf_headroom(nb) + HDR_LEN;
	return virtqueue_add(vn->rxq, &seg, 0, 1, nb);
}

/* Fill the receive ring from the consumer; 1 if it came up short. */
static int rx_refill(struct vnet *vn)
{
	struct uk_netbuf *nb;
	int rc, short_ = 0;

	while (virtqueue_free(vn->rxq)) {
		if (!vn->rxconf.alloc_rxpkts(vn->rxconf.alloc_rxpkts_argp,
					     &nb, 1)) {
			short_ = 1;
			break;
		}
		rc = rx_post(vn, nb);
		if (rc < 0) {
			uk_netbuf_free(nb);
			return rc;
		}
	}
	rc = virtqueue_kick(vn->rxq);
	if (rc > 0)
		vn->stats.rx_notify++;
	return rc < 0 ? rc : short_;
}

static int vnet_rxq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		    const struct uk_netdev_rxqueue_conf *conf)
{
	struct vnet *vn = to_vnet(dev);
	int rc;

	if (vn->rxq)
		return -EINVAL;
	vn->rxconf = *conf;
	vn->rxq = virtio_vq_setup(vn->vdev, RXQ,
				  nb_desc ? nb_desc : QUEUE_SIZE_DEFAULT,
				  rx_event, vn, &rc);
	if (!vn->rxq)
		return rc;
	rc = rx_refill(vn);
	return rc < 0 ? rc : 0;
}

static int vnet_txq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		    const struct uk_netdev_txqueue_conf *conf)
{
	struct vnet *vn = to_vnet(dev);
	int rc;

	if (vn->txq)
		return -EINVAL;
	vn->txconf = *conf;
	/* completions interrupt only when the consumer waits for room */
	vn->txq = virtio_vq_setup(vn->vdev, TXQ,
				  nb_desc ? nb_desc : QUEUE_SIZE_DEFAULT,
				  conf->callback ? tx_event : NULL, vn, &rc);
	return vn->txq ? 0 : rc;
}

static int vnet_start(struct uk_netdev *dev)
{
	struct vnet *vn = to_vnet(dev);
	int rc;

	if (!vn->rxq || !vn->txq)
		return -EINVAL;
	rc = virtio_driver_ok(vn->vdev);
	if (rc < 0)
		return rc;
	rc = virtqueue_kick(vn->rxq);
	return rc < 0 ? rc : 0;
}

static int vnet_hwaddr(struct uk_netdev *dev, struct uk_hwaddr *mac)
{
	*mac = to_vnet(dev)->mac;
	return 0;
}

static uint16_t vnet_mtu(struct uk_netdev *dev)
{
	return to_vnet(dev)->mtu;
}

static int vnet_link(struct uk_netdev *dev)
{
	return to_vnet(dev)->link;
}

bool virtio_net_rx_hdr(const struct virtio_net_hdr *h, bool guest_csum,
		       struct uk_netbuf *nb)
{
	if (h->gso_type != VIRTIO_NET_HDR_GSO_NONE)
		return false;
	if (h->flags & ~(VIRTIO_NET_HDR_F_NEEDS_CSUM |
			 VIRTIO_NET_HDR_F_DATA_VALID))
		return false;
	if (h->flags && !guest_csum)
		return false;
	if ((h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    (uint32_t)h->csum_start + h->csum_offset + 2 > nb->len)
		return false;
	if (h->flags & VIRTIO_NET_HDR_F_DATA_VALID)
		nb->flags |= UK_NETBUF_F_CSUM_VALID;
	if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
		nb->csum_start = h->csum_start;
		nb->csum_offset = h->csum_offset;
	}
	return true;
}

static int vnet_rx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkt)
{
	struct vnet *vn = to_vnet(dev);
	struct virtio_net_hdr h;
	struct uk_netbuf *nb;
	void *cookie;
	uint32_t len;
	int rc, st, more;

	rc = virtqueue_get(vn->rxq, &cookie, &len);
	if (rc < 0)
		return vnet_fault(vn);
	st = rx_refill(vn);
	if (st < 0)
		return st == -EIO ? vnet_fault(vn) : st;
	if (!rc)
		return st ? UK_NETDEV_STATUS_UNDERRUN : 0;
	nb = cookie;
	more = virtqueue_pending(vn->rxq) ? UK_NETDEV_STATUS_MORE : 0;
	memset(&h, 0, sizeof(h));
	if (len >= HDR_LEN) {
		memcpy(&h, (char *)nb->data - HDR_LEN, sizeof(h));
		nb->len = len - HDR_LEN;
	}
	nb->flags = 0;
	if (len < HDR_LEN || !virtio_net_rx_hdr(&h,
			virtio_has_feature(vn->vdev, VIRTIO_NET_F_GUEST_CSUM), nb)) {
		/* the frame is dropped, the device goes on (counted; the
		 * first one is reported) */
		if (!vn->stats.rx_bad_hdr++)
			uk_pr_warn("virtio-net: %s: frame dropped: %u bytes, header flags 0x%x gso %u checksum at %u+%u\n",
				   vn->ndev.name, len, h.flags, h.gso_type,
				   h.csum_start, h.csum_offset);
		uk_netbuf_free(nb);
		return more | (st ? UK_NETDEV_STATUS_UNDERRUN : 0);
	}
	vn->stats.rx_frames++;
	if (nb->flags & UK_NETBUF_F_CSUM_VALID)
		vn->stats.rx_csum_valid++;
	if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL)
		vn->stats.rx_csum_partial++;
	*pkt = nb;
	return UK_NETDEV_STATUS_SUCCESS | more |
	       (st ? UK_NETDEV_STATUS_UNDERRUN : 0);
}

/* Release the buffers of completed transmissions. */
static int tx_reclaim(struct vnet *vn)
{
	void *cookie;
	uint32_t len;
	int rc;

	while ((rc = virtqueue_get(vn->txq, &cookie, &len)) == 1)
		uk_netbuf_free(cookie);
	return rc;
}

/* Tell the device of the frames added since the last time. */
static int tx_kick(struct vnet *vn)
{
	int rc = virtqueue_kick(vn->txq);

	if (rc > 0)
		vn->stats.tx_notify++;
	return rc;
}

static int vnet_txq_flush(struct uk_netdev *dev, uint16_t q)
{
	struct vnet *vn = to_vnet(dev);
	int rc = tx_kick(vn);

	return rc < 0 ? vnet_fault(vn) : rc;
}

static void tx_header(struct vnet *vn, struct uk_netbuf *nb)
{
	struct virtio_net_hdr *h = nb->data;

	memset(h, 0, sizeof(*h));
	if ((nb->flags & UK_NETBUF_F_CSUM_PARTIAL) &&
	    virtio_has_feature(vn->vdev, VIRTIO_NET_F_CSUM)) {
		h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		h->csum_start = nb->csum_start;
		h->csum_offset = nb->csum_offset;
		vn->stats.tx_csum_offloaded++;
	}
}

static int vnet_tx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf *nb)
{
	struct vnet *vn = to_vnet(dev);
	struct virtqueue_seg seg;
	int rc;

	if (tx_reclaim(vn) < 0)
		return vnet_fault(vn);
	if (!nb->len || nb->len > (size_t)vn->mtu + ETH_HLEN + ETH_EXTRA ||
	    uk_netbuf_headroom(nb) < HDR_LEN)
		return -EINVAL;
	if ((nb->flags & UK_NETBUF_F_CSUM_PARTIAL) &&
	    (!virtio_has_feature(vn->vdev, VIRTIO_NET_F_CSUM) ||
	     (size_t)nb->csum_start + nb->csum_offset + 2 > nb->len))
		return -EINVAL;
	if (!virtqueue_free(vn->txq)) {
		/* busy: the device must know of what fills the ring, or
		 * it never completes any of it */
		if (tx_kick(vn) < 0)
			return vnet_fault(vn);
		return 0;
	}
	uk_netbuf_header(nb, HDR_LEN);
	tx_header(vn, nb);
	seg.addr = (uintptr_t)nb->data;
	seg.len = nb->len;
	rc = virtqueue_add(vn->txq, &seg, 1, 0, nb);
	if (rc < 0) {
		uk_netbuf_header(nb, -(long)HDR_LEN);
		if (rc == -ENOSPC)
			return tx_kick(vn) < 0 ? vnet_fault(vn) : 0;
		return rc == -EIO ? vnet_fault(vn) : rc;
	}
	vn->stats.tx_frames++;
	if (!(nb->flags & UK_NETBUF_F_TX_MORE) && tx_kick(vn) < 0)
		return vnet_fault(vn);
	return UK_NETDEV_STATUS_SUCCESS |
	       (virtqueue_free(vn->txq) ? UK_NETDEV_STATUS_MORE : 0);
}

static int vnet_intr_on(struct uk_netdev *dev, uint16_t q)
{
	struct vnet *vn = to_vnet(dev);
	int rc;

	if (!vn->rxconf.callback)
		return -ENOTSUP;
	rc = virtqueue_intr_enable(vn->rxq);
	return rc < 0 ? vnet_fault(vn) : rc;
}

static int vnet_intr_off(struct uk_netdev *dev, uint16_t q)
{
	virtqueue_intr_disable(to_vnet(dev)->rxq);
	return 0;
}

static int vnet_txq_intr_on(struct uk_netdev *dev, uint16_t q)
{
	struct vnet *vn = to_vnet(dev);
	int rc;

	if (!vn->txconf.callback)
		return -ENOTSUP;
	rc = virtqueue_intr_enable(vn->txq);
	return rc < 0 ? vnet_fault(vn) : rc;
}

/* Transmissions the device has not completed yet. */
static int vnet_tx_pending(struct uk_netdev *dev, uint16_t q)
{
	struct vnet *vn = to_vnet(dev);

	/* frames held back by UK_NETBUF_F_TX_MORE go now */
	if (tx_reclaim(vn) < 0 || tx_kick(vn) < 0)
		return vnet_fault(vn);
	return vn->txq->in_flight;
}

static int vnet_stats(struct uk_netdev *dev, struct uk_netdev_stats *stats)
{
	*stats = to_vnet(dev)->stats;
	return 0;
}

static const struct uk_netdev_ops vnet_ops = {
	.info_get = vnet_info,
	.configure = vnet_configure,
	.rxq_configure = vnet_rxq,
	.txq_configure = vnet_txq,
	.start = vnet_start,
	.hwaddr_get = vnet_hwaddr,
	.mtu_get = vnet_mtu,
	.link_up = vnet_link,
	.rx_one = vnet_rx,
	.tx_one = vnet_tx,
	.rxq_intr_enable = vnet_intr_on,
	.rxq_intr_disable = vnet_intr_off,
	.txq_intr_enable = vnet_txq_intr_on,
	.stats_get = vnet_stats,
	.txq_pending = vnet_tx_pending,
	.txq_flush = vnet_txq_flush,
};

static int link_read(struct vnet *vn)
{
	uint16_t status;
	int rc;

	if (!virtio_has_feature(vn->vdev, VIRTIO_NET_F_STATUS)) {
		vn->link = 1;
		return 0;
	}
	rc = virtio_config_read(vn->vdev, CFG_STATUS, &status,
				sizeof(status));
	if (rc < 0)
		return rc;
	vn->link = status & NET_S_LINK_UP;
	return 0;
}

static int config_read(struct vnet *vn)
{
	uint16_t mtu = MTU_DEFAULT;
	int rc;

	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_MAC)) {
		rc = virtio_config_read(vn->vdev, CFG_MAC, vn->mac.addr,
					UK_NETDEV_HWADDR_LEN);
		if (rc < 0)
			return rc;
	} else {
		/* locally administered, from the device's address */
		static const uint8_t mac[] = { 0x02, 0x4b, 0x41, 0x53, 0, 0 };

		memcpy(vn->mac.addr, mac, sizeof(mac));
		vn->mac.addr[5] = (uint8_t)vn->ndev.id;
	}
	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_MTU)) {
		rc = virtio_config_read(vn->vdev, CFG_MTU, &mtu, sizeof(mtu));
		if (rc < 0)
			return rc;
		if (mtu < MTU_MIN) {
			virtio_dev_broken(vn->vdev, "MTU %u below %d", mtu,
					  MTU_MIN);
			return -EIO;
		}
	}
	vn->mtu = mtu;
	return link_read(vn);
}

static int vnet_probe(struct virtio_dev *vdev)
{
	struct vnet *vn;
	int rc;

	rc = virtio_negotiate(vdev,
			      (csum ? VIRTIO_FEATURE(VIRTIO_NET_F_CSUM) |
			       VIRTIO_FEATURE(VIRTIO_NET_F_GUEST_CSUM) : 0) |
			      VIRTIO_FEATURE(VIRTIO_NET_F_MTU) |
			      VIRTIO_FEATURE(VIRTIO_NET_F_MAC) |
			      VIRTIO_FEATURE(VIRTIO_NET_F_STATUS));
	if (rc < 0)
		return rc;
	vn = uk_calloc(uk_alloc_get_default(), 1, sizeof(*vn));
	if (!vn)
		return -ENOMEM;
	vn->vdev = vdev;
	vdev->drv_priv = vn;
	rc = config_read(vn);
	if (rc < 0)
		goto out_free;
	vn->ndev.ops = &vnet_ops;
	vn->ndev.drv_name = "virtio-net";
	memcpy(vn->ndev.name, vdev->name, sizeof(vn->ndev.name));
	vn->ndev.name[sizeof(vn->ndev.name) - 1] = '\0';
	rc = uk_netdev_register(&vn->ndev);
	if (rc < 0)
		goto out_free;
	return 0;
out_free:
	vdev->drv_priv = NULL;
	uk_free(uk_alloc_get_default(), vn);
	return rc;
}

static void vnet_config_changed(struct virtio_dev *vdev)
{
	struct vnet *vn = vdev->drv_priv;
	int was;

	if (!vn)
		return;
	was = vn->link;
	if (link_read(vn) == 0 && !vn->link != !was)
		uk_netdev_link_changed(&vn->ndev);
}

static const struct virtio_driver vnet_driver = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.probe = vnet_probe,
	.config_changed = vnet_config_changed,
};
VIRTIO_DRIVER_REGISTER(vnet_driver);
