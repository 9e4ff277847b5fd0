/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include "gen.h"

int main(void)
{
	printf("%d values: %d %d %s\n", GEN_COUNT, ANSWER, SQUARE, GREETING);
	return 0;
}
