/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs: a read-write file system in memory, the default root.
 *
 * Every file is a ramfs_node with its vnode embedded. Directory entries
 * name nodes without holding vnode references; a node lives while an
 * entry names it (nlink > 0) or someone holds its vnode, and is freed by
 * `inactive` when neither is true. Directory entries keep insertion order
 * and carry a cookie (their readdir position) that never changes, so a
 * reader survives entries being added or removed around it.
 *
 * Name space operations run under vfscore's lock; file data, size and
 * times of a node are protected by its own mutex.
 */
#include <errno.h>
#include <string.h>
#include <uk/vfs.h>
#include <uk/ramfs.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/plat/time.h>
#include "ramfs_impl.h"

/* relatime: atime moves on read when older than mtime/ctime or a day */
#define RAMFS_ATIME_PERIOD	(24LL * 3600 * 1000000000LL)
/* Directory positions 0 and 1 are "." and ".."; entries start here. */
#define RAMFS_FIRST_COOKIE	2

struct ramfs_mount {
	uint64_t next_ino;
	uint64_t nodes;
	uint64_t pages;		/* data pages of all files (atomic) */
	struct ramfs_node *root;
};

struct ramfs_node;

struct ramfs_dirent {
	struct uk_list_head link;
	struct ramfs_node *node;
	uint64_t cookie;
	size_t len;
	char name[];
};

struct ramfs_node {
	struct uk_vnode vn;
	struct uk_mutex lock;		/* data, size and times */
	uint32_t mode;
	uint32_t uid;
	uint32_t gid;
	uint64_t nlink;
	int64_t atime, mtime, ctime, btime;
	union {
		struct {
			struct ramfs_pages pages;
			int64_t size;
		} file;
		struct {
			struct uk_list_head entries;
			uint64_t next_cookie;
			uint64_t count;
			/* NULL once removed */
			struct ramfs_node *parent;
		} dir;
		struct {
			char *target;
			size_t len;
		} lnk;
	} u;
};

static const struct uk_vnops ramfs_vnops;

static inline struct ramfs_node *RN(struct uk_vnode *vn)
{
	return vn->priv;
}

static void *rmalloc(size_t n)
{
	return uk_malloc(uk_alloc_get_default(), n);
}

static void rfree(void *p)
{
	if (p)
		uk_free(uk_alloc_get_default(), p);
}

static int64_t now(void)
{
	return (int64_t)ukplat_wall_clock();
}

/* Account the change of @n's page count since it was @before. */
static void count_pages(struct ramfs_node *n, uint64_t before)
{
	struct ramfs_mount *rm = n->vn.mnt->priv;

	__atomic_add_fetch(&rm->pages, n->u.file.pages.count - before,
			   __ATOMIC_RELAXED);
}

/* Nodes ------------------------------------------------------------------ */

/* A new node of @mode (type and permissions), held once, nlink 0. */
static struct ramfs_node *node_new(struct uk_mount *mp, uint32_t mode)
{
	struct ramfs_mount *rm = mp->priv;
	struct ramfs_node *n = uk_calloc(uk_alloc_get_default(), 1,
					 sizeof(*n));

	if (!n)
		return NULL;
	uk_vnode_init(&n->vn, &ramfs_vnops, mp, mode & S_IFMT,
		      rm->next_ino++, n);
	uk_mutex_init(&n->lock);
	n->mode = mode;
	n->atime = n->mtime = n->ctime = n->btime = now();
	if (S_ISDIR(mode)) {
		uk_list_init(&n->u.dir.entries);
		n->u.dir.next_cookie = RAMFS_FIRST_COOKIE;
	}
	rm->nodes++;
	return n;
}

static void node_free(struct ramfs_node *n)
{
	struct ramfs_mount *rm = n->vn.mnt->priv;

	if (S_ISREG(n->mode)) {
		uint64_t before = n->u.file.pages.count;

		ramfs_pages_trim(&n->u.file.pages, 0);
		count_pages(n, before);
	} else if (S_ISLNK(n->mode))
		rfree(n->u.lnk.target);
	rm->nodes--;
	rfree(n);
}

static void ramfs_inactive(struct uk_vnode *vn)
{
	struct ramfs_node *n = RN(vn);

	if (n->nlink == 0)
		node_free(n);
}

/* Directories ------------------------------------------------------------ */

