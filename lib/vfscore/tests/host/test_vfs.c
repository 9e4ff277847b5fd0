/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of vfscore over ramfs (ASan + UBSan): path resolution,
 * files, directories, rename/link, mounts, getcwd, the descriptor table,
 * pipes (with threads) and poll. Each test starts from an empty ramfs.
 */
#include <pthread.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <uk/plat/time.h>
#include "hosttest.h"
#include "vfs_host.h"

#define EXPECT_RC(expr, want) HT_EXPECT_INT_EQ((long)(expr), (long)(want))

static struct uk_file *xopen(const char *path, int flags, int *rc)
{
	struct uk_file *f = NULL;

	*rc = uk_vfs_openat(AT_FDCWD, path, flags, 0644, &f);
	return *rc < 0 ? NULL : f;
}

/* Path resolution ------------------------------------------------------ */

static void test_dots_and_slashes(void)
{
	char buf[64];

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/a", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/a/b/", 0755), 0);
	EXPECT_RC(vfs_host_put("/a/b/f", "hello"), 0);
	EXPECT_RC(vfs_host_get("//a/./b/../b///f", buf, sizeof(buf)), 5);
	HT_EXPECT_STR_EQ(buf, "hello");
	/* ".." at the root stays at the root */
	EXPECT_RC(vfs_host_get("/../../a/b/f", buf, sizeof(buf)), 5);
	EXPECT_RC(vfs_host_type("/"), S_IFDIR);
	EXPECT_RC(vfs_host_type("/a/b/."), S_IFDIR);
	EXPECT_RC(vfs_host_type(""), -ENOENT);
	EXPECT_RC(vfs_host_type("/a/nope"), -ENOENT);
	EXPECT_RC(vfs_host_type("/a/nope/x"), -ENOENT);
	/* a file in the middle, or with a trailing slash */
	EXPECT_RC(vfs_host_type("/a/b/f/x"), -ENOTDIR);
	EXPECT_RC(vfs_host_type("/a/b/f/"), -ENOTDIR);
	EXPECT_RC(vfs_host_type("/a/b/f/."), -ENOTDIR);
	EXPECT_RC(vfs_host_type("/a/b/"), S_IFDIR);
}

static void test_name_too_long(void)
{
	char name[300], *path;

	vfs_host_fresh();
	memset(name, 'n', 255);
	name[255] = '\0';
	EXPECT_RC(vfs_host_put(name, "x"), 0);
	name[255] = 'n';
	name[256] = '\0';
	EXPECT_RC(vfs_host_put(name, "x"), -ENAMETOOLONG);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, name, 0755), -ENAMETOOLONG);
	/* paths of PATH_MAX bytes or more, even if made of short parts */
	path = malloc(5000);
	for (int i = 0; i < 4999; i += 2) {
		path[i] = '.';
		path[i + 1] = '/';
	}
	path[4999] = '\0';
	EXPECT_RC(vfs_host_type(path), -ENAMETOOLONG);
	path[4094] = '\0';	/* 4094 bytes: fits */
	EXPECT_RC(vfs_host_type(path), S_IFDIR);
	free(path);
}

