/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of ukcpio: unpacking an archive built here, refusing a
 * malformed one with its message, and the contents of the initrd the
 * image booted with.
 *
 * The initrd test expects the archive written by
 *	lib/ukcpio/tests/make_test_initrd.py OUT.cpio
 * (booted with kast-qemu --initrd OUT.cpio); see that script for the
 * list of entries. Without an initrd, or with one lacking its marker file
 * /kast-initrd-test, that case only says so and passes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/test.h>
#include <uk/print.h>
#include <uk/cpio.h>
#include <uk/vfs.h>
#include <uk/plat/memory.h>

#define NSEC	1000000000LL

static char arc[2048];
static size_t arc_len;

static void add(const char *name, uint32_t mode, const char *data,
		uint32_t ino, uint32_t nlink)
{
	size_t dlen = data ? strlen(data) : 0, nlen = strlen(name) + 1;

	arc_len += (size_t)snprintf(arc + arc_len, sizeof(arc) - arc_len,
		"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		ino, mode, 0, 0, nlink, 1650000000, (unsigned int)dlen, 0, 0,
		0, 0, (unsigned int)nlen, 0);
	memcpy(arc + arc_len, name, nlen);
	arc_len = (arc_len + nlen + 3) & ~3UL;
	if (dlen)
		memcpy(arc + arc_len, data, dlen);
	arc_len = (arc_len + dlen + 3) & ~3UL;
}

static ssize_t get(const char *path, char *buf, size_t size)
{
	struct uk_file *f;
	ssize_t n;

	if (uk_vfs_openat(AT_FDCWD, path, O_RDONLY, 0, &f))
		return -ENOENT;
	n = uk_file_read(f, buf, size - 1);
	uk_file_release(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

UK_TESTCASE(ukcpio, unpack_built_archive)
{
	struct uk_cpio_error err;
	struct uk_cpio_stats st;
	struct uk_vattr va;
	char buf[32];

	memset(arc, 0, sizeof(arc));
	arc_len = 0;
	add("./sub/file", 0100640, "payload", 1, 1);
	add("sub", 040700, NULL, 2, 1);
	add("ln", 0120777, "sub/file", 3, 1);
	add("TRAILER!!!", 0, NULL, 0, 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_unpack(arc, arc_len, "/cpiotest", &st,
					      &err), 0);
	UK_TEST_EXPECT_UNUM_EQ(st.entries, 3);
	UK_TEST_EXPECT_SNUM_EQ(get("/cpiotest/ln", buf, sizeof(buf)), 7);
	UK_TEST_EXPECT_STR_EQ(buf, "payload");
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/cpiotest/sub", 0,
					     &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFDIR | 0700);
	UK_TEST_EXPECT_SNUM_EQ(va.mtime, 1650000000LL * NSEC);
}

UK_TESTCASE(ukcpio, malformed_archive_is_refused_with_its_entry)
{
	struct uk_cpio_error err;
	char msg[200];

	memset(arc, 0, sizeof(arc));
	arc_len = 0;
	add("a/b", 0100644, "0123456789", 1, 1);
	/* cut inside the data of "a/b" */
	UK_TEST_EXPECT_SNUM_EQ(uk_cpio_unpack(arc, 118, "/cpiotest2", NULL,
					      &err), -EINVAL);
	UK_TEST_EXPECT_STR_EQ(uk_cpio_strerror(&err, "initrd", msg,
					       sizeof(msg)),
			      "cpio: initrd offset 0x0: entry \"a/b\": file "
			      "size runs past the end of the archive");
}

static void expect_file(UK_TEST_CTX_PARAM, const char *path,
			const char *want)
{
	char buf[64];

	UK_TEST_EXPECT_SNUM_EQ(get(path, buf, sizeof(buf)),
			       (long)strlen(want));
	UK_TEST_EXPECT_STR_EQ(buf, want);
}

UK_TESTCASE(ukcpio, initrd_contents)
{
	struct uk_vattr va, vb;
	struct uk_file *f;
	unsigned char buf[4096];
	const void *base;
	size_t len, done = 0, bad = 0, i;
	char link[16];
	ssize_t n;

	if (ukplat_initrd(&base, &len) ||
	    uk_vfs_statat(AT_FDCWD, "/kast-initrd-test", 0, &va)) {
		uk_pr_info("ukcpio: no test initrd (make_test_initrd.py): skipped\n");
		return;
	}
	expect_file(UK_TEST_CTX, "/kast-initrd-test", "kast initrd test\n");
	expect_file(UK_TEST_CTX, "/etc/hostname", "kast\n");
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/etc/hostname", 0,
					     &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFREG | 0644);
	UK_TEST_EXPECT_UNUM_EQ(va.uid, 1000);
	UK_TEST_EXPECT_UNUM_EQ(va.gid, 100);
	UK_TEST_EXPECT_SNUM_EQ(va.mtime, 1700000000LL * NSEC);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/etc", 0, &va), 0);
	UK_TEST_EXPECT_SNUM_EQ(va.mtime, 1500000000LL * NSEC);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_readlinkat(AT_FDCWD, "/etc/motd", link,
						 sizeof(link)), 8);
	expect_file(UK_TEST_CTX, "/etc/motd", "kast\n");
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/bin/tool", 0, &va),
			       0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFREG | 0755);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/bin", 0, &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFDIR | 0755);
	UK_TEST_ASSERT(uk_vfs_openat(AT_FDCWD, "/data/big", O_RDONLY, 0,
				     &f) == 0);
	while ((n = uk_file_read(f, buf, sizeof(buf))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			bad += buf[i] != (unsigned char)(7 * (done + i) + 3);
		done += (size_t)n;
	}
	uk_file_release(f);
	UK_TEST_EXPECT_UNUM_EQ(done, 100000);
	UK_TEST_EXPECT_UNUM_EQ(bad, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/data/empty", 0, &va),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(va.size, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/data/link-a", 0,
					     &va), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/data/link-b", 0,
					     &vb), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.ino, vb.ino);
	UK_TEST_EXPECT_UNUM_EQ(va.nlink, 2);
	expect_file(UK_TEST_CTX, "/data/link-a", "same inode\n");
	UK_TEST_EXPECT_SNUM_EQ(uk_vfs_statat(AT_FDCWD, "/deep/a", 0, &va), 0);
	UK_TEST_EXPECT_UNUM_EQ(va.mode, S_IFDIR | 0750);
	expect_file(UK_TEST_CTX, "/deep/a/b/c/d/e/f", "deep\n");
	expect_file(UK_TEST_CTX, "/crc/checked", "crc ok\n");
}
