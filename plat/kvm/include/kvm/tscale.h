/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counter <-> nanosecond conversion without 128-bit arithmetic: a ratio is
 * a 32-bit-precise multiplier and a shift, applied in two halves so that
 * no intermediate product overflows. Shared by both architectures' clocks.
 */
#ifndef __KVM_TSCALE_H__
#define __KVM_TSCALE_H__

#include <uk/essentials.h>

struct scale {
	uint64_t mult;
	unsigned int shift;
};

/* floor(num * 2^shift / den) by long division; the result fits 64 bits. */
static inline uint64_t div_shl(uint64_t num, unsigned int shift, uint64_t den)
{
	uint64_t q = num / den, r = num % den;

	while (shift--) {
		q <<= 1;
		r <<= 1;
		if (r >= den) {
			r -= den;
			q |= 1;
		}
	}
	return q;
}

/* Scale for the ratio @num / @den (< 2^32), as precise as 32 bits allow. */
static inline void scale_init(struct scale *s, uint64_t num, uint64_t den)
{
	unsigned int shift = 32;

	while (shift && (num / den) >> (32 - shift))
		shift--;
	s->shift = shift;
	s->mult = div_shl(num, shift, den);
}

/* Exact floor(x * mult / 2^shift): the high half's product is integral. */
static inline uint64_t scale_apply(const struct scale *s, uint64_t x)
{
	uint64_t hi = x >> 32, lo = x & 0xffffffffULL;

	return ((hi * s->mult) << (32 - s->shift)) +
	       ((lo * s->mult) >> s->shift);
}

/* Smallest x with scale_apply(s, x) >= y (y < 2^58, mult != 0). */
static inline uint64_t scale_invert_ceil(const struct scale *s, uint64_t y)
{
	uint64_t q = y / s->mult, r = y % s->mult;

	return (q << s->shift) +
	       ((r << s->shift) + s->mult - 1) / s->mult;
}

#endif
