/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs: a host folder shared over 9P2000.L (uk9p) as a vfscore file
 * system.
 *
 * Every vnode holds a walked fid naming its file (never opened: name
 * space operations, Tgetattr, Tsetattr and Tstatfs work on it). Open
 * regular files get a fid of their own (a clone, Tlopen'ed with the
 * access mode): reads and writes go straight to the host, nothing is
 * cached in the guest, so the host sees every write as soon as write()
 * returns and fsync() is a Tfsync on the host file (fsync(2) there).
 *
 * Vnodes are shared per host file: a mount keeps a table of its live
 * vnodes by qid.path (the host inode), so a second lookup of a file (or
 * a hard link) finds the same vnode, and a mount point inside a share
 * stays the vnode vfscore marked. Entries leave the table when the last
 * reference goes (inactive: the fid is clunked) or when the name is
 * removed (unlink, rmdir, rename over it), since the host may reuse
 * the inode number for a new file.
 *
 * Name space operations run under vfscore's lock, so the table needs no
 * lock of its own; data operations use only their open file's fid.
 *
 * Mounts (kernel parameters, see docs/files.md):
 *	vfs.mount=TAG:/PATH:9pfs[:ro],...	shares mounted after vfs.mounts
 *	vfs.rootfs=9pfs vfs.rootdev=TAG[:ro]	a share as the root
 *	vfs.cwd=PATH				the working directory at start
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/mutex.h>
#include <uk/vfs.h>
#include <uk/9p.h>
#include <uk/9pfs.h>

#define HASH_SIZE	256
/* Linux's f_type for 9p */
#define V9FS_MAGIC	0x01021997
#define NS_PER_S	1000000000LL
/* Linux open flags as 9P2000.L sends them (asm-generic values) */
#define L_DIRECTORY	0200000

struct p9mnt {
	struct uk_9p_client *c;
	struct p9node *hash[HASH_SIZE];
};

struct p9file {
	uint32_t fid;
	struct p9file *next;		/* the node's open files */
};

struct p9node {
	struct uk_vnode vn;
	uint32_t fid;
	struct uk_9p_qid qid;
	bool hashed;
	struct p9node *hnext;
	uint32_t dirfid;		/* open for readdir, or NOFID */
	struct uk_mutex lock;		/* files */
	struct p9file *files;
};

static const struct uk_vnops p9_vnops;

static inline struct p9node *PN(struct uk_vnode *vn)
{
	return __containerof(vn, struct p9node, vn);
}

static inline struct p9mnt *PM(struct uk_vnode *vn)
{
	return vn->mnt->priv;
}

static void *zalloc(size_t n)
{
	return uk_calloc(uk_alloc_get_default(), 1, n);
}

static void zfree(void *p)
{
	uk_free(uk_alloc_get_default(), p);
}

static unsigned int hslot(uint64_t path)
{
	return (unsigned int)((path ^ (path >> 17)) % HASH_SIZE);
}

static void unhash(struct p9node *n)
{
	struct p9mnt *m = PM(&n->vn);
	struct p9node **pp;

	if (!n->hashed)
		return;
	for (pp = &m->hash[hslot(n->qid.path)]; *pp; pp = &(*pp)->hnext)
		if (*pp == n) {
			*pp = n->hnext;
			break;
		}
	n->hashed = false;
}

static uint32_t qid_type(const struct uk_9p_qid *q)
{
	if (q->type & UK_9P_QTDIR)
		return S_IFDIR;
	if (q->type & UK_9P_QTSYMLINK)
		return S_IFLNK;
	return 0;	/* a file of some kind: the mode says which */
}

/*
 * The vnode for @fid (a walked fid, consumed) with @qid on mount @mp,
 * held: the live one when there is one, else a new one.
 */
