/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The console as a terminal: /dev/console (5,1) and /dev/tty (5,0).
 * Writes go to ukplat_coutk() (which turns "\n" into "\r\n"); reads take
 * what ukplat_cink() has, blocking (a sleep-and-retry loop: the console
 * raises no interrupt) until at least one byte arrives unless O_NONBLOCK.
 * poll reads one byte ahead to tell whether input is waiting.
 *
 * The line discipline is raw: no echo, no line editing, no signals. The
 * one input translation done is ICRNL ("\r" -> "\n", on by default, as
 * a host terminal in raw mode sends "\r" for Enter). TCGETS reports
 * exactly that; TCSETS* store the settings and honour ICRNL; the window
 * size is 80x24 unless a program sets another.
 */
#include <errno.h>
#include <string.h>
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#include <termios.h>
#endif
#include <uk/devfs.h>
#include <uk/mutex.h>
#include <uk/thread.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>

#ifndef TCGETS
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define ICRNL		0000400
#define OPOST		0000001
#define ONLCR		0000004
#define B38400		0000017
#define CS8		0000060
#define CREAD		0000200
#define VTIME		5
#define VMIN		6
#endif

/* How often a blocked read looks for input again. */
#define CON_POLL_NS	(5 * UKPLAT_NSEC_PER_MSEC)

/* The kernel's struct termios (what TCGETS/TCSETS copy), not libc's. */
struct kernel_termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[19];
};
UK_CTASSERT(sizeof(struct kernel_termios) == 36);

struct kernel_winsize {
	uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

static struct uk_mutex con_lock = UK_MUTEX_INITIALIZER(con_lock, 0);
static int con_ahead = -1;	/* a byte poll read ahead, or -1 */
static struct kernel_termios con_tio = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD,
	.c_lflag = 0,
	.c_cc = { [VTIME] = 0, [VMIN] = 1 },
};
static struct kernel_winsize con_ws = { .ws_row = 24, .ws_col = 80 };

/* Take the input there is, up to @len bytes (console lock held). */
static size_t con_take_locked(char *buf, size_t len)
{
	size_t n = 0, i;
	int r;

	if (con_ahead >= 0 && len) {
		buf[n++] = (char)con_ahead;
		con_ahead = -1;
	}
	while (n < len) {
		r = ukplat_cink(buf + n,
				(unsigned int)UK_MIN(len - n, (size_t)4096));
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (con_tio.c_iflag & ICRNL)
		for (i = 0; i < n; i++)
			if (buf[i] == '\r')
				buf[i] = '\n';
	return n;
}

/* posix-process, when there: a signal or cancellation ends a read */
bool uk_posix_interrupted(void) __weak;

static ssize_t con_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			size_t len, off_t off)
{
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		uk_mutex_lock(&con_lock);
		n = con_take_locked(buf, len);
		uk_mutex_unlock(&con_lock);
		if (n)
			return (ssize_t)n;
		if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK)
			return -EAGAIN;
		if (uk_posix_interrupted && uk_posix_interrupted())
			return -EINTR;
		uk_thread_sleep(CON_POLL_NS);
	}
}

static ssize_t con_write(struct uk_vnode *vn, struct uk_file *f,
			 const void *buf, size_t len, off_t *off)
{
	const char *p = buf;
	size_t left = len, n;

	while (left) {
		n = UK_MIN(left, (size_t)65536);
		ukplat_coutk(p, (unsigned int)n);
		p += n;
		left -= n;
	}
	return (ssize_t)len;
}

static unsigned int con_poll(struct uk_vnode *vn, struct uk_file *f)
{
	unsigned int ev = POLLOUT | POLLWRNORM;
	char c;

	uk_mutex_lock(&con_lock);
	if (con_ahead < 0 && ukplat_cink(&c, 1) == 1)
		con_ahead = (unsigned char)c;
	if (con_ahead >= 0)
		ev |= POLLIN | POLLRDNORM;
	uk_mutex_unlock(&con_lock);
	return ev;
}

static int con_ioctl(struct uk_vnode *vn, struct uk_file *f,
		     unsigned long cmd, void *arg)
{
	struct kernel_termios tio;
	struct kernel_winsize ws;
	int rc, v;

	switch (cmd) {
	case TIOCGWINSZ:
		uk_mutex_lock(&con_lock);
		ws = con_ws;
		uk_mutex_unlock(&con_lock);
		return uk_vfs_copyout(arg, &ws, sizeof(ws));
	case TIOCSWINSZ:
		rc = uk_vfs_copyin(&ws, arg, sizeof(ws));
		if (rc < 0)
			return rc;
		uk_mutex_lock(&con_lock);
		con_ws = ws;
		uk_mutex_unlock(&con_lock);
		return 0;
	case TCGETS:
		uk_mutex_lock(&con_lock);
		tio = con_tio;
		uk_mutex_unlock(&con_lock);
		return uk_vfs_copyout(arg, &tio, sizeof(tio));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		rc = uk_vfs_copyin(&tio, arg, sizeof(tio));
		if (rc < 0)
			return rc;
		uk_mutex_lock(&con_lock);
		con_tio = tio;
		if (cmd == TCSETSF)
			con_ahead = -1;		/* flush pending input */
		uk_mutex_unlock(&con_lock);
		return 0;
	case FIONREAD:
		v = (con_poll(vn, f) & POLLIN) ? 1 : 0;
		return uk_vfs_copyout(arg, &v, sizeof(v));
	}
	return -ENOTTY;
}

/* Also the vnode operations of the console opened without devfs. */
const struct uk_vnops devfs_console_ops = {
	.read = con_read,
	.write = con_write,
	.poll = con_poll,
	.ioctl = con_ioctl,
};

UK_DEVFS_REGISTER(console, &devfs_console_ops, S_IFCHR | 0600,
		  UK_VNODE_STREAM | UK_VNODE_POLL_TIMER, 5, 1);
UK_DEVFS_REGISTER(tty, &devfs_console_ops, S_IFCHR | 0666,
		  UK_VNODE_STREAM | UK_VNODE_POLL_TIMER, 5, 0);
