# SPDX-License-Identifier: BSD-3-Clause
"""kast-cc [--arch x86_64|riscv64] [gcc options] FILES...

A compiler wrapper in the spirit of musl-gcc: compiles C against musl's
headers with the flags Kast programs need and, when linking, links the
objects with musl and the Kast kernel libraries into a bootable image
(run it with kast-run). Default architecture: x86_64 (or $KAST_ARCH).

  kast-cc -O2 -o app a.c b.c -lm        build the image "app"
  make CC=kast-cc                        ordinary Makefiles
  CC=kast-cc ./configure && make         autoconf projects

-lc -lm -lpthread -lrt -ldl -lutil -lcrypt -lresolv -lxnet are part of
musl's libc.a and ignored; other -l libraries must be static archives
(built with kast-cc) in a -L folder: the host's folders are not searched.
-shared is refused: images are static.

--stack-size=N[k|m] sets the main thread's stack (RLIMIT_STACK in the
image; default 8 MiB, as a host's) when linking; with little guest memory
the kernel halves it until it takes at most a quarter of the free memory.

The first use builds what it needs (musl, the kernel libraries: the
"kit") under $KAST_CACHE (default ~/.cache/kast), one per architecture
and Kast checkout;
every link brings the kit up to date with the Kast sources (make is
incremental). Missing Debian packages for building are installed first
(support/scripts/ensure-deps build ARCH). KAST_CC_VERBOSE=1 prints the
commands.
"""
import fcntl
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from . import BIN, SRC, deps, ksyms, relocs

POSIX_CONFIG = os.path.join(SRC, "support", "configs", "posix.config")
# part of musl's libc.a, or linked by the kit itself (libgcc)
BUILTIN_LIBS = {"c", "m", "pthread", "rt", "dl", "util", "crypt", "resolv", "xnet",
                "gcc", "gcc_eh"}
DROPPED_LINK_FLAGS = {"-static", "-static-libgcc", "-pie", "-no-pie", "-rdynamic",
                      "-fPIE", "-fpie"}
COMPILE_ONLY = {"-c", "-S", "-E", "-M", "-MM"}
INFO = {"--version", "-v", "-dumpversion", "-dumpmachine", "-###"}


class Failed(Exception):
    """A step failed; exit with this status (its tool said why)."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def die(msg):
    print("kast-cc: error: " + msg, file=sys.stderr)
    sys.exit(1)


def verbose():
    return os.environ.get("KAST_CC_VERBOSE", "0") != "0"


def run(cmd, **kw):
    """Run a step; a failure ends kast-cc with the step's status."""
    if verbose():
        print("+ " + " ".join(cmd), file=sys.stderr)
    r = subprocess.run(cmd, **kw)
    if r.returncode:
        raise Failed(r.returncode)
    return r


def run_exec(cmd, show=True):
    if show and verbose():
        print("+ " + " ".join(cmd), file=sys.stderr)
    sys.stderr.flush()
    try:
        os.execvp(cmd[0], cmd)
    except OSError as e:
        die("%s: %s" % (cmd[0], e.strerror))


