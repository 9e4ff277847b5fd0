# SPDX-License-Identifier: BSD-3-Clause
"""Everything measured on one architecture."""
import os
import re
import shlex

from .. import relocs, script
from ..build import config_value
from .common import fail, first_line, fmt_kib, log, sh
from .config import (EXPECT_RC, FLOOR_BYTE, HELLO_MARK, LINUX_MARK, PROFILES,
                     QEMU_RAM_ALIGN_KIB, RISCV_TIMEBASE_HZ)
from .images import build_floor, build_image, extra_bench_apps
from .measure import Subject, boot_times, micro, min_memory, parse_boottime, wall_times
from .sizes import map_breakdown
from .streams import measure as stream_bench


def bench_arch(arch, bdir, prof, accel, mem_mib, tsc_khz, linux):
    r = {"arch": arch, "status": "ok", "mem_mib": mem_mib}
    log("== %s: building" % arch)
    hello, logf = build_image(bdir, arch, "helloworld", "helloworld")
    if not hello:
        r["status"] = "skipped: helloworld does not build (see %s)" % logf
        log("  %s" % r["status"])
        return r, False
    images = {"helloworld": hello}
    for name, app, extra in (("boottime", "helloworld", ["CONFIG_LIBUKBOOT_BOOTTIME=y"]),
                             ("bench", "bench", [])) + \
            tuple((a, a, []) for a in extra_bench_apps()):
        img, logf = build_image(bdir, arch, app, name, extra)
        if not img and name in ("boottime", "bench"):
            fail("%s: %s image does not build (see %s)" % (arch, name, logf))
        elif not img:
            with open(logf) as f:
                why = "not selectable on %s" % arch if "not selectable" in f.read() \
                    else "did not build"
            note = "%s: apps/%s %s, not measured (see %s)" % (arch, name, why, logf)
            r.setdefault("notes", []).append(note)
            log("  note: " + note)
        images[name] = img
    floor, err = build_floor(bdir, arch)
    if not floor:
        fail("%s: floor does not build: %s" % (arch, err))
        return r, True

    # Commands: exactly what kast-qemu runs, with one -m for everyone.
    def qemu_cmd(image, append=None):
        c = sh([script("kast-qemu"), "--dry-run", "-q", "--accel", accel, "--mem", str(mem_mib)] +
               (["--append", append] if append else []) + [image])
        return shlex.split(c.stdout.decode().strip().splitlines()[-1])

    base = qemu_cmd(floor["image"])
    r["machine"] = base[base.index("-M") + 1]
    r["qemu"] = first_line([base[0], "--version"])
    subj = {
        "floor": Subject("%s/floor" % arch, "%s floor" % arch, base, EXPECT_RC[arch],
                         "^" + FLOOR_BYTE),
        "helloworld": Subject("%s/helloworld" % arch, "%s Kast helloworld" % arch,
                              qemu_cmd(hello["image"]), EXPECT_RC[arch], HELLO_MARK),
    }
    if images.get("boottime"):
        subj["boottime"] = Subject("%s/boottime" % arch, "%s helloworld (boot stamps)" % arch,
                                   qemu_cmd(images["boottime"]["image"]), EXPECT_RC[arch],
                                   "^KAST-BOOTTIME")
        # the same without the image's move at boot (KASLR's cost)
        subj["boottime_noaslr"] = Subject(
            "%s/boottime-noaslr" % arch, "%s helloworld (boot stamps, ukboot.aslr=0)" % arch,
            qemu_cmd(images["boottime"]["image"], "ukboot.aslr=0"), EXPECT_RC[arch],
            "^KAST-BOOTTIME")
    for name in ["bench"] + extra_bench_apps():
        if images.get(name):
            subj[name] = Subject("%s/%s" % (arch, name), "%s %s" % (arch, name),
                                 qemu_cmd(images[name]["image"]), EXPECT_RC[arch],
                                 "KAST-BENCH-DONE" if name == "bench" else "^KAST-")
    if arch == "x86_64" and linux:
        lcmd = list(base)
        lcmd[lcmd.index("-kernel") + 1] = linux["vmlinux"]
        append = "console=ttyS0 quiet panic=-1"
        if tsc_khz:
            append += " tsc_early_khz=%d" % tsc_khz
        lcmd += ["-initrd", linux["initrd"], "-append", append]
        subj["linux"] = Subject("x86_64/linux", "x86_64 Linux microVM", lcmd, 0, LINUX_MARK)
    r["commands"] = {k: shlex.join(s.cmd) for k, s in subj.items()}

    log("== %s: checking every guest once" % arch)
    outs = {k: s.check() for k, s in subj.items()}

    # counter frequency: x86 TSC under TCG runs at the host's rate; riscv
    # virt's time CSR at the ACLINT timebase that OpenSBI prints.
    # Elsewhere (no host TSC figure) trust the guest's own calibration.
    if arch == "x86_64":
        hz = tsc_khz * 1000 if tsc_khz else None
        st = parse_boottime(outs.get("boottime", ""))
        if not hz and st and st["hz"]:
            hz = st["hz"]
    else:
        m = re.search(r"aclint-mtimer @ (\d+)Hz", outs.get("floor", ""))
        hz = int(m.group(1)) if m else RISCV_TIMEBASE_HZ
    r["counter_hz"] = hz

    log("== %s: sizes" % arch)
    optimize = ([o for o in ("PERF", "NONE", "SIZE")
                 if config_value(hello["config"], "CONFIG_OPTIMIZE_" + o) == "y"] or ["SIZE"])[0]
    r["size"] = {"floor": os.path.getsize(floor["image"]),
                 "helloworld": os.path.getsize(hello["image"]),
                 "helloworld_dbg": os.path.getsize(hello["dbg"]),
                 "optimize": {"PERF": "-O2", "NONE": "-Og"}.get(optimize, "-Os"),
                 "allocator": config_value(hello["config"], "CONFIG_LIBUKALLOC_DEFAULT_NAME")}
    for name in ("boottime", "bench"):
        if images.get(name):
            r["size"][name] = os.path.getsize(images[name]["image"])
    with open(hello["dbg"], "rb") as f:
        sec = relocs.Elf(f.read()).section(".kast.relocs")
    r["size"]["relocs_table"] = sec["size"] if sec else 0
    if os.path.exists(hello["map"]):
        r["size"]["libs"] = map_breakdown(hello["map"], hello["dbg"])
    else:
        fail("%s: no link map %s" % (arch, hello["map"]))
    if "linux" in subj:
        r["size"]["linux"] = {k: linux[k] for k in ("bzimage_bytes", "vmlinux_bytes",
                                                    "initrd_bytes", "kernel_deb", "busybox_deb")}

    log("== %s: whole-VM wall time (hyperfine)" % arch)
    jdir = os.path.join(bdir, "hyperfine")
    os.makedirs(jdir, exist_ok=True)
    timed = [subj[k] for k in ("floor", "helloworld", "linux") if k in subj]
    r["wall_s"] = {k.split("/")[1]: v for k, v in wall_times(timed, prof, jdir).items()}
    if "linux" in subj and subj["linux"].ok:
        # the kernel's own clock when init ran (from the check run)
        r["linux_uptime_at_init_s"] = float(re.search(LINUX_MARK, outs["linux"]).group(1))

    if "boottime" in subj and subj["boottime"].ok and hz:
        log("== %s: in-guest boot stamps (%d runs)" % (arch, prof["boot_runs"]))
        r["boot"] = boot_times(subj["boottime"], prof["boot_runs"], hz)
        if subj["boottime_noaslr"].ok:
            r["boot_noaslr"] = boot_times(subj["boottime_noaslr"], prof["boot_runs"], hz)

    r["micro"] = {}
    r["extra_output"] = {}
    for name in ["bench"] + extra_bench_apps():
        s = subj.get(name)
        if s and s.ok:
            log("== %s: %s (%d run(s))" % (arch, name, prof["micro_runs"]))
            res, other = micro(s, prof["micro_runs"], hz,
                               "KAST-BENCH-DONE" if name == "bench" else None)
            if name == "bench":
                r["micro"].update({k: v for k, v in res.items() if "ticks_per_op" in v})
                clock = res.get("bench-clock:")
                if clock:
                    r["counter_read_ticks"] = clock.get("read_ticks")
                    r["guest_counter_hz"] = clock.get("hz")
            else:
                r.setdefault("extra", {})[name] = res
                r["extra_output"][name] = other
    if images.get("bench") and not r["micro"]:
        fail("%s: no microbenchmark results" % arch)

    st = stream_bench(arch, bdir, accel, mem_mib, prof is PROFILES["quick"])
    if st:
        r["streams"] = st

    log("== %s: minimum memory (bisection on -m)" % arch)
    r["minmem_kib"] = {}
    r["minmem_granularity_kib"] = {}
    for k in ("floor", "helloworld", "linux"):
        s = subj.get(k)
        if not s or not s.ok:
            continue
        gran = prof["linux_mem_gran_mib"] * 1024 if k == "linux" else QEMU_RAM_ALIGN_KIB
        kib, probes, below = min_memory(s, mem_mib * 1024, gran, prof["minmem_confirm"])
        if kib is None:
            fail("%s: minimum memory not found" % s.label)
        r["minmem_kib"][k] = kib
        r["minmem_granularity_kib"][k] = gran
        r.setdefault("minmem_below", {})[k] = below
        log("  %-28s %s (%d probes; at %s: %s)"
            % (s.label, fmt_kib(kib), probes, fmt_kib(below.get("kib")), below.get("why", "-")))
    return r, True
