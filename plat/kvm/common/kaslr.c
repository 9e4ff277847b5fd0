/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Image address randomization (kvm/kaslr.h). Runs twice: in the image as
 * the VMM loaded it, at its link address, where it picks a random slot
 * of free RAM, copies itself there and relocates the copy; then in the
 * copy, which only reports. The code before the move runs at the link
 * address, so it may use any kernel code; what it writes in .data stays
 * behind in the old copy, except what it copies on purpose.
 *
 * Why a physical move and not a virtual one: every static object's
 * address is also its physical address (page-table roots, DMA buffers,
 * the exception stacks), as the rest of the kernel assumes.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <kvm/kaslr.h>
#include <kvm/memory.h>
#include <kvm/setup.h>

/*
 * Free RAM the slot leaves after the image: kvm_memory_init() takes the
 * page tables and their spares from there (memory.c).
 */
#define KASLR_PT_ROOM	(160 * UK_PAGE_SIZE)

/*
 * The image starts in the lowest eighth of the RAM above @lo (at least
 * this much): the buddy allocator hands out naturally aligned blocks and
 * posix-mmap needs physically contiguous ones (an 8 MiB mmap takes a
 * 16 MiB block), which an image further up would split (a quarter was
 * still too much for riscv64 posixtest in 64 MiB).
 */
#define KASLR_WINDOW_MIN	(4UL << 20)
#define KASLR_WINDOW_SHIFT	3

struct kvm_relocs {
	uint32_t n64, n32, align, len;
	/*
	 * @len bytes: n64 64-bit places, then n32 32-bit ones, each as its
	 * distance from the previous place of its kind (the first from
	 * __kernel_start) in ULEB128: mostly one byte where an offset took 4
	 */
	uint8_t deltas[];
};

/* support/scripts/gen-relocs, in .kast.relocs */
extern const struct kvm_relocs uk_relocs;
extern char __bss_start[];

/* the old copy writes the copy's values (after zeroing its .bss) */
long kvm_image_slide = 0;
static unsigned int kaslr_bits = ~0U;
static uint64_t kaslr_slots = ~0ULL;

void kvm_kaslr_avoid(struct kvm_kaslr_layout *l, uint64_t base, uint64_t len)
{
	uint64_t end = base + len;

	if (!len)
		return;
	if (end < base)
		end = UINT64_MAX;
	if (l->avoid_count == KVM_KASLR_RANGES) {
		/* out of room: stay below it (fewer slots, maybe none) */
		l->hi = UK_MIN(l->hi, base);
		return;
	}
	l->avoid[l->avoid_count].base = base;
	l->avoid[l->avoid_count++].end = end;
}

void kvm_kaslr_ram(struct kvm_kaslr_layout *l, uint64_t base, uint64_t len)
{
	if (!len || base + len < base || l->ram_count == KVM_KASLR_RANGES)
		return;
	l->ram[l->ram_count].base = base;
	l->ram[l->ram_count++].end = base + len;
}

/*
 * "ukboot.aslr=0" (or false/off/no/n) among the kernel's parameters,
 * which end at "--". The parameter library parses it again later for
 * the heap and stack randomization.
 */
static int aslr_off(const char *s, size_t max)
{
	static const char key[] = "ukboot.aslr=";
	static const char *const off[] = { "0", "false", "off", "no", "n" };
	size_t i = 0, k, j;

	if (!s)
		return 0;
	while (i < max && s[i]) {
		size_t start, len;

		while (i < max && (s[i] == ' ' || s[i] == '\t' ||
				   s[i] == '\n'))
			i++;
		start = i;
		while (i < max && s[i] && s[i] != ' ' && s[i] != '\t' &&
		       s[i] != '\n')
			i++;
		len = i - start;
		if (len == 2 && s[start] == '-' && s[start + 1] == '-')
			return 0;
		if (len <= sizeof(key) - 1 ||
		    memcmp(s + start, key, sizeof(key) - 1))
			continue;
		k = start + sizeof(key) - 1;
		for (j = 0; j < UK_ARRAY_SIZE(off); j++)
			if (strlen(off[j]) == i - k &&
			    !memcmp(s + k, off[j], i - k))
				return 1;
	}
	return 0;
}

