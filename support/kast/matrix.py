# SPDX-License-Identifier: BSD-3-Clause
"""What runtests builds and boots on each architecture, as data.

An Image is built once per architecture in <build>/<arch>-<key>, from its
app's defconfig plus the extra Kconfig lines. A Boot runs one image with
kast-qemu and checks the exit status and the output; a Boot with a `check`
runs a named special check (checks.CHECKS) instead.

`needs` names what an image or boot requires of the architecture (see
runtests.features()): "threads" (a context switch: arch/<arch>/ctx.S),
"posix" (threads and apps/posixtest), "kvm" (a usable /dev/kvm, x86_64),
or an architecture name. In patterns, "{arch}" is the architecture.
"""
from dataclasses import dataclass

from .checks import WALL_CLOCK_SLACK
from .qemu import (EXIT_ABORT, EXIT_BOOTERR, EXIT_CRASH, EXIT_PANIC, EXIT_SIGFPE,
                   EXIT_SIGILL)

PREEMPT = "CONFIG_LIBUKSCHED_DEFAULT_PREEMPT=y"
SUITE_TIMEOUT_S = 300
# icount runs execute more slowly than real-time ones (~2.5x measured)
ICOUNT_TIMEOUT_S = 600


@dataclass(frozen=True)
class Image:
    key: str                # build folder <arch>-<key>; boots name it
    app: str
    extra: tuple = ()       # Kconfig lines on top of the app's defconfig
    needs: tuple = ()


@dataclass(frozen=True)
class Boot:
    name: str
    image: str
    rc: int = 0             # expected exit status
    want: tuple = ()        # regexes the output must match (multiline)
    absent: tuple = ()      # regexes it must not match
    args: tuple = ()        # main()'s arguments
    append: str = None      # kernel parameters
    stdin: bytes = None     # piped to the console (else /dev/null)
    machine: str = None
    accel: str = None
    timeout: int = 120
    initrd: str = None      # a name in INITRDS
    counts: bool = False    # an in-guest suite: its uktest cases count
    icount: bool = False    # guest clock from executed instructions
    qemu: tuple = ()        # further QEMU arguments, as they are
    needs: tuple = ()
    check: str = None       # a special check (checks.CHECKS) instead
    net: str = None         # kast-qemu --net (user: a virtio-net NIC on user networking)
    rng: bool = False       # kast-qemu --rng: a virtio-rng device


@dataclass(frozen=True)
class NetTest:
    """A host-driven network test (kast/nettest.py): tests/net/<program>.c
    built with kast-cc, booted with kast-run on user networking, the
    other side played by nettest's function <client>."""
    name: str
    program: str
    client: str             # tcp_echo, udp_echo, epoll, send_exit (guest servers), http_get
    clients: int = 1        # connections or datagrams
    size: int = 0           # bytes per connection (epoll: rounds of requests)
    timeout: int = 240      # the VM's (kast-run --timeout)
    needs: tuple = ()       # "netns": root, tap devices, network namespaces
    append: str = ""        # more kernel parameters (guest servers)


@dataclass(frozen=True)
class StorageTest:
    """A host-driven storage test (kast/storagetest.py): tests/storage/
    <program>.c built with kast-cc, booted with kast-run --disk on image
    files the runner <kind> writes and checks afterwards."""
    name: str
    program: str
    kind: str               # rawdisk, missing_disk
    needs: tuple = ()


@dataclass(frozen=True)
class IoTest:
    """A host-driven test of a program's streams (kast/iotest.py):
    tests/io/iotest.c built with kast-cc, run with kast-run; @check names
    the function in iotest.TESTS."""
    name: str
    check: str
    needs: tuple = ()


# Initrds boots may use: name -> the script that writes it (its argument:
# the output file).
INITRDS = {
    # what lib/ukcpio's in-guest tests expect
    "ukcpio-test": "lib/ukcpio/tests/make_test_initrd.py",
}

IMAGES = [
    Image("helloworld", "helloworld"),
    Image("helloworld-region", "helloworld", ("CONFIG_LIBUKALLOC_DEFAULT_REGION=y",)),
    Image("selftest", "selftest"),
    Image("crashtest", "crashtest"),
    Image("selftest-preempt", "selftest", (PREEMPT,), needs=("threads",)),
    Image("crashtest-sched", "crashtest", ("CONFIG_LIBUKSCHED=y",), needs=("threads",)),
    # POSIX over musl (apps/posixtest) under both schedulers
    Image("posixtest", "posixtest", needs=("posix",)),
    Image("posixtest-preempt", "posixtest", (PREEMPT,), needs=("posix",)),
]

