# fuzz_dtb.c: what support/scripts/fuzz needs besides the target itself.
# Seeds are the test device trees (QEMU virt and a variant).
include $(SRCDIR)/lib/fdt/libfdt.mk
KVM_TEST_DTB_DIR := $(FUZZ_OUT)/dtb
include $(SRCDIR)/plat/kvm/tests/dts/dts.mk

fuzz_dtb-srcs = $(SRCDIR)/plat/kvm/common/dtb.c $(LIBFDT_SRCS)
fuzz_dtb-cflags = -I$(SRCDIR)/plat/kvm/include -I$(SRCDIR)/lib/fdt/include \
	-I$(LIBFDT_DIR)
fuzz_dtb-prepare = libfdt-fetch
fuzz_dtb-seeds = $(KVM_TEST_DTBS)
