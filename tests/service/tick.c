/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	int n = argc > 1 ? 3 : 1000000;

	if (argc > 1) {
		/* kast start gives no input: stdin ends at once */
		printf("stdin %s\n", getchar() == EOF ? "eof" : "data");
		fflush(stdout);
	}
	for (int i = 0; i < n; i++) {
		printf("tick %d\n", i);
		fflush(stdout);
		usleep(200000);
	}
	if (argc > 1)
		fprintf(stderr, "tick done\n");
	return 5;
}
