# SPDX-License-Identifier: BSD-3-Clause
"""Measurements: wall time (hyperfine), boot stamps, microbenchmarks,
minimum memory."""
import json
import os
import re
import shlex
import signal
import statistics
import subprocess

from ..qemu import run_watchdog as run_guest
from .common import fail, stats, with_mem
from .config import (BOOT_PHASES, BOOT_STAMPS, CHECK_TIMEOUT_S, PROBE_TIMEOUT_FACTOR,
                     PROBE_TIMEOUT_MIN_S)


class Subject:
    """One guest: a QEMU command and what a successful run looks like."""

    def __init__(self, key, label, cmd, rc, pattern):
        self.key, self.label, self.cmd = key, label, cmd
        self.rc, self.pattern = rc, pattern
        self.check_s = None
        self.ok = False

    def success(self, rc, out):
        return rc == self.rc and re.search(self.pattern, out, re.M) is not None

    def check(self):
        rc, out, secs = run_guest(self.cmd, CHECK_TIMEOUT_S)
        self.check_s = secs
        self.ok = self.success(rc, out)
        if not self.ok:
            tail = "\n    ".join(out.strip().splitlines()[-8:])
            fail("%s: check run failed (QEMU status %s, expected %d, /%s/)\n    %s"
                 % (self.label, rc, self.rc, self.pattern, tail))
        return out


def hyperfine(subject, runs, warmup, jdir, tag):
    """Run @subject @runs times under hyperfine; list of (seconds, rc)."""
    jpath = os.path.join(jdir, "%s-%s.json" % (subject.key.replace("/", "-"), tag))
    cmd = ["hyperfine", "-N", "-i", "--style", "none", "--runs", str(runs),
           "--warmup", str(warmup), "--export-json", jpath, shlex.join(subject.cmd)]
    budget = (runs + warmup) * max(10.0, 20 * subject.check_s) + 60
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=budget)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        fail("%s: hyperfine did not finish within %.0f s (a run hung)" % (subject.label, budget))
        return []
    if p.returncode or not os.path.exists(jpath):
        fail("%s: hyperfine failed: %s" % (subject.label, out.decode()[-300:]))
        return []
    res = json.load(open(jpath))["results"][0]
    codes = res.get("exit_codes") or [subject.rc] * len(res["times"])
    return list(zip(res["times"], codes))


def wall_times(subjects, prof, jdir):
    """Interleaved hyperfine rounds so that background load hits every
    subject alike; returns {key: stats of seconds} and counts failures."""
    samples = {s.key: [] for s in subjects}
    bad = {s.key: 0 for s in subjects}
    for rnd in range(max(prof["wall_rounds"], prof["linux_rounds"])):
        for s in subjects:
            linux = s.key.endswith("/linux")
            rounds = prof["linux_rounds"] if linux else prof["wall_rounds"]
            if rnd >= rounds or not s.ok:
                continue
            total = prof["linux_runs"] if linux else prof["wall_runs"]
            runs = total // rounds + (1 if rnd < total % rounds else 0)
            warm = prof["linux_warmup"] if linux else prof["wall_warmup"]
            if linux and rnd:
                warm = 0
            for secs, rc in hyperfine(s, runs, warm, jdir, "r%d" % rnd):
                if rc == s.rc:
                    samples[s.key].append(secs)
                else:
                    bad[s.key] += 1
    res = {}
    for s in subjects:
        st = stats(samples[s.key])
        if st:
            st["failed_runs"] = bad[s.key]
            if bad[s.key]:
                fail("%s: %d timed run(s) ended with the wrong status" % (s.label, bad[s.key]))
        res[s.key] = st
    return res


def parse_boottime(out):
    m = re.search(r"^KAST-BOOTTIME (.*)$", out, re.M)
    if not m:
        return None
    kv = dict(x.split("=", 1) for x in m.group(1).split() if "=" in x)
    try:
        return {k: int(kv[k]) for k in BOOT_STAMPS + ["hz"]}
    except (KeyError, ValueError):
        return None


def boot_times(subject, runs, hz):
    """In-guest stamps over @runs runs: medians of each phase in us."""
    per = {p[0]: [] for p in BOOT_PHASES}
    tot_main, tot_exit, at_entry = [], [], []
    guest_hz = 0
    entry_missing = False
    for _ in range(runs):
        rc, out, _ = run_guest(subject.cmd, CHECK_TIMEOUT_S)
        st = parse_boottime(out) if subject.success(rc, out) else None
        if not st:
            fail("%s: no KAST-BOOTTIME line (status %s)" % (subject.label, rc))
            return None
        guest_hz = st["hz"] or guest_hz
        if not st["entry"]:
            entry_missing = True
            st["entry"] = st["ukboot"]

        def us(ticks):
            return ticks * 1e6 / hz
        for name, a, b, _ in BOOT_PHASES:
            per[name].append(us(st[b] - st[a]))
        tot_main.append(us(st["main"] - st["entry"]))
        tot_exit.append(us(st["exit"] - st["entry"]))
        at_entry.append(us(st["entry"]))
    return {"runs": runs, "counter_hz": hz, "guest_reported_hz": guest_hz,
            "entry_stamp_missing": entry_missing,
            "phases_us": {k: stats(v) for k, v in per.items()},
            "entry_to_main_us": stats(tot_main), "entry_to_exit_us": stats(tot_exit),
            "counter_at_entry_us": stats(at_entry)}


