/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors 0, 1 and 2 at boot: one open file description of the
 * console, read-write, shared by all three (as a Linux init's are). It is
 * /dev/console when devfs is mounted there (rootfs init class, after the
 * mounts), else an unnamed console file.
 */
#include <errno.h>
#include <uk/devfs.h>
#include <uk/init.h>
#include <uk/print.h>

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

static int devfs_stdio_init(void)
{
	struct uk_file *f;
	int fd, rc;

	rc = console_file(&f);
	if (rc < 0) {
		uk_pr_err("devfs: cannot open the console for stdio: %d\n", rc);
		return rc;
	}
	for (fd = 0; fd < 3; fd++) {
		rc = uk_fd_install(f, fd, false);
		if (rc != fd) {
			uk_pr_warn("devfs: descriptor %d taken before stdio\n",
				   fd);
			if (rc >= 0)
				uk_fd_close(rc);
		}
	}
	uk_file_release(f);
	return 0;
}
uk_rootfs_initcall_prio(devfs_stdio_init, NULL, DEVFS_STDIO_INIT_PRIO);
