/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-console with VIRTIO_CONSOLE_F_MULTIPORT (virtio 1.x, 5.3):
 * queues 0/1 carry port 0, 2/3 the control messages, 4/5 port 1, 6/7
 * port 2 and so on. The ports supported are the first VCON_PORTS_MAX
 * (VIRTIO_VQS_MAX queues); the device's others are refused (PORT_READY
 * with value 0). kast-run uses ports 1-3, not 0: QEMU keeps port 0 for
 * a virtconsole, which drops output its chardev cannot take at once and
 * never hands input to a socket chardev's reader.
 *
 * Receive: every port keeps RX_BUFS buffers of RX_BUF_SIZE bytes posted
 * (QEMU fills one per chardev read, at most 4 KiB, so more buffers help
 * more than larger ones). A read takes bytes from the oldest used buffer
 * and posts it again once empty. Transmit: a write copies into one of
 * TX_BUFS buffers of TX_BUF_SIZE bytes and makes it available at once;
 * it waits only when every buffer is in flight. Interrupts are on only
 * while someone waits (a blocked read or write, a poll that found the
 * port not ready): streaming costs no interrupt per buffer.
 *
 * Set-up at boot (vcon_probe): DEVICE_READY, then for each DEVICE_ADD a
 * PORT_READY; once the device has taken each of our messages (its used
 * entry), its answers (PORT_NAME, PORT_OPEN, CONSOLE_PORT) are already
 * in the control receive queue, so the set-up polls and needs no
 * interrupt. Then PORT_OPEN 1 for every port (the guest side is open:
 * QEMU only hands input to an open port). Later control messages
 * (PORT_OPEN 0 at the host's end of file, RESIZE) arrive by interrupt.
 *
 * End of file ordering: a device fills a port's receive buffers before
 * it sends the PORT_OPEN 0 that follows them, so a reader that finds
 * the host side closed first drains the port's used ring; only an empty
 * ring and no buffered byte mean end of file.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/virtio.h>
#include <uk/virtio_console.h>

#define VIRTIO_CONSOLE_F_SIZE		0
#define VIRTIO_CONSOLE_F_MULTIPORT	1

#define CFG_COLS		0
#define CFG_ROWS		2
#define CFG_MAX_NR_PORTS	4

/* control events (5.3.6.2) */
#define VCON_DEVICE_READY	0
#define VCON_DEVICE_ADD		1
#define VCON_DEVICE_REMOVE	2
#define VCON_PORT_READY		3
#define VCON_CONSOLE_PORT	4
#define VCON_RESIZE		5
#define VCON_PORT_OPEN		6
#define VCON_PORT_NAME		7

#define CTRL_RXQ		2
#define CTRL_TXQ		3
#define CTRL_RX_BUFS		32
#define CTRL_RX_SIZE		128	/* header + a name */
#define CTRL_TX_BUFS		8
#define CTRL_QUEUE_SIZE		64

/* ports 0..VCON_PORTS_MAX-1 use queues 0..VIRTIO_VQS_MAX-1 */
#define VCON_PORTS_MAX		((VIRTIO_VQS_MAX - 2) / 2)
#define VCON_NAME_MAX		64
#define MAX_NR_PORTS_LIMIT	0x8000	/* the queue number space */

#define RX_BUFS			32
#define RX_BUF_SIZE		4096
#define TX_BUFS			8
#define TX_BUF_SIZE		65536
#define PORT_QUEUE_SIZE		128

/* How long the boot-time set-up waits for the device's answers. */
#define SETUP_WAIT_NS		(5 * UKPLAT_NSEC_PER_SEC)

struct vcon_ctrl {
	uint32_t id;
	uint16_t event;
	uint16_t value;
} __packed;
UK_CTASSERT(sizeof(struct vcon_ctrl) == 8);

struct vcon_rxbuf {
	char *data;
	uint32_t len;		/* bytes the device wrote */
	uint32_t off;		/* bytes already read */
};

struct vcon;

struct uk_vcon_port {
	struct vcon *vc;
	uint32_t id;
	bool added;		/* DEVICE_ADD seen */
	bool ready;		/* we answered PORT_READY 1 */
	bool console;		/* CONSOLE_PORT seen */
	volatile bool host_open;
	char name[VCON_NAME_MAX];
	struct virtqueue *rxq, *txq;
	/* receive: read_lock */
	struct uk_mutex read_lock;
	struct vcon_rxbuf rx[RX_BUFS];
	struct vcon_rxbuf *cur;	/* partly read buffer, or NULL */
	struct uk_waitq rx_wq;
	/* transmit: write_lock */
	struct uk_mutex write_lock;
	char *tx[TX_BUFS];
	unsigned int tx_free_mask;	/* bit i: tx[i] free */
	struct uk_waitq tx_wq;
	void (*notify)(void *arg);
	void *notify_arg;
};

struct vcon {
	struct virtio_dev *vdev;
	uint32_t max_nr_ports;
	unsigned int nports;	/* ports with queues: min(max, PORTS_MAX) */
	struct virtqueue *crxq, *ctxq;
	char *crx;		/* CTRL_RX_BUFS x CTRL_RX_SIZE */
	struct vcon_ctrl ctx[CTRL_TX_BUFS];
	unsigned int ctx_free_mask;
	struct uk_vcon_port port[VCON_PORTS_MAX];
	uint16_t cols, rows;
	struct vcon *next;
};

static struct vcon *vcon_list;

static int port_rx_fill(struct uk_vcon_port *p);

static uint16_t port_rxq_index(uint32_t id)
{
	return id == 0 ? 0 : (uint16_t)(2 * id + 2);
}

static bool broken(const struct vcon *vc)
{
	return vc->vdev->broken;
}

static void port_notify(struct uk_vcon_port *p)
{
	if (p->notify)
		p->notify(p->notify_arg);
}

/* --- control messages ---------------------------------------------- */

/* Take back control buffers the device has read (interrupts off). */
static int ctrl_reclaim(struct vcon *vc)
{
	void *cookie;
	uint32_t len;
	int rc;

	while ((rc = virtqueue_get(vc->ctxq, &cookie, &len)) == 1) {
		struct vcon_ctrl *m = cookie;

		vc->ctx_free_mask |= 1U << (m - vc->ctx);
	}
	return rc;
}

/* Queue one control message (any context). */
static int ctrl_send(struct vcon *vc, uint32_t id, uint16_t event,
		     uint16_t value)
{
	struct virtqueue_seg seg;
	struct vcon_ctrl *m;
	unsigned long flags;
	int rc, i;

	flags = ukplat_lcpu_save_irqf();
	rc = ctrl_reclaim(vc);
	if (rc < 0)
		goto out;
	rc = -ENOSPC;
	if (!vc->ctx_free_mask)
		goto out;
	i = __builtin_ctz(vc->ctx_free_mask);
	m = &vc->ctx[i];
	m->id = id;
	m->event = event;
	m->value = value;
	seg.addr = (uintptr_t)m;
	seg.len = sizeof(*m);
	rc = virtqueue_add(vc->ctxq, &seg, 1, 0, m);
	if (rc < 0)
		goto out;
	vc->ctx_free_mask &= ~(1U << i);
	rc = virtqueue_kick(vc->ctxq);
	rc = rc < 0 ? rc : 0;
out:
	ukplat_lcpu_restore_irqf(flags);
	if (rc == -ENOSPC)
		uk_pr_warn("virtio-console: control queue full, message %u for port %u dropped\n",
			   event, id);
	return rc;
}

/* Wait (polling, at boot) until the device took every control message. */
static int ctrl_wait_sent(struct vcon *vc)
{
	__nsec deadline = ukplat_monotonic_clock() + SETUP_WAIT_NS;
	unsigned int all = (1U << CTRL_TX_BUFS) - 1;
	int rc;

	for (;;) {
		rc = ctrl_reclaim(vc);
		if (rc < 0)
			return rc;
		if (vc->ctx_free_mask == all)
			return 0;
		if (ukplat_monotonic_clock() > deadline) {
			uk_pr_err("virtio-console: %s: the device did not take its control messages\n",
				  vc->vdev->name);
			return -ETIMEDOUT;
		}
	}
}

static int ctrl_post(struct vcon *vc, char *buf)
{
	struct virtqueue_seg seg = { (uintptr_t)buf, CTRL_RX_SIZE };

	return virtqueue_add(vc->crxq, &seg, 0, 1, buf);
}

static void port_set_open(struct uk_vcon_port *p, bool open)
{
	p->host_open = open;
	uk_waitq_wake_all(&p->rx_wq);
	uk_waitq_wake_all(&p->tx_wq);
	port_notify(p);
}

/*
 * One control message from the device: 0, or -EIO when it was invalid
 * (the device is then broken).
 */
static int ctrl_handle(struct vcon *vc, const char *buf, uint32_t len)
{
	struct vcon_ctrl m;
	struct uk_vcon_port *p;
	uint32_t n;

	if (len < sizeof(m)) {
		virtio_dev_broken(vc->vdev, "control message of %u bytes, below %zu",
				  len, sizeof(m));
		return -EIO;
	}
	memcpy(&m, buf, sizeof(m));
	if (m.event == VCON_RESIZE) {
		/* the console port's size: rows and columns follow */
		return 0;
	}
	if (m.id >= vc->max_nr_ports) {
		virtio_dev_broken(vc->vdev, "control event %u for port %u, beyond max_nr_ports %u",
				  m.event, m.id, vc->max_nr_ports);
		return -EIO;
	}
	if (m.id >= vc->nports) {
		/* a port we have no queues for: refuse it, ignore the rest */
		if (m.event == VCON_DEVICE_ADD) {
			uk_pr_info("virtio-console: port %u ignored (at most %u)\n",
				   m.id, (unsigned int)vc->nports);
			return ctrl_send(vc, m.id, VCON_PORT_READY, 0) == -EIO ?
				-EIO : 0;
		}
		return 0;
	}
	p = &vc->port[m.id];
	if (m.event != VCON_DEVICE_ADD && !p->added) {
		virtio_dev_broken(vc->vdev, "control event %u for port %u, which was not added",
				  m.event, m.id);
		return -EIO;
	}
	switch (m.event) {
	case VCON_DEVICE_ADD:
		if (p->added) {
			virtio_dev_broken(vc->vdev, "port %u added twice", m.id);
			return -EIO;
		}
		p->added = true;
		if (!p->rx[0].data && port_rx_fill(p) < 0) {
			ctrl_send(vc, m.id, VCON_PORT_READY, 0);
			return broken(vc) ? -EIO : 0;
		}
		if (ctrl_send(vc, m.id, VCON_PORT_READY, 1) < 0)
			return broken(vc) ? -EIO : 0;
		p->ready = true;
		return 0;
	case VCON_DEVICE_REMOVE:
		/* the queues stay; the port reads as closed */
		p->added = false;
		port_set_open(p, false);
		return 0;
	case VCON_CONSOLE_PORT:
		p->console = m.value != 0;
		return 0;
	case VCON_PORT_OPEN:
		if (m.value > 1) {
			virtio_dev_broken(vc->vdev, "PORT_OPEN value %u for port %u",
					  m.value, m.id);
			return -EIO;
		}
		port_set_open(p, m.value == 1);
		return 0;
	case VCON_PORT_NAME:
		n = len - (uint32_t)sizeof(m);
		/* the name may or may not end with a NUL */
		if (n && !buf[sizeof(m) + n - 1])
			n--;
		if (!n || n >= VCON_NAME_MAX ||
		    memchr(buf + sizeof(m), '\0', n)) {
			virtio_dev_broken(vc->vdev, "port %u name of %u bytes (at most %d, no NUL inside)",
					  m.id, n, VCON_NAME_MAX - 1);
			return -EIO;
		}
		memcpy(p->name, buf + sizeof(m), n);
		p->name[n] = '\0';
		return 0;
	case VCON_DEVICE_READY:
	case VCON_PORT_READY:
		/* driver-to-device events */
		virtio_dev_broken(vc->vdev, "control event %u (the driver's) from the device",
				  m.event);
		return -EIO;
	default:
		/* a later version's event: not for us */
		return 0;
	}
}

/* Handle every control message waiting: 0 or -EIO. */
static int ctrl_process(struct vcon *vc)
{
	void *cookie;
	uint32_t len;
	int rc;

	while ((rc = virtqueue_get(vc->crxq, &cookie, &len)) == 1) {
		rc = ctrl_handle(vc, cookie, len);
		if (rc < 0)
			return rc;
		rc = ctrl_post(vc, cookie);
		if (rc < 0)
			return rc;
	}
	if (rc < 0)
		return rc;
	rc = virtqueue_kick(vc->crxq);
	return rc < 0 ? rc : 0;
}

static void ctrl_event(struct virtqueue *vq, void *arg)
{
	struct vcon *vc = arg;
	unsigned int i;

	
	if (ctrl_process(vc) < 0) {
		/* broken: wake everyone, they return -EIO */
		for (i = 0; i < vc->nports; i++)
			port_set_open(&vc->port[i], false);
	}
}

/* --- ports ---------------------------------------------------------- */

static int rx_post(struct uk_vcon_port *p, struct vcon_rxbuf *b)
{
	struct virtqueue_seg seg = { (uintptr_t)b->data, RX_BUF_SIZE };

	b->len = 0;
	b->off = 0;
	return virtqueue_add(p->rxq, &seg, 0, 1, b);
}

static void rx_event(struct virtqueue *vq, void *arg)
{
	struct uk_vcon_port *p = arg;

	virtqueue_intr_disable(vq);
	uk_waitq_wake_all(&p->rx_wq);
	port_notify(p);
}

static void tx_event(struct virtqueue *vq, void *arg)
{
	struct uk_vcon_port *p = arg;

	virtqueue_intr_disable(vq);
	uk_waitq_wake_all(&p->tx_wq);
	port_notify(p);
}

/*
 * The next buffer with unread bytes (read_lock held): 1 (in p->cur), 0
 * none yet, -EIO. Empty buffers go straight back to the device.
 */
static int rx_next(struct uk_vcon_port *p)
{
	void *cookie;
	uint32_t len;
	int rc;

	while (!p->cur) {
		rc = virtqueue_get(p->rxq, &cookie, &len);
		if (rc <= 0)
			return rc;
		p->cur = cookie;
		p->cur->len = len;
		p->cur->off = 0;
		if (!len) {
			rc = rx_post(p, p->cur);
			p->cur = NULL;
			if (rc < 0)
				return rc;
			virtqueue_kick(p->rxq);
		}
	}
	return 1;
}

/* posix-process, when there: a signal or cancellation ends a read's wait */
bool uk_posix_interrupted(void) __weak;

ssize_t uk_vcon_read(struct uk_vcon_port *p, void *buf, size_t len,
		     bool nonblock)
{
	struct vcon_rxbuf *b;
	unsigned long flags;
	size_t n = 0, k;
	int rc = 0, reposted = 0;

	if (!len)
		return 0;
	uk_mutex_lock(&p->read_lock);
	for (;;) {
		rc = broken(p->vc) ? -EIO : rx_next(p);
		if (rc < 0)
			break;
		if (rc == 1) {
			/* take what is there, from as many buffers as wait */
			while (n < len && p->cur) {
				b = p->cur;
				k = UK_MIN(len - n, (size_t)(b->len - b->off));
				memcpy((char *)buf + n, b->data + b->off, k);
				n += k;
				b->off += (uint32_t)k;
				if (b->off == b->len) {
					p->cur = NULL;
					rc = rx_post(p, b);
					if (rc < 0)
						break;
					reposted++;
					if (n < len && rx_next(p) < 0)
						break;
				}
			}
			break;
		}
		/* nothing buffered: end of file, or wait */
		if (!p->host_open) {
			/*
			 * End of file only if the ring is still empty now
			 * that PORT_OPEN 0 was seen: the device filled the
			 * buffers before it sent that.
			 */
			rc = broken(p->vc) ? -EIO : rx_next(p);
			if (rc)
				continue;
			break;
		}
		if (nonblock) {
			rc = -EAGAIN;
			break;
		}
		flags = ukplat_lcpu_save_irqf();
		if (virtqueue_intr_enable(p->rxq) == 0 && p->host_open &&
		    uk_waitq_wait_locked_intr(&p->rx_wq, 0,
					      uk_posix_interrupted) == -EINTR) {
			ukplat_lcpu_restore_irqf(flags);
			rc = -EINTR;
			break;
		}
		ukplat_lcpu_restore_irqf(flags);
	}
	if (reposted && virtqueue_kick(p->rxq) < 0 && !rc)
		rc = -EIO;
	uk_mutex_unlock(&p->read_lock);
	if (n)
		return (ssize_t)n;
	return rc < 0 ? rc : 0;
}

/* Reclaim sent buffers (write_lock held): 0 or -EIO. */
static int tx_reclaim(struct uk_vcon_port *p)
{
	void *cookie;
	uint32_t len;
	int rc;

	while ((rc = virtqueue_get(p->txq, &cookie, &len)) == 1)
		p->tx_free_mask |= 1U << ((unsigned int)(uintptr_t)cookie - 1);
	return rc;
}

/* Buffers allocated on the first write (read-only ports need none). */
static int tx_alloc(struct uk_vcon_port *p)
{
	unsigned int i;

	if (p->tx[0])
		return 0;
	for (i = 0; i < TX_BUFS; i++) {
		p->tx[i] = uk_memalign(uk_alloc_get_default(), 4096,
				       TX_BUF_SIZE);
		if (!p->tx[i]) {
			while (i--) {
				uk_free(uk_alloc_get_default(), p->tx[i]);
				p->tx[i] = NULL;
			}
			return -ENOMEM;
		}
	}
	p->tx_free_mask = (1U << TX_BUFS) - 1;
	return 0;
}

/*
 * Wait (write_lock held, after tx_reclaim()) until the device gives a
 * buffer back or the port is closed or broken; the transmit interrupt
 * is on meanwhile.
 */
static void tx_wait(struct uk_vcon_port *p)
{
	unsigned long flags;

	flags = ukplat_lcpu_save_irqf();
	if (virtqueue_intr_enable(p->txq) == 0 && p->host_open &&
	    !broken(p->vc))
		uk_waitq_wait_locked(&p->tx_wq, 0);
	ukplat_lcpu_restore_irqf(flags);
}

ssize_t uk_vcon_write(struct uk_vcon_port *p, const void *buf, size_t len,
		      bool nonblock)
{
	struct virtqueue_seg seg;
	size_t n = 0, k;
	unsigned int i;
	int rc = 0;

	if (!len)
		return 0;
	uk_mutex_lock(&p->write_lock);
	rc = tx_alloc(p);
	while (!rc && n < len) {
		if (broken(p->vc)) {
			rc = -EIO;
			break;
		}
		if (!p->host_open) {
			rc = -EPIPE;
			break;
		}
		rc = tx_reclaim(p);
		if (rc < 0)
			break;
		if (!p->tx_free_mask) {
			if (nonblock) {
				rc = -EAGAIN;
				break;
			}
			tx_wait(p);
			continue;
		}
		i = (unsigned int)__builtin_ctz(p->tx_free_mask);
		k = UK_MIN(len - n, (size_t)TX_BUF_SIZE);
		memcpy(p->tx[i], (const char *)buf + n, k);
		seg.addr = (uintptr_t)p->tx[i];
		seg.len = (uint32_t)k;
		/* the cookie is the buffer's index + 1 (never NULL) */
		rc = virtqueue_add(p->txq, &seg, 1, 0,
				   (void *)(uintptr_t)(i + 1));
		if (rc < 0)
			break;
		p->tx_free_mask &= ~(1U << i);
		n += k;
		rc = virtqueue_kick(p->txq);
		if (rc > 0)
			rc = 0;
	}
	uk_mutex_unlock(&p->write_lock);
	if (n)
		return (ssize_t)n;
	return rc;
}

int uk_vcon_flush(struct uk_vcon_port *p)
{
	unsigned int all = (1U << TX_BUFS) - 1;
	int rc = 0;

	uk_mutex_lock(&p->write_lock);
	while (p->tx[0]) {
		rc = broken(p->vc) ? -EIO : tx_reclaim(p);
		if (rc < 0 || p->tx_free_mask == all)
			break;
		if (!p->host_open) {
			rc = -EPIPE;
			break;
		}
		tx_wait(p);
	}
	uk_mutex_unlock(&p->write_lock);
	return rc < 0 ? rc : 0;
}

unsigned int uk_vcon_poll(struct uk_vcon_port *p)
{
	unsigned int ev = 0;
	unsigned long flags;

	if (broken(p->vc))
		return UK_VCON_ERR | UK_VCON_READABLE | UK_VCON_WRITABLE;
	flags = ukplat_lcpu_save_irqf();
	if (p->cur || virtqueue_pending(p->rxq) || !p->host_open)
		ev |= UK_VCON_READABLE;
	else if (virtqueue_intr_enable(p->rxq) == 1)
		ev |= UK_VCON_READABLE;
	/* writable: a free buffer, or one the device gave back */
	if (!p->tx[0] || p->tx_free_mask || virtqueue_pending(p->txq) ||
	    !p->host_open)
		ev |= UK_VCON_WRITABLE;
	else if (virtqueue_intr_enable(p->txq) == 1)
		ev |= UK_VCON_WRITABLE;
	if (!p->host_open)
		ev |= UK_VCON_HUP;
	ukplat_lcpu_restore_irqf(flags);
	return ev;
}

void uk_vcon_set_notify(struct uk_vcon_port *p, void (*fn)(void *arg),
			void *arg)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	p->notify = fn;
	p->notify_arg = arg;
	ukplat_lcpu_restore_irqf(flags);
}

