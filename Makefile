# SPDX-License-Identifier: BSD-3-Clause
#
# Kast top-level Makefile.
#
#   make [O=dir] defconfig [ARCH=x86_64|riscv64] [APP=helloworld]
#   make menuconfig | olddefconfig | savedefconfig
#   make                  build $(O)/<app>_kvm-<arch> and its .dbg twin
#   make run | debug      boot the image (debug: QEMU gdbstub, paused)
#   make test             host tests + guest tests on every architecture
#   make clean | distclean
#
# Libraries, the architecture, the platform and apps each declare themselves
# with a Config.uk and a Makefile.uk in their own folder; nothing here lists
# them.

SRCDIR := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
O ?= build
override O := $(abspath $(O))
export KCONFIG_CONFIG := $(O)/.config

ARCH ?= x86_64
APP ?= helloworld

# Downloaded third-party source packages, shared by every build directory.
export KAST_SOURCES ?= $(SRCDIR)/build/sources

ifeq ($(V),1)
Q :=
cmd = $(3)
else
Q := @
cmd = @printf '  %-8s %s\n' '$(1)' '$(patsubst $(O)/%,%,$(2))' && $(3)
endif

.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory

CONFIG_TARGETS := defconfig menuconfig nconfig olddefconfig savedefconfig \
		  oldconfig
NOCONFIG_TARGETS := $(CONFIG_TARGETS) clean distclean help test test-host \
		    deps check bench fuzz soak lint

# ---------------------------------------------------------------------------
# Kconfig
# ---------------------------------------------------------------------------
KCONFIG_GEN := $(O)/kconfig
AUTOCONF := $(O)/include/config/auto.conf
AUTOHEADER := $(O)/include/generated/autoconf.h
KCONFIG_ENV := KAST_GEN=$(KCONFIG_GEN) KAST_SRC=$(SRCDIR) \
	KCONFIG_CONFIG=$(O)/.config \
	KCONFIG_AUTOCONFIG=$(AUTOCONF) KCONFIG_AUTOHEADER=$(AUTOHEADER)

LIB_DIRS := $(patsubst %/Config.uk,%,$(sort $(wildcard $(SRCDIR)/lib/*/Config.uk)))
APP_DIRS := $(patsubst %/Config.uk,%,$(sort $(wildcard $(SRCDIR)/apps/*/Config.uk)))
app_sym = APP_$(shell echo '$(notdir $(1))' | tr 'a-z-' 'A-Z_')

# The generated part of the menu: every library and every app found on disk.
.PHONY: kconfig-gen
kconfig-gen:
	$(Q)mkdir -p $(KCONFIG_GEN) $(O)/include/config $(O)/include/generated
	$(Q){ $(foreach d,$(LIB_DIRS),echo 'source "$(d)/Config.uk"';) } \
		> $(KCONFIG_GEN)/libs.uk.tmp
	$(Q){ $(foreach d,$(APP_DIRS),echo 'source "$(d)/Config.uk"';) } \
		> $(KCONFIG_GEN)/apps.uk.tmp
	$(Q)for f in libs apps; do \
		cmp -s $(KCONFIG_GEN)/$$f.uk.tmp $(KCONFIG_GEN)/$$f.uk || \
		mv $(KCONFIG_GEN)/$$f.uk.tmp $(KCONFIG_GEN)/$$f.uk; \
		rm -f $(KCONFIG_GEN)/$$f.uk.tmp; done

KCONF = cd $(O) && $(KCONFIG_ENV) kconfig-conf
DEFCONFIG_SEED := $(O)/kconfig/defconfig.seed

# The configuration tools write $(O)/.config.new (a copy of .config to
# start from, unless $(2) is "fresh"), which replaces .config only when it
# differs (the previous one becomes .config.old): a configuration step
# that changes nothing leaves .config and its time alone, so nothing is
# rebuilt. $(1): the tool and its arguments.
CONFIG_NEW := $(O)/.config.new
kconfig_update = rm -f $(CONFIG_NEW) $(CONFIG_NEW).old && \
	$(if $(filter fresh,$(2)),,{ ! test -f $(O)/.config || \
		cp -p $(O)/.config $(CONFIG_NEW); } &&) \
	(cd $(O) && $(KCONFIG_ENV) KCONFIG_CONFIG=$(CONFIG_NEW) $(1)) && \
	rm -f $(CONFIG_NEW).old && \
	if cmp -s $(CONFIG_NEW) $(O)/.config; then rm -f $(CONFIG_NEW); \
	else { ! test -f $(O)/.config || mv -f $(O)/.config $(O)/.config.old; } && \
		mv -f $(CONFIG_NEW) $(O)/.config; fi