static int node_get(struct uk_mount *mp, uint32_t fid,
		    const struct uk_9p_qid *qid, struct uk_vnode **out)
{
	struct p9mnt *m = mp->priv;
	struct uk_9p_attr a;
	struct p9node *n;
	uint32_t type;
	int rc;

	for (n = m->hash[hslot(qid->path)]; n; n = n->hnext) {
		if (n->qid.path != qid->path)
			continue;
		type = qid_type(qid);
		if ((type && n->vn.type != type) ||
		    (!type && (n->vn.type == S_IFDIR ||
			       n->vn.type == S_IFLNK))) {
			unhash(n);	/* the inode was reused */
			break;
		}
		uk_9p_clunk(m->c, fid);
		*out = uk_vnode_hold(&n->vn);
		return 0;
	}
	rc = uk_9p_getattr(m->c, fid, &a);
	if (rc < 0)
		goto err;
	type = a.mode & S_IFMT;
	if (!type || (qid_type(qid) && qid_type(qid) != type)) {
		rc = -EIO;	/* qid and mode disagree */
		goto err;
	}
	n = zalloc(sizeof(*n));
	if (!n) {
		rc = -ENOMEM;
		goto err;
	}
	uk_vnode_init(&n->vn, &p9_vnops, mp, type, qid->path, n);
	n->fid = fid;
	n->qid = *qid;
	n->dirfid = UK_9P_NOFID;
	uk_mutex_init(&n->lock);
	n->hashed = true;
	n->hnext = m->hash[hslot(qid->path)];
	m->hash[hslot(qid->path)] = n;
	*out = &n->vn;
	return 0;
err:
	uk_9p_clunk(m->c, fid);
	return rc;
}

/* Name space ------------------------------------------------------------ */

static int p9_lookup(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode **out)
{
	struct p9mnt *m = PM(dir);
	struct uk_9p_qid qid;
	uint32_t fid;
	int rc;

	rc = uk_9p_walk(m->c, PN(dir)->fid, name, len, &fid, &qid);
	if (rc < 0)
		return rc;
	return node_get(dir->mnt, fid, &qid, out);
}

/* Walk to the new entry @name of @dir and make its vnode. */
static int lookup_new(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out)
{
	struct uk_vnode *vn;
	int rc;

	rc = p9_lookup(dir, name, len, &vn);
	if (rc < 0)
		return rc;
	if (out)
		*out = vn;
	else
		uk_vnode_release(vn);
	return 0;
}

static int p9_create(struct uk_vnode *dir, const char *name, size_t len,
		     uint32_t mode, struct uk_vnode **out)
{
	struct p9mnt *m = PM(dir);
	struct uk_9p_qid qid;
	uint32_t fid, iounit;
	int rc;

	/* Tlcreate turns a clone of the directory's fid into the file */
	rc = uk_9p_walk(m->c, PN(dir)->fid, NULL, 0, &fid, &qid);
	if (rc < 0)
		return rc;
	rc = uk_9p_lcreate(m->c, fid, name, len, O_RDWR | O_CREAT | O_EXCL,
			   mode & 07777, 0, &qid, &iounit);
	uk_9p_clunk(m->c, fid);
	if (rc < 0)
		return rc;
	return lookup_new(dir, name, len, out);
}

static int p9_mkdir(struct uk_vnode *dir, const char *name, size_t len,
		    uint32_t mode)
{
	struct uk_9p_qid qid;

	return uk_9p_mkdir(PM(dir)->c, PN(dir)->fid, name, len, mode & 07777,
			   0, &qid);
}

static int p9_symlink(struct uk_vnode *dir, const char *name, size_t len,
		      const char *target)
{
	struct uk_9p_qid qid;

	if (strlen(target) >= UK_9P_STR_MAX)
		return -ENAMETOOLONG;
	return uk_9p_symlink(PM(dir)->c, PN(dir)->fid, name, len, target, 0,
			     &qid);
}

static int p9_link(struct uk_vnode *dir, const char *name, size_t len,
		   struct uk_vnode *vn)
{
	return uk_9p_link(PM(dir)->c, PN(dir)->fid, PN(vn)->fid, name, len);
}

static int p9_unlink(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode *vn)
{
	int rc = uk_9p_unlinkat(PM(dir)->c, PN(dir)->fid, name, len, 0);

	if (rc == 0)
		unhash(PN(vn));
	return rc;
}

static int p9_rmdir(struct uk_vnode *dir, const char *name, size_t len,
		    struct uk_vnode *vn)
{
	int rc = uk_9p_unlinkat(PM(dir)->c, PN(dir)->fid, name, len,
				UK_9P_AT_REMOVEDIR);

	if (rc == 0)
		unhash(PN(vn));
	return rc;
}

