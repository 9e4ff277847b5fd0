#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Malformed traffic at a Kast guest, from the tap device it is attached to
(run inside the test's own network namespace; support/kast/nettest.py).

usage: malformed.py TAP GUEST_IP PORT [SEED [FIRST:END]]

Sends a fixed list of broken frames (Ethernet runts, IPv4/IPv6 headers
with impossible lengths, bad checksums, overlapping and out-of-range
fragments, TCP and UDP with impossible offsets and lengths, broken TCP
options, ARP with wrong sizes) and a bounded number of randomized ones
(scapy's fuzz(), seeded), then checks that the guest still works: an ARP
answer, an ICMP echo reply and a 64 KiB TCP echo on PORT through the
ordinary socket API. The last line is "malformed: N frames sent (N
refused by the host), guest answers" on success; exit status 1
otherwise.
"""
import logging
import random
import socket
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (ARP, ICMP, IP, TCP, UDP, Ether, IPv6,  # noqa: E402
                       IPv6ExtHdrHopByHop, Raw, conf, fuzz, get_if_hwaddr, sendp, srp1)
from scapy.layers.inet6 import IPv6ExtHdrFragment  # noqa: E402

FUZZED = 300


def frames(me, guest_mac, ip, port, rnd):
    eth = Ether(src=me, dst=guest_mac)
    e4 = eth.copy()
    e4.type = 0x0800
    base = IP(src="10.77.0.1", dst=ip)
    out = [
        # Ethernet runts and junk
        Ether(src=me, dst=guest_mac, type=0x0800),
        bytes(eth)[:13],
        bytes(e4) + b"\x45",
        eth / Raw(b"\x00" * 2000),                        # longer than the MTU
        # IPv4 header fields that cannot be
        e4 / Raw(bytes(base / ICMP())[:19]),               # header cut short
        eth / IP(src="10.77.0.1", dst=ip, ihl=3) / ICMP(),      # header under 20 bytes
        eth / IP(src="10.77.0.1", dst=ip, ihl=15) / ICMP(),    # options past the end
        eth / IP(src="10.77.0.1", dst=ip, len=20000) / ICMP(),  # longer than the frame
        eth / IP(src="10.77.0.1", dst=ip, len=10) / ICMP(),     # shorter than its header
        eth / IP(src="10.77.0.1", dst=ip, chksum=0x1234) / ICMP(),
        eth / IP(src="10.77.0.1", dst=ip, version=6) / ICMP(),
        eth / IP(src="10.77.0.1", dst=ip, options=b"\x44\x00\x05\x01" * 2) / ICMP(),
        eth / IP(src="10.77.0.1", dst=ip, options=b"\x07\xff") / ICMP(),
        eth / IP(src=ip, dst=ip) / TCP(sport=port, dport=port, flags="S"),  # land
        eth / IP(src="255.255.255.255", dst=ip) / ICMP(),
        # fragments: past 64 KiB, overlapping, never completed
        eth / IP(src="10.77.0.1", dst=ip, id=1, frag=8190, flags=0) / Raw(b"x" * 64),
        eth / IP(src="10.77.0.1", dst=ip, id=2, frag=0, flags="MF") / ICMP() / Raw(b"a" * 40),
        eth / IP(src="10.77.0.1", dst=ip, id=2, frag=2, flags="MF", proto=1) / Raw(b"b" * 40),
        eth / IP(src="10.77.0.1", dst=ip, id=2, frag=1, flags=0, proto=1) / Raw(b"c" * 8),
        eth / IP(src="10.77.0.1", dst=ip, id=3, frag=0, flags="MF", proto=6) / Raw(b"d" * 8),
        # TCP with impossible offsets, flags, options, checksums
        eth / base / TCP(dport=port, dataofs=2, flags="S"),
        eth / base / TCP(dport=port, dataofs=15, flags="S"),
        eth / base / TCP(dport=port, flags="SFRPAUEC"),
        eth / base / TCP(dport=port, flags="S", chksum=0xbad),
        eth / base / TCP(dport=port, flags="S", options=[(2, b"")]),
        eth / base / TCP(dport=port, flags="S") / Raw(b""),
        eth / base / Raw(bytes(TCP(dport=port, flags="S"))[:12] + b"\x02\x00\x00"),
        eth / base / TCP(dport=port, flags="S", dataofs=8) / Raw(b"\x02\x00\x08\x0a\x00"
                                                                 b"\x00\x00\x05\x01\x03"
                                                                 b"\x03\xff"),
        eth / base / TCP(dport=port, flags="A", seq=rnd.getrandbits(32),
                         ack=rnd.getrandbits(32)) / Raw(b"data out of nowhere"),
        eth / base / TCP(dport=port, flags="R", seq=rnd.getrandbits(32)),
        # UDP lengths
        eth / base / UDP(dport=port, len=4) / Raw(b"abcd"),
        eth / base / UDP(dport=port, len=2000) / Raw(b"abcd"),
        eth / base / UDP(dport=port, chksum=0x1) / Raw(b"abcd"),
        # ICMP cut short, and an error quoting garbage
        eth / base / Raw(b"\x08\x00"),
        eth / base / ICMP(type=3, code=4) / Raw(b"\x45\x00\x00"),
        eth / base / ICMP(type=3, code=3) / IP(src=ip, dst="10.77.0.1", ihl=15) / Raw(b"z"),
        # ARP with the wrong sizes, and cut short
        Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=ip, hwlen=200, plen=1),
        Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=ip, hwlen=0, plen=0),
        Ether(src=me, dst="ff:ff:ff:ff:ff:ff", type=0x0806) / Raw(b"\x00\x01\x08\x00"),
        # IPv6: lengths and extension headers
        eth / IPv6(dst="fe80::5054:ff:fe12:3456", plen=4000) / ICMP(),
        eth / IPv6(dst="fe80::5054:ff:fe12:3456", nh=0) / Raw(b"\x3a\xff"),
        eth / IPv6(dst="fe80::5054:ff:fe12:3456") / IPv6ExtHdrHopByHop(
            options=[]) / IPv6ExtHdrHopByHop() / Raw(b"\x00" * 8),
        eth / IPv6(dst="fe80::5054:ff:fe12:3456") / IPv6ExtHdrFragment(
            offset=8191, m=1) / Raw(b"f" * 16),
        Ether(src=me, dst=guest_mac, type=0x86dd) / Raw(b"\x60\x00"),
    ]
    for _ in range(FUZZED):
        kind = rnd.randrange(4)
        if kind == 0:
            p = eth / fuzz(IP(src="10.77.0.1", dst=ip) / TCP(dport=port))
        elif kind == 1:
            p = eth / fuzz(IP(src="10.77.0.1", dst=ip) / UDP(dport=port))
        elif kind == 2:
            p = eth / fuzz(IP(src="10.77.0.1", dst=ip) / ICMP())
        else:
            p = Ether(src=me, dst=guest_mac, type=rnd.choice([0x0800, 0x86dd, 0x0806])) / \
                Raw(bytes(rnd.getrandbits(8) for _ in range(rnd.randrange(1, 200))))
        out.append(p)
    return out


def main():
    tap, ip, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rnd = random.Random(seed)
    random.seed(seed)           # fuzz() draws from random
    conf.verb = 0
    me = get_if_hwaddr(tap)
    arp = srp1(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=ip), iface=tap,
               timeout=10, retry=2)
    if arp is None or ARP not in arp:
        print("malformed: no ARP answer from %s before the traffic" % ip)
        return 1
    guest_mac = arp[ARP].hwsrc
    sent = refused = 0
    todo = frames(me, guest_mac, ip, port, rnd)
    if len(sys.argv) > 5:       # a slice FIRST:END, to narrow a failure down
        first, end = (int(x) for x in sys.argv[5].split(":"))
        todo = todo[first:end]
    for f in todo:
        try:
            sendp(f, iface=tap)
            sent += 1
        except OSError:         # the host's kernel would not send it
            refused += 1
    # the guest still answers: ARP, ping, a TCP echo
    arp = srp1(Ether(src=me, dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=ip), iface=tap,
               timeout=10, retry=2)
    if arp is None or ARP not in arp:
        print("malformed: no ARP answer after %d frames" % sent)
        return 1
    reply = srp1(Ether(src=me, dst=guest_mac) / IP(src="10.77.0.1", dst=ip) /
                 ICMP(id=0x4b41, seq=1) / Raw(b"still there?"), iface=tap, timeout=10,
                 retry=2)
    if reply is None or ICMP not in reply or reply[ICMP].type != 0:
        print("malformed: no ICMP echo reply after %d frames" % sent)
        return 1
    data = bytes(rnd.getrandbits(8) for _ in range(65536))
    with socket.create_connection((ip, port), timeout=30) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        got = b""
        while len(got) <= len(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    if got != data:
        print("malformed: TCP echo after the traffic: %d of %d bytes, %s"
              % (len(got), len(data), "differs" if len(got) == len(data) else "short"))
        return 1
    print("malformed: %d frames sent (%d refused by the host), guest answers"
          % (sent, refused))
    return 0


if __name__ == "__main__":
    sys.exit(main())
