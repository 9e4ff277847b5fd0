# fuzz_netif.c: lwIP's core (lib/lwip/lwip.mk: fetched, patched) built for
# the host with include/lwipopts.h and include/arch/cc.h (NO_SYS, no
# sockets, netconn or tcpip thread). Seeds: valid exchanges written by
# gen_seeds.py (ARP, TCP handshake and data, UDP, ICMP echo and a
# fragmented one, IPv6 neighbour solicitation and echo, DHCP).
include $(SRCDIR)/lib/lwip/lwip.mk

FUZZ_NETIF_DIR := $(SRCDIR)/lib/lwip/tests/fuzz
FUZZ_NETIF_FILES := $(filter-out api/%,$(LWIP_FILES))
FUZZ_NETIF_SEEDS := arp tcp tcp-nocsum udp icmp icmp-frag ipv6 dhcp

fuzz_netif-srcs = $(addprefix $(LWIP_TREE)/src/,$(FUZZ_NETIF_FILES))
fuzz_netif-cflags = -I$(FUZZ_NETIF_DIR)/include -I$(LWIP_TREE)/src/include
fuzz_netif-prepare = $(LWIP_STAMP)
fuzz_netif-seeds = $(FUZZ_NETIF_SEEDS:%=$(FUZZ_OUT)/netif-seeds/%)

$(FUZZ_OUT)/netif-seeds/%: $(FUZZ_NETIF_DIR)/gen_seeds.py
	@mkdir -p $(@D)
	@python3 $< $* $@
