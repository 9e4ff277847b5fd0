/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Image address randomization (KASLR): early boot copies the whole image
 * (text, data, bss, symbol table) to a random, aligned free range of RAM,
 * adds the slide to every absolute address the image holds (the table
 * support/scripts/gen-relocs made at link time) and enters the copy,
 * which boots from the start as if loaded there. The image stays
 * identity mapped (virtual == physical), so nothing else changes; the
 * old copy's memory is free RAM for the allocators.
 */
#ifndef __KVM_KASLR_H__
#define __KVM_KASLR_H__

#include <uk/essentials.h>

struct kvm_kaslr_range {
	uint64_t base, end;	/* [base, end) */
};

#define KVM_KASLR_RANGES	24

struct kvm_kaslr_layout {
	struct kvm_kaslr_range ram[KVM_KASLR_RANGES];
	unsigned int ram_count;
	/* what the copy must not overwrite (boot info, initrd, firmware) */
	struct kvm_kaslr_range avoid[KVM_KASLR_RANGES];
	unsigned int avoid_count;
	uint64_t lo, hi;	/* the copy lies in [lo, hi) */
	const char *cmdline;	/* raw, NUL-terminated or bounded by */
	size_t cmdline_max;	/* this; for ukboot.aslr=0 */
	uint64_t random;
};

/* Where the image runs minus where it was linked (0: not moved). */
extern long kvm_image_slide;

void kvm_kaslr_avoid(struct kvm_kaslr_layout *l, uint64_t base, uint64_t len);
void kvm_kaslr_ram(struct kvm_kaslr_layout *l, uint64_t base, uint64_t len);

/*
 * First call (the image as loaded): move the image and enter the copy at
 * kvm_kaslr_enter(@arg0, @arg1) (the architecture's entry code: a fresh
 * boot stack, then its C entry again); return without moving when
 * ukboot.aslr=0 or no room. Second call (in the copy): print where the
 * image is and return. Before anything changes the canary.
 */
void kvm_kaslr(struct kvm_kaslr_layout *l, unsigned long arg0,
	       unsigned long arg1);

/*
 * The move itself: pick a slot, copy the image there and relocate the
 * copy. Returns the slide (0: not moved: ukboot.aslr=0 or no room) and
 * the number of slots there were in *@nslots. kvm_kaslr() enters it.
 */
long kvm_kaslr_place(struct kvm_kaslr_layout *l, uint64_t *nslots);

/* entry.S: never returns */
void kvm_kaslr_enter(unsigned long arg0, unsigned long arg1) __noreturn;

#endif
