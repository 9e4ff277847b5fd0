# SPDX-License-Identifier: BSD-3-Clause
"""TCP between the host and a guest: request/response latency and bulk
throughput, over QEMU user networking and over a tap device.

The guest runs support/bench/netbench.c (built with kast-cc), the host's
side is the client below (Python, stdlib), run as a subprocess: for tap,
inside a network namespace of the bench's own (created as root, deleted
after; the tap device lives in it, so traffic stays on this machine).
The same client against a Python server on the host's loopback gives the
"host loopback" row: what the client itself costs.

Per path: request/response latency (64-byte request, 64-byte answer,
TCP_NODELAY on the guest, one connection per round, the first transactions
of a round are warm-up), throughput host -> guest (the guest counts and
answers the total) and guest -> host (the guest writes a count the host
asked for), each as median and spread over the runs.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

from .. import BIN, SRC
from ..nettest import Failure, Guest, can_netns, free_port
from .common import fail, fmt_s, log, stats

BENCH_SRC = os.path.join(SRC, "support", "bench", "netbench.c")
RR_SIZE = 64
RR_WARMUP = 20
GUEST_PORT = 7
TAP_HOST, TAP_GUEST = "10.78.0.1", "10.78.0.2"
GUEST_TIMEOUT_S = 900
CLIENT_TIMEOUT_S = 600

PROFILES = {
    "full": dict(rr_rounds=5, rr_count=500, bulk_bytes=16 << 20, bulk_runs=7),
    "quick": dict(rr_rounds=2, rr_count=200, bulk_bytes=4 << 20, bulk_runs=3),
}


# ---------------------------------------------------------------------------
# The client (runs as a subprocess: python3 -m kast.bench.net HOST PORT JSON)
# ---------------------------------------------------------------------------
def _connect(host, port):
    s = socket.create_connection((host, port), timeout=60)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def _recv_exact(s, n):
    b = bytearray()
    while len(b) < n:
        d = s.recv(n - len(b))
        if not d:
            raise OSError("connection ended after %d of %d bytes" % (len(b), n))
        b += d
    return bytes(b)


def client(host, port, p):
    """Run the three measurements against a netbench server: a dict."""
    out = {"rr_us": [], "in_mbps": [], "out_mbps": []}
    req = bytes(range(RR_SIZE))
    for _ in range(p["rr_rounds"]):
        with _connect(host, port) as s:
            s.sendall(b"R")
            for i in range(RR_WARMUP + p["rr_count"]):
                t0 = time.perf_counter_ns()
                s.sendall(req)
                if _recv_exact(s, RR_SIZE) != req:
                    raise OSError("request/response: the answer differs")
                if i >= RR_WARMUP:
                    out["rr_us"].append((time.perf_counter_ns() - t0) / 1e3)
    chunk = b"b" * (256 << 10)
    n = p["bulk_bytes"]
    for _ in range(p["bulk_runs"]):
        with _connect(host, port) as s:
            t0 = time.perf_counter()
            s.sendall(b"S")
            left = n
            while left:
                k = min(left, len(chunk))
                s.sendall(chunk[:k])
                left -= k
            s.shutdown(socket.SHUT_WR)
            got = struct.unpack("<Q", _recv_exact(s, 8))[0]
            dt = time.perf_counter() - t0
            if got != n:
                raise OSError("host -> guest: the guest counted %d of %d bytes" % (got, n))
            out["in_mbps"].append(n / dt / 1e6)
        with _connect(host, port) as s:
            t0 = time.perf_counter()
            s.sendall(b"W" + struct.pack("<Q", n))
            got = 0
            while True:
                d = s.recv(1 << 20)
                if not d:
                    break
                got += len(d)
            dt = time.perf_counter() - t0
            if got != n:
                raise OSError("guest -> host: received %d of %d bytes" % (got, n))
            out["out_mbps"].append(n / dt / 1e6)
    return out


def quit_guest(host, port):
    with _connect(host, port) as s:
        s.sendall(b"Q")


def _host_server(ls):
    """netbench's protocol in Python, for the host loopback row."""
    while True:
        c, _ = ls.accept()
        with c:
            mode = c.recv(1)
            if mode == b"R":
                try:
                    while True:
                        c.sendall(_recv_exact(c, RR_SIZE))
                except OSError:
                    pass
            elif mode == b"S":
                n = 0
                while True:
                    d = c.recv(1 << 20)
                    if not d:
                        break
                    n += len(d)
                c.sendall(struct.pack("<Q", n))
            elif mode == b"W":
                n = struct.unpack("<Q", _recv_exact(c, 8))[0]
                buf = b"k" * (256 << 10)
                while n:
                    k = min(n, len(buf))
                    c.sendall(buf[:k])
                    n -= k
            elif mode in (b"Q", b""):
                return


