# SPDX-License-Identifier: BSD-3-Clause
"""Long-running Kast VMs through libvirt (python3-libvirt, libvirtd).

  kast start NAME FILE.c|FILE.lua|IMAGE [-- ARGS]   define and boot (detached)
  kast ps / info NAME / logs [-f] [--kernel] NAME
  kast pause NAME / resume NAME / save NAME FILE / restore FILE
  kast stop NAME (destroy; the definition and logs stay) / rm NAME

Every command takes --connect URI (default $KAST_CONNECT, else
qemu:///system as root, qemu:///session otherwise).

A VM is a persistent libvirt domain (type "qemu": TCG; "kvm" with
--accel kvm) with direct kernel boot: x86_64 on q35 (libvirt refuses
microvm: "No PCI buses available") with isa-debug-exit added through
<qemu:commandline>, riscv64 on virt with OpenSBI as its -bios and the
built-in test device as its exit device. The serial console goes to
<state>/NAME/console.log. Its emulator is support/scripts/kast-qemu-system-
ARCH, which records QEMU's exit status for `kast info` (libvirt itself
only reports "crashed" or "shut off"). Files of a VM (its image copy,
initrd, console log, exit status) are in <state>/NAME, <state> being
$KAST_STATE, else /var/lib/kast/vms as root, else ~/.local/state/kast/vms.

Program output and Kast's own log are apart when the image has the
program stream ports (kast-cc images: the .kast.stdio section,
support/kast/streams.py): the domain gets a virtio-serial controller with
the ports kast.stdin (a null source: the program reads end of file at
once), kast.stdout and kast.stderr (files). The guest is told
devfs.stderr_is_stdout=1 when it knows it, so that both streams go, in
order, to <state>/NAME/output.log (stderr.log otherwise); console.log,
the serial port, is then Kast's kernel log alone (`kast logs --kernel`).
Other images keep everything on the serial port.
"""
import argparse
import os
import shlex
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from .. import SCRIPTS, cpio, deps, elf, qemu, streams
from ..console import ConsoleFilter

NS = "urn:kast:vm:1"
QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0"
COMMANDS = ("start", "ps", "logs", "pause", "resume", "save", "restore", "stop", "info", "rm")
PACKAGES = [("/usr/lib/python3/dist-packages/libvirt.py", "python3-libvirt"),
            ("libvirtd", "libvirt-daemon-system"), ("virtlogd", "libvirt-daemon-system")]
MACHINE = {"x86_64": "q35", "riscv64": "virt"}


class VirtError(Exception):
    pass


def ensure_packages():
    err = deps.install(deps.missing(PACKAGES))
    if err:
        raise VirtError(err)


def libvirt():
    try:
        import libvirt as lv
    except ImportError:
        ensure_packages()
        import libvirt as lv
    # libvirt prints its errors to stderr by default as well as raising
    lv.registerErrorHandler(lambda ctx, err: None, None)
    return lv


def kvm_device_for_qemu_user():
    """Give /dev/kvm Debian's usual owner and mode (root:kvm 0660, udev's
    rule) when it is root-only and the kvm group exists. libvirt checks
    that the user it runs QEMU as can open /dev/kvm; when it cannot while
    its probe of QEMU (as root) could, libvirt throws its capabilities
    cache away and probes QEMU again (~50 s here) on every define. Returns
    a line saying what changed, or None."""
    import grp
    import stat
    try:
        st = os.stat("/dev/kvm")
        gid = grp.getgrnam("kvm").gr_gid
    except (OSError, KeyError):
        return None
    if os.getuid() != 0 or st.st_gid == gid or stat.S_IMODE(st.st_mode) & 0o066:
        return None
    os.chown("/dev/kvm", -1, gid)
    os.chmod("/dev/kvm", 0o660)
    return "/dev/kvm: group kvm, mode 0660 (as Debian's udev sets it)"


def default_uri():
    return os.environ.get("KAST_CONNECT") or ("qemu:///system" if os.getuid() == 0
                                              else "qemu:///session")


