/* Host stand-in for lib/ukdebug's uk/print.h, used by host unit tests. */
#ifndef __UK_PRINT_H__
#define __UK_PRINT_H__
#include <stdio.h>
#include <uk/essentials.h>
#define uk_printf printf
#define uk_vprintf vprintf
#define uk_pr_crit(fmt, ...)  fprintf(stderr, "CRIT: " fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)   fprintf(stderr, "ERR: " fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)  fprintf(stderr, "WARN: " fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)  fprintf(stderr, "INFO: " fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) do { } while (0)
#endif
