# SPDX-License-Identifier: BSD-3-Clause
"""Host test of kast/hostfwd.py (runtests, group "host"): a listener that
asks for a backlog of 1 and accepts slowly, as QEMU's user networking
does under load, run with the preload library; a burst of clients that
upload at once must all be served, and (where iproute2's ss is) the
listener's backlog must read SOMAXCONN.

Without the library such a burst is reset by the host kernel's SYN-cookie
path (see hostfwd.py); with it the kernel has room for every connection,
so the test passes every time when the library works."""
import os
import re
import shutil
import socket
import subprocess
import sys
import threading

from . import hostfwd
from .nettest import recv_all

NAME = "tools: published ports take a burst of uploading clients (QEMU's listen backlog raised)"
CLIENTS = 16
SIZE = 256 * 1024
IO_TIMEOUT_S = 60

# the listener: backlog 1, 50 ms per accept (a busy main loop); each
# connection drained on a thread of its own and answered with its count
LISTENER = r"""
import socket, sys, threading, time
n = int(sys.argv[1])
ls = socket.socket()
ls.bind(("127.0.0.1", 0))
ls.listen(1)
print(ls.getsockname()[1], flush=True)
def drain(c):
    got = 0
    while True:
        d = c.recv(65536)
        if not d:
            break
        got += len(d)
    c.sendall(b"%d" % got)
    c.close()
for _ in range(n):
    c, _ = ls.accept()
    threading.Thread(target=drain, args=(c,)).start()
    time.sleep(0.05)
sys.stdin.read()
"""


def backlog_of(port):
    """The backlog of 127.0.0.1:@port's listener as ss reports it (its
    Send-Q), or None without ss."""
    if not shutil.which("ss"):
        return None
    r = subprocess.run(["ss", "-Hltn", "sport = :%d" % port], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    m = re.search(r"^LISTEN\s+\d+\s+(\d+)\s", r.stdout.decode(), re.M)
    return int(m.group(1)) if m else None


def somaxconn():
    """The largest backlog the kernel grants (SOMAXCONN, capped by
    net.core.somaxconn)."""
    try:
        with open("/proc/sys/net/core/somaxconn") as f:
            return min(socket.SOMAXCONN, int(f.read()))
    except (OSError, ValueError):
        return socket.SOMAXCONN


def run():
    """(ok, detail)"""
    lib = hostfwd.library()
    if not lib:
        return False, "the preload library was not built (see the warning above)"
    env = dict(os.environ, LD_PRELOAD=lib)
    child = subprocess.Popen([sys.executable, "-c", LISTENER, str(CLIENTS)], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    errors = []
    try:
        port = int(child.stdout.readline())
        backlog, want = backlog_of(port), somaxconn()
        if backlog is not None and backlog < want:
            errors.append("the listener's backlog is %d, not %d" % (backlog, want))

        def client(i):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT_S) as s:
                    s.sendall(bytes([i]) * SIZE)
                    s.shutdown(socket.SHUT_WR)
                    answer = recv_all(s, 64)
                if answer != b"%d" % SIZE:
                    errors.append("client %d: the listener counted %r bytes, not %d"
                                  % (i, answer, SIZE))
            except OSError as e:
                errors.append("client %d: %s" % (i, e))

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        child.kill()
        child.wait()
    if errors:
        return False, "; ".join(errors)
    return True, "%d clients x %d bytes, backlog %s" % (CLIENTS, SIZE, backlog)
