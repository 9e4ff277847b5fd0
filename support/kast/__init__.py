# SPDX-License-Identifier: BSD-3-Clause
"""Kast's tools as one package (docs/tooling.md).

The executables in support/scripts and support/bin are thin: each puts
support/ on sys.path and calls main() of its module here. Modules with one
job each:

  elf       what an image is (architecture, Kast image checks, sections)
  qemu      QEMU command lines, accelerator choice, exit statuses, running
  cpio      newc archives
  build     make with a log, images from a defconfig seed
  deps      Debian packages a command needs (support/scripts/ensure-deps)
  report    PASS/FAIL lines and the "N passed, N failed" summary
  uktest    the in-guest test framework's output
  console   a guest console as a program's output (kast-run)
  matrix    runtests' images and boots, as data
  checks    runtests' special checks (terminal, wall clock)
  nettest   runtests' host-driven network tests (tests/net, kast-run -p)
  lint      flake8 and shellcheck over the tools
  bench/    make bench: builds, measurements, report

and one module per command: kast_qemu, kast_run, kast_cc, runtests, soak,
difftest, fuzz, ksyms (gen-ksyms).
"""
import os

# The source tree: support/kast/ is two levels below it.
SRC = os.path.abspath(os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", ".."))
SCRIPTS = os.path.join(SRC, "support", "scripts")
BIN = os.path.join(SRC, "support", "bin")
ARCHS = ("x86_64", "riscv64")


def script(name):
    """Path of a command in support/scripts."""
    return os.path.join(SCRIPTS, name)


def ports():
    """Architectures with a port (arch/<arch>/Makefile.uk), in ARCHS order."""
    return [a for a in ARCHS if os.path.exists(os.path.join(SRC, "arch", a, "Makefile.uk"))]
