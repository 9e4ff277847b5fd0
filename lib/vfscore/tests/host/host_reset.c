/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * vfs_host_reset() for host programs (host tests, fuzz targets) that run
 * many independent cases in one process: forget every descriptor and
 * mount, with the file systems' own unmount. The kernel never does this.
 */
#include "vfs_host.h"

void vfs_host_reset(void)
{
	struct uk_list_head *p, *n;
	struct uk_mount *mp;
	int fd;

	for (fd = 0; fd < UK_FD_MAX; fd++)
		uk_fd_close(fd);
	vfs_lock_ns();
	uk_vnode_release(vfs_cwd);
	uk_vnode_release(vfs_root);
	vfs_cwd = NULL;
	vfs_root = NULL;
	/* newest first: a mount's covered vnode lives in an older one */
	for (p = vfs_mounts.prev, n = p->prev; p != &vfs_mounts;
	     p = n, n = p->prev) {
		mp = uk_list_entry(p, struct uk_mount, link);
		uk_list_del(&mp->link);
		if (mp->covered) {
			mp->covered->covered_by = NULL;
			uk_vnode_release(mp->covered);
		}
		uk_vnode_release(mp->root);
		if (mp->fs->ops->unmount)
			mp->fs->ops->unmount(mp);
		vfs_free(mp);
	}
	vfs_unlock_ns();
}
