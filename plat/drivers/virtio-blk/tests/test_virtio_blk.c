/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk against a fake device: the test plays a whole virtio-blk
 * device (its transport ops, its configuration, and the device side of
 * the request queue over a RAM disk), bound through the real driver
 * table. Well-behaved first (configuration, split transfers, several
 * requests in flight, both completion modes, a 4 KiB block size, a
 * read-only disk, a media error), then misbehaving: configurations that
 * overflow or make no sense are refused at probe; an invalid status
 * byte, a read that does not fill its buffer, a missing status byte and
 * an invalid used id each disable the device with every request in
 * flight failing with -EIO, and nothing crashes.
 *
 * With virtio-blk.test_disk=1, also a real device (QEMU): the first
 * virtio-blk disk, which is overwritten.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/libparam.h>
#include <uk/test.h>
#include <uk/blkdev.h>
#include <uk/virtio.h>

static int test_disk;
UK_LIB_PARAM(test_disk, int);

#define F_SIZE_MAX	1
#define F_SEG_MAX	2
#define F_RO		5
#define F_BLK_SIZE	6
#define F_FLUSH		9
#define FAKES		16
#define DISK_BYTES	(64 * 1024)
#define QSIZE		16

enum fault {
	OK = 0, IOERR, BAD_STATUS, SHORT_READ, NO_STATUS, BAD_ID,
};

struct fake_blk {
	struct virtio_dev vdev;
	uint8_t status;
	uint64_t offered;
	uint8_t cfg[24];
	struct virtqueue *vq;
	uint16_t seen;		/* next avail entry to take */
	uint16_t used;		/* next used index */
	bool defer;		/* requests wait for dev_run() */
	enum fault fault;	/* on the next completion */
	unsigned int irq_disabled;
	uint64_t last_sector;	/* header of the last request */
	uint32_t last_type;
	uint8_t *disk;
};

static struct fake_blk fakes[FAKES];
static unsigned int nfakes;

static struct fake_blk *F(struct virtio_dev *d)
{
	return __containerof(d, struct fake_blk, vdev);
}

static int f_reset(struct virtio_dev *d)
{
	F(d)->status = 0;
	return 0;
}

static uint8_t f_status_get(struct virtio_dev *d)
{
	return F(d)->status;
}

static void f_status_set(struct virtio_dev *d, uint8_t s)
{
	F(d)->status = s;
}

static uint64_t f_features_get(struct virtio_dev *d)
{
	return F(d)->offered;
}

static void f_features_set(struct virtio_dev *d, uint64_t f)
{
}

static uint32_t f_generation(struct virtio_dev *d)
{
	return 0;
}

static int f_config_read(struct virtio_dev *d, unsigned int off, void *buf,
			 unsigned int len)
{
	if (off + len > sizeof(F(d)->cfg))
		return -EINVAL;
	memcpy(buf, F(d)->cfg + off, len);
	return 0;
}

static uint16_t f_vq_max(struct virtio_dev *d, uint16_t index)
{
	return index == 0 ? QSIZE : 0;
}

static int f_vq_enable(struct virtio_dev *d, struct virtqueue *vq)
{
	F(d)->vq = vq;
	return 0;
}

static unsigned int dev_run(struct fake_blk *f);

static void f_notify(struct virtio_dev *d, uint16_t index)
{
	if (!F(d)->defer)
		dev_run(F(d));
}

static int f_irq_enable(struct virtio_dev *d)
{
	return 0;
}

static void f_irq_disable(struct virtio_dev *d)
{
	F(d)->irq_disabled++;
}

static const struct virtio_dev_ops fake_ops = {
	.reset = f_reset,
	.status_get = f_status_get,
	.status_set = f_status_set,
	.features_get = f_features_get,
	.features_set = f_features_set,
	.config_generation = f_generation,
	.config_read = f_config_read,
	.vq_max_size = f_vq_max,
	.vq_enable = f_vq_enable,
	.vq_notify = f_notify,
	.irq_enable = f_irq_enable,
	.irq_disable = f_irq_disable,
};