HELLO = r"^Hello, world!"
# icount runs also hold the in-guest tests to exact latency bounds
# (uk_test_latency() in lib/uktest)
STRICT_TIME = "uktest.strict_time=1"
STDIN_LINE_COUNT = 60
STDIN_LINES = b"".join(b"line %02d abcdefghijklmnopqrstuvwxyz\n" % i
                       for i in range(STDIN_LINE_COUNT)) + b"quit\n"
STDIN_LINES_WANT = tuple(r"^line: line %02d abcdefghijklmnopqrstuvwxyz\r?$" % i
                         for i in range(STDIN_LINE_COUNT))
ARP_TEST = "virtio-net.test_mac=52:54:00:12:34:56 uktest.filter=virtio_net"
ARP_OK = (r"^\[ ok \] virtio_net\.arp_round_trip_with_user_net",)
RNG_OK = (r"^\[ ok \] virtio_rng\.seeds_the_generator", r"virtio_rng: \d+ bytes from the device")
RNG_SKIPPED = r"virtio_rng test: .*skipped"
WEAK = r"random: only weak entropy"

BOOTS = [
    Boot("helloworld boots and exits 0", "helloworld", want=(r"^Hello, world!\r?$",)),
    Boot("helloworld receives its arguments", "helloworld",
         want=(HELLO, r"^argv\[1\]: one\r?$", r"^argv\[2\]: two words\r?$"),
         args=("one", "two words")),
    Boot("kernel parameters before -- reach libraries, not main", "helloworld",
         want=(r"^Kast \({arch}\) booting helloworld", r"^argv\[1\]: x\r?$"),
         append="ukboot.banner=1", args=("x",), absent=(r"argv\[2\]",)),
    Boot("unknown kernel parameter is a boot error", "helloworld", EXIT_BOOTERR,
         want=(r"nosuch\.param", r"boot failed"), append="nosuch.param=1", absent=(HELLO,)),
    Boot("malformed kernel parameter is a boot error", "helloworld", EXIT_BOOTERR,
         want=(r"boot failed",), append="noequals", absent=(HELLO,)),
    Boot("unterminated quote on the command line is a boot error", "helloworld",
         EXIT_BOOTERR, want=(r"unterminated quote",), append='-- "open'),
    Boot("helloworld with the region allocator", "helloworld-region", want=(HELLO,)),
    Boot("in-guest selftest", "selftest", counts=True, timeout=SUITE_TIMEOUT_S),
    Boot("crash: null dereference", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"null pointer dereference", r"Backtrace", r"null_deref"),
         args=("null",)),
    Boot("crash: write to text", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"write to read-only memory", r"write_text"), args=("write-text",)),
    Boot("crash: execute from the stack", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"no-execute", r"exec_stack"), args=("exec-stack",)),
    Boot("crash: execute from data", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"no-execute"), args=("exec-data",)),
    Boot("crash: explicit panic", "crashtest", EXIT_PANIC,
         want=(r"PANIC", r"explicit panic requested", r"Backtrace", r"main"), args=("panic",)),
    Boot("crash: failed assertion", "crashtest", EXIT_PANIC,
         want=(r"PANIC", r"Assertion failed: argc == 1000"), args=("assert",)),
    Boot("crash: stack overflow hits the guard page", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"stack overflow"), args=("stack-overflow",)),
    Boot("crash: an overflow of the trap stack hits its guard page", "crashtest", EXIT_CRASH,
         want=(r"CRASH", r"stack overflow in the exception stack"),
         args=("exception-stack-overflow",), needs=("riscv64",)),
    Boot("crash: stack smashing is detected", "crashtest", EXIT_ABORT,
         want=(r"stack smashing detected",), args=("stack-smash",)),
    Boot("exit status of main is the VM's", "crashtest", 42, args=("exit", "42")),
    # host-style statuses (docs/apps.md, "Exit status")
    Boot("exit status is exit(n) & 0xff, as on a host", "crashtest", 44,
         args=("exit", "300")),
    Boot("exit status 255 is the program's", "crashtest", 255, args=("exit", "255")),
    Boot("exit status 125 is the program's", "crashtest", 125, args=("exit", "125")),
    Boot("exit status 139 is the program's", "crashtest", 139, args=("exit", "139")),
    Boot("exit(-1) is 255", "crashtest", 255, args=("exit", "-1")),
    Boot("crash: illegal instruction is 128+SIGILL", "crashtest", EXIT_SIGILL,
         want=(r"CRASH", r"(?i)illegal|invalid opcode", r"illegal_insn"), args=("illegal",)),
    Boot("crash: integer division by zero is 128+SIGFPE", "crashtest", EXIT_SIGFPE,
         want=(r"CRASH", r"(?i)divide", r"divide_by_zero"), args=("div0",),
         needs=("x86_64",)),
    # heap misuse through the kernel allocator (crashtest has
    # CONFIG_LIBUKALLOC_POISON): reported, never silently accepted
    Boot("crash: a double free is reported", "crashtest", EXIT_PANIC,
         want=(r"PANIC", r"bbuddy: .*double free"), args=("double-free",)),
    Boot("crash: a write after free is reported (poisoned free memory)", "crashtest",
         EXIT_PANIC, want=(r"PANIC", r"use after free: free memory at 0x[0-9a-f]+ \(byte 8 ",
                           r"slab_alloc"), args=("use-after-free",)),
    Boot("crash: a heap overflow into a freed neighbour is reported", "crashtest", EXIT_PANIC,
         want=(r"PANIC", r"use after free: .*\(0x41, not 0xdb\)"), args=("heap-overflow",)),
    Boot("crash: a heap overflow into the allocator's metadata is reported", "crashtest",
         EXIT_PANIC, want=(r"PANIC", r"bbuddy: free block 0x[0-9a-f]+ corrupted"),
         args=("heap-overflow-meta",)),
    Boot("in-guest selftest, preemptive scheduler", "selftest-preempt",
         want=(r"scheduler \"preempt\"",), counts=True, timeout=SUITE_TIMEOUT_S),
    Boot("in-guest selftest, preemptive scheduler, icount clock", "selftest-preempt",
         want=(r"scheduler \"preempt\"",), counts=True, timeout=ICOUNT_TIMEOUT_S, icount=True,
         append=STRICT_TIME),
    Boot("crash: stack overflow in main() names the main thread", "crashtest-sched",
         EXIT_CRASH, want=(r"CRASH", r"stack overflow in thread 'main'"),
         args=("stack-overflow",)),
    Boot("crash: stack overflow in a thread names the thread", "crashtest-sched", EXIT_CRASH,
         want=(r"CRASH", r"stack overflow in thread 'overflower'", r"Backtrace",
               r"overflow_thread"), args=("thread-stack-overflow",)),
    Boot("POSIX tests over musl", "posixtest", counts=True, timeout=SUITE_TIMEOUT_S,
         initrd="ukcpio-test", absent=(r"initrd.*skipped",)),
    # its cases check that "preempt" is the scheduler
    Boot("POSIX tests over musl, preemptive scheduler", "posixtest-preempt",
         want=(r"^-- suite ukschedpreempt: \d+ of \d+ cases ok",), counts=True,
         timeout=SUITE_TIMEOUT_S, initrd="ukcpio-test", absent=(r"initrd.*skipped",)),
    Boot("POSIX tests over musl, preemptive scheduler, icount clock", "posixtest-preempt",
         want=(r"^-- suite ukschedpreempt: \d+ of \d+ cases ok",), counts=True,
         timeout=ICOUNT_TIMEOUT_S, initrd="ukcpio-test", absent=(r"initrd.*skipped",),
         icount=True, append=STRICT_TIME),
    Boot("POSIX: a write to a read-only mapping faults cleanly", "posixtest", EXIT_CRASH,
         want=(r"reading a read-only page: 1", r"CRASH", r"write to read-only memory",
               r"Backtrace"), args=("write-ro",), absent=(r"did not fault",)),
    Boot("POSIX: a read after munmap faults cleanly", "posixtest", EXIT_CRASH,
         want=(r"CRASH", r"Backtrace"), args=("munmapped",),
         absent=(r"read after munmap", r"did not fault")),
    Boot("POSIX: piped stdin reaches the program", "posixtest",
         want=(r"^line: one\r?$", r"^line: two words\r?$"), args=("stdin",),
         stdin=b"one\ntwo words\nquit\n", absent=(r"line: quit",)),
    # all of it waits in the pipe before the VM starts: a UART set-up that
    # resets the receiver loses a byte (the 2nd, or the 17th after a
    # 16-byte early buffer), as it did in about 3 of 10 boots
    Boot("POSIX: 2 KiB of stdin waiting at boot arrive intact", "posixtest",
         want=STDIN_LINES_WANT, args=("stdin",), stdin=STDIN_LINES, absent=(r"line: quit",)),
    Boot("a terminal on stdin: lines reach the program, typing is echoed", "posixtest",
         check="terminal"),
    Boot("POSIX: abort() ends the image with a report", "posixtest", EXIT_ABORT,
         want=(r"terminated by signal 6 \(SIGABRT\)", r"Backtrace"), args=("abort",)),
    # issue 12: environment, host-style exit statuses, memory, main stack
    Boot("POSIX: kast-run --env/-e reach environ exactly", "posixtest", check="env"),
    Boot("POSIX: env=NAME=VALUE kernel parameters reach environ", "posixtest",
         want=(r"^env: A=one two\r?$", r"^env: B=x=y 'z'\r?$", r"^env: HOME=/h\r?$"),
         append="env='A=one two' \"env=B=x=y 'z'\" env=HOME=/h", args=("env",),
         absent=(r"^env: HOME=/\r?$",)),
    Boot("a malformed env= kernel parameter is a boot error", "posixtest", EXIT_BOOTERR,
         want=(r"expected env=NAME=VALUE", r"boot failed"), append="env=NOVALUE",
         args=("env",), absent=(r"^env: ",)),
    Boot("too little memory: status 125 and how much the image needs", "posixtest",
         check="too_little_memory"),
    Boot("POSIX: an uncaught raise(SIGTERM) is status 128+15", "posixtest", 143,
         want=(r"terminated by signal 15 \(SIGTERM\)",), args=("raise", "15")),
    Boot("POSIX: exit(200) is status 200", "posixtest", 200, args=("exit", "200")),
    Boot("POSIX: 7 MiB of recursion fit the 8 MiB main stack (RLIMIT_STACK)", "posixtest",
         want=(r"^recursed 7000 KiB\r?$",), args=("recurse", "7000")),
    Boot("POSIX: main stack overflow hits the guard page", "posixtest", EXIT_CRASH,
         want=(r"CRASH", r"stack overflow in thread 'main'"), args=("recurse", "9000"),
         absent=(r"recursed",)),
    Boot("guest wall clock agrees with the host's (+/- %ds)" % WALL_CLOCK_SLACK, "selftest",
         check="wall_clock"),
    Boot("helloworld on q35", "helloworld", want=(HELLO,), machine="q35", args=("q35",),
         needs=("x86_64",)),
    Boot("KVM smoke boot of helloworld", "helloworld", want=(HELLO,), accel="kvm",
         timeout=180, needs=("kvm",)),
    # virtio-net on each transport: ARP for the gateway over user networking
    Boot("virtio-net ARP round trip (microvm, virtio-mmio)", "selftest", counts=True,
         append=ARP_TEST, net="user", want=ARP_OK, absent=(r"skipped",),
         needs=("x86_64",)),
    Boot("virtio-net ARP round trip (q35, virtio-pci, MSI-X)", "selftest", counts=True,
         append=ARP_TEST, net="user", want=ARP_OK + (r"interrupts by MSI-X",),
         absent=(r"skipped",), machine="q35", needs=("x86_64",)),
    # a device without MSI-X vectors falls back to INTx
    Boot("virtio-net ARP round trip (q35, virtio-pci, INTx)", "selftest", counts=True,
         append=ARP_TEST, net="user", want=ARP_OK + (r"interrupts by INTx",),
         absent=(r"skipped",), machine="q35", needs=("x86_64",),
         qemu=("-global", "virtio-net-pci.vectors=0")),
    Boot("virtio-net ARP round trip (virt, virtio-mmio)", "selftest", counts=True,
         append=ARP_TEST, net="user", want=ARP_OK, absent=(r"skipped",),
         needs=("riscv64",)),
    # ukrandom: virtio-rng on each transport feeds the generator
    Boot("virtio-rng seeds the generator (virtio-mmio)", "selftest", counts=True,
         append="virtio-rng.test=1", rng=True, want=RNG_OK, absent=(RNG_SKIPPED, WEAK)),
    Boot("virtio-rng seeds the generator (q35, virtio-pci)", "selftest", counts=True,
         append="virtio-rng.test=1", rng=True, want=RNG_OK, absent=(RNG_SKIPPED,),
         machine="q35", needs=("x86_64",)),
    # a CPU without RDRAND/RDSEED and no other source: one warning
    Boot("ukrandom warns once when only timer jitter seeds it", "selftest", counts=True,
         want=(WEAK,), absent=(r"(?s)only weak entropy.*only weak entropy",),
         qemu=("-cpu", "qemu64"), needs=("x86_64",)),
]

