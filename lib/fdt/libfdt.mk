# SPDX-License-Identifier: BSD-3-Clause
#
# Where libfdt's sources come from. Included by lib/fdt/Makefile.uk (kernel
# build), host tests and fuzz targets; needs SRCDIR and O, and gives:
#   LIBFDT_DIR    the fetched libfdt folder (put it on the include path)
#   LIBFDT_SRCS   its .c files (absolute paths)
#   libfdt-fetch  phony target that fetches them (instant when present)
# The fetched libfdt_env.h is left out on purpose: lib/fdt/include has
# Kast's own, for nolibc and host libc alike.
ifndef LIBFDT_MK_INCLUDED
LIBFDT_MK_INCLUDED := 1

# Debian's device-tree-compiler source package would be the natural home,
# but its tarballs cannot be downloaded through this project's package
# registry (apt gets 404 for them; its .dsc is served). u-boot's Debian
# source keeps an unmodified-API copy of libfdt (dual GPL-2.0+ or
# BSD-2-Clause, with fdt_check_full) in scripts/dtc/libfdt, which is what
# we use. To switch back: LIBFDT_PKG := device-tree-compiler,
# LIBFDT_SUBDIR := libfdt, the pins below to that package's, and add
# fdt_check.c to LIBFDT_FILES (dtc >= 1.6.1 moved fdt_check_full there).
LIBFDT_PKG := u-boot
# The pinned upstream release of that package and the SHA-256 of its
# upstream tarball (support/scripts/fetch-source checks both; a newer
# Debian revision of the same tarball is fine).
LIBFDT_UPSTREAM_VERSION := 2023.01+dfsg
LIBFDT_ORIG_SHA256 := e75da6f089d063aaef39a1c17f1631791d87700662624e18de2121fa39a1ed44
LIBFDT_SUBDIR := scripts/dtc/libfdt
LIBFDT_FILES := fdt.c fdt_ro.c fdt_wip.c fdt_sw.c fdt_rw.c fdt_strerror.c \
	fdt_empty_tree.c fdt_addresses.c fdt_overlay.c

LIBFDT_SRCROOT = $(O)/src
LIBFDT_DIR = $(LIBFDT_SRCROOT)/$(LIBFDT_PKG)/$(LIBFDT_SUBDIR)
LIBFDT_SRCS = $(addprefix $(LIBFDT_DIR)/,$(LIBFDT_FILES))
LIBFDT_FETCH = $(SRCDIR)/support/scripts/fetch-source --upstream \
	--upstream-version $(LIBFDT_UPSTREAM_VERSION) \
	--orig-sha256 $(LIBFDT_ORIG_SHA256) \
	--only $(LIBFDT_SUBDIR) --exclude libfdt_env.h \
	$(LIBFDT_PKG) $(LIBFDT_SRCROOT)

.PHONY: libfdt-fetch
libfdt-fetch:
	@$(LIBFDT_FETCH)

endif
