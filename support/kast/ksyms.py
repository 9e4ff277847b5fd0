# SPDX-License-Identifier: BSD-3-Clause
"""Turn `nm -n --defined-only` output into the image's symbol table.

Usage: gen-ksyms FILE|-  > ksyms.S

The table lets a crash report name functions without external tools. It is
linked into the section .ksyms, which the linker script places after
everything else, so adding it moves no other symbol. Layout (all read-only):
  uk_ksyms_count  .quad  number of symbols
  uk_ksyms_base   .quad  address the offsets are relative to
  uk_ksyms_offs   .long  offset of each function, ascending
  uk_ksyms_names  .long  offset of each name in uk_ksyms_strs
  uk_ksyms_strs   NUL-terminated names
"""
import sys

TEXT_TYPES = set("tTwW")


class TooLarge(Exception):
    pass


def assembly(nm_lines):
    """The symbol table's assembly source from nm's lines."""
    syms = []
    for line in nm_lines:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in TEXT_TYPES:
            continue
        addr, name = int(parts[0], 16), parts[2]
        if name.startswith("uk_ksyms") or name.startswith("."):
            continue
        syms.append((addr, name))
    syms.sort()
    base = syms[0][0] if syms else 0
    out = ['\t.section .ksyms, "a"', "\t.balign 8",
           "\t.globl uk_ksyms_count, uk_ksyms_base, uk_ksyms_offs",
           "\t.globl uk_ksyms_names, uk_ksyms_strs",
           "uk_ksyms_count:", "\t.quad %d" % len(syms),
           "uk_ksyms_base:", "\t.quad 0x%x" % base,
           "uk_ksyms_offs:"]
    for addr, _ in syms:
        off = addr - base
        if off >= 1 << 32:
            raise TooLarge("image larger than 4 GiB")
        out.append("\t.long 0x%x" % off)
    out.append("uk_ksyms_names:")
    pos = 0
    for _, name in syms:
        out.append("\t.long %d" % pos)
        pos += len(name) + 1
    out.append("uk_ksyms_strs:")
    for _, name in syms:
        out.append('\t.asciz "%s"' % name)
    return "\n".join(out) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    try:
        if argv[0] == "-":
            text = assembly(sys.stdin)
        else:
            with open(argv[0]) as f:
                text = assembly(f)
    except TooLarge as e:
        sys.exit("gen-ksyms: %s" % e)
    except OSError as e:
        sys.exit("gen-ksyms: %s" % e)
    sys.stdout.write(text)
    return 0
