/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line tokenizer (shell-like quoting, no expansion). */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/boot.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int uk_argparse(char *buf, char **argv, int max)
{
	char *in = buf, *out = buf;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = out;
		for (; *in; in++) {
			char c = *in;

			if (quote == '\'') {
				if (c == '\'')
					quote = 0;
				else
					*out++ = c;
			} else if (quote == '"') {
				if (c == '"') {
					quote = 0;
				} else if (c == '\\' &&
					   (in[1] == '"' || in[1] == '\\')) {
					*out++ = *++in;
				} else {
					*out++ = c;
				}
			} else if (c == '\'' || c == '"') {
				quote = c;
			} else if (c == '\\') {
				if (!in[1])
					return -EINVAL;
				*out++ = *++in;
			} else if (is_blank(c)) {
				break;
			} else {
				*out++ = c;
			}
		}
		if (quote)
			return -EINVAL;
		/* the terminator may overwrite the blank we stopped at */
		if (*in)
			in++;
		*out++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
