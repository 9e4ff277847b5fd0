# SPDX-License-Identifier: BSD-3-Clause
"""fuzz [--seconds N] [--build DIR] [--docs FILE] [TARGET...]

Builds every libFuzzer target (<component>/tests/fuzz/fuzz_<name>.c, e.g.
plat/kvm/tests/fuzz/fuzz_dtb.c) with clang -fsanitize=fuzzer,address,
undefined and runs each for N seconds (default 60), or only the TARGETs
named (fuzz_dtb). Programs, corpora, logs and crash artifacts go to
DIR/fuzz (DIR: a build folder, default build/ in the source tree; fetched
sources go to DIR/src as in the kernel build). Exits non-zero if a target
does not build or finds a crash; the last line is "fuzz: N passed, N
failed" (targets).

Each target's line gives libFuzzer's final figures: executions (and per
second), coverage as edges (libFuzzer's "cov", the instrumented edges
reached) and features ("ft", edges plus the finer signals libFuzzer
keeps inputs for), and the corpus size. --docs FILE writes them as a
Markdown table to FILE (the figures of docs/security.md come from
`make fuzz SECONDS=600 DOCS=FILE`).

A target may have a make fragment beside it, fuzz_<name>.mk, setting
  fuzz_<name>-srcs     further sources (absolute: $(SRCDIR)/..., $(O)/...)
  fuzz_<name>-cflags   further flags (-I...)
  fuzz_<name>-prepare  targets to make first (e.g. libfdt-fetch)
  fuzz_<name>-seeds    files (or targets) copied into the seed corpus
with SRCDIR (source tree), O (DIR) and FUZZ_OUT (DIR/fuzz) defined.
Compiler: $FUZZ_CC, else clang, else clang-14; as root missing clang or
libclang-rt-*-dev packages are installed with apt-get.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

from . import SRC, deps
from .report import summary_line

MAX_LEN = 65536         # largest input tried (bytes)
TIMEOUT = 10            # one input running longer than this is a failure (s)
RSS_LIMIT_MB = 2048
SANITIZE = "-fsanitize=fuzzer,address,undefined"
DEFAULT_CLANG = "clang-14"
PROBE = ("int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n"
         "{\n\treturn (int)(n * 0) + (d == 0);\n}\n")
# the rules of the generated makefile (recipe lines start with a tab)
MAKEFILE = "\n".join([
    "FUZZ_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror \\",
    "\t-Wno-unused-parameter -fno-omit-frame-pointer \\",
    "\t-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \\",
    "\t-I$(SRCDIR)/tests/host/include -I$(SRCDIR)/tests/host \\",
    "\t-I$(SRCDIR)/include -D__KAST_HOST_TEST__ -D__KAST_FUZZ__",
    ".PHONY: all",
    "all:",
    "# Fetched sources exist only after the prepare targets ran: track the ones",
    "# already there, build in any case when the program is missing.",
    "define fuzz_rule",
    "$(FUZZ_OUT)/$(1): $(2) $$(wildcard $$($(1)-srcs)) | $$($(1)-prepare)",
    "\t@printf '  %-8s %s\\n' FUZZCC fuzz/$(1)",
    "\t@$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$($(1)-cflags) -o $$@ $(2) $$($(1)-srcs)",
    "",
    ".PHONY: $(1)-corpus",
    "$(1)-corpus: $$($(1)-seeds)",
    "\t@mkdir -p $(FUZZ_OUT)/$(1).corpus",
    "\t@$$(if $$^,cp $$^ $(FUZZ_OUT)/$(1).corpus/)",
    "",
    "all: $(FUZZ_OUT)/$(1) $(1)-corpus",
    "endef",
    "",
])


def die(msg):
    print("fuzz: error: " + msg, file=sys.stderr)
    sys.exit(1)


def parse(argv):
    seconds, build, names, docs = 60, os.path.join(SRC, "build"), [], None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--seconds":
            if i + 1 >= len(argv):
                die("--seconds needs a number")
            if not re.fullmatch(r"[0-9]+", argv[i + 1]):
                die("bad --seconds '%s'" % argv[i + 1])
            seconds = int(argv[i + 1])
            i += 1
        elif a == "--docs":
            if i + 1 >= len(argv):
                die("--docs needs a file")
            docs = argv[i + 1]
            i += 1
        elif a == "--build":
            if i + 1 >= len(argv):
                die("--build needs a folder")
            build = argv[i + 1]
            i += 1
        elif a in ("-h", "--help"):
            sys.stdout.write(__doc__)
            sys.exit(0)
        elif a.startswith("-"):
            die("unknown option '%s'" % a)
        else:
            names = argv[i:]
            break
        i += 1
    return seconds, build, names, docs


def targets(names):
    """{name: source} of the fuzz targets (only @names when given)."""
    found = {}
    for f in sorted(glob.glob(os.path.join(SRC, "*", "*", "tests", "fuzz", "fuzz_*.c")) +
                    glob.glob(os.path.join(SRC, "tests", "fuzz", "fuzz_*.c"))):
        if not os.path.isfile(f) or f.startswith(os.path.join(SRC, "build") + os.sep):
            continue
        name = os.path.basename(f)[:-2]
        if not re.fullmatch(r"[A-Za-z0-9_]+", name):
            die("bad target name: " + f)
        if names and name not in names:
            continue
        if name in found:
            die("two fuzz targets named " + name)
        found[name] = f
    if not found:
        die("no fuzz targets" + (" named " + " ".join(names) if names else ""))
    return found


def install(packages):
    err = deps.install(packages)
    if err:
        die(err)


def compiler(out):
    """A clang that builds libFuzzer programs, installing it when missing."""
    cc = os.environ.get("FUZZ_CC")
    if not cc:
        cc = next((c for c in ("clang", DEFAULT_CLANG) if shutil.which(c)), None)
        if not cc:
            install([DEFAULT_CLANG, "libclang-rt-14-dev"])
            cc = DEFAULT_CLANG
    probe = os.path.join(out, ".probe")
    with open(probe + ".c", "w") as f:
        f.write(PROBE)
    cmd = [cc, SANITIZE, "-o", probe, probe + ".c"]
    if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode:
        r = subprocess.run([cc, "-dumpversion"], stdout=subprocess.PIPE, universal_newlines=True)
        install(["libclang-rt-%s-dev" % r.stdout.strip().split(".")[0]])
        if subprocess.run(cmd).returncode:
            die("%s cannot build libFuzzer programs" % cc)
    for p in (probe, probe + ".c"):
        if os.path.exists(p):
            os.unlink(p)
    return cc


def write_makefile(path, build, out, cc, found):
    """The targets' fragments plus one rule each."""
    lines = ["SRCDIR := " + SRC, "O := " + build, "FUZZ_OUT := " + out, "FUZZ_CC := " + cc,
             MAKEFILE.rstrip("\n")]
    for name, src in found.items():
        mk = src[:-2] + ".mk"
        if os.path.isfile(mk):
            lines.append("include " + mk)
        lines.append("$(eval $(call fuzz_rule,%s,%s))" % (name, src))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


