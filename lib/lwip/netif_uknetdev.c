/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP network interfaces over uknetdev devices (uk/netdev.h). Each
 * device gets one receive and one transmit queue and an lwIP Ethernet
 * interface "enN":
 *
 *  - transmit (lwIP's linkoutput, under the core lock, so one caller at
 *    a time): the frame is copied from the pbuf chain into a uk_netbuf
 *    with the device's headroom and handed to uk_netdev_tx_one(); on a
 *    full ring the caller sleeps until the device reports completed
 *    transmissions (the transmit queue's callback), at most TX_WAIT_NS
 *    per wait (a device that completes nothing for that long is stuck:
 *    the frame is dropped, TCP sends it again); drivers without that
 *    callback are retried after yielding, a bounded number of times;
 *  - link changes (the device's link callback, from its interrupt) are
 *    handed to the receive thread, which sets lwIP's link state;
 *  - receive: a thread per device ("enN-rx") takes frames with
 *    uk_netdev_rx_one() into pool pbufs and runs lwIP's input on them
 *    itself, under the core lock (tcpip_input with
 *    LWIP_TCPIP_CORE_LOCKING_INPUT: no mailbox message and no switch to
 *    the tcpip thread per frame); when the queue is empty it
 *    re-enables the queue's interrupt and sleeps on a semaphore that the
 *    interrupt callback raises: no polling while idle.
 *
 * Checksum offload (uk_netdev_info.features; docs/network.md): with
 * UK_NETDEV_F_TXCSUM lwIP does not compute TCP and UDP checksums for the
 * interface (its per-interface flags); the glue puts the pseudo-header
 * sum in the field of each outgoing TCP or UDP frame and leaves the rest
 * to the device (UK_NETBUF_F_CSUM_PARTIAL), or completes it itself for
 * a frame it cannot hand over that way. On receive, a frame the device
 * validated (UK_NETBUF_F_CSUM_VALID), or whose TCP/UDP checksum the
 * sender left partial (UK_NETBUF_F_CSUM_PARTIAL at that field: a
 * host's own packets over a tap), goes to lwIP with the TCP and UDP
 * checks off for that frame only (input_csum_valid, in the tcpip
 * thread); a partial checksum anywhere else is completed here. Every
 * frame is copied once each way.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/libparam.h>
#include <uk/netdev.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "lwip_impl.h"

#define RXQ		0
#define TXQ		0
/* Full ring: longest wait for completions, guest time, before a drop. */
#define TX_WAIT_NS	(1000ULL * 1000 * 1000)
/* Full ring, a driver without completion callbacks: attempts (yielding
 * in between) before a drop. */
#define TX_RETRIES	64
/* Receive frames handed to lwIP before the thread yields. */
#define RX_BURST	32
/* Frames held back from the device (UK_NETBUF_F_TX_MORE) at most. */
#define TX_BATCH	32
/* Receive buffers short (no memory): guest time before the next refill. */
#define RX_REFILL_RETRY_NS	(10ULL * 1000 * 1000)
#define ETH_HLEN	14

struct lwip_netdev {
	struct netif nif;
	struct uk_netdev *dev;
	struct uk_netdev_info info;
	struct uk_semaphore rx_wake;	/* raised by the queue interrupt */
	struct uk_semaphore tx_room;	/* raised when transmissions complete */
	unsigned long rx_short;		/* receive polls short of buffers */
	int link_changed;		/* for the receive thread (atomic; a
					 * word: riscv64 has no byte atomics) */
	bool dhcp;
	bool tx_csum;			/* the device completes checksums */
	bool tx_defer;			/* the device takes UK_NETBUF_F_TX_MORE */
	/* Transmit batching (tx_flush_*): words, atomics (one CPU: against
	 * the deferred flush, which runs at an interrupt's return) */
	int tx_held;			/* frames the device was not told of */
	int tx_busy;			/* a core-lock holder is on the queue */
	int tx_flush_queued;		/* tx_flush_deferred() is queued */
	ip4_addr_t shown;		/* address last printed */
	struct lwip_netdev *next;	/* attached interfaces */
};

static struct lwip_netdev *attached;

static void tx_flush(struct lwip_netdev *ln);

/*
 * Has a device frames it has not sent yet (core lock held)? QEMU sends a
 * frame after the notification returns (a bottom half), so a program's
 * last datagram could be lost when the VM powers off at once.
 */
bool lwip_uk_tx_busy(void)
{
	struct lwip_netdev *ln;

	for (ln = attached; ln; ln = ln->next)
		if (uk_netdev_txq_pending(ln->dev, 0) > 0)
			return true;
	return false;
}

/* netdev.stats=1: print each interface's counters at exit. */
static int netdev_stats;
static const struct uk_libparam
UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))
__lwip_netdev_param_stats = UK_LIBPARAM_INIT("netdev", "stats", netdev_stats);

/* netdev.tx_batch=0: no transmit batching (tx_flush_*). */
static int tx_batch = 1;
static const struct uk_libparam
UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))
__lwip_netdev_param_tx_batch = UK_LIBPARAM_INIT("netdev", "tx_batch",
						tx_batch);

