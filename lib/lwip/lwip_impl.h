/* SPDX-License-Identifier: BSD-3-Clause */
/* lib/lwip's internal interfaces between its files. */
#ifndef __LWIP_IMPL_H__
#define __LWIP_IMPL_H__

#include <uk/print.h>
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"

/* "A.B.C.D[/N]" into @ip and @mask (/24 if no prefix): 0 or -EINVAL. */
int lwip_uk_parse_cidr(const char *s, ip4_addr_t *ip, ip4_addr_t *mask);

/* Print @nif's addresses ("net: ..."), if CONFIG_LIBLWIP_PRINT_ADDR. */
void lwip_uk_print_netif(struct netif *nif, const char *how);

#ifdef CONFIG_LIBUKNETDEV
/*
 * Attach every uknetdev device as an lwIP interface and bring it up; the
 * first takes @ip ("A.B.C.D/N", NULL: DHCP) and @gw (may be NULL).
 */
int lwip_uk_netdevs_attach(const char *ip, const char *gw);

/* netdev.stats=1: print every interface's counters (uk_netdev_stats). */
void lwip_uk_netdevs_stats(void);

#else
static inline int lwip_uk_netdevs_attach(const char *ip, const char *gw)
{
	(void)gw;
	if (ip)
		uk_pr_warn("netdev.ip=%s: no network device in this image (LIBUKNETDEV)\n",
			   ip);
	return 0;
}

static inline void lwip_uk_netdevs_stats(void)
{
}
#endif

/* csum.c: checksums for the offloads of netif_uknetdev.c */

/* Ones' complement sum of @b as big-endian 16-bit words, plus @acc; folded
 * to 16 bits, not inverted. */
uint16_t lwip_uk_sum16(const uint8_t *b, size_t n, uint32_t acc);

/* Where the TCP or UDP checksum of an Ethernet frame is. */
struct lwip_uk_l4 {
	size_t start;		/* the transport header, from the frame */
	size_t len;		/* transport header and data */
	uint16_t offset;	/* the checksum field, from start */
	uint16_t pseudo;	/* pseudo-header sum (folded, not inverted) */
	uint8_t proto;		/* 6 TCP, 17 UDP */
};

/*
 * @f (@len bytes) is TCP or UDP over IPv4 or IPv6 (no fragment, no IPv6
 * extension header, lengths inside the frame): 0 and @l4 filled, else
 * -EINVAL. Any bytes are safe to pass.
 */
int lwip_uk_l4_find(const uint8_t *f, size_t len, struct lwip_uk_l4 *l4);

/*
 * Transmit offload of frame @f: for TCP/UDP, the pseudo-header sum into
 * the checksum field and 1, with @start/@offset for the device (which
 * sums from @start to the end of the frame); 2 when the frame has bytes
 * after the datagram, so the checksum was completed here; 0 for other
 * frames (unchanged).
 */
int lwip_uk_tx_csum(uint8_t *f, size_t len, uint16_t *start,
		    uint16_t *offset);
#ifdef CONFIG_LIBVFSCORE
/*
 * Create /etc/hosts (localhost) and /etc/resolv.conf (the DNS servers)
 * unless the image has them: 0 or -errno.
 */
int lwip_uk_etc_files(void);
/* The DNS servers changed (DHCP): rewrite the resolv.conf we created. */
void lwip_uk_etc_dns_changed(void);
#else
static inline int lwip_uk_etc_files(void)
{
	return 0;
}

static inline void lwip_uk_etc_dns_changed(void)
{
}
#endif

/* tcpclose.c: wake waiters for TCP progress (from lwIP's callbacks);
 * deliver queued TCP data before power-off (the exit hook). */
void lwip_uk_tcp_progress(void);
void lwip_uk_exit_drain(void);
bool lwip_uk_tx_busy(void);

#endif /* __LWIP_IMPL_H__ */
