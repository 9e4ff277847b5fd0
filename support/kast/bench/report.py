# SPDX-License-Identifier: BSD-3-Clause
"""The results: targets, the table on stdout, the Markdown report."""
from .. import SRC
from . import servers
from .common import fmt_bytes, fmt_kib, fmt_s, fmt_us
from .net import markdown_lines as net_markdown_lines, table_lines as net_table_lines
from .fs9p import markdown as fs9p_markdown
from .streams import TARGET_MBPS as STREAM_TARGET_MBPS
from .config import (BOOT_PHASES, TARGET_ENTRY_MAIN_US, TARGET_IMAGE_BYTES,
                     TARGET_LINUX_VS_KAST, TARGET_MINMEM_KIB, TARGET_WALL_VS_FLOOR)


def over(value, goal, fmt):
    """"over by X (Y%)" for a value above its goal."""
    return "over by %s (%.0f%%)" % (fmt(value - goal), 100.0 * (value - goal) / goal)


def targets(res):
    """[(arch, what, value text, goal text, met, detail)]; met is None when
    the target does not apply to this run."""
    out = []
    real_kvm = res["host"]["accel"] == "kvm" and res["host"]["hw_virt"]
    for arch, r in res["arches"].items():
        if r.get("status") != "ok":
            continue
        sz = r.get("size", {}).get("helloworld")
        if sz is not None:
            met = sz <= TARGET_IMAGE_BYTES
            out.append((arch, "helloworld stripped image", fmt_bytes(sz), "<= 100 KB",
                        met, "" if met else over(sz, TARGET_IMAGE_BYTES, fmt_bytes)))
        mm = r.get("minmem_kib", {})
        if mm.get("helloworld"):
            k, fl = mm["helloworld"], mm.get("floor")
            met = k <= TARGET_MINMEM_KIB
            notes = [] if met else [over(k, TARGET_MINMEM_KIB, fmt_kib)]
            if fl and fl >= k:
                why = r.get("minmem_below", {}).get("floor", {}).get("why", "")
                notes.append("the floor needs as much: the VMM's layout sets this "
                             "minimum (%s)" % why)
            elif fl:
                notes.append("floor needs %s; Kast needs %s more" % (fmt_kib(fl), fmt_kib(k - fl)))
            out.append((arch, "helloworld minimum memory", fmt_kib(k), "<= 1 MiB", met,
                        "; ".join(notes)))
        w = r.get("wall_s", {})
        kast = w.get("helloworld")
        if w.get("floor") and kast:
            ratio = kast["median"] / w["floor"]["median"]
            met = ratio <= TARGET_WALL_VS_FLOOR
            extra = kast["median"] - TARGET_WALL_VS_FLOOR * w["floor"]["median"]
            out.append((arch, "wall time vs floor", "%.2fx" % ratio, "<= 1.10x", met,
                        "" if met else "over by %.0f%% of the floor (%s more than allowed)"
                        % (100 * (ratio - TARGET_WALL_VS_FLOOR), fmt_s(extra))))
        if w.get("linux") and kast:
            ratio = w["linux"]["median"] / kast["median"]
            met = ratio >= TARGET_LINUX_VS_KAST
            out.append((arch, "faster than Linux microVM", "%.1fx" % ratio, ">= 50x", met,
                        "" if met else "short by %.1fx (%.0f%%)"
                        % (TARGET_LINUX_VS_KAST - ratio,
                           100 * (1 - ratio / TARGET_LINUX_VS_KAST))))
        elif kast:
            out.append((arch, "faster than Linux microVM", "-", ">= 50x", None,
                        "no Linux baseline on %s" % arch))
        st = r.get("streams")
        for key in ("stdout", "stdin"):
            if st and st.get(key + "_mbps"):
                v = st[key + "_mbps"]
                met = v >= STREAM_TARGET_MBPS
                out.append((arch, "program %s throughput" % key, "%.0f MB/s" % v,
                            ">= %d MB/s" % STREAM_TARGET_MBPS, met,
                            "" if met else "short by %.0f MB/s" % (STREAM_TARGET_MBPS - v)))
        b = r.get("boot")
        if b and b.get("entry_to_main_us"):
            v = b["entry_to_main_us"]["median"]
            if real_kvm:
                met = v <= TARGET_ENTRY_MAIN_US
                detail = "" if met else over(v, TARGET_ENTRY_MAIN_US, fmt_us)
            else:
                met = None
                detail = "target is for KVM on real hardware; measured under %s" \
                    % res["host"]["accel"].upper()
            out.append((arch, "guest entry -> main", fmt_us(v), "<= 30 us", met, detail))
    return out