/*
 * netdev.test_rx_starve=N: the first N allocations of receive buffers
 * fail, as without memory (the ring starts empty; a test of the refill
 * retry, RX_REFILL_RETRY_NS).
 */
static unsigned int test_rx_starve;
static const struct uk_libparam
UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))
__lwip_netdev_param_test_rx_starve = UK_LIBPARAM_INIT("netdev", "test_rx_starve",
						      test_rx_starve);

/* Receive buffers for the device's queue (uk_netdev_alloc_rxpkts). */
static uint16_t rx_alloc(void *argp, struct uk_netbuf *nb[], uint16_t count)
{
	struct lwip_netdev *ln = argp;
	size_t size = (size_t)ln->info.headroom + ln->info.rx_buflen;
	uint16_t i;

	if (test_rx_starve) {
		test_rx_starve--;
		return 0;
	}
	for (i = 0; i < count; i++) {
		nb[i] = uk_netbuf_alloc(uk_alloc_get_default(), size,
					ln->info.headroom);
		if (!nb[i])
			break;
	}
	return i;
}

/* Interrupt context: frames arrived (the queue interrupt is now off). */
static void rx_event(struct uk_netdev *dev, uint16_t queue_id, void *argp)
{
	struct lwip_netdev *ln = argp;

	uk_semaphore_up(&ln->rx_wake);
}

/*
 * A partial checksum completed: the ones' complement sum from csum_start
 * on (the pseudo-header sum is already in the field) goes to the field.
 * False if the field is not inside the frame (uknetdev's drivers check).
 */
static bool rx_csum_complete(struct uk_netbuf *nb)
{
	uint8_t *d = nb->data;
	uint16_t sum;

	if ((size_t)nb->csum_start + nb->csum_offset + 2 > nb->len)
		return false;
	sum = (uint16_t)~lwip_uk_sum16(d + nb->csum_start,
				       nb->len - nb->csum_start, 0);
	d[nb->csum_start + nb->csum_offset] = (uint8_t)(sum >> 8);
	d[nb->csum_start + nb->csum_offset + 1] = (uint8_t)sum;
	nb->flags &= ~UK_NETBUF_F_CSUM_PARTIAL;
	return true;
}

/*
 * Input of a frame whose TCP/UDP checksum needs no check (the device
 * validated it, or it is a partial one of the sender's): lwIP's checks
 * are per interface, so they are off while this one frame is processed
 * (under the core lock, which every other user of the interface takes
 * too; lwIP handles the frame to the end in this call).
 */
static err_t input_csum_valid(struct pbuf *p, struct netif *nif)
{
	u16_t flags = nif->chksum_flags;
	err_t err;

	NETIF_SET_CHECKSUM_CTRL(nif, flags & ~(NETIF_CHECKSUM_CHECK_TCP |
					       NETIF_CHECKSUM_CHECK_UDP));
	err = ethernet_input(p, nif);
	NETIF_SET_CHECKSUM_CTRL(nif, flags);
	return err;
}

