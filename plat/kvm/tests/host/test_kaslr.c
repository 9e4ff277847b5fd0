/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of the image move (plat/kvm/common/kaslr.c), under
 * ASan+UBSan: kvm_kaslr_place() on a small fake image (its linker-script
 * symbols defined below) and fake RAM from the heap. What it must do:
 * honour ukboot.aslr=0 among the kernel's parameters only, read a command
 * line no further than its bound, reach every aligned slot of free RAM
 * and only those (never the avoided ranges nor the image itself), copy
 * the loaded bytes and the tables, zero .bss, add the slide to exactly
 * the listed 64- and 32-bit places.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <kvm/kaslr.h>
#include "hosttest.h"

#define PAGE		4096UL
#define IMG_LOADED	(3 * PAGE)	/* text, rodata, data */
#define IMG_BSS		(2 * PAGE)
#define IMG_TABLES	PAGE		/* symbol and relocation tables */
#define IMG_SIZE	(IMG_LOADED + IMG_BSS + IMG_TABLES)
/* a slot is the image and the page-table room after it (kaslr.c) */
#define SLOT_PAGES	(IMG_SIZE / PAGE + 160)

/*
 * The image: [__kernel_start, __bss_start) loaded, .bss to _end, tables.
 * The host's linker defines __bss_start and _end itself: host.mk renames
 * ours (test_bss_start, test_end) in both sources.
 */
__asm__(".section .kaslr_test_image, \"aw\"\n\t.balign 4096\n"
	"\t.globl __kernel_start, test_bss_start, test_end, uk_ksyms_end\n"
	"__kernel_start:\n\t.skip 12288\n"
	"test_bss_start:\n\t.skip 8192\n"
	"test_end:\n\t.skip 4096\n"
	"uk_ksyms_end:\n\t.previous\n");
extern char __kernel_start[], __bss_start[], _end[], uk_ksyms_end[];

/* the layout gen-relocs writes (support/kast/relocs.py) */
struct {
	uint32_t n64, n32, align, len;
	uint8_t deltas[64];
} uk_relocs;

uint64_t kvm_boot_counter;	/* plat/kvm/common/cmdline.c */

void kvm_kaslr_enter(unsigned long arg0, unsigned long arg1)
{
	abort();	/* kvm_kaslr() only; these tests call the move */
}

#define OFF64_A		0x10
#define OFF64_B		(2 * PAGE + 0x20)
#define OFF32		(PAGE + 0x8)
#define NOT_RELOC	(PAGE + 0x10)

