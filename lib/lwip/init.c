/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bringing lwIP up at boot: the stack and its tcpip thread, the loopback
 * interface, the network devices (netif_uknetdev.c) with their
 * addresses from the kernel parameters or DHCP, the DNS servers, and
 * /etc/hosts and /etc/resolv.conf for the C library's resolver when the
 * image has none.
 *
 * Init functions run in the boot context, before the scheduler starts
 * and so before the tcpip thread runs: nothing else uses lwIP yet, and
 * lwIP's core is called directly (the tcpip thread picks up what was
 * queued, e.g. DHCP's first message, when it starts).
 */
#include <errno.h>
#include <string.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/lwip.h>
#include <uk/print.h>
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "lwip_impl.h"
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif

/* netdev.ip, netdev.gw, netdev.dns (uk/lwip.h; docs/network.md) */
static const char *netdev_ip;
static const char *netdev_gw;
static const char *netdev_dns;

#define NETDEV_PARAM(name_, var)					\
	static const struct uk_libparam					\
	UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))		\
	__lwip_netdev_param_##name_ = UK_LIBPARAM_INIT("netdev", #name_, var)
NETDEV_PARAM(ip, netdev_ip);
NETDEV_PARAM(gw, netdev_gw);
NETDEV_PARAM(dns, netdev_dns);

static uk_lwip_socket_event_fn socket_event_fn;

void uk_lwip_set_socket_event_handler(uk_lwip_socket_event_fn fn)
{
	__atomic_store_n(&socket_event_fn, fn, __ATOMIC_RELEASE);
}

/* LWIP_RAND() and TCP's initial sequence numbers (arch/cc.h, lwipopts.h) */
unsigned int lwip_uk_rand(void)
{
#if CONFIG_LIBUKRANDOM
	return (unsigned int)uk_random_u64();
#else
	return (unsigned int)ukplat_entropy();
#endif
}

/* LWIP_HOOK_SOCKET_EVENT (lwipopts.h, patches/0001-*.patch) */
void lwip_uk_socket_event(int s, int evt)
{
	uk_lwip_socket_event_fn fn;

	fn = __atomic_load_n(&socket_event_fn, __ATOMIC_ACQUIRE);
	if (fn)
		fn(s, evt);
	/* a lingering close may wait for this connection (tcpclose.c) */
	lwip_uk_tcp_progress();
}

/*
 * "A.B.C.D/N" into @ip and @mask (N 0..32; without "/N", 24).
 * 0 or -EINVAL.
 */
int lwip_uk_parse_cidr(const char *s, ip4_addr_t *ip, ip4_addr_t *mask)
{
	char buf[IP4ADDR_STRLEN_MAX];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long prefix = 24;
	char *end;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!ip4addr_aton(buf, ip))
		return -EINVAL;
	if (slash) {
		if (!slash[1])
			return -EINVAL;
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > 32)
			return -EINVAL;
	}
	ip4_addr_set_u32(mask, prefix ? lwip_htonl(~0U << (32 - prefix)) : 0);
	return 0;
}

/* netdev.dns: up to DNS_MAX_SERVERS comma-separated addresses. */
static int set_dns_servers(const char *list)
{
	char buf[IPADDR_STRLEN_MAX];
	const char *p = list, *comma;
	ip_addr_t addr;
	u8_t n = 0;
	size_t len;

	while (*p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof(buf) || n == DNS_MAX_SERVERS)
			goto bad;
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (!ipaddr_aton(buf, &addr))
			goto bad;
		dns_setserver(n++, &addr);
		p += len + (comma ? 1 : 0);
		if (comma && !*p)
			goto bad;
	}
	return 0;
bad:
	uk_pr_crit("netdev.dns=%s: expected at most %d addresses separated by commas\n",
		   list, DNS_MAX_SERVERS);
	return -EINVAL;
}

/* One line per interface at boot (CONFIG_LIBLWIP_PRINT_ADDR). */
void lwip_uk_print_netif(struct netif *nif, const char *how)
{
#ifdef CONFIG_LIBLWIP_PRINT_ADDR
	char a[IP4ADDR_STRLEN_MAX], g[IP4ADDR_STRLEN_MAX];
	char v6[IP6ADDR_STRLEN_MAX];
	u32_t mask = ip4_addr_get_u32(netif_ip4_netmask(nif));

	ip4addr_ntoa_r(netif_ip4_addr(nif), a, sizeof(a));
	ip4addr_ntoa_r(netif_ip4_gw(nif), g, sizeof(g));
	ip6addr_ntoa_r(netif_ip6_addr(nif, 0), v6, sizeof(v6));
	uk_printf("net: %c%c%u %s/%d gw %s %s (%s)\n", nif->name[0],
		  nif->name[1], nif->num, a, __builtin_popcount(mask), g, v6,
		  how);
#else
	(void)nif;
	(void)how;
#endif
}

/* netdev.ip and netdev.gw must parse, devices or not. */
static int check_params(void)
{
	ip4_addr_t a, m;

	if (netdev_ip && lwip_uk_parse_cidr(netdev_ip, &a, &m) < 0) {
		uk_pr_crit("netdev.ip=%s: expected A.B.C.D or A.B.C.D/N (N 0..32)\n",
			   netdev_ip);
		return -EINVAL;
	}
	if (netdev_gw && !ip4addr_aton(netdev_gw, &a)) {
		uk_pr_crit("netdev.gw=%s: expected A.B.C.D\n",
			   netdev_gw);
		return -EINVAL;
	}
	return 0;
}

static int lwip_uk_init(void)
{
	int rc;

	rc = check_params();
	if (rc < 0)
		return rc;

	/* lwip_init(), the loopback interface, the tcpip thread */
	tcpip_init(NULL, NULL);
	if (netdev_dns) {
		rc = set_dns_servers(netdev_dns);
		if (rc < 0)
			return rc;
	}
	rc = lwip_uk_netdevs_attach(netdev_ip, netdev_gw);
	if (rc < 0)
		return rc;
	lwip_uk_print_netif(netif_get_by_index(1), "loopback");
	return lwip_uk_etc_files();
}
/*
 * The exit hook (ukboot runs term functions at exit, before power-off):
 * what TCP still has to send is delivered first (tcpclose.c).
 */
static void lwip_uk_term(void)
{
	lwip_uk_exit_drain();
	lwip_uk_netdevs_stats();
}

uk_sys_initcall_prio(lwip_uk_init, lwip_uk_term, LWIP_INIT_PRIO);
