/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architecture-neutral interface to the boot page tables. The platform
 * describes the identity map as sorted, disjoint, page-aligned ranges with
 * protections; the architecture builds its tables (x86_64 4-level, riscv64
 * Sv39) from them. Anything not covered by a range is left unmapped.
 */
#ifndef __UK_ARCH_PAGING_H__
#define __UK_ARCH_PAGING_H__

#include <uk/essentials.h>
#include <uk/asm/paging.h>	/* UKARCH_REMAP_START, UKARCH_REMAP_END */

#define UKARCH_PROT_READ	0x1
#define UKARCH_PROT_WRITE	0x2
#define UKARCH_PROT_EXEC	0x4

struct ukarch_map_range {
	unsigned long start;	/* page aligned */
	unsigned long end;	/* page aligned, exclusive */
	int prot;		/* UKARCH_PROT_* */
};

/* Returns a zeroed page (physical == virtual) or 0 when out of pages. */
typedef unsigned long (*ukarch_page_alloc_t)(void);

/*
 * True when @ranges are page aligned, non-empty, below @va_limit, sorted
 * and disjoint, as ukarch_paging_init() requires (shared by both arches).
 */
static inline bool ukarch_map_ranges_valid(const struct ukarch_map_range *r,
					   unsigned int n,
					   unsigned long va_limit)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!UK_IS_ALIGNED(r[i].start, UK_PAGE_SIZE) ||
		    !UK_IS_ALIGNED(r[i].end, UK_PAGE_SIZE) ||
		    r[i].end <= r[i].start || r[i].end > va_limit)
			return false;
		if (i && r[i].start < r[i - 1].end)
			return false;
	}
	return true;
}

/* Build tables for @ranges and switch to them; 0 or a negative errno. */
int ukarch_paging_init(const struct ukarch_map_range *ranges, unsigned int n,
		       ukarch_page_alloc_t page_alloc);

/* Change the protection of the already-mapped 4 KiB page at @va. */
int ukarch_page_set_prot(unsigned long va, int prot);

/* Protection of the page at @va, or -1 when it is not mapped. */
int ukarch_page_get_prot(unsigned long va);

/*
 * The remap window, [UKARCH_REMAP_START, UKARCH_REMAP_END): virtual
 * addresses above the identity map (which must end below it) where a
 * frame of RAM can be mapped a second time at a chosen page. posix-mmap
 * places the program's mappings there, at a random base. Page tables for
 * it come from the platform's page allocator on demand.
 *
 * ukarch_page_map() maps the 4 KiB frame @pa at @va (in the window; 0,
 * -EINVAL, -EEXIST when @va is mapped, -ENOMEM for want of a table page);
 * prot 0 records the frame without making it present.
 * ukarch_page_unmap() forgets the page at @va (in the window) entirely.
 * ukarch_page_set_prot() keeps a window page's frame.
 */
int ukarch_page_map(unsigned long va, unsigned long pa, int prot);
int ukarch_page_unmap(unsigned long va);

/*
 * The physical address behind @va (for devices, which see physical
 * memory), or UKARCH_NO_PHYS when nothing is mapped there. The identity
 * map answers @va itself.
 */
#define UKARCH_NO_PHYS	(~0UL)
unsigned long ukarch_virt_to_phys(unsigned long va);

/*
 * Demand paging of the window (posix-mmap): a page that is reserved but
 * has no frame yet gets a zeroed one at its first access. The filler
 * returns 0 when it mapped a frame at @va; -EFAULT when @va is no
 * reserved page or already has its frame; -EACCES when @access
 * (UKARCH_PROT_*; 0: whatever the page allows, for devices) is not
 * allowed there; -ENOMEM when memory is out. The page fault handlers
 * call it for a not-present page before any report or signal, with
 * interrupts off: it must not sleep. ukarch_page_fill() calls it
 * (-EFAULT when none is installed).
 */
typedef int (*ukarch_page_fill_t)(unsigned long va, int access);
/*
 * Added to @access by the page fault handlers: UKARCH_FILL_FAULT always,
 * UKARCH_FILL_IRQS_OFF when the faulting code ran with interrupts off
 * (it may be inside the allocator, which must not be entered again).
 * Direct callers pass neither: the filler then looks at the interrupt
 * state of its caller.
 */
#define UKARCH_FILL_FAULT	0x100
#define UKARCH_FILL_IRQS_OFF	0x200
ukarch_page_fill_t ukarch_page_fill_set(ukarch_page_fill_t fn);
int ukarch_page_fill(unsigned long va, int access);

static inline bool ukarch_in_remap_window(unsigned long va)
{
	return va >= UKARCH_REMAP_START && va < UKARCH_REMAP_END;
}

#endif
