# SPDX-License-Identifier: BSD-3-Clause
"""kast: program in, output out (docs/service.md).

usage:
  kast run [options] FILE.c [FILE2.c ...] [-- ARGS...]
  kast run [options] FILE.lua [-- ARGS...]
  kast start [--connect URI] [options] NAME FILE.c|FILE.lua|IMAGE [-- ARGS...]
  kast ps | logs [-f] [--kernel] NAME | info NAME | pause NAME | resume NAME
  kast save NAME FILE | restore FILE | stop NAME | rm NAME   (all take --connect URI)
  kast serve [--listen ADDR] [--port N] --token-file FILE [limits]

run options:
  --arch x86_64|riscv64   the image's architecture (default x86_64, $KAST_ARCH)
  --mem MB                guest memory (default kast-run's, 64; Lua 256)
  --timeout S             kill the VM after S seconds (default 120): status 137
  -p HOST:GUEST[/udp]     publish a guest port (kast-run -p), repeatable
  -v HOSTDIR:GUESTDIR[:ro]  a volume (kast-run -v), when kast-run has volumes
  --max-output BYTES      output cap (default 16 MiB, stdout and stderr together):
                          the program is stopped there, status 153
  --no-cache              rebuild the image even when it is cached
  --verbose               say which image runs and whether it came from the cache
  -O LEVEL / -D... / -l...  compiler flags for C (default -O2)

A C program is built with kast-cc (cached by content, see docs/service.md
for the cache's place and size); a Lua script runs on the cached Lua image
(apps/lua) with the script in an initrd at /app/NAME.lua. stdin, stdout
and stderr are the program's; the exit status is kast-run's (the
program's own, 128 + signal for a crash, 125 Kast could not run it, 126
kernel panic, 137 timeout: docs/apps.md, "Exit status"), or 128 compile
error (the compiler's diagnostics on stderr), 153 output cap reached, 2
usage error.
"""
import os
import signal
import sys

from .. import ARCHS
from . import EXIT_COMPILE, EXIT_OUTPUT_LIMIT, EXIT_TIMEOUT, EXIT_USAGE, runner


def die(msg, status=EXIT_USAGE):
    sys.stderr.write("kast: %s\n" % msg)
    sys.exit(status)


def split_args(argv):
    """(before "--", after "--")."""
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


RUN_VALUE_OPTS = {"--arch": "arch", "--mem": "mem", "--timeout": "timeout", "-p": "publish",
                  "--publish": "publish", "-v": "volume", "--volume": "volume",
                  "--max-output": "max_output", "--connect": "connect", "--name": "name"}


def parse_run(argv, what="run"):
    """Options and files of `kast run` (and `kast start`)."""
    head, args = split_args(argv)
    o = {"arch": os.environ.get("KAST_ARCH") or "x86_64", "mem": None, "timeout": None,
         "publish": [], "volume": [], "max_output": runner.DEFAULT_MAX_OUTPUT,
         "no_cache": False, "flags": [], "files": [], "connect": None, "name": None,
         "verbose": False}
    i = 0
    while i < len(head):
        a = head[i]
        name, eq, val = a.partition("=")
        if a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            sys.exit(0)
        if name in RUN_VALUE_OPTS and (eq or a in RUN_VALUE_OPTS):
            if not eq:
                if i + 1 >= len(head):
                    die("%s needs a value" % a)
                i += 1
                val = head[i]
            field = RUN_VALUE_OPTS[name]
            if field in ("publish", "volume"):
                o[field].append(val)
            else:
                o[field] = val
        elif a == "--no-cache":
            o["no_cache"] = True
        elif a == "--verbose":
            o["verbose"] = True
        elif a.startswith(("-O", "-D", "-l", "-std=", "-W", "-g", "-U", "-f", "-m")):
            o["flags"].append(a)
        elif a.startswith("-"):
            die("%s: unknown option '%s' (kast --help)" % (what, a))
        else:
            o["files"].append(a)
        i += 1
    if o["arch"] not in ARCHS:
        die("--arch must be one of %s" % ", ".join(ARCHS))
    for field, conv in (("mem", int), ("timeout", float), ("max_output", int)):
        if o[field] is not None:
            try:
                o[field] = conv(o[field])
            except ValueError:
                die("--%s needs a number, not '%s'" % (field.replace("_", "-"), o[field]))
            if o[field] <= 0:
                die("--%s must be positive" % field.replace("_", "-"))
    if o["volume"] and not runner.has_volumes():
        die("-v: this kast-run has no volumes yet (kast-run -v HOSTDIR:GUESTDIR)")
    return o, args


