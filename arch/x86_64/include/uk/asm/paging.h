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


#endif
