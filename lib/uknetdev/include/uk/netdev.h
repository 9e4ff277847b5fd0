/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: network devices, independent of the driver (consumer API).
 *
 * A network device (struct uk_netdev, opaque here; drivers see it in
 * <uk/netdev_impl.h>) moves Ethernet frames held in packet buffers
 * (struct uk_netbuf, below) through receive and transmit queues. Drivers
 * register their devices when they probe them; a consumer (the lwIP glue,
 * a test) finds them with uk_netdev_count() / uk_netdev_get() and brings
 * one up in this order:
 *
 *	uk_netdev_info_get()           limits, headroom, offload features
 *	uk_netdev_configure()          UNCONFIGURED -> CONFIGURED
 *	uk_netdev_rxq_configure()      each receive queue  (CONFIGURED)
 *	uk_netdev_txq_configure()      each transmit queue (CONFIGURED)
 *	uk_netdev_start()              CONFIGURED -> RUNNING
 *	uk_netdev_rx_one() / uk_netdev_tx_one()            (RUNNING)
 *
 * There is no way back: a device is configured once. A driver that finds
 * its device misbehaving (values the device hands back that fail
 * validation) marks it BROKEN; every later call returns -EIO.
 *
 * Error policy:
 *  - Functions return 0 (or a status, see rx/tx) or a negative errno:
 *    -EINVAL for a call in the wrong state or an argument out of the
 *    device's limits (queue id, descriptor count), -ENOMEM when memory
 *    runs out, -EIO once the device is broken, -ENOTSUP for an offload
 *    the device lacks.
 *  - Contract violations assert (UK_ASSERT): NULL device or buffer,
 *    a device pointer not obtained from uk_netdev_get().
 *  - Interrupt context: only the uk_netbuf_* reference functions, and
 *    the queue event callback (which the device calls from its interrupt
 *    handler) may call uk_netdev_rxq_intr_disable(). Everything else is
 *    for threads (or the boot context); calls on one queue must be
 *    serialized by the caller (one thread per queue, or a lock), calls
 *    on different queues may run concurrently.
 *
 * Receiving: a receive queue is filled with empty buffers from the
 * consumer's allocation callback (struct uk_netdev_rxqueue_conf); a
 * buffer comes back from uk_netdev_rx_one() holding one frame, owned by
 * the caller, and the queue is refilled on the same call. In interrupt
 * mode the device calls the queue's event callback (interrupt context)
 * when frames arrive, with that queue's interrupt already disabled: a
 * flood of frames raises at most one callback until the consumer has
 * drained the queue and re-enabled the interrupt with
 * uk_netdev_rxq_intr_enable(), which returns 1 when frames arrived in
 * between (poll again before waiting). Without a callback the queue is
 * polled.
 *
 * Transmitting: uk_netdev_tx_one() hands one frame to the device, which
 * owns the buffer from then on and releases it (uk_netbuf_free()) once
 * sent. A full transmit ring is not an error: the status says the frame
 * was not taken (the caller still owns it and retries later); completed
 * transmissions are reclaimed on every call.
 */
#ifndef __UK_NETDEV_H__
#define __UK_NETDEV_H__

#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_alloc;
struct uk_netdev;

/* ------------------------------------------------------------------------
 * Packet buffers
 * ------------------------------------------------------------------------
 * One contiguous buffer holding one frame (no chains): [buf, buf + buflen)
 * is the memory, [data, data + len) the frame in it. The bytes before data
 * are headroom (drivers prepend their header there: reserve
 * uk_netdev_info.headroom bytes), the bytes after data + len tailroom.
 * A buffer is reference counted; the last uk_netbuf_free() releases it
 * (its destructor, else its allocator).
 */

/* The frame's checksum still has to be completed: csum_start/_offset. */
#define UK_NETBUF_F_CSUM_PARTIAL	0x1
/* The device checked the frame's (TCP/UDP) checksum: it is correct. */
#define UK_NETBUF_F_CSUM_VALID		0x2
/*
 * Transmit: more frames follow soon, the device need not be told of this
 * one yet (a notification per frame is the costly part of a small send).
 * A driver with uk_netdev_txq_flush() then waits for that call (or a full
 * ring, or uk_netdev_txq_pending()); others send the frame at once.
 */
