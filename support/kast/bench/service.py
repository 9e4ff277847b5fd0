# SPDX-License-Identifier: BSD-3-Clause
"""The service's figures (make bench; alone: support/scripts/bench-service):
a registered C function's invocation latency through kast serve (HTTP
request to response, image cached) against a bare QEMU boot of the floor
guest, a Lua function's latency, and the throughput of N concurrent
invocations with kast serve's default of 2 VMs at once."""
import argparse
from concurrent.futures import ThreadPoolExecutor
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from .. import BIN, SRC, qemu
from .images import build_floor

HELLO_C = '#include <stdio.h>\nint main(int argc, char **argv)\n{\n' \
    '    printf("hello %s\\n", argc > 1 ? argv[1] : "world");\n    return 0;\n}\n'
HELLO_LUA = 'print("hello " .. (arg[1] or "world"))\n'
TOKEN = "kast-bench-token-8d2f61c0a9e3b7d4"
MARK_BEGIN = "<!-- service: support/scripts/bench-service -->"
MARK_END = "<!-- /service -->"


def stats(xs):
    xs = sorted(xs)
    return {"median": statistics.median(xs), "min": xs[0], "max": xs[-1], "n": len(xs)}


def serve(bdir, max_vms):
    tok = os.path.join(bdir, "service-token")
    with open(tok, "w") as f:
        f.write(TOKEN + "\n")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    env = dict(os.environ, KAST_IMAGE_CACHE=os.path.join(bdir, "service-images"))
    log = open(os.path.join(bdir, "service-serve.log"), "w")
    proc = subprocess.Popen([os.path.join(BIN, "kast"), "serve", "--token-file", tok,
                             "--port", str(port), "--max-vms", str(max_vms)],
                            stdout=log, stderr=subprocess.STDOUT, env=env,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("kast serve ended: see %s" % log.name)
            time.sleep(0.1)
    return proc, "http://127.0.0.1:%d" % port


def call(url, path, data):
    req = urllib.request.Request(url + path, data=json.dumps(data).encode(), method="POST")
    req.add_header("Authorization", "Bearer " + TOKEN)
    req.add_header("Content-Type", "application/json")
    t0 = time.monotonic()
    with urllib.request.urlopen(req, timeout=600) as r:
        body = json.loads(r.read())
    return time.monotonic() - t0, body


def bench_service(bdir, accel="tcg", runs=10, concurrent=8, max_vms=2):
    """The figures as a dict (times in seconds)."""
    os.makedirs(bdir, exist_ok=True)
    floor, err = build_floor(bdir, "x86_64")
    if not floor:
        raise RuntimeError("the floor does not build: %s" % err)
    cmd, machine = qemu.command("x86_64", floor["image"], accel, mem=64)
    floor_s = []
    for _ in range(runs):
        t0 = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        floor_s.append(time.monotonic() - t0)
    proc, url = serve(bdir, max_vms)
    try:
        res = {"accel": accel, "machine": machine, "max_vms": max_vms,
               "floor": stats(floor_s), "cores": len(os.sched_getaffinity(0)),
               "load_start": os.getloadavg()[0]}
        for lang, src in (("c", HELLO_C), ("lua", HELLO_LUA)):
            _, reg = call(url, "/v1/functions", {"name": "hello-" + lang, "language": lang,
                                                 "source": src})
            if lang == "c":
                reg_c = reg
            call(url, "/v1/functions/hello-%s/invoke" % lang, {})   # warm the page cache
            lat, boot = [], []
            for i in range(runs):
                t, body = call(url, "/v1/functions/hello-%s/invoke" % lang, {"args": [str(i)]})
                if body["stdout"] != "hello %d\n" % i:
                    raise RuntimeError("%s function answered %r" % (lang, body))
                lat.append(t)
                boot.append(body["timings"]["boot_ms"] / 1000)
            res[lang] = {"latency": stats(lat), "boot": stats(boot),
                         "image_bytes": reg["image"]["bytes"]}
        # the C function's own image booted bare, as the floor is
        img = cached_image(bdir, reg_c["image"]["sha256"])
        if img:
            cmd, _ = qemu.command("x86_64", img, accel, mem=64)
            bare = []
            for _ in range(runs):
                t0 = time.monotonic()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdin=subprocess.DEVNULL)
                bare.append(time.monotonic() - t0)
            res["c"]["bare"] = stats(bare)
        t0 = time.monotonic()
        with ThreadPoolExecutor(concurrent) as pool:
            outs = list(pool.map(lambda i: call(url, "/v1/functions/hello-c/invoke",
                                                {"args": [str(i)]}), range(concurrent)))
        wall = time.monotonic() - t0
        bad = [b for i, (_, b) in enumerate(outs) if b["stdout"] != "hello %d\n" % i]
        if bad:
            raise RuntimeError("concurrent invocations answered wrongly: %r" % bad[:2])
        res["throughput"] = {"n": concurrent, "wall": wall, "per_s": concurrent / wall,
                             "latency": stats([t for t, _ in outs])}
        res["load_end"] = os.getloadavg()[0]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
    return res


