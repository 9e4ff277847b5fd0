/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev through a software loopback device: what one queue transmits
 * arrives on its receive queue, in a bounded number of slots (so the
 * transmit side can be full). Proves the state machine at the API edge,
 * frames and buffers moving through the API with their ownership, the
 * "busy" transmit status, and the one-callback-until-re-enabled rule.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/test.h>
#include <uk/netdev_impl.h>

#define LO_SLOTS	4
#define LO_BUFLEN	256
#define LO_HEADROOM	16

struct loopback {
	struct uk_netdev dev;
	struct uk_netdev_rxqueue_conf rxconf;
	struct uk_netbuf *rx[LO_SLOTS];		/* posted, empty */
	struct uk_netbuf *ready[LO_SLOTS];	/* filled, FIFO */
	unsigned int nready;
	bool intr_on;
	unsigned int events;
};

static struct loopback *lo_of(struct uk_netdev *dev)
{
	return __containerof(dev, struct loopback, dev);
}

static int lo_info(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	memset(info, 0, sizeof(*info));
	info->max_rx_queues = info->max_tx_queues = 1;
	info->max_rx_desc = info->max_tx_desc = LO_SLOTS;
	info->headroom = LO_HEADROOM;
	info->rx_buflen = LO_BUFLEN - LO_HEADROOM;
	return 0;
}

static int lo_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf)
{
	return 0;
}

static void lo_refill(struct loopback *lo)
{
	unsigned int i;

	for (i = 0; i < LO_SLOTS; i++)
		if (!lo->rx[i] &&
		    !lo->rxconf.alloc_rxpkts(lo->rxconf.alloc_rxpkts_argp,
					     &lo->rx[i], 1))
			break;
}

static int lo_rxq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		  const struct uk_netdev_rxqueue_conf *conf)
{
	lo_of(dev)->rxconf = *conf;
	lo_refill(lo_of(dev));
	return 0;
}

static int lo_txq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		  const struct uk_netdev_txqueue_conf *conf)
{
	return 0;
}

static int lo_start(struct uk_netdev *dev)
{
	return 0;
}

static int lo_hwaddr(struct uk_netdev *dev, struct uk_hwaddr *mac)
{
	static const uint8_t a[] = { 0x02, 0, 0, 0, 0, 1 };

	memcpy(mac->addr, a, sizeof(a));
	return 0;
}

static uint16_t lo_mtu(struct uk_netdev *dev)
{
	return LO_BUFLEN - LO_HEADROOM - 14;
}

static int lo_link(struct uk_netdev *dev)
{
	return 1;
}

static int lo_rx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkt)
{
	struct loopback *lo = lo_of(dev);

	if (!lo->nready)
		return 0;
	*pkt = lo->ready[0];
	memmove(&lo->ready[0], &lo->ready[1],
		--lo->nready * sizeof(lo->ready[0]));
	lo_refill(lo);
	return UK_NETDEV_STATUS_SUCCESS |
	       (lo->nready ? UK_NETDEV_STATUS_MORE : 0);
}

static int lo_tx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf *pkt)
{
	struct loopback *lo = lo_of(dev);
	struct uk_netbuf *rx = NULL;
	unsigned int i;

	for (i = 0; i < LO_SLOTS && !rx; i++)
		if (lo->rx[i]) {
			rx = lo->rx[i];
			lo->rx[i] = NULL;
		}
	if (!rx)
		return 0;	/* busy: nothing taken */
	if (uk_netbuf_headroom(pkt) < LO_HEADROOM ||
	    pkt->len > uk_netbuf_tailroom(rx)) {
		lo->rx[0] = rx;
		return -EINVAL;
	}
	memcpy(rx->data, pkt->data, pkt->len);
	rx->len = pkt->len;
	lo->ready[lo->nready++] = rx;
	uk_netbuf_free(pkt);
	if (lo->intr_on && lo->rxconf.callback) {
		lo->intr_on = false;	/* as a device: one event */
		lo->events++;
		lo->rxconf.callback(dev, 0, lo->rxconf.callback_argp);
	}
	return UK_NETDEV_STATUS_SUCCESS;
}

