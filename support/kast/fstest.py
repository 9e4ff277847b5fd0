# SPDX-License-Identifier: BSD-3-Clause
"""runtests' host-driven file system tests: 9p host shares (kast-run -v).

  fs9p workout        tests/fs9p/workout.c built with kast-cc and with the
                      host's cc; run against an empty folder on the host and
                      against an empty shared folder in the guest: the
                      outputs, exit statuses and the trees left behind
                      (names, types, modes, sizes, contents, link targets)
                      must be equal.
  fs9p workout mapped-xattr
                      the same with --9p-security mapped-xattr: the output
                      equals the host's, and the guest's modes are in the
                      host files' user.virtfs.mode attributes.
  fs9p read-only      tests/fs9p/rocheck.c on a :ro share: reads work, every
                      write fails with EROFS, the host folder is unchanged.
  fs9p sqlite         apps/sqlite3 (the difftest build) on a share: a
                      database written in one boot is read in the next and
                      by the host's sqlite3 (Debian package sqlite3).
  fs9p sqlite crash   a boot writes a large transaction; when the guest
                      prints a marker in the middle of it (after the page
                      cache has spilled into the database file: a hot
                      journal exists on the host) QEMU gets SIGKILL; the
                      next boot's PRAGMA integrity_check says ok, the
                      committed rows are there and the uncommitted are not.
  fs9p cwd            kast-run shares the host's current folder at the same
                      path: a program writing a file in its cwd leaves it
                      on the host.
  fs9p root           kast-run -v DIR:/ boots with the share as the root file
                      system: a file written in / is in DIR, and /dev and
                      /tmp were created there as mount points.
  fs9p mini build     tests/fs9p/minibuild: make with CC=kast-cc builds a
                      helper, runs it (x86_64: directly, as a host program;
                      riscv64: through kast-run) to turn gen.txt into gen.h,
                      and builds the program that includes it.

Every wait is on the guest's own output or exit (no sleeps); QEMU is found
among this runner's own processes (its session) to be killed.
"""
import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile

from . import BIN, SRC, deps

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
TESTS = ("fs9p workout", "fs9p workout mapped-xattr", "fs9p read-only", "fs9p sqlite",
         "fs9p sqlite crash", "fs9p cwd", "fs9p mini build", "fs9p root")
PROGRAMS = {"fs9p workout": "workout", "fs9p workout mapped-xattr": "workout",
            "fs9p read-only": "rocheck", "fs9p cwd": "cwdwrite", "fs9p root": "cwdwrite"}
TIMEOUT = 600
SQLITE_MEM = 256


def excerpt(text, lines=25):
    t = text.splitlines()[-lines:]
    return ("\n    " + "\n    ".join(t)) if t else ""