/*
 * Does lwIP need to check the TCP/UDP checksum of @nb (completing a
 * partial one first)? 1: yes, 0: no, -1: drop the frame. Only a whole
 * TCP or UDP datagram skips the check: a validated fragment would skip
 * it for the datagram its reassembly completes.
 */
static int rx_csum_check(struct uk_netbuf *nb)
{
	struct lwip_uk_l4 l4;
	bool whole;

	if (!(nb->flags & (UK_NETBUF_F_CSUM_PARTIAL | UK_NETBUF_F_CSUM_VALID)))
		return 1;
	whole = lwip_uk_l4_find(nb->data, nb->len, &l4) == 0;
	if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL) {
		/* the sender's own TCP/UDP checksum, left partial: as good
		 * as validated (the data never left the host) */
		if (whole && nb->csum_start == l4.start &&
		    nb->csum_offset == l4.offset)
			return 0;
		if (!rx_csum_complete(nb))
			return -1;
	}
	return whole && (nb->flags & UK_NETBUF_F_CSUM_VALID) ? 0 : 1;
}

/* One received frame into lwIP; the netbuf is freed either way. */
static void rx_frame(struct lwip_netdev *ln, struct uk_netbuf *nb)
{
	struct pbuf *p;
	int check;

	check = rx_csum_check(nb);
	if (nb->len > 0xffff || check < 0) {
		uk_netbuf_free(nb);
		return;
	}
	p = pbuf_alloc(PBUF_RAW, (u16_t)nb->len, PBUF_POOL);
	if (p)
		pbuf_take(p, nb->data, (u16_t)nb->len);
	uk_netbuf_free(nb);
	if (!p)
		return;		/* out of pool buffers: dropped, as a NIC would */
	if ((check ? ln->nif.input(p, &ln->nif) :
	     tcpip_inpkt(p, &ln->nif, input_csum_valid)) != ERR_OK)
		pbuf_free(p);
}

static void tx_room(struct uk_netdev *dev, uint16_t q, void *argp)
{
	struct lwip_netdev *ln = argp;

	uk_semaphore_up(&ln->tx_room);
}

/* The device's link changed (interrupt context): the receive thread
 * tells lwIP. */
static void link_event(struct uk_netdev *dev, void *argp)
{
	struct lwip_netdev *ln = argp;

	__atomic_store_n(&ln->link_changed, 1, __ATOMIC_RELEASE);
	uk_semaphore_up(&ln->rx_wake);
}

static void link_update(struct lwip_netdev *ln)
{
	int up;

	if (!__atomic_exchange_n(&ln->link_changed, 0, __ATOMIC_ACQ_REL))
		return;
	up = uk_netdev_link_up(ln->dev);
	LOCK_TCPIP_CORE();
	if (up == 1)
		netif_set_link_up(&ln->nif);
	else
		netif_set_link_down(&ln->nif);
	UNLOCK_TCPIP_CORE();
	/* a warning: rare, and what a program's user wants to see (kast-cc
	 * images print warnings only) */
	uk_pr_warn("%c%c%u: link %s\n", ln->nif.name[0], ln->nif.name[1],
		   ln->nif.num, up == 1 ? "up" : "down");
}

/*
 * Receive until the queue is empty, telling lwIP of link changes first:
 * 0, UK_NETDEV_STATUS_UNDERRUN when the driver could not give the device
 * all its receive buffers back (no memory), or the error of a device that
 * failed (reported).
 */
