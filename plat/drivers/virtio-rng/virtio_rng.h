/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-rng internals shared with its in-guest test. */
#ifndef __VIRTIO_RNG_H__
#define __VIRTIO_RNG_H__

/* 1 when a virtio-rng device was bound. */
int virtio_rng_present(void);

/* Bytes the first device has delivered so far. */
unsigned long virtio_rng_bytes(void);

#endif
