#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checksum offload seen from the host: run in the network namespace of the
tap device a Kast guest is attached to (support/kast/nettest.py).

usage: csumcheck.py TAP GUEST_IP PORT SIZE on|off

Captures the frames on TAP with their virtio-net headers (a packet socket
with PACKET_VNET_HDR: the header the guest's device wrote reaches the tap
unchanged), while a TCP client sends SIZE random bytes to the echo server
on GUEST_IP:PORT and compares the echo byte for byte. Then every TCP
frame the guest sent is checked: one whose header says NEEDS_CSUM must
name the TCP checksum field (csum_start at the TCP header, csum_offset
16), and its checksum, completed as a device does, must be correct; any
other must carry a correct checksum already. "on": every TCP frame with
data must have left its checksum to the device (lwIP did not compute
it); "off": none may. The last line is "csumcheck: ..." on success; exit
status 1 otherwise.
"""
import random
import socket
import struct
import sys
import threading

SOL_PACKET = 263
PACKET_VNET_HDR = 15
SO_RCVBUFFORCE = 33
PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003
VNET_HDR = struct.Struct("<BBHHHH")     # flags, gso_type, hdr_len, gso_size, start, offset
NEEDS_CSUM = 1
TIMEOUT_S = 60


def fail(msg):
    print("csumcheck: FAIL: " + msg, flush=True)
    sys.exit(1)


def sum16(data, acc=0):
    if len(data) % 2:
        data += b"\0"
    for (w,) in struct.iter_unpack("!H", data):
        acc += w
    while acc >> 16:
        acc = (acc & 0xffff) + (acc >> 16)
    return acc


def tcp_ok(frame):
    """The TCP checksum of an Ethernet/IPv4 frame is correct."""
    ihl = (frame[14] & 0x0f) * 4
    tot = struct.unpack("!H", frame[16:18])[0]
    seg = frame[14 + ihl:14 + tot]
    pseudo = frame[26:34] + struct.pack("!BBH", 0, 6, len(seg))
    return sum16(pseudo + seg) == 0xffff


def capture(sock, frames, stop):
    while not stop.is_set():
        try:
            data, addr = sock.recvfrom(70000)
        except socket.timeout:
            continue
        frames.append((addr[2], data))


def main():
    if len(sys.argv) != 6 or sys.argv[5] not in ("on", "off"):
        fail("usage: csumcheck.py TAP GUEST_IP PORT SIZE on|off")
    tap, guest, port, size, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        int(sys.argv[4]), sys.argv[5]
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(SOL_PACKET, PACKET_VNET_HDR, 1)
    sock.bind((tap, 0))
    # room for every frame of the run even if the capture thread gets no
    # CPU meanwhile (a loaded host): what it has not read is read at the end
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    except OSError:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32 << 20)
    sock.settimeout(0.2)
    frames, stop = [], threading.Event()
    t = threading.Thread(target=capture, args=(sock, frames, stop), daemon=True)
    t.start()

    data = random.Random(size).randbytes(size)
    got = b""
    try:
        with socket.create_connection((guest, port), timeout=TIMEOUT_S) as s:
            sender = threading.Thread(target=lambda: (s.sendall(data), s.shutdown(socket.SHUT_WR)),
                                      daemon=True)
            sender.start()
            chunks = []
            while True:
                c = s.recv(65536)
                if not c:
                    break
                chunks.append(c)
            got = b"".join(chunks)
            sender.join(TIMEOUT_S)
    except OSError as e:
        fail("echo: %s" % e)
    stop.set()
    t.join(5)
    sock.setblocking(False)
    while True:     # frames still queued
        try:
            frame, addr = sock.recvfrom(70000)
        except (BlockingIOError, InterruptedError):
            break
        frames.append((addr[2], frame))
    if got != data:
        fail("echo of %d bytes: got %d bytes, differing" % (size, len(got)))

    gip = socket.inet_aton(guest)
    n = offloaded = data_frames = 0
    for pkttype, raw in frames:
        if pkttype == PACKET_OUTGOING or len(raw) < VNET_HDR.size + 34:
            continue
        flags, _, _, _, start, offset = VNET_HDR.unpack_from(raw)
        f = bytearray(raw[VNET_HDR.size:])
        if f[12:14] != b"\x08\x00" or f[23] != 6 or f[26:30] != gip:
            continue
        n += 1
        ihl = (f[14] & 0x0f) * 4
        tot = struct.unpack("!H", f[16:18])[0]
        has_data = tot - ihl - (f[14 + ihl + 12] >> 4) * 4 > 0
        data_frames += has_data
        if flags & NEEDS_CSUM:
            offloaded += 1
            if start != 14 + ihl or offset != 16:
                fail("frame %d: NEEDS_CSUM at %d+%d, the TCP checksum is at %d+16"
                     % (n, start, offset, 14 + ihl))
            # what the device does: the sum from csum_start, inverted
            f[start + offset:start + offset + 2] = struct.pack(
                "!H", ~sum16(bytes(f[start:14 + tot])) & 0xffff)
        elif mode == "on" and has_data:
            fail("frame %d: TCP data with its checksum computed by the guest" % n)
        if not tcp_ok(bytes(f)):
            how = "completed" if flags & NEEDS_CSUM else "as sent"
            fail("frame %d (%s): wrong TCP checksum" % (n, how))
    if not data_frames:
        fail("no TCP data frame of the guest captured")
    if mode == "off" and offloaded:
        fail("%d frames left their checksum to the device with offload off" % offloaded)
    print("csumcheck: %d guest TCP frames (%d with data), %d with the checksum left to the "
          "device, all correct; echo of %d bytes intact" % (n, data_frames, offloaded, size),
          flush=True)


if __name__ == "__main__":
    main()
