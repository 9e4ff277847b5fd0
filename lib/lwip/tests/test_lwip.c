/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of lib/lwip through lwIP's own API: the operating system
 * layer (mailbox timeouts and order), the loopback interface, and TCP
 * between two threads over 127.0.0.1 (a large transfer echoed back and
 * compared byte for byte), and unpredictable initial sequence numbers.
 * The BSD socket system calls are tested by
 * lib/posix-socket.
 */
#include <string.h>
#include <uk/test.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip/tcp.h"
#include "lwip/ip6_addr.h"

#define MSEC		UKPLAT_NSEC_PER_MSEC
#define ECHO_PORT	7007
#define XFER		(256 * 1024)

UK_TESTCASE(lwip_sys, mbox_keeps_order_and_times_out)
{
	sys_mbox_t mb;
	void *msg = NULL;
	__nsec t0;
	u32_t r;

	UK_TEST_ASSERT(sys_mbox_new(&mb, 2) == ERR_OK);
	UK_TEST_EXPECT(sys_mbox_trypost(&mb, (void *)1) == ERR_OK);
	UK_TEST_EXPECT(sys_mbox_trypost(&mb, (void *)2) == ERR_OK);
	UK_TEST_EXPECT(sys_mbox_trypost(&mb, (void *)3) == ERR_MEM);
	UK_TEST_EXPECT_UNUM_EQ(sys_arch_mbox_tryfetch(&mb, &msg), 0);
	UK_TEST_EXPECT(msg == (void *)1);
	/*
	 * A message is waiting: no timeout. (The return value is the time
	 * waited in ms, which a host stall can make nonzero: not asserted.)
	 */
	UK_TEST_EXPECT(sys_arch_mbox_fetch(&mb, &msg, 10) != SYS_ARCH_TIMEOUT);
	UK_TEST_EXPECT(msg == (void *)2);
	UK_TEST_EXPECT_UNUM_EQ(sys_arch_mbox_tryfetch(&mb, &msg),
			       SYS_MBOX_EMPTY);
	t0 = ukplat_monotonic_clock();
	r = sys_arch_mbox_fetch(&mb, &msg, 30);
	UK_TEST_EXPECT_UNUM_EQ(r, SYS_ARCH_TIMEOUT);
	UK_TEST_EXPECT(ukplat_monotonic_clock() - t0 >= 30 * MSEC);
	sys_mbox_free(&mb);
}

UK_TESTCASE(lwip_netif, loopback_is_up_with_127_0_0_1)
{
	struct netif *lo;
	ip4_addr_t want;

	LOCK_TCPIP_CORE();
	lo = netif_find("lo0");
	UK_TEST_ASSERT(lo != NULL);
	IP4_ADDR(&want, 127, 0, 0, 1);
	UK_TEST_EXPECT(ip4_addr_cmp(netif_ip4_addr(lo), &want));
	UK_TEST_EXPECT(netif_is_up(lo));
	UK_TEST_EXPECT(ip6_addr_isloopback(netif_ip6_addr(lo, 0)));
	UNLOCK_TCPIP_CORE();
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 11));
}

/* Accept one connection and echo everything until the peer closes. */
static void *echo_server(void *arg)
{
	int ls = (int)(long)arg, s;
	static char buf[4096];
	ssize_t n;
	long total = 0;

	s = lwip_accept(ls, NULL, NULL);
	if (s < 0)
		return (void *)-1L;
	while ((n = lwip_recv(s, buf, sizeof(buf), 0)) > 0) {
		if (lwip_send(s, buf, (size_t)n, 0) != n)
			break;
		total += n;
	}
	lwip_close(s);
	return (void *)total;
}

static int listen_on(int port)
{
	struct sockaddr_in sa;
	int s = lwip_socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_len = sizeof(sa);
	sa.sin_family = AF_INET;
	sa.sin_port = lwip_htons(port);
	sa.sin_addr.s_addr = lwip_htonl(INADDR_LOOPBACK);
	if (lwip_bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    lwip_listen(s, 4) < 0) {
		lwip_close(s);
		return -1;
	}
	return s;
}

