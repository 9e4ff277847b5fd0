/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/devfs: the nodes, and the block device nodes' hooks. */
#ifndef __DEVFS_IMPL_H__
#define __DEVFS_IMPL_H__

#include <uk/devfs.h>

struct devfs_node {
	struct uk_vnode vn;
	const struct uk_devfs_device *dev;	/* NULL for the directory */
	uint32_t mode;
	uint32_t uid;
	uint32_t gid;
	int64_t atime, mtime, ctime;
};

static inline struct devfs_node *DN(struct uk_vnode *vn)
{
	return vn->priv;
}

#ifdef CONFIG_LIBUKBLKDEV
/* Block devices (vda, vdb, ...): how many, and device @i's entry. */
size_t devfs_blk_count(void);
const struct uk_devfs_device *devfs_blk_device(size_t i);
/* What stat reports for block node @n beyond devfs's own fields. */
void devfs_blk_getattr(struct devfs_node *n, struct uk_vattr *va);
#else
static inline size_t devfs_blk_count(void)
{
	return 0;
}

static inline const struct uk_devfs_device *devfs_blk_device(size_t i)
{
	return NULL;
}

static inline void devfs_blk_getattr(struct devfs_node *n,
				     struct uk_vattr *va)
{
}
#endif

#endif /* __DEVFS_IMPL_H__ */
