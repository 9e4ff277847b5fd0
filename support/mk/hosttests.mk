# Host unit tests: every lib/*/tests/host/host.mk declares programs.
#
#   HOSTTESTS += <name>
#   <name>-srcs   := repo-relative sources (test + library code under test)
#   <name>-cflags := extra flags (e.g. -Ilib/<lib>/include)
#
# Each program is built with AddressSanitizer and UndefinedBehaviorSanitizer,
# must print "<suite>: N passed, N failed" and exit non-zero on failure.
#
# Kernel sources compile here exactly as in the kernel (no host-test
# macro): every program is linked with tests/host/tables.ld, which sorts
# the registration tables (.uk_tab_*) as the kernel linker scripts do, and
# what a library takes from other layers comes from host stand-ins (e.g.
# lib/ukalloc/tests/host/lcpu_host.c, lib/vfscore/tests/host/).

HOSTTESTS :=
HOST_CC ?= gcc
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-omit-frame-pointer -fno-builtin $(HOST_SAN) \
	-I$(SRCDIR)/tests/host/include -I$(SRCDIR)/tests/host \
	-I$(SRCDIR)/include
HOST_LDFLAGS := -Wl,-T,$(SRCDIR)/tests/host/tables.ld

$(foreach f,$(sort $(wildcard $(SRCDIR)/lib/*/tests/host/host.mk \
		$(SRCDIR)/plat/*/tests/host/host.mk)),\
	$(eval include $(f)))

HOST_BINS := $(addprefix $(O)/host/,$(HOSTTESTS))

define host_rule
$(O)/host/$(1): $(addprefix $(SRCDIR)/,$($(1)-srcs)) $(wildcard $(SRCDIR)/tests/host/*.h) \
		$(SRCDIR)/tests/host/tables.ld
	@mkdir -p $$(dir $$@)
	$$(call cmd,HOSTCC,$$@,$$(HOST_CC) $$(HOST_CFLAGS) $$($(1)-cflags) \
		-o $$@ $$(addprefix $$(SRCDIR)/,$$($(1)-srcs)) $$(HOST_LDFLAGS))
	$(Q)$$(HOST_CC) $$(HOST_CFLAGS) $$($(1)-cflags) -MM -MP -MT $$@ \
		$$(addprefix $$(SRCDIR)/,$$($(1)-srcs)) > $$@.d
endef
$(foreach t,$(HOSTTESTS),$(eval $(call host_rule,$(t))))
# the headers each program was built with (gcc -MM of all its sources)
-include $(wildcard $(addsuffix .d,$(HOST_BINS)))

.PHONY: host-tests
host-tests: $(HOST_BINS)
