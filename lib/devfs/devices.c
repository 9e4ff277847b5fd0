/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory devices (Linux numbers): null (1,3), zero (1,5), full (1,7),
 * random (1,8), urandom (1,9).
 */
#include <errno.h>
#include <string.h>
#include <uk/devfs.h>

static ssize_t null_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			 size_t len, off_t off)
{
	return 0;
}

static ssize_t sink_write(struct uk_vnode *vn, struct uk_file *f,
			  const void *buf, size_t len, off_t *off)
{
	return (ssize_t)len;
}

static ssize_t zero_read(struct uk_vnode *vn, struct uk_file *f, void *buf,
			 size_t len, off_t off)
{
	memset(buf, 0, len);
	return (ssize_t)len;
}

static ssize_t full_write(struct uk_vnode *vn, struct uk_file *f,
			  const void *buf, size_t len, off_t *off)
{
	return len ? -ENOSPC : 0;
}

static ssize_t random_read(struct uk_vnode *vn, struct uk_file *f,
			   void *buf, size_t len, off_t off)
{
	uk_random_bytes(buf, len);
	return (ssize_t)len;
}

/* Writing adds to the generator's key, as on Linux (without credit). */
static ssize_t random_write(struct uk_vnode *vn, struct uk_file *f,
			    const void *buf, size_t len, off_t *off)
{
	uk_random_mix(buf, len);
	return (ssize_t)len;
}

static const struct uk_vnops null_ops = {
	.read = null_read,
	.write = sink_write,
};

static const struct uk_vnops zero_ops = {
	.read = zero_read,
	.write = sink_write,
};

static const struct uk_vnops full_ops = {
	.read = zero_read,
	.write = full_write,
};

static const struct uk_vnops random_ops = {
	.read = random_read,
	.write = random_write,
};

UK_DEVFS_REGISTER(null, &null_ops, S_IFCHR | 0666, 0, 1, 3);
UK_DEVFS_REGISTER(zero, &zero_ops, S_IFCHR | 0666, 0, 1, 5);
UK_DEVFS_REGISTER(full, &full_ops, S_IFCHR | 0666, 0, 1, 7);
UK_DEVFS_REGISTER(random, &random_ops, S_IFCHR | 0666, 0, 1, 8);
UK_DEVFS_REGISTER(urandom, &random_ops, S_IFCHR | 0666, 0, 1, 9);
