# fuzz_cpio.c: the cpio parser and unpacker over vfscore + ramfs built for
# the host, as for the host tests (lib/vfscore/tests/host/host.mk, with
# tests/host/tables.ld for the registration tables). Seeds: two small
# archives written by GNU cpio (-H newc, a tree in order; -H crc, the same
# tree listed by find -depth).
fuzz_cpio-srcs = $(addprefix $(SRCDIR)/,lib/ukcpio/cpio.c \
	lib/ukcpio/unpack.c lib/vfscore/vnode.c lib/vfscore/namei.c \
	lib/vfscore/mount.c lib/vfscore/file.c lib/vfscore/ops.c \
	lib/vfscore/fdtab.c lib/vfscore/pipe.c lib/vfscore/poll.c \
	lib/vfscore/tests/host/host_stubs.c \
	lib/vfscore/tests/host/host_reset.c lib/ramfs/ramfs.c \
	lib/ramfs/pages.c)
fuzz_cpio-cflags = -I$(SRCDIR)/lib/vfscore/tests/host/include \
	-I$(SRCDIR)/lib/vfscore/tests/host -I$(SRCDIR)/lib/vfscore/include \
	-I$(SRCDIR)/lib/vfscore -I$(SRCDIR)/lib/ramfs/include \
	-I$(SRCDIR)/lib/ukcpio/include -D_GNU_SOURCE \
	-DCONFIG_LIBVFSCORE_NR_FILES=64 -DCONFIG_LIBVFSCORE_ROOTFS='"ramfs"' \
	-DCONFIG_LIBVFSCORE_MOUNTS='""' -pthread \
	-Wl,-T,$(SRCDIR)/tests/host/tables.ld
fuzz_cpio-seeds = $(wildcard $(SRCDIR)/lib/ukcpio/tests/fuzz/seeds/*.cpio)