def stream_rows(r):
    """(label, text) of the program stream figures (bench/streams.py)."""
    st = r.get("streams")
    if not st:
        return []
    return [("program %s (kast-run)" % k,
             "%.0f MB/s (%d MiB in %.2f s, boot and exit %.2f s subtracted; median of %d)"
             % (st[k + "_mbps"], st["bytes"] >> 20, st[k + "_s"], st["boot_s"], st["runs"]))
            for k in ("stdout", "stdin") if st.get(k + "_mbps")]


def extra_rows(r):
    """(label, text) for other benchmark apps' KAST-<TAG> lines."""
    rows = []
    for app, res in sorted(r.get("extra", {}).items()):
        for label, v in sorted(res.items()):
            if "ticks_per_op" in v:
                st = v["ns_per_op"] or v["ticks_per_op"]
                unit = "ns" if v["ns_per_op"] else "ticks"
                rows.append((label, "%.0f %s per op [%.0f..%.0f]"
                             % (st["median"], unit, st["q1"], st["q3"])))
                continue
            unit = v.get("unit", "")
            if "median" in v:
                txt = "%g %s" % (v["median"], unit)
                if "p10" in v and "p90" in v:
                    txt += " [p10 %g .. p90 %g]" % (v["p10"], v["p90"])
            else:
                txt = " ".join("%s=%s" % kv for kv in v.items() if kv[0] != "runs")
            rows.append((label, txt + " (%d run%s)" % (v["runs"], "s" if v["runs"] > 1 else "")))
    return rows


def verdict(met):
    return {True: "met", False: "MISSED", None: "n/a"}[met]


def stat_txt(st, f=fmt_s):
    if not st:
        return "-"
    return "%s [%s..%s]" % (f(st["median"]), f(st["q1"]), f(st["q3"]))


def wall_row(w):
    """Cells floor, Kast, Linux of the wall-time rows."""
    return [w.get(k) for k in ("floor", "helloworld", "linux")]


def linux_size(lin):
    return "%s + %s initrd" % (fmt_bytes(lin["bzimage_bytes"]), fmt_bytes(lin["initrd_bytes"]))


