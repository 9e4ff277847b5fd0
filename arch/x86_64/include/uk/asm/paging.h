/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 4-level page tables used for the identity map. */
#ifndef __UK_ASM_PAGING_H__
#define __UK_ASM_PAGING_H__

#include <uk/essentials.h>

#define X86_PTE_P	(1UL << 0)
#define X86_PTE_RW	(1UL << 1)
#define X86_PTE_PS	(1UL << 7)
#define X86_PTE_G	(1UL << 8)
#define X86_PTE_NX	(1UL << 63)
#define X86_PTE_ADDR	0x000ffffffffff000UL

/*
 * The remap window: virtual addresses above the identity map where pages
 * of RAM are mapped a second time at chosen places (posix-mmap puts the
 * program's mappings there at a random base). 16 TiB .. 64 TiB.
 */
#define UKARCH_REMAP_START	(1UL << 44)
#define UKARCH_REMAP_END	(1UL << 46)


#endif
