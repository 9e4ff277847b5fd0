/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-console against a fake device: a software model in the test
 * plays the device's side (control messages answered from the queue
 * notification, bytes taken from and given to the ports' rings). A
 * well-behaved device first: the handshake names the ports, bytes go out
 * exactly, input comes in and reads end with end of file after PORT_OPEN
 * 0. Then devices that lie (a short control message, a port id beyond
 * max_nr_ports, an event for a port never added, a PORT_OPEN value of 2,
 * a name with a NUL inside, a used length beyond the buffer): each is
 * reported, the device disabled, nothing crashes.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/test.h>
#include <uk/virtio.h>
#include <uk/virtio_console.h>

#define F_MULTIPORT	1
#define EV_DEVICE_READY	0
#define EV_DEVICE_ADD	1
#define EV_PORT_READY	3
#define EV_PORT_OPEN	6
#define EV_PORT_NAME	7
#define CTRL_RX		2
#define CTRL_TX		3

enum fault {
	GOOD, SHORT_MSG, BAD_PORT_ID, NOT_ADDED, OPEN_VALUE, NAME_NUL,
};

struct fdev {
	struct virtio_dev vdev;
	enum fault fault;
	const char *names[2];	/* ports 1 and 2 */
	uint8_t status;
	uint32_t max_nr_ports;
	uint16_t seen[VIRTIO_VQS_MAX];
	uint16_t used[VIRTIO_VQS_MAX];
	unsigned int guest_opened;	/* PORT_OPEN 1 from the guest, bits */
	char out[64];
	size_t out_len;
};

static uint16_t port_rxq(uint32_t id)
{
	return id == 0 ? 0 : (uint16_t)(2 * id + 2);
}

/* Device side: next available chain of queue @q (its head) or -1. */
static int take(struct fdev *f, uint16_t q)
{
	struct virtqueue *vq = f->vdev.vq[q];

	if (!vq || vq->avail->idx == f->seen[q])
		return -1;
	return vq->avail->ring[f->seen[q]++ & (vq->num - 1)];
}

static void use(struct fdev *f, uint16_t q, int head, uint32_t len)
{
	struct virtqueue *vq = f->vdev.vq[q];

	vq->used->ring[f->used[q] & (vq->num - 1)].id = (uint32_t)head;
	vq->used->ring[f->used[q] & (vq->num - 1)].len = len;
	f->used[q]++;
	vq->used->idx = f->used[q];
}

/* Put bytes into the next receive buffer of queue @q, used length @len. */
static int give(struct fdev *f, uint16_t q, const void *data, size_t n,
		uint32_t len)
{
	int head = take(f, q);

	if (head < 0)
		return -1;
	memcpy((void *)(uintptr_t)f->vdev.vq[q]->desc[head].addr, data, n);
	use(f, q, head, len);
	return 0;
}

static void ctrl(struct fdev *f, uint32_t id, uint16_t ev, uint16_t val,
		 const char *name, size_t len)
{
	char m[64];

	memcpy(m, &id, 4);
	memcpy(m + 4, &ev, 2);
	memcpy(m + 6, &val, 2);
	if (name)
		memcpy(m + 8, name, len - 8);
	give(f, CTRL_RX, m, len, (uint32_t)len);
}

/* What the device answers to one control message of the driver. */
static void answer(struct fdev *f, uint32_t id, uint16_t ev, uint16_t val)
{
	const char *name;
	uint32_t i;

	switch (ev) {
	case EV_DEVICE_READY:
		if (f->fault == SHORT_MSG) {
			ctrl(f, 1, EV_DEVICE_ADD, 1, NULL, 4);
			return;
		}
		if (f->fault == NOT_ADDED) {
			ctrl(f, 2, EV_PORT_OPEN, 1, NULL, 8);
			return;
		}
		if (f->fault == BAD_PORT_ID)
			ctrl(f, f->max_nr_ports, EV_DEVICE_ADD, 1, NULL, 8);
		for (i = 1; i <= 2; i++)
			ctrl(f, i, EV_DEVICE_ADD, 1, NULL, 8);
		return;
	case EV_PORT_READY:
		if (!val || id < 1 || id > 2)
			return;
		name = f->names[id - 1];
		if (f->fault == NAME_NUL)
			ctrl(f, id, EV_PORT_NAME, 1, "kast\0x", 8 + 6);
		else
			ctrl(f, id, EV_PORT_NAME, 1, name, 8 + strlen(name));
		ctrl(f, id, EV_PORT_OPEN, f->fault == OPEN_VALUE ? 2 : 1,
		     NULL, 8);
		return;
	case EV_PORT_OPEN:
		if (val)
			f->guest_opened |= 1U << id;
		return;
	}
}