static void test_symlinks(void)
{
	char buf[64], name[16];
	int rc;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), 0);
	EXPECT_RC(vfs_host_put("/d/f", "data"), 0);
	EXPECT_RC(uk_vfs_symlinkat("d/f", AT_FDCWD, "/rel"), 0);
	EXPECT_RC(uk_vfs_symlinkat("/d", AT_FDCWD, "/abs"), 0);
	EXPECT_RC(uk_vfs_symlinkat("../d/f", AT_FDCWD, "/d/up"), 0);
	EXPECT_RC(vfs_host_get("/rel", buf, sizeof(buf)), 4);
	EXPECT_RC(vfs_host_get("/abs/f", buf, sizeof(buf)), 4);
	EXPECT_RC(vfs_host_get("/abs/up", buf, sizeof(buf)), 4);
	EXPECT_RC(vfs_host_type("/rel"), S_IFLNK);
	EXPECT_RC(vfs_host_type("/abs/"), S_IFDIR);	/* slash follows */
	EXPECT_RC(uk_vfs_readlinkat(AT_FDCWD, "/abs", buf, sizeof(buf)), 2);
	EXPECT_RC(uk_vfs_readlinkat(AT_FDCWD, "/d/f", buf, sizeof(buf)),
		  -EINVAL);
	/* truncated readlink */
	EXPECT_RC(uk_vfs_readlinkat(AT_FDCWD, "/rel", buf, 2), 2);
	/* loops and chains */
	EXPECT_RC(uk_vfs_symlinkat("loop2", AT_FDCWD, "/loop1"), 0);
	EXPECT_RC(uk_vfs_symlinkat("loop1", AT_FDCWD, "/loop2"), 0);
	EXPECT_RC(vfs_host_get("/loop1", buf, sizeof(buf)), -ELOOP);
	EXPECT_RC(vfs_host_type("/loop1"), S_IFLNK);
	EXPECT_RC(vfs_host_type("/loop1/"), -ELOOP);
	EXPECT_RC(uk_vfs_symlinkat("/d/f", AT_FDCWD, "/c0"), 0);
	for (int i = 1; i <= 41; i++) {
		char target[16];

		snprintf(target, sizeof(target), "c%d", i - 1);
		snprintf(name, sizeof(name), "/c%d", i);
		EXPECT_RC(uk_vfs_symlinkat(target, AT_FDCWD, name), 0);
	}
	EXPECT_RC(vfs_host_get("/c39", buf, sizeof(buf)), 4);	/* 40 links */
	EXPECT_RC(vfs_host_get("/c40", buf, sizeof(buf)), -ELOOP);
	/* dangling link: O_CREAT creates the target */
	EXPECT_RC(uk_vfs_symlinkat("newfile", AT_FDCWD, "/d/dangle"), 0);
	EXPECT_RC(vfs_host_type("/d/newfile"), -ENOENT);
	EXPECT_RC(vfs_host_put("/d/dangle", "x"), 0);
	EXPECT_RC(vfs_host_type("/d/newfile"), S_IFREG);
	/* O_NOFOLLOW and O_EXCL do not follow */
	EXPECT_RC(xopen("/rel", O_RDONLY | O_NOFOLLOW, &rc) == NULL, 1);
	EXPECT_RC(rc, -ELOOP);
	EXPECT_RC(xopen("/rel", O_WRONLY | O_CREAT | O_EXCL, &rc) == NULL, 1);
	EXPECT_RC(rc, -EEXIST);
	uk_file_release(xopen("/rel", O_PATH | O_NOFOLLOW, &rc));
	EXPECT_RC(rc, 0);
	EXPECT_RC(uk_vfs_symlinkat("", AT_FDCWD, "/empty"), -ENOENT);
	EXPECT_RC(uk_vfs_symlinkat("x", AT_FDCWD, "/d/f"), -EEXIST);
}

static void test_open_flags(void)
{
	struct uk_file *f;
	int rc;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), 0);
	EXPECT_RC(xopen("/d", O_WRONLY, &rc) == NULL, 1);
	EXPECT_RC(rc, -EISDIR);
	EXPECT_RC(xopen("/d", O_RDONLY | O_CREAT, &rc) == NULL, 1);
	EXPECT_RC(rc, -EISDIR);
	EXPECT_RC(xopen("/new/", O_RDWR | O_CREAT, &rc) == NULL, 1);
	EXPECT_RC(rc, -EISDIR);
	EXPECT_RC(xopen("/nope", O_RDONLY, &rc) == NULL, 1);
	EXPECT_RC(rc, -ENOENT);
	EXPECT_RC(xopen("/f", O_RDONLY | O_CREAT | O_DIRECTORY, &rc) == NULL,
		  1);
	EXPECT_RC(rc, -EINVAL);
	EXPECT_RC(xopen("/f", O_RDWR | O_TMPFILE, &rc) == NULL, 1);
	EXPECT_RC(rc, -EOPNOTSUPP);
	EXPECT_RC(vfs_host_put("/f", "abc"), 0);
	EXPECT_RC(xopen("/f", O_RDONLY | O_DIRECTORY, &rc) == NULL, 1);
	EXPECT_RC(rc, -ENOTDIR);
	EXPECT_RC(xopen("/f", O_RDONLY | O_CREAT | O_EXCL, &rc) == NULL, 1);
	EXPECT_RC(rc, -EEXIST);
	f = xopen("/d", O_RDONLY | O_DIRECTORY, &rc);
	EXPECT_RC(rc, 0);
	EXPECT_RC(uk_file_read(f, &rc, 1), -EISDIR);
	uk_file_release(f);
	/* access modes */
	f = xopen("/f", O_RDONLY, &rc);
	EXPECT_RC(uk_file_write(f, "x", 1), -EBADF);
	uk_file_release(f);
	f = xopen("/f", O_WRONLY, &rc);
	EXPECT_RC(uk_file_read(f, &rc, 1), -EBADF);
	uk_file_release(f);
	/* umask applies to the mode of new files */
	uk_vfs_umask(027);
	f = xopen("/m", O_WRONLY | O_CREAT, &rc);
	uk_file_release(f);
	{
		struct uk_vattr va;

		EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/m", 0, &va), 0);
		EXPECT_RC(va.mode, S_IFREG | 0640);
	}
	uk_vfs_umask(022);
}

/* Files ------------------------------------------------------------------ */

