/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform console: raw output of kernel messages. */
#ifndef __UK_PLAT_CONSOLE_H__
#define __UK_PLAT_CONSOLE_H__

#include <uk/essentials.h>

/* Write @len bytes of @buf to the console ("\n" becomes "\r\n"). */
int ukplat_coutk(const char *buf, unsigned int len);

/* Read up to @maxlen bytes without blocking; returns the count read. */
int ukplat_cink(char *buf, unsigned int maxlen);

#endif
