# SPDX-License-Identifier: BSD-3-Clause
"""Content-addressed image cache.

An image's key is the SHA-256 of what made it: the kind ("c" or "lua"),
the architecture, the compiler flags, each source's name and bytes, and
the Kast tree (tree_hash()). Entries live in

    $KAST_IMAGE_CACHE, else <kast-cc's cache>/images
    (<kast-cc's cache> = $KAST_CACHE, else $XDG_CACHE_HOME/kast, else
    ~/.cache/kast)

one folder per key holding "image" and "meta.json". The cache is bounded
($KAST_IMAGE_CACHE_MIB, default 1024 MiB): after a store, the least
recently used entries (a hit touches its folder) go until it fits. Stores
are atomic (a temporary folder renamed into place) and builds of one key
are serialized by a lock file, so concurrent users never see half an
image and never build one image twice at once.
"""
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time

from .. import SRC
from ..kast_cc import cache_dir

DEFAULT_LIMIT_MIB = 1024
# what an image depends on in the tree
TREE_PATHS = ("Makefile", "Config.uk", "arch", "include", "lib", "plat", "apps",
              "support/bin", "support/kast", "support/mk", "support/configs",
              "support/scripts")


def location():
    return os.environ.get("KAST_IMAGE_CACHE") or os.path.join(cache_dir(), "images")


def limit_bytes():
    try:
        return int(os.environ.get("KAST_IMAGE_CACHE_MIB", DEFAULT_LIMIT_MIB)) << 20
    except ValueError:
        return DEFAULT_LIMIT_MIB << 20


def _git(args):
    r = subprocess.run(["git", "-C", SRC] + args, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return r.stdout if r.returncode == 0 else None


def _hash_files(h, names):
    for n in sorted(names):
        path = os.path.join(SRC, n)
        if not os.path.isfile(path):
            continue
        h.update(n.encode() + b"\0")
        with open(path, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())


def tree_hash():
    """The Kast tree's state: in a git checkout, the index (git ls-files
    -s), the uncommitted changes (git diff HEAD) and untracked files'
    contents; otherwise every file's contents."""
    h = hashlib.sha256()
    staged = _git(["ls-files", "-s", "--"] + list(TREE_PATHS)) \
        if os.path.isdir(os.path.join(SRC, ".git")) or os.path.isfile(
            os.path.join(SRC, ".git")) else None
    if staged is not None:
        h.update(staged)
        h.update(_git(["diff", "HEAD", "--binary", "--"] + list(TREE_PATHS)) or b"")
        others = _git(["ls-files", "-z", "--others", "--exclude-standard", "--"]
                      + list(TREE_PATHS)) or b""
        _hash_files(h, [n.decode() for n in others.split(b"\0") if n])
        return h.hexdigest()
    names = []
    for top in TREE_PATHS:
        p = os.path.join(SRC, top)
        if os.path.isfile(p):
            names.append(top)
        for root, dirs, files in os.walk(p):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", "build", ".git")]
            names += [os.path.relpath(os.path.join(root, f), SRC) for f in files]
    _hash_files(h, names)
    return h.hexdigest()


def key(kind, arch, flags, sources, tree=None):
    """The cache key: @sources are (name, bytes) pairs."""
    h = hashlib.sha256()
    fields = ["kast-image-1", kind, arch, json.dumps(list(flags)), tree or tree_hash()]
    for name, data in sources:
        fields += [name, hashlib.sha256(data).hexdigest()]
    h.update("\0".join(fields).encode())
    return h.hexdigest()


class Cache:
    def __init__(self, root=None, limit=None):
        self.root = root or location()
        self.limit = limit if limit is not None else limit_bytes()
        os.makedirs(self.root, exist_ok=True)

    def entry(self, k):
        return os.path.join(self.root, k)

    def lookup(self, k):
        """The cached image's path (its entry touched), or None."""
        d = self.entry(k)
        img = os.path.join(d, "image")
        if not os.path.isfile(img):
            return None
        with contextlib.suppress(OSError):
            os.utime(d)
        return img

    @contextlib.contextmanager
    def building(self, k):
        """Hold the key's build lock (one build of a key at a time)."""
        with open(os.path.join(self.root, k[:32] + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def store(self, k, image, meta):
        """Copy @image into the cache under @k; returns the cached path."""
        tmp = tempfile.mkdtemp(prefix=".new-", dir=self.root)
        shutil.copy(image, os.path.join(tmp, "image"))
        with open(os.path.join(tmp, "meta.json"), "w") as f:
            json.dump(dict(meta, stored=time.time()), f)
        d = self.entry(k)
        shutil.rmtree(d, ignore_errors=True)
        os.rename(tmp, d)
        self.evict(keep=k)
        return os.path.join(d, "image")

    def entries(self):
        """[(last use, bytes, key)] of the complete entries."""
        out = []
        for n in os.listdir(self.root):
            d = os.path.join(self.root, n)
            if n.startswith(".") or not os.path.isdir(d):
                continue
            try:
                size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
                out.append((os.stat(d).st_mtime, size, n))
            except OSError:
                pass
        return out

    def evict(self, keep=None):
        """Remove least recently used entries until the cache fits."""
        with open(os.path.join(self.root, ".evict.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            items = sorted(self.entries())
            total = sum(s for _, s, _ in items)
            for _, size, k in items:
                if total <= self.limit:
                    break
                if k == keep:
                    continue
                shutil.rmtree(self.entry(k), ignore_errors=True)
                total -= size
