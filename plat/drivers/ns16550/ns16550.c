/* SPDX-License-Identifier: BSD-3-Clause */
/* 16550 UART, polled, through port I/O or memory-mapped registers. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/asm/cpu.h>
#include <uk/ns16550.h>

#define UART_DATA	0	/* DLAB=0 */
#define UART_IER	1
#define UART_DLL	0	/* DLAB=1 */
#define UART_DLH	1
#define UART_FCR	2	/* write */
#define UART_IIR	2	/* read */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_NREGS	8
#define LCR_DLAB	0x80
#define LCR_8N1		0x03
#define FCR_ENABLE_CLEAR_TX 0x05	/* keep what was received */
#define IIR_FIFO_MASK	0xc0	/* both set: the FIFOs are enabled */
#define MCR_DTR_RTS	0x03
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define IER_THRI	0x02	/* interrupt while the transmitter is empty */
#define REG_SHIFT_MAX	4
#define PORT_MAX	0xfff8	/* eight registers below 0x10000 */
#define TX_SPIN_LIMIT	100000	/* give up on a dead UART instead of hanging */

static uint8_t uart_read(const struct ns16550 *u, unsigned int reg)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->reg_shift);

#ifdef CONFIG_ARCH_X86_64
	if (u->port_io)
		return inb((uint16_t)a);
#endif
	switch (u->io_width) {
	case 4:
		return (uint8_t)mmio_read32(a);
	case 2:
		return (uint8_t)mmio_read16(a);
	default:
		return mmio_read8(a);
	}
}

static void uart_write(const struct ns16550 *u, unsigned int reg, uint8_t v)
{
	uintptr_t a = u->base + ((uintptr_t)reg << u->reg_shift);

#ifdef CONFIG_ARCH_X86_64
	if (u->port_io) {
		outb((uint16_t)a, v);
		return;
	}
#endif
	switch (u->io_width) {
	case 4:
		mmio_write32(a, v);
		break;
	case 2:
		mmio_write16(a, v);
		break;
	default:
		mmio_write8(a, v);
		break;
	}
}

static bool uart_valid(const struct ns16550 *u)
{
	if (!u->base || u->reg_shift > REG_SHIFT_MAX)
		return false;
	if (u->port_io) {
#ifdef CONFIG_ARCH_X86_64
		return u->io_width == 1 && u->reg_shift == 0 &&
		       u->base <= PORT_MAX;
#else
		return false;
#endif
	}
	return (u->io_width == 1 || u->io_width == 2 || u->io_width == 4) &&
	       (1U << u->reg_shift) >= u->io_width &&
	       u->size >= ((uint64_t)UART_NREGS << u->reg_shift);
}

int ns16550_init(const struct ns16550 *u)
{
	if (!uart_valid(u))
		return -EINVAL;
	uart_write(u, UART_IER, 0);
	if (u->divisor) {
		uart_write(u, UART_LCR, LCR_DLAB);
		uart_write(u, UART_DLL, u->divisor & 0xff);
		uart_write(u, UART_DLH, u->divisor >> 8);
	}
	uart_write(u, UART_LCR, LCR_8N1);
	/* see the header: never touch the FIFO enable bit */
	if ((uart_read(u, UART_IIR) & IIR_FIFO_MASK) == IIR_FIFO_MASK)
		uart_write(u, UART_FCR, FCR_ENABLE_CLEAR_TX);
	uart_write(u, UART_MCR, MCR_DTR_RTS);
	return 0;
}

void ns16550_putc(const struct ns16550 *u, char c)
{
	int spin = TX_SPIN_LIMIT;

	while (!(uart_read(u, UART_LSR) & LSR_THR_EMPTY) && --spin)
		;
	uart_write(u, UART_DATA, (uint8_t)c);
}

int ns16550_getc(const struct ns16550 *u)
{
	if (!(uart_read(u, UART_LSR) & LSR_DATA_READY))
		return -1;
	return uart_read(u, UART_DATA);
}

int ns16550_tx_irq(const struct ns16550 *u, bool on)
{
	if (!u->base)
		return -ENODEV;
	uart_write(u, UART_IER, on ? IER_THRI : 0);
	return 0;
}
