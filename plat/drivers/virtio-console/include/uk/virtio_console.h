/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-console (virtio 1.x, 5.3) with multiple ports: named byte
 * streams between the guest and the host. Kast uses three of them for a
 * program's standard streams ("kast.stdin", "kast.stdout", "kast.stderr",
 * see lib/devfs), so that a program's bytes travel exactly (no "\r\n"
 * translation), fast (large buffers, several in flight, one exit per
 * buffer) and apart from the kernel's log, which stays on the UART.
 *
 * The driver sets the device up at boot (plat init class): it requires
 * VIRTIO_CONSOLE_F_MULTIPORT, reads max_nr_ports, answers the device's
 * DEVICE_ADD messages and learns each port's name and whether its host
 * side is open, then opens every port (guest side). Ports are found by
 * name with uk_vcon_port_find().
 *
 * End of file: a port's host side closing (PORT_OPEN with value 0, which
 * QEMU sends when the port's chardev disconnects) makes reads return 0
 * once every byte that arrived before it has been read. Writes to a port
 * whose host side is closed fail with -EPIPE.
 *
 * Validation: every control message (length, event, port id, value, name
 * length) and every used length is checked; a device that hands back
 * something invalid is reported once and disabled (virtio_dev_broken()),
 * its ports then return -EIO.
 *
 * Calls on one port may come from several threads (reads are serialized
 * among themselves, writes too); the readiness callback runs in interrupt
 * context. Errors are negative errno values.
 */
#ifndef __UK_VIRTIO_CONSOLE_H__
#define __UK_VIRTIO_CONSOLE_H__

#include <stdbool.h>
#include <sys/types.h>
#include <uk/essentials.h>

struct uk_vcon_port;

/* uk_vcon_poll() bits */
#define UK_VCON_READABLE	0x1	/* bytes waiting, or end of file */
#define UK_VCON_WRITABLE	0x2	/* a write would not block */
#define UK_VCON_HUP		0x4	/* the host side is closed */
#define UK_VCON_ERR		0x8	/* the device is broken */

/* The port named @name (the first one), or NULL. */
struct uk_vcon_port *uk_vcon_port_find(const char *name);

/* Number of ports found on every device, and their names (debugging). */
unsigned int uk_vcon_port_count(void);
const char *uk_vcon_port_name(const struct uk_vcon_port *p);

/*
 * Read up to @len bytes: the count, 0 at end of file (host side closed
 * and nothing left), -EAGAIN when nothing waits and @nonblock, -EIO when
 * the device is broken. Blocks (unless @nonblock) until a byte arrives
 * or end of file.
 */
ssize_t uk_vcon_read(struct uk_vcon_port *p, void *buf, size_t len,
		     bool nonblock);

/*
 * Write @len bytes (all of them unless @nonblock or an error): the count,
 * -EAGAIN (@nonblock and no buffer free, nothing written), -EPIPE (host
 * side closed), -EIO. Returns once the bytes are copied; they reach the
 * host in order, uk_vcon_flush() waits until they have.
 */
ssize_t uk_vcon_write(struct uk_vcon_port *p, const void *buf, size_t len,
		      bool nonblock);

/* Wait until every byte written so far was taken by the device. */
int uk_vcon_flush(struct uk_vcon_port *p);

/*
 * Readiness (UK_VCON_*). When not readable or not writable, the port's
 * interrupts are armed: @notify (uk_vcon_set_notify()) runs when it
 * may have changed.
 */
unsigned int uk_vcon_poll(struct uk_vcon_port *p);

/*
 * @fn(@arg) runs (interrupt context, must not block) when the port's
 * readiness may have changed: data arrived, buffers were freed, the host
 * side opened or closed.
 */
void uk_vcon_set_notify(struct uk_vcon_port *p, void (*fn)(void *arg),
			void *arg);

/* The host side is open (PORT_OPEN 1 seen last). */
bool uk_vcon_host_open(const struct uk_vcon_port *p);

#endif /* __UK_VIRTIO_CONSOLE_H__ */
