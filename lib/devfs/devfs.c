/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The devfs file system: a fixed directory holding one node per device
 * registered with UK_DEVFS_REGISTER(). Nodes keep their own mode, owner
 * and times (chmod and touch work); the data operations go to the
 * device's vnops. The name space is fixed: creating or removing names in
 * it fails with EPERM. One empty directory, "shm", is there for a file
 * system to be mounted on (vfscore mounts a ramfs on /dev/shm by default:
 * POSIX shared memory and named semaphores).
 */
#include <errno.h>
#include <string.h>
#include <uk/devfs.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/plat/time.h>
#include "devfs_impl.h"

/* f_type reported by statfs (Linux's DEVFS_SUPER_MAGIC). */
#define DEVFS_MAGIC	0x1373


#define SHM_DIR		"shm"

struct devfs_mount {
	struct devfs_node root;
	struct devfs_node shm;		/* empty directory: a mount point */
	size_t ndev;
	struct devfs_node nodes[];
};

UK_TABLE_DEFINE(devfs, struct uk_devfs_device);

static inline struct devfs_mount *DM(struct uk_vnode *vn)
{
	return vn->mnt->priv;
}

static int devfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
			struct uk_vnode **out)
{
	struct devfs_mount *dm = DM(dir);
	size_t i;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = uk_vnode_hold(&dm->root.vn);
		return 0;
	}
	if (dir != &dm->root.vn)
		return -ENOENT;		/* the empty "shm" */
	if (len == sizeof(SHM_DIR) - 1 && !memcmp(name, SHM_DIR, len)) {
		*out = uk_vnode_hold(&dm->shm.vn);
		return 0;
	}
	for (i = 0; i < dm->ndev; i++) {
		const char *n = dm->nodes[i].dev->name;

		if (strlen(n) == len && !memcmp(n, name, len)) {
			*out = uk_vnode_hold(&dm->nodes[i].vn);
			return 0;
		}
	}
	return -ENOENT;
}

static int devfs_readdir(struct uk_vnode *dir, uint64_t *pos,
			 uk_vfs_filldir_t fill, void *ctx)
{
	struct devfs_mount *dm = DM(dir);
	struct devfs_node *n;

	if (*pos == 0) {
		if (fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		if (fill(ctx, "..", 2, dm->root.vn.ino, DT_DIR, 2))
			return 0;
		*pos = 2;
	}
	if (dir != &dm->root.vn)
		return 0;
	while (*pos - 2 < dm->ndev) {
		n = &dm->nodes[*pos - 2];
		if (fill(ctx, n->dev->name, strlen(n->dev->name), n->vn.ino,
			 uk_vfs_dtype(n->mode), *pos + 1))
			return 0;
		(*pos)++;
	}
	if (*pos - 2 == dm->ndev) {
		if (fill(ctx, SHM_DIR, sizeof(SHM_DIR) - 1, dm->shm.vn.ino,
			 DT_DIR, *pos + 1))
			return 0;
		(*pos)++;
	}
	return 0;
}

static int devfs_getattr(struct uk_vnode *vn, struct uk_vattr *va)
{
	struct devfs_node *n = DN(vn);

	va->mode = n->mode;
	va->uid = n->uid;
	va->gid = n->gid;
	va->nlink = n->dev ? 1 : 2;
	va->rdev = n->dev ? uk_vfs_makedev(n->dev->major, n->dev->minor) : 0;
	if (n->dev && S_ISBLK(n->mode))
		devfs_blk_getattr(n, va);
	va->atime = n->atime;
	va->mtime = n->mtime;
	va->ctime = n->ctime;
	return 0;
}

static int devfs_setattr(struct uk_vnode *vn, const struct uk_vattr *va,
			 unsigned int mask)
{
	struct devfs_node *n = DN(vn);

	if (mask & UK_VATTR_MODE)
		n->mode = (n->mode & S_IFMT) | (va->mode & 07777);
	if (mask & UK_VATTR_UID)
		n->uid = va->uid;
	if (mask & UK_VATTR_GID)
		n->gid = va->gid;
	if (mask & UK_VATTR_ATIME)
		n->atime = va->atime;
	if (mask & UK_VATTR_MTIME)
		n->mtime = va->mtime;
	n->ctime = (mask & UK_VATTR_CTIME) ? va->ctime
					   : (int64_t)ukplat_wall_clock();
	return 0;
}

/* Data operations: the device's. */

static const struct uk_vnops *dev_ops(struct uk_vnode *vn)
{
	return DN(vn)->dev->ops;
}

static int devfs_open(struct uk_vnode *vn, struct uk_file *f)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->open ? ops->open(vn, f) : 0;
}

