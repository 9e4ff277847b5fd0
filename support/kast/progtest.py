# SPDX-License-Identifier: BSD-3-Clause
"""runtests' real programs: Debian sources built as they are, with
CC=kast-cc and their own build systems, checked against the same sources
built with the host's cc (issue 12, "Done means").

  progs zlib    Debian zlib: ./configure --static && make. On x86_64 its
                own `make test` (example, and `echo hello world |
                ./minigzip | ./minigzip -d`; the images run directly as
                host programs). On both architectures: minigzip and
                minigzip -d of DATA through pipes.
  progs lz4     Debian lz4: make -C programs lz4. `lz4 -c` and `lz4 -d -c`
                of DATA through pipes, and `lz4 -d` of bytes that are not
                an lz4 frame.
  progs bc      Debian bc: ./configure && make (the build runs its freshly
                built helper fbc through the current-folder share; x86_64
                only: a riscv64 fbc cannot run during the build). `bc -l
                calc.bc` with the script in the current folder, and `bc -l`
                with the script on stdin.
  progs xxhsum  Debian xxhash: make xxhsum. XXH64 and XXH3 of DATA on
                stdin, `-c` of a good and of a wrong checksum list (and
                DATA) in the current folder.

DATA is 3 MiB: every byte value (with \\r and \\0) repeated, random bytes
and text. Every check compares with the host build on the same input: the
same stdout bytes and the same exit status (stderr is not compared:
argv[0] and messages may differ); round trips must give DATA back. The
images run in an empty temporary folder, their current folder (shared
with the guest by kast-run). On x86_64 they run directly (`./prog`, which
re-executes itself through kast-run), on riscv64 through kast-run.

Sources come from support/scripts/fetch-source (pinned below) into
<build>/progs/src; builds are kept in <build>/progs/<arch>/<prog> and
redone only when missing.
"""
import os
import random
import shutil
import subprocess
import tempfile

from . import BIN, SRC

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
FETCH = os.path.join(SRC, "support", "scripts", "fetch-source")
TESTS = ("progs zlib", "progs lz4", "progs bc", "progs xxhsum")
# Debian source package, upstream version, SHA-256 of the upstream tarball
# (zlib's bookworm-security revision is not downloadable here: fetch-source
# takes the previous revision of the same upstream version)
SOURCES = {
    "zlib": ("zlib", "1.2.13.dfsg",
             "71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1"),
    "lz4": ("lz4", "1.9.4",
            "0b0e3aa07c8c063ddf40b082bdf7e37a1562bda40a0ff5272957f3e987e0e54b"),
    "bc": ("bc", "1.07.1",
           "62adfca89b0a1c0164c2cdca59ca210c1d44c3ffc46daf9931cf4942664cb02a"),
    "xxhsum": ("xxhash", "0.8.1",
               "3bb6b7d6f30c591dd65aaaff1c8b7a5b94d81687998ca9400082c739a690436c"),
}
# the programs each build must leave, relative to its folder
OUTPUTS = {"zlib": ["minigzip", "example"], "lz4": ["programs/lz4"], "bc": ["bc/bc"],
           "xxhsum": ["xxhsum"]}
ARCHS = {"zlib": ("x86_64", "riscv64"), "lz4": ("x86_64", "riscv64"), "bc": ("x86_64",),
         "xxhsum": ("x86_64", "riscv64")}
RUN_TIMEOUT = 600   # a hang guard only, never a pass criterion
BC_SCRIPT = b"""scale=50
define f(n) { if (n < 2) return (1); return (n * f(n - 1)); }
f(60)
4*a(1)
e(1)
l(10)
sqrt(2)
s(1) + c(1)
x = 2^200; x % 1000007
obase=16; 255 * 255
"""


def excerpt(text, lines=20):
    t = text.splitlines()[-lines:]
    return ("\n    " + "\n    ".join(t)) if t else ""


def data():
    """3 MiB: every byte value, random bytes, text (deterministic)."""
    every = bytes(range(256)) * 4096                         # 1 MiB
    rnd = random.Random(12).randbytes(1 << 20)              # 1 MiB
    text = b"".join(b"line %d: the quick brown fox\r\n" % i for i in range(40000))
    return every + rnd + text[:1 << 20]


