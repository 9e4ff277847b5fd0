/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Name space operations with Linux's rules and error numbers: open,
 * mkdir, unlink/rmdir, symlink, link, rename, readlink, stat, setattr,
 * truncate, chdir, statfs, umask. Paths are kernel strings; the syscall
 * layer copies the program's ones in first.
 */
#include "vfs_impl.h"

static uint32_t vfs_umask_val = 022;

uint32_t uk_vfs_umask(uint32_t mask)
{
	return __atomic_exchange_n(&vfs_umask_val, mask & 0777,
				   __ATOMIC_RELAXED);
}

static uint32_t cur_umask(void)
{
	return __atomic_load_n(&vfs_umask_val, __ATOMIC_RELAXED);
}

static bool rdonly(const struct uk_vnode *vn)
{
	return vn->mnt && (vn->mnt->flags & UK_MNT_RDONLY);
}

/* Is @vn the root of the file system mounted on it? */
static bool is_mount_root(const struct uk_vnode *vn)
{
	return vn->mnt && vn == vn->mnt->root;
}

/*
 * Resolve @path from @dirfd with @lflags, the vfs lock taken on success
 * (vfs_end() undoes both). AT_EMPTY_PATH with "" names @dirfd itself.
 */
static int vfs_begin(int dirfd, const char *path, int atflags,
		     unsigned int lflags, struct vfs_nd *nd,
		     struct uk_vnode **start)
{
	bool empty = path && !path[0] && (atflags & AT_EMPTY_PATH);
	int rc;

	if (!path)
		return -EFAULT;
	rc = vfs_start(dirfd, path, empty, start);
	if (rc < 0)
		return rc;
	vfs_lock_ns();
	if (empty) {
		memset(nd, 0, sizeof(*nd));
		nd->vn = uk_vnode_hold(*start);
		nd->dot = true;
		return 0;
	}
	rc = vfs_namei(*start, path, lflags, nd);
	if (rc < 0) {
		vfs_unlock_ns();
		uk_vnode_release(*start);
	}
	return rc;
}

static void vfs_end(struct vfs_nd *nd, struct uk_vnode *start)
{
	vfs_nd_put(nd);
	vfs_unlock_ns();
	uk_vnode_release(start);
}

int uk_vfs_openat(int dirfd, const char *path, int flags, uint32_t mode,
		  struct uk_file **out)
{
	unsigned int lflags = 0, acc = flags & O_ACCMODE;
	struct uk_vnode *start, *vn = NULL;
	struct vfs_nd nd;
	bool created = false;
	int rc;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	else if (acc == O_ACCMODE)
		return -EINVAL;
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL;
	if (!(flags & O_NOFOLLOW) &&
	    (flags & (O_CREAT | O_EXCL)) != (O_CREAT | O_EXCL))
		lflags |= VFS_LOOKUP_FOLLOW;
	if (flags & O_CREAT)
		lflags |= VFS_LOOKUP_MAYBE;

	rc = vfs_begin(dirfd, path, 0, lflags, &nd, &start);
	if (rc < 0)
		return rc;
	if (flags & O_CREAT) {
		if (!nd.vn) {
			if (nd.slash)
				rc = -EISDIR;
			else if (rdonly(nd.dir))
				rc = -EROFS;
			else if (!nd.dir->ops->create)
				rc = -EPERM;
			else
				rc = nd.dir->ops->create(
					nd.dir, nd.last, nd.lastlen,
					S_IFREG | (mode & 07777 & ~cur_umask()),
					&nd.vn);
			created = rc == 0;
		} else if (flags & O_EXCL) {
			rc = -EEXIST;
		} else if (vfs_isdir(nd.vn)) {
			rc = -EISDIR;
		}
		if (rc < 0)
			goto out;
	}
	vn = nd.vn;
	if (vn->type == S_IFLNK && !(flags & O_PATH)) {
		/* O_NOFOLLOW (or O_CREAT|O_EXCL) on a link */
		rc = -ELOOP;
	} else if ((flags & O_DIRECTORY) && !vfs_isdir(vn)) {
		rc = -ENOTDIR;
	} else if (vfs_isdir(vn) && !(flags & O_PATH) &&
		   (acc != O_RDONLY || (flags & O_TRUNC))) {
		rc = -EISDIR;
	} else if (!(flags & O_PATH) && acc != O_RDONLY && rdonly(vn) &&
		   (vn->type == S_IFREG || vn->type == S_IFDIR)) {
		rc = -EROFS;
	}
	if (rc == 0)
		uk_vnode_hold(vn);
out:
	vfs_end(&nd, start);
	if (rc < 0)
		return rc;

