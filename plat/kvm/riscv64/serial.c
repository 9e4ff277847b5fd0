/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Console: the SBI console until the device tree names a ns16550 UART,
 * then that UART, polled, at the address, register stride (reg-shift) and
 * access width (reg-io-width) the device tree gives. The baud rate set by
 * the firmware is kept.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/asm/cpu.h>
#include <uk/plat/console.h>
#include "riscv64.h"

#define UART_DATA	0
#define UART_IER	1
#define UART_FCR	2	/* write */
#define UART_IIR	2	/* read */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_NREGS	8
#define LCR_8N1		0x03
#define FCR_ENABLE_CLEAR_TX 0x05	/* keep what was received */
#define IIR_FIFO_MASK	0xc0	/* both set: the FIFOs are enabled */
#define MCR_DTR_RTS	0x03
#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define IER_THRI	0x02	/* interrupt while the transmitter is empty */
#define REG_SHIFT_MAX	4
#define TX_SPIN_LIMIT	100000	/* give up on a dead UART instead of hanging */

static uintptr_t uart_base;	/* 0: not known yet, use SBI */
static uint32_t uart_shift, uart_width;

static uint8_t uart_read(unsigned int reg)
{
	uintptr_t a = uart_base + ((uintptr_t)reg << uart_shift);

	switch (uart_width) {
	case 4:
		return (uint8_t)mmio_read32(a);
	case 2:
		return (uint8_t)mmio_read16(a);
	default:
		return mmio_read8(a);
	}
}

static void uart_write(unsigned int reg, uint8_t v)
{
	uintptr_t a = uart_base + ((uintptr_t)reg << uart_shift);

	switch (uart_width) {
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

int kvm_serial_init(uint64_t base, uint64_t size, uint32_t reg_shift,
		    uint32_t io_width)
{
	if (!base || reg_shift > REG_SHIFT_MAX ||
	    (io_width != 1 && io_width != 2 && io_width != 4) ||
	    (1U << reg_shift) < io_width ||
	    size < ((uint64_t)UART_NREGS << reg_shift))
		return -EINVAL;
	uart_shift = reg_shift;
	uart_width = io_width;
	uart_base = base;
	uart_write(UART_IER, 0);
	uart_write(UART_LCR, LCR_8N1);
	/*
	 * A change of the FIFO enable bit empties the receive buffer, and
	 * input may be arriving now: keep the FIFOs as the firmware left
	 * them (OpenSBI enables them).
	 */
	if ((uart_read(UART_IIR) & IIR_FIFO_MASK) == IIR_FIFO_MASK)
		uart_write(UART_FCR, FCR_ENABLE_CLEAR_TX);
	uart_write(UART_MCR, MCR_DTR_RTS);
	return 0;
}

int kvm_serial_tx_irq(bool on)
{
	if (!uart_base)
		return -ENODEV;
	uart_write(UART_IER, on ? IER_THRI : 0);
	return 0;
}

static void console_putc(char c)
{
	int spin = TX_SPIN_LIMIT;

	if (!uart_base) {
		kvm_sbi_putchar(c);
		return;
	}
	while (!(uart_read(UART_LSR) & LSR_THR_EMPTY) && --spin)
		;
	uart_write(UART_DATA, c);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
	return len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;
	int c;

	if (!uart_base) {
		while (n < maxlen && (c = kvm_sbi_getchar()) >= 0)
			buf[n++] = (char)c;
		return n;
	}
	while (n < maxlen && (uart_read(UART_LSR) & LSR_DATA_READY))
		buf[n++] = uart_read(UART_DATA);
	return n;
}