# host-driven network tests, on every architecture with the POSIX layer
NET_TESTS = [
    NetTest("net: TCP echo, 8 concurrent clients x 1 MiB", "tcpecho", "tcp_echo",
            clients=8, size=1 << 20),
    # the receive ring starts without buffers (their allocations fail):
    # the interface refills by itself once memory is there, without an
    # interrupt (lib/lwip/netif_uknetdev.c, RX_REFILL_RETRY_NS)
    NetTest("net: TCP echo after the receive ring ran out of buffers (no memory)", "tcpecho",
            "tcp_echo", clients=2, size=65536, append="netdev.test_rx_starve=300"),
    NetTest("net: UDP echo, 200 datagrams", "udpecho", "udp_echo", clients=200),
    NetTest("net: HTTP GET of 1 MiB from the host (DHCP)", "httpget", "http_get",
            size=1 << 20),
    NetTest("net: epoll server, 32 connections x 5 requests", "epollsrv", "epoll",
            clients=32, size=4),
    # scapy from a tap device in a network namespace of the test's own
    NetTest("net: malformed frames from a tap (scapy), then ARP, ping, TCP echo", "tcpecho",
            "malformed", size=65536, needs=("netns",)),
    # main() returns with data queued: the exit-time drain delivers it
    NetTest("net: 1 MiB written just before main returns arrives whole", "sendexit",
            "send_exit", size=1 << 20),
    # QEMU's set_link: link events from the config interrupt reach lwIP
    NetTest("net: link down and up (QEMU set_link), echo before and after", "tcpecho",
            "link", clients=2, size=65536),
    # virtio-net checksum offload over a tap (user networking offers none):
    # the guest's frames checked as the tap saw them, offload on and off
    NetTest("net: checksum offload on and off (tap), TCP checksums checked at the host",
            "tcpecho", "offload", size=262144, needs=("netns",)),
]


