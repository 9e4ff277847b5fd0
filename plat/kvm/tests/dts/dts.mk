# SPDX-License-Identifier: BSD-3-Clause
#
# Test device trees: plat/kvm/tests/dts/*.dts compiled with dtc into
# $(KVM_TEST_DTB_DIR) (set it before including). Used by the host test and
# the fuzz target's seed corpus. As root a missing dtc is installed
# (package device-tree-compiler); otherwise one error names the package.
ifndef KVM_TEST_DTS_MK_INCLUDED
KVM_TEST_DTS_MK_INCLUDED := 1

KVM_TEST_DTS := $(sort $(wildcard $(SRCDIR)/plat/kvm/tests/dts/*.dts))
KVM_TEST_DTBS := $(patsubst $(SRCDIR)/plat/kvm/tests/dts/%.dts,\
	$(KVM_TEST_DTB_DIR)/%.dtb,$(KVM_TEST_DTS))

# Checked once per make run, before any dtc call.
.PHONY: kvm-test-dtc
kvm-test-dtc:
	@command -v dtc >/dev/null 2>&1 || { \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "  DEPS     installing: device-tree-compiler"; \
		apt-get update -qq >/dev/null || true; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends device-tree-compiler \
			>/dev/null; \
	else \
		echo "error: dtc missing. Run as root:" \
			"apt-get install device-tree-compiler" >&2; exit 1; \
	fi; }

$(KVM_TEST_DTB_DIR)/%.dtb: $(SRCDIR)/plat/kvm/tests/dts/%.dts | kvm-test-dtc
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' DTC '$(patsubst $(O)/%,%,$@)'
	@dtc -q -I dts -O dtb -o $@.tmp $< && mv $@.tmp $@

endif