def state_root():
    if os.environ.get("KAST_STATE"):
        return os.environ["KAST_STATE"]
    if os.getuid() == 0:
        return "/var/lib/kast/vms"
    base = os.environ.get("XDG_STATE_HOME") or os.path.expanduser("~/.local/state")
    return os.path.join(base, "kast", "vms")


def vm_dir(name):
    return os.path.join(state_root(), name)


def valid_name(name):
    """Domain names become file names: letters, digits, "-", "_", "."."""
    ok = name and len(name) <= 64 and name[0].isalnum() and all(
        c.isalnum() or c in "-_." for c in name)
    if not ok:
        raise VirtError("'%s': a VM name is 1-64 letters, digits, '-', '_', '.' "
                        "(starting with a letter or digit)" % name)
    return name


def open_conn(uri=None):
    lv = libvirt()
    try:
        return lv.open(uri or default_uri())
    except lv.libvirtError as e:
        raise VirtError("cannot connect to libvirt at %s: %s (is libvirtd running? "
                        "as root: libvirtd --daemon; virtlogd --daemon)"
                        % (uri or default_uri(), e.get_error_message()))


# ---------------------------------------------------------------------------
# Domain XML
# ---------------------------------------------------------------------------
# the program's streams as virtio-console ports (as qemu.stdio_device():
# ports 1-3, QEMU keeps port 0 for a virtconsole)
OUTPUT_LOG, STDERR_LOG, KERNEL_LOG = "output.log", "stderr.log", "console.log"


def console_devices(d, arch, ports=False):
    """The guest's consoles: the serial port to console.log and, with
    @ports, the program's stream ports (see the module's docstring)."""
    xml = ("<serial type='file'><source path=%s append='on'/><target port='0'/></serial>"
           % quoteattr(os.path.join(d, KERNEL_LOG)))
    if not ports:
        return xml
    # riscv64 virt: virtio-mmio (Kast finds it in the device tree; libvirt
    # would pick PCI); q35: PCI, placed by libvirt
    addr = "<address type='virtio-mmio'/>" if arch == "riscv64" else ""
    # PCI: an MSI-X vector for the configuration and each of the 10 queues
    # (2 control, 2 per port), else Kast falls back to INTx with a warning
    vectors = "" if arch == "riscv64" else " vectors='11'"
    xml += ("<controller type='virtio-serial' index='0' ports='4'%s>%s</controller>"
            % (vectors, addr))
    # a null chardev never opens its host side: the guest's reads of
    # kast.stdin end at once (a missing port would leave stdin on the
    # serial port, where a read waits for good)
    chans = [("null", None, qemu.STDIO_PORTS[0]),
             ("file", OUTPUT_LOG, qemu.STDIO_PORTS[1]),
             ("file", STDERR_LOG, qemu.STDIO_PORTS[2])]
    for nr, (kind, log, port) in enumerate(chans, 1):
        src = "<source path=%s append='on'/>" % quoteattr(os.path.join(d, log)) if log else ""
        xml += ("<channel type='%s'>%s<target type='virtio' name='%s'/>"
                "<address type='virtio-serial' controller='0' bus='0' port='%d'/></channel>"
                % (kind, src, port, nr))
    return xml


def cmdline(args, append=None):
    """Kast's command line: parameters, "--", the program's arguments."""
    return ((append or "") + " -- " + " ".join(shlex.quote(a) for a in args)).strip() \
        if args or append else ""


def kernel_params(ports):
    """Kast's parameters for an image with stream ports (@ports: its
    .kast.stdio words): stderr through stdout's port, so that the two
    keep their order in output.log, and the boot banner, so that the
    kernel log shows the boot even when nothing goes wrong."""
    if not ports:
        return None
    params = []
    if "devfs.stderr_is_stdout" in ports:
        params.append("devfs.stderr_is_stdout=1")
    # devfs's parameters mean the image has parameter support (uklibparam)
    if "devfs.tty" in ports:
        params.append("ukboot.banner=1")
    return " ".join(params) or None


