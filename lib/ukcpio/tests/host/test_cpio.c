/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of ukcpio: parsing well-formed and malformed newc archives
 * (every error, its offset and message), and unpacking into vfscore +
 * ramfs built for the host.
 */
#include "hosttest.h"
#include "vfs_host.h"
#include "cpio_build.h"
#include <uk/cpio.h>

#define EXPECT_RC(expr, want) HT_EXPECT_INT_EQ((long)(expr), (long)(want))

struct seen {
	char names[16][64];
	size_t sizes[16];
	int n;
};

static int record(void *ctx, const struct uk_cpio_entry *e,
		  struct uk_cpio_error *err)
{
	struct seen *s = ctx;

	if (s->n < 16) {
		snprintf(s->names[s->n], 64, "%s", e->name);
		s->sizes[s->n] = e->size;
		s->n++;
	}
	return 0;
}

static char msg[512];

static const char *parse_msg(struct cpio_buf *c, int *rc)
{
	struct uk_cpio_error err;
	struct seen s = { 0 };

	*rc = uk_cpio_parse(c->b, c->len, record, &s, &err);
	return uk_cpio_strerror(&err, "initrd", msg, sizeof(msg));
}

static void test_parse_good(void)
{
	struct cpio_buf c = { 0 };
	struct uk_cpio_error err;
	struct seen s = { 0 };

	cb_entry(&c, ".", S_IFDIR | 0755, NULL);
	cb_entry(&c, "etc", S_IFDIR | 0755, NULL);
	cb_entry(&c, "etc/hostname", S_IFREG | 0644, "kast\n");
	cb_entry(&c, "bin/sh", S_IFLNK | 0777, "/bin/busybox");
	cb_trailer(&c);
	/* a second archive after the padding, as initramfs allows */
	c.crc = 1;
	cb_entry(&c, "extra", S_IFREG | 0600, "crc checked");
	cb_trailer(&c);
	EXPECT_RC(uk_cpio_parse(c.b, c.len, record, &s, &err), 0);
	EXPECT_RC(s.n, 5);
	HT_EXPECT_STR_EQ(s.names[2], "etc/hostname");
	EXPECT_RC(s.sizes[2], 5);
	EXPECT_RC(s.sizes[3], 12);
	HT_EXPECT_STR_EQ(s.names[4], "extra");
	EXPECT_RC(uk_cpio_parse(c.b, 0, record, &s, &err), 0);
	free(c.b);
}

static void test_parse_errors(void)
{
	struct cpio_buf c = { 0 };
	const char *m;
	size_t hdr2;
	int rc;

	cb_entry(&c, "a", S_IFREG | 0644, "0123456789");
	hdr2 = c.len;
	cb_entry(&c, "etc/x", S_IFREG | 0644, "abc");
	cb_trailer(&c);

	/* bad magic */
	c.b[hdr2 + 5] = '7';
	m = parse_msg(&c, &rc);
	EXPECT_RC(rc, -EINVAL);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: bad magic \"070707\" "
			    "(expected \"070701\" or \"070702\")");
	c.b[hdr2 + 5] = '1';

	/* non-hex field */
	c.b[hdr2 + 6 + 8 * 6 + 3] = 'g';	/* c_filesize */
	m = parse_msg(&c, &rc);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: field c_filesize is "
			    "not hexadecimal");
	c.b[hdr2 + 6 + 8 * 6 + 3] = '0';

	/* file size past the end */
	memcpy(c.b + hdr2 + 6 + 8 * 6, "00100000", 8);
	m = parse_msg(&c, &rc);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: entry \"etc/x\": file "
			    "size runs past the end of the archive");
	memcpy(c.b + hdr2 + 6 + 8 * 6, "00000003", 8);

	/* name without its NUL, name size 0, name past the end */
	memcpy(c.b + hdr2 + 6 + 8 * 11, "00000005", 8);
	m = parse_msg(&c, &rc);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: entry \"etc/x\": name "
			    "is not a NUL-terminated string");
	memcpy(c.b + hdr2 + 6 + 8 * 11, "00000000", 8);
	m = parse_msg(&c, &rc);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: name size is 0");
	memcpy(c.b + hdr2 + 6 + 8 * 11, "7fffffff", 8);
	m = parse_msg(&c, &rc);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: name runs past the end "
			    "of the archive");
	memcpy(c.b + hdr2 + 6 + 8 * 11, "00000006", 8);

	/* truncated header, missing trailer */
	EXPECT_RC(uk_cpio_parse(c.b, hdr2 + 50, NULL, NULL,
				&(struct uk_cpio_error){ 0 }), -EINVAL);
	{
		struct cpio_buf t = { .b = c.b, .len = hdr2 + 50 };

		m = parse_msg(&t, &rc);
		HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: header truncated "
				    "(50 bytes left, 110 needed)");
		t.len = hdr2;
		m = parse_msg(&t, &rc);
		HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x7c: archive ends "
				    "without TRAILER!!!");
	}

	/* garbage after a trailer */
	{
		struct cpio_buf g = { 0 };

		cb_trailer(&g);
		cb_put(&g, "junkjunk", 8);
		m = parse_msg(&g, &rc);
		HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x200: bad magic "
				    "\"junkju\" (expected \"070701\" or "
				    "\"070702\")");
		free(g.b);
	}
	free(c.b);
}

