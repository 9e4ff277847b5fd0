/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: arbitrary bytes as an initrd. uk_cpio_parse() on an
 * exact-size copy (ASan sees any read past it), then uk_cpio_unpack()
 * into a fresh ramfs (vfscore + ramfs built for the host), then the whole
 * name space is torn down (LeakSanitizer sees anything left behind).
 * Besides the sanitizers' checks it asserts the API's promises: errors
 * come with a code and a message naming an offset inside the archive,
 * an archive the parser accepts is refused by the unpacker only for one
 * of the entry rules, never for being malformed, and unpacking into
 * /x/y never creates anything outside it.
 * Build and run with support/scripts/fuzz; extra sources: fuzz_cpio.mk.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/cpio.h>
#include "vfs_host.h"

static int count(void *ctx, const struct uk_cpio_entry *e,
		 struct uk_cpio_error *err)
{
	(*(unsigned long *)ctx)++;
	if (e->namelen != strlen(e->name))
		abort();
	return 0;
}

static void check_error(int rc, const struct uk_cpio_error *err,
			size_t size)
{
	char msg[512];

	if (rc == 0)
		return;
	if (rc > 0 || err->code == UK_CPIO_OK || err->offset > size)
		abort();
	uk_cpio_strerror(err, "fuzz", msg, sizeof(msg));
	if (strncmp(msg, "cpio: fuzz offset 0x", 20))
		abort();
}

struct only {
	const char *allowed;
	int others;
};

static int only_allowed(void *ctx, const char *name, size_t len,
			uint64_t ino, unsigned int dtype, uint64_t next)
{
	struct only *o = ctx;

	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.') ||
	    (len == strlen(o->allowed) && !memcmp(name, o->allowed, len)))
		return 0;
	o->others++;
	return 0;
}

/* Directory @dir holds nothing but @allowed. */
static void check_only(const char *dir, const char *allowed)
{
	struct only o = { .allowed = allowed };
	struct uk_file *f;

	if (uk_vfs_openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY, 0, &f))
		abort();
	if (uk_file_readdir(f, only_allowed, &o))
		abort();
	uk_file_release(f);
	if (o.others)
		abort();	/* something was written outside the target */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uk_cpio_error err;
	struct uk_cpio_stats st;
	unsigned long entries = 0;
	uint8_t *buf = malloc(size ? size : 1);
	int prc, rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	prc = uk_cpio_parse(buf, size, count, &entries, &err);
	check_error(prc, &err, size);

	for (int pass = 0; pass < 2; pass++) {
		const char *dest = pass ? "/" : "/x/y";

		vfs_host_fresh();
		rc = uk_cpio_unpack(buf, size, dest, &st, &err);
		check_error(rc, &err, size);
		if (!pass) {
			check_only("/", "x");
			check_only("/x", "y");
		}
		if (prc == 0 && rc < 0 && err.code < UK_CPIO_EABSOLUTE)
			abort();	/* well-formed, refused as malformed */
		if (prc < 0 && rc == 0)
			abort();	/* malformed, yet unpacked */
		if (rc == 0 && st.entries != entries)
			abort();
	}
	vfs_host_reset();
	free(buf);
	return 0;
}