ARCH_SYM := $(shell echo '$(ARCH)' | tr 'a-z' 'A-Z')

.PHONY: deps
deps:
	$(Q)$(SRCDIR)/support/scripts/ensure-deps build $(ARCH)

defconfig: kconfig-gen deps
	$(Q)test -d $(SRCDIR)/apps/$(APP) || \
		{ echo "error: no app '$(APP)' under apps/" >&2; exit 1; }
	$(Q)test -d $(SRCDIR)/arch/$(ARCH) || \
		{ echo "error: unknown ARCH '$(ARCH)' (arch/ has: $(notdir $(wildcard $(SRCDIR)/arch/*)))" >&2; exit 1; }
	$(Q){ echo 'CONFIG_ARCH_$(ARCH_SYM)=y'; \
	      echo 'CONFIG_$(call app_sym,$(APP))=y'; \
	      cat $(wildcard $(SRCDIR)/apps/$(APP)/defconfig) /dev/null; \
	      for f in $(EXTRA_DEFCONFIG); do cat $$f; done; \
	    } > $(DEFCONFIG_SEED)
	$(Q)$(call kconfig_update,kconfig-conf -s --defconfig=$(DEFCONFIG_SEED) \
		$(SRCDIR)/Config.uk,fresh)
	@echo "  CONFIG   $(O)/.config (app $(APP), arch $(ARCH))"

olddefconfig oldconfig: kconfig-gen
	$(Q)test -f $(O)/.config || $(MAKE) -f $(SRCDIR)/Makefile O=$(O) defconfig
	$(Q)$(call kconfig_update,kconfig-conf -s --$@ $(SRCDIR)/Config.uk)

menuconfig: kconfig-gen deps
	$(Q)test -f $(O)/.config || $(MAKE) -f $(SRCDIR)/Makefile O=$(O) defconfig
	$(Q)$(call kconfig_update,kconfig-mconf $(SRCDIR)/Config.uk)

nconfig: kconfig-gen deps
	$(Q)test -f $(O)/.config || $(MAKE) -f $(SRCDIR)/Makefile O=$(O) defconfig
	$(Q)$(call kconfig_update,kconfig-nconf $(SRCDIR)/Config.uk)

savedefconfig: kconfig-gen
	$(Q)$(KCONF) --savedefconfig=$(O)/defconfig $(SRCDIR)/Config.uk
	@echo "  SAVED    $(O)/defconfig"

# A fresh tree or build directory gets the default configuration.
$(O)/.config:
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) defconfig

$(AUTOCONF) $(AUTOHEADER): $(O)/.config | kconfig-gen
	$(Q)$(KCONF) -s --silentoldconfig $(SRCDIR)/Config.uk
	$(Q)touch $(AUTOCONF) $(AUTOHEADER)

ifeq ($(filter $(NOCONFIG_TARGETS),$(MAKECMDGOALS)),)
ifneq ($(wildcard $(O)/.config),)
-include $(AUTOCONF)
endif
endif

# ---------------------------------------------------------------------------
# Toolchain
# ---------------------------------------------------------------------------
ifeq ($(CONFIG_ARCH_RISCV64),y)
KARCH := riscv64
else
KARCH := x86_64
endif

HOST_MACHINE := $(shell uname -m)
ifeq ($(KARCH),$(HOST_MACHINE))
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= $(KARCH)-linux-gnu-
endif
CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM := $(CROSS_COMPILE)nm
STRIP := $(CROSS_COMPILE)strip

GCC_INC = $(shell $(CC) -print-file-name=include 2>/dev/null)
LIBGCC = $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

