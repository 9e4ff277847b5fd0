# Host tests of vfscore with ramfs, and the sources other host programs
# (ukcpio's tests, the fuzz targets) need to run the file layer: the
# kernel's sources as they are (ramfs registers itself; its table and the
# boot entries of mount.c land in tests/host/tables.ld's sections, where
# nothing runs the latter), host stand-ins for the layers below
# (host_stubs.c, include/) and host_reset.c.
VFSCORE_HOST_SRCS := lib/vfscore/vnode.c lib/vfscore/namei.c \
	lib/vfscore/mount.c lib/vfscore/file.c lib/vfscore/ops.c \
	lib/vfscore/fdtab.c lib/vfscore/pipe.c lib/vfscore/poll.c \
	lib/vfscore/tests/host/host_stubs.c \
	lib/vfscore/tests/host/host_reset.c lib/ramfs/ramfs.c lib/ramfs/pages.c
VFSCORE_HOST_CFLAGS := -I$(SRCDIR)/lib/vfscore/tests/host/include \
	-I$(SRCDIR)/lib/vfscore/tests/host -I$(SRCDIR)/lib/vfscore/include \
	-I$(SRCDIR)/lib/vfscore -I$(SRCDIR)/lib/ramfs/include -D_GNU_SOURCE \
	-DCONFIG_LIBVFSCORE_NR_FILES=64 -DCONFIG_LIBVFSCORE_ROOTFS='"ramfs"' \
	-DCONFIG_LIBVFSCORE_MOUNTS='""' -pthread

HOSTTESTS += vfscore_vfs
vfscore_vfs-srcs := lib/vfscore/tests/host/test_vfs.c $(VFSCORE_HOST_SRCS)
vfscore_vfs-cflags := $(VFSCORE_HOST_CFLAGS)
