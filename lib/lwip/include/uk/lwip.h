/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/lwip: lwIP 2.1.3 as Kast's TCP/IP stack (see docs/network.md).
 *
 * At boot (sys init class, LWIP_INIT_PRIO) lwIP is initialized, its
 * tcpip thread created (it runs once the scheduler starts), the loopback
 * interface brought up (127.0.0.1/8, ::1) and every network device
 * attached; the first one takes the kernel parameters:
 *
 *	netdev.ip=ADDR/PREFIX	static IPv4 address (else DHCP)
 *	netdev.gw=ADDR		IPv4 default gateway
 *	netdev.dns=ADDR[,ADDR]	DNS servers (IPv4 or IPv6), at most 2
 *
 * Other libraries use lwIP's own API (lwip/... headers) with lwIP's
 * rule: from threads, with LOCK_TCPIP_CORE() around core calls.
 */
#ifndef __UK_LWIP_H__
#define __UK_LWIP_H__

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * lwIP comes up in the sys init class, after the root file system and
 * the devices (whose drivers register in the plat class): libraries that
 * need the network at boot register after it.
 */
#define LWIP_INIT_PRIO		UK_PRIO_EARLIEST

/*
 * Called for every event of lwIP socket @s (from lwIP's thread or a
 * thread in a socket call, never from an interrupt handler): @evt is
 * lwIP's enum netconn_evt (NETCONN_EVT_RCVPLUS, ...). One handler, set by
 * the socket layer; it must not block.
 */
typedef void (*uk_lwip_socket_event_fn)(int s, int evt);
void uk_lwip_set_socket_event_handler(uk_lwip_socket_event_fn fn);

/*
 * Close lwIP socket @s as Linux's close(2) does with SO_LINGER set
 * (@linger: l_onoff, @secs: l_linger); without @linger, lwip_close().
 * A TCP connection with unread received data, or @secs 0, is reset at
 * once; otherwise its FIN follows the queued data and the call waits
 * until the FIN is acknowledged or @secs seconds pass (then the close
 * goes on in the background). Blocks even for non-blocking sockets, as
 * Linux does. 0, or -1 with errno (lwip_close()'s).
 */
int uk_lwip_close_linger(int s, bool linger, unsigned int secs);

#ifdef __cplusplus
}
#endif

#endif /* __UK_LWIP_H__ */