# ---------------------------------------------------------------------------
# Library registration (used by every Makefile.uk)
#   $(eval $(call addlib,<name>,$(CONFIG_...)))
#   <name>-srcs-y   sources relative to the library's folder
#   <name>-cflags-y extra compiler flags
# Code fetched or generated at build time (never kept in the repository):
#   <name>-prepare-y  targets the library defines to produce it under $(O);
#                     every library object waits for them (order-only)
#   <name>-extsrcs-y  absolute paths of such sources, under $(O); objects
#                     go to $(OBJDIR)/<name>/ext/<path below $(O)>.o
#   <name>-extdeps-y  files (not phony targets) whose change rebuilds every
#                     one of those objects, e.g. the stamp of a tree that
#                     is re-created and patched: make takes a source's time
#                     before the order-only preparation runs, so a source
#                     patched by that run alone would not rebuild its object
#   <name>-includes-y absolute include folders added for everyone, like a
#                     library's include/
# Exports (see "Objects" below):
#   <name>-exportsyms-y further export lists besides exportsyms.uk, relative
#                     to the library's folder, for the symbols of optional
#                     sources (<name>-exportsyms-$(CONFIG_...) += x.uk)
# ---------------------------------------------------------------------------
LIBS :=
define addlib
$(1)-dir := $(LIBDIR)
ifeq ($(2),y)
LIBS += $(1)
endif
endef

define include_makefile_uk
LIBDIR := $(1)
include $(1)/Makefile.uk
endef

APPNAME := $(strip $(foreach d,$(APP_DIRS),\
	$(if $(filter y,$(CONFIG_$(call app_sym,$(d)))),$(notdir $(d)))))