static int p9_rename(struct uk_vnode *odir, const char *oname, size_t olen,
		     struct uk_vnode *ovn, struct uk_vnode *ndir,
		     const char *nname, size_t nlen, struct uk_vnode *nvn,
		     unsigned int flags)
{
	int rc;

	if (flags)
		return -EINVAL;	/* 9P2000.L has no exchange */
	rc = uk_9p_renameat(PM(odir)->c, PN(odir)->fid, oname, olen,
			    PN(ndir)->fid, nname, nlen);
	if (rc == 0 && nvn && nvn != ovn)
		unhash(PN(nvn));
	return rc;
}

static ssize_t p9_readlink(struct uk_vnode *vn, char *buf, size_t size)
{
	return uk_9p_readlink(PM(vn)->c, PN(vn)->fid, buf, size);
}

/* An open fid for the entries of @n (kept until inactive). */
static int dir_open(struct p9node *n, bool fresh)
{
	struct p9mnt *m = PM(&n->vn);
	struct uk_9p_qid qid;
	uint32_t fid, iounit;
	int rc;

	if (n->dirfid != UK_9P_NOFID && !fresh)
		return 0;
	if (n->dirfid != UK_9P_NOFID) {
		uk_9p_clunk(m->c, n->dirfid);
		n->dirfid = UK_9P_NOFID;
	}
	rc = uk_9p_walk(m->c, n->fid, NULL, 0, &fid, &qid);
	if (rc < 0)
		return rc;
	rc = uk_9p_lopen(m->c, fid, O_RDONLY | L_DIRECTORY, &qid, &iounit);
	if (rc < 0) {
		uk_9p_clunk(m->c, fid);
		return rc;
	}
	n->dirfid = fid;
	return 0;
}

#define DIRBUF_SIZE	8192

static int p9_readdir(struct uk_vnode *dir, uint64_t *pos,
		      uk_vfs_filldir_t fill, void *ctx)
{
	struct p9node *n = PN(dir);
	struct p9mnt *m = PM(dir);
	struct uk_9p_dirent e;
	uint8_t *buf;
	uint32_t p;
	ssize_t got;
	int rc;

	/* a listing from the start sees the directory as it is now */
	rc = dir_open(n, *pos == 0);
	if (rc < 0)
		return rc;
	buf = zalloc(DIRBUF_SIZE);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		got = uk_9p_readdir(m->c, n->dirfid, *pos, buf, DIRBUF_SIZE);
		if (got <= 0) {
			rc = (int)got;
			break;
		}
		p = 0;
		while ((rc = uk_9p_dirent_next(buf, (uint32_t)got, &p,
					       &e)) == 1) {
			if (e.offset == *pos) {
				rc = -EIO;	/* would never advance */
				goto out;
			}
			if (fill(ctx, e.name, e.namelen, e.qid.path, e.type,
				 e.offset))
				goto out;
			*pos = e.offset;
		}
		if (rc < 0)
			break;
	}
out:
	zfree(buf);
	return rc < 0 ? rc : 0;
}

static int64_t ns(uint64_t sec, uint64_t nsec)
{
	return (int64_t)sec * NS_PER_S + (int64_t)nsec;
}

static int p9_getattr(struct uk_vnode *vn, struct uk_vattr *va)
{
	struct uk_9p_attr a;
	int rc;

	rc = uk_9p_getattr(PM(vn)->c, PN(vn)->fid, &a);
	if (rc < 0)
		return rc;
	va->mode = a.mode;
	va->uid = a.uid;
	va->gid = a.gid;
	va->nlink = a.nlink;
	va->rdev = a.rdev;
	va->size = (int64_t)a.size;
	va->blksize = a.blksize > 0 && a.blksize <= (1u << 20) ?
		      (uint32_t)a.blksize : 4096;
	va->blocks = a.blocks;
	va->atime = ns(a.atime_sec, a.atime_nsec);
	va->mtime = ns(a.mtime_sec, a.mtime_nsec);
	va->ctime = ns(a.ctime_sec, a.ctime_nsec);
	va->btime = ns(a.btime_sec, a.btime_nsec);
	return 0;
}

