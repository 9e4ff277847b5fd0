/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unpacking a newc archive into the vfs. Rules (docs/files.md):
 *  - names are relative: "./" prefixes, "." and empty components are
 *    dropped, an absolute name or a ".." component is an error, and so
 *    is a name whose parent directories go through a symbolic link (the
 *    archive could otherwise write outside the target directory);
 *  - missing parent directories are created (mode 0755), so archives
 *    listing children before parents (`find -depth`) work;
 *  - directories, regular files and symbolic links are supported, with
 *    mode, owner and modification time; regular files with nlink > 1
 *    sharing (ino, dev) become hard links (their data may come with any
 *    of the names, newc writers put it with the last);
 *  - what exists at a name is replaced (an empty directory too, a
 *    non-empty one in the way of a non-directory is an error);
 *  - directory times are set in a second pass, after their contents.
 */
#include <errno.h>
#include <string.h>
#include <uk/cpio.h>
#include <uk/vfs.h>
#include <uk/alloc.h>

#define NSEC_PER_SEC	1000000000LL

struct hardlink {
	struct hardlink *next;
	uint32_t ino, devmajor, devminor;
	char path[];
};

struct unpack {
	const char *dest;
	size_t destlen;
	char *path;		/* UK_VFS_PATH_MAX: the entry's full path */
	char *target;		/* UK_VFS_PATH_MAX: a link's target */
	char *known_dir;	/* UK_VFS_PATH_MAX: last parent verified */
	struct hardlink *links;
	struct uk_cpio_stats *stats;
};

static void *umalloc(size_t n)
{
	return uk_malloc(uk_alloc_get_default(), n);
}

static void ufree(void *p)
{
	if (p)
		uk_free(uk_alloc_get_default(), p);
}

static int vfs_fail(struct uk_cpio_error *err, const struct uk_cpio_entry *e,
		    const char *what, int rc)
{
	uk_cpio_set_error(err, UK_CPIO_EVFS, e, what, -rc);
	return rc;
}

static int refuse(struct uk_cpio_error *err, int code,
		  const struct uk_cpio_entry *e, const char *detail)
{
	uk_cpio_set_error(err, code, e, detail, 0);
	return -EINVAL;
}

/*
 * Build u->path = dest "/" normalized name. 1 when the name is the target
 * directory itself, 0 for a path, or an error.
 */
static int build_path(struct unpack *u, const struct uk_cpio_entry *e,
		      struct uk_cpio_error *err)
{
	const char *p = e->name, *end = e->name + e->namelen, *c;
	size_t o = u->destlen, len;
	bool any = false;

	if (p < end && *p == '/')
		return refuse(err, UK_CPIO_EABSOLUTE, e, NULL);
	memcpy(u->path, u->dest, u->destlen);
	while (p < end) {
		for (c = p; c < end && *c != '/'; c++)
			;
		len = (size_t)(c - p);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return refuse(err, UK_CPIO_EDOTDOT, e, NULL);
		if (len > UK_VFS_NAME_MAX)
			return refuse(err, UK_CPIO_ELONGNAME, e,
				      "name component longer than 255 bytes");
		if (len && !(len == 1 && p[0] == '.')) {
			if (o + 1 + len >= UK_VFS_PATH_MAX)
				return refuse(err, UK_CPIO_ELONGNAME, e,
					      "path too long");
			if (o == 0 || u->path[o - 1] != '/')
				u->path[o++] = '/';
			memcpy(u->path + o, p, len);
			o += len;
			any = true;
		}
		p = c < end ? c + 1 : c;
	}
	u->path[o] = '\0';
	return any ? 0 : 1;
}

/*
 * Make sure every parent of u->path below the target is a directory
 * (creating missing ones) and none is a symbolic link.
 */
