/* SPDX-License-Identifier: BSD-3-Clause */
/* 16550 UART on COM1, polled. */
#include <uk/essentials.h>
#include <uk/asm/cpu.h>
#include <uk/plat/console.h>
#include "x86_64.h"

#define COM1		0x3f8
#define UART_DATA	0	/* DLAB=0 */
#define UART_IER	1
#define UART_DLL	0	/* DLAB=1 */
#define UART_DLH	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LCR_DLAB	0x80
#define FCR_ENABLE_CLEAR_TX 0x05	/* keep what was received */
#define LCR_8N1		0x03
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define BAUD_DIVISOR	1	/* 115200 baud */
#define TX_SPIN_LIMIT	100000	/* give up on a dead UART instead of hanging */

/*
 * Input that arrived before the FIFO was enabled (enabling it discards
 * the receive buffer): given to ukplat_cink() first.
 */
static char early_rx[16];
static unsigned int early_rx_len, early_rx_pos;

void kvm_serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	while (early_rx_len < sizeof(early_rx) &&
	       (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		early_rx[early_rx_len++] = inb(COM1 + UART_DATA);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR);
	outb(COM1 + UART_DLH, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_TX);
	outb(COM1 + UART_MCR, 0x03);	/* DTR | RTS */
}

static void serial_putc(char c)
{
	int spin = TX_SPIN_LIMIT;

	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY) && --spin)
		;
	outb(COM1 + UART_DATA, c);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
	return len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && early_rx_pos < early_rx_len)
		buf[n++] = early_rx[early_rx_pos++];
	while (n < maxlen && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[n++] = inb(COM1 + UART_DATA);
	return n;
}
