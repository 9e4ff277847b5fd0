/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A busy loop for kast-prof's test (support/kast/proftest.py): nearly all
 * of the guest's time goes to prof_spin, so a sampler that reads the right
 * program counter and names it from the image's symbols must find it on
 * top.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

__attribute__((noinline)) void prof_spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		sink += i;
}

int main(int argc, char *argv[])
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000000UL;

	prof_spin(n);
	printf("spun %lu\n", n);
	return 0;
}