static uint64_t interval_slots(uint64_t cur, uint64_t stop, uint64_t size,
			       uint64_t align, uint64_t pick, uint64_t n,
			       uint64_t *out)
{
	uint64_t first = UK_ALIGN_UP(cur, align), cnt;

	if (first < cur || first >= stop || stop - first < size)
		return 0;
	cnt = (stop - first - size) / align + 1;
	if (pick >= n && pick - n < cnt)
		*out = first + (pick - n) * align;
	return cnt;
}

/*
 * Walk the aligned slots of @size bytes in free RAM: RAM clipped to
 * [lo, hi) minus the avoided ranges (sorted by base). Returns the number
 * of slots; with @pick below it, *@out is the pick-th slot.
 */
static uint64_t slots(const struct kvm_kaslr_layout *l, uint64_t size,
		      uint64_t align, uint64_t pick, uint64_t *out)
{
	uint64_t n = 0;
	unsigned int r, a;

	for (r = 0; r < l->ram_count; r++) {
		uint64_t cur = UK_MAX(l->ram[r].base, l->lo);
		uint64_t end = UK_MIN(l->ram[r].end, l->hi);

		for (a = 0; a < l->avoid_count && cur < end; a++) {
			const struct kvm_kaslr_range *v = &l->avoid[a];

			if (v->end <= cur)
				continue;
			if (v->base >= end)
				break;
			if (v->base > cur)
				n += interval_slots(cur, v->base, size, align,
						    pick, n, out);
			cur = UK_MAX(cur, v->end);
		}
		if (cur < end)
			n += interval_slots(cur, end, size, align, pick, n,
					    out);
	}
	return n;
}

static void avoid_sort(struct kvm_kaslr_layout *l)
{
	unsigned int i, j;

	for (i = 1; i < l->avoid_count; i++) {
		struct kvm_kaslr_range v = l->avoid[i];

		for (j = i; j > 0 && l->avoid[j - 1].base > v.base; j--)
			l->avoid[j] = l->avoid[j - 1];
		l->avoid[j] = v;
	}
}

/* Slots start in the lowest eighth of the usable RAM (KASLR_WINDOW_MIN) */
static void window_limit(struct kvm_kaslr_layout *l, uint64_t slot)
{
	uint64_t total = 0, low = UINT64_MAX, win, hi;
	unsigned int r;

	for (r = 0; r < l->ram_count; r++) {
		uint64_t a = UK_MAX(l->ram[r].base, l->lo);
		uint64_t b = UK_MIN(l->ram[r].end, l->hi);

		if (a < b) {
			total += b - a;
			low = UK_MIN(low, a);
		}
	}
	if (!total)
		return;
	win = UK_MAX(total >> KASLR_WINDOW_SHIFT, (uint64_t)KASLR_WINDOW_MIN);
	hi = low + win + slot;
	if (hi > low && hi < l->hi)
		l->hi = hi;
}

static unsigned int log2_floor(uint64_t v)
{
	unsigned int b = 0;

	while (v >>= 1)
		b++;
	return b;
}

/* The ULEB128 number at *@pos of the table's stream; false past its end. */
static int reloc_delta(uint32_t *pos, uint64_t *v)
{
	unsigned int shift = 0;

	*v = 0;
	while (*pos < uk_relocs.len && shift < 64) {
		uint8_t b = uk_relocs.deltas[(*pos)++];

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 1;
		shift += 7;
	}
	return 0;
}