static int p9_setattr(struct uk_vnode *vn, const struct uk_vattr *va,
		      unsigned int mask)
{
	struct uk_9p_setattr s = { 0 };

	if (mask & UK_VATTR_MODE) {
		/* with the file type, as Linux sends it: QEMU's mapped
		 * security models store the mode as given */
		s.valid |= UK_9P_SETATTR_MODE;
		s.mode = (va->mode & 07777) | vn->type;
	}
	if (mask & UK_VATTR_UID) {
		s.valid |= UK_9P_SETATTR_UID;
		s.uid = va->uid;
	}
	if (mask & UK_VATTR_GID) {
		s.valid |= UK_9P_SETATTR_GID;
		s.gid = va->gid;
	}
	if (mask & UK_VATTR_ATIME) {
		if (va->atime < 0)
			return -EINVAL;
		s.valid |= UK_9P_SETATTR_ATIME | UK_9P_SETATTR_ATIME_SET;
		s.atime_sec = (uint64_t)(va->atime / NS_PER_S);
		s.atime_nsec = (uint64_t)(va->atime % NS_PER_S);
	}
	if (mask & UK_VATTR_MTIME) {
		if (va->mtime < 0)
			return -EINVAL;
		s.valid |= UK_9P_SETATTR_MTIME | UK_9P_SETATTR_MTIME_SET;
		s.mtime_sec = (uint64_t)(va->mtime / NS_PER_S);
		s.mtime_nsec = (uint64_t)(va->mtime % NS_PER_S);
	}
	if (!s.valid && (mask & UK_VATTR_CTIME))
		s.valid |= UK_9P_SETATTR_CTIME;
	if (!s.valid)
		return 0;
	return uk_9p_setattr(PM(vn)->c, PN(vn)->fid, &s);
}

static void p9_inactive(struct uk_vnode *vn)
{
	struct p9node *n = PN(vn);
	struct p9mnt *m = PM(vn);

	unhash(n);
	if (n->dirfid != UK_9P_NOFID)
		uk_9p_clunk(m->c, n->dirfid);
	uk_9p_clunk(m->c, n->fid);
	zfree(n);
}

/* Data -------------------------------------------------------------------- */

static int p9_open(struct uk_vnode *vn, struct uk_file *f)
{
	struct p9node *n = PN(vn);
	struct p9mnt *m = PM(vn);
	struct uk_9p_qid qid;
	struct p9file *pf;
	uint32_t iounit;
	int rc;

	if (vn->type != S_IFREG)
		return 0;	/* directories: readdir opens its own */
	pf = zalloc(sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	rc = uk_9p_walk(m->c, n->fid, NULL, 0, &pf->fid, &qid);
	if (rc < 0)
		goto err;
	/* O_APPEND, O_TRUNC and O_CREAT were done by vfscore / here */
	rc = uk_9p_lopen(m->c, pf->fid, f->flags & O_ACCMODE, &qid, &iounit);
	if (rc < 0) {
		uk_9p_clunk(m->c, pf->fid);
		goto err;
	}
	uk_mutex_lock(&n->lock);
	pf->next = n->files;
	n->files = pf;
	uk_mutex_unlock(&n->lock);
	f->priv = pf;
	return 0;
err:
	zfree(pf);
	return rc;
}

static void p9_close(struct uk_vnode *vn, struct uk_file *f)
{
	struct p9node *n = PN(vn);
	struct p9file *pf = f->priv, **pp;

	if (!pf)
		return;
	uk_mutex_lock(&n->lock);
	for (pp = &n->files; *pp; pp = &(*pp)->next)
		if (*pp == pf) {
			*pp = pf->next;
			break;
		}
	uk_mutex_unlock(&n->lock);
	uk_9p_clunk(PM(vn)->c, pf->fid);
	zfree(pf);
	f->priv = NULL;
}

static ssize_t p9_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
		       size_t len, off_t off)
{
	struct p9file *pf = f->priv;
	struct uk_9p_client *c = PM(vn)->c;
	size_t done = 0;
	uint32_t chunk;
	ssize_t got;

	if (!pf)
		return vn->type == S_IFDIR ? -EISDIR : -EINVAL;
	if (off < 0)
		return -EINVAL;
	while (done < len) {
		chunk = (uint32_t)UK_MIN(len - done, (size_t)uk_9p_iosize(c));
		got = uk_9p_read(c, pf->fid, (uint64_t)off + done,
				 (char *)buf + done, chunk);
		if (got < 0)
			return done ? (ssize_t)done : got;
		done += (size_t)got;
		if ((uint32_t)got < chunk)
			break;		/* end of file */
	}
	return (ssize_t)done;
}

