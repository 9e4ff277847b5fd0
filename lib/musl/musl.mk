# SPDX-License-Identifier: BSD-3-Clause
#
# musl for Kast. Included by lib/musl/Makefile.uk (and support/bin/kast-cc
# through the kit); needs SRCDIR, O, KARCH, CC, GCC_INC, OPTFLAGS.
#
# Steps (stamps under $(O)/musl):
#   1. fetch Debian's musl source package into $(O)/src/musl (verified by
#      support/scripts/fetch-source against the pins below; never
#      committed);
#   2. copy it to $(O)/musl/tree and apply Kast's changes, all listed here:
#      - arch/<arch>/syscall_arch.h is replaced (syscall_arch.h, the same
#        for every architecture): __syscallN()
#        call uk_syscall() in lib/syscall_shim instead of trapping;
#      - the assembly files that trap or that start/stop threads are
#        deleted and replaced by C files in overrides/ (clone, __unmapself, the thread
#        pointer, cancellable calls, signal return), or by musl's own
#        generic C version (vfork);
#      - src/env/__stack_chk_fail.c is replaced: the kernel owns the stack
#        protector guard (plat/kvm/common/ssp.c); musl's own __init_ssp
#        (which copies the guard into the thread's TCB, %fs:0x28 on
#        x86_64) is in that file, and __libc_start_main.c's weak no-op
#        __init_ssp is deleted: with nothing else pulling that file out
#        of libc.a, the no-op won and every x86_64 canary was 0;
#      - x86_64 a_crash() executes ud2 instead of hlt (hlt does not fault
#        in ring 0, where the program runs);
#   3. configure and build lib/libc.a with musl's own Makefile, and install
#      its headers into $(O)/musl/include; before libc.a, abi_check.c
#      (what Kast assumes about musl's internals, e.g. that its struct
#      pthread fits the TLS reserve of every thread) is compiled in musl's
#      tree with musl's flags and internal headers: a musl that breaks an
#      assumption fails the build there.
ifndef MUSL_MK_INCLUDED
MUSL_MK_INCLUDED := 1

# The musl this port is written for: Debian's source package must carry
# this upstream version, whose upstream tarball has this SHA-256 (a newer
# Debian revision of it is fine; Debian's patches are applied). Moving to
# another musl means checking the overrides, syscall_arch.h and the ABI
# checks (abi_check.c) against it.
MUSL_UPSTREAM_VERSION := 1.2.3
MUSL_ORIG_SHA256 := 7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4

MUSL_DIR := $(SRCDIR)/lib/musl
MUSL_SRCROOT = $(O)/src
MUSL_ORIG = $(MUSL_SRCROOT)/musl
# musl's build depends on the architecture and the compiler only, not on
# the Kconfig: with KAST_MUSL_CACHE set, build directories share one build
# per architecture there (the test harness does, building one directory
# at a time); by default each build directory has its own.
MUSL_OUT = $(if $(KAST_MUSL_CACHE),$(KAST_MUSL_CACHE)/$(KARCH),$(O)/musl)
MUSL_TREE = $(MUSL_OUT)/tree
MUSL_INCLUDE = $(MUSL_OUT)/include
MUSL_LIBC = $(MUSL_OUT)/libc.a
MUSL_TREE_STAMP = $(MUSL_OUT)/.tree
MUSL_HEADERS_STAMP = $(MUSL_OUT)/.headers
MUSL_ABI_STAMP = $(MUSL_OUT)/.abi-checked
MUSL_OVERRIDES := $(shell cd $(MUSL_DIR)/overrides && find . -type f)

MUSL_DELETE := $(foreach a,x86_64 riscv64,\
	src/thread/$(a)/clone.s src/thread/$(a)/__set_thread_area.s \
	src/thread/$(a)/__unmapself.s src/thread/$(a)/syscall_cp.s \
	src/signal/$(a)/restore.s src/process/$(a)/vfork.s)

# Flags every musl-side object needs: musl and programs run in the
# kernel's privilege level, so no red zone on x86_64 (interrupts arrive
# on the same stack) and the kernel's code model and float ABI on riscv64.
MUSL_ARCH_CFLAGS-x86_64 := -mno-red-zone
MUSL_ARCH_CFLAGS-riscv64 := -march=rv64imafdc_zicsr_zifencei -mabi=lp64d \
	-mcmodel=medany
MUSL_ARCH_CFLAGS = -fno-pic -fno-pie -fno-omit-frame-pointer \
	$(MUSL_ARCH_CFLAGS-$(KARCH))

# Flags for programs compiled against musl (in-tree apps and kast-cc).
# -fstack-protector-strong: the canary is the kernel's random guard
# (x86_64: copied into every thread's TCB at %fs:0x28; riscv64: the
# global __stack_chk_guard); a program may still turn it off after it.
# No _FORTIFY_SOURCE: it needs the C library's headers to supply the
# checked variants (__memcpy_chk ...), and musl has none (Debian has no
# fortify-headers package either), so defining it would do nothing.
MUSL_APP_CFLAGS = -nostdinc -isystem $(MUSL_INCLUDE) -isystem $(GCC_INC) \
	-ffunction-sections -fdata-sections -fstack-protector-strong \
	$(MUSL_ARCH_CFLAGS)

