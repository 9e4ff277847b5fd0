/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtqueues against a fake device: a software model in the test plays
 * the device's side of the rings (takes available chains, writes used
 * entries), well-behaved first, then handing back out-of-range ids,
 * repeated ids, ids that are not chain heads, lengths larger than offered
 * and used indexes that jump. Each fault must be reported, the device
 * disabled (every later call -EIO, nothing read or written), and nothing
 * may crash.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/virtio.h>

#define QSIZE		8
#define RING_ALIGN	4096

struct fake_dev {
	struct virtio_dev vdev;
	unsigned int notifies;
	unsigned int irq_disabled;
	uint16_t seen_avail;	/* device side: next avail entry to take */
	uint16_t used_idx;	/* device side: next used index */
	struct virtqueue vq;
	struct virtqueue_slot slot[QSIZE];
	uint8_t ring[2 * RING_ALIGN] __aligned(RING_ALIGN);
	uint8_t buf[4][64];
};

static void fake_notify(struct virtio_dev *dev, uint16_t index)
{
	((struct fake_dev *)dev)->notifies++;
}

static void fake_irq_disable(struct virtio_dev *dev)
{
	((struct fake_dev *)dev)->irq_disabled++;
}

static const struct virtio_dev_ops fake_ops = {
	.vq_notify = fake_notify,
	.irq_disable = fake_irq_disable,
};

static struct fake_dev fake;

static struct fake_dev *fake_setup(bool event_idx)
{
	UK_CTASSERT(QSIZE * sizeof(struct vring_desc) < RING_ALIGN);
	memset(&fake, 0, sizeof(fake));
	fake.vdev.ops = &fake_ops;
	fake.vdev.irq_on = true;
	strcpy(fake.vdev.name, "fake-virtio");
	virtqueue_init(&fake.vq, &fake.vdev, 0, QSIZE, fake.ring, fake.slot,
		       event_idx);
	return &fake;
}

/* Device side: the head of the next available chain. */
static uint16_t dev_take(struct fake_dev *f)
{
	return f->vq.avail->ring[f->seen_avail++ % QSIZE];
}

/* Device side: publish one used entry. */
static void dev_use(struct fake_dev *f, uint32_t id, uint32_t len)
{
	f->vq.used->ring[f->used_idx % QSIZE].id = id;
	f->vq.used->ring[f->used_idx % QSIZE].len = len;
	f->used_idx++;
	f->vq.used->idx = f->used_idx;
}

/* One chain: 16 bytes out, 32 bytes in. */
static int add_chain(struct fake_dev *f, int i)
{
	struct virtqueue_seg seg[2] = {
		{ (uintptr_t)f->buf[i], 16 },
		{ (uintptr_t)f->buf[i] + 16, 32 },
	};

	return virtqueue_add(&f->vq, seg, 1, 1, f->buf[i]);
}

static void expect_disabled(UK_TEST_CTX_PARAM, struct fake_dev *f)
{
	void *cookie;
	uint32_t len;

	UK_TEST_EXPECT(f->vdev.broken);
	UK_TEST_EXPECT_UNUM_EQ(f->irq_disabled, 1);
	UK_TEST_EXPECT_SNUM_EQ(add_chain(f, 3), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_kick(&f->vq), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr_enable(&f->vq), -EIO);
	UK_TEST_EXPECT(!virtqueue_pending(&f->vq));
	UK_TEST_EXPECT_UNUM_EQ(virtqueue_free(&f->vq), 0);
}

