# SPDX-License-Identifier: BSD-3-Clause
"""Real servers on Kast: redis with its own test suite, nginx serving files.

usage: servertest [--build DIR] [--arch x86_64|riscv64|all] [redis|nginx|all]

apps/redis/Makefile and apps/nginx/Makefile build the programs (only the
compiler changes; docs/apps.md) into DIR (default build/servertest). Each
architecture's image is booted with kast-run -p on a free port of
127.0.0.1 and driven from the host:

redis  redis's own suite, tests/test_helper.tcl of the same Debian source,
       against the booted server (--host/--port: the suite's "external
       server" mode) for the units of REDIS_UNITS, without the tags that
       need replication, DEBUG or maxmemory, minus the tests of REDIS_SKIP
       (each with its reason). Then: BGSAVE and BGREWRITEAOF fail with a
       clear error (no fork), malformed requests (binary garbage, a huge
       inline request, a truncated multibulk) get redis's protocol error
       and the server keeps serving, SHUTDOWN NOSAVE ends the VM with 0.
nginx  the user's configuration and files from an initrd (/conf, /www,
       /etc/passwd for getpwnam("nobody")): small, 1 MiB and 3 MiB files
       compared byte for byte, 8 concurrent clients, keep-alive, 404, a
       malformed and an oversized request (400, then still serving), and a
       client slower than client_header_timeout (the server closes it).

kast-cc's kit is DIR/kast-cache unless KAST_CACHE is set.
Every socket operation is bounded by IO_TIMEOUT_S, the VM by kast-run's
--timeout; nothing asserts a duration. Output: one "PASS|FAIL  [arch]
name" line per test (details indented below), then "servertest: N
passed, N failed"; exit status 1 if any failed.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

from . import ARCHS, SRC, prof
from .nettest import Failure, Guest, free_port
from .report import summary_line

IO_TIMEOUT_S = 120
READY_TIMEOUT_S = 180
REDIS_VM_TIMEOUT_S = 1800
NGINX_VM_TIMEOUT_S = 900
MEM_MB = 256

# Units of redis's suite run in make test: together ~450 tests, ~1 minute
# against the host's redis-server, a few minutes per architecture under TCG.
REDIS_UNITS = ["unit/type/string", "unit/type/incr", "unit/type/list",
               "unit/type/hash", "unit/expire"]
REDIS_TAGS = ["-needs:repl", "-needs:debug", "-needs:config-maxmemory"]
# riscv64 under TCG is several times slower than x86_64: without the
# suite's own "slow" tag there (big payloads, 10000-key loops, long
# expiry waits), each of which takes minutes there on a loaded host
REDIS_ARCH_TAGS = {"riscv64": ["-slow"]}
# Tests left out, each with its reason (docs/apps.md lists them too).
REDIS_SKIP = {
    # The suite sends BRPOPLPUSH on two connections and LPUSH on a third
    # without waiting in between, and expects them served in that order.
    # QEMU's user networking (slirp) forwards the data of several host
    # connections in its own socket order, newest first, so the second
    # client blocks first: its answer is then the first client's, which
    # waits forever. Not a server behaviour: the order of arrival changed.
    "BRPOPLPUSH with multiple blocked clients": "all",
    # The absolute-expiry tests compare the guest's wall clock with the
    # host's to the second (a TTL set with EXAT/PXAT = host time + 10 s
    # must read 5..10 s). The guest's clock lagged by up to 1 s: QEMU's
    # RTCs start from the host's time in whole seconds. kast-qemu now
    # passes the host's clock (ukboot.walltime), leaving only QEMU's
    # start-up as lag (~0.15 s here, more under load): kept out until
    # soak runs show them steady.
    "GETEX EXAT option": "all",
    "GETEX PXAT option": "all",
    "Extended SET PXAT option": "all",
    "Extended SET EXAT option": "all",
}

lock = threading.Lock()
counts = {"passed": 0, "failed": 0}


def record(arch, name, ok, detail=""):
    with lock:
        counts["passed" if ok else "failed"] += 1
        print("%s  [%s] %s" % ("PASS" if ok else "FAIL", arch, name))
        for line in detail.strip("\n").splitlines()[-40:]:
            print("    " + line)
        sys.stdout.flush()


def make(app, build_dir, targets):
    """apps/APP/Makefile for @targets: (ok, output excerpt)."""
    cmd = ["make", "-f", os.path.join(SRC, "apps", app, "Makefile"), "O=" + build_dir,
           "-j2"] + list(targets)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return r.returncode == 0, "\n".join(out.splitlines()[-30:])


def connect(port, timeout=IO_TIMEOUT_S):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def wait_ready(guest, port, probe):
    """Until @probe(port) succeeds: the guest listens (user networking
    accepts on the host side at once, so connecting proves nothing)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    last = None
    while time.monotonic() < deadline:
        if guest.proc.poll() is not None:
            raise Failure("the VM ended (status %d) before serving:\n%s"
                          % (guest.proc.returncode, guest.text()[-2000:]))
        try:
            if probe(port):
                return
        except OSError as e:
            last = e
        time.sleep(0.5)
    raise Failure("no answer in %ds (%s)" % (READY_TIMEOUT_S, last))


