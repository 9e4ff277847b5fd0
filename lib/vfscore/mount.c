/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File system registry and mounts. At boot (rootfs init class) the file
 * system named by vfs.rootfs becomes "/" (priority 1), then the vfs.mounts
 * list is mounted (priority 5), so that an initrd unpacked in between
 * (ukcpio, priority 3) lands in the root file system.
 *
 *	vfs.rootfs=ramfs			(CONFIG_LIBVFSCORE_ROOTFS)
 *	vfs.mounts=devfs:/dev,ramfs:/tmp	(CONFIG_LIBVFSCORE_MOUNTS)
 *
 * A mount point that does not exist yet is created (mode 0755).
 */
#include <uk/init.h>
#include "vfs_impl.h"

UK_LIST_HEAD(vfs_mounts);
static uint32_t next_dev_minor = 16;	/* 0:1 is anonymous vnodes' */

UK_TABLE_DEFINE(ukfs, struct uk_fs);

const struct uk_fs *uk_fs_find(const char *name)
{
	const struct uk_fs *fs;

	uk_table_foreach(fs, ukfs)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

static void print_known_fs(void)
{
	const struct uk_fs *fs;

	uk_table_foreach(fs, ukfs)
		uk_printf(" %s", fs->name);
}

/* Create the missing directories of absolute @path. */
static int mkdir_p(const char *path)
{
	char *buf;
	size_t i, n = strlen(path);
	int rc = 0;

	if (n >= UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	buf = vfs_malloc(n + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n && rc == 0; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		rc = uk_vfs_mkdirat(AT_FDCWD, buf, 0755);
		if (rc == -EEXIST)
			rc = 0;
		buf[i] = path[i];
	}
	vfs_free(buf);
	return rc;
}

/* Make @vn the root of the name space and the working directory. */
static void set_root(struct uk_vnode *vn)
{
	vfs_root = uk_vnode_hold(vn);
	vfs_cwd = uk_vnode_hold(vn);
}

int uk_vfs_mount(const char *fsname, const char *path, const char *source,
		 unsigned long flags, const void *data, bool mkdir)
{
	const struct uk_fs *fs = uk_fs_find(fsname);
	struct uk_vnode *start = NULL;
	struct uk_mount *mp;
	struct vfs_nd nd = { 0 };
	int rc;

	if (!fs)
		return -ENODEV;
	if (!path || path[0] != '/')
		return -EINVAL;
	if (vfs_root && mkdir) {
		rc = mkdir_p(path);
		if (rc < 0)
			return rc;
	}
	mp = vfs_calloc(1, sizeof(*mp));
	if (!mp)
		return -ENOMEM;
	mp->fs = fs;
	mp->flags = flags;
	uk_list_init(&mp->link);

	vfs_lock_ns();
	if (vfs_root) {
		rc = vfs_start(AT_FDCWD, path, false, &start);
		if (rc == 0)
			rc = vfs_namei(start, path, VFS_LOOKUP_FOLLOW, &nd);
		if (rc < 0)
			goto out_free;
		if (!vfs_isdir(nd.vn)) {
			rc = -ENOTDIR;
			goto out_put;
		}
		/* no stacking: one file system per mount point */
		if (nd.vn->mnt && nd.vn == nd.vn->mnt->root) {
			rc = -EBUSY;
			goto out_put;
		}
	} else if (strspn(path, "/") != strlen(path)) {
		rc = -ENOENT;	/* the first mount must be "/" */
		goto out_free;
	}
	mp->dev = uk_vfs_makedev(0, next_dev_minor++);
	rc = fs->ops->mount(mp, source, data);
	if (rc < 0)
		goto out_put;
	UK_ASSERT(mp->root && vfs_isdir(mp->root));
	if (vfs_root) {
		mp->covered = nd.vn;	/* keeps namei's reference */
		nd.vn->covered_by = mp;
		nd.vn = NULL;
	} else {
		set_root(mp->root);
	}
	uk_list_add_tail(&mp->link, &vfs_mounts);
	rc = 0;
out_put:
	vfs_nd_put(&nd);
out_free:
	uk_vnode_release(start);
	vfs_unlock_ns();
	if (rc < 0)
		vfs_free(mp);
	return rc;
}

int vfs_mount_root(const char *fsname)
{
	int rc;

	if (vfs_root)
		return -EBUSY;
	rc = uk_vfs_mount(fsname, "/", NULL, 0, NULL, false);
	if (rc == -ENODEV) {
		uk_pr_err("vfs: vfs.rootfs=%s: unknown file system (known:",
			  fsname);
		print_known_fs();
		uk_printf(")\n");
	} else if (rc < 0) {
		uk_pr_err("vfs: cannot mount %s as the root: %d\n", fsname,
			  rc);
	}
	return rc;
}

/* Mount one "fs:/path" item of a vfs.mounts list (@len bytes of @item). */
static int mount_item(const char *item, size_t len)
{
	char fsname[32], *path;
	const char *colon = memchr(item, ':', len);
	size_t flen;
	int rc;

	if (!colon || colon == item || colon + 1 == item + len ||
	    colon[1] != '/') {
		uk_pr_err("vfs: vfs.mounts: bad entry \"%.*s\" (expected fs:/path)\n",
			  (int)len, item);
		return -EINVAL;
	}
	flen = (size_t)(colon - item);
	if (flen >= sizeof(fsname)) {
		uk_pr_err("vfs: vfs.mounts: file system name too long in \"%.*s\"\n",
			  (int)len, item);
		return -EINVAL;
	}
	memcpy(fsname, item, flen);
	fsname[flen] = '\0';
	len -= flen + 1;
	path = vfs_malloc(len + 1);
	if (!path)
		return -ENOMEM;
	memcpy(path, colon + 1, len);
	path[len] = '\0';
	rc = uk_vfs_mount(fsname, path, NULL, 0, NULL, true);
	if (rc == -ENODEV) {
		uk_pr_err("vfs: vfs.mounts: unknown file system \"%s\" (known:",
			  fsname);
		print_known_fs();
		uk_printf(")\n");
	} else if (rc < 0) {
		uk_pr_err("vfs: vfs.mounts: cannot mount %s on %s: %d\n",
			  fsname, path, rc);
	}
	vfs_free(path);
	return rc;
}

int uk_vfs_each_item(const char *list,
		     int (*fn)(const char *item, size_t len))
{
	const char *p = list, *end;
	int rc;

	while (p && *p) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if (end > p) {
			rc = fn(p, (size_t)(end - p));
			if (rc < 0)
				return rc;
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

int vfs_mount_list(const char *list)
{
	return uk_vfs_each_item(list, mount_item);
}

/* Boot ---------------------------------------------------------------- */

static const char *rootfs = CONFIG_LIBVFSCORE_ROOTFS;
UK_VFS_PARAM(rootfs, rootfs);
static const char *mounts = CONFIG_LIBVFSCORE_MOUNTS;
UK_VFS_PARAM(mounts, mounts);

static int vfs_init_root(void)
{
	return vfs_mount_root(rootfs);
}
uk_rootfs_initcall_prio(vfs_init_root, NULL, VFS_ROOT_INIT_PRIO);

static int vfs_init_mounts(void)
{
	return vfs_mount_list(mounts);
}
uk_rootfs_initcall_prio(vfs_init_mounts, NULL, VFS_MOUNTS_INIT_PRIO);