def cache_dir():
    if os.environ.get("KAST_CACHE"):
        return os.environ["KAST_CACHE"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kast")


# ---------------------------------------------------------------------------
# The kit: make O=<cache>/kit-ARCH-<checkout> kit
# ---------------------------------------------------------------------------
def kit_dir(arch):
    """One kit per architecture and Kast checkout: make's timestamps only
    order the files of one tree, so a kit built from another checkout
    (older files, different options) would be taken as up to date."""
    tree = hashlib.sha256(os.path.realpath(SRC).encode()).hexdigest()[:12]
    return os.path.join(cache_dir(), "kit-%s-%s" % (arch, tree))


def config_stamp():
    """A hash of everything the kit's configuration comes from: the seed
    (posix.config), the root Config.uk and every Kconfig file of lib/,
    plat/ and arch/, by content."""
    h = hashlib.sha256()
    files = [POSIX_CONFIG, os.path.join(SRC, "Config.uk")]
    for top in ("lib", "plat", "arch"):
        for root, _, names in os.walk(os.path.join(SRC, top)):
            files += [os.path.join(root, n) for n in names if "onfig" in n]
    for path in sorted(files):
        h.update(os.path.relpath(path, SRC).encode() + b"\0")
        with open(path, "rb") as f:
            h.update(f.read() + b"\0")
    return h.hexdigest()


def config_changed(o):
    """Is the kit in @o unconfigured, or configured from other options?"""
    try:
        with open(os.path.join(o, ".kit-config")) as f:
            return f.read().strip() != config_stamp()
    except OSError:
        return True


def kit_make(args, what):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    r = subprocess.run(["make", "-s"] + args, stdout=sys.stderr.fileno(), env=env)
    if r.returncode:
        die(what)


def read_env(path):
    """kit/env (shell assignments) as {name: value}."""
    env = {}
    with open(path) as f:
        for line in f:
            words = shlex.split(line)
            if words and "=" in words[0]:
                k, _, v = words[0].partition("=")
                env[k] = v
    return env


def kit(arch, fresh=False):
    """Build the kit if missing; with @fresh, also bring it up to date.
    Returns its env."""
    o = kit_dir(arch)
    os.makedirs(o, exist_ok=True)
    if not deps.ensure("build", arch):
        die("cannot build for %s without its toolchain (see above)" % arch)
    with open(o + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # (re)configure when the kit's configuration or any option changed
        reconfigured = config_changed(o)
        if reconfigured:
            print("kast-cc: building the %s kit in %s (once)" % (arch, o), file=sys.stderr)
            kit_make(["-C", SRC, "O=" + o, "ARCH=" + arch, "defconfig",
                      "EXTRA_DEFCONFIG=" + POSIX_CONFIG], "configuring the kit failed")
            with open(os.path.join(o, ".kit-config"), "w") as f:
                f.write(config_stamp() + "\n")
        env_file = os.path.join(o, "kit", "env")
        if not os.path.exists(env_file) or fresh or reconfigured:
            kit_make(["-j%d" % len(os.sched_getaffinity(0)), "-C", SRC, "O=" + o, "kit"],
                     "building the kit failed (see above)")
    env = read_env(env_file)
    env["KIT"] = os.path.join(o, "kit")
    return env


def words(env, key):
    return env.get(key, "").split()


# ---------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------
STACK_MIN = 64 << 10
STACK_MAX = 64 << 20


def stack_size(spec):
    """--stack-size=N[k|m] in bytes (a multiple of 4096)."""
    m = re.fullmatch(r"(\d+)([kKmM]?)", spec)
    if not m:
        die("--stack-size=%s: expected a number of bytes, or N k / N m" % spec)
    n = int(m.group(1)) << {"": 0, "k": 10, "m": 20}[m.group(2).lower()]
    if not STACK_MIN <= n <= STACK_MAX:
        die("--stack-size=%s: must be between 64k and 64m" % spec)
    return (n + 4095) // 4096 * 4096


def parse(argv):
    """(arch, compiler arguments); --arch and --stack-size may come
    anywhere (the stack size is kept in $KAST_STACK_SIZE)."""
    arch = os.environ.get("KAST_ARCH") or "x86_64"
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--arch":
            if i + 1 >= len(argv):
                die("--arch needs x86_64 or riscv64")
            i += 1
            arch = argv[i]
        elif a.startswith("--arch="):
            arch = a[len("--arch="):]
        elif a.startswith("--stack-size="):
            os.environ["KAST_STACK_SIZE"] = str(stack_size(a[len("--stack-size="):]))
        elif a == "--help":
            sys.stdout.write(__doc__)
            sys.exit(0)
        else:
            args.append(a)
        i += 1
    if arch not in ("x86_64", "riscv64"):
        die("unknown architecture '%s' (x86_64 or riscv64)" % arch)
    return arch, args


def mode_of(args):
    """("link" | "compile" | "info", output file)."""
    mode, out = "link", "a.out"
    for i, a in enumerate(args):
        if a in COMPILE_ONLY:
            mode = "compile"
        elif a == "-o":
            out = args[i + 1] if i + 1 < len(args) and args[i + 1] else "a.out"
        elif a.startswith("-o"):
            out = a[2:]
        elif a == "-shared":
            die("-shared: Kast images are static; build a static archive (ar) instead")
        elif (a in INFO or a.startswith("-print-")) and len(args) == 1:
            mode = "info"
    return mode, out


def lib_dirs(args):
    dirs = []
    i = 0
    while i < len(args):
        if args[i] == "-L":
            dirs.append(args[i + 1] if i + 1 < len(args) else "")
            i += 1
        elif args[i].startswith("-L"):
            dirs.append(args[i][2:])
        i += 1
    return dirs


def find_lib(name, dirs):
    """Other -l libraries are looked up in the -L folders only: the host's
    own folders hold libraries built for glibc, which must not end up in an
    image."""
    file = name[1:] if name.startswith(":") else "lib%s.a" % name
    for d in dirs:
        if os.path.isfile(os.path.join(d, file)):
            return os.path.join(d, file)
    die("-l%s: no %s in the -L folders%s; libraries for Kast images are static archives "
        "built with kast-cc (the host's own are built for glibc)"
        % (name, file, " (%s)" % " ".join(dirs) if dirs else ""))


def link_args(args):
    """The arguments for the link: what musl's libc.a already is and link
    flags that make no sense for an image dropped, everything else in
    order; (arguments, keep the debug image)."""
    dirs = lib_dirs(args)
    link, keepdbg = [], False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-l":
            i += 1
            a = "-l" + (args[i] if i < len(args) else "")
        if a.startswith("-l"):
            if a[2:] not in BUILTIN_LIBS:
                link.append(find_lib(a[2:], dirs))
        elif a in DROPPED_LINK_FLAGS:
            pass
        else:
            if a.startswith("-g"):
                keepdbg = True
            link.append(a)
        i += 1
    return link, keepdbg


# ---------------------------------------------------------------------------
# Linking an image
# ---------------------------------------------------------------------------
def c_string(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def nm_lines(env, path):
    r = run(words(env, "KIT_NM") + ["-n", "--defined-only", path], stdout=subprocess.PIPE,
            universal_newlines=True)
    return r.stdout.splitlines()


def link_image(arch, env, args, out, tmp):
    cc, cflags, asflags = words(env, "KIT_CC"), words(env, "KIT_CFLAGS"), words(env, "KIT_ASFLAGS")
    kitdir = env["KIT"]
    link, keepdbg = link_args(args)
    extra = []
    # x86_64 images executed as Linux programs re-run themselves in a
    # microVM through kast-run (plat/kvm/x86_64/host_entry.S): record
    # where it is.
    if arch == "x86_64":
        with open(os.path.join(tmp, "runner.S"), "w") as f:
            f.write('\t.section .rodata.kast_host_runner, "a"\n\t.globl kast_host_runner\n'
                    'kast_host_runner:\n\t.asciz "%s"\n'
                    '\t.section .note.GNU-stack, "", @progbits\n'
                    % os.path.join(BIN, "kast-run"))
        run(cc + asflags + ["-c", "-o", os.path.join(tmp, "runner.o"),
                            os.path.join(tmp, "runner.S")])
        extra.append(os.path.join(tmp, "runner.o"))
    # argv[0] is the name the image is linked as, like a program's file name
    with open(os.path.join(tmp, "name.c"), "w") as f:
        f.write('char uk_app_name[] = "%s";\n' % c_string(os.path.basename(out)))
        # the main thread's stack (lib/uksched), when --stack-size says
        if os.environ.get("KAST_STACK_SIZE"):
            f.write("const unsigned long uk_main_stack_size_link = %dUL;\n"
                    % int(os.environ["KAST_STACK_SIZE"]))
    run(cc + cflags + ["-c", "-o", os.path.join(tmp, "name.o"), os.path.join(tmp, "name.c")])
    extra.append(os.path.join(tmp, "name.o"))

    ldflags = ["-nostdlib", "-nostartfiles", "-static", "-no-pie",
               "-Wl,-T," + os.path.join(kitdir, "link.lds"), "-Wl,--gc-sections",
               "-Wl,-z,max-page-size=4096", "-Wl,--build-id=none",
               "-Wl,-z,noexecstack", "-Wl,--no-warn-rwx-segments",
               # the table of absolute addresses the boot code moves
               # (relocs.py, plat/kvm/common/kaslr.c)
               "-Wl,--emit-relocs"]
    libs = [os.path.join(kitdir, "libc.a")] + words(env, "KIT_LIBGCC")
    pass1, dbg = os.path.join(tmp, "pass1"), os.path.join(tmp, "image.dbg")
    run(cc + cflags + link + ldflags + ["-o", pass1] + extra +
        [os.path.join(kitdir, "libkast.o"), os.path.join(kitdir, "ksyms0.o"),
         os.path.join(kitdir, "relocs0.o")] + libs)
    # The symbol table for crash reports, placed last: nothing moves.
    with open(os.path.join(tmp, "ksyms.S"), "w") as f:
        f.write(ksyms.assembly(nm_lines(env, pass1)))
    run(cc + asflags + ["-c", "-o", os.path.join(tmp, "ksyms.o"),
                        os.path.join(tmp, "ksyms.S")])
    try:
        with open(pass1, "rb") as f:
            table = relocs.assembly(*relocs.table(f.read()))
    except relocs.RelocError as e:
        die("cannot make the image movable: %s" % e)
    with open(os.path.join(tmp, "relocs.S"), "w") as f:
        f.write(table)
    run(cc + asflags + ["-c", "-o", os.path.join(tmp, "relocs.o"),
                        os.path.join(tmp, "relocs.S")])
    run(cc + cflags + link + ldflags + ["-o", dbg] + extra +
        [os.path.join(kitdir, "libkast.o"), os.path.join(tmp, "ksyms.o"),
         os.path.join(tmp, "relocs.o")] + libs)
    with open(dbg, "rb") as f:
        if relocs.assembly(*relocs.table(f.read())) != table:
            die("the relocation table changed in the second link")

    def symbols(path):
        r = run(words(env, "KIT_NM") + ["-n", path], stdout=subprocess.PIPE,
                universal_newlines=True)
        return [line for line in r.stdout.splitlines()
                if "uk_ksyms" not in line and "uk_relocs" not in line]
    if symbols(pass1) != symbols(dbg):
        die("symbol table moved addresses")
    image = os.path.join(tmp, "image")
    run(words(env, "KIT_STRIP") + ["-s", "-R", ".comment", "-R", ".note.gnu.build-id",
                                   "-o", image, dbg])
    if keepdbg:
        shutil.copy(dbg, out + ".dbg")
    shutil.copy(image, out)
    os.chmod(out, os.stat(out).st_mode | 0o111)


def main(argv=None):
    arch, args = parse(sys.argv[1:] if argv is None else argv)
    mode, out = mode_of(args)
    if not args:
        die("no input files (kast-cc --help)")
    if mode == "info":
        env = kit(arch)
        run_exec(words(env, "KIT_CC") + args, show=False)
    if mode == "compile":
        env = kit(arch)
        run_exec(words(env, "KIT_CC") + words(env, "KIT_CFLAGS") + args)
    env = kit(arch, fresh=True)
    tmp = tempfile.mkdtemp(prefix="kast-cc.", dir=os.environ.get("TMPDIR") or "/tmp")
    try:
        link_image(arch, env, args, out, tmp)
    except Failed as e:
        return e.status
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0
