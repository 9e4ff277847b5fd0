/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: Ethernet frames through the real netif glue
 * (lib/lwip/netif_uknetdev.c, #included below, with lib/uknetdev's
 * netdev.c and netbuf.c) into lwIP (the fetched lwIP 2.1.3 with
 * lib/lwip/patches, built for the host with NO_SYS: include/lwipopts.h,
 * which is the kernel's with a few overrides). The harness plays the
 * network device (a uknetdev driver, "fuzz-net", 52:54:00:12:34:56, MTU
 * 1500, 12 bytes of headroom as virtio-net, checksum offloads as the
 * input says) and the glue's receive thread (rx_poll); include/uk/ has
 * single-threaded stand-ins for the allocator, semaphores, threads and
 * library parameters, include/lwip/tcpip.h the tcpip thread's entry
 * points (the input function runs at once). The glue attaches the device
 * as it does at boot (static 10.0.2.15/24 via 10.0.2.2, or DHCP; IPv6
 * link-local and SLAAC); a TCP echo server listens on port 80 (backlog
 * 4), a UDP echo on port 7.
 *
 * Every frame the glue transmits is read through (ASan), must fit the
 * MTU, and, once the device's part of a checksum left to it is done as a
 * device does it, every TCP or UDP checksum in it must be correct (the
 * transmit offload). Received frames carry the flags a driver may set
 * (checksum validated, or partial at a position inside the frame, only
 * when the device offers receive offload, as virtio-net checks).
 *
 * Input: one byte of flags (bit 0: checksums are not checked, bit 1:
 * DHCP instead of the static address, bit 2: the device offers transmit
 * checksum offload, bit 3: receive offload), then up to MAX_FRAMES
 * records of a 16-bit big-endian length, one byte of delay, one byte of
 * control (bit 0: the device validated the checksum, bit 1: the checksum
 * is partial at start + offset, bit 2: the link changes before the frame,
 * bit 3: the next transmission finds the ring full once), the byte start
 * and the byte offset, and the frame. The delay moves the mocked clock
 * before the frame, in 50 ms steps with lwIP's timers run at each: 10 ms
 * units below 128, else (d - 127) s. In DHCP mode the transaction id of
 * lwIP's last DHCP message is written into frames to UDP port 68 (a
 * fuzzer cannot guess it).
 * After each input every connection, cache and reassembly buffer is
 * dropped and the interface removed, so inputs do not depend on each
 * other (beyond lwIP's counters); LeakSanitizer sees what lwIP lost.
 * Build and run with support/scripts/fuzz; sources: fuzz_netif.mk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lwip/init.h"
#include "lwip/dhcp.h"
#include "lwip/ip4_frag.h"
#include "lwip/ip6_frag.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "lwip/priv/tcp_priv.h"
#include <uk/netdev_impl.h>

/* the glue itself, built as in an image with uknetdev */
#define CONFIG_LIBUKNETDEV 1
#include "../../netif_uknetdev.c"

#define MAX_FRAMES	64
#define STEP_MS		50
#define TCP_PORT	80
#define UDP_PORT	7
#define MTU		1500
#define HEADROOM	12
#define RX_BUFLEN	(MTU + ETH_HLEN + 4)

#define FLAG_NO_CHECKSUMS	0x01
#define FLAG_DHCP		0x02
#define FLAG_TXCSUM		0x04
#define FLAG_RXCSUM		0x08

#define CTL_VALID		0x01
#define CTL_PARTIAL		0x02
#define CTL_LINK		0x04
#define CTL_TX_BUSY		0x08

static u32_t now_ms;
static unsigned int rand_state;
static struct tcp_pcb *listener;
static struct udp_pcb *udp;
static u32_t dhcp_xid;
static int have_xid;
static uint8_t out_frame[0x10000];

u32_t sys_now(void)
{
	return now_ms;
}

unsigned int fuzz_netif_rand(void)
{
	rand_state = rand_state * 1103515245u + 12345u;
	return rand_state >> 1;
}

/* ------------------------------------------------------------------------
 * What the glue needs from the rest of the kernel
 * ------------------------------------------------------------------------ */
err_t tcpip_inpkt(struct pbuf *p, struct netif *inp, netif_input_fn input_fn)
{
	return input_fn(p, inp);
}

err_t tcpip_input(struct pbuf *p, struct netif *inp)
{
	return tcpip_inpkt(p, inp, ethernet_input);
}

/* deferred work (the glue's transmit flush) runs at once, as if an
 * interrupt returned right away */
int ukplat_irq_defer(ukplat_irq_defer_func_t fn, void *arg)
{
	fn(arg);
	return 0;
}

/* the receive thread is not started: the harness runs rx_poll() */
int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  void *(*fn)(void *), void *arg)
{
	if (out)
		*out = NULL;
	return fn == rx_thread ? 0 : -1;
}

