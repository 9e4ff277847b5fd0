/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Backtraces for crash reports, named from the image's symbol table
 * (ksyms_table.c).
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/paging.h>
#include <uk/asm/frame.h>
#include <uk/plat/crash.h>
#include <kvm/kaslr.h>
#include <kvm/memory.h>

#define BACKTRACE_MAX_DEPTH	32	/* distinct frames printed */
#define BACKTRACE_MAX_STEPS	100000	/* frames walked, repeats included */

void ukplat_ksym_print(const char *label, unsigned long addr)
{
	char name[UKPLAT_KSYM_NAME_MAX];
	unsigned long off;

	if (ukplat_ksym_lookup(addr, &off, name, sizeof(name)))
		uk_printf("%s 0x%016lx <%s+0x%lx>\n", label, addr, name, off);
	else
		uk_printf("%s 0x%016lx\n", label, addr);
}

static int frame_readable(unsigned long fp)
{
	unsigned long lo = fp + UKARCH_FRAME_LOW;
	unsigned long hi = fp + UKARCH_FRAME_HIGH - 1;

	if (!fp || (fp & (sizeof(long) - 1)) || lo > hi)
		return 0;
	return ukarch_page_get_prot(lo) > 0 && ukarch_page_get_prot(hi) > 0;
}

static int in_text(unsigned long addr)
{
	return addr >= (uintptr_t)__kernel_start && addr < (uintptr_t)__etext;
}

void ukplat_backtrace_print(unsigned long fp)
{
	unsigned long last_ra = 0, repeats = 0, steps = 0;
	char name[UKPLAT_KSYM_NAME_MAX];
	int depth;

	if (kvm_image_slide)
		uk_printf("  (image moved by %ld bytes, slide 0x%lx: link address = address - slide)\n",
			  kvm_image_slide, kvm_image_slide);
	for (depth = 1; depth < BACKTRACE_MAX_DEPTH &&
	     steps < BACKTRACE_MAX_STEPS; depth++, steps++) {
		unsigned long ra, prev, off;

		if (!frame_readable(fp))
			break;
		ra = *(unsigned long *)(fp + UKARCH_FRAME_RA_OFF);
		prev = *(unsigned long *)(fp + UKARCH_FRAME_PREV_OFF);
		if (!in_text(ra)) {
			if (ra)
				uk_printf("  (frame at 0x%lx holds a return "
					  "address outside the image: 0x%lx; "
					  "stack corrupted?)\n", fp, ra);
			break;
		}
		if (ra == last_ra) {
			/* deep recursion: one line for the whole run */
			repeats++;
			depth--;
		} else {
			if (repeats)
				uk_printf("  ... same frame %lu more times\n",
					  repeats);
			repeats = 0;
			last_ra = ra;
			/* ra - 1 lies inside the call instruction */
			if (ukplat_ksym_lookup(ra - 1, &off, name,
					       sizeof(name)))
				uk_printf("  #%d 0x%016lx <%s+0x%lx>\n", depth,
					  ra, name, off + 1);
			else
				uk_printf("  #%d 0x%016lx\n", depth, ra);
		}
		if (prev <= fp)
			break;	/* frames must move up the stack */
		fp = prev;
	}
	if (repeats)
		uk_printf("  ... same frame %lu more times\n", repeats);
}
