# SPDX-License-Identifier: BSD-3-Clause
"""kast-prof: where a guest spends its time, by sampling its program counter.

Usage:
  kast-prof [options] -- KAST-QEMU-ARGUMENTS...
      boot an image with kast-qemu (its own options and arguments, as
      given), with QEMU's gdb stub on a free local port and the kernel
      parameter ukboot.aslr=0, and sample it until QEMU exits
  kast-prof [options] --attach PORT --image IMAGE
      sample a QEMU already started with `-gdb tcp:127.0.0.1:PORT`
      (boot that guest with ukboot.aslr=0, or give --slide)

Each sample stops the virtual CPU through the gdb remote protocol (QEMU's
gdb stub), reads the program counter and lets the CPU go on. While it is
stopped QEMU's virtual clock stops too, so the guest's timers do not see
the pause; the samples land at translation-block boundaries under TCG,
which is fine at function granularity. The program counters are named
from the image itself: its full symbol table when it has one (an image
linked with -g), else the crash reports' table in .ksyms, which every Kast
image carries.

Options:
  --hz N          samples per second of host time (default 500)
  --delay S       start sampling S seconds after the guest starts
  --seconds S     stop sampling after S seconds (then a guest kast-prof
                  booted is stopped; an attached one runs on)
  --runs N        boot N times and add up the samples (run mode; for
                  short phases such as a cold start)
  --top N         print the N hottest functions (default 30)
  --slide HEX     the image's KASLR slide (attach mode; default 0)
  --out FILE      also write every sample's function, one per line
"""
import argparse
import bisect
import collections
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

from . import elf, ksyms

KAST_QEMU = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         "scripts", "kast-qemu")
# where the program counter is in the reply to gdb's `g` packet (all
# registers, 8 bytes each before it: rax..r15 on x86_64, x0..x31 on
# riscv64); QEMU answers `p` (one register) only after the debugger has
# read its XML target description
PC_OFFSET = {"x86_64": 16 * 8, "riscv64": 32 * 8}


class GdbError(Exception):
    pass


class Gdb:
    """The few packets of the gdb remote serial protocol a sampler needs."""

    def __init__(self, port, timeout=30.0):
        """@port: a TCP port of 127.0.0.1, or the path of a Unix socket
        (QEMU's `-gdb unix:PATH,server=on,wait=off`)."""
        unix = isinstance(port, str)
        where = port if unix else "127.0.0.1:%d" % port
        deadline = time.monotonic() + timeout
        while True:
            try:
                if unix:
                    self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.s.settimeout(5)
                    self.s.connect(port)
                else:
                    self.s = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise GdbError("no gdb stub on %s" % where)
                time.sleep(0.05)
        self.s.settimeout(10)
        # small packets both ways: without this, a "+" then a command waits
        # for the peer's delayed ACK (40 ms a sample)
        if not unix:
            self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.acks = True
        # QEMU stops the VM when a debugger connects; ask for no acks
        if self.command("QStartNoAckMode") == "OK":
            self.acks = False

    def _read_packet(self):
        while True:
            i = self.buf.find(b"$")
            if i >= 0:
                j = self.buf.find(b"#", i)
                if j >= 0 and len(self.buf) >= j + 3:
                    body = self.buf[i + 1:j]
                    cs = int(self.buf[j + 1:j + 3], 16)
                    self.buf = self.buf[j + 3:]
                    if sum(body) & 0xff != cs:
                        raise GdbError("bad checksum from the gdb stub")
                    if self.acks:
                        self.s.sendall(b"+")
                    return body.decode("latin-1")
            d = self.s.recv(4096)
            if not d:
                raise EOFError()
            self.buf += d

    def send(self, body):
        b = body.encode()
        self.s.sendall(b"$" + b + b"#%02x" % (sum(b) & 0xff))

    def command(self, body):
        self.send(body)
        return self._read_packet()

    def interrupt(self):
        """Stop the CPU; wait for the stop reply."""
        self.s.sendall(b"\x03")
        while True:
            r = self._read_packet()
            if r[:1] in ("T", "S"):
                return r
            if r[:1] in ("W", "X"):
                raise EOFError()

    def pc(self, arch):
        r = self.command("g")
        o = 2 * PC_OFFSET[arch]
        if len(r) < o + 16 or r.startswith("E"):
            raise GdbError("cannot read the program counter: %r" % r[:40])
        return int.from_bytes(bytes.fromhex(r[o:o + 16]), "little")

    def cont(self):
        self.send("c")

    def regs(self):
        """The general registers of the `g` reply, 8 bytes each (x86_64:
        rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8..r15, rip; riscv64:
        x0..x31, pc)."""
        r = self.command("g")
        if r.startswith("E") or len(r) < 2 * 8 * 17:
            raise GdbError("cannot read the registers: %r" % r[:40])
        b = bytes.fromhex(r)
        return [int.from_bytes(b[i:i + 8], "little") for i in range(0, len(b) - 7, 8)]

    def mem(self, addr, n):
        r = self.command("m%x,%x" % (addr, n))
        if r.startswith("E") or len(r) != 2 * n:
            raise GdbError("cannot read %d bytes at 0x%x" % (n, addr))
        return bytes.fromhex(r)


