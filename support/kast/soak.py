# SPDX-License-Identifier: BSD-3-Clause
"""Boot every in-guest suite image many times and count what goes wrong
(what `make soak` runs; not part of make test).

usage: soak --build DIR [--runs N] [--load] [--jobs N] [--arch ARCH]...
            [--timeout S]

The images are runtests' in-guest suites (kast.matrix.suites()): selftest
and posixtest, with the cooperative (default) and the preemptive
scheduler, on every architecture with a port; built like runtests builds
them, in DIR/<arch>-<image>. Each boots N times (default 10) in real time
with runtests' expectations, the runs of all images interleaved so that
load changes on the host fall on every image alike.

--load keeps two busy loops running on the host meanwhile (stopped at the
end, also on Ctrl-C). Boots run two at a time (the machines have 2 cores),
one at a time with --load, so that the load really competes with the one
VM; --jobs overrides.

Then, on every architecture with the POSIX layer, tests/io/iotest.c
(kast-cc) boots IO_BOOTS times under kast-run with its input waiting in
a pipe before the VM starts; every byte must arrive (iotest.boot_input).

A run passes, fails (wrong exit status, failed in-guest cases, missing
output) or hangs: killed by the watchdog, after 5 times the image's median
run time so far (at least 60 s; 300 s until one run ended). The output of
every failed or hung run is kept in DIR/logs. The report gives per image
runs, passes, failures, hangs and the hang rate, and per failing in-guest
case how often it failed; an image that does not build is named and the
others soak. The exit status is 1 when any run failed or hung or an image
did not build.
"""
import argparse
import collections
import concurrent.futures
import os
import signal
import statistics
import subprocess
import sys
import threading
import time

from . import deps, iotest, matrix, ports, qemu, uktest
from .report import Results
from .runtests import build_images, expectations, features, initrds_for, set_build_env

DEFAULT_RUNS = 10
IO_BOOTS = 50               # boots with input waiting before the start
FIRST_TIMEOUT_S = 300       # until one run of the image ended
MIN_TIMEOUT_S = 60
TIMEOUT_FACTOR = 5          # times the image's median run time
LOAD_LOOPS = 2
BUSY_LOOP = ["sh", "-c", "while :; do :; done"]


class Subject:
    """One image's suite boot and its tally."""

    def __init__(self, arch, boot, img, initrd, first_timeout):
        self.arch, self.boot, self.img, self.initrd = arch, boot, img, initrd
        self.first_timeout = first_timeout
        self.lock = threading.Lock()
        self.runs = self.passes = self.failures = self.hangs = 0
        self.times = []
        self.cases = collections.Counter()      # failed in-guest case -> runs
        self.reasons = collections.Counter()    # failures without a failed case

    @property
    def label(self):
        return "%s %s" % (self.arch, self.boot.image)

    def timeout(self):
        with self.lock:
            if not self.times:
                return self.first_timeout
            return max(MIN_TIMEOUT_S, TIMEOUT_FACTOR * statistics.median(self.times))

    def tally(self, outcome, secs, cases, reasons):
        with self.lock:
            self.runs += 1
            if outcome == "hang":
                self.hangs += 1
                return
            self.times.append(secs)
            if outcome == "pass":
                self.passes += 1
            else:
                self.failures += 1
                self.cases.update(cases)
                if not cases:
                    self.reasons.update(reasons)


def run_once(s, n, runs, logdir, out):
    """Boot @s once; prints one line, keeps the output of a bad run."""
    timeout = s.timeout()
    b = s.boot
    rc, text, secs = qemu.boot(s.img, b.args, b.append, b.machine, b.accel, timeout,
                               initrd=s.initrd, stdin_data=b.stdin)
    if rc == qemu.EXIT_INTERRUPTED:
        return      # Ctrl-C reached the VM too: not a result
    cases, reasons = [], []
    if rc == qemu.EXIT_TIMEOUT:
        outcome = "hang"
        what = "HANG (killed after %g s)" % timeout
    else:
        problems, _ = expectations(s.arch, b, rc, text)
        outcome = "fail" if problems else "pass"
        cases = sorted(set(uktest.failed_cases(text)))
        if problems and not cases:
            reasons = [problems[0]]
        what = "pass" if not problems else "FAIL: " + ", ".join(cases or reasons)
    if outcome != "pass":
        log = os.path.join(logdir, "%s-%s-run%d.log" % (s.arch, b.image, n))
        with open(log, "w") as f:
            f.write(text)
        what += " (%s)" % log
    s.tally(outcome, secs, cases, reasons)
    out.log("  [%s] %-18s run %*d/%d: %s, %.1f s"
            % (s.arch, b.image, len(str(runs)), n, runs, what, secs))


def start_load(n):
    return [subprocess.Popen(BUSY_LOOP, stdin=subprocess.DEVNULL) for _ in range(n)]


def stop_load(procs):
    for p in procs:
        if p.poll() is None:
            p.kill()
        p.wait()