def table(res):
    h = res["host"]
    L = ["", "Kast benchmarks (%s) -- %s, %d cores; accelerator %s; -m %d MiB for every guest"
         % (res["profile"], h["cpu"], h["cores"], h["accel"].upper(), res["mem_mib"])]
    row = "  %-26s %-27s %-27s %-27s %s"
    for arch, r in res["arches"].items():
        L.append("")
        if r.get("status") != "ok":
            L.append("%s: %s" % (arch, r.get("status")))
            continue
        L.append("%s  (%s, machine %s)" % (arch, r.get("qemu", "?"), r.get("machine", "?")))
        w, sz, mm = r.get("wall_s", {}), r.get("size", {}), r.get("minmem_kib", {})
        lin = sz.get("linux")
        fl, ks, lx = wall_row(w)
        L.append(row % ("", "floor", "Kast helloworld", "Linux microVM" if lin else "", "ratios"))
        ratio = ""
        if lin and sz.get("helloworld"):
            ratio = "Linux/Kast %.0fx" % ((lin["bzimage_bytes"] + lin["initrd_bytes"])
                                          / sz["helloworld"])
        L.append(row % ("image size (stripped)", fmt_bytes(sz.get("floor")),
                        fmt_bytes(sz.get("helloworld")), linux_size(lin) if lin else "", ratio))
        ratio = []
        if fl and ks:
            ratio.append("Kast/floor %.2fx" % (ks["median"] / fl["median"]))
        if ks and lx:
            ratio.append("Linux/Kast %.1fx" % (lx["median"] / ks["median"]))
        L.append(row % ("wall time, median [IQR]", stat_txt(fl), stat_txt(ks), stat_txt(lx),
                        ", ".join(ratio)))
        L.append(row % tuple(["  runs; min..max"] +
                             ["%d; %s..%s" % (x["n"], fmt_s(x["min"]), fmt_s(x["max"]))
                              if x else "" for x in (fl, ks, lx)] + [""]))
        ratio = ""
        if mm.get("floor") and mm.get("helloworld"):
            ratio = "Kast-floor %s" % fmt_kib(mm["helloworld"] - mm["floor"])
        L.append(row % ("minimum memory (-m)", fmt_kib(mm.get("floor")),
                        fmt_kib(mm.get("helloworld")),
                        fmt_kib(mm["linux"]) if mm.get("linux") else "", ratio))
        b = r.get("boot")
        if b:
            up = r.get("linux_uptime_at_init_s")
            L.append(row % ("guest C entry -> main", "", stat_txt(b["entry_to_main_us"], fmt_us),
                            "init at %.2f s uptime" % up if up else "", ""))
            L.append(row % ("guest C entry -> exit", "", stat_txt(b["entry_to_exit_us"], fmt_us),
                            "", ""))
            L.append(row % kaslr_row(r, lambda st: stat_txt(st, fmt_us)))
            L.append("  boot phases (median of %d runs, counter %.0f MHz%s):"
                     % (b["runs"], b["counter_hz"] / 1e6,
                        "; no entry stamp: phases start at ukboot"
                        if b["entry_stamp_missing"] else ""))
            for name, _, _, desc in BOOT_PHASES:
                st = b["phases_us"].get(name)
                L.append("    %-12s %-12s %s" % (name, fmt_us(st["median"]) if st else "-", desc))
            L.append("    %-12s %-12s %s" % ("(reset)", fmt_us(b["counter_at_entry_us"]["median"]),
                                             "counter at C entry: time since its reset"))
        if r.get("micro"):
            L.append("  core paths (ns per allocator call, median [IQR] over all repetitions):")
            for name, v in sorted(r["micro"].items()):
                if v["ns_per_op"]:
                    txt = stat_txt(v["ns_per_op"], lambda x: "%.0f ns" % x)
                else:
                    txt = "%.0f ticks" % v["ticks_per_op"]["median"]
                L.append("    %-34s %-28s (%d calls/rep, %d reps)"
                         % (name, txt, v["ops"], v["reps"]))
        rows = extra_rows(r)
        if rows:
            L.append("  other benchmark apps (median over runs):")
            L += ["    %-34s %s" % x for x in rows]
        rows = stream_rows(r)
        if rows:
            L.append("  program streams (virtio-console):")
            L += ["    %-34s %s" % x for x in rows]
    if res.get("net"):
        L += net_table_lines(res["net"])
    L += ["", "Targets (issue 5):"]
    for arch, what, val, goal, met, detail in res["targets"]:
        L.append("  %-8s %-27s %-10s %-10s %-7s %s" % (arch, what, val, goal, verdict(met), detail))
    if res.get("notes"):
        L.append("")
        L += ["Note: " + n for n in res["notes"]]
    if res.get("errors"):
        L.append("")
        L += ["ERROR: " + e.splitlines()[0] for e in res["errors"]]
    L += ["", "JSON: %s   (%.0f s)" % (res["json"], res["duration_s"])]
    if res.get("servers"):
        L.append(servers.table(res["servers"]))
    return "\n".join(L)


def md_row(*cells):
    return "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"


def md_table(head, align=None):
    return [md_row(*head), md_row(*(align or ["---"] * len(head)))]