static void test_read_write_seek(void)
{
	struct uk_file *f;
	struct uk_vattr va;
	char buf[64];
	int rc;

	vfs_host_fresh();
	f = xopen("/f", O_RDWR | O_CREAT, &rc);
	EXPECT_RC(uk_file_write(f, "0123456789", 10), 10);
	EXPECT_RC(uk_file_lseek(f, 0, SEEK_CUR), 10);
	EXPECT_RC(uk_file_lseek(f, 2, SEEK_SET), 2);
	EXPECT_RC(uk_file_read(f, buf, 3), 3);
	HT_EXPECT(!memcmp(buf, "234", 3));
	EXPECT_RC(uk_file_lseek(f, -1, SEEK_END), 9);
	EXPECT_RC(uk_file_read(f, buf, 10), 1);
	EXPECT_RC(uk_file_read(f, buf, 10), 0);
	EXPECT_RC(uk_file_lseek(f, -20, SEEK_CUR), -EINVAL);
	EXPECT_RC(uk_file_lseek(f, 0, 7), -EINVAL);
	EXPECT_RC(uk_file_lseek(f, 3, SEEK_DATA), 3);
	EXPECT_RC(uk_file_lseek(f, 3, SEEK_HOLE), 10);
	EXPECT_RC(uk_file_lseek(f, 10, SEEK_DATA), -ENXIO);
	EXPECT_RC(uk_file_pwrite(f, "AB", 2, 4), 2);
	EXPECT_RC(uk_file_pread(f, buf, 4, 3), 4);
	HT_EXPECT(!memcmp(buf, "3AB6", 4));
	EXPECT_RC(uk_file_pread(f, buf, 4, -1), -EINVAL);
	/* the position did not move with pread/pwrite */
	EXPECT_RC(uk_file_lseek(f, 0, SEEK_CUR), 10);
	uk_file_release(f);

	/* O_APPEND writes at the end whatever the position */
	f = xopen("/f", O_WRONLY | O_APPEND, &rc);
	EXPECT_RC(uk_file_write(f, "xy", 2), 2);
	EXPECT_RC(uk_file_lseek(f, 0, SEEK_CUR), 12);
	uk_file_release(f);
	EXPECT_RC(vfs_host_get("/f", buf, sizeof(buf)), 12);
	HT_EXPECT_STR_EQ(buf, "0123AB6789xy");

	/* O_TRUNC */
	f = xopen("/f", O_WRONLY | O_TRUNC, &rc);
	EXPECT_RC(uk_file_getattr(f, &va), 0);
	EXPECT_RC(va.size, 0);
	uk_file_release(f);
}

static void test_sparse_and_truncate(void)
{
	const off_t far = 1LL << 40;
	struct uk_file *f;
	struct uk_vattr va;
	char buf[8192];
	int rc;

	vfs_host_fresh();
	f = xopen("/s", O_RDWR | O_CREAT, &rc);
	EXPECT_RC(uk_file_pwrite(f, "end", 3, far), 3);
	EXPECT_RC(uk_file_getattr(f, &va), 0);
	EXPECT_RC(va.size, far + 3);
	HT_EXPECT(va.blocks <= 16);	/* one data page, not a terabyte */
	memset(buf, 1, sizeof(buf));
	EXPECT_RC(uk_file_pread(f, buf, sizeof(buf), far - 4096), 4099);
	for (int i = 0; i < 4096; i++)
		if (buf[i] != 0) {
			HT_EXPECT(buf[i] == 0);
			break;
		}
	HT_EXPECT(!memcmp(buf + 4096, "end", 3));
	/* shrink into the middle of a page, grow: the tail reads zeros */
	EXPECT_RC(uk_file_pwrite(f, "abcdefgh", 8, 100), 8);
	EXPECT_RC(uk_file_truncate(f, 103), 0);
	EXPECT_RC(uk_file_truncate(f, 5000), 0);
	EXPECT_RC(uk_file_pread(f, buf, 10, 100), 10);
	HT_EXPECT(!memcmp(buf, "abc\0\0\0\0\0\0\0", 10));
	EXPECT_RC(uk_file_getattr(f, &va), 0);
	EXPECT_RC(va.size, 5000);
	EXPECT_RC(uk_file_truncate(f, -1), -EINVAL);
	EXPECT_RC(uk_file_pwrite(f, "x", 1, INT64_MAX), -EFBIG);
	uk_file_release(f);
	EXPECT_RC(uk_vfs_truncate("/s", 0), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/s", 0, &va), 0);
	EXPECT_RC(va.size, 0);
	EXPECT_RC(va.blocks, 0);
	EXPECT_RC(uk_vfs_truncate("/", 0), -EISDIR);
}

static void test_unlinked_open_file(void)
{
	struct uk_file *f;
	char buf[8];
	int rc;

	vfs_host_fresh();
	EXPECT_RC(vfs_host_put("/f", "keep"), 0);
	f = xopen("/f", O_RDONLY, &rc);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/f", 0), 0);
	EXPECT_RC(vfs_host_type("/f"), -ENOENT);
	EXPECT_RC(uk_file_read(f, buf, sizeof(buf)), 4);
	uk_file_release(f);	/* frees the node: ASan checks */
}

/* Directories ------------------------------------------------------------- */

struct listing {
	char names[64][32];
	int n;
	int stop_after;
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   unsigned int dtype, uint64_t next)
{
	struct listing *l = ctx;

	if (l->n == l->stop_after || l->n == 64)
		return 1;
	snprintf(l->names[l->n++], 32, "%.*s%s", (int)len, name,
		 dtype == DT_DIR ? "/" : "");
	return 0;
}

static void test_readdir(void)
{
	struct listing l = { .stop_after = 3 };
	struct uk_file *d;
	int rc;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d/sub", 0755), 0);
	EXPECT_RC(vfs_host_put("/d/a", ""), 0);
	EXPECT_RC(vfs_host_put("/d/b", ""), 0);
	d = xopen("/d", O_RDONLY | O_DIRECTORY, &rc);
	EXPECT_RC(uk_file_readdir(d, collect, &l), 0);
	EXPECT_RC(l.n, 3);
	/* removing an entry already read and one ahead while reading */
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/b", 0), 0);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/sub", AT_REMOVEDIR), 0);
	EXPECT_RC(vfs_host_put("/d/c", ""), 0);
	l.stop_after = 64;
	EXPECT_RC(uk_file_readdir(d, collect, &l), 0);
	EXPECT_RC(l.n, 5);
	HT_EXPECT_STR_EQ(l.names[0], "./");
	HT_EXPECT_STR_EQ(l.names[1], "../");
	HT_EXPECT_STR_EQ(l.names[2], "sub/");
	HT_EXPECT_STR_EQ(l.names[3], "a");
	HT_EXPECT_STR_EQ(l.names[4], "c");
	/* at the end, and again from the start */
	EXPECT_RC(uk_file_readdir(d, collect, &l), 0);
	EXPECT_RC(l.n, 5);
	EXPECT_RC(uk_file_lseek(d, 0, SEEK_SET), 0);
	l.n = 0;
	EXPECT_RC(uk_file_readdir(d, collect, &l), 0);
	EXPECT_RC(l.n, 4);
	uk_file_release(d);
}