static void fd_notify(struct virtio_dev *dev, uint16_t q)
{
	struct fdev *f = (struct fdev *)dev;
	struct vring_desc *d;
	uint32_t id;
	uint16_t ev, val;
	int head;

	if (q == CTRL_TX) {
		while ((head = take(f, q)) >= 0) {
			d = &dev->vq[q]->desc[head];
			memcpy(&id, (void *)(uintptr_t)d->addr, 4);
			memcpy(&ev, (char *)(uintptr_t)d->addr + 4, 2);
			memcpy(&val, (char *)(uintptr_t)d->addr + 6, 2);
			use(f, q, head, 0);
			answer(f, id, ev, val);
		}
	} else if (q == port_rxq(2) + 1) {
		while ((head = take(f, q)) >= 0) {
			d = &dev->vq[q]->desc[head];
			if (f->out_len + d->len <= sizeof(f->out)) {
				memcpy(f->out + f->out_len,
				       (void *)(uintptr_t)d->addr, d->len);
				f->out_len += d->len;
			}
			use(f, q, head, 0);
		}
	}
}

static int fd_reset(struct virtio_dev *dev)
{
	((struct fdev *)dev)->status = 0;
	return 0;
}

static uint8_t fd_status_get(struct virtio_dev *dev)
{
	return ((struct fdev *)dev)->status;
}

static void fd_status_set(struct virtio_dev *dev, uint8_t s)
{
	((struct fdev *)dev)->status = s;
}

static uint64_t fd_features_get(struct virtio_dev *dev)
{
	return VIRTIO_FEATURE(VIRTIO_F_VERSION_1) |
	       VIRTIO_FEATURE(F_MULTIPORT);
}

static void fd_features_set(struct virtio_dev *dev, uint64_t f)
{
}

static uint32_t fd_generation(struct virtio_dev *dev)
{
	return 0;
}

static int fd_config_read(struct virtio_dev *dev, unsigned int off,
			  void *buf, unsigned int len)
{
	struct fdev *f = (struct fdev *)dev;
	uint8_t cfg[12] = { 0 };

	memcpy(cfg + 4, &f->max_nr_ports, 4);
	if (off + len > sizeof(cfg))
		return -EINVAL;
	memcpy(buf, cfg + off, len);
	return 0;
}

static uint16_t fd_vq_max(struct virtio_dev *dev, uint16_t q)
{
	return 64;
}

static int fd_vq_enable(struct virtio_dev *dev, struct virtqueue *vq)
{
	return 0;
}

static int fd_irq_enable(struct virtio_dev *dev)
{
	return 0;
}

static void fd_irq_disable(struct virtio_dev *dev)
{
}

static const struct virtio_dev_ops fd_ops = {
	.reset = fd_reset,
	.status_get = fd_status_get,
	.status_set = fd_status_set,
	.features_get = fd_features_get,
	.features_set = fd_features_set,
	.config_generation = fd_generation,
	.config_read = fd_config_read,
	.vq_max_size = fd_vq_max,
	.vq_enable = fd_vq_enable,
	.vq_notify = fd_notify,
	.irq_enable = fd_irq_enable,
	.irq_disable = fd_irq_disable,
};

/* A fresh fake device (the previous one's memory is left to the driver,
 * which may still list its ports: every run uses other names). */
static struct fdev *fake(enum fault fault, const char *in, const char *out)
{
	struct fdev *f = uk_calloc(uk_alloc_get_default(), 1, sizeof(*f));

	if (!f)
		return NULL;
	f->vdev.ops = &fd_ops;
	f->vdev.device_id = VIRTIO_ID_CONSOLE;
	strcpy(f->vdev.name, "fake-console");
	f->fault = fault;
	f->max_nr_ports = 3;
	f->names[0] = in;
	f->names[1] = out;
	return f;
}