#define UK_NETBUF_F_TX_MORE		0x4

struct uk_netbuf;
typedef void (*uk_netbuf_dtor_t)(struct uk_netbuf *nb);

struct uk_netbuf {
	void *data;		/* first byte of the frame */
	size_t len;		/* frame bytes at data */
	void *buf;		/* start of the memory */
	size_t buflen;		/* bytes of memory at buf */
	uint32_t refcount;	/* the last uk_netbuf_free() releases */
	uint32_t flags;		/* UK_NETBUF_F_* */
	/*
	 * With UK_NETBUF_F_CSUM_PARTIAL (transmit, when the device offers
	 * UK_NETDEV_F_TXCSUM; receive, when it offers UK_NETDEV_F_RXCSUM):
	 * the 16-bit ones' complement sum over the frame from csum_start
	 * (bytes from data) on goes to csum_start + csum_offset; the
	 * pseudo-header sum is already there.
	 */
	uint16_t csum_start;
	uint16_t csum_offset;
	uint32_t _pad;
	uk_netbuf_dtor_t dtor;	/* NULL: uk_free(a, this) */
	struct uk_alloc *a;	/* allocator of uk_netbuf_alloc() */
	void *priv;		/* the owner's (e.g. the lwIP pbuf) */
};

/*
 * A buffer of @size bytes (the struct and the memory in one allocation
 * from @a) with @headroom bytes before data, len 0, one reference, priv
 * NULL. NULL when @a has no memory or @headroom > @size.
 */
struct uk_netbuf *uk_netbuf_alloc(struct uk_alloc *a, size_t size,
				  size_t headroom);

/*
 * Set up @nb around caller memory [@buf, @buf + @buflen): data at
 * @buf + @headroom, len 0, one reference, released by @dtor (may be NULL
 * when the caller frees the memory itself). @headroom <= @buflen.
 */
void uk_netbuf_init(struct uk_netbuf *nb, void *buf, size_t buflen,
		    size_t headroom, uk_netbuf_dtor_t dtor, void *priv);

/* Take one more reference; any context. Returns @nb. */
struct uk_netbuf *uk_netbuf_ref(struct uk_netbuf *nb);

/* Drop one reference; the last one releases @nb. Any context. */
void uk_netbuf_free(struct uk_netbuf *nb);

/* Bytes before data / after data + len. */
static inline size_t uk_netbuf_headroom(const struct uk_netbuf *nb)
{
	return (size_t)((char *)nb->data - (char *)nb->buf);
}

static inline size_t uk_netbuf_tailroom(const struct uk_netbuf *nb)
{
	return nb->buflen - uk_netbuf_headroom(nb) - nb->len;
}

/*
 * Move the start of the frame by @delta bytes: negative strips a header
 * (len shrinks), positive prepends room for one from the headroom (len
 * grows). 0, or -ENOSPC (nothing changed) when there is not enough
 * headroom or frame.
 */
int uk_netbuf_header(struct uk_netbuf *nb, long delta);

/* ------------------------------------------------------------------------
 * Devices
 * ------------------------------------------------------------------------ */

#define UK_NETDEV_HWADDR_LEN	6

struct uk_hwaddr {
	uint8_t addr[UK_NETDEV_HWADDR_LEN];
};

enum uk_netdev_state {
	UK_NETDEV_UNCONFIGURED = 0,	/* registered, nothing set up */
	UK_NETDEV_CONFIGURED,		/* queues may be configured */
	UK_NETDEV_RUNNING,		/* frames flow */
	UK_NETDEV_BROKEN,		/* the device misbehaved: -EIO */
};

/* Offload features (uk_netdev_info.features). */
/* Receive: the device validates checksums (UK_NETBUF_F_CSUM_VALID). */
#define UK_NETDEV_F_RXCSUM	0x1
/* Transmit: the device completes partial checksums (CSUM_PARTIAL). */
#define UK_NETDEV_F_TXCSUM	0x2

