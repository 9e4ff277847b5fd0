# SPDX-License-Identifier: BSD-3-Clause
"""kast serve: the HTTP API and the dashboard (aiohttp, Debian's
python3-aiohttp). docs/service.md describes the endpoints and limits.

usage: kast serve --token-file FILE [--listen ADDR] [--port N] [--connect URI]
                  [--max-vms N] [--queue N] [--max-memory-mib N]
                  [--max-timeout-s S] [--max-output BYTES] [--max-source BYTES]
                  [--max-body BYTES]

Every /v1 endpoint needs "Authorization: Bearer <token>" (the token file's
first line); GET / is the dashboard page, which holds no data itself: it
reads the token from /?token=... once, keeps it in the browser's
localStorage and calls the API with it.
"""
import argparse
import asyncio
import collections
import hmac
import itertools
import os
import shutil
import sys
import tempfile
import time

from .. import ARCHS, deps
from . import EXIT_COMPILE, EXIT_OUTPUT_LIMIT, runner

DASHBOARD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboard.html")
RUN_FIELDS = {"language", "source", "args", "stdin", "arch", "timeout_s", "memory_mib"}
FUNCTION_FIELDS = {"name", "language", "source", "arch", "timeout_s", "memory_mib"}
INVOKE_FIELDS = {"args", "stdin", "timeout_s"}
LUA_MIN_MIB = 256


def aiohttp_web():
    try:
        from aiohttp import web
    except ImportError:
        err = deps.install(["python3-aiohttp"])
        if err:
            sys.exit("kast serve: " + err)
        from aiohttp import web
    return web


web = aiohttp_web()


def fail(status, msg):
    """A JSON error response as an exception."""
    cls = {400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 404: web.HTTPNotFound,
           409: web.HTTPConflict, 413: web.HTTPRequestEntityTooLarge,
           429: web.HTTPTooManyRequests, 503: web.HTTPServiceUnavailable}[status]
    kw = {"text": '{"error": %s}' % json_str(msg), "content_type": "application/json"}
    if status == 413:
        return cls(max_size=0, actual_size=0, **kw)
    if status == 401:
        return cls(headers={"WWW-Authenticate": "Bearer"}, **kw)
    return cls(**kw)


def json_str(s):
    import json
    return json.dumps(s)


class Limits:
    def __init__(self, a):
        self.max_vms = a.max_vms
        self.queue = a.queue
        self.max_mem = a.max_memory_mib
        self.max_timeout = a.max_timeout_s
        self.max_output = a.max_output
        self.max_source = a.max_source
        self.max_body = a.max_body


class Gate:
    """At most @slots runs at once, at most @queue waiting; more: 429."""

    def __init__(self, slots, queue):
        self.sem = asyncio.Semaphore(slots)
        self.queue = queue
        self.waiting = 0

    async def __aenter__(self):
        if self.sem.locked() and self.waiting >= self.queue:
            raise fail(429, "the VM slots are busy and the queue is full; retry later")
        self.waiting += 1
        try:
            await self.sem.acquire()
        finally:
            self.waiting -= 1

    async def __aexit__(self, *exc):
        self.sem.release()


# ---------------------------------------------------------------------------
# Request checking
# ---------------------------------------------------------------------------
async def body(request, allowed):
    if request.content_length is not None and request.content_length > \
            request.app["limits"].max_body:
        raise fail(413, "request body over %d bytes" % request.app["limits"].max_body)
    try:
        data = await request.json()
    except web.HTTPRequestEntityTooLarge:
        raise fail(413, "request body over %d bytes" % request.app["limits"].max_body)
    except ValueError as e:
        raise fail(400, "malformed JSON: %s" % e)
    if not isinstance(data, dict):
        raise fail(400, "the body must be a JSON object")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise fail(400, "unknown field(s): %s (allowed: %s)"
                   % (", ".join(unknown), ", ".join(sorted(allowed))))
    return data


def check_program(app, d, need_source=True):
    """(language, source, arch, timeout, memory) of a run or function."""
    lim = app["limits"]
    lang = d.get("language")
    if lang not in ("c", "lua"):
        raise fail(400, 'language must be "c" or "lua"')
    src = d.get("source")
    if not isinstance(src, str) or not src:
        raise fail(400, "source must be a non-empty string")
    if len(src.encode()) > lim.max_source:
        raise fail(413, "source over %d bytes" % lim.max_source)
    arch = d.get("arch", "x86_64")
    if arch not in ARCHS:
        raise fail(400, "arch must be one of %s" % ", ".join(ARCHS))
    timeout, mem = check_limits(app, d, lang)
    return lang, src, arch, timeout, mem


