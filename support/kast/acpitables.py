# SPDX-License-Identifier: BSD-3-Clause
"""acpi-tables DIR: write the ACPI test inputs of plat/kvm/x86_64/acpi.c
(seeds of fuzz_acpi, inputs of the host test plat-kvm_acpi) into DIR.

Each file is a fake physical memory in the input format of
plat/kvm/tests/fuzz/acpi_fakemem.h: the RSDP address as a little-endian
u64 (0: search the BIOS area; bit 63: raw, checksums not repaired),
then records of u32 address, u16 length and that many bytes. The tables
are laid out as QEMU 7.2's are (looked at in a guest): microvm has an
ACPI 2.0 RSDP, an XSDT, a FADT and a MADT with two IOAPICs; q35
(SeaBIOS) an ACPI 1.0 RSDP, an RSDT, a FADT, a MADT with one IOAPIC and
five interrupt source overrides, HPET, MCFG and WAET.
Contents (OEM ids, the DSDT) are our own.
"""
import os
import struct
import sys

OEM = b"KAST  "
OEM_TABLE = b"KASTTEST"
HDR_LEN = 36
IOAPIC_BASE = 0xfec00000


def fix(data, at):
    """@data with the checksum byte at @at set so that all bytes sum to 0."""
    data = bytearray(data)
    data[at] = 0
    data[at] = -sum(data) & 0xff
    return bytes(data)


def table(sig, body, revision=1):
    length = HDR_LEN + len(body)
    hdr = struct.pack("<4sIBB6s8sI4sI", sig, length, revision, 0, OEM, OEM_TABLE, 1,
                      b"KAST", 1)
    return fix(hdr + body, 9)


def rsdp(rsdt=0, xsdt=0, revision=0):
    v1 = fix(struct.pack("<8sB6sBI", b"RSD PTR ", 0, OEM, revision, rsdt), 8)
    if revision < 2:
        return v1
    return fix(v1 + struct.pack("<IQB3s", 36, xsdt, 0, b"\0" * 3), 32)


def madt(ioapics, overrides):
    body = struct.pack("<II", 0xfee00000, 1)              # local APIC, PC-AT compatible
    body += struct.pack("<BBBBI", 0, 8, 0, 0, 1)          # processor local APIC 0
    for i, (base, gsi) in enumerate(ioapics):
        body += struct.pack("<BBBBII", 1, 12, i, 0, base, gsi)
    for irq, gsi, flags in overrides:
        body += struct.pack("<BBBBIH", 2, 10, 0, irq, gsi, flags)
    body += struct.pack("<BBBHB", 4, 6, 0xff, 0, 1)       # local APIC NMI, LINT1
    return table(b"APIC", body, 1)


def fadt(dsdt):
    body = bytearray(244 - HDR_LEN)
    struct.pack_into("<II", body, 0, 0, dsdt)             # FACS, DSDT
    return table(b"FACP", bytes(body), 3)


def dsdt():
    # an empty AML scope: \_SB_ with no objects
    return table(b"DSDT", b"\x10\x05\x5c\x5f\x53\x42\x5f", 1)


def memory(hint, pieces):
    out = struct.pack("<Q", hint)
    for addr, data in pieces:
        out += struct.pack("<IH", addr, len(data)) + data
    return out


def microvm():
    base = 0xefd00
    d = dsdt()
    f = fadt(base)
    m = madt([(IOAPIC_BASE, 0), (IOAPIC_BASE + 0x10000, 24)], [])
    fa = base + len(d)
    ma = fa + len(f)
    xa = ma + len(m)
    x = table(b"XSDT", struct.pack("<QQ", fa, ma), 1)
    r = rsdp(0, xa, 2)
    return memory(0xf34d0, [(0xf34d0, r), (base, d + f + m + x)])


def q35(hint=0xf59e0, rsdp_at=0xf59e0):
    base = 0x3fe0040
    d = dsdt()
    f = fadt(base)
    m = madt([(IOAPIC_BASE, 0)], [(0, 2, 0), (5, 5, 0xd), (9, 9, 0xd), (10, 10, 0xd),
                                  (11, 11, 0xd)])
    h = table(b"HPET", struct.pack("<IBBBBQBHB", 0x8086a201, 0, 0, 0, 0, 0xfed00000, 0, 0, 0))
    c = table(b"MCFG", b"\0" * 8 + struct.pack("<QHBBI", 0xb0000000, 0, 0, 0xff, 0))
    w = table(b"WAET", struct.pack("<I", 2))
    tables = [f, m, h, c, w]
    addrs, at = [], base + len(d)
    for t in tables:
        addrs.append(at)
        at += len(t)
    rt = table(b"RSDT", struct.pack("<%dI" % len(addrs), *addrs), 1)
    r = rsdp(at, 0, 0)
    return memory(hint, [(rsdp_at, r), (base, d + b"".join(tables) + rt)])


SEEDS = {
    "microvm.acpi": microvm,
    "q35.acpi": q35,
    # no RSDP address given: found by the search of 0xe0000-0xfffff
    "q35-bios-search.acpi": lambda: q35(0, 0xf59e0),
}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.stderr.write(__doc__)
        return 2
    os.makedirs(argv[0], exist_ok=True)
    for name, make in SEEDS.items():
        path = os.path.join(argv[0], name)
        # make -j may run this once per table at the same time (acpi.mk):
        # each run writes its own temporary file
        tmp = "%s.tmp%d" % (path, os.getpid())
        with open(tmp, "wb") as f:
            f.write(make())
        os.replace(tmp, path)
    return 0