bool uk_vcon_host_open(const struct uk_vcon_port *p)
{
	return p->host_open;
}

const char *uk_vcon_port_name(const struct uk_vcon_port *p)
{
	return p->name;
}

static bool port_usable(const struct uk_vcon_port *p)
{
	return p->added && p->ready && p->name[0];
}

struct uk_vcon_port *uk_vcon_port_find(const char *name)
{
	struct vcon *vc;
	unsigned int i;

	for (vc = vcon_list; vc; vc = vc->next)
		for (i = 0; i < vc->nports; i++)
			if (port_usable(&vc->port[i]) &&
			    !strcmp(vc->port[i].name, name))
				return &vc->port[i];
	return NULL;
}

unsigned int uk_vcon_port_count(void)
{
	struct vcon *vc;
	unsigned int i, n = 0;

	for (vc = vcon_list; vc; vc = vc->next)
		for (i = 0; i < vc->nports; i++)
			n += port_usable(&vc->port[i]);
	return n;
}

/* --- set-up ---------------------------------------------------------- */

static int port_setup(struct vcon *vc, uint32_t id)
{
	struct uk_vcon_port *p = &vc->port[id];
	uint16_t q = port_rxq_index(id);
	int rc;

	p->vc = vc;
	p->id = id;
	uk_mutex_init(&p->read_lock);
	uk_mutex_init(&p->write_lock);
	uk_waitq_init(&p->rx_wq);
	uk_waitq_init(&p->tx_wq);
	p->rxq = virtio_vq_setup(vc->vdev, q, PORT_QUEUE_SIZE, rx_event, p,
				 &rc);
	if (!p->rxq)
		return rc;
	p->txq = virtio_vq_setup(vc->vdev, q + 1, PORT_QUEUE_SIZE, tx_event,
				 p, &rc);
	if (!p->txq)
		return rc;
	return 0;
}

