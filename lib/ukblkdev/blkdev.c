/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukblkdev: the device list, request checks in front of the drivers, and
 * synchronous I/O over the asynchronous requests (uk/blkdev.h).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/blkdev_impl.h>

/*
 * Requests uk_blkdev_io() keeps in flight at once (bounded by the
 * device's max_requests): enough to overlap the device's work on one
 * request with the next, small enough to live on the caller's stack.
 */
#define SYNC_BATCH	8

static struct uk_blkdev *devices;
static struct uk_blkdev **devices_tail = &devices;
static unsigned int device_count;

static bool info_valid(const struct uk_blkdev_info *i)
{
	return i->sector_size >= 512 && !(i->sector_size & (i->sector_size - 1)) &&
	       i->max_sectors >= 1 && i->max_requests >= 1 &&
	       i->sectors <= UINT64_MAX / i->sector_size;
}

int uk_blkdev_register(struct uk_blkdev *dev)
{
	const struct uk_blkdev_ops *o;

	UK_ASSERT(dev);
	o = dev->ops;
	if (!o || !o->submit || !o->poll || !o->intr_enable ||
	    !o->intr_disable || !dev->drv_name || !info_valid(&dev->info))
		return -EINVAL;
	dev->state = UK_BLKDEV_RUNNING;
	dev->intr = true;
	dev->id = device_count++;
	dev->next = NULL;
	*devices_tail = dev;
	devices_tail = &dev->next;
	uk_pr_info("blkdev %u: %s %s: %llu sectors of %u bytes%s%s\n",
		   dev->id, dev->drv_name, dev->name,
		   (unsigned long long)dev->info.sectors,
		   dev->info.sector_size,
		   dev->info.read_only ? ", read-only" : "",
		   dev->info.flush ? ", write cache" : "");
	return 0;
}

void uk_blkdev_broken(struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	dev->state = UK_BLKDEV_BROKEN;
}

void uk_blkreq_complete(struct uk_blkreq *req, int result)
{
	UK_ASSERT(req);
	req->result = result;
	__atomic_store_n(&req->done, true, __ATOMIC_RELEASE);
	if (req->cb)
		req->cb(req, req->cb_arg);
}

unsigned int uk_blkdev_count(void)
{
	return device_count;
}

struct uk_blkdev *uk_blkdev_get(unsigned int id)
{
	struct uk_blkdev *d;

	for (d = devices; d; d = d->next)
		if (d->id == id)
			return d;
	return NULL;
}

struct uk_blkdev *uk_blkdev_find(const char *name)
{
	struct uk_blkdev *d;

