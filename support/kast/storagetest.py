# SPDX-License-Identifier: BSD-3-Clause
"""Host-driven storage tests (runtests; matrix.STORAGE_TESTS lists them)
and the virtio-blk real-disk check (checks.CHECKS["virtio_blk_disk"]).

A guest program from tests/storage/ is built with kast-cc (the kit the
network tests and difftest use) and booted with kast-run --disk on raw
image files the test writes: the host's pattern in, the guest's writes
checked byte by byte afterwards against a model of what the guest was
told to write, so that bytes outside the writes must be untouched.
"""
import os
import re
import subprocess
import tempfile

from . import BIN, SRC, qemu, script
from .report import excerpt

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
MIB = 1 << 20
RW_SIZE = 4 * MIB       # /dev/vda
RO_SIZE = 64 * 1024     # /dev/vdb (read-only)
SCRATCH_SIZE = MIB      # the in-guest real-disk test's
TIMEOUT_S = 240


def pattern(size, start=0):
    """The host's pattern (tests/storage/rawdisk.c: pat())."""
    return bytes(((i * 131) ^ (i >> 9) ^ (i >> 17)) & 0xff for i in range(start, start + size))


def fill(size, seed):
    """rawdisk.c's fill(): seed + 7 * i."""
    return bytes((seed + i * 7) & 0xff for i in range(size))


def build(arch, name, out_dir):
    """tests/storage/NAME.c built with kast-cc for @arch: (image or None, log)."""
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "%s-%s" % (name, arch))
    r = subprocess.run([KAST_CC, "--arch", arch, "-O2", "-Wall", "-Werror", "-o", image,
                        os.path.join(SRC, "tests", "storage", name + ".c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return (image if r.returncode == 0 and os.path.exists(image) else None), out


def rawdisk_model(size):
    """What /dev/vda must hold after rawdisk.c ran: the pattern with its
    writes applied, in order."""
    disk = bytearray(pattern(size))

    def put(off, data):
        disk[off:off + len(data)] = data[:max(0, size - off)]
    put(MIB, fill(4096, 1))
    put(MIB + 8192 + 3, b"hello")
    put(2 * MIB - 700, fill(1500, 2))
    put(MIB + 20077, fill(5000, 3))
    put(size - 40, fill(100, 4))
    return bytes(disk)


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b)) if len(a) != len(b) else None


def rawdisk(arch, image, test):
    """tests/storage/rawdisk.c on a writable and a read-only disk."""
    with tempfile.TemporaryDirectory(prefix="kast-storage-") as d:
        rw, ro = os.path.join(d, "vda.img"), os.path.join(d, "vdb.img")
        with open(rw, "wb") as f:
            f.write(pattern(RW_SIZE))
        with open(ro, "wb") as f:
            f.write(pattern(RO_SIZE))
        r = subprocess.run([KAST_RUN, "--timeout", str(TIMEOUT_S), "--disk", rw,
                            "--disk", ro + ":ro", image, "--", str(RW_SIZE), str(RO_SIZE)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
        out = r.stdout.decode("utf-8", "replace")
        m = re.search(r"^rawdisk: (\d+) checks, (\d+) failed$", out, re.M)
        if r.returncode != 0 or not m or m.group(2) != "0":
            return False, "exit %d%s" % (r.returncode, excerpt(out))
        with open(rw, "rb") as f:
            got = f.read()
        with open(ro, "rb") as f:
            got_ro = f.read()
    want = rawdisk_model(RW_SIZE)
    at = first_difference(got, want)
    if at is not None:
        return False, "vda.img differs from the model at byte %d (host file %d bytes)" % (
            at, len(got))
    if got_ro != pattern(RO_SIZE):
        return False, "the read-only vdb.img changed"
    return True, "%s checks in the guest; both files as expected" % m.group(1)


def missing_disk(arch, image, test):
    """kast-run --disk of a file that does not exist: status 125 (Kast
    could not run the program), a message."""
    with tempfile.TemporaryDirectory(prefix="kast-storage-") as d:
        path = os.path.join(d, "nosuch.img")
        r = subprocess.run([KAST_RUN, "--disk", path, image], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    if r.returncode != qemu.EXIT_BOOTERR or \
            not re.search(r"--disk .*nosuch\.img: no such file", out):
        return False, "exit %d (expected %d and a message)%s" % (
            r.returncode, qemu.EXIT_BOOTERR, excerpt(out))
    return True, ""


RUNNERS = {"rawdisk": rawdisk, "missing_disk": missing_disk}


def run(arch, image, test):
    """One matrix.StorageTest: (ok, detail)."""
    return RUNNERS[test.kind](arch, image, test)


def virtio_blk_disk(img, boot):
    """The selftest's virtio_blk cases with a real scratch disk
    (virtio-blk.test_disk=1) on the boot's machine; the host then finds
    the guest's last pattern in the file."""
    with tempfile.TemporaryDirectory(prefix="kast-blk-") as d:
        disk = os.path.join(d, "scratch.img")
        with open(disk, "wb") as f:
            f.truncate(SCRATCH_SIZE)
        cmd = [script("kast-qemu"), "-q", "--timeout", str(boot.timeout), "--disk", disk,
               "--append", "uktest.filter=virtio_blk virtio-blk.test_disk=1"]
        if boot.machine:
            cmd += ["--machine", boot.machine]
        cmd.append(img)
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
        out = r.stdout.decode("utf-8", "replace")
        with open(disk, "rb") as f:
            got = f.read(512 * 1024)
    problems = []
    if r.returncode != 0:
        problems.append("exit %d" % r.returncode)
    m = re.search(r"^uktest: (\d+) passed, (\d+) failed", out, re.M)
    if not m or m.group(2) != "0":
        problems.append("in-guest tests failed")
    if not re.search(r"^\[ ok \] virtio_blk\.real_disk_round_trip", out, re.M) or \
            re.search(r"real disk skipped", out):
        problems.append("the real-disk case did not pass")
    # the guest's poll-mode write: fill(w, bytes, 29) of test_virtio_blk.c
    want = bytes((i * 7 + 29 + (i >> 9)) & 0xff for i in range(len(got)))
    if got != want:
        problems.append("the scratch file does not hold the guest's data (first "
                        "difference at byte %s)" % first_difference(got, want))
    if problems:
        return False, "; ".join(problems) + excerpt(out)
    return True, "%s cases ok" % m.group(1)
