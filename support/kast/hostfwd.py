# SPDX-License-Identifier: BSD-3-Clause
"""Published ports (-p, QEMU's hostfwd) that take a burst of connections.

QEMU's user networking (libslirp 4.7) listens for each published port with
a backlog of 1. When several clients connect at once and QEMU's main loop
is a moment late to accept (a loaded host), the host kernel's queues
overflow: with SYN cookies on (Debian's default, net.ipv4.tcp_syncookies=1)
a client completes its handshake on a cookie while the accept queue is
full, the kernel drops its ACK, and its next data segment fails the cookie
check and is answered with a reset. The client sees "Connection reset by
peer"; the guest never sees the connection. (Measured: a listener with a
backlog of 1 that takes 50 ms per accept reset one of 8 uploading clients
in 9 rounds of 10; with a backlog of 128, in none.)

kast-qemu therefore runs QEMU with preload/listen_backlog.c preloaded
whenever it publishes ports: QEMU's listening TCP sockets get a backlog of
SOMAXCONN. The library is built once per source version with the host's C
compiler into the cache ($KAST_CACHE, default ~/.cache/kast). Without a C
compiler QEMU runs as it is, after one warning naming the package.
"""
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile

from .kast_cc import cache_dir

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "preload",
                      "listen_backlog.c")
_warned = []


def _warn(msg):
    if not _warned:
        _warned.append(msg)
        print("kast-qemu: %s" % msg, file=sys.stderr)


def library():
    """The preload library's path, built first when missing; None (after a
    warning) when it cannot be built."""
    with open(SOURCE, "rb") as f:
        src = f.read()
    tag = hashlib.sha256(src).hexdigest()[:16]
    path = os.path.join(cache_dir(), "listen-backlog-%s-%s.so" % (platform.machine(), tag))
    if os.path.exists(path):
        return path
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        _warn("no C compiler (apt-get install gcc): published ports keep QEMU's listen "
              "backlog of 1, and a burst of connections may be reset")
        return None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".so", dir=os.path.dirname(path))
        os.close(fd)
    except OSError as e:
        _warn("cannot write to %s (%s): published ports keep QEMU's listen backlog of 1"
              % (cache_dir(), e.strerror))
        return None
    r = subprocess.run([cc, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", tmp, SOURCE,
                        "-ldl"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        os.unlink(tmp)
        _warn("building %s failed: %s" % (SOURCE, r.stdout.decode("utf-8", "replace").strip()))
        return None
    # concurrent first runs: each renames its own complete file
    os.replace(tmp, path)
    return path


def publishes(net):
    """Whether the network of qemu.net_backend() publishes ports."""
    return bool(net) and "hostfwd=" in net[1]


def environ(net, base=None):
    """The environment QEMU runs in for network @net (qemu.net_backend()):
    @base (default os.environ) with the library preloaded when @net
    publishes ports; None (inherit ours) otherwise or without it."""
    if not publishes(net):
        return None
    lib = library()
    if not lib:
        return None
    env = dict(os.environ if base is None else base)
    env["LD_PRELOAD"] = " ".join(x for x in (lib, env.get("LD_PRELOAD")) if x)
    return env
