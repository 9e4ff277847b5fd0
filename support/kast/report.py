# SPDX-License-Identifier: BSD-3-Clause
"""Test results: one line per test as it ends,

    PASS  [arch] name
    FAIL  [arch] name: detail

and a summary per group (architecture, "host", "fuzz") ending with the
line "N passed, N failed". A result may carry counts (a program's own
"N passed, N failed": host tests, in-guest suites) that replace its one.
"""
import threading

SUMMARY_RE = r"^(?:\S+: )?(\d+) passed, (\d+) failed"


def summary_line(passed, failed, prefix=""):
    return "%s%d passed, %d failed" % (prefix + ": " if prefix else "", passed, failed)


def excerpt(out, n=12):
    """The last @n lines of @out, indented, for a failure's detail."""
    lines = out.strip().splitlines()
    return "\n    " + "\n    ".join(lines[-n:]) if lines else " (no output)"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.items = []     # (group, name, ok, detail, (passed, failed) or None)

    def log(self, msg):
        with self.lock:
            print(msg, flush=True)

    def record(self, group, name, ok, detail="", count=None):
        with self.lock:
            self.items.append((group, name, ok, detail, count))
            print("%s  [%s] %s%s" % ("PASS" if ok else "FAIL", group, name,
                                     "" if ok else ": " + detail), flush=True)

    def counts(self, group):
        """(passed, failed) of a group: counted cases where a result has
        them (a failed result without failed cases counts one failure)."""
        p = f = 0
        for g, _, ok, _, count in self.items:
            if g != group:
                continue
            if count is not None:
                p += count[0]
                f += count[1]
                if not ok and count[1] == 0:
                    f += 1
            else:
                p += ok
                f += not ok
        return p, f

    def summary(self, title):
        """Print the summary; returns the number of failures."""
        print("\n== Summary (%s)" % title)
        total_p = total_f = 0
        for group in sorted(set(r[0] for r in self.items)):
            p, f = self.counts(group)
            print("  %-8s %s" % (group, summary_line(p, f)))
            total_p += p
            total_f += f
        for group, name, ok, _, _ in self.items:
            if not ok:
                print("  FAILED [%s] %s" % (group, name))
        print(summary_line(total_p, total_f))
        return total_f
