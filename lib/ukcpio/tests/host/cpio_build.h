/* SPDX-License-Identifier: BSD-3-Clause */
/* Building newc archives in memory, for host tests. */
#ifndef __CPIO_BUILD_H__
#define __CPIO_BUILD_H__

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

struct cpio_buf {
	unsigned char *b;
	size_t len, cap;
	int crc;		/* write 070702 entries */
};

static inline void cb_put(struct cpio_buf *c, const void *p, size_t n)
{
	if (c->len + n > c->cap) {
		c->cap = (c->len + n) * 2 + 512;
		c->b = realloc(c->b, c->cap);
	}
	if (n)
		memcpy(c->b + c->len, p, n);
	c->len += n;
}

static inline void cb_pad(struct cpio_buf *c)
{
	static const char z[4];

	cb_put(c, z, (4 - c->len % 4) % 4);
}

/* Entry with explicit inode, link count and mtime. */
static inline void cb_entry_full(struct cpio_buf *c, const char *name,
				 uint32_t mode, const void *data, size_t size,
				 uint32_t ino, uint32_t nlink, uint32_t mtime)
{
	char hdr[111];
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < size; i++)
		sum += ((const unsigned char *)data)[i];
	snprintf(hdr, sizeof(hdr),
		 "%s%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 c->crc ? "070702" : "070701", ino, mode, 1000, 100, nlink,
		 mtime, (uint32_t)size, 0, 0, 0, 0,
		 (uint32_t)strlen(name) + 1, c->crc ? sum : 0);
	cb_put(c, hdr, 110);
	cb_put(c, name, strlen(name) + 1);
	cb_pad(c);
	cb_put(c, data, size);
	cb_pad(c);
}

static inline void cb_entry(struct cpio_buf *c, const char *name,
			    uint32_t mode, const char *data)
{
	static uint32_t ino = 100;

	cb_entry_full(c, name, mode, data, data ? strlen(data) : 0, ino++, 1,
		      1600000000);
}

static inline void cb_trailer(struct cpio_buf *c)
{
	cb_entry_full(c, "TRAILER!!!", 0, NULL, 0, 0, 1, 0);
	while (c->len % 512)
		cb_put(c, "", 1);
}

#endif
