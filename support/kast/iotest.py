# SPDX-License-Identifier: BSD-3-Clause
"""Host-driven tests of a program's streams (runtests; matrix.IO_TESTS).

tests/io/iotest.c built with kast-cc (the network tests' kit) runs under
kast-run with its stdin, stdout and stderr on virtio-console ports; each
test here feeds it and checks the bytes and the exit status. Terminals
are pseudo-terminals (pty). Every wait is bounded by kast-run's --timeout
(the VM's watchdog) and a read timeout; nothing checks how long
anything took.
"""
import hashlib
import os
import pty
import re
import select
import struct
import subprocess
import termios
import fcntl
import tempfile
import time

from . import BIN, SRC, cpio, qemu
from .nettest import fnv1a64
from .report import excerpt

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
TIMEOUT_S = 120
# every byte value, "\r\n", "\r" alone, NULs; then pseudo-random bytes
ROUND_TRIP = (bytes(range(256)) * 16 + b"\r\n\r\0\0\r" +
              hashlib.shake_256(b"kast").digest(3 << 20))
# what bc was fed when bytes went missing at boot (issue 12)
BOOT_INPUT = b"x=5; x\nscale=50; 4*a(1)\n"
BOOT_INPUTS = 50        # boots in make test and in each make soak round (issue 12)
INTR_TRIES = 20         # ^C typed until a blocked read sees one
INTR_WAIT_S = 3


class Failure(Exception):
    pass


def build(arch, out_dir):
    """tests/io/iotest.c for @arch: (image or None, log)."""
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "iotest-%s" % arch)
    r = subprocess.run([KAST_CC, "--arch", arch, "-O2", "-Wall", "-Werror", "-o", image,
                        os.path.join(SRC, "tests", "io", "iotest.c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return (image if r.returncode == 0 and os.path.exists(image) else None), out


def run(image, args, stdin=None, data=None, opts=()):
    """kast-run @image -- @args: (status, stdout bytes, stderr bytes).
    @stdin: a file object or descriptor, subprocess.DEVNULL, "closed",
    or None with @data (bytes piped in)."""
    cmd = [KAST_RUN, "--timeout", str(TIMEOUT_S)] + list(opts) + [image, "--"] + list(args)
    if stdin == "closed":
        # a shell closes descriptor 0 for kast-run itself
        cmd = ["sh", "-c", 'exec "$@" <&-', "sh"] + cmd
        stdin = None
    r = subprocess.run(cmd, stdin=stdin if data is None else None,
                       input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT_S + 60)
    return r.returncode, r.stdout, r.stderr


def expect(rc, out, err, want_out, what):
    problems = []
    if rc != 0:
        problems.append("exit status %d" % rc)
    if isinstance(want_out, bytes):
        if out != want_out:
            problems.append("%s: stdout %r, expected %r" % (what, out[:200], want_out[:200]))
    elif not re.search(want_out, out.decode("latin-1"), re.M):
        problems.append("%s: stdout lacks /%s/" % (what, want_out))
    if problems:
        raise Failure("; ".join(problems) + excerpt(err.decode("utf-8", "replace")))


def count_line(data):
    return b"bytes %d fnv %016x\n" % (len(data), fnv1a64(data))


# --- the tests: (image) -> detail, or Failure --------------------------------
def round_trip(image):
    rc, out, err = run(image, ["cat"], data=ROUND_TRIP)
    if rc != 0 or out != ROUND_TRIP:
        raise Failure("exit %d; %d bytes back of %d, sha256 %s vs %s%s"
                      % (rc, len(out), len(ROUND_TRIP), hashlib.sha256(out).hexdigest()[:16],
                         hashlib.sha256(ROUND_TRIP).hexdigest()[:16],
                         excerpt(err.decode("utf-8", "replace"))))
    return "%d bytes, same sha256" % len(out)


def eof_pipe(image):
    data = b"end of file after this\r\n\0"
    rc, out, err = run(image, ["count"], data=data)
    expect(rc, out, err, count_line(data), "pipe")
    return out.decode().strip()


def eof_devnull(image):
    rc, out, err = run(image, ["count"], stdin=subprocess.DEVNULL)
    expect(rc, out, err, count_line(b""), "/dev/null")
    return out.decode().strip()


def eof_closed(image):
    rc, out, err = run(image, ["count"], stdin="closed")
    expect(rc, out, err, count_line(b""), "closed stdin")
    return out.decode().strip()


def poll_stdin(image):
    data = b"polled\n" * 100
    rc, out, err = run(image, ["poll"], data=data)
    expect(rc, out, err, count_line(data), "poll then read")
    rc, out, err = run(image, ["poll"], stdin=subprocess.DEVNULL)
    expect(rc, out, err, count_line(b""), "poll at end of file")
    return "readable with data and at end of file"


def stderr_apart(image):
    rc, out, err = run(image, ["streams"], stdin=subprocess.DEVNULL)
    expect(rc, out, err, b"to stdout\n", "streams")
    if err != b"to stderr\n":
        raise Failure("stderr %r, expected 'to stderr\\n' alone" % err[:300])
    return "stdout and stderr each got only their own line"


def stderr_merged(image):
    """kast-run 2>&1: one stream, in the order the program wrote."""
    cmd = [KAST_RUN, "--timeout", str(TIMEOUT_S), image, "--", "streams"]
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=TIMEOUT_S + 60)
    if r.returncode != 0 or r.stdout != b"to stdout\nto stderr\n":
        raise Failure("exit %d, output %r" % (r.returncode, r.stdout[:300]))
    return "both lines, in order"


def isatty_pipes(image):
    rc, out, err = run(image, ["tty"], data=b"")
    expect(rc, out, err, b"isatty 0 1 2: 0 0 0\n", "pipes")
    return out.decode().strip()


def kernel_log_apart(image):
    """A boot warning is there (bbuddy rejects the page of an initrd
    whose size is a multiple of 4096) and stays off stdout."""
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "tree"))
        with open(os.path.join(d, "tree", "f"), "w") as f:
            f.write("x\n")
        data = cpio.pack_folder(os.path.join(d, "tree"))
        data += b"\0" * (-len(data) % 4096)
        initrd = os.path.join(d, "page.cpio")
        with open(initrd, "wb") as f:
            f.write(data)
        log = os.path.join(d, "kernel.log")
        rc, out, err = run(image, ["streams"], stdin=subprocess.DEVNULL,
                           opts=["--initrd", initrd, "--kernel-log", log])
        expect(rc, out, err, b"to stdout\n", "default")
        if err != b"to stderr\n":
            raise Failure("stderr %r: the kernel log leaked into it" % err[:300])
        with open(log, "rb") as f:
            klog = f.read()
        if not re.search(rb"WARN|OpenSBI", klog):
            raise Failure("--kernel-log file has no kernel message: %r" % klog[:300])
        rc, out, err = run(image, ["streams"], stdin=subprocess.DEVNULL,
                           opts=["--initrd", initrd, "--verbose"])
        expect(rc, out, err, b"to stdout\n", "--verbose")
        if not re.search(rb"WARN|OpenSBI", err) or b"to stderr\n" not in err:
            raise Failure("--verbose: stderr lacks the kernel log: %r" % err[:300])
    return "stdout exact; log in --kernel-log and with --verbose on stderr"