	UK_ASSERT(name);
	for (d = devices; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

unsigned int uk_blkdev_id(const struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	return dev->id;
}

const char *uk_blkdev_name(const struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	return dev->name;
}

const char *uk_blkdev_drv_name(const struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	return dev->drv_name;
}

const struct uk_blkdev_info *uk_blkdev_info_get(const struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	return &dev->info;
}

enum uk_blkdev_state uk_blkdev_state_get(const struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	return dev->state;
}

static int req_check(const struct uk_blkdev *dev, const struct uk_blkreq *req)
{
	const struct uk_blkdev_info *i = &dev->info;

	switch (req->op) {
	case UK_BLKREQ_WRITE:
		if (i->read_only)
			return -EROFS;
		/* fall through */
	case UK_BLKREQ_READ:
		if (!req->buf || !req->nb_sectors ||
		    req->nb_sectors > i->max_sectors ||
		    req->sector >= i->sectors ||
		    req->nb_sectors > i->sectors - req->sector)
			return -EINVAL;
		return 0;
	case UK_BLKREQ_FLUSH:
		return 0;
	default:
		return -EINVAL;
	}
}

int uk_blkdev_submit(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	int rc;

	UK_ASSERT(dev && req);
	if (dev->state != UK_BLKDEV_RUNNING)
		return -EIO;
	rc = req_check(dev, req);
	if (rc < 0)
		return rc;
	req->result = 0;
	req->done = false;
	if (req->op == UK_BLKREQ_FLUSH && !dev->info.flush) {
		/* nothing is cached: durable already */
		uk_blkreq_complete(req, 0);
		return 0;
	}
	return dev->ops->submit(dev, req);
}

int uk_blkdev_poll(struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	if (dev->state != UK_BLKDEV_RUNNING)
		return -EIO;
	return dev->ops->poll(dev);
}

int uk_blkdev_intr_enable(struct uk_blkdev *dev)
{
	int rc;

	UK_ASSERT(dev);
	if (dev->state != UK_BLKDEV_RUNNING)
		return -EIO;
	dev->intr = true;
	rc = dev->ops->intr_enable(dev);
	return rc < 0 ? rc : 0;
}

int uk_blkdev_intr_disable(struct uk_blkdev *dev)
{
	UK_ASSERT(dev);
	if (dev->state != UK_BLKDEV_RUNNING)
		return -EIO;
	dev->intr = false;
	return dev->ops->intr_disable(dev);
}

static void sync_done(struct uk_blkreq *req, void *arg)
{
	uk_semaphore_up(arg);
}

/* Wait for @req: by its callback's semaphore, or by polling. */
static void sync_wait(struct uk_blkdev *dev, struct uk_blkreq *req,
		      struct uk_semaphore *sem, bool intr)
{
	if (intr) {
		uk_semaphore_down(sem);
		return;
	}
	while (!__atomic_load_n(&req->done, __ATOMIC_ACQUIRE)) {
		if (uk_blkdev_poll(dev) < 0 && !req->done) {
			/* broken (the driver completes what it held) */
			req->result = -EIO;
			break;
		}
		if (!req->done)
			uk_sched_yield();
	}
}

int uk_blkdev_io(struct uk_blkdev *dev, enum uk_blkreq_op op,
		 uint64_t sector, uint64_t nb_sectors, void *buf)
{
	struct uk_blkreq req[SYNC_BATCH];
	struct uk_semaphore sem;
	const struct uk_blkdev_info *i;
	unsigned int n, k, batch;
	uint32_t chunk;
	bool intr;
	int rc = 0, r;

	UK_ASSERT(dev);
	i = &dev->info;
	if (op != UK_BLKREQ_READ && op != UK_BLKREQ_WRITE)
		return -EINVAL;
	if (sector > i->sectors || nb_sectors > i->sectors - sector ||
	    (nb_sectors && !buf))
		return -EINVAL;
	batch = UK_MIN((unsigned int)SYNC_BATCH, (unsigned int)i->max_requests);
	uk_semaphore_init(&sem, 0);
	while (nb_sectors && !rc) {
		intr = dev->intr;
		for (n = 0; n < batch && nb_sectors; n++) {
			chunk = (uint32_t)UK_MIN(nb_sectors,
						 (uint64_t)i->max_sectors);
			req[n] = (struct uk_blkreq){
				.op = op, .sector = sector, .nb_sectors = chunk,
				.buf = buf, .cb = intr ? sync_done : NULL,
				.cb_arg = &sem,
			};
			r = uk_blkdev_submit(dev, &req[n]);
			if (r == -EAGAIN && n) {
				break;		/* wait for ours, go on */
			} else if (r == -EAGAIN) {
				uk_sched_yield();	/* someone else's */
				n--;
				continue;
			} else if (r < 0) {
				rc = r;
				break;
			}
			sector += chunk;
			nb_sectors -= chunk;
			buf = (char *)buf + (size_t)chunk * i->sector_size;
		}
		for (k = 0; k < n; k++) {
			sync_wait(dev, &req[k], &sem, intr);
			if (!rc && req[k].result < 0)
				rc = req[k].result;
		}
	}
	return rc;
}

int uk_blkdev_flush(struct uk_blkdev *dev)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_FLUSH };
	struct uk_semaphore sem;
	bool intr;
	int rc;

	UK_ASSERT(dev);
	uk_semaphore_init(&sem, 0);
	intr = dev->intr;
	req.cb = intr ? sync_done : NULL;
	req.cb_arg = &sem;
	rc = uk_blkdev_submit(dev, &req);
	while (rc == -EAGAIN) {
		uk_sched_yield();
		rc = uk_blkdev_submit(dev, &req);
	}
	if (rc < 0)
		return rc;
	if (req.done)
		return req.result;	/* completed inside submit */
	sync_wait(dev, &req, &sem, intr);
	return req.result;
}
