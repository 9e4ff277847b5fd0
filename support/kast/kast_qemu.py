# SPDX-License-Identifier: BSD-3-Clause
"""Boot a Kast image in QEMU and return the guest's exit status.

usage: kast-qemu [options] IMAGE [-- APP-ARGS...]

The architecture is read from the image; its QEMU (and firmware) are
installed first when missing (support/scripts/ensure-deps run ARCH: as
root with apt-get, else it names the apt-get line). The accelerator is KVM
only where it can really help: an x86_64 host whose CPU shows vmx/svm (or
a riscv64 host for riscv64 images) with a usable /dev/kvm; otherwise TCG.
ACCEL=kvm|tcg or --accel overrides. --icount runs the guest clock on
executed instructions (TCG): guest timing then does not depend on the
host's load; the default is real time. Guest console goes to stdout; stdin
is the guest's console input (a terminal stays cooked: lines are echoed
and edited by it and reach the guest on Enter; on riscv64 input waits for
the VM's first output, after OpenSBI set the UART up). A KVM internal
error stops the run.

Network (docs/network.md): without a network option the VM has no NIC.
-p HOST:GUEST[/udp] (repeatable) attaches a virtio-net NIC on QEMU user
networking and publishes guest port GUEST (TCP unless /udp) on the
host's 127.0.0.1:HOST, like docker run -p; --net user is user networking
without published ports (the guest is 10.0.2.15, the host 10.0.2.2),
--net tap=NAME an existing tap device, --net none no NIC. The NIC's MAC
is 52:54:00:12:34:56 unless --mac. On x86_64 microvm a NIC adds acpi=off
to the machine (Kast finds virtio-mmio devices on the command line).

Disks (docs/files.md): --disk FILE[:ro] (repeatable) attaches the raw
image FILE as a virtio-blk device, read-only with :ro; the guest sees
them as /dev/vda, /dev/vdb, ... in the order given. On x86_64 microvm
this adds acpi=off too.

Shares (docs/files.md): -v HOSTDIR:GUESTDIR[:ro] (repeatable, docker
style) shares a host folder with the guest over virtio-9p (QEMU's local
fsdev, security_model=none, or --9p-security mapped-xattr) and mounts it
at GUESTDIR (kernel parameter vfs.mount=kastN:GUESTDIR:9pfs[:ro]); :ro
makes it read-only for the guest (writes fail with EROFS). A share at
"/" is the root file system instead of ramfs (vfs.rootfs=9pfs
vfs.rootdev=kastN[:ro]); /dev and /tmp are then created in it.

--stdio-fds IN,OUT,ERR (what kast-run uses) attaches a virtio-serial
device whose ports kast.stdin, kast.stdout and kast.stderr are QEMU
socket chardevs on those inherited descriptors (connected sockets); the
console's input is then /dev/null.

Exit status: as kast-run's (docs/apps.md, "Exit status"): the program's
exit(n) & 0xff, 128 + signal when a signal or a crash ended it, 125 the
image could not boot (bad kernel parameters, less memory than the image
needs: checked before booting), 126 Kast kernel panic, 127 the VM ended
without reporting a status (reset, QEMU error), 137 timeout (watchdog);
2 kast-qemu's own option errors.
"""
import argparse
import os
import re
import shlex
import struct
import sys
import time

from . import deps, elf, guestmem, hostfwd, qemu


def die(msg):
    print("kast-qemu: " + msg, file=sys.stderr)
    sys.exit(2)


def image_params(image):
    """Kernel parameters @image says it takes from kast-qemu (the words of
    its .kast.params section; none for older images)."""
    try:
        data = elf.section_data(image, ".kast.params")
    except (OSError, ValueError, IndexError, struct.error, elf.ElfError):
        return []
    return data.decode("ascii", "replace").split() if data else []


