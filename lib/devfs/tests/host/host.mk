HOSTTESTS += devfs_random
devfs_random-srcs = lib/devfs/tests/host/test_random.c lib/devfs/chacha20.c \
	lib/devfs/random.c lib/vfscore/tests/host/host_stubs.c
devfs_random-cflags = $(VFSCORE_HOST_CFLAGS) -I$(SRCDIR)/lib/devfs/include