/* Sender thread: the client writes while it reads the echo. */
struct sender {
	int s;
	long sent;
};

static void *send_all(void *arg)
{
	struct sender *snd = arg;
	static unsigned char out[XFER];
	ssize_t n;
	size_t i;

	for (i = 0; i < XFER; i++)
		out[i] = pattern(i);
	for (i = 0; i < XFER; i += (size_t)n) {
		n = lwip_send(snd->s, out + i, XFER - i > 3000 ? 3000 : XFER - i,
			      0);
		if (n <= 0)
			break;
	}
	snd->sent = (long)i;
	lwip_shutdown(snd->s, SHUT_WR);
	return NULL;
}

UK_TESTCASE(lwip_tcp, loopback_echo_of_256k_compares)
{
	struct uk_thread *srv, *tx;
	struct sockaddr_in sa;
	static unsigned char in[XFER];
	struct sender snd = { -1, 0 };
	size_t got = 0, bad = 0, i;
	void *echoed;
	ssize_t n;
	int ls;

	ls = listen_on(ECHO_PORT);
	UK_TEST_ASSERT(ls >= 0);
	UK_TEST_ASSERT(uk_thread_create(&srv, "echo", echo_server,
					(void *)(long)ls, 0) == 0);
	snd.s = lwip_socket(AF_INET, SOCK_STREAM, 0);
	UK_TEST_ASSERT(snd.s >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_len = sizeof(sa);
	sa.sin_family = AF_INET;
	sa.sin_port = lwip_htons(ECHO_PORT);
	sa.sin_addr.s_addr = lwip_htonl(INADDR_LOOPBACK);
	UK_TEST_EXPECT_SNUM_EQ(lwip_connect(snd.s, (struct sockaddr *)&sa,
					    sizeof(sa)), 0);
	UK_TEST_ASSERT(uk_thread_create(&tx, "sender", send_all, &snd, 0) ==
		       0);
	while (got < XFER &&
	       (n = lwip_recv(snd.s, in + got, XFER - got, 0)) > 0)
		got += (size_t)n;
	/* then end of file: the server closed after the shutdown */
	UK_TEST_EXPECT_SNUM_EQ(lwip_recv(snd.s, in, 1, 0), 0);
	uk_thread_join(tx, NULL);
	uk_thread_join(srv, &echoed);
	lwip_close(snd.s);
	lwip_close(ls);
	UK_TEST_EXPECT_SNUM_EQ(snd.sent, XFER);
	UK_TEST_EXPECT_SNUM_EQ((long)echoed, XFER);
	UK_TEST_EXPECT_UNUM_EQ(got, XFER);
	for (i = 0; i < got; i++)
		bad += in[i] != pattern(i);
	UK_TEST_EXPECT_UNUM_EQ(bad, 0);
}

#include "lwip/inet_chksum.h"
#include "../lwip_impl.h"

/*
 * Transmit checksum offload (netif_uknetdev.c): frames as lwIP leaves
 * them (checksum field 0), the glue's part, then the device's part done
 * here; the checksum must then verify over the pseudo header and the
 * segment (lwIP's inet_chksum, not the glue's arithmetic).
 */
static const uint8_t v4_src[4] = { 10, 77, 0, 2 }, v4_dst[4] = { 10, 77, 0, 1 };
static const uint8_t v6_src[16] = { 0xfe, 0x80, [15] = 2 };
static const uint8_t v6_dst[16] = { 0xfe, 0x80, [15] = 1 };

/* An Ethernet frame of IPv4 (or IPv6) carrying @proto with @plen bytes
 * of segment (header included, pattern data); its length. */
static size_t frame_build(uint8_t *f, bool v6, uint8_t proto, size_t plen,
			  size_t pad)
{
	size_t i, l4;

	memset(f, 0, 14 + 40 + plen + pad);
	f[12] = v6 ? 0x86 : 0x08;
	f[13] = v6 ? 0xdd : 0x00;
	if (v6) {
		f[14] = 0x60;
		f[18] = (uint8_t)(plen >> 8);
		f[19] = (uint8_t)plen;
		f[20] = proto;
		f[21] = 64;
		memcpy(f + 22, v6_src, 16);
		memcpy(f + 38, v6_dst, 16);
		l4 = 54;
	} else {
		f[14] = 0x45;
		f[16] = (uint8_t)((20 + plen) >> 8);
		f[17] = (uint8_t)(20 + plen);
		f[22] = 64;
		f[23] = proto;
		memcpy(f + 26, v4_src, 4);
		memcpy(f + 30, v4_dst, 4);
		l4 = 34;
	}
	for (i = 0; i < plen; i++)
		f[l4 + i] = (uint8_t)(i * 7 + 3);
	f[l4 + (proto == 6 ? 12 : 4)] = proto == 6 ? 0x50 : (uint8_t)(plen >> 8);
	if (proto == 17)
		f[l4 + 5] = (uint8_t)plen;
	f[l4 + (proto == 6 ? 16 : 6)] = 0;
	f[l4 + (proto == 6 ? 17 : 7)] = 0;
	return l4 + plen + pad;
}

/* The segment's checksum verifies (lwIP's sum over pseudo header and
 * segment is 0 once inverted). */
static bool l4_verifies(const uint8_t *f, bool v6, uint8_t proto, size_t plen)
{
	static uint8_t buf[40 + 2048];
	size_t n = 0, l4 = v6 ? 54 : 34;

	memcpy(buf, v6 ? f + 22 : f + 26, v6 ? 32 : 8);
	n = v6 ? 32 : 8;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = (uint8_t)(plen >> 8);
	buf[n++] = (uint8_t)plen;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = proto;
	memcpy(buf + n, f + l4, plen);
	return inet_chksum(buf, (u16_t)(n + plen)) == 0;
}

/* What a device does with NEEDS_CSUM. */
static void device_completes(uint8_t *f, size_t len, uint16_t start,
			     uint16_t offset)
{
	u16_t sum = inet_chksum(f + start, (u16_t)(len - start));

	memcpy(f + start + offset, &sum, 2);
}

UK_TESTCASE(lwip_netif, tx_csum_offload_tcp_udp_ipv4_ipv6)
{
	static uint8_t f[14 + 40 + 2048];
	static const struct {
		bool v6;
		uint8_t proto;
		size_t plen;
	} cases[] = {
		{ false, 6, 20 }, { false, 6, 1480 }, { false, 17, 8 },
		{ false, 17, 1001 }, { true, 6, 32 }, { true, 6, 1440 },
		{ true, 17, 9 }, { true, 17, 1452 },
	};
	uint16_t start, offset;
	size_t i, len;

	for (i = 0; i < UK_ARRAY_SIZE(cases); i++) {
		len = frame_build(f, cases[i].v6, cases[i].proto,
				  cases[i].plen, 0);
		start = offset = 0xdead;
		UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start,
						       &offset), 1);
		UK_TEST_EXPECT_UNUM_EQ(start, cases[i].v6 ? 54 : 34);
		UK_TEST_EXPECT_UNUM_EQ(offset, cases[i].proto == 6 ? 16 : 6);
		device_completes(f, len, start, offset);
		UK_TEST_EXPECT(l4_verifies(f, cases[i].v6, cases[i].proto,
					   cases[i].plen));
	}
}