LOG_TAIL = 1 << 20      # bytes of a log read back: the final figures and the error


def log_tail(log):
    """The end of a log: a target that writes on every run leaves one far
    too large to read whole (gigabytes in ten minutes)."""
    with open(log, "rb") as f:
        f.seek(0, os.SEEK_END)
        f.seek(max(0, f.tell() - LOG_TAIL))
        return f.read().decode("utf-8", "replace")


def final_stats(text):
    """libFuzzer's final figures from a log: {runs, exec_s, edges,
    features}, None where the log lacks them (a crash ends it early)."""
    stats = dict(re.findall(r"^stat::(\w+): *(\S+)", text, re.M))
    last = None
    for m in re.finditer(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+)", text, re.M):
        last = m
    return {
        "runs": stats.get("number_of_executed_units") or (last.group(1) if last else None),
        "exec_s": stats.get("average_exec_per_sec"),
        "edges": last.group(2) if last else None,
        "features": last.group(3) if last else None,
    }


def figures(st, inputs):
    def f(key):
        return st[key] if st[key] is not None else "?"
    return "%s runs (%s/s), %s edges, %s features, corpus %d inputs" % (
        f("runs"), f("exec_s"), f("edges"), f("features"), inputs)


def run_target(name, out, seconds):
    """Run one target; prints its PASS or FAIL line, returns (success,
    figures: {runs, exec_s, edges, features, inputs})."""
    log = os.path.join(out, name + ".log")
    corpus = os.path.join(out, name + ".corpus")
    print("  FUZZ     %s for %ds" % (name, seconds), flush=True)
    with open(log, "w") as f:
        r = subprocess.run([os.path.join(out, name), "-max_total_time=%d" % seconds,
                            "-timeout=%d" % TIMEOUT, "-max_len=%d" % MAX_LEN,
                            "-rss_limit_mb=%d" % RSS_LIMIT_MB, "-print_final_stats=1",
                            "-artifact_prefix=%s-" % os.path.join(out, name), corpus],
                           stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    text = log_tail(log)
    st = final_stats(text)
    st["inputs"] = sum(len(files) for _, _, files in os.walk(corpus))
    if r.returncode == 0:
        print("PASS  %s: %s" % (name, figures(st, st["inputs"])), flush=True)
        return True, st
    print("FAIL  %s (log: %s)" % (name, log))
    pat = re.compile(r"ERROR|runtime error|SUMMARY|Test unit written")
    for line in [x for x in text.splitlines() if pat.search(x)][:8]:
        print("    " + line)
    sys.stdout.flush()
    return False, st


def write_docs(path, seconds, rows):
    """The Markdown table of @rows [(name, ok, figures)]."""
    lines = ["| target | seconds | executions | per second | edges | features "
             "| corpus | result |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for name, ok, st in rows:
        cells = [st.get(k) or "?" for k in ("runs", "exec_s", "edges", "features")]
        lines.append("| `%s` | %d | %s | %s | %s | %s | %d | %s |" % (
            name, seconds, cells[0], cells[1], cells[2], cells[3], st.get("inputs", 0),
            "pass" if ok else "**FAIL**"))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv=None):
    seconds, build, names, docs = parse(sys.argv[1:] if argv is None else argv)
    os.makedirs(os.path.join(build, "fuzz"), exist_ok=True)
    build = os.path.abspath(build)
    out = os.path.join(build, "fuzz")
    found = targets(names)
    cc = compiler(out)
    mk = os.path.join(out, "fuzz.mk")
    write_makefile(mk, build, out, cc, found)

    passed = failed = 0
    sys.stdout.flush()
    r = subprocess.run(["make", "-s", "-f", mk, "-j%d" % len(os.sched_getaffinity(0)), "all"])
    if r.returncode:
        for name in found:
            if not os.access(os.path.join(out, name), os.X_OK):
                print("FAIL  %s: did not build" % name)
                failed += 1
        print(summary_line(passed, max(failed, 1), "fuzz"))
        return 1
    rows = []
    for name in found:
        ok, st = run_target(name, out, seconds)
        rows.append((name, ok, st))
        if ok:
            passed += 1
        else:
            failed += 1
    if docs:
        write_docs(docs, seconds, rows)
        print("fuzz: figures written to %s" % docs)
    print(summary_line(passed, failed, "fuzz"))
    return 1 if failed else 0