# ---------------------------------------------------------------------------
# redis
# ---------------------------------------------------------------------------
def resp(port, data, timeout=IO_TIMEOUT_S):
    """Send raw @data on a new connection; everything until the server
    closes or a reply line ends the first answer."""
    with connect(port, timeout) as s:
        s.sendall(data)
        buf = b""
        while not buf.endswith(b"\r\n"):
            chunk = s.recv(4096)
            if not chunk:
                break
            buf += chunk
        return buf


def redis_ping(port):
    return resp(port, b"PING\r\n", timeout=5) == b"+PONG\r\n"


def suite_dir(arch, tree):
    """A private copy of the suite's tests/ for @arch (test_helper.tcl
    cleans and fills tests/tmp), with the host programs of src/."""
    d = os.path.join(os.path.dirname(tree), "suite-" + arch)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copytree(os.path.join(tree, "tests"), os.path.join(d, "tests"), symlinks=True)
    os.symlink(os.path.join(tree, "src"), os.path.join(d, "src"))
    return d


def gdb_stub(tmp):
    """kast-run options that give the guest QEMU's gdb stub on a Unix
    socket in @tmp (no port to race for), and that socket's path: a test
    that finds the guest stuck takes a snapshot (where) before the VM is
    killed."""
    sock = os.path.join(tmp, "gdb.sock")
    return ["--qemu-arg=-gdb", "--qemu-arg=unix:%s,server=on,wait=off" % sock], sock


def where(guest, sock, image):
    """What the guest is doing (prof.snapshot: its hottest functions and
    frames), as detail lines of a failure; "" when the VM has ended."""
    if guest.proc.poll() is not None:
        return ""
    try:
        return "\n" + prof.snapshot(sock, image)
    except Exception as e:       # a diagnosis: never the test's outcome
        return "\n(no snapshot of the guest: %s)" % e


def redis_suite(arch, tree, port, snap=lambda: ""):
    skips = [n for n, where in REDIS_SKIP.items() if where in ("all", arch)]
    # the suite's own listening ports: apart per architecture (they run at once)
    base = 21111 + 10000 * ARCHS.index(arch)
    cmd = ["tclsh", "tests/test_helper.tcl", "--host", "127.0.0.1", "--port", str(port),
           "--clients", "1", "--timeout", str(IO_TIMEOUT_S), "--baseport", str(base),
           "--portcount", "100"]
    for u in REDIS_UNITS:
        cmd += ["--single", u]
    for t in REDIS_TAGS + REDIS_ARCH_TAGS.get(arch, []):
        cmd += ["--tags", t]
    for n in skips:
        cmd += ["--skiptest", n]
    r = subprocess.run(cmd, cwd=suite_dir(arch, tree), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       timeout=REDIS_VM_TIMEOUT_S)
    out = re.sub(r"\x1b\[[0-9;]*m", "", r.stdout.decode("utf-8", "replace"))
    ok = len(re.findall(r"^\[ok\]: ", out, re.M))
    bad = re.findall(r"^\[(?:err|exception)\]: .*", out, re.M)
    done = re.findall(r"^\[\d+/\d+ done\]: (\S+)", out, re.M)
    detail = "%d passed, %d failed, %d skipped by name; units done: %s" % (
        ok, len(bad), len(skips), " ".join(done))
    good = (r.returncode == 0 and not bad and ok > 0 and len(done) == len(REDIS_UNITS))
    if not good:
        detail += "\n" + "\n".join(out.splitlines()[-30:]) + snap()
    record(arch, "redis: own test suite (%s)" % ", ".join(
        u.split("/")[-1] for u in REDIS_UNITS), good, detail)


