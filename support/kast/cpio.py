# SPDX-License-Identifier: BSD-3-Clause
"""cpio "newc" archives (what Kast unpacks as its initrd, lib/ukcpio)."""
import os
import stat

MAGIC = b"070701"
TRAILER = "TRAILER!!!"
BLOCK = 512


def archive(entries):
    """An uncompressed newc archive, padded to 512 bytes, from entries
    (name, mode, data[, (rdev major, minor)[, mtime]]): owner root, one
    link each, inodes numbered from 1."""
    out = bytearray()
    for ino, e in enumerate(list(entries) + [(TRAILER, 0, b"")], 1):
        name, mode, data = e[:3]
        rdev = e[3] if len(e) > 3 else (0, 0)
        mtime = e[4] if len(e) > 4 else 0
        nb = os.fsencode(name) + b"\0"
        fields = (ino, mode, 0, 0, 1, mtime, len(data), 0, 0, rdev[0], rdev[1], len(nb), 0)
        out += MAGIC + "".join("%08X" % x for x in fields).encode() + nb
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
    out += b"\0" * (-len(out) % BLOCK)
    return bytes(out)


def folder_entries(folder):
    """Entries of archive() for everything below @folder: names relative
    to it without "./", a folder before what it holds, names sorted;
    modes, modification times, symlink targets and device numbers as on
    disk (hard links become separate files)."""
    out = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        rel = os.path.relpath(root, folder)
        for n in dirs + sorted(files):
            name = n if rel == "." else os.path.join(rel, n)
            path = os.path.join(root, n)
            st = os.lstat(path)
            data = b""
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    data = f.read()
            elif stat.S_ISLNK(st.st_mode):
                data = os.fsencode(os.readlink(path))
            rdev = (os.major(st.st_rdev), os.minor(st.st_rdev)) \
                if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else (0, 0)
            out.append((name, st.st_mode, data, rdev, int(st.st_mtime)))
    return out


def pack_folder(folder):
    """The newc archive of @folder's contents (see folder_entries)."""
    return archive(folder_entries(folder))
