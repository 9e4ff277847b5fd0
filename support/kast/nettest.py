# SPDX-License-Identifier: BSD-3-Clause
"""Host-driven network tests (runtests; matrix.NET_TESTS lists them).

A guest program from tests/net/ is built with kast-cc (the kit difftest
uses: one per architecture) and booted with kast-run on QEMU user
networking: servers with -p HOST:GUEST on a free host port of 127.0.0.1,
clients with --net user reaching the host as 10.0.2.2. The other side is
Python here (stdlib sockets, http.server). Each client bounds its loops
by count and every socket operation by a timeout; the VM by kast-run's
--timeout. A test passes when the client saw exactly the bytes it
expected and the guest program ended with status 0 and printed the
counts the client expects (its last line).
"""
import contextlib
import functools
import http.server
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from . import BIN, SRC, deps, qemu
from .report import excerpt

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
# servers take a static address: no waiting for DHCP before the host connects
STATIC = "netdev.ip=%s/24 netdev.gw=%s" % (qemu.USER_NET_GUEST, qemu.USER_NET_HOST)
IO_TIMEOUT_S = 60       # any one socket operation of a client
READY_TIMEOUT_S = 120   # boot until the program says it listens


class Failure(Exception):
    """The test failed; the message says how."""


def free_port(kind=socket.SOCK_STREAM):
    """A port of 127.0.0.1 that nothing uses now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(arch, name, out_dir):
    """tests/net/NAME.c built with kast-cc for @arch: (image or None, log)."""
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "%s-%s" % (name, arch))
    r = subprocess.run([KAST_CC, "--arch", arch, "-O2", "-Wall", "-Werror", "-o", image,
                        os.path.join(SRC, "tests", "net", name + ".c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return (image if r.returncode == 0 and os.path.exists(image) else None), out


class Guest:
    """A kast-run of an image, its console collected by a thread."""

    def __init__(self, image, net_opts, args, timeout, append=None, prefix=()):
        cmd = list(prefix) + [KAST_RUN, "--timeout", str(timeout)] + list(net_opts)
        if append:
            cmd += ["--append", append]
        cmd += [image, "--"] + [str(a) for a in args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.timeout = timeout
        self.out = b""
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            data = self.proc.stdout.read1(65536)
            with self.cond:
                self.out += data
                self.cond.notify_all()
            if not data:
                break

    def text(self):
        with self.cond:
            return self.out.decode("utf-8", "replace")

    def wait_for(self, pattern, timeout=READY_TIMEOUT_S):
        """Wait until the console matches @pattern; Failure when the VM
        ended or @timeout passed first."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not re.search(pattern, self.out.decode("utf-8", "replace"), re.M):
                left = deadline - time.monotonic()
                if left <= 0 or not self.reader.is_alive():
                    raise Failure("the guest never printed /%s/" % pattern)
                self.cond.wait(min(left, 1))

    def finish(self):
        """Wait for the VM (at most its own timeout and a bit): its status."""
        try:
            rc = self.proc.wait(timeout=self.timeout + 30)
        except subprocess.TimeoutExpired:
            self.kill()
            rc = qemu.EXIT_TIMEOUT
        self.reader.join(10)
        return rc

    def kill(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, 9)
        self.proc.wait()


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


# ---------------------------------------------------------------------------
# The host's side of each test: (guest, host port, test) -> the last line
# of the guest's output the test expects (a regex), or Failure
# ---------------------------------------------------------------------------
def recv_all(sock, limit):
    """Bytes until end of stream (at most @limit + 1)."""
    chunks, n = [], 0
    while n <= limit:
        data = sock.recv(65536)
        if not data:
            break
        chunks.append(data)
        n += len(data)
    return b"".join(chunks)