def sh(cmd, cwd, logf, env=None):
    logf.write("$ %s\n" % cmd)
    logf.flush()
    r = subprocess.run(cmd, shell=True, cwd=cwd, stdout=logf, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, env=env)
    return r.returncode == 0


def build_cmds(prog, arch):
    """Shell commands building @prog for @arch ("host": the host's cc)."""
    if arch == "host":
        cc, host = "cc", ""
    elif arch == "x86_64":
        cc, host = KAST_CC, ""
    else:
        cc, host = "'%s --arch %s'" % (KAST_CC, arch), " --host=%s-linux-musl" % arch
    if prog == "zlib":
        return ["CC=%s ./configure --static" % cc, "make -j2 CC=%s" % cc]
    if prog == "lz4":
        return ["make -j2 -C programs lz4 CC=%s" % cc]
    if prog == "xxhsum":
        return ["make -j2 xxhsum CC=%s" % cc]
    # lib/ and bc/ only: doc/ needs makeinfo and dc is not checked
    return ["CC=%s ./configure%s" % (cc, host), "make -C lib CC=%s" % cc,
            "make -C bc CC=%s" % cc]


def build(build_dir, prog, arch):
    """(folder or None, detail): @prog fetched and built for @arch."""
    top = os.path.join(os.path.abspath(build_dir), "progs")
    out = os.path.join(top, arch, prog)
    stamp = os.path.join(out, ".progtest-built")
    if os.path.exists(stamp):
        return out, ""
    os.makedirs(os.path.join(top, arch), exist_ok=True)
    logfile = os.path.join(top, "build-%s-%s.log" % (prog, arch))
    pkg, version, sha = SOURCES[prog]
    with open(logfile, "w") as logf:
        ok = sh("%s --upstream-version %s --orig-sha256 %s --upstream %s %s"
                % (FETCH, version, sha, pkg, os.path.join(top, "src")), top, logf)
        if ok:
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(os.path.join(top, "src", pkg), out, symlinks=True)
            env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
            for cmd in build_cmds(prog, arch):
                ok = ok and sh(cmd, out, logf, env)
    missing = [o for o in OUTPUTS[prog] if not os.path.exists(os.path.join(out, o))]
    if not ok or missing:
        with open(logfile, errors="replace") as f:
            tail = f.read()
        return None, "see %s%s" % (logfile, excerpt(tail))
    open(stamp, "w").close()
    return out, ""


def tests(arch):
    """The tests that run on @arch."""
    return [n for n in TESTS if arch in ARCHS[n.split()[1]]]


def prepare(build_dir, arch, names, record):
    """Fetch and build what @names need for @arch and the host, each build
    recorded: {prog: (host folder, arch folder)}."""
    arts = {}
    for name in names:
        prog = name.split()[1]
        if arch not in ARCHS[prog]:
            continue
        h, hdetail = build(build_dir, prog, "host")
        record(arch, "build %s (host cc)" % prog, bool(h), hdetail)
        k, kdetail = build(build_dir, prog, arch)
        record(arch, "build %s (kast-cc)" % prog, bool(k), kdetail)
        arts[prog] = (h, k)
    return arts


def run(arch, folder, path, args, stdin, cwd):
    """(status, stdout) of the program at @folder/@path with @args."""
    exe = os.path.join(folder, path)
    if arch == "host" or arch == "x86_64":
        cmd = [exe] + args
    else:
        cmd = [KAST_RUN, "--timeout", str(RUN_TIMEOUT), exe, "--"] + args
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd, env=env, timeout=RUN_TIMEOUT + 60)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def same(arch, arts, path, args, stdin, label, cwd, want=None, fails=False):
    """Problems (a list) of running @path on both sides. The host's run
    must succeed with some output (fail with @fails), so that two programs
    that both did nothing do not pass."""
    hrc, hout, herr = run("host", arts[0], path, args, stdin, cwd)
    krc, kout, kerr = run(arch, arts[1], path, args, stdin, cwd)
    p = []
    if (hrc != 0) != fails or (not fails and not hout):
        p.append("%s: the host build gave status %d and %d bytes%s"
                 % (label, hrc, len(hout), excerpt(herr, 8)))
    if hrc != krc:
        p.append("%s: exit status %d, host %d%s" % (label, krc, hrc, excerpt(kerr, 8)))
    if hout != kout:
        n = next((i for i, (a, b) in enumerate(zip(hout, kout)) if a != b),
                 min(len(hout), len(kout)))
        p.append("%s: stdout differs from the host's at byte %d (%d bytes, host %d)%s"
                 % (label, n, len(kout), len(hout), excerpt(kerr, 8)))
    if want is not None and hout != want:
        p.append("%s: the host's own output is not the expected one" % label)
    return p, kout