def build(arch, name, out_dir):
    """tests/fs9p/NAME.c built with kast-cc for @arch ("host": the host's
    cc): (program or None, log)."""
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "%s-%s" % (name, arch))
    src = os.path.join(SRC, "tests", "fs9p", name + ".c")
    cc = ["cc", "-pthread"] if arch == "host" else [KAST_CC, "--arch", arch]
    r = subprocess.run(cc + ["-O2", "-Wall", "-Werror", "-o", out, src],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    log = r.stdout.decode("utf-8", "replace")
    return (out if r.returncode == 0 and os.path.exists(out) else None), log


def build_sqlite(build_dir, arch):
    """apps/sqlite3 for @arch in difftest's build folder (shared with it):
    (image or None, log)."""
    o = os.path.join(build_dir, "difftest", "apps")
    r = subprocess.run(["make", "-f", os.path.join(SRC, "apps", "sqlite3", "Makefile"),
                        "O=" + o, arch], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    img = os.path.join(o, "sqlite3", arch, "sqlite3")
    log = r.stdout.decode("utf-8", "replace")
    return (img if r.returncode == 0 and os.path.exists(img) else None), log


def prepare(build_dir, arch, names, record):
    """Build what the tests @names need; each build is recorded with
    @record(arch, name, ok, detail). Returns {what: path or None}."""
    arts = {}
    out = os.path.join(build_dir, "fs9p")
    for n in names:
        prog = PROGRAMS.get(n)
        if prog and prog not in arts:
            arts[prog], log = build(arch, prog, out)
            record(arch, "build tests/fs9p/%s.c (kast-cc)" % prog, bool(arts[prog]),
                   "" if arts[prog] else excerpt(log))
    if any(n.startswith("fs9p workout") for n in names):
        arts["workout-host"], log = build("host", "workout", out)
        record(arch, "build tests/fs9p/workout.c (host cc)", bool(arts["workout-host"]),
               "" if arts["workout-host"] else excerpt(log))
    if any(n.startswith("fs9p sqlite") for n in names):
        err = deps.install(deps.missing([("sqlite3", "sqlite3"), ("tclsh", "tcl")]))
        if err:
            record(arch, "fs9p: host sqlite3", False, err)
        arts["sqlite3"], log = build_sqlite(build_dir, arch)
        record(arch, "build apps/sqlite3 (kast-cc)", bool(arts["sqlite3"]),
               "" if arts["sqlite3"] else excerpt(log))
    return arts


def tree(root):
    """Everything below @root: sorted (path, type, mode, size, content hash
    or link target); directories without size (it is the host's business)."""
    items = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            mode = oct(st.st_mode & 0o7777)
            if os.path.islink(p):
                items.append((rel, "link", mode, os.readlink(p)))
            elif os.path.isdir(p):
                items.append((rel, "dir", mode))
            else:
                with open(p, "rb") as f:
                    h = hashlib.sha256(f.read()).hexdigest()[:16]
                items.append((rel, "file", mode, st.st_size, h, st.st_nlink))
    return sorted(items)


def tree_diff(a, b):
    sa, sb = set(a), set(b)
    lines = ["host only:  %s" % (x,) for x in sorted(sa - sb)[:10]]
    lines += ["guest only: %s" % (x,) for x in sorted(sb - sa)[:10]]
    return "\n    ".join(lines)


def kast_run(image, opts, args, timeout=TIMEOUT, cwd=None):
    """(status, output) of a kast-run of @image; the current folder is
    shared only when @cwd is given."""
    cmd = [KAST_RUN, "--timeout", str(timeout)] + ([] if cwd else ["--no-cwd"])
    cmd += list(opts) + [image, "--"] + list(args)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, cwd=cwd)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def test_workout(arch, arts, tmp):
    if not arts.get("workout") or not arts.get("workout-host"):
        return False, "not built"
    hdir, gdir = os.path.join(tmp, "host"), os.path.join(tmp, "guest")
    os.mkdir(hdir)
    os.mkdir(gdir)
    r = subprocess.run([arts["workout-host"], hdir], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    hout = r.stdout.decode("utf-8", "replace")
    grc, gout = kast_run(arts["workout"], ["-v", gdir + ":/work"], ["/work"])
    if (r.returncode, hout) != (grc, gout):
        return False, "host exit %d, guest exit %d; host output:%s\n  guest output:%s" % (
            r.returncode, grc, excerpt(hout, 12), excerpt(gout, 12))
    ht, gt = tree(hdir), tree(gdir)
    if ht != gt:
        return False, "the trees differ:\n    " + tree_diff(ht, gt)
    return True, "%d lines of output and %d entries equal" % (len(hout.splitlines()), len(ht))


def test_workout_mapped(arch, arts, tmp):
    if not arts.get("workout") or not arts.get("workout-host"):
        return False, "not built"
    hdir, gdir = os.path.join(tmp, "host"), os.path.join(tmp, "guest")
    os.mkdir(hdir)
    os.mkdir(gdir)
    r = subprocess.run([arts["workout-host"], hdir], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    hout = r.stdout.decode("utf-8", "replace")
    grc, gout = kast_run(arts["workout"], ["--9p-security", "mapped-xattr",
                                           "-v", gdir + ":/work"], ["/work"])
    if (r.returncode, hout) != (grc, gout):
        return False, "host exit %d, guest exit %d; host output:%s\n  guest output:%s" % (
            r.returncode, grc, excerpt(hout, 12), excerpt(gout, 12))
    try:
        mode = os.getxattr(os.path.join(gdir, "shared"), "user.virtfs.mode")
    except OSError as e:
        return False, "no user.virtfs.mode on the host file: %s" % e
    if int.from_bytes(mode[:4], "little") & 0o7777 != 0o640:
        return False, "user.virtfs.mode is %s, not 0640" % mode.hex()
    return True, "output equal; modes kept in extended attributes"


def test_readonly(arch, arts, tmp):
    if not arts.get("rocheck"):
        return False, "not built"
    d = os.path.join(tmp, "ro")
    os.makedirs(os.path.join(d, "sub"))
    with open(os.path.join(d, "keep"), "w") as f:
        f.write("kept\n")
    before = tree(d)
    rc, out = kast_run(arts["rocheck"], ["-v", d + ":/ro:ro"], [])
    if rc != 0 or "rocheck: ok" not in out:
        return False, "exit %d:%s" % (rc, excerpt(out))
    if tree(d) != before:
        return False, "the read-only folder changed:\n    " + tree_diff(before, tree(d))
    return True, ""


def host_sqlite(db, sql):
    r = subprocess.run(["sqlite3", db, sql], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def guest_sqlite(arts, d, sql):
    return kast_run(arts["sqlite3"], ["--mem", str(SQLITE_MEM), "-v", d + ":/data"],
                    ["/data/t.db", sql])


def test_sqlite(arch, arts, tmp):
    if not arts.get("sqlite3"):
        return False, "apps/sqlite3 not built"
    d = os.path.join(tmp, "db")
    os.mkdir(d)
    rc, out = guest_sqlite(arts, d, "create table t(a integer, b text); "
                           "with recursive n(i) as (select 1 union all select i+1 from n "
                           "where i < 5000) insert into t select i, 'row ' || i from n; "
                           "select count(*), sum(a) from t;")
    if rc != 0 or out.strip() != "5000|12502500":
        return False, "first boot: exit %d:%s" % (rc, excerpt(out))
    rc, out = guest_sqlite(arts, d, "select count(*), sum(a), max(b) from t; "
                           "insert into t values (0, 'second boot');")
    if rc != 0 or out.strip() != "5000|12502500|row 999":
        return False, "second boot: exit %d:%s" % (rc, excerpt(out))
    rc, out = host_sqlite(os.path.join(d, "t.db"), "pragma integrity_check; "
                          "select count(*), sum(a) from t; select b from t where a = 0;")
    if rc != 0 or out.split() != ["ok", "5001|12502500", "second", "boot"]:
        return False, "host sqlite3: exit %d:%s" % (rc, excerpt(out))
    return True, "written, read in the next boot and by the host's sqlite3"


def session_qemu(sid):
    """PIDs of the QEMU processes in session @sid (this runner's own)."""
    pids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        with contextlib.suppress(OSError):
            with open("/proc/%s/stat" % p) as f:
                st = f.read()
            comm = st[st.index("(") + 1:st.rindex(")")]
            fields = st[st.rindex(")") + 2:].split()
            if int(fields[3]) == sid and comm.startswith("qemu-system"):
                pids.append(int(p))
    return pids


CRASH_SQL = (
    "pragma cache_size = 200; "
    "begin; insert into t values (-1, 'committed before the crash'); commit; "
    "begin; "
    "with recursive n(i) as (select 1 union all select i+1 from n where i < 20000) "
    "insert into t select 100000 + i, randomblob(300) from n; "
    ".print MIDDLE-OF-TRANSACTION\n"
    "with recursive n(i) as (select 1 union all select i+1 from n where i < 5000000) "
    "insert into t select 200000 + i, randomblob(300) from n; "
    ".print NEVER-HERE\n"
    "commit;")


def test_sqlite_crash(arch, arts, tmp):
    if not arts.get("sqlite3"):
        return False, "apps/sqlite3 not built"
    d = os.path.join(tmp, "crash")
    os.mkdir(d)
    rc, out = guest_sqlite(arts, d, "create table t(a integer, b); "
                           "with recursive n(i) as (select 1 union all select i+1 from n "
                           "where i < 1000) insert into t select i, 'row ' || i from n;")
    if rc != 0:
        return False, "setup boot: exit %d:%s" % (rc, excerpt(out))
    # the script goes through a file: the shell's dot-commands need lines
    with open(os.path.join(d, "crash.sql"), "w") as f:
        f.write(CRASH_SQL.replace("; ", ";\n"))
    cmd = [KAST_RUN, "--no-cwd", "--timeout", str(TIMEOUT), "--mem", str(SQLITE_MEM),
           "-v", d + ":/data",
           arts["sqlite3"], "--", "/data/t.db", ".read /data/crash.sql"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    out, killed, journal = b"", [], None
    try:
        while True:
            data = proc.stdout.read1(65536)
            if not data:
                break
            out += data
            if b"MIDDLE-OF-TRANSACTION" in out and not killed:
                # the hot journal must exist now: the transaction spilled
                journal = os.path.exists(os.path.join(d, "t.db-journal"))
                for pid in session_qemu(proc.pid):
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    text = out.decode("utf-8", "replace")
    if not killed:
        return False, "no marker, or no QEMU to kill (exit %d):%s" % (
            proc.returncode, excerpt(text))
    if "NEVER-HERE" in text:
        return False, "the transaction ended before the kill"
    if not journal:
        return False, "no hot journal on the host when the guest was killed"
    rc, out = guest_sqlite(arts, d, "pragma integrity_check; select count(*), sum(a) from t; "
                           "select b from t where a = -1; select count(*) from t where a > 1000;")
    want = ["ok", "1001|500499", "committed before the crash", "0"]
    if rc != 0 or out.strip().splitlines() != want:
        return False, "boot after the crash: exit %d, want %s:%s" % (rc, want, excerpt(out))
    return True, "killed QEMU mid-transaction (hot journal present); next boot: ok"


def test_cwd(arch, arts, tmp):
    if not arts.get("cwdwrite"):
        return False, "not built"
    d = os.path.join(tmp, "cwd")
    os.mkdir(d)
    rc, out = kast_run(arts["cwdwrite"], [], ["out.txt"], cwd=d)
    p = os.path.join(d, "out.txt")
    if rc != 0 or not os.path.exists(p):
        return False, "exit %d, no out.txt in the host folder:%s" % (rc, excerpt(out))
    with open(p) as f:
        text = f.read()
    if text != "written in %s\n" % os.path.realpath(d):
        return False, "out.txt says %r" % text
    return True, ""


def test_minibuild(arch, arts, tmp):
    d = os.path.join(tmp, "minibuild")
    shutil.copytree(os.path.join(SRC, "tests", "fs9p", "minibuild"), d)
    cmd = ["make", "-C", d, "CC=%s --arch %s" % (KAST_CC, arch),
           "RUN=" + (KAST_RUN if arch != "x86_64" else "")]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, env=dict(os.environ, MAKEFLAGS=""))
    out = r.stdout.decode("utf-8", "replace")
    if r.returncode != 0:
        return False, "make: exit %d:%s" % (r.returncode, excerpt(out))
    rc, out = kast_run(os.path.join(d, "prog"), [], [])
    if rc != 0 or out != "3 values: 42 1764 hello\n":
        return False, "prog: exit %d:%s" % (rc, excerpt(out))
    return True, "gen.h generated by a Kast image during the build"


def test_root(arch, arts, tmp):
    if not arts.get("cwdwrite"):
        return False, "not built"
    d = os.path.join(tmp, "root")
    os.mkdir(d)
    rc, out = kast_run(arts["cwdwrite"], ["-v", d + ":/"], ["out.txt"])
    p = os.path.join(d, "out.txt")
    if rc != 0 or not os.path.exists(p):
        return False, "exit %d, no out.txt in the root share:%s" % (rc, excerpt(out))
    with open(p) as f:
        text = f.read()
    if text != "written in /\n":
        return False, "out.txt says %r" % text
    if not os.path.isdir(os.path.join(d, "dev")) or not os.path.isdir(os.path.join(d, "tmp")):
        return False, "no dev/ and tmp/ mount points in the root share"
    return True, ""


RUN = {"fs9p workout": test_workout, "fs9p workout mapped-xattr": test_workout_mapped,
       "fs9p read-only": test_readonly,
       "fs9p sqlite": test_sqlite, "fs9p sqlite crash": test_sqlite_crash,
       "fs9p cwd": test_cwd, "fs9p mini build": test_minibuild, "fs9p root": test_root}


def run(arch, name, arts):
    """(ok, detail) of test @name on @arch, in a temporary folder."""
    tmp = tempfile.mkdtemp(prefix="kast-fs9p-")
    try:
        return RUN[name](arch, arts, tmp)
    except (OSError, subprocess.SubprocessError) as e:
        return False, "error: %s" % e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
