/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * devfs: the device file system ("devfs", mounted on /dev by default).
 *
 * A device is a table entry registered with UK_DEVFS_REGISTER(): a name,
 * a mode (S_IFCHR and permissions), a device number and a vnops whose
 * data operations (open, close, read, write, poll, ioctl) implement it.
 * Each devfs mount has one node per registered device; names, attributes
 * and the directory are devfs's. devfs itself provides null, zero, full,
 * random, urandom, console and tty, and at boot opens the console as
 * descriptors 0, 1 and 2.
 */
#ifndef __UK_DEVFS_H__
#define __UK_DEVFS_H__

#include <uk/essentials.h>
#include <uk/tables.h>
#include <uk/vfs.h>

/* Descriptors 0, 1, 2 are opened once /dev is mounted (rootfs class). */
#define DEVFS_STDIO_INIT_PRIO	UK_PRIO_AFTER(VFS_MOUNTS_INIT_PRIO)

struct uk_devfs_device {
	const char *name;
	const struct uk_vnops *ops;	/* data operations only */
	uint32_t mode;			/* S_IFCHR | permission bits */
	uint32_t flags;			/* UK_VNODE_* of its vnodes */
	uint32_t major;
	uint32_t minor;
};
UK_CTASSERT(sizeof(struct uk_devfs_device) % UK_TABLE_ALIGN == 0);

UK_TABLE_DECLARE(devfs, struct uk_devfs_device);

/* Register device @name_ (an identifier: the file name in /dev). */
#define UK_DEVFS_REGISTER(name_, ops_, mode_, flags_, major_, minor_)	\
	static const struct uk_devfs_device				\
	UK_TABLE_ENTRY(devfs) __uk_devfs_##name_ = {			\
		.name = #name_, .ops = (ops_), .mode = (mode_),		\
		.flags = (flags_), .major = (major_), .minor = (minor_)	\
	}

/* The cryptographic RNG behind /dev/urandom and getrandom() -------------- */

/*
 * Fill @buf with @len random bytes: ChaCha20 (RFC 8439) keyed from
 * ukplat_entropy(), re-keyed from its own output after every request
 * (earlier output cannot be recomputed from the state) and re-seeded
 * from the platform every MiB. Threads only (it takes a mutex).
 */
void uk_random_bytes(void *buf, size_t len);

/* Mix @len bytes of @buf into the RNG's key (writes to /dev/random). */
void uk_random_mix(const void *buf, size_t len);

/* ChaCha20 block function (RFC 8439 2.3): 64 bytes of key stream. */
void uk_chacha20_block(const uint8_t key[32], uint32_t counter,
		       const uint8_t nonce[12], uint8_t out[64]);

/* ChaCha20 encryption (RFC 8439 2.4): @out = @in XOR key stream. */
void uk_chacha20_xor(const uint8_t key[32], uint32_t counter,
		     const uint8_t nonce[12], const uint8_t *in,
		     uint8_t *out, size_t len);

#endif /* __UK_DEVFS_H__ */