def parse_args(argv):
    p = argparse.ArgumentParser(prog="kast-qemu", description=__doc__.split("\n")[0])
    p.add_argument("--arch", choices=["x86_64", "riscv64"])
    p.add_argument("--machine", help="QEMU machine (x86_64: microvm|q35|pc; riscv64: virt)")
    p.add_argument("--accel", choices=["kvm", "tcg"], default=os.environ.get("ACCEL") or None)
    p.add_argument("--mem", type=int, default=int(os.environ.get("MEM", qemu.DEFAULT_MEM_MIB)),
                   help="MiB")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--append", help="kernel parameters (before --)")
    p.add_argument("--initrd")
    p.add_argument("--timeout", type=float,
                   default=float(os.environ.get("KAST_TIMEOUT", qemu.DEFAULT_TIMEOUT_S)))
    p.add_argument("--icount", action="store_true",
                   help="guest clock from executed instructions (TCG), not real time")
    p.add_argument("--gdb", action="store_true", help="wait for gdb on :1234")
    p.add_argument("-p", "--publish", action="append", default=[], metavar="HOST:GUEST[/udp]",
                   help="publish a guest port on the host's 127.0.0.1 (user networking)")
    p.add_argument("--net", metavar="none|user|tap=NAME", help="the VM's network")
    p.add_argument("-v", "--volume", action="append", default=[],
                   metavar="HOSTDIR:GUESTDIR[:ro]",
                   help="share a host folder at GUESTDIR (virtio-9p; repeatable)")
    p.add_argument("--9p-security", dest="security_model", default="none",
                   choices=["none", "mapped-xattr"],
                   help="QEMU security_model of the shares (default none)")
    p.add_argument("--mac", help="the NIC's MAC (default %s)" % qemu.DEFAULT_MAC)
    p.add_argument("--disk", action="append", default=[], metavar="FILE[:ro]",
                   help="a raw disk image as virtio-blk (repeatable; the first is /dev/vda)")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                   help="a variable of the program's environment (repeatable)")
    p.add_argument("--no-mem-check", action="store_true",
                   help="boot even with less memory than the image needs (tests the "
                   "guest's own check)")
    p.add_argument("--qemu-arg", action="append", default=[])
    p.add_argument("--stdio-fds", metavar="IN,OUT,ERR",
                   help="inherited connected sockets for the program's stdin, stdout and "
                   "stderr, attached as virtio-console ports (kast-run)")
    p.add_argument("--rng", action="store_true",
                   help="attach a virtio-rng device (entropy from the host)")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("-q", "--quiet", action="store_true")
    p.add_argument("image")
    p.add_argument("args", nargs=argparse.REMAINDER)
    a = p.parse_args(argv)
    if a.args and a.args[0] == "--":
        a.args = a.args[1:]
    if a.accel and a.accel not in ("kvm", "tcg"):
        die("ACCEL must be kvm or tcg")
    if a.stdio_fds is not None:
        try:
            a.stdio_fds = [int(x) for x in a.stdio_fds.split(",")]
        except ValueError:
            a.stdio_fds = []
        if len(a.stdio_fds) != 3 or any(fd < 3 for fd in a.stdio_fds):
            die("--stdio-fds needs three descriptors above 2, e.g. 5,6,7")
    for e in a.env:
        if not re.fullmatch(r"[^=\0]+=[^\0]*", e, re.S):
            die("--env %s: expected NAME=VALUE" % e)
    return a


def main(argv=None):
    a = parse_args(argv)
    try:
        net = qemu.net_backend(a.net, a.publish, a.mac)
        disks = qemu.disk_devices(a.disk)
    except (qemu.NetError, qemu.DiskError) as e:
        die(str(e))
    try:
        volumes = [qemu.parse_volume(v) for v in a.volume]
        devices, mount_param = qemu.volume_devices(volumes, a.security_model)
    except qemu.VolumeError as e:
        die(str(e))
    append = " ".join(x for x in (a.append, mount_param) if x) or None
    try:
        arch = elf.image_arch(a.image)
    except elf.ElfError as e:
        die(str(e))
    if a.arch and a.arch != arch:
        die("image is %s, not %s" % (arch, a.arch))
    accel = qemu.choose_accel(arch, a.accel)
    if accel == "kvm" and not os.access("/dev/kvm", os.R_OK | os.W_OK):
        die("ACCEL=kvm but /dev/kvm is not usable")
    if a.icount and accel != "tcg":
        die("--icount needs TCG (ACCEL=tcg), not %s" % accel)
    # too little memory: a clear error, not a hang or QEMU's ROM overlap
    initrd_size = os.path.getsize(a.initrd) if a.initrd and os.path.isfile(a.initrd) else 0
    need = guestmem.minimum_mib(arch, a.image, initrd_size)
    if a.mem < need and not a.no_mem_check:
        print("kast-qemu: %s needs at least %d MiB of memory, not %d (%s)"
              % (a.image, need, a.mem, guestmem.explain(arch, a.image, initrd_size)),
              file=sys.stderr)
        return qemu.EXIT_BOOTERR
    # a dry run changes nothing on the host
    if not a.dry_run and not deps.ensure("run", arch):
        die("cannot boot a %s image without its QEMU (see above)" % arch)
    # the host's clock, finer than the RTC's seconds (ukboot.walltime),
    # for images that take it, taken as late as possible before the start;
    # first, so that one given with --append wins
    if "ukboot.walltime" in image_params(a.image):
        append = " ".join(x for x in ("ukboot.walltime=%d" % time.time_ns(), append) if x)
    cmd, machine = qemu.command(arch, a.image, accel, machine=a.machine, mem=a.mem,
                                smp=a.smp, append=append, args=a.args, initrd=a.initrd,
                                gdb=a.gdb, icount=a.icount, extra=a.qemu_arg, net=net,
                                devices=disks + devices + ([qemu.RNG_DEVICE] if a.rng else []),
                                stdio_fds=a.stdio_fds, env=a.env)
    if not a.quiet:
        print("kast-qemu: %s on %s, accel %s%s%s" % (arch, machine, accel,
                                                     ", icount" if a.icount else "",
                                                     ", net %s" % net[0] if net else ""),
              file=sys.stderr)
    if a.dry_run:
        print(" ".join(shlex.quote(c) for c in cmd))
        return 0
    try:
        return qemu.run_console(cmd, arch, a.timeout, gdb=a.gdb, quiet=a.quiet,
                                pass_fds=a.stdio_fds or (),
                                # published ports take a burst of connections
                                env=hostfwd.environ(net))
    except FileNotFoundError:
        die("%s not found (support/scripts/ensure-deps run %s installs it)" % (cmd[0], arch))