/* one distance of the table's stream, in ULEB128 */
static void reloc_put(uint64_t v)
{
	do {
		uk_relocs.deltas[uk_relocs.len++] =
			(uint8_t)((v & 0x7f) | (v >> 7 ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

static void image_fill(void)
{
	uint64_t v;
	uint32_t w;
	size_t i;

	for (i = 0; i < IMG_LOADED; i++)
		__kernel_start[i] = (char)(i * 7 + 1);
	memset(__bss_start, 0xee, IMG_BSS);	/* the copy must zero it */
	memset(_end, 0x5a, IMG_TABLES);
	v = (uintptr_t)__kernel_start + 0x123;
	memcpy(__kernel_start + OFF64_A, &v, 8);
	v = (uintptr_t)__kernel_start + IMG_LOADED;
	memcpy(__kernel_start + OFF64_B, &v, 8);
	w = 0x100000 + 0x40;
	memcpy(__kernel_start + OFF32, &w, 4);
	uk_relocs.n64 = 2;
	uk_relocs.n32 = 1;
	uk_relocs.align = PAGE;
	uk_relocs.len = 0;
	reloc_put(OFF64_A);
	reloc_put(OFF64_B - OFF64_A);
	reloc_put(OFF32);	/* the 32-bit places count from 0 again */
}

struct ram {
	char *mem;
	uint64_t base, len;
};

static struct ram ram_get(size_t pages)
{
	struct ram r;

	r.mem = aligned_alloc(PAGE, pages * PAGE);
	memset(r.mem, 0, pages * PAGE);
	r.base = (uintptr_t)r.mem;
	r.len = pages * PAGE;
	return r;
}

static struct kvm_kaslr_layout layout(const struct ram *r, uint64_t rnd)
{
	struct kvm_kaslr_layout l;

	memset(&l, 0, sizeof(l));
	l.lo = 0;
	l.hi = UINT64_MAX;
	l.random = rnd;
	kvm_kaslr_ram(&l, r->base, r->len);
	return l;
}

static void test_moves_and_relocates(void)
{
	struct ram r = ram_get(SLOT_PAGES + 26);
	struct kvm_kaslr_layout l = layout(&r, 5);
	uint64_t n, v;
	uint32_t w;
	long slide;
	char *copy;
	size_t i;

	image_fill();
	slide = kvm_kaslr_place(&l, &n);
	HT_EXPECT_INT_EQ(n, 27);
	HT_EXPECT(slide != 0);
	copy = __kernel_start + slide;
	HT_EXPECT_INT_EQ((uintptr_t)copy, r.base + 5 * PAGE);
	for (i = 0; i < IMG_LOADED; i++) {
		if (i >= OFF64_A && i < OFF64_A + 8)
			continue;
		if (i >= OFF64_B && i < OFF64_B + 8)
			continue;
		if (i >= OFF32 && i < OFF32 + 4)
			continue;
		if (copy[i] != __kernel_start[i]) {
			HT_FAIL_("byte %zu differs", i);
			break;
		}
	}
	for (i = 0; i < IMG_BSS; i++)
		if (copy[IMG_LOADED + i]) {
			HT_FAIL_(".bss byte %zu not zero", i);
			break;
		}
	for (i = 0; i < IMG_TABLES; i++)
		if (copy[IMG_LOADED + IMG_BSS + i] != 0x5a) {
			HT_FAIL_("table byte %zu not copied", i);
			break;
		}
	memcpy(&v, copy + OFF64_A, 8);
	HT_EXPECT_INT_EQ(v, (uintptr_t)copy + 0x123);
	memcpy(&v, copy + OFF64_B, 8);
	HT_EXPECT_INT_EQ(v, (uintptr_t)copy + IMG_LOADED);
	memcpy(&w, copy + OFF32, 4);
	HT_EXPECT_INT_EQ(w, (uint32_t)(0x100040 + slide));
	/* the original is left as it was */
	memcpy(&v, __kernel_start + OFF64_A, 8);
	HT_EXPECT_INT_EQ(v, (uintptr_t)__kernel_start + 0x123);
	free(r.mem);
}

/*
 * A damaged relocation table (a stream that ends early, an over-long
 * number, a place past the loaded bytes) leaves the image where it is,
 * with a warning, instead of writing outside the copy.
 */
static void test_damaged_table_not_moved(void)
{
	struct ram r = ram_get(SLOT_PAGES + 26);
	struct kvm_kaslr_layout l;
	uint64_t n;
	int k;

	for (k = 0; k < 5; k++) {
		image_fill();
		switch (k) {
		case 0:		/* the stream ends before the last place */
			uk_relocs.len -= 1;
			break;
		case 1:		/* a 32-bit place just past the loaded bytes */
			uk_relocs.len = 0;
			reloc_put(OFF64_A);
			reloc_put(OFF64_B - OFF64_A);
			reloc_put(IMG_LOADED - 3);
			break;
		case 2:		/* a 64-bit place overlapping the end */
			uk_relocs.len = 0;
			reloc_put(OFF64_A);
			reloc_put(IMG_LOADED - 4 - OFF64_A);
			reloc_put(OFF32);
			break;
		case 3:		/* a distance beyond 2^64 */
			uk_relocs.len = 0;
			memset(uk_relocs.deltas, 0xff, 11);
			uk_relocs.len = 11;
			break;
		case 4:		/* distances that add up past the end */
			uk_relocs.len = 0;
			reloc_put(UINT64_MAX - 4);
			reloc_put(8);
			reloc_put(OFF32);
			break;
		}
		l = layout(&r, 5);
		HT_EXPECT_INT_EQ(kvm_kaslr_place(&l, &n), 0);
	}
	free(r.mem);
}

/* every slot once, none overlapping what is avoided */
static void test_every_slot_and_only_free_ones(void)
{
	struct ram r = ram_get(400);
	uint64_t n = 0, k, seen = 0, rsv = r.base + 170 * PAGE;
	long slide;

	image_fill();
	for (k = 0; k < 80; k++) {
		struct kvm_kaslr_layout l = layout(&r, k);
		uint64_t t;

		/* 2 pages reserved at page 170: 5 slots below, 63 above */
		kvm_kaslr_avoid(&l, rsv, 2 * PAGE - 100);
		slide = kvm_kaslr_place(&l, &n);
		HT_EXPECT_INT_EQ(n, 68);
		t = (uintptr_t)__kernel_start + slide;
		HT_EXPECT(t % PAGE == 0);
		HT_EXPECT(t >= r.base && t + IMG_SIZE <= r.base + r.len);
		HT_EXPECT(t + SLOT_PAGES * PAGE <= rsv || t >= rsv + 2 * PAGE);
		if (k < 68) {
			HT_EXPECT_INT_EQ(t, r.base + (k < 5 ? k : k + 167) * PAGE);
			seen++;
		}
	}
	HT_EXPECT_INT_EQ(seen, 68);
	free(r.mem);
}

static void test_image_itself_avoided(void)
{
	struct ram r;
	struct kvm_kaslr_layout l;
	uint64_t n;
	long slide;

	image_fill();
	/* RAM made of the image only: no room for a second copy */
	memset(&l, 0, sizeof(l));
	l.hi = UINT64_MAX;
	kvm_kaslr_ram(&l, (uintptr_t)__kernel_start, IMG_SIZE + PAGE);
	slide = kvm_kaslr_place(&l, &n);
	HT_EXPECT_INT_EQ(slide, 0);
	HT_EXPECT_INT_EQ(n, 0);
	/* RAM too small, or outside [lo, hi) */
	r = ram_get(5);
	l = layout(&r, 0);
	HT_EXPECT_INT_EQ(kvm_kaslr_place(&l, &n), 0);
	free(r.mem);
	r = ram_get(SLOT_PAGES + 40);
	l = layout(&r, 0);
	l.hi = r.base + SLOT_PAGES * PAGE - 1;
	HT_EXPECT_INT_EQ(kvm_kaslr_place(&l, &n), 0);
	l = layout(&r, 0);
	l.lo = r.base + 8 * PAGE + 1;	/* first aligned slot: page 9 */
	slide = kvm_kaslr_place(&l, &n);
	HT_EXPECT_INT_EQ(n, 32);
	HT_EXPECT_INT_EQ((uintptr_t)__kernel_start + slide, r.base + 9 * PAGE);
	free(r.mem);
}

/* slots start in the lowest eighth of the RAM (at least 4 MiB) */
static void test_window_keeps_upper_ram_whole(void)
{
	struct ram r = ram_get((80 << 20) / PAGE);
	struct kvm_kaslr_layout l = layout(&r, UINT64_MAX);
	uint64_t n, t;
	long slide;

	image_fill();
	slide = kvm_kaslr_place(&l, &n);
	HT_EXPECT_INT_EQ(n, (10 << 20) / PAGE + 1);
	t = (uintptr_t)__kernel_start + slide;
	HT_EXPECT_INT_EQ(t, r.base + (UINT64_MAX % n) * PAGE);
	HT_EXPECT(t <= r.base + (10 << 20));
	free(r.mem);
}

/* the command line in a heap buffer of exactly @len bytes, no NUL */
static int moves_with(const char *cmdline)
{
	struct ram r = ram_get(SLOT_PAGES + 4);
	struct kvm_kaslr_layout l = layout(&r, 1);
	size_t len = strlen(cmdline);
	char *buf = malloc(len ? len : 1);
	uint64_t n;
	long slide;

	memcpy(buf, cmdline, len);
	l.cmdline = buf;
	l.cmdline_max = len;
	image_fill();
	slide = kvm_kaslr_place(&l, &n);
	free(buf);
	free(r.mem);
	return slide != 0;
}

static void test_aslr_parameter(void)
{
	HT_EXPECT(moves_with(""));
	HT_EXPECT(moves_with("ukboot.aslr=1"));
	HT_EXPECT(!moves_with("ukboot.aslr=0"));
	HT_EXPECT(!moves_with("a=b\tukboot.aslr=false c"));
	HT_EXPECT(!moves_with("ukboot.aslr=off --"));
	HT_EXPECT(!moves_with("x  ukboot.aslr=no"));
	HT_EXPECT(!moves_with("ukboot.aslr=n"));
	/* not the parameter */
	HT_EXPECT(moves_with("ukboot.aslr=0x"));
	HT_EXPECT(moves_with("xukboot.aslr=0"));
	HT_EXPECT(moves_with("ukboot.aslr="));
	HT_EXPECT(moves_with("ukboot.aslr"));
	/* after "--": the program's argument */
	HT_EXPECT(moves_with("a -- ukboot.aslr=0"));
	HT_EXPECT(!moves_with("ukboot.aslr=0 -- x"));
}

int main(void)
{
	HT_RUN(test_moves_and_relocates);
	HT_RUN(test_damaged_table_not_moved);
	HT_RUN(test_every_slot_and_only_free_ones);
	HT_RUN(test_image_itself_avoided);
	HT_RUN(test_window_keeps_upper_ram_whole);
	HT_RUN(test_aslr_parameter);
	return ht_finish("kaslr");
}
