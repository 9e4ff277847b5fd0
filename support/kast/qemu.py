# SPDX-License-Identifier: BSD-3-Clause
"""QEMU for Kast images: command lines (x86_64 microvm/q35/pc, riscv64
virt), the accelerator choice, exit statuses, and running a VM with the
console on the terminal (kast-qemu) or captured (tests, benchmarks).

Exit statuses (the one list: docs/apps.md, "Exit status"), as a host's
shell reports a process: the program's exit(n) is n & 0xff (0..255); a
program ended by a signal, its own (raise, abort: 134) or a crash (a CPU
exception mapped to Linux's signal: page fault 139, illegal instruction
132, arithmetic 136, bus error 135, breakpoint 133) is 128 + the signal;
Kast's own conditions use docker's numbers for the same cases: 125 Kast
could not run the program (bad kernel parameters, too little memory, a
failing init function, kast-run misuse), 126 the Kast kernel failed after
boot (panic, kernel assertion), 127 the VM ended without reporting a
status (QEMU error, no exit device), 137 timeout (the VM was killed, like
SIGKILL), 130 interrupted (Ctrl-C).
"""
import os
import platform
import re
import shlex
import signal
import stat
import subprocess
import sys
import threading
import time

from . import script

EXIT_BOOTERR = 125
EXIT_PANIC = 126
EXIT_NO_EXIT_DEVICE = 127
EXIT_SIGNAL = 128               # + the signal that ended the program
EXIT_SIGILL = EXIT_SIGNAL + 4
EXIT_SIGTRAP = EXIT_SIGNAL + 5
EXIT_ABORT = EXIT_SIGNAL + 6    # abort(), stack smashing
EXIT_SIGBUS = EXIT_SIGNAL + 7
EXIT_SIGFPE = EXIT_SIGNAL + 8
EXIT_SIGSEGV = EXIT_SIGNAL + 11
EXIT_CRASH = EXIT_SIGSEGV       # the usual crash: a bad memory access
EXIT_TIMEOUT = EXIT_SIGNAL + 9  # killed, as SIGKILL would
EXIT_INTERRUPTED = 130
# x86_64: the guest writes "kast-exit:N\n" to this port (isa-debugcon)
# before the exit device, which carries only 7 bits
STATUS_RECORD_PORT = 0xe9
OPENSBI_FW = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
BINARY = {"x86_64": "qemu-system-x86_64", "riscv64": "qemu-system-riscv64"}
MACHINES = {"x86_64": "microvm", "riscv64": "virt"}
# Guest time follows the executed instructions (1 ns each), and an idle
# guest's clock jumps to its next timer: timing inside the guest no longer
# depends on the host's load. TCG only. The RTC (which starts at the
# host's time) follows the same clock, or it would run ahead of the guest's
# other clocks.
ICOUNT = ["-icount", "shift=0,sleep=off", "-rtc", "clock=vm"]
DEFAULT_MEM_MIB = 64
DEFAULT_TIMEOUT_S = 120
# the NIC's MAC unless --mac (QEMU's own default for its first NIC)
DEFAULT_MAC = "52:54:00:12:34:56"
# QEMU user networking: the guest's address (DHCP hands it out; hostfwd
# forwards to it) and the host as the guest sees it
USER_NET_GUEST = "10.0.2.15"
USER_NET_HOST = "10.0.2.2"


