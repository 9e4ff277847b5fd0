/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: path resolution and name space operations of
 * vfscore over ramfs, built for the host. Each input is a script, one
 * operation per line: an operation letter, then a path (and for two-path
 * operations a TAB and a second path):
 *	s stat (following and not)	o open and read
 *	r readlink	m mkdir		d rmdir
 *	u unlink	w create and write
 *	l symlink (target TAB path)	h link (old TAB new)
 *	n rename (old TAB new)		x rename exchange
 *	c chdir, then getcwd must name the same directory
 * run over a small tree with symbolic links (relative, absolute, up,
 * looping, dangling) and a second mount. Besides the sanitizers' checks,
 * every result must be 0 or an errno the operation may return, and at
 * the end every directory's "..", link count and entries must agree.
 * Build and run with support/scripts/fuzz (sources: fuzz_path.mk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vfs_host.h"

#define MAX_OPS		64
#define MAX_DEPTH	16

static void check_rc(long rc, const char *op)
{
	switch (rc) {
	case 0:
	case -ENOENT:
	case -ENOTDIR:
	case -ELOOP:
	case -ENAMETOOLONG:
	case -EEXIST:
	case -EISDIR:
	case -ENOTEMPTY:
	case -EINVAL:
	case -EBUSY:
	case -EXDEV:
	case -EPERM:
	case -ERANGE:
		return;
	default:
		if (rc > 0)
			return;
		fprintf(stderr, "fuzz_path: %s returned %ld\n", op, rc);
		abort();
	}
}

static void build_tree(void)
{
	vfs_host_fresh();
	uk_vfs_mkdirat(AT_FDCWD, "/a", 0755);
	uk_vfs_mkdirat(AT_FDCWD, "/a/b", 0755);
	uk_vfs_mkdirat(AT_FDCWD, "/c", 0755);
	vfs_host_put("/a/f", "file f");
	vfs_host_put("/a/b/g", "file g");
	uk_vfs_symlinkat("a/b", AT_FDCWD, "/l1");
	uk_vfs_symlinkat("..", AT_FDCWD, "/a/up");
	uk_vfs_symlinkat("loop", AT_FDCWD, "/loop");
	uk_vfs_symlinkat("/a", AT_FDCWD, "/abs");
	uk_vfs_symlinkat("nowhere/x", AT_FDCWD, "/dangling");
	uk_vfs_symlinkat("../../c/../a/b/g", AT_FDCWD, "/a/b/deep");
	uk_vfs_mount("ramfs", "/m", NULL, 0, NULL, true);
	uk_vfs_mkdirat(AT_FDCWD, "/m/in", 0755);
	uk_vfs_symlinkat("../../a", AT_FDCWD, "/m/in/out");
}

static void do_stat(const char *p)
{
	struct uk_vattr va, lva;
	long rc = uk_vfs_statat(AT_FDCWD, p, 0, &va);

	check_rc(rc, "stat");
	if (rc == 0 && S_ISLNK(va.mode))
		abort();	/* following never ends on a link */
	rc = uk_vfs_statat(AT_FDCWD, p, AT_SYMLINK_NOFOLLOW, &lva);
	check_rc(rc, "lstat");
}

static void do_open(const char *p)
{
	struct uk_file *f;
	struct uk_vattr va, fa;
	char buf[64];
	long rc = uk_vfs_openat(AT_FDCWD, p, O_RDONLY, 0, &f);

	check_rc(rc, "open");
	if (rc)
		return;
	if (uk_file_getattr(f, &fa) ||
	    uk_vfs_statat(AT_FDCWD, p, 0, &va) || va.ino != fa.ino ||
	    va.dev != fa.dev)
		abort();	/* open and stat must agree */
	rc = uk_file_read(f, buf, sizeof(buf));
	if (rc < 0 && rc != -EISDIR)
		abort();
	uk_file_release(f);
}

static void do_cwd(const char *p)
{
	struct uk_vattr here, there;
	char cwd[UK_VFS_PATH_MAX];
	long rc = uk_vfs_chdir(p);

	check_rc(rc, "chdir");
	rc = uk_vfs_getcwd(cwd, sizeof(cwd));
	check_rc(rc, "getcwd");
	if (rc > 0) {
		if (uk_vfs_statat(AT_FDCWD, ".", 0, &here) ||
		    uk_vfs_statat(AT_FDCWD, cwd, 0, &there) ||
		    here.ino != there.ino || here.dev != there.dev)
			abort();	/* getcwd names the directory */
	}
}

static void run_op(char op, char *arg)
{
	char *second = strchr(arg, '\t');
	struct uk_file *f;
	char buf[64];
	long rc;

	if (second)
		*second++ = '\0';
	switch (op) {
	case 's':
		do_stat(arg);
		break;
	case 'o':
		do_open(arg);
		break;
	case 'r':
		check_rc(uk_vfs_readlinkat(AT_FDCWD, arg, buf, sizeof(buf)),
			 "readlink");
		break;
	case 'm':
		check_rc(uk_vfs_mkdirat(AT_FDCWD, arg, 0755), "mkdir");
		break;
	case 'd':
		check_rc(uk_vfs_unlinkat(AT_FDCWD, arg, AT_REMOVEDIR), "rmdir");
		break;
	case 'u':
		check_rc(uk_vfs_unlinkat(AT_FDCWD, arg, 0), "unlink");
		break;
	case 'w':
		rc = uk_vfs_openat(AT_FDCWD, arg, O_WRONLY | O_CREAT | O_APPEND,
				   0644, &f);
		check_rc(rc, "create");
		if (rc == 0) {
			if (uk_file_write(f, arg, strlen(arg)) < 0)
				abort();
			uk_file_release(f);
		}
		break;
	case 'l':
		if (second)
			check_rc(uk_vfs_symlinkat(arg, AT_FDCWD, second),
				 "symlink");
		break;
	case 'h':
		if (second)
			check_rc(uk_vfs_linkat(AT_FDCWD, arg, AT_FDCWD, second,
					       0), "link");
		break;
	case 'n':
	case 'x':
		if (second)
			check_rc(uk_vfs_renameat(AT_FDCWD, arg, AT_FDCWD,
						 second,
						 op == 'x' ? UK_RENAME_EXCHANGE
							   : 0),
				 "rename");
		break;
	case 'c':
		do_cwd(arg);
		break;
	}
}

struct walk {
	char names[256];
	uint64_t inos[64];
	unsigned int dtypes[64];
	char *ents[64];
	int n;
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino,
		   unsigned int dtype, uint64_t next)
{
	struct walk *w = ctx;

	if (w->n == 64)
		return 1;
	w->ents[w->n] = strndup(name, len);
	w->inos[w->n] = ino;
	w->dtypes[w->n] = dtype;
	w->n++;
	return 0;
}

/* Check directory @path (ino @parent_ino above it) and below. */
static void check_dir(char *path, size_t len, uint64_t parent_ino, int depth)
{
	struct uk_vattr va, ca;
	struct uk_file *d;
	struct walk w = { .n = 0 };
	unsigned int subdirs = 0;
	int i;

	if (depth > MAX_DEPTH ||
	    uk_vfs_openat(AT_FDCWD, len ? path : "/", O_RDONLY | O_DIRECTORY,
			  0, &d))
		return;
	if (uk_file_getattr(d, &va) || uk_file_readdir(d, collect, &w))
		abort();
	uk_file_release(d);
	if (w.n < 2 || strcmp(w.ents[0], ".") || strcmp(w.ents[1], ".."))
		abort();
	if (w.inos[0] != va.ino)
		abort();
	if (parent_ino && w.inos[1] != parent_ino)
		abort();
	for (i = 2; i < w.n; i++) {
		size_t n = strlen(w.ents[i]);

		if (w.dtypes[i] == DT_DIR)
			subdirs++;
		if (len + 1 + n + 1 > UK_VFS_PATH_MAX)
			continue;
		path[len] = '/';
		memcpy(path + len + 1, w.ents[i], n + 1);
		if (uk_vfs_statat(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &ca) ||
		    uk_vfs_dtype(ca.mode) != w.dtypes[i])
			abort();
		/* mount points show the covered directory's number */
		if (w.dtypes[i] == DT_DIR && ca.dev == va.dev) {
			if (ca.ino != w.inos[i])
				abort();
			check_dir(path, len + 1 + n, va.ino, depth + 1);
		}
		path[len] = '\0';
	}
	if (w.n < 64 && va.nlink != 2 + subdirs)
		abort();
	for (i = 0; i < w.n; i++)
		free(w.ents[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *script = malloc(size + 1), *line, *next, path[UK_VFS_PATH_MAX];
	int ops = 0;

	if (!script)
		return 0;
	memcpy(script, data, size);
	script[size] = '\0';
	build_tree();
	for (line = script; line && *line && ops < MAX_OPS; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0])
			run_op(line[0], line + 1);
		ops++;
	}
	uk_vfs_chdir("/");
	path[0] = '\0';
	check_dir(path, 0, 0, 0);
	free(script);
	vfs_host_reset();
	return 0;
}