/* Device side: serve one available chain, the way a device reads it. */
static void dev_serve(struct fake_blk *f, uint16_t head)
{
	struct virtqueue *vq = f->vq;
	struct vring_desc *d = &vq->desc[head], *data = NULL, *st;
	uint32_t type, len = 1, elen;
	uint64_t sector, off;
	uint8_t status = 0;

	memcpy(&type, (void *)(uintptr_t)d->addr, 4);
	memcpy(&sector, (void *)(uintptr_t)(d->addr + 8), 8);
	f->last_type = type;
	f->last_sector = sector;
	d = &vq->desc[d->next];
	if (d->flags & VRING_DESC_F_NEXT) {
		data = d;
		d = &vq->desc[d->next];
	}
	st = d;
	off = sector * 512;
	if (data && (off > DISK_BYTES || data->len > DISK_BYTES - off)) {
		status = IOERR;
	} else if (type == 0 && data) {
		memcpy((void *)(uintptr_t)data->addr, f->disk + off, data->len);
		len += data->len;
	} else if (type == 1 && data) {
		memcpy(f->disk + off, (void *)(uintptr_t)data->addr, data->len);
	}
	elen = len;
	switch (f->fault) {
	case IOERR:
		status = 1;
		break;
	case BAD_STATUS:
		status = 7;
		break;
	case SHORT_READ:
		elen = 1;
		break;
	case NO_STATUS:
		elen = 0;
		break;
	case BAD_ID:
		head = QSIZE + 3;
		break;
	default:
		break;
	}
	f->fault = OK;
	*(uint8_t *)(uintptr_t)st->addr = status;
	vq->used->ring[f->used % vq->num].id = head;
	vq->used->ring[f->used % vq->num].len = elen;
	f->used++;
	__atomic_store_n(&vq->used->idx, f->used, __ATOMIC_RELEASE);
}

/* Device side: serve every available chain; how many. */
static unsigned int dev_run(struct fake_blk *f)
{
	unsigned int n = 0;

	while (f->seen != __atomic_load_n(&f->vq->avail->idx,
					  __ATOMIC_ACQUIRE)) {
		dev_serve(f, f->vq->avail->ring[f->seen % f->vq->num]);
		f->seen++;
		n++;
	}
	return n;
}

static struct fake_blk *fake_new(uint64_t capacity, uint64_t features)
{
	struct fake_blk *f;

	if (nfakes == FAKES)
		return NULL;
	f = &fakes[nfakes];
	memset(f, 0, sizeof(*f));
	f->vdev.ops = &fake_ops;
	f->vdev.device_id = VIRTIO_ID_BLOCK;
	snprintf(f->vdev.name, sizeof(f->vdev.name), "fake-virtio-blk%u",
		 nfakes++);
	f->offered = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | features;
	memcpy(f->cfg, &capacity, 8);
	f->disk = uk_calloc(uk_alloc_get_default(), 1, DISK_BYTES);
	return f->disk ? f : NULL;
}

static void cfg_set(struct fake_blk *f, unsigned int off, uint32_t v)
{
	memcpy(f->cfg + off, &v, 4);
}

/* Bind @f through the driver table: its blkdev, or NULL. */
static struct uk_blkdev *fake_bind(struct fake_blk *f)
{
	if (virtio_dev_bind(&f->vdev) < 0)
		return NULL;
	return uk_blkdev_find(f->vdev.name);
}

static struct uk_blkdev *fake_default(struct fake_blk **fp)
{
	struct fake_blk *f = fake_new(DISK_BYTES / 512, VIRTIO_FEATURE(F_FLUSH));

	*fp = f;
	return f ? fake_bind(f) : NULL;
}

static void fill(uint8_t *buf, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + seed + (i >> 9));
}

UK_TESTCASE(virtio_blk, probe_reads_the_configuration)
{
	struct fake_blk *f;
	struct uk_blkdev *b = fake_default(&f);
	const struct uk_blkdev_info *i;

	UK_TEST_ASSERT(b != NULL);
	i = uk_blkdev_info_get(b);
	UK_TEST_EXPECT_UNUM_EQ(i->sectors, DISK_BYTES / 512);
	UK_TEST_EXPECT_UNUM_EQ(i->sector_size, 512);
	UK_TEST_EXPECT(!i->read_only);
	UK_TEST_EXPECT(i->flush);
	UK_TEST_EXPECT_UNUM_EQ(i->max_requests, QSIZE / 3);
	UK_TEST_EXPECT_STR_EQ(uk_blkdev_drv_name(b), "virtio-blk");
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_DRIVER_OK);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_state_get(b), UK_BLKDEV_RUNNING);
}