/*
 * ip6addr_ntoa_r and a zero last block: lwIP 2.1.3 read the block after
 * it from past the address (the zone byte: "1:2:3:4:5:6:7:" for a zone
 * of 0); lib/lwip/patches/0005. RFC 5952 forms, lwIP's upper-case hex.
 */
UK_TESTCASE(lwip_ip6, ntoa_of_a_zero_last_block)
{
	static const struct {
		u32_t w[4];
		const char *text;
	} cases[] = {
		{ { 0x00010002, 0x00030004, 0x00050006, 0x00070000 },
		  "1:2:3:4:5:6:7:0" },
		{ { 0x00010000, 0x00000000, 0x00000000, 0x00070000 },
		  "1::7:0" },
		{ { 0x00010002, 0x00030004, 0x00050006, 0x00000000 },
		  "1:2:3:4:5:6::" },
		{ { 0xfe800000, 0x00000000, 0x0000abcd, 0x00000001 },
		  "FE80::ABCD:0:1" },
	};
	char buf[IP6ADDR_STRLEN_MAX];
	ip6_addr_t a;
	size_t i;

	for (i = 0; i < UK_ARRAY_SIZE(cases); i++) {
		memset(&a, 0, sizeof(a));
		/* IP6_ADDR takes the words in network order */
		IP6_ADDR(&a, lwip_htonl(cases[i].w[0]),
			 lwip_htonl(cases[i].w[1]), lwip_htonl(cases[i].w[2]),
			 lwip_htonl(cases[i].w[3]));
		ip6_addr_clear_zone(&a);
		UK_TEST_EXPECT(ip6addr_ntoa_r(&a, buf, sizeof(buf)) == buf);
		UK_TEST_EXPECT_STR_EQ(buf, cases[i].text);
	}
}