static ssize_t p9_write(struct uk_vnode *vn, struct uk_file *f,
			const void *buf, size_t len, off_t *off)
{
	struct p9file *pf = f->priv;
	struct uk_9p_client *c = PM(vn)->c;
	struct uk_9p_attr a;
	size_t done = 0;
	uint32_t chunk;
	ssize_t put;
	int rc;

	if (!pf)
		return vn->type == S_IFDIR ? -EISDIR : -EINVAL;
	if (f->flags & O_APPEND) {
		rc = uk_9p_getattr(c, PN(vn)->fid, &a);
		if (rc < 0)
			return rc;
		*off = (off_t)a.size;
	}
	if (*off < 0)
		return -EINVAL;
	while (done < len) {
		chunk = (uint32_t)UK_MIN(len - done, (size_t)uk_9p_iosize(c));
		put = uk_9p_write(c, pf->fid, (uint64_t)*off,
				  (const char *)buf + done, chunk);
		if (put <= 0) {
			if (done)
				break;
			return put < 0 ? put : -EIO;
		}
		done += (size_t)put;
		*off += put;
	}
	return (ssize_t)done;
}

static int p9_truncate(struct uk_vnode *vn, off_t size)
{
	struct uk_9p_setattr s = { 0 };

	s.valid = UK_9P_SETATTR_SIZE;
	s.size = (uint64_t)size;
	return uk_9p_setattr(PM(vn)->c, PN(vn)->fid, &s);
}

static int p9_fsync(struct uk_vnode *vn)
{
	struct p9node *n = PN(vn);
	struct uk_9p_client *c = PM(vn)->c;
	struct uk_9p_qid qid;
	uint32_t fid, iounit;
	int rc;

	/* Tfsync needs an open fid: one of the file's, else a new one */
	uk_mutex_lock(&n->lock);
	if (n->files) {
		rc = uk_9p_fsync(c, n->files->fid);
		uk_mutex_unlock(&n->lock);
		return rc;
	}
	uk_mutex_unlock(&n->lock);
	rc = uk_9p_walk(c, n->fid, NULL, 0, &fid, &qid);
	if (rc < 0)
		return rc;
	rc = uk_9p_lopen(c, fid, O_RDONLY |
			 (vn->type == S_IFDIR ? L_DIRECTORY : 0), &qid,
			 &iounit);
	if (rc == 0)
		rc = uk_9p_fsync(c, fid);
	uk_9p_clunk(c, fid);
	return rc;
}

static const struct uk_vnops p9_vnops = {
	.lookup = p9_lookup,
	.create = p9_create,
	.mkdir = p9_mkdir,
	.symlink = p9_symlink,
	.link = p9_link,
	.unlink = p9_unlink,
	.rmdir = p9_rmdir,
	.rename = p9_rename,
	.readlink = p9_readlink,
	.readdir = p9_readdir,
	.getattr = p9_getattr,
	.setattr = p9_setattr,
	.inactive = p9_inactive,
	.open = p9_open,
	.close = p9_close,
	.read = p9_read,
	.write = p9_write,
	.truncate = p9_truncate,
	.fsync = p9_fsync,
};

/* Mounts ---------------------------------------------------------------- */

static const char *rootdev = "";
UK_VFS_PARAM(rootdev, rootdev);
static const char *mount_list = "";
UK_VFS_PARAM(mount, mount_list);
static const char *start_dir = "";
UK_VFS_PARAM(cwd, start_dir);

static void print_tags(void)
{
	struct uk_9p_dev *d = uk_9p_dev_first();

	if (!d)
		uk_printf(" none");
	for (; d; d = d->next)
		uk_printf(" %s", d->tag);
}

