/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors 0, 1 and 2 at boot: one open file description of the
 * console, read-write, shared by all three (as a Linux init's are). It is
 * /dev/console when devfs is mounted there (rootfs init class, after the
 * mounts), else an unnamed console file.
 *
 * With the virtio-console driver, a descriptor whose port is present
 * ("kast.stdin", "kast.stdout", "kast.stderr": vconsole.c) uses it
 * instead, each its own file; the others stay on the console. Their
 * output is flushed to the host at exit (the term function).
 */
#include <errno.h>
#include <uk/devfs.h>
#include <uk/init.h>
#include <uk/print.h>
#if CONFIG_DRIVER_VIRTIO_CONSOLE
#include "vconsole.h"
#endif

extern const struct uk_vnops devfs_console_ops;

static int console_file(struct uk_file **out)
{
	struct uk_vnode *vn;
	int rc;

	rc = uk_vfs_openat(AT_FDCWD, "/dev/console", O_RDWR, 0, out);
	if (rc == 0)
		return 0;
	rc = uk_vnode_new_anon(&devfs_console_ops, S_IFCHR,
			       UK_VNODE_STREAM | UK_VNODE_POLL_TIMER, NULL,
			       &vn);
	if (rc < 0)
		return rc;
	rc = uk_file_new(vn, O_RDWR, out);
	uk_vnode_release(vn);
	return rc;
}

static int stdio_install(struct uk_file *f, int fd)
{
	int rc = uk_fd_install(f, fd, false);

	if (rc != fd) {
		uk_pr_warn("devfs: descriptor %d taken before stdio\n", fd);
		if (rc >= 0)
			uk_fd_close(rc);
	}
	return rc;
}

/* Descriptors with a virtio-console port: a bit each (0x1 is fd 0). */
static unsigned int vcon_stdio(void)
{
	unsigned int done = 0;
#if CONFIG_DRIVER_VIRTIO_CONSOLE
	struct uk_file *f;
	int fd, rc;

	for (fd = 0; fd < 3; fd++) {
		if (fd == 2 && (done & 0x2) && devfs_vcon_stderr_is_stdout()) {
			/* 2>&1 on the host: the same file, one order */
			f = uk_fd_get(1);
			if (f) {
				stdio_install(f, 2);
				uk_file_release(f);
				done |= 0x4;
				continue;
			}
		}
		rc = devfs_vcon_stdio_file(fd, &f);
		if (rc == -ENOENT)
			continue;
		if (rc < 0) {
			uk_pr_err("devfs: stdio port for descriptor %d: %d\n",
				  fd, rc);
			continue;
		}
		stdio_install(f, fd);
		uk_file_release(f);
		done |= 1U << fd;
	}
	if (done && devfs_vcon_stdio_start() < 0)
		uk_pr_warn("devfs: no readiness thread for the stdio ports: poll may wait\n");
#endif
	return done;
}

static void devfs_stdio_term(void)
{
#if CONFIG_DRIVER_VIRTIO_CONSOLE
	devfs_vcon_stdio_flush();
#endif
}

static int devfs_stdio_init(void)
{
	struct uk_file *f;
	unsigned int done;
	int fd, rc;

	done = vcon_stdio();
	if (done == 0x7)
		return 0;

	rc = console_file(&f);
	if (rc < 0) {
		uk_pr_err("devfs: cannot open the console for stdio: %d\n", rc);
		return rc;
	}
	for (fd = 0; fd < 3; fd++)
		if (!(done & (1U << fd)))
			stdio_install(f, fd);
	uk_file_release(f);
	return 0;
}
uk_rootfs_initcall_prio(devfs_stdio_init, devfs_stdio_term,
			DEVFS_STDIO_INIT_PRIO);
