/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-9p (virtio 1.x, 5.x "9P transport"): one request queue (0);
 * each 9P request is one descriptor chain, the T-message's segments
 * device-readable, then the reply's segments device-writable. The mount
 * tag comes from the device configuration (tag_len[2] then the tag) and
 * names the transport for uk9p (uk_9p_dev_register()).
 *
 * Several requests are in flight at once: each thread adds its chain
 * under the queue lock and sleeps; whoever takes the lock next collects
 * every finished chain from the used ring (validated by the virtqueue:
 * ids, lengths) and wakes their owners. The queue interrupt is turned on
 * only while someone sleeps; its handler turns it off and wakes the
 * sleepers, who collect. Before the scheduler runs threads (mounts at
 * boot, in the boot context) the waiting is polling instead.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/mutex.h>
#include <uk/wait.h>
#include <uk/virtio.h>
#include <uk/9p.h>
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif

#define VIRTIO_9P_F_MOUNT_TAG	0
#define CFG_TAG_LEN		0
#define CFG_TAG			2
/* Longest mount tag we accept (QEMU limits it to 255 too). */
#define TAG_MAX			255
#define QUEUE_SIZE		128
/* Segments per request: header + data each way at most. */
#define SEGS_MAX		4
#define MSIZE_MAX		(1024 * 1024 + 64)

struct v9p {
	struct uk_9p_dev dev;
	struct virtio_dev *vdev;
	struct virtqueue *vq;
	struct uk_mutex lock;		/* the queue */
	struct uk_waitq wq;		/* threads waiting for replies */
	volatile unsigned long irq_gen;	/* interrupts seen */
	char tag[TAG_MAX + 1];
};

struct v9p_req {
	volatile bool done;
	uint32_t len;
};

static void vq_event(struct virtqueue *vq, void *arg)
{
	struct v9p *v = arg;

	virtqueue_intr_disable(vq);
	v->irq_gen++;
	uk_waitq_wake_all(&v->wq);
}

/* Can this context sleep (a scheduled thread, not the boot context)? */
static bool can_sleep(void)
{
#if CONFIG_LIBUKSCHED
	struct uk_sched *s = uk_sched_get_default();

	return s && uk_thread_current() && uk_thread_current() != s->idle;
#else
	return false;
#endif
}

/* Collect finished chains (queue lock held). 0 or -EIO. */
static int collect(struct v9p *v)
{
	struct v9p_req *r;
	void *cookie;
	uint32_t len;
	bool woke = false;
	int rc;

	while ((rc = virtqueue_get(v->vq, &cookie, &len)) == 1) {
		r = cookie;
		r->len = len;
		r->done = true;
		woke = true;
	}
	if (woke || rc < 0)
		uk_waitq_wake_all(&v->wq);
	return rc < 0 ? -EIO : 0;
}

/*
 * Wait for @r (or, @r NULL, for any progress). Called with the queue lock
 * held; returns with it held. 0 or -EIO.
 */
static int wait_progress(struct v9p *v, struct v9p_req *r)
{
	unsigned long gen;
	int rc;

	for (;;) {
		rc = collect(v);
		if (rc < 0)
			return rc;
		if (r && r->done)
			return 0;
		gen = v->irq_gen;
		rc = virtqueue_intr_enable(v->vq);
		if (rc < 0)
			return -EIO;
		if (rc == 1) {
			if (!r)
				return 0;
			continue;	/* replies arrived meanwhile */
		}
		uk_mutex_unlock(&v->lock);
		if (can_sleep())
			uk_waitq_wait_event(&v->wq,
					    (r && r->done) || v->irq_gen != gen ||
					    v->vdev->broken);
		else
			while (!virtqueue_pending(v->vq) && !v->vdev->broken)
				__asm__ __volatile__("" ::: "memory");
		uk_mutex_lock(&v->lock);
		if (v->vdev->broken)
			return -EIO;
		if (!r)
			return 0;
	}
}

