/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: ukboot's command-line tokenizer (shell-like quoting,
 * lib/ukboot/argparse.c), built for the host. The input, cut at its
 * first NUL, is split with room for MAX_ARGS tokens. Besides the
 * sanitizers' checks: the result is a count within the room, -E2BIG or
 * -EINVAL; the list ends with NULL and the slot after it is untouched;
 * every token lies inside the buffer, after the previous one; the
 * tokens take no more bytes than the input; and for input without
 * quotes or backslashes they are exactly its blank-separated words.
 * Build and run with support/scripts/fuzz (sources: fuzz_argparse.mk).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/boot.h>

#define MAX_ARGS	8
#define BUF_MAX		4096

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char in[BUF_MAX + 1], buf[BUF_MAX + 1];
	char *argv[MAX_ARGS + 2], *guard = (char *)&argv;
	size_t len, used = 0;
	char *prev_end = buf;
	int argc, i;

	if (size > BUF_MAX)
		size = BUF_MAX;
	memcpy(in, data, size);
	in[size] = '\0';
	len = strlen(in);
	memcpy(buf, in, len + 1);
	argv[MAX_ARGS + 1] = guard;
	argc = uk_argparse(buf, argv, MAX_ARGS);
	if (argv[MAX_ARGS + 1] != guard)
		abort();	/* wrote past the room it was given */
	if (argc == -E2BIG || argc == -EINVAL)
		return 0;
	if (argc < 0 || argc > MAX_ARGS || argv[argc] != NULL)
		abort();
	for (i = 0; i < argc; i++) {
		size_t n;

		if (argv[i] < prev_end || argv[i] > buf + len)
			abort();	/* outside the buffer or out of order */
		n = strlen(argv[i]);
		if (argv[i] + n > buf + len)
			abort();
		prev_end = argv[i] + n + 1;
		used += n;
	}
	if (used > len)
		abort();
	if (!strpbrk(in, "'\"\\")) {
		/* plain words: exactly the blank-separated ones, in order */
		const char *p = in;

		for (i = 0;; i++) {
			size_t n = 0;

			while (is_blank(*p))
				p++;
			if (!*p)
				break;
			while (p[n] && !is_blank(p[n]))
				n++;
			if (i >= argc || strlen(argv[i]) != n ||
			    memcmp(argv[i], p, n))
				abort();
			p += n;
		}
		if (i != argc)
			abort();
	}
	return 0;
}
