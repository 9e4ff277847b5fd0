# SPDX-License-Identifier: BSD-3-Clause
"""Kast test harness (what `make test` runs).

1. Host checks: unit tests (built by `make host-tests` with ASan+UBSan;
   each program prints "<suite>: N passed, N failed" and its cases count
   in the summary) and the lint of the tools (flake8 over support/'s
   Python, shellcheck over the shell scripts; one test each), and the
   tools' own host-side parts (kast.hostfwdtest: published ports take a
   burst of connections).
2. A short libFuzzer run of every fuzz target (--fuzz-seconds).
3. For every architecture with a port under arch/: the images and boots of
   kast.matrix (helloworld, selftest, crashtest, posixtest and variants
   with the other allocator and scheduler), booted under QEMU with output
   and exit status checked. In-guest suites ("uktest: N passed, N
   failed") count their cases in the summary; the preemptive scheduler's
   suites run once more with the icount clock (guest time from executed
   instructions, independent of the host's load). A KVM smoke boot of
   helloworld whenever /dev/kvm works. virtio-net's ARP test on each
   transport (a NIC on user networking). The host-driven network tests
   (kast.nettest, matrix.NET_TESTS): tests/net/ programs built with
   kast-cc, booted with kast-run -p / --net user, the other side (TCP
   and UDP clients, an HTTP server) in Python. The 9p share tests
   (kast.fstest): tests/fs9p/ programs and apps/sqlite3 on kast-run -v
   shares, compared with the host. The stream tests
   (kast.iotest, matrix.IO_TESTS): tests/io/iotest.c built with kast-cc
   and run with kast-run through pipes, /dev/null, a closed stdin and
   ptys (stdin/stdout/stderr over virtio-console). Real programs
   (kast.progtest, "progs zlib/lz4/bc/xxhsum"): Debian sources built with
   CC=kast-cc and with the host's cc, same stdout and exit status. The
   hardening attacks (kast.attack) and the guest profiler's test
   (kast.proftest: kast-prof finds tests/prof/spin.c's busy function).
4. The differential tests (support/scripts/difftest): lua and sqlite3,
   built for the host and with kast-cc for each architecture, run the
   same scripts from tests/diff/; each script on each architecture is a
   test (--no-diff skips them).
5. Real servers (support/scripts/servertest): redis with its own test
   suite and nginx serving files, built with kast-cc for each
   architecture and driven from the host (--no-servers skips them; with
   --only, they run when the regex matches "redis" or "nginx").

All images and kast-cc kits share one musl build per architecture
(KAST_MUSL_CACHE=<build>/musl).

Guest tests use TCG unless ACCEL says otherwise: on hosts without vmx/svm
a KVM may emulate every guest kernel instruction, ~100x slower than TCG
(docs/machines.md, "KVM or TCG"). Output: "PASS  [arch] name" or "FAIL
[arch] name: detail" per test, a summary per architecture, and last
"N passed, N failed"; the exit status is non-zero on any failure.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

from . import (SRC, attack, build, checks, deps, fstest, hostfwdtest, iotest, lint, matrix,
               nettest, ports, progtest, proftest, qemu, script, storagetest, uktest)
from .report import SUMMARY_RE, Results, excerpt

results = Results()


def features(arch):
    """What the architecture offers, for matrix `needs`."""
    f = {arch}
    # threads need the architecture's context switch (uksched)
    if os.path.exists(os.path.join(SRC, "arch", arch, "ctx.S")):
        f.add("threads")
        if os.path.exists(os.path.join(SRC, "apps", "posixtest")):
            f.add("posix")
    if nettest.can_netns():
        f.add("netns")
    if arch == "x86_64" and os.access("/dev/kvm", os.R_OK | os.W_OK) and \
       os.environ.get("KAST_SKIP_KVM") != "1":
        f.add("kvm")
    return f


# ---------------------------------------------------------------------------
# Boots
# ---------------------------------------------------------------------------
def expectations(arch, boot, rc, out):
    """(problems, uktest counts or None) of a boot's output."""
    problems = []
    if rc != boot.rc:
        problems.append("exit status %d, expected %d" % (rc, boot.rc))
    for pat in boot.want:
        pat = pat.replace("{arch}", arch)
        if not re.search(pat, out, re.M):
            problems.append("output lacks /%s/" % pat)
    for pat in boot.absent:
        pat = pat.replace("{arch}", arch)
        if re.search(pat, out, re.M):
            problems.append("output has /%s/" % pat)
    count = None
    if boot.counts:
        count = uktest.summary(out)
        if not count:
            problems.append("no 'uktest: N passed, N failed' line")
        elif count[1]:
            problems.append("%d in-guest test(s) failed" % count[1])
            problems += uktest.fail_lines(out)
    return problems, count


