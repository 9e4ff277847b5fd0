/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.x, section 2.7) seen from the driver: the
 * descriptor table and the available ring we write, the used ring the
 * device writes. Ring memory is shared with the device and identity
 * mapped (guest physical = virtual).
 *
 * Nothing read back from shared memory is trusted. The driver's own
 * record of every descriptor (struct virtqueue_slot: chain links, chain
 * length, bytes the device may write, the caller's cookie) is private;
 * the used ring is checked against it: the used index may not run ahead
 * of the chains in flight (nor by more than the ring size), every used
 * id must name the head of a chain in flight, every used length must fit
 * what that chain offered. The first violation prints one error naming
 * the device and the fault, marks the device broken (virtio_dev_broken())
 * and every later call on any of its queues returns -EIO without reading
 * or writing the rings again.
 *
 * Error policy: 0/positive results or negative errno (-ENOSPC ring full,
 * -EINVAL bad segment list, -EIO broken device). Calls on one queue must
 * be serialized by the caller; virtqueue_intr() runs in the device's
 * interrupt handler and only reads the used index (no validation there:
 * the consumer's virtqueue_get() does it).
 */
#ifndef __UK_VIRTQUEUE_H__
#define __UK_VIRTQUEUE_H__

#include <stdbool.h>
#include <uk/essentials.h>

struct virtio_dev;
struct virtqueue;

/* Largest queue size we accept (the spec's maximum is 32768). */
#define VIRTQUEUE_MAX_SIZE	32768

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY	1

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* num entries, then used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* num entries, then avail_event */
};

/* The driver's private record of one descriptor. */
struct virtqueue_slot {
	void *cookie;		/* set on the head of a chain in flight */
	uint32_t in_bytes;	/* head: device-writable bytes of the chain */
	uint16_t next;		/* next descriptor (chain or free list) */
	uint16_t chain_len;	/* head: descriptors in the chain */
};

/* One buffer of a chain (guest physical address, bytes). */
struct virtqueue_seg {
	uint64_t addr;
	uint32_t len;
};

/*
 * The used ring has new entries (interrupt context): called from
 * virtqueue_intr() while the queue's interrupt is enabled.
 */
typedef void (*virtqueue_callback_t)(struct virtqueue *vq, void *arg);

struct virtqueue {
	struct virtio_dev *dev;
	uint16_t index;		/* queue number on the device */
	uint16_t num;		/* queue size, a power of 2 */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct virtqueue_slot *slot;	/* num entries, private */
	uint16_t free_head;	/* first free descriptor */
	uint16_t num_free;	/* free descriptors */
	uint16_t in_flight;	/* chains the device holds */
	uint16_t avail_idx;	/* our copy of avail->idx */
	uint16_t kicked_idx;	/* avail_idx at the last notification */
	uint16_t last_used;	/* next used entry to consume */
	bool event_idx;		/* VIRTIO_RING_F_EVENT_IDX negotiated */
	bool intr_on;		/* callbacks wanted */
	virtqueue_callback_t callback;
	void *cb_arg;
};

/* Bytes of shared ring memory for a queue of @num (page aligned use). */
size_t virtqueue_ring_size(uint16_t num);

/*
 * Set @vq up over zeroed, 4096-byte aligned shared memory @ring of
 * virtqueue_ring_size(@num) bytes and private @slot[@num], interrupts
 * (callbacks) off. @num is a power of 2 up to VIRTQUEUE_MAX_SIZE.
 */
void virtqueue_init(struct virtqueue *vq, struct virtio_dev *dev,
		    uint16_t index, uint16_t num, void *ring,
		    struct virtqueue_slot *slot, bool event_idx);

/* Addresses of the three parts, for the transport. */
static inline uint64_t virtqueue_desc_addr(const struct virtqueue *vq)
{
	return (uintptr_t)vq->desc;
}

static inline uint64_t virtqueue_avail_addr(const struct virtqueue *vq)
{
	return (uintptr_t)vq->avail;
}

static inline uint64_t virtqueue_used_addr(const struct virtqueue *vq)
{
	return (uintptr_t)vq->used;
}

/*
 * Make a chain of @nout device-readable then @nin device-writable
 * segments available with @cookie (non-NULL, returned by virtqueue_get()).
 * 0, -ENOSPC (not enough free descriptors: retry after virtqueue_get()),
 * -EINVAL (no segment, a zero-length one), -EIO (broken). The device
 * sees it after virtqueue_kick().
 */
int virtqueue_add(struct virtqueue *vq, const struct virtqueue_seg *seg,
		  unsigned int nout, unsigned int nin, void *cookie);

/* Free descriptors (0 when broken). */
unsigned int virtqueue_free(const struct virtqueue *vq);

/*
 * Notify the device of the chains added since the last kick, unless it
 * asked not to be (event index or the NO_NOTIFY flag). Returns 1 when it
 * was notified, 0 when not, -EIO when broken.
 */
int virtqueue_kick(struct virtqueue *vq);

/*
 * Take the next used chain: 1 with its cookie in *@cookie and the bytes
 * the device wrote in *@len, 0 when there is none, -EIO when the device
 * handed back something invalid (it is then broken) or was broken.
 */
int virtqueue_get(struct virtqueue *vq, void **cookie, uint32_t *len);

/* The used ring has entries not yet taken (unvalidated peek). */
bool virtqueue_pending(const struct virtqueue *vq);

/*
 * Ask for callbacks again: 0, or 1 when used entries are already waiting
 * (take them; no callback comes for those), -EIO when broken.
 */
int virtqueue_intr_enable(struct virtqueue *vq);

/* No more callbacks (the device is asked to not interrupt either). */
void virtqueue_intr_disable(struct virtqueue *vq);

/*
 * From the device's interrupt handler: call the callback if the queue
 * has used entries and callbacks are on. Returns 1 if it called it.
 */
int virtqueue_intr(struct virtqueue *vq);

#endif /* __UK_VIRTQUEUE_H__ */