def crash_report(image):
    """A crash: its report on stderr (kast-run shows the kernel's crash
    reports), status 139 (SIGSEGV, as on a host), stdout only the
    program's, complete."""
    rc, out, err = run(image, ["crash"], stdin=subprocess.DEVNULL)
    problems = []
    if rc != qemu.EXIT_SIGSEGV:
        problems.append("exit status %d, expected %d" % (rc, qemu.EXIT_SIGSEGV))
    if out != b"before the crash\n":
        problems.append("stdout %r" % out[:300])
    if not re.search(rb"CRASH", err) or not re.search(rb"Backtrace", err):
        problems.append("stderr lacks the crash report")
    if problems:
        raise Failure("; ".join(problems) + excerpt(err.decode("utf-8", "replace")))
    return "report on stderr, status 139, stdout intact"


def boot_input(image, boots=BOOT_INPUTS):
    want = count_line(BOOT_INPUT)
    for i in range(boots):
        # the whole input waits in a pipe before kast-run starts
        r, w = os.pipe()
        os.write(w, BOOT_INPUT)
        os.close(w)
        try:
            rc, out, err = run(image, ["count"], stdin=r)
        finally:
            os.close(r)
        if rc != 0 or out != want:
            raise Failure("boot %d of %d: exit %d, %r instead of %r%s"
                          % (i + 1, boots, rc, out, want, excerpt(err.decode("utf-8", "replace"))))
    return "%d boots, all %d bytes each time" % (boots, len(BOOT_INPUT))