UK_TESTCASE(lwip_netif, tx_csum_padded_fragment_and_junk)
{
	static uint8_t f[14 + 40 + 2048], g[14 + 40 + 2048];
	uint16_t start = 0, offset = 0;
	size_t len;

	/* bytes after the datagram: the glue completes the checksum */
	len = frame_build(f, false, 6, 20, 6);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start, &offset), 2);
	UK_TEST_EXPECT(l4_verifies(f, false, 6, 20));
	len = frame_build(f, true, 17, 9, 3);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start, &offset), 2);
	UK_TEST_EXPECT(l4_verifies(f, true, 17, 9));

	/* a fragment (MF), ICMP, cut short, a lying length: unchanged */
	len = frame_build(f, false, 17, 100, 0);
	f[20] = 0x20;
	memcpy(g, f, len);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start, &offset), 0);
	UK_TEST_EXPECT_ZERO(memcmp(f, g, len));
	len = frame_build(f, false, 1, 64, 0);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start, &offset), 0);
	len = frame_build(f, false, 6, 20, 0);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, 40, &start, &offset), 0);
	f[17] = 200;		/* IPv4 total length past the frame */
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len, &start, &offset), 0);
	len = frame_build(f, true, 6, 20, 0);
	f[19] = 19;		/* TCP shorter than its header */
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, len - 1, &start, &offset), 0);
	UK_TEST_EXPECT_SNUM_EQ(lwip_uk_tx_csum(f, 13, &start, &offset), 0);
}

/*
 * Initial sequence numbers are random (LWIP_HOOK_TCP_ISN): lwIP's own
 * add the tick count to the previous one, so connections opened one
 * after the other step by equal amounts. Four connects (to a port where
 * nothing listens; aborted at once) must give four different numbers
 * whose steps are not all the same.
 */
UK_TESTCASE(lwip_tcp, initial_sequence_numbers_are_unpredictable)
{
	struct tcp_pcb *pcb[4];
	u32_t iss[4];
	ip_addr_t lo;
	int i, j;

	IP_ADDR4(&lo, 127, 0, 0, 1);
	LOCK_TCPIP_CORE();
	for (i = 0; i < 4; i++) {
		pcb[i] = tcp_new();
		if (!pcb[i] || tcp_connect(pcb[i], &lo, 9, NULL) != ERR_OK)
			break;
		/* tcp_connect() sets lastack to the ISN minus one */
		iss[i] = pcb[i]->lastack + 1;
	}
	for (j = 0; j < 4; j++)
		if (j < i || (j == i && pcb[j]))
			tcp_abort(pcb[j]);
	UNLOCK_TCPIP_CORE();
	UK_TEST_ASSERT(i == 4);
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			UK_TEST_EXPECT(iss[i] != iss[j]);
	UK_TEST_EXPECT(!(iss[1] - iss[0] == iss[2] - iss[1] &&
			 iss[2] - iss[1] == iss[3] - iss[2]));
}
