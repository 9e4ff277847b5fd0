# SPDX-License-Identifier: BSD-3-Clause
"""Run a Kast image like a program: its output on stdout, its exit status.

usage: kast-run [options] IMAGE [-- ARGS...]

Boots IMAGE with support/scripts/kast-qemu (architecture read from the
image; its QEMU and firmware installed first when missing; KVM where the
host CPU has vmx/svm, else TCG; ACCEL=kvm|tcg overrides), gives ARGS to
main() as argv[1..] and exits with main()'s return value.

An image with the virtio-console driver (kast-cc's images) gets its own
streams: virtio-console ports that carry stdin, stdout and stderr exactly
(binary, no "\\r\\n" translation), with end of file on stdin when
kast-run's stdin ends (also </dev/null and a closed stdin). isatty() in
the guest is true only for the streams that are terminals here; a
terminal on stdin is put in raw mode while the guest runs (the guest's
line discipline echoes and edits; restored on exit). The kernel's log
stays on the UART: hidden except errors and crash reports (on stderr),
all of it on stderr with --verbose or in a file with --kernel-log.

Other images (UART only): the guest console is copied to stdout with the
console's "\\r\\n" turned back into "\\n" and, on riscv64, the
firmware's (OpenSBI) start-up banner removed, so that a program prints
what it prints on a host. stdin is the console's input.

options (before IMAGE):
  --initrd DIR|FILE  DIR: packed into a cpio "newc" archive (names relative
                     to DIR, without a leading "./"; owner root) given to
                     QEMU as the initrd, which Kast unpacks into / at boot;
                     FILE: an existing archive, given as is
  --mem MB           guest memory in MiB (default: kast-qemu's, 64); less
                     than the image needs (its size with bss, the
                     initrd, the kernel's heap minimum) is status 125 with
                     a message saying how much it needs
  --env NAME=VALUE   a variable of the program's environment (repeatable;
                     the value is passed exactly: spaces, quotes, "=")
  -e NAME            pass the host's NAME through (repeatable; skipped when
                     NAME is not set; -e NAME=VALUE is --env NAME=VALUE)
  --timeout S        kill the VM after S seconds: status 137 (default 120)
  --append PARAMS    kernel parameters (lib.param=value ...), before "--"
  --accel kvm|tcg    force the accelerator
  --machine M        the QEMU machine (kast-qemu --machine: x86_64 microvm,
                     the default, q35 or pc; riscv64 virt)
  --icount           guest clock from executed instructions (TCG) instead
                     of real time (kast-qemu --icount)
  -p HOST:GUEST[/udp]
                     publish guest port GUEST (TCP unless /udp) on the
                     host's 127.0.0.1:HOST, over QEMU user networking
                     (repeatable; docker run -p style); the guest is
                     10.0.2.15 (DHCP), the host is 10.0.2.2 to it
  --net none|user|tap=NAME
                     the network: none (the default without -p: no NIC),
                     user (user networking, no published ports), tap=NAME
                     (an existing tap device)
  --mac MAC          the NIC's MAC (default 52:54:00:12:34:56)
  --qemu-arg ARG     one more QEMU argument (repeatable; e.g.
                     --qemu-arg=-monitor --qemu-arg=unix:PATH,server=on,wait=off)
  --disk FILE[:ro]   attach the raw disk image FILE as a virtio-blk device
                     (repeatable: the first is /dev/vda, then /dev/vdb...);
                     :ro makes it read-only (writes fail with EROFS); a
                     missing FILE is an error (status 125)
  --raw              copy the console unchanged (no "\\r\\n" or banner fix;
                     UART-only images)
  --kernel-log FILE  write the kernel's log (the UART) to FILE (images with
                     their own streams)
  --arch-check       print the image's architecture (x86_64 or riscv64),
                     make sure its QEMU (and firmware) are installed, and
                     exit without booting
  -v HOSTDIR:GUESTDIR[:ro]
                     share host folder HOSTDIR with the guest at GUESTDIR
                     (virtio-9p, repeatable, docker run -v style); :ro
                     makes it read-only (writes fail with EROFS)
  --9p-security none|mapped-xattr
                     QEMU's security_model for the shares (default none:
                     files keep the host's owners and modes; needs root to
                     change owners)
  --no-cwd           do not share the current folder (see below)
  --ro               share the current folder read-only
  --verbose          show the QEMU command line and accelerator on stderr,
                     and the whole kernel log

The current folder: an image with the 9pfs file system (every kast-cc
image) sees the host's current folder at the same path, read-write (a
9p share, as -v "$PWD:$PWD" would give), and starts there (kernel
parameter vfs.cwd): files it writes with relative names land where a host
program would write them. --no-cwd turns this off, --ro makes the share
read-only. Not done for "/", /dev or paths with ',', ':' or spaces, nor
when a -v share's guest path is the current folder, inside it or above
it; in /tmp the share replaces the image's ramfs /tmp.

The environment: the image's defaults (PATH=/bin:/usr/bin HOME=/
TERM=linux), then --env/-e variables in order (a later one replaces an
earlier one of the same NAME). They travel as kernel parameters
env=NAME=VALUE before "--", quoted like the arguments.

Exit status, as a host's shell reports the program (docs/apps.md, "Exit
status"):
  0..255  the program's exit(n) or main's return, n & 0xff
  128+N   the program was ended by signal N: its own uncaught raise()/
          kill(), abort() (134), or a crash, reported on the console:
          bad memory access 139 (SIGSEGV), illegal instruction 132,
          arithmetic fault 136 (SIGFPE), bus error 135, breakpoint 133
  125     Kast could not run the program: kast-run misuse (bad option,
          no image, not a Kast image, an initrd folder that cannot be
          read, a --disk file that is missing, QEMU missing), bad kernel
          parameters, too little memory, a failing init function
  126     the Kast kernel failed after boot (panic, kernel assertion)
  127     the VM ended without reporting a status (QEMU error)
  137     timeout (--timeout: the VM was killed, as by SIGKILL)
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

from . import cpio, deps, elf, qemu, script, streams
from .console import ConsoleFilter


def die(msg):
    sys.stderr.write("kast-run: %s\n" % msg)
    sys.exit(qemu.EXIT_BOOTERR)


def usage_error(msg):
    sys.stderr.write("kast-run: %s\n" % msg)
    sys.stderr.write("usage: kast-run [--initrd DIR_OR_CPIO] [--mem MB] [--timeout S] "
                     "[--append PARAMS] [--accel kvm|tcg] [--icount] [-p HOST:GUEST[/udp]]... "
                     "[--net none|user|tap=NAME] [--mac MAC] [--disk FILE[:ro]]... "
                     "[--raw] [--kernel-log FILE] [--arch-check] "
                     "[--env NAME=VALUE]... [-e NAME]... "
                     "[-v HOSTDIR:GUESTDIR[:ro]]... [--verbose] IMAGE [-- ARGS...]\n"
                     "(kast-run --help for more)\n")
    sys.exit(qemu.EXIT_BOOTERR)


def parse_args(argv):
    opts = {"initrd": None, "mem": None, "timeout": None, "append": None,
            "accel": None, "icount": False, "raw": False, "arch_check": False,
            "verbose": False, "net": None, "mac": None, "publish": [], "qemu_arg": [],
            "disk": [], "volume": [], "security_model": None, "no_cwd": False, "ro": False,
            "kernel_log": None, "env": [], "machine": None}
    with_value = {"--initrd": "initrd", "--mem": "mem", "--timeout": "timeout",
                  "--append": "append", "--accel": "accel", "--net": "net", "--mac": "mac",
                  "-p": "publish", "--publish": "publish", "--qemu-arg": "qemu_arg",
                  "--disk": "disk", "--kernel-log": "kernel_log",
                  "-v": "volume", "--volume": "volume", "--9p-security": "security_model",
                  "--env": "env", "-e": "env", "--machine": "machine"}
    flags = {"--icount": "icount", "--raw": "raw", "--arch-check": "arch_check",
             "--verbose": "verbose", "--no-cwd": "no_cwd", "--ro": "ro"}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            sys.exit(0)
        if a == "--":
            usage_error("no image given before '--'")
        if not a.startswith("-") or a == "-":
            break
        name, eq, val = a.partition("=")
        if name in with_value:
            if not eq:
                if i + 1 >= len(argv):
                    usage_error("option %s needs a value" % name)
                i += 1
                val = argv[i]
            if name in ("-p", "--publish", "--qemu-arg", "--disk", "-v", "--volume"):
                opts[with_value[name]].append(val)
            elif name in ("--env", "-e"):
                opts["env"] += env_option(name, val)
            else:
                opts[with_value[name]] = val
        elif a in flags:
            opts[flags[a]] = True
        else:
            usage_error("unknown option '%s'" % a)
        i += 1
    if i >= len(argv):
        usage_error("no image given")
    image = argv[i]
    rest = argv[i + 1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    elif rest:
        usage_error("arguments for the program go after '--' (got '%s')" % rest[0])
    for key, conv, what in (("mem", int, "a number of MiB"),
                            ("timeout", float, "a number of seconds")):
        if opts[key] is not None:
            try:
                v = conv(opts[key])
            except ValueError:
                usage_error("--%s needs %s, not '%s'" % (key, what, opts[key]))
            if v <= 0:
                usage_error("--%s must be positive" % key)
            opts[key] = v
    if opts["accel"] not in (None, "kvm", "tcg"):
        usage_error("--accel must be kvm or tcg")
    try:
        qemu.net_backend(opts["net"], opts["publish"], opts["mac"])
    except qemu.NetError as e:
        usage_error(str(e))
    if opts["security_model"] not in (None, "none", "mapped-xattr"):
        usage_error("--9p-security must be none or mapped-xattr")
    for spec in opts["volume"]:
        try:
            qemu.parse_volume(spec)
        except qemu.VolumeError as e:
            usage_error(str(e))
    return opts, image, rest


def env_option(name, val):
    """--env NAME=VALUE or -e NAME (the host's value; nothing when unset)
    as a list of "NAME=VALUE"."""
    key, eq, _ = val.partition("=")
    if not key or "\0" in val:
        usage_error("%s %s: expected NAME=VALUE%s"
                    % (name, val, " or NAME" if name == "-e" else ""))
    if eq:
        return [val]
    if name == "--env":
        usage_error("--env %s: expected NAME=VALUE (-e NAME passes the host's)" % val)
    return ["%s=%s" % (key, os.environ[key])] if key in os.environ else []


def ensure_qemu(arch):
    """Install the architecture's QEMU (and firmware) when missing."""
    if not deps.ensure("run", arch):
        die("cannot boot a %s image without %s%s (see above)"
            % (arch, qemu.BINARY[arch], " and OpenSBI" if arch == "riscv64" else ""))


def initrd_file(folder):
    """@folder packed into a temporary newc archive; returns its path."""
    try:
        data = cpio.pack_folder(folder)
    except OSError as e:
        die("--initrd %s: %s" % (folder, e))
    fd, path = tempfile.mkstemp(prefix="kast-run-", suffix=".cpio")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


def has_9pfs(image):
    """Whether @image has the 9pfs file system (its registered name)."""
    try:
        with open(image, "rb") as f:
            return b"\x009pfs\x00" in f.read()
    except OSError:
        return False


def cwd_share(opts, image):
    """The -v spec and kernel parameter that share the current folder at
    the same path, or (None, None)."""
    if opts["no_cwd"] or not has_9pfs(image):
        return None, None
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:
        return None, None
    if cwd == "/" or re.search(r"[,:\s]", cwd) or cwd == "/dev" or cwd.startswith("/dev/"):
        return None, None
    for spec in opts["volume"]:
        # nested shares would hide one another or create mount points
        # in the host's folders: the explicit one wins
        guest = qemu.parse_volume(spec)[1].rstrip("/") + "/"
        if guest.startswith(cwd + "/") or (cwd + "/").startswith(guest):
            return None, None
    param = "vfs.cwd=" + cwd
    if cwd == "/tmp":
        # the host's /tmp instead of the image's ramfs /tmp (one file
        # system per mount point)
        param += " vfs.mounts=devfs:/dev"
    return cwd + ":" + cwd + (":ro" if opts["ro"] else ""), param


def kast_qemu_cmd(opts, image, initrd, args, extra=()):
    cmd = [sys.executable, script("kast-qemu")] + list(extra)
    if not opts["verbose"]:
        cmd.append("-q")
    share, param = cwd_share(opts, image)
    if param:
        opts = dict(opts, volume=[share] + opts["volume"],
                    append=" ".join(x for x in (opts["append"], param) if x))
    for key in ("mem", "timeout", "append", "accel", "net", "mac", "machine"):
        if opts[key] is not None:
            v = opts[key]
            cmd += ["--" + key, ("%g" % v) if isinstance(v, float) else str(v)]
    for spec in opts["publish"]:
        cmd += ["-p", spec]
    for arg in opts["qemu_arg"]:
        cmd.append("--qemu-arg=" + arg)
    for spec in opts["disk"]:
        cmd += ["--disk", spec]
    for spec in opts["volume"]:
        cmd += ["-v", spec]
    if opts["security_model"]:
        cmd += ["--9p-security", opts["security_model"]]
    for e in opts["env"]:
        cmd += ["--env", e]
    if opts["icount"]:
        cmd.append("--icount")
    if initrd:
        cmd += ["--initrd", initrd]
    cmd.append(image)
    if args:
        cmd += ["--"] + args
    return cmd


def main(argv=None):
    opts, image, args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        arch = elf.image_arch(image, strict=True)
    except elf.ElfError as e:
        die(str(e))
    ensure_qemu(arch)
    try:
        qemu.disk_devices(opts["disk"])
    except qemu.DiskError as e:
        die(str(e))
    if opts["arch_check"]:
        print(arch)
        return 0

    tmp = None
    initrd = opts["initrd"]
    if initrd is not None:
        if os.path.isdir(initrd):
            tmp = initrd = initrd_file(initrd)
        elif not os.path.isfile(initrd):
            die("--initrd %s: no such file or folder" % initrd)
    if streams.image_has_ports(image):
        try:
            return run_with_ports(opts, image, initrd, args)
        finally:
            if tmp:
                os.unlink(tmp)
    cmd = kast_qemu_cmd(opts, image, initrd, args)
    if opts["verbose"]:
        subprocess.run(cmd[:2] + ["--dry-run"] + cmd[2:], stdout=sys.stderr)

    # Ctrl-C reaches QEMU (same process group); kast-qemu stops it and
    # reports; here it only must not abort the copy loop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = sys.stdout.buffer
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                                 signal.SIG_DFL))
        filt = ConsoleFilter(out, arch == "riscv64") if not opts["raw"] else None
        fd = proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except InterruptedError:
                continue
            if not data:
                break
            if filt:
                filt.feed(data)
            else:
                out.write(data)
                out.flush()
        if filt:
            filt.finish()
        rc = proc.wait()
    except BrokenPipeError:
        # the reader went away: stop the VM quietly
        proc.kill()
        proc.wait()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        rc = 141
    finally:
        if tmp:
            os.unlink(tmp)
    return rc