static int rx_poll(struct lwip_netdev *ln)
{
	struct uk_netbuf *nb;
	int rc, burst = 0;

	for (;;) {
		link_update(ln);
		rc = uk_netdev_rx_one(ln->dev, RXQ, &nb);
		if (rc < 0) {
			uk_pr_err("%c%c%u: receive failed (%d): interface stops receiving\n",
				  ln->nif.name[0], ln->nif.name[1],
				  ln->nif.num, rc);
			return rc;
		}
		if (rc & UK_NETDEV_STATUS_SUCCESS) {
			rx_frame(ln, nb);
			if (++burst == RX_BURST) {
				burst = 0;
				uk_sched_yield();
			}
		}
		if (!(rc & UK_NETDEV_STATUS_MORE))
			return rc & UK_NETDEV_STATUS_UNDERRUN;
	}
}

static void *rx_thread(void *arg)
{
	struct lwip_netdev *ln = arg;

	int rc;

	for (;;) {
		/* what the threads that ran before this one sent */
		tx_flush(ln);
		rc = rx_poll(ln);
		if (rc < 0)
			return NULL;
		/*
		 * Buffers short: the device fills the ones it has and then
		 * has none, and interrupts no more, so the interrupt alone
		 * would never bring the next refill (a silent interface once
		 * memory comes back). Poll again after a while meanwhile:
		 * the driver refills on every receive call.
		 */
		if (rc & UK_NETDEV_STATUS_UNDERRUN) {
			if (!ln->rx_short++)
				uk_pr_warn("%c%c%u: out of memory for receive buffers: refilling every %llu ms until it succeeds\n",
					   ln->nif.name[0], ln->nif.name[1],
					   ln->nif.num,
					   RX_REFILL_RETRY_NS / 1000000ULL);
			if (uk_netdev_rxq_intr_enable(ln->dev, RXQ) == 0)
				uk_semaphore_down_timeout(&ln->rx_wake,
							  RX_REFILL_RETRY_NS);
			continue;
		}
		/* empty: sleep until the interrupt, unless frames came in */
		if (uk_netdev_rxq_intr_enable(ln->dev, RXQ) == 0)
			uk_semaphore_down(&ln->rx_wake);
	}
}

/*
 * Transmit batching. Telling the device of a frame (a virtio
 * notification: a trap into the hypervisor) costs more than the rest of
 * a small frame's way out, and a server answering several clients sends
 * several frames in a row (one per write()). So frames go to the ring
 * with UK_NETBUF_F_TX_MORE and the device is told of them all at once:
 * when TX_BATCH are held, when the ring is full (the driver), and as soon
 * as the sending thread stops sending: the receive thread flushes when it
 * runs, and a flush queued with ukplat_irq_defer() runs at the next
 * interrupt's return or before the CPU idles (the idle loop drains the
 * deferred work), whichever comes first.
 */
static void tx_flush_locked(struct lwip_netdev *ln)
{
	if (__atomic_load_n(&ln->tx_held, __ATOMIC_RELAXED)) {
		__atomic_store_n(&ln->tx_held, 0, __ATOMIC_RELAXED);
		uk_netdev_txq_flush(ln->dev, TXQ);
	}
}

/*
 * Deferred work: may interrupt a thread inside tx_frame() or a flush, and
 * then leaves the queue alone; that thread queues the flush again when
 * it is done (it sees tx_flush_queued cleared).
 */
static void tx_flush_deferred(void *arg)
{
	struct lwip_netdev *ln = arg;

	__atomic_store_n(&ln->tx_flush_queued, 0, __ATOMIC_SEQ_CST);
	if (__atomic_exchange_n(&ln->tx_busy, 1, __ATOMIC_ACQUIRE))
		return;
	tx_flush_locked(ln);
	__atomic_store_n(&ln->tx_busy, 0, __ATOMIC_RELEASE);
}

/* Frames are held (tx_busy clear): make sure a flush comes. */
static void tx_flush_later(struct lwip_netdev *ln)
{
	if (!__atomic_load_n(&ln->tx_held, __ATOMIC_SEQ_CST) ||
	    __atomic_exchange_n(&ln->tx_flush_queued, 1, __ATOMIC_SEQ_CST))
		return;
	if (ukplat_irq_defer(tx_flush_deferred, ln) < 0) {
		/* the queue is full: now */
		__atomic_store_n(&ln->tx_flush_queued, 0, __ATOMIC_SEQ_CST);
		tx_flush_deferred(ln);
	}
}