static void test_rmdir_unlink_errors(void)
{
	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), -EEXIST);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/", 0755), -EEXIST);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/x/y", 0755), -ENOENT);
	EXPECT_RC(vfs_host_put("/d/f", ""), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d/f/g", 0755), -ENOTDIR);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d", AT_REMOVEDIR), -ENOTEMPTY);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d", 0), -EISDIR);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/f", AT_REMOVEDIR), -ENOTDIR);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/f/", 0), -ENOTDIR);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/.", AT_REMOVEDIR), -EINVAL);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/..", AT_REMOVEDIR),
		  -ENOTEMPTY);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/", AT_REMOVEDIR), -EBUSY);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/f", 7), -EINVAL);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/nope", 0), -ENOENT);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/f", 0), 0);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/d/", AT_REMOVEDIR), 0);
	EXPECT_RC(vfs_host_type("/d"), -ENOENT);
}

/* Rename and link ------------------------------------------------------- */

static void test_rename(void)
{
	char buf[16];

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/a", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/a/sub", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/b", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/full", 0755), 0);
	EXPECT_RC(vfs_host_put("/full/x", ""), 0);
	EXPECT_RC(vfs_host_put("/f1", "one"), 0);
	EXPECT_RC(vfs_host_put("/f2", "two"), 0);

	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/f1", AT_FDCWD, "/f2", 0), 0);
	EXPECT_RC(vfs_host_get("/f2", buf, sizeof(buf)), 3);
	HT_EXPECT_STR_EQ(buf, "one");
	EXPECT_RC(vfs_host_type("/f1"), -ENOENT);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/f2", AT_FDCWD, "/a/f", 0), 0);
	/* directories */
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/a", AT_FDCWD, "/b", 0), 0);
	EXPECT_RC(vfs_host_type("/b/sub"), S_IFDIR);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b", AT_FDCWD, "/full", 0),
		  -ENOTEMPTY);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b", AT_FDCWD, "/b/sub/x", 0),
		  -EINVAL);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b", AT_FDCWD, "/b/f", 0),
		  -ENOTDIR);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/f", AT_FDCWD, "/full", 0),
		  -EISDIR);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/f", AT_FDCWD, "/b/f/", 0),
		  -ENOTDIR);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/.", AT_FDCWD, "/c", 0),
		  -EBUSY);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/nope", AT_FDCWD, "/c", 0),
		  -ENOENT);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/f", AT_FDCWD, "/b/f", 0), 0);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/sub", AT_FDCWD, "/b/sub2/",
				  0), 0);
	/* flags */
	EXPECT_RC(vfs_host_put("/g", "gee"), 0);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/g", AT_FDCWD, "/b/f",
				  UK_RENAME_NOREPLACE), -EEXIST);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/g", AT_FDCWD, "/b/f",
				  UK_RENAME_EXCHANGE), 0);
	EXPECT_RC(vfs_host_get("/g", buf, sizeof(buf)), 3);
	HT_EXPECT_STR_EQ(buf, "one");
	EXPECT_RC(vfs_host_get("/b/f", buf, sizeof(buf)), 3);
	HT_EXPECT_STR_EQ(buf, "gee");
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/g", AT_FDCWD, "/h",
				  UK_RENAME_EXCHANGE), -ENOENT);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/g", AT_FDCWD, "/h",
				  UK_RENAME_EXCHANGE | UK_RENAME_NOREPLACE),
		  -EINVAL);
	/* exchange a file and a directory */
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/g", AT_FDCWD, "/full",
				  UK_RENAME_EXCHANGE), 0);
	EXPECT_RC(vfs_host_type("/g/x"), S_IFREG);
	EXPECT_RC(vfs_host_type("/full"), S_IFREG);
	/* ".." of a moved directory follows it */
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/b/sub2", AT_FDCWD, "/g/s", 0),
		  0);
	EXPECT_RC(vfs_host_type("/g/s/../x"), S_IFREG);
}

