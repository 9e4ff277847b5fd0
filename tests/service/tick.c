/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	int n = argc > 1 ? 3 : 1000000;
	for (int i = 0; i < n; i++) {
		printf("tick %d\n", i);
		fflush(stdout);
		usleep(200000);
	}
	return 5;
}
