#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the initrd the in-guest ukcpio tests expect (lib/ukcpio/tests/
test_cpio.c checks every item below when the image boots with it):

    make_test_initrd.py OUT.cpio
    kast-qemu --initrd OUT.cpio IMAGE

Two concatenated archives. The first (070701, padded to 512 bytes):
    .                    dir  0755
    kast-initrd-test     file 0644 "kast initrd test\\n"   (the marker)
    etc                  dir  0755 mtime 1500000000
    etc/hostname         file 0644 "kast\\n" uid 1000 gid 100 mtime 1700000000
    etc/motd             symlink -> "hostname"
    etc/hosts            file 0644 "127.0.0.1 localhost ..." (for the
                         socket tests' getaddrinfo, lib/posix-socket)
    bin/tool             file 0755 "#!/bin/true\\n"   (bin/ not listed)
    data/big             file 0600 100000 bytes, byte i = (7 * i + 3) & 255
    data/empty           file 0644 empty
    data/link-a          file 0644 hard link (ino 500, nlink 2), no data
    data/link-b          file 0644 hard link (ino 500, nlink 2) "same inode\\n"
    deep/a/b/c/d/e/f     file 0644 "deep\\n"
    deep/a               dir  0750 (listed after its contents)
The second (070702, checksums): crc/checked file 0644 "crc ok\\n".
"""
import sys

S_IFDIR, S_IFREG, S_IFLNK = 0o040000, 0o100000, 0o120000


def entry(out, name, mode, data=b"", ino=0, nlink=1, uid=0, gid=0,
          mtime=1600000000, crc=False):
    name_b = name.encode() + b"\0"
    check = sum(data) & 0xffffffff if crc else 0
    fields = [ino, mode, uid, gid, nlink, mtime, len(data), 0, 0, 0, 0,
              len(name_b), check]
    out += (b"070702" if crc else b"070701")
    out += b"".join(b"%08x" % f for f in fields)
    out += name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)


def trailer(out, crc=False):
    entry(out, "TRAILER!!!", 0, mtime=0, crc=crc)
    out += b"\0" * (-len(out) % 512)


def build():
    out = bytearray()
    ino = iter(range(1, 1000))
    e = lambda *a, **k: entry(out, *a, ino=k.pop("ino", next(ino)), **k)
    e(".", S_IFDIR | 0o755)
    e("kast-initrd-test", S_IFREG | 0o644, b"kast initrd test\n")
    e("etc", S_IFDIR | 0o755, mtime=1500000000)
    e("etc/hostname", S_IFREG | 0o644, b"kast\n", uid=1000, gid=100,
      mtime=1700000000)
    e("etc/motd", S_IFLNK | 0o777, b"hostname")
    e("etc/hosts", S_IFREG | 0o644,
      b"127.0.0.1 localhost\n::1 localhost ip6-localhost\n")
    e("bin/tool", S_IFREG | 0o755, b"#!/bin/true\n")
    e("data/big", S_IFREG | 0o600, bytes((7 * i + 3) & 255
                                         for i in range(100000)))
    e("data/empty", S_IFREG | 0o644)
    e("data/link-a", S_IFREG | 0o644, ino=500, nlink=2)
    e("data/link-b", S_IFREG | 0o644, b"same inode\n", ino=500, nlink=2)
    e("deep/a/b/c/d/e/f", S_IFREG | 0o644, b"deep\n")
    e("deep/a", S_IFDIR | 0o750)
    trailer(out)
    entry(out, "crc/checked", S_IFREG | 0o644, b"crc ok\n", ino=900,
          crc=True)
    trailer(out, crc=True)
    return bytes(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_test_initrd.py OUT.cpio")
    with open(sys.argv[1], "wb") as f:
        f.write(build())
