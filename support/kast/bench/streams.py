# SPDX-License-Identifier: BSD-3-Clause
"""Program stream throughput: tests/io/iotest.c (kast-cc) under kast-run,
stdout ("gen N" into a pipe this bench reads and counts) and stdin ("sink"
reading N bytes from a file, which must print "bytes N"), each against
the same program moving 1 byte, so the boot is subtracted:
MB/s = N / (t(N) - t(1)), medians of a few runs."""
import os
import statistics
import subprocess
import time

from .. import BIN
from ..iotest import build
from .common import fail, log

KAST_RUN = os.path.join(BIN, "kast-run")
TARGET_MBPS = 50


def _time(cmd, stdin_path=None, expect_out=None, expect_line=None):
    """Seconds one run took. The output is checked, not thrown away:
    @expect_out bytes on stdout (gen), or stdout being @expect_line
    (sink's "bytes N")."""
    with open(stdin_path or os.devnull, "rb") as inp:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        got, head = 0, b""
        while True:
            chunk = p.stdout.read(1 << 20)
            if not chunk:
                break
            got += len(chunk)
            if len(head) < 64:
                head += chunk[:64]
        err = p.stderr.read()
        rc = p.wait()
        dt = time.monotonic() - t0
    if rc != 0:
        err = err.decode("utf-8", "replace")[-300:]
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), rc, err))
    if expect_out is not None and got != expect_out:
        raise RuntimeError("%s: %d bytes on stdout, expected %d" % (" ".join(cmd), got, expect_out))
    if expect_line is not None and head.strip() != expect_line.encode():
        raise RuntimeError("%s: printed %r, expected %r" % (" ".join(cmd), head[:64], expect_line))
    return dt


def measure(arch, bdir, accel, mem_mib, quick):
    """{"stdout_mbps", "stdin_mbps", "bytes", "runs", "boot_s"} or None."""
    log("== %s: program streams (kast-run, virtio-console)" % arch)
    img, out = build(arch, os.path.join(bdir, "io"))
    if not img:
        fail("%s: tests/io/iotest.c does not build with kast-cc:\n%s" % (arch, out[-2000:]))
        return None
    size = (32 if quick else 200) << 20
    runs = 1 if quick else 3
    src = os.path.join(bdir, "io", "zeros-%d" % size)
    one = os.path.join(bdir, "io", "one-byte")
    if not os.path.exists(src) or os.path.getsize(src) != size:
        with open(src, "wb") as f:
            f.truncate(size)
    with open(one, "wb") as f:
        f.write(b"x")
    env_cmd = [KAST_RUN, "--accel", accel, "--mem", str(mem_mib), "--timeout", "600", img, "--"]
    res = {"bytes": size, "runs": runs}
    try:
        for key, big, small in (
                ("stdout", (env_cmd + ["gen", str(size)], None, size),
                 (env_cmd + ["gen", "1"], None, 1)),
                ("stdin", (env_cmd + ["sink"], src, None, "bytes %d" % size),
                 (env_cmd + ["sink"], one, None, "bytes 1"))):
            tb = statistics.median(_time(*big) for _ in range(runs))
            ts = statistics.median(_time(*small) for _ in range(runs))
            res[key + "_mbps"] = size / 1e6 / max(tb - ts, 1e-3)
            res[key + "_s"] = tb
            res["boot_s"] = ts
            log("  %-7s %d MiB in %.2f s, boot and exit %.2f s: %.0f MB/s"
                % (key, size >> 20, tb, ts, res[key + "_mbps"]))
    except RuntimeError as e:
        fail("%s: stream benchmark failed: %s" % (arch, e))
        return None
    return res
