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
#define UART_FCR	2	/* write */
#define UART_IIR	2	/* read */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define LCR_DLAB	0x80
#define FCR_ENABLE_CLEAR_TX 0x05	/* keep what was received */
#define IIR_FIFO_MASK	0xc0	/* both set: the FIFOs are enabled */
#define LCR_8N1		0x03
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define BAUD_DIVISOR	1	/* 115200 baud */
#define TX_SPIN_LIMIT	100000	/* give up on a dead UART instead of hanging */

/*
 * The receiver is never reset, because input may be arriving while we set
 * the UART up (a pipe on the VMM's side holds it from the start): a
 * change of the FIFO enable bit empties the receive buffer, so the FIFOs
 * stay as the reset state or the firmware left them. Either way nothing
 * is lost under QEMU, which hands over a byte only when there is room.
 */
void kvm_serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR);
	outb(COM1 + UART_DLH, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	if ((inb(COM1 + UART_IIR) & IIR_FIFO_MASK) == IIR_FIFO_MASK)
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

	while (n < maxlen && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
		buf[n++] = inb(COM1 + UART_DATA);
	return n;
}