def tcp_echo(guest, port, test):
    """test.clients connections at once, each sending test.size bytes (its
    own random data) while reading the echo; compared byte for byte."""
    errors = []

    def client(i):
        data = random.Random(i).randbytes(test.size)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
                def send():
                    try:
                        s.sendall(data)
                        s.shutdown(socket.SHUT_WR)
                    except OSError as e:
                        errors.append("client %d: send: %s" % (i, e))
                sender = threading.Thread(target=send, daemon=True)
                sender.start()
                got = recv_all(s, test.size)
                sender.join(IO_TIMEOUT_S)
        except OSError as e:
            errors.append("client %d: %s" % (i, e))
            return
        if got != data:
            first = next((k for k, (a, b) in enumerate(zip(got, data)) if a != b),
                         min(len(got), len(data)))
            errors.append("client %d: echo of %d bytes differs: got %d bytes, first "
                          "difference at byte %d" % (i, len(data), len(got), first))

    threads = [threading.Thread(target=client, args=(i,), daemon=True)
               for i in range(test.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(test.timeout)
    if any(t.is_alive() for t in threads):
        errors.append("a client did not finish in %ds" % test.timeout)
    if errors:
        raise Failure("; ".join(errors))
    return r"^tcpecho: %d connections, %d bytes echoed, 0 errors$" % (
        test.clients, test.clients * test.size)


def udp_echo(guest, port, test):
    """test.clients datagrams of varied sizes (1..1472 bytes), one at a
    time, each echo compared; then "quit", answered with the count."""
    rnd = random.Random(7)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(10)
        s.connect(("127.0.0.1", port))
        for i in range(test.clients):
            data = rnd.randbytes(1 + (i * 97) % 1472)
            if data == b"quit":
                continue
            s.send(data)
            try:
                got = s.recv(65536)
            except socket.timeout:
                raise Failure("datagram %d (%d bytes): no echo in 10 s" % (i, len(data)))
            if got != data:
                raise Failure("datagram %d: sent %d bytes, echo has %d and differs"
                              % (i, len(data), len(got)))
        s.send(b"quit")
        try:
            got = s.recv(100)
        except socket.timeout:
            raise Failure("no answer to quit in 10 s")
        if got != b"bye %d" % test.clients:
            raise Failure("answer to quit: %r, expected 'bye %d'" % (got, test.clients))
    return r"^udpecho: %d datagrams, \d+ bytes echoed$" % test.clients


def epoll_requests(guest, port, test):
    """test.clients connections open at once; test.size rounds of a request
    on each (the first round two requests in one write), every answer
    checked."""
    rnd = random.Random(3)
    conns = []
    try:
        for _ in range(test.clients):
            conns.append(socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S))
        files = [c.makefile("rb") for c in conns]
        for rnd_no in range(test.size):
            want = []
            for c in conns:
                pairs = [(rnd.randrange(1 << 40), rnd.randrange(1 << 40))
                         for _ in range(2 if rnd_no == 0 else 1)]
                c.sendall(b"".join(b"add %d %d\n" % p for p in pairs))
                want.append([a + b for a, b in pairs])
            for k, (f, sums) in enumerate(zip(files, want)):
                for s in sums:
                    line = f.readline()
                    if line != b"%d\n" % s:
                        raise Failure("connection %d, round %d: answer %r, expected %d"
                                      % (k, rnd_no, line, s))
        requests = test.clients * (test.size + 1)
    except OSError as e:
        raise Failure("client: %s" % e)
    finally:
        for c in conns:
            c.close()
    return r"^epollsrv: %d connections \(at most %d open at once\), %d requests$" % (
        test.clients, test.clients, requests)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def http_get(arch, image, test):
    """The guest fetches test.size bytes from an HTTP server of the host
    (on 127.0.0.1, 10.0.2.2 to the guest, over DHCP) and prints its hash."""
    data = random.Random(11).randbytes(test.size)
    with tempfile.TemporaryDirectory(prefix="kast-nettest-") as root:
        with open(os.path.join(root, "blob"), "wb") as f:
            f.write(data)
        handler = functools.partial(_Quiet, directory=root)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        t = threading.Thread(target=server.serve_forever, daemon=True)
        t.start()
        try:
            guest = Guest(image, ["--net", "user"],
                          [qemu.USER_NET_HOST, server.server_address[1], "blob"], test.timeout)
            rc = guest.finish()
        finally:
            server.shutdown()
            server.server_close()
    return rc, guest.text(), r"^httpget: status 200, content-length %d, body %d bytes, " \
        r"fnv1a64 %016x$" % (test.size, test.size, fnv1a64(data))


SCAPY = "/usr/lib/python3/dist-packages/scapy/__init__.py"
MALFORMED = os.path.join(SRC, "tests", "net", "malformed.py")
TAP_HOST, TAP_GUEST = "10.77.0.1", "10.77.0.2"


def can_netns():
    """Network namespaces and tap devices: root, /dev/net/tun, ip(8)."""
    return os.getuid() == 0 and os.path.exists("/dev/net/tun") and bool(shutil.which("ip"))


def malformed(arch, image, test):
    """tests/net/malformed.py (scapy) sends broken frames from a tap device
    in a network namespace of this test's own to tcpecho (one client),
    then checks ARP, ping and a TCP echo of test.size bytes."""
    err = deps.install(deps.missing([(SCAPY, "python3-scapy")]))
    if err:
        return None, "", None, err
    ns = "kast-%d-%s" % (os.getpid(), arch)
    tap = "ktap0"
    ins = ["ip", "netns", "exec", ns]
    guest = None
    problem = None
    script_out = ""
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        for cmd in (["ip", "tuntap", "add", "dev", tap, "mode", "tap"],
                    # frames longer than the guest's MTU reach it
                    ["ip", "link", "set", tap, "mtu", "9000", "up"],
                    ["ip", "addr", "add", TAP_HOST + "/24", "dev", tap],
                    ["ip", "link", "set", "lo", "up"]):
            subprocess.run(ins + cmd, check=True)
        guest = Guest(image, ["--net", "tap=" + tap], [7, 1], test.timeout,
                      append="netdev.ip=%s/24 netdev.gw=%s" % (TAP_GUEST, TAP_HOST),
                      prefix=ins)
        guest.wait_for(r"ready on port")
        r = subprocess.run(ins + ["/usr/bin/python3", MALFORMED, tap, TAP_GUEST, "7"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=test.timeout)
        script_out = r.stdout.decode("utf-8", "replace")
        done = r"^malformed: \d+ frames sent \(0 refused by the host\), guest answers$"
        if r.returncode != 0 or not re.search(done, script_out, re.M):
            problem = "malformed.py: exit %d%s" % (r.returncode, excerpt(script_out))
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        problem = str(e)
    except Failure as e:
        problem = str(e)
    finally:
        rc = None
        if guest:
            if problem:
                guest.kill()
            rc = guest.finish()
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    out = guest.text() if guest else ""
    if problem is None and re.search(r"virtio: .*device disabled|CRASH|PANIC", out):
        problem = "the guest reported a fault"
    return rc, out + script_out, r"^tcpecho: 1 connections, %d bytes echoed, 0 errors$" \
        % test.size, problem


CSUMCHECK = os.path.join(SRC, "tests", "net", "csumcheck.py")
OFFLOAD_STATS = (r"^en\d+: checksum offload tx (on|off) rx (on|off); rx \d+ frames \((\d+) "
                 r"checksum valid, (\d+) partial, (\d+) bad headers\); tx \d+ frames "
                 r"\((\d+) checksum offloaded\)")


def offload_boot(arch, image, test, ns, mode, machine=None):
    """One tcpecho boot on the tap of namespace @ns (on QEMU @machine, None:
    the default) with checksum offload @mode ("on" or "off":
    virtio-net.csum=0), csumcheck.py as the client: a problem (text) or
    None, and the output."""
    tap = "ktap0"
    ins = ["ip", "netns", "exec", ns]
    append = "netdev.ip=%s/24 netdev.gw=%s netdev.stats=1" % (TAP_GUEST, TAP_HOST)
    if mode == "off":
        append += " virtio-net.csum=0"
    # the counters are a kernel message: in the kernel log's own file, so
    # that they cannot interleave with the program's output (--verbose
    # merges the two streams, and a line was once cut by the program's)
    klog_fd, klog = tempfile.mkstemp(prefix="kast-offload-", suffix=".log")
    os.close(klog_fd)
    opts = ["--kernel-log", klog, "--net", "tap=" + tap] + \
        (["--machine", machine] if machine else [])
    guest = Guest(image, opts, [7, 1], test.timeout, append=append, prefix=ins)
    problem, script_out = None, ""
    mode = mode + (" (%s)" % machine if machine else "")
    try:
        guest.wait_for(r"ready on port")
        r = subprocess.run(ins + ["/usr/bin/python3", CSUMCHECK, tap, TAP_GUEST, "7",
                                  str(test.size), mode.split()[0]],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=test.timeout)
        script_out = r.stdout.decode("utf-8", "replace")
        if r.returncode != 0 or not re.search(r"^csumcheck: \d+ guest TCP", script_out, re.M):
            problem = "offload %s: csumcheck.py: exit %d%s" % (
                mode, r.returncode, excerpt(script_out))
    except subprocess.TimeoutExpired as e:
        problem = str(e)
    except Failure as e:
        problem = "offload %s: %s" % (mode, e)
    if problem:
        guest.kill()
    rc = guest.finish()
    out = guest.text().replace("\r", "")
    with open(klog, errors="replace") as f:
        kernel = f.read().replace("\r", "")
    os.unlink(klog)
    if problem:
        return problem, out + kernel + script_out
    if rc != 0:
        return "offload %s: guest exit status %d" % (mode, rc), out + script_out
    if not re.search(r"^tcpecho: 1 connections, %d bytes echoed, 0 errors$" % test.size,
                     out, re.M):
        return "offload %s: the guest did not report the echo" % mode, out + script_out
    m = re.search(OFFLOAD_STATS, kernel, re.M)
    if not m:
        return ("offload %s: no counters line (netdev.stats=1) in the kernel log" % mode,
                out + kernel + script_out)
    tx, rx, valid, partial, bad, offloaded = m.groups()
    valid, partial, bad, offloaded = int(valid), int(partial), int(bad), int(offloaded)
    if bad:
        return "offload %s: %d frames with bad headers" % (mode, bad), out + script_out
    on = mode.startswith("on")
    if on and (tx, rx) != ("on", "on"):
        return "offload on: not negotiated (tx %s rx %s)" % (tx, rx), out + script_out
    if on and (not offloaded or not valid + partial):
        return ("offload on: %d frames sent with the checksum left to the device, %d "
                "received validated or partial" % (offloaded, valid + partial)), out + script_out
    if not on and ((tx, rx) != ("off", "off") or offloaded or valid or partial):
        return "offload off: still in use: %s" % m.group(0), out + script_out
    return None, out + script_out


def offload(arch, image, test):
    """tcpecho on a tap device (QEMU's tap has vnet headers: checksum
    offload is offered; user networking offers none) in a network
    namespace of this test's own, booted with offload on (the default; on
    x86_64 on microvm and on q35) and off (virtio-net.csum=0).
    csumcheck.py echoes test.size bytes and checks the checksums of the
    guest's frames as the tap saw them; the guest's counters
    (netdev.stats=1) must show the offload in use, or not."""
    ns = "kast-%d-%s-csum" % (os.getpid(), arch)
    ins = ["ip", "netns", "exec", ns]
    problem, outs = None, []
    try:
        subprocess.run(["ip", "netns", "add", ns], check=True)
        for cmd in (["ip", "tuntap", "add", "dev", "ktap0", "mode", "tap"],
                    ["ip", "link", "set", "ktap0", "up"],
                    ["ip", "addr", "add", TAP_HOST + "/24", "dev", "ktap0"],
                    ["ip", "link", "set", "lo", "up"]):
            subprocess.run(ins + cmd, check=True)
        # x86_64: virtio-mmio (microvm) and virtio-pci (q35)
        runs = [("on", None)] + ([("on", "q35")] if arch == "x86_64" else []) + \
            [("off", None)]
        for mode, machine in runs:
            problem, out = offload_boot(arch, image, test, ns, mode, machine)
            outs.append(out)
            if problem:
                break
    except subprocess.CalledProcessError as e:
        problem = str(e)
    finally:
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
    return problem, "".join(outs)


def send_exit(guest, port, test):
    """sendexit writes test.size bytes (byte i: i % 251) and returns from
    main() at once: every byte must still arrive, then end of file."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
            got = recv_all(s, test.size)
    except OSError as e:
        raise Failure("client: %s" % e)
    want = bytes(i % 251 for i in range(251)) * (test.size // 251 + 1)
    if got != want[:test.size]:
        first = next((k for k, (a, b) in enumerate(zip(got, want)) if a != b),
                     min(len(got), test.size))
        raise Failure("received %d of %d bytes, first difference at byte %d"
                      % (len(got), test.size, first))
    return r"^sendexit: wrote %d bytes$" % test.size


def echo_once(port, size, seed):
    """One tcpecho connection: @size random bytes there and back."""
    data = random.Random(seed).randbytes(size)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            got = recv_all(s, size)
    except OSError as e:
        raise Failure("echo: %s" % e)
    if got != data:
        raise Failure("echo of %d bytes: got %d bytes, differing" % (size, len(got)))


def monitor(path, command):
    """One QEMU monitor command over its unix socket, done when the next
    prompt comes."""
    def until_prompt(m, buf):
        while buf.count(b"(qemu)") < 1:
            data = m.recv(4096)
            if not data:
                raise Failure("QEMU monitor: closed (%r)" % command)
            buf += data
        return buf.split(b"(qemu)", 1)[1]

    try:
        with socket.socket(socket.AF_UNIX) as m:
            m.settimeout(IO_TIMEOUT_S)
            m.connect(path)
            rest = until_prompt(m, b"")      # the greeting
            m.sendall(command.encode() + b"\n")
            until_prompt(m, rest)
    except OSError as e:
        raise Failure("QEMU monitor: %s" % e)


def link_toggle(guest, port, test):
    """QEMU's set_link takes the NIC's link down and up again (a config
    change interrupt): the guest reports each change, and a TCP echo works
    before and after."""
    echo_once(port, test.size, 1)
    monitor(guest.monitor, "set_link net0 off")
    guest.wait_for(r"en\d+: link down")
    monitor(guest.monitor, "set_link net0 on")
    guest.wait_for(r"en\d+: link up")
    echo_once(port, test.size, 2)
    return r"^tcpecho: 2 connections, %d bytes echoed, 0 errors$" % (2 * test.size)


SERVERS = {"tcp_echo": tcp_echo, "udp_echo": udp_echo, "epoll": epoll_requests,
           "send_exit": send_exit, "link": link_toggle}


def run(arch, image, test):
    """One matrix.NetTest: (ok, detail)."""
    if test.client == "http_get":
        rc, out, last = http_get(arch, image, test)
        problem = None
    elif test.client == "malformed":
        rc, out, last, problem = malformed(arch, image, test)
    elif test.client == "offload":
        problem, out = offload(arch, image, test)
        return not problem, (problem or "") + ("" if not problem else excerpt(out))
    else:
        proto = "udp" if test.client == "udp_echo" else "tcp"
        port = free_port(socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM)
        guest_port = 7
        args = [guest_port] + ([test.size] if test.client == "send_exit" else
                               [test.clients] if proto == "tcp" else [])
        net_opts = ["-p", "%d:%d%s" % (port, guest_port, "/udp" if proto == "udp" else "")]
        mon_dir = tempfile.mkdtemp(prefix="kast-nettest-")
        mon = os.path.join(mon_dir, "monitor")
        if test.client == "link":
            # the link changes are kernel messages (warnings): kast-run
            # shows the whole kernel log on stderr only with --verbose
            net_opts += ["--verbose", "--qemu-arg=-monitor",
                         "--qemu-arg=unix:%s,server=on,wait=off" % mon]
        guest = Guest(image, net_opts, args, test.timeout,
                      append=" ".join(x for x in (STATIC, test.append) if x))
        guest.monitor = mon
        problem = None
        last = None
        try:
            guest.wait_for(r"ready on port")
            last = SERVERS[test.client](guest, port, test)
        except Failure as e:
            problem = str(e)
            guest.kill()
        rc = guest.finish()
        out = guest.text()
        shutil.rmtree(mon_dir, ignore_errors=True)
    problems = [problem] if problem else []
    if not problems:
        if rc != 0:
            problems.append("guest exit status %d" % rc)
        if not re.search(last, out.replace("\r", ""), re.M):
            problems.append("output lacks /%s/" % last)
    return not problems, "; ".join(problems) + ("" if not problems else excerpt(out))