struct uk_netdev_info {
	uint16_t max_rx_queues;
	uint16_t max_tx_queues;
	uint16_t max_rx_desc;	/* largest nb_desc of a receive queue */
	uint16_t max_tx_desc;	/* largest nb_desc of a transmit queue */
	uint16_t headroom;	/* bytes to keep before data on transmit */
	uint16_t rx_buflen;	/* smallest receive buffer (from data) */
	uint32_t features;	/* UK_NETDEV_F_* */
};

/*
 * The link of @dev went up or down (uk_netdev_link_up() says which). Any
 * context, interrupt handlers included: must not block.
 */
typedef void (*uk_netdev_link_event_t)(struct uk_netdev *dev, void *argp);

struct uk_netdev_conf {
	uint16_t nb_rx_queues;	/* 1 .. max_rx_queues */
	uint16_t nb_tx_queues;	/* 1 .. max_tx_queues */
	uk_netdev_link_event_t link_callback;	/* NULL: not told */
	void *link_argp;
};

/*
 * Fill @nb[0 .. @count - 1] with empty receive buffers (headroom of at
 * least uk_netdev_info.headroom, data + rx_buflen inside the buffer) and
 * return how many were filled (0 .. @count; fewer is fine, the queue is
 * refilled later). Called from uk_netdev_rxq_configure(), _start() and
 * _rx_one(), in the caller's context.
 */
typedef uint16_t (*uk_netdev_alloc_rxpkts)(void *argp,
					   struct uk_netbuf *nb[],
					   uint16_t count);

/*
 * Frames arrived on receive queue @queue_id (interrupt context: must not
 * block; typically wakes the thread that calls uk_netdev_rx_one()). The
 * queue's interrupt is disabled when it is called.
 */
typedef void (*uk_netdev_queue_event_t)(struct uk_netdev *dev,
					uint16_t queue_id, void *argp);

struct uk_netdev_rxqueue_conf {
	uk_netdev_alloc_rxpkts alloc_rxpkts;	/* required */
	void *alloc_rxpkts_argp;
	uk_netdev_queue_event_t callback;	/* NULL: polling only */
	void *callback_argp;
	struct uk_alloc *a;	/* the driver's ring memory */
};

struct uk_netdev_txqueue_conf {
	struct uk_alloc *a;	/* the driver's ring memory */
	/*
	 * Transmissions completed, so the queue has room again (interrupt
	 * context, must not block); called once per
	 * uk_netdev_txq_intr_enable(). NULL: none.
	 */
	uk_netdev_queue_event_t callback;
	void *callback_argp;
};

/* Number of registered devices; ids are 0 .. count - 1. */
unsigned int uk_netdev_count(void);

/* Device @id, or NULL when there is none. */
struct uk_netdev *uk_netdev_get(unsigned int id);

/* Id of @dev (its index for uk_netdev_get()). */
unsigned int uk_netdev_id(const struct uk_netdev *dev);

/* Driver name and device name (e.g. "virtio-net", "virtio-mmio@0xfeb00e00"). */
const char *uk_netdev_drv_name(const struct uk_netdev *dev);
const char *uk_netdev_name(const struct uk_netdev *dev);

/* Current state. */
enum uk_netdev_state uk_netdev_state_get(const struct uk_netdev *dev);

/* Limits and features of @dev into @info; any state but BROKEN. */
int uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info);

/* Set the number of queues; UNCONFIGURED -> CONFIGURED. */
int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf);

/*
 * Set up receive queue @queue_id with @nb_desc descriptors (0: the
 * driver's default; else 1 .. max_rx_desc, rounded by the driver to what
 * the device takes) and fill it; in state CONFIGURED.
 */
int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    const struct uk_netdev_rxqueue_conf *conf);

/* Set up transmit queue @queue_id likewise. */
int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    const struct uk_netdev_txqueue_conf *conf);

/* Start frames flowing; every queue configured. CONFIGURED -> RUNNING. */
int uk_netdev_start(struct uk_netdev *dev);

/* MAC address of @dev into @mac; any state but BROKEN. */
int uk_netdev_hwaddr_get(struct uk_netdev *dev, struct uk_hwaddr *mac);

/* MTU in bytes (frame payload, without the Ethernet header); 0 if broken. */
uint16_t uk_netdev_mtu_get(struct uk_netdev *dev);

