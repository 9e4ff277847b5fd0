# SPDX-License-Identifier: BSD-3-Clause
#
# Where lwIP's sources come from. Included by lib/lwip/Makefile.uk; needs
# SRCDIR and O, and gives:
#   LWIP_TREE     the patched copy under $(O)/lwip (include: $(LWIP_TREE)/src/include)
#   LWIP_SRCS     the .c files Kast compiles (absolute paths)
#   LWIP_STAMP    the file that says the copy is there and patched
#
# Steps:
#   1. fetch Debian's lwip source package (upstream tarball only, src/
#      only: Debian's patches are its Linux port and CMake files, which
#      Kast does not use) into $(O)/src/lwip, verified by
#      support/scripts/fetch-source against the pins below; never
#      committed;
#   2. copy src/ to $(LWIP_TREE) and apply lib/lwip/patches/*.patch in
#      name order (each says why it is needed).
ifndef LWIP_MK_INCLUDED
LWIP_MK_INCLUDED := 1

# lwIP 2.1.3 as Debian ships it: the upstream tarball repacked without
# the non-free parts ("+dfsg1"; src/ is upstream's), with this SHA-256.
# A newer Debian revision of the same tarball is fine. Moving to another
# lwIP means checking the patches, lwipopts.h and the ABI translation in
# lib/posix-socket (lwIP's socket constants) against it.
LWIP_UPSTREAM_VERSION := 2.1.3+dfsg1
LWIP_ORIG_SHA256 := 0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24

LWIP_DIR := $(SRCDIR)/lib/lwip
LWIP_SRCROOT = $(O)/src
LWIP_TREE = $(O)/lwip/tree
LWIP_STAMP = $(O)/lwip/.patched
LWIP_PATCHES := $(sort $(wildcard $(LWIP_DIR)/patches/*.patch))

LWIP_FILES := \
	core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c \
	core/mem.c core/memp.c core/netif.c core/pbuf.c core/raw.c \
	core/stats.c core/sys.c core/tcp.c core/tcp_in.c core/tcp_out.c \
	core/timeouts.c core/udp.c \
	core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c \
	core/ipv4/igmp.c core/ipv4/ip4_frag.c core/ipv4/ip4.c \
	core/ipv4/ip4_addr.c \
	core/ipv6/ethip6.c core/ipv6/icmp6.c core/ipv6/inet6.c \
	core/ipv6/ip6.c core/ipv6/ip6_addr.c core/ipv6/ip6_frag.c \
	core/ipv6/mld6.c core/ipv6/nd6.c \
	api/api_lib.c api/api_msg.c api/err.c api/if_api.c api/netbuf.c \
	api/netdb.c api/netifapi.c api/sockets.c api/tcpip.c \
	netif/ethernet.c
LWIP_SRCS = $(addprefix $(LWIP_TREE)/src/,$(LWIP_FILES))

$(LWIP_STAMP): $(LWIP_DIR)/lwip.mk $(LWIP_PATCHES)
	$(Q)$(SRCDIR)/support/scripts/fetch-source --upstream \
		--upstream-version $(LWIP_UPSTREAM_VERSION) \
		--orig-sha256 $(LWIP_ORIG_SHA256) --only src \
		lwip $(LWIP_SRCROOT)
	@echo "  PATCH    lwip -> $(patsubst $(O)/%,%,$(LWIP_TREE))"
	$(Q)rm -rf $(LWIP_TREE) && mkdir -p $(LWIP_TREE) && \
		cp -a $(LWIP_SRCROOT)/lwip/src $(LWIP_TREE)/src
	$(Q)for p in $(LWIP_PATCHES); do \
		patch -s -p1 -d $(LWIP_TREE) < $$p || \
		{ echo "error: $$p does not apply to lwIP $(LWIP_UPSTREAM_VERSION)" >&2; exit 1; }; \
	done
	$(Q)touch $@

endif
