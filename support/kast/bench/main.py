# SPDX-License-Identifier: BSD-3-Clause
"""make bench: support/scripts/bench (see kast/bench/__init__.py)."""
import argparse
import datetime
import json
import os
import shutil
import sys
import time

from .. import ARCHS, SRC, ports
from . import __doc__ as BENCH_DOC
from . import common
from .arch import bench_arch
from .common import fail, log
from .config import BENCH_MEM_MIB, PROFILES
from .host import host_info, host_tsc_khz
from .linux import prepare_linux
from .net import bench_net
from .fs9p import bench_9p
from .report import markdown, table, targets
from .storage import bench_storage
from .service import bench_service
from .servers import bench_servers


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench", description=BENCH_DOC.split("\n")[0])
    p.add_argument("--build", default=os.path.join(SRC, "build", "bench"))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--arch", action="append", choices=ARCHS)
    p.add_argument("--accel", choices=["tcg", "kvm"], default=os.environ.get("ACCEL") or "tcg")
    p.add_argument("--mem", type=int, default=BENCH_MEM_MIB, help="MiB for every guest")
    p.add_argument("--no-linux", action="store_true", help="skip the Linux baseline")
    p.add_argument("--no-net", action="store_true", help="skip the network figures")
    p.add_argument("--no-storage", action="store_true", help="skip the virtio-blk benchmark")
    p.add_argument("--no-service", action="store_true", help="skip kast serve's figures")
    p.add_argument("--docs", help="Markdown report path")
    p.add_argument("--no-docs", action="store_true")
    p.add_argument("--command", help="command line recorded in the report")
    p.add_argument("--from-json", help="only print the table and write the report")
    p.add_argument("--no-servers", action="store_true", help="skip redis and nginx")
    p.add_argument("--servers-only", action="store_true",
                   help="only redis and nginx (and the Linux baseline they need)")
    p.add_argument("--soak", type=int, default=0, metavar="S",
                   help="also load each Kast server for S seconds (memory before/after)")
    p.add_argument("--servers-net", choices=["auto", "tap", "user"], default="auto",
                   help="the servers' load over a tap in a namespace (auto: when root)")
    a = p.parse_args(argv)

    if a.from_json:
        res = json.load(open(a.from_json))
        res["targets"] = targets(res)
        print(table(res))
        if not a.no_docs:
            out = a.docs or os.path.join(SRC, "docs", "benchmarks.md")
            open(out, "w").write(markdown(res))
            print("report: %s" % out)
        return 0

    t0 = time.monotonic()
    bdir = os.path.abspath(a.build)
    os.makedirs(bdir, exist_ok=True)
    prof = PROFILES["quick" if a.quick else "full"]
    if a.accel == "kvm" and not os.access("/dev/kvm", os.R_OK | os.W_OK):
        print("bench: --accel kvm but /dev/kvm is not usable", file=sys.stderr)
        return 2
    if not shutil.which("hyperfine"):
        print("bench: hyperfine not found; run support/scripts/ensure-deps bench "
              "(as root: apt-get install hyperfine)", file=sys.stderr)
        return 2

    archs = ports()
    if a.arch:
        archs = [x for x in archs if x in a.arch]
    tsc_khz = host_tsc_khz(bdir)
    res = {"schema": 1, "profile": "quick" if a.quick else "full",
           "command": a.command or ("make bench" + (" QUICK=1" if a.quick else "")),
           "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
           "mem_mib": a.mem, "build": bdir, "json": os.path.join(bdir, "results.json"),
           "host": host_info(a.accel, tsc_khz), "arches": {}, "notes": []}
    log("bench: %s profile, accelerator %s, archs %s, build %s"
        % (res["profile"], a.accel, " ".join(archs), bdir))

    linux = None
    if "x86_64" in archs and not a.no_linux:
        log("== Linux baseline: Debian cloud kernel + busybox initramfs")
        linux, why = prepare_linux(bdir)
        if not linux:
            fail("Linux baseline unavailable: " + why)
        else:
            log("  %s, %s" % (linux["kernel_deb"], linux["busybox_deb"]))
    if "riscv64" in archs:
        res["notes"].append("riscv64 has no Linux baseline (Debian bookworm ships no riscv64"
                            " kernel in its main archive).")

    for arch in ([] if a.servers_only else archs):
        r, counted = bench_arch(arch, bdir, prof, a.accel, a.mem, tsc_khz, linux)
        res["arches"][arch] = r
        res["notes"] += r.pop("notes", [])
        if not counted and arch == "x86_64":
            fail("x86_64 helloworld does not build")

    if not a.no_net:
        res["net"] = bench_net([x for x in archs if res["arches"][x].get("status") == "ok"],
                               bdir, res["profile"])
        res["notes"] += res["net"].pop("notes", [])
    if not a.no_storage:
        res["storage"] = bench_storage(bdir, archs, res["profile"], a.accel, a.mem, tsc_khz,
                                       linux)

    if not a.servers_only:
        res["fs9p"] = bench_9p(bdir, archs, a.accel, a.mem, tsc_khz, linux, a.quick)
    if "x86_64" in archs and not a.no_service:
        log("== service: kast serve latency and throughput (support/kast/bench/service.py)")
        try:
            res["service"] = bench_service(bdir, a.accel, prof.get("service_runs", 10))
        except Exception as e:
            fail("service: %s" % e)
    if not a.no_servers:
        res["servers"] = bench_servers(bdir, archs, a.accel, a.mem, tsc_khz, linux,
                                       a.quick, a.soak, a.servers_net)
    res["host"]["loadavg_end"] = os.getloadavg()[0]
    res["errors"] = common.failures
    res["duration_s"] = time.monotonic() - t0
    res["targets"] = targets(res)
    with open(res["json"], "w") as f:
        json.dump(res, f, indent=1)
    print(table(res))
    if not a.no_docs:
        out = a.docs or (os.path.join(bdir, "benchmarks.md") if a.quick else
                         os.path.join(SRC, "docs", "benchmarks.md"))
        with open(out, "w") as f:
            f.write(markdown(res))
        print("report: %s" % out)
    return 1 if common.failures else 0


if __name__ == "__main__":
    sys.exit(main())
