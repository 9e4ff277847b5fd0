/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: kvm_kaslr_place() (plat/kvm/common/kaslr.c) with a
 * memory map, avoided ranges, bounds, random value and raw command line
 * made from the input (what the VMM hands over at boot). RAM ranges lie
 * in a buffer of this program; avoided ranges and bounds are anything.
 * Besides the sanitizers' checks it asserts: a moved image lies in one
 * RAM range within [lo, hi), aligned, with the page-table room after it,
 * clear of every avoided range and of the image itself; the copy holds
 * the image with exactly its listed places relocated.
 * Extra flags: fuzz_kaslr.mk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <kvm/kaslr.h>

#define PAGE		4096UL
#define IMG_LOADED	(2 * PAGE)
#define IMG_SIZE	(4 * PAGE)
#define SLOT		(IMG_SIZE + 160 * PAGE)	/* kaslr.c's room after it */
#define RAM_PAGES	512
#define RAM_MAX		4
#define AVOID_MAX	8

/* the image; the host's linker has its own __bss_start, _end (.mk) */
__asm__(".section .fuzz_kaslr_image, \"aw\"\n\t.balign 4096\n"
	"\t.globl __kernel_start, fz_bss_start, fz_end, uk_ksyms_end\n"
	"__kernel_start:\n\t.skip 8192\n"
	"fz_bss_start:\n\t.skip 4096\n"
	"fz_end:\n\t.skip 4096\n"
	"uk_ksyms_end:\n\t.previous\n");
extern char __kernel_start[], uk_ksyms_end[];

/* places 0x18 (64-bit) and PAGE + 0x20 (32-bit), as relocs.py writes */
struct {
	uint32_t n64, n32, align, len;
	uint8_t deltas[3];
} uk_relocs = { 1, 1, PAGE, 3, { 0x18, 0xa0, 0x20 } };

uint64_t kvm_boot_counter;
static char ram[RAM_PAGES * PAGE] __attribute__((aligned(4096)));

void kvm_kaslr_enter(unsigned long arg0, unsigned long arg1)
{
	abort();
}

struct input {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct input *in, size_t n)
{
	uint64_t v = 0;

	while (n-- && in->left) {
		v = (v << 8) | *in->p++;
		in->left--;
	}
	return v;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	uint64_t aend = a + alen < a ? UINT64_MAX : a + alen;
	uint64_t bend = b + blen < b ? UINT64_MAX : b + blen;

	return alen && blen && a < bend && b < aend;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct kvm_kaslr_layout l;
	uint64_t rb[RAM_MAX], rl[RAM_MAX], ab[AVOID_MAX], al[AVOID_MAX];
	uint64_t n, v, t, base = (uintptr_t)ram;
	unsigned int nram, navoid, i;
	uint32_t w;
	char *cmd;
	long slide;

	memset(&l, 0, sizeof(l));
	nram = take(&in, 1) % (RAM_MAX + 1);
	navoid = take(&in, 1) % (AVOID_MAX + 1);
	for (i = 0; i < nram; i++) {
		uint64_t first = take(&in, 2) % RAM_PAGES;
		uint64_t pages = take(&in, 2) % (RAM_PAGES - first + 1);

		/* sub-page starts and ends too */
		rb[i] = base + first * PAGE + (take(&in, 1) & 1 ? 0 : 512);
		rl[i] = pages * PAGE;
		if (rl[i] > base + RAM_PAGES * PAGE - rb[i])
			rl[i] = base + RAM_PAGES * PAGE - rb[i];
		kvm_kaslr_ram(&l, rb[i], rl[i]);
	}
	for (i = 0; i < navoid; i++) {
		ab[i] = take(&in, 1) & 1 ? take(&in, 8)
					 : base + take(&in, 3) % (RAM_PAGES * PAGE);
		al[i] = take(&in, 1) & 1 ? take(&in, 8) : take(&in, 3);
		kvm_kaslr_avoid(&l, ab[i], al[i]);
	}
	l.lo = take(&in, 1) & 1 ? take(&in, 8) : base + take(&in, 3);
	l.hi = take(&in, 1) & 1 ? take(&in, 8) : UINT64_MAX;
	l.random = take(&in, 8);
	/* the rest: the command line, in an exact-size heap copy */
	cmd = malloc(in.left ? in.left : 1);
	memcpy(cmd, in.p, in.left);
	l.cmdline = cmd;
	l.cmdline_max = in.left;

	memset(__kernel_start, 0x11, IMG_LOADED);
	v = (uintptr_t)__kernel_start + 0x40;
	memcpy(__kernel_start + 0x18, &v, 8);
	w = 0x100000;
	memcpy(__kernel_start + PAGE + 0x20, &w, 4);

	slide = kvm_kaslr_place(&l, &n);
	free(cmd);
	if (!slide)
		return 0;
	t = (uintptr_t)__kernel_start + slide;
	if (!n || t % PAGE || t < l.lo || t + SLOT > l.hi)
		abort();
	for (i = 0; i < nram; i++)
		if (t >= rb[i] && t + SLOT <= rb[i] + rl[i])
			break;
	if (i == nram)
		abort();	/* not inside one RAM range */
	for (i = 0; i < navoid; i++)
		if (overlaps(t, SLOT, ab[i], al[i]))
			abort();
	if (overlaps(t, IMG_SIZE, (uintptr_t)__kernel_start, IMG_SIZE))
		abort();
	memcpy(&v, (char *)t + 0x18, 8);
	memcpy(&w, (char *)t + PAGE + 0x20, 4);
	if (v != t + 0x40 || w != (uint32_t)(0x100000 + slide) ||
	    ((char *)t)[0] != 0x11 || ((char *)t)[IMG_LOADED] != 0)
		abort();
	return 0;
}
