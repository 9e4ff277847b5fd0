# SPDX-License-Identifier: BSD-3-Clause
"""The image's relocation table, for moving it at boot (KASLR).

Usage: gen-relocs IMAGE.pass1 > relocs.S
       gen-relocs --empty > relocs0.S

Kast code is compiled position dependent (-fno-pic: x86_64's small code
model, riscv64's medany) and the image linked with --emit-relocs, which
keeps every relocation the linker applied. Moving the whole image by a
slide leaves PC-relative references right; what must change are the
absolute addresses of image symbols written into it. This reads them from
the linked image and writes a table of their places, which the boot code
(plat/kvm/common/kaslr.c) adds the slide to in the copy it moves to.

  uk_relocs        .long  number of 64-bit places
                   .long  number of 32-bit places (x86_64 only)
                   .long  alignment the image needs (its largest section
                          alignment, at least a page)
                   .long  size of the stream in bytes
                   .byte  stream: the 64-bit places in ascending order,
                          then the 32-bit ones, each as its distance from
                          the previous place of its kind (the first from
                          __kernel_start) in ULEB128

Places are dense (pointers in .data, addresses in code), so most
distances take one byte where a 32-bit offset took four.

The table is linked into .kast.relocs, after the symbol table, so adding
it moves nothing (the same two-pass link as gen-ksyms). A relocation this
does not know, an absolute 32-bit one on riscv64, a PC-relative reference
to an absolute symbol, or a place outside the image's loaded bytes is an
error: the image could not be moved correctly.

x86_64's 32-bit absolute places (R_X86_64_32/32S, the small code model)
limit the moved image to the first 2 GiB; the boot code moves it within
the first GiB, which its boot page tables map.
"""
import struct
import sys

from .ksyms import byte_lines, uleb128

SHT_SYMTAB = 2
SHT_RELA = 4
SHT_NOBITS = 8
SHF_ALLOC = 2
SHN_UNDEF = 0
SHN_ABS = 0xfff1
EM_X86_64 = 62
EM_RISCV = 243

# What each relocation type needs when the image moves: "abs64" and
# "abs32" add the slide, "pcrel" nothing (unless the symbol is absolute),
# "skip" nothing (offsets, differences, hints).
X86_64 = {
    0: "skip",      # NONE
    1: "abs64",     # 64
    2: "pcrel",     # PC32
    4: "pcrel",     # PLT32
    9: "pcrel",     # GOTPCREL
    10: "abs32",    # 32
    11: "abs32",    # 32S
    16: "skip", 17: "skip", 18: "skip", 19: "pcrel", 20: "pcrel",
    21: "skip", 22: "pcrel", 23: "skip",    # TLS
    24: "pcrel",    # PC64
    26: "pcrel",    # GOTPC32
    32: "skip", 33: "skip",                 # SIZE32/64
    41: "pcrel", 42: "pcrel",               # (REX_)GOTPCRELX
}
RISCV64 = {
    0: "skip",
    1: "abs32",     # 32
    2: "abs64",     # 64
    16: "pcrel", 17: "pcrel", 18: "pcrel", 19: "pcrel",  # BRANCH JAL CALL
    20: "pcrel", 21: "pcrel", 22: "pcrel", 23: "pcrel",  # GOT, TLS, PCREL
    24: "skip", 25: "skip",     # PCREL_LO12: symbol is the auipc's label
    26: "abs_hi_lo", 27: "abs_hi_lo", 28: "abs_hi_lo",   # HI20 LO12
    29: "skip", 30: "skip", 31: "skip", 32: "skip",      # TPREL
    33: "skip", 34: "skip", 35: "skip", 36: "skip",      # ADD
    37: "skip", 38: "skip", 39: "skip", 40: "skip",      # SUB
    43: "skip", 44: "pcrel", 45: "pcrel", 46: "abs_hi_lo",
    # relaxed by ld: relative to gp (unset: no __global_pointer$) or to
    # x0, i.e. a small absolute value
    47: "abs_hi_lo", 48: "abs_hi_lo",
    49: "skip", 50: "skip",     # TPREL_I/S (relaxed)
    51: "skip", 52: "skip", 53: "skip", 54: "skip", 55: "skip", 56: "skip",
    57: "pcrel",
}


class RelocError(Exception):
    pass


