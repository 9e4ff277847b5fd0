/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices in devfs: every ukblkdev device registered by the time
 * /dev is first mounted becomes /dev/vda, /dev/vdb, ... in registration
 * (= device discovery = kast-run --disk) order, S_IFBLK, 0660, major 254,
 * minor 16 * index (Linux's numbering for virtio disks).
 *
 * read / write / pread / pwrite work at any offset and length: whole
 * sectors go to the device in large requests through a bounce buffer
 * (the device never sees the caller's pointer, which is copied with
 * uk_vfs_copyin/out), partial sectors at either end are read, patched
 * and written back. One lock per device keeps those read-modify-write
 * cycles from interleaving. Out-of-range access is answered as Linux
 * does: a read at or after the end returns 0 and is cut at the end; a
 * write at or after the end fails with ENOSPC and is cut at the end.
 * A read-only disk (kast-run --disk FILE:ro, or BLKROSET) refuses
 * writes with EROFS (Linux says EPERM there; EROFS is what a read-only
 * file system answers, and what Kast's storage contract asks for).
 * stat reports st_size 0 as Linux does for a device node; lseek
 * SEEK_END counts from the capacity.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/mutex.h>
#include <uk/blkdev.h>
#include "devfs_impl.h"

#define BLK_MAJOR	254
#define BLK_MINORS	16	/* per disk: the disk and its partitions */
#define BLK_NAMES	26	/* vda .. vdz */
/* Bounce buffer per call: large requests, bounded memory. */
#define BOUNCE_MAX	(256 * 1024)

/* Linux ioctl numbers (asm-generic: the same on x86_64 and riscv64). */
#define BLKROSET	0x125d
#define BLKROGET	0x125e
#define BLKGETSIZE	0x1260
#define BLKFLSBUF	0x1261
#define BLKSSZGET	0x1268
#define BLKIOMIN	0x1278
#define BLKIOOPT	0x1279
#define BLKPBSZGET	0x127b
#define BLKBSZGET	0x80081270
#define BLKGETSIZE64	0x80081272

struct devfs_blk {
	struct uk_devfs_device d;
	struct uk_blkdev *bdev;
	char name[8];
	struct uk_mutex lock;
	bool ro_policy;		/* BLKROSET 1 */
};

static struct devfs_blk *blks;
static size_t nblks;

static const struct uk_vnops blk_ops;

/* The disks, the first time devfs asks (after the drivers probed). */
static void blk_scan(void)
{
	static bool scanned;
	size_t i, n = UK_MIN((size_t)uk_blkdev_count(), (size_t)BLK_NAMES);

	if (scanned)
		return;
	scanned = true;
	if (uk_blkdev_count() > BLK_NAMES)
		uk_pr_warn("devfs: %u block devices, only %d get a name\n",
			   uk_blkdev_count(), BLK_NAMES);
	if (!n)
		return;
	blks = uk_calloc(uk_alloc_get_default(), n, sizeof(*blks));
	if (!blks) {
		uk_pr_err("devfs: no memory for block device nodes\n");
		return;
	}
	for (i = 0; i < n; i++) {
		struct devfs_blk *b = &blks[i];

		b->bdev = uk_blkdev_get((unsigned int)i);
		b->name[0] = 'v';
		b->name[1] = 'd';
		b->name[2] = (char)('a' + i);
		b->d.name = b->name;
		b->d.ops = &blk_ops;
		b->d.mode = S_IFBLK | 0660;
		b->d.major = BLK_MAJOR;
		b->d.minor = (uint32_t)(i * BLK_MINORS);
		uk_mutex_init(&b->lock);
	}
	nblks = n;
}

size_t devfs_blk_count(void)
{
	blk_scan();
	return nblks;
}

const struct uk_devfs_device *devfs_blk_device(size_t i)
{
	UK_ASSERT(i < nblks);
	return &blks[i].d;
}

static struct devfs_blk *B(struct uk_vnode *vn)
{
	return __containerof(DN(vn)->dev, struct devfs_blk, d);
}

static uint64_t capacity(const struct devfs_blk *b)
{
	const struct uk_blkdev_info *i = uk_blkdev_info_get(b->bdev);

	return i->sectors * i->sector_size;
}

static bool read_only(const struct devfs_blk *b)
{
	return b->ro_policy || uk_blkdev_info_get(b->bdev)->read_only;
}

void devfs_blk_getattr(struct devfs_node *n, struct uk_vattr *va)
{
	struct devfs_blk *b = __containerof(n->dev, struct devfs_blk, d);

	va->blksize = 4096;
	va->seek_size = (int64_t)capacity(b);
}

struct bounce {
	uint8_t *buf;
	size_t sectors;		/* its size */
};

/* A buffer for up to @bytes (at least one sector); -ENOMEM. */
static int bounce_get(struct devfs_blk *b, size_t bytes, struct bounce *bb)
{
	uint32_t ss = uk_blkdev_info_get(b->bdev)->sector_size;
	size_t len = UK_MIN(UK_MAX(bytes, (size_t)ss), (size_t)BOUNCE_MAX);

	bb->sectors = UK_MAX(len / ss, (size_t)1);
	bb->buf = uk_memalign(uk_alloc_get_default(), ss, bb->sectors * ss);
	return bb->buf ? 0 : -ENOMEM;
}

static void bounce_put(struct bounce *bb)
{
	uk_free(uk_alloc_get_default(), bb->buf);
}

static ssize_t blk_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			size_t len, off_t off)
{
	struct devfs_blk *b = B(vn);
	uint32_t ss = uk_blkdev_info_get(b->bdev)->sector_size;
	uint64_t cap = capacity(b), pos = (uint64_t)off, sec, head, n;
	struct bounce bb;
	size_t done = 0, take;
	int rc;

	if (off < 0)
		return -EINVAL;
	if (pos >= cap || !len)
		return 0;
	len = (size_t)UK_MIN((uint64_t)len, cap - pos);
	head = pos % ss;
	rc = bounce_get(b, head + len + ss, &bb);
	if (rc < 0)
		return rc;
	uk_mutex_lock(&b->lock);
	while (done < len) {
		sec = pos / ss;
		head = pos % ss;
		n = UK_MIN((head + (len - done) + ss - 1) / ss,
			   (uint64_t)bb.sectors);
		rc = uk_blkdev_io(b->bdev, UK_BLKREQ_READ, sec, n, bb.buf);
		if (rc < 0)
			break;
		take = (size_t)UK_MIN(n * ss - head, (uint64_t)(len - done));
		rc = uk_vfs_copyout((char *)buf + done, bb.buf + head, take);
		if (rc < 0)
			break;
		done += take;
		pos += take;
	}
	uk_mutex_unlock(&b->lock);
	bounce_put(&bb);
	return done ? (ssize_t)done : rc;
}

/*
 * Write @take bytes of @src at byte @head of sectors @sec.. (@n of them,
 * in the bounce buffer): the partial first and last sectors are read
 * first so that the bytes around the write survive.
 */
static int blk_write_span(struct devfs_blk *b, struct bounce *bb,
			  uint64_t sec, uint64_t n, uint64_t head,
			  const void *src, size_t take)
{
	uint32_t ss = uk_blkdev_info_get(b->bdev)->sector_size;
	uint64_t tail = (head + take) % ss;
	int rc;

	if (head) {
		rc = uk_blkdev_io(b->bdev, UK_BLKREQ_READ, sec, 1, bb->buf);
		if (rc < 0)
			return rc;
	}
	if (tail && (n > 1 || !head)) {
		rc = uk_blkdev_io(b->bdev, UK_BLKREQ_READ, sec + n - 1, 1,
				  bb->buf + (n - 1) * ss);
		if (rc < 0)
			return rc;
	}
	rc = uk_vfs_copyin(bb->buf + head, src, take);
	if (rc < 0)
		return rc;
	return uk_blkdev_io(b->bdev, UK_BLKREQ_WRITE, sec, n, bb->buf);
}

static ssize_t blk_write(struct uk_vnode *vn, struct uk_file *f,
			 const void *buf, size_t len, off_t *off)
{
	struct devfs_blk *b = B(vn);
	uint32_t ss = uk_blkdev_info_get(b->bdev)->sector_size;
	uint64_t cap = capacity(b), pos = (uint64_t)*off, sec, head, n;
	struct bounce bb;
	size_t done = 0, take;
	int rc = 0;

	if (*off < 0)
		return -EINVAL;
	if (read_only(b))
		return -EROFS;
	if (!len)
		return 0;
	if (pos >= cap)
		return -ENOSPC;
	len = (size_t)UK_MIN((uint64_t)len, cap - pos);
	rc = bounce_get(b, pos % ss + len + ss, &bb);
	if (rc < 0)
		return rc;
	uk_mutex_lock(&b->lock);
	while (done < len) {
		sec = pos / ss;
		head = pos % ss;
		n = UK_MIN((head + (len - done) + ss - 1) / ss,
			   (uint64_t)bb.sectors);
		take = (size_t)UK_MIN(n * ss - head, (uint64_t)(len - done));
		rc = blk_write_span(b, &bb, sec, n, head,
				    (const char *)buf + done, take);
		if (rc < 0)
			break;
		done += take;
		pos += take;
	}
	uk_mutex_unlock(&b->lock);
	bounce_put(&bb);
	*off = (off_t)pos;
	return done ? (ssize_t)done : rc;
}

static int blk_fsync(struct uk_vnode *vn)
{
	return uk_blkdev_flush(B(vn)->bdev);
}

static int put_int(void *arg, int v)
{
	return uk_vfs_copyout(arg, &v, sizeof(v));
}

static int blk_ioctl(struct uk_vnode *vn, struct uk_file *f,
		     unsigned long cmd, void *arg)
{
	struct devfs_blk *b = B(vn);
	const struct uk_blkdev_info *i = uk_blkdev_info_get(b->bdev);
	uint64_t u64;
	unsigned long ul;
	int v, rc;

	switch ((unsigned int)cmd) {	/* Linux: an unsigned int */
	case BLKGETSIZE64:
		u64 = capacity(b);
		return uk_vfs_copyout(arg, &u64, sizeof(u64));
	case BLKGETSIZE:	/* 512-byte units */
		ul = (unsigned long)(capacity(b) >> 9);
		return uk_vfs_copyout(arg, &ul, sizeof(ul));
	case BLKSSZGET:
	case BLKPBSZGET:
	case BLKIOMIN:
		return put_int(arg, (int)i->sector_size);
	case BLKBSZGET:
		return put_int(arg, 4096 % i->sector_size ? (int)i->sector_size
							  : 4096);
	case BLKIOOPT:
		return put_int(arg, 0);
	case BLKROGET:
		return put_int(arg, read_only(b));
	case BLKROSET:
		rc = uk_vfs_copyin(&v, arg, sizeof(v));
		if (rc < 0)
			return rc;
		/* clearing it does not make a read-only disk writable */
		b->ro_policy = v != 0;
		return 0;
	case BLKFLSBUF:
		return uk_blkdev_flush(b->bdev);
	default:
		return -ENOTTY;
	}
}

static const struct uk_vnops blk_ops = {
	.read = blk_read,
	.write = blk_write,
	.fsync = blk_fsync,
	.ioctl = blk_ioctl,
};
