/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: Ethernet frames into lwIP (the fetched lwIP 2.1.3
 * with lib/lwip/patches, built for the host with NO_SYS: see
 * include/lwipopts.h). One interface as lib/lwip/netif_uknetdev.c sets
 * it up (same flags and output functions, 52:54:00:12:34:56, static
 * 10.0.2.15/24 via 10.0.2.2 or DHCP, IPv6 link-local and SLAAC), a TCP
 * echo server listening on port 80 (backlog 4) and a UDP echo on port 7.
 * Each frame goes in as the glue's receive path does (rx_frame: a
 * PBUF_POOL chain, netif->input, freed on error); the glue itself is not
 * compiled here, as it needs uknetdev, threads and the tcpip thread.
 * Transmitted frames are read through (ASan) and must fit the MTU.
 *
 * Input: one byte of flags (bit 0: checksums are not checked, bit 1:
 * DHCP instead of the static address), then up to MAX_FRAMES records
 * of a 16-bit big-endian length, one byte of delay and the frame. The
 * delay moves the mocked clock before the frame, in 50 ms steps with
 * lwIP's timers run at each: 10 ms units below 128, else (d - 127) s.
 * In DHCP mode the transaction id of lwIP's last DHCP message is written
 * into frames to UDP port 68 (a fuzzer cannot guess it).
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
#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/ip4_frag.h"
#include "lwip/ip6_frag.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
#include "lwip/udp.h"
#include "lwip/priv/tcp_priv.h"
#include "netif/ethernet.h"

#define MAX_FRAMES	64
#define STEP_MS		50
#define TCP_PORT	80
#define UDP_PORT	7
#define ETH_HLEN	14
#define MTU		1500

#define FLAG_NO_CHECKSUMS	0x01
#define FLAG_DHCP		0x02
/* generate every checksum, check none */
#define CHECKSUM_GEN_ONLY	(NETIF_CHECKSUM_GEN_IP | NETIF_CHECKSUM_GEN_UDP | \
				 NETIF_CHECKSUM_GEN_TCP | NETIF_CHECKSUM_GEN_ICMP | \
				 NETIF_CHECKSUM_GEN_ICMP6)

static u32_t now_ms;
static unsigned int rand_state;
static struct netif nif;
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

/* linkoutput: read the frame through, note a DHCP client's xid. */
static err_t link_output(struct netif *n, struct pbuf *p)
{
	const uint8_t *f = out_frame;
	size_t ip;

	if (p->tot_len > ETH_HLEN + n->mtu || p->tot_len > ETH_HLEN + MTU)
		abort();	/* a frame the device cannot send */
	if (pbuf_copy_partial(p, out_frame, p->tot_len, 0) != p->tot_len)
		abort();
	/* IPv4, UDP 68 -> 67: BOOTP's xid follows op, htype, hlen, hops */
	if (p->tot_len < ETH_HLEN + 20 || f[12] != 0x08 || f[13] != 0x00 ||
	    f[ETH_HLEN + 9] != 17)
		return ERR_OK;
	ip = ETH_HLEN + (size_t)(f[ETH_HLEN] & 0x0f) * 4;
	if (p->tot_len >= ip + 8 + 8 && f[ip] == 0 && f[ip + 1] == 68 &&
	    f[ip + 2] == 0 && f[ip + 3] == 67) {
		memcpy(&dhcp_xid, f + ip + 8 + 4, 4);
		have_xid = 1;
	}
	return ERR_OK;
}

static err_t netif_setup(struct netif *n)
{
	static const uint8_t mac[ETH_HWADDR_LEN] = {
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	n->name[0] = 'e';
	n->name[1] = 'n';
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, mac, ETH_HWADDR_LEN);
	n->mtu = MTU;
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		   NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	n->output = etharp_output;
	n->output_ip6 = ethip6_output;
	n->linkoutput = link_output;
	return ERR_OK;
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

static void setup(int flags)
{
	ip4_addr_t a, m, g;
	struct tcp_pcb *pcb;

	IP4_ADDR(&a, 10, 0, 2, 15);
	IP4_ADDR(&m, 255, 255, 255, 0);
	IP4_ADDR(&g, 10, 0, 2, 2);
	if (flags & FLAG_DHCP) {
		ip4_addr_set_zero(&a);
		ip4_addr_set_zero(&m);
		ip4_addr_set_zero(&g);
	}
	memset(&nif, 0, sizeof(nif));
	if (!netif_add(&nif, &a, &m, &g, NULL, netif_setup, ethernet_input))
		abort();
	NETIF_SET_CHECKSUM_CTRL(&nif, (flags & FLAG_NO_CHECKSUMS) ?
				CHECKSUM_GEN_ONLY : NETIF_CHECKSUM_ENABLE_ALL);
	netif_set_default(&nif);
	netif_create_ip6_linklocal_address(&nif, 1);
	netif_set_ip6_autoconfig_enabled(&nif, 1);
	netif_set_up(&nif);
	netif_set_link_up(&nif);
	if ((flags & FLAG_DHCP) && dhcp_start(&nif) != ERR_OK)
		abort();

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
	int i;

	while (tcp_active_pcbs)
		tcp_abort(tcp_active_pcbs);
	while (tcp_tw_pcbs)
		tcp_abort(tcp_tw_pcbs);
	if (tcp_close(listener) != ERR_OK)
		abort();
	udp_remove(udp);
	dhcp_stop(&nif);
	dhcp_cleanup(&nif);
	netif_remove(&nif);
	netif_poll_all();
	/* reassembly buffers age out one timer call at a time */
	for (i = 0; i <= IP_REASS_MAXAGE; i++)
		ip_reass_tmr();
	for (i = 0; i <= IPV6_REASS_MAXAGE; i++)
		ip6_reass_tmr();
}

/* One frame in, as rx_frame() in netif_uknetdev.c does it. */
static void frame_in(const uint8_t *data, u16_t len, int flags)
{
	struct pbuf *p;
	size_t ip;

	p = pbuf_alloc(PBUF_RAW, len, PBUF_POOL);
	if (!p)
		return;
	pbuf_take(p, data, len);
	if ((flags & FLAG_DHCP) && have_xid && len >= ETH_HLEN + 20 &&
	    data[12] == 0x08 && data[13] == 0x00 && data[ETH_HLEN + 9] == 17) {
		ip = ETH_HLEN + (size_t)(data[ETH_HLEN] & 0x0f) * 4;
		if (len >= ip + 8 + 8 && data[ip + 2] == 0 &&
		    data[ip + 3] == 68)
			pbuf_take_at(p, &dhcp_xid, 4, (u16_t)(ip + 8 + 4));
	}
	if (nif.input(p, &nif) != ERR_OK)
		pbuf_free(p);
	netif_poll_all();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int initialised;
	size_t off = 1, len;
	int flags, frames;
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
	for (frames = 0; frames < MAX_FRAMES && size - off >= 3; frames++) {
		len = (size_t)data[off] << 8 | data[off + 1];
		delay = data[off + 2];
		off += 3;
		if (len > size - off)
			len = size - off;
		advance(delay < 128 ? delay * 10 : (delay - 127) * 1000);
		frame_in(data + off, (u16_t)len, flags);
		off += len;
	}
	advance(STEP_MS);
	teardown();
	return 0;
}
