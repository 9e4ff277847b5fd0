/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors 0, 1 and 2 over virtio-console ports (the driver in
 * plat/drivers/virtio-console): "kast.stdin", "kast.stdout" and
 * "kast.stderr", which kast-run connects to its own stdin, stdout and
 * stderr. Bytes pass exactly; end of file on stdin when the host's ends.
 *
 * tty truth: the host says which of its streams are terminals with
 * devfs.tty=IN,OUT,ERR (1 or 0 each) and the terminal's size with
 * devfs.winsize=COLS,ROWS; with devfs.stderr_is_stdout=1 (the host's
 * stderr is the same file as its stdout, as after 2>&1) descriptor 2 is
 * descriptor 1's file, so that the two keep their order. A descriptor whose host stream is not a
 * terminal answers termios ioctls with -ENOTTY (isatty() is 0) and
 * passes bytes untouched. The terminal ones share one termios: output
 * processing (OPOST|ONLCR: "\n" becomes "\r\n", the host terminal is
 * raw) and, on stdin, a line discipline: in canonical mode (ICANON, the
 * default) input is collected into lines with echo (ECHO, to the
 * terminal stdout or stderr), erase (VERASE, ^? or ^H), line kill
 * (VKILL, ^U), end of file (VEOF, ^D: at the start of a line a read
 * returns 0); with ICANON off bytes are handed over as they come (echoed
 * if ECHO). ICRNL turns "\r" into "\n".
 *
 * ^C (VINTR, with ISIG in either mode) sends the program a real SIGINT
 * (lib/posix-process; without it the image ends with status 130): the
 * input not yet read is dropped, as without NOFLSH, and a read of stdin
 * under way returns EINTR. Typed while the program computes, it is seen
 * at once: the port's interrupt queues a scan (deferred work, so that it
 * runs whatever thread is on the CPU, under either scheduler) that moves
 * the waiting bytes into the line discipline's buffer and looks for ^C;
 * the interrupted thread then gets the signal as the interrupt returns.
 * Without a handler, SIGINT's default action ends the image: status 130.
 *
 * Readiness: the driver's callback (interrupt context) raises a
 * semaphore; a thread then calls uk_vnode_poll_notify() for the three
 * vnodes, so poll, select and epoll wake without a timer.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/boot.h>
#include <uk/devfs.h>
#include <uk/init.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/virtio_console.h>
#include <uk/sched.h>
#include <uk/plat/irq.h>
#if CONFIG_LIBPOSIX_PROCESS
#include <signal.h>
#include <uk/process.h>
#endif
#if CONFIG_LIBUKLIBPARAM
#include <uk/libparam.h>
#endif
#include "vconsole.h"

/*
 * Lets kast-run tell from the image that it has these ports, and which
 * kernel parameters of ours it may pass (words separated by spaces).
 */
__asm__(".pushsection .kast.stdio,\"\",@progbits\n"
	".ascii \"virtio-console kast.stdin kast.stdout kast.stderr "
	"devfs.tty devfs.winsize devfs.stderr_is_stdout\"\n"
	".popsection\n");

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCGPGRP	0x540F
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B

/* c_iflag */
#define T_ICRNL		0000400
/* c_oflag */
#define T_OPOST		0000001
#define T_ONLCR		0000004
/* c_cflag */
#define T_B38400	0000017
#define T_CS8		0000060
#define T_CREAD		0000200
/* c_lflag */
#define T_ISIG		0000001
#define T_ICANON	0000002
#define T_ECHO		0000010
#define T_ECHOE		0000020
#define T_ECHOK		0000040
/* c_cc */
#define T_VINTR		0
#define T_VERASE	2
#define T_VKILL		3
#define T_VEOF		4
#define T_VTIME		5
#define T_VMIN		6

#define LINE_MAX_BYTES	4096

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

static int tty[3];
static unsigned int tty_count;
static unsigned int winsize[2];
static unsigned int winsize_count;
/* the host's stderr is its stdout (2>&1): one file for both */
static bool stderr_is_stdout;
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM_ARR(tty, int, 3);
UK_LIB_PARAM_ARR(winsize, unsigned int, 2);
UK_LIB_PARAM(stderr_is_stdout, bool);
#endif

