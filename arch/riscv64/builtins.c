/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Integer helpers that GCC calls on RV64IMAC (no Zbb) for __builtin_clz,
 * ctz, popcount and bswap. They normally come from libgcc, but the
 * distribution's riscv64 libgcc is built for the lp64d (hard-float) ABI
 * and cannot be linked into this lp64 kernel, so the image carries its
 * own. Written without those builtins, so they never call themselves.
 */
#include <uk/essentials.h>

int __clzdi2(unsigned long x);
int __clzsi2(unsigned int x);
int __ctzdi2(unsigned long x);
int __ctzsi2(unsigned int x);
int __popcountdi2(unsigned long x);
int __popcountsi2(unsigned int x);
uint64_t __bswapdi2(uint64_t x);
uint32_t __bswapsi2(uint32_t x);

/* Leading zero bits of @x (undefined for 0, as for the builtin: 64). */
int __clzdi2(unsigned long x)
{
	int n = 0, shift;

	if (!x)
		return 64;
	for (shift = 32; shift; shift >>= 1) {
		if (!(x >> (64 - shift))) {
			n += shift;
			x <<= shift;
		}
	}
	return n;
}

int __clzsi2(unsigned int x)
{
	return __clzdi2(x) - 32;
}

/* Trailing zero bits of @x (64 for 0). */
int __ctzdi2(unsigned long x)
{
	int n = 0, shift;

	if (!x)
		return 64;
	for (shift = 32; shift; shift >>= 1) {
		if (!(x & ((1UL << shift) - 1))) {
			n += shift;
			x >>= shift;
		}
	}
	return n;
}

int __ctzsi2(unsigned int x)
{
	return x ? __ctzdi2(x) : 32;
}

int __popcountdi2(unsigned long x)
{
	x = x - ((x >> 1) & 0x5555555555555555UL);
	x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
	return (int)((x * 0x0101010101010101UL) >> 56);
}

int __popcountsi2(unsigned int x)
{
	return __popcountdi2(x);
}

uint64_t __bswapdi2(uint64_t x)
{
	x = ((x & 0x00ff00ff00ff00ffULL) << 8) |
	    ((x >> 8) & 0x00ff00ff00ff00ffULL);
	x = ((x & 0x0000ffff0000ffffULL) << 16) |
	    ((x >> 16) & 0x0000ffff0000ffffULL);
	return (x << 32) | (x >> 32);
}

uint32_t __bswapsi2(uint32_t x)
{
	return (uint32_t)(__bswapdi2(x) >> 32);
}
