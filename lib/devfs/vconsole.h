/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal to lib/devfs: descriptors 0-2 over virtio-console ports. */
#ifndef __DEVFS_VCONSOLE_H__
#define __DEVFS_VCONSOLE_H__

#include <uk/vfs.h>

/*
 * An open file for descriptor @fd (0, 1 or 2) over its port
 * ("kast.stdin", ...): 0, -ENOENT when the port is absent, or an error.
 */
int devfs_vcon_stdio_file(int fd, struct uk_file **out);

/* Descriptor 2 shares descriptor 1's file (devfs.stderr_is_stdout=1). */
bool devfs_vcon_stderr_is_stdout(void);

/* Start the readiness thread (after the first file). */
int devfs_vcon_stdio_start(void);

/* Wait until stdout's and stderr's bytes reached the host. */
void devfs_vcon_stdio_flush(void);

#endif /* __DEVFS_VCONSOLE_H__ */