def report(subjects, elapsed):
    print("\n== Soak report (%.0f s)" % elapsed)
    print("  %-28s %5s %6s %8s %6s %10s %11s"
          % ("image", "runs", "passes", "failures", "hangs", "hang rate", "median run"))
    tot = collections.Counter()
    for s in subjects:
        rate = 100.0 * s.hangs / s.runs if s.runs else 0.0
        med = "%.1f s" % statistics.median(s.times) if s.times else "-"
        print("  %-28s %5d %6d %8d %6d %9.1f%% %11s"
              % (s.label, s.runs, s.passes, s.failures, s.hangs, rate, med))
        for case, k in s.cases.most_common():
            print("      failing case %-40s %d of %d runs" % (case, k, s.runs))
        for why, k in s.reasons.most_common():
            print("      failure %-45s %d of %d runs" % (why[:45], k, s.runs))
        tot.update(runs=s.runs, passes=s.passes, failures=s.failures, hangs=s.hangs)
    rate = 100.0 * tot["hangs"] / tot["runs"] if tot["runs"] else 0.0
    print("soak: %d runs, %d passed, %d failed, %d hung (hang rate %.1f%%)"
          % (tot["runs"], tot["passes"], tot["failures"], tot["hangs"], rate))
    return tot["failures"] + tot["hangs"] == 0 and tot["runs"] > 0


def prepare(build_dir, archs, first_timeout, out):
    """Build the suite images: ([Subject], labels of images that did not
    build)."""
    subjects, unbuilt = [], []
    for arch in archs:
        if not (deps.ensure("build", arch) and deps.ensure("run", arch)):
            unbuilt.append("%s (dependencies missing)" % arch)
            continue
        feats = features(arch)
        boots = [b for b in matrix.suites() if set(matrix.image(b.image).needs) <= feats]
        out.log("== %s: building %s" % (arch, ", ".join(b.image for b in boots)))
        imgs = build_images(build_dir, arch, [matrix.image(b.image) for b in boots])
        initrds = initrds_for(build_dir, arch, boots)
        for b in boots:
            if imgs[b.image] is None:
                unbuilt.append("%s %s" % (arch, b.image))
                continue
            subjects.append(Subject(arch, b, imgs[b.image], initrds.get(b.initrd),
                                    first_timeout))
    return subjects, unbuilt


def io_soak(build_dir, archs, out):
    """IO_BOOTS boots of iotest with its input waiting at boot, per
    architecture: True when every byte arrived every time."""
    ok = True
    for arch in archs:
        if "posix" not in features(arch):
            continue
        img, log = iotest.build(arch, os.path.join(build_dir, "io"))
        if not img:
            out.log("soak: %s tests/io/iotest.c did not build:\n%s" % (arch, log[-1500:]))
            ok = False
            continue
        try:
            detail = iotest.boot_input(img, IO_BOOTS)
            out.log("soak: %s input at boot: %s" % (arch, detail))
        except iotest.Failure as e:
            out.log("soak: %s input at boot FAILED: %s" % (arch, e))
            ok = False
    return ok


def main(argv=None):
    p = argparse.ArgumentParser(prog="soak", description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="\n\n".join(__doc__.split("\n\n")[2:]))
    p.add_argument("--build", required=True, help="build folder (make soak: $(O)/soak)")
    p.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="boots per image")
    p.add_argument("--load", action="store_true", help="two host busy loops meanwhile")
    p.add_argument("--jobs", type=int, help="boots at once (default 2, 1 with --load)")
    p.add_argument("--arch", action="append", help="limit to these architectures")
    p.add_argument("--timeout", type=float, default=FIRST_TIMEOUT_S,
                   help="watchdog until an image's first run ended (s)")
    a = p.parse_args(argv)
    if a.runs < 1:
        p.error("--runs must be at least 1")
    build_dir = os.path.abspath(a.build)
    logdir = os.path.join(build_dir, "logs")
    os.makedirs(logdir, exist_ok=True)
    set_build_env(build_dir)
    out = Results()
    archs = [x for x in ports() if not a.arch or x in a.arch]
    subjects, unbuilt = prepare(build_dir, archs, a.timeout, out)
    if not subjects:
        print("soak: no image built (see above)", file=sys.stderr)
        return 1
    jobs = a.jobs or (1 if a.load else 2)
    out.log("== soak: %d images x %d runs, %d at a time%s, accelerator %s"
            % (len(subjects), a.runs, jobs, ", with %d busy loops" % LOAD_LOOPS
               if a.load else "", os.environ["ACCEL"]))
    # SIGINT and SIGTERM end the soak: busy loops stopped, report printed
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    t0 = time.monotonic()
    load = start_load(LOAD_LOOPS) if a.load else []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
    interrupted = False
    try:
        futs = [pool.submit(run_once, s, n, a.runs, logdir, out)
                for n in range(1, a.runs + 1) for s in subjects]
        for f in futs:
            f.result()
    except KeyboardInterrupt:
        interrupted = True
        out.log("soak: interrupted; the runs so far:")
        pool.shutdown(wait=False, cancel_futures=True)
    finally:
        stop_load(load)
    pool.shutdown(wait=True)
    ok = report(subjects, time.monotonic() - t0)
    if not interrupted:
        ok = io_soak(build_dir, archs, out) and ok
    for label in unbuilt:
        print("soak: %s did not build, not soaked" % label)
    ok = ok and not unbuilt
    return qemu.EXIT_INTERRUPTED if interrupted else 0 if ok else 1
