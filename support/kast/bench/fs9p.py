# SPDX-License-Identifier: BSD-3-Clause
"""9p share throughput (make bench): support/bench/fsbench.c (4 KiB
sequential and random reads and writes on a host folder share) in a Kast
guest of each architecture (kast-run -v) and, on x86_64, in a Linux guest
with the same share.

The Linux baseline of the boot benchmarks (Debian's cloud kernel) has no
9p (CONFIG_NET_9P is off, and it cannot find virtio-mmio devices on
microvm); this one uses Debian's generic kernel of the same version
(linux-image-<version>-amd64-unsigned, fetched with apt-get download): its
9p, virtio and netfs modules go into a busybox initramfs whose /init
(support/bench/linux-9p-init) loads them, mounts the share (cache=none,
msize 512 KiB, as Kast's 9pfs) and runs the same fsbench built statically
for the host. It boots on microvm with ACPI on (its virtio-mmio driver
finds the devices in the DSDT). Figures are the guest's own clocks.
"""
import os
import re
import shutil
import statistics
import subprocess
import tempfile

from .. import BIN, cpio
from .common import log, sh
from .config import BENCH_SRC
from .linux import apt_download, bzimage_to_elf, kernel_package

TESTS = ("seq-write", "seq-read", "rand-read", "rand-write")
MODULES = ("virtio_ring", "virtio", "virtio_mmio", "netfs", "fscache", "9pnet",
           "9pnet_virtio", "9p")
LINE = re.compile(r"^fsbench: (\S+) ([0-9.]+) MB/s", re.M)


def parse(out):
    return {m.group(1): float(m.group(2)) for m in LINE.finditer(out)}


def prepare_linux9p(bdir, linux):
    """(vmlinux, initrd) of the generic kernel with 9p, or (None, why)."""
    ldir = os.path.join(bdir, "linux-9p")
    vmlinux, initrd = os.path.join(ldir, "vmlinux"), os.path.join(ldir, "initrd.cpio")
    init_src = os.path.join(BENCH_SRC, "linux-9p-init")
    fsb_src = os.path.join(BENCH_SRC, "fsbench.c")
    if os.path.exists(vmlinux) and os.path.exists(initrd) and \
       os.path.getmtime(initrd) >= max(os.path.getmtime(init_src), os.path.getmtime(fsb_src)):
        return (vmlinux, initrd), None
    os.makedirs(ldir, exist_ok=True)
    cloud = kernel_package()
    if not cloud or "-cloud-amd64" not in cloud:
        return None, "cannot name the generic kernel (cloud kernel %s)" % cloud
    pkg = cloud.replace("-cloud-amd64", "-amd64") + "-unsigned"
    if not any(f.startswith(pkg.split("-unsigned")[0]) and f.endswith(".deb")
               for f in os.listdir(ldir)):
        ok, out = apt_download([pkg], ldir)
        if not ok:
            return None, "apt-get download %s failed: %s" % (pkg, out.strip()[-300:])
    deb = sorted(f for f in os.listdir(ldir) if f.endswith(".deb"))[-1]
    kdir = os.path.join(ldir, "kernel")
    shutil.rmtree(kdir, ignore_errors=True)
    if sh(["dpkg-deb", "-x", os.path.join(ldir, deb), kdir]).returncode:
        return None, "dpkg-deb -x %s failed" % deb
    boot = os.path.join(kdir, "boot")
    bz = [f for f in os.listdir(boot) if f.startswith("vmlinuz-")]
    if not bz:
        return None, "no vmlinuz in %s" % deb
    why = bzimage_to_elf(os.path.join(boot, bz[0]), vmlinux)
    if why:
        return None, "cannot extract vmlinux: " + why
    mods = {}
    for dirpath, _, files in os.walk(os.path.join(kdir, "lib", "modules")):
        for f in files:
            if f.endswith(".ko") and f[:-3] in MODULES:
                mods[f[:-3]] = os.path.join(dirpath, f)
    missing = [m for m in MODULES if m not in mods]
    if missing:
        return None, "modules missing from %s: %s" % (deb, " ".join(missing))
    fsb = os.path.join(ldir, "fsbench")
    r = sh(["gcc", "-O2", "-static", "-o", fsb, fsb_src])
    if r.returncode:
        return None, "static fsbench does not build: %s" % r.stdout.decode()[-300:]
    busybox = os.path.join(os.path.dirname(linux["initrd"]), "busybox", "bin", "busybox")
    entries = [("bin", 0o040755, b"", (0, 0)),
               ("bin/busybox", 0o100755, open(busybox, "rb").read(), (0, 0)),
               ("dev", 0o040755, b"", (0, 0)),
               ("dev/console", 0o020600, b"", (5, 1)),
               ("proc", 0o040755, b"", (0, 0)),
               ("modules", 0o040755, b"", (0, 0)),
               ("fsbench", 0o100755, open(fsb, "rb").read(), (0, 0)),
               ("init", 0o100755, open(init_src, "rb").read(), (0, 0))]
    entries += [("modules/%s.ko" % m, 0o100644, open(mods[m], "rb").read(), (0, 0))
                for m in MODULES]
    with open(initrd, "wb") as f:
        f.write(cpio.archive(entries))
    return (vmlinux, initrd), None


