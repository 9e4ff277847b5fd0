# fuzz_virtqueue.c: the virtqueue code of plat/drivers/virtio as the
# kernel compiles it, with the host stand-ins of tests/host/include for
# printing. No seeds: libFuzzer starts from an empty input.
fuzz_virtqueue-srcs = $(SRCDIR)/plat/drivers/virtio/virtqueue.c
fuzz_virtqueue-cflags = -I$(SRCDIR)/plat/drivers/virtio/include
