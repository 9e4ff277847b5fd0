/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9pfs: host folders shared over 9P2000.L (uk9p) as a vfscore file
 * system ("9pfs"). Mounted at boot by kernel parameters (docs/files.md):
 *
 *	vfs.mount=TAG:/PATH:9pfs[:ro][,TAG:/PATH:9pfs[:ro]...]
 *	vfs.rootfs=9pfs vfs.rootdev=TAG[:ro]
 *
 * or at run time with uk_vfs_mount("9pfs", path, tag, flags, NULL, mkdir)
 * (flags: UK_MNT_RDONLY). Errors are negative errno values.
 */
#ifndef __UK_9PFS_H__
#define __UK_9PFS_H__

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Mount one "TAG:/PATH:9pfs[:ro]" entry (@len bytes of @item; the syntax
 * of vfs.mount): 0 or -errno, with a message naming what was wrong.
 */
int uk_9pfs_mount_item(const char *item, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* __UK_9PFS_H__ */
