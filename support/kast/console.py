# SPDX-License-Identifier: BSD-3-Clause
"""A guest console as a program's output: the console's "\\r\\n" turned
back into "\\n" and, on riscv64, the firmware's (OpenSBI) start-up banner
removed, so that a Kast program prints exactly what it prints on a host."""


class ConsoleFilter:
    """Undo the console's "\\n" -> "\\r\\n" and drop OpenSBI's banner."""

    BANNER = b"OpenSBI v"
    LAST = b"Boot HART "    # OpenSBI's banner ends with "Boot HART ..." lines

    def __init__(self, out, strip_banner):
        self.out = out
        self.cr = False                 # a "\r" held back from the last chunk
        self.state = "start" if strip_banner else "pass"
        self.held = b""                 # text held while the banner is decided
        self.seen_last = False
        self.dropped = b""              # the banner so far

    def feed(self, data, eof=False):
        if self.cr:
            data = b"\r" + data
            self.cr = False
        if data.endswith(b"\r") and not eof:
            data = data[:-1]
            self.cr = True
        data = data.replace(b"\r\n", b"\n")
        if self.state != "pass":
            data = self.banner(data, eof)
        if data:
            self.out.write(data)
            self.out.flush()

    def banner(self, data, eof):
        buf = self.held + data
        self.held = b""
        if self.state == "start":
            body = buf.lstrip(b"\n")
            if body.startswith(self.BANNER):
                self.state = "banner"
            elif self.BANNER.startswith(body) and not eof:
                self.held = buf
                return b""
            else:
                self.state = "pass"
                return buf
        # state "banner": drop whole lines up to the end of the banner
        pos = 0
        while True:
            nl = buf.find(b"\n", pos)
            if nl < 0:
                rest = buf[pos:]
                self.dropped += buf[:pos]
                if not self.seen_last:
                    if eof:
                        # the banner never ended: show it all (boot problem)
                        self.state = "pass"
                        return self.dropped + rest
                    self.held = rest
                    return b""
                if rest.startswith(self.LAST) or (self.LAST.startswith(rest) and not eof):
                    self.held = rest    # maybe one more banner line
                    return b""
                self.state = "pass"
                return rest
            line = buf[pos:nl]
            if self.seen_last and not line.startswith(self.LAST):
                self.state = "pass"
                return buf[pos:]
            if line.startswith(self.LAST):
                self.seen_last = True
            pos = nl + 1

    def finish(self):
        if self.cr or self.state != "pass":
            self.feed(b"", eof=True)