int lwip_uk_parse_cidr(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
	char a[IP4ADDR_STRLEN_MAX];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int bits = slash ? atoi(slash + 1) : 24;

	if (n >= sizeof(a) || bits < 0 || bits > 32)
		return -EINVAL;
	memcpy(a, s, n);
	a[n] = '\0';
	if (!ip4addr_aton(a, ip))
		return -EINVAL;
	ip4_addr_set_u32(mask, lwip_htonl(bits ? 0xffffffffu << (32 - bits) : 0));
	return 0;
}

void lwip_uk_print_netif(struct netif *nif, const char *how)
{
}

/* ------------------------------------------------------------------------
 * The device: a uknetdev driver fed by the input
 * ------------------------------------------------------------------------ */
static struct fuzz_dev {
	struct uk_netdev ndev;
	uint32_t features;
	int link;
	struct uk_netdev_rxqueue_conf rxconf;
	struct uk_netdev_txqueue_conf txconf;
	struct uk_netdev_stats stats;
	/* the frame the next rx_one hands over */
	const uint8_t *frame;
	size_t len;
	int ctl;
	uint8_t start, offset;
	int tx_busy;		/* refuse the next transmission once */
	int dhcp;
} fdev;

static int fdev_info(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	memset(info, 0, sizeof(*info));
	info->max_rx_queues = 1;
	info->max_tx_queues = 1;
	info->max_rx_desc = 256;
	info->max_tx_desc = 256;
	info->headroom = HEADROOM;
	info->rx_buflen = RX_BUFLEN;
	info->features = fdev.features;
	return 0;
}

static int fdev_configure(struct uk_netdev *dev,
			  const struct uk_netdev_conf *conf)
{
	return 0;
}

static int fdev_rxq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		    const struct uk_netdev_rxqueue_conf *conf)
{
	fdev.rxconf = *conf;
	return 0;
}

static int fdev_txq(struct uk_netdev *dev, uint16_t q, uint16_t nb_desc,
		    const struct uk_netdev_txqueue_conf *conf)
{
	fdev.txconf = *conf;
	return 0;
}

static int fdev_start(struct uk_netdev *dev)
{
	return 0;
}

static int fdev_hwaddr(struct uk_netdev *dev, struct uk_hwaddr *mac)
{
	static const uint8_t m[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	memcpy(mac->addr, m, sizeof(m));
	return 0;
}

static uint16_t fdev_mtu(struct uk_netdev *dev)
{
	return MTU;
}

static int fdev_link(struct uk_netdev *dev)
{
	return fdev.link;
}

/* The pending frame, checked as virtio-net checks its header. */
static int fdev_rx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf **pkt)
{
	struct uk_netbuf *nb;
	size_t ip;
	uint8_t *d;

	if (!fdev.frame)
		return 0;
	d = (uint8_t *)fdev.frame;
	fdev.frame = NULL;
	if (fdev.len > RX_BUFLEN)
		return 0;		/* no buffer holds it: the device drops it */
	if ((fdev.ctl & (CTL_VALID | CTL_PARTIAL)) &&
	    (!(fdev.features & UK_NETDEV_F_RXCSUM) ||
	     ((fdev.ctl & CTL_PARTIAL) &&
	      (size_t)fdev.start + fdev.offset + 2 > fdev.len))) {
		fdev.stats.rx_bad_hdr++;
		return 0;
	}
	if (fdev.rxconf.alloc_rxpkts(fdev.rxconf.alloc_rxpkts_argp, &nb, 1) != 1)
		return UK_NETDEV_STATUS_UNDERRUN;
	if (uk_netbuf_headroom(nb) < HEADROOM ||
	    nb->buflen - uk_netbuf_headroom(nb) < RX_BUFLEN)
		abort();	/* the glue's buffers must fit any frame */
	memcpy(nb->data, d, fdev.len);
	nb->len = fdev.len;
	d = nb->data;
	if (fdev.dhcp && have_xid && fdev.len >= ETH_HLEN + 20 &&
	    d[12] == 0x08 && d[13] == 0x00 && d[ETH_HLEN + 9] == 17) {
		ip = ETH_HLEN + (size_t)(d[ETH_HLEN] & 0x0f) * 4;
		if (fdev.len >= ip + 8 + 8 && d[ip + 2] == 0 && d[ip + 3] == 68)
			memcpy(d + ip + 8 + 4, &dhcp_xid, 4);
	}
	nb->flags = 0;
	if (fdev.ctl & CTL_VALID) {
		nb->flags |= UK_NETBUF_F_CSUM_VALID;
		fdev.stats.rx_csum_valid++;
	}
	if (fdev.ctl & CTL_PARTIAL) {
		nb->flags |= UK_NETBUF_F_CSUM_PARTIAL;
		nb->csum_start = fdev.start;
		nb->csum_offset = fdev.offset;
		fdev.stats.rx_csum_partial++;
	}
	fdev.stats.rx_frames++;
	*pkt = nb;
	return UK_NETDEV_STATUS_SUCCESS;
}

