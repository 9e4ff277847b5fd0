/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk (virtio 1.x, 5.2) as a ukblkdev device: one request queue
 * (0); capacity, logical block size, read-only and write-cache flags
 * from the device configuration; several requests in flight.
 *
 * A request is a chain of three buffers: the 16-byte header (type,
 * sector in 512-byte units), the data (one segment: guest memory is
 * identity mapped, so a contiguous buffer is one physical range), and
 * the status byte the device writes. Headers and status bytes live in a
 * private pool of request contexts, one per three descriptors, which is
 * also the limit of requests in flight.
 *
 * Validation: the configuration (capacity * 512 must not overflow, the
 * block size a power of 2 in 512..64 KiB, size_max at least one block,
 * seg_max at least 1) at probe; on completion, the used length (the
 * status byte must have been written; a successful read must have filled
 * all of its data) and the status value (OK, IOERR, UNSUPP). Anything
 * else disables the device: one message, every request in flight
 * completes with -EIO, the ukblkdev device becomes BROKEN.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/blkdev_impl.h>
#include <uk/virtio.h>
#include <uk/plat/lcpu.h>

#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

#define CFG_CAPACITY		0	/* le64, 512-byte units */
#define CFG_SIZE_MAX		8	/* le32 */
#define CFG_SEG_MAX		12	/* le32 */
#define CFG_BLK_SIZE		20	/* le32 */

#define T_IN			0
#define T_OUT			1
#define T_FLUSH			4

#define S_OK			0
#define S_IOERR			1
#define S_UNSUPP		2

#define REQQ			0
#define QUEUE_SIZE_MAX		256
#define DESC_PER_REQ		3
#define SECTOR_SHIFT		9	/* the protocol's unit: 512 bytes */
#define BLK_SIZE_MAX		65536
/*
 * Largest transfer per request: big enough that large reads and writes
 * are a few requests, small enough that the device (QEMU) never has to
 * split it and one request cannot hold the queue for long.
 */
#define REQ_BYTES_MAX		(128 * 1024)

struct vblk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct vblk_ctx {
	struct vblk_hdr hdr;
	uint8_t status;
	struct uk_blkreq *req;		/* NULL: free */
	struct vblk_ctx *next_free;
	uint32_t data_in;		/* bytes the device must fill (read) */
};

struct vblk {
	struct uk_blkdev bdev;
	struct virtio_dev *vdev;
	struct virtqueue *vq;
	unsigned int blk_shift;		/* log2(block size / 512) */
	struct vblk_ctx *ctx;
	unsigned int nctx;
	struct vblk_ctx *free;
};

static struct vblk *to_vblk(struct uk_blkdev *dev)
{
	return __containerof(dev, struct vblk, bdev);
}

/*
 * The device is broken (virtio_dev_broken() said why): every request in
 * flight completes with -EIO, and the blkdev is BROKEN. Interrupts off.
 */
static int vblk_fail_all(struct vblk *vb)
{
	unsigned int i;
	struct uk_blkreq *req;

	if (vb->bdev.state == UK_BLKDEV_BROKEN)
		return -EIO;
	uk_blkdev_broken(&vb->bdev);
	for (i = 0; i < vb->nctx; i++) {
		req = vb->ctx[i].req;
		if (!req)
			continue;
		vb->ctx[i].req = NULL;
		uk_blkreq_complete(req, -EIO);
	}
	return -EIO;
}

/* The request's outcome from the device's answer; <-EIO: device fault. */
static int vblk_result(struct vblk *vb, struct vblk_ctx *c, uint32_t len)
{
	uint8_t status = __atomic_load_n(&c->status, __ATOMIC_RELAXED);

	if (len < 1) {
		virtio_dev_broken(vb->vdev, "request completed without its status byte (used length 0)");
		return -EFAULT;
	}
	switch (status) {
	case S_OK:
		if (c->data_in && len != c->data_in + 1) {
			virtio_dev_broken(vb->vdev, "read of %u bytes completed with %u (used length)",
					  c->data_in, len - 1);
			return -EFAULT;
		}
		return 0;
	case S_IOERR:
		return -EIO;
	case S_UNSUPP:
		return -ENOTSUP;
	default:
		virtio_dev_broken(vb->vdev, "invalid request status %u", status);
		return -EFAULT;
	}
}

/* Complete what the device finished; irqs off. How many, or -EIO. */
static int vblk_complete(struct vblk *vb)
{
	struct vblk_ctx *c;
	struct uk_blkreq *req;
	void *cookie;
	uint32_t len;
	int rc, n = 0, res;

	if (vb->bdev.state == UK_BLKDEV_BROKEN)
		return -EIO;
	while ((rc = virtqueue_get(vb->vq, &cookie, &len)) == 1) {
		c = cookie;
		req = c->req;
		UK_ASSERT(req);
		res = vblk_result(vb, c, len);
		if (res == -EFAULT)
			return vblk_fail_all(vb);
		c->req = NULL;
		c->next_free = vb->free;
		vb->free = c;
		uk_blkreq_complete(req, res);
		n++;
	}
	return rc < 0 ? vblk_fail_all(vb) : n;
}