def markdown(res):
    h = res["host"]
    build = res["build"]

    def rel(text):
        return text.replace(build + "/", "<build>/").replace(SRC + "/", "")

    accel = h["accel"].upper()
    if h["accel"] != "kvm" and h["kvm_dev"] and not h["hw_virt"]:
        accel += (" (this host's KVM emulates guest ring 0 ~100x slower: see"
                  " docs/architecture.md, Tests)")
    M = ["# Benchmarks", "",
         "<!-- Generated by support/scripts/bench; do not edit by hand. -->", "",
         "Produced by `%s` (%s profile) on %s in %.0f s. Regenerate with `make bench`"
         " (a few minutes) or `make bench QUICK=1` (under 2 minutes); the JSON is in"
         " `<build>/bench/results.json`." % (res["command"], res["profile"], res["date"],
                                             res["duration_s"]), ""]
    M += md_table(["", ""])
    M += [md_row("machine", "%s, %d cores, %.0f GiB, %s, Linux %s"
                 % (h["cpu"], h["cores"], h["mem_gib"], h["os"], h["kernel"])),
          md_row("QEMU", "; ".join(sorted(set(h["qemu"].values())))),
          md_row("firmware (riscv64)", "OpenSBI %s (`fw_dynamic`)" % h["opensbi"]),
          md_row("accelerator", accel),
          md_row("guest memory", "`-m %d` MiB for every guest in the timed runs" % res["mem_mib"]),
          md_row("host load", "%.2f at start, %.2f at the end (other work may run concurrently)"
                 % (h["loadavg_start"], h.get("loadavg_end", 0))),
          md_row("tools", "%s; host TSC %s kHz (measured)" % (h["hyperfine"], h["tsc_khz"] or "?")),
          "", "## Targets", ""]
    M += md_table(["arch", "target", "measured", "goal", "verdict", "by how much / note"])
    M += [md_row(a, w, v, g, verdict(m), d) for a, w, v, g, m, d in res["targets"]]
    for arch, r in res["arches"].items():
        M += ["", "## %s" % arch, ""]
        if r.get("status") != "ok":
            M.append(rel(r.get("status")))
            continue
        M += markdown_arch(arch, r, rel)
    if res.get("net"):
        M += [""] + net_markdown_lines(res["net"])
    if res.get("storage"):
        M += markdown_storage(res["storage"], rel)
    M += [rel(x) for x in fs9p_markdown(res.get("fs9p"))] + [""]
    if res.get("notes") or res.get("errors"):
        M += ["## Notes", ""]
        M += ["- " + rel(n) for n in res.get("notes", [])]
        M += ["- ERROR: " + rel(e.splitlines()[0]) for e in res.get("errors", [])]
        M.append("")
    if res.get("service"):
        from .service import markdown as service_markdown
        M += service_markdown(res["service"]) + [""]
    if res.get("servers"):
        M += servers.markdown(res["servers"])
    M += [METHOD_MD.strip(), ""]
    return "\n".join(M)


STORAGE_PHASES = (("seqwrite", "sequential write"), ("seqread", "sequential read"),
                  ("randwrite", "random write"), ("randread", "random read"))


def markdown_storage(st, rel):
    """virtio-blk throughput (kast/bench/storage.py), Kast vs Linux."""
    M = ["", "## Storage: virtio-blk", "",
         "tests/storage/blkbench.c in 4 KiB requests on a fresh %d MiB raw disk file"
         " (virtio-mmio on microvm): sequential over %d MiB, %d random requests;"
         " writes include their fsync; Linux opens the disk with O_DIRECT. Throughput"
         " timed inside the guest, median of %d run(s); ratio = Kast / Linux (above 1:"
         " Kast is faster)." % (st["disk_mib"], st["seq_mib"], st["random_ops"], st["runs"]),
         ""]
    lin = st.get("linux") or {}
    archs = sorted(st["kast"])
    head = ["4 KiB requests"] + ["Kast %s" % a for a in archs]
    if lin:
        head += ["Linux x86_64", "Kast/Linux (x86_64)"]
    M += md_table(head)
    for key, what in STORAGE_PHASES:
        row = [what] + ["%.1f MB/s" % st["kast"][a][key] for a in archs]
        if lin:
            k = st["kast"].get("x86_64", {}).get(key)
            row += ["%.1f MB/s" % lin[key], "%.2fx" % (k / lin[key]) if k else "-"]
        M.append(md_row(*row))
    M += ["", "Commands:", ""]
    M += ["- %s: `%s`" % (k, rel(c)) for k, c in sorted(st["commands"].items())]
    M.append("")
    return M