static void test_hard_links(void)
{
	struct uk_vattr va;
	char buf[16];

	vfs_host_fresh();
	EXPECT_RC(vfs_host_put("/f", "shared"), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d", 0755), 0);
	EXPECT_RC(uk_vfs_linkat(AT_FDCWD, "/f", AT_FDCWD, "/d/g", 0), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/d/g", 0, &va), 0);
	EXPECT_RC(va.nlink, 2);
	EXPECT_RC(uk_vfs_linkat(AT_FDCWD, "/d", AT_FDCWD, "/e", 0), -EPERM);
	EXPECT_RC(uk_vfs_linkat(AT_FDCWD, "/f", AT_FDCWD, "/d/g", 0),
		  -EEXIST);
	EXPECT_RC(uk_vfs_linkat(AT_FDCWD, "/nope", AT_FDCWD, "/x", 0),
		  -ENOENT);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/f", 0), 0);
	EXPECT_RC(vfs_host_get("/d/g", buf, sizeof(buf)), 6);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/d/g", 0, &va), 0);
	EXPECT_RC(va.nlink, 1);
	/* directory link counts: 2 + subdirectories */
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d/s1", 0755), 0);
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/d/s2", 0755), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/d", 0, &va), 0);
	EXPECT_RC(va.nlink, 4);
}