def run_boot(arch, boot, img, initrd):
    """Boot one matrix entry: (rc, output, seconds)."""
    return qemu.boot(img, boot.args, boot.append, boot.machine, boot.accel, boot.timeout,
                     initrd=initrd, stdin_data=boot.stdin, icount=boot.icount, net=boot.net,
                     qemu_args=boot.qemu, rng=boot.rng)


def test_boot(arch, boot, img, initrd):
    if not img:
        results.record(arch, boot.name, False, "image did not build")
        return
    if boot.check:
        ok, detail = checks.CHECKS[boot.check](img, boot)
        results.record(arch, boot.name, ok, detail)
        return
    rc, out, _ = run_boot(arch, boot, img, initrd)
    problems, count = expectations(arch, boot, rc, out)
    results.record(arch, boot.name, not problems,
                   "; ".join(problems) + ("" if not problems else excerpt(out)), count)


def make_initrd(name, out):
    subprocess.run([sys.executable, os.path.join(SRC, matrix.INITRDS[name]), out], check=True)
    return out


def build_images(build_dir, arch, images):
    """Build matrix images of @arch in <build_dir>/<arch>-<key>, one at a
    time; returns {key: image path or None}, each build recorded."""
    imgs = {}
    for im in images:
        img, logfile = build.build_image(os.path.join(build_dir, "%s-%s" % (arch, im.key)),
                                         arch, im.app, im.extra)
        if not img:
            results.record(arch, "build " + im.key, False,
                           "see %s%s" % (logfile, excerpt(build.log_tail(logfile), 25)))
        else:
            results.record(arch, "build " + im.key, True)
        imgs[im.key] = img
    return imgs


def initrds_for(build_dir, arch, boots):
    """The initrd files the boots use: {name: path}."""
    return {name: make_initrd(name, os.path.join(build_dir, "%s-%s.cpio" % (arch, name)))
            for name in sorted({b.initrd for b in boots if b.initrd})}


def test_net(arch, test, img):
    if not img:
        results.record(arch, test.name, False, "tests/net/%s.c did not build" % test.program)
        return
    ok, detail = nettest.run(arch, img, test)
    results.record(arch, test.name, ok, detail)


def net_images(build_dir, arch, programs):
    """tests/net's @programs built with kast-cc (its kit is difftest's:
    KAST_CACHE): {program: image path or None}, each build recorded."""
    imgs = {}
    for prog in sorted(programs):
        img, out = nettest.build(arch, prog, os.path.join(build_dir, "net"))
        results.record(arch, "build tests/net/%s.c (kast-cc)" % prog, bool(img),
                       "" if img else excerpt(out, 25))
        imgs[prog] = img
    return imgs


def test_storage(arch, test, img):
    if not img:
        results.record(arch, test.name, False, "tests/storage/%s.c did not build"
                       % test.program)
        return
    ok, detail = storagetest.run(arch, img, test)
    results.record(arch, test.name, ok, detail)


def storage_images(build_dir, arch, programs):
    """tests/storage's @programs built with kast-cc: {program: image or None}."""
    imgs = {}
    for prog in sorted(programs):
        img, out = storagetest.build(arch, prog, os.path.join(build_dir, "storage"))
        results.record(arch, "build tests/storage/%s.c (kast-cc)" % prog, bool(img),
                       "" if img else excerpt(out, 25))
        imgs[prog] = img
    return imgs


