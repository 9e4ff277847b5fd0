# SPDX-License-Identifier: BSD-3-Clause
"""Differential tests: the same program, built for the host and as a Kast
image, runs the same scripts; outputs and exit statuses must be identical.

usage: difftest [--build DIR] [--arch x86_64|riscv64|all] [--jobs N]
                [--mem MB] [--timeout S] [--host-only] [-v] [lua|sqlite3|all]

Guests get 256 MiB unless --mem says otherwise (lua/closures.lua's stack
overflow test needs ~72 MiB on the host too).

Programs (apps/<app>/Makefile builds them, changing only the compiler):
  lua       lua /t/NAME.lua                      for tests/diff/lua/*.lua
  sqlite3   sqlite3 :memory: ".read /t/NAME.sql"  for tests/diff/sqlite/*.sql
A script may give other arguments in a "-- args: ..." line near its top
(shell words; {script} is the script's path /t/NAME.ext).

The scripts are in /t and /tmp is an empty folder, on both sides: the Kast
image gets them in an initrd (kast-run --initrd), the host program runs in
a private root with the same layout (unshare -r --root, or chroot as root)
and the environment a Kast program has (PATH=/bin:/usr/bin HOME=/
TERM=linux). stdout and stderr are one stream on both sides.

Builds are kept in DIR (default build/difftest) and redone only when their
inputs change; kast-cc's kit is cached in DIR/kast-cache unless KAST_CACHE
is set. One test is one script on one architecture; the last line is
"difftest: N passed, N failed"; the exit status is 1 when any failed.
--host-only runs every script twice on the host and checks that the
outputs are stable (no Kast image is needed).
"""
import argparse
import concurrent.futures
import difflib
import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from . import ARCHS, BIN, SRC, deps
from .report import summary_line

KAST_RUN = os.path.join(BIN, "kast-run")
GUEST_ENV = {"PATH": "/bin:/usr/bin", "HOME": "/", "TERM": "linux"}
APPS = {
    # app: (tests folder, extension, default arguments)
    "lua": ("lua", ".lua", ["{script}"]),
    "sqlite3": ("sqlite", ".sql", [":memory:", ".read {script}"]),
}
DIFF_LINES = 60

lock = threading.Lock()


def log(msg=""):
    with lock:
        print(msg, flush=True)


def script_args(app, path, name):
    """Arguments for the program: the script's "-- args:" line or the default."""
    args = APPS[app][2]
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(10), f):
            m = re.match(r"^--\s*args:\s*(.*)$", line.rstrip("\n"))
            if m:
                args = shlex.split(m.group(1))
                break
    return [a.replace("{script}", "/t/" + name) for a in args]


# ---------------------------------------------------------------------------
# dependencies and builds
# ---------------------------------------------------------------------------

def ensure_deps(archs, host_only):
    """What the builds and runs need (support/scripts/ensure-deps), and the
    differential tests' own packages."""
    ok = deps.ensure("build", "x86_64")
    if not host_only:
        for a in archs:
            ok = ok and deps.ensure("build", a) and deps.ensure("run", a)
    if not ok:
        sys.exit(1)
    err = deps.install(deps.missing([("tclsh", "tcl"), ("musl-gcc", "musl-tools"),
                                     ("patch", "patch"), ("unshare", "util-linux")]))
    if err:
        sys.exit("error: " + err)


def build(app, target, build_dir, verbose):
    """make -f apps/<app>/Makefile O=<build>/apps TARGET; True if it built."""
    logfile = os.path.join(build_dir, "build-%s-%s.log" % (app, target))
    cmd = ["make", "-j%d" % max(2, os.cpu_count() or 2), "-f",
           os.path.join(SRC, "apps", app, "Makefile"), "O=" + os.path.join(build_dir, "apps"),
           target]
    t0 = time.monotonic()
    with open(logfile, "w") as f:
        f.write("$ %s\n" % " ".join(cmd))
        f.flush()
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if r.returncode != 0 or not os.path.exists(binary(build_dir, app, target)):
        with open(logfile, errors="replace") as f:
            tail = f.read().splitlines()[-25:]
        log("difftest: building %s for %s failed (make status %d), see %s:\n    %s" %
            (app, target, r.returncode, logfile, "\n    ".join(tail)))
        return False
    if verbose:
        log("difftest: %s for %s built in %.0fs" % (app, target, time.monotonic() - t0))
    return True