static int make_parents(struct unpack *u, const struct uk_cpio_entry *e,
			struct uk_cpio_error *err)
{
	char *slash = strrchr(u->path, '/'), *p;
	size_t plen = (size_t)(slash - u->path);
	struct uk_vattr va;
	int rc;

	if (plen <= u->destlen)
		return 0;	/* directly in the target */
	if (strlen(u->known_dir) == plen &&
	    !memcmp(u->known_dir, u->path, plen))
		return 0;
	for (p = u->path + u->destlen + 1; p <= slash; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		rc = uk_vfs_statat(AT_FDCWD, u->path, AT_SYMLINK_NOFOLLOW, &va);
		if (rc == -ENOENT) {
			rc = uk_vfs_mkdirat(AT_FDCWD, u->path, 0755);
			if (rc == 0)
				u->stats->dirs++;
			else
				vfs_fail(err, e,
					 "cannot create parent directory", rc);
		} else if (rc < 0) {
			vfs_fail(err, e, "cannot look up parent directory", rc);
		} else if (S_ISLNK(va.mode)) {
			uk_cpio_set_error(err, UK_CPIO_ETHROUGHLINK, e,
					  u->path + u->destlen + 1, 0);
			rc = -EINVAL;
		} else if (!S_ISDIR(va.mode)) {
			vfs_fail(err, e, "parent is not a directory", -ENOTDIR);
			rc = -ENOTDIR;
		}
		*p = '/';
		if (rc < 0)
			return rc;
	}
	memcpy(u->known_dir, u->path, plen);
	u->known_dir[plen] = '\0';
	return 0;
}

/*
 * u->path is about to change: if it is the verified parent or one of its
 * ancestors, verify again next time (it may become a symbolic link).
 */
static void forget_known_dir(struct unpack *u)
{
	size_t n = strlen(u->path);

	if (!strncmp(u->known_dir, u->path, n) &&
	    (u->known_dir[n] == '/' || u->known_dir[n] == '\0'))
		u->known_dir[0] = '\0';
}

/* Clear the way for a new @type at u->path: 0 or -errno (filled @err). */
static int remove_existing(struct unpack *u, const struct uk_cpio_entry *e,
			   uint32_t type, bool *exists_dir,
			   struct uk_cpio_error *err)
{
	struct uk_vattr va;
	int rc;

	*exists_dir = false;
	rc = uk_vfs_statat(AT_FDCWD, u->path, AT_SYMLINK_NOFOLLOW, &va);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return vfs_fail(err, e, "cannot look up existing file", rc);
	if (S_ISDIR(va.mode)) {
		if (type == S_IFDIR) {
			*exists_dir = true;
			return 0;
		}
		rc = uk_vfs_unlinkat(AT_FDCWD, u->path, AT_REMOVEDIR);
	} else {
		rc = uk_vfs_unlinkat(AT_FDCWD, u->path, 0);
	}
	if (rc < 0)
		return vfs_fail(err, e, "cannot replace existing file", rc);
	return 0;
}

static int set_attrs(struct unpack *u, const struct uk_cpio_entry *e,
		     unsigned int mask, struct uk_cpio_error *err)
{
	struct uk_vattr va = {
		.mode = e->mode & 07777,
		.uid = e->uid,
		.gid = e->gid,
		.atime = (int64_t)e->mtime * NSEC_PER_SEC,
		.mtime = (int64_t)e->mtime * NSEC_PER_SEC,
	};
	int rc = uk_vfs_setattrat(AT_FDCWD, u->path, AT_SYMLINK_NOFOLLOW, &va,
				  mask);

	return rc < 0 ? vfs_fail(err, e, "cannot set attributes", rc) : 0;
}