	rc = uk_file_new(vn, (unsigned int)flags, out);
	if (rc == 0 && (flags & O_TRUNC) && !created && vn->type == S_IFREG &&
	    !(flags & O_PATH)) {
		rc = vn->ops->truncate ? vn->ops->truncate(vn, 0) : -EINVAL;
		if (rc < 0)
			uk_file_release(*out);
	}
	uk_vnode_release(vn);
	return rc;
}

int uk_vfs_mkdirat(int dirfd, const char *path, uint32_t mode)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	rc = vfs_begin(dirfd, path, 0, VFS_LOOKUP_MAYBE, &nd, &start);
	if (rc < 0)
		return rc;
	if (nd.vn)
		rc = -EEXIST;
	else if (rdonly(nd.dir))
		rc = -EROFS;
	else if (!nd.dir->ops->mkdir)
		rc = -EPERM;
	else
		rc = nd.dir->ops->mkdir(nd.dir, nd.last, nd.lastlen,
					mode & 07777 & ~cur_umask());
	vfs_end(&nd, start);
	return rc;
}

static int do_rmdir(struct vfs_nd *nd)
{
	struct uk_vnode *vn = nd->vn;

	if (nd->dot && nd->lastlen)
		return nd->lastlen == 1 ? -EINVAL : -ENOTEMPTY;
	if (vn == vfs_root || is_mount_root(vn))
		return -EBUSY;
	if (!vfs_isdir(vn))
		return -ENOTDIR;
	if (rdonly(nd->dir))
		return -EROFS;
	if (!nd->dir->ops->rmdir)
		return -EPERM;
	return nd->dir->ops->rmdir(nd->dir, nd->last, nd->lastlen, vn);
}

static int do_unlink(struct vfs_nd *nd)
{
	struct uk_vnode *vn = nd->vn;

	if (vfs_isdir(vn))
		return -EISDIR;
	if (rdonly(nd->dir))
		return -EROFS;
	if (!nd->dir->ops->unlink)
		return -EPERM;
	return nd->dir->ops->unlink(nd->dir, nd->last, nd->lastlen, vn);
}

int uk_vfs_unlinkat(int dirfd, const char *path, int flags)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	rc = vfs_begin(dirfd, path, 0, 0, &nd, &start);
	if (rc < 0)
		return rc;
	rc = (flags & AT_REMOVEDIR) ? do_rmdir(&nd) : do_unlink(&nd);
	vfs_end(&nd, start);
	if (rc == 0)
		uk_vfs_poll_notify();
	return rc;
}

int uk_vfs_symlinkat(const char *target, int dirfd, const char *path)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	size_t tlen;
	int rc;

	if (!target)
		return -EFAULT;
	tlen = strnlen(target, UK_VFS_PATH_MAX);
	if (tlen == 0)
		return -ENOENT;
	if (tlen >= UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	rc = vfs_begin(dirfd, path, 0, VFS_LOOKUP_MAYBE, &nd, &start);
	if (rc < 0)
		return rc;
	if (nd.vn)
		rc = -EEXIST;
	else if (nd.slash)
		rc = -ENOENT;
	else if (rdonly(nd.dir))
		rc = -EROFS;
	else if (!nd.dir->ops->symlink)
		rc = -EPERM;
	else
		rc = nd.dir->ops->symlink(nd.dir, nd.last, nd.lastlen, target);
	vfs_end(&nd, start);
	return rc;
}

int uk_vfs_linkat(int olddirfd, const char *oldpath, int newdirfd,
		  const char *newpath, int flags)
{
	struct uk_vnode *ostart, *nstart;
	struct vfs_nd od, nd;
	int rc;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	rc = vfs_begin(olddirfd, oldpath, flags,
		       (flags & AT_SYMLINK_FOLLOW) ? VFS_LOOKUP_FOLLOW : 0,
		       &od, &ostart);
	if (rc < 0)
		return rc;
	rc = vfs_begin(newdirfd, newpath, 0, VFS_LOOKUP_MAYBE, &nd, &nstart);
	if (rc < 0) {
		vfs_end(&od, ostart);
		return rc;
	}
	if (vfs_isdir(od.vn))
		rc = -EPERM;
	else if (nd.vn)
		rc = -EEXIST;
	else if (nd.slash)
		rc = -ENOENT;
	else if (od.vn->mnt != nd.dir->mnt)
		rc = -EXDEV;
	else if (rdonly(nd.dir))
		rc = -EROFS;
	else if (!nd.dir->ops->link)
		rc = -EPERM;
	else
		rc = nd.dir->ops->link(nd.dir, nd.last, nd.lastlen, od.vn);
	vfs_end(&nd, nstart);
	vfs_end(&od, ostart);
	return rc;
}

