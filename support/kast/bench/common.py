# SPDX-License-Identifier: BSD-3-Clause
"""Logging, errors, commands, statistics and units shared by the bench modules."""
import statistics
import subprocess
import threading
import time

failures = []
log_lock = threading.Lock()


T_START = time.monotonic()


def log(msg):
    with log_lock:
        if msg.startswith("=="):
            msg = "%s  [%3.0f s]" % (msg, time.monotonic() - T_START)
        print(msg, flush=True)


def fail(what):
    failures.append(what)
    log("  ERROR: " + what)


def sh(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, **kw)


def first_line(cmd):
    try:
        r = sh(cmd)
        return r.stdout.decode("utf-8", "replace").strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def stats(xs):
    xs = sorted(xs)
    if not xs:
        return None
    n = len(xs)
    if n >= 2:
        q1, _, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    else:
        q1 = q3 = xs[0]
    return {"n": n, "median": statistics.median(xs), "q1": q1, "q3": q3,
            "min": xs[0], "max": xs[-1], "mean": statistics.fmean(xs),
            "stdev": statistics.stdev(xs) if n >= 2 else 0.0}


def with_mem(cmd, kib):
    """The same QEMU command with -m set to @kib KiB."""
    cmd = list(cmd)
    i = cmd.index("-m")
    cmd[i + 1] = "%dK" % kib
    return cmd


def fmt_bytes(b):
    if b is None:
        return "-"
    if b < 10000:
        return "%d B" % b
    if b < 1000 * 1000:
        return "%.1f KB" % (b / 1e3)
    return "%.2f MB" % (b / 1e6)


def fmt_kib(k):
    if k is None:
        return "-"
    if k < 10 * 1024:
        return "%d KiB" % k
    return "%.1f MiB" % (k / 1024.0)


def fmt_s(s):
    if s is None:
        return "-"
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.1f ms" % (s * 1e3)
    return "%.1f us" % (s * 1e6)


def fmt_us(us):
    return "-" if us is None else fmt_s(us / 1e6)