UK_TESTCASE(virtio_console, ports_named_bytes_exact_and_end_of_file)
{
	struct fdev *f = fake(GOOD, "test.in", "test.out");
	struct uk_vcon_port *in, *out;
	char buf[16];

	UK_TEST_ASSERT(f);
	UK_TEST_ASSERT(virtio_dev_bind(&f->vdev) == 0);
	in = uk_vcon_port_find("test.in");
	out = uk_vcon_port_find("test.out");
	UK_TEST_ASSERT(in && out);
	UK_TEST_EXPECT(uk_vcon_host_open(in));
	/* the guest side of both ports was opened */
	UK_TEST_EXPECT_UNUM_EQ(f->guest_opened, 0x6);
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_write(out, "a\r\n\0b", 5, false), 5);
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_flush(out), 0);
	UK_TEST_EXPECT_UNUM_EQ(f->out_len, 5);
	UK_TEST_EXPECT(!memcmp(f->out, "a\r\n\0b", 5));
	/* nothing yet: a non-blocking read would block */
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, sizeof(buf), true),
			       -EAGAIN);
	UK_TEST_EXPECT(!(uk_vcon_poll(in) & UK_VCON_READABLE));
	UK_TEST_ASSERT(give(f, port_rxq(1), "xy\rz", 4, 4) == 0);
	/* the host closes after that input: bytes first, then EOF */
	ctrl(f, 1, EV_PORT_OPEN, 0, NULL, 8);
	virtio_dev_interrupt(&f->vdev, VIRTIO_ISR_VQ);
	UK_TEST_EXPECT(uk_vcon_poll(in) & UK_VCON_READABLE);
	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, 2, false), 2);
	UK_TEST_EXPECT(!memcmp(buf, "xy", 2));
	UK_TEST_EXPECT(!uk_vcon_host_open(in));
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, sizeof(buf), false), 2);
	UK_TEST_EXPECT(!memcmp(buf, "\rz", 2));
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, sizeof(buf), false), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, sizeof(buf), true), 0);
	UK_TEST_EXPECT(!f->vdev.broken);
}

static void expect_refused(UK_TEST_CTX_PARAM, enum fault fault,
			   const char *in, const char *out)
{
	struct fdev *f = fake(fault, in, out);

	UK_TEST_ASSERT(f);
	UK_TEST_EXPECT_SNUM_LT(virtio_dev_bind(&f->vdev), 0);
	UK_TEST_EXPECT(f->vdev.broken);
	UK_TEST_EXPECT_NULL(uk_vcon_port_find(in));
	UK_TEST_EXPECT_NULL(uk_vcon_port_find(out));
}

UK_TESTCASE(virtio_console, lying_control_messages_disable_the_device)
{
	expect_refused(UK_TEST_CTX, SHORT_MSG, "short.in", "short.out");
	expect_refused(UK_TEST_CTX, BAD_PORT_ID, "id.in", "id.out");
	expect_refused(UK_TEST_CTX, NOT_ADDED, "added.in", "added.out");
	expect_refused(UK_TEST_CTX, OPEN_VALUE, "open.in", "open.out");
	expect_refused(UK_TEST_CTX, NAME_NUL, "kast", "kast");
}

UK_TESTCASE(virtio_console, used_length_beyond_the_buffer_is_an_error)
{
	struct fdev *f = fake(GOOD, "long.in", "long.out");
	struct uk_vcon_port *in;
	char buf[8];

	UK_TEST_ASSERT(f);
	UK_TEST_ASSERT(virtio_dev_bind(&f->vdev) == 0);
	in = uk_vcon_port_find("long.in");
	UK_TEST_ASSERT(in);
	UK_TEST_ASSERT(give(f, port_rxq(1), "x", 1, 4096 + 1) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_read(in, buf, sizeof(buf), true), -EIO);
	UK_TEST_EXPECT(f->vdev.broken);
	UK_TEST_EXPECT(uk_vcon_poll(in) & UK_VCON_ERR);
	UK_TEST_EXPECT_SNUM_EQ(uk_vcon_write(in, "x", 1, true), -EIO);
}
