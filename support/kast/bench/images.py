# SPDX-License-Identifier: BSD-3-Clause
"""The images measured: Kast apps and the floor."""
import os

from .. import SRC, build
from ..build import cross
from .common import sh
from .config import BENCH_SRC, FLOOR_FLAGS


def build_image(bdir, arch, app, name, extra_cfg=()):
    """Configure and build one Kast image with a map of its final link;
    (dict of paths or None on failure, log path)."""
    out = os.path.join(bdir, "img", "%s-%s" % (arch, name))
    maps = os.path.join(out, "maps")
    os.makedirs(maps, exist_ok=True)
    # $(CROSS_COMPILE) is expanded by the Makefile: the same linker, plus a
    # map of every link (-Map=DIR/ names it after the output).
    ld = "LD=$(CROSS_COMPILE)ld -Map=%s/" % maps
    img, logfile = build.build_image(out, arch, app, extra_cfg, make_args=[ld])
    if not img:
        return None, logfile
    return {"image": img, "dbg": img + ".dbg", "dir": out,
            "map": os.path.join(maps, os.path.basename(img) + ".dbg.map"),
            "config": os.path.join(out, ".config")}, logfile


def build_floor(bdir, arch):
    out = os.path.join(bdir, "img", "%s-floor" % arch)
    os.makedirs(out, exist_ok=True)
    ccf, ldf = FLOOR_FLAGS[arch]
    obj, elf, img = (os.path.join(out, n) for n in ("floor.o", "floor.elf", "floor-" + arch))
    steps = [
        [cross(arch, "gcc")] + ccf + ["-c", "-o", obj,
                                      os.path.join(BENCH_SRC, "floor-%s.S" % arch)],
        [cross(arch, "ld")] + ldf + ["-nostdlib", "-static", "-n", "-z", "noexecstack",
                                     "-T", os.path.join(BENCH_SRC, "floor-%s.lds" % arch),
                                     "-o", elf, obj],
        [cross(arch, "strip"), "-s", "-R", ".comment", "-o", img, elf],
    ]
    for c in steps:
        r = sh(c)
        if r.returncode:
            return None, " ".join(c) + "\n" + r.stdout.decode("utf-8", "replace")
    return {"image": img}, None


def extra_bench_apps():
    """Other benchmark apps (apps/*bench, e.g. schedbench): the hook."""
    apps = []
    for d in sorted(os.listdir(os.path.join(SRC, "apps"))):
        if d != "bench" and d.endswith("bench") and \
           os.path.exists(os.path.join(SRC, "apps", d, "Config.uk")):
            apps.append(d)
    return apps