static const char *const port_names[3] = {
	"kast.stdin", "kast.stdout", "kast.stderr"
};

struct vstream {
	struct uk_vcon_port *port;
	struct uk_vnode *vn;
	int fd;
	bool tty;
};

static struct vstream streams[3];

/* The terminal (shared by the tty streams). */
static struct uk_mutex tty_lock = UK_MUTEX_INITIALIZER(tty_lock, 0);
static struct kernel_termios tio = {
	.c_iflag = T_ICRNL,
	.c_oflag = T_OPOST | T_ONLCR,
	.c_cflag = T_B38400 | T_CS8 | T_CREAD,
	.c_lflag = T_ISIG | T_ICANON | T_ECHO | T_ECHOE | T_ECHOK,
	.c_cc = { [T_VINTR] = 3, [T_VERASE] = 0x7f, [T_VKILL] = 0x15,
		  [T_VEOF] = 4, [T_VTIME] = 0, [T_VMIN] = 1 },
};
static struct kernel_winsize ws = { .ws_row = 24, .ws_col = 80 };
/* canonical mode: the line being edited, and a finished one */
static char line[LINE_MAX_BYTES];
static size_t line_len;		/* bytes in line[] */
static size_t line_ready;	/* a finished line: its bytes at line[0..] */
static bool line_eof;		/* ^D ended the finished line */

static struct uk_semaphore notify_sem = UK_SEMAPHORE_INITIALIZER(notify_sem, 0);
static volatile bool notify_pending;
static volatile bool intr_scan_queued;
static void intr_scan(void *arg);

static void port_changed(void *arg)
{
	struct vstream *s = arg;

	if (s == &streams[0] && s->tty && (tio.c_lflag & T_ISIG) &&
	    !intr_scan_queued && ukplat_irq_defer(intr_scan, NULL) == 0)
		intr_scan_queued = true;
	if (!notify_pending) {
		notify_pending = true;
		uk_semaphore_up(&notify_sem);
	}
}

static void *notify_thread(void *arg)
{
	int i;

	for (;;) {
		uk_semaphore_down(&notify_sem);
		notify_pending = false;
		for (i = 0; i < 3; i++)
			if (streams[i].vn)
				uk_vnode_poll_notify(streams[i].vn);
	}
	return NULL;
}

static struct vstream *stream_of(struct uk_vnode *vn)
{
	return vn->priv;
}

/* Write to a port with the terminal's output processing (tty_lock held
 * or not needed). */
static ssize_t tty_out(struct uk_vcon_port *port, const char *buf,
		       size_t len, bool nonblock)
{
	size_t i, start = 0;
	ssize_t rc;

	if (!(tio.c_oflag & T_OPOST) || !(tio.c_oflag & T_ONLCR))
		return uk_vcon_write(port, buf, len, nonblock);
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (i > start) {
			rc = uk_vcon_write(port, buf + start, i - start,
					   nonblock);
			if (rc < 0)
				return start ? (ssize_t)start : rc;
		}
		if (i < len) {
			rc = uk_vcon_write(port, "\r\n", 2, nonblock);
			if (rc < 0)
				return i ? (ssize_t)i : rc;
		}
		start = i + 1;
	}
	return (ssize_t)len;
}

/* Where echo goes: the terminal's stdout, else its stderr, else none. */
static void echo_nb(const char *s, size_t n, bool nonblock)
{
	int i;

	if (!(tio.c_lflag & T_ECHO))
		return;
	for (i = 1; i < 3; i++)
		if (streams[i].port && streams[i].tty) {
			tty_out(streams[i].port, s, n, nonblock);
			return;
		}
}

static void echo(const char *s, size_t n)
{
	echo_nb(s, n, false);
}

/* Bytes read from the port and not yet through the line discipline. */
static char pend[256];
static size_t pend_len, pend_off;

