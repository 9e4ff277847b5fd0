/* SPDX-License-Identifier: BSD-3-Clause */
/* riscv64 Sv39 page tables used for the identity map. */
#ifndef __UK_ASM_PAGING_H__
#define __UK_ASM_PAGING_H__

#include <uk/essentials.h>

#define RISCV_PTE_V		(1UL << 0)
#define RISCV_PTE_R		(1UL << 1)
#define RISCV_PTE_W		(1UL << 2)
#define RISCV_PTE_X		(1UL << 3)
#define RISCV_PTE_U		(1UL << 4)
#define RISCV_PTE_G		(1UL << 5)
#define RISCV_PTE_A		(1UL << 6)
#define RISCV_PTE_D		(1UL << 7)
#define RISCV_PTE_LEAF		(RISCV_PTE_R | RISCV_PTE_W | RISCV_PTE_X)
#define RISCV_PTE_PPN_SHIFT	10
#define RISCV_PTE_PPN_MASK	((1UL << 44) - 1)	/* bits 10..53 */

/* Physical address held in a table or leaf entry. */
#define RISCV_PTE_ADDR(pte) \
	((((pte) >> RISCV_PTE_PPN_SHIFT) & RISCV_PTE_PPN_MASK) << UK_PAGE_SHIFT)

/* Entry pointing at (page aligned) physical address @pa. */
#define RISCV_PTE_FROM_ADDR(pa) \
	(((pa) >> UK_PAGE_SHIFT) << RISCV_PTE_PPN_SHIFT)

/*
 * The remap window: virtual addresses above the identity map where pages
 * of RAM are mapped a second time at chosen places (posix-mmap puts the
 * program's mappings there at a random base). 64 GiB up to the end of
 * Sv39's lower half (256 GiB); the identity map must end below it.
 */
#define UKARCH_REMAP_START	(1UL << 36)
#define UKARCH_REMAP_END	(1UL << 38)

#endif
