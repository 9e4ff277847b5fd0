/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
	unsigned h = 5381;
	for (int i = 1; i < argc; i++) {
		printf("arg %d: %s (%zu)\n", i, argv[i], strlen(argv[i]));
		for (const char *p = argv[i]; *p; p++)
			h = h * 33 + (unsigned char)*p;
	}
	printf("hash %u\n", h);
	return argc > 1 ? atoi(argv[1]) % 100 : 7;
}