# virtio-blk with a real scratch disk on each transport (the selftest's
# virtio_blk cases with virtio-blk.test_disk=1; storagetest.virtio_blk_disk)
BOOTS += [
    Boot("virtio-blk real disk (microvm, virtio-mmio)", "selftest", check="virtio_blk_disk",
         needs=("x86_64",)),
    Boot("virtio-blk real disk (q35, virtio-pci)", "selftest", check="virtio_blk_disk",
         machine="q35", needs=("x86_64",)),
    Boot("virtio-blk real disk (virt, virtio-mmio)", "selftest", check="virtio_blk_disk",
         needs=("riscv64",)),
]

# host-driven storage tests, on every architecture with the POSIX layer
STORAGE_TESTS = [
    StorageTest("storage: raw disk /dev/vda (pattern, write at 1 MiB + fsync, partial "
                "sectors, edges) and a :ro /dev/vdb (EROFS)", "rawdisk", "rawdisk"),
    StorageTest("storage: kast-run --disk of a missing file is status 125", "rawdisk",
                "missing_disk"),
]


# a program's stdin, stdout and stderr over virtio-console (kast-run)
IO_TESTS = [
    IoTest("io: binary round trip of 3 MiB, every byte value, through stdin to stdout",
           "round_trip"),
    IoTest("io: stdin reaches end of file from a pipe", "eof_pipe"),
    IoTest("io: stdin reaches end of file from /dev/null", "eof_devnull"),
    IoTest("io: stdin reaches end of file when closed", "eof_closed"),
    IoTest("io: poll on stdin: readable with data and at end of file", "poll"),
    IoTest("io: stderr apart from stdout", "stderr"),
    IoTest("io: 2>&1 keeps stdout's and stderr's order", "stderr_merged"),
    IoTest("io: isatty is 0 for pipes", "isatty_pipes"),
    IoTest("io: isatty and window size of a pty", "isatty_pty"),
    IoTest("io: a pty is cooked (echo, erase, ^D) and restored", "pty_cooked"),
    IoTest("io: termios raw mode on a pty", "pty_raw"),
    IoTest("io: the kernel log never appears on stdout", "kernel_log"),
    IoTest("io: a crash report goes to stderr, stdout stays the program's", "crash"),
    IoTest("io: input waiting at boot is never lost (50 boots)", "boot_input"),
    IoTest("io: ^C on a pty is SIGINT: a computing program ends with status 130",
           "pty_intr_default"),
    IoTest("io: ^C on a pty runs the program's SIGINT handler; a read gets EINTR",
           "pty_intr_handler"),
    IoTest("io: a thread blocked reading stdin (pipe, pty) is cancelled", "cancel_read"),
]


def suites():
    """The in-guest suites' real-time boots (what make soak repeats): not
    the icount ones, nor the device tests, which need a NIC or a machine."""
    return [b for b in BOOTS if b.counts and not b.icount and not b.net and not b.machine
            and not b.qemu and not b.rng]


def image(key):
    return next(i for i in IMAGES if i.key == key)
