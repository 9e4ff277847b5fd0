# SPDX-License-Identifier: BSD-3-Clause
"""The Linux baseline (x86_64): Debian cloud kernel + busybox initramfs."""
import json
import os
import re
import shutil
import struct
import subprocess

from .. import cpio
from .common import sh
from .config import BENCH_SRC, KERNEL_META


def apt_download(pkgs, cwd):
    cmd = ["apt-get", "-q", "-o", "APT::Sandbox::User=root", "download"] + pkgs
    r = sh(cmd, cwd=cwd)
    if r.returncode and os.geteuid() == 0:
        sh(["apt-get", "-q", "update"])
        r = sh(cmd, cwd=cwd)
    return r.returncode == 0, r.stdout.decode("utf-8", "replace")


def kernel_package():
    r = sh(["apt-cache", "depends", KERNEL_META])
    if r.returncode and os.geteuid() == 0:
        sh(["apt-get", "-q", "update"])
        r = sh(["apt-cache", "depends", KERNEL_META])
    m = re.search(r"Depends: (linux-image-\S+)", r.stdout.decode("utf-8", "replace"))
    return m.group(1) if m else None


def bzimage_to_elf(bz, out):
    """Decompress the vmlinux ELF payload of a bzImage (boot protocol 2.08+)."""
    d = open(bz, "rb").read()
    if d[0x202:0x206] != b"HdrS" or struct.unpack_from("<H", d, 0x206)[0] < 0x208:
        return "not a bzImage with payload fields"
    setup_sects = d[0x1f1] or 4
    off, length = struct.unpack_from("<II", d, 0x248)
    payload = d[(setup_sects + 1) * 512 + off:][:length]
    tools = [(b"\x1f\x8b", ["gzip", "-dc"]), (b"\xfd7zXZ\x00", ["xz", "-dc"]),
             (b"\x02\x21\x4c\x18", ["lz4", "-dc"]), (b"\x28\xb5\x2f\xfd", ["zstd", "-dc"]),
             (b"BZh", ["bzip2", "-dc"]), (b"\x5d\x00\x00", ["xz", "--format=lzma", "-dc"]),
             (b"\x89LZO", ["lzop", "-dc"])]
    for magic, tool in tools:
        if payload.startswith(magic):
            if not shutil.which(tool[0]):
                return "the kernel is %s-compressed; install %s" % (tool[0], tool[0])
            # Linux appends the decompressed size: tools may complain about
            # trailing data while the output is complete.
            r = subprocess.run(tool, input=payload, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            if not r.stdout.startswith(b"\x7fELF"):
                return "%s produced no ELF" % tool[0]
            with open(out, "wb") as f:
                f.write(r.stdout)
            return None
    return "unknown kernel compression (magic %s)" % payload[:4].hex()


def prepare_linux(bdir):
    """Fetch and unpack the baseline; returns (info dict, None) or (None, why)."""
    ldir = os.path.join(bdir, "linux")
    meta = os.path.join(ldir, "meta.json")
    vmlinux, initrd = os.path.join(ldir, "vmlinux"), os.path.join(ldir, "initrd.cpio")
    init_src = os.path.join(BENCH_SRC, "linux-init")
    if os.path.exists(meta) and os.path.exists(vmlinux) and os.path.exists(initrd) \
       and os.path.getmtime(initrd) >= os.path.getmtime(init_src):
        return json.load(open(meta)), None
    os.makedirs(ldir, exist_ok=True)
    for tool in ("apt-get", "apt-cache", "dpkg-deb"):
        if not shutil.which(tool):
            return None, "%s not found (the Linux baseline needs Debian's apt)" % tool
    pkg = kernel_package()
    if not pkg:
        return None, "apt-cache cannot resolve %s (run apt-get update as root)" % KERNEL_META
    for f in os.listdir(ldir):
        if f.endswith(".deb"):
            os.unlink(os.path.join(ldir, f))
    ok, out = apt_download([pkg + "-unsigned"], ldir)
    if not ok:
        ok, out = apt_download([pkg], ldir)
    if not ok:
        return None, "apt-get download %s failed: %s" % (pkg, out.strip()[-300:])
    ok, out = apt_download(["busybox-static"], ldir)
    if not ok:
        return None, "apt-get download busybox-static failed: %s" % out.strip()[-300:]
    debs = sorted(f for f in os.listdir(ldir) if f.endswith(".deb"))
    kdeb = [f for f in debs if f.startswith("linux-image")]
    bdeb = [f for f in debs if f.startswith("busybox-static")]
    for deb, sub in ((kdeb[0], "kernel"), (bdeb[0], "busybox")):
        shutil.rmtree(os.path.join(ldir, sub), ignore_errors=True)
        r = sh(["dpkg-deb", "-x", os.path.join(ldir, deb), os.path.join(ldir, sub)])
        if r.returncode:
            return None, "dpkg-deb -x %s failed" % deb
    boot = os.path.join(ldir, "kernel", "boot")
    bz = [f for f in os.listdir(boot) if f.startswith("vmlinuz-")]
    if not bz:
        return None, "no vmlinuz in %s" % kdeb[0]
    bzimage = os.path.join(boot, bz[0])
    why = bzimage_to_elf(bzimage, vmlinux)
    if why:
        return None, "cannot extract vmlinux: " + why
    busybox = open(os.path.join(ldir, "busybox", "bin", "busybox"), "rb").read()
    init = open(init_src, "rb").read()
    with open(initrd, "wb") as f:
        f.write(cpio.archive([
            ("bin", 0o040755, b"", (0, 0)),
            ("bin/busybox", 0o100755, busybox, (0, 0)),
            ("dev", 0o040755, b"", (0, 0)),
            ("dev/console", 0o020600, b"", (5, 1)),
            ("proc", 0o040755, b"", (0, 0)),
            ("init", 0o100755, init, (0, 0)),
        ]))
    info = {"kernel_deb": kdeb[0], "busybox_deb": bdeb[0],
            "bzimage": bzimage, "vmlinux": vmlinux, "initrd": initrd,
            "bzimage_bytes": os.path.getsize(bzimage),
            "vmlinux_bytes": os.path.getsize(vmlinux),
            "initrd_bytes": os.path.getsize(initrd)}
    json.dump(info, open(meta, "w"), indent=1)
    return info, None
