# SPDX-License-Identifier: BSD-3-Clause
"""What make bench measures and how often: targets, profiles, boot stamps."""
import os

from .. import SRC

BENCH_SRC = os.path.join(SRC, "support", "bench")

# Targets from issue 5.
TARGET_IMAGE_BYTES = 100 * 1000        # helloworld stripped image <= 100 KB
TARGET_MINMEM_KIB = 1024               # helloworld minimum memory <= 1 MB
TARGET_WALL_VS_FLOOR = 1.10            # Kast wall time <= 1.10 x floor
TARGET_LINUX_VS_KAST = 50.0            # Linux wall time >= 50 x Kast
TARGET_ENTRY_MAIN_US = 30.0            # entry -> main on real KVM hardware

BENCH_MEM_MIB = 128        # one -m for every guest; Linux needs ~72 MiB
QEMU_RAM_ALIGN_KIB = 8     # QEMU 7.2 rounds -m up to a multiple of 8 KiB
RISCV_TIMEBASE_HZ = 10000000   # QEMU virt ACLINT timer (OpenSBI banner)
EXPECT_RC = {"x86_64": 3, "riscv64": 0}  # raw QEMU status for guest status 0
FLOOR_BYTE = "F"
LINUX_MARK = r"linux-bench: init reached, uptime ([0-9.]+)"
HELLO_MARK = r"Hello, world!"
CHECK_TIMEOUT_S = 120      # first (correctness) run of any guest
PROBE_TIMEOUT_MIN_S = 2    # a min-memory probe is killed after this ...
PROBE_TIMEOUT_FACTOR = 10  # ... or this many times the checked run's time
KERNEL_META = "linux-image-cloud-amd64"

PROFILES = {
    "full": dict(wall_runs=100, wall_rounds=4, wall_warmup=3,
                 linux_runs=30, linux_rounds=3, linux_warmup=1,
                 boot_runs=31, micro_runs=3, linux_mem_gran_mib=1,
                 minmem_confirm=2),
    "quick": dict(wall_runs=12, wall_rounds=2, wall_warmup=1,
                  linux_runs=3, linux_rounds=1, linux_warmup=0,
                  boot_runs=7, micro_runs=1, linux_mem_gran_mib=16,
                  minmem_confirm=1),
}

FLOOR_FLAGS = {  # (cc flags, ld flags) per architecture
    "x86_64": (["-m64"], ["-m", "elf_x86_64"]),
    "riscv64": (["-march=rv64imac_zicsr_zifencei", "-mabi=lp64"],
                ["-m", "elf64lriscv"]),
}

# Boot stamps printed by LIBUKBOOT_BOOTTIME, in order; phases are the
# differences between consecutive stamps.
BOOT_STAMPS = ["entry", "ukboot", "params", "alloc", "early", "plat", "lib",
               "rootfs", "sys", "late", "main", "return", "exit"]
BOOT_PHASES = [
    ("platform", "entry", "ukboot", "platform C entry -> ukplat_entry()"),
    ("params", "ukboot", "params", "command line + kernel parameters"),
    ("alloc", "params", "alloc", "default allocator over free memory"),
    ("init-early", "early", "plat", "init class early"),
    ("init-plat", "plat", "lib", "init class plat"),
    ("init-lib", "lib", "rootfs", "init class lib"),
    ("init-rootfs", "rootfs", "sys", "init class rootfs"),
    ("init-sys", "sys", "late", "init class sys"),
    ("init-late", "late", "main", "init class late, banner, main thread start"),
    ("main", "main", "return", "main() (helloworld: printing)"),
    ("term", "return", "exit", "term functions"),
]