# --- terminals ---------------------------------------------------------------
class PtyRun:
    """kast-run with stdin, stdout and stderr on a new pty of @cols x
    @rows; the master side collects what it shows."""

    def __init__(self, image, args, cols=100, rows=30):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen([KAST_RUN, "--timeout", str(TIMEOUT_S), image, "--"]
                                     + list(args), stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.seen = b""
        self.saved = None

    def read_until(self, pattern, timeout=TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.seen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("the terminal never showed /%s/: %r"
                              % (pattern.decode(), self.seen[-300:]))
            if select.select([self.master], [], [], min(left, 1))[0]:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise Failure("the terminal closed before /%s/: %r"
                                  % (pattern.decode(), self.seen[-300:]))
                self.seen += chunk

    def type(self, data):
        os.write(self.master, data)

    def finish(self):
        try:
            rc = self.proc.wait(timeout=TIMEOUT_S + 30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            rc = self.proc.wait()
        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        self.saved = termios.tcgetattr(self.master)
        os.close(self.master)
        return rc


def isatty_pty(image):
    t = PtyRun(image, ["tty"])
    rc = t.finish()
    if rc != 0 or b"isatty 0 1 2: 1 1 1\r\n" not in t.seen or b"winsize 100x30" not in t.seen:
        raise Failure("exit %d; the terminal showed %r" % (rc, t.seen[-300:]))
    return "isatty 1 1 1, winsize 100x30"


def pty_cooked(image):
    """Canonical input with echo and erase; ^D at the start of a line is
    end of file; kast-run leaves the terminal as it found it."""
    t = PtyRun(image, ["lines"])
    before = termios.tcgetattr(t.master)
    t.read_until(rb"ready for input")
    t.type(b"abx\x7fc\r")
    t.read_until(rb"line: abc\r\n")
    t.type(b"\x04")
    t.read_until(rb"eof\r\n")
    rc = t.finish()
    problems = []
    if rc != 0:
        problems.append("exit status %d" % rc)
    if b"abx\b \bc" not in t.seen:
        problems.append("no echo of the typing with the erase")
    if t.saved[3] != before[3] or t.saved[0] != before[0]:
        problems.append("terminal modes not restored (lflag %#x -> %#x)"
                        % (before[3], t.saved[3]))
    if problems:
        raise Failure("; ".join(problems) + ": %r" % t.seen[-300:])
    return "echo, erase, ^D, terminal restored"


def pty_raw(image):
    """A program that turns ICANON, ECHO and ICRNL off gets each byte as
    typed, "\\r" included, without echo."""
    t = PtyRun(image, ["raw", "3"])
    t.read_until(rb"ready for input")
    t.type(b"a\rb")
    t.read_until(rb"raw: 61 0d 62")
    rc = t.finish()
    if rc != 0:
        raise Failure("exit status %d: %r" % (rc, t.seen[-300:]))
    return "raw: 61 0d 62"


def pty_intr_default(image):
    """^C typed while the program computes (no system call, no read of
    stdin) is a real SIGINT: its default action ends the program, status
    130, as a host shell shows it."""
    t = PtyRun(image, ["spin"])
    t.read_until(rb"spinning")
    t.type(b"\x03")
    rc = t.finish()
    if rc != 130:
        raise Failure("exit status %d, expected 130: %r" % (rc, t.seen[-300:]))
    return "status 130"


def pty_intr_handler(image):
    """^C runs the program's SIGINT handler instead, in a thread that
    computes; a second ^C interrupts a read of stdin (EINTR)."""
    t = PtyRun(image, ["sigint"])
    t.read_until(rb"spinning")
    t.type(b"\x03")
    t.read_until(rb"handled SIGINT\r\n")
    # a ^C typed before the read blocks runs the handler and the read
    # goes on waiting: type again until one interrupts it
    for _ in range(INTR_TRIES):
        t.type(b"\x03")
        try:
            t.read_until(rb"read: ", timeout=INTR_WAIT_S)
            break
        except Failure as e:
            if "closed" in str(e):
                break
    rc = t.finish()
    if rc != 0 or b"read: EINTR" not in t.seen:
        raise Failure("exit status %d: %r" % (rc, t.seen[-300:]))
    return "handler ran, read got EINTR, status 0"


def cancel_read(image):
    """A thread blocked reading stdin is cancelled (pthread_cancel): from a
    pipe that stays open and from a pty (the line discipline's read)."""
    r, w = os.pipe()
    try:
        rc, out, err = run(image, ["cancelread"], stdin=r)
    finally:
        os.close(r)
        os.close(w)
    if rc != 0 or b"reader cancelled" not in out:
        raise Failure("pipe: exit %d, %r%s" % (rc, out[-200:],
                                               excerpt(err.decode("utf-8", "replace"))))
    t = PtyRun(image, ["cancelread"])
    rc = t.finish()
    if rc != 0 or b"reader cancelled" not in t.seen:
        raise Failure("pty: exit %d: %r" % (rc, t.seen[-300:]))
    return "cancelled on a pipe and on a pty"


TESTS = {
    "round_trip": round_trip,
    "eof_pipe": eof_pipe,
    "eof_devnull": eof_devnull,
    "eof_closed": eof_closed,
    "poll": poll_stdin,
    "stderr": stderr_apart,
    "stderr_merged": stderr_merged,
    "isatty_pipes": isatty_pipes,
    "isatty_pty": isatty_pty,
    "pty_cooked": pty_cooked,
    "pty_raw": pty_raw,
    "kernel_log": kernel_log_apart,
    "crash": crash_report,
    "boot_input": boot_input,
    "pty_intr_default": pty_intr_default,
    "pty_intr_handler": pty_intr_handler,
    "cancel_read": cancel_read,
}


def run_test(image, test):
    """One matrix.IoTest: (ok, detail)."""
    try:
        return True, TESTS[test.check](image)
    except Failure as e:
        return False, str(e)
    except subprocess.TimeoutExpired as e:
        return False, "kast-run did not end: %s" % e
