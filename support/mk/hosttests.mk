# Host unit tests: every lib/*/tests/host/host.mk declares programs.
#
#   HOSTTESTS += <name>
#   <name>-srcs   := repo-relative sources (test + library code under test)
#   <name>-cflags := extra flags (e.g. -Ilib/<lib>/include)
#
# Each program is built with AddressSanitizer and UndefinedBehaviorSanitizer,
# must print "<suite>: N passed, N failed" and exit non-zero on failure.

HOSTTESTS :=
HOST_CC ?= gcc
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
HOST_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fno-omit-frame-pointer -fno-builtin $(HOST_SAN) \
	-I$(SRCDIR)/tests/host/include -I$(SRCDIR)/tests/host \
	-I$(SRCDIR)/include -D__KAST_HOST_TEST__

$(foreach f,$(sort $(wildcard $(SRCDIR)/lib/*/tests/host/host.mk \
		$(SRCDIR)/plat/*/tests/host/host.mk)),\
	$(eval include $(f)))

HOST_BINS := $(addprefix $(O)/host/,$(HOSTTESTS))

define host_rule
$(O)/host/$(1): $(addprefix $(SRCDIR)/,$($(1)-srcs)) $(wildcard $(SRCDIR)/tests/host/*.h)
	@mkdir -p $$(dir $$@)
	$$(call cmd,HOSTCC,$$@,$$(HOST_CC) $$(HOST_CFLAGS) $$($(1)-cflags) \
		-o $$@ $$(addprefix $$(SRCDIR)/,$$($(1)-srcs)))
endef
$(foreach t,$(HOSTTESTS),$(eval $(call host_rule,$(t))))

.PHONY: host-tests
host-tests: $(HOST_BINS)