static void test_setattr(void)
{
	struct uk_vattr va = { .mode = 04711, .uid = 5, .gid = 7,
			       .mtime = 1000000000LL };
	struct uk_vattr got;

	vfs_host_fresh();
	EXPECT_RC(vfs_host_put("/f", ""), 0);
	EXPECT_RC(uk_vfs_symlinkat("f", AT_FDCWD, "/l"), 0);
	EXPECT_RC(uk_vfs_setattrat(AT_FDCWD, "/l", 0, &va,
				   UK_VATTR_MODE | UK_VATTR_UID |
				   UK_VATTR_GID | UK_VATTR_MTIME), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/f", 0, &got), 0);
	EXPECT_RC(got.mode, S_IFREG | 04711);
	EXPECT_RC(got.uid, 5);
	EXPECT_RC(got.gid, 7);
	EXPECT_RC(got.mtime, 1000000000LL);
	HT_EXPECT(got.ctime > got.mtime);
	/* lchown-like: the link itself */
	EXPECT_RC(uk_vfs_setattrat(AT_FDCWD, "/l", AT_SYMLINK_NOFOLLOW, &va,
				   UK_VATTR_UID), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/l", AT_SYMLINK_NOFOLLOW, &got),
		  0);
	EXPECT_RC(got.uid, 5);
	EXPECT_RC(got.mode, S_IFLNK | 0777);
}

/* Mounts and the working directory ------------------------------------- */

static void test_mounts_and_cwd(void)
{
	char buf[128];
	struct uk_vattr a, b;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_mount("ramfs", "/mnt/inner", NULL, 0, NULL, true),
		  0);
	EXPECT_RC(uk_vfs_mount("nosuchfs", "/x", NULL, 0, NULL, true),
		  -ENODEV);
	EXPECT_RC(uk_vfs_mount("ramfs", "/mnt/inner", NULL, 0, NULL, true),
		  -EBUSY);
	EXPECT_RC(vfs_host_put("/mnt/inner/f", "in"), 0);
	EXPECT_RC(vfs_host_put("/mnt/g", "out"), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/mnt", 0, &a), 0);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/mnt/inner/..", 0, &b), 0);
	EXPECT_RC(a.ino, b.ino);
	EXPECT_RC(a.dev, b.dev);
	EXPECT_RC(uk_vfs_statat(AT_FDCWD, "/mnt/inner", 0, &b), 0);
	HT_EXPECT(a.dev != b.dev);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/mnt/g", AT_FDCWD,
				  "/mnt/inner/g", 0), -EXDEV);
	EXPECT_RC(uk_vfs_linkat(AT_FDCWD, "/mnt/g", AT_FDCWD, "/mnt/inner/g",
				0), -EXDEV);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/mnt/inner", AT_REMOVEDIR),
		  -EBUSY);
	EXPECT_RC(uk_vfs_renameat(AT_FDCWD, "/mnt/inner", AT_FDCWD, "/y", 0),
		  -EBUSY);
	/* cwd inside the mount, relative paths and getcwd across it */
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/mnt/inner/deep", 0755), 0);
	EXPECT_RC(uk_vfs_chdir("/mnt/inner/deep"), 0);
	EXPECT_RC(uk_vfs_getcwd(buf, sizeof(buf)), 16);
	HT_EXPECT_STR_EQ(buf, "/mnt/inner/deep");
	EXPECT_RC(uk_vfs_getcwd(buf, 5), -ERANGE);
	EXPECT_RC(vfs_host_get("../f", buf, sizeof(buf)), 2);
	EXPECT_RC(vfs_host_get("../../g", buf, sizeof(buf)), 3);
	EXPECT_RC(uk_vfs_chdir("../f"), -ENOTDIR);
	EXPECT_RC(uk_vfs_chdir("/"), 0);
	EXPECT_RC(uk_vfs_getcwd(buf, sizeof(buf)), 2);
	HT_EXPECT_STR_EQ(buf, "/");
	/* a removed working directory */
	EXPECT_RC(uk_vfs_mkdirat(AT_FDCWD, "/gone", 0755), 0);
	EXPECT_RC(uk_vfs_chdir("/gone"), 0);
	EXPECT_RC(uk_vfs_unlinkat(AT_FDCWD, "/gone", AT_REMOVEDIR), 0);
	EXPECT_RC(uk_vfs_getcwd(buf, sizeof(buf)), -ENOENT);
	EXPECT_RC(vfs_host_put("new", "x"), -ENOENT);
	EXPECT_RC(vfs_host_type("."), S_IFDIR);
	EXPECT_RC(vfs_host_type(".."), -ENOENT);
	EXPECT_RC(uk_vfs_chdir("/"), 0);
}

static void test_mount_list(void)
{
	vfs_host_fresh();
	EXPECT_RC(vfs_mount_list("ramfs:/tmp,,ramfs:/var/run"), 0);
	EXPECT_RC(vfs_host_type("/var/run"), S_IFDIR);
	EXPECT_RC(vfs_mount_list("ramfs"), -EINVAL);
	EXPECT_RC(vfs_mount_list("ramfs:relative"), -EINVAL);
	EXPECT_RC(vfs_mount_list(":/x"), -EINVAL);
	EXPECT_RC(vfs_mount_list("nofs:/x"), -ENODEV);
	EXPECT_RC(vfs_mount_list(""), 0);
}

/* Descriptors ---------------------------------------------------------- */

static void test_fd_table(void)
{
	struct uk_file *f, *g;
	int fds[UK_FD_MAX], rc, i;

	vfs_host_fresh();
	f = xopen("/", O_RDONLY, &rc);
	for (i = 0; i < UK_FD_MAX; i++) {
		fds[i] = uk_fd_install(f, 0, i & 1);
		EXPECT_RC(fds[i], i);
	}
	EXPECT_RC(uk_fd_install(f, 0, false), -EMFILE);
	EXPECT_RC(uk_fd_close(5), 0);
	EXPECT_RC(uk_fd_close(5), -EBADF);
	EXPECT_RC(uk_fd_close(-1), -EBADF);
	EXPECT_RC(uk_fd_close(UK_FD_MAX), -EBADF);
	EXPECT_RC(uk_fd_install(f, 0, false), 5);	/* lowest free */
	EXPECT_RC(uk_fd_close(3), 0);
	EXPECT_RC(uk_fd_close(9), 0);
	EXPECT_RC(uk_fd_install(f, 4, false), 9);	/* lowest >= 4 */
	EXPECT_RC(vfs_fd_get_cloexec(1), 1);
	EXPECT_RC(vfs_fd_set_cloexec(1, false), 0);
	EXPECT_RC(vfs_fd_get_cloexec(1), 0);
	EXPECT_RC(vfs_fd_get_cloexec(3), -EBADF);
	EXPECT_RC(vfs_fd_dup_to(0, 3, true), 3);
	EXPECT_RC(vfs_fd_get_cloexec(3), 1);
	EXPECT_RC(vfs_fd_dup_to(40, 3, true), 3);	/* replaces */
	EXPECT_RC(vfs_fd_dup_to(0, UK_FD_MAX, false), -EBADF);
	g = uk_fd_get(3);
	HT_EXPECT(g == f);
	uk_file_release(g);
	HT_EXPECT(uk_fd_get(UK_FD_MAX + 3) == NULL);
	/* a reserved slot is invisible until filled */
	EXPECT_RC(uk_fd_close(7), 0);
	EXPECT_RC(vfs_fd_reserve(0), 7);
	HT_EXPECT(uk_fd_get(7) == NULL);
	EXPECT_RC(vfs_fd_dup_to(0, 7, false), -EBUSY);
	vfs_fd_unreserve(7);
	for (i = 0; i < UK_FD_MAX; i++)
		uk_fd_close(i);
	EXPECT_RC(f->refs, 1);
	uk_file_release(f);
}