static struct ramfs_dirent *dir_find(struct ramfs_node *dir,
				     const char *name, size_t len)
{
	struct uk_list_head *p;
	struct ramfs_dirent *de;

	uk_list_for_each(p, &dir->u.dir.entries) {
		de = uk_list_entry(p, struct ramfs_dirent, link);
		if (de->len == len && !memcmp(de->name, name, len))
			return de;
	}
	return NULL;
}

static struct ramfs_dirent *dirent_new(const char *name, size_t len)
{
	struct ramfs_dirent *de = rmalloc(sizeof(*de) + len);

	if (!de)
		return NULL;
	memcpy(de->name, name, len);
	de->len = len;
	de->node = NULL;
	uk_list_init(&de->link);
	return de;
}

/* Append @de naming @n to @dir (which gains a subdirectory if @n is one). */
static void dir_add(struct ramfs_node *dir, struct ramfs_dirent *de,
		    struct ramfs_node *n)
{
	de->node = n;
	de->cookie = dir->u.dir.next_cookie++;
	uk_list_add_tail(&de->link, &dir->u.dir.entries);
	dir->u.dir.count++;
	if (S_ISDIR(n->mode)) {
		n->u.dir.parent = dir;
		dir->nlink++;
	}
	dir->mtime = dir->ctime = now();
}

/* Take @de out of @dir; its node loses the link (not freed here). */
static void dir_remove(struct ramfs_node *dir, struct ramfs_dirent *de)
{
	struct ramfs_node *n = de->node;

	uk_list_del(&de->link);
	dir->u.dir.count--;
	if (S_ISDIR(n->mode)) {
		dir->nlink--;
		n->nlink = 0;
		n->u.dir.parent = NULL;
	} else {
		n->nlink--;
	}
	n->ctime = dir->mtime = dir->ctime = now();
	rfree(de);
}

static int ramfs_lookup(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode **out)
{
	struct ramfs_node *dir = RN(dvn);
	struct ramfs_dirent *de;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (!dir->u.dir.parent)
			return -ENOENT;		/* removed directory */
		*out = uk_vnode_hold(&dir->u.dir.parent->vn);
		return 0;
	}
	de = dir_find(dir, name, len);
	if (!de)
		return -ENOENT;
	*out = uk_vnode_hold(&de->node->vn);
	return 0;
}

/* A new node of @mode named @name in @dvn: held in *@out. */
static int make_node(struct uk_vnode *dvn, const char *name, size_t len,
		     uint32_t mode, struct ramfs_node **out)
{
	struct ramfs_node *dir = RN(dvn), *n;
	struct ramfs_dirent *de;

	if (!dir->u.dir.parent)
		return -ENOENT;	/* creating in a removed directory */
	de = dirent_new(name, len);
	if (!de)
		return -ENOSPC;
	n = node_new(dvn->mnt, mode);
	if (!n) {
		rfree(de);
		return -ENOSPC;
	}
	n->nlink = S_ISDIR(mode) ? 2 : 1;
	dir_add(dir, de, n);
	*out = n;
	return 0;
}

static int ramfs_create(struct uk_vnode *dvn, const char *name, size_t len,
			uint32_t mode, struct uk_vnode **out)
{
	struct ramfs_node *n;
	int rc = make_node(dvn, name, len, S_IFREG | (mode & 07777), &n);

	if (rc == 0)
		*out = &n->vn;
	return rc;
}

static int ramfs_mkdir(struct uk_vnode *dvn, const char *name, size_t len,
		       uint32_t mode)
{
	struct ramfs_node *n;
	int rc = make_node(dvn, name, len, S_IFDIR | (mode & 07777), &n);

	if (rc == 0)
		uk_vnode_release(&n->vn);
	return rc;
}

static int ramfs_symlink(struct uk_vnode *dvn, const char *name, size_t len,
			 const char *target)
{
	size_t tlen = strlen(target);
	struct ramfs_node *n;
	char *t = rmalloc(tlen + 1);
	int rc;

	if (!t)
		return -ENOSPC;
	memcpy(t, target, tlen + 1);
	rc = make_node(dvn, name, len, S_IFLNK | 0777, &n);
	if (rc < 0) {
		rfree(t);
		return rc;
	}
	n->u.lnk.target = t;
	n->u.lnk.len = tlen;
	uk_vnode_release(&n->vn);
	return 0;
}

