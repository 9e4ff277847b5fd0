# SPDX-License-Identifier: BSD-3-Clause
"""Server benchmarks: redis and nginx on Kast and on the Linux baseline.

Both guests run under the same QEMU, -smp 1, the same memory and the same
NIC (virtio-net on virtio-mmio, microvm); the clients (redis-benchmark,
wrk) run on the host. Load runs over a tap device in a network namespace
of the bench's own (root; the guest at 10.0.2.15, the tap at 10.0.2.2,
the clients in the namespace): QEMU user networking is no place for many
connections at once, its published port is a listening socket with a
backlog of 1, so most of 30 simultaneous connects overflow it and wait
for the client kernel's SYN retransmissions (1, 3, 7, ... s), which then
decide the figure for either guest (the 0.08x redis GET of an earlier
report was one such run). Without root, or with --servers-net user, the
load goes over user networking all the same and the report says so.
Cold starts use user networking (one connection at a time).

The Linux guest is the Debian cloud kernel of kast/bench/linux.py with
an initramfs holding the same servers built statically for the host from
the same sources (apps/*/Makefile host), its virtio modules, and
support/bench/linux-server-init. riscv64 has Kast only (no Linux
baseline).

Figures per server and guest:
- cold start: QEMU started -> first PONG / first HTTP 200 (median of
  several runs; the host polls every few milliseconds);
- redis-benchmark -t get,set -n 100000 -c 30 -P 16 -d 3 (requests/s,
  p50 and p99 latency); wrk -t1 -c30 -d10s on a 612-byte page;
- soak (run_soak): load for a few minutes; the guest's pages in use
  (the QEMU process's resident memory: every guest page touched) and, for
  redis, its own heap count (INFO used_memory) before and after.
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from .. import SRC, cpio, hostfwd, qemu
from ..nettest import can_netns
from .common import fail, log, sh
from .measure import parse_boottime
from .config import BENCH_SRC

PAGE_612 = (b"<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n"
            b"</head>\n<body>\n<h1>Welcome to nginx!</h1>\n")
PAGE_612 += b"<p>" + b"x" * (612 - len(PAGE_612) - len(b"</p>\n</body>\n</html>\n") - 3)
PAGE_612 += b"</p>\n</body>\n</html>\n"
NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
error_log stderr warn;
events { worker_connections 512; }
http {
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    server { listen 80; root /www; location / { } }
}
"""
STATIC = "netdev.ip=%s/24 netdev.gw=%s" % (qemu.USER_NET_GUEST, qemu.USER_NET_HOST)
READY_TIMEOUT_S = 180
LINUX_MODULES = ("virtio_ring", "virtio", "virtio_mmio", "failover", "net_failover", "virtio_net")
TAP = "ksrvtap0"
GUEST_PORT = {"redis": 6379, "nginx": 80}
COLD_PROBE_S = 0.1      # longest wait for one cold-start probe's answer


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_tree(root):
    for d in ("conf", "www", "etc", "tmp"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    open(os.path.join(root, "conf", "nginx.conf"), "w").write(NGINX_CONF)
    open(os.path.join(root, "www", "index.html"), "wb").write(PAGE_612)
    open(os.path.join(root, "etc", "passwd"), "w").write(
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
    open(os.path.join(root, "etc", "group"), "w").write("root:x:0:\nnogroup:x:65534:\n")


def build(bdir, archs):
    """The servers for Kast (@archs) and the host: {name: path} or None."""
    out = os.path.join(bdir, "apps")
    os.environ.setdefault("KAST_CACHE", os.path.join(bdir, "kast-cache"))
    paths = {}
    for app in ("redis", "nginx"):
        targets = ["host"] + list(archs)
        r = sh(["make", "-f", os.path.join(SRC, "apps", app, "Makefile"), "O=" + out, "-j2"]
               + targets)
        if r.returncode:
            fail("%s did not build: %s" % (app, r.stdout.decode("utf-8", "replace")[-800:]))
            return None
    for arch in ("host", "x86_64", "riscv64"):
        paths["redis", arch] = os.path.join(out, "redis", arch, "redis-server")
        paths["nginx", arch] = os.path.join(out, "nginx", arch, "nginx")
    paths["redis-benchmark"] = os.path.join(out, "redis", "host", "redis-benchmark")
    return paths


def linux_initrd(bdir, linux, paths):
    """The Linux baseline's server initramfs: (path, None) or (None, why)."""
    ldir = os.path.join(bdir, "linux")
    kmods = os.path.join(ldir, "kernel", "lib", "modules")
    found = {}
    for dirpath, _, files in os.walk(kmods):
        for f in files:
            m = re.match(r"(\w+)\.ko$", f)
            if m and m.group(1) in LINUX_MODULES:
                found[m.group(1)] = os.path.join(dirpath, f)
    entries = [("bin", 0o040755, b"", (0, 0)),
               ("bin/busybox", 0o100755,
                open(os.path.join(ldir, "busybox", "bin", "busybox"), "rb").read(), (0, 0)),
               ("bin/redis-server", 0o100755, open(paths["redis", "host"], "rb").read(), (0, 0)),
               ("bin/nginx", 0o100755, open(paths["nginx", "host"], "rb").read(), (0, 0)),
               ("dev", 0o040755, b"", (0, 0)),
               ("dev/console", 0o020600, b"", (5, 1)),
               ("proc", 0o040755, b"", (0, 0)), ("sys", 0o040755, b"", (0, 0)),
               ("tmp", 0o041777, b"", (0, 0)),
               ("lib", 0o040755, b"", (0, 0)), ("lib/modules", 0o040755, b"", (0, 0)),
               ("init", 0o100755,
                open(os.path.join(BENCH_SRC, "linux-server-init"), "rb").read(), (0, 0))]
    for name, path in found.items():
        entries.append(("lib/modules/%s.ko" % name, 0o100644, open(path, "rb").read(), (0, 0)))
    tmp = tempfile.mkdtemp()
    try:
        nginx_tree(tmp)
        for d in ("conf", "www", "etc"):
            entries.append((d, 0o040755, b"", (0, 0)))
            for f in sorted(os.listdir(os.path.join(tmp, d))):
                entries.append(("%s/%s" % (d, f), 0o100644,
                                open(os.path.join(tmp, d, f), "rb").read(), (0, 0)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out = os.path.join(ldir, "server-initrd.cpio")
    with open(out, "wb") as f:
        f.write(cpio.archive(entries))
    missing = [m for m in LINUX_MODULES if m not in found]
    return out, ("modules not found: %s" % " ".join(missing)) if missing else None


def guest_cmd(kind, arch, server, paths, ep, mem, accel, tsc_khz, linux=None, ninitrd=None):
    """The QEMU command of @server on @kind ("kast" or "linux"), reached at
    Endpoint @ep."""
    net = ep.backend()
    if kind == "kast":
        args = (["--port", "6379", "--save", "", "--appendonly", "no", "--protected-mode", "no"]
                if server == "redis" else ["-p", "/", "-c", "/conf/nginx.conf"])
        cmd, _ = qemu.command(arch, paths[server, arch], accel, mem=mem, append=STATIC,
                              args=args, initrd=ninitrd if server == "nginx" else None,
                              net=net)
        return cmd
    append = "console=ttyS0 quiet panic=-1 kastbench=%s" % server
    if tsc_khz:
        append += " tsc_early_khz=%d" % tsc_khz
    cmd, _ = qemu.command("x86_64", linux["vmlinux"], accel, machine="microvm,acpi=on",
                          mem=mem, net=net)
    cmd += ["-initrd", linux["server_initrd"], "-append", append]
    return cmd


class Netns:
    """A network namespace of the bench's own holding the tap device TAP
    with the host's address of QEMU user networking (10.0.2.2/24), so that
    both guests keep the address they have under user networking."""

    def __init__(self):
        self.name = "kastsrv-%d" % os.getpid()
        self.prefix = ["ip", "netns", "exec", self.name]

    def __enter__(self):
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            for cmd in (["ip", "tuntap", "add", "dev", TAP, "mode", "tap"],
                        ["ip", "link", "set", TAP, "up"],
                        ["ip", "addr", "add", qemu.USER_NET_HOST + "/24", "dev", TAP],
                        ["ip", "link", "set", "lo", "up"]):
                subprocess.run(self.prefix + cmd, check=True)
        except subprocess.CalledProcessError:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        subprocess.run(["ip", "netns", "del", self.name], stderr=subprocess.DEVNULL)


class Endpoint:
    """Where the clients reach a guest's @server: over user networking
    (@ns None: a free port on 127.0.0.1 published to the guest's) or over
    the tap in Netns @ns (the guest's own address and port, the clients
    run with ns.prefix)."""

    def __init__(self, server, ns=None):
        self.server, self.ns = server, ns
        gport = GUEST_PORT[server]
        if ns:
            self.host, self.port, self.prefix = qemu.USER_NET_GUEST, gport, ns.prefix
        else:
            self.host, self.port, self.prefix = "127.0.0.1", free_port(), []
        self.gport = gport

    def backend(self):
        if self.ns:
            return qemu.net_backend(net="tap=" + TAP)
        return qemu.net_backend(publish=["%d:%d" % (self.port, self.gport)])

    def call(self, what, timeout):
        """probe / used_memory run in the namespace: a subprocess of this
        module (Python sockets cannot enter it): its JSON answer."""
        env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "support"))
        r = subprocess.run(self.prefix + [sys.executable, "-m", "kast.bench.servers", what,
                                          self.server, self.host, str(self.port),
                                          str(timeout)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                           stdin=subprocess.DEVNULL, timeout=timeout + 60)
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    def probe(self, timeout=2.0):
        if self.ns:
            return bool(self.call("probe", timeout))
        return probe(self.server, self.host, self.port, timeout)

    def wait_ready(self, deadline, alive):
        """Until the first good answer (True) or @deadline / @alive() false."""
        if not self.ns:
            # a short wait per probe: over user networking a probe sent
            # before the guest's network is up is accepted by QEMU and then
            # hangs until the guest answers a retransmitted SYN (hundreds
            # of ms), which the cold start would count (docs/benchmarks.md)
            while time.monotonic() < deadline and alive():
                if self.probe(COLD_PROBE_S):
                    return True
                time.sleep(0.005)
            return False
        # in slices, so that a guest that died is noticed
        while time.monotonic() < deadline and alive():
            if self.call("wait", max(1, min(10, int(deadline - time.monotonic())))):
                return True
        return False


def probe(server, host, port, timeout=2.0):
    """One request: True when the server answered as it should."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            if server == "redis":
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
            s.sendall(b"GET /index.html HTTP/1.0\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


class Running:
    """A guest started now; ready() waits for its first good answer."""

    def __init__(self, cmd, ep):
        self.ep = ep
        self.t0 = time.monotonic()
        self.log = tempfile.TemporaryFile()
        # ip netns exec execs QEMU: the process (and its RSS) stays QEMU's
        self.proc = subprocess.Popen(ep.prefix + cmd, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=hostfwd.environ(ep.backend()),
                                     stdin=subprocess.DEVNULL, start_new_session=True)

    def ready(self):
        if self.ep.wait_ready(self.t0 + READY_TIMEOUT_S, lambda: self.proc.poll() is None):
            return time.monotonic() - self.t0
        return None

    def output(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def rss_kib(self):
        try:
            for line in open("/proc/%d/status" % self.proc.pid):
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return None

    def stop(self):
        try:
            os.killpg(self.proc.pid, 9)
        except ProcessLookupError:
            pass
        self.proc.wait()


def redis_bench(rb, ep):
    """redis-benchmark with Unikraft's parameters: {test: {rps, p50_ms, p99_ms}}."""
    r = sh(ep.prefix + [rb, "-h", ep.host, "-p", str(ep.port), "-t", "get,set", "-n", "100000",
                        "-c", "30", "-P", "16", "-d", "3", "--csv"], timeout=900)
    res = {}
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        f = [x.strip('"') for x in line.split(",")]
        if len(f) >= 7 and f[0] in ("SET", "GET"):
            res[f[0].lower()] = {"rps": float(f[1]), "p50_ms": float(f[4]),
                                 "p99_ms": float(f[6])}
    return res


def wrk_ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def wrk_bench(ep, seconds=10):
    r = sh(ep.prefix + ["wrk", "-t1", "-c30", "-d%ds" % seconds, "--latency",
                        "http://%s:%d/index.html" % (ep.host, ep.port)], timeout=seconds + 120)
    out = r.stdout.decode("utf-8", "replace")
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    lat = dict((p, wrk_ms(v, u)) for p, v, u in
               re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M))
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", out)
    return {"rps": float(m.group(1)) if m else None, "p50_ms": lat.get("50"),
            "p99_ms": lat.get("99"), "errors": errs.group(0) if errs else None}


def redis_used_memory(ep):
    if ep.ns:
        return ep.call("used_memory", 30)
    return used_memory(ep.host, ep.port)


def used_memory(host, port):
    """redis's INFO used_memory, or None."""
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(b"INFO memory\r\n")
            buf = b""
            while b"used_memory:" not in buf or not buf.endswith(b"\r\n"):
                d = s.recv(65536)
                if not d:
                    break
                buf += d
        m = re.search(rb"used_memory:(\d+)", buf)
        return int(m.group(1)) if m else None
    except OSError:
        return None


def one_guest(kind, arch, server, paths, mem, accel, tsc_khz, linux, ninitrd, cold_runs,
              soak_s, ns=None):
    """Cold starts (user networking), throughput and (with @soak_s) a soak
    (over the tap in Netns @ns, else user networking) of one server on one
    guest: a dict of figures."""
    res = {"cold_start_s": [], "net": "tap" if ns else "user"}
    for _ in range(cold_runs):
        ep = Endpoint(server)
        g = Running(guest_cmd(kind, arch, server, paths, ep, mem, accel, tsc_khz, linux,
                              ninitrd), ep)
        t = g.ready()
        g.stop()
        if t is None:
            fail("%s %s on %s never answered: %s" % (kind, server, arch, g.output()[-600:]))
            return res
        res["cold_start_s"].append(t)
    res["cold_start_median_s"] = statistics.median(res["cold_start_s"])
    ep = Endpoint(server, ns)
    g = Running(guest_cmd(kind, arch, server, paths, ep, mem, accel, tsc_khz, linux,
                          ninitrd), ep)
    try:
        if g.ready() is None:
            fail("%s %s on %s never answered: %s" % (kind, server, arch, g.output()[-600:]))
            return res
        res["load_start"] = os.getloadavg()[0]
        if server == "redis":
            res["bench"] = redis_bench(paths["redis-benchmark"], ep)
        else:
            res["bench"] = {"get": wrk_bench(ep)}
        res["load_end"] = os.getloadavg()[0]
        if soak_s:
            res["soak"] = soak(g, server, paths, ep, soak_s)
    finally:
        g.stop()
    return res


def soak(g, server, paths, ep, seconds):
    """Load for @seconds after a warm-up round; memory before and after."""
    def load(s):
        if server == "redis":
            end = time.monotonic() + s
            n = 0
            while time.monotonic() < end:
                sh(ep.prefix + [paths["redis-benchmark"], "-h", ep.host, "-p", str(ep.port),
                                "-t", "get,set,lpush,lpop", "-n", "50000", "-c", "30",
                                "-P", "16", "-d", "64", "-r", "10000", "-q"], timeout=900)
                n += 1
            return n
        return wrk_bench(ep, int(s))
    load(10)    # warm-up: the server's caches and pools reach their size
    before = {"guest_rss_kib": g.rss_kib(), "redis_used_memory": redis_used_memory(ep)
              if server == "redis" else None}
    t0 = time.monotonic()
    out = load(seconds)
    after = {"guest_rss_kib": g.rss_kib(), "redis_used_memory": redis_used_memory(ep)
             if server == "redis" else None}
    return {"seconds": time.monotonic() - t0, "before": before, "after": after,
            "still_serving": ep.probe(30),
            "load": out if isinstance(out, dict) else {"rounds": out}}


def bench_servers(bdir, archs, accel, mem, tsc_khz, linux, quick, soak_s=0, net="auto"):
    """Everything above; the results dict (also saved as servers.json).
    @net: where the load runs, "tap", "user" or "auto" (tap where this
    process may make a network namespace)."""
    log("== servers: redis and nginx (building)")
    if not shutil.which("wrk"):
        fail("wrk not found (apt-get install wrk)")
        return None
    paths = build(bdir, archs)
    if not paths:
        return None
    res = {"archs": {}, "sizes": {}}
    for arch in archs:
        for server in ("redis", "nginx"):
            res["sizes"]["%s/%s" % (arch, server)] = os.path.getsize(paths[server, arch])
    tmp = tempfile.mkdtemp()
    nroot = os.path.join(tmp, "root")
    nginx_tree(nroot)
    ninitrd = os.path.join(tmp, "nginx.cpio")
    open(ninitrd, "wb").write(cpio.pack_folder(nroot))
    if linux:
        linux["server_initrd"], why = linux_initrd(bdir, linux, paths)
        if why:
            fail("Linux server initramfs: " + why)
    cold_runs = 3 if quick else 10
    if net == "auto":
        net = "tap" if can_netns() else "user"
    res["net"] = net
    if net == "user":
        log("   servers: load over user networking (its backlog-1 listening socket"
            " makes the figures erratic: see servers.py)")
    ns = Netns() if net == "tap" else None
    try:
        if ns:
            ns.__enter__()
        for arch in archs:
            res["archs"][arch] = {}
            kinds = ["kast"] + (["linux"] if arch == "x86_64" and linux else [])
            for server in ("redis", "nginx"):
                for kind in kinds:
                    log("== servers: %s on %s %s" % (server, arch, kind))
                    r = one_guest(kind, arch, server, paths, mem, accel, tsc_khz, linux,
                                  ninitrd, cold_runs, soak_s if kind == "kast" else 0, ns)
                    res["archs"][arch]["%s/%s" % (server, kind)] = r
                    log("   %s" % json.dumps({k: v for k, v in r.items()
                                              if k != "cold_start_s"}))
    finally:
        if ns:
            ns.__exit__()
        shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(bdir, "servers.json"), "w") as f:
        json.dump(res, f, indent=1)
    return res


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
TARGETS = {"nginx": 3.0, "redis-get": 2.0, "cold": 30.0}
UNIKRAFT_SIZE = {"nginx": 852792, "redis": 1114936}


def _fmt(v, f="%.0f"):
    return "-" if v is None else f % v


def _ratio(k, lx):
    return "%.2fx" % (k / lx) if k and lx else "-"


def rows(res):
    """(arch, figure, Kast, Linux, ratio, target) rows of the server table."""
    out = []
    for arch, r in (res or {}).get("archs", {}).items():
        for server in ("redis", "nginx"):
            k, lx = r.get(server + "/kast", {}), r.get(server + "/linux", {})
            tests = ("get", "set") if server == "redis" else ("get",)
            for t in tests:
                kb, lb = k.get("bench", {}).get(t, {}), lx.get("bench", {}).get(t, {})
                name = "%s %s" % (server, t.upper()) if server == "redis" else "nginx wrk"
                goal = TARGETS.get("nginx" if server == "nginx" else "redis-" + t)
                out.append((arch, name + " req/s", _fmt(kb.get("rps")), _fmt(lb.get("rps")),
                            _ratio(kb.get("rps"), lb.get("rps")),
                            ">= %.0fx" % goal if goal else ""))
                out.append((arch, name + " p50 / p99 ms",
                            "%s / %s" % (_fmt(kb.get("p50_ms"), "%.2f"),
                                         _fmt(kb.get("p99_ms"), "%.2f")),
                            "%s / %s" % (_fmt(lb.get("p50_ms"), "%.2f"),
                                         _fmt(lb.get("p99_ms"), "%.2f")), "", ""))
            kc, lc = k.get("cold_start_median_s"), lx.get("cold_start_median_s")
            out.append((arch, "%s cold start (median of %d)" % (server, len(k.get(
                "cold_start_s", []))), _fmt(kc and kc * 1e3, "%.0f ms"),
                _fmt(lc and lc * 1e3, "%.0f ms"),
                ("%.1fx faster" % (lc / kc)) if kc and lc else "-",
                ">= %.0fx faster" % TARGETS["cold"]))
            size = res.get("sizes", {}).get("%s/%s" % (arch, server))
            uk = UNIKRAFT_SIZE[server]
            out.append((arch, "%s image (stripped)" % server, _fmt(size, "%d B"), "",
                        "%.2fx Unikraft's %d B" % (size / uk, uk) if size else "-",
                        "<= 0.8x"))
            s = k.get("soak")
            if s:
                b, a = s["before"], s["after"]
                pages = "%s -> %s KiB" % (b["guest_rss_kib"], a["guest_rss_kib"])
                out.append((arch, "%s soak %.0f s: guest pages (QEMU RSS)"
                            % (server, s["seconds"]), pages, "", "",
                            "goal: flat; still serving: %s" % s["still_serving"]))
                if b.get("redis_used_memory") is not None:
                    out.append((arch, "redis soak: heap (INFO used_memory)",
                                "%s -> %s B" % (b["redis_used_memory"], a["redis_used_memory"]),
                                "", "", "goal: flat"))
    return out


def _net_words(res):
    if (res or {}).get("net", "user") == "tap":
        return ("a tap device in a network namespace of the bench's own (guest 10.0.2.15,"
                " tap 10.0.2.2/24, the clients run in the namespace)")
    return ("QEMU user networking with the port published on 127.0.0.1 (erratic: its"
            " listening socket's backlog of 1 overflows under 30 simultaneous connects;"
            " run as root for the tap)")


def table(res):
    L = ["", "Servers (Kast vs the Linux guest, same QEMU, -smp 1, virtio-net, load over %s)"
         % (res or {}).get("net", "user")]
    fmt = "  %-8s %-36s %-20s %-20s %-18s %s"
    L.append(fmt % ("arch", "figure", "Kast", "Linux", "ratio", "target"))
    L += [fmt % r for r in rows(res)]
    return "\n".join(L)


def markdown(res):
    M = ["## Servers: redis and nginx", "",
         "redis 7.0.15 and nginx 1.22.1 from Debian's sources (apps/redis, apps/nginx;"
         " docs/apps.md). Kast images vs the Linux guest of this report running the same"
         " servers built statically for the host from the same sources, both under the"
         " same QEMU with `-smp 1`, the same `-m`, virtio-net on virtio-mmio (microvm)."
         " Load over %s; clients on the host:"
         " `redis-benchmark -t get,set -n 100000 -c 30 -P 16 -d 3 --csv` and"
         " `wrk -t1 -c30 -d10s --latency` on a 612-byte page. Cold start (over user"
         " networking): QEMU started"
         " to the first PONG / HTTP 200, the host polling every 5 ms (each probe waits"
         " at most 100 ms for its answer). Soak (`--soak S`):"
         " S seconds of load after a 10 s warm-up; guest pages are the QEMU process's"
         " resident memory (every guest page touched), heap is redis's own count."
         % _net_words(res), ""]
    M += ["| arch | figure | Kast | Linux | ratio | target |",
          "| --- | --- | --- | --- | --- | --- |"]
    M += ["| " + " | ".join(r) + " |" for r in rows(res)]
    loads = []
    for arch, r in (res or {}).get("archs", {}).items():
        for key, g in sorted(r.items()):
            if g.get("load_start") is not None:
                loads.append("%s %s %.1f -> %.1f" % (arch, key, g["load_start"],
                                                     g.get("load_end") or 0))
    if loads:
        M += ["", "Host load average (1 min) during each load run: " + "; ".join(loads)
              + " (2 cores; other work may run concurrently)."]
    M.append("")
    return M


def cold_split(cmd, ep, server, probe_timeout=COLD_PROBE_S, poll_s=0.005):
    """One cold start of the QEMU command @cmd (user networking, Endpoint
    @ep), split by the host's arrival time of the guest's console lines:
    {"lines": [(s, line)], "probes": [(start s, end s, ok)], "ready_s"}.
    A probe waits up to @probe_timeout for its answer."""
    import threading
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    lines = []

    def reader():
        for raw in proc.stdout:
            lines.append((time.monotonic() - t0, raw.decode("utf-8", "replace").rstrip()))
    th = threading.Thread(target=reader, daemon=True)
    th.start()
    probes, ready = [], None
    try:
        while time.monotonic() - t0 < READY_TIMEOUT_S and proc.poll() is None:
            a = time.monotonic() - t0
            ok = probe(server, ep.host, ep.port, probe_timeout)
            probes.append((a, time.monotonic() - t0, ok))
            if ok:
                ready = probes[-1][1]
                break
            time.sleep(poll_s)
        if ready and server == "redis":
            # a clean exit prints the kernel's boot stamps (LIBUKBOOT_BOOTTIME)
            try:
                with socket.create_connection((ep.host, ep.port), timeout=5) as c:
                    c.sendall(b"SHUTDOWN NOSAVE\r\n")
                    c.recv(64)
            except OSError:
                pass
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
    finally:
        try:
            os.killpg(proc.pid, 9)
        except ProcessLookupError:
            pass
        proc.wait()
        th.join(5)
    return {"lines": lines, "probes": probes, "ready_s": ready}


def cold_split_main(argv):
    """coldsplit kast|linux ARCH redis|nginx IMAGE [INITRD] [RUNS] [PROBE_TIMEOUT]:
    cold starts split by console lines and probes (docs/benchmarks.md)."""
    kind, arch, server, image = argv[:4]
    initrd = argv[4] if len(argv) > 4 and argv[4] != "-" else None
    runs = int(argv[5]) if len(argv) > 5 else 3
    ptimeout = float(argv[6]) if len(argv) > 6 else COLD_PROBE_S
    accel = qemu.choose_accel(arch)
    paths = {(server, arch): image}
    tmp = None
    if server == "nginx" and not initrd:
        tmp = tempfile.mkdtemp()
        nginx_tree(os.path.join(tmp, "root"))
        initrd = os.path.join(tmp, "nginx.cpio")
        open(initrd, "wb").write(cpio.pack_folder(os.path.join(tmp, "root")))
    out = []
    for _ in range(runs):
        ep = Endpoint(server)
        cmd = guest_cmd(kind, arch, server, paths, ep, 256, accel, None, None, initrd)
        r = cold_split(cmd, ep, server, ptimeout)
        fails = [p for p in r["probes"] if not p[2]]
        print("ready %.1f ms after %d probes (last failed probe %s ms; answer took %.1f ms)"
              % ((r["ready_s"] or 0) * 1e3, len(r["probes"]),
                 "%.1f..%.1f" % (fails[-1][0] * 1e3, fails[-1][1] * 1e3) if fails else "-",
                 ((r["probes"][-1][1] - r["probes"][-1][0]) * 1e3) if r["probes"] else 0))
        for t, line in r["lines"]:
            print("  %8.1f ms  %s" % (t * 1e3, line[:100]))
        st = parse_boottime("\n".join(line for _, line in r["lines"]))
        if st:
            ms = 1e3 / st["hz"]
            print("  guest: C entry at %.1f ms of the VM; entry -> alloc %.1f ms, -> init"
                  " done (main thread) %.1f ms, -> main() %.1f ms"
                  % (st["entry"] * ms, (st["alloc"] - st["entry"]) * ms,
                     (st["late"] - st["entry"]) * ms, (st["main"] - st["entry"]) * ms))
            at = [t for t, line in r["lines"] if line.startswith("KAST-BOOTTIME")][0]
            off = at * 1e3 - st["exit"] * ms
            print("  timeline from QEMU start: VM counter 0 at ~%.1f ms (the stamps line"
                  " arrived %.1f ms after QEMU start, stamped %.1f ms into the VM);"
                  " C entry %.1f, main() %.1f ms"
                  % (off, at * 1e3, st["exit"] * ms, off + st["entry"] * ms,
                     off + st["main"] * ms))
            for a, b in (("ukboot", "params"), ("params", "alloc"), ("alloc", "early"),
                         ("early", "plat"), ("plat", "lib"), ("lib", "rootfs"),
                         ("rootfs", "sys"), ("sys", "late"), ("late", "main")):
                print("    %s -> %s: %.2f ms" % (a, b, (st[b] - st[a]) * ms))
        out.append(r)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _main(argv):
    """In a network namespace (Endpoint.call): probe SERVER HOST PORT T
    (one request), wait SERVER HOST PORT T (until an answer or T seconds),
    used_memory redis HOST PORT T; prints the JSON answer."""
    if argv and argv[0] == "coldsplit":
        return cold_split_main(argv[1:])
    what, server, host, port, timeout = argv[0], argv[1], argv[2], int(argv[3]), float(argv[4])
    if what == "probe":
        ans = probe(server, host, port, timeout)
    elif what == "wait":
        deadline = time.monotonic() + timeout
        ans = False
        while not ans and time.monotonic() < deadline:
            ans = probe(server, host, port, 1.0)
            if not ans:
                time.sleep(0.005)
    else:
        ans = used_memory(host, port)
    json.dump(ans, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
