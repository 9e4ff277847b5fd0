/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-rng (virtio 1.x, 5.4): an entropy source for lib/ukrandom. The
 * device has one queue (0, requestq) and no configuration: the driver
 * posts a device-writable buffer and the device fills some of it with
 * random bytes from the host.
 *
 * At probe the driver fetches a first RNG_BUF_LEN bytes synchronously
 * (polling the used ring, bounded by RNG_PROBE_WAIT_NS), so the
 * generator's boot-time seeding already has them. Afterwards it is a
 * registered uk_random_source: after every reseed the generator calls
 * request(), which posts the buffer again; the completion interrupt
 * hands what the device wrote to uk_random_add_entropy(). Only one
 * request is in flight at a time. The used length is validated by the
 * virtqueue (never more than offered); a zero-length answer is just
 * no entropy.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/alloc.h>
#include <uk/random.h>
#include <uk/virtio.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "virtio_rng.h"

#define REQUESTQ		0
#define QUEUE_SIZE		4
#define RNG_BUF_LEN		64
#define RNG_PROBE_WAIT_NS	(1000ULL * 1000 * 1000)

struct vrng {
	struct uk_random_source src;	/* first: the source is the device */
	struct virtio_dev *vdev;
	struct virtqueue *vq;
	bool busy;			/* a request is with the device */
	unsigned long bytes;		/* received so far */
	uint8_t buf[RNG_BUF_LEN];
};

static struct vrng *vrng_first;

/* Post the buffer (irqs off, so the completion cannot interleave). */
static int post_locked(struct vrng *r)
{
	struct virtqueue_seg seg = {
		.addr = (uintptr_t)r->buf,
		.len = sizeof(r->buf),
	};
	int rc;

	if (r->busy)
		return 0;
	rc = virtqueue_add(r->vq, &seg, 0, 1, r);
	if (rc < 0)
		return rc;
	r->busy = true;
	rc = virtqueue_kick(r->vq);
	return rc < 0 ? rc : 0;
}

/* Take a completion, if any: the bytes the device wrote, or 0 / -EIO. */
static int take_locked(struct vrng *r, uint8_t *out)
{
	uint32_t len;
	void *cookie;
	int rc;

	rc = virtqueue_get(r->vq, &cookie, &len);
	if (rc <= 0)
		return rc;
	r->busy = false;
	memcpy(out, r->buf, len);
	memset(r->buf, 0, sizeof(r->buf));
	r->bytes += len;
	return (int)len;
}

static void vrng_request(struct uk_random_source *src)
{
	struct vrng *r = __containerof(src, struct vrng, src);
	unsigned long flags = ukplat_lcpu_save_irqf();

	post_locked(r);
	ukplat_lcpu_restore_irqf(flags);
}

/* Completion (interrupt context). */
static void vrng_event(struct virtqueue *vq, void *arg)
{
	struct vrng *r = arg;
	uint8_t out[RNG_BUF_LEN];
	int n;

	n = take_locked(r, out);
	if (n > 0)
		uk_random_add_entropy(&r->src, out, (size_t)n);
	memset(out, 0, sizeof(out));
	virtqueue_intr_enable(vq);
}

/* The first bytes, before the generator's boot-time seeding. */
static int first_fill(struct vrng *r)
{
	uint8_t out[RNG_BUF_LEN];
	__nsec deadline;
	int rc;

	rc = post_locked(r);
	if (rc < 0)
		return rc;
	deadline = ukplat_monotonic_clock() + RNG_PROBE_WAIT_NS;
	do {
		rc = take_locked(r, out);
	} while (rc == 0 && ukplat_monotonic_clock() < deadline);
	if (rc > 0)
		uk_random_add_entropy(&r->src, out, (size_t)rc);
	else if (rc == 0)
		uk_pr_warn("%s: virtio-rng gave no bytes at boot\n",
			   r->vdev->name);
	memset(out, 0, sizeof(out));
	return rc < 0 ? rc : 0;
}

static int vrng_probe(struct virtio_dev *vdev)
{
	struct vrng *r;
	int rc;

	rc = virtio_negotiate(vdev, 0);
	if (rc < 0)
		return rc;
	r = uk_calloc(uk_alloc_get_default(), 1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->vdev = vdev;
	r->src.name = "virtio-rng";
	r->src.request = vrng_request;
	vdev->drv_priv = r;
	r->vq = virtio_vq_setup(vdev, REQUESTQ, QUEUE_SIZE, vrng_event, r,
				&rc);
	if (!r->vq)
		goto out_free;
	rc = virtio_driver_ok(vdev);
	if (rc < 0)
		goto out_free;
	rc = first_fill(r);
	if (rc < 0)
		goto out_free;
	rc = virtqueue_intr_enable(r->vq);
	if (rc < 0)
		goto out_free;
	rc = uk_random_source_register(&r->src);
	if (rc < 0)
		goto out_free;
	if (!vrng_first)
		vrng_first = r;
	uk_pr_info("%s: virtio-rng entropy source\n", vdev->name);
	return 0;
out_free:
	/* the device stays reset by the core; the queue memory is kept */
	vdev->drv_priv = NULL;
	if (!r->vq)
		uk_free(uk_alloc_get_default(), r);
	return rc;
}

unsigned long virtio_rng_bytes(void)
{
	return vrng_first ? vrng_first->bytes : 0;
}

int virtio_rng_present(void)
{
	return vrng_first != NULL;
}

static const struct virtio_driver vrng_driver = {
	.name = "virtio-rng",
	.device_id = VIRTIO_ID_RNG,
	.probe = vrng_probe,
};
VIRTIO_DRIVER_REGISTER(vrng_driver);