def cached_image(bdir, sha):
    """The path of the cached image with SHA-256 @sha (None if gone)."""
    from ..service.runner import sha256_file
    root = os.path.join(bdir, "service-images")
    for k in os.listdir(root):
        img = os.path.join(root, k, "image")
        if os.path.isfile(img) and sha256_file(img) == sha:
            return img
    return None


def ms(s):
    return "%.0f ms" % (s * 1000) if s < 10 else "%.1f s" % s


def markdown(r):
    """The report's section (Markdown lines)."""
    f, c, lua, tp = r["floor"], r["c"], r["lua"], r["throughput"]
    return [
        MARK_BEGIN,
        "## Service: kast serve",
        "",
        "Functions registered once (`POST /v1/functions`, image built and cached), then "
        "invoked with `POST /v1/functions/NAME/invoke`: the time from sending the HTTP "
        "request to reading its whole response, on this machine's %d cores, accelerator "
        "%s, %d runs each (median, min .. max), host load average %.1f at the start and "
        "%.1f at the end (other work shares the machine: compare rows, not runs). The "
        "floor is the bare QEMU boot of the smallest guest (support/bench/floor-x86_64.S) "
        "on `%s`."
        % (r["cores"], r["accel"], c["latency"]["n"], r.get("load_start", 0),
           r.get("load_end", 0), r["machine"]),
        "",
        "| | median | min .. max | ratio to the floor |",
        "| --- | --- | --- | --- |",
        "| floor: bare QEMU boot | %s | %s .. %s | 1.00x |"
        % (ms(f["median"]), ms(f["min"]), ms(f["max"])),
        "| C function: request -> response | %s | %s .. %s | %.2fx |"
        % (ms(c["latency"]["median"]), ms(c["latency"]["min"]), ms(c["latency"]["max"]),
           c["latency"]["median"] / f["median"]),
        "| C function: kast-run inside it | %s | %s .. %s | %.2fx |"
        % (ms(c["boot"]["median"]), ms(c["boot"]["min"]), ms(c["boot"]["max"]),
           c["boot"]["median"] / f["median"]),
    ] + ([
        "| C function's image: bare QEMU boot | %s | %s .. %s | %.2fx |"
        % (ms(c["bare"]["median"]), ms(c["bare"]["min"]), ms(c["bare"]["max"]),
           c["bare"]["median"] / f["median"])] if "bare" in c else []) + [
        "| Lua function: request -> response | %s | %s .. %s | %.2fx |"
        % (ms(lua["latency"]["median"]), ms(lua["latency"]["min"]), ms(lua["latency"]["max"]),
           lua["latency"]["median"] / f["median"]),
        "",
        "Throughput: %d concurrent invocations of the C function (kast serve --max-vms %d, "
        "the rest queued) took %s in all: %.2f invocations/s; each answered in %s median "
        "(%s .. %s). Images: C %d bytes, Lua %d bytes."
        % (tp["n"], r["max_vms"], ms(tp["wall"]), tp["per_s"], ms(tp["latency"]["median"]),
           ms(tp["latency"]["min"]), ms(tp["latency"]["max"]), c["image_bytes"],
           lua["image_bytes"]),
        "",
        "Where the time goes: a cached invocation is kast-run (Python start-up, "
        "ensure-deps, kast-qemu, the console filter) around the VM's boot and run; the "
        "kast-run row minus the bare-boot row is that tooling's share, the request -> "
        "response row minus the kast-run row the HTTP server's. The C image is a POSIX "
        "(musl, vfscore, ...) image on microvm, so its bare boot is above the floor's.",
        MARK_END,
    ]


def patch_docs(path, lines):
    """Replace (or add) the service section of docs/benchmarks.md."""
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    section = "\n".join(lines) + "\n"
    m = re.search(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END) + r"\n?", text, re.S)
    text = text[:m.start()] + section + text[m.end():] if m else \
        text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


def main(argv=None):
    p = argparse.ArgumentParser(prog="bench-service", description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(SRC, "build", "bench"))
    p.add_argument("--accel", choices=["tcg", "kvm"], default=os.environ.get("ACCEL") or "tcg")
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--concurrent", type=int, default=8)
    p.add_argument("--docs", default=os.path.join(SRC, "docs", "benchmarks.md"))
    p.add_argument("--no-docs", action="store_true")
    a = p.parse_args(argv)
    bdir = os.path.abspath(a.build)
    r = bench_service(bdir, a.accel, a.runs, a.concurrent)
    with open(os.path.join(bdir, "service.json"), "w") as f:
        json.dump(r, f, indent=1)
    lines = markdown(r)
    print("\n".join(lines[1:-1]))
    if not a.no_docs:
        patch_docs(a.docs, lines)
        print("report: %s" % a.docs, file=sys.stderr)
    return 0
