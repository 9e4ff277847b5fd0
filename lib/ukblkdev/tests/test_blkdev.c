/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukblkdev against a RAM-backed software device that completes each
 * request inside submit, or holds them until the test releases them:
 * registration checks the info, requests outside the device or writes
 * to a read-only one never reach the driver, the synchronous helper
 * splits a transfer into requests of the device's size and keeps
 * several in flight, and a broken device answers -EIO.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/blkdev_impl.h>

#define RAM_SECTORS	32
#define SS		512

struct ramdev {
	struct uk_blkdev dev;
	uint8_t data[RAM_SECTORS * SS];
	unsigned int submits;
	unsigned int max_inflight;
	bool hold;			/* keep requests until ram_release() */
	struct uk_blkreq *held[8];
	unsigned int nheld;
};

static struct ramdev *R(struct uk_blkdev *d)
{
	return __containerof(d, struct ramdev, dev);
}

static void ram_do(struct ramdev *r, struct uk_blkreq *req)
{
	uint8_t *p = r->data + req->sector * SS;

	if (req->op == UK_BLKREQ_READ)
		memcpy(req->buf, p, (size_t)req->nb_sectors * SS);
	else if (req->op == UK_BLKREQ_WRITE)
		memcpy(p, req->buf, (size_t)req->nb_sectors * SS);
	uk_blkreq_complete(req, 0);
}

static int ram_submit(struct uk_blkdev *d, struct uk_blkreq *req)
{
	struct ramdev *r = R(d);

	r->submits++;
	if (!r->hold) {
		ram_do(r, req);
		return 0;
	}
	if (r->nheld == UK_ARRAY_SIZE(r->held))
		return -EAGAIN;
	r->held[r->nheld++] = req;
	if (r->nheld > r->max_inflight)
		r->max_inflight = r->nheld;
	return 0;
}

/* Complete what is held (the "device" finished it). */
static int ram_poll(struct uk_blkdev *d)
{
	struct ramdev *r = R(d);
	unsigned int i, n = r->nheld;

	for (i = 0; i < n; i++)
		ram_do(r, r->held[i]);
	r->nheld = 0;
	return (int)n;
}

static int ram_intr(struct uk_blkdev *d)
{
	return 0;
}

static const struct uk_blkdev_ops ram_ops = {
	.submit = ram_submit,
	.poll = ram_poll,
	.intr_enable = ram_intr,
	.intr_disable = ram_intr,
};

static struct ramdev rams[8];
static unsigned int nrams;

static struct ramdev *ram_new(bool ro, uint32_t max_sectors)
{
	struct ramdev *r;

	if (nrams == UK_ARRAY_SIZE(rams))
		return NULL;
	r = &rams[nrams++];
	memset(r, 0, sizeof(*r));
	r->dev.ops = &ram_ops;
	r->dev.drv_name = "ram";
	snprintf(r->dev.name, sizeof(r->dev.name), "ukblkdev-test%u", nrams);
	r->dev.info = (struct uk_blkdev_info){ .sectors = RAM_SECTORS,
		.sector_size = SS, .max_sectors = max_sectors,
		.max_requests = 8, .read_only = ro };
	return uk_blkdev_register(&r->dev) == 0 ? r : NULL;
}

UK_TESTCASE(ukblkdev, register_checks_info_and_numbers_in_order)
{
	static struct ramdev bad;
	unsigned int before = uk_blkdev_count();
	struct ramdev *r;

	memset(&bad, 0, sizeof(bad));
	bad.dev.ops = &ram_ops;
	bad.dev.drv_name = "ram";
	bad.dev.info = (struct uk_blkdev_info){ .sectors = 1,
		.sector_size = 1000, .max_sectors = 1, .max_requests = 1 };
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_register(&bad.dev), -EINVAL);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_count(), before);
	r = ram_new(false, 4);
	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_UNUM_EQ(uk_blkdev_id(&r->dev), before);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_get(before), &r->dev);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_find(r->dev.name), &r->dev);
	UK_TEST_EXPECT_NULL(uk_blkdev_find("no-such-device"));
}

UK_TESTCASE(ukblkdev, requests_outside_the_device_never_reach_it)
{
	struct ramdev *r = ram_new(false, 4);
	static uint8_t buf[8 * SS];
	struct uk_blkreq q = { .op = UK_BLKREQ_READ, .buf = buf };

	UK_TEST_ASSERT(r != NULL);
	q.sector = RAM_SECTORS;
	q.nb_sectors = 1;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.sector = RAM_SECTORS - 1;
	q.nb_sectors = 2;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.sector = 0;
	q.nb_sectors = 5;		/* above max_sectors */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.nb_sectors = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.nb_sectors = 1;
	q.buf = NULL;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.buf = buf;
	q.op = 77;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_submit(&r->dev, &q), -EINVAL);
	q.sector = UINT64_MAX;
	q.op = UK_BLKREQ_READ;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_READ,
					    UINT64_MAX, 2, buf), -EINVAL);
	UK_TEST_EXPECT_UNUM_EQ(r->submits, 0);
}

UK_TESTCASE(ukblkdev, read_only_device_refuses_writes)
{
	struct ramdev *r = ram_new(true, 4);
	static uint8_t buf[SS];

	UK_TEST_ASSERT(r != NULL);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_WRITE, 0, 1,
					    buf), -EROFS);
	UK_TEST_EXPECT_UNUM_EQ(r->submits, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_READ, 0, 1,
					    buf), 0);
	/* no write cache: a flush is done without the device */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_flush(&r->dev), 0);
	UK_TEST_EXPECT_UNUM_EQ(r->submits, 1);
}

UK_TESTCASE(ukblkdev, sync_io_splits_and_keeps_requests_in_flight)
{
	struct ramdev *r = ram_new(false, 3);
	static uint8_t w[RAM_SECTORS * SS], rd[RAM_SECTORS * SS];
	unsigned int i;

	UK_TEST_ASSERT(r != NULL);
	for (i = 0; i < sizeof(w); i++)
		w[i] = (uint8_t)(i * 13 + (i >> 9));
	/* poll mode: the helper polls; the device holds requests until then */
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_disable(&r->dev), 0);
	r->hold = true;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_WRITE, 1, 31,
					    w), 0);
	UK_TEST_EXPECT_UNUM_EQ(r->submits, 11);	/* ceil(31 / 3) */
	UK_TEST_EXPECT_UNUM_EQ(r->max_inflight, 8);
	UK_TEST_EXPECT(!memcmp(r->data + SS, w, 31 * SS));
	/* interrupt mode, completed inside submit */
	r->hold = false;
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_enable(&r->dev), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_READ, 1, 31,
					    rd), 0);
	UK_TEST_EXPECT(!memcmp(rd, w, 31 * SS));
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_READ, 0, 0,
					    rd), 0);
}

UK_TESTCASE(ukblkdev, broken_device_answers_eio)
{
	struct ramdev *r = ram_new(false, 4);
	static uint8_t buf[SS];

	UK_TEST_ASSERT(r != NULL);
	uk_blkdev_broken(&r->dev);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_state_get(&r->dev), UK_BLKDEV_BROKEN);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_io(&r->dev, UK_BLKREQ_READ, 0, 1,
					    buf), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_poll(&r->dev), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_blkdev_intr_enable(&r->dev), -EIO);
	UK_TEST_EXPECT_UNUM_EQ(r->submits, 0);
}
