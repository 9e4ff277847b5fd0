# SPDX-License-Identifier: BSD-3-Clause
"""The test of kast-prof (support/kast/prof.py): tests/prof/spin.c spends
nearly all of its time in one function; sampled through QEMU's gdb stub,
that function must come out on top, named from the stripped image's own
symbol table (.ksyms)."""
import os
import re
import subprocess

from . import SRC

KAST_CC = os.path.join(SRC, "support", "bin", "kast-cc")
KAST_PROF = os.path.join(SRC, "support", "scripts", "kast-prof")
PROGRAM = os.path.join(SRC, "tests", "prof", "spin.c")
SPINS = "300000000"
MIN_SAMPLES = 20
NAME = "tools: kast-prof finds the function a guest spends its time in"


def build(arch, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "spin-%s" % arch)
    r = subprocess.run([KAST_CC, "--arch", arch, "-O2", "-Wall", "-Werror", "-o", image,
                        PROGRAM], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    return (image if r.returncode == 0 and os.path.exists(image) else None), out


def check(image):
    r = subprocess.run([KAST_PROF, "--hz", "500", "--top", "3", "--", "--accel", "tcg",
                        "--timeout", "300", image, "--", SPINS],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    out = r.stdout.decode("utf-8", "replace")
    problems = []
    if r.returncode != 0:
        problems.append("exit status %d" % r.returncode)
    if "spun %s" % SPINS not in out:
        problems.append("the program's line is missing")
    m = re.search(r"^kast-prof: (\d+) samples\n\s*([\d.]+)%\s+\d+\s+(\S+)", out, re.M)
    if not m:
        problems.append("no sample table")
    else:
        n, share, top = int(m.group(1)), float(m.group(2)), m.group(3)
        if n < MIN_SAMPLES:
            problems.append("%d samples, expected >= %d" % (n, MIN_SAMPLES))
        if top != "prof_spin" or share < 50:
            problems.append("top function %s with %.1f%%, expected prof_spin with > 50%%"
                            % (top, share))
    return not problems, "; ".join(problems) + ("\n" + out[-1500:] if problems else "")


def submit(build_dir, arch, pool, selected, record):
    """Build spin.c and queue the test on @pool (as kast.attack.submit)."""
    if not selected(NAME):
        return []
    image, out = build(arch, os.path.join(build_dir, "prof"))
    record(arch, "build tests/prof/spin.c (kast-cc)", bool(image), "" if image else out[-2000:])

    def one():
        if not image:
            record(arch, NAME, False, "spin.c did not build")
            return
        ok, detail = check(image)
        record(arch, NAME, ok, detail)
    return [pool.submit(one)]
