# SPDX-License-Identifier: BSD-3-Clause
"""The Kast service (docs/service.md): program in, output out.

  cache     content-addressed image cache (key, LRU bound, location)
  runner    build a C program or pick the Lua image, run it with kast-run:
            output cap, timeout, timings (kast run, the HTTP API)
  virt      long-running VMs through libvirt (kast start/ps/logs/...)
  api       kast serve: the HTTP API and the dashboard (aiohttp)
  cli       the `kast` command (support/bin/kast)
  tests     make test's service group (runtests.service_tests)

Exit statuses of `kast run` are the program's (0..124) and kast-run's
(125 boot error, 126 crash, 127 no exit device, 137 timeout), plus
EXIT_COMPILE and EXIT_OUTPUT_LIMIT below; 2 is kast's own usage error.
"""

EXIT_USAGE = 2
EXIT_COMPILE = 128
EXIT_OUTPUT_LIMIT = 153     # 128 + SIGXFSZ: "output size limit exceeded", as on a host
EXIT_TIMEOUT = 137