def domain_xml(name, arch, d, image, initrd=None, args=(), mem=64, accel="tcg",
               meta=None, ports=None):
    """The libvirt domain of a Kast VM (see the module's docstring).
    @ports: the image's .kast.stdio words (streams.image_ports()), None
    when it has no stream ports."""
    meta = meta or {}
    m = "".join("<kast:%s>%s</kast:%s>" % (k, escape(str(v)), k) for k, v in meta.items())
    os_xml = "<type arch='%s' machine='%s'>hvm</type>" % (arch, MACHINE[arch])
    if arch == "riscv64" and os.path.exists(qemu.OPENSBI_FW):
        os_xml += "<loader type='rom'>%s</loader>" % escape(qemu.OPENSBI_FW)
    os_xml += "<kernel>%s</kernel>" % escape(image)
    if initrd:
        os_xml += "<initrd>%s</initrd>" % escape(initrd)
    line = cmdline(args, kernel_params(ports))
    if line:
        os_xml += "<cmdline>%s</cmdline>" % escape(line)
    qargs = []
    if arch == "x86_64":
        qargs += ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    elif ports is not None:
        # Kast drives modern virtio-mmio only (QEMU 7.2's default is legacy)
        qargs += ["-global", "virtio-mmio.force-legacy=false"]
    qcmd = "".join("<qemu:arg value=%s/>" % quoteattr(a) for a in qargs)
    qcmd += "<qemu:env name='KAST_EXIT_FILE' value=%s/>" % quoteattr(
        os.path.join(d, "exit-status"))
    # as kast-qemu: x86_64 under TCG gets every feature QEMU can emulate
    # (-cpu max); riscv64 keeps virt's default CPU
    cpu = "" if arch != "x86_64" else "<cpu mode='maximum' check='none'/>" \
        if accel == "tcg" else "<cpu mode='host-passthrough'/>"
    return """<domain type='%(type)s' xmlns:qemu='%(qns)s'>
  <name>%(name)s</name>
  <metadata><kast:vm xmlns:kast='%(ns)s'>%(meta)s</kast:vm></metadata>
  <memory unit='MiB'>%(mem)d</memory>
  <vcpu>1</vcpu>
  <os>%(os)s</os>
  %(cpu)s
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>%(emu)s</emulator>
    %(consoles)s
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
  <qemu:commandline>%(qcmd)s</qemu:commandline>
</domain>
""" % {"type": "kvm" if accel == "kvm" else "qemu", "qns": QEMU_NS, "name": escape(name),
       "ns": NS, "meta": m, "mem": mem, "os": os_xml, "cpu": cpu,
       "emu": escape(os.path.join(SCRIPTS, "kast-" + qemu.BINARY[arch])),
       "consoles": console_devices(d, arch, ports is not None), "qcmd": qcmd}


def metadata(dom):
    """The Kast fields of a domain's <metadata> ({} for other domains)."""
    root = ET.fromstring(dom.XMLDesc(0))
    vm = root.find("metadata/{%s}vm" % NS)
    if vm is None:
        return {}
    return {child.tag.split("}")[1]: child.text or "" for child in vm}


# ---------------------------------------------------------------------------
# Operations (the CLI and the HTTP API share them)
# ---------------------------------------------------------------------------
STATES = {0: "no state", 1: "running", 2: "blocked", 3: "paused", 4: "shutdown",
          5: "shut off", 6: "crashed", 7: "suspended"}
# libvirt's reasons for "shut off" (VIR_DOMAIN_SHUTOFF_*); 3 "crashed" is
# QEMU ending by itself: a Kast program's exit through the exit device
SHUTOFF_REASONS = {2: "stopped", 3: "exited", 5: "saved", 6: "failed"}


def qemu_user():
    """The user libvirt runs QEMU as (qemu.conf's user; Debian:
    libvirt-qemu): the VM's folder must be writable by it."""
    user = "libvirt-qemu"
    try:
        with open("/etc/libvirt/qemu.conf") as f:
            for line in f:
                s = line.strip()
                if s.startswith("user") and "=" in s:
                    user = s.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return user


