/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for fuzz_netif (host, libFuzzer): the kernel's
 * (lib/lwip/include/lwipopts.h, with the Kconfig defaults of
 * lib/lwip/Config.uk), then these differences:
 *  - NO_SYS: no threads, no sockets or netconns (the target drives the
 *    core and the netif glue itself);
 *  - every pool element and heap block comes from malloc
 *    (MEMP_MEM_MALLOC), so ASan sees overruns of single PBUFs, PCBs and
 *    segments and LeakSanitizer sees lost ones;
 *  - TCP's initial sequence number is a constant and LWIP_RAND() a
 *    generator reset for each input, so inputs replay the same way.
 * Checksum checks are per interface in the kernel too
 * (LWIP_CHECKSUM_CTRL_PER_NETIF): an input may turn them off, so that
 * mutated frames also reach the protocols behind the checksums.
 */
#ifndef __FUZZ_LWIPOPTS_H__
#define __FUZZ_LWIPOPTS_H__

/* Kconfig defaults (lib/lwip/Config.uk) */
#define CONFIG_LIBLWIP_TCP_PCBS		256
#define CONFIG_LIBLWIP_TCP_LISTEN	32
#define CONFIG_LIBLWIP_UDP_PCBS		64
#define CONFIG_LIBLWIP_SOCKETS		320
#define CONFIG_LIBLWIP_TCP_MSS		1460
#define CONFIG_LIBLWIP_TCP_WND		65535
#define CONFIG_LIBLWIP_TCP_SND_BUF	65535
#define CONFIG_LIBLWIP_TCP_SEG		2048
#define CONFIG_LIBLWIP_PBUF_POOL_SIZE	512
#define CONFIG_LIBLWIP_DHCP		1

#include "../../../include/lwipopts.h"

#undef NO_SYS
#define NO_SYS				1
#undef SYS_LIGHTWEIGHT_PROT
#define SYS_LIGHTWEIGHT_PROT		0
#undef LWIP_NETCONN
#define LWIP_NETCONN			0
#undef LWIP_SOCKET
#define LWIP_SOCKET			0
#undef LWIP_NETIF_API
#define LWIP_NETIF_API			0

/* the host's malloc for the heap and every pool */
#undef mem_clib_malloc
#undef mem_clib_calloc
#undef mem_clib_free
#undef MEMP_MEM_MALLOC
#define MEMP_MEM_MALLOC			1

#undef LWIP_HOOK_TCP_ISN
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport)	0x6b617374UL
#ifndef __ASSEMBLY__
unsigned int fuzz_netif_rand(void);
#endif
#define LWIP_RAND()			((u32_t)fuzz_netif_rand())

#endif /* __FUZZ_LWIPOPTS_H__ */
