# SPDX-License-Identifier: BSD-3-Clause
"""virtio-blk throughput: Kast against the Linux baseline, same device.

tests/storage/blkbench.c is built twice: with kast-cc for each Kast
architecture, and static with the host's gcc for the Linux guest (in an
initramfs with busybox and the kernel's virtio modules, which the
Debian cloud kernel builds as modules). Each guest gets a fresh raw disk
file of DISK_MIB as a virtio-blk device on the same machine model
(microvm, virtio-mmio; Kast finds the device on its command line, which
needs acpi=off, Linux in the ACPI tables), and runs sequential write and
read of SEQ_MIB in 4 KiB requests and RANDOM_OPS random 4 KiB writes and
reads, timed inside the guest (writes include their fsync). Linux opens
the disk with O_DIRECT, so both read the device, not a page cache.
"""
import os
import re
import shlex
import statistics
import subprocess

from .. import BIN, SRC, cpio, script
from .common import fail, log, sh

DISK_MIB = 32
SEQ_MIB = 16
RANDOM_OPS = 2048
PHASES = ("seqwrite", "seqread", "randwrite", "randread")
MODULES = ("drivers/virtio/virtio_ring.ko", "drivers/virtio/virtio.ko",
           "drivers/virtio/virtio_mmio.ko", "drivers/block/virtio_blk.ko")
RUNS = {"full": 5, "quick": 1}
TIMEOUT_S = 300
LINE = re.compile(r"^blkbench: (\w+) (\d+) bytes (\d+) us", re.M)
ARGS = ["/dev/vda", str(SEQ_MIB), str(RANDOM_OPS)]
LINUX_INIT = """#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
for m in %s; do /bin/busybox insmod /lib/$m.ko || echo "insmod $m failed"; done
n=0
while [ ! -b /dev/vda ] && [ $n -lt 100 ]; do /bin/busybox usleep 50000; n=$((n + 1)); done
/blkbench %s direct
/bin/busybox poweroff -f
""" % (" ".join(os.path.basename(m)[:-3] for m in MODULES), " ".join(ARGS))


def parse(out):
    """{phase: MB/s} from blkbench's output (None unless complete)."""
    got = {m.group(1): int(m.group(2)) / max(int(m.group(3)), 1) for m in LINE.finditer(out)}
    return got if set(got) == set(PHASES) and "blkbench: done" in out else None


def linux_initrd(bdir, linux, prog):
    """The baseline's busybox plus blkbench, the virtio modules and an
    init that runs it; returns its path or None."""
    kdir = os.path.join(bdir, "linux", "kernel", "lib", "modules")
    try:
        mdir = os.path.join(kdir, sorted(os.listdir(kdir))[0], "kernel")
        files = [("bin", 0o040755, b""), ("dev", 0o040755, b""),
                 ("dev/console", 0o020600, b""), ("proc", 0o040755, b""),
                 ("lib", 0o040755, b"")]
        with open(os.path.join(bdir, "linux", "busybox", "bin", "busybox"), "rb") as f:
            files.append(("bin/busybox", 0o100755, f.read()))
        for m in MODULES:
            with open(os.path.join(mdir, m), "rb") as f:
                files.append(("lib/" + os.path.basename(m), 0o100644, f.read()))
        with open(prog, "rb") as f:
            files.append(("blkbench", 0o100755, f.read()))
    except (OSError, IndexError) as e:
        fail("storage bench: Linux initramfs: %s" % e)
        return None
    files.append(("init", 0o100755, LINUX_INIT.encode()))
    out = os.path.join(bdir, "storage", "linux-initrd.cpio")
    with open(out, "wb") as f:
        f.write(cpio.archive([(n, mode, data, (5, 1) if n == "dev/console" else (0, 0))
                              for n, mode, data in files]))
    return out


