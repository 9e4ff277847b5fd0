/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for Kast (lwip/opt.h includes it). Sizes come from
 * Kconfig (lib/lwip/Config.uk, "make menuconfig" -> lwip), with defaults
 * for servers: static pools for PCBs, segments and receive buffers (fast,
 * bounded), lwIP's heap (transmit data, loopback copies) from the kernel
 * allocator. docs/network.md lists what is on and why.
 */
#ifndef __LWIPOPTS_H__
#define __LWIPOPTS_H__

/* Threads: the tcpip thread; other threads lock the core ---------------- */
#define NO_SYS				0
#define LWIP_TCPIP_CORE_LOCKING		1
/* the receive thread (netif_uknetdev.c) runs lwIP's input itself under
 * the core lock: no mailbox message and no switch to the tcpip thread
 * per frame */
#define LWIP_TCPIP_CORE_LOCKING_INPUT	1
#define SYS_LIGHTWEIGHT_PROT		1
#define TCPIP_THREAD_NAME		"lwip"
#define TCPIP_THREAD_STACKSIZE		(32 * 1024)
#define TCPIP_THREAD_PRIO		UK_THREAD_PRIO_DEFAULT
#define TCPIP_MBOX_SIZE			1024
#define DEFAULT_THREAD_STACKSIZE	(32 * 1024)
#define DEFAULT_THREAD_PRIO		UK_THREAD_PRIO_DEFAULT
#define DEFAULT_RAW_RECVMBOX_SIZE	128
#define DEFAULT_UDP_RECVMBOX_SIZE	256
#define DEFAULT_TCP_RECVMBOX_SIZE	256
#define DEFAULT_ACCEPTMBOX_SIZE		256
#define LWIP_NETIF_API			1

/* Memory ------------------------------------------------------------------ */
#define MEM_ALIGNMENT			8
/* the heap is the kernel allocator's (uk_malloc), no fixed arena */
#define MEM_LIBC_MALLOC			1
#define mem_clib_malloc			lwip_uk_malloc
#define mem_clib_calloc			lwip_uk_calloc
#define mem_clib_free			lwip_uk_free
#define MEMP_MEM_MALLOC			0
#define MEMP_NUM_TCP_PCB		CONFIG_LIBLWIP_TCP_PCBS
#define MEMP_NUM_TCP_PCB_LISTEN		CONFIG_LIBLWIP_TCP_LISTEN
#define MEMP_NUM_UDP_PCB		CONFIG_LIBLWIP_UDP_PCBS
#define MEMP_NUM_RAW_PCB		8
#define MEMP_NUM_NETCONN		CONFIG_LIBLWIP_SOCKETS
#define MEMP_NUM_NETBUF			(2 * CONFIG_LIBLWIP_UDP_PCBS)
#define MEMP_NUM_TCP_SEG		CONFIG_LIBLWIP_TCP_SEG
#define MEMP_NUM_PBUF			1024
#define MEMP_NUM_TCPIP_MSG_API		256
#define MEMP_NUM_TCPIP_MSG_INPKT	1024
#define MEMP_NUM_SYS_TIMEOUT		(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE			CONFIG_LIBLWIP_PBUF_POOL_SIZE
/* one Ethernet frame with its headers per pool buffer */
#define PBUF_POOL_BUFSIZE		1600
#define LWIP_SUPPORT_CUSTOM_PBUF	1

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

/* IPv4, IPv6 ---------------------------------------------------------------- */
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
/* 64-bit pointers do not fit in the IPv6 fragment header */
#define IPV6_FRAG_COPYHEADER		1
#ifdef CONFIG_LIBLWIP_DHCP
#define LWIP_DHCP			1
#else
#define LWIP_DHCP			0
#endif
#define LWIP_DHCP_DOES_ACD_CHECK	0
#define LWIP_DNS			1
#define DNS_MAX_SERVERS			2

/* TCP --------------------------------------------------------------------- */
#define LWIP_TCP			1
#define TCP_MSS				CONFIG_LIBLWIP_TCP_MSS
#define TCP_WND				CONFIG_LIBLWIP_TCP_WND
#define TCP_SND_BUF			CONFIG_LIBLWIP_TCP_SND_BUF
#define TCP_SND_QUEUELEN						\
	((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS < 0xffff ?		\
	 (4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS : 0xffff)
#if TCP_WND > 0xffff || TCP_SND_BUF > 0xffff
#define LWIP_WND_SCALE			1
#define TCP_RCV_SCALE			5
#endif
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

/* UDP --------------------------------------------------------------------- */
#define LWIP_UDP			1
#define LWIP_UDPLITE			0

/* Sockets: lwIP's BSD sockets, behind lib/posix-socket ---------------------- */
#define LWIP_NETCONN			1
#define LWIP_SOCKET			1
/* lwip_* names only: the C library's socket names are the system calls */
#define LWIP_COMPAT_SOCKETS		0
#define LWIP_POSIX_SOCKETS_IO_NAMES	0
#define LWIP_SOCKET_OFFSET		0
#define LWIP_SOCKET_SELECT		1
#define LWIP_SOCKET_POLL		1
#define LWIP_SO_SNDTIMEO		1
#define LWIP_SO_RCVTIMEO		1
#define LWIP_SO_RCVBUF			1
#define RECV_BUFSIZE_DEFAULT		INT_MAX
#define LWIP_SO_LINGER			1
#define SO_REUSE			1
#define SO_REUSE_RXTOALL		1
#define LWIP_FIONREAD_LINUXMODE		1
#define LWIP_NETBUF_RECVINFO		1
#define LWIP_NETCONN_FULLDUPLEX		0
#define LWIP_NETCONN_SEM_PER_THREAD	0
/*
 * A random initial sequence number for every connection: lwIP's own is
 * 6510 plus a tick count, the same for connections opened in one tick
 * and guessable by anyone (RFC 6528 asks for unpredictable ones).
 */
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport)	((u32_t)lwip_uk_rand())

/* readiness changes reach vfscore's pollers (patches/0001-*.patch) */
#define LWIP_HOOK_SOCKET_EVENT(s, evt)	lwip_uk_socket_event((s), (int)(evt))

/*
 * Checksums: in software, except where the interface says otherwise
 * (its flags): the loopback interface needs none, a device with transmit
 * offload completes TCP and UDP ones (netif_uknetdev.c).
 */
#define LWIP_CHECKSUM_CTRL_PER_NETIF	1
#define LWIP_CHECKSUM_ON_COPY		1

/* No statistics; messages with CONFIG_LIBLWIP_DEBUG ------------------------ */
#define LWIP_STATS			0
#ifdef CONFIG_LIBLWIP_DEBUG
#define LWIP_DEBUG			1
#define LWIP_DBG_MIN_LEVEL		LWIP_DBG_LEVEL_ALL
#define LWIP_DBG_TYPES_ON		LWIP_DBG_ON
#define SOCKETS_DEBUG			LWIP_DBG_ON
#define TCPIP_DEBUG			LWIP_DBG_ON
#define NETIF_DEBUG			LWIP_DBG_ON
#define DHCP_DEBUG			LWIP_DBG_ON
#endif

#ifndef __ASSEMBLY__
#include <limits.h>
#include <stddef.h>
#include <uk/thread.h>
void *lwip_uk_malloc(size_t size);
void *lwip_uk_calloc(size_t n, size_t size);
void lwip_uk_free(void *p);
void lwip_uk_socket_event(int s, int evt);
#endif

#endif /* __LWIPOPTS_H__ */
