/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukblkdev for drivers: the device structure and its operations.
 *
 * A driver fills a struct uk_blkdev (ops, names, info) and calls
 * uk_blkdev_register() from its probe. The API layer (uk/blkdev.h)
 * checks every request against the info and the state before calling
 * submit, so a driver sees only READ / WRITE requests inside the device
 * with 1..max_sectors sectors and a buffer, WRITE only when writable,
 * FLUSH only when info.flush.
 *
 * The driver completes each accepted request exactly once with
 * uk_blkreq_complete(), from its interrupt handler (interrupt mode) or
 * from its poll op. A driver that finds its device misbehaving completes
 * every request in flight with -EIO and calls uk_blkdev_broken(): the
 * API answers -EIO from then on.
 *
 * Error policy: as uk/blkdev.h; ops return 0/count or a negative errno.
 * submit may be called from interrupt context (a completion callback
 * that submits the next request), the others from threads.
 */
#ifndef __UK_BLKDEV_IMPL_H__
#define __UK_BLKDEV_IMPL_H__

#include <uk/blkdev.h>

#define UK_BLKDEV_NAME_MAX	32

struct uk_blkdev_ops {
	/* Start @req: 0, -EAGAIN (full), -EIO (broken). */
	int (*submit)(struct uk_blkdev *dev, struct uk_blkreq *req);
	/* Complete what the device finished: how many, or -EIO. */
	int (*poll)(struct uk_blkdev *dev);
	/* Completions by interrupt from now on (pending ones delivered). */
	int (*intr_enable)(struct uk_blkdev *dev);
	/* No completions by interrupt from now on. */
	int (*intr_disable)(struct uk_blkdev *dev);
};

struct uk_blkdev {
	const struct uk_blkdev_ops *ops;
	const char *drv_name;			/* "virtio-blk" */
	char name[UK_BLKDEV_NAME_MAX];		/* the device's */
	struct uk_blkdev_info info;		/* set before registering */
	volatile enum uk_blkdev_state state;
	volatile bool intr;			/* interrupt mode */
	unsigned int id;
	struct uk_blkdev *next;			/* registration order */
};

/*
 * Add @dev (ops complete, names and a valid info set) to the devices; it
 * gets the next id, state RUNNING, interrupt mode. 0, or -EINVAL.
 */
int uk_blkdev_register(struct uk_blkdev *dev);

/* The device misbehaved: BROKEN from now on (any context). */
void uk_blkdev_broken(struct uk_blkdev *dev);

/* @req finished with @result (0 or -errno): set it, run the callback. */
void uk_blkreq_complete(struct uk_blkreq *req, int result);

#endif /* __UK_BLKDEV_IMPL_H__ */