UK_TESTCASE(virtio_blk, split_transfer_round_trips_in_poll_mode)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct fake_blk *f = fake_new(DISK_BYTES / 512,
				      VIRTIO_FEATURE(F_SIZE_MAX) |
				      VIRTIO_FEATURE(F_FLUSH));
	struct uk_blkdev *b;
	uint8_t *w = uk_malloc(a, 20 * 512), *r = uk_calloc(a, 1, 20 * 512);

	UK_TEST_ASSERT(f && w && r);
	cfg_set(f, 8, 1024);	/* size_max: two sectors per request */
	b = fake_bind(f);
	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_info_get(b)->max_sectors, 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_disable(b), 0);
	fill(w, 20 * 512, 3);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_WRITE, 7, 20, w), 0);
	UK_TEST_EXPECT(!memcmp(f->disk + 7 * 512, w, 20 * 512));
	UK_TEST_EXPECT_UNUM_EQ(f->last_sector, 25);	/* the last request */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 7, 20, r), 0);
	UK_TEST_EXPECT(!memcmp(r, w, 20 * 512));
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(b), 0);
	UK_TEST_EXPECT_UNUM_EQ(f->last_type, 4);
	/* outside the disk: refused before the device sees it */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 120, 9, r),
			       -EINVAL);
	uk_free(a, w);
	uk_free(a, r);
}

static unsigned int completions;
static int last_result;

static void count_done(struct uk_blkreq *req, void *arg)
{
	completions++;
	last_result = req->result;
}

UK_TESTCASE(virtio_blk, several_requests_in_flight_complete_by_interrupt)
{
	struct fake_blk *f;
	struct uk_blkdev *b = fake_default(&f);
	static uint8_t buf[4][512];
	struct uk_blkreq req[4];
	unsigned int k;

	UK_TEST_ASSERT(b != NULL);
	f->defer = true;
	completions = 0;
	for (k = 0; k < 4; k++) {
		memset(buf[k], 'a' + k, sizeof(buf[k]));
		req[k] = (struct uk_blkreq){ .op = UK_BLKREQ_WRITE,
			.sector = 10 * k, .nb_sectors = 1, .buf = buf[k],
			.cb = count_done };
		UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[k]), 0);
	}
	/* all four are in the ring at once, none done */
	UK_TEST_EXPECT_UNUM_EQ(dev_run(f), 4);
	UK_TEST_EXPECT_UNUM_EQ(completions, 0);
	/* the interrupt delivers them */
	UK_TEST_EXPECT_SNUM_EQ(virtio_dev_interrupt(&f->vdev, VIRTIO_ISR_VQ),
			       1);
	UK_TEST_EXPECT_UNUM_EQ(completions, 4);
	for (k = 0; k < 4; k++) {
		UK_TEST_EXPECT(req[k].done);
		UK_TEST_EXPECT_SNUM_EQ(req[k].result, 0);
		UK_TEST_EXPECT_UNUM_EQ(f->disk[10 * k * 512 + 100], 'a' + k);
	}
}

UK_TESTCASE(virtio_blk, full_queue_is_eagain_until_a_completion)
{
	struct fake_blk *f;
	struct uk_blkdev *b = fake_default(&f);
	static uint8_t buf[512];
	struct uk_blkreq req[QSIZE / 3 + 1];
	unsigned int k;

	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_disable(b), 0);
	f->defer = true;
	for (k = 0; k <= QSIZE / 3; k++)
		req[k] = (struct uk_blkreq){ .op = UK_BLKREQ_READ,
			.sector = k, .nb_sectors = 1, .buf = buf };
	for (k = 0; k < QSIZE / 3; k++)
		UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[k]), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[k]), -EAGAIN);
	UK_TEST_EXPECT_UNUM_EQ(dev_run(f), QSIZE / 3);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[k]), 0);
	dev_run(f);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(b), 1);
	for (k = 0; k <= QSIZE / 3; k++)
		UK_TEST_EXPECT(req[k].done && req[k].result == 0);
}

