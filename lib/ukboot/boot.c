/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot sequence, entered from the platform once console, traps, paging and
 * the memory map are ready:
 *   1. split the command line; tokens before "--" are kernel parameters
 *      (lib.param=value) and environment variables (env=NAME=VALUE, in
 *      order: uk_boot_envp), tokens after it are main()'s arguments;
 *      without "--" every token goes to main();
 *   2. apply the kernel parameters (uklibparam);
 *   3. set up the default allocator (whichever backend Kconfig chose);
 *   4. run the init table, class by class (early ... late);
 *   5. call main() (in a thread named "main" when a scheduler is
 *      configured; the boot context then becomes the idle thread), run
 *      the term functions in reverse, exit with main's return value.
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
#include <uk/plat/memory.h>
#endif
#if CONFIG_LIBUKSCHED
#include <uk/sched.h>
#endif
#include <uk/plat/time.h>
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif

#define BOOT_MAXARGS	CONFIG_LIBUKBOOT_MAXARGS

UK_TABLE_DEFINE(init, struct uk_inittab_entry);

int main(int argc, char *argv[]);

int uk_boot_argc;
char **uk_boot_argv;
int uk_boot_envc;
char **uk_boot_envp;

static char cmdline_buf[CONFIG_LIBUKBOOT_CMDLINE_MAX];
static char *tokens[BOOT_MAXARGS + 1];
/* argv for main: the app name, then the application arguments */
static char *app_argv[BOOT_MAXARGS + 2];
/* env=NAME=VALUE tokens' NAME=VALUE, NULL-terminated */
static char *boot_env[BOOT_MAXARGS + 1];
static char app_name[] = UK_APPNAME;
/* argv[0] of an image linked by kast-cc: the name it was linked as (-o) */
extern char uk_app_name[] __weak;

#ifdef CONFIG_LIBUKBOOT_BANNER
static bool banner = true;
#else
static bool banner;
#endif
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM(banner, bool);
#endif

#if CONFIG_LIBUKRANDOM
/*
 * Address layout randomization (heap start, stack tops): ukboot.aslr=0
 * turns it off, so that addresses repeat from boot to boot (debugging).
 */
static bool aslr = true;
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM(aslr, bool);
#endif
#endif

/*
 * ukboot.walltime=NS: the host's clock (ns since the epoch) when the VMM
 * started, finer than the RTC's seconds (ukplat_wall_clock_hint()).
 * kast-qemu passes it to images whose .kast.params section names it.
 */
static unsigned long long walltime;
#if CONFIG_LIBUKLIBPARAM
UK_LIB_PARAM(walltime, unsigned long long);
__asm__(".pushsection .kast.params,\"\",@progbits\n"
	".ascii \"ukboot.walltime \"\n"
	".popsection\n");
#endif

#if CONFIG_LIBUKBOOT_BOOTTIME
/*
 * Boot-time stamps: raw CPU counter values, printed as one line
 * "KAST-BOOTTIME v=1 arch=.. hz=.. entry=.. ukboot=.. ... exit=.." (the
 * order of bt_names) by boottime_print(). An init class's stamp is taken
 * when its first entry is reached: a marker entry (no init function) sorts
 * before the class's priority 0 entries.
 */
#define BT_CLASSES	6	/* init classes early .. late */
enum { BT_UKBOOT, BT_PARAMS, BT_ALLOC, BT_CLASS0,
       BT_MAIN = BT_CLASS0 + BT_CLASSES,
       BT_RETURN, BT_EXIT, BT_COUNT };
static const char *const bt_names[BT_COUNT] = {
	"ukboot", "params", "alloc", "early", "plat", "lib", "rootfs", "sys",
	"late", "main", "return", "exit"
};
static uint64_t bt_stamp[BT_COUNT];