def kaslr_row(r, fmt):
    """The cost of the image's move at boot (KASLR): C entry -> main with
    ukboot.aslr=0, the difference of the medians, the relocation table."""
    b, n = r.get("boot"), r.get("boot_noaslr")
    table = r.get("size", {}).get("relocs_table")
    if not b or not n:
        return ("  same, ukboot.aslr=0", "", "not measured", "", "")
    cost = b["entry_to_main_us"]["median"] - n["entry_to_main_us"]["median"]
    return ("  same, ukboot.aslr=0", "", fmt(n["entry_to_main_us"]), "",
            "KASLR: +%s boot, relocation table %s"
            % (fmt_us(cost), fmt_bytes(table) if table else "?"))


def markdown_arch(arch, r, rel):
    w, sz, mm = r.get("wall_s", {}), r.get("size", {}), r.get("minmem_kib", {})
    lin = sz.get("linux")
    fl, ks, lx = wall_row(w)
    keys = ("floor", "helloworld", "linux")
    M = ["QEMU: %s, machine `%s`. Commands (each timed as a whole process):"
         % (r.get("qemu"), r.get("machine")), ""]
    M += ["- %s: `%s`" % (k, rel(r["commands"][k])) for k in keys if k in r.get("commands", {})]
    M.append("")
    M += md_table(["", "floor", "Kast helloworld", "Linux microVM"])
    M.append(md_row("image (stripped)", fmt_bytes(sz.get("floor")), fmt_bytes(sz.get("helloworld")),
                    "%s (%s ELF booted)" % (linux_size(lin), fmt_bytes(lin["vmlinux_bytes"]))
                    if lin else "-"))
    M.append(md_row("wall time, median", *("**%s**" % fmt_s(x["median"]) if x else "-"
                                           for x in (fl, ks, lx))))
    M.append(md_row("wall time, IQR", *("%s .. %s" % (fmt_s(x["q1"]), fmt_s(x["q3"])) if x else "-"
                                        for x in (fl, ks, lx))))
    M.append(md_row("wall time, min .. max (runs)",
                    *("%s .. %s (%d)" % (fmt_s(x["min"]), fmt_s(x["max"]), x["n"]) if x else "-"
                      for x in (fl, ks, lx))))
    M.append(md_row("minimum `-m`", *("%s (step %s)" % (fmt_kib(mm[k]),
                                                        fmt_kib(r["minmem_granularity_kib"][k]))
                                      if mm.get(k) else "-" for k in keys)))
    M.append(md_row("one step below", *(r.get("minmem_below", {}).get(k, {}).get("why", "-")
                                        if mm.get(k) else "-" for k in keys)))
    b = r.get("boot")
    if b:
        up = r.get("linux_uptime_at_init_s")
        M.append(md_row("C entry -> main (in guest)", "-", stat_txt(b["entry_to_main_us"], fmt_us),
                        "init reached at %.2f s of kernel uptime" % up if up else "-"))
        M.append(md_row("C entry -> exit (in guest)", "-", stat_txt(b["entry_to_exit_us"], fmt_us),
                        "-"))
        k = kaslr_row(r, lambda st: stat_txt(st, fmt_us))
        M.append(md_row("C entry -> main, ukboot.aslr=0", "-",
                        "%s (%s)" % (k[2], k[4]) if k[4] else k[2], "-"))
    M.append("")
    if fl and ks:
        M.append("Kast/floor wall time: %.2fx. %s" % (
            ks["median"] / fl["median"],
            "Linux/Kast: %.1fx." % (lx["median"] / ks["median"]) if lx else
            "No Linux baseline on %s." % arch))
        M.append("")
    if b:
        M += ["Boot phases of helloworld built with `LIBUKBOOT_BOOTTIME` (median of %d runs;"
              " counter %.0f MHz%s):" % (b["runs"], b["counter_hz"] / 1e6,
                                         "; the platform records no entry stamp, so phases"
                                         " start at ukboot" if b["entry_stamp_missing"] else ""),
              ""]
        M += md_table(["phase", "median", "IQR", "what"])
        for name, _, _, desc in BOOT_PHASES:
            st = b["phases_us"][name]
            M.append(md_row(name, fmt_us(st["median"]),
                            "%s .. %s" % (fmt_us(st["q1"]), fmt_us(st["q3"])), desc))
        st = b["counter_at_entry_us"]
        M += [md_row("(before C entry)", fmt_us(st["median"]),
                     "%s .. %s" % (fmt_us(st["q1"]), fmt_us(st["q3"])),
                     "counter value at C entry: time since the counter's reset (QEMU: VM"
                     " start; on riscv64 this includes OpenSBI)"), ""]
        if sz.get("boottime"):
            M += ["`LIBUKBOOT_BOOTTIME` itself adds %d bytes to the stripped image."
                  % (sz["boottime"] - sz["helloworld"]), ""]
    libs = sz.get("libs")
    if libs:
        kinds = ("text", "rodata", "data", "bss", "ksyms", "total")
        M += ["Size of helloworld by library: bytes in the final link after `--gc-sections`,"
              " from the link map (%s, allocator %s):" % (sz.get("optimize"), sz.get("allocator")),
              ""]
        M += md_table(["library", "text", "rodata", "data", "bss", "symbol table", "total"],
                      ["---"] + ["---:"] * 6)
        tot = dict.fromkeys(kinds, 0)
        for lib, e in sorted(libs.items(), key=lambda kv: -kv[1]["total"]):
            M.append(md_row(lib, *(e[k] for k in kinds)))
            for k in kinds:
                tot[k] += e[k]
        M += [md_row("**sum**", *(tot[k] for k in kinds)), "",
              "The stripped file (%d bytes) holds text, rodata, data and the symbol table plus"
              " ELF headers and page alignment; bss (with the boot stack) takes no file space."
              % sz["helloworld"], ""]
    if r.get("micro"):
        clock = "TSC at the host's rate" if arch == "x86_64" else \
            "time CSR at %.0f MHz" % (r["counter_hz"] / 1e6)
        M += ["Core paths (apps/bench: each backend built afresh in a 16 MiB arena per"
              " repetition; ns per allocator call; %s):" % clock, ""]
        M += md_table(["benchmark", "calls/rep", "reps", "median", "IQR", "min"],
                      ["---", "---:", "---:", "---:", "---", "---:"])
        for name, v in sorted(r["micro"].items()):
            x = v["ns_per_op"]
            if x:
                M.append(md_row(name, v["ops"], v["reps"], "%.0f ns" % x["median"],
                                "%.0f .. %.0f" % (x["q1"], x["q3"]), "%.0f ns" % x["min"]))
            else:
                M.append(md_row(name, v["ops"], v["reps"],
                                "%.0f ticks" % v["ticks_per_op"]["median"], "", ""))
        M.append("")
    rows = extra_rows(r)
    if rows:
        M += ["Other benchmark apps (their own defconfig; median over runs):", ""]
        M += md_table(["benchmark", "result"])
        M += [md_row(*x) for x in rows]
        M.append("")
    rows = stream_rows(r)
    if rows:
        M += ["A program's stdin and stdout (tests/io/iotest.c built with kast-cc, run with"
              " kast-run: virtio-console ports pumped by kast-run through sockets; stdout"
              " `gen N` to /dev/null, stdin `sink` from a file):", ""]
        M += md_table(["stream", "throughput"])
        M += [md_row(*x) for x in rows]
        M.append("")
    for name, lines in r.get("extra_output", {}).items():
        if lines:
            M += ["Other output of %s:" % name, "", "```"] + lines + ["```", ""]
    return M


