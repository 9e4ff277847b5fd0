# SPDX-License-Identifier: BSD-3-Clause
"""Kast benchmarks (what `make bench` runs).

usage: bench [--build DIR] [--quick] [--arch ARCH]... [--accel tcg|kvm]
             [--mem MIB] [--no-linux] [--no-net] [--docs FILE | --no-docs]
             [--from-json FILE]

For every architecture with a port (arch/<arch>/Makefile.uk) whose images
build, in one run, under the same QEMU and accelerator:
  - the floor: the smallest guest that prints one byte and exits through the
    exit device (support/bench/floor-<arch>.S), built with the same
    toolchain;
  - Kast: helloworld (plain, and with LIBUKBOOT_BOOTTIME for in-guest
    stamps), apps/bench (allocator and page-allocation costs), and any
    other apps/*bench app (e.g. schedbench) that prints KAST-BENCH lines;
  - Linux (x86_64): Debian's cloud kernel with a busybox initramfs whose
    init prints one line and powers off (downloaded with apt-get download,
    never installed);
  - network (bench/net.py): TCP request/response latency and bulk
    throughput between the host and support/bench/netbench.c (kast-cc),
    over user networking and over a tap device in a network namespace of
    the bench's own (root only);
  - storage (kast/bench/storage.py): virtio-blk throughput in 4 KiB
    requests (sequential and random, read and write) of
    tests/storage/blkbench.c in Kast on each architecture and in the Linux
    baseline (same device, O_DIRECT), as Kast/Linux ratios (--no-storage
    skips it);
  - 9p share throughput (kast/bench/fs9p.py): 4 KiB sequential and random
    reads and writes on a host folder share, Kast on each architecture and
    (x86_64) Linux's generic kernel with its 9p modules, as ratios.
Measured: stripped image sizes with a per-library text/rodata/data/bss
breakdown from the final link map, whole-QEMU-process wall time (hyperfine,
interleaved rounds, median and spread), in-guest boot stamps from the CPU
counter, minimum guest memory (bisection on -m), microbenchmarks.

Output: a table on stdout with ratios and the issue's targets, the JSON in
<build>/results.json, and the Markdown report (docs/benchmarks.md for a
full run, <build>/benchmarks.md for --quick unless --docs says otherwise).
Exit status: 0 when every measurement was taken (missed targets are
reported, not errors), 1 when something could not be measured.
"""
