#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""gen_seeds.py NAME FILE: one seed input of fuzz_netif.c into FILE.

An input is a flags byte (1: checksums not checked, 2: DHCP, 4: the
device offers transmit checksum offload, 8: receive offload) and frames,
each a 16-bit big-endian length, a delay byte, a control byte (1: the
device validated the checksum, 2: the checksum is partial at start +
offset), the bytes start and offset, and the Ethernet frame. The
peer is the gateway 10.0.2.2 (52:55:0a:00:02:02, fe80::2); lwIP is
10.0.2.15 (52:54:00:12:34:56, fe80::5054:ff:fe12:3456). Checksums are
correct; TCP's initial sequence number is lwIP's fixed one for the fuzzer.
"""
import struct
import sys

US_MAC = bytes.fromhex("525400123456")
PEER_MAC = bytes.fromhex("52550a000202")
BCAST = b"\xff" * 6
US_IP = bytes([10, 0, 2, 15])
PEER_IP = bytes([10, 0, 2, 2])
US_LL = bytes.fromhex("fe80000000000000505400fffe123456")
PEER_LL = bytes.fromhex("fe800000000000000000000000000002")
LWIP_ISN = 0x6b617374   # LWIP_HOOK_TCP_ISN in include/lwipopts.h
PEER_ISN = 1000


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(proto, payload, src=PEER_IP, dst=US_IP, ident=1, frag=0):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                    frag, 64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return eth(US_MAC, PEER_MAC, 0x0800, h + payload)


def l4v4(proto, seg, src=PEER_IP, dst=US_IP):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def arp_request():
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, PEER_MAC,
                       PEER_IP, b"\0" * 6, US_IP)
    return eth(BCAST, PEER_MAC, 0x0806, body)


def tcp(seq, ack, flags, data=b"", opts=b""):
    off = (20 + len(opts)) // 4
    seg = struct.pack("!HHIIBBHHH", 40000, 80, seq, ack, off << 4, flags,
                      65535, 0, 0) + opts + data
    c = l4v4(6, seg)
    return ipv4(6, seg[:16] + struct.pack("!H", c) + seg[18:])


def udp(sport, dport, data, src=PEER_IP, dst=US_IP, checksum=True):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    c = l4v4(17, seg, src, dst) if checksum else 0
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def icmp_echo(data):
    m = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + data
    m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
    return m


def icmp6(mtype, code, body, src=PEER_LL, dst=US_LL):
    m = struct.pack("!BBH", mtype, code, 0) + body
    ph = src + dst + struct.pack("!I3xB", len(m), 58)
    m = m[:2] + struct.pack("!H", csum(ph + m)) + m[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(m), 58, 255) + src + dst
    return ip6 + m


def frames(flags, *fs):
    """fs: (delay, frame) or (delay, frame, control, start, offset)"""
    out = bytes([flags])
    for delay, f, *rx in fs:
        ctl, start, offset = rx if rx else (0, 0, 0)
        out += struct.pack("!HBBBB", len(f), delay, ctl, start, offset) + f
    return out


def tcp_partial(seq, ack, flags, data=b""):
    """A TCP segment whose checksum the sender left partial (the
    pseudo-header sum, as a host's own packets reach a tap)."""
    seg = struct.pack("!HHIIBBHHH", 40000, 80, seq, ack, 5 << 4, flags,
                      65535, 0, 0) + data
    ph = (~csum(PEER_IP + US_IP + struct.pack("!BBH", 0, 6, len(seg)))) & 0xffff
    return ipv4(6, seg[:16] + struct.pack("!H", ph) + seg[18:])


def seed(name):
    syn = tcp(PEER_ISN, 0, 0x02, opts=struct.pack("!BBH", 2, 4, 1460))
    handshake = [(0, arp_request()), (1, syn),
                 (1, tcp(PEER_ISN + 1, LWIP_ISN + 1, 0x10)),
                 (1, tcp(PEER_ISN + 1, LWIP_ISN + 1, 0x18, b"hello\n")),
                 (30, tcp(PEER_ISN + 7, LWIP_ISN + 7, 0x11))]
    if name == "arp":
        return frames(0, (0, arp_request()))
    if name == "tcp":
        return frames(0, *handshake)
    if name == "tcp-nocsum":
        return frames(1, *handshake)
    if name == "tcp-offload":
        # both offloads: the data partial (checked as valid), the FIN
        # validated by the device with a wrong checksum (not checked)
        data = tcp_partial(PEER_ISN + 1, LWIP_ISN + 1, 0x18, b"hello\n")
        fin = tcp(PEER_ISN + 7, LWIP_ISN + 7, 0x11)
        fin = fin[:50] + b"\xde\xad" + fin[52:]
        return frames(12, *handshake[:3], (1, data, 2, 34, 16), (30, fin, 1, 0, 0))
    if name == "udp":
        return frames(0, (0, arp_request()),
                      (1, ipv4(17, udp(5000, 7, b"ping over udp"))))
    if name == "icmp":
        return frames(0, (0, arp_request()),
                      (1, ipv4(1, icmp_echo(b"abcdefgh" * 4))))
    if name == "icmp-frag":
        m = icmp_echo(bytes(range(256)) * 8)
        return frames(0, (0, arp_request()),
                      (1, ipv4(1, m[:1024], ident=9, frag=0x2000)),
                      (1, ipv4(1, m[1024:], ident=9, frag=1024 // 8)))
    if name == "ipv6":
        ns_body = b"\0" * 4 + US_LL + struct.pack("!BB", 1, 1) + PEER_MAC
        ns = icmp6(135, 0, ns_body)
        echo = icmp6(128, 0, struct.pack("!HH", 0x77, 1) + b"v6 ping")
        # after 4 s: duplicate address detection has made fe80:: valid
        return frames(0, (131, eth(US_MAC, PEER_MAC, 0x86dd, ns)),
                      (1, eth(US_MAC, PEER_MAC, 0x86dd, echo)))
    if name == "dhcp":
        def bootp(mtype):
            b = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 2, 1, 6, 0, 0, 0, 0,
                            b"\0" * 4, US_IP, PEER_IP, b"\0" * 4,
                            US_MAC + b"\0" * 10, b"", b"")
            opts = bytes([53, 1, mtype, 54, 4]) + PEER_IP + \
                bytes([51, 4, 0, 0, 0x0e, 0x10, 1, 4, 255, 255, 255, 0,
                       3, 4]) + PEER_IP + bytes([6, 4, 10, 0, 2, 3, 255])
            # UDP checksum 0 (none): the target writes in lwIP's xid
            return ipv4(17, udp(67, 68, b + b"\x63\x82\x53\x63" + opts,
                                dst=b"\xff" * 4, checksum=False),
                        dst=b"\xff" * 4)
        return frames(2, (0, bootp(2)), (1, bootp(5)))
    raise SystemExit("gen_seeds.py: no seed named " + name)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[2], "wb") as f:
        f.write(seed(sys.argv[1]))