static int ramfs_link(struct uk_vnode *dvn, const char *name, size_t len,
		      struct uk_vnode *vn)
{
	struct ramfs_node *dir = RN(dvn), *n = RN(vn);
	struct ramfs_dirent *de;

	if (!dir->u.dir.parent)
		return -ENOENT;
	if (n->nlink == 0)
		return -ENOENT;	/* no resurrection of removed files */
	de = dirent_new(name, len);
	if (!de)
		return -ENOSPC;
	n->nlink++;
	dir_add(dir, de, n);
	n->ctime = dir->mtime;
	return 0;
}

static int ramfs_unlink(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode *vn)
{
	struct ramfs_dirent *de = dir_find(RN(dvn), name, len);

	if (!de || de->node != RN(vn))
		return -ENOENT;
	dir_remove(RN(dvn), de);
	return 0;
}

static int ramfs_rmdir(struct uk_vnode *dvn, const char *name, size_t len,
		       struct uk_vnode *vn)
{
	struct ramfs_dirent *de = dir_find(RN(dvn), name, len);

	if (!de || de->node != RN(vn))
		return -ENOENT;
	if (RN(vn)->u.dir.count)
		return -ENOTEMPTY;
	dir_remove(RN(dvn), de);
	return 0;
}

/* Point entry @de (in @dir) at node @n instead, fixing link counts. */
static void dirent_retarget(struct ramfs_node *dir, struct ramfs_dirent *de,
			    struct ramfs_node *n)
{
	if (S_ISDIR(de->node->mode))
		dir->nlink--;
	de->node = n;
	if (S_ISDIR(n->mode)) {
		dir->nlink++;
		n->u.dir.parent = dir;
	}
}

static int ramfs_rename(struct uk_vnode *odvn, const char *oname,
			size_t olen, struct uk_vnode *ovn,
			struct uk_vnode *ndvn, const char *nname,
			size_t nlen, struct uk_vnode *nvn,
			unsigned int flags)
{
	struct ramfs_node *odir = RN(odvn), *ndir = RN(ndvn);
	struct ramfs_node *on = RN(ovn), *nn = nvn ? RN(nvn) : NULL;
	struct ramfs_dirent *ode, *nde, *de;
	int64_t t = now();

	ode = dir_find(odir, oname, olen);
	nde = dir_find(ndir, nname, nlen);
	if (!ode || ode->node != on || (nn && (!nde || nde->node != nn)))
		return -ENOENT;
	if (!ndir->u.dir.parent)
		return -ENOENT;
	if (flags & UK_RENAME_EXCHANGE) {
		dirent_retarget(odir, ode, nn);
		dirent_retarget(ndir, nde, on);
		on->ctime = nn->ctime = t;
		goto done;
	}
	if (nn && S_ISDIR(nn->mode) && nn->u.dir.count)
		return -ENOTEMPTY;
	/* the only allocation comes first: failure changes nothing */
	de = dirent_new(nname, nlen);
	if (!de)
		return -ENOSPC;
	if (nde)
		dir_remove(ndir, nde);
	uk_list_del(&ode->link);
	odir->u.dir.count--;
	if (S_ISDIR(on->mode))
		odir->nlink--;
	rfree(ode);
	dir_add(ndir, de, on);
	on->ctime = t;
done:
	odir->mtime = odir->ctime = t;
	ndir->mtime = ndir->ctime = t;
	return 0;
}

static ssize_t ramfs_readlink(struct uk_vnode *vn, char *buf, size_t size)
{
	struct ramfs_node *n = RN(vn);
	size_t len = UK_MIN(size, n->u.lnk.len);

	memcpy(buf, n->u.lnk.target, len);
	return (ssize_t)len;
}

static int ramfs_readdir(struct uk_vnode *dvn, uint64_t *pos,
			 uk_vfs_filldir_t fill, void *ctx)
{
	struct ramfs_node *dir = RN(dvn), *parent;
	struct uk_list_head *p;
	struct ramfs_dirent *de;

	if (*pos == 0) {
		if (fill(ctx, ".", 1, dvn->ino, DT_DIR, 1))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		parent = dir->u.dir.parent ? dir->u.dir.parent : dir;
		if (fill(ctx, "..", 2, parent->vn.ino, DT_DIR,
			 RAMFS_FIRST_COOKIE))
			return 0;
		*pos = RAMFS_FIRST_COOKIE;
	}
	uk_list_for_each(p, &dir->u.dir.entries) {
		de = uk_list_entry(p, struct ramfs_dirent, link);
		if (de->cookie < *pos)
			continue;
		if (fill(ctx, de->name, de->len, de->node->vn.ino,
			 uk_vfs_dtype(de->node->mode), de->cookie + 1))
			return 0;
		*pos = de->cookie + 1;
	}
	/* at the end: stay past every existing entry */
	if (*pos < dir->u.dir.next_cookie)
		*pos = dir->u.dir.next_cookie;
	return 0;
}

