/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host stand-in for the platform console: ukplat_coutk() appends to a
 * capture buffer that the printf tests inspect.
 */
#include <string.h>
#include <uk/plat/console.h>
#include "coutk_stub.h"

char coutk_buf[COUTK_BUF_LEN];
size_t coutk_len;
unsigned int coutk_calls;
int coutk_fail;

int ukplat_coutk(const char *buf, unsigned int len)
{
	coutk_calls++;
	if (coutk_fail)
		return -1;
	if (len > sizeof(coutk_buf) - 1 - coutk_len)
		len = sizeof(coutk_buf) - 1 - coutk_len;
	memcpy(coutk_buf + coutk_len, buf, len);
	coutk_len += len;
	coutk_buf[coutk_len] = '\0';
	return len;
}

void coutk_reset(void)
{
	coutk_len = 0;
	coutk_calls = 0;
	coutk_fail = 0;
	coutk_buf[0] = '\0';
}
