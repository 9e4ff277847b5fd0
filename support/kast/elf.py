# SPDX-License-Identifier: BSD-3-Clause
"""What an ELF file is: a Kast image's architecture, the checks that tell a
Kast image from a Linux program, section sizes."""
import os
import struct

EM = {62: "x86_64", 243: "riscv64"}
ET_EXEC = 2
PT_LOAD = 1
PT_INTERP = 3
PT_NOTE = 4
XEN_ELFNOTE_PHYS32_ENTRY = 18   # the PVH entry QEMU boots x86_64 images by


class ElfError(Exception):
    """The file is not what the caller needs; the message says why."""


def _header(path):
    if not os.path.exists(path):
        raise ElfError("%s: no such image" % path)
    if os.path.isdir(path):
        raise ElfError("%s: is a folder, not an image" % path)
    try:
        with open(path, "rb") as f:
            return f.read(64)
    except OSError as e:
        raise ElfError("%s: cannot read: %s" % (path, e.strerror))


def image_arch(path, strict=False):
    """Architecture of a 64-bit little-endian ELF image: "x86_64" or
    "riscv64". With @strict, also require what a Kast image is: a static
    executable without an interpreter and, on x86_64, with the PVH note.
    Raises ElfError."""
    hdr = _header(path)
    if hdr[:4] != b"\x7fELF":
        raise ElfError("%s: not an ELF file (a Kast image is an ELF executable)" % path)
    if len(hdr) < 64 or hdr[4] != 2 or hdr[5] != 1:
        raise ElfError("%s: not a 64-bit little-endian ELF file" % path)
    machine = struct.unpack_from("<H", hdr, 18)[0]
    if machine not in EM:
        raise ElfError("%s: ELF machine %d is neither x86_64 nor riscv64" % (path, machine))
    if not strict:
        return EM[machine]
    e_type = struct.unpack_from("<H", hdr, 16)[0]
    if e_type != ET_EXEC:
        raise ElfError("%s: not a Kast image (ELF type %d, not a static executable; "
                       "a Linux program?)" % (path, e_type))
    phdrs = program_headers(path)
    if any(p[0] == PT_INTERP for p in phdrs):
        raise ElfError("%s: not a Kast image (dynamically linked: a Linux program?)" % path)
    if EM[machine] == "x86_64" and not has_pvh_note(path, phdrs):
        raise ElfError("%s: not a Kast image (no PVH entry note: a Linux program?)" % path)
    return EM[machine]


def program_headers(path):
    """[(p_type, file offset, file size)] of an ELF64 file."""
    out = []
    try:
        with open(path, "rb") as f:
            hdr = f.read(64)
            phoff = struct.unpack_from("<Q", hdr, 32)[0]
            phentsize, phnum = struct.unpack_from("<HH", hdr, 54)
            f.seek(phoff)
            ph = f.read(phentsize * phnum)
            for i in range(phnum):
                if len(ph) < i * phentsize + 56:
                    break
                p_type = struct.unpack_from("<I", ph, i * phentsize)[0]
                off, _, _, filesz = struct.unpack_from("<QQQQ", ph, i * phentsize + 8)
                out.append((p_type, off, filesz))
    except (OSError, struct.error, ValueError):
        pass
    return out


def has_pvh_note(path, phdrs):
    """True if a PT_NOTE holds Xen's PHYS32_ENTRY note (QEMU's PVH entry)."""
    with open(path, "rb") as f:
        for p_type, off, size in phdrs:
            if p_type != PT_NOTE or size > 1 << 20:
                continue
            f.seek(off)
            data = f.read(size)
            pos = 0
            while pos + 12 <= len(data):
                namesz, descsz, ntype = struct.unpack_from("<III", data, pos)
                name = data[pos + 12:pos + 12 + namesz]
                if name.rstrip(b"\0") == b"Xen" and ntype == XEN_ELFNOTE_PHYS32_ENTRY:
                    return True
                pos += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    return False


def _section_headers(d):
    """(name, header fields) of each section of ELF64 little-endian bytes
    @d; the fields: name, type, flags, addr, offset, size, link, info,
    addralign, entsize."""
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
    hdrs = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)]
    stroff = hdrs[shstrndx][4]
    for h in hdrs:
        yield d[stroff + h[0]:d.index(b"\0", stroff + h[0])].decode(), h


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def sections(path):
    """{name: (size, alloc, nobits)} of an ELF64 little-endian file."""
    return {name: (h[5], bool(h[2] & 2), h[1] == 8)
            for name, h in _section_headers(_read(path)) if name}


def section_data(path, name):
    """The bytes of section @name of an ELF64 little-endian file, or None."""
    d = _read(path)
    for n, h in _section_headers(d):
        if n == name:
            return None if h[1] == 8 else d[h[4]:h[4] + h[5]]
    return None


def section_addr(path, name):
    """The address (sh_addr) of section @name of an ELF64 little-endian
    file, or None."""
    for n, h in _section_headers(_read(path)):
        if n == name:
            return h[3]
    return None


def load_span(path):
    """(lowest, highest) physical address of an ELF64 image's PT_LOAD
    segments, bss included (p_memsz): where QEMU puts it."""
    lo, hi = None, None
    with open(path, "rb") as f:
        hdr = f.read(64)
        phoff = struct.unpack_from("<Q", hdr, 32)[0]
        phentsize, phnum = struct.unpack_from("<HH", hdr, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
    for i in range(phnum):
        p_type = struct.unpack_from("<I", ph, i * phentsize)[0]
        if p_type != PT_LOAD:
            continue
        paddr, _, memsz = struct.unpack_from("<QQQ", ph, i * phentsize + 24)
        lo = paddr if lo is None else min(lo, paddr)
        hi = paddr + memsz if hi is None else max(hi, paddr + memsz)
    if lo is None:
        raise ElfError("%s: no loadable segment" % path)
    return lo, hi
