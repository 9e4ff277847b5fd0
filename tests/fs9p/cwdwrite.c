/* SPDX-License-Identifier: BSD-3-Clause */
/* Writes argv[1] in the current directory and prints where that is. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char cwd[512];
	FILE *f;

	if (argc != 2 || !getcwd(cwd, sizeof(cwd)))
		return 2;
	f = fopen(argv[1], "w");
	if (!f)
		return 3;
	fprintf(f, "written in %s\n", cwd);
	return fclose(f) ? 4 : 0;
}