def symbols(image):
    """Sorted [(address, name)] of an image's functions."""
    secs = elf.sections(image)
    if ".symtab" in secs:
        out = subprocess.run(["nm", "-n", "--defined-only", image], capture_output=True,
                             text=True, check=True).stdout
        syms = []
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "tTwW":
                syms.append((int(p[0], 16), p[2]))
        return sorted(syms)
    data = elf.section_data(image, ".ksyms")
    if data is None:
        raise GdbError("%s has neither a symbol table nor .ksyms" % image)
    return ksyms_table(data)


def ksyms_table(data):
    """The crash reports' table (support/kast/ksyms.py's layout)."""
    try:
        return ksyms.decode(data)
    except (ValueError, IndexError) as e:
        raise GdbError(".ksyms cannot be read: %s" % e)


class Namer:
    def __init__(self, syms, slide=0):
        self.addrs = [a for a, _ in syms]
        self.names = [n for _, n in syms]
        self.slide = slide

    def __call__(self, pc):
        i = bisect.bisect_right(self.addrs, pc - self.slide) - 1
        # below the image: firmware (OpenSBI on riscv64)
        return self.names[i] if i >= 0 else "[below the image]"


def sample(gdb, arch, hz, seconds, stop):
    """Program counters, sampled until @seconds pass, @stop is set or the
    VM goes away."""
    pcs = []
    period = 1.0 / hz
    end = time.monotonic() + seconds if seconds else None
    try:
        gdb.cont()
        while not stop.is_set() and (end is None or time.monotonic() < end):
            time.sleep(period)
            gdb.interrupt()
            pcs.append(gdb.pc(arch))
            gdb.cont()
    except (EOFError, OSError):
        pass
    return pcs


def report(pcs, namer, top, out=None, file=sys.stdout):
    names = [namer(pc) for pc in pcs]
    if out:
        with open(out, "w") as f:
            f.write("\n".join(names) + "\n")
    total = len(names)
    print("kast-prof: %d samples" % total, file=file)
    if not total:
        return
    for name, n in collections.Counter(names).most_common(top):
        print("%6.2f%% %7d  %s" % (100.0 * n / total, n, name), file=file)


# the frame pointer's register in Gdb.regs() (rbp; s0), and where a frame
# keeps the caller's frame pointer and return address, from the frame
# pointer (the kernel's -fno-omit-frame-pointer frames, as the crash
# reports walk them)
FRAME = {"x86_64": (6, 0, 8), "riscv64": (8, -16, -8)}


def find_slide(gdb, image, pc):
    """The image's KASLR slide, from the code at @pc matched in its .text
    (a 4 KiB multiple found at one place only), or None."""
    text, base = elf.section_data(image, ".text"), elf.section_addr(image, ".text")
    if not text or base is None:
        return None
    code = gdb.mem(pc, 32)
    slides, i = set(), text.find(code)
    while i >= 0:
        slide = pc - (base + i)
        if slide % 4096 == 0:
            slides.add(slide)
        i = text.find(code, i + 1)
    return slides.pop() if len(slides) == 1 else None