UK_TESTCASE(virtio_blk, block_size_4k_counts_and_addresses_in_blocks)
{
	struct fake_blk *f = fake_new(DISK_BYTES / 512,
				      VIRTIO_FEATURE(F_BLK_SIZE));
	struct uk_blkdev *b;
	static uint8_t buf[4096];

	UK_TEST_ASSERT(f != NULL);
	cfg_set(f, 20, 4096);
	b = fake_bind(f);
	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_info_get(b)->sector_size, 4096);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_info_get(b)->sectors,
			       DISK_BYTES / 4096);
	UK_TEST_EXPECT(!uk_blkdev_info_get(b)->flush);
	uk_blkdev_intr_disable(b);
	memset(buf, 0x5a, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_WRITE, 3, 1, buf), 0);
	UK_TEST_EXPECT_UNUM_EQ(f->last_sector, 3 * 8);
	UK_TEST_EXPECT_UNUM_EQ(f->disk[3 * 4096 + 4095], 0x5a);
	/* no write cache: flush completes without the device */
	f->last_type = 99;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(b), 0);
	UK_TEST_EXPECT_UNUM_EQ(f->last_type, 99);
}

UK_TESTCASE(virtio_blk, read_only_disk_refuses_writes)
{
	struct fake_blk *f = fake_new(DISK_BYTES / 512, VIRTIO_FEATURE(F_RO));
	struct uk_blkdev *b;
	static uint8_t buf[512];

	UK_TEST_ASSERT(f != NULL);
	b = fake_bind(f);
	UK_TEST_ASSERT(b != NULL);
	UK_TEST_EXPECT(uk_blkdev_info_get(b)->read_only);
	uk_blkdev_intr_disable(b);
	f->last_type = 99;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_WRITE, 0, 1, buf),
			       -EROFS);
	UK_TEST_EXPECT_UNUM_EQ(f->last_type, 99);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0, 1, buf), 0);
}

UK_TESTCASE(virtio_blk, media_error_fails_the_request_only)
{
	struct fake_blk *f;
	struct uk_blkdev *b = fake_default(&f);
	static uint8_t buf[512];

	UK_TEST_ASSERT(b != NULL);
	uk_blkdev_intr_disable(b);
	f->fault = IOERR;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0, 1, buf),
			       -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_state_get(b), UK_BLKDEV_RUNNING);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0, 1, buf), 0);
}

/* Two requests in flight, the first answered with @fault. */
static void expect_fault_disables(UK_TEST_CTX_PARAM, enum fault fault)
{
	struct fake_blk *f;
	struct uk_blkdev *b = fake_default(&f);
	static uint8_t buf[2][512];
	struct uk_blkreq req[2];
	unsigned int k;

	UK_TEST_ASSERT(b != NULL);
	uk_blkdev_intr_disable(b);
	f->defer = true;
	completions = 0;
	for (k = 0; k < 2; k++) {
		req[k] = (struct uk_blkreq){ .op = UK_BLKREQ_READ,
			.sector = k, .nb_sectors = 1, .buf = buf[k],
			.cb = count_done };
		UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[k]), 0);
	}
	f->fault = fault;
	dev_serve(f, f->vq->avail->ring[f->seen++ % f->vq->num]);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(b), -EIO);
	/* both completed, with -EIO; the device is off */
	UK_TEST_EXPECT_UNUM_EQ(completions, 2);
	UK_TEST_EXPECT(req[0].done && req[0].result == -EIO);
	UK_TEST_EXPECT(req[1].done && req[1].result == -EIO);
	UK_TEST_EXPECT(f->vdev.broken);
	UK_TEST_EXPECT_UNUM_EQ(f->irq_disabled, 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_state_get(b), UK_BLKDEV_BROKEN);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(b, &req[0]), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0, 1, buf[0]),
			       -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(b), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(b), -EIO);
	/* nothing more reached the device */
	UK_TEST_EXPECT_UNUM_EQ(dev_run(f), 1);
}

UK_TESTCASE(virtio_blk, invalid_status_byte_disables_the_device)
{
	expect_fault_disables(UK_TEST_CTX, BAD_STATUS);
}

UK_TESTCASE(virtio_blk, short_read_disables_the_device)
{
	expect_fault_disables(UK_TEST_CTX, SHORT_READ);
}

UK_TESTCASE(virtio_blk, missing_status_byte_disables_the_device)
{
	expect_fault_disables(UK_TEST_CTX, NO_STATUS);
}

