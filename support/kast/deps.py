# SPDX-License-Identifier: BSD-3-Clause
"""Debian packages a command needs.

ensure() asks support/scripts/ensure-deps (the one list of what building,
running and testing Kast need; as root it installs what is missing with
apt-get, otherwise it prints the apt-get line). install() is for a tool's
own extra packages, in the same manner.
"""
import os
import shutil
import subprocess
import sys

from . import script


def ensure(what, arch=None):
    """ensure-deps WHAT [ARCH] (WHAT: build, run, test, bench, service). Its report
    goes to stderr, so that a command's stdout stays the guest's or the
    compiler's. True when everything is installed."""
    cmd = [script("ensure-deps"), what] + ([arch] if arch else [])
    sys.stdout.flush()
    r = subprocess.run(cmd, stdout=sys.stderr.fileno(), stdin=subprocess.DEVNULL)
    return r.returncode == 0


def missing(pairs):
    """Packages of the (command or absolute path, package) pairs whose
    command or file is not there, sorted, each once."""
    return sorted({pkg for what, pkg in pairs
                   if not (os.path.exists(what) if what.startswith("/") else shutil.which(what))})


def install(packages):
    """Install Debian packages as root with apt-get; None when done (or
    nothing to do), else the error to report."""
    if not packages:
        return None
    if os.getuid() == 0 and shutil.which("apt-get"):
        print("  DEPS     installing: " + " ".join(packages), file=sys.stderr, flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL, env=env)
        r = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"]
                           + list(packages), stdout=subprocess.DEVNULL,
                           stdin=subprocess.DEVNULL, env=env)
        if r.returncode == 0:
            return None
        return "apt-get could not install: " + " ".join(packages)
    return "missing Debian packages. Run as root:\n  apt-get install " + " ".join(packages)
