# SPDX-License-Identifier: BSD-3-Clause
#
# ACPI test inputs (fake physical memories holding QEMU-like tables),
# written by support/scripts/acpi-tables into $(KVM_TEST_ACPI_DIR) (set it
# before including). Used by the host test and the fuzz target's seeds.
ifndef KVM_TEST_ACPI_MK_INCLUDED
KVM_TEST_ACPI_MK_INCLUDED := 1

KVM_TEST_ACPI_NAMES := microvm q35 q35-bios-search
KVM_TEST_ACPI := $(patsubst %,$(KVM_TEST_ACPI_DIR)/%.acpi,\
	$(KVM_TEST_ACPI_NAMES))

# one run writes them all (each file atomically)
$(KVM_TEST_ACPI): $(SRCDIR)/support/kast/acpitables.py
	@printf '  %-8s %s\n' ACPI '$(patsubst $(O)/%,%,$@)'
	@python3 $(SRCDIR)/support/scripts/acpi-tables $(KVM_TEST_ACPI_DIR)

endif
