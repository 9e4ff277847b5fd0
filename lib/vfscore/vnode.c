/* SPDX-License-Identifier: BSD-3-Clause */
/* Vnode reference counting, anonymous vnodes, attributes. */
#include <uk/plat/time.h>
#include "vfs_impl.h"

struct uk_mutex vfs_lock = UK_MUTEX_INITIALIZER(vfs_lock, UK_MUTEX_RECURSIVE);

struct uk_vnode *vfs_root;
struct uk_vnode *vfs_cwd;

/* Device number of anonymous vnodes (Linux reports 0:N for pipes). */
#define VFS_ANON_DEV	uk_vfs_makedev(0, 1)

static uint64_t anon_ino = 1;

void uk_vnode_init(struct uk_vnode *vn, const struct uk_vnops *ops,
		   struct uk_mount *mnt, uint32_t type, uint64_t ino,
		   void *priv)
{
	UK_ASSERT(vn && ops);
	vn->ops = ops;
	uk_list_init(&vn->watches);
	vn->mnt = mnt;
	vn->covered_by = NULL;
	vn->type = type & S_IFMT;
	vn->flags = 0;
	vn->refs = 1;
	vn->ino = ino;
	vn->priv = priv;
}

struct uk_vnode *uk_vnode_hold(struct uk_vnode *vn)
{
	UK_ASSERT(vn);
	__atomic_add_fetch(&vn->refs, 1, __ATOMIC_RELAXED);
	return vn;
}

void uk_vnode_release(struct uk_vnode *vn)
{
	unsigned long r;

	if (!vn)
		return;
	/* not the last reference: no lock needed */
	r = __atomic_load_n(&vn->refs, __ATOMIC_RELAXED);
	while (r > 1) {
		if (__atomic_compare_exchange_n(&vn->refs, &r, r - 1, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED))
			return;
	}
	/*
	 * Maybe the last: decide under the vfs lock, where a lookup could
	 * otherwise find the node and revive it while it is being freed.
	 */
	vfs_lock_ns();
	UK_ASSERT(vn->refs > 0);
	if (__atomic_sub_fetch(&vn->refs, 1, __ATOMIC_ACQ_REL) == 0) {
		bool anon = vn->mnt == NULL;

		if (vn->ops->inactive)
			vn->ops->inactive(vn);
		if (anon)
			vfs_free(vn);
	}
	vfs_unlock_ns();
}

int uk_vnode_new_anon(const struct uk_vnops *ops, uint32_t type,
		      uint32_t flags, void *priv, struct uk_vnode **out)
{
	struct uk_vnode *vn = vfs_malloc(sizeof(*vn));

	if (!vn)
		return -ENOMEM;
	uk_vnode_init(vn, ops, NULL, type,
		      __atomic_fetch_add(&anon_ino, 1, __ATOMIC_RELAXED),
		      priv);
	vn->flags = flags;
	*out = vn;
	return 0;
}

int64_t vfs_now(void)
{
	return (int64_t)ukplat_wall_clock();
}

int vfs_getattr_locked(struct uk_vnode *vn, struct uk_vattr *va)
{
	memset(va, 0, sizeof(*va));
	if (vn->ops->getattr) {
		int rc = vn->ops->getattr(vn, va);

		if (rc < 0)
			return rc;
	} else {
		va->mode = vn->type | 0600;
		va->nlink = 1;
		va->blksize = 4096;
	}
	/* identity is vfscore's, whatever the file system said */
	va->mode = (va->mode & ~S_IFMT) | vn->type;
	va->ino = vn->ino;
	va->dev = vn->mnt ? vn->mnt->dev : VFS_ANON_DEV;
	if (!va->blksize)
		va->blksize = 4096;
	return 0;
}

int vfs_getattr(struct uk_vnode *vn, struct uk_vattr *va)
{
	int rc;

	vfs_lock_ns();
	rc = vfs_getattr_locked(vn, va);
	vfs_unlock_ns();
	return rc;
}
