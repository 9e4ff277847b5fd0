/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
int main(void)
{
	for (unsigned long i = 0;; i++)
		printf("line %lu\n", i);
}