static void test_checksum(void)
{
	struct cpio_buf c = { .crc = 1 };
	const char *m;
	int rc;

	cb_entry(&c, "f", S_IFREG | 0644, "AB");	/* sum 0x83 */
	cb_trailer(&c);
	m = parse_msg(&c, &rc);
	EXPECT_RC(rc, 0);
	c.b[112 + 1] = 'C';		/* "AB" follows "f\0" at 112 */
	m = parse_msg(&c, &rc);
	EXPECT_RC(rc, -EINVAL);
	HT_EXPECT_STR_EQ(m, "cpio: initrd offset 0x0: entry \"f\": checksum "
			    "mismatch (header 0x00000083, data 0x00000084)");
	free(c.b);
}

/* No prefix of a valid archive crashes; all but full ones are errors. */
static void test_every_truncation(void)
{
	struct cpio_buf c = { 0 };
	struct uk_cpio_error err;
	size_t n, end;

	cb_entry(&c, "dir", S_IFDIR | 0755, NULL);
	cb_entry(&c, "dir/file", S_IFREG | 0644, "some data here");
	cb_entry(&c, "link", S_IFLNK | 0777, "dir/file");
	/* complete once the trailer's name is: the rest is padding */
	end = c.len + 110 + sizeof("TRAILER!!!");
	cb_trailer(&c);
	for (n = 0; n <= c.len; n++) {
		unsigned char *copy = malloc(n ? n : 1);
		int rc;

		memcpy(copy, c.b, n);
		rc = uk_cpio_parse(copy, n, NULL, NULL, &err);
		if (n == 0 || n >= end)
			EXPECT_RC(rc, 0);
		else
			EXPECT_RC(rc, -EINVAL);
		uk_cpio_strerror(&err, "t", msg, sizeof(msg));
		free(copy);
	}
	free(c.b);
}

static void test_long_and_odd_names(void)
{
	struct cpio_buf c = { 0 };
	char name[300];
	const char *m;
	int rc;

	memset(name, 'x', 200);
	name[200] = '\0';
	name[3] = '\n';
	name[4] = '"';
	cb_entry(&c, name, S_IFREG | 0644, "data");
	c.b[6 + 8 * 6 + 7] = '9';	/* size past the end */
	m = parse_msg(&c, &rc);
	HT_EXPECT(strstr(m, "entry \"xxx\\x0a\\x22xxx") != NULL);
	HT_EXPECT(strstr(m, "xxx...\": file size") != NULL);
	free(c.b);
}

/* Unpacking ------------------------------------------------------------ */

static int unpack(struct cpio_buf *c, const char *dest)
{
	struct uk_cpio_error err;
	struct uk_cpio_stats st;
	int rc = uk_cpio_unpack(c->b, c->len, dest, &st, &err);

	uk_cpio_strerror(&err, "initrd", msg, sizeof(msg));
	return rc;
}