static int write_data(struct unpack *u, const struct uk_cpio_entry *e,
		      int flags, struct uk_cpio_error *err)
{
	struct uk_file *f;
	const char *p = e->data;
	size_t left = e->size;
	ssize_t n;
	int rc;

	/* never through a link: a hard link may name one (it must not lead
	 * the data out of the target) */
	rc = uk_vfs_openat(AT_FDCWD, u->path, O_WRONLY | O_NOFOLLOW | flags,
			   0600, &f);
	if (rc < 0)
		return vfs_fail(err, e, "cannot create file", rc);
	while (left) {
		n = uk_file_write(f, p, left);
		if (n <= 0) {
			uk_file_release(f);
			return vfs_fail(err, e, "cannot write file",
					n < 0 ? (int)n : -ENOSPC);
		}
		p += n;
		left -= (size_t)n;
	}
	uk_file_release(f);
	u->stats->bytes += e->size;
	return 0;
}

static struct hardlink *find_link(struct unpack *u,
				  const struct uk_cpio_entry *e)
{
	struct hardlink *l;

	for (l = u->links; l; l = l->next)
		if (l->ino == e->ino && l->devmajor == e->devmajor &&
		    l->devminor == e->devminor)
			return l;
	return NULL;
}

static int unpack_file(struct unpack *u, const struct uk_cpio_entry *e,
		       struct uk_cpio_error *err)
{
	struct hardlink *l = e->nlink > 1 ? find_link(u, e) : NULL;
	int rc;

	if (l) {
		rc = uk_vfs_linkat(AT_FDCWD, l->path, AT_FDCWD, u->path, 0);
		if (rc < 0)
			return vfs_fail(err, e, "cannot create hard link", rc);
		u->stats->hardlinks++;
		if (e->size) {
			rc = write_data(u, e, O_TRUNC, err);
			if (rc < 0)
				return rc;
		}
	} else {
		rc = write_data(u, e, O_CREAT | O_EXCL, err);
		if (rc < 0)
			return rc;
		u->stats->files++;
		if (e->nlink > 1) {
			size_t n = strlen(u->path) + 1;

			l = umalloc(sizeof(*l) + n);
			if (!l)
				return vfs_fail(err, e, "out of memory",
						-ENOMEM);
			l->ino = e->ino;
			l->devmajor = e->devmajor;
			l->devminor = e->devminor;
			memcpy(l->path, u->path, n);
			l->next = u->links;
			u->links = l;
		}
	}
	return set_attrs(u, e, UK_VATTR_MODE | UK_VATTR_UID | UK_VATTR_GID |
			 UK_VATTR_ATIME | UK_VATTR_MTIME, err);
}

static int unpack_symlink(struct unpack *u, const struct uk_cpio_entry *e,
			  struct uk_cpio_error *err)
{
	int rc;

	if (e->size == 0)
		return refuse(err, UK_CPIO_ELINK, e, "is empty");
	if (e->size >= UK_VFS_PATH_MAX)
		return refuse(err, UK_CPIO_ELINK, e, "is too long");
	if (memchr(e->data, '\0', e->size))
		return refuse(err, UK_CPIO_ELINK, e, "contains a NUL byte");
	memcpy(u->target, e->data, e->size);
	u->target[e->size] = '\0';
	rc = uk_vfs_symlinkat(u->target, AT_FDCWD, u->path);
	if (rc < 0)
		return vfs_fail(err, e, "cannot create symbolic link", rc);
	u->stats->symlinks++;
	return set_attrs(u, e, UK_VATTR_UID | UK_VATTR_GID | UK_VATTR_ATIME |
			 UK_VATTR_MTIME, err);
}

static const char *type_name(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	default:
		return "unknown type";
	}
}

static int unpack_entry(void *ctx, const struct uk_cpio_entry *e,
			struct uk_cpio_error *err)
{
	struct unpack *u = ctx;
	uint32_t type = e->mode & S_IFMT;
	bool exists_dir;
	int rc;