/* Pipes and poll -------------------------------------------------------- */

static void test_pipe_basics(void)
{
	struct uk_file *p[2];
	char buf[UK_PIPE_BUF + 8];
	struct vfs_pollent e[2];

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_pipe(p, O_NONBLOCK), 0);
	EXPECT_RC(uk_file_read(p[0], buf, 1), -EAGAIN);
	e[0] = (struct vfs_pollent){ .f = p[0], .events = POLLIN };
	e[1] = (struct vfs_pollent){ .f = p[1], .events = POLLOUT };
	EXPECT_RC(vfs_poll_files(e, 2, 0), 1);
	EXPECT_RC(e[0].revents, 0);
	EXPECT_RC(e[1].revents, POLLOUT);
	EXPECT_RC(uk_file_write(p[1], "abc", 3), 3);
	EXPECT_RC(vfs_poll_files(e, 1, 0), 1);
	EXPECT_RC(e[0].revents, POLLIN);
	EXPECT_RC(uk_file_ioctl(p[0], FIONREAD, &e[0].events), 0);
	EXPECT_RC(e[0].events, 3);
	EXPECT_RC(uk_file_read(p[0], buf, sizeof(buf)), 3);
	EXPECT_RC(uk_file_lseek(p[0], 0, SEEK_SET), -ESPIPE);
	EXPECT_RC(uk_file_pread(p[0], buf, 1, 0), -ESPIPE);
	EXPECT_RC(uk_file_read(p[1], buf, 1), -EBADF);
	EXPECT_RC(uk_file_write(p[0], buf, 1), -EBADF);
	/* fill: a small write that does not fit whole is refused whole */
	memset(buf, 'x', sizeof(buf));
	EXPECT_RC(vfs_pipe_get_size(p[1]), 65536);
	for (int i = 0; i < 65536 / 4096 - 1; i++)
		EXPECT_RC(uk_file_write(p[1], buf, 4096), 4096);
	EXPECT_RC(uk_file_write(p[1], buf, 4000), 4000);
	EXPECT_RC(uk_file_write(p[1], buf, 200), -EAGAIN);
	EXPECT_RC(uk_file_write(p[1], buf, 96), 96);
	EXPECT_RC(uk_file_write(p[1], buf, 1), -EAGAIN);
	/* a big one goes in part by part */
	EXPECT_RC(uk_file_read(p[0], buf, 10), 10);
	EXPECT_RC(uk_file_write(p[1], buf, UK_PIPE_BUF + 8), 10);
	EXPECT_RC(vfs_pipe_set_size(p[1], 4096), -EBUSY);
	/* EOF once the writer is gone and the data read */
	uk_file_release(p[1]);
	e[0].events = POLLIN;
	EXPECT_RC(vfs_poll_files(e, 1, 0), 1);
	EXPECT_RC(e[0].revents, POLLIN | POLLHUP);
	while (uk_file_read(p[0], buf, sizeof(buf)) > 0)
		;
	EXPECT_RC(uk_file_read(p[0], buf, sizeof(buf)), 0);
	uk_file_release(p[0]);

	/* EPIPE once the reader is gone */
	EXPECT_RC(uk_vfs_pipe(p, 0), 0);
	uk_file_release(p[0]);
	EXPECT_RC(uk_file_write(p[1], "x", 1), -EPIPE);
	EXPECT_RC(uk_file_write(p[1], "x", 0), 0);
	EXPECT_RC(vfs_pipe_set_size(p[1], 100), 4096);
	EXPECT_RC(vfs_pipe_set_size(p[1], 2 << 20), -EPERM);
	uk_file_release(p[1]);
}

struct pipe_job {
	struct uk_file *f;
	size_t total;
	unsigned int seed;
	long result;
};

static void *pipe_writer(void *arg)
{
	struct pipe_job *j = arg;
	char buf[10000];
	size_t done = 0;

	while (done < j->total) {
		size_t n = UK_MIN(sizeof(buf), j->total - done);
		ssize_t w;

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)((done + i) * 7 + j->seed);
		w = uk_file_write(j->f, buf, n);
		if (w <= 0) {
			j->result = w;
			return NULL;
		}
		done += (size_t)w;
	}
	j->result = (long)done;
	uk_file_release(j->f);	/* close the write end: EOF */
	return NULL;
}