static void vblk_event(struct virtqueue *vq, void *arg)
{
	vblk_complete(arg);
}

static int vblk_add(struct vblk *vb, struct vblk_ctx *c,
		    struct uk_blkreq *req)
{
	struct virtqueue_seg seg[DESC_PER_REQ];
	size_t bytes = (size_t)req->nb_sectors << (vb->blk_shift +
						   SECTOR_SHIFT);

	c->req = req;
	c->status = 0xff;	/* not a valid status: the device must write */
	c->data_in = 0;
	c->hdr.reserved = 0;
	c->hdr.sector = req->sector << vb->blk_shift;
	seg[0].addr = (uintptr_t)&c->hdr;
	seg[0].len = sizeof(c->hdr);
	switch (req->op) {
	case UK_BLKREQ_READ:
		c->hdr.type = T_IN;
		c->data_in = (uint32_t)bytes;
		seg[1].addr = (uintptr_t)req->buf;
		seg[1].len = (uint32_t)bytes;
		seg[2].addr = (uintptr_t)&c->status;
		seg[2].len = 1;
		return virtqueue_add(vb->vq, seg, 1, 2, c);
	case UK_BLKREQ_WRITE:
		c->hdr.type = T_OUT;
		seg[1].addr = (uintptr_t)req->buf;
		seg[1].len = (uint32_t)bytes;
		seg[2].addr = (uintptr_t)&c->status;
		seg[2].len = 1;
		return virtqueue_add(vb->vq, seg, 2, 1, c);
	default:
		c->hdr.type = T_FLUSH;
		c->hdr.sector = 0;
		seg[1].addr = (uintptr_t)&c->status;
		seg[1].len = 1;
		return virtqueue_add(vb->vq, seg, 1, 1, c);
	}
}