long kvm_kaslr_place(struct kvm_kaslr_layout *l, uint64_t *nslots)
{
	const uintptr_t start = (uintptr_t)__kernel_start;
	const uint64_t size = (uintptr_t)uk_ksyms_end - start;
	uint64_t align, n, target = 0;
	const uint64_t loaded = __bss_start - __kernel_start;
	uint64_t off, delta;
	char *copy;
	long slide;
	uint32_t i, pos;

	*nslots = 0;
	if (aslr_off(l->cmdline, l->cmdline_max)) {
		uk_pr_info("kaslr: off (ukboot.aslr=0): image at its link address 0x%lx\n",
			   (unsigned long)start);
		return 0;
	}
	align = UK_MAX((uint64_t)uk_relocs.align, (uint64_t)UK_PAGE_SIZE);
	if (align & (align - 1)) {
		uk_pr_warn("kaslr: alignment 0x%lx is not a power of two: not moved\n",
			   (unsigned long)align);
		return 0;
	}
	/* the copy must not overlap the image it is made from */
	kvm_kaslr_avoid(l, start, size);
	window_limit(l, size + KASLR_PT_ROOM);
	avoid_sort(l);
	n = slots(l, size + KASLR_PT_ROOM, align, ~0ULL, &target);
	if (!n) {
		uk_pr_warn("kaslr: no free RAM for a second copy of the image (%lu bytes): not moved\n",
			   (unsigned long)size);
		return 0;
	}
	slots(l, size + KASLR_PT_ROOM, align, l->random % n, &target);
	*nslots = n;
	slide = (long)(target - start);
	copy = (char *)target;

	/* the loaded bytes, zeros for .bss, the symbol and relocation tables */
	memcpy(copy, __kernel_start, __bss_start - __kernel_start);
	memset(copy + (__bss_start - __kernel_start), 0, _end - __bss_start);
	memcpy(copy + (_end - __kernel_start), _end, uk_ksyms_end - _end);
	for (i = 0, pos = 0, off = 0; i < uk_relocs.n64 + uk_relocs.n32; i++) {
		const uint64_t width = i < uk_relocs.n64 ? 8 : 4;

		if (i == uk_relocs.n64)
			off = 0;	/* the 32-bit places start afresh */
		if (!reloc_delta(&pos, &delta) || delta > loaded ||
		    off + delta > loaded - width) {
			uk_pr_warn("kaslr: relocation table damaged at place %u: not moved\n",
				   i);
			return 0;	/* the image itself is untouched */
		}
		off += delta;
		if (width == 8)
			*(uint64_t *)(copy + off) += (uint64_t)slide;
		else
			*(uint32_t *)(copy + off) += (uint32_t)slide;
	}
	return slide;
}

/* @p's twin in the copy: to the compiler, outside @p's object */
static void *in_copy(void *p, long slide)
{
	uintptr_t a = (uintptr_t)p + (uintptr_t)slide;

	__asm__ ("" : "+r"(a));
	return (void *)a;
}

void kvm_kaslr(struct kvm_kaslr_layout *l, unsigned long arg0,
	       unsigned long arg1)
{
	uint64_t n;
	long slide;

	if (kvm_image_slide) {
		uk_pr_info("kaslr: image at 0x%lx, slide 0x%lx (%u bits: %lu slots)\n",
			   (unsigned long)__kernel_start, kvm_image_slide,
			   kaslr_bits, (unsigned long)kaslr_slots);
		return;
	}
	slide = kvm_kaslr_place(l, &n);
	if (!slide)
		return;
	/* what the copy reports (its .data, written before it runs) */
	*(long *)in_copy(&kvm_image_slide, slide) = slide;
	*(unsigned int *)in_copy(&kaslr_bits, slide) = log2_floor(n);
	*(uint64_t *)in_copy(&kaslr_slots, slide) = n;
	/* boot time counts from the first entry, the move included */
	*(uint64_t *)in_copy(&kvm_boot_counter, slide) = kvm_boot_counter;
#ifdef __riscv
	/* the copy's instructions were written as data */
	__asm__ __volatile__("fence.i" : : : "memory");
#endif
	((void (*)(unsigned long, unsigned long))
		((uintptr_t)kvm_kaslr_enter + slide))(arg0, arg1);
	__builtin_unreachable();
}