static int v9p_request(struct uk_9p_dev *dev, const struct uk_9p_iov *out,
		       unsigned int nout, const struct uk_9p_iov *in,
		       unsigned int nin, uint32_t *rlen)
{
	struct v9p *v = __containerof(dev, struct v9p, dev);
	struct virtqueue_seg seg[SEGS_MAX];
	struct v9p_req r = { .done = false, .len = 0 };
	unsigned int i, so = 0, si = 0;
	int rc;

	for (i = 0; i < nout; i++)
		if (out[i].len) {
			if (so + si == SEGS_MAX)
				return -EINVAL;
			seg[so].addr = (uintptr_t)out[i].base;
			seg[so++].len = out[i].len;
		}
	for (i = 0; i < nin; i++)
		if (in[i].len) {
			if (so + si == SEGS_MAX)
				return -EINVAL;
			seg[so + si].addr = (uintptr_t)in[i].base;
			seg[so + si++].len = in[i].len;
		}
	if (!so || !si)
		return -EINVAL;

	uk_mutex_lock(&v->lock);
	while ((rc = virtqueue_add(v->vq, seg, so, si, &r)) == -ENOSPC) {
		/* ring full: wait until some chain comes back */
		rc = wait_progress(v, NULL);
		if (rc < 0)
			break;
	}
	if (rc == 0 && virtqueue_kick(v->vq) < 0)
		rc = -EIO;
	if (rc == 0)
		rc = wait_progress(v, &r);
	uk_mutex_unlock(&v->lock);
	if (rc < 0)
		return rc == -EINVAL ? rc : -EIO;
	*rlen = r.len;
	return 0;
}

static const struct uk_9p_dev_ops v9p_ops = {
	.request = v9p_request,
};

/* The mount tag from the configuration, checked. */
static int tag_read(struct v9p *v)
{
	uint16_t len;
	unsigned int i;
	int rc;

	rc = virtio_config_read(v->vdev, CFG_TAG_LEN, &len, sizeof(len));
	if (rc < 0)
		return rc;
	if (len == 0 || len > TAG_MAX) {
		virtio_dev_broken(v->vdev, "mount tag length %u (1..%d)", len,
				  TAG_MAX);
		return -EIO;
	}
	/* beyond the device's config space the transport says -EINVAL */
	rc = virtio_config_read(v->vdev, CFG_TAG, v->tag, len);
	if (rc < 0) {
		virtio_dev_broken(v->vdev, "mount tag of %u bytes runs past the configuration",
				  len);
		return -EIO;
	}
	v->tag[len] = '\0';
	for (i = 0; i < len; i++)
		if ((unsigned char)v->tag[i] <= ' ' ||
		    (unsigned char)v->tag[i] >= 0x7f || v->tag[i] == ':' ||
		    v->tag[i] == ',') {
			virtio_dev_broken(v->vdev, "mount tag byte %u is 0x%02x (printable, no ':' or ',')",
					  i, (unsigned char)v->tag[i]);
			return -EIO;
		}
	return 0;
}

static int v9p_probe(struct virtio_dev *vdev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct v9p *v;
	int rc;

	rc = virtio_negotiate(vdev, VIRTIO_FEATURE(VIRTIO_9P_F_MOUNT_TAG));
	if (rc < 0)
		return rc;
	if (!virtio_has_feature(vdev, VIRTIO_9P_F_MOUNT_TAG)) {
		uk_pr_err("virtio-9p: %s: no mount tag offered; device ignored\n",
			  vdev->name);
		return -ENOTSUP;
	}
	v = uk_calloc(a, 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vdev = vdev;
	uk_mutex_init(&v->lock);
	uk_waitq_init(&v->wq);
	vdev->drv_priv = v;
	rc = tag_read(v);
	if (rc < 0)
		goto out_free;
	v->vq = virtio_vq_setup(vdev, 0, QUEUE_SIZE, vq_event, v, &rc);
	if (!v->vq)
		goto out_free;
	rc = virtio_driver_ok(vdev);
	if (rc < 0)
		goto out_free;	/* the queue stays with the broken device */
	v->dev.ops = &v9p_ops;
	v->dev.tag = v->tag;
	/*
	 * A buffer in the program's mappings may take a descriptor per page
	 * (each page its own frame, demand paging): one message's data must
	 * fit in the queue beside the other segments.
	 */
	v->dev.max_msize = UK_MIN((uint32_t)MSIZE_MAX,
				  (uint32_t)(v->vq->num - SEGS_MAX - 1) *
				  UK_PAGE_SIZE);
	v->dev.max_segs = SEGS_MAX;
	v->dev.priv = v;
	rc = uk_9p_dev_register(&v->dev);
	if (rc < 0) {
		uk_pr_err("virtio-9p: %s: mount tag \"%s\" already taken; device ignored\n",
			  vdev->name, v->tag);
		return rc;	/* DRIVER_OK was set: v stays */
	}
	uk_pr_info("virtio-9p: %s: mount tag \"%s\"\n", vdev->name, v->tag);
	return 0;
out_free:
	if (v->vq)
		return rc;
	vdev->drv_priv = NULL;
	uk_free(a, v);
	return rc;
}

static const struct virtio_driver v9p_driver = {
	.name = "virtio-9p",
	.device_id = VIRTIO_ID_9P,
	.probe = v9p_probe,
};
VIRTIO_DRIVER_REGISTER(v9p_driver);