static void test_pipe_threads(void)
{
	struct pipe_job j = { .total = 1 << 20, .seed = 3 };
	struct uk_file *p[2];
	pthread_t t;
	char buf[3000];
	size_t got = 0;
	ssize_t n;
	int bad = 0;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_pipe(p, 0), 0);
	j.f = p[1];
	pthread_create(&t, NULL, pipe_writer, &j);
	/* blocking reads until EOF */
	while ((n = uk_file_read(p[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			bad |= buf[i] != (char)((got + i) * 7 + j.seed);
		got += (size_t)n;
	}
	pthread_join(t, NULL);
	EXPECT_RC(n, 0);
	EXPECT_RC(got, j.total);
	EXPECT_RC(j.result, j.total);
	HT_EXPECT(!bad);
	uk_file_release(p[0]);
}

struct atomic_job {
	struct uk_file *f;
	char c;
};

static void *atomic_writer(void *arg)
{
	struct atomic_job *j = arg;
	char buf[UK_PIPE_BUF];

	memset(buf, j->c, sizeof(buf));
	for (int i = 0; i < 64; i++)
		if (uk_file_write(j->f, buf, sizeof(buf)) != sizeof(buf))
			break;
	return NULL;
}

/* Two writers of PIPE_BUF-sized records: records never interleave. */
static void test_pipe_atomic_writes(void)
{
	struct atomic_job a, b;
	struct uk_file *p[2];
	pthread_t ta, tb;
	char *rec = malloc(UK_PIPE_BUF);
	int mixed = 0, records = 0;
	size_t have = 0;
	ssize_t n;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_pipe(p, 0), 0);
	a = (struct atomic_job){ .f = p[1], .c = 'a' };
	b = (struct atomic_job){ .f = p[1], .c = 'b' };
	pthread_create(&ta, NULL, atomic_writer, &a);
	pthread_create(&tb, NULL, atomic_writer, &b);
	while (records < 128) {
		n = uk_file_read(p[0], rec + have, UK_PIPE_BUF - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		if (have < UK_PIPE_BUF)
			continue;
		for (size_t i = 1; i < UK_PIPE_BUF; i++)
			mixed |= rec[i] != rec[0];
		records++;
		have = 0;
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	EXPECT_RC(records, 128);
	HT_EXPECT(!mixed);
	uk_file_release(p[0]);
	uk_file_release(p[1]);
	free(rec);
}

static void *late_writer(void *arg)
{
	struct uk_file *f = arg;

	usleep(30000);
	uk_file_write(f, "!", 1);
	return NULL;
}

static void test_poll_timeout_and_wakeup(void)
{
	struct uk_file *p[2];
	struct vfs_pollent e;
	pthread_t t;
	uint64_t t0, dt;

	vfs_host_fresh();
	EXPECT_RC(uk_vfs_pipe(p, 0), 0);
	e = (struct vfs_pollent){ .f = p[0], .events = POLLIN };
	t0 = ukplat_monotonic_clock();
	EXPECT_RC(vfs_poll_files(&e, 1, 20 * 1000000LL), 0);
	dt = ukplat_monotonic_clock() - t0;
	HT_EXPECT(dt >= 20 * 1000000ULL);
	pthread_create(&t, NULL, late_writer, p[1]);
	t0 = ukplat_monotonic_clock();
	EXPECT_RC(vfs_poll_files(&e, 1, -1), 1);
	dt = ukplat_monotonic_clock() - t0;
	HT_EXPECT(dt < 5000 * 1000000ULL);
	EXPECT_RC(e.revents, POLLIN);
	pthread_join(t, NULL);
	uk_file_release(p[0]);
	uk_file_release(p[1]);
}

int main(void)
{
	HT_RUN(test_dots_and_slashes);
	HT_RUN(test_name_too_long);
	HT_RUN(test_symlinks);
	HT_RUN(test_open_flags);
	HT_RUN(test_read_write_seek);
	HT_RUN(test_sparse_and_truncate);
	HT_RUN(test_unlinked_open_file);
	HT_RUN(test_readdir);
	HT_RUN(test_rmdir_unlink_errors);
	HT_RUN(test_rename);
	HT_RUN(test_hard_links);
	HT_RUN(test_setattr);
	HT_RUN(test_mounts_and_cwd);
	HT_RUN(test_mount_list);
	HT_RUN(test_fd_table);
	HT_RUN(test_pipe_basics);
	HT_RUN(test_pipe_threads);
	HT_RUN(test_pipe_atomic_writes);
	HT_RUN(test_poll_timeout_and_wakeup);
	vfs_host_reset();
	return ht_finish("vfscore");
}
