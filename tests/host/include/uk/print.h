/* Host stand-in for lib/ukdebug's uk/print.h, used by host unit tests. */
#ifndef __UK_PRINT_H__
#define __UK_PRINT_H__
#include <stdio.h>
#include <uk/essentials.h>
#ifdef __KAST_FUZZ__
/*
 * Fuzz targets: messages are formatted (the sanitizers check the
 * arguments) but not written: a parser that reports every bad input
 * would otherwise write a line per run, gigabytes in a long run.
 */
static char __uk_fuzz_msg[512] __attribute__((unused));
#define __uk_fuzz_fmt(fmt, ...) \
	((void)snprintf(__uk_fuzz_msg, sizeof(__uk_fuzz_msg), fmt, ##__VA_ARGS__))
#define uk_printf(fmt, ...)   __uk_fuzz_fmt(fmt, ##__VA_ARGS__)
#define uk_vprintf(fmt, ap)   \
	((void)vsnprintf(__uk_fuzz_msg, sizeof(__uk_fuzz_msg), fmt, ap))
#define uk_pr_crit(fmt, ...)  __uk_fuzz_fmt(fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)   __uk_fuzz_fmt(fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)  __uk_fuzz_fmt(fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)  __uk_fuzz_fmt(fmt, ##__VA_ARGS__)
#else
#define uk_printf printf
#define uk_vprintf vprintf
#define uk_pr_crit(fmt, ...)  fprintf(stderr, "CRIT: " fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)   fprintf(stderr, "ERR: " fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)  fprintf(stderr, "WARN: " fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)  fprintf(stderr, "INFO: " fmt, ##__VA_ARGS__)
#endif
#define uk_pr_debug(fmt, ...) do { } while (0)
#endif
