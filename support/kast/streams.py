# SPDX-License-Identifier: BSD-3-Clause
"""kast-run's program streams over virtio-console ports (docs/apps.md).

An image built with the virtio-console driver (its ELF has a .kast.stdio
section, written by lib/devfs/vconsole.c) gets three ports, each a QEMU
socket chardev on one end of a socketpair; kast-run pumps the other end:
its stdin into kast.stdin (then closes it: the guest reads end of file),
kast.stdout to its stdout, kast.stderr to its stderr, bytes unchanged.
The UART then carries only the kernel log (KernelLog).

A terminal on stdin is put in raw mode while the guest owns it (the
guest's line discipline echoes and edits) and restored on every way out.
"""
import os
import re
import signal
import socket
import struct
import sys
import termios
import threading
import tty

SECTION = ".kast.stdio"
CHUNK = 1 << 18


def image_ports(image):
    """The words of @image's .kast.stdio section (the driver, the port
    names, the kernel parameters it knows), or None: no stdio ports."""
    from . import elf
    try:
        data = elf.section_data(image, SECTION)
    except (OSError, ValueError, IndexError, struct.error):
        return None
    return None if data is None else data.decode("ascii", "replace").split()


def image_has_ports(image):
    """Does @image open its stdio on the virtio-console ports?"""
    return image_ports(image) is not None


def hold_closed_stdio():
    """A closed descriptor 0, 1 or 2 becomes /dev/null (so that no socket
    takes its number); returns the set of those that were closed."""
    closed = {fd for fd in (0, 1, 2) if not fd_open(fd)}
    for fd in sorted(closed):
        nul = os.open(os.devnull, os.O_RDWR)
        if nul != fd:
            os.dup2(nul, fd)
            os.close(nul)
    return closed


def fd_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def tty_params(known=None):
    """Kernel parameters telling the guest which streams are terminals and
    the terminal's size (lib/devfs/vconsole.c); the optional ones only
    when the image lists them in @known (its .kast.stdio words)."""
    flags = [1 if fd_open(fd) and os.isatty(fd) else 0 for fd in (0, 1, 2)]
    params = "devfs.tty=%d,%d,%d" % tuple(flags)
    try:
        out, err = os.fstat(1), os.fstat(2)
        if (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino) and \
                "devfs.stderr_is_stdout" in (known or ()):
            # 2>&1: the guest writes both through one port, in order
            params += " devfs.stderr_is_stdout=1"
    except OSError:
        pass
    for fd in (0, 1, 2):
        if flags[fd]:
            try:
                sz = os.get_terminal_size(fd)
            except OSError:
                continue
            if sz.columns > 0 and sz.lines > 0:
                params += " devfs.winsize=%d,%d" % (sz.columns, sz.lines)
            break
    return params


class RawTerminal:
    """stdin's terminal in raw mode until restore() (idempotent); also
    restored at SIGTERM/SIGHUP, which then end kast-run."""

    def __init__(self):
        self.saved = None
        if not (fd_open(0) and os.isatty(0)):
            return
        try:
            # a background job leaves its controlling terminal alone
            # (tcsetattr would stop it with SIGTTOU)
            if os.tcgetpgrp(0) != os.getpgrp():
                return
        except OSError:
            pass        # not our controlling terminal: no job control
        try:
            self.saved = termios.tcgetattr(0)
            tty.setraw(0, termios.TCSANOW)
        except termios.error:
            self.saved = None
            return
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._signal)

    def _signal(self, signum, frame):
        self.restore()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    def restore(self):
        if self.saved is not None:
            try:
                termios.tcsetattr(0, termios.TCSADRAIN, self.saved)
            except termios.error:
                pass
            self.saved = None


class Pumps:
    """The host ends of the three ports and the threads copying them."""

    def __init__(self):
        pairs = [socket.socketpair() for _ in range(3)]
        self.ours = [p[0] for p in pairs]
        self.theirs = [p[1] for p in pairs]
        for s in self.theirs:
            s.set_inheritable(True)
        self.threads = []
        self.broken_pipe = False

    def qemu_fds(self):
        return [s.fileno() for s in self.theirs]

    def start(self):
        """After QEMU started: drop our copies of its ends, start copying."""
        for s in self.theirs:
            s.close()
        t = threading.Thread(target=self._input, daemon=True)
        t.start()
        for sock, fd in ((self.ours[1], 1), (self.ours[2], 2)):
            t = threading.Thread(target=self._output, args=(sock, fd))
            t.start()
            self.threads.append(t)

    def _input(self):
        sock = self.ours[0]
        try:
            if fd_open(0):
                while True:
                    data = os.read(0, CHUNK)
                    if not data:
                        break
                    sock.sendall(data)
        except OSError:
            pass        # the VM is gone, or stdin failed: end of file
        try:
            # the guest reads end of file after every byte sent
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _output(self, sock, fd):
        try:
            while True:
                data = sock.recv(CHUNK)
                if not data:
                    break
                view = memoryview(data)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
        except BrokenPipeError:
            self.broken_pipe = fd == 1
        except OSError:
            pass
        # the reader went away: the guest's writes fail with EPIPE
        sock.close()

    def wait(self):
        for t in self.threads:
            t.join()
        for s in self.ours:
            try:
                s.close()
            except OSError:
                pass


class KernelLog:
    """The UART, i.e. the kernel's log, when the program has its own
    streams: to @log_file (everything), to stderr with @verbose
    (everything), else only errors and crash reports to stderr: lines
    from CRIT/ERR messages, and from a PANIC or CRASH on, everything."""

    SHOW = re.compile(rb"^(CRIT|ERR ) \[|PANIC|CRASH|boot failed|stack smashing")
    REPORT = re.compile(rb"PANIC|CRASH|stack smashing")

    def __init__(self, verbose=False, log_file=None):
        self.verbose = verbose
        self.log = log_file
        self.partial = b""
        self.reporting = False

    def _show(self, line):
        sys.stderr.buffer.write(line)
        sys.stderr.buffer.flush()

    def feed(self, data, eof=False):
        data = data.replace(b"\r\n", b"\n")
        if self.log:
            self.log.write(data)
            self.log.flush()
        if self.verbose:
            self._show(data)
            return
        buf = self.partial + data
        lines = buf.split(b"\n")
        self.partial = b"" if eof else lines.pop()
        for line in lines:
            if not line:
                if self.reporting and not eof:
                    self._show(b"\n")
                continue
            if self.REPORT.search(line):
                self.reporting = True
            if self.reporting or self.SHOW.search(line):
                self._show(line + b"\n")

    def finish(self):
        if self.partial:
            self.feed(b"", eof=True)
