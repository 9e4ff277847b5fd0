/* SPDX-License-Identifier: BSD-3-Clause */
/* Fatal errors: message, backtrace, crash exit. */
#include <stdarg.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include <uk/plat/lcpu.h>

void _uk_panic(const char *libname, const char *file, int line,
	       const char *fmt, ...)
{
	static int nested;
	va_list ap;

	ukplat_lcpu_disable_irq();
	if (nested++) {
		uk_printf("PANIC: nested panic at %s:%d\n", file, line);
		ukplat_crash();
	}
	uk_printf("\nPANIC [%s] %s:%d: ", libname, file, line);
	va_start(ap, fmt);
	uk_vprintf(fmt, ap);
	va_end(ap);
	uk_printf("\nBacktrace:\n");
	ukplat_backtrace_print(ukplat_lcpu_frame());
	ukplat_crash();
}
