/* SPDX-License-Identifier: BSD-3-Clause */
/* Capture of the console output in host tests (see coutk_stub.c). */
#ifndef __NOLIBC_COUTK_STUB_H__
#define __NOLIBC_COUTK_STUB_H__

#include <stddef.h>

#define COUTK_BUF_LEN	4096

extern char coutk_buf[COUTK_BUF_LEN];	/* NUL-terminated output */
extern size_t coutk_len;
extern unsigned int coutk_calls;	/* number of ukplat_coutk() calls */
extern int coutk_fail;			/* make ukplat_coutk() fail */

void coutk_reset(void);

#endif
