# fuzz_netif.c: the netif glue (lib/lwip/netif_uknetdev.c, #included by
# the target, so it is a prerequisite here) over lib/uknetdev, and lwIP's
# core (lib/lwip/lwip.mk: fetched, patched) built for the host with
# include/lwipopts.h (the kernel's with NO_SYS: no sockets, netconn or
# tcpip thread) and include/arch/cc.h; include/uk/ and
# include/lwip/tcpip.h stand in for the kernel's threads, locks,
# allocator and tcpip thread. Seeds: valid exchanges written by
# gen_seeds.py (ARP, TCP handshake and data, also with checksum offload,
# UDP, ICMP echo and a fragmented one, IPv6 neighbour solicitation and
# echo, DHCP), and regress/: inputs that once crashed it (each its
# commit's reason), replayed by every run.
include $(SRCDIR)/lib/lwip/lwip.mk

FUZZ_NETIF_DIR := $(SRCDIR)/lib/lwip/tests/fuzz
FUZZ_NETIF_FILES := $(filter-out api/%,$(LWIP_FILES))
FUZZ_NETIF_SEEDS := arp tcp tcp-nocsum tcp-offload udp icmp icmp-frag ipv6 dhcp

fuzz_netif-srcs = $(addprefix $(LWIP_TREE)/src/,$(FUZZ_NETIF_FILES)) \
	$(SRCDIR)/lib/lwip/csum.c $(SRCDIR)/lib/uknetdev/netdev.c \
	$(SRCDIR)/lib/uknetdev/netbuf.c
fuzz_netif-cflags = -I$(FUZZ_NETIF_DIR)/include -I$(LWIP_TREE)/src/include \
	-I$(SRCDIR)/lib/uknetdev/include -I$(SRCDIR)/lib/lwip \
	-Wno-unknown-attributes
fuzz_netif-prepare = $(LWIP_STAMP)
fuzz_netif-seeds = $(FUZZ_NETIF_SEEDS:%=$(FUZZ_OUT)/netif-seeds/%) \
	$(wildcard $(FUZZ_NETIF_DIR)/regress/*)

# the stamp too: a new or changed patch re-creates lwIP's tree, and make
# took the sources' times before that ran
$(FUZZ_OUT)/fuzz_netif: $(LWIP_STAMP) $(SRCDIR)/lib/lwip/netif_uknetdev.c \
	$(SRCDIR)/lib/lwip/lwip_impl.h $(SRCDIR)/lib/lwip/include/lwipopts.h \
	$(wildcard $(FUZZ_NETIF_DIR)/include/*.h $(FUZZ_NETIF_DIR)/include/*/*.h)

$(FUZZ_OUT)/netif-seeds/%: $(FUZZ_NETIF_DIR)/gen_seeds.py
	@mkdir -p $(@D)
	@python3 $< $* $@
