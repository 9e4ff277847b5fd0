# SPDX-License-Identifier: BSD-3-Clause
"""Sizes per library from the final link map."""
import os
import re

from .. import elf


def section_kind(name):
    if name.startswith(".text"):
        return "text"
    if name.startswith((".rodata", ".srodata", ".uk_tables", ".note")):
        return "rodata"
    if name.startswith((".data", ".sdata", ".got")):
        return "data"
    if name.startswith((".bss", ".sbss")):
        return "bss"
    if name.startswith(".ksyms"):
        return "ksyms"
    return "other"


def lib_of(path):
    base = os.path.basename(path)
    if base.startswith("ksyms"):
        return "(symbol table, gen-ksyms)"
    m = re.match(r".*lib(gcc)\.a\(", path)
    if m:
        return "libgcc"
    return base[:-2] if base.endswith(".o") else base


def map_breakdown(mapfile, dbg):
    """Bytes per library and kind, from GNU ld's map of the final link.

    Only input sections that survived --gc-sections appear in the memory
    map; what an output section holds beyond its inputs (alignment fill,
    the boot stack and guard page reserved by the linker script) is listed
    as "(linker script)".
    """
    secs = {n: v for n, v in elf.sections(dbg).items() if v[1]}
    libs = {}
    inputs = {}

    def add(lib, kind, size):
        e = libs.setdefault(lib, dict.fromkeys(("text", "rodata", "data", "bss", "ksyms",
                                                "other"), 0))
        e[kind] += size

    lines = open(mapfile).read().split("\n")
    try:
        start = lines.index("Linker script and memory map")
    except ValueError:
        return None
    out_sec = None
    pending = None
    for line in lines[start + 1:]:
        if line.startswith("OUTPUT(") or line.startswith("LOAD "):
            continue
        m = re.match(r"^(\S+)(?:\s+0x[0-9a-f]+\s+0x[0-9a-f]+)?", line)
        if m and not line.startswith(" "):
            out_sec = m.group(1) if m.group(1) in secs else None
            pending = None
            continue
        if not out_sec:
            continue
        m = re.match(r"^ (\*fill\*|[^\s*]\S*)\s*(?:0x([0-9a-f]+)\s+0x([0-9a-f]+)\s*(.*))?$", line)
        if m:
            if m.group(2) is None:
                pending = m.group(1)
                continue
            name, size, obj = m.group(1), int(m.group(3), 16), m.group(4).strip()
        else:
            m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$", line)
            if not (m and pending):
                continue
            name, size, obj = pending, int(m.group(2), 16), m.group(3).strip()
            pending = None
        if name == "*fill*" or not obj or not size:
            continue
        kind = section_kind(out_sec)
        add(lib_of(obj), kind, size)
        inputs[out_sec] = inputs.get(out_sec, 0) + size
    for name, (size, _, _) in secs.items():
        rest = size - inputs.get(name, 0)
        if rest > 0:
            add("(linker script: boot stack, guard, alignment)", section_kind(name), rest)
    for e in libs.values():
        e["total"] = sum(v for k, v in e.items())
    return libs
