# SPDX-License-Identifier: BSD-3-Clause
"""Programs to images (kast-cc, or the cached Lua image) and images to
output (kast-run), for `kast run` and the HTTP API.

Everything runs as argument lists (no shell). A run's output is capped:
the first @max_output bytes (stdout and stderr together) are delivered
whole, then the VM is killed and the run reports output_limited.
"""
import hashlib
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from .. import BIN, SRC, kast_run
from . import cache as cachemod

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
DEFAULT_FLAGS = ("-O2",)
DEFAULT_MAX_OUTPUT = 16 << 20
# a Lua script's place in the guest (and the empty /tmp Lua's tmpfile needs)
LUA_DIR = "/app"


class BuildError(Exception):
    """A build failed: @diagnostics (the compiler's own), @status
    (compile errors are the user's; others, is_compile False, are ours)."""

    def __init__(self, diagnostics, status, is_compile=True):
        super().__init__(diagnostics)
        self.diagnostics = diagnostics
        self.status = status
        self.is_compile = is_compile


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def image_info(path, cached):
    return {"sha256": sha256_file(path), "bytes": os.path.getsize(path), "cached": cached}


def _collect(proc, echo):
    """A process's stderr, kept and (with @echo) copied to ours."""
    out = bytearray()
    for line in iter(proc.stderr.readline, b""):
        out += line
        if echo:
            sys.stderr.buffer.write(line)
            sys.stderr.buffer.flush()
    proc.wait()
    return bytes(out)


