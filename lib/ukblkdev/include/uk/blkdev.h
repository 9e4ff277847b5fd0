/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukblkdev: block devices, independent of the driver (consumer API).
 *
 * A block device (struct uk_blkdev, opaque here; drivers see it in
 * <uk/blkdev_impl.h>) is an array of sectors of one size. Drivers
 * register their devices when they probe them, numbered in order; a
 * consumer (devfs's /dev/vdX, a file system, a test) finds them with
 * uk_blkdev_count() / uk_blkdev_get() / uk_blkdev_find() and uses them at
 * once: there is nothing to configure.
 *
 * Requests are asynchronous. The caller fills a struct uk_blkreq (kept
 * alive until it completes) and submits it; the device calls its
 * completion callback once, with req->result set (0 or a negative errno).
 * Several requests may be in flight (info.max_requests). Completions are
 * delivered:
 *  - in interrupt mode (the default): from the device's interrupt
 *    handler, so the callback runs in interrupt context (it may wake a
 *    thread: uk_semaphore_up(), uk_waitq_wake_*());
 *  - in poll mode (uk_blkdev_intr_disable()): from uk_blkdev_poll(), in
 *    the caller's thread.
 * uk_blkdev_io() and uk_blkdev_flush() do it all synchronously in either
 * mode: split the transfer into requests, keep several in flight, wait.
 *
 * Error policy:
 *  - Functions return 0 (or a count) or a negative errno: -EINVAL for a
 *    request outside the device (sector range, zero or too many sectors,
 *    no buffer, unknown operation), -EROFS for a write to a read-only
 *    device, -EAGAIN when the device has no room for another request
 *    (submit again after a completion), -EIO once the device is broken
 *    (a device that answered something invalid: its in-flight requests
 *    complete with -EIO, every later call returns -EIO). A request the
 *    device itself fails completes with -EIO (media error) or -ENOTSUP
 *    (operation not supported).
 *  - Contract violations assert (UK_ASSERT): NULL device or request, a
 *    request submitted while still in flight.
 *  - Interrupt context: uk_blkdev_submit() may be called from a
 *    completion callback; everything else is for threads (or the boot).
 *
 * Buffers are kernel memory the device reads or writes directly (guest
 * physical = virtual, as everywhere in Kast): never a user pointer that
 * has not been checked (devfs copies through its own buffer).
 */
#ifndef __UK_BLKDEV_H__
#define __UK_BLKDEV_H__

#include <stdbool.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_blkdev;

struct uk_blkdev_info {
	uint64_t sectors;	/* capacity in sectors */
	uint32_t sector_size;	/* bytes: a power of 2, >= 512 */
	uint32_t max_sectors;	/* largest request, in sectors (>= 1) */
	uint16_t max_requests;	/* requests in flight at once (>= 1) */
	bool read_only;
	bool flush;		/* has a volatile write cache to flush */
};

enum uk_blkdev_state {
	UK_BLKDEV_RUNNING = 1,
	UK_BLKDEV_BROKEN,	/* misbehaved: every call returns -EIO */
};

enum uk_blkreq_op {
	UK_BLKREQ_READ = 0,
	UK_BLKREQ_WRITE,
	UK_BLKREQ_FLUSH,	/* make completed writes durable */
};

struct uk_blkreq;

/* Request @req completed (req->result is set). See the mode above. */
typedef void (*uk_blkreq_cb_t)(struct uk_blkreq *req, void *arg);

struct uk_blkreq {
	/* set by the caller */
	enum uk_blkreq_op op;
	uint64_t sector;	/* first sector (READ / WRITE) */
	uint32_t nb_sectors;	/* READ / WRITE: 1..info.max_sectors */
	void *buf;		/* nb_sectors * sector_size bytes */
	uk_blkreq_cb_t cb;	/* may be NULL: poll req->done */
	void *cb_arg;
	/* set by the device */
	int result;		/* 0 or a negative errno */
	volatile bool done;	/* set before the callback runs */
};

/* Number of registered devices; ids are 0 .. count - 1. */
unsigned int uk_blkdev_count(void);

/* Device @id, or NULL. */
struct uk_blkdev *uk_blkdev_get(unsigned int id);

/* The device whose name (uk_blkdev_name()) is @name, or NULL. */
struct uk_blkdev *uk_blkdev_find(const char *name);

unsigned int uk_blkdev_id(const struct uk_blkdev *dev);

/* The device's name ("virtio-mmio@0xfeb00000") and its driver's. */
const char *uk_blkdev_name(const struct uk_blkdev *dev);
const char *uk_blkdev_drv_name(const struct uk_blkdev *dev);

/* Capacity, sector size, limits, flags. */
const struct uk_blkdev_info *uk_blkdev_info_get(const struct uk_blkdev *dev);

enum uk_blkdev_state uk_blkdev_state_get(const struct uk_blkdev *dev);

/*
 * Hand @req to the device (checked against its info first; done and
 * result are reset). 0: it will complete; -EAGAIN: no room now; other
 * errors as above (the request will not complete).
 */
int uk_blkdev_submit(struct uk_blkdev *dev, struct uk_blkreq *req);

/*
 * Deliver the requests that completed (poll mode; harmless in interrupt
 * mode): their number, or -EIO when the device broke (its requests then
 * completed with -EIO).
 */
int uk_blkdev_poll(struct uk_blkdev *dev);

/* Interrupt mode (the default at registration). 0 or -EIO. */
int uk_blkdev_intr_enable(struct uk_blkdev *dev);

/* Poll mode: completions only through uk_blkdev_poll(). */
int uk_blkdev_intr_disable(struct uk_blkdev *dev);

/*
 * Synchronous READ or WRITE of @nb_sectors from @sector with @buf, split
 * into requests of at most info.max_sectors, up to info.max_requests in
 * flight; returns when all completed: 0, or the first error.
 */
int uk_blkdev_io(struct uk_blkdev *dev, enum uk_blkreq_op op,
		 uint64_t sector, uint64_t nb_sectors, void *buf);

/* Synchronous FLUSH (0 at once when the device has no write cache). */
int uk_blkdev_flush(struct uk_blkdev *dev);

#ifdef __cplusplus
}
#endif

#endif /* __UK_BLKDEV_H__ */