def check_zlib(arch, arts, cwd, d):
    p = []
    if arch == "x86_64":
        # zlib's own test, the images running as host programs
        with tempfile.TemporaryFile("w+") as logf:
            env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
            if not sh("make test", arts[1], logf, env):
                logf.seek(0)
                p.append("make test failed%s" % excerpt(logf.read()))
    q, z = same(arch, arts, "minigzip", [], b"hello world\n", "minigzip", cwd)
    p += q
    q, _ = same(arch, arts, "minigzip", ["-d"], z, "minigzip -d", cwd, b"hello world\n")
    p += q
    q, z = same(arch, arts, "minigzip", ["-9"], d, "minigzip -9 < DATA", cwd)
    p += q
    q, _ = same(arch, arts, "minigzip", ["-d"], z, "minigzip -d", cwd, d)
    p += q
    return p


def check_lz4(arch, arts, cwd, d):
    p, z = same(arch, arts, "programs/lz4", ["-c"], d, "lz4 -c < DATA", cwd)
    q, _ = same(arch, arts, "programs/lz4", ["-d", "-c"], z, "lz4 -d -c", cwd, d)
    p += q
    q, _ = same(arch, arts, "programs/lz4", ["-d", "-c"], d[:4096], "lz4 -d -c < not-lz4", cwd,
                fails=True)
    return p + q


def check_bc(arch, arts, cwd, d):
    with open(os.path.join(cwd, "calc.bc"), "wb") as f:
        f.write(BC_SCRIPT + b"quit\n")
    p, _ = same(arch, arts, "bc/bc", ["-l", "calc.bc"], b"", "bc -l calc.bc", cwd)
    q, _ = same(arch, arts, "bc/bc", ["-l"], BC_SCRIPT, "bc -l < script", cwd)
    return p + q


def check_xxhsum(arch, arts, cwd, d):
    p, _ = same(arch, arts, "xxhsum", ["-"], d, "xxhsum - < DATA", cwd)
    q, sums = same(arch, arts, "xxhsum", ["-H3", "-"], d, "xxhsum -H3 - < DATA", cwd)
    p += q
    # -c reads DATA and the list from the current folder (the cwd share)
    with open(os.path.join(cwd, "data.bin"), "wb") as f:
        f.write(d)
    with open(os.path.join(cwd, "good.xxh"), "wb") as f:
        f.write(sums.replace(b"(stdin)", b"(data.bin)"))
    q, _ = same(arch, arts, "xxhsum", ["-c", "good.xxh"], b"", "xxhsum -c good.xxh", cwd)
    p += q
    with open(os.path.join(cwd, "bad.xxh"), "wb") as f:
        # the same line with another hash: a mismatch, status 1
        good = sums.replace(b"(stdin)", b"(data.bin)").rstrip(b"\n")
        f.write(good[:-1] + (b"0" if good[-1:] != b"0" else b"1") + b"\n")
    q, _ = same(arch, arts, "xxhsum", ["-c", "bad.xxh"], b"", "xxhsum -c bad.xxh", cwd,
                fails=True)
    return p + q


CHECKS = {"zlib": check_zlib, "lz4": check_lz4, "bc": check_bc, "xxhsum": check_xxhsum}


def run_test(arch, name, arts):
    """(ok, detail) of one test."""
    prog = name.split()[1]
    if prog not in arts:
        return False, "%s is not checked on %s" % (prog, arch)
    if not all(arts[prog]):
        return False, "%s did not build" % prog
    with tempfile.TemporaryDirectory(prefix="progtest-") as cwd:
        try:
            p = CHECKS[prog](arch, arts[prog], cwd, data())
        except subprocess.TimeoutExpired as e:
            p = ["hung: %s" % " ".join(e.cmd)]
    return not p, "; ".join(p)