def prepare_dir(name):
    d = vm_dir(name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    if os.getuid() == 0:
        import pwd
        try:
            pw = pwd.getpwnam(qemu_user()) if not qemu_user().startswith("+") else None
        except KeyError:
            pw = None
        if pw:
            os.chown(d, pw.pw_uid, pw.pw_gid)
    return d


def lookup(conn, name):
    lv = libvirt()
    try:
        return conn.lookupByName(name)
    except lv.libvirtError:
        raise VirtError("no VM named '%s'" % name)


def start(conn, name, image, initrd_folder=None, args=(), mem=64, accel=None, meta=None):
    """Define and boot VM @name on a copy of @image (and the initrd folder,
    packed); returns the domain."""
    lv = libvirt()
    valid_name(name)
    try:
        old = conn.lookupByName(name)
    except lv.libvirtError:
        old = None
    if old is not None:
        raise VirtError("a VM named '%s' exists (kast rm %s)" % (name, name))
    arch = elf.image_arch(image, strict=True)
    accel = accel or qemu.choose_accel(arch)
    if not deps.ensure("run", arch):
        raise VirtError("cannot boot a %s image without its QEMU" % arch)
    d = prepare_dir(name)
    img = os.path.join(d, "image")
    shutil.copy(image, img)
    initrd = None
    if initrd_folder:
        initrd = os.path.join(d, "initrd.cpio")
        with open(initrd, "wb") as f:
            f.write(cpio.pack_folder(initrd_folder))
    ports = streams.image_ports(img)
    meta = dict(meta or {}, arch=arch, dir=d)
    if ports is not None:
        meta["stdio"] = "ports"
    xml = domain_xml(name, arch, d, img, initrd, args, mem, accel, meta, ports)
    with open(os.path.join(d, "domain.xml"), "w") as f:
        f.write(xml)
    with open(os.path.join(d, "started"), "w") as f:
        f.write("%f\n" % time.time())
    try:
        dom = conn.defineXML(xml)
        dom.create()
    except lv.libvirtError as e:
        try:
            conn.lookupByName(name).undefine()
        except lv.libvirtError:
            pass
        raise VirtError("libvirt: %s" % e.get_error_message())
    return dom


def exit_status(meta):
    """The program's exit status once its VM ended (None while it runs or
    when unknown)."""
    d = meta.get("dir")
    if not d:
        return None
    try:
        with open(os.path.join(d, "exit-status")) as f:
            rc = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return qemu.map_status(meta.get("arch", "x86_64"), rc)


def qemu_cpu_seconds(meta):
    """CPU time of the VM's QEMU from /proc (libvirt's own figure counts
    the emulator wrapper, whose child QEMU is)."""
    d = meta.get("dir")
    try:
        with open(os.path.join(d, "exit-status.pid")) as f:
            pid = int(f.read())
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, TypeError):
        return None


def info(dom):
    """A VM as a dict: name, state, memory_mib, cpu_time_s, uptime_s,
    image, arch, exit_status."""
    meta = metadata(dom)
    st, maxmem, mem, _, cpu_ns = dom.info()
    state = STATES.get(st, str(st))
    active = dom.isActive()
    reason = dom.state()[1]
    if st == 5 and reason in SHUTOFF_REASONS:
        state = SHUTOFF_REASONS[reason]
    cpu = cpu_ns / 1e9
    q = qemu_cpu_seconds(meta) if active else None
    if q is not None and q > cpu:
        cpu = q
    uptime = None
    if active and meta.get("dir"):
        try:
            with open(os.path.join(meta["dir"], "started")) as f:
                uptime = max(0.0, time.time() - float(f.read()))
        except (OSError, ValueError):
            pass
    # QEMU's status is the program's only when QEMU ended by itself
    # (libvirt: "crashed"); not after stop (destroyed) or save
    status = exit_status(meta) if not active and reason == 3 else None
    return {"name": dom.name(), "state": state, "memory_mib": (mem or maxmem) // 1024,
            "cpu_time_s": round(cpu, 3), "uptime_s": None if uptime is None else round(uptime, 1),
            "image": meta.get("image", ""), "sha256": meta.get("sha256", ""),
            "arch": meta.get("arch", ""), "exit_status": status, "kast": bool(meta)}


def list_vms(conn, all_domains=False):
    out = []
    for dom in conn.listAllDomains(0):
        i = info(dom)
        if i["kast"] or all_domains:
            out.append(i)
    return sorted(out, key=lambda i: i["name"])


