/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of lib/lwip through lwIP's own API: the operating system
 * layer (mailbox timeouts and order), the loopback interface, and TCP
 * between two threads over 127.0.0.1 (a large transfer echoed back and
 * compared byte for byte). The BSD socket system calls are tested by
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
