# SPDX-License-Identifier: BSD-3-Clause
"""runtests' special checks: boots that need more than an exit status and
patterns. Each takes (image path, matrix.Boot) and returns (ok, detail)."""
import os
import pty
import re
import select
import subprocess
import time

from . import qemu, script, storagetest
from .report import excerpt

WALL_CLOCK_SLACK = 5  # seconds between the guest's RTC-based clock and the host's
TERMINAL_TIMEOUT_S = 120


def terminal(img, boot):
    """Typed into a terminal (a pty here), a line reaches the program on
    Enter and the terminal itself echoes it: kast-qemu keeps it cooked.
    The image is apps/posixtest ("stdin" echoes lines until "quit")."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([script("kast-qemu"), "-q", "--timeout", str(TERMINAL_TIMEOUT_S),
                             img, "--", "stdin"],
                            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.close(slave)
    # type only once the program runs (QEMU would have made the terminal
    # raw by then)
    seen = b""
    deadline = time.monotonic() + TERMINAL_TIMEOUT_S
    while b"ready for input" not in seen and time.monotonic() < deadline:
        if select.select([proc.stdout], [], [], 1)[0]:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
    os.write(master, b"typed here\nquit\n")
    out = (seen + proc.communicate()[0]).decode("utf-8", "replace")
    echo = b""
    while select.select([master], [], [], 0)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        echo += chunk
    os.close(master)
    problems = []
    if proc.returncode != 0:
        problems.append("exit status %d, expected 0" % proc.returncode)
    if not re.search(r"^line: typed here\r?$", out, re.M):
        problems.append("output lacks 'line: typed here'")
    if b"typed here" not in echo:
        problems.append("the terminal did not echo the typing (raw mode?)")
    return not problems, "; ".join(problems) + excerpt(out)


def wall_clock(img, boot):
    """The guest's wall clock (printed by the selftest case
    plat_time.wall_clock_is_plausible) agrees with the host's."""
    t0 = time.time()
    rc, out, _ = qemu.boot(img, append="uktest.filter=plat_time.wall_clock")
    t1 = time.time()
    m = re.search(r"^wall clock: (\d+) s since the epoch", out, re.M)
    if rc != 0 or not m:
        return False, "exit status %d, no wall clock line%s" % (rc, excerpt(out))
    guest = int(m.group(1))
    ok = t0 - WALL_CLOCK_SLACK <= guest <= t1 + WALL_CLOCK_SLACK
    return ok, "guest %d s, host %.0f-%.0f s" % (guest, t0, t1)


CHECKS = {"terminal": terminal, "wall_clock": wall_clock,
          "virtio_blk_disk": storagetest.virtio_blk_disk}
