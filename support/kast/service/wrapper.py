# SPDX-License-Identifier: BSD-3-Clause
"""support/scripts/kast-qemu-system-ARCH: the <emulator> of Kast's
libvirt domains.

libvirt only learns that QEMU ended, not its exit status, yet QEMU's
status is how the exit device reports the program's. This wrapper runs
/usr/bin/qemu-system-ARCH (its own name without "kast-") as its child,
forwards termination signals to it (and QEMU dies with it), and writes
QEMU's status to $KAST_EXIT_FILE (the domain's <qemu:env>) before exiting
with it; QEMU's pid goes to $KAST_EXIT_FILE.pid. Without KAST_EXIT_FILE
(libvirt probing the emulator's capabilities) it simply becomes QEMU.
"""
import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def main():
    name = os.path.basename(sys.argv[0])
    qemu = os.path.join("/usr/bin", name[len("kast-"):] if name.startswith("kast-") else name)
    argv = [qemu] + sys.argv[1:]
    status_file = os.environ.get("KAST_EXIT_FILE")
    if not status_file:
        os.execv(qemu, argv)
    pid = os.fork()
    if pid == 0:
        # QEMU must not outlive the process libvirt knows as the VM
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        os.execv(qemu, argv)

    def forward(signum, frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, forward)
    try:
        with open(status_file + ".pid", "w") as f:
            f.write("%d\n" % pid)
    except OSError:
        pass
    while True:
        try:
            _, st = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
    rc = os.waitstatus_to_exitcode(st)
    try:
        with open(status_file + ".tmp", "w") as f:
            f.write("%d\n" % rc)
        os.rename(status_file + ".tmp", status_file)
    except OSError:
        pass
    return rc & 0xff if rc >= 0 else 128 - rc