/* From a thread, core lock not held: tell the device of held frames. */
static void tx_flush(struct lwip_netdev *ln)
{
	if (!__atomic_load_n(&ln->tx_held, __ATOMIC_RELAXED))
		return;
	LOCK_TCPIP_CORE();
	__atomic_store_n(&ln->tx_busy, 1, __ATOMIC_SEQ_CST);
	tx_flush_locked(ln);
	__atomic_store_n(&ln->tx_busy, 0, __ATOMIC_SEQ_CST);
	UNLOCK_TCPIP_CORE();
}

static int tx_queue(struct lwip_netdev *ln, struct uk_netbuf *nb);

/* lwIP's linkoutput: one frame (a pbuf chain) to the device. */
static err_t tx_frame(struct netif *nif, struct pbuf *p)
{
	struct lwip_netdev *ln = nif->state;
	struct uk_netbuf *nb;
	int rc;

	nb = uk_netbuf_alloc(uk_alloc_get_default(),
			     (size_t)ln->info.headroom + p->tot_len,
			     ln->info.headroom);
	if (!nb)
		return ERR_MEM;
	pbuf_copy_partial(p, nb->data, p->tot_len, 0);
	nb->len = p->tot_len;
	if (ln->tx_csum && lwip_uk_tx_csum(nb->data, nb->len, &nb->csum_start,
					   &nb->csum_offset) == 1)
		nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
	if (ln->tx_defer)
		nb->flags |= UK_NETBUF_F_TX_MORE;
	/* the deferred flush keeps off the queue meanwhile */
	__atomic_store_n(&ln->tx_busy, 1, __ATOMIC_SEQ_CST);
	rc = tx_queue(ln, nb);
	if (rc > 0 && (rc & UK_NETDEV_STATUS_SUCCESS) && ln->tx_defer &&
	    __atomic_add_fetch(&ln->tx_held, 1, __ATOMIC_RELAXED) >= TX_BATCH)
		tx_flush_locked(ln);
	__atomic_store_n(&ln->tx_busy, 0, __ATOMIC_SEQ_CST);
	tx_flush_later(ln);
	if (rc > 0 && (rc & UK_NETDEV_STATUS_SUCCESS))
		return ERR_OK;
	uk_netbuf_free(nb);
	/* a full ring drops the frame (ERR_MEM); a broken device is ERR_IF */
	return rc < 0 && rc != -ENOTSUP ? ERR_IF : ERR_MEM;
}

/* @nb to the device, waiting for room (bounded): tx_one's status. */
static int tx_queue(struct lwip_netdev *ln, struct uk_netbuf *nb)
{
	int i, rc = 0;

	for (i = 0; i < TX_RETRIES;) {
		rc = uk_netdev_tx_one(ln->dev, TXQ, nb);
		if (rc < 0 || (rc & UK_NETDEV_STATUS_SUCCESS))
			break;
		/* ring full: sleep until the device completes some */
		rc = uk_netdev_txq_intr_enable(ln->dev, TXQ);
		if (rc == 1)
			continue;	/* completed meanwhile */
		if (rc == 0) {
			if (uk_semaphore_down_timeout(&ln->tx_room,
						      TX_WAIT_NS) < 0)
				break;	/* stuck: drop */
			continue;
		}
		if (rc != -ENOTSUP)
			break;
		uk_sched_yield();	/* no callback: let it drain */
		i++;
	}
	return rc;
}