def console_path(dom):
    """The serial console's log: Kast's kernel log (and the program's
    output too when the image has no stream ports)."""
    d = metadata(dom).get("dir")
    if not d:
        raise VirtError("'%s' is not a Kast VM" % dom.name())
    return os.path.join(d, KERNEL_LOG)


def has_ports(meta):
    """Does the VM's program write to its own ports (not the console)?"""
    return meta.get("stdio") == "ports"


def log_paths(dom, kernel=False):
    """(the files to show, raw) for `kast logs` (@kernel: --kernel): the
    program's output files, whose bytes are the program's (raw), or the
    serial console log (a console: "\r\n", OpenSBI's banner)."""
    meta = metadata(dom)
    d = meta.get("dir")
    if not d:
        raise VirtError("'%s' is not a Kast VM" % dom.name())
    if has_ports(meta) and not kernel:
        return [os.path.join(d, OUTPUT_LOG), os.path.join(d, STDERR_LOG)], True
    return [os.path.join(d, KERNEL_LOG)], False


def read_console(path, offset=0, limit=None):
    """(bytes from @offset of the console log, new offset)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read(limit if limit else -1)
    except FileNotFoundError:
        return b"", offset
    return data, offset + len(data)


def pause(dom):
    dom.suspend()


def resume(dom):
    dom.resume()


def stop(dom):
    if dom.isActive():
        dom.destroy()


def remove(dom):
    meta = metadata(dom)
    stop(dom)
    dom.undefine()
    if meta.get("dir") and os.path.isdir(meta["dir"]):
        shutil.rmtree(meta["dir"], ignore_errors=True)


def save(dom, path):
    dom.save(os.path.abspath(path))


def restore(conn, path):
    """Boot a saved VM again; its previous exit status is gone."""
    path = os.path.abspath(path)
    root = ET.fromstring(conn.saveImageGetXMLDesc(path, 0))
    vm = root.find("metadata/{%s}vm" % NS)
    d = vm.findtext("{%s}dir" % NS) if vm is not None else None
    if d:
        for f in ("exit-status", "exit-status.pid"):
            try:
                os.unlink(os.path.join(d, f))
            except OSError:
                pass
    conn.restore(path)


# ---------------------------------------------------------------------------
# The CLI
# ---------------------------------------------------------------------------
def fmt_uptime(s):
    if s is None:
        return "-"
    s = int(s)
    return "%dh%02dm" % (s // 3600, s % 3600 // 60) if s >= 3600 else \
        "%dm%02ds" % (s // 60, s % 60) if s >= 60 else "%ds" % s


def cmd_start(conn_uri, rest):
    from . import cli
    o, args = cli.parse_run(rest, "start")
    if len(o["files"]) < 2:
        cli.die("usage: kast start NAME FILE.c|FILE.lua|IMAGE [-- ARGS]")
    name, files = o["files"][0], o["files"][1:]
    valid_name(name)
    meta = {"image": " ".join(os.path.basename(f) for f in files)}
    initrd = None
    mem = o["mem"] or 64
    import tempfile
    tmp = tempfile.mkdtemp(prefix="kast-start-")
    try:
        if len(files) == 1 and not files[0].endswith((".c", ".lua")):
            img = files[0]
            if not os.path.isfile(img):
                cli.die("%s: no such file" % img)
        else:
            o["files"] = files
            img, script, kind, imginfo, _ = cli.prepare(o)
            meta["sha256"] = imginfo["sha256"]
            if kind == "lua":
                initrd, guest = cli.lua_initrd(script, tmp)
                args = [guest] + args
                mem = o["mem"] or 256
        conn = open_conn(conn_uri)
        start(conn, name, img, initrd, args, mem, meta=meta)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(name)
    return 0


class RawOut:
    """The program's own bytes: written as they are."""

    def __init__(self, out):
        self.out = out

    def feed(self, data):
        self.out.write(data)
        self.out.flush()

    def finish(self):
        pass


