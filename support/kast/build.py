# SPDX-License-Identifier: BSD-3-Clause
"""Building Kast images: make with a log file, one image per build folder
configured from its app's defconfig plus extra lines (EXTRA_DEFCONFIG)."""
import os
import platform
import re
import shlex
import subprocess

from . import SRC


def make(args, logfile, env=None):
    """make -C <source tree> ARGS, output appended to @logfile; True on
    success."""
    with open(logfile, "a") as f:
        f.write("$ make %s\n" % " ".join(shlex.quote(a) for a in args))
        f.flush()
        r = subprocess.run(["make", "-C", SRC] + list(args), stdout=f,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    return r.returncode == 0


def app_symbol(app):
    return "CONFIG_APP_" + re.sub(r"[^A-Z0-9]", "_", app.upper())


def configure(out, arch, app, extra, logfile):
    """make defconfig in @out for @app on @arch, with the Kconfig lines
    @extra on top of the app's defconfig; True when the app is selected."""
    args = ["O=" + out, "ARCH=" + arch, "APP=" + app]
    if extra:
        seed = os.path.join(out, "extra.defconfig")
        with open(seed, "w") as f:
            f.write("\n".join(extra) + "\n")
        args.append("EXTRA_DEFCONFIG=" + seed)
    # defconfig leaves .config and its time alone when nothing changed: a
    # repeated build rebuilds nothing
    if not make(args + ["defconfig"], logfile):
        return False
    cfg = os.path.join(out, ".config")
    sym = app_symbol(app)
    if config_value(cfg, sym) != "y":
        with open(logfile, "a") as f:
            f.write("%s is not selectable for %s (Kconfig dependencies)\n" % (sym, arch))
        return False
    return True


def build_image(out, arch, app, extra=(), make_args=(), jobs=2):
    """Configure and build one image in the folder @out (log in
    @out/build.log); returns (image path or None, log path). @make_args
    are added to the build's make command line."""
    os.makedirs(out, exist_ok=True)
    logfile = os.path.join(out, "build.log")
    open(logfile, "w").close()
    if not configure(out, arch, app, extra, logfile):
        return None, logfile
    if not make(["O=" + out, "-j%d" % jobs] + list(make_args), logfile):
        return None, logfile
    img = image_path(out, arch, app)
    return (img if os.path.exists(img) else None), logfile


def image_path(out, arch, app):
    return os.path.join(out, "%s_kvm-%s" % (app, arch))


def log_tail(logfile, chars=3000):
    try:
        with open(logfile, errors="replace") as f:
            return f.read()[-chars:]
    except OSError:
        return ""


def config_value(cfg, key):
    """Value of @key in a .config (quotes removed), or None."""
    try:
        with open(cfg) as f:
            for line in f:
                if line.startswith(key + "="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def cross(arch, tool):
    """Tool name as the top Makefile picks it (CROSS_COMPILE rule)."""
    return tool if platform.machine() == arch else "%s-linux-gnu-%s" % (arch, tool)
