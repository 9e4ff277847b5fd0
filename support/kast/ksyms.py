# SPDX-License-Identifier: BSD-3-Clause
"""Turn `nm -n --defined-only` output into the image's symbol table.

Usage: gen-ksyms FILE|-  > ksyms.S

The table lets a crash report name functions without external tools. It is
linked into the section .ksyms, which the linker script places after
everything else, so adding it moves no other symbol. It is compact (it is
in every image, and read only when something crashed): about 10 bytes a
symbol where plain 32-bit offsets, name indexes and names took 25.

  uk_ksyms        .quad  base: link address the offsets are relative to
                  .long  number of symbols
                  .long  number of blocks (KSYMS_BLOCK symbols each)
                  .long  size of the entry stream in bytes
                  .long  0
                  .byte  tokens: 256 pairs of bytes (below)
                  .long  index: for each block, the offset of its first
                         symbol and where its first entry starts in the
                         stream
                  .byte  stream: one entry per symbol in address order,
                         the offset from the previous symbol (from the
                         block's first offset for a block's first entry)
                         in ULEB128, then the encoded name ending in 0
  uk_ksyms_tail          the end of the table, which the reader checks
                         the sizes above against

Names are compressed by byte-pair encoding: byte values no name uses
stand for a pair of bytes (each a character or again such a token), the
pair for byte b at tokens[2b], tokens[2b+1]; a character stands for
itself and has the pair (0, 0). A lookup binary-searches the index, then
decodes at most one block (plat/kvm/common/ksyms_table.c).
"""
import collections
import sys

TEXT_TYPES = set("tTwW")
KSYMS_BLOCK = 32
MAX_TOKEN_DEPTH = 32    # the decoder's stack (ksyms_table.c)


class TooLarge(Exception):
    pass


def symbols(nm_lines):
    """[(address, name)] of the functions in nm's lines, by address."""
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
    return syms


def uleb128(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def byte_lines(data):
    """@data as assembly `.byte` lines, 16 a line (the tables' bodies)."""
    return ["\t.byte " + ",".join(str(b) for b in data[i:i + 16])
            for i in range(0, len(data), 16)]


def pairs_of(name):
    return zip(name, name[1:])


def compress(names):
    """(encoded names, pair table as {token: (a, b)}) by byte-pair
    encoding. Ties go to the smallest pair, so the result is the same
    for the same names. Counts are kept up to date for the names a merge
    touches only: recounting everything per token took seconds."""
    used = set()
    for n in names:
        used.update(n)
    free = [b for b in range(1, 256) if b not in used]
    names = list(names)
    counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, n in enumerate(names):
        for p in pairs_of(n):
            counts[p] += 1
            where[p].add(i)
    pairs = {}
    depth = {b: 1 for b in used}
    for tok in free:
        best = None
        while counts and best is None:
            n = max(counts.values())
            top = sorted(p for p, c in counts.items() if c == n)
            for pair in top:
                if max(depth[pair[0]], depth[pair[1]]) < MAX_TOKEN_DEPTH:
                    best = pair
                    break
                del counts[pair]    # too deep: never merged
        if best is None:
            break
        old, new = bytes(best), bytes([tok])
        for i in sorted(where.pop(best)):
            if old not in names[i]:
                continue
            for p in pairs_of(names[i]):
                counts[p] -= 1
            names[i] = names[i].replace(old, new)
            for p in pairs_of(names[i]):
                counts[p] += 1
                where[p].add(i)
        for p in [p for p, c in counts.items() if c <= 0]:
            del counts[p]
        pairs[tok] = best
        depth[tok] = max(depth[best[0]], depth[best[1]]) + 1
    return names, pairs


def expand(encoded, pairs):
    """The name an encoded name stands for (the decoder's work)."""
    out = bytearray()
    stack = list(reversed(encoded))
    while stack:
        b = stack.pop()
        if b in pairs:
            stack += [pairs[b][1], pairs[b][0]]
        else:
            out.append(b)
    return bytes(out)


def table(syms):
    """The table's bytes for [(address, name)] sorted by address."""
    base = syms[0][0] if syms else 0
    names = [name.encode() for _, name in syms]
    if any(0 in n for n in names):
        raise TooLarge("a symbol name holds a NUL byte")
    encoded, pairs = compress(names)
    tokens = bytearray(512)
    for tok, (a, b) in pairs.items():
        tokens[2 * tok], tokens[2 * tok + 1] = a, b
    index, stream = bytearray(), bytearray()
    prev = 0
    for i, (addr, _) in enumerate(syms):
        off = addr - base
        if off >= 1 << 32:
            raise TooLarge("image larger than 4 GiB")
        if i % KSYMS_BLOCK == 0:
            index += off.to_bytes(4, "little") + len(stream).to_bytes(4, "little")
            prev = off
        stream += uleb128(off - prev) + encoded[i] + b"\0"
        prev = off
    nblocks = (len(syms) + KSYMS_BLOCK - 1) // KSYMS_BLOCK
    if len(stream) >= 1 << 32:
        raise TooLarge("symbol table larger than 4 GiB")
    head = (base.to_bytes(8, "little") + len(syms).to_bytes(4, "little") +
            nblocks.to_bytes(4, "little") + len(stream).to_bytes(4, "little") +
            bytes(4))
    return head + bytes(tokens) + bytes(index) + bytes(stream)


def assembly(nm_lines):
    """The symbol table's assembly source from nm's lines."""
    data = table(symbols(nm_lines))
    out = ['\t.section .ksyms, "a"', "\t.balign 8", "\t.globl uk_ksyms, uk_ksyms_tail",
           "uk_ksyms:"]
    out += byte_lines(data)
    out += ["uk_ksyms_tail:", '\t.section .note.GNU-stack, "", @progbits']
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


def decode(data):
    """[(address, name)] from a table's bytes (the inverse of table(); for
    host tools such as kast-prof that name addresses of a stripped image)."""
    if len(data) < 24 + 512:
        raise ValueError(".ksyms is shorter than its header")
    base = int.from_bytes(data[0:8], "little")
    count = int.from_bytes(data[8:12], "little")
    nblocks = int.from_bytes(data[12:16], "little")
    slen = int.from_bytes(data[16:20], "little")
    tokens = data[24:24 + 512]
    pairs = {b: (tokens[2 * b], tokens[2 * b + 1]) for b in range(256)
             if tokens[2 * b] or tokens[2 * b + 1]}
    index = 24 + 512
    stream = index + 8 * nblocks
    if stream + slen > len(data) or nblocks != (count + KSYMS_BLOCK - 1) // KSYMS_BLOCK:
        raise ValueError(".ksyms: its sizes do not add up")
    syms, pos, prev = [], stream, 0
    for i in range(count):
        if i % KSYMS_BLOCK == 0:
            b = index + 8 * (i // KSYMS_BLOCK)
            prev = int.from_bytes(data[b:b + 4], "little")
            pos = stream + int.from_bytes(data[b + 4:b + 8], "little")
        delta, shift = 0, 0
        while True:
            c = data[pos]
            pos += 1
            delta |= (c & 0x7f) << shift
            shift += 7
            if not c & 0x80:
                break
        prev += delta
        end = data.index(b"\0", pos)
        syms.append((base + prev, expand(data[pos:end], pairs).decode("latin-1")))
        pos = end + 1
    return syms