MAKEFILE_UKS := $(wildcard $(SRCDIR)/arch/$(KARCH)/Makefile.uk) \
	$(wildcard $(SRCDIR)/plat/*/Makefile.uk) \
	$(wildcard $(addsuffix /Makefile.uk,$(LIB_DIRS))) \
	$(if $(APPNAME),$(SRCDIR)/apps/$(APPNAME)/Makefile.uk)
ifneq ($(wildcard $(O)/.config),)
ifeq ($(filter $(NOCONFIG_TARGETS),$(MAKECMDGOALS)),)
$(foreach f,$(MAKEFILE_UKS),$(eval $(call include_makefile_uk,$(patsubst %/,%,$(dir $(f))))))
endif
endif

# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------
ifeq ($(CONFIG_OPTIMIZE_PERF),y)
OPTFLAGS := -O2
else ifeq ($(CONFIG_OPTIMIZE_NONE),y)
OPTFLAGS := -Og
else
OPTFLAGS := -Os
endif

KAST_INCLUDES = -I$(SRCDIR)/include \
	-I$(SRCDIR)/arch/$(KARCH)/include \
	$(foreach l,$(LIBS),$(if $(wildcard $($(l)-dir)/include),-I$($(l)-dir)/include)) \
	$(foreach l,$(LIBS),$(addprefix -I,$($(l)-includes-y)))

# C library headers (musl's when it is selected) come before the compiler's.
KAST_SYSINCLUDES = $(foreach l,$(LIBS),$(addprefix -isystem ,$($(l)-sysincludes-y)))

KAST_CFLAGS = -std=gnu11 -ffreestanding -nostdinc $(KAST_SYSINCLUDES) \
	-isystem $(GCC_INC) $(KAST_LIBC_CFLAGS) \
	-fno-pic -fno-pie -fno-omit-frame-pointer -fno-common \
	-fstack-protector-strong -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-stack-clash-protection \
	-fno-delete-null-pointer-checks -fmacro-prefix-map=$(SRCDIR)/= \
	-Wall -Wextra -Wno-unused-parameter -Werror \
	$(OPTFLAGS) $(if $(CONFIG_DEBUG_SYMBOLS),-g) \
	-include $(AUTOHEADER) $(KAST_INCLUDES) $(ARCH_CFLAGS)
KAST_ASFLAGS = -D__ASSEMBLY__ -nostdinc $(KAST_SYSINCLUDES) -isystem $(GCC_INC) \
	$(if $(CONFIG_DEBUG_SYMBOLS),-g) \
	-include $(AUTOHEADER) $(KAST_INCLUDES) $(ARCH_CFLAGS)
# Applications compile like kernel code unless a C library says otherwise
# (lib/musl sets hosted flags).
APP_CFLAGS ?= $(KAST_CFLAGS)

# --emit-relocs: gen-relocs reads the absolute addresses the image holds
# (the boot code moves it, plat/kvm/common/kaslr.c).
KAST_LDFLAGS = -nostdlib -static -n --gc-sections -z noexecstack \
	--no-warn-rwx-segments --emit-relocs $(ARCH_LDFLAGS)

# ---------------------------------------------------------------------------
# Objects: each library is compiled, linked into one relocatable object and
# all symbols not listed in its exportsyms.uk are made local.
#
# exportsyms.uk: symbol names, one per line (blanks also separate); '#'
# starts a comment. An empty list hides every global. After objcopy, the
# object's defined globals (nm -g --defined-only) must be exactly the
# names of exportsyms.uk and the library's <name>-exportsyms-y lists, in
# any order: a listed name the library does not define is an error too (a
# stale export), so a name that only some configurations define goes into
# a list of its own, added under the same condition as its source.
# ---------------------------------------------------------------------------
OBJDIR := $(O)/obj
lib_srcs = $(sort $($(1)-srcs-y))
lib_objs = $(patsubst %,$(OBJDIR)/$(1)/%.o,$(call lib_srcs,$(1))) \
	$(patsubst $(O)/%,$(OBJDIR)/$(1)/ext/%.o,$(sort $($(1)-extsrcs-y)))
lib_is_app = $(filter app-%,$(1))
KAST_PREPARE := $(foreach l,$(LIBS),$($(l)-prepare-y))

define lib_rules
$(OBJDIR)/$(1)/ext/%.c.o: $(O)/%.c $(AUTOHEADER) | $(KAST_PREPARE)
	@mkdir -p $$(dir $$@)
	$$(call cmd,CC,$$@,$$(CC) $$(KAST_CFLAGS) $$($(1)-cflags-y) \
		-D__LIBNAME__=$(1) -MMD -MP -c -o $$@ $$<)

$(sort $($(1)-extsrcs-y)): | $(KAST_PREPARE) ;
$(if $($(1)-extdeps-y),$(patsubst $(O)/%,$(OBJDIR)/$(1)/ext/%.o,$(sort $($(1)-extsrcs-y))): $($(1)-extdeps-y))

$(OBJDIR)/$(1)/%.c.o: $($(1)-dir)/%.c $(AUTOHEADER) | $(KAST_PREPARE)
	@mkdir -p $$(dir $$@)
	$$(call cmd,CC,$$@,$$(CC) $(if $(call lib_is_app,$(1)),$$(APP_CFLAGS),$$(KAST_CFLAGS)) $$($(1)-cflags-y) \
		-D__LIBNAME__=$(1) -MMD -MP -c -o $$@ $$<)

$(OBJDIR)/$(1)/%.S.o: $($(1)-dir)/%.S $(AUTOHEADER) | $(KAST_PREPARE)
	@mkdir -p $$(dir $$@)
	$$(call cmd,AS,$$@,$$(CC) $$(KAST_ASFLAGS) $$($(1)-asflags-y) \
		-D__LIBNAME__=$(1) -MMD -MP -c -o $$@ $$<)

$(OBJDIR)/$(1).o: $(call lib_objs,$(1)) $(call lib_exportsyms,$(1))
	$$(call cmd,LD,$$@,$$(LD) -r -o $$@.tmp $(call lib_objs,$(1)) \
		$(if $(call lib_is_app,$(1)),,$(if $(wildcard $($(1)-dir)/exportsyms.uk),\
		&& $$(call lib_export,$$@,$(call lib_exportsyms,$(1))))) \
		&& mv $$@.tmp $$@)
endef

lib_exportsyms = $(wildcard $($(1)-dir)/exportsyms.uk) \
	$(addprefix $($(1)-dir)/,$($(1)-exportsyms-y))

# $(call lib_export,OBJ,LISTS): in OBJ.tmp, make every defined global that
# the export LISTS do not name local, then check the result (see above).
# The lists are kept beside OBJ: OBJ.exports (wanted), OBJ.globals (found).
lib_defined_globals = $(NM) -g --defined-only -P $(1) | awk '{ print $$1 }' | LC_ALL=C sort -u
lib_export = { cat $(2) | sed 's/\#.*//' | tr -s ' \t' '\n\n' | sed '/^$$/d' | \
		LC_ALL=C sort -u > $(1).exports && \
	{ echo "\# never empty: objcopy fails on an empty file"; \
	  $(call lib_defined_globals,$(1).tmp) | LC_ALL=C comm -23 - $(1).exports; \
	} > $(1).localize && \
	$(OBJCOPY) --localize-symbols=$(1).localize $(1).tmp && \
	$(call lib_defined_globals,$(1).tmp) > $(1).globals && \
	if ! cmp -s $(1).exports $(1).globals; then \
		echo "error: the export list ($(patsubst $(SRCDIR)/%,%,$(2))) does not match the globals of $(notdir $(1)):" >&2; \
		LC_ALL=C comm -23 $(1).exports $(1).globals | sed 's/^/  listed, not defined: /' >&2; \
		LC_ALL=C comm -13 $(1).exports $(1).globals | sed 's/^/  defined, not local:  /' >&2; \
		exit 1; \
	fi; }
$(foreach l,$(LIBS),$(eval $(call lib_rules,$(l))))

LIB_OBJS := $(foreach l,$(LIBS),$(OBJDIR)/$(l).o)
DEPFILES := $(foreach l,$(LIBS),$(patsubst %.o,%.d,$(call lib_objs,$(l))))
-include $(DEPFILES)

# Every non-app library must declare what it exports.
check-exports := $(foreach l,$(LIBS),$(if $(call lib_is_app,$(l)),,\
	$(if $(wildcard $($(l)-dir)/exportsyms.uk),,$(l))))

# ---------------------------------------------------------------------------
# Final image: link, generate the symbol table (placed last, so no address
# moves), link again, check that nothing moved, strip.
# ---------------------------------------------------------------------------
IMAGE := $(O)/$(APPNAME)_kvm-$(KARCH)
IMAGE_DBG := $(IMAGE).dbg
LDS := $(SRCDIR)/plat/kvm/$(KARCH)/link.lds
GENKSYMS := $(SRCDIR)/support/scripts/gen-ksyms
GENRELOCS := $(SRCDIR)/support/scripts/gen-relocs

.PHONY: all image
all: image
image: $(O)/.config
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) deps-for-config
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) image-build