def run_client(host, port, p, prefix=()):
    """client() in a subprocess (in a namespace with @prefix): its dict."""
    env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "support"))
    r = subprocess.run(list(prefix) + [sys.executable, "-m", "kast.bench.net", host, str(port),
                                       json.dumps(p)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                       stdin=subprocess.DEVNULL, timeout=CLIENT_TIMEOUT_S)
    if r.returncode != 0:
        raise Failure("client: %s" % r.stderr.decode("utf-8", "replace").strip()[-300:])
    return json.loads(r.stdout)


def summarize(raw):
    return {"rr_us": stats(raw["rr_us"]), "in_mbps": stats(raw["in_mbps"]),
            "out_mbps": stats(raw["out_mbps"])}


# ---------------------------------------------------------------------------
# The bench's side
# ---------------------------------------------------------------------------
def build(arch, bdir):
    os.makedirs(os.path.join(bdir, "net"), exist_ok=True)
    image = os.path.join(bdir, "net", "netbench-%s" % arch)
    logf = image + ".log"
    # a kit of the bench's own: the default cache may hold one built from
    # another checkout
    env = dict(os.environ)
    env.setdefault("KAST_CACHE", os.path.join(bdir, "kast-cache"))
    with open(logf, "w") as f:
        r = subprocess.run([os.path.join(BIN, "kast-cc"), "--arch", arch, "-O2", "-Wall",
                            "-Werror", "-o", image, BENCH_SRC], stdout=f,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    return (image if r.returncode == 0 else None), logf


def host_loopback(p):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    t = threading.Thread(target=_host_server, args=(ls,), daemon=True)
    t.start()
    try:
        raw = run_client("127.0.0.1", ls.getsockname()[1], p)
        quit_guest("127.0.0.1", ls.getsockname()[1])
    finally:
        t.join(10)
        ls.close()
    return summarize(raw)


def over_user(image, p):
    port = free_port()
    guest = Guest(image, ["-p", "%d:%d" % (port, GUEST_PORT)], [GUEST_PORT], GUEST_TIMEOUT_S,
                  append="netdev.ip=10.0.2.15/24 netdev.gw=10.0.2.2")
    try:
        guest.wait_for(r"ready on port")
        raw = run_client("127.0.0.1", port, p)
        quit_guest("127.0.0.1", port)
    except (Failure, OSError, subprocess.TimeoutExpired):
        guest.kill()
        raise
    finally:
        rc = guest.finish()
    if rc != 0:
        raise Failure("guest exit status %d" % rc)
    return summarize(raw)


def over_tap(arch, image, p, offload=True):
    """Over a tap; @offload False: virtio-net's checksum offload turned off
    (virtio-net.csum=0), lwIP computes and checks every checksum."""
    ns = "kastbench-%d-%s" % (os.getpid(), arch)
    tap = "kbtap0"
    ins = ["ip", "netns", "exec", ns]
    guest = None
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        for cmd in (["ip", "tuntap", "add", "dev", tap, "mode", "tap"],
                    ["ip", "link", "set", tap, "up"],
                    ["ip", "addr", "add", TAP_HOST + "/24", "dev", tap],
                    ["ip", "link", "set", "lo", "up"]):
            subprocess.run(ins + cmd, check=True)
        append = "netdev.ip=%s/24 netdev.gw=%s" % (TAP_GUEST, TAP_HOST)
        if not offload:
            append += " virtio-net.csum=0"
        guest = Guest(image, ["--net", "tap=" + tap], [GUEST_PORT], GUEST_TIMEOUT_S,
                      append=append, prefix=ins)
        guest.wait_for(r"ready on port")
        raw = run_client(TAP_GUEST, GUEST_PORT, p, prefix=ins)
        subprocess.run(ins + [sys.executable, "-c",
                              "import socket; socket.create_connection(('%s', %d), timeout=30)"
                              ".sendall(b'Q')" % (TAP_GUEST, GUEST_PORT)], timeout=60)
        rc = guest.finish()
        guest = None
        if rc != 0:
            raise Failure("guest exit status %d" % rc)
    finally:
        if guest:
            guest.kill()
            guest.finish()
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    return summarize(raw)


def bench_net(archs, bdir, profile):
    """Every architecture's figures over user networking and tap."""
    p = PROFILES[profile]
    res = {"profile": p, "rr_size": RR_SIZE, "arches": {}, "notes": []}
    log("== network: host loopback (the client's own cost)")
    try:
        res["host"] = host_loopback(p)
    except (Failure, OSError, subprocess.TimeoutExpired) as e:
        fail("network: host loopback: %s" % e)
    tap_ok = can_netns()
    if not tap_ok:
        res["notes"].append("tap: not measured (needs root, /dev/net/tun and ip(8))")
    for arch in archs:
        image, logf = build(arch, bdir)
        if not image:
            fail("network: %s: netbench does not build (see %s)" % (arch, logf))
            continue
        r = res["arches"][arch] = {}
        for path, fn in (("user", lambda: over_user(image, p)),
                         ("tap", lambda: over_tap(arch, image, p)),
                         ("tap-nocsum", lambda: over_tap(arch, image, p, offload=False))):
            if path.startswith("tap") and not tap_ok:
                continue
            log("== network: %s over %s" % (arch, path))
            try:
                r[path] = fn()
            except (Failure, OSError, subprocess.CalledProcessError,
                    subprocess.TimeoutExpired) as e:
                fail("network: %s over %s: %s" % (arch, path, e))
    return res


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------
PATH_NAMES = {"user": "user networking", "tap": "tap",
              "tap-nocsum": "tap, checksum offload off"}


def _rows(net):
    rows = []
    if net.get("host"):
        rows.append(("host loopback (client's own cost)", net["host"]))
    for arch, r in net.get("arches", {}).items():
        for path in ("user", "tap", "tap-nocsum"):
            if path in r:
                rows.append(("%s, %s" % (arch, PATH_NAMES[path]), r[path]))
    return rows


def _lat(st):
    return "-" if not st else fmt_s(st["median"] / 1e6)


def _mbps(st):
    return "-" if not st else "%.1f MB/s" % st["median"]


def md_stats_cells(rr, i, o):
    """The cells of one path's row."""
    def span(st, f):
        return "-" if not st else "%s .. %s" % (f(st["min"]), f(st["max"]))

    def iqr(st, f):
        return "-" if not st else "%s .. %s" % (f(st["q1"]), f(st["q3"]))

    def lat(x):
        return fmt_s(x / 1e6)

    def mb(x):
        return "%.1f MB/s" % x

    return ["**%s**" % _lat(rr), iqr(rr, lat), "**%s**" % _mbps(i), span(i, mb),
            "**%s**" % _mbps(o), span(o, mb)]


def table_lines(net):
    L = ["", "Network (TCP, guest <-> host; median):"]
    for name, r in _rows(net):
        L.append("  %-38s rr %-9s in %-12s out %s"
                 % (name, _lat(r["rr_us"]), _mbps(r["in_mbps"]), _mbps(r["out_mbps"])))
    return L


def markdown_lines(net):
    p = net["profile"]
    M = ["## Network", "",
         "TCP between the host and a guest running `support/bench/netbench.c` (built with "
         "kast-cc, lwIP over virtio-net), driven by a Python client on the host "
         "(`support/kast/bench/net.py`). Request/response: %d-byte request and answer, "
         "%d rounds of %d transactions (one connection per round, %d warm-up transactions "
         "each). Throughput: %d runs of %s each way (host -> guest: until the guest "
         "answers its count; guest -> host: until end of file). User networking: "
         "`kast-run -p`; tap: a tap device in a network namespace of the bench's own, "
         "with virtio-net's checksum offload (QEMU offers it over a tap, not over user "
         "networking) and with it off (`virtio-net.csum=0`: lwIP computes and checks "
         "every checksum). "
         "The host loopback row is the same client against a Python server on "
         "127.0.0.1." % (net["rr_size"], p["rr_rounds"], p["rr_count"], RR_WARMUP,
                         p["bulk_runs"], "%d MiB" % (p["bulk_bytes"] >> 20)), ""]
    M += ["| path | request/response median | IQR | host -> guest median | min .. max "
          "| guest -> host median | min .. max |",
          "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in _rows(net):
        rr, i, o = r["rr_us"], r["in_mbps"], r["out_mbps"]
        M.append("| %s | %s |" % (name, " | ".join(md_stats_cells(rr, i, o))))
    M.append("")
    M += ["- " + n for n in net.get("notes", [])]
    if net.get("notes"):
        M.append("")
    return M


if __name__ == "__main__":
    json.dump(client(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])), sys.stdout)
    sys.exit(0)