def show_logs(conn, name, paths, raw, strip_banner, follow=False):
    """Write @paths (log_paths()) to stdout; with @follow, then what they
    gain until the VM ends. Each file has its own filter: stdout's and
    stderr's bytes are never mixed inside a line's worth of a read."""
    out = sys.stdout.buffer
    filts = [RawOut(out) if raw else ConsoleFilter(out, strip_banner) for _ in paths]
    offsets = [0] * len(paths)

    def drain():
        got = False
        for i, path in enumerate(paths):
            data, offsets[i] = read_console(path, offsets[i])
            if data:
                filts[i].feed(data)
                got = True
        return got

    while True:
        if drain():
            continue
        if not follow:
            break
        try:
            active = conn.lookupByName(name).isActive()
        except Exception:
            active = False
        if not active:
            if not drain():
                break
            continue
        time.sleep(0.2)
    for f in filts:
        f.finish()


def main(cmd, argv):
    p = argparse.ArgumentParser(prog="kast " + cmd)
    p.add_argument("--connect", "-c", metavar="URI", default=None)
    if cmd == "start":
        # kast run's options; parsed by cli.parse_run
        conn_uri = None
        rest = list(argv)
        for i, a in enumerate(rest):
            if a == "--":
                break
            if a in ("--connect", "-c") and i + 1 < len(rest):
                conn_uri = rest[i + 1]
                del rest[i:i + 2]
                break
            if a.startswith("--connect="):
                conn_uri = a.split("=", 1)[1]
                del rest[i]
                break
        try:
            return cmd_start(conn_uri, rest)
        except (VirtError, elf.ElfError) as e:
            print("kast start: %s" % e, file=sys.stderr)
            return 1
    if cmd == "logs":
        p.add_argument("-f", "--follow", action="store_true")
        p.add_argument("--kernel", action="store_true",
                       help="Kast's own log (the serial console) instead of the program's output")
    if cmd == "ps":
        p.add_argument("-a", "--all", action="store_true", help="also non-Kast domains")
    if cmd == "restore":
        p.add_argument("file")
    else:
        if cmd != "ps":
            p.add_argument("name")
        if cmd == "save":
            p.add_argument("file")
    a = p.parse_args(argv)
    lv = libvirt()
    try:
        conn = open_conn(a.connect)
        if cmd == "ps":
            vms = list_vms(conn, a.all)
            row = "%-20s %-10s %8s %8s %-8s %s"
            print(row % ("NAME", "STATE", "MEMORY", "UPTIME", "ARCH", "IMAGE"))
            for v in vms:
                state = v["state"]
                if v["exit_status"] is not None:
                    state = "exited(%d)" % v["exit_status"]
                print(row % (v["name"], state, "%dM" % v["memory_mib"],
                             fmt_uptime(v["uptime_s"]), v["arch"], v["image"]))
            return 0
        if cmd == "restore":
            restore(conn, a.file)
            return 0
        dom = lookup(conn, a.name)
        if cmd == "info":
            v = info(dom)
            for k in ("name", "state", "exit_status", "memory_mib", "cpu_time_s", "uptime_s",
                      "arch", "image", "sha256"):
                if v[k] is not None and v[k] != "":
                    print("%-12s %s" % (k + ":", v[k]))
            return 0
        if cmd == "logs":
            meta = metadata(dom)
            if a.kernel and not has_ports(meta):
                print("kast logs: this image has no program stream ports: Kast's messages "
                      "and the program's output are mixed in its one console log",
                      file=sys.stderr)
            paths, raw = log_paths(dom, a.kernel)
            # OpenSBI's banner is dropped only from the program's output
            strip = meta.get("arch") == "riscv64" and not a.kernel
            show_logs(conn, a.name, paths, raw, strip, a.follow)
            return 0
        {"pause": pause, "resume": resume, "stop": stop, "rm": remove}.get(
            cmd, lambda d: save(d, a.file))(dom)
        return 0
    except VirtError as e:
        print("kast %s: %s" % (cmd, e), file=sys.stderr)
        return 1
    except lv.libvirtError as e:
        print("kast %s: libvirt: %s" % (cmd, e.get_error_message()), file=sys.stderr)
        return 1