def prepare_kit(arch, build_dir, verbose):
    """Have kast-cc build its kit for @arch now (a no-op when it exists)."""
    kast_cc = os.path.join(SRC, "support", "bin", "kast-cc")
    if not os.access(kast_cc, os.X_OK):
        return  # the image builds say so
    t0 = time.monotonic()
    src = os.path.join(build_dir, "kit-probe.c")
    with open(src, "w") as f:
        f.write("int kit_probe;\n")
    logfile = os.path.join(build_dir, "build-kit-%s.log" % arch)
    env = dict(os.environ, MAKEFLAGS="-j%d" % max(2, os.cpu_count() or 2))
    with open(logfile, "w") as f:
        subprocess.run([kast_cc, "--arch", arch, "-c",
                        "-o", os.devnull, src], stdout=f, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, env=env)
    if verbose:
        log("difftest: kast-cc kit for %s ready in %.0fs" % (arch, time.monotonic() - t0))


def binary(build_dir, app, target):
    return os.path.join(build_dir, "apps", app, target, app)


# ---------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------

def stage_scripts(app, scripts, work):
    """A folder with t/ (the scripts) and an empty tmp/: the guest's initrd."""
    root = os.path.join(work, "initrd-" + app)
    os.makedirs(os.path.join(root, "t"))
    os.makedirs(os.path.join(root, "tmp"))
    for s in scripts:
        shutil.copy(s, os.path.join(root, "t"))
    return root


