# SPDX-License-Identifier: BSD-3-Clause
"""Lint of the tools: flake8 over support/'s Python (the package and the
executables, named explicitly: they have no .py suffix; settings in
.flake8) and shellcheck over every shell script of the tree (found by
their "#!" line). Each returns (ok, detail)."""
import os
import re
import shutil
import subprocess

from . import SRC

SHELL_RE = re.compile(rb"^#!\s*(/usr)?/bin/(env\s+)?(sh|bash|dash|busybox sh)\b")
PYTHON_RE = re.compile(rb"^#!.*\bpython3?\b")
SKIP_DIRS = {".git", "build", "__pycache__"}
MAX_REPORTED = 40


def tree_files():
    """Files of the source tree: git's list (tracked and new, not ignored)
    when it is a git checkout, else every file outside build folders."""
    if os.path.isdir(os.path.join(SRC, ".git")) and shutil.which("git"):
        r = subprocess.run(["git", "-C", SRC, "ls-files", "-z", "--cached", "--others",
                            "--exclude-standard"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            names = [n for n in r.stdout.decode().split("\0") if n]
            return sorted({n for n in names if os.path.isfile(os.path.join(SRC, n))})
    out = []
    for root, dirs, files in os.walk(SRC):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        out += [os.path.relpath(os.path.join(root, f), SRC) for f in sorted(files)]
    return out


def first_line(path):
    try:
        with open(os.path.join(SRC, path), "rb") as f:
            return f.readline()
    except OSError:
        return b""


def python_files():
    """support/'s Python: *.py files and extensionless Python executables."""
    return [f for f in tree_files() if f.startswith("support/") and
            (f.endswith(".py") or PYTHON_RE.match(first_line(f)))]


def shell_files():
    return [f for f in tree_files() if f.endswith(".sh") or SHELL_RE.match(first_line(f))]


def run_tool(cmd, files, package):
    if not shutil.which(cmd[0]):
        return False, "%s not found (support/scripts/ensure-deps test installs %s)" \
            % (cmd[0], package)
    if not files:
        return False, "no files to check"
    r = subprocess.run(cmd + files, cwd=SRC, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL)
    lines = r.stdout.decode("utf-8", "replace").strip().splitlines()
    if r.returncode == 0 and not lines:
        return True, ""
    shown = lines[:MAX_REPORTED] + (["... (%d more)" % (len(lines) - MAX_REPORTED)]
                                    if len(lines) > MAX_REPORTED else [])
    return False, "%d finding(s) in %d files (exit %d):\n    %s" % (
        len(lines), len(files), r.returncode, "\n    ".join(shown))


def flake8():
    return run_tool(["flake8"], python_files(), "flake8")


def shellcheck():
    return run_tool(["shellcheck", "--format=gcc"], shell_files(), "shellcheck")