/*
 * ^C (tty_lock held): drop the input not yet read, then SIGINT for the
 * program. @deferred: from intr_scan(), which must not block.
 */
static void intr_signal(bool deferred)
{
	echo_nb("^C\n", 3, deferred);
	line_len = 0;
	line_ready = 0;
	pend_off = 0;
	pend_len = 0;
#if CONFIG_LIBPOSIX_PROCESS
	uk_posix_kill_process(SIGINT);
#else
	if (!deferred) {
		int i;

		for (i = 1; i < 3; i++)
			if (streams[i].port)
				uk_vcon_flush(streams[i].port);
		/* SIGINT's default action: the program ends, 128 + 2 */
		ukboot_exit(130);
	}
#endif
}

/*
 * Deferred work queued by the stdin port's interrupt: take what waits in
 * the port into pend[] and look for ^C there, unless a reader holds the
 * terminal (it sees the bytes itself). It must neither block nor switch
 * threads: trylock, non-blocking read, and preemption held off (the
 * interrupt's exit hook switches if one is due).
 */
static void intr_scan(void *arg)
{
	struct uk_vcon_port *port = streams[0].port;
	size_t i, start;
	ssize_t n;

	intr_scan_queued = false;
	if (!port)
		return;
	uk_preempt_disable();
	if (uk_mutex_trylock(&tty_lock) == 0) {
		if ((tio.c_lflag & T_ISIG) && pend_off) {
			memmove(pend, pend + pend_off, pend_len - pend_off);
			pend_len -= pend_off;
			pend_off = 0;
		}
		if ((tio.c_lflag & T_ISIG) && pend_len < sizeof(pend)) {
			start = pend_len;
			n = uk_vcon_read(port, pend + start,
					 sizeof(pend) - start, true);
			if (n > 0) {
				pend_len += (size_t)n;
				for (i = start; i < pend_len; i++)
					if (pend[i] == (char)tio.c_cc[T_VINTR])
						break;
				if (i < pend_len)
					intr_signal(true);
			}
			/* arms the port's interrupt when it is empty */
			uk_vcon_poll(port);
		}
		uk_mutex_unlock(&tty_lock);
	}
	/* not uk_preempt_enable(): it could switch threads from here */
	uk_sched_preempt_count--;
}

/*
 * Canonical input (tty_lock held): feed bytes from the port into line[]
 * until a line is finished. 0 (line_ready or line_eof set), or a
 * negative errno; end of the host stream finishes the line too.
 */
static int canon_fill(struct uk_vcon_port *port, bool nonblock)
{
	ssize_t n;
	char c;

	while (!line_ready && !line_eof) {
		if (pend_off == pend_len) {
			n = uk_vcon_read(port, pend, sizeof(pend), nonblock);
			if (n < 0)
				return (int)n;
			if (n == 0) {
				/* the host's stream ended: the line, then EOF */
				line_ready = line_len;
				line_eof = true;
				return 0;
			}
			pend_off = 0;
			pend_len = (size_t)n;
		}
		c = pend[pend_off++];
		if (c == '\r' && (tio.c_iflag & T_ICRNL))
			c = '\n';
		if ((tio.c_lflag & T_ISIG) && c == (char)tio.c_cc[T_VINTR]) {
			intr_signal(false);
			return -EINTR;
		}
		if (c == (char)tio.c_cc[T_VERASE] || c == '\b') {
			if (line_len) {
				line_len--;
				echo("\b \b", 3);
			}
			continue;
		}
		if (c == (char)tio.c_cc[T_VKILL]) {
			while (line_len) {
				line_len--;
				echo("\b \b", 3);
			}
			continue;
		}
		if (c == (char)tio.c_cc[T_VEOF]) {
			/* the line so far without a newline, or EOF */
			line_ready = line_len;
			line_eof = !line_len;
			return 0;
		}
		if (line_len == sizeof(line) - 1 && c != '\n')
			continue;	/* full: only a newline fits */
		line[line_len++] = c;
		echo(&c, 1);
		if (c == '\n')
			line_ready = line_len;
	}
	return 0;
}