static int p9_mount(struct uk_mount *mp, const char *source,
		    const void *data)
{
	char tag[256];
	const char *colon;
	struct p9mnt *m;
	struct uk_9p_qid qid;
	struct p9node *n;
	uint32_t fid;
	size_t len;
	int rc;

	if (!source) {
		/* the root: vfs.rootdev=TAG[:ro] */
		source = rootdev;
		colon = strchr(source, ':');
		len = colon ? (size_t)(colon - source) : strlen(source);
		if (colon && strcmp(colon, ":ro")) {
			uk_pr_err("9pfs: vfs.rootdev=%s: expected TAG or TAG:ro\n",
				  rootdev);
			return -EINVAL;
		}
		if (colon)
			mp->flags |= UK_MNT_RDONLY;
	} else {
		len = strlen(source);
	}
	if (!len || len >= sizeof(tag)) {
		uk_pr_err("9pfs: no mount tag given%s\n",
			  source == rootdev ? " (vfs.rootdev=TAG)" : "");
		return -EINVAL;
	}
	memcpy(tag, source, len);
	tag[len] = '\0';
	m = zalloc(sizeof(*m));
	n = zalloc(sizeof(*n));
	if (!m || !n) {
		rc = -ENOMEM;
		goto err;
	}
	rc = uk_9p_connect(tag, "", &m->c, &fid, &qid);
	if (rc == -ENODEV) {
		uk_pr_err("9pfs: no 9p device with mount tag \"%s\" (have:",
			  tag);
		print_tags();
		uk_printf(")\n");
	} else if (rc < 0) {
		uk_pr_err("9pfs: %s: cannot attach: %d\n", tag, rc);
	}
	if (rc < 0)
		goto err;
	mp->priv = m;
	uk_vnode_init(&n->vn, &p9_vnops, mp, S_IFDIR, qid.path, n);
	n->fid = fid;
	n->qid = qid;
	n->dirfid = UK_9P_NOFID;
	uk_mutex_init(&n->lock);
	n->hashed = true;
	m->hash[hslot(qid.path)] = n;
	mp->root = &n->vn;
	return 0;
err:
	zfree(n);
	zfree(m);
	return rc;
}

static int p9_statfs(struct uk_mount *mp, struct uk_statfs *st)
{
	struct p9node *root = PN(mp->root);
	struct uk_9p_statfs s;
	int rc;

	rc = uk_9p_statfs(((struct p9mnt *)mp->priv)->c, root->fid, &s);
	if (rc < 0)
		return rc;
	st->magic = V9FS_MAGIC;
	st->bsize = s.bsize;
	st->blocks = s.blocks;
	st->bfree = s.bfree;
	st->bavail = s.bavail;
	st->files = s.files;
	st->ffree = s.ffree;
	st->namelen = s.namelen;
	return 0;
}

static const struct uk_vfsops p9_vfsops = {
	.mount = p9_mount,
	.statfs = p9_statfs,
};
UK_FS_REGISTER(9pfs, &p9_vfsops);

int uk_9pfs_mount_item(const char *item, size_t len)
{
	char buf[UK_VFS_PATH_MAX + 300], *tag, *path, *fs, *opt;
	unsigned long flags = 0;
	int rc;

	if (len >= sizeof(buf)) {
		uk_pr_err("9pfs: vfs.mount: entry too long\n");
		return -EINVAL;
	}
	memcpy(buf, item, len);
	buf[len] = '\0';
	tag = buf;
	path = strchr(tag, ':');
	fs = path ? strchr(path + 1, ':') : NULL;
	if (!path || !fs || path == tag || path[1] != '/')
		goto bad;
	*path++ = '\0';
	*fs++ = '\0';
	opt = strchr(fs, ':');
	if (opt) {
		*opt++ = '\0';
		if (!strcmp(opt, "ro"))
			flags |= UK_MNT_RDONLY;
		else if (strcmp(opt, "rw"))
			goto bad;
	}
	if (strcmp(fs, "9pfs"))
		goto bad;
	rc = uk_vfs_mount("9pfs", path, tag, flags, NULL, true);
	if (rc < 0)
		uk_pr_err("9pfs: vfs.mount: cannot mount \"%s\" on %s: %d\n",
			  tag, path, rc);
	return rc;
bad:
	uk_pr_err("9pfs: vfs.mount: bad entry \"%.*s\" (expected TAG:/PATH:9pfs[:ro])\n",
		  (int)len, item);
	return -EINVAL;
}

static int mount_shares(void)
{
	int rc;

	rc = uk_vfs_each_item(mount_list, uk_9pfs_mount_item);
	if (rc < 0)
		return rc;
	/* vfs.cwd: where the program starts (kast-run: the host's cwd) */
	if (start_dir && *start_dir) {
		rc = uk_vfs_chdir(start_dir);
		if (rc < 0) {
			uk_pr_err("9pfs: vfs.cwd=%s: %d\n", start_dir, rc);
			return rc;
		}
	}
	return 0;
}
uk_rootfs_initcall_prio(mount_shares, NULL,
			UK_PRIO_AFTER(VFS_MOUNTS_INIT_PRIO));
