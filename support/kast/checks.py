# SPDX-License-Identifier: BSD-3-Clause
"""runtests' special checks: boots that need more than an exit status and
patterns. Each takes (image path, matrix.Boot) and returns (ok, detail)."""
import os
import pty
import re
import select
import subprocess
import time

from . import SRC, elf, qemu, script, storagetest
from .report import excerpt

WALL_CLOCK_SLACK = 5  # seconds between the guest's RTC-based clock and the host's
TERMINAL_TIMEOUT_S = 120
KAST_RUN_TIMEOUT_S = 300


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


def kast_run(args, env=None, stdin=subprocess.DEVNULL):
    """support/bin/kast-run @args: (status, stdout, stderr)."""
    r = subprocess.run([os.path.join(SRC, "support", "bin", "kast-run")] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin,
                       env=env, timeout=KAST_RUN_TIMEOUT_S)
    return (r.returncode, r.stdout.decode("utf-8", "replace"),
            r.stderr.decode("utf-8", "replace"))


ENV_VALUES = [("SPACES", "a b  c\tt"), ("QUOTES", "it's \"q\" \\ $HOME `x`"),
              ("EQUALS", "k=v=w"), ("EMPTY", ""), ("UTF8", "h\u00e9 \u2603"),
              ("HOME", "/root")]


def env(img, boot):
    """kast-run --env NAME=VALUE and -e NAME reach the program's environ
    exactly (apps/posixtest "env" prints it), after the image's defaults;
    a later one replaces a default; -e of an unset NAME adds nothing."""
    args = []
    for k, v in ENV_VALUES:
        args += ["--env", "%s=%s" % (k, v)]
    host = dict(os.environ, KAST_PASSED="from the host = 'yes'")
    host.pop("KAST_UNSET", None)
    args += ["-e", "KAST_PASSED", "-e", "KAST_UNSET", img, "--", "env"]
    rc, out, err = kast_run(args, env=host)
    got = [line[5:] for line in out.splitlines() if line.startswith("env: ")]
    want = ["PATH=/bin:/usr/bin", "HOME=/root", "TERM=linux"]
    want += ["%s=%s" % kv for kv in ENV_VALUES if kv[0] != "HOME"]
    want.append("KAST_PASSED=from the host = 'yes'")
    problems = []
    if rc != 0:
        problems.append("exit status %d" % rc)
    if got != want:
        problems.append("environ %r, expected %r" % (got, want))
    return not problems, "; ".join(problems) + excerpt(out + err)


def too_little_memory(img, boot):
    """kast-run --mem below what the image needs: status 125 and a message
    with the amount, before booting (x86_64 hung, riscv64 got QEMU's ROM
    overlap as status 1); and the guest's own check, booted anyway."""
    problems = []
    detail = ""
    for mem in (1, 2, 4):
        rc, out, err = kast_run(["--mem", str(mem), img])
        if rc != qemu.EXIT_BOOTERR or not re.search(r"needs at least \d+ MiB", err):
            problems.append("--mem %d: status %d" % (mem, rc))
            detail += excerpt(out + err)
    m = re.search(r"needs at least (\d+) MiB", err)
    if m:
        # the minimum itself boots
        rc, out, err = kast_run(["--mem", m.group(1), img, "--", "exit", "7"])
        if rc != 7:
            problems.append("--mem %s (the minimum): status %d" % (m.group(1), rc))
            detail += excerpt(out + err)
    # the guest checks too: x86_64 with 4 MiB has the image in RAM, but not
    # the kernel's heap minimum (riscv64 cannot even be loaded below)
    if elf.image_arch(img) == "x86_64":
        rc, out, _ = qemu.boot(img, mem=4, qemu_args=(), args=("exit", "7"),
                               kast_qemu_args=("--no-mem-check",))
        if rc != qemu.EXIT_BOOTERR or not re.search(r"too little memory.*at least \d+ MiB",
                                                    out):
            problems.append("guest check at 4 MiB: status %d" % rc)
            detail += excerpt(out)
    return not problems, "; ".join(problems) + detail


CHECKS = {"terminal": terminal, "wall_clock": wall_clock, "env": env,
          "too_little_memory": too_little_memory,
          "virtio_blk_disk": storagetest.virtio_blk_disk}