static ssize_t tty_read(struct vstream *s, void *buf, size_t len,
			bool nonblock)
{
	ssize_t n, i;
	char *p = buf;

	uk_mutex_lock(&tty_lock);
	if (!(tio.c_lflag & T_ICANON)) {
		/* what intr_scan() took from the port comes first */
		if (pend_off < pend_len) {
			n = (ssize_t)UK_MIN(len, pend_len - pend_off);
			memcpy(buf, pend + pend_off, (size_t)n);
			pend_off += (size_t)n;
		} else {
			n = uk_vcon_read(s->port, buf, len, nonblock);
		}
		for (i = 0; i < n; i++) {
			if ((tio.c_lflag & T_ISIG) &&
			    p[i] == (char)tio.c_cc[T_VINTR]) {
				intr_signal(false);
				uk_mutex_unlock(&tty_lock);
				return -EINTR;
			}
			if (p[i] == '\r' && (tio.c_iflag & T_ICRNL))
				p[i] = '\n';
		}
		if (n > 0)
			echo(buf, (size_t)n);
		uk_mutex_unlock(&tty_lock);
		return n;
	}
	n = canon_fill(s->port, nonblock);
	if (n == 0) {
		n = (ssize_t)UK_MIN(len, line_ready);
		memcpy(buf, line, (size_t)n);
		memmove(line, line + n, line_len - (size_t)n);
		line_len -= (size_t)n;
		line_ready -= (size_t)n;
		/* an empty finished line is end of file, read once */
		if (!n && line_eof)
			line_eof = false;
	}
	uk_mutex_unlock(&tty_lock);
	return n;
}

static ssize_t vs_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
		       size_t len, off_t off)
{
	struct vstream *s = stream_of(vn);
	bool nonblock = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
			O_NONBLOCK;

	if (s->tty)
		return tty_read(s, buf, len, nonblock);
	return uk_vcon_read(s->port, buf, len, nonblock);
}

static ssize_t vs_write(struct uk_vnode *vn, struct uk_file *f,
			const void *buf, size_t len, off_t *off)
{
	struct vstream *s = stream_of(vn);
	bool nonblock = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) &
			O_NONBLOCK;

	if (s->tty)
		return tty_out(s->port, buf, len, nonblock);
	return uk_vcon_write(s->port, buf, len, nonblock);
}

static unsigned int vs_poll(struct uk_vnode *vn, struct uk_file *f)
{
	struct vstream *s = stream_of(vn);
	unsigned int r = uk_vcon_poll(s->port), ev = 0;

	if (s->fd == 0) {
		if (r & UK_VCON_READABLE)
			ev |= POLLIN | POLLRDNORM;
		if (s->tty && (tio.c_lflag & T_ICANON) && !line_ready &&
		    !line_eof && !(r & UK_VCON_HUP))
			ev &= ~(POLLIN | POLLRDNORM);	/* no full line yet */
		if (s->tty && (line_ready || line_eof))
			ev |= POLLIN | POLLRDNORM;
		/* bytes intr_scan() took from the port */
		if (s->tty && !(tio.c_lflag & T_ICANON) && pend_off < pend_len)
			ev |= POLLIN | POLLRDNORM;
	} else {
		if (r & UK_VCON_WRITABLE)
			ev |= POLLOUT | POLLWRNORM;
		if (r & UK_VCON_HUP)
			ev |= POLLERR;
	}
	if (r & UK_VCON_HUP)
		ev |= POLLHUP;
	if (r & UK_VCON_ERR)
		ev |= POLLERR;
	return ev;
}