class Elf:
    def __init__(self, data):
        self.data = data
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise RelocError("not a 64-bit little-endian ELF file")
        (self.machine,) = struct.unpack_from("<H", data, 18)
        shoff, = struct.unpack_from("<Q", data, 40)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 58)
        self.sections = []
        for i in range(shnum):
            (name, stype, flags, addr, off, size, link, info, align,
             entsize) = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
            self.sections.append(dict(name=name, type=stype, flags=flags, addr=addr,
                                      off=off, size=size, link=link, info=info,
                                      align=align, entsize=entsize))
        strtab = self.sections[shstrndx]
        for s in self.sections:
            s["name"] = self.cstr(strtab["off"] + s["name"])
        self.symbols = []
        for s in self.sections:
            if s["type"] == SHT_SYMTAB:
                names = self.sections[s["link"]]
                for i in range(s["size"] // 24):
                    name, info, other, shndx, value, size = struct.unpack_from(
                        "<IBBHQQ", data, s["off"] + i * 24)
                    self.symbols.append((self.cstr(names["off"] + name), shndx, value))
                break

    def cstr(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode("ascii", "replace")

    def symbol(self, name):
        for n, shndx, value in self.symbols:
            if n == name and shndx != SHN_UNDEF:
                return value
        raise RelocError("no symbol %s" % name)

    def section(self, name):
        for s in self.sections:
            if s["name"] == name:
                return s
        return None


def table(data):
    """(64-bit offsets, 32-bit offsets, alignment) of an image linked with
    --emit-relocs."""
    elf = Elf(data)
    kinds = {EM_X86_64: X86_64, EM_RISCV: RISCV64}.get(elf.machine)
    if kinds is None:
        raise RelocError("ELF machine %d is neither x86_64 nor riscv64" % elf.machine)
    start = elf.symbol("__kernel_start")
    loaded_end = elf.symbol("__bss_start")
    align = 4096
    for s in elf.sections:
        if s["flags"] & SHF_ALLOC and s["addr"] >= start:
            align = max(align, s["align"])
    off64, off32 = set(), set()
    for rs in elf.sections:
        if rs["type"] != SHT_RELA or rs["info"] >= len(elf.sections):
            continue
        target = elf.sections[rs["info"]]
        if not target["flags"] & SHF_ALLOC:
            continue    # debug information
        for i in range(rs["size"] // 24):
            r_off, r_info, addend = struct.unpack_from("<QQq", data, rs["off"] + i * 24)
            rtype, symi = r_info & 0xffffffff, r_info >> 32
            name, shndx, _ = elf.symbols[symi] if symi < len(elf.symbols) else ("?", 0, 0)
            kind = kinds.get(rtype)
            where = "%s+0x%x (type %d, symbol %s)" % (target["name"], r_off, rtype,
                                                      name or "section")
            if kind is None:
                raise RelocError("unknown relocation at %s" % where)
            if kind == "skip" or symi == 0:
                continue
            absolute = shndx in (SHN_ABS, SHN_UNDEF)
            if kind == "pcrel":
                if shndx == SHN_ABS:
                    raise RelocError("PC-relative reference to the absolute symbol %s at %s: "
                                     "it would move with the image" % (name, where))
                continue
            if absolute:
                continue    # a constant (or an undefined weak: 0)
            if kind == "abs_hi_lo":
                raise RelocError("absolute lui/addi address at %s: compile with "
                                 "-mcmodel=medany" % where)
            # --emit-relocs keeps input-section offsets relative to the
            # output section's start in executables: r_offset is the
            # address itself
            place = r_off
            size = 8 if kind == "abs64" else 4
            if place < start or place + size > loaded_end:
                raise RelocError("relocated place 0x%x outside the image's loaded bytes "
                                 "at %s" % (place, where))
            if kind == "abs32" and elf.machine != EM_X86_64:
                raise RelocError("32-bit absolute address at %s" % where)
            (off64 if size == 8 else off32).add(place - start)
    # A GOT the linker filled (PIC objects such as libgcc's) holds
    # addresses without relocations of its own: every entry that points
    # into the image moves with it.
    end = elf.symbol("uk_ksyms_end")
    for name in (".got", ".got.plt"):
        s = elf.section(name)
        if not s or s["type"] == SHT_NOBITS:
            continue
        for i in range(0, s["size"] - 7, 8):
            (v,) = struct.unpack_from("<Q", data, s["off"] + i)
            if start <= v <= end:
                off64.add(s["addr"] + i - start)
    return sorted(off64), sorted(off32), align


def stream(off64, off32):
    """The table's bytes after its header: sorted places as distances."""
    out = bytearray()
    for places in (off64, off32):
        prev = 0
        for o in places:
            out += uleb128(o - prev)
            prev = o
    return bytes(out)


def assembly(off64, off32, align):
    data = stream(off64, off32)
    out = ['\t.section .kast.relocs, "a"', "\t.balign 8", "\t.globl uk_relocs",
           "uk_relocs:", "\t.long %d, %d, %d, %d" % (len(off64), len(off32), align, len(data))]
    out += byte_lines(data)
    return "\n".join(out) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    if argv[0] == "--empty":
        sys.stdout.write(assembly([], [], 4096))
        return 0
    try:
        with open(argv[0], "rb") as f:
            off64, off32, align = table(f.read())
    except (OSError, RelocError, struct.error, ValueError) as e:
        sys.exit("gen-relocs: %s: %s" % (argv[0], e))
    sys.stdout.write(assembly(off64, off32, align))
    return 0