static err_t netif_setup(struct netif *nif)
{
	struct lwip_netdev *ln = nif->state;
	struct uk_hwaddr mac;
	int rc;

	rc = uk_netdev_hwaddr_get(ln->dev, &mac);
	if (rc < 0)
		return ERR_IF;
	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, mac.addr, ETH_HWADDR_LEN);
	nif->mtu = uk_netdev_mtu_get(ln->dev);
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = tx_frame;
	/* the device completes TCP and UDP checksums (tx_frame) */
	if (ln->tx_csum)
		NETIF_SET_CHECKSUM_CTRL(nif, NETIF_CHECKSUM_ENABLE_ALL &
					~(NETIF_CHECKSUM_GEN_TCP |
					  NETIF_CHECKSUM_GEN_UDP));
	return ERR_OK;
}

/* DHCP bound (or the address changed): say so, update resolv.conf. */
static void netif_status(struct netif *nif)
{
	struct lwip_netdev *ln = nif->state;

	if (!ln->dhcp || ip4_addr_isany_val(*netif_ip4_addr(nif)) ||
	    ip4_addr_cmp(&ln->shown, netif_ip4_addr(nif)))
		return;
	ip4_addr_copy(ln->shown, *netif_ip4_addr(nif));
	lwip_uk_print_netif(nif, "dhcp");
	lwip_uk_etc_dns_changed();
}

/* Queues, start. The device must be UNCONFIGURED. */
static int dev_bring_up(struct lwip_netdev *ln)
{
	struct uk_netdev_conf conf = {
		.nb_rx_queues = 1,
		.nb_tx_queues = 1,
		.link_callback = link_event,
		.link_argp = ln,
	};
	struct uk_netdev_rxqueue_conf rxc = {
		.alloc_rxpkts = rx_alloc,
		.alloc_rxpkts_argp = ln,
		.callback = rx_event,
		.callback_argp = ln,
		.a = uk_alloc_get_default(),
	};
	struct uk_netdev_txqueue_conf txc = {
		.a = uk_alloc_get_default(),
		.callback = tx_room,
		.callback_argp = ln,
	};
	int rc;

	rc = uk_netdev_info_get(ln->dev, &ln->info);
	if (rc < 0)
		return rc;
	ln->tx_csum = !!(ln->info.features & UK_NETDEV_F_TXCSUM);
	rc = uk_netdev_configure(ln->dev, &conf);
	if (rc < 0)
		return rc;
	rc = uk_netdev_rxq_configure(ln->dev, RXQ, 0, &rxc);
	if (rc < 0)
		return rc;
	rc = uk_netdev_txq_configure(ln->dev, TXQ, 0, &txc);
	if (rc < 0)
		return rc;
	rc = uk_netdev_start(ln->dev);
	if (rc < 0)
		return rc;
	/* netdev.tx_batch=0: every frame is sent at once (debugging) */
	ln->tx_defer = tx_batch && uk_netdev_txq_flush(ln->dev, TXQ) >= 0;
	return 0;
}

/* Addresses: static from @ip/@gw, else DHCP; IPv6 link-local + SLAAC. */
static void netif_addresses(struct lwip_netdev *ln, const char *ip,
			    const char *gw)
{
	ip4_addr_t a, m, g;

	ip4_addr_set_zero(&g);
	if (ip && lwip_uk_parse_cidr(ip, &a, &m) == 0) {
		if (gw)
			ip4addr_aton(gw, &g);
		netif_set_addr(&ln->nif, &a, &m, &g);
	}
	netif_create_ip6_linklocal_address(&ln->nif, 1);
	netif_set_ip6_autoconfig_enabled(&ln->nif, 1);
	netif_set_up(&ln->nif);
	if (uk_netdev_link_up(ln->dev) == 1)
		netif_set_link_up(&ln->nif);
	if (ip) {
		lwip_uk_print_netif(&ln->nif, "static");
		return;
	}
#if LWIP_DHCP
	ln->dhcp = true;
	netif_set_status_callback(&ln->nif, netif_status);
	if (dhcp_start(&ln->nif) != ERR_OK)
		uk_pr_warn("%c%c%u: DHCP did not start\n", ln->nif.name[0],
			   ln->nif.name[1], ln->nif.num);
#else
	lwip_uk_print_netif(&ln->nif, "no address: netdev.ip not set");
#endif
}