/* Is directory @anc @d or one of @d's ancestors (same mount)? */
static bool is_ancestor(struct uk_vnode *anc, struct uk_vnode *d)
{
	struct uk_vnode *cur = uk_vnode_hold(d), *up;
	bool found = false;

	for (;;) {
		if (cur == anc) {
			found = true;
			break;
		}
		if (is_mount_root(cur) || cur == vfs_root ||
		    !cur->ops->lookup || cur->ops->lookup(cur, "..", 2, &up))
			break;
		if (up == cur) {
			uk_vnode_release(up);
			break;
		}
		uk_vnode_release(cur);
		cur = up;
	}
	uk_vnode_release(cur);
	return found;
}

static int rename_check(struct vfs_nd *od, struct vfs_nd *nd,
			unsigned int flags)
{
	struct uk_vnode *ovn = od->vn, *nvn = nd->vn;

	if (od->dot || nd->dot)
		return -EBUSY;
	if (is_mount_root(ovn) || (nvn && is_mount_root(nvn)))
		return -EBUSY;
	if (od->dir->mnt != nd->dir->mnt)
		return -EXDEV;
	if ((flags & UK_RENAME_EXCHANGE) && !nvn)
		return -ENOENT;
	if (!vfs_isdir(ovn) && (od->slash || nd->slash) &&
	    !((flags & UK_RENAME_EXCHANGE) && vfs_isdir(nvn)))
		return -ENOTDIR;
	if (nvn && (flags & UK_RENAME_NOREPLACE))
		return -EEXIST;
	if (ovn == nvn)
		return 1;	/* the same file: nothing to do */
	if (nvn && !(flags & UK_RENAME_EXCHANGE)) {
		if (vfs_isdir(ovn) && !vfs_isdir(nvn))
			return -ENOTDIR;
		if (!vfs_isdir(ovn) && vfs_isdir(nvn))
			return -EISDIR;
	}
	/* a directory cannot move below itself */
	if (vfs_isdir(ovn) && is_ancestor(ovn, nd->dir))
		return -EINVAL;
	if ((flags & UK_RENAME_EXCHANGE) && vfs_isdir(nvn) &&
	    is_ancestor(nvn, od->dir))
		return -EINVAL;
	if (rdonly(od->dir))
		return -EROFS;
	if (!od->dir->ops->rename)
		return -EPERM;
	return 0;
}

int uk_vfs_renameat(int olddirfd, const char *oldpath, int newdirfd,
		    const char *newpath, unsigned int flags)
{
	struct uk_vnode *ostart, *nstart;
	struct vfs_nd od, nd;
	int rc;

	if (flags & ~(UK_RENAME_NOREPLACE | UK_RENAME_EXCHANGE |
		      UK_RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & UK_RENAME_NOREPLACE) && (flags & UK_RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & UK_RENAME_WHITEOUT)
		return -EINVAL;	/* no overlay file systems here */
	rc = vfs_begin(olddirfd, oldpath, 0, 0, &od, &ostart);
	if (rc < 0)
		return rc;
	rc = vfs_begin(newdirfd, newpath, 0, VFS_LOOKUP_MAYBE, &nd, &nstart);
	if (rc < 0) {
		vfs_end(&od, ostart);
		return rc;
	}
	rc = rename_check(&od, &nd, flags);
	if (rc == 0)
		rc = od.dir->ops->rename(od.dir, od.last, od.lastlen, od.vn,
					 nd.dir, nd.last, nd.lastlen, nd.vn,
					 flags);
	else if (rc == 1)
		rc = 0;
	vfs_end(&nd, nstart);
	vfs_end(&od, ostart);
	return rc;
}

ssize_t uk_vfs_readlinkat(int dirfd, const char *path, char *buf,
			  size_t size)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	ssize_t rc;

	rc = vfs_begin(dirfd, path, AT_EMPTY_PATH, 0, &nd, &start);
	if (rc < 0)
		return rc;
	if (nd.vn->type != S_IFLNK || !nd.vn->ops->readlink)
		rc = (path[0] || nd.vn->type == S_IFLNK) ? -EINVAL : -ENOENT;
	else
		rc = nd.vn->ops->readlink(nd.vn, buf, size);
	vfs_end(&nd, start);
	return rc;
}

