/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * At boot (rootfs init class, after "/" is mounted and before the other
 * mounts), unpack the initrd the VMM loaded into vfs.initrd_dir. A
 * malformed archive or an entry that cannot be created fails the boot
 * (exit status 125) with one line naming the entry and its offset.
 *
 *	vfs.initrd=0		leave the initrd alone
 *	vfs.initrd_dir=/path	unpack there instead of "/"
 */
#include <errno.h>
#include <uk/cpio.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include <uk/plat/memory.h>

static bool initrd = true;
UK_VFS_PARAM(initrd, initrd);
static const char *initrd_dir = "/";
UK_VFS_PARAM(initrd_dir, initrd_dir);

static int ukcpio_unpack_initrd(void)
{
	struct uk_cpio_stats st;
	struct uk_cpio_error err;
	const void *base;
	char msg[256];
	size_t len;
	int rc;

	if (!initrd)
		return 0;
	rc = ukplat_initrd(&base, &len);
	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	rc = uk_cpio_unpack(base, len, initrd_dir, &st, &err);
	if (rc < 0) {
		uk_pr_crit("%s\n", uk_cpio_strerror(&err, "initrd", msg,
						    sizeof(msg)));
		return rc;
	}
	uk_pr_info("cpio: initrd: %lu entries (%lu files, %lu directories, %lu symlinks, %lu hard links, %llu bytes) unpacked into %s\n",
		   st.entries, st.files, st.dirs, st.symlinks, st.hardlinks,
		   (unsigned long long)st.bytes, initrd_dir);
	return 0;
}
/* after "/" exists, before the other mounts hide parts of it */
UK_CTASSERT(UKCPIO_INITRD_INIT_PRIO < VFS_MOUNTS_INIT_PRIO);
uk_rootfs_initcall_prio(ukcpio_unpack_initrd, NULL, UKCPIO_INITRD_INIT_PRIO);