UK_TESTCASE(virtio_blk, invalid_used_id_disables_the_device)
{
	expect_fault_disables(UK_TEST_CTX, BAD_ID);
}

/* A configuration the driver must refuse at probe. */
static void expect_refused(UK_TEST_CTX_PARAM, uint64_t capacity,
			   uint64_t features, unsigned int off, uint32_t v)
{
	struct fake_blk *f = fake_new(capacity, features);
	unsigned int before = uk_blkdev_count();

	UK_TEST_ASSERT(f != NULL);
	if (off)
		cfg_set(f, off, v);
	UK_TEST_EXPECT_SNUM_EQ(virtio_dev_bind(&f->vdev), -EIO);
	UK_TEST_EXPECT(f->vdev.broken);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_count(), before);
	UK_TEST_EXPECT(!(f->status & VIRTIO_STATUS_DRIVER_OK));
}

UK_TESTCASE(virtio_blk, capacity_overflowing_bytes_is_refused)
{
	expect_refused(UK_TEST_CTX, 1ULL << 60, 0, 0, 0);
}

UK_TESTCASE(virtio_blk, block_size_not_a_power_of_2_is_refused)
{
	expect_refused(UK_TEST_CTX, 128, VIRTIO_FEATURE(F_BLK_SIZE), 20, 1000);
}

UK_TESTCASE(virtio_blk, block_size_below_512_is_refused)
{
	expect_refused(UK_TEST_CTX, 128, VIRTIO_FEATURE(F_BLK_SIZE), 20, 256);
}

UK_TESTCASE(virtio_blk, size_max_below_a_block_is_refused)
{
	expect_refused(UK_TEST_CTX, 128, VIRTIO_FEATURE(F_SIZE_MAX), 8, 100);
}

UK_TESTCASE(virtio_blk, seg_max_zero_is_refused)
{
	expect_refused(UK_TEST_CTX, 128, VIRTIO_FEATURE(F_SEG_MAX), 12, 0);
}

/* The real disk (virtio-blk.test_disk=1) ------------------------------- */

static struct uk_blkdev *real_disk(void)
{
	unsigned int i;
	struct uk_blkdev *b;

	for (i = 0; i < uk_blkdev_count(); i++) {
		b = uk_blkdev_get(i);
		if (!strcmp(uk_blkdev_drv_name(b), "virtio-blk") &&
		    strncmp(uk_blkdev_name(b), "fake-", 5))
			return b;
	}
	return NULL;
}

#define REAL_SECTORS	1024	/* 512 KiB: several requests of 128 KiB */

UK_TESTCASE(virtio_blk, real_disk_round_trip_by_interrupt_and_poll)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_blkdev *b;
	const struct uk_blkdev_info *i;
	uint8_t *w, *r;
	size_t bytes;

	if (!test_disk) {
		uk_pr_info("virtio_blk: no virtio-blk.test_disk=1: real disk skipped\n");
		return;
	}
	b = real_disk();
	UK_TEST_ASSERT(b != NULL);
	i = uk_blkdev_info_get(b);
	UK_TEST_ASSERT(i->sectors * i->sector_size >= REAL_SECTORS * 512);
	UK_TEST_ASSERT(!i->read_only);
	bytes = REAL_SECTORS * 512;
	w = uk_malloc(a, bytes);
	r = uk_malloc(a, bytes);
	UK_TEST_ASSERT(w && r);
	fill(w, bytes, 11);
	/* interrupt mode: requests in flight, completions by interrupt */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_WRITE, 0,
					    bytes / i->sector_size, w), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(b), 0);
	memset(r, 0, bytes);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0,
					    bytes / i->sector_size, r), 0);
	UK_TEST_EXPECT(!memcmp(r, w, bytes));
	/* poll mode */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_disable(b), 0);
	fill(w, bytes, 29);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_WRITE, 0,
					    bytes / i->sector_size, w), 0);
	memset(r, 0, bytes);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, 0,
					    bytes / i->sector_size, r), 0);
	UK_TEST_EXPECT(!memcmp(r, w, bytes));
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_enable(b), 0);
	/* past the end: refused */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(b, UK_BLKREQ_READ, i->sectors, 1,
					    r), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_state_get(b), UK_BLKDEV_RUNNING);
	uk_free(a, w);
	uk_free(a, r);
}
