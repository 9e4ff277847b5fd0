/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for fuzz_netif (host, libFuzzer): the protocols
 * and sizes of lib/lwip/include/lwipopts.h with its Kconfig defaults
 * (lib/lwip/Config.uk), but NO_SYS (no threads, no sockets: the target
 * drives the core itself) and these differences for the fuzzer:
 *  - every pool element and heap block comes from malloc
 *    (MEMP_MEM_MALLOC), so ASan sees overruns of single PBUFs, PCBs and
 *    segments and LeakSanitizer sees lost ones;
 *  - checksum checks are per interface (LWIP_CHECKSUM_CTRL_PER_NETIF):
 *    an input chooses to have them checked or not, so that mutated
 *    frames also reach the protocols behind the checksums;
 *  - TCP's initial sequence number is a constant and LWIP_RAND() a
 *    generator reset for each input, so inputs replay the same way.
 */
#ifndef __LWIPOPTS_H__
#define __LWIPOPTS_H__

#define NO_SYS				1
#define SYS_LIGHTWEIGHT_PROT		0
#define LWIP_NETCONN			0
#define LWIP_SOCKET			0

/* Memory ------------------------------------------------------------------ */
#define MEM_ALIGNMENT			8
#define MEM_LIBC_MALLOC			1
#define MEMP_MEM_MALLOC			1
#define MEMP_NUM_TCP_PCB		256
#define MEMP_NUM_TCP_PCB_LISTEN		32
#define MEMP_NUM_UDP_PCB		64
#define MEMP_NUM_RAW_PCB		8
#define MEMP_NUM_TCP_SEG		2048
#define MEMP_NUM_PBUF			1024
#define MEMP_NUM_SYS_TIMEOUT		(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE			512
#define PBUF_POOL_BUFSIZE		1600

/* Interfaces -------------------------------------------------------------- */
#define LWIP_NETIF_LOOPBACK		1
#define LWIP_HAVE_LOOPIF		1
#define LWIP_LOOPIF_MULTICAST		1
#define LWIP_NETIF_STATUS_CALLBACK	1
#define LWIP_NETIF_LINK_CALLBACK	1
#define LWIP_NETIF_HOSTNAME		1
#define LWIP_SINGLE_NETIF		0
#define LWIP_ETHERNET			1
#define LWIP_ARP			1
#define ETHARP_SUPPORT_STATIC_ENTRIES	1
#define LWIP_CHECKSUM_CTRL_PER_NETIF	1

/* IPv4, IPv6 -------------------------------------------------------------- */
#define LWIP_IPV4			1
#define LWIP_IPV6			1
#define LWIP_IPV6_AUTOCONFIG		1
#define LWIP_IPV6_MLD			1
#define LWIP_IPV6_DHCP6			0
#define LWIP_ICMP			1
#define LWIP_ICMP6			1
#define LWIP_IGMP			1
#define LWIP_RAW			1
#define IP_REASSEMBLY			1
#define IP_FRAG				1
#define LWIP_IPV6_REASS			1
#define LWIP_IPV6_FRAG			1
#define IPV6_FRAG_COPYHEADER		1
#define LWIP_DHCP			1
#define LWIP_DHCP_DOES_ACD_CHECK	0
#define LWIP_DNS			1
#define DNS_MAX_SERVERS			2

/* TCP --------------------------------------------------------------------- */
#define LWIP_TCP			1
#define TCP_MSS				1460
#define TCP_WND				65535
#define TCP_SND_BUF			65535
#define TCP_SND_QUEUELEN	((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_LISTEN_BACKLOG		1
#define TCP_DEFAULT_LISTEN_BACKLOG	128
#define TCP_OVERSIZE			TCP_MSS
#define LWIP_TCP_TIMESTAMPS		0
#define TCP_QUEUE_OOSEQ			1
#define LWIP_TCP_SACK_OUT		1
#define TCP_MAXRTX			12
#define TCP_SYNMAXRTX			6
#define LWIP_TCP_KEEPALIVE		1
#define LWIP_CALLBACK_API		1
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport)	0x6b617374UL

/* UDP --------------------------------------------------------------------- */
#define LWIP_UDP			1
#define LWIP_UDPLITE			0

#define LWIP_CHECKSUM_ON_COPY		1
#define LWIP_STATS			0

#ifndef __ASSEMBLY__
unsigned int fuzz_netif_rand(void);
#endif
#define LWIP_RAND()			((u32_t)fuzz_netif_rand())

#endif /* __LWIPOPTS_H__ */