static uint32_t hsum(const uint8_t *b, size_t n, uint32_t acc)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		acc += (uint32_t)b[n - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return acc;
}

/* Every TCP and UDP checksum that leaves must be right (UDP over IPv4
 * may say "none"); fragments and other protocols are not checked. */
static void check_l4(const uint8_t *f, size_t len)
{
	size_t l4, l4len;
	uint32_t acc;
	int proto;

	if (len < ETH_HLEN + 20)
		return;
	if (f[12] == 0x08 && f[13] == 0x00) {
		size_t ihl = (size_t)(f[ETH_HLEN] & 0x0f) * 4;
		size_t tot = (size_t)f[ETH_HLEN + 2] << 8 | f[ETH_HLEN + 3];

		if (ihl < 20 || tot < ihl || ETH_HLEN + tot > len ||
		    ((f[ETH_HLEN + 6] & 0x3f) | f[ETH_HLEN + 7]))
			return;
		proto = f[ETH_HLEN + 9];
		l4 = ETH_HLEN + ihl;
		l4len = tot - ihl;
		acc = hsum(f + ETH_HLEN + 12, 8, 0);
	} else if (f[12] == 0x86 && f[13] == 0xdd && len >= ETH_HLEN + 40) {
		l4len = (size_t)f[ETH_HLEN + 4] << 8 | f[ETH_HLEN + 5];
		if (ETH_HLEN + 40 + l4len > len)
			return;
		proto = f[ETH_HLEN + 6];
		l4 = ETH_HLEN + 40;
		acc = hsum(f + ETH_HLEN + 8, 32, 0);
	} else {
		return;
	}
	if (proto == 6 && l4len >= 20)
		;
	else if (proto == 17 && l4len >= 8)
		;
	else
		return;
	if (proto == 17 && f[12] == 0x08 && !f[l4 + 6] && !f[l4 + 7])
		return;		/* UDP over IPv4 without a checksum */
	acc = hsum(f + l4, l4len, acc + (uint32_t)proto + (uint32_t)l4len);
	if (acc != 0xffff) {
		fprintf(stderr, "fuzz_netif: a frame of %zu bytes leaves with a wrong %s checksum\n",
			len, proto == 6 ? "TCP" : "UDP");
		abort();
	}
}

