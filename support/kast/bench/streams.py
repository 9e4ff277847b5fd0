# SPDX-License-Identifier: BSD-3-Clause
"""Program stream throughput: tests/io/iotest.c (kast-cc) under kast-run,
stdout ("gen N" to /dev/null) and stdin ("sink" reading N bytes from a
file), each against the same program moving 1 byte, so the boot is
subtracted: MB/s = N / (t(N) - t(1)), medians of a few runs."""
import os
import statistics
import subprocess
import time

from .. import BIN
from ..iotest import build
from .common import fail, log

KAST_RUN = os.path.join(BIN, "kast-run")
TARGET_MBPS = 50


def _time(cmd, stdin_path=None):
    with open(stdin_path or os.devnull, "rb") as inp, open(os.devnull, "wb") as out:
        t0 = time.monotonic()
        r = subprocess.run(cmd, stdin=inp, stdout=out, stderr=subprocess.PIPE)
        dt = time.monotonic() - t0
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace")[-300:]
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd), r.returncode, err))
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
                ("stdout", (env_cmd + ["gen", str(size)], None), (env_cmd + ["gen", "1"], None)),
                ("stdin", (env_cmd + ["sink"], src), (env_cmd + ["sink"], one))):
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
