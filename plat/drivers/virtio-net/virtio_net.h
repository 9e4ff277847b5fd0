/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to plat/drivers/virtio-net (its tests). */
#ifndef __VIRTIO_NET_H__
#define __VIRTIO_NET_H__

#include <uk/netdev.h>
#include <uk/virtio.h>

/* The header in front of every frame (virtio 1.x, 5.1.6). */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

#define VIRTIO_NET_HDR_F_NEEDS_CSUM	1
#define VIRTIO_NET_HDR_F_DATA_VALID	2
#define VIRTIO_NET_HDR_GSO_NONE		0

/*
 * The header @h of a received frame (@nb, len set) into @nb's flags and
 * checksum position; false if it lies: a GSO type or flags not
 * negotiated (@guest_csum: VIRTIO_NET_F_GUEST_CSUM), a checksum field
 * outside the frame. The driver drops such a frame (counted).
 */
bool virtio_net_rx_hdr(const struct virtio_net_hdr *h, bool guest_csum,
		       struct uk_netbuf *nb);

/* The virtio device under @dev, a netdev of driver "virtio-net". */
struct virtio_dev *virtio_net_vdev(struct uk_netdev *dev);

#endif /* __VIRTIO_NET_H__ */