def redis_checks(arch, port):
    """No fork: BGSAVE and BGREWRITEAOF fail clearly; bad requests."""
    checks = [
        ("BGSAVE fails with a clear error (no fork)", b"BGSAVE\r\n",
         rb"^-ERR Can't save in background"),
        ("BGREWRITEAOF fails with a clear error (no fork)", b"BGREWRITEAOF\r\n",
         rb"^-ERR Can't execute an AOF background rewriting"),
        ("binary garbage gets a protocol error", b"*\xff\xfe\x01garbage\r\n",
         rb"^-ERR Protocol error: invalid multibulk length"),
        ("unbalanced quotes get a protocol error", b'SET "k\x80\xff v\r\n',
         rb"^-ERR Protocol error: unbalanced quotes"),
        ("a 100 KB inline request gets a protocol error", b"A" * 100000,
         rb"^-ERR Protocol error: too big inline request"),
        ("a bulk length above the limit gets a protocol error",
         b"*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n", rb"^-ERR Protocol error"),
        ("a truncated multibulk, then the connection closes", b"*3\r\n$3\r\nSET\r\n$1\r\n",
         None),
    ]
    for name, data, want in checks:
        try:
            if want is None:
                with connect(port) as s:
                    s.sendall(data)
                got = b""
            else:
                got = resp(port, data)
            alive = redis_ping(port)
            ok = (want is None or re.search(want, got) is not None) and alive
            detail = "reply %r; PING afterwards %s" % (
                got[:200], "answered" if alive else "NOT answered")
        except OSError as e:
            ok, detail = False, str(e)
        record(arch, "redis: " + name, ok, detail)


