# SPDX-License-Identifier: BSD-3-Clause
"""The Kast service (docs/service.md): program in, output out.

  cache     content-addressed image cache (key, LRU bound, location)
  runner    build a C program or pick the Lua image, run it with kast-run:
            output cap, timeout, timings (kast run, the HTTP API)
  virt      long-running VMs through libvirt (kast start/ps/logs/...)
  api       kast serve: the HTTP API and the dashboard (aiohttp)
  cli       the `kast` command (support/bin/kast)
  tests     make test's service group (runtests.service_tests)

Exit statuses of `kast run` are kast-run's (docs/apps.md, "Exit status":
the program's n & 0xff, 128 + signal for a crash or signal, 125 Kast
could not run it, 126 kernel panic, 127 no status, 137 timeout), plus
EXIT_COMPILE and EXIT_OUTPUT_LIMIT below; 2 is kast's own usage error.
"""

EXIT_USAGE = 2
EXIT_COMPILE = 128
EXIT_OUTPUT_LIMIT = 153     # 128 + SIGXFSZ: "output size limit exceeded", as on a host
EXIT_TIMEOUT = 137