MUSL_MAKE = env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL \
	make -C $(MUSL_TREE) AR=$(CROSS_COMPILE)ar RANLIB=$(CROSS_COMPILE)ranlib

$(MUSL_TREE_STAMP): $(MUSL_DIR)/musl.mk $(MUSL_DIR)/syscall_arch.h $(addprefix $(MUSL_DIR)/overrides/,$(MUSL_OVERRIDES))
	@mkdir -p $(MUSL_OUT)
	$(Q)$(SRCDIR)/support/scripts/fetch-source \
		--upstream-version $(MUSL_UPSTREAM_VERSION) \
		--orig-sha256 $(MUSL_ORIG_SHA256) musl $(MUSL_SRCROOT)
	@echo "  PATCH    musl -> $(patsubst $(O)/%,%,$(MUSL_TREE))"
	$(Q)rm -rf $(MUSL_TREE) && cp -a $(MUSL_ORIG) $(MUSL_TREE)
	$(Q)cd $(MUSL_TREE) && rm -f $(MUSL_DELETE) src/env/__stack_chk_fail.c
	$(Q)cp -r $(MUSL_DIR)/overrides/. $(MUSL_TREE)/
	$(Q)for a in x86_64 riscv64; do \
		cp $(MUSL_DIR)/syscall_arch.h $(MUSL_TREE)/arch/$$a/syscall_arch.h; done
	$(Q)sed -i 's/"hlt"/"ud2"/' $(MUSL_TREE)/arch/x86_64/atomic_arch.h && \
		grep -q '"ud2"' $(MUSL_TREE)/arch/x86_64/atomic_arch.h
	$(Q)sed -i -e '/^static void dummy1(void \*p) {}$$/d' \
		-e '/^weak_alias(dummy1, __init_ssp);$$/d' \
		$(MUSL_TREE)/src/env/__libc_start_main.c && \
		! grep -q 'dummy1' $(MUSL_TREE)/src/env/__libc_start_main.c
	@echo "  CONFIG   musl ($(KARCH))"
	$(Q)cd $(MUSL_TREE) && ./configure --target=$(KARCH) --prefix=/ \
		--disable-shared CC="$(CC)" CROSS_COMPILE= \
		CFLAGS="$(MUSL_ARCH_CFLAGS)" > configure.log 2>&1 || \
		{ cat configure.log >&2; echo "error: musl configure failed" >&2; exit 1; }
	$(Q)touch $@

$(MUSL_HEADERS_STAMP): $(MUSL_TREE_STAMP)
	$(Q)rm -rf $(MUSL_INCLUDE)
	$(Q)$(MUSL_MAKE) -s install-headers DESTDIR= includedir=$(MUSL_INCLUDE) >/dev/null
	$(Q)touch $@

# abi_check.c is compiled by musl's Makefile (its pattern rule, musl's
# CFLAGS and include path, the generated headers) with the architecture's
# constants of arch/<arch>/include added; the object is not used.
$(MUSL_ABI_STAMP): $(MUSL_HEADERS_STAMP) $(MUSL_DIR)/abi_check.c \
		$(SRCDIR)/arch/$(KARCH)/include/uk/asm/ctx.h
	@echo "  CHECK    musl ABI against Kast's assumptions ($(KARCH))"
	$(Q)mkdir -p $(MUSL_TREE)/kast $(MUSL_TREE)/obj/kast
	$(Q)cp $(MUSL_DIR)/abi_check.c $(MUSL_TREE)/kast/abi_check.c
	$(Q)rm -f $(MUSL_TREE)/obj/kast/abi_check.o
	$(Q)$(MUSL_MAKE) -s obj/kast/abi_check.o \
		CPPFLAGS="-I$(SRCDIR)/arch/$(KARCH)/include" \
		> $(MUSL_OUT)/abi-check.log 2>&1 || \
		{ cat $(MUSL_OUT)/abi-check.log >&2; \
		  echo "error: musl $(MUSL_UPSTREAM_VERSION) breaks an assumption of lib/musl/abi_check.c (above)" >&2; exit 1; }
	$(Q)touch $@

# after the headers and the ABI check: two of musl's makes in one tree at
# once (make -j) both generate obj/include/bits/alltypes.h, and one
# installed it empty
$(MUSL_LIBC): $(MUSL_HEADERS_STAMP) | $(MUSL_ABI_STAMP)
	@echo "  MAKE     musl libc.a ($(KARCH))"
	$(Q)$(MUSL_MAKE) -s -j$$(nproc) lib/libc.a > $(MUSL_OUT)/build.log 2>&1 || \
		{ tail -30 $(MUSL_OUT)/build.log >&2; echo "error: musl build failed (log: $(MUSL_OUT)/build.log)" >&2; exit 1; }
	$(Q)cp $(MUSL_TREE)/lib/libc.a $@

.PHONY: musl-headers musl-libc
musl-headers: $(MUSL_HEADERS_STAMP)
musl-libc: $(MUSL_LIBC)

endif
