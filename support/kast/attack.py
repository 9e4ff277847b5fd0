# SPDX-License-Identifier: BSD-3-Clause
"""Attack tests of the hardening (docs/security.md), run by runtests on
every architecture with the POSIX layer.

tests/hardening/layout.c is built with kast-cc (-fstack-protector-strong)
and booted several times with kast-run: what an attacker would like to
know in advance must change from boot to boot, and the attacks it makes
on itself must end in a crash report, never in "not detected".
"""
import os
import re
import subprocess

from . import BIN, SRC
from .qemu import EXIT_ABORT, EXIT_CRASH, EXIT_SIGILL

KAST_CC = os.path.join(BIN, "kast-cc")
KAST_RUN = os.path.join(BIN, "kast-run")
PROGRAM = os.path.join(SRC, "tests", "hardening", "layout.c")
TIMEOUT_S = 120

BOOTS = 5           # boots of the layout program
MIN_DISTINCT = 4    # distinct values each randomized item needs among them
# randomized: the canary, the image's text and data (it moves at boot,
# plat/kvm/common/kaslr.c), the allocator's pages (heap, mmap) and the
# stack tops
RANDOMIZED = ("canary", "text", "data", "heap", "stack", "mmap", "getrandom")
LAYOUT_ADDRS = ("text", "data", "heap", "heap_big", "stack", "mmap")
LINE_RE = re.compile(r"^(\w+)=(0x[0-9a-f]+|0)\r?$", re.M)


def build(arch, out_dir):
    """The layout program for @arch: (image or None, log)."""
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "layout-%s" % arch)
    r = subprocess.run([KAST_CC, "--arch", arch, "-O2", "-Wall", "-Werror",
                        "-fstack-protector-strong", "-o", image, PROGRAM],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return (image if r.returncode == 0 and os.path.exists(image) else None), out


def run(image, args=(), append=None):
    """One boot: (exit status, console output)."""
    cmd = [KAST_RUN, "--timeout", str(TIMEOUT_S)]
    if append:
        cmd += ["--append", append]
    cmd += [image, "--"] + list(args)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def layouts(image, n, append=None):
    """@n boots of the layout mode: ([{name: value}], problems)."""
    seen, problems = [], []
    for _ in range(n):
        rc, out = run(image, ("layout",), append)
        values = dict(LINE_RE.findall(out))
        if rc != 0 or "canary" not in values:
            problems.append("boot exited %d without a layout:\n%s" % (rc, out[-800:]))
            break
        seen.append(values)
    return seen, problems


def check_random(image):
    """Each randomized item takes >= MIN_DISTINCT values in BOOTS boots;
    the canary is never 0."""
    seen, problems = layouts(image, BOOTS)
    if problems:
        return False, problems[0]
    detail = []
    for key in RANDOMIZED + ("heap_big",):
        values = [s.get(key) for s in seen]
        distinct = len(set(values))
        detail.append("%s: %d distinct" % (key, distinct))
        if key in RANDOMIZED and distinct < MIN_DISTINCT:
            problems.append("%s took %d distinct values in %d boots: %s"
                            % (key, distinct, BOOTS, " ".join(values)))
    zero = [s["canary"] for s in seen if int(s["canary"], 16) == 0]
    if zero:
        problems.append("canary 0 in %d of %d boots" % (len(zero), BOOTS))
    return not problems, "; ".join(problems or detail)


def check_aslr_off(image):
    """ukboot.aslr=0: text, data, heap, stack and mmap addresses repeat
    (debugging),
    while the canary stays random."""
    seen, problems = layouts(image, 2, append="ukboot.aslr=0")
    if problems:
        return False, problems[0]
    for key in LAYOUT_ADDRS:
        if seen[0][key] != seen[1][key]:
            problems.append("%s differs with ukboot.aslr=0: %s %s"
                            % (key, seen[0][key], seen[1][key]))
    if seen[0]["canary"] == seen[1]["canary"]:
        problems.append("the canary repeats with ukboot.aslr=0")
    return not problems, "; ".join(problems)


def check_crash(image, mode, want, status=EXIT_CRASH):
    rc, out = run(image, (mode,))
    problems = []
    if rc != status:
        problems.append("exit status %d, expected %d" % (rc, status))
    for pat in want:
        if not re.search(pat, out, re.M):
            problems.append("output lacks /%s/" % pat)
    if "not detected" in out:
        problems.append("the attack was not detected")
    return not problems, "; ".join(problems) + ("\n" + out[-1200:] if problems else "")


def check_heap(image, mode):
    """musl's malloc catches the heap attack @mode and stops the program
    with a_crash(): ud2 on x86_64 (SIGILL), a store to address 0 on
    riscv64 (SIGSEGV); the crash report's backtrace names the check."""
    rc, out = run(image, (mode,))
    problems = []
    if rc not in (EXIT_SIGILL, EXIT_CRASH):
        problems.append("exit status %d, expected %d or %d" % (rc, EXIT_SIGILL, EXIT_CRASH))
    for pat in (r"^%s: " % mode, r"CRASH", r"<(get_meta|__libc_free|free)\+"):
        if not re.search(pat, out, re.M):
            problems.append("output lacks /%s/" % pat)
    if "not detected" in out:
        problems.append("the attack was not detected")
    return not problems, "; ".join(problems) + ("\n" + out[-1200:] if problems else "")


TESTS = [
    ("hardening: %d boots give >= %d distinct canaries, text, data, heap, stack and mmap "
     "addresses" % (BOOTS, MIN_DISTINCT), check_random),
    ("hardening: ukboot.aslr=0 repeats text, data, heap, stack and mmap addresses",
     check_aslr_off),
    ("hardening: a return-address overwrite that guesses the canary is caught",
     lambda img: check_crash(img, "smash", (r"canary found 1 time", r"stack smashing",
                                            r"Backtrace", r"smash"), EXIT_ABORT)),
    ("hardening: a return into code on the heap faults (no-execute)",
     lambda img: check_crash(img, "exec-heap", (r"CRASH", r"no-execute"))),
    ("hardening: a double free is caught by musl's malloc",
     lambda img: check_heap(img, "double-free")),
    ("hardening: a heap overflow into the next chunk's header is caught by musl's malloc",
     lambda img: check_heap(img, "heap-overflow")),
    ("hardening: a write into relocated read-only data (RELRO) faults",
     lambda img: check_crash(img, "relro", (r"relro: .* relocated$", r"CRASH",
                                            r"write to read-only memory", r"relro"))),
]


def submit(build_dir, arch, pool, selected, record):
    """Build the program and queue the selected tests on @pool; their
    futures. @selected(name) says whether a test runs, @record(group,
    name, ok, detail) reports."""
    tests = [(name, fn) for name, fn in TESTS if selected(name)]
    if not tests:
        return []
    image, out = build(arch, os.path.join(build_dir, "hardening"))
    record(arch, "build tests/hardening/layout.c (kast-cc)", bool(image),
           "" if image else out[-2000:])

    def one(name, fn):
        if not image:
            record(arch, name, False, "layout.c did not build")
            return
        ok, detail = fn(image)
        record(arch, name, ok, detail)
    return [pool.submit(one, name, fn) for name, fn in tests]