	if (type != S_IFDIR && type != S_IFREG && type != S_IFLNK)
		return refuse(err, UK_CPIO_ETYPE, e, type_name(e->mode));
	if (type == S_IFDIR && e->size)
		return refuse(err, UK_CPIO_EDIRDATA, e, NULL);
	rc = build_path(u, e, err);
	if (rc < 0)
		return rc;
	u->stats->entries++;
	if (rc == 1)
		return 0;	/* "." : the target directory itself */
	rc = make_parents(u, e, err);
	if (rc < 0)
		return rc;
	rc = remove_existing(u, e, type, &exists_dir, err);
	if (rc < 0)
		return rc;
	forget_known_dir(u);
	switch (type) {
	case S_IFDIR:
		if (!exists_dir) {
			rc = uk_vfs_mkdirat(AT_FDCWD, u->path, 0700);
			if (rc < 0)
				return vfs_fail(err, e,
						"cannot create directory", rc);
			u->stats->dirs++;
		}
		return set_attrs(u, e, UK_VATTR_MODE | UK_VATTR_UID |
				 UK_VATTR_GID, err);
	case S_IFREG:
		return unpack_file(u, e, err);
	default:
		return unpack_symlink(u, e, err);
	}
}

/* Second pass: directory times, now that their contents exist. */
static int dir_times(void *ctx, const struct uk_cpio_entry *e,
		     struct uk_cpio_error *err)
{
	struct unpack *u = ctx;

	if ((e->mode & S_IFMT) != S_IFDIR || build_path(u, e, err) != 0)
		return 0;
	return set_attrs(u, e, UK_VATTR_ATIME | UK_VATTR_MTIME, err);
}

/* Create directory @dest (@len bytes; 0: "/") and its parents. */
static int make_target(const char *dest, size_t len, char *buf)
{
	struct uk_vattr va;
	size_t i;
	int rc;

	for (i = 1; i <= len; i++) {
		if (i < len && dest[i] != '/')
			continue;
		memcpy(buf, dest, i);
		buf[i] = '\0';
		rc = uk_vfs_mkdirat(AT_FDCWD, buf, 0755);
		if (rc < 0 && rc != -EEXIST)
			return rc;
	}
	rc = uk_vfs_statat(AT_FDCWD, len ? dest : "/", 0, &va);
	if (rc < 0)
		return rc;
	return S_ISDIR(va.mode) ? 0 : -ENOTDIR;
}

int uk_cpio_unpack(const void *buf, size_t len, const char *dest,
		   struct uk_cpio_stats *stats, struct uk_cpio_error *err)
{
	struct uk_cpio_stats local;
	struct unpack u = { 0 };
	struct hardlink *l;
	int rc;

	memset(err, 0, sizeof(*err));
	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	u.stats = stats;
	u.dest = dest;
	u.destlen = strlen(dest);
	while (u.destlen > 1 && dest[u.destlen - 1] == '/')
		u.destlen--;
	if (u.destlen == 1 && dest[0] == '/')
		u.destlen = 0;	/* paths become "/name" */
	if (u.destlen >= UK_VFS_PATH_MAX / 2 || (dest[0] != '/'))
		return vfs_fail(err, NULL, "bad target directory", -EINVAL);
	u.path = umalloc(3 * UK_VFS_PATH_MAX);
	if (!u.path)
		return vfs_fail(err, NULL, "out of memory", -ENOMEM);
	u.target = u.path + UK_VFS_PATH_MAX;
	u.known_dir = u.target + UK_VFS_PATH_MAX;
	u.known_dir[0] = '\0';

	rc = make_target(dest, u.destlen, u.path);
	if (rc < 0) {
		vfs_fail(err, NULL, "cannot create the target directory", rc);
		goto out;
	}
	rc = uk_cpio_parse(buf, len, unpack_entry, &u, err);
	if (rc == 0)
		rc = uk_cpio_parse(buf, len, dir_times, &u, err);
out:
	while ((l = u.links)) {
		u.links = l->next;
		ufree(l);
	}
	ufree(u.path);
	return rc;
}