static void devfs_close(struct uk_vnode *vn, struct uk_file *f)
{
	const struct uk_vnops *ops = dev_ops(vn);

	if (ops->close)
		ops->close(vn, f);
}

static ssize_t devfs_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			  size_t len, off_t off)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->read ? ops->read(vn, f, buf, len, off) : -EINVAL;
}

static ssize_t devfs_write(struct uk_vnode *vn, struct uk_file *f,
			   const void *buf, size_t len, off_t *off)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->write ? ops->write(vn, f, buf, len, off) : -EINVAL;
}

static unsigned int devfs_poll(struct uk_vnode *vn, struct uk_file *f)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->poll ? ops->poll(vn, f)
			 : POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

static int devfs_ioctl(struct uk_vnode *vn, struct uk_file *f,
		       unsigned long cmd, void *arg)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->ioctl ? ops->ioctl(vn, f, cmd, arg) : -ENOTTY;
}

static int devfs_fsync(struct uk_vnode *vn)
{
	const struct uk_vnops *ops = dev_ops(vn);

	return ops->fsync ? ops->fsync(vn) : 0;
}

static const struct uk_vnops devfs_dir_ops = {
	.lookup = devfs_lookup,
	.readdir = devfs_readdir,
	.getattr = devfs_getattr,
	.setattr = devfs_setattr,
};

static const struct uk_vnops devfs_dev_ops = {
	.getattr = devfs_getattr,
	.setattr = devfs_setattr,
	.open = devfs_open,
	.close = devfs_close,
	.read = devfs_read,
	.write = devfs_write,
	.fsync = devfs_fsync,
	.poll = devfs_poll,
	.ioctl = devfs_ioctl,
};

static void node_init(struct devfs_node *n, struct uk_mount *mp,
		      const struct uk_vnops *ops, uint32_t mode,
		      uint64_t ino, int64_t now)
{
	uk_vnode_init(&n->vn, ops, mp, mode, ino, n);
	n->mode = mode;
	n->atime = n->mtime = n->ctime = now;
}

static int devfs_mount(struct uk_mount *mp, const char *source,
		       const void *data)
{
	const struct uk_devfs_device *d;
	struct devfs_mount *dm;
	int64_t now = (int64_t)ukplat_wall_clock();
	size_t n = 0, i = 0, ntab;

	uk_table_foreach(d, devfs)
		n++;
	ntab = n;
	n += devfs_blk_count();
	dm = uk_calloc(uk_alloc_get_default(), 1,
		       sizeof(*dm) + n * sizeof(dm->nodes[0]));
	if (!dm)
		return -ENOMEM;
	dm->ndev = n;
	mp->priv = dm;
	node_init(&dm->root, mp, &devfs_dir_ops, S_IFDIR | 0755, 1, now);
	node_init(&dm->shm, mp, &devfs_dir_ops, S_IFDIR | 01777, n + 2, now);
	uk_table_foreach(d, devfs) {
		node_init(&dm->nodes[i], mp, &devfs_dev_ops, d->mode, i + 2,
			  now);
		dm->nodes[i].dev = d;
		dm->nodes[i].vn.flags = d->flags;
		/* the mount owns the nodes; lookups add references */
		i++;
	}
	for (; i < n; i++) {
		d = devfs_blk_device(i - ntab);
		node_init(&dm->nodes[i], mp, &devfs_dev_ops, d->mode, i + 2,
			  now);
		dm->nodes[i].dev = d;
		dm->nodes[i].vn.flags = d->flags;
	}
	mp->root = &dm->root.vn;
	return 0;
}

static int devfs_statfs(struct uk_mount *mp, struct uk_statfs *st)
{
	struct devfs_mount *dm = mp->priv;

	st->magic = DEVFS_MAGIC;
	st->bsize = 4096;
	st->files = dm->ndev + 2;
	st->namelen = UK_VFS_NAME_MAX;
	return 0;
}

static const struct uk_vfsops devfs_vfsops = {
	.mount = devfs_mount,
	.statfs = devfs_statfs,
};

UK_FS_REGISTER(devfs, &devfs_vfsops);
