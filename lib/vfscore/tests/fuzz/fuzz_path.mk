# fuzz_path.c: vfscore and ramfs built for the host, as for the host tests
# (lib/vfscore/tests/host/host.mk): the same sources and stand-ins, and
# tests/host/tables.ld for the registration tables.
fuzz_path-srcs = $(addprefix $(SRCDIR)/,lib/vfscore/vnode.c \
	lib/vfscore/namei.c lib/vfscore/mount.c lib/vfscore/file.c \
	lib/vfscore/ops.c lib/vfscore/fdtab.c lib/vfscore/pipe.c \
	lib/vfscore/poll.c lib/vfscore/tests/host/host_stubs.c \
	lib/vfscore/tests/host/host_reset.c \
	lib/ramfs/ramfs.c lib/ramfs/pages.c)
fuzz_path-cflags = -I$(SRCDIR)/lib/vfscore/tests/host/include \
	-I$(SRCDIR)/lib/vfscore/tests/host -I$(SRCDIR)/lib/vfscore/include \
	-I$(SRCDIR)/lib/vfscore -I$(SRCDIR)/lib/ramfs/include -D_GNU_SOURCE \
	-DCONFIG_LIBVFSCORE_NR_FILES=64 -DCONFIG_LIBVFSCORE_ROOTFS='"ramfs"' \
	-DCONFIG_LIBVFSCORE_MOUNTS='""' -pthread \
	-Wl,-T,$(SRCDIR)/tests/host/tables.ld
fuzz_path-seeds = $(wildcard $(SRCDIR)/lib/vfscore/tests/fuzz/seeds/*)