def snapshot(port, image, seconds=2.0, hz=100.0, depth=24):
    """Where a running guest (QEMU's gdb stub on @port, a TCP port or a
    Unix socket's path; kernel @image) is:
    its hottest functions over @seconds and the frames of its last
    sample, as text; the guest runs on afterwards. For a test that finds
    a guest stuck, before the VM is killed."""
    arch = elf.image_arch(image)
    gdb = Gdb(port, timeout=5)
    try:
        pcs = sample(gdb, arch, hz, seconds, threading.Event())
        gdb.interrupt()
        regs = gdb.regs()
        pc = regs[16] if arch == "x86_64" else regs[32]
        slide = find_slide(gdb, image, pc)
        namer = Namer(symbols(image), slide or 0)
        lines = ["kast-prof snapshot: slide %s, %d samples in %.1f s"
                 % ("unknown" if slide is None else "0x%x" % slide, len(pcs), seconds)]
        for name, n in collections.Counter(namer(p) for p in pcs).most_common(10):
            lines.append("%6.2f%% %5d  %s" % (100.0 * n / len(pcs), n, name))
        reg, prev_off, ra_off = FRAME[arch]
        lines.append("frames: #0 0x%x %s" % (pc, namer(pc)))
        if arch == "riscv64":
            # a leaf function keeps its return address in ra alone
            lines.append("        ra 0x%x %s" % (regs[1], namer(regs[1] - 1)))
        fp = regs[reg]
        for k in range(1, depth):
            try:
                ra = int.from_bytes(gdb.mem(fp + ra_off, 8), "little")
                nxt = int.from_bytes(gdb.mem(fp + prev_off, 8), "little")
            except GdbError:
                break
            if not ra:
                break
            lines.append("        #%d 0x%x %s" % (k, ra, namer(ra - 1)))
            if nxt <= fp:
                break
            fp = nxt
        gdb.cont()
        return "\n".join(lines)
    finally:
        gdb.s.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse(argv):
    p = argparse.ArgumentParser(prog="kast-prof", usage=__doc__.split("\n\n")[1],
                                description=__doc__.split("\n")[0])
    p.add_argument("--hz", type=float, default=500.0)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--seconds", type=float, default=0.0)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--slide", default="0")
    p.add_argument("--out")
    p.add_argument("--attach", type=int, metavar="PORT")
    p.add_argument("--image")
    p.add_argument("--arch", choices=sorted(PC_OFFSET))
    p.add_argument("qemu_args", nargs=argparse.REMAINDER)
    a = p.parse_args(argv)
    if a.qemu_args and a.qemu_args[0] == "--":
        a.qemu_args = a.qemu_args[1:]
    if a.hz <= 0 or a.hz > 10000:
        p.error("--hz must be in (0, 10000]")
    try:
        a.slide = int(a.slide, 16)
    except ValueError:
        p.error("--slide: a hexadecimal number")
    if a.attach is None and not a.qemu_args:
        p.error("give kast-qemu's arguments after --, or --attach PORT --image IMAGE")
    if a.runs < 1 or (a.runs > 1 and a.attach is not None):
        p.error("--runs: a positive count, in run mode only")
    if a.attach is not None and not a.image:
        p.error("--attach needs --image")
    return a


def with_gdb(qemu_args, port):
    """kast-qemu's arguments with the gdb stub and ukboot.aslr=0 added."""
    from . import kast_qemu
    q = kast_qemu.parse_args(list(qemu_args))
    extra = ["--qemu-arg=-gdb", "--qemu-arg=tcp:127.0.0.1:%d" % port]
    # merged with the caller's own --append, which must go (argparse keeps
    # the last one given)
    appended = ("ukboot.aslr=0 " + q.append) if q.append else "ukboot.aslr=0"
    return extra + ["--append", appended] + strip_append(qemu_args), q.image


def one(a, stop):
    """One sampled guest: (samples, namer, exit status)."""
    proc, done = None, False
    try:
        if a.attach is not None:
            image, port = a.image, a.attach
        else:
            port = free_port()
            args, image = with_gdb(a.qemu_args, port)
            cmd = [KAST_QEMU] + args
            print("kast-prof: %s" % " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
            # a group of its own, so that QEMU goes too if this fails
            proc = subprocess.Popen(cmd, start_new_session=True)
        arch = a.arch or elf.image_arch(image)
        namer = Namer(symbols(image), a.slide)
        gdb = Gdb(port)
        if a.delay:
            gdb.cont()
            time.sleep(a.delay)
            gdb.interrupt()
        pcs = sample(gdb, arch, a.hz, a.seconds, stop)
        try:
            gdb.s.close()       # QEMU lets the VM run on when gdb leaves
        except OSError:
            pass
        if proc and a.seconds:
            # the window is over: a guest we booted goes (a server would
            # run on for ever)
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            status = 0
        else:
            status = proc.wait() if proc else 0
        done = True
        return pcs, namer, status
    finally:
        if proc and not done and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def main(argv=None):
    a = parse(sys.argv[1:] if argv is None else argv)
    stop = threading.Event()
    pcs, status = [], 0
    try:
        for _ in range(a.runs):
            p, namer, status = one(a, stop)
            pcs += p
    except (GdbError, elf.ElfError) as e:
        print("kast-prof: %s" % e, file=sys.stderr)
        return 2
    report(pcs, namer, a.top, a.out, file=sys.stderr)
    return status


def strip_append(args):
    """@args without their --append options (those before a "--": the
    program's own arguments stay as they are)."""
    out, skip, rest = [], False, False
    for x in args:
        if rest or x == "--":
            rest = True
        elif skip:
            skip = False
            continue
        elif x == "--append":
            skip = True
            continue
        elif x.startswith("--append="):
            continue
        out.append(x)
    return out


if __name__ == "__main__":
    sys.exit(main())