def test_io(arch, test, img):
    if not img:
        results.record(arch, test.name, False, "tests/io/iotest.c did not build")
        return
    ok, detail = iotest.run_test(img, test)
    results.record(arch, test.name, ok, detail)


def io_image(build_dir, arch):
    """tests/io/iotest.c built with kast-cc (the kit of the network
    tests), the build recorded: the image or None."""
    img, out = iotest.build(arch, os.path.join(build_dir, "io"))
    results.record(arch, "build tests/io/iotest.c (kast-cc)", bool(img),
                   "" if img else excerpt(out, 25))
    return img


def selected(name, only):
    return only is None or re.search(only, name) is not None


def arch_tests(build_dir, arch, pool, only=None):
    """Build and boot @arch's matrix; with the regex @only, just the boots
    and network tests whose name (or image key) it matches, and the images
    they need."""
    results.log("== %s: building images" % arch)
    feats = features(arch)
    boots = [b for b in matrix.BOOTS if set(b.needs) <= feats
             and (selected(b.name, only) or selected(b.image, only))]
    keys = {b.image for b in boots}
    images = [im for im in matrix.IMAGES if set(im.needs) <= feats
              and (only is None or im.key in keys)]
    imgs = build_images(build_dir, arch, images)
    boots = [b for b in boots if b.image in imgs]
    initrds = initrds_for(build_dir, arch, boots)
    # the longest first, so that they do not end the run alone
    boots.sort(key=lambda b: -b.timeout)
    futs = [pool.submit(test_boot, arch, b, imgs[b.image], initrds.get(b.initrd))
            for b in boots]
    nets = [t for t in matrix.NET_TESTS if set(t.needs) <= feats and selected(t.name, only)]
    if "posix" in feats and nets:
        nimgs = net_images(build_dir, arch, {t.program for t in nets})
        futs += [pool.submit(test_net, arch, t, nimgs[t.program]) for t in nets]
    stors = [t for t in matrix.STORAGE_TESTS if set(t.needs) <= feats and selected(t.name, only)]
    if "posix" in feats and stors:
        simgs = storage_images(build_dir, arch, {t.program for t in stors})
        futs += [pool.submit(test_storage, arch, t, simgs[t.program]) for t in stors]
    fsts = [n for n in fstest.TESTS if selected(n, only)]
    if "posix" in feats and fsts:
        arts = fstest.prepare(build_dir, arch, fsts, results.record)
        futs += [pool.submit(test_fs, arch, n, arts) for n in fsts]
    ios = [t for t in matrix.IO_TESTS if set(t.needs) <= feats and selected(t.name, only)]
    if "posix" in feats and ios:
        img = io_image(build_dir, arch)
        futs += [pool.submit(test_io, arch, t, img) for t in ios]
    progs = [n for n in progtest.tests(arch) if selected(n, only)]
    if "posix" in feats and progs:
        parts = progtest.prepare(build_dir, arch, progs, results.record)
        futs += [pool.submit(test_prog, arch, n, parts) for n in progs]
    # attacks on the hardening (kast/attack.py)
    if "posix" in feats:
        futs += attack.submit(build_dir, arch, pool, lambda n: selected(n, only),
                              results.record)
    # the guest profiler (kast/prof.py)
    if "posix" in feats:
        futs += proftest.submit(build_dir, arch, pool, lambda n: selected(n, only),
                                results.record)
    return futs


def test_prog(arch, name, arts):
    ok, detail = progtest.run_test(arch, name, arts)
    results.record(arch, name, ok, detail)


def test_fs(arch, name, arts):
    ok, detail = fstest.run(arch, name, arts)
    results.record(arch, name, ok, detail)


