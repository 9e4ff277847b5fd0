/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to plat/drivers/virtio-net (its tests). */
#ifndef __VIRTIO_NET_H__
#define __VIRTIO_NET_H__

#include <uk/netdev.h>
#include <uk/virtio.h>

/* The virtio device under @dev, a netdev of driver "virtio-net". */
struct virtio_dev *virtio_net_vdev(struct uk_netdev *dev);

#endif /* __VIRTIO_NET_H__ */
