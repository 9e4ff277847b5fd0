/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the used-ring processing of plat/drivers/virtio
 * (virtqueue.c): the input scripts a device that writes arbitrary used
 * entries and indexes between the driver's adds and gets. Whatever it
 * writes, the driver must neither crash nor hand back a cookie that is
 * not in flight, its free count must stay consistent, and a device once
 * broken stays broken with every call answering -EIO.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/virtio.h>
#include <uk/arch/paging.h>

#define QSIZE		16
#define RING_ALIGN	4096
#define MAX_SEGS	4

static unsigned int notifies;

/* The host has no remap window (tests/host/include/uk/asm/paging.h). */
unsigned long ukarch_virt_to_phys(unsigned long va)
{
	return va;
}

int ukarch_page_fill(unsigned long va, int access)
{
	return -EFAULT;
}

static void fz_notify(struct virtio_dev *dev, uint16_t index)
{
	notifies++;
}

static const struct virtio_dev_ops fz_ops = { .vq_notify = fz_notify };

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t take8(struct input *in)
{
	uint8_t v;

	if (!in->n)
		return 0;
	v = *in->p++;
	in->n--;
	return v;
}

static uint32_t take32(struct input *in)
{
	uint32_t v = take8(in);

	v |= (uint32_t)take8(in) << 8;
	v |= (uint32_t)take8(in) << 16;
	return v | (uint32_t)take8(in) << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t ring[2 * RING_ALIGN] __attribute__((aligned(4096)));
	static struct virtqueue_slot slot[QSIZE];
	static uint8_t bufs[QSIZE][64];
	bool in_flight[QSIZE] = { 0 };
	struct virtio_dev dev = { .ops = &fz_ops, .name = "fuzz" };
	struct input in = { data, size };
	struct virtqueue vq;
	unsigned int used_idx = 0, descs = 0;
	uint8_t ndesc[QSIZE] = { 0 };
	uint32_t inb[QSIZE] = { 0 };

	memset(ring, 0, sizeof(ring));
	virtqueue_init(&vq, &dev, 0, QSIZE, ring, slot, take8(&in) & 1);
	while (in.n) {
		uint8_t op = take8(&in);
		void *cookie = NULL;
		uint32_t len = 0;
		int rc;

		switch (op % 5) {
		case 0: {	/* driver adds a chain */
			struct virtqueue_seg seg[MAX_SEGS];
			unsigned int nout = take8(&in) % 3, nin =
				take8(&in) % 3, i, b = take8(&in) % QSIZE;

			if (in_flight[b])
				break;	/* one chain per cookie here */
			inb[b] = 0;
			for (i = 0; i < nout + nin; i++) {
				seg[i].addr = (uintptr_t)bufs[b];
				seg[i].len = 1 + take8(&in) % 64;
				if (i >= nout)
					inb[b] += seg[i].len;
			}
			rc = virtqueue_add(&vq, seg, nout, nin, bufs[b]);
			if (dev.broken) {
				if (rc != -EIO)
					abort();
			} else if (rc == 0) {
				in_flight[b] = true;
				ndesc[b] = nout + nin;
				descs += nout + nin;
			}
			break;
		}
		case 1:		/* device writes a used entry */
			vq.used->ring[used_idx % QSIZE].id = take32(&in);
			vq.used->ring[used_idx % QSIZE].len = take32(&in);
			used_idx++;
			__atomic_store_n(&vq.used->idx, (uint16_t)used_idx,
					 __ATOMIC_RELEASE);
			break;
		case 2:		/* device moves the used index anywhere */
			used_idx = take8(&in) | take8(&in) << 8;
			vq.used->idx = used_idx;
			break;
		case 3:		/* driver takes a used chain */
			rc = virtqueue_get(&vq, &cookie, &len);
			if (rc == 1) {
				unsigned int b = ((uint8_t *)cookie -
						  &bufs[0][0]) / 64;

				/* only chains in flight, within their offer */
				if (dev.broken || b >= QSIZE || !in_flight[b] ||
				    len > inb[b])
					abort();
				in_flight[b] = false;
				descs -= ndesc[b];
			} else if (rc < 0 && (rc != -EIO || !dev.broken)) {
				abort();
			}
			break;
		default:
			virtqueue_kick(&vq);
			if (take8(&in) & 1)
				virtqueue_intr_enable(&vq);
			else
				virtqueue_intr_disable(&vq);
			break;
		}
		if (dev.broken && virtqueue_free(&vq) != 0)
			abort();
		if (!dev.broken && vq.num_free != QSIZE - descs)
			abort();
	}
	return 0;
}