/* A transmission: read through, the device's checksum part done. */
static int fdev_tx(struct uk_netdev *dev, uint16_t q, struct uk_netbuf *nb)
{
	const uint8_t *f = out_frame;
	uint16_t sum;
	size_t ip;

	if (fdev.tx_busy) {
		fdev.tx_busy = 0;
		return 0;	/* ring full: the frame stays the caller's */
	}
	if (!nb->len || nb->len > ETH_HLEN + MTU ||
	    uk_netbuf_headroom(nb) < HEADROOM)
		abort();	/* a frame the device cannot send */
	memcpy(out_frame, nb->data, nb->len);
	if (nb->flags & UK_NETBUF_F_CSUM_PARTIAL) {
		if (!(fdev.features & UK_NETDEV_F_TXCSUM) ||
		    (size_t)nb->csum_start + nb->csum_offset + 2 > nb->len)
			abort();
		sum = (uint16_t)~hsum(out_frame + nb->csum_start,
				      nb->len - nb->csum_start, 0);
		out_frame[nb->csum_start + nb->csum_offset] = (uint8_t)(sum >> 8);
		out_frame[nb->csum_start + nb->csum_offset + 1] = (uint8_t)sum;
		fdev.stats.tx_csum_offloaded++;
	}
	check_l4(out_frame, nb->len);
	/* IPv4, UDP 68 -> 67: BOOTP's xid follows op, htype, hlen, hops */
	if (nb->len >= ETH_HLEN + 20 && f[12] == 0x08 && f[13] == 0x00 &&
	    f[ETH_HLEN + 9] == 17) {
		ip = ETH_HLEN + (size_t)(f[ETH_HLEN] & 0x0f) * 4;
		if (nb->len >= ip + 8 + 8 && f[ip] == 0 && f[ip + 1] == 68 &&
		    f[ip + 2] == 0 && f[ip + 3] == 67) {
			memcpy(&dhcp_xid, f + ip + 8 + 4, 4);
			have_xid = 1;
		}
	}
	fdev.stats.tx_frames++;
	uk_netbuf_free(nb);
	return UK_NETDEV_STATUS_SUCCESS | UK_NETDEV_STATUS_MORE;
}

static int fdev_intr_on(struct uk_netdev *dev, uint16_t q)
{
	return 0;
}

static int fdev_intr_off(struct uk_netdev *dev, uint16_t q)
{
	return 0;
}

/* The ring was full: transmissions complete at once (the callback). */
static int fdev_txq_intr_on(struct uk_netdev *dev, uint16_t q)
{
	fdev.txconf.callback(&fdev.ndev, q, fdev.txconf.callback_argp);
	return 0;
}

static int fdev_stats(struct uk_netdev *dev, struct uk_netdev_stats *stats)
{
	*stats = fdev.stats;
	return 0;
}

/* Frames held back (UK_NETBUF_F_TX_MORE) were sent already: nothing. */
static int fdev_txq_flush(struct uk_netdev *dev, uint16_t q)
{
	return 0;
}

static const struct uk_netdev_ops fdev_ops = {
	.info_get = fdev_info,
	.configure = fdev_configure,
	.rxq_configure = fdev_rxq,
	.txq_configure = fdev_txq,
	.start = fdev_start,
	.hwaddr_get = fdev_hwaddr,
	.mtu_get = fdev_mtu,
	.link_up = fdev_link,
	.rx_one = fdev_rx,
	.tx_one = fdev_tx,
	.rxq_intr_enable = fdev_intr_on,
	.rxq_intr_disable = fdev_intr_off,
	.txq_intr_enable = fdev_txq_intr_on,
	.stats_get = fdev_stats,
	.txq_flush = fdev_txq_flush,
};

/* ------------------------------------------------------------------------
 * lwIP's side: timers, echo servers
 * ------------------------------------------------------------------------ */
static void advance(u32_t ms)
{
	u32_t d;

	do {
		d = ms < STEP_MS ? ms : STEP_MS;
		now_ms += d;
		ms -= d;
		sys_check_timeouts();
		netif_poll_all();
	} while (ms);
}

/* TCP echo: what arrives is sent back as far as the send buffer goes. */
static err_t tcp_echo_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p,
			   err_t err)
{
	struct pbuf *q;
	u16_t room;

	if (!p) {
		if (tcp_close(pcb) != ERR_OK) {
			tcp_abort(pcb);
			return ERR_ABRT;
		}
		return ERR_OK;
	}
	for (q = p; q; q = q->next) {
		room = tcp_sndbuf(pcb);
		if (q->len > room || tcp_write(pcb, q->payload, q->len,
					       TCP_WRITE_FLAG_COPY) != ERR_OK)
			break;
	}
	tcp_recved(pcb, p->tot_len);
	pbuf_free(p);
	tcp_output(pcb);
	return ERR_OK;
}

static err_t tcp_echo_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	tcp_recv(pcb, tcp_echo_recv);
	tcp_nagle_disable(pcb);
	return ERR_OK;
}

static void udp_echo_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			  const ip_addr_t *addr, u16_t port)
{
	udp_sendto(pcb, p, addr, port);
	pbuf_free(p);
}

