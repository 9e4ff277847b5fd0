/* SPDX-License-Identifier: BSD-3-Clause */
/* The default Kast application: greet, then echo the arguments. */
#include <stdio.h>

int main(int argc, char *argv[])
{
	int i;

	printf("Hello, world!\n");
	for (i = 1; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	return 0;
}
