# SPDX-License-Identifier: BSD-3-Clause
"""The least guest memory an image can boot with, worked out on the host
before booting (kast-run --mem), so that too little memory is a clear
error (status 125) instead of a hang (x86_64: the image is loaded beyond
the RAM) or QEMU's "Some ROM regions are overlapping" (riscv64).

What counts (docs/apps.md, "Memory"):
- the image as loaded: its PT_LOAD segments, bss included;
- the initrd (kast-run --initrd);
- the heap the kernel itself requires before main() (HEAP_MIN, the same
  as lib/ukboot's CONFIG_LIBUKBOOT_HEAP_MIN_KB default, which the guest
  checks again at boot); the main thread's stack adapts to the memory
  (at most a quarter of the heap, docs/apps.md, "Stack");
- x86_64: RAM starts at 0 and the image at 1 MiB; QEMU puts the initrd at
  the top of the RAM;
- riscv64 (QEMU virt): RAM starts at 2 GiB with OpenSBI in its first
  2 MiB, then the image; QEMU puts the device tree (FDT_SIZE) at the end
  of the RAM aligned down to 2 MiB, and the initrd halfway into the RAM
  after the image's start (at most 128 MiB after it); none may overlap.
"""
from . import elf

KIB = 1 << 10
MIB = 1 << 20
PAGE = 4096
HEAP_MIN = 1024 * KIB
# page tables (64 spare pages and the initial ones), the allocator's own
# data: measured slack (292 KiB for x86_64 posixtest, whose image with its
# relocation table for KASLR left 996 KiB of a 5 MiB guest)
SLACK = 320 * KIB
FDT_SIZE = 1 * MIB          # QEMU 7.2 riscv virt: the tree's buffer
RISCV_RAM_BASE = 0x80000000
MAX_MIB = 1 << 20


def _up(x, a):
    return (x + a - 1) // a * a


def fits(arch, lo, hi, initrd, mib):
    """Does an image loaded at [@lo, @hi) with an @initrd-byte initrd
    boot with @mib MiB? (ok, why not)"""
    mem = mib * MIB
    initrd = _up(initrd, PAGE)
    hi = _up(hi, PAGE)
    if arch == "x86_64":
        free = mem - hi - initrd
        if free < HEAP_MIN + SLACK:
            return False, "heap"
        return True, ""
    base = RISCV_RAM_BASE
    end = base + mem
    fdt = (end - FDT_SIZE) // (2 * MIB) * (2 * MIB)
    if fdt < hi:
        return False, "device tree over the image"
    free = fdt - hi
    if initrd:
        start = lo + min(mem // 2, 128 * MIB)
        if start < hi or start + initrd > fdt:
            return False, "initrd placement"
        free -= initrd
    if free < HEAP_MIN + SLACK:
        return False, "heap"
    return True, ""


def minimum_mib(arch, image, initrd=0):
    """The least memory (MiB) @image boots with, given an @initrd-byte
    initrd. Raises elf.ElfError for a bad image."""
    lo, hi = elf.load_span(image)
    for mib in range(1, MAX_MIB):
        if fits(arch, lo, hi, initrd, mib)[0]:
            return mib
    return MAX_MIB


def explain(arch, image, initrd=0):
    """What the minimum is made of, for the error message."""
    lo, hi = elf.load_span(image)
    parts = ["image %d KiB (bss included)" % ((hi - lo + KIB - 1) // KIB)]
    if initrd:
        parts.append("initrd %d KiB" % ((initrd + KIB - 1) // KIB))
    parts.append("kernel heap minimum %d KiB" % ((HEAP_MIN + SLACK) // KIB))
    if arch == "x86_64":
        parts.append("loaded at %d MiB" % (lo // MIB))
    else:
        parts.append("firmware 2 MiB, device tree %d MiB at a 2 MiB boundary"
                     % (FDT_SIZE // MIB))
    return ", ".join(parts)