/* 1 when the link is up, 0 when down, -EIO when broken. */
int uk_netdev_link_up(struct uk_netdev *dev);

/* Status bits of uk_netdev_rx_one() and uk_netdev_tx_one() (>= 0). */
#define UK_NETDEV_STATUS_SUCCESS	0x1	/* a frame was moved */
#define UK_NETDEV_STATUS_MORE		0x2	/* more frames / more room */
#define UK_NETDEV_STATUS_UNDERRUN	0x4	/* rx: refill came up short */

/*
 * Take one received frame from queue @queue_id: with STATUS_SUCCESS *@pkt
 * is the frame (owned by the caller), else *@pkt is NULL (nothing
 * waiting). STATUS_MORE: further frames are waiting. RUNNING only.
 */
int uk_netdev_rx_one(struct uk_netdev *dev, uint16_t queue_id,
		     struct uk_netbuf **pkt);

/*
 * Queue @pkt for transmission on @queue_id. STATUS_SUCCESS: the device
 * owns @pkt now (it is released once sent). Status 0: the ring is full,
 * @pkt is still the caller's, nothing was counted; retry later.
 * STATUS_MORE (with SUCCESS): there is room for another frame. The frame
 * must leave uk_netdev_info.headroom bytes of headroom and be at most
 * MTU + 14 bytes long (-EINVAL otherwise). RUNNING only.
 */
int uk_netdev_tx_one(struct uk_netdev *dev, uint16_t queue_id,
		     struct uk_netbuf *pkt);

/*
 * Tell the device of the frames queued on @queue_id with
 * UK_NETBUF_F_TX_MORE: 1 when it was notified, 0 when there was nothing
 * new or it asked not to be, -ENOTSUP when the driver sends every frame
 * at once anyway (UK_NETBUF_F_TX_MORE is then ignored), -EIO, -EINVAL.
 * Must not run concurrently with uk_netdev_tx_one() on the same queue.
 */
int uk_netdev_txq_flush(struct uk_netdev *dev, uint16_t queue_id);

/*
 * Counters of a device (uk_netdev_stats_get()), since it was registered.
 * Drivers count what they see; a counter a driver does not keep stays 0.
 */
struct uk_netdev_stats {
	uint64_t rx_frames;		/* handed to the consumer */
	uint64_t rx_bad_hdr;		/* dropped: the device's header lied */
	uint64_t rx_csum_valid;		/* came with UK_NETBUF_F_CSUM_VALID */
	uint64_t rx_csum_partial;	/* came with UK_NETBUF_F_CSUM_PARTIAL */
	uint64_t tx_frames;		/* taken by the device */
	uint64_t tx_csum_offloaded;	/* of those, checksum left to it */
	uint64_t rx_intr;		/* receive queue callbacks (interrupts) */
	uint64_t rx_notify;		/* device told of new receive buffers */
	uint64_t tx_notify;		/* device told of new frames */
};

/*
 * Frames of transmit queue @queue_id handed to the device and not yet
 * completed by it (completions are taken first), or -ENOTSUP, -EIO,
 * -EINVAL. At exit, 0 means the device has taken every frame sent.
 */
int uk_netdev_txq_pending(struct uk_netdev *dev, uint16_t queue_id);

/*
 * The counters of @dev into @stats (a snapshot; counters of queues in use
 * may move meanwhile). -ENOTSUP when the driver keeps none, -EIO when
 * broken.
 */
int uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *stats);

/*
 * Enable the event callback of receive queue @queue_id: 0, or 1 when
 * frames arrived meanwhile (the callback is not called for those: poll
 * again). -ENOTSUP when the queue has no callback.
 */
int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t queue_id);

/* Disable it again (polling); any context. */
int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t queue_id);

/*
 * After uk_netdev_tx_one() found transmit queue @queue_id full: ask for
 * the queue's callback once the device completes transmissions (room),
 * instead of retrying. 0, or 1 when some completed meanwhile (retry at
 * once: no callback comes for those). -ENOTSUP when the queue has no
 * callback or the driver cannot tell.
 */
int uk_netdev_txq_intr_enable(struct uk_netdev *dev, uint16_t queue_id);

#ifdef __cplusplus
}
#endif

#endif /* __UK_NETDEV_H__ */