static int lo_intr_on(struct uk_netdev *dev, uint16_t q)
{
	struct loopback *lo = lo_of(dev);

	if (!lo->rxconf.callback)
		return -ENOTSUP;
	lo->intr_on = true;
	return lo->nready ? 1 : 0;
}

static int lo_intr_off(struct uk_netdev *dev, uint16_t q)
{
	lo_of(dev)->intr_on = false;
	return 0;
}

static const struct uk_netdev_ops lo_ops = {
	.info_get = lo_info,
	.configure = lo_configure,
	.rxq_configure = lo_rxq,
	.txq_configure = lo_txq,
	.start = lo_start,
	.hwaddr_get = lo_hwaddr,
	.mtu_get = lo_mtu,
	.link_up = lo_link,
	.rx_one = lo_rx,
	.tx_one = lo_tx,
	.rxq_intr_enable = lo_intr_on,
	.rxq_intr_disable = lo_intr_off,
};

static unsigned int allocated, released;

static void count_free(struct uk_netbuf *nb)
{
	released++;
	uk_free(uk_alloc_get_default(), nb);
}

static uint16_t alloc_rx(void *argp, struct uk_netbuf *nb[], uint16_t n)
{
	uint16_t i;

	for (i = 0; i < n; i++) {
		nb[i] = uk_netbuf_alloc(uk_alloc_get_default(), LO_BUFLEN,
					LO_HEADROOM);
		if (!nb[i])
			break;
		nb[i]->dtor = count_free;
		allocated++;
	}
	return i;
}

static unsigned int callbacks;

static void rx_event(struct uk_netdev *dev, uint16_t q, void *argp)
{
	callbacks++;
}

static struct uk_netbuf *frame(uint8_t fill, size_t len)
{
	struct uk_netbuf *nb;
	uint16_t n = alloc_rx(NULL, &nb, 1);

	if (!n)
		return NULL;
	memset(nb->data, fill, len);
	nb->len = len;
	return nb;
}

static struct loopback lo = {
	.dev = { .ops = &lo_ops, .drv_name = "loopback-test",
		 .name = "lo0" },
};

static unsigned int link_events;

static void link_event(struct uk_netdev *dev, void *argp)
{
	link_events += argp == &lo;
}