def kvm_usable(arch):
    """KVM only where it really helps: /dev/kvm works and the host runs the
    same architecture with hardware virtualization (x86_64: vmx or svm in
    /proc/cpuinfo; without them a KVM may emulate guest kernel code one
    instruction at a time, ~100x slower than TCG)."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    host = platform.machine()
    if arch == "x86_64":
        if host != "x86_64":
            return False
        try:
            with open("/proc/cpuinfo") as f:
                words = set(f.read().split())
        except OSError:
            return False
        return "vmx" in words or "svm" in words
    return host == arch


def choose_accel(arch, requested=None):
    """"kvm" or "tcg": @requested (or $ACCEL) when given, else kvm_usable()."""
    requested = requested or os.environ.get("ACCEL") or None
    if requested:
        return requested
    return "kvm" if kvm_usable(arch) else "tcg"


class NetError(ValueError):
    """A network option that cannot be used (the message says why)."""


def parse_publish(spec):
    """-p HOST:GUEST[/udp|/tcp] as (protocol, host port, guest port)."""
    m = re.fullmatch(r"(\d+):(\d+)(?:/(tcp|udp))?", spec)
    if not m:
        raise NetError("-p %s: expected HOST:GUEST or HOST:GUEST/udp (port numbers)" % spec)
    host, guest = int(m.group(1)), int(m.group(2))
    for port in (host, guest):
        if not 0 < port < 65536:
            raise NetError("-p %s: port %d is not in 1..65535" % (spec, port))
    return m.group(3) or "tcp", host, guest


def parse_net(spec):
    """--net none|user|tap=NAME as ("none"|"user"|"tap", tap name or None)."""
    if spec in ("none", "user"):
        return spec, None
    if spec.startswith("tap="):
        name = spec[4:]
        # Linux interface names: at most 15 bytes, no "/", ",", spaces
        if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,15}", name):
            raise NetError("--net %s: not a network interface name" % spec)
        return "tap", name
    raise NetError("--net %s: expected none, user or tap=NAME" % spec)


def parse_mac(mac):
    if not re.fullmatch(r"[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}", mac):
        raise NetError("--mac %s: expected six hex bytes, e.g. %s" % (mac, DEFAULT_MAC))
    if int(mac[:2], 16) & 1:
        raise NetError("--mac %s: a multicast address cannot be a NIC's" % mac)
    return mac.lower()


def net_backend(net=None, publish=(), mac=None):
    """The network a VM gets from the options (None: no NIC): (kind, QEMU
    -netdev argument, MAC). @net is --net's value, @publish the -p
    values; -p alone means user networking. Raises NetError."""
    kind, tap = parse_net(net) if net else ("user" if publish else None, None)
    forwards = [parse_publish(p) for p in publish]
    if forwards and kind != "user":
        raise NetError("-p publishes ports over user networking, not with --net %s" % net)
    if mac is not None:
        mac = parse_mac(mac)
    if kind in (None, "none"):
        if mac is not None:
            raise NetError("--mac needs a network (-p, --net user or --net tap=NAME)")
        return None
    if kind == "tap":
        netdev = "tap,id=net0,ifname=%s,script=no,downscript=no" % tap
    else:
        # published ports listen on the host's loopback only
        netdev = "user,id=net0" + "".join(",hostfwd=%s:127.0.0.1:%d-:%d" % f
                                          for f in forwards)
    return kind, netdev, mac or DEFAULT_MAC


def virtio_machine(arch, machine):
    """(@machine as it must be for virtio devices, whether they are
    virtio-mmio): virtio-mmio on x86_64 microvm (which then needs acpi=off:
    Kast finds the devices on its command line) and on riscv64 virt,
    virtio-pci on x86_64 q35/pc."""
    name = machine.split(",")[0]
    mmio = arch == "riscv64" or name == "microvm"
    if name == "microvm" and "acpi=" not in machine:
        machine += ",acpi=off"
    return machine, mmio


def virtio_args(arch, machine, devices):
    """(machine, QEMU arguments) for virtio @devices on @machine. Each
    device is (kind, properties, backend arguments): kind "net", "blk",
    "9p", "serial", "rng", ... becomes virtio-<kind>-device on virtio-mmio
    and virtio-<kind>-pci on PCI; properties ("netdev=net0,mac=...") follow
    it; the backend arguments ("-netdev", ...) come before it. Modern
    virtio-mmio only (version 2: force-legacy=false)."""
    if not devices:
        return machine, []
    machine, mmio = virtio_machine(arch, machine)
    args = ["-global", "virtio-mmio.force-legacy=false"] if mmio else []
    for kind, props, backend in devices:
        dev = "virtio-%s-%s" % (kind, "device" if mmio else "pci")
        args += list(backend) + ["-device", dev + ("," + props if props else "")]
    return machine, args


class DiskError(ValueError):
    """A --disk option that cannot be used (the message says why)."""


def parse_disk(spec):
    """--disk FILE[:ro] as (path, read-only). The file must exist (a raw
    image; its size is the disk's)."""
    path, ro = (spec[:-3], True) if spec.endswith(":ro") else (spec, False)
    if not path:
        raise DiskError("--disk %s: expected FILE or FILE:ro" % spec)
    if not os.path.isfile(path):
        raise DiskError("--disk %s: no such file (a raw disk image, e.g. made with "
                        "truncate -s 64M %s)" % (spec, path))
    if not os.access(path, os.R_OK if ro else os.R_OK | os.W_OK):
        raise DiskError("--disk %s: not %s" % (spec, "readable" if ro else
                                               "readable and writable (or add :ro)"))
    return path, ro


def disk_devices(specs):
    """The virtio_args() devices of --disk @specs (FILE[:ro], in order:
    the first is /dev/vda). Raises DiskError."""
    devs = []
    for n, spec in enumerate(specs):
        path, ro = parse_disk(spec)
        drive = "file=%s,if=none,id=disk%d,format=raw%s" % (
            os.path.abspath(path).replace(",", ",,"), n, ",readonly=on" if ro else "")
        devs.append(("blk", "drive=disk%d" % n, ["-drive", drive]))
    return devs


class VolumeError(ValueError):
    """A -v HOSTDIR:GUESTDIR[:ro] that cannot be shared."""


def parse_volume(spec):
    """-v HOSTDIR:GUESTDIR[:ro|:rw] -> (absolute host dir, guest dir,
    read-only). The guest path is absolute, without ':', ',' or
    whitespace (it travels in the vfs.mount= kernel parameter)."""
    parts = spec.split(":")
    ro = False
    if len(parts) == 3 and parts[2] in ("ro", "rw"):
        ro = parts[2] == "ro"
        parts = parts[:2]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise VolumeError("-v %s: expected HOSTDIR:GUESTDIR[:ro]" % spec)
    host, guest = parts
    if not guest.startswith("/") or re.search(r"[,\s]", guest):
        raise VolumeError("-v %s: the guest path must be absolute, without ',' or spaces"
                          % spec)
    if not os.path.isdir(host):
        raise VolumeError("-v %s: %s is not a folder" % (spec, host))
    return os.path.abspath(host), guest, ro


def volume_devices(volumes, security_model="none"):
    """(virtio_args() devices, kernel parameters) for the parsed @volumes:
    one virtio-9p device per share on a "local" fsdev, mount tags kast0,
    kast1, ..., and the vfs.mount= parameter that mounts them; a share at
    "/" becomes the root file system (vfs.rootfs=9pfs vfs.rootdev=TAG)."""
    devices, mounts, params = [], [], []
    for i, (host, guest, ro) in enumerate(volumes):
        fsdev = "local,id=fs%d,path=%s,security_model=%s%s" % (
            i, host.replace(",", ",,"), security_model, ",readonly=on" if ro else "")
        devices.append(("9p", "fsdev=fs%d,mount_tag=kast%d" % (i, i), ["-fsdev", fsdev]))
        if guest.rstrip("/") == "":
            if params:
                raise VolumeError("-v: only one share can be the root (/)")
            params = ["vfs.rootfs=9pfs", "vfs.rootdev=kast%d%s" % (i, ":ro" if ro else "")]
        else:
            mounts.append("kast%d:%s:9pfs%s" % (i, guest, ":ro" if ro else ""))
    if mounts:
        # parents before the shares inside them
        mounts.sort(key=lambda m: m.split(":")[1].rstrip("/").count("/"))
        params.append("vfs.mount=" + ",".join(mounts))
    return devices, " ".join(params)


# a virtio-rng device fed from the host's /dev/urandom (virtio_args())
RNG_DEVICE = ("rng", "", [])


def nic_device(backend):
    """The virtio_args() device of a virtio-net NIC on @backend
    (net_backend())."""
    _, netdev, mac = backend
    return ("net", "netdev=net0,mac=%s" % mac, ["-netdev", netdev])


# A program's standard streams as virtio-console ports (kast-run; the
# guest's devfs finds them by name). Ports 1-3: QEMU keeps port 0 for a
# virtconsole, which drops output its chardev cannot take at once.
STDIO_PORTS = ("kast.stdin", "kast.stdout", "kast.stderr")


def stdio_device(fds):
    """The virtio_args() device (a virtio-serial bus with its chardevs)
    and the port arguments that must follow it, for the connected
    sockets @fds (stdin, stdout, stderr; inherited by QEMU)."""
    chardevs = []
    ports = []
    for i, (fd, name) in enumerate(zip(fds, STDIO_PORTS)):
        chardevs += ["-chardev", "socket,id=kstdio%d,fd=%d" % (i, fd)]
        ports += ["-device", "virtserialport,chardev=kstdio%d,name=%s,nr=%d" % (i, name, i + 1)]
    return ("serial", "max_ports=4", chardevs), ports


def env_params(env):
    """Kernel parameters for the program's environment @env ("NAME=VALUE"
    strings): one env=NAME=VALUE token each, quoted like arguments
    (lib/ukboot undoes shlex quoting exactly), before "--"."""
    return " ".join(shlex.quote("env=" + e) for e in env)


def kernel_cmdline(append=None, args=(), env=()):
    """The kernel command line: parameters (@append, then @env's), "--",
    main()'s arguments."""
    append = " ".join(x for x in (append, env_params(env)) if x)
    # Kernel parameters always end with "--" so that a parameter is never
    # mistaken for an application argument (and vice versa).
    if args or append:
        append = (append + " -- " + " ".join(shlex.quote(x) for x in args)).strip()
    return append


def command(arch, image, accel, machine=None, mem=DEFAULT_MEM_MIB, smp=1, append=None,
            args=(), initrd=None, gdb=False, icount=False, extra=(), net=None, devices=(),
            env=(), stdio_fds=None):
    """The QEMU command line for @image: (argv, machine name). @net is a
    net_backend() (None: no NIC); @devices further virtio devices
    (virtio_args()); @env the program's environment (env_params());
    @stdio_fds three connected sockets for the program's stdin, stdout
    and stderr ports (stdio_device())."""
    append = kernel_cmdline(append, args, env)
    machine = machine or MACHINES[arch]
    devices = ([nic_device(net)] if net else []) + list(devices)
    ports = []
    if stdio_fds:
        serial, ports = stdio_device(stdio_fds)
        devices.append(serial)
    machine, nic = virtio_args(arch, machine, devices)
    nic += ports
    if arch == "x86_64":
        opts = machine
        # microvm has an RTC (the wall clock's source) only under TCG
        # unless asked; ask, unless the caller chose rtc= already.
        if machine.split(",")[0] == "microvm" and "rtc=" not in machine:
            opts += ",rtc=on"
        cmd = [BINARY[arch], "-M", "%s,accel=%s" % (opts, accel),
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if accel == "tcg":
            cmd += ["-cpu", "max"]
    else:
        bios = OPENSBI_FW if os.path.exists(OPENSBI_FW) else "default"
        cmd = [BINARY[arch], "-M", "%s,accel=%s" % (machine, accel), "-bios", bios]
    cmd += ["-m", "%dM" % mem, "-smp", str(smp), "-nodefaults",
            "-no-user-config", "-display", "none", "-serial", "stdio",
            "-no-reboot", "-kernel", image]
    if append:
        cmd += ["-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    if icount:
        cmd += ICOUNT
    if gdb:
        cmd += ["-s", "-S"]
    cmd += nic + list(extra)
    return cmd, machine


def map_status(arch, rc, record=None):
    """Kast's exit status from QEMU's @rc and, on x86_64, the guest's
    status record (StatusRecord.status(), None when there is none)."""
    if rc < 0:
        return 128 - rc
    if arch == "x86_64":
        # the record is exact; isa-debug-exit alone: QEMU exits (v << 1) | 1
        # and the guest writes status + 1 (for 0..126), so 2k + 3 is k
        if record is not None and rc & 1:
            return record
        if rc >= 3 and rc & 1:
            return (rc - 3) // 2
        return EXIT_NO_EXIT_DEVICE
    return rc


class StatusRecord:
    """The x86_64 guest's exit status record ("kast-exit:N\n" on an
    isa-debugcon port) read from a pipe: QEMU's own exit status carries
    only 7 of its 8 bits. args() go on QEMU's command line, pass_fds to
    its Popen; started() after the Popen; status() after QEMU ended."""

    def __init__(self):
        self._r, self._w = os.pipe()
        self._data = b""
        self._thread = None

    def args(self):
        return ["-chardev", "file,id=kastexit,path=/dev/fd/%d" % self._w,
                "-device", "isa-debugcon,iobase=%#x,chardev=kastexit" % STATUS_RECORD_PORT]

    @property
    def pass_fds(self):
        return (self._w,)

    def started(self):
        os.close(self._w)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        while True:
            try:
                data = os.read(self._r, 4096)
            except OSError:
                break
            if not data:
                break
            self._data = (self._data + data)[-256:]
        os.close(self._r)

    def status(self):
        if self._thread:
            self._thread.join(5)
        m = re.findall(rb"kast-exit:(\d{1,3})\n", self._data)
        return int(m[-1]) & 0xff if m else None


# ---------------------------------------------------------------------------
# Running with the console on this process's stdin and stdout (kast-qemu)
# ---------------------------------------------------------------------------
def stdin_stat():
    """fstat of descriptor 0, or None when it is closed."""
    try:
        return os.fstat(0)
    except OSError:
        return None


def has_input():
    """Is stdin something to read from (not closed, not /dev/null)?"""
    st = stdin_stat()
    return st is not None and not (stat.S_ISCHR(st.st_mode) and
                                   st.st_rdev == os.stat(os.devnull).st_rdev)


def _copy_stdout(proc, output_seen):
    """QEMU's output to ours; the first of it lets the input through."""
    out = sys.stdout.buffer
    fd = proc.stdout.fileno()
    try:
        while True:
            data = os.read(fd, 65536)
            if not data:
                break
            out.write(data)
            out.flush()
            output_seen.set()
    except OSError:
        proc.kill()     # our reader went away
    output_seen.set()


def _forward_stdin(proc, output_seen):
    """Copy stdin to QEMU (a cooked terminal delivers it line by line),
    once output_seen is set."""
    output_seen.wait()
    try:
        while True:
            data = os.read(0, 4096)
            if not data:
                break
            proc.stdin.write(data)
            proc.stdin.flush()
    except (OSError, ValueError):
        pass    # QEMU is gone
    try:
        proc.stdin.close()
    except OSError:
        pass


def _watch_stderr(proc, kvm_failed):
    """Forward QEMU's stderr; on a KVM internal error (QEMU then pauses the
    VM instead of exiting) stop QEMU at once."""
    for line in iter(proc.stderr.readline, b""):
        sys.stderr.buffer.write(line)
        sys.stderr.buffer.flush()
        if b"KVM internal error" in line and not kvm_failed.is_set():
            kvm_failed.set()
            proc.kill()


def run_console(cmd, arch, timeout, gdb=False, quiet=False, prog="kast-qemu", pass_fds=(),
                env=None):
    """Run QEMU with the guest console on our stdout and stdin; returns
    Kast's exit status (map_status), EXIT_TIMEOUT when @timeout seconds
    passed (no timeout with @gdb), 130 on Ctrl-C. Raises FileNotFoundError
    when QEMU is missing. With @pass_fds (the stdio ports' sockets, which
    QEMU inherits) the program's input comes through those: the console's
    input is /dev/null, so that QEMU takes no byte of our stdin. @env:
    QEMU's environment (None: ours)."""
    # A terminal on stdin stays line-buffered (cooked): the host terminal
    # echoes and edits what is typed, and a line reaches the guest on
    # Enter. Given the terminal, QEMU would switch it to raw mode, where
    # nothing typed shows (the guest's console does not echo) and a killed
    # QEMU leaves it raw.
    tty_in = not gdb and os.isatty(0) and not pass_fds
    # riscv64: OpenSBI discards what the UART received before it set the
    # UART up (it enables the FIFO and reads the receive buffer), so input
    # is held back until the VM's first output: OpenSBI's banner, which
    # comes after that set-up. stdout then goes through this process.
    hold_input = arch == "riscv64" and not gdb and has_input() and not pass_fds
    record = StatusRecord() if arch == "x86_64" else None
    if record:
        cmd = list(cmd) + record.args()
    proc = subprocess.Popen(cmd, start_new_session=False, stderr=subprocess.PIPE, env=env,
                            pass_fds=tuple(pass_fds) + (record.pass_fds if record else ()),
                            stdin=subprocess.PIPE if tty_in or hold_input
                            # QEMU's -serial stdio needs a descriptor 0
                            else None if stdin_stat() and not pass_fds
                            else subprocess.DEVNULL,
                            stdout=subprocess.PIPE if hold_input else None)
    if record:
        record.started()
    output_seen = threading.Event()
    copier = None
    if hold_input:
        copier = threading.Thread(target=_copy_stdout, args=(proc, output_seen), daemon=True)
        copier.start()
    else:
        output_seen.set()
    if tty_in or hold_input:
        threading.Thread(target=_forward_stdin, args=(proc, output_seen), daemon=True).start()
    kvm_failed = threading.Event()
    watcher = threading.Thread(target=_watch_stderr, args=(proc, kvm_failed), daemon=True)
    watcher.start()
    try:
        rc = proc.wait(timeout=None if gdb else timeout)
        watcher.join()
        if copier:
            copier.join()
        if kvm_failed.is_set():
            print("\n%s: the host's KVM could not execute a guest instruction "
                  "(QEMU: KVM internal error); KVM without vmx/svm emulates guest "
                  "kernel code and cannot run SSE: use ACCEL=tcg" % prog, file=sys.stderr)
            return EXIT_NO_EXIT_DEVICE
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        print("\n%s: timeout after %gs, VM killed" % (prog, timeout), file=sys.stderr)
        return EXIT_TIMEOUT
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        return EXIT_INTERRUPTED
    status = map_status(arch, rc, record.status() if record else None)
    if status == EXIT_NO_EXIT_DEVICE and not quiet:
        print("%s: VM ended without the exit device (QEMU status %d)" % (prog, rc),
              file=sys.stderr)
    return status


# ---------------------------------------------------------------------------
# Running with the output captured
# ---------------------------------------------------------------------------
def run_watchdog(cmd, timeout):
    """Run a QEMU command line (its own process group) with a watchdog:
    (QEMU's status, or None when killed at @timeout; output; seconds)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        rc = None
    return rc, out.decode("utf-8", "replace"), time.monotonic() - t0


def boot(image, args=(), append=None, machine=None, accel=None, timeout=DEFAULT_TIMEOUT_S,
         mem=None, initrd=None, stdin_data=None, icount=False, net=None, qemu_args=(),
         rng=False, kast_qemu_args=()):
    """Boot @image with kast-qemu, capturing the console (stdout and
    stderr): (Kast exit status, output, seconds). stdin is /dev/null unless
    @stdin_data (bytes) is given; @net is kast-qemu's --net; @qemu_args go
    to QEMU as they are, @kast_qemu_args to kast-qemu; @rng attaches a
    virtio-rng device."""
    cmd = [script("kast-qemu"), "-q", "--timeout", str(timeout)] + list(kast_qemu_args)
    cmd += ["--qemu-arg=" + q for q in qemu_args]
    if rng:
        cmd.append("--rng")
    if net:
        cmd += ["--net", net]
    if initrd:
        cmd += ["--initrd", initrd]
    if machine:
        cmd += ["--machine", machine]
    if accel:
        cmd += ["--accel", accel]
    if append:
        cmd += ["--append", append]
    if mem:
        cmd += ["--mem", str(mem)]
    if icount:
        cmd.append("--icount")
    cmd.append(image)
    if args:
        cmd += ["--"] + list(args)
    t0 = time.monotonic()
    if stdin_data is None:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
    else:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           input=stdin_data)
    return r.returncode, r.stdout.decode("utf-8", "replace"), time.monotonic() - t0
