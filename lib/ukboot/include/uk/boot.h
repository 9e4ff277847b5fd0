/* SPDX-License-Identifier: BSD-3-Clause */
/* Boot sequence helpers exported by ukboot. */
#ifndef __UK_BOOT_H__
#define __UK_BOOT_H__

/*
 * Split @buf in place into at most @max tokens stored in @argv (followed by
 * a NULL, so @argv holds @max + 1 pointers). Tokens are separated by blanks;
 * '...' quotes literally, "..." quotes with \" \\ escapes, and a backslash
 * outside quotes escapes the next character. Returns the token count,
 * -E2BIG when there are more than @max, -EINVAL on an unterminated quote or
 * a trailing backslash.
 */
int uk_argparse(char *buf, char **argv, int max);

/* Arguments main() received (argv[0] is the application name). */
extern int uk_boot_argc;
extern char **uk_boot_argv;

/*
 * Environment from the command line: the NAME=VALUE of each kernel
 * parameter env=NAME=VALUE, in order, NULL-terminated (never NULL after
 * the command line was split). lib/musl adds them to its defaults.
 */
extern int uk_boot_envc;
extern char **uk_boot_envp;

/*
 * End the program with @status: run the term functions of the init table
 * in reverse, print boot-time stamps when configured, power off with
 * @status (main's return value or the exit() status). Any thread.
 */
void ukboot_exit(int status) __attribute__((noreturn));

/* lib/musl: run main() through musl's start code (never returns). */
void uk_musl_start_main(int argc, char *argv[]) __attribute__((noreturn));

#endif
