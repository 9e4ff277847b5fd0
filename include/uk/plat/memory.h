/* SPDX-License-Identifier: BSD-3-Clause */
/* Memory map handed over by the platform after boot. */
#ifndef __UK_PLAT_MEMORY_H__
#define __UK_PLAT_MEMORY_H__

#include <uk/essentials.h>

#define UKPLAT_MEMRT_FREE	0x1	/* usable by allocators */
#define UKPLAT_MEMRT_KERNEL	0x2	/* the image itself */
#define UKPLAT_MEMRT_RESERVED	0x4	/* firmware, MMIO, page tables */
#define UKPLAT_MEMRT_CMDLINE	0x8
#define UKPLAT_MEMRT_INITRD	0x10
#define UKPLAT_MEMRT_DEVICETREE	0x20

#define UKPLAT_MEMRF_READ	0x1
#define UKPLAT_MEMRF_WRITE	0x2
#define UKPLAT_MEMRF_EXECUTE	0x4

struct ukplat_memregion_desc {
	uintptr_t base;		/* page aligned for FREE regions */
	size_t len;
	int type;		/* one of UKPLAT_MEMRT_* */
	int flags;		/* UKPLAT_MEMRF_* */
	const char *name;
};

/* Number of regions in the memory map. */
int ukplat_memregion_count(void);

/*
 * Page-table pages needed after boot (page splits, the remap window of
 * uk/arch/paging.h) come from the platform's spares first, then from
 * @fn, which returns a zeroed, identity-mapped page or 0. ukboot sets it
 * to the default allocator once that exists.
 */
void ukplat_pt_page_source(unsigned long (*fn)(void));

/* Region @i, or NULL when @i is out of range. */
const struct ukplat_memregion_desc *ukplat_memregion_get(int i);

/* Total bytes of FREE regions. */
size_t ukplat_memregion_free_total(void);

/*
 * The initial RAM disk the VMM loaded (QEMU -initrd): 0 with its address
 * in @base and size in @len (kept out of the allocators, never written by
 * the platform), or -ENOENT when there is none.
 */
int ukplat_initrd(const void **base, size_t *len);

#endif