def host_sandbox_cmd():
    """How to run a program in a private root: unshare -r --root, else chroot."""
    r = subprocess.run(["unshare", "-r", "--root=/", "true"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if r.returncode == 0:
        return lambda root: ["unshare", "-r", "--root=" + root]
    if os.getuid() == 0 and shutil.which("chroot"):
        return lambda root: ["chroot", root]
    sys.exit("difftest: cannot run the host program in a private root: "
             "'unshare -r' (user namespaces) fails and we are not root")


def run_host(sandbox, app, prog, staged, args, work, timeout):
    root = tempfile.mkdtemp(prefix="host-", dir=work)
    os.makedirs(os.path.join(root, "bin"))
    shutil.copy(prog, os.path.join(root, "bin", app))
    shutil.copytree(os.path.join(staged, "t"), os.path.join(root, "t"))
    os.makedirs(os.path.join(root, "tmp"))
    try:
        r = subprocess.run(sandbox(root) + [app] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           env=GUEST_ENV, timeout=timeout)
        return r.returncode, r.stdout, b""
    except subprocess.TimeoutExpired as e:
        return 137, e.stdout or b"", b"host run timed out"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_guest(image, staged, args, mem, timeout):
    # the host side runs in a private root: no share of the current folder
    cmd = [KAST_RUN, "--no-cwd", "--initrd", staged, "--timeout", str(timeout)]
    if mem:
        cmd += ["--mem", str(mem)]
    cmd += [image, "--"] + args
    # the accelerator is kast-qemu's choice (KVM only with vmx/svm), or ACCEL;
    # stdout and stderr one stream, as on the host (kast-run then gives the
    # guest one port for both: their order is kept)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr or b""


def show(data):
    return data.decode("utf-8", "replace")


def compare(label, want, got):
    """None if equal, else a report: status and a unified diff."""
    (rc_w, out_w, _), (rc_g, out_g, err_g) = want, got
    if rc_w == rc_g and out_w == out_g:
        return None
    lines = []
    if rc_w != rc_g:
        lines.append("exit status: host %d, Kast %d" % (rc_w, rc_g))
    if out_w != out_g:
        a = show(out_w).splitlines(keepends=True)
        b = show(out_g).splitlines(keepends=True)
        diff = list(difflib.unified_diff(a, b, "host/" + label, "kast/" + label, n=2))
        if not diff:  # same text after decoding: bytes differ (e.g. invalid UTF-8)
            diff = ["(outputs differ in bytes that do not decode)\n"]
        if len(diff) > DIFF_LINES:
            diff = diff[:DIFF_LINES] + ["... (%d more diff lines)\n" % (len(diff) - DIFF_LINES)]
        lines += [d if d.endswith("\n") else d + "\n\\ No newline at end of file\n" for d in diff]
    if err_g.strip():
        tail = show(err_g).strip().splitlines()[-10:]
        lines.append("kast-run stderr:\n  " + "\n  ".join(tail) + "\n")
    return "".join(x if x.endswith("\n") else x + "\n" for x in lines)


def main(argv=None):
    parts = __doc__.split("\n\n")
    p = argparse.ArgumentParser(prog="difftest",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                usage=parts[1].replace("usage: ", ""),
                                description="\n\n".join([parts[0]] + parts[2:]))
    p.add_argument("--build", default=os.path.join(SRC, "build", "difftest"))
    p.add_argument("--arch", default="all", choices=list(ARCHS) + ["all"])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--mem", type=int, default=256, help="guest MiB (default 256)")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--host-only", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    p.add_argument("what", nargs="?", default="all", choices=list(APPS) + ["all"])
    a = p.parse_args(argv)
    build_dir = os.path.abspath(a.build)
    os.makedirs(build_dir, exist_ok=True)
    archs = list(ARCHS) if a.arch == "all" else [a.arch]
    apps = list(APPS) if a.what == "all" else [a.what]
    os.environ.setdefault("KAST_CACHE", os.path.join(build_dir, "kast-cache"))
    ensure_deps(archs, a.host_only)
    t_start = time.monotonic()

    # build: first the host programs and kast-cc's kits (one per
    # architecture; kast-cc builds a missing kit on its first compile, here
    # with make -j so that the apps' builds do not wait on a serial one),
    # then the images
    built = {app: {} for app in apps}
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(apps) * 3 + 2) as pool:
        kits = [] if a.host_only else [pool.submit(prepare_kit, arch, build_dir, a.verbose)
                                       for arch in archs]
        futs = {(app, "host"): pool.submit(build, app, "host", build_dir, a.verbose)
                for app in apps}
        for k in kits:
            k.result()
        for app in apps:
            for t in ([] if a.host_only else archs):
                futs[(app, t)] = pool.submit(build, app, t, build_dir, a.verbose)
        for (app, t), fut in futs.items():
            built[app][t] = fut.result()
    if a.verbose:
        log("difftest: builds done in %.0fs" % (time.monotonic() - t_start))

    # run
    sandbox = host_sandbox_cmd()
    work = tempfile.mkdtemp(prefix="run-", dir=build_dir)
    results = []  # (name, ok, report)
    try:
        jobs = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            for app in apps:
                folder, ext, _ = APPS[app]
                scripts = sorted(glob.glob(os.path.join(SRC, "tests", "diff", folder,
                                                        "*" + ext)))
                if not scripts:
                    results.append(("%s: no scripts" % app, False,
                                    "no tests/diff/%s/*%s" % (folder, ext)))
                    continue
                staged = stage_scripts(app, scripts, work)
                host_bin = binary(build_dir, app, "host")
                for s in scripts:
                    name = os.path.basename(s)
                    args = script_args(app, s, name)
                    host = pool.submit(run_host, sandbox, app, host_bin, staged, args, work,
                                       a.timeout) if built[app]["host"] else None
                    if a.host_only:
                        again = pool.submit(run_host, sandbox, app, host_bin, staged, args,
                                            work, a.timeout) if host else None
                        jobs.append(("host", app, name, host, again))
                        continue
                    for arch in archs:
                        guest = None
                        if built[app].get(arch):
                            guest = pool.submit(run_guest, binary(build_dir, app, arch), staged,
                                                args, a.mem, a.timeout)
                        jobs.append((arch, app, name, host, guest))
            for arch, app, name, host, guest in jobs:
                label = "%s/%s" % (app, name)
                if host is None:
                    report = "the host %s did not build" % app
                elif guest is None:
                    report = ("the %s image did not build" % arch) if arch != "host" else None
                else:
                    report = compare(label, host.result(), guest.result())
                    if a.host_only and report:
                        report = "host output differs between two runs\n" + report
                ok = report is None
                results.append(("[%s] %s" % (arch, label), ok, report))
                log("%s  [%s] %s%s" % ("PASS" if ok else "FAIL", arch, label, "" if ok else
                                       "\n    " + report.rstrip("\n").replace("\n", "\n    ")))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    if a.verbose:
        log("difftest: %.0fs in all" % (time.monotonic() - t_start))
    log(summary_line(passed, failed, "difftest"))
    return 1 if failed else 0