/* The device as new, attached by the glue; the echo servers. */
static void setup(int flags)
{
	struct tcp_pcb *pcb;

	if (!fdev.ndev.ops) {
		fdev.ndev.ops = &fdev_ops;
		fdev.ndev.drv_name = "fuzz-net";
		strcpy(fdev.ndev.name, "fuzz0");
		if (uk_netdev_register(&fdev.ndev) < 0)
			abort();
	}
	/* a new device for each input: the state machine starts over */
	fdev.ndev.state = UK_NETDEV_UNCONFIGURED;
	fdev.features = ((flags & FLAG_TXCSUM) ? UK_NETDEV_F_TXCSUM : 0) |
			((flags & FLAG_RXCSUM) ? UK_NETDEV_F_RXCSUM : 0);
	fdev.link = 1;
	fdev.frame = NULL;
	fdev.tx_busy = 0;
	fdev.dhcp = !!(flags & FLAG_DHCP);
	memset(&fdev.stats, 0, sizeof(fdev.stats));

	lwip_uk_netdevs_attach((flags & FLAG_DHCP) ? NULL : "10.0.2.15/24",
			       "10.0.2.2");
	if (!attached || attached->next || attached->dev != &fdev.ndev)
		abort();	/* the glue did not attach the device */
	if (flags & FLAG_NO_CHECKSUMS)
		NETIF_SET_CHECKSUM_CTRL(&attached->nif,
					attached->nif.chksum_flags & 0x00ff);

	pcb = tcp_new_ip_type(IPADDR_TYPE_ANY);
	if (!pcb || tcp_bind(pcb, IP_ANY_TYPE, TCP_PORT) != ERR_OK)
		abort();
	listener = tcp_listen_with_backlog(pcb, 4);
	if (!listener)
		abort();
	tcp_accept(listener, tcp_echo_accept);
	udp = udp_new_ip_type(IPADDR_TYPE_ANY);
	if (!udp || udp_bind(udp, IP_ANY_TYPE, UDP_PORT) != ERR_OK)
		abort();
	udp_recv(udp, udp_echo_recv, NULL);
}

static void teardown(void)
{
	struct lwip_netdev *ln = attached;
	int i;

	while (tcp_active_pcbs)
		tcp_abort(tcp_active_pcbs);
	while (tcp_tw_pcbs)
		tcp_abort(tcp_tw_pcbs);
	if (tcp_close(listener) != ERR_OK)
		abort();
	udp_remove(udp);
	dhcp_stop(&ln->nif);
	dhcp_cleanup(&ln->nif);
	netif_remove(&ln->nif);
	netif_poll_all();
	/* reassembly buffers age out one timer call at a time */
	for (i = 0; i <= IP_REASS_MAXAGE; i++)
		ip_reass_tmr();
	for (i = 0; i <= IPV6_REASS_MAXAGE; i++)
		ip6_reass_tmr();
	attached = NULL;
	uk_free(uk_alloc_get_default(), ln);
}

/* One frame in through the device and the glue's receive loop. */
static void frame_in(const uint8_t *data, size_t len, int ctl, uint8_t start,
		     uint8_t offset)
{
	if (ctl & CTL_LINK) {
		fdev.link = !fdev.link;
		uk_netdev_link_changed(&fdev.ndev);
	}
	if (ctl & CTL_TX_BUSY)
		fdev.tx_busy = 1;
	fdev.frame = data;
	fdev.len = len;
	fdev.ctl = ctl;
	fdev.start = start;
	fdev.offset = offset;
	if (rx_poll(attached) < 0)
		abort();	/* the device did not fail */
	netif_poll_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialised;
	size_t off = 1, len;
	int flags, frames, ctl;
	u32_t delay;

	if (!initialised) {
		lwip_init();
		initialised = 1;
	}
	if (!size)
		return 0;
	flags = data[0];
	rand_state = 1;
	have_xid = 0;
	/* the same timer phase for every input: a whole second */
	if (now_ms % 1000)
		advance(1000 - now_ms % 1000);
	setup(flags);
	for (frames = 0; frames < MAX_FRAMES && size - off >= 6; frames++) {
		len = (size_t)data[off] << 8 | data[off + 1];
		delay = data[off + 2];
		ctl = data[off + 3];
		off += 6;
		if (len > size - off)
			len = size - off;
		advance(delay < 128 ? delay * 10 : (delay - 127) * 1000);
		frame_in(data + off, len, ctl, data[off - 2], data[off - 1]);
		off += len;
	}
	advance(STEP_MS);
	teardown();
	return 0;
}