def check_limits(app, d, lang="c"):
    lim = app["limits"]
    timeout = d.get("timeout_s", min(30, lim.max_timeout))
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or \
            not 0 < timeout <= lim.max_timeout:
        raise fail(400, "timeout_s must be a number in (0, %g]" % lim.max_timeout)
    mem = d.get("memory_mib", LUA_MIN_MIB if lang == "lua" else 64)
    if isinstance(mem, bool) or not isinstance(mem, int) or not 16 <= mem <= lim.max_mem:
        raise fail(400, "memory_mib must be an integer in [16, %d]" % lim.max_mem)
    return float(timeout), mem


def check_invocation(app, d):
    args = d.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise fail(400, "args must be a list of strings")
    if any("\0" in a for a in args):
        raise fail(400, "args must not contain NUL characters")
    if sum(len(a.encode()) + 1 for a in args) > 4096:
        raise fail(413, "args over 4096 bytes in all")
    stdin = d.get("stdin", "")
    if not isinstance(stdin, str):
        raise fail(400, "stdin must be a string")
    if len(stdin.encode()) > app["limits"].max_source:
        raise fail(413, "stdin over %d bytes" % app["limits"].max_source)
    return args, stdin.encode()


# ---------------------------------------------------------------------------
# Building and running (in threads: they block)
# ---------------------------------------------------------------------------
def build(lang, src, arch):
    """(image, image_info, build_ms); raises runner.BuildError."""
    if lang == "lua":
        return runner.lua_image(arch)
    tmp = tempfile.mkdtemp(prefix="kast-api-")
    try:
        with open(os.path.join(tmp, "main.c"), "w") as f:
            f.write(src)
        return runner.build_c(["main.c"], arch, name="main", cwd=tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def execute(image, lang, src, args, stdin, timeout, mem, max_output):
    """Run the image: (stdout, stderr, Outcome)."""
    tmp = tempfile.mkdtemp(prefix="kast-api-")
    try:
        initrd = None
        if lang == "lua":
            initrd = os.path.join(tmp, "initrd")
            os.makedirs(os.path.join(initrd, "app"))
            os.makedirs(os.path.join(initrd, "tmp"))
            with open(os.path.join(initrd, "app", "main.lua"), "w") as f:
                f.write(src)
            args = [runner.LUA_DIR + "/main.lua"] + list(args)
        out, err = bytearray(), bytearray()
        cmd = runner.kast_run_cmd(image, args, mem, timeout, initrd=initrd)
        res = runner.run(cmd, out.extend, err.extend, stdin=stdin, max_output=max_output,
                         timeout=timeout)
        return bytes(out), bytes(err), res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def text(b):
    return b.decode("utf-8", "replace")


async def run_program(app, lang, src, arch, args, stdin, timeout, mem, image=None, fn=None):
    t0 = time.monotonic()
    lim = app["limits"]
    async with app["gate"]:
        build_ms = 0
        if image is None:
            try:
                image = await asyncio.to_thread(build, lang, src, arch)
            except runner.BuildError as e:
                if not e.is_compile:
                    raise fail(503, "the image could not be built: " + e.diagnostics[-2000:])
                return record(app, {"stdout": "", "stderr": e.diagnostics,
                                    "exit_status": EXIT_COMPILE, "timed_out": False,
                                    "output_limited": False, "compile_error": True,
                                    "timings": {"build_ms": int((time.monotonic() - t0) * 1000),
                                                "boot_ms": 0,
                                                "total_ms": int((time.monotonic() - t0) * 1000)},
                                    "image": None}, lang, arch, fn)
            img, info, build_ms = image
        else:
            img, info, _ = image
            info = dict(info, cached=True)
        out, err, res = await asyncio.to_thread(execute, img, lang, src, args, stdin, timeout,
                                                mem, lim.max_output)
    if res.output_limited:
        err += b"\nkast: output limit reached (%d bytes): the program was stopped\n" \
            % lim.max_output
    status = EXIT_OUTPUT_LIMIT if res.output_limited else res.status
    return record(app, {"stdout": text(out), "stderr": text(err), "exit_status": status,
                        "timed_out": res.timed_out, "output_limited": res.output_limited,
                        "timings": {"build_ms": build_ms, "boot_ms": res.boot_ms,
                                    "total_ms": int((time.monotonic() - t0) * 1000)},
                        "image": info}, lang, arch, fn)


def record(app, result, lang, arch, fn):
    app["runs"].appendleft({"id": next(app["ids"]), "time": time.time(), "language": lang,
                            "arch": arch, "function": fn, "exit_status": result["exit_status"],
                            "timed_out": result["timed_out"], "timings": result["timings"],
                            "cached": bool(result["image"] and result["image"]["cached"])})
    return web.json_response(result)


# ---------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------
async def post_run(request):
    d = await body(request, RUN_FIELDS)
    lang, src, arch, timeout, mem = check_program(request.app, d)
    args, stdin = check_invocation(request.app, d)
    return await run_program(request.app, lang, src, arch, args, stdin, timeout, mem)


async def post_function(request):
    app = request.app
    d = await body(request, FUNCTION_FIELDS)
    name = d.get("name")
    if not isinstance(name, str) or not name or len(name) > 64 or \
            not all(c.isalnum() or c in "-_" for c in name):
        raise fail(400, "name must be 1-64 letters, digits, '-' or '_'")
    lang, src, arch, timeout, mem = check_program(app, d)
    async with app["gate"]:
        try:
            image = await asyncio.to_thread(build, lang, src, arch)
        except runner.BuildError as e:
            if e.is_compile:
                raise fail(400, "compile error:\n" + e.diagnostics)
            raise fail(503, "the image could not be built: " + e.diagnostics[-2000:])
    app["functions"][name] = {"language": lang, "source": src, "arch": arch,
                              "timeout_s": timeout, "memory_mib": mem, "image": image,
                              "created": time.time()}
    return web.json_response({"name": name, "language": lang, "arch": arch,
                              "image": dict(image[1]), "build_ms": image[2]}, status=201)


async def invoke_function(request):
    app = request.app
    fn = app["functions"].get(request.match_info["name"])
    if fn is None:
        raise fail(404, "no function named '%s'" % request.match_info["name"])
    d = await body(request, INVOKE_FIELDS)
    args, stdin = check_invocation(app, d)
    timeout = fn["timeout_s"]
    if "timeout_s" in d:
        timeout, _ = check_limits(app, {"timeout_s": d["timeout_s"]}, fn["language"])
    image = fn["image"]
    if not os.path.isfile(image[0]):
        # evicted from the cache meanwhile: build again (same key)
        image = None
    return await run_program(app, fn["language"], fn["source"], fn["arch"], args, stdin,
                             timeout, fn["memory_mib"], image=image,
                             fn=request.match_info["name"])


async def get_functions(request):
    return web.json_response({"functions": [
        {"name": n, "language": f["language"], "arch": f["arch"], "image": f["image"][1]}
        for n, f in sorted(request.app["functions"].items())]})


async def get_runs(request):
    return web.json_response({"runs": list(request.app["runs"])})


def virt_call(app, fn, *args):
    """Call virt.@fn with the libvirt connection (opened on first use)."""
    from . import virt
    with app["virt_lock"]:
        if app.get("conn") is None:
            app["conn"] = virt.open_conn(app["connect"])
        try:
            return fn(app["conn"], *args)
        except virt.VirtError:
            raise
        except Exception:
            app["conn"] = None
            raise


async def get_vms(request):
    from . import virt
    try:
        vms = await asyncio.to_thread(virt_call, request.app, virt.list_vms)
    except Exception as e:
        return web.json_response({"vms": [], "error": str(e)})
    return web.json_response({"vms": vms})


async def vm_action(request):
    from . import virt
    name, action = request.match_info["name"], request.match_info["action"]
    ops = {"pause": virt.pause, "resume": virt.resume, "stop": virt.stop}
    if action not in ops:
        raise fail(404, "unknown action '%s' (pause, resume, stop)" % action)

    def act(conn):
        dom = virt.lookup(conn, name)
        ops[action](dom)
        return virt.info(dom)
    try:
        return web.json_response(await asyncio.to_thread(virt_call, request.app, act))
    except virt.VirtError as e:
        raise fail(404, str(e))
    except Exception as e:
        raise fail(409, "%s %s: %s" % (action, name, e))


async def vm_console(request):
    """The program's output from ?offset=N (at most 64 KiB): {data,
    offset, stream}; with ?kernel=1 the serial console (Kast's kernel log;
    the program's output too when the image has no stream ports). When
    the program's stderr has a file of its own (images that cannot send it
    through stdout's port) it comes as {stderr, stderr_offset} from
    ?stderr_offset=N."""
    from . import virt
    name = request.match_info["name"]
    try:
        offset = max(0, int(request.query.get("offset", "0")))
        err_offset = max(0, int(request.query.get("stderr_offset", "0")))
    except ValueError:
        raise fail(400, "offset and stderr_offset must be integers")
    kernel = request.query.get("kernel", "0")
    if kernel not in ("0", "1"):
        raise fail(400, "kernel must be 0 or 1")
    try:
        paths, raw = await asyncio.to_thread(
            virt_call, request.app,
            lambda c: virt.log_paths(virt.lookup(c, name), kernel == "1"))
    except virt.VirtError as e:
        raise fail(404, str(e))
    data, new = virt.read_console(paths[0], offset, 65536)
    if not raw:
        data = data.replace(b"\r\n", b"\n")
    reply = {"data": text(data), "offset": new,
             "stream": "program" if raw else "console"}
    if len(paths) > 1:
        err, err_new = virt.read_console(paths[1], err_offset, 65536)
        reply.update(stderr=text(err), stderr_offset=err_new)
    return web.json_response(reply)


async def dashboard(request):
    return web.FileResponse(DASHBOARD, headers={"Cache-Control": "no-store"})


@web.middleware
async def auth(request, handler):
    if request.path.startswith("/v1/"):
        header = request.headers.get("Authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        if not token or not hmac.compare_digest(token.encode(), request.app["token"]):
            raise fail(401, "missing or wrong bearer token")
    return await handler(request)


def make_app(token, limits, connect=None):
    import threading
    app = web.Application(middlewares=[auth], client_max_size=limits.max_body)
    app["token"] = token.encode()
    app["limits"] = limits
    app["connect"] = connect
    app["functions"] = {}
    app["runs"] = collections.deque(maxlen=50)
    app["ids"] = itertools.count(1)
    app["virt_lock"] = threading.Lock()

    async def on_startup(app):
        app["gate"] = Gate(limits.max_vms, limits.queue)
    app.on_startup.append(on_startup)
    app.router.add_get("/", dashboard)
    app.router.add_post("/v1/run", post_run)
    app.router.add_post("/v1/functions", post_function)
    app.router.add_get("/v1/functions", get_functions)
    app.router.add_post("/v1/functions/{name}/invoke", invoke_function)
    app.router.add_get("/v1/runs", get_runs)
    app.router.add_get("/v1/vms", get_vms)
    app.router.add_get("/v1/vms/{name}/console", vm_console)
    app.router.add_post("/v1/vms/{name}/{action}", vm_action)
    return app


def main(argv=None):
    p = argparse.ArgumentParser(prog="kast serve", description=__doc__.split("\n")[0])
    p.add_argument("--token-file", required=True)
    p.add_argument("--listen", default="127.0.0.1", help="address (default loopback only)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--connect", metavar="URI", help="libvirt URI for /v1/vms")
    p.add_argument("--max-vms", type=int, default=2, help="runs at once (default 2)")
    p.add_argument("--queue", type=int, default=32, help="runs waiting (default 32); more: 429")
    p.add_argument("--max-memory-mib", type=int, default=512)
    p.add_argument("--max-timeout-s", type=float, default=60)
    p.add_argument("--max-output", type=int, default=1 << 20, help="bytes per run (1 MiB)")
    p.add_argument("--max-source", type=int, default=256 << 10, help="bytes (256 KiB)")
    p.add_argument("--max-body", type=int, default=1 << 20, help="bytes (1 MiB)")
    a = p.parse_args(argv)
    try:
        with open(a.token_file) as f:
            token = f.readline().strip()
    except OSError as e:
        p.error("--token-file: %s" % e)
    if len(token) < 16:
        p.error("--token-file: the token must be at least 16 characters")
    for k in ("max_vms", "queue", "max_memory_mib", "max_output", "max_source", "max_body"):
        if getattr(a, k) < (0 if k == "queue" else 1):
            p.error("--%s must be positive" % k.replace("_", "-"))
    app = make_app(token, Limits(a), a.connect)
    print("kast serve: http://%s:%d/ (token from %s)" % (a.listen, a.port, a.token_file),
          file=sys.stderr, flush=True)
    web.run_app(app, host=a.listen, port=a.port, print=None, access_log=None)
    return 0