METHOD_MD = """
## How the figures are taken

- **One run, same conditions.** Every guest of an architecture runs under the
  same QEMU binary, machine, accelerator, `-m` and device set; the commands
  are what `support/scripts/kast-qemu --dry-run` prints (the Linux guest
  adds `-initrd` and `-append`). Builds run first, measurements after.
- **Floor.** `support/bench/floor-<arch>.S`: x86_64 enters through the PVH
  note, writes one byte to COM1 (0x3f8) and exits through isa-debug-exit
  (port 0xf4); riscv64 is an S-mode payload under OpenSBI that stores one
  byte to the UART at 0x10000000 and writes 0x5555 to the test device at
  0x100000. Built with the same cross toolchain as Kast.
- **Linux microVM** (x86_64): Debian's cloud kernel
  (`linux-image-*-cloud-amd64-unsigned`, `apt-get download`, unpacked with
  `dpkg-deb -x`, never installed); the ELF `vmlinux` is extracted from the
  bzImage so that QEMU enters it through PVH on `microvm`. The initramfs
  (uncompressed newc) holds busybox-static and `support/bench/linux-init`,
  which prints one line with the kernel's uptime and runs `poweroff -f`.
  Command line `console=ttyS0 quiet panic=-1 tsc_early_khz=<host TSC kHz>`
  (without the last, PIT calibration on microvm hangs in most runs). There
  is no riscv64 Linux baseline: Debian bookworm has no riscv64 port in its
  main archive.
- **Wall time**: the whole QEMU process, from exec to exit, measured by
  `hyperfine -N` (no shell). Runs are split into rounds that alternate
  between the guests, each round with warm-up runs, so that background load
  falls on all guests alike; medians and interquartile ranges over all
  runs. Every run's exit status is checked.
- **In-guest boot time**: helloworld built with `LIBUKBOOT_BOOTTIME` prints
  one `KAST-BOOTTIME` line of raw counter values (TSC / time CSR): the
  platform's first C statement (`ukplat_boot_counter()`), ukboot's entry,
  after the kernel parameters, after the allocator, the start of each init
  class, main's call and return, and the exit. Under TCG the x86 TSC runs
  at the host's TSC rate (measured on the host), the riscv64 time CSR at
  the virt board's 10 MHz timebase. Code before the C entry (the PVH/SBI
  entry stub, `.bss` clearing) is not inside "entry -> main"; the counter
  value at C entry (time since VM start) is listed separately.
- **Minimum memory**: bisection on `-m` (in KiB; QEMU rounds the size up
  to a multiple of 8 KiB, so the step is 8 KiB for Kast and the floor and
  1 MiB for Linux (16 MiB in QUICK runs)); a probe succeeds when the guest
  prints its line and exits with the right status before a watchdog; the
  result is confirmed by two more runs (one in QUICK runs). The table also
  shows how the probe one step below failed.
- **Image size**: the stripped file; the per-library table comes from GNU
  ld's map of the final link (`-Map`), so it counts only input sections
  kept after `--gc-sections`.
- **Program streams**: tests/io/iotest.c built with kast-cc and run with
  kast-run (virtio-console ports, socket chardevs pumped by kast-run):
  stdout is `gen N` (N bytes written 256 KiB at a time) into /dev/null,
  stdin is `sink` reading N bytes from a file (200 MiB, 32 MiB in QUICK
  runs); each is also run moving 1 byte, and MB/s = N / (t(N) - t(1)),
  medians of 3 runs (1 in QUICK runs), whole kast-run processes.
- **Core paths**: apps/bench runs, for each allocator backend, a fixed
  pseudo-random trace of 16384 malloc/free steps (sizes 16 B..8 KiB, at
  most 256 live blocks, fixed seed), 8192 malloc(64)+free pairs, 1024
  single-page alloc+free pairs and a trace of 128 blocks of 1..8 pages freed
  in shuffled order; 5 repetitions per run. Allocation statistics
  (`LIBUKALLOC_STATS`) are on, as in the default configuration.
- **Other benchmark apps** (the hook): every `apps/*bench` app besides
  apps/bench (e.g. `apps/schedbench`) is built with its own defconfig on
  each architecture where Kconfig lets it be selected, run (3 times, once
  in QUICK runs; success = exit status 0), and its result lines are
  reported: `KAST-BENCH v=1 name=<name> ops=<calls per repetition>
  ticks=<t1>,<t2>,...` as ns per operation, any other
  `KAST-<TAG> v=1 key=value ...` line (e.g. `KAST-SCHEDBENCH ...
  median=.. p10=.. p90=..`) as `<tag>:<non-numeric values>` with the median
  of each numeric field over the runs; other output lines are quoted.
- Under TCG, absolute figures measure QEMU's emulation on this host, not
  hardware; ratios between guests run the same way are the meaningful part.
  Targets for KVM hardware (entry -> main <= 30 us) are reported as
  measured, not judged.
"""