static int vblk_submit(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	struct vblk *vb = to_vblk(dev);
	struct vblk_ctx *c;
	unsigned long flags;
	int rc;

	flags = ukplat_lcpu_save_irqf();
	if (vb->bdev.state == UK_BLKDEV_BROKEN) {
		rc = -EIO;
		goto out;
	}
	c = vb->free;
	if (!c) {
		/* room may be waiting in the used ring (poll mode) */
		rc = vblk_complete(vb);
		c = vb->free;
		if (rc < 0 || !c) {
			rc = rc < 0 ? rc : -EAGAIN;
			goto out;
		}
	}
	vb->free = c->next_free;
	rc = vblk_add(vb, c, req);
	if (rc < 0) {
		c->req = NULL;
		c->next_free = vb->free;
		vb->free = c;
		rc = rc == -ENOSPC ? -EAGAIN :
		     rc == -EIO ? vblk_fail_all(vb) : rc;
		goto out;
	}
	rc = virtqueue_kick(vb->vq);
	rc = rc < 0 ? vblk_fail_all(vb) : 0;
out:
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

static int vblk_poll(struct uk_blkdev *dev)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc = vblk_complete(to_vblk(dev));

	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

static int vblk_intr_enable(struct uk_blkdev *dev)
{
	struct vblk *vb = to_vblk(dev);
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc;

	rc = virtqueue_intr_enable(vb->vq);
	if (rc > 0)
		rc = vblk_complete(vb);	/* no interrupt comes for these */
	else if (rc < 0)
		rc = vblk_fail_all(vb);
	ukplat_lcpu_restore_irqf(flags);
	return rc < 0 ? rc : 0;
}

static int vblk_intr_disable(struct uk_blkdev *dev)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	virtqueue_intr_disable(to_vblk(dev)->vq);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

static const struct uk_blkdev_ops vblk_ops = {
	.submit = vblk_submit,
	.poll = vblk_poll,
	.intr_enable = vblk_intr_enable,
	.intr_disable = vblk_intr_disable,
};

static int cfg_u32(struct vblk *vb, unsigned int feature, unsigned int off,
		   uint32_t *v)
{
	if (!virtio_has_feature(vb->vdev, feature))
		return 0;
	return virtio_config_read(vb->vdev, off, v, sizeof(*v));
}

/* Capacity, block size and limits, each checked. */
static int config_read(struct vblk *vb, struct uk_blkdev_info *info)
{
	uint64_t capacity;
	uint32_t blk_size = 512, size_max = REQ_BYTES_MAX, seg_max = 1;
	int rc;

	rc = virtio_config_read(vb->vdev, CFG_CAPACITY, &capacity,
				sizeof(capacity));
	if (!rc)
		rc = cfg_u32(vb, VIRTIO_BLK_F_BLK_SIZE, CFG_BLK_SIZE, &blk_size);
	if (!rc)
		rc = cfg_u32(vb, VIRTIO_BLK_F_SIZE_MAX, CFG_SIZE_MAX, &size_max);
	if (!rc)
		rc = cfg_u32(vb, VIRTIO_BLK_F_SEG_MAX, CFG_SEG_MAX, &seg_max);
	if (rc < 0)
		return rc;
	if (capacity > UINT64_MAX >> SECTOR_SHIFT) {
		virtio_dev_broken(vb->vdev, "capacity of %llu 512-byte sectors overflows a byte count",
				  (unsigned long long)capacity);
		return -EIO;
	}
	if (blk_size < 512 || blk_size > BLK_SIZE_MAX ||
	    (blk_size & (blk_size - 1))) {
		virtio_dev_broken(vb->vdev, "block size %u is not a power of 2 in 512..%u",
				  blk_size, BLK_SIZE_MAX);
		return -EIO;
	}
	if (size_max < blk_size) {
		virtio_dev_broken(vb->vdev, "size_max %u is smaller than a block (%u)",
				  size_max, blk_size);
		return -EIO;
	}
	if (!seg_max) {
		virtio_dev_broken(vb->vdev, "seg_max is 0");
		return -EIO;
	}
	vb->blk_shift = __builtin_ctz(blk_size) - SECTOR_SHIFT;
	info->sector_size = blk_size;
	/* a partial last block is not addressable */
	info->sectors = capacity >> vb->blk_shift;
	info->max_sectors = UK_MIN(size_max, (uint32_t)REQ_BYTES_MAX) / blk_size;
	info->read_only = virtio_has_feature(vb->vdev, VIRTIO_BLK_F_RO);
	info->flush = virtio_has_feature(vb->vdev, VIRTIO_BLK_F_FLUSH);
	return 0;
}

static int ctx_setup(struct vblk *vb)
{
	unsigned int i;

	vb->nctx = vb->vq->num / DESC_PER_REQ;
	if (!vb->nctx) {
		uk_pr_err("virtio-blk: %s: queue of %u entries cannot hold a request\n",
			  vb->vdev->name, vb->vq->num);
		return -ENODEV;
	}
	vb->ctx = uk_calloc(uk_alloc_get_default(), vb->nctx,
			    sizeof(*vb->ctx));
	if (!vb->ctx)
		return -ENOMEM;
	for (i = 0; i < vb->nctx; i++) {
		vb->ctx[i].next_free = vb->free;
		vb->free = &vb->ctx[i];
	}
	vb->bdev.info.max_requests = (uint16_t)vb->nctx;
	return 0;
}

static int vblk_probe(struct virtio_dev *vdev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vblk *vb;
	int rc;

	rc = virtio_negotiate(vdev,
			      VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX) |
			      VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX) |
			      VIRTIO_FEATURE(VIRTIO_BLK_F_RO) |
			      VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE) |
			      VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH));
	if (rc < 0)
		return rc;
	vb = uk_calloc(a, 1, sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	vb->vdev = vdev;
	rc = config_read(vb, &vb->bdev.info);
	if (rc < 0)
		goto out_free;
	vb->vq = virtio_vq_setup(vdev, REQQ, QUEUE_SIZE_MAX, vblk_event, vb,
				 &rc);
	if (!vb->vq)
		goto out_free;
	rc = ctx_setup(vb);
	if (rc < 0)
		goto out_free;
	rc = virtio_driver_ok(vdev);
	if (rc < 0)
		goto out_free;
	vb->bdev.ops = &vblk_ops;
	vb->bdev.drv_name = "virtio-blk";
	memcpy(vb->bdev.name, vdev->name, sizeof(vb->bdev.name));
	vb->bdev.name[sizeof(vb->bdev.name) - 1] = '\0';
	rc = uk_blkdev_register(&vb->bdev);
	if (rc < 0)
		goto out_free;
	vdev->drv_priv = vb;
	/* interrupt mode, as registered */
	rc = vblk_intr_enable(&vb->bdev);
	return rc < 0 ? rc : 0;
out_free:
	/*
	 * The queue's memory stays with the device, which virtio_dev_bind()
	 * resets and leaves alone; its callback must not reach @vb again.
	 */
	if (vb->vq)
		vdev->vq[REQQ] = NULL;
	uk_free(a, vb->ctx);
	uk_free(a, vb);
	return rc;
}

static void vblk_config_changed(struct virtio_dev *vdev)
{
	/* a resize is not followed: the capacity stays what probe read */
	uk_pr_warn("virtio-blk: %s: configuration changed (ignored)\n",
		   vdev->name);
}

static const struct virtio_driver vblk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.probe = vblk_probe,
	.config_changed = vblk_config_changed,
};
VIRTIO_DRIVER_REGISTER(vblk_driver);