int uk_vfs_statat(int dirfd, const char *path, int flags,
		  struct uk_vattr *va)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	rc = vfs_begin(dirfd, path, flags,
		       (flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW,
		       &nd, &start);
	if (rc < 0)
		return rc;
	rc = vfs_getattr_locked(nd.vn, va);
	vfs_end(&nd, start);
	return rc;
}

/* setattr on @vn, the vfs lock held. */
static int setattr_locked(struct uk_vnode *vn, const struct uk_vattr *va,
			  unsigned int mask)
{
	if (rdonly(vn))
		return -EROFS;
	if (!vn->ops->setattr)
		return -EPERM;
	return vn->ops->setattr(vn, va, mask);
}

int uk_vfs_setattrat(int dirfd, const char *path, int flags,
		     const struct uk_vattr *va, unsigned int mask)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	rc = vfs_begin(dirfd, path, flags,
		       (flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW,
		       &nd, &start);
	if (rc < 0)
		return rc;
	rc = setattr_locked(nd.vn, va, mask);
	vfs_end(&nd, start);
	return rc;
}

int vfs_setattr(struct uk_vnode *vn, const struct uk_vattr *va,
		unsigned int mask)
{
	int rc;

	vfs_lock_ns();
	rc = setattr_locked(vn, va, mask);
	vfs_unlock_ns();
	return rc;
}

int uk_vfs_truncate(const char *path, off_t size)
{
	struct uk_vnode *start, *vn = NULL;
	struct vfs_nd nd;
	int rc;

	if (size < 0)
		return -EINVAL;
	rc = vfs_begin(AT_FDCWD, path, 0, VFS_LOOKUP_FOLLOW, &nd, &start);
	if (rc < 0)
		return rc;
	if (vfs_isdir(nd.vn))
		rc = -EISDIR;
	else if (nd.vn->type != S_IFREG || !nd.vn->ops->truncate)
		rc = -EINVAL;
	else if (rdonly(nd.vn))
		rc = -EROFS;
	else
		vn = uk_vnode_hold(nd.vn);
	vfs_end(&nd, start);
	if (vn) {
		/* a data operation: outside the vfs lock */
		rc = vn->ops->truncate(vn, size);
		uk_vnode_release(vn);
	}
	return rc;
}

int vfs_set_cwd(struct uk_vnode *vn)
{
	struct uk_vnode *old;

	if (!vfs_isdir(vn))
		return -ENOTDIR;
	vfs_lock_ns();
	old = vfs_cwd;
	vfs_cwd = uk_vnode_hold(vn);
	uk_vnode_release(old);
	vfs_unlock_ns();
	return 0;
}

int uk_vfs_chdir(const char *path)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	rc = vfs_begin(AT_FDCWD, path, 0, VFS_LOOKUP_FOLLOW, &nd, &start);
	if (rc < 0)
		return rc;
	rc = vfs_set_cwd(nd.vn);
	vfs_end(&nd, start);
	return rc;
}

int vfs_statfs_vn(struct uk_vnode *vn, struct uk_statfs *st)
{
	struct uk_mount *mp = vn->mnt;

	memset(st, 0, sizeof(*st));
	st->bsize = 4096;
	st->namelen = UK_VFS_NAME_MAX;
	if (!mp)
		return 0;	/* pipes and other anonymous files */
	if (mp->fs->ops->statfs)
		return mp->fs->ops->statfs(mp, st);
	return 0;
}

int uk_vfs_statfs(const char *path, struct uk_statfs *st)
{
	struct uk_vnode *start;
	struct vfs_nd nd;
	int rc;

	rc = vfs_begin(AT_FDCWD, path, 0, VFS_LOOKUP_FOLLOW, &nd, &start);
	if (rc < 0)
		return rc;
	rc = vfs_statfs_vn(nd.vn, st);
	vfs_end(&nd, start);
	return rc;
}
