# fuzz_acpi.c: the ACPI parser of plat/kvm/x86_64 as the kernel compiles
# it. Seeds: QEMU-like microvm and q35 tables (support/scripts/acpi-tables).
KVM_TEST_ACPI_DIR := $(FUZZ_OUT)/acpi
include $(SRCDIR)/plat/kvm/tests/acpi/acpi.mk

fuzz_acpi-srcs = $(SRCDIR)/plat/kvm/x86_64/acpi.c
fuzz_acpi-cflags = -I$(SRCDIR)/plat/kvm/x86_64 -I$(SRCDIR)/plat/kvm/tests/fuzz
fuzz_acpi-seeds = $(KVM_TEST_ACPI)
# the headers (the generic rule tracks only sources)
$(FUZZ_OUT)/fuzz_acpi: $(SRCDIR)/plat/kvm/x86_64/acpi.h \
	$(SRCDIR)/plat/kvm/tests/fuzz/acpi_fakemem.h