static void test_unpack_tree(void)
{
	struct cpio_buf c = { 0 };
	struct uk_cpio_error err;
	struct uk_cpio_stats st;
	struct uk_vattr va;
	char buf[64];

	vfs_host_fresh();
	EXPECT_RC(vfs_host_put("/replace-me", "old"), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/was-dir", 0755), 0);
	/* children before their directory, as `find -depth` lists them */
	cb_entry(&c, "./usr/share/doc/readme", S_IFREG | 0640, "read me");
	cb_entry(&c, "./usr/share/doc", S_IFDIR | 0700, NULL);
	cb_entry(&c, "./usr//share/./x", S_IFREG | 04755, "#!/bin/sh\n");
	cb_entry(&c, ".", S_IFDIR | 0755, NULL);
	cb_entry(&c, "link", S_IFLNK | 0777, "usr/share/doc/readme");
	cb_entry(&c, "replace-me", S_IFREG | 0644, "new");
	cb_entry(&c, "was-dir", S_IFLNK | 0777, "usr");
	/* hard links: data with the last name, as GNU cpio writes them */
	cb_entry_full(&c, "h1", S_IFREG | 0600, NULL, 0, 77, 2, 5);
	cb_entry_full(&c, "usr/h2", S_IFREG | 0600, "linked", 6, 77, 2, 5);
	cb_trailer(&c);
	EXPECT_RC(uk_cpio_unpack(c.b, c.len, "/", &st, &err), 0);
	EXPECT_RC(st.entries, 9);
	EXPECT_RC(st.files, 4);
	EXPECT_RC(st.symlinks, 2);
	EXPECT_RC(st.hardlinks, 1);

	EXPECT_RC(vfs_host_get("/link", buf, sizeof(buf)), 7);
	HT_EXPECT_STR_EQ(buf, "read me");
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/usr/share/x", 0, &va), 0);
	EXPECT_RC(va.mode, S_IFREG | 04755);
	EXPECT_RC(va.uid, 1000);
	EXPECT_RC(va.gid, 100);
	EXPECT_RC(va.mtime, 1600000000LL * 1000000000LL);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/usr/share/doc", 0, &va), 0);
	EXPECT_RC(va.mode, S_IFDIR | 0700);
	/* its time was set after its contents were created */
	EXPECT_RC(va.mtime, 1600000000LL * 1000000000LL);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/usr", 0, &va), 0);
	EXPECT_RC(va.mode, S_IFDIR | 0755);	/* created as a parent */
	EXPECT_RC(vfs_host_get("/replace-me", buf, sizeof(buf)), 3);
	HT_EXPECT_STR_EQ(buf, "new");
	EXPECT_RC(vfs_host_type("/was-dir"), S_IFLNK);
	EXPECT_RC(vfs_host_get("/h1", buf, sizeof(buf)), 6);
	HT_EXPECT_STR_EQ(buf, "linked");
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/h1", 0, &va), 0);
	EXPECT_RC(va.nlink, 2);

	/* the same archive into another directory, twice (replacing) */
	EXPECT_RC(unpack(&c, "/opt/root/"), 0);
	EXPECT_RC(unpack(&c, "/opt/root"), 0);
	EXPECT_RC(vfs_host_get("/opt/root/link", buf, sizeof(buf)), 7);
	EXPECT_RC(unpack(&c, "/link"), -ENOTDIR);
	free(c.b);
}

static void expect_refused(const char *name, uint32_t mode, const char *data,
			   const char *want)
{
	struct cpio_buf c = { 0 };

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/full", 0755), 0);
	EXPECT_RC(vfs_host_put("/full/f", ""), 0);
	EXPECT_RC(uk_vfs_symlinkat("/", AT_FDCWD, "/sl"), 0);
	cb_entry(&c, "ok", S_IFREG | 0644, "fine");
	cb_entry(&c, name, mode, data);
	cb_trailer(&c);
	HT_EXPECT(unpack(&c, "/") < 0);
	HT_EXPECT_STR_EQ(msg, want);
	free(c.b);
}

/* A hard link group whose first name became a symbolic link must not
 * write its data through it. */
static void test_hard_link_to_symlink_stays_inside(void)
{
	struct cpio_buf c = { 0 };

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/outside", 0755), 0);
	cb_entry_full(&c, "f", S_IFREG | 0644, NULL, 0, 5, 2, 0);
	cb_entry_full(&c, "f", S_IFLNK | 0777, "/outside/pwned", 14, 6, 1, 0);
	cb_entry_full(&c, "g", S_IFREG | 0644, "data", 4, 5, 2, 0);
	cb_trailer(&c);
	HT_EXPECT(unpack(&c, "/target") < 0);
	HT_EXPECT(strstr(msg, "entry \"g\"") != NULL);
	EXPECT_RC(vfs_host_type("/outside/pwned"), -ENOENT);
	free(c.b);
}

static void test_unpack_refusals(void)
{
	expect_refused("/etc/passwd", S_IFREG | 0644, "x",
		       "cpio: initrd offset 0x78: entry \"/etc/passwd\": "
		       "absolute path");
	expect_refused("a/../../etc", S_IFREG | 0644, "x",
		       "cpio: initrd offset 0x78: entry \"a/../../etc\": path "
		       "escapes the target directory (\"..\")");
	expect_refused("sl/etc/x", S_IFREG | 0644, "x",
		       "cpio: initrd offset 0x78: entry \"sl/etc/x\": path "
		       "goes through symbolic link \"sl\"");
	expect_refused("dev/console", S_IFCHR | 0600, NULL,
		       "cpio: initrd offset 0x78: entry \"dev/console\": "
		       "unsupported file type (character device)");
	expect_refused("fifo", S_IFIFO | 0600, NULL,
		       "cpio: initrd offset 0x78: entry \"fifo\": unsupported "
		       "file type (fifo)");
	expect_refused("d", S_IFDIR | 0755, "data",
		       "cpio: initrd offset 0x78: entry \"d\": directory "
		       "entry has data");
	expect_refused("l", S_IFLNK | 0777, NULL,
		       "cpio: initrd offset 0x78: entry \"l\": symbolic link "
		       "target is empty");
	expect_refused("full", S_IFREG | 0644, "x",
		       "cpio: initrd offset 0x78: entry \"full\": cannot "
		       "replace existing file: Directory not empty (errno 39)");
	expect_refused("full/f/x", S_IFREG | 0644, "x",
		       "cpio: initrd offset 0x78: entry \"full/f/x\": parent "
		       "is not a directory: Not a directory (errno 20)");
}

/* Archives written by GNU cpio (the fuzz seeds): newc in order, and crc
 * listed by find -depth; the same tree either way. */
static void unpack_gnu(const char *file, const char *dest)
{
	char path[512], buf[64];
	struct uk_vattr a, b;
	unsigned char *data;
	FILE *fp;
	long len;

	snprintf(path, sizeof(path), "%s/%s", CPIO_SEEDS_DIR, file);
	fp = fopen(path, "rb");
	HT_EXPECT(fp != NULL);
	if (!fp)
		return;
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	data = malloc((size_t)len);
	HT_EXPECT(fread(data, 1, (size_t)len, fp) == (size_t)len);
	fclose(fp);
	{
		struct cpio_buf c = { .b = data, .len = (size_t)len };

		EXPECT_RC(unpack(&c, dest), 0);
	}
	snprintf(path, sizeof(path), "%s/etc/hostname", dest);
	EXPECT_RC(vfs_host_get(path, buf, sizeof(buf)), 6);
	HT_EXPECT_STR_EQ(buf, "hello\n");
	snprintf(path, sizeof(path), "%s/bin/hi", dest);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, path, 0, &a), 0);
	EXPECT_RC(a.mode, S_IFREG | 0755);
	snprintf(path, sizeof(path), "%s/usr/bin/hi2", dest);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, path, 0, &b), 0);
	EXPECT_RC(a.ino, b.ino);
	EXPECT_RC(b.nlink, 2);
	snprintf(path, sizeof(path), "%s/bin", dest);
	EXPECT_RC(vfs_host_type(path), S_IFLNK);
	free(data);
}

static void test_unpack_gnu_cpio_archives(void)
{
	vfs_host_fresh();
	unpack_gnu("tree.cpio", "/newc");
	unpack_gnu("tree-crc-depth.cpio", "/crc");
}

int main(void)
{
	HT_RUN(test_parse_good);
	HT_RUN(test_parse_errors);
	HT_RUN(test_checksum);
	HT_RUN(test_every_truncation);
	HT_RUN(test_long_and_odd_names);
	HT_RUN(test_unpack_tree);
	HT_RUN(test_unpack_refusals);
	HT_RUN(test_hard_link_to_symlink_stays_inside);
	HT_RUN(test_unpack_gnu_cpio_archives);
	vfs_host_reset();
	return ht_finish("ukcpio");
}