UK_TESTCASE(uknetdev, loopback_through_the_api)
{
	struct uk_netdev_conf conf = {
		.nb_rx_queues = 1, .nb_tx_queues = 1,
		.link_callback = link_event, .link_argp = &lo,
	};
	struct uk_netdev_rxqueue_conf rxc = {
		.alloc_rxpkts = alloc_rx, .callback = rx_event,
	};
	struct uk_netdev_txqueue_conf txc = { 0 };
	struct uk_netdev *dev = &lo.dev;
	struct uk_netbuf *nb, *busy;
	struct uk_hwaddr mac;
	int i, st;

	UK_TEST_ASSERT(uk_netdev_register(dev) == 0);
	UK_TEST_EXPECT_PTR_EQ(uk_netdev_get(uk_netdev_id(dev)), dev);
	/* a link change before configure reaches nobody */
	uk_netdev_link_changed(dev);
	UK_TEST_EXPECT_UNUM_EQ(link_events, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_state_get(dev),
			       UK_NETDEV_UNCONFIGURED);
	/* the state machine refuses calls out of order */
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_start(dev), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_configure(dev, 0, 0, &rxc),
			       -EINVAL);
	conf.nb_rx_queues = 2;
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_configure(dev, &conf), -EINVAL);
	conf.nb_rx_queues = 1;
	UK_TEST_ASSERT(uk_netdev_configure(dev, &conf) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_configure(dev, &conf), -EINVAL);
	uk_netdev_link_changed(dev);
	UK_TEST_EXPECT_UNUM_EQ(link_events, 1);
	nb = frame(0, 1);
	UK_TEST_ASSERT(nb);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_one(dev, 0, nb), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_configure(dev, 1, 0, &rxc),
			       -EINVAL);
	UK_TEST_ASSERT(uk_netdev_rxq_configure(dev, 0, 0, &rxc) == 0);
	UK_TEST_ASSERT(uk_netdev_txq_configure(dev, 0, 0, &txc) == 0);
	UK_TEST_ASSERT(uk_netdev_start(dev) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_state_get(dev), UK_NETDEV_RUNNING);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_hwaddr_get(dev, &mac), 0);
	UK_TEST_EXPECT_UNUM_EQ(mac.addr[5], 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_link_up(dev), 1);

	/* one frame there and back, interrupt mode */
	callbacks = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_intr_enable(dev, 0), 0);
	memset(nb->data, 0x5a, 60);
	nb->len = 60;
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_one(dev, 0, nb),
			       UK_NETDEV_STATUS_SUCCESS);
	UK_TEST_EXPECT_UNUM_EQ(callbacks, 1);
	st = uk_netdev_rx_one(dev, 0, &nb);
	UK_TEST_ASSERT(st & UK_NETDEV_STATUS_SUCCESS);
	UK_TEST_EXPECT_UNUM_EQ(nb->len, 60);
	UK_TEST_EXPECT_UNUM_EQ(((uint8_t *)nb->data)[59], 0x5a);
	uk_netbuf_free(nb);

	/* a full ring is "busy": the frame stays the caller's */
	for (i = 0; i < LO_SLOTS; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_one(dev, 0, frame(i, 20)),
				       UK_NETDEV_STATUS_SUCCESS);
	UK_TEST_EXPECT_UNUM_EQ(callbacks, 1);	/* still disabled */
	busy = frame(9, 20);
	UK_TEST_ASSERT(busy);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_one(dev, 0, busy), 0);
	UK_TEST_EXPECT_UNUM_EQ(busy->refcount, 1);
	/* this driver cannot report completions */
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_txq_intr_enable(dev, 0), -ENOTSUP);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_txq_intr_enable(dev, 1), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rxq_intr_enable(dev, 0), 1);
	for (i = 0; i < LO_SLOTS; i++) {
		st = uk_netdev_rx_one(dev, 0, &nb);
		UK_TEST_ASSERT(st & UK_NETDEV_STATUS_SUCCESS);
		UK_TEST_EXPECT_UNUM_EQ(((uint8_t *)nb->data)[0], i);
		UK_TEST_EXPECT(!(st & UK_NETDEV_STATUS_MORE) ==
			       (i == LO_SLOTS - 1));
		uk_netbuf_free(nb);
	}
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_one(dev, 0, &nb), 0);
	UK_TEST_EXPECT_PTR_EQ(nb, NULL);
	/* the retry goes through */
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_tx_one(dev, 0, busy),
			       UK_NETDEV_STATUS_SUCCESS);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_one(dev, 0, &nb),
			       UK_NETDEV_STATUS_SUCCESS);
	uk_netbuf_free(nb);
	/* every buffer but the posted receive ones came back */
	UK_TEST_EXPECT_UNUM_EQ(allocated - released, LO_SLOTS);
	uk_netdev_broken(dev);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_rx_one(dev, 0, &nb), -EIO);
	UK_TEST_EXPECT_SNUM_EQ(uk_netdev_link_up(dev), -EIO);
	uk_netdev_link_changed(dev);
	UK_TEST_EXPECT_UNUM_EQ(link_events, 1);	/* none once broken */
}

UK_TESTCASE(uknetdev, netbuf_refcount_and_headers)
{
	struct uk_netbuf *nb;

	released = 0;
	nb = frame(1, 10);
	UK_TEST_ASSERT(nb);
	UK_TEST_EXPECT_UNUM_EQ(uk_netbuf_headroom(nb), LO_HEADROOM);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, LO_HEADROOM + 1),
			       -ENOSPC);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, 4), 0);
	UK_TEST_EXPECT_UNUM_EQ(nb->len, 14);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, -15), -ENOSPC);
	UK_TEST_EXPECT_SNUM_EQ(uk_netbuf_header(nb, -4), 0);
	UK_TEST_EXPECT_UNUM_EQ(uk_netbuf_tailroom(nb),
			       LO_BUFLEN - LO_HEADROOM - 10);
	uk_netbuf_ref(nb);
	uk_netbuf_free(nb);
	UK_TEST_EXPECT_UNUM_EQ(released, 0);
	uk_netbuf_free(nb);
	UK_TEST_EXPECT_UNUM_EQ(released, 1);
}
