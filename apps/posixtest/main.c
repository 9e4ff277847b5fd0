/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX tests over musl. Without arguments: run every registered in-guest
 * test case (this app's and the kernel libraries'), exit 0 only if all
 * pass. With one argument, do one deliberate fault that must end the
 * image with a report (checked by support/scripts/runtests):
 *   write-ro   write to a page made read-only with mprotect()
 *   munmapped  read a page after munmap()
 *   abort      abort()
 * or, with the argument "stdin", say "ready for input", then print each
 * line of standard input as "line: ..." until a line "quit" (exit 0) or
 * the end of input (exit 4):
 * the harness types into it through a pipe and through a terminal.
 * Other modes (checked by runtests' kast-run checks):
 *   env        print environ, one "env: NAME=VALUE" line each
 *   raise SIG  raise(SIG) (an uncaught signal: status 128 + SIG)
 *   exit N     exit(N)
 *   recurse KB recurse through KB KiB of stack, print "recursed KB KiB"
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/test.h>

static int fault(const char *what)
{
	volatile char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 2;
	p[0] = 1;
	if (!strcmp(what, "write-ro")) {
		if (mprotect((void *)p, 4096, PROT_READ))
			return 2;
		printf("reading a read-only page: %d\n", p[0]);
		fflush(stdout);
		p[0] = 2;		/* must fault */
	} else if (!strcmp(what, "munmapped")) {
		/* the first page keeps the mapping alive: the second must
		 * be gone (a fully unmapped run goes back to the allocator) */
		munmap((void *)(p + 4096), 4096);
		printf("read after munmap: %d\n", p[4096]);	/* must fault */
	} else if (!strcmp(what, "abort")) {
		abort();
	} else {
		fprintf(stderr, "posixtest: unknown fault '%s'\n", what);
		return 2;
	}
	printf("posixtest: %s did not fault\n", what);
	return 3;
}

static int echo_lines(void)
{
	char line[256];

	printf("ready for input\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strcmp(line, "quit"))
			return 0;
		printf("line: %s\n", line);
		fflush(stdout);
	}
	return 4;
}

extern char **environ;

static int print_env(void)
{
	char **e;

	for (e = environ; *e; e++)
		printf("env: %s\n", *e);
	return 0;
}

/* Each level uses about 1 KiB of stack; the sum stops tail calls. */
static int recurse(int levels)
{
	volatile char pad[1000];

	pad[0] = (char)levels;
	if (levels <= 0)
		return 0;
	return recurse(levels - 1) + pad[0];
}

int main(int argc, char *argv[])
{
	if (argc > 1 && !strcmp(argv[1], "env"))
		return print_env();
	if (argc > 2 && !strcmp(argv[1], "raise"))
		return raise(atoi(argv[2])) ? 2 : 3;
	if (argc > 2 && !strcmp(argv[1], "exit"))
		exit(atoi(argv[2]));
	if (argc > 2 && !strcmp(argv[1], "recurse")) {
		recurse(atoi(argv[2]));
		printf("recursed %d KiB\n", atoi(argv[2]));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "stdin"))
		return echo_lines();
	if (argc > 1)
		return fault(argv[1]);
	return uk_test_run_all() ? 1 : 0;
}