.PHONY: deps-for-config
deps-for-config:
	$(Q)$(SRCDIR)/support/scripts/ensure-deps build $(KARCH)

.PHONY: image-build
image-build: $(IMAGE)

$(O)/ksyms0.S: $(SRCDIR)/support/kast/ksyms.py
	$(Q)mkdir -p $(O)
	$(Q)$(GENKSYMS) /dev/null > $@

$(O)/relocs0.S: $(SRCDIR)/support/kast/relocs.py
	$(Q)mkdir -p $(O)
	$(Q)$(GENRELOCS) --empty > $@

$(O)/%.S.o: $(O)/%.S $(AUTOHEADER)
	$(call cmd,AS,$@,$(CC) $(KAST_ASFLAGS) -c -o $@ $<)

# Archives (musl's libc.a) come after all library objects: only the
# members the image needs are linked.
KAST_ARCHIVES = $(foreach l,$(LIBS),$($(l)-archives-y))

$(IMAGE_DBG): $(LIB_OBJS) $(KAST_ARCHIVES) $(LDS) $(O)/ksyms0.S.o \
		$(O)/relocs0.S.o $(GENKSYMS) $(GENRELOCS)
ifneq ($(strip $(check-exports)),)
	@echo "error: libraries without exportsyms.uk: $(check-exports)" >&2; exit 1
endif
ifeq ($(APPNAME),)
	@echo "error: no application selected (make menuconfig)" >&2; exit 1