static int vs_ioctl(struct uk_vnode *vn, struct uk_file *f,
		    unsigned long cmd, void *arg)
{
	struct vstream *s = stream_of(vn);
	struct kernel_termios t;
	struct kernel_winsize w;
	int rc;

	if (!s->tty)
		return cmd == FIONREAD && s->fd == 0 ?
			uk_vfs_copyout(arg, &(int){
				(uk_vcon_poll(s->port) & UK_VCON_READABLE) &&
				uk_vcon_host_open(s->port) ? 1 : 0 },
				sizeof(int)) : -ENOTTY;
	switch (cmd) {
	case TIOCGWINSZ:
		uk_mutex_lock(&tty_lock);
		w = ws;
		uk_mutex_unlock(&tty_lock);
		return uk_vfs_copyout(arg, &w, sizeof(w));
	case TIOCSWINSZ:
		rc = uk_vfs_copyin(&w, arg, sizeof(w));
		if (rc < 0)
			return rc;
		uk_mutex_lock(&tty_lock);
		ws = w;
		uk_mutex_unlock(&tty_lock);
		return 0;
	case TCGETS:
		uk_mutex_lock(&tty_lock);
		t = tio;
		uk_mutex_unlock(&tty_lock);
		return uk_vfs_copyout(arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		rc = uk_vfs_copyin(&t, arg, sizeof(t));
		if (rc < 0)
			return rc;
		if (cmd != TCSETS)
			for (rc = 1; rc < 3; rc++)
				if (streams[rc].port)
					uk_vcon_flush(streams[rc].port);
		uk_mutex_lock(&tty_lock);
		tio = t;
		if (cmd == TCSETSF)
			line_len = line_ready = 0;
		uk_mutex_unlock(&tty_lock);
		return 0;
	case TIOCGPGRP:
		return uk_vfs_copyout(arg, &(int){ 1 }, sizeof(int));
	case FIONREAD:
		uk_mutex_lock(&tty_lock);
		rc = (int)line_ready;
		uk_mutex_unlock(&tty_lock);
		return uk_vfs_copyout(arg, &rc, sizeof(rc));
	}
	return -ENOTTY;
}

static const struct uk_vnops vstream_ops = {
	.read = vs_read,
	.write = vs_write,
	.poll = vs_poll,
	.ioctl = vs_ioctl,
};

int devfs_vcon_stdio_file(int fd, struct uk_file **out)
{
	struct vstream *s;
	int rc;

	if (fd < 0 || fd > 2)
		return -EINVAL;
	s = &streams[fd];
	s->port = uk_vcon_port_find(port_names[fd]);
	if (!s->port)
		return -ENOENT;
	s->fd = fd;
	s->tty = fd < (int)tty_count && tty[fd];
	if (fd == 0 && winsize_count == 2 && winsize[0] && winsize[1] &&
	    winsize[0] <= 0xffff && winsize[1] <= 0xffff) {
		ws.ws_col = (uint16_t)winsize[0];
		ws.ws_row = (uint16_t)winsize[1];
	}
	/* a pipe unless the host's stream is a terminal */
	rc = uk_vnode_new_anon(&vstream_ops, s->tty ? S_IFCHR : S_IFIFO,
			       UK_VNODE_STREAM, s, &s->vn);
	if (rc < 0)
		return rc;
	rc = uk_file_new(s->vn, fd == 0 ? O_RDONLY : O_WRONLY, out);
	if (rc < 0) {
		uk_vnode_release(s->vn);
		s->vn = NULL;
		return rc;
	}
	/* our reference stays: the notify thread uses s->vn for good */
	uk_vcon_set_notify(s->port, port_changed, s);
	return 0;
}

bool devfs_vcon_stderr_is_stdout(void)
{
	return stderr_is_stdout;
}

int devfs_vcon_stdio_start(void)
{
	struct uk_thread_attr attr = UK_THREAD_ATTR_INIT;
	static bool started;
	int rc;

	if (started)
		return 0;
	attr.name = "stdio-notify";
	attr.detached = true;
	rc = uk_thread_create_attr(NULL, &attr, notify_thread, NULL);
	if (rc < 0)
		return rc;
	started = true;
	/* a terminal's ^C is watched for from now on, read or not */
	if (streams[0].port && streams[0].tty)
		uk_vcon_poll(streams[0].port);
	return 0;
}

void devfs_vcon_stdio_flush(void)
{
	int i;

	for (i = 1; i < 3; i++)
		if (streams[i].port)
			uk_vcon_flush(streams[i].port);
}
