/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and platform glue for fuzz_netif (host, glibc): a
 * failed lwIP assertion aborts, which libFuzzer reports as a crash.
 */
#ifndef __LWIP_ARCH_CC_H__
#define __LWIP_ARCH_CC_H__

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

#define LWIP_ERRNO_STDINCLUDE	1
#define LWIP_TIMEVAL_PRIVATE	0

#define LWIP_PLATFORM_DIAG(x)	do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)						\
	do {								\
		fprintf(stderr, "lwIP assertion \"%s\" failed at %s:%d\n", \
			(x), __FILE__, __LINE__);			\
		abort();						\
	} while (0)

#endif /* __LWIP_ARCH_CC_H__ */
