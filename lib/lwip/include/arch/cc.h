/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and platform glue for Kast (lwip/arch.h includes it).
 * lwIP compiles as kernel code against musl's headers: standard integer
 * types, errno values and struct timeval are the C library's (Linux's),
 * so errno needs no translation. Diagnostics go to the kernel console,
 * a failed lwIP assertion is a kernel panic.
 */
#ifndef __LWIP_ARCH_CC_H__
#define __LWIP_ARCH_CC_H__

#include <endian.h>
#include <stdlib.h>
#include <sys/time.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/entropy.h>

/* Both architectures are little endian (lwIP reads BYTE_ORDER). */
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

/* errno and its values come from <errno.h> (musl: Linux's values). */
#define LWIP_ERRNO_STDINCLUDE	1
/* struct timeval from <sys/time.h>. */
#define LWIP_TIMEVAL_PRIVATE	0

#define LWIP_PLATFORM_DIAG(x)	do { uk_printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)						\
	UK_CRASH("lwIP assertion \"%s\" failed at %s:%d\n", (x),	\
		 __FILE__, __LINE__)

/*
 * Port numbers, DNS ids, DHCP transaction ids, IPv6 interface ids, and
 * TCP's initial sequence numbers (lwipopts.h): lib/ukrandom's generator
 * where it is in the image (init.c).
 */
unsigned int lwip_uk_rand(void);
#define LWIP_RAND()		((u32_t)lwip_uk_rand())

#endif /* __LWIP_ARCH_CC_H__ */
