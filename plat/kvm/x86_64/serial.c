/* SPDX-License-Identifier: BSD-3-Clause */
/* Console: the 16550 UART on COM1 (plat/drivers/ns16550), polled. */
#include <uk/essentials.h>
#include <uk/ns16550.h>
#include <uk/plat/console.h>
#include "x86_64.h"

#define COM1		0x3f8
#define BAUD_DIVISOR	1	/* 115200 baud */

static const struct ns16550 com1 = {
	.base = COM1,
	.reg_shift = 0,
	.io_width = 1,
	.port_io = true,
	.divisor = BAUD_DIVISOR,
};

void kvm_serial_init(void)
{
	ns16550_init(&com1);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			ns16550_putc(&com1, '\r');
		ns16550_putc(&com1, buf[i]);
	}
	return len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;
	int c;

	while (n < maxlen && (c = ns16550_getc(&com1)) >= 0)
		buf[n++] = (char)c;
	return n;
}