/* Bring @dev up as an lwIP interface: it, or NULL (reported). */
static struct netif *attach_one(struct uk_netdev *dev, const char *ip,
				const char *gw)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	struct lwip_netdev *ln;
	char name[UK_THREAD_NAME_MAX];
	int rc;

	ln = uk_calloc(uk_alloc_get_default(), 1, sizeof(*ln));
	rc = -ENOMEM;
	if (!ln)
		goto fail;
	ln->dev = dev;
	uk_semaphore_init(&ln->rx_wake, 0);
	uk_semaphore_init(&ln->tx_room, 0);
	rc = dev_bring_up(ln);
	if (rc < 0)
		goto fail;
	rc = -ENOMEM;
	if (!netif_add(&ln->nif, NULL, NULL, NULL, ln, netif_setup,
		       tcpip_input))
		goto fail;
	netif_addresses(ln, ip, gw);
	ln->next = attached;
	attached = ln;
	snprintf(name, sizeof(name), "%c%c%u-rx", ln->nif.name[0],
		 ln->nif.name[1], ln->nif.num);
	attr.name = name;
	attr.detached = true;
	/* lwIP's whole input path (and the output of the ACKs and answers
	 * it makes) runs on this stack: the tcpip thread's size */
	attr.stack_size = TCPIP_THREAD_STACKSIZE;
	rc = uk_thread_create_attr(NULL, &attr, rx_thread, ln);
	if (rc < 0)
		uk_pr_err("%s: no receive thread: %d\n", name, rc);
	return &ln->nif;
fail:
	/* a configured device cannot go back: it stays unused */
	uk_pr_err("netdev %u (%s): not attached: %d\n", uk_netdev_id(dev),
		  uk_netdev_name(dev), rc);
	uk_free(uk_alloc_get_default(), ln);
	return NULL;
}

int lwip_uk_netdevs_attach(const char *ip, const char *gw)
{
	unsigned int i, n = uk_netdev_count();
	struct netif *nif, *first = NULL;

	if (ip && !n)
		uk_pr_warn("netdev.ip=%s: no network device found\n", ip);
	for (i = 0; i < n; i++) {
		nif = attach_one(uk_netdev_get(i), i ? NULL : ip,
				 i ? NULL : gw);
		if (nif && !first)
			first = nif;
	}
	if (first)
		netif_set_default(first);
	return 0;
}

void lwip_uk_netdevs_stats(void)
{
	struct uk_netdev_stats st;
	struct lwip_netdev *ln;

	if (!netdev_stats)
		return;
	for (ln = attached; ln; ln = ln->next) {
		if (uk_netdev_stats_get(ln->dev, &st) < 0)
			memset(&st, 0, sizeof(st));
		uk_printf("%c%c%u: checksum offload tx %s rx %s; rx %llu frames (%llu checksum valid, %llu partial, %llu bad headers); tx %llu frames (%llu checksum offloaded)\n",
			  ln->nif.name[0], ln->nif.name[1], ln->nif.num,
			  ln->tx_csum ? "on" : "off",
			  (ln->info.features & UK_NETDEV_F_RXCSUM) ?
			  "on" : "off",
			  (unsigned long long)st.rx_frames,
			  (unsigned long long)st.rx_csum_valid,
			  (unsigned long long)st.rx_csum_partial,
			  (unsigned long long)st.rx_bad_hdr,
			  (unsigned long long)st.tx_frames,
			  (unsigned long long)st.tx_csum_offloaded);
		uk_printf("%c%c%u: rx %llu interrupts, %llu notifications; tx %llu notifications\n",
			  ln->nif.name[0], ln->nif.name[1], ln->nif.num,
			  (unsigned long long)st.rx_intr,
			  (unsigned long long)st.rx_notify,
			  (unsigned long long)st.tx_notify);
	}
}