def run_kast(image, share, mib, ops, mem):
    r = subprocess.run([os.path.join(BIN, "kast-run"), "--no-cwd", "--mem", str(mem),
                        "--timeout", "900", "-v", share + ":/b", image, "--", "/b",
                        str(mib), str(ops)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return r.stdout.decode("utf-8", "replace")


def run_linux(kernel, share, mib, ops, mem, accel, tsc_khz):
    vmlinux, initrd = kernel
    append = "console=ttyS0 quiet panic=-1 fsbench=%d,%d" % (mib, ops)
    if tsc_khz:
        append += " tsc_early_khz=%d" % tsc_khz
    cmd = ["qemu-system-x86_64", "-M", "microvm,accel=%s,rtc=on" % accel, "-cpu", "max",
           "-m", "%dM" % mem, "-nodefaults", "-no-user-config", "-display", "none",
           "-serial", "stdio", "-no-reboot", "-kernel", vmlinux, "-initrd", initrd,
           "-append", append, "-global", "virtio-mmio.force-legacy=false",
           "-fsdev", "local,id=fs0,path=%s,security_model=none" % share,
           "-device", "virtio-9p-device,fsdev=fs0,mount_tag=kast0"]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=900)
    except subprocess.TimeoutExpired:
        return "linux-9p: timed out"
    return r.stdout.decode("utf-8", "replace")


def median_runs(fn, runs):
    """Median MB/s per test over @runs runs of @fn() (its output), and the
    last output when a run printed no figures."""
    got = {t: [] for t in TESTS}
    for _ in range(runs):
        out = fn()
        figs = parse(out)
        if set(figs) != set(TESTS):
            return None, out
        for t in TESTS:
            got[t].append(figs[t])
    return {t: statistics.median(v) for t, v in got.items()}, None


def bench_9p(bdir, archs, accel, mem, tsc_khz, linux, quick):
    """{"mib", "ops", "kast": {arch: {test: MB/s}}, "linux": {...} or None,
    "notes": [...]}"""
    mib, ops, runs = (8, 1000, 1) if quick else (32, 4000, 3)
    res = {"mib": mib, "ops": ops, "runs": runs, "kast": {}, "linux": None, "notes": []}
    odir = os.path.join(bdir, "fs9p")
    os.makedirs(odir, exist_ok=True)
    for arch in archs:
        img = os.path.join(odir, "fsbench-%s" % arch)
        r = sh([os.path.join(BIN, "kast-cc"), "--arch", arch, "-O2", "-o", img,
                os.path.join(BENCH_SRC, "fsbench.c")])
        if r.returncode:
            res["notes"].append("9p: fsbench does not build for %s" % arch)
            continue
        log("== 9p throughput: %s Kast guest (%d MiB, %d random ops, %d runs)"
            % (arch, mib, ops, runs))
        share = tempfile.mkdtemp(prefix="kast-fsbench-", dir=odir)
        figs, bad = median_runs(lambda: run_kast(img, share, mib, ops, mem), runs)
        shutil.rmtree(share, ignore_errors=True)
        if figs:
            res["kast"][arch] = figs
        else:
            res["notes"].append("9p: the %s Kast run failed: %s" % (arch, bad[-300:]))
    if "x86_64" in archs and linux:
        kernel, why = prepare_linux9p(bdir, linux)
        if not kernel:
            res["notes"].append("9p: no Linux baseline: " + why)
        else:
            log("== 9p throughput: x86_64 Linux guest (generic kernel, 9p modules)")
            share = tempfile.mkdtemp(prefix="kast-fsbench-", dir=odir)
            figs, bad = median_runs(lambda: run_linux(kernel, share, mib, ops, max(mem, 256),
                                                      accel, tsc_khz), runs)
            shutil.rmtree(share, ignore_errors=True)
            if figs:
                res["linux"] = figs
            else:
                res["notes"].append("9p: the Linux run failed: %s" % bad[-300:])
    return res


def markdown(res):
    """The report's 9p section (lines)."""
    if not res:
        return []
    out = ["", "## 9p share throughput", "",
           "support/bench/fsbench.c on a host folder share (QEMU local fsdev, "
           "security_model=none): a %d MiB file written and read in 4 KiB calls, "
           "then %d random 4 KiB preads and pwrites; fsync after each write phase. "
           "MB/s by the guest's clock, median of %d runs; Linux: Debian's generic "
           "kernel with its 9p modules (cache=none, msize 512 KiB) on the same "
           "microvm, x86_64 only (kast/bench/fs9p.py)." % (res["mib"], res["ops"], res["runs"]),
           "", "| guest | " + " | ".join(TESTS) + " |",
           "| --- | " + " | ".join("---:" for _ in TESTS) + " |"]
    lin = res.get("linux")
    for arch, figs in sorted(res["kast"].items()):
        out.append("| %s Kast | %s |" % (arch, " | ".join("%.1f" % figs[t] for t in TESTS)))
    if lin:
        out.append("| x86_64 Linux | %s |" % " | ".join("%.1f" % lin[t] for t in TESTS))
        k = res["kast"].get("x86_64")
        if k:
            out.append("| x86_64 Kast / Linux | %s |" % " | ".join(
                "%.2f" % (k[t] / lin[t]) if lin[t] else "-" for t in TESTS))
    out += ["- " + n for n in res.get("notes", [])]
    return out