def fresh_disk(path):
    if os.path.exists(path):
        os.unlink(path)
    with open(path, "wb") as f:
        f.truncate(DISK_MIB << 20)


def run_guest(cmd, disk):
    """One run: {phase: MB/s}, or None with the output."""
    fresh_disk(disk)
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=TIMEOUT_S)
        out = r.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") + "\n(timeout)"
    return parse(out), out


def medians(runs):
    return {p: statistics.median(r[p] for r in runs) for p in PHASES}


def bench_storage(bdir, archs, prof_name, accel, mem_mib, tsc_khz, linux):
    """{"kast": {arch: {phase: MB/s}}, "linux": {...} or None, "commands",
    "runs"}; failures are recorded with fail()."""
    sdir = os.path.join(bdir, "storage")
    os.makedirs(sdir, exist_ok=True)
    src = os.path.join(SRC, "tests", "storage", "blkbench.c")
    runs = RUNS[prof_name]
    res = {"kast": {}, "linux": None, "commands": {}, "runs": runs,
           "seq_mib": SEQ_MIB, "random_ops": RANDOM_OPS, "disk_mib": DISK_MIB}
    disk = os.path.join(sdir, "disk.img")
    for arch in archs:
        img = os.path.join(sdir, "blkbench-" + arch)
        r = sh([os.path.join(BIN, "kast-cc"), "--arch", arch, "-O2", "-o", img, src])
        if r.returncode:
            fail("storage bench: blkbench does not build for %s: %s"
                 % (arch, r.stdout.decode("utf-8", "replace")[-500:]))
            continue
        cmd = [script("kast-qemu"), "-q", "--accel", accel, "--mem", str(mem_mib),
               "--timeout", str(TIMEOUT_S), "--disk", disk, img, "--"] + ARGS
        res["commands"]["kast-" + arch] = shlex.join(cmd)
        log("== storage: %s Kast, %d run(s)" % (arch, runs))
        got = []
        for _ in range(runs):
            g, out = run_guest(cmd, disk)
            if not g:
                fail("storage bench: %s Kast run failed:\n%s" % (arch, out[-800:]))
                break
            got.append(g)
        if got:
            res["kast"][arch] = medians(got)
    if linux and "x86_64" in archs:
        prog = os.path.join(sdir, "blkbench-linux")
        r = sh(["gcc", "-static", "-O2", "-o", prog, src])
        initrd = linux_initrd(bdir, linux, prog) if not r.returncode else None
        if r.returncode:
            fail("storage bench: gcc -static blkbench.c failed (libc6-dev): %s"
                 % r.stdout.decode("utf-8", "replace")[-300:])
        if initrd:
            res["linux"] = linux_runs(linux, initrd, disk, accel, mem_mib, tsc_khz, runs, res)
    return res


def linux_runs(linux, initrd, disk, accel, mem_mib, tsc_khz, runs, res):
    # the Linux baseline's command line (kast-qemu's for microvm) with
    # ACPI on, where Linux finds virtio-mmio devices
    c = sh([script("kast-qemu"), "--dry-run", "-q", "--arch", "x86_64", "--accel", accel,
            "--mem", str(mem_mib), "--disk", disk, linux["vmlinux"]])
    cmd = shlex.split(c.stdout.decode().strip().splitlines()[-1])
    m = cmd.index("-M") + 1
    cmd[m] = cmd[m].replace(",acpi=off", "")
    append = "console=ttyS0 quiet panic=-1"
    if tsc_khz:
        append += " tsc_early_khz=%d" % tsc_khz
    cmd += ["-initrd", initrd, "-append", append]
    res["commands"]["linux"] = shlex.join(cmd)
    log("== storage: x86_64 Linux, %d run(s)" % runs)
    got = []
    for _ in range(runs):
        g, out = run_guest(cmd, disk)
        if not g:
            fail("storage bench: Linux run failed:\n%s" % out[-800:])
            return None
        got.append(g)
    return medians(got)
