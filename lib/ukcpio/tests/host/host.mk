HOSTTESTS += ukcpio_cpio
ukcpio_cpio-srcs = lib/ukcpio/tests/host/test_cpio.c lib/ukcpio/cpio.c \
	lib/ukcpio/unpack.c $(VFSCORE_HOST_SRCS)
ukcpio_cpio-cflags = $(VFSCORE_HOST_CFLAGS) -I$(SRCDIR)/lib/ukcpio/include \
	-DCPIO_SEEDS_DIR=\"$(SRCDIR)/lib/ukcpio/tests/fuzz/seeds\"