# ---------------------------------------------------------------------------
# Host tests, lint, fuzzing, differential tests
# ---------------------------------------------------------------------------
def host_tests(build_dir):
    hdir = os.path.join(build_dir, "host")
    if not os.path.isdir(hdir):
        results.record("host", "host tests built", False, "no %s (run make host-tests)" % hdir)
        return
    progs = sorted(p for p in os.listdir(hdir) if os.access(os.path.join(hdir, p), os.X_OK))
    if not progs:
        results.record("host", "host tests built", False, "no host test programs")
    for p in progs:
        env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
                   UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
        r = subprocess.run([os.path.join(hdir, p)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, env=env, timeout=600)
        out = r.stdout.decode("utf-8", "replace")
        m = None
        for m in re.finditer(SUMMARY_RE, out, re.M):
            pass
        if not m:
            results.record("host", p, False, "no 'N passed, N failed' line, exit %d%s"
                           % (r.returncode, excerpt(out)))
            continue
        passed, failed = int(m.group(1)), int(m.group(2))
        ok = r.returncode == 0 and failed == 0
        results.record("host", p, ok, "exit %d, %d failed%s" % (r.returncode, failed,
                                                                excerpt(out)),
                       (passed, failed))


def lint_tests(install=False):
    """flake8 and shellcheck, one test each; with @install, their Debian
    packages are installed first when missing (make test: ensure-deps)."""
    if install:
        err = deps.install(deps.missing([("flake8", "flake8"), ("shellcheck", "shellcheck")]))
        if err:
            print("runtests: " + err, file=sys.stderr)
    for name, run in (("lint: flake8 (support/ Python)", lint.flake8),
                      ("lint: shellcheck (shell scripts)", lint.shellcheck)):
        ok, detail = run()
        results.record("host", name, ok, detail)


def tool_tests():
    """Host tests of the tools' own parts (no guest)."""
    ok, detail = hostfwdtest.run()
    results.record("host", hostfwdtest.NAME, ok, detail)


def fuzz_tests(build_dir, seconds):
    """Short libFuzzer runs (support/scripts/fuzz); each target is a test."""
    r = subprocess.run([script("fuzz"), "--build", build_dir, "--seconds", str(seconds)],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    seen = False
    failed = False
    for m in re.finditer(r"^(PASS|FAIL)\s+(fuzz_[A-Za-z0-9_]+)(.*)$", out, re.M):
        seen = True
        ok = m.group(1) == "PASS"
        failed |= not ok
        results.record("fuzz", m.group(2), ok, m.group(3).strip() + excerpt(out))
    if not seen or (r.returncode != 0 and not failed):
        results.record("fuzz", "fuzz run", False, "exit %d%s" % (r.returncode, excerpt(out, 25)))


def diff_tests(build_dir, archs):
    """support/scripts/difftest: lua and sqlite3 built for the host and as
    Kast images (kast-cc) run the same scripts; each script on each
    architecture is a test."""
    cmd = [script("difftest"), "--build", os.path.join(build_dir, "difftest"), "-v"]
    if len(archs) == 1:
        cmd += ["--arch", archs[0]]
    results.log("== differential tests (%s)" % " ".join(cmd[1:]))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    for line in out.splitlines():
        if line.startswith("difftest: "):   # build times and the summary
            results.log("  " + line)
    seen = False
    failed = False
    for m in re.finditer(r"^(PASS|FAIL)  \[(\S+)\] (\S+)((?:\n    .*)*)", out, re.M):
        seen = True
        ok = m.group(1) == "PASS"
        failed |= not ok
        results.record(m.group(2), "difftest " + m.group(3), ok, m.group(4))
    if not seen or (r.returncode != 0 and not failed):
        results.record("host", "difftest run", False, "exit %d%s"
                       % (r.returncode, excerpt(out, 30)))


def service_tests(build_dir):
    """kast run, kast serve, the libvirt lifecycle and the dashboard
    (support/kast/service/tests.py)."""
    from .service import tests as service
    service.run(build_dir, results)


def server_tests(build_dir, archs, app="all"):
    """support/scripts/servertest: redis (its own test suite) and nginx
    (static files, bad requests) built with kast-cc, booted with kast-run
    -p and driven from the host; each check on each architecture is a test."""
    cmd = [script("servertest"), "--build", os.path.join(build_dir, "servertest")]
    if len(archs) == 1:
        cmd += ["--arch", archs[0]]
    cmd.append(app)
    results.log("== servers (%s)" % " ".join(cmd[1:]))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    seen = failed = False
    for m in re.finditer(r"^(PASS|FAIL)  \[(\S+)\] (.+)((?:\n    .*)*)", out, re.M):
        seen = True
        ok = m.group(1) == "PASS"
        failed |= not ok
        detail = m.group(4)
        if ok and "own test suite" in m.group(3):
            results.log("  [%s] %s:%s" % (m.group(2), m.group(3), detail.split("\n")[1]))
        results.record(m.group(2), m.group(3), ok, detail if not ok else "")
    if not seen or (r.returncode != 0 and not failed):
        results.record("host", "servertest run", False, "exit %d%s"
                       % (r.returncode, excerpt(out, 30)))


def set_build_env(build_dir):
    if "ACCEL" not in os.environ:
        os.environ["ACCEL"] = "tcg"   # see the module docstring
    # one musl build per architecture for all images and kast-cc kits
    # (lib/musl/musl.mk): the builds run one at a time
    os.environ["KAST_MUSL_CACHE"] = os.path.join(build_dir, "musl")
    # one kast-cc kit per architecture: the network tests' and difftest's
    os.environ.setdefault("KAST_CACHE", os.path.join(build_dir, "difftest", "kast-cache"))


def main(argv=None):
    p = argparse.ArgumentParser(prog="runtests", description=__doc__.split("\n")[0])
    p.add_argument("--build", help="build folder (make host-tests O=<it> built the host tests)")
    p.add_argument("--host-only", action="store_true")
    p.add_argument("--lint-only", action="store_true", help="only flake8 and shellcheck")
    p.add_argument("--arch", action="append", help="limit to these architectures")
    p.add_argument("--no-diff", action="store_true",
                   help="skip the differential tests (support/scripts/difftest)")
    p.add_argument("--no-servers", action="store_true",
                   help="skip redis and nginx (support/scripts/servertest)")
    p.add_argument("--fuzz-seconds", type=int, default=0,
                   help="run every libFuzzer target this long (0: skip)")
    p.add_argument("--only", metavar="REGEX",
                   help="only the boots and network tests whose name or image key matches "
                   "(plus host tests and lint); no fuzzing or differential tests")
    a = p.parse_args(argv)
    t0 = time.monotonic()
    if a.lint_only:
        lint_tests(install=True)
        return 1 if results.summary("%.0fs" % (time.monotonic() - t0)) else 0
    if not a.build:
        p.error("--build is required")
    build_dir = os.path.abspath(a.build)
    os.makedirs(build_dir, exist_ok=True)
    set_build_env(build_dir)

    host_tests(build_dir)
    lint_tests()
    tool_tests()
    if a.only is not None:
        a.no_diff = True
        a.fuzz_seconds = 0
    if a.fuzz_seconds > 0 and not a.host_only:
        fuzz_tests(build_dir, a.fuzz_seconds)
    if not a.host_only:
        archs = [x for x in ports() if not a.arch or x in a.arch]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = []
            for arch in archs:
                futs += arch_tests(build_dir, arch, pool, a.only)
            for f in futs:
                f.result()
        if not a.no_diff and os.path.exists(script("difftest")):
            diff_tests(build_dir, archs)
        if a.only is None or selected("service", a.only):
            service_tests(build_dir)
        apps = [x for x in ("redis", "nginx") if a.only is None or selected(x, a.only)]
        if not a.no_servers and apps and os.path.exists(script("servertest")):
            server_tests(build_dir, archs, apps[0] if len(apps) == 1 else "all")

    failed = results.summary("%.0fs" % (time.monotonic() - t0))
    return 1 if failed else 0