endif
	$(call cmd,LD,$@.pass1,$(LD) $(KAST_LDFLAGS) -T $(LDS) -o $@.pass1 \
		$(LIB_OBJS) $(O)/ksyms0.S.o $(O)/relocs0.S.o $(KAST_ARCHIVES) $(LIBGCC))
	$(Q)$(NM) -n --defined-only $@.pass1 | $(GENKSYMS) - > $(O)/ksyms.S
	$(Q)$(CC) $(KAST_ASFLAGS) -c -o $(O)/ksyms.S.o $(O)/ksyms.S
	$(Q)$(GENRELOCS) $@.pass1 > $(O)/relocs.S
	$(Q)$(CC) $(KAST_ASFLAGS) -c -o $(O)/relocs.S.o $(O)/relocs.S
	$(call cmd,LD,$@,$(LD) $(KAST_LDFLAGS) -T $(LDS) -o $@ \
		$(LIB_OBJS) $(O)/ksyms.S.o $(O)/relocs.S.o $(KAST_ARCHIVES) $(LIBGCC))
	$(Q)$(GENRELOCS) $@ | cmp -s - $(O)/relocs.S || \
	    { echo "error: the relocation table changed in the second link" >&2; \
	    rm -f $@; exit 1; }
	$(Q)$(NM) -n $@.pass1 | grep -v -e uk_ksyms -e uk_relocs > $@.syms1; \
	    $(NM) -n $@ | grep -v -e uk_ksyms -e uk_relocs > $@.syms2; \
	    cmp -s $@.syms1 $@.syms2 || { echo "error: symbol table moved addresses" >&2; \
	    rm -f $@; exit 1; }; rm -f $@.syms1 $@.syms2 $@.pass1

$(IMAGE): $(IMAGE_DBG)
	$(call cmd,STRIP,$@,$(STRIP) -s -R .comment -R .note.gnu.build-id -o $@ $<)
	@printf '  %-8s %s (%s bytes)\n' IMAGE '$(patsubst $(O)/%,%,$@)' \
		"$$(stat -c %s $@)"

# ---------------------------------------------------------------------------
# Kit for support/bin/kast-cc: everything of this configuration but the
# application, ready to be linked with a program's objects:
#   kit/libkast.o  all kernel libraries, one relocatable object
#   kit/libc.a     musl (when selected)      kit/link.lds  linker script
#   kit/include    musl's headers            kit/ksyms0.o  empty symbol table
#   kit/env        compiler, flags and tools kast-cc reads
# ---------------------------------------------------------------------------
KIT := $(O)/kit
KIT_OBJS = $(filter-out $(OBJDIR)/app-%.o,$(LIB_OBJS))

.PHONY: kit kit-build
kit: $(O)/.config
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) deps-for-config
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) kit-build

kit-build: $(KIT)/env

$(KIT)/libkast.o: $(KIT_OBJS)
	@mkdir -p $(KIT)
	$(call cmd,LD,$@,$(LD) -r -o $@ $(KIT_OBJS))

$(KIT)/env: $(KIT)/libkast.o $(KAST_ARCHIVES) $(LDS) $(O)/ksyms0.S.o \
		$(O)/relocs0.S.o $(O)/.config
ifneq ($(CONFIG_LIBMUSL),y)
	@echo "error: the kit needs CONFIG_LIBMUSL (EXTRA_DEFCONFIG=support/configs/posix.config)" >&2; exit 1
endif
	$(Q)cp $(LDS) $(KIT)/link.lds
	$(Q)cp $(O)/ksyms0.S.o $(KIT)/ksyms0.o
	$(Q)cp $(O)/relocs0.S.o $(KIT)/relocs0.o
	$(Q)cp $(MUSL_LIBC) $(KIT)/libc.a
	$(Q)rm -rf $(KIT)/include && cp -r $(MUSL_INCLUDE) $(KIT)/include
	$(Q){ echo 'KIT_ARCH=$(KARCH)'; \
	  echo 'KIT_CC="$(CC)"'; \
	  echo 'KIT_LD="$(LD)"'; \
	  echo 'KIT_STRIP="$(STRIP)"'; \
	  echo 'KIT_NM="$(NM)"'; \
	  echo 'KIT_CFLAGS="$(subst $(MUSL_INCLUDE),$(KIT)/include,$(MUSL_APP_CFLAGS))"'; \
	  echo 'KIT_ASFLAGS="$(ARCH_CFLAGS)"'; \
	  echo 'KIT_LDFLAGS="$(KAST_LDFLAGS)"'; \
	  echo 'KIT_LIBGCC="$(LIBGCC)"'; \
	  echo 'KIT_GENKSYMS="$(GENKSYMS)"'; \
	} > $@.tmp && mv $@.tmp $@
	@echo "  KIT      $(patsubst $(O)/%,%,$(KIT)) ($(KARCH))"

# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------
RUNNER := $(SRCDIR)/support/scripts/kast-qemu
.PHONY: run debug run-image debug-image
# The image name depends on the configuration, which may only exist once
# `image` has run: the boot happens in a sub-make that reads it.
run: image
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) run-image

debug: image
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O) debug-image

run-image:
	$(Q)$(RUNNER) $(RUNFLAGS) $(IMAGE) $(if $(ARGS),-- $(ARGS))

# ukboot.aslr=0 (unless RUNFLAGS has an --append): the image stays at its
# link address, where the .dbg file's symbols are.
debug-image:
	@echo "QEMU waits for gdb: gdb $(IMAGE_DBG) -ex 'target remote :1234'"
	$(Q)$(RUNNER) --gdb $(if $(findstring --append,$(RUNFLAGS)),,--append ukboot.aslr=0) \
		$(RUNFLAGS) $(IMAGE) $(if $(ARGS),-- $(ARGS))

# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------
include $(SRCDIR)/support/mk/hosttests.mk

.PHONY: test test-host
test-host: host-tests
	$(Q)$(SRCDIR)/support/scripts/runtests --host-only --build $(O)

# FUZZ_SECONDS: length of the fuzzing run inside `make test` (per target).
# ONLY=REGEX: just the boots and network tests whose name or image key
# matches (and the host tests and lint); for working on one part. Taken
# with $(value), so that "$" in the regex is not make's.
FUZZ_SECONDS ?= 20
test:
	$(Q)$(SRCDIR)/support/scripts/ensure-deps test
	$(Q)$(MAKE) -f $(SRCDIR)/Makefile O=$(O)/test host-tests
	$(Q)$(SRCDIR)/support/scripts/runtests --build $(O)/test \
		--fuzz-seconds $(FUZZ_SECONDS) $(if $(value ONLY),--only '$(value ONLY)') $(TESTFLAGS)

# flake8 over support/'s Python and shellcheck over the shell scripts
# (support/kast/lint.py; make test runs them too).
.PHONY: lint
lint:
	$(Q)$(SRCDIR)/support/scripts/runtests --lint-only

# make soak [RUNS=N] [LOAD=1] [JOBS=N]: boot every in-guest suite image
# (selftest, posixtest; both schedulers; every architecture) N times in real
# time and count failures and hangs (support/scripts/soak; docs/tooling.md).
# LOAD=1 keeps two host busy loops running meanwhile. Not part of make test.
RUNS ?= 10
.PHONY: soak
soak:
	$(Q)$(SRCDIR)/support/scripts/soak --build $(O)/soak --runs $(RUNS) \
		$(if $(filter 1 y yes,$(LOAD)),--load) $(if $(JOBS),--jobs $(JOBS)) \
		$(SOAKFLAGS)

# make fuzz [SECONDS=N] [DOCS=FILE] [FUZZ_TARGETS='fuzz_acpi ...']: every
# target (or those named) N s each; DOCS: their figures as a Markdown table.
.PHONY: fuzz
fuzz:
	$(Q)$(SRCDIR)/support/scripts/fuzz --build $(O) --seconds $(or $(SECONDS),300) \
		$(if $(DOCS),--docs $(abspath $(DOCS))) $(FUZZ_TARGETS)

# make bench [QUICK=1]: floor, Kast and Linux guests measured in one run
# (support/scripts/bench); JSON in $(O)/bench, report in docs/benchmarks.md.
.PHONY: bench
bench:
	$(Q)$(SRCDIR)/support/scripts/ensure-deps bench
	$(Q)$(SRCDIR)/support/scripts/bench --build $(O)/bench \
		$(if $(filter 1 y yes,$(QUICK)),--quick --command 'make bench QUICK=1') \
		$(BENCHFLAGS)

# ---------------------------------------------------------------------------
# Housekeeping
# ---------------------------------------------------------------------------
.PHONY: clean distclean help
clean:
	$(Q)rm -rf $(OBJDIR) $(O)/*_kvm-* $(O)/ksyms* $(O)/host $(O)/test

distclean:
	$(Q)rm -rf $(O)

help:
	@sed -n '3,12p' $(SRCDIR)/Makefile | sed 's/^# \{0,1\}//'