def test_redis(arch, build_dir):
    image = os.path.join(build_dir, "redis", arch, "redis-server")
    tree = os.path.join(build_dir, "redis", "host", "tree")
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="kast-redis-")
    stub, sock = gdb_stub(tmp)
    guest = Guest(image, ["--mem", str(MEM_MB), "-p", "%d:6379" % port] + stub,
                  ["--port", "6379", "--save", "", "--appendonly", "no",
                   "--protected-mode", "no"], REDIS_VM_TIMEOUT_S)
    try:
        wait_ready(guest, port, redis_ping)
        redis_checks(arch, port)
        redis_suite(arch, tree, port, lambda: where(guest, sock, image))
        got = resp(port, b"SHUTDOWN NOSAVE\r\n")
        rc = guest.finish()
        record(arch, "redis: SHUTDOWN NOSAVE ends the VM with status 0", rc == 0 and not got,
               "status %d, reply %r" % (rc, got))
    except (Failure, OSError, subprocess.TimeoutExpired) as e:
        record(arch, "redis: serves", False,
               "%s\n%s%s" % (e, guest.text()[-3000:], where(guest, sock, image)))
    finally:
        guest.kill()
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------------------
# nginx
# ---------------------------------------------------------------------------
NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
error_log stderr notice;
events { worker_connections 256; }
http {
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    client_header_timeout 3s;
    large_client_header_buffers 4 8k;
    server {
        listen 80;
        root /www;
        location / { }
    }
}
"""
SLOW_CLIENT_IDLE_S = 3      # = client_header_timeout: the server's to count


def nginx_root(path):
    rnd = random.Random(13)
    files = {"index.html": b"<html><body>Kast</body></html>\n",
             "1m.bin": rnd.randbytes(1 << 20),
             "3m.bin": rnd.randbytes(3 << 20)}
    for d in ("conf", "www", "etc"):
        os.makedirs(os.path.join(path, d), exist_ok=True)
    with open(os.path.join(path, "conf", "nginx.conf"), "w") as f:
        f.write(NGINX_CONF)
    with open(os.path.join(path, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/sh\n"
                "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
    with open(os.path.join(path, "etc", "group"), "w") as f:
        f.write("root:x:0:\nnogroup:x:65534:\n")
    for name, data in files.items():
        with open(os.path.join(path, "www", name), "wb") as f:
            f.write(data)
    return files


def http_get(port, path, conn=None):
    c = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT_S)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        if conn is None:
            c.close()


def raw_http(port, data):
    """Send @data, read until the server closes: the status line's code
    (None if it closed without answering)."""
    with connect(port) as s:
        s.sendall(data)
        buf = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    m = re.match(rb"HTTP/1\.[01] (\d+)", buf)
    return int(m.group(1)) if m else None


def nginx_checks(arch, port, files):
    def check(name, fn):
        try:
            ok, detail = fn()
        except (OSError, http.client.HTTPException) as e:
            ok, detail = False, "%s: %s" % (type(e).__name__, e)
        record(arch, "nginx: " + name, ok, detail)

    def get_exact(name):
        def fn():
            st, body = http_get(port, "/" + name)
            return (st == 200 and body == files[name],
                    "status %d, %d bytes (want %d, %s)" % (
                        st, len(body), len(files[name]),
                        "same" if body == files[name] else "DIFFERENT"))
        return fn

    def concurrent():
        errors = []

        def client(i):
            try:
                st, body = http_get(port, "/1m.bin")
                if st != 200 or body != files["1m.bin"]:
                    errors.append("client %d: status %d, %d bytes" % (i, st, len(body)))
            except (OSError, http.client.HTTPException) as e:
                errors.append("client %d: %s" % (i, e))
        ts = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(8)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(IO_TIMEOUT_S * 2)
        if any(t.is_alive() for t in ts):
            errors.append("a client did not finish")
        return not errors, "; ".join(errors) or "8 x 1 MiB, all byte-exact"

    def keepalive():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=IO_TIMEOUT_S)
        try:
            got = [http_get(port, "/index.html", c) for _ in range(5)]
            sock = c.sock
        finally:
            c.close()
        ok = sock is not None and all(st == 200 and b == files["index.html"] for st, b in got)
        return ok, "5 requests on one connection: %s" % [st for st, _ in got]

    def missing():
        st, _ = http_get(port, "/no/such/file")
        return st == 404, "status %d" % st

    def malformed():
        st = raw_http(port, b"\x16\x03\x01\x00\xff garbage \x00\x01\r\n\r\n")
        st2, _ = http_get(port, "/index.html")
        return st == 400 and st2 == 200, "garbage: %s; then GET: %d" % (st, st2)

    def huge_header():
        req = (b"GET /index.html HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 +
               b"\r\n\r\n")
        st = raw_http(port, req)
        st2, _ = http_get(port, "/index.html")
        return st == 400 and st2 == 200, "20 KB header: %s; then GET: %d" % (st, st2)

    def slow_client():
        # half a request, then silence: nginx must close the connection
        # once its client_header_timeout passes (we wait for that close,
        # bounded only by IO_TIMEOUT_S); meanwhile others are served
        with connect(port) as s:
            s.sendall(b"GET /index.html HTTP/1.1\r\nHost: x\r\n")
            st2, _ = http_get(port, "/index.html")
            data = s.recv(65536)
            while data and not data.startswith(b"HTTP"):
                data = s.recv(65536)
        return st2 == 200 and (data == b"" or data.startswith(b"HTTP/1.1 408")), (
            "served others meanwhile: %d; slow connection then got %r" % (st2, data[:40]))

    check("GET a small file, byte-exact", get_exact("index.html"))
    check("GET 1 MiB, byte-exact", get_exact("1m.bin"))
    check("GET 3 MiB, byte-exact", get_exact("3m.bin"))
    check("8 concurrent clients x 1 MiB", concurrent)
    check("keep-alive: 5 requests on one connection", keepalive)
    check("404 for a missing file", missing)
    check("binary garbage: 400, then still serving", malformed)
    check("a 20 KB header: 400, then still serving", huge_header)
    check("a client slower than client_header_timeout is closed", slow_client)


def test_nginx(arch, build_dir):
    image = os.path.join(build_dir, "nginx", arch, "nginx")
    root = tempfile.mkdtemp(prefix="kast-nginx-")
    try:
        files = nginx_root(root)
        port = free_port()
        guest = Guest(image, ["--mem", str(MEM_MB), "--initrd", root, "-p", "%d:80" % port],
                      ["-p", "/", "-c", "/conf/nginx.conf"], NGINX_VM_TIMEOUT_S)
        try:
            wait_ready(guest, port, lambda p: http_get(p, "/index.html")[0] == 200)
            nginx_checks(arch, port, files)
            errs = [ln for ln in guest.text().splitlines() if re.search(
                r"\[(emerg|alert|crit)\]|WARN \[syscall_shim\]", ln)]
            record(arch, "nginx: no alert in its log, no missing system call",
                   not errs, "\n".join(errs[:20]))
        except Failure as e:
            record(arch, "nginx: serves", False, "%s\n%s" % (e, guest.text()[-3000:]))
        finally:
            guest.kill()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog="servertest", description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(SRC, "build", "servertest"))
    p.add_argument("--arch", default="all", choices=list(ARCHS) + ["all"])
    p.add_argument("app", nargs="?", default="all", choices=["redis", "nginx", "all"])
    a = p.parse_args(argv)
    build_dir = os.path.abspath(a.build)
    # kast-cc's kit: DIR/kast-cache unless KAST_CACHE says (never a kit
    # that other trees share)
    os.environ.setdefault("KAST_CACHE", os.path.join(build_dir, "kast-cache"))
    archs = list(ARCHS) if a.arch == "all" else [a.arch]
    apps = ["redis", "nginx"] if a.app == "all" else [a.app]
    if not shutil.which("tclsh") and "redis" in apps:
        print("servertest: tclsh is missing: apt-get install tcl", file=sys.stderr)
        return 2
    for app in apps:
        targets = archs + (["host"] if app == "redis" else [])
        ok, out = make(app, build_dir, targets)
        record("host", "build %s (%s)" % (app, " ".join(targets)), ok, "" if ok else out)
        if not ok:
            continue
        # one VM per architecture at once (each QEMU is one host thread)
        ts = [threading.Thread(target=test_redis if app == "redis" else test_nginx,
                               args=(arch, build_dir)) for arch in archs]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    print(summary_line(counts["passed"], counts["failed"], "servertest"))
    return 1 if counts["failed"] else 0