def build_c(files, arch, flags=DEFAULT_FLAGS, name=None, cache=None, no_cache=False,
            cwd=None, echo=False):
    """Build C @files (paths, relative to @cwd) with kast-cc: (image path,
    image_info, build milliseconds). Raises BuildError with the compiler's
    diagnostics."""
    cache = cache or cachemod.Cache()
    name = name or os.path.splitext(os.path.basename(files[0]))[0] or "main"
    sources = []
    for f in files:
        with open(os.path.join(cwd or ".", f), "rb") as fh:
            sources.append((os.path.basename(f), fh.read()))
    k = cachemod.key("c", arch, list(flags) + ["name=" + name], sources)
    t0 = time.monotonic()
    if not no_cache:
        img = cache.lookup(k)
        if img:
            return img, image_info(img, True), 0
    with cache.building(k):
        img = None if no_cache else cache.lookup(k)
        if img:
            return img, image_info(img, True), int((time.monotonic() - t0) * 1000)
        tmp = tempfile.mkdtemp(prefix="kast-build-")
        try:
            out = os.path.join(tmp, name)
            proc = subprocess.Popen([sys.executable, KAST_CC, "--arch", arch] + list(flags)
                                    + ["-o", out] + list(files), cwd=cwd,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            diag = _collect(proc, echo)
            if proc.returncode or not os.path.isfile(out):
                raise BuildError(diag.decode("utf-8", "replace"), proc.returncode or 1)
            img = cache.store(k, out, {"kind": "c", "arch": arch, "name": name,
                                       "sources": [s[0] for s in sources]})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return img, image_info(img, False), int((time.monotonic() - t0) * 1000)


def lua_build_dir():
    """Where apps/lua/Makefile builds (O=): $KAST_LUA_BUILD or the cache's."""
    return os.environ.get("KAST_LUA_BUILD") or os.path.join(
        os.path.dirname(cachemod.location()), "apps")


def lua_image(arch, cache=None, no_cache=False, echo=False):
    """The Lua interpreter's image for @arch (apps/lua, built with kast-cc
    on a miss): (path, image_info, build milliseconds)."""
    cache = cache or cachemod.Cache()
    k = cachemod.key("lua", arch, [], [])
    t0 = time.monotonic()
    if not no_cache:
        img = cache.lookup(k)
        if img:
            return img, image_info(img, True), 0
    with cache.building(k):
        img = None if no_cache else cache.lookup(k)
        if img:
            return img, image_info(img, True), int((time.monotonic() - t0) * 1000)
        o = lua_build_dir()
        os.makedirs(o, exist_ok=True)
        env = {k: v for k, v in os.environ.items()
               if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
        print("kast: building the %s Lua image (once) in %s" % (arch, o), file=sys.stderr)
        proc = subprocess.Popen(["make", "-s", "-j%d" % max(2, os.cpu_count() or 2), "-f",
                                 os.path.join(SRC, "apps", "lua", "Makefile"), "O=" + o, arch],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env)
        diag = _collect(proc, echo)
        built = os.path.join(o, "lua", arch, "lua")
        if proc.returncode or not os.path.isfile(built):
            raise BuildError(diag.decode("utf-8", "replace"), proc.returncode or 1, False)
        img = cache.store(k, built, {"kind": "lua", "arch": arch})
    return img, image_info(img, False), int((time.monotonic() - t0) * 1000)


def has_volumes():
    """Does kast-run take -v HOSTDIR:GUESTDIR (the 9p volumes)?"""
    return "HOSTDIR" in (kast_run.__doc__ or "")


def kast_run_cmd(image, args=(), mem=None, timeout=None, publish=(), volumes=(), initrd=None):
    cmd = [sys.executable, KAST_RUN]
    if mem:
        cmd += ["--mem", str(int(mem))]
    if timeout:
        cmd += ["--timeout", "%g" % timeout]
    for p in publish:
        cmd += ["-p", p]
    for v in volumes:
        cmd += ["-v", v]
    if initrd:
        cmd += ["--initrd", initrd]
    cmd.append(image)
    if args:
        cmd += ["--"] + list(args)
    return cmd


class Outcome:
    """What a run gave: status, timed_out, output_limited, boot_ms."""

    def __init__(self, status, timed_out, output_limited, boot_ms):
        self.status = status
        self.timed_out = timed_out
        self.output_limited = output_limited
        self.boot_ms = boot_ms


def run(cmd, on_stdout, on_stderr, stdin=None, max_output=DEFAULT_MAX_OUTPUT,
        timeout=None, on_start=None):
    """Run kast-run's @cmd in its own session; its stdout and stderr go to
    the callbacks until @max_output bytes in all, then it is killed.
    @stdin: None inherits ours, bytes are written then closed. A watchdog
    at @timeout + 60 s backs kast-run's own --timeout."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.PIPE if stdin is not None else None,
                            start_new_session=True)
    if on_start:
        on_start(proc)
    if stdin is not None:
        def feed():
            try:
                proc.stdin.write(stdin)
            except OSError:
                pass
            try:
                proc.stdin.close()
            except OSError:
                pass
        threading.Thread(target=feed, daemon=True).start()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, on_stdout)
    sel.register(proc.stderr, selectors.EVENT_READ, on_stderr)
    left = max_output
    limited = False
    deadline = None if timeout is None else t0 + timeout + 60
    open_fds = 2
    watchdog = False
    while open_fds and not limited:
        wait = None if deadline is None else max(0.1, deadline - time.monotonic())
        events = sel.select(wait)
        if not events and deadline is not None and time.monotonic() >= deadline:
            watchdog = True
            break
        for key, _ in events:
            data = os.read(key.fd, 65536)
            if not data:
                sel.unregister(key.fileobj)
                open_fds -= 1
                continue
            if len(data) > left:
                data = data[:left]
                limited = True
            left -= len(data)
            if data:
                key.data(data)
            if limited:
                break
    sel.close()
    if limited or proc.poll() is None and open_fds:
        kill(proc)
    rc = proc.wait()
    for f in (proc.stdout, proc.stderr):
        f.close()
    boot_ms = int((time.monotonic() - t0) * 1000)
    if watchdog:
        rc = 137
    elif rc < 0:
        rc = 128 - rc
    return Outcome(rc, rc == 137 and not limited, limited, boot_ms)


def kill(proc):
    """Kill kast-run and its VM (their session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
