/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Path resolution: components, ".", "..", mount points (down into a
 * mounted file system, up out of its root), symbolic links (a link's
 * target replaces the link in the remaining path; at most
 * UK_VFS_SYMLOOP_MAX per resolution), trailing slashes. And getcwd,
 * which walks the other way.
 */
#include "vfs_impl.h"

static bool is_dot(const char *name, size_t len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

int vfs_lookup_dotdot(struct uk_vnode *dir, struct uk_vnode **out)
{
	struct uk_vnode *d = dir;

	/* leave mounted file systems through their mount points */
	while (d != vfs_root && d->mnt && d == d->mnt->root &&
	       d->mnt->covered)
		d = d->mnt->covered;
	if (d == vfs_root || !d->ops->lookup) {
		*out = uk_vnode_hold(d);
		return 0;
	}
	return d->ops->lookup(d, "..", 2, out);
}

/* Entry @name of directory @dir, entering what is mounted on it; held. */
static int lookup_one(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out)
{
	struct uk_vnode *vn, *top;
	int rc;

	if (is_dot(name, len)) {
		*out = uk_vnode_hold(dir);
		return 0;
	}
	if (is_dotdot(name, len))
		return vfs_lookup_dotdot(dir, out);
	if (!dir->ops->lookup)
		return -ENOENT;
	rc = dir->ops->lookup(dir, name, len, &vn);
	if (rc < 0)
		return rc;
	while (vn->covered_by) {
		top = uk_vnode_hold(vn->covered_by->root);
		uk_vnode_release(vn);
		vn = top;
	}
	*out = vn;
	return 0;
}

/*
 * Replace the path in @buf by the target of link @vn followed by @rest
 * (a suffix of @buf), using @tmp (UK_VFS_PATH_MAX bytes) as scratch.
 */
static int splice_link(struct uk_vnode *vn, const char *rest, char *tmp)
{
	size_t restlen = strlen(rest);
	ssize_t n;

	if (!vn->ops->readlink)
		return -EINVAL;
	n = vn->ops->readlink(vn, tmp, UK_VFS_PATH_MAX);
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n + restlen >= UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(tmp + n, rest, restlen + 1);
	return 0;
}

int vfs_namei(struct uk_vnode *start, const char *path, unsigned int flags,
	      struct vfs_nd *nd)
{
	struct uk_vnode *cur, *vn;
	unsigned int links = 0;
	char *buf, *tmp, *swap, *p, *q;
	const char *name;
	size_t plen, len;
	bool last, slash;
	int rc;

	nd->dir = NULL;
	nd->vn = NULL;
	nd->last[0] = '\0';
	nd->lastlen = 0;
	nd->dot = false;
	nd->slash = false;
	plen = strnlen(path, UK_VFS_PATH_MAX);
	if (plen == 0)
		return -ENOENT;
	if (plen >= UK_VFS_PATH_MAX)
		return -ENAMETOOLONG;
	if (!vfs_root)
		return -ENOENT;
	buf = vfs_malloc(2 * UK_VFS_PATH_MAX);
	if (!buf)
		return -ENOMEM;
	tmp = buf + UK_VFS_PATH_MAX;
	memcpy(buf, path, plen + 1);
	p = buf;
	cur = uk_vnode_hold(*p == '/' ? vfs_root : start);

	for (;;) {
		while (*p == '/')
			p++;
		if (!*p) {
			/* nothing but slashes: the path names cur itself */
			nd->dir = cur;
			nd->vn = uk_vnode_hold(cur);
			nd->dot = true;		/* lastlen 0: the root */
			nd->slash = true;
			cur = NULL;
			rc = 0;
			break;
		}
		if (!vfs_isdir(cur)) {
			rc = -ENOTDIR;
			break;
		}
		name = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - name);
		if (len > UK_VFS_NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		for (q = p; *q == '/'; q++)
			;
		last = *q == '\0';
		slash = q != p;

		rc = lookup_one(cur, name, len, &vn);
		if (rc == -ENOENT && last && (flags & VFS_LOOKUP_MAYBE)) {
			vn = NULL;
			rc = 0;
		}
		if (rc < 0)
			break;

		if (vn && vn->type == S_IFLNK &&
		    (!last || slash || (flags & VFS_LOOKUP_FOLLOW))) {
			if (++links > UK_VFS_SYMLOOP_MAX)
				rc = -ELOOP;
			else
				rc = splice_link(vn, p, tmp);
			uk_vnode_release(vn);
			if (rc < 0)
				break;
			swap = buf;
			buf = tmp;
			tmp = swap;
			p = buf;
			if (*p == '/') {
				uk_vnode_release(cur);
				cur = uk_vnode_hold(vfs_root);
			}
			continue;
		}

		if (last) {
			memcpy(nd->last, name, len);
			nd->last[len] = '\0';
			nd->lastlen = len;
			nd->dot = is_dot(name, len) || is_dotdot(name, len);
			nd->slash = slash;
			if (vn && slash && !vfs_isdir(vn)) {
				uk_vnode_release(vn);
				rc = -ENOTDIR;
				break;
			}
			nd->dir = cur;
			nd->vn = vn;
			cur = NULL;
			break;
		}
		uk_vnode_release(cur);
		cur = vn;
	}
	if (cur)
		uk_vnode_release(cur);
	/* buf and tmp may have swapped: free the allocation's start */
	vfs_free(buf < tmp ? buf : tmp);
	return rc;
}

void vfs_nd_put(struct vfs_nd *nd)
{
	uk_vnode_release(nd->vn);
	uk_vnode_release(nd->dir);
	nd->vn = NULL;
	nd->dir = NULL;
}

int vfs_start(int dirfd, const char *path, bool empty_ok,
	      struct uk_vnode **out)
{
	struct uk_file *f;
	struct uk_vnode *vn;

	if ((path && path[0] == '/') || dirfd == AT_FDCWD) {
		vfs_lock_ns();
		vn = (path && path[0] == '/') ? vfs_root : vfs_cwd;
		if (vn)
			uk_vnode_hold(vn);
		vfs_unlock_ns();
		if (!vn)
			return -ENOENT;
		*out = vn;
		return 0;
	}
	f = uk_fd_get(dirfd);
	if (!f)
		return -EBADF;
	vn = uk_vnode_hold(f->vn);
	uk_file_release(f);
	if (!vfs_isdir(vn) && !empty_ok) {
		uk_vnode_release(vn);
		return -ENOTDIR;
	}
	*out = vn;
	return 0;
}

/* getcwd ------------------------------------------------------------------ */

struct name_search {
	uint64_t ino;
	char *name;		/* UK_VFS_NAME_MAX + 1 bytes */
	size_t len;
	bool found;
};

static int match_ino(void *ctx, const char *name, size_t len, uint64_t ino,
		     unsigned int dtype, uint64_t next)
{
	struct name_search *s = ctx;

	if (ino != s->ino || is_dot(name, len) || is_dotdot(name, len) ||
	    len > UK_VFS_NAME_MAX)
		return 0;
	memcpy(s->name, name, len);
	s->len = len;
	s->found = true;
	return 1;
}

/* Name of directory @child in directory @parent (same mount). */
static int name_in(struct uk_vnode *parent, struct uk_vnode *child,
		   struct name_search *s)
{
	uint64_t pos = 0;
	int rc;

	if (!parent->ops->readdir)
		return -ENOENT;
	s->ino = child->ino;
	s->found = false;
	rc = parent->ops->readdir(parent, &pos, match_ino, s);
	if (rc < 0)
		return rc;
	return s->found ? 0 : -ENOENT;
}

ssize_t uk_vfs_getcwd(char *buf, size_t size)
{
	char *path, name[UK_VFS_NAME_MAX + 1];
	struct name_search s = { .name = name };
	struct uk_vnode *cur, *parent;
	size_t pos, len = 0;
	int rc = 0;

	path = vfs_malloc(UK_VFS_PATH_MAX);
	if (!path)
		return -ENOMEM;
	pos = UK_VFS_PATH_MAX - 1;
	path[pos] = '\0';
	vfs_lock_ns();
	if (!vfs_cwd) {
		rc = -ENOENT;
		goto out_unlock;
	}
	cur = uk_vnode_hold(vfs_cwd);
	while (cur != vfs_root) {
		if (cur->mnt && cur == cur->mnt->root) {
			if (!cur->mnt->covered) {
				/* a detached tree: not below the root */
				rc = -ENOENT;
				break;
			}
			parent = uk_vnode_hold(cur->mnt->covered);
			uk_vnode_release(cur);
			cur = parent;
			continue;
		}
		rc = cur->ops->lookup ? cur->ops->lookup(cur, "..", 2, &parent)
				      : -ENOENT;
		if (rc < 0)
			break;
		rc = name_in(parent, cur, &s);
		if (rc < 0) {
			uk_vnode_release(parent);
			break;
		}
		if (pos < s.len + 1) {
			uk_vnode_release(parent);
			rc = -ENAMETOOLONG;
			break;
		}
		pos -= s.len;
		memcpy(path + pos, name, s.len);
		path[--pos] = '/';
		uk_vnode_release(cur);
		cur = parent;
	}
	uk_vnode_release(cur);
out_unlock:
	vfs_unlock_ns();
	if (rc == 0) {
		if (pos == UK_VFS_PATH_MAX - 1)
			path[--pos] = '/';
		len = UK_VFS_PATH_MAX - pos;
		if (len > size)
			rc = -ERANGE;
		else
			memcpy(buf, path + pos, len);
	}
	vfs_free(path);
	return rc < 0 ? rc : (ssize_t)len;
}
