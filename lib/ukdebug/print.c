/* SPDX-License-Identifier: BSD-3-Clause */
/* Formatted console output and leveled kernel messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/console.h>

/* Longer messages are cut; the cut is marked with "..." */
#define PRINT_BUF_SIZE	512

static const char *const level_names[] = {
	[UK_PRINT_CRIT] = "CRIT",
	[UK_PRINT_ERR] = "ERR ",
	[UK_PRINT_WARN] = "WARN",
	[UK_PRINT_INFO] = "INFO",
	[UK_PRINT_DEBUG] = "DBG ",
};

static int emit(const char *buf, int n)
{
	if (n < 0)
		return n;
	if (n >= PRINT_BUF_SIZE) {
		ukplat_coutk(buf, PRINT_BUF_SIZE - 1);
		ukplat_coutk("...\n", 4);
		return PRINT_BUF_SIZE - 1;
	}
	return ukplat_coutk(buf, n);
}

int uk_vprintf(const char *fmt, va_list ap)
{
	char buf[PRINT_BUF_SIZE];

	return emit(buf, vsnprintf(buf, sizeof(buf), fmt, ap));
}

int uk_printf(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = uk_vprintf(fmt, ap);
	va_end(ap);
	return rc;
}

void _uk_vprintk(int lvl, const char *libname, const char *file, int line,
		 const char *fmt, va_list ap)
{
	char buf[PRINT_BUF_SIZE];
	int n;

	if (lvl < UK_PRINT_CRIT || lvl > UK_PRINT_DEBUG)
		lvl = UK_PRINT_CRIT;
	if (lvl == UK_PRINT_DEBUG)
		n = snprintf(buf, sizeof(buf), "%s [%s] %s:%d: ",
			     level_names[lvl], libname, file, line);
	else
		n = snprintf(buf, sizeof(buf), "%s [%s] ", level_names[lvl],
			     libname);
	if (n < 0 || n >= (int)sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	emit(buf, n + (int)strnlen(buf + n, sizeof(buf) - n));
}

void _uk_printk(int lvl, const char *libname, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprintk(lvl, libname, file, line, fmt, ap);
	va_end(ap);
}