def parse_bench_lines(out):
    res = {}
    for m in re.finditer(r"^KAST-BENCH v=1 name=(\S+) ops=(\d+) ticks=([\d,]+)", out, re.M):
        res.setdefault(m.group(1), {"ops": int(m.group(2)), "ticks": []})
        res[m.group(1)]["ticks"] += [int(t) for t in m.group(3).split(",")]
    return res


def parse_kv_lines(out):
    """Other apps' result lines "KAST-<TAG> v=1 key=value ..." (not
    KAST-BENCH, not *-DONE): {label: {field: value}}, the label made of the
    tag and the non-numeric fields."""
    res = {}
    for m in re.finditer(r"^KAST-(\S+) v=1 (.*)$", out, re.M):
        if m.group(1) == "BENCH" or m.group(1).endswith("-DONE"):
            continue
        kv = dict(x.split("=", 1) for x in m.group(2).split() if "=" in x)
        label = "/".join(v for k, v in kv.items() if not re.fullmatch(r"[\d.]+", v) and k != "unit")
        res["%s:%s" % (m.group(1).lower(), label)] = kv
    return res


def micro(subject, runs, hz, done_mark):
    """Run a benchmark app @runs times: per KAST-BENCH benchmark ns/op
    statistics, other KAST-<TAG> result lines (numeric fields: median over
    runs) and the app's remaining output lines."""
    merged, other, kvs = {}, [], {}
    for i in range(runs):
        rc, out, _ = run_guest(subject.cmd, CHECK_TIMEOUT_S * 3)
        if rc != subject.rc or (done_mark and done_mark not in out):
            fail("%s: run %d failed (status %s)" % (subject.label, i, rc))
            continue
        for name, v in parse_bench_lines(out).items():
            e = merged.setdefault(name, {"ops": v["ops"], "ticks": []})
            e["ticks"] += v["ticks"]
        for label, kv in parse_kv_lines(out).items():
            kvs.setdefault(label, []).append(kv)
        if i == 0:
            other = [line for line in out.splitlines()
                     if line.strip() and not line.startswith("KAST-")
                     and not line.startswith(("kast-qemu", "OpenSBI", "INFO "))][-40:]
    res = {}
    for name, v in merged.items():
        per_op = [t / v["ops"] for t in v["ticks"]]
        res[name] = {"ops": v["ops"], "reps": len(per_op),
                     "ticks_per_op": stats(per_op),
                     "ns_per_op": stats([t * 1e9 / hz for t in per_op]) if hz else None}
    for label, rows in kvs.items():
        e = {"runs": len(rows)}
        for k in rows[0]:
            vals = [r.get(k) for r in rows]
            try:
                e[k] = statistics.median(float(v) for v in vals)
            except (TypeError, ValueError):
                e[k] = vals[0]
        res[label] = e
    return res, other


def min_memory(subject, hi_kib, gran_kib, confirm):
    """Smallest -m (KiB, multiple of @gran_kib) with which @subject still
    completes (@confirm more runs at the edge); hi_kib is known to work.
    None if the edge cannot be confirmed."""
    timeout = max(PROBE_TIMEOUT_MIN_S, PROBE_TIMEOUT_FACTOR * (subject.check_s or 1))
    probes = 0
    below = {}   # how the largest failing probe failed

    def ok(kib):
        nonlocal probes
        probes += 1
        rc, out, _ = run_guest(with_mem(subject.cmd, kib), timeout)
        good = subject.success(rc, out)
        if not good and kib >= below.get("kib", 0):
            lines = [line.strip() for line in out.splitlines() if line.strip()]
            qemu = [line for line in lines if line.startswith("qemu-system")]
            why = "hung (killed after %.0f s)" % timeout if rc is None else \
                "QEMU status %d" % rc
            last = (qemu or lines or [""])[0 if qemu else -1][:120]
            below.update(kib=kib, why=why + (": " + last if last else ""))
        return good

    lo, hi = 0, hi_kib
    while hi - lo > gran_kib:
        mid = (lo + hi) // 2 // gran_kib * gran_kib
        if mid <= lo:
            mid = lo + gran_kib
        if ok(mid):
            hi = mid
        else:
            lo = mid
    # confirm (memory needs are deterministic, but be sure of the edge)
    tries = 0
    while not all(ok(hi) for _ in range(confirm)):
        hi += gran_kib
        tries += 1
        if tries > 8:
            return None, probes, below
    return hi, probes, below