def program_kind(files):
    """"c" or "lua" from the file names (or None with a message)."""
    if not files:
        die("no program given (FILE.c ... or FILE.lua)")
    exts = {os.path.splitext(f)[1] for f in files}
    if exts == {".lua"} and len(files) == 1:
        return "lua"
    if exts <= {".c", ".o", ".a"}:
        return "c"
    die("expected C files (.c) or one Lua script (.lua), got: %s" % " ".join(files))


def prepare(o, echo=True):
    """Build or look up the image: (image, initrd folder or None, kind,
    image_info, build ms). Compile errors end kast with EXIT_COMPILE."""
    kind = program_kind(o["files"])
    for f in o["files"]:
        if not os.path.isfile(f):
            die("%s: no such file" % f)
    try:
        if kind == "c":
            img, info, ms = runner.build_c(o["files"], o["arch"], o["flags"] or
                                           runner.DEFAULT_FLAGS, no_cache=o["no_cache"],
                                           echo=echo)
            return img, None, kind, info, ms
        img, info, ms = runner.lua_image(o["arch"], no_cache=o["no_cache"], echo=False)
    except runner.BuildError as e:
        if e.is_compile:
            sys.stderr.write("kast: compile error (kast-cc status %d)\n" % e.status)
            sys.exit(EXIT_COMPILE)
        die("building the image failed:\n" + e.diagnostics[-3000:], 1)
    return img, o["files"][0], kind, info, ms


def lua_initrd(script, tmp):
    """A folder for kast-run --initrd: /app/NAME.lua and an empty /tmp."""
    import shutil
    root = os.path.join(tmp, "initrd")
    os.makedirs(os.path.join(root, runner.LUA_DIR.strip("/")))
    os.makedirs(os.path.join(root, "tmp"))
    guest = os.path.join(runner.LUA_DIR, os.path.basename(script))
    shutil.copy(script, os.path.join(root, guest.strip("/")))
    return root, guest


def cmd_run(argv):
    import tempfile
    o, args = parse_run(argv)
    img, script, kind, info, ms = prepare(o)
    if o["verbose"]:
        sys.stderr.write("kast: image %s, %d bytes, %s\n" % (
            info["sha256"][:16], info["bytes"],
            "cached" if info["cached"] else "built in %d ms" % ms))
    tmp = tempfile.mkdtemp(prefix="kast-run-")
    try:
        initrd = None
        mem = o["mem"]
        if kind == "lua":
            initrd, guest = lua_initrd(script, tmp)
            args = [guest] + args
            mem = mem or 256
        cmd = runner.kast_run_cmd(img, args, mem, o["timeout"], o["publish"], o["volume"],
                                  initrd)
        current = []

        def on_start(proc):
            current.append(proc)

        def interrupt(signum, frame):
            for p in current:
                try:
                    os.killpg(p.pid, signum)
                except ProcessLookupError:
                    pass
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, interrupt)

        def to(stream):
            def write(data):
                try:
                    stream.write(data)
                    stream.flush()
                except BrokenPipeError:
                    for p in current:
                        runner.kill(p)
            return write
        out = runner.run(cmd, to(sys.stdout.buffer), to(sys.stderr.buffer), stdin=None,
                         max_output=o["max_output"],
                         timeout=o["timeout"] or 120, on_start=on_start)
    finally:
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    if out.output_limited:
        sys.stderr.write("\nkast: output limit reached (%d bytes, --max-output): "
                         "the program was stopped\n" % o["max_output"])
        return EXIT_OUTPUT_LIMIT
    if out.timed_out:
        sys.stderr.write("kast: timeout: the program ran longer than %gs (--timeout) "
                         "and was killed\n" % (o["timeout"] or 120))
        return EXIT_TIMEOUT
    return out.status


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(__doc__)
        return 0 if argv else EXIT_USAGE
    cmd, rest = argv[0], argv[1:]
    if cmd == "run":
        return cmd_run(rest)
    if cmd == "serve":
        from . import api
        return api.main(rest)
    from . import virt
    if cmd in virt.COMMANDS:
        return virt.main(cmd, rest)
    die("unknown command '%s' (kast --help)" % cmd)