def run_with_ports(opts, image, initrd, args):
    """Boot an image whose stdio are virtio-console ports (streams.py):
    the program's streams are ours, the UART is the kernel log."""
    streams.hold_closed_stdio()
    log_file = None
    if opts["kernel_log"]:
        try:
            log_file = open(opts["kernel_log"], "wb")
        except OSError as e:
            die("--kernel-log %s: %s" % (opts["kernel_log"], e.strerror))
    pumps = streams.Pumps()
    o = dict(opts)
    known = streams.image_ports(image)
    o["append"] = ((opts["append"] or "") + " " + streams.tty_params(known)).strip()
    cmd = kast_qemu_cmd(o, image, initrd, args,
                        ["--stdio-fds", ",".join(str(fd) for fd in pumps.qemu_fds())])
    if opts["verbose"]:
        subprocess.run(cmd[:2] + ["--dry-run"] + cmd[2:], stdout=sys.stderr,
                       pass_fds=pumps.qemu_fds())
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    klog = streams.KernelLog(opts["verbose"], log_file)
    raw = streams.RawTerminal()
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                pass_fds=pumps.qemu_fds(),
                                preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                                 signal.SIG_DFL))
        pumps.start()
        fd = proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except InterruptedError:
                continue
            if not data:
                break
            klog.feed(data)
        klog.finish()
        rc = proc.wait()
        pumps.wait()
        if pumps.broken_pipe:
            # stdout's reader went away: as SIGPIPE ends a host program
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            rc = 141
    finally:
        raw.restore()
        if log_file:
            log_file.close()
    return rc
