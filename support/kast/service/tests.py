# SPDX-License-Identifier: BSD-3-Clause
"""make test's service group (runtests.service_tests): kast run (C against
the host-built program, the cache, Lua against lua5.4, compile error,
timeout, output cap), kast serve (401, 400, 413, run, 8 concurrent runs,
a registered function), the libvirt lifecycle against a real libvirtd
(started here as root; skipped with a line saying why otherwise) and the
dashboard in headless Chromium. Everything started here is stopped at the
end; test images are built once (the cache in <build>/service)."""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .. import BIN, SRC, deps
from ..report import excerpt

KAST = os.path.join(BIN, "kast")
GROUP = "service"
TOKEN = "kast-test-token-5f1c2a9e0b7d4e3f"
# bounds against hangs (never timing assertions)
WAIT_S = 120

# the test programs (tests/service/)
PROGRAMS = os.path.join(SRC, "tests", "service")


def program(name):
    with open(os.path.join(PROGRAMS, name)) as f:
        return f.read()


HELLO_C = program("hello.c")
LOOP_C = program("loop.c")
SPIN_C = program("spin.c")
BAD_C = program("bad.c")
TICK_C = program("tick.c")
TEST_LUA = program("test.lua")


class Ctx:
    def __init__(self, build_dir, results):
        self.dir = os.path.join(build_dir, "service")
        self.results = results
        self.cleanups = []
        self.env = dict(os.environ)
        self.env["KAST_IMAGE_CACHE"] = os.path.join(self.dir, "images")
        self.env["KAST_STATE"] = os.path.join(self.dir, "vms")
        lua_build = os.path.join(build_dir, "difftest", "apps")
        self.env.setdefault("KAST_LUA_BUILD", lua_build)
        self.env["ACCEL"] = self.env.get("ACCEL") or "tcg"

    def record(self, name, ok, detail=""):
        self.results.record(GROUP, name, ok, detail)

    def file(self, name, text):
        path = os.path.join(self.dir, "src", name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def kast(self, args, stdin=None, timeout=600):
        r = subprocess.run([KAST] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           input=stdin if stdin is not None else b"", env=self.env,
                           timeout=timeout, cwd=os.path.join(self.dir, "src"))
        return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def check(ctx, name, fn):
    t0 = time.monotonic()
    try:
        ok, detail = fn(ctx)
    except Exception as e:      # a broken test is a failure, never a crash of runtests
        ok, detail = False, "%s: %s" % (type(e).__name__, e)
    ctx.record(name, ok, detail)
    ctx.results.log("  service: %s took %.0fs" % (name, time.monotonic() - t0))
    return ok


# ---------------------------------------------------------------------------
# kast run
# ---------------------------------------------------------------------------
def t_run_c(ctx):
    src = ctx.file("hello.c", HELLO_C)
    host = os.path.join(ctx.dir, "hello-host")
    subprocess.run(["gcc", "-O2", "-o", host, src], check=True)
    args = ["42", "two words", "ünïcode"]
    want = subprocess.run([host] + args, stdout=subprocess.PIPE)
    rc, out, err = ctx.kast(["run", "--verbose", "hello.c", "--"] + args)
    problems = []
    if (rc, out) != (want.returncode, want.stdout):
        problems.append("kast run: status %d, output %r; host: status %d, output %r"
                        % (rc, out[:300], want.returncode, want.stdout[:300]))
    if "built in" not in err:
        problems.append("the first run did not build (stderr: %s)" % err.strip()[-300:])
    rc2, out2, err2 = ctx.kast(["run", "--verbose", "hello.c", "--"] + args)
    if (rc2, out2) != (want.returncode, want.stdout):
        problems.append("second run: status %d, output %r" % (rc2, out2[:300]))
    if "cached" not in err2:
        problems.append("the second run was not from the cache (stderr: %s)"
                        % err2.strip()[-300:])
    return not problems, "; ".join(problems)


def t_run_c_riscv64(ctx):
    src = ctx.file("hello.c", HELLO_C)
    host = os.path.join(ctx.dir, "hello-host")
    subprocess.run(["gcc", "-O2", "-o", host, src], check=True)
    args = ["9", "riscv"]
    want = subprocess.run([host] + args, stdout=subprocess.PIPE)
    rc, out, err = ctx.kast(["run", "--arch", "riscv64", "hello.c", "--"] + args)
    if (rc, out) != (want.returncode, want.stdout):
        return False, ("kast run --arch riscv64: status %d, output %r; host: status %d, "
                       "output %r%s" % (rc, out[:300], want.returncode, want.stdout[:300],
                                        excerpt(err)))
    return True, ""


def t_run_lua(ctx):
    script = ctx.file("test.lua", TEST_LUA)
    err = deps.install(deps.missing([("lua5.4", "lua5.4")]))
    if err:
        return False, err
    want = subprocess.run(["lua5.4", script, "a", "b"], stdout=subprocess.PIPE)
    rc, out, err = ctx.kast(["run", "test.lua", "--", "a", "b"])
    if (rc, out) != (want.returncode, want.stdout):
        return False, ("kast run: status %d, output %r; lua5.4: status %d, output %r%s"
                       % (rc, out[:300], want.returncode, want.stdout[:300], excerpt(err)))
    return True, ""


def t_compile_error(ctx):
    ctx.file("bad.c", BAD_C)
    rc, out, err = ctx.kast(["run", "bad.c"])
    if rc != 128 or not re.search(r"bad\.c:\d+:\d+: error: .*undeclared_thing", err):
        return False, "status %d (want 128), stderr:%s" % (rc, excerpt(err))
    return True, ""


def t_timeout(ctx):
    ctx.file("spin.c", SPIN_C)
    rc, out, err = ctx.kast(["run", "--timeout", "3", "spin.c"])
    if rc != 137 or "timeout" not in err:
        return False, "status %d (want 137), stderr:%s" % (rc, excerpt(err))
    return True, ""


def t_output_cap(ctx):
    ctx.file("loop.c", LOOP_C)
    cap = 20000
    rc, out, err = ctx.kast(["run", "--max-output", str(cap), "loop.c"])
    want = b"".join(b"line %d\n" % i for i in range(3000))[:cap]
    problems = []
    if rc != 153:
        problems.append("status %d (want 153)" % rc)
    if out != want:
        problems.append("output is not the first %d bytes (got %d bytes, ends %r)"
                        % (cap, len(out), out[-40:]))
    if "output limit" not in err:
        problems.append("no message:" + excerpt(err))
    return not problems, "; ".join(problems)


# ---------------------------------------------------------------------------
# kast serve
# ---------------------------------------------------------------------------
def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(ctx):
    tok = os.path.join(ctx.dir, "token")
    with open(tok, "w") as f:
        f.write(TOKEN + "\n")
    port = free_port()
    log = open(os.path.join(ctx.dir, "serve.log"), "w")
    proc = subprocess.Popen([KAST, "serve", "--token-file", tok, "--port", str(port),
                             "--max-source", "65536", "--max-vms", "2"],
                            stdout=log, stderr=subprocess.STDOUT, env=ctx.env,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    ctx.cleanups.append(lambda: stop_process(proc))
    url = "http://127.0.0.1:%d" % port
    for _ in range(WAIT_S * 10):
        if proc.poll() is not None:
            raise RuntimeError("kast serve ended with status %d" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("kast serve did not listen")


def stop_process(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def http(url, path, data=None, token=TOKEN, raw=None, method=None):
    """(status, parsed JSON or text)."""
    body = raw if raw is not None else (json.dumps(data).encode() if data is not None else None)
    req = urllib.request.Request(url + path, data=body, method=method or (
        "POST" if body is not None else "GET"))
    if token:
        req.add_header("Authorization", "Bearer " + token)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        return status, json.loads(text)
    except ValueError:
        return status, text


def t_api_errors(ctx, url):
    problems = []
    run = {"language": "c", "source": HELLO_C}
    for label, kw, want in (
            ("no token", {"token": None, "data": run}, 401),
            ("wrong token", {"token": "x" * 32, "data": run}, 401),
            ("GET /v1/vms without a token", {"token": None}, 401),
            ("malformed JSON", {"raw": b'{"language": "c",'}, 400),
            ("unknown field", {"data": dict(run, shell="rm -rf /")}, 400),
            ("bad language", {"data": {"language": "sh", "source": "ls"}}, 400),
            ("args not strings", {"data": dict(run, args=[1])}, 400),
            ("timeout over the limit", {"data": dict(run, timeout_s=10 ** 6)}, 400),
            ("oversize source", {"data": dict(run, source="x" * 70000)}, 413),
            ("oversize body", {"raw": b'{"source": "' + b"x" * (2 << 20) + b'"}'}, 413)):
        path = "/v1/vms" if label.startswith("GET") else "/v1/run"
        status, body = http(url, path, **kw)
        if status != want:
            problems.append("%s: HTTP %d (want %d) %s" % (label, status, want, str(body)[:200]))
        elif status in (400, 413) and not (isinstance(body, dict) and body.get("error")):
            problems.append("%s: no error message" % label)
    return not problems, "; ".join(problems)


def t_api_run(ctx, url):
    status, r = http(url, "/v1/run", {"language": "c", "source": HELLO_C,
                                      "args": ["11", "; echo injected"]})
    host = os.path.join(ctx.dir, "hello-host")
    want = subprocess.run([host, "11", "; echo injected"], stdout=subprocess.PIPE)
    if status != 200 or r["exit_status"] != want.returncode or \
            r["stdout"] != want.stdout.decode():
        return False, "HTTP %d: %s" % (status, str(r)[:500])
    for k in ("build_ms", "boot_ms", "total_ms"):
        if not isinstance(r["timings"].get(k), int):
            return False, "timings lack %s: %s" % (k, r["timings"])
    if not re.fullmatch(r"[0-9a-f]{64}", r["image"]["sha256"]):
        return False, "image: %s" % r["image"]
    status, r = http(url, "/v1/run", {"language": "lua", "source": TEST_LUA, "args": ["a", "b"]})
    want = subprocess.run(["lua5.4", "-", "a", "b"], input=TEST_LUA.encode(),
                          stdout=subprocess.PIPE)
    if status != 200 or r["exit_status"] != 3 or r["stdout"].splitlines()[2:] != \
            want.stdout.decode().splitlines()[2:]:
        return False, "lua: HTTP %d: %s" % (status, str(r)[:500])
    return True, ""


def t_api_concurrent(ctx, url):
    """8 runs at once, each with its own arguments and stdin: each answer
    must be its own."""
    src = HELLO_C.replace('printf("hash %u\\n", h);',
                          'printf("hash %u\\n", h);\n\tchar b[64];\n'
                          '\tif (fgets(b, sizeof(b), stdin)) printf("in %s", b);')
    host = os.path.join(ctx.dir, "stdin-host")
    subprocess.run(["gcc", "-O2", "-x", "c", "-o", host, "-"], input=src.encode(), check=True)

    def one(i):
        args = [str(i), "request-%d" % i]
        st, r = http(url, "/v1/run", {"language": "c", "source": src, "args": args,
                                      "stdin": "payload %d\n" % i})
        want = subprocess.run([host] + args, input=b"payload %d\n" % i, stdout=subprocess.PIPE)
        if st != 200 or r["exit_status"] != want.returncode or \
                r["stdout"] != want.stdout.decode():
            return "run %d: HTTP %d %s" % (i, st, str(r)[:300])
        return None
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        problems = [p for p in pool.map(one, range(8)) if p]
    return not problems, "; ".join(problems)


def t_api_function(ctx, url):
    status, r = http(url, "/v1/functions", {"name": "hello", "language": "c",
                                            "source": HELLO_C})
    if status != 201:
        return False, "register: HTTP %d %s" % (status, str(r)[:300])
    status, r = http(url, "/v1/functions/hello/invoke", {"args": ["21", "x"]})
    if status != 200 or r["exit_status"] != 21 or "arg 2: x (1)" not in r["stdout"] or \
            not r["image"]["cached"]:
        return False, "invoke: HTTP %d %s" % (status, str(r)[:300])
    status, r = http(url, "/v1/functions/nosuch/invoke", {})
    if status != 404:
        return False, "unknown function: HTTP %d" % status
    status, r = http(url, "/v1/functions/hello/invoke", {"source": "x"})
    if status != 400:
        return False, "invoke with an unknown field: HTTP %d" % status
    return True, ""


# ---------------------------------------------------------------------------
# libvirt lifecycle and the dashboard
# ---------------------------------------------------------------------------
def start_libvirtd(ctx):
    """None when a libvirtd answers (started here if needed), else why not."""
    from . import virt
    if os.getuid() != 0:
        return "not root"
    try:
        virt.ensure_packages()
    except virt.VirtError as e:
        return str(e)
    line = virt.kvm_device_for_qemu_user()
    if line:
        ctx.results.log("  service: " + line)
    for daemon, sock in (("virtlogd", "/run/libvirt/virtlogd-sock"),
                         ("libvirtd", "/run/libvirt/libvirt-sock")):
        if os.path.exists(sock) and daemon_answers(sock):
            continue
        pidfile = os.path.join(ctx.dir, daemon + ".pid")
        r = subprocess.run([daemon, "--daemon", "--pid-file", pidfile],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            return "%s --daemon: status %d %s" % (daemon, r.returncode, r.stdout[-300:])
        ctx.cleanups.append(lambda p=pidfile: kill_pidfile(p))
        for _ in range(WAIT_S * 10):
            if os.path.exists(sock) and daemon_answers(sock):
                break
            time.sleep(0.1)
        else:
            return "%s did not open %s" % (daemon, sock)
    return None


def daemon_answers(sock):
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(sock)
        return True
    except OSError:
        return False
    finally:
        s.close()


def kill_pidfile(path):
    try:
        with open(path) as f:
            pid = int(f.read())
        os.kill(pid, signal.SIGTERM)
    except (OSError, ValueError):
        pass


def log_ticks(ctx, name):
    rc, out, _ = ctx.kast(["logs", name])
    return [int(n) for n in re.findall(rb"^tick (\d+)$", out, re.M)]


# the short tick VM's program output (kast logs): stdin's end of file,
# stdout's ticks and stderr's last line, in order
SHORT_OUTPUT = b"stdin eof\ntick 0\ntick 1\ntick 2\ntick done\n"


def separate_logs(ctx, name, arch):
    """None when `kast logs` of the ended short VM @name is the program's
    output alone and `kast logs --kernel` Kast's boot banner alone."""
    problems = []
    rc, out, err = ctx.kast(["logs", name])
    if rc or out != SHORT_OUTPUT:
        problems.append("kast logs: status %d, %r (want %r)%s"
                        % (rc, out[-300:], SHORT_OUTPUT, excerpt(err)))
    rc, kern, err = ctx.kast(["logs", "--kernel", name])
    banner = b"Kast (%s) booting" % arch.encode()
    if rc or banner not in kern or b"tick" in kern:
        problems.append("kast logs --kernel: status %d, %r (want the banner, no program "
                        "output)%s" % (rc, kern[-300:], excerpt(err)))
    if b"booting" in out:
        problems.append("kast logs: the kernel's banner is in the program's output")
    return "; ".join(problems) or None


def wait_for(what, fn):
    for _ in range(WAIT_S * 5):
        v = fn()
        if v:
            return v
        time.sleep(0.2)
    raise RuntimeError("gave up waiting for " + what)


def t_lifecycle(ctx, url):
    from . import virt
    name = "kast-test-tick"
    problems = []
    ctx.file("tick.c", TICK_C)
    conn = virt.open_conn()
    for n in (name, name + "-exit"):
        try:
            virt.remove(conn.lookupByName(n))
        except Exception:
            pass
    ctx.cleanups.append(lambda: [remove_vm(conn, n) for n in (name, name + "-exit")])
    # exit status through the exit device
    rc, _, err = ctx.kast(["start", name + "-exit", "tick.c", "--", "short"])
    if rc:
        return False, "kast start: status %d%s" % (rc, excerpt(err))
    dom = conn.lookupByName(name + "-exit")
    wait_for("the short VM to end", lambda: not dom.isActive())
    i = virt.info(dom)
    if i["exit_status"] != 5 or log_ticks(ctx, name + "-exit") != [0, 1, 2]:
        problems.append("short VM: exit status %s (want 5), ticks %s"
                        % (i["exit_status"], log_ticks(ctx, name + "-exit")))
    logs = separate_logs(ctx, name + "-exit", "x86_64")
    if logs:
        problems.append("short VM: " + logs)
    # the API's console: the program's output, ?kernel=1 Kast's log
    path = "/v1/vms/%s/console" % (name + "-exit")
    st, prog = http(url, path)
    st2, kern = http(url, path + "?kernel=1")
    prog, kern = [v if isinstance(v, dict) else {} for v in (prog, kern)]
    if st != 200 or prog.get("data") != SHORT_OUTPUT.decode() or st2 != 200 or \
            "booting" not in kern.get("data", "") or "tick" in kern.get("data", ""):
        problems.append("API console: %s %r; ?kernel=1: %s %r" % (st, prog, st2, kern))

    # riscv64: virt with OpenSBI, the test device as the exit device
    rv = name + "-riscv64"
    ctx.cleanups.append(lambda: remove_vm(conn, rv))
    remove_vm(conn, rv)
    rc, _, err = ctx.kast(["start", "--arch", "riscv64", rv, "tick.c", "--", "short"])
    if rc:
        problems.append("kast start --arch riscv64: status %d%s" % (rc, excerpt(err)))
    else:
        dom = conn.lookupByName(rv)
        wait_for("the riscv64 VM to end", lambda: not dom.isActive())
        i = virt.info(dom)
        if i["exit_status"] != 5 or log_ticks(ctx, rv) != [0, 1, 2]:
            problems.append("riscv64 VM: exit status %s (want 5), ticks %s"
                            % (i["exit_status"], log_ticks(ctx, rv)))
        logs = separate_logs(ctx, rv, "riscv64")
        if logs:
            problems.append("riscv64 VM: " + logs)
        remove_vm(conn, rv)

    rc, _, err = ctx.kast(["start", name, "tick.c"])
    if rc:
        return False, "kast start: status %d%s" % (rc, excerpt(err))
    dom = conn.lookupByName(name)
    wait_for("logs to advance", lambda: len(log_ticks(ctx, name)) >= 3)
    rc, out, _ = ctx.kast(["ps"])
    if not re.search(rb"^%s\s+running\s" % name.encode(), out, re.M):
        problems.append("kast ps: %r" % out[-300:])
    dashboard = t_dashboard(ctx, url, name)
    if dashboard:
        problems.append(dashboard)
    ctx.kast(["pause", name])
    if dom.info()[0] != 3:
        problems.append("not paused after kast pause")
    paused = log_ticks(ctx, name)
    time.sleep(2)
    if log_ticks(ctx, name) != paused:
        problems.append("logs advanced while paused")
    rc, out, _ = ctx.kast(["info", name])
    if not re.search(rb"^state:\s+paused", out, re.M) or b"memory_mib:" not in out:
        problems.append("kast info: %r" % out)
    ctx.kast(["resume", name])
    wait_for("logs to advance after resume", lambda: len(log_ticks(ctx, name)) > len(paused))
    save = os.path.join(ctx.dir, name + ".save")
    rc, _, err = ctx.kast(["save", name, save])
    if rc or dom.isActive():
        return False, "kast save: status %d%s" % (rc, excerpt(err))
    before = log_ticks(ctx, name)
    rc, _, err = ctx.kast(["restore", save])
    if rc:
        return False, "kast restore: status %d%s" % (rc, excerpt(err))
    after = wait_for("logs to advance after restore",
                     lambda: (lambda t: t if len(t) > len(before) else None)(
                         log_ticks(ctx, name)))
    if after != list(range(len(after))):
        problems.append("restore did not keep the state: ticks %s ... %s"
                        % (after[:3], after[len(before) - 2:len(before) + 3]))
    ctx.kast(["stop", name])
    if dom.isActive():
        problems.append("still running after kast stop")
    rc, out, _ = ctx.kast(["rm", name])
    try:
        conn.lookupByName(name)
        problems.append("still defined after kast rm")
    except Exception:
        pass
    return not problems, "; ".join(problems)


def remove_vm(conn, name):
    from . import virt
    try:
        virt.remove(conn.lookupByName(name))
    except Exception:
        pass


def t_dashboard(ctx, url, name):
    """None when Chromium shows VM @name running on the dashboard."""
    err = deps.install(deps.missing([("chromium", "chromium")]))
    if err:
        return "dashboard: " + err
    profile = os.path.join(ctx.dir, "chromium")
    shutil.rmtree(profile, ignore_errors=True)
    r = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                        "--dump-dom", url + "/?token=" + TOKEN],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    dom = r.stdout.decode("utf-8", "replace")
    m = re.search(r'<tr data-name="%s"[^>]*>(.*?)</tr>' % re.escape(name), dom, re.S)
    if not m or "running" not in m.group(1) or "MiB" not in m.group(1):
        return "dashboard: no running %s in Chromium's DOM:%s" % (name, excerpt(dom, 20))
    if "tick 1" not in dom:
        return "dashboard: no console output in Chromium's DOM:%s" % excerpt(dom, 20)
    return None


def run(build_dir, results):
    ctx = Ctx(build_dir, results)
    shutil.rmtree(os.path.join(ctx.dir, "images"), ignore_errors=True)
    os.makedirs(os.path.join(ctx.dir, "src"), exist_ok=True)
    results.log("== service tests (kast run, kast serve, libvirt, dashboard)")
    try:
        check(ctx, "kast run C = host program, second run cached", t_run_c)
        check(ctx, "kast run C on riscv64 = host program", t_run_c_riscv64)
        check(ctx, "kast run Lua = lua5.4", t_run_lua)
        check(ctx, "kast run compile error", t_compile_error)
        check(ctx, "kast run timeout", t_timeout)
        check(ctx, "kast run output cap", t_output_cap)
        try:
            url = start_server(ctx)
        except Exception as e:
            ctx.record("kast serve starts", False, str(e))
            return
        check(ctx, "API 401/400/413", lambda c: t_api_errors(c, url))
        check(ctx, "API run (C, Lua)", lambda c: t_api_run(c, url))
        check(ctx, "API 8 concurrent runs", lambda c: t_api_concurrent(c, url))
        check(ctx, "API function register + invoke", lambda c: t_api_function(c, url))
        why = start_libvirtd(ctx)
        if why:
            results.log("SKIP  [service] libvirt lifecycle and dashboard: %s" % why)
            return
        check(ctx, "libvirt lifecycle + dashboard in Chromium", lambda c: t_lifecycle(c, url))
    finally:
        for fn in reversed(ctx.cleanups):
            try:
                fn()
            except Exception as e:
                print("service tests: cleanup: %s" % e, file=sys.stderr)
