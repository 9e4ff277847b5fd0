# SPDX-License-Identifier: BSD-3-Clause
"""Facts about the host the figures were taken on."""
import os
import platform

from .. import ARCHS
from .common import first_line, log, sh
from .config import BENCH_SRC


def host_info(accel, tsc_khz):
    cpu = "unknown"
    flags = set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and cpu == "unknown":
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    mem_kib = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    osname = "unknown"
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    opensbi = first_line(["dpkg-query", "-W", "-f", "${Version}\n", "opensbi"])
    return {
        "cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(mem_kib / 1048576.0, 1),
        "os": osname, "kernel": platform.release(), "machine": platform.machine(),
        "hw_virt": bool(flags & {"vmx", "svm"}),
        "kvm_dev": os.access("/dev/kvm", os.R_OK | os.W_OK),
        "accel": accel, "tsc_khz": tsc_khz,
        "qemu": {a: first_line(["qemu-system-" + a, "--version"]) for a in ARCHS},
        "opensbi": opensbi,
        "hyperfine": first_line(["hyperfine", "--version"]),
        "loadavg_start": os.getloadavg()[0],
    }


def host_tsc_khz(bdir):
    """Host TSC kHz (x86_64 hosts): measured by support/bench/tsc-khz.c."""
    if platform.machine() != "x86_64":
        return None
    exe = os.path.join(bdir, "tsc-khz")
    src = os.path.join(BENCH_SRC, "tsc-khz.c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        r = sh(["gcc", "-O2", "-Wall", "-o", exe, src])
        if r.returncode:
            log("  warning: cannot build tsc-khz: " + r.stdout.decode()[-300:])
            return None
    r = sh([exe])
    try:
        return int(r.stdout.decode().strip())
    except ValueError:
        return None
