# kvm_dtb_parse() with the fetched libfdt (lib/fdt/libfdt.mk): the same
# sources the kernel compiles, built here with ASan+UBSan. The libfdt
# sources live under $(O), which <name>-srcs (repo-relative) cannot name,
# so they are passed with the flags; the binary waits for libfdt-fetch and
# the compiled test blobs. The blobs are kept out of $(O)/host, whose
# executable entries are taken for test programs.
include $(SRCDIR)/lib/fdt/libfdt.mk
KVM_TEST_DTB_DIR := $(O)/host-dtb
include $(SRCDIR)/plat/kvm/tests/dts/dts.mk

HOSTTESTS += plat-kvm_dtb
plat-kvm_dtb-srcs := plat/kvm/tests/host/test_dtb.c plat/kvm/common/dtb.c
plat-kvm_dtb-cflags = -I$(SRCDIR)/plat/kvm/include \
	-I$(SRCDIR)/lib/fdt/include -I$(LIBFDT_DIR) \
	-DKVM_DTB_TESTDIR='"$(KVM_TEST_DTB_DIR)"' $(LIBFDT_SRCS)

$(O)/host/plat-kvm_dtb: $(SRCDIR)/lib/fdt/include/libfdt_env.h \
	$(SRCDIR)/plat/kvm/include/kvm/dtb.h | libfdt-fetch $(KVM_TEST_DTBS)

# The same tests with a node index too small for the test trees: the
# parser's walks without the index (dtb_index_build() gives up).
HOSTTESTS += plat-kvm_dtb_noindex
plat-kvm_dtb_noindex-srcs := $(plat-kvm_dtb-srcs)
plat-kvm_dtb_noindex-cflags = $(plat-kvm_dtb-cflags) -DDTB_INDEX_MAX=4

$(O)/host/plat-kvm_dtb_noindex: $(SRCDIR)/lib/fdt/include/libfdt_env.h \
	$(SRCDIR)/plat/kvm/include/kvm/dtb.h | libfdt-fetch $(KVM_TEST_DTBS)

# The ACPI parser (plat/kvm/x86_64/acpi.c) on fake physical memories:
# QEMU-like tables from support/scripts/acpi-tables, kept out of $(O)/host.
KVM_TEST_ACPI_DIR := $(O)/host-acpi
include $(SRCDIR)/plat/kvm/tests/acpi/acpi.mk

HOSTTESTS += plat-kvm_acpi
plat-kvm_acpi-srcs := plat/kvm/tests/host/test_acpi.c plat/kvm/x86_64/acpi.c
plat-kvm_acpi-cflags = -I$(SRCDIR)/plat/kvm/x86_64 \
	-I$(SRCDIR)/plat/kvm/tests/fuzz \
	-DKVM_ACPI_TESTDIR='"$(KVM_TEST_ACPI_DIR)"'

$(O)/host/plat-kvm_acpi: | $(KVM_TEST_ACPI)
# kvm_kaslr_place() (plat/kvm/common/kaslr.c) on a fake image
HOSTTESTS += plat-kvm_kaslr
plat-kvm_kaslr-srcs := plat/kvm/tests/host/test_kaslr.c plat/kvm/common/kaslr.c
plat-kvm_kaslr-cflags = -I$(SRCDIR)/plat/kvm/include \
	-D__bss_start=test_bss_start -D_end=test_end

# the compact symbol table: gen-ksyms's output for the listing ksyms.nm,
# read by kvm_ksyms_table_lookup() (plat/kvm/common/ksyms_table.c)
HOSTTESTS += plat-kvm_ksyms
KVM_TEST_KSYMS := $(O)/host-ksyms/ksyms.S
plat-kvm_ksyms-srcs := plat/kvm/tests/host/test_ksyms.c \
	plat/kvm/common/ksyms_table.c
plat-kvm_ksyms-cflags = -I$(SRCDIR)/plat/kvm/include $(KVM_TEST_KSYMS) \
	-DKSYMS_LISTING='"$(SRCDIR)/plat/kvm/tests/host/ksyms.nm"' \
	-D__kernel_start=test_kernel_start -D__etext=test_etext \
	-Dkvm_image_slide=test_image_slide

$(KVM_TEST_KSYMS): $(SRCDIR)/plat/kvm/tests/host/ksyms.nm \
		$(SRCDIR)/support/kast/ksyms.py
	@mkdir -p $(dir $@)
	$(Q)$(SRCDIR)/support/scripts/gen-ksyms $< > $@
$(O)/host/plat-kvm_ksyms: $(KVM_TEST_KSYMS)