/*
 * Receive buffers for a port the device added (its first DEVICE_ADD: at
 * boot, in the set-up): ports the device does not have cost nothing.
 */
static int port_rx_fill(struct uk_vcon_port *p)
{
	unsigned int i;
	int rc;

	for (i = 0; i < RX_BUFS && virtqueue_free(p->rxq); i++) {
		if (!p->rx[i].data)
			p->rx[i].data = uk_memalign(uk_alloc_get_default(),
						    4096, RX_BUF_SIZE);
		if (!p->rx[i].data)
			return -ENOMEM;
		rc = rx_post(p, &p->rx[i]);
		if (rc < 0)
			return rc;
	}
	rc = virtqueue_kick(p->rxq);
	return rc < 0 ? rc : 0;
}

static int ctrl_setup(struct vcon *vc)
{
	unsigned int i;
	int rc;

	vc->crxq = virtio_vq_setup(vc->vdev, CTRL_RXQ, CTRL_QUEUE_SIZE,
				   ctrl_event, vc, &rc);
	if (!vc->crxq)
		return rc;
	vc->ctxq = virtio_vq_setup(vc->vdev, CTRL_TXQ, CTRL_QUEUE_SIZE,
				   NULL, vc, &rc);
	if (!vc->ctxq)
		return rc;
	vc->ctx_free_mask = (1U << CTRL_TX_BUFS) - 1;
	vc->crx = uk_calloc(uk_alloc_get_default(), CTRL_RX_BUFS,
			    CTRL_RX_SIZE);
	if (!vc->crx)
		return -ENOMEM;
	for (i = 0; i < CTRL_RX_BUFS && virtqueue_free(vc->crxq); i++) {
		rc = ctrl_post(vc, vc->crx + i * CTRL_RX_SIZE);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * The handshake: answer messages until the device has taken all of
 * ours and said nothing more.
 */
static int handshake(struct vcon *vc)
{
	unsigned int i;
	int rc;

	rc = ctrl_send(vc, 0, VCON_DEVICE_READY, 1);
	for (;;) {
		if (rc < 0)
			return rc;
		rc = ctrl_wait_sent(vc);
		if (rc < 0)
			return rc;
		if (!virtqueue_pending(vc->crxq))
			break;
		rc = ctrl_process(vc);
	}
	/* the guest side of every named port is open */
	for (i = 0; i < vc->nports; i++) {
		if (!port_usable(&vc->port[i]))
			continue;
		rc = ctrl_send(vc, i, VCON_PORT_OPEN, 1);
		if (rc < 0)
			return rc;
		rc = ctrl_wait_sent(vc);
		if (rc < 0)
			return rc;
	}
	/* answers to those (none expected) and later messages: interrupts */
	rc = ctrl_process(vc);
	if (rc < 0)
		return rc;
	return virtqueue_intr_enable(vc->crxq) < 0 ? -EIO : 0;
}

static int vcon_probe(struct virtio_dev *vdev)
{
	struct vcon *vc;
	unsigned int i;
	int rc;

	rc = virtio_negotiate(vdev,
			      VIRTIO_FEATURE(VIRTIO_CONSOLE_F_SIZE) |
			      VIRTIO_FEATURE(VIRTIO_CONSOLE_F_MULTIPORT));
	if (rc < 0)
		return rc;
	if (!virtio_has_feature(vdev, VIRTIO_CONSOLE_F_MULTIPORT)) {
		uk_pr_warn("virtio-console: %s: no multiport support; device ignored\n",
			   vdev->name);
		return -ENOTSUP;
	}
	vc = uk_calloc(uk_alloc_get_default(), 1, sizeof(*vc));
	if (!vc)
		return -ENOMEM;
	vc->vdev = vdev;
	vdev->drv_priv = vc;
	rc = virtio_config_read(vdev, CFG_MAX_NR_PORTS, &vc->max_nr_ports,
				sizeof(vc->max_nr_ports));
	if (rc < 0)
		return rc;
	if (!vc->max_nr_ports || vc->max_nr_ports > MAX_NR_PORTS_LIMIT) {
		virtio_dev_broken(vdev, "max_nr_ports %u (1..%u)",
				  vc->max_nr_ports, MAX_NR_PORTS_LIMIT);
		return -EIO;
	}
	if (virtio_has_feature(vdev, VIRTIO_CONSOLE_F_SIZE)) {
		virtio_config_read(vdev, CFG_COLS, &vc->cols, sizeof(vc->cols));
		virtio_config_read(vdev, CFG_ROWS, &vc->rows, sizeof(vc->rows));
	}
	vc->nports = UK_MIN(vc->max_nr_ports, (uint32_t)VCON_PORTS_MAX);
	rc = ctrl_setup(vc);
	for (i = 0; !rc && i < vc->nports; i++)
		rc = port_setup(vc, i);
	if (rc < 0)
		goto fail;
	rc = virtio_driver_ok(vdev);
	if (rc < 0)
		goto fail;
	rc = virtqueue_kick(vc->crxq);
	if (rc >= 0)
		rc = handshake(vc);
	if (rc < 0)
		goto fail;
	vc->next = vcon_list;
	vcon_list = vc;
	for (i = 0; i < vc->nports; i++)
		if (vc->port[i].added)
			uk_pr_info("virtio-console: port %u \"%s\"%s%s%s\n",
				   i, vc->port[i].name,
				   vc->port[i].ready ? " ready" : "",
				   vc->port[i].console ? " console" : "",
				   vc->port[i].host_open ? " host-open" : "");
	return 0;
fail:
	/*
	 * Queues and buffers stay allocated (the device may still own
	 * them); the device is reset so it stops using them.
	 */
	uk_pr_err("virtio-console: %s: set-up failed (%d)\n", vdev->name, rc);
	if (!vdev->broken)
		vdev->ops->reset(vdev);
	return rc;
}

static const struct virtio_driver vcon_driver = {
	.name = "virtio-console",
	.device_id = VIRTIO_ID_CONSOLE,
	.probe = vcon_probe,
};
VIRTIO_DRIVER_REGISTER(vcon_driver);
