# SPDX-License-Identifier: BSD-3-Clause
"""A/B of two builds of one server image: throughput and cold start.

Usage (root, from support/):
  python3 -m kast.bench.serverab redis|nginx ARCH IMAGE_A IMAGE_B [ROUNDS] [CLIENT]

For deciding a code-generation change (-Os, LTO): the two images run
alternately (A, B, A, B, ...) so that both see the same host load, each
round one cold start over user networking and one load run over the tap
in a network namespace, exactly as `make bench` does (servers.py: the
same QEMU command, redis-benchmark -t get,set -n 100000 -c 30 -P 16 -d 3,
wrk -t1 -c30 -d10s). CLIENT is redis-benchmark (default: the host's).
Prints each round and the medians with B/A ratios; never a verdict by
itself: on a loaded 2-core host the spread between rounds is the figure
to compare a ratio with.
"""
import os
import shutil
import statistics
import sys
import tempfile

from .. import cpio
from . import servers


def one(server, arch, image, ns, ninitrd, client):
    paths = {(server, arch): image}
    ep = servers.Endpoint(server)
    g = servers.Running(servers.guest_cmd("kast", arch, server, paths, ep, 256, "tcg", None,
                                          ninitrd=ninitrd), ep)
    cold = g.ready()
    g.stop()
    ep = servers.Endpoint(server, ns)
    g = servers.Running(servers.guest_cmd("kast", arch, server, paths, ep, 256, "tcg", None,
                                          ninitrd=ninitrd), ep)
    try:
        if g.ready() is None:
            return {"cold": cold, "error": g.output()[-400:]}
        if server == "redis":
            b = servers.redis_bench(client, ep)
            rps = {k: v["rps"] for k, v in b.items()}
        else:
            rps = {"get": servers.wrk_bench(ep)["rps"]}
    finally:
        g.stop()
    return {"cold": cold, "rps": rps, "load": os.getloadavg()[0]}


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    server, arch, a, b = argv[:4]
    rounds = int(argv[4]) if len(argv) > 4 else 5
    client = argv[5] if len(argv) > 5 else shutil.which("redis-benchmark")
    tmp = tempfile.mkdtemp()
    ninitrd = None
    if server == "nginx":
        servers.nginx_tree(os.path.join(tmp, "root"))
        ninitrd = os.path.join(tmp, "nginx.cpio")
        with open(ninitrd, "wb") as f:
            f.write(cpio.pack_folder(os.path.join(tmp, "root")))
    res = {"A": [], "B": []}
    try:
        with servers.Netns() as ns:
            for i in range(rounds):
                for name, img in (("A", a), ("B", b)) if i % 2 == 0 else (("B", b), ("A", a)):
                    r = one(server, arch, img, ns, ninitrd, client)
                    res[name].append(r)
                    print("round %d %s: %s" % (i, name, r), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(name, key, sub=None):
        v = [r[key] if sub is None else r.get(key, {}).get(sub) for r in res[name]]
        v = [x for x in v if x is not None]
        return statistics.median(v) if v else None

    keys = [("cold", None)] + [("rps", k) for k in (("get", "set") if server == "redis"
                                                    else ("get",))]
    for key, sub in keys:
        ma, mb = med("A", key, sub), med("B", key, sub)
        label = "cold start s" if key == "cold" else "%s req/s" % sub.upper()
        print("%-14s A %s  B %s  B/A %s" % (label, ma, mb,
                                            "%.3f" % (mb / ma) if ma and mb else "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
