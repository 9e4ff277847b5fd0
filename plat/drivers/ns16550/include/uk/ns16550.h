/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 16550 UART, polled: the console of both architectures (x86_64 COM1
 * through port I/O, riscv64 virt's memory-mapped "ns16550a" with the
 * register stride and access width of its device tree node).
 *
 * Error policy: ns16550_init() returns -EINVAL for a description it
 * cannot drive (and leaves the UART untouched); the other calls take an
 * initialized UART and cannot fail, except ns16550_tx_irq() on an
 * uninitialized one (-ENODEV). A dead UART never hangs the caller: a
 * transmit waits a bounded time for room, then writes anyway. Any
 * context (interrupt handlers print through it), no locking: a caller
 * that needs whole lines serializes itself.
 */
#ifndef __UK_NS16550_H__
#define __UK_NS16550_H__

#include <stdbool.h>
#include <uk/essentials.h>

struct ns16550 {
	uintptr_t base;		/* I/O port (port_io) or register address */
	uint32_t reg_shift;	/* registers 1 << reg_shift bytes apart */
	uint32_t io_width;	/* access width: 1, 2 or 4 bytes */
	uint32_t size;		/* bytes of the register window (MMIO) */
	bool port_io;		/* x86 in/out instructions (x86_64 only) */
	/*
	 * Baud rate divisor (115200 / baud) to program, 0 to keep what
	 * the firmware set.
	 */
	uint16_t divisor;
};

/*
 * Validate @u and set the UART up: 8N1, no interrupts, DTR and RTS. The
 * receiver is never reset: input may be arriving while we set the UART up
 * (a pipe on the VMM's side holds it from the start), and a change of the
 * FIFO enable bit empties the receive buffer, so the FIFOs stay as reset
 * or the firmware left them (only when they are on is the transmit FIFO
 * cleared). 0 or -EINVAL.
 */
int ns16550_init(const struct ns16550 *u);

/* Write one byte (no newline translation). */
void ns16550_putc(const struct ns16550 *u, char c);

/* Read one received byte, or -1 when none is waiting. */
int ns16550_getc(const struct ns16550 *u);

/*
 * Enable or disable the "transmitter empty" interrupt (raised at once;
 * for tests of the interrupt path). 0, or -ENODEV before ns16550_init().
 */
int ns16550_tx_irq(const struct ns16550 *u, bool on);

#endif /* __UK_NS16550_H__ */