static int ramfs_getattr(struct uk_vnode *vn, struct uk_vattr *va)
{
	struct ramfs_node *n = RN(vn);

	uk_mutex_lock(&n->lock);
	va->mode = n->mode;
	va->uid = n->uid;
	va->gid = n->gid;
	va->nlink = n->nlink;
	va->blksize = RAMFS_PAGE_SIZE;
	va->atime = n->atime;
	va->mtime = n->mtime;
	va->ctime = n->ctime;
	va->btime = n->btime;
	if (S_ISREG(n->mode)) {
		va->size = n->u.file.size;
		va->blocks = n->u.file.pages.count * (RAMFS_PAGE_SIZE / 512);
	} else if (S_ISLNK(n->mode)) {
		va->size = (int64_t)n->u.lnk.len;
	} else {
		va->size = RAMFS_PAGE_SIZE;
	}
	uk_mutex_unlock(&n->lock);
	return 0;
}

static int ramfs_setattr(struct uk_vnode *vn, const struct uk_vattr *va,
			 unsigned int mask)
{
	struct ramfs_node *n = RN(vn);

	uk_mutex_lock(&n->lock);
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
	n->ctime = (mask & UK_VATTR_CTIME) ? va->ctime : now();
	uk_mutex_unlock(&n->lock);
	return 0;
}

/* File data ------------------------------------------------------------- */

static ssize_t ramfs_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			  size_t len, off_t off)
{
	struct ramfs_node *n = RN(vn);
	size_t done = 0, in, chunk;
	const char *page;
	int64_t t;

	if (off < 0)
		return -EINVAL;
	uk_mutex_lock(&n->lock);
	if (off < n->u.file.size)
		len = (size_t)UK_MIN((int64_t)len, n->u.file.size - off);
	else
		len = 0;
	while (done < len) {
		uint64_t pos = (uint64_t)off + done;

		in = pos % RAMFS_PAGE_SIZE;
		chunk = UK_MIN(RAMFS_PAGE_SIZE - in, len - done);
		page = ramfs_page_get(&n->u.file.pages,
				      pos / RAMFS_PAGE_SIZE);
		if (page)
			memcpy((char *)buf + done, page + in, chunk);
		else
			memset((char *)buf + done, 0, chunk);
		done += chunk;
	}
	if (!(f->flags & O_NOATIME)) {
		t = now();
		if (n->atime <= n->mtime || n->atime <= n->ctime ||
		    t - n->atime > RAMFS_ATIME_PERIOD)
			n->atime = t;
	}
	uk_mutex_unlock(&n->lock);
	return (ssize_t)done;
}

static ssize_t ramfs_write(struct uk_vnode *vn, struct uk_file *f,
			   const void *buf, size_t len, off_t *off)
{
	struct ramfs_node *n = RN(vn);
	size_t done = 0, in, chunk;
	uint64_t before;
	int64_t pos;
	void *page;
	int rc = 0;

	uk_mutex_lock(&n->lock);
	before = n->u.file.pages.count;
	pos = (f->flags & O_APPEND) ? n->u.file.size : *off;
	if (pos < 0) {
		uk_mutex_unlock(&n->lock);
		return -EINVAL;
	}
	if (len > (uint64_t)(INT64_MAX - pos)) {
		if (pos == INT64_MAX) {
			uk_mutex_unlock(&n->lock);
			return -EFBIG;
		}
		len = (size_t)(INT64_MAX - pos);
	}
	while (done < len) {
		uint64_t p = (uint64_t)pos + done;

		in = p % RAMFS_PAGE_SIZE;
		chunk = UK_MIN(RAMFS_PAGE_SIZE - in, len - done);
		rc = ramfs_page_getw(&n->u.file.pages, p / RAMFS_PAGE_SIZE,
				     &page);
		if (rc < 0)
			break;
		memcpy((char *)page + in, (const char *)buf + done, chunk);
		done += chunk;
	}
	if (done) {
		if (pos + (int64_t)done > n->u.file.size)
			n->u.file.size = pos + (int64_t)done;
		n->mtime = n->ctime = now();
	}
	*off = pos + (off_t)done;
	count_pages(n, before);
	uk_mutex_unlock(&n->lock);
	return done ? (ssize_t)done : rc;
}

