/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Console: the SBI console until the device tree names a ns16550 UART,
 * then that UART (plat/drivers/ns16550), polled, at the address, register
 * stride (reg-shift) and access width (reg-io-width) the device tree
 * gives. The baud rate set by the firmware is kept. Without the driver
 * (DRIVER_NS16550=n) the SBI console stays.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/console.h>
#include "riscv64.h"
#ifdef CONFIG_DRIVER_NS16550
#include <uk/ns16550.h>

static struct ns16550 uart;	/* base 0: not known yet, use SBI */

int kvm_serial_init(uint64_t base, uint64_t size, uint32_t reg_shift,
		    uint32_t io_width)
{
	struct ns16550 u = {
		.base = base,
		.reg_shift = reg_shift,
		.io_width = io_width,
		.size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size,
	};
	int rc = ns16550_init(&u);

	if (rc < 0)
		return rc;
	uart = u;
	return 0;
}

int kvm_serial_tx_irq(bool on)
{
	return ns16550_tx_irq(&uart, on);
}

static void console_putc(char c)
{
	if (uart.base)
		ns16550_putc(&uart, c);
	else
		kvm_sbi_putchar(c);
}

static int console_getc(void)
{
	return uart.base ? ns16550_getc(&uart) : kvm_sbi_getchar();
}
#else
int kvm_serial_init(uint64_t base, uint64_t size, uint32_t reg_shift,
		    uint32_t io_width)
{
	return -ENODEV;
}

int kvm_serial_tx_irq(bool on)
{
	return -ENODEV;
}

static void console_putc(char c)
{
	kvm_sbi_putchar(c);
}

static int console_getc(void)
{
	return kvm_sbi_getchar();
}
#endif

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

	while (n < maxlen && (c = console_getc()) >= 0)
		buf[n++] = (char)c;
	return n;
}
