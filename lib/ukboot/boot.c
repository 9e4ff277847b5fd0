/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot sequence, entered from the platform once console, traps, paging and
 * the memory map are ready:
 *   1. split the command line; tokens before "--" are kernel parameters
 *      (lib.param=value), tokens after it are main()'s arguments; without
 *      "--" every token goes to main();
 *   2. apply the kernel parameters (uklibparam);
 *   3. set up the default allocator (whichever backend Kconfig chose);
 *   4. run the init table, class by class (early ... late);
 *   5. call main(), run the term functions in reverse, exit with main's
 *      return value.
 * Any failure before main() is a boot error with a message naming it.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/boot.h>
#include <uk/plat/bootstrap.h>
#if CONFIG_LIBUKLIBPARAM
#include <uk/libparam.h>
#endif
#if CONFIG_LIBUKALLOC
#include <uk/alloc.h>
#endif

#define BOOT_MAXARGS	CONFIG_LIBUKBOOT_MAXARGS

UK_TABLE_DEFINE(init, struct uk_inittab_entry);

int main(int argc, char *argv[]);

int uk_boot_argc;
char **uk_boot_argv;

static char cmdline_buf[CONFIG_LIBUKBOOT_CMDLINE_MAX];
static char *tokens[BOOT_MAXARGS + 1];
/* argv for main: the app name, then the application arguments */
static char *app_argv[BOOT_MAXARGS + 2];
static char app_name[] = UK_APPNAME;

#ifdef CONFIG_LIBUKBOOT_BANNER
static bool banner = true;
#else
static bool banner;
#endif
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM(banner, bool);
#endif

static void __noreturn boot_fail(void)
{
	uk_printf("Kast: boot failed\n");
	ukplat_boot_error();
}

static int split_cmdline(const char *cmdline, int *kargc)
{
	size_t len = strlen(cmdline);
	int n, i;

	if (len >= sizeof(cmdline_buf)) {
		uk_pr_crit("command line too long (%zu bytes)\n", len);
		return -E2BIG;
	}
	memcpy(cmdline_buf, cmdline, len + 1);
	n = uk_argparse(cmdline_buf, tokens, BOOT_MAXARGS);
	if (n == -E2BIG) {
		uk_pr_crit("command line has more than %d arguments\n",
			   BOOT_MAXARGS);
		return n;
	}
	if (n < 0) {
		uk_pr_crit("command line: unterminated quote or trailing backslash: %s\n",
			   cmdline);
		return n;
	}
	*kargc = 0;
	for (i = 0; i < n; i++)
		if (!strcmp(tokens[i], "--"))
			break;
	app_argv[0] = app_name;
	if (i < n) {
		*kargc = i;
		memcpy(&app_argv[1], &tokens[i + 1],
		       (n - i - 1) * sizeof(char *));
		uk_boot_argc = n - i;
	} else {
		memcpy(&app_argv[1], tokens, n * sizeof(char *));
		uk_boot_argc = n + 1;
	}
	app_argv[uk_boot_argc] = NULL;
	uk_boot_argv = app_argv;
	return 0;
}

static int apply_kernel_params(int kargc)
{
#if CONFIG_LIBUKLIBPARAM
	if (uk_libparam_parse(kargc, tokens) < 0) {
		uk_printf("Known kernel parameters:\n");
		uk_libparam_print_all();
		return -EINVAL;
	}
	return 0;
#else
	if (kargc > 0) {
		uk_pr_crit("kernel parameter '%s' given, but this image has no "
			   "parameter support (uklibparam)\n", tokens[0]);
		return -EINVAL;
	}
	return 0;
#endif
}

static const struct uk_inittab_entry *run_inittab(void)
{
	const struct uk_inittab_entry *e;

	uk_table_foreach(e, init) {
		int rc;

		if (!e->init)
			continue;
		rc = e->init();
		if (rc < 0) {
			uk_pr_crit("init function %s failed: %d\n", e->name,
				   rc);
			return NULL;
		}
	}
	return e;
}

static void run_termtab(const struct uk_inittab_entry *last)
{
	const struct uk_inittab_entry *e;

	for (e = last; e-- > UK_TABLE_START(init);)
		if (e->term)
			e->term();
}

void ukplat_entry(const char *cmdline)
{
	const struct uk_inittab_entry *last;
	int kargc, rc;

	if (split_cmdline(cmdline, &kargc) < 0 ||
	    apply_kernel_params(kargc) < 0)
		boot_fail();
#if CONFIG_LIBUKALLOC
	rc = uk_alloc_init_default();
	if (rc < 0) {
		uk_pr_crit("no default allocator: %d\n", rc);
		boot_fail();
	}
#endif
	last = run_inittab();
	if (!last)
		boot_fail();
	if (banner)
		uk_printf("Kast (" UK_ARCHNAME ") booting %s\n", UK_APPNAME);
	rc = main(uk_boot_argc, uk_boot_argv);
	run_termtab(last);
	ukplat_halt_exit(rc);
}