static int ramfs_truncate(struct uk_vnode *vn, off_t size)
{
	struct ramfs_node *n = RN(vn);
	uint64_t first = ((uint64_t)size + RAMFS_PAGE_SIZE - 1) /
			 RAMFS_PAGE_SIZE;
	size_t tail = (uint64_t)size % RAMFS_PAGE_SIZE;
	uint64_t before;
	char *page;

	uk_mutex_lock(&n->lock);
	before = n->u.file.pages.count;
	if (size < n->u.file.size) {
		ramfs_pages_trim(&n->u.file.pages, first);
		count_pages(n, before);
		/* bytes past the new end in the last page read as zero
		 * if the file grows again */
		page = tail ? ramfs_page_get(&n->u.file.pages,
					     (uint64_t)size / RAMFS_PAGE_SIZE)
			    : NULL;
		if (page)
			memset(page + tail, 0, RAMFS_PAGE_SIZE - tail);
	}
	if (size != n->u.file.size) {
		n->u.file.size = size;
		n->mtime = n->ctime = now();
	}
	uk_mutex_unlock(&n->lock);
	return 0;
}

static const struct uk_vnops ramfs_vnops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.readlink = ramfs_readlink,
	.readdir = ramfs_readdir,
	.getattr = ramfs_getattr,
	.setattr = ramfs_setattr,
	.inactive = ramfs_inactive,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
};

/* Mounts ---------------------------------------------------------------- */

static int ramfs_mount(struct uk_mount *mp, const char *source,
		       const void *data)
{
	struct ramfs_mount *rm = uk_calloc(uk_alloc_get_default(), 1,
					   sizeof(*rm));
	struct ramfs_node *root;

	if (!rm)
		return -ENOMEM;
	rm->next_ino = 1;
	mp->priv = rm;
	root = node_new(mp, S_IFDIR | 0755);
	if (!root) {
		rfree(rm);
		return -ENOMEM;
	}
	root->nlink = 2;
	root->u.dir.parent = root;
	rm->root = root;
	mp->root = &root->vn;
	return 0;
}

/* Free @dir's whole subtree (hard-linked files once, at their last name). */
static void free_subtree(struct ramfs_node *dir)
{
	struct uk_list_head *p, *nx;
	struct ramfs_dirent *de;
	struct ramfs_node *n;

	uk_list_for_each_safe(p, nx, &dir->u.dir.entries) {
		de = uk_list_entry(p, struct ramfs_dirent, link);
		n = de->node;
		if (S_ISDIR(n->mode)) {
			free_subtree(n);
			node_free(n);
		} else if (--n->nlink == 0) {
			node_free(n);
		}
		rfree(de);
	}
	uk_list_init(&dir->u.dir.entries);
}

/* Only when nothing of the mount is in use any more. */
static int ramfs_unmount(struct uk_mount *mp)
{
	struct ramfs_mount *rm = mp->priv;

	free_subtree(rm->root);
	node_free(rm->root);
	UK_ASSERT(rm->nodes == 0);
	rfree(rm);
	mp->priv = NULL;
	return 0;
}

static int ramfs_statfs(struct uk_mount *mp, struct uk_statfs *st)
{
	struct ramfs_mount *rm = mp->priv;
	uint64_t avail = uk_alloc_availmem(uk_alloc_get_default()) /
			 RAMFS_PAGE_SIZE;

	st->magic = UK_RAMFS_MAGIC;
	st->bsize = RAMFS_PAGE_SIZE;
	st->blocks = avail + __atomic_load_n(&rm->pages, __ATOMIC_RELAXED);
	st->bfree = avail;
	st->bavail = avail;
	st->files = rm->nodes + avail;
	st->ffree = avail;
	st->namelen = UK_VFS_NAME_MAX;
	return 0;
}

static const struct uk_vfsops ramfs_vfsops = {
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
	.statfs = ramfs_statfs,
};

UK_FS_REGISTER(ramfs, &ramfs_vfsops);