UK_TESTCASE(virtqueue, round_trip_returns_cookie_and_length)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie = NULL;
	uint32_t len = 0;
	uint16_t head;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	UK_TEST_EXPECT_UNUM_EQ(virtqueue_free(&f->vq), QSIZE - 2);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_kick(&f->vq), 1);
	UK_TEST_EXPECT_UNUM_EQ(f->notifies, 1);
	head = dev_take(f);
	UK_TEST_EXPECT_UNUM_EQ(f->vq.desc[head].len, 16);
	UK_TEST_EXPECT(f->vq.desc[head].flags & VRING_DESC_F_NEXT);
	UK_TEST_EXPECT(f->vq.desc[f->vq.desc[head].next].flags &
		       VRING_DESC_F_WRITE);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), 0);
	dev_use(f, head, 32);
	UK_TEST_EXPECT(virtqueue_pending(&f->vq));
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), 1);
	UK_TEST_EXPECT_PTR_EQ(cookie, f->buf[0]);
	UK_TEST_EXPECT_UNUM_EQ(len, 32);
	UK_TEST_EXPECT_UNUM_EQ(virtqueue_free(&f->vq), QSIZE);
	UK_TEST_EXPECT(!f->vdev.broken);
}

UK_TESTCASE(virtqueue, full_ring_is_enospc_not_an_error)
{
	struct fake_dev *f = fake_setup(false);
	int i;

	for (i = 0; i < QSIZE / 2; i++)
		UK_TEST_EXPECT_SNUM_EQ(add_chain(f, i % 4), 0);
	UK_TEST_EXPECT_SNUM_EQ(add_chain(f, 0), -ENOSPC);
	UK_TEST_EXPECT(!f->vdev.broken);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_add(&f->vq, NULL, 0, 0, f), -EINVAL);
}

UK_TESTCASE(virtqueue, used_id_out_of_range_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	dev_take(f);
	dev_use(f, QSIZE + 3, 1);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, used_length_beyond_offer_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	dev_use(f, dev_take(f), 33);	/* 32 device-writable bytes */
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, repeated_used_id_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;
	uint16_t head;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	UK_TEST_ASSERT(add_chain(f, 1) == 0);
	head = dev_take(f);
	dev_use(f, head, 4);
	dev_use(f, head, 4);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), 1);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, used_id_inside_a_chain_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;
	uint16_t head;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	head = dev_take(f);
	dev_use(f, f->vq.desc[head].next, 4);	/* not the head */
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, used_index_jump_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	dev_use(f, dev_take(f), 4);
	f->vq.used->idx = f->used_idx + QSIZE + 1;	/* past the ring */
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, used_index_ahead_of_buffers_disables_device)
{
	struct fake_dev *f = fake_setup(false);
	void *cookie;
	uint32_t len;

	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	dev_use(f, dev_take(f), 4);
	f->vq.used->idx = f->used_idx + 1;	/* two used, one in flight */
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_get(&f->vq, &cookie, &len), -EIO);
	expect_disabled(UK_TEST_CTX, f);
}

UK_TESTCASE(virtqueue, event_index_suppresses_notifications)
{
	struct fake_dev *f = fake_setup(true);
	uint16_t *avail_event = (uint16_t *)&f->vq.used->ring[QSIZE];

	/* device wants a kick when avail idx moves past 1 */
	*avail_event = 1;
	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_kick(&f->vq), 0);
	UK_TEST_ASSERT(add_chain(f, 1) == 0);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_kick(&f->vq), 1);
	UK_TEST_EXPECT_UNUM_EQ(f->notifies, 1);
}

static unsigned int callbacks;

static void count_callback(struct virtqueue *vq, void *arg)
{
	callbacks++;
	virtqueue_intr_disable(vq);
}

UK_TESTCASE(virtqueue, interrupt_enable_reports_pending_entries)
{
	struct fake_dev *f = fake_setup(true);
	uint16_t *used_event = &f->vq.avail->ring[QSIZE];

	callbacks = 0;
	f->vq.callback = count_callback;
	UK_TEST_ASSERT(add_chain(f, 0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr_enable(&f->vq), 0);
	UK_TEST_EXPECT_UNUM_EQ(*used_event, 0);
	dev_use(f, dev_take(f), 4);
	/* a flood of interrupts: one callback, then it stays off */
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr(&f->vq), 1);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr(&f->vq), 0);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr(&f->vq), 0);
	UK_TEST_EXPECT_UNUM_EQ(callbacks, 1);
	UK_TEST_EXPECT_SNUM_EQ(virtqueue_intr_enable(&f->vq), 1);
}
