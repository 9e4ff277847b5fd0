# SPDX-License-Identifier: BSD-3-Clause
"""The output of lib/uktest: per case "[ ok ] suite.case" or "[FAIL]
suite.case" (after "  FAIL suite.case at file:line: ..." lines), then
"uktest: N passed, N failed"."""
import re

SUMMARY_RE = re.compile(r"^uktest: (\d+) passed, (\d+) failed", re.M)
FAILED_CASE_RE = re.compile(r"^\[FAIL\] (\S+)", re.M)


def summary(out):
    """(passed, failed) from the last summary line, or None."""
    m = None
    for m in SUMMARY_RE.finditer(out):
        pass
    return (int(m.group(1)), int(m.group(2))) if m else None


def fail_lines(out):
    """Every line that reports a failure, stripped."""
    return [line.strip() for line in out.splitlines() if "FAIL" in line]


def failed_cases(out):
    """Names (suite.case) of the cases that failed."""
    return FAILED_CASE_RE.findall(out)
