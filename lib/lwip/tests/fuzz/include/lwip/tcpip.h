/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif: lwIP's lwip/tcpip.h, plus what the netif glue uses of it
 * that NO_SYS leaves out: there is no tcpip thread, so fuzz_netif.c
 * defines tcpip_input()/tcpip_inpkt() to run the input function at once,
 * and the core lock is nothing.
 */
#ifndef __FUZZ_LWIP_TCPIP_H__
#define __FUZZ_LWIP_TCPIP_H__

#include_next "lwip/tcpip.h"

#if NO_SYS
#include "lwip/netif.h"
#include "lwip/pbuf.h"

err_t tcpip_input(struct pbuf *p, struct netif *inp);
err_t tcpip_inpkt(struct pbuf *p, struct netif *inp, netif_input_fn input_fn);
#define LOCK_TCPIP_CORE()	do { } while (0)
#define UNLOCK_TCPIP_CORE()	do { } while (0)
#endif

#endif /* __FUZZ_LWIP_TCPIP_H__ */