#define BT_CLASS_MARK(cls)						\
	static const struct uk_inittab_entry				\
	UK_TABLE_ENTRY_SECTION(init, "_" #cls "_")			\
	__bt_mark_##cls = { NULL, NULL, "boottime-mark" }
BT_CLASS_MARK(1); BT_CLASS_MARK(2); BT_CLASS_MARK(3);
BT_CLASS_MARK(4); BT_CLASS_MARK(5); BT_CLASS_MARK(6);
static const struct uk_inittab_entry *const bt_marks[BT_CLASSES] = {
	&__bt_mark_1, &__bt_mark_2, &__bt_mark_3,
	&__bt_mark_4, &__bt_mark_5, &__bt_mark_6
};

static void bt_mark_class(const struct uk_inittab_entry *e)
{
	int i;

	for (i = 0; i < BT_CLASSES; i++)
		if (e == bt_marks[i])
			bt_stamp[BT_CLASS0 + i] = ukplat_time_counter();
}

static void boottime_print(void)
{
	int i;

	uk_printf("KAST-BOOTTIME v=1 arch=" UK_ARCHNAME " hz=%llu entry=%llu",
		  (unsigned long long)ukplat_time_counter_freq(),
		  (unsigned long long)ukplat_boot_counter());
	for (i = 0; i < BT_COUNT; i++)
		uk_printf(" %s=%llu", bt_names[i],
			  (unsigned long long)bt_stamp[i]);
	uk_printf("\n");
}
#define BT_STAMP(i)	(bt_stamp[(i)] = ukplat_time_counter())
#else
#define BT_STAMP(i)	do { } while (0)
#endif

static void __noreturn boot_fail(void)
{
	uk_printf("Kast: boot failed\n");
	ukplat_boot_error();
}

/*
 * Move the env=NAME=VALUE tokens among the @*kargc kernel parameters to
 * boot_env (kast-run --env/-e puts them there, quoted like arguments, so
 * any value survives), keeping the other parameters in order.
 */
static int take_env(int *kargc)
{
	int i, k = 0;

	for (i = 0; i < *kargc; i++) {
		char *t = tokens[i];

		if (strncmp(t, "env=", 4)) {
			tokens[k++] = t;
			continue;
		}
		t += 4;
		if (*t == '=' || !strchr(t, '=')) {
			uk_pr_crit("kernel parameter 'env=%s': expected env=NAME=VALUE\n",
				   t);
			return -EINVAL;
		}
		boot_env[uk_boot_envc++] = t;
	}
	boot_env[uk_boot_envc] = NULL;
	uk_boot_envp = boot_env;
	*kargc = k;
	tokens[k] = NULL;
	return 0;
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
	app_argv[0] = uk_app_name ? uk_app_name : app_name;
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
	return take_env(kargc);
}

#if CONFIG_LIBUKALLOC
#define HEAP_MIN	((size_t)CONFIG_LIBUKBOOT_HEAP_MIN_KB << 10)
#define MIB		(1UL << 20)

/* Page-table pages after the platform's spares (ukplat_pt_page_source) */
static unsigned long pt_page(void)
{
	void *p = uk_palloc(uk_alloc_get_default(), 1);

	if (p)
		memset(p, 0, UK_PAGE_SIZE);
	return (unsigned long)p;
}

/* Enough free memory for the kernel? If not, say how much more. */
static int check_memory(void)
{
	size_t free = ukplat_memregion_free_total();

	if (free >= HEAP_MIN)
		return 0;
	uk_pr_crit("too little memory: %zu KiB free after the image and its initrd, "
		   "the kernel needs %zu KiB: give the VM at least %lu MiB more "
		   "(kast-run --mem)\n", free >> 10, HEAP_MIN >> 10,
		   (unsigned long)((HEAP_MIN - free + MIB - 1) / MIB));
	return -ENOMEM;
}
#endif

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

		if (!e->init) {
#if CONFIG_LIBUKBOOT_BOOTTIME
			bt_mark_class(e);
#endif
			continue;
		}
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

static const struct uk_inittab_entry *inittab_last;

void ukboot_exit(int status)
{
	BT_STAMP(BT_RETURN);
	run_termtab(inittab_last);
	BT_STAMP(BT_EXIT);
#if CONFIG_LIBUKBOOT_BOOTTIME
	boottime_print();
#endif
	ukplat_halt_exit(status);
}

/* main(), the term functions, exit; in the main thread with a scheduler. */
static void __noreturn run_main(void *last)
{
	inittab_last = last;
	BT_STAMP(BT_MAIN);
#if CONFIG_LIBMUSL
	/* musl's start code runs main() and exit(), which ends in
	 * ukboot_exit() through the exit_group system call */
	uk_musl_start_main(uk_boot_argc, uk_boot_argv);
#else
	ukboot_exit(main(uk_boot_argc, uk_boot_argv));
#endif
}

void ukplat_entry(const char *cmdline)
{
	const struct uk_inittab_entry *last;
	int kargc, rc __maybe_unused;

	BT_STAMP(BT_UKBOOT);
	if (split_cmdline(cmdline, &kargc) < 0 ||
	    apply_kernel_params(kargc) < 0)
		boot_fail();
	BT_STAMP(BT_PARAMS);
	if (walltime && ukplat_wall_clock_hint((__nsec)walltime) < 0)
		uk_pr_warn("ukboot.walltime=%llu is more than 2 s from the RTC: ignored\n",
			   walltime);
#if CONFIG_LIBUKRANDOM
	uk_random_layout_set(aslr);
#endif
#if CONFIG_LIBUKALLOC
	if (check_memory() < 0)
		boot_fail();
	rc = uk_alloc_init_default();
	if (rc < 0) {
		uk_pr_crit("no default allocator: %d\n", rc);
		boot_fail();
	}
	ukplat_pt_page_source(pt_page);
#endif
	BT_STAMP(BT_ALLOC);
	last = run_inittab();
	if (!last)
		boot_fail();
	if (banner)
		uk_printf("Kast (" UK_ARCHNAME ") booting %s\n", UK_APPNAME);
#if CONFIG_LIBUKSCHED
	/* main() gets a thread; this boot context becomes the idle thread */
	uk_sched_start(run_main, (void *)last);
#else
	run_main((void *)last);
#endif
}
