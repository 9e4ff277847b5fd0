/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 identity map with 4-level page tables. 2 MiB pages are used where
 * a whole aligned 2 MiB block lies inside one range, 4 KiB pages elsewhere,
 * so that protections are exact to the page. Kernel pages are global.
 * Above the identity map, the remap window [UKARCH_REMAP_START,
 * UKARCH_REMAP_END) holds 4 KiB pages mapped to chosen frames
 * (ukarch_page_map()). A page made not present keeps its frame address
 * in the entry (with P clear, the CPU ignores it), so that a later
 * protection change maps the same frame again.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/arch/paging.h>
#include <uk/asm/cpu.h>
#include <uk/asm/paging.h>

#define PT_ENTRIES	512
#define LARGE_PAGE	(1UL << 21)
#define VA_LIMIT	(1UL << 47)

static uint64_t *pml4;
static ukarch_page_alloc_t alloc_page;

static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (12 + 9 * level)) & (PT_ENTRIES - 1);
}

static uint64_t prot_to_pte(int prot)
{
	uint64_t pte = X86_PTE_P | X86_PTE_G;

	if (prot & UKARCH_PROT_WRITE)
		pte |= X86_PTE_RW;
	if (!(prot & UKARCH_PROT_EXEC))
		pte |= X86_PTE_NX;
	return pte;
}

/* Table at @level (3 = PML4) below entry @e, allocated on demand. */
static uint64_t *next_table(uint64_t *e)
{
	unsigned long page;

	if (*e & X86_PTE_P)
		return (uint64_t *)(*e & X86_PTE_ADDR);
	page = alloc_page();
	if (!page)
		return NULL;
	/* intermediate levels allow everything; leaves restrict */
	*e = page | X86_PTE_P | X86_PTE_RW;
	return (uint64_t *)page;
}

static int map_page(unsigned long va, int prot, int large)
{
	uint64_t *t = pml4;
	int level;

	for (level = 3; level > (large ? 1 : 0); level--) {
		t = next_table(&t[pt_index(va, level)]);
		if (!t)
			return -ENOMEM;
	}
	t[pt_index(va, level)] = va | prot_to_pte(prot) |
				 (large ? X86_PTE_PS : 0);
	return 0;
}

static int map_range(const struct ukarch_map_range *r)
{
	unsigned long va = r->start;
	int rc;

	while (va < r->end) {
		int large = UK_IS_ALIGNED(va, LARGE_PAGE) &&
			    r->end - va >= LARGE_PAGE;

		rc = map_page(va, r->prot, large);
		if (rc < 0)
			return rc;
		va += large ? LARGE_PAGE : UK_PAGE_SIZE;
	}
	return 0;
}

int ukarch_paging_init(const struct ukarch_map_range *ranges, unsigned int n,
		       ukarch_page_alloc_t page_alloc)
{
	unsigned int i;
	int rc;

	if (!ukarch_map_ranges_valid(ranges, n, UKARCH_REMAP_START))
		return -EINVAL;
	alloc_page = page_alloc;
	pml4 = (uint64_t *)alloc_page();
	if (!pml4)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		rc = map_range(&ranges[i]);
		if (rc < 0)
			return rc;
	}
	write_cr3((unsigned long)pml4);
	return 0;
}

/* Leaf entry for @va, or NULL; *@large tells whether it maps 2 MiB. */
static uint64_t *find_pte(unsigned long va, int *large)
{
	uint64_t *t = pml4;
	int level;

	if (!pml4 || va >= VA_LIMIT)
		return NULL;
	for (level = 3; level > 0; level--) {
		uint64_t e = t[pt_index(va, level)];

		if (!(e & X86_PTE_P))
			return NULL;
		if (level == 1 && (e & X86_PTE_PS)) {
			*large = 1;
			return &t[pt_index(va, level)];
		}
		t = (uint64_t *)(e & X86_PTE_ADDR);
	}
	*large = 0;
	return &t[pt_index(va, 0)];
}

int ukarch_page_get_prot(unsigned long va)
{
	int large, prot = UKARCH_PROT_READ;
	uint64_t *pte = find_pte(va, &large);

	if (!pte || !(*pte & X86_PTE_P))
		return -1;
	if (*pte & X86_PTE_RW)
		prot |= UKARCH_PROT_WRITE;
	if (!(*pte & X86_PTE_NX))
		prot |= UKARCH_PROT_EXEC;
	return prot;
}

/*
 * Replace the 2 MiB leaf *@pde by a table of 4 KiB leaves that map the
 * same memory with the same protection, so that one page can change.
 */
static int split_large(uint64_t *pde, unsigned long va)
{
	unsigned long page = alloc_page();
	uint64_t *pt = (uint64_t *)page;
	uint64_t base = *pde & X86_PTE_ADDR;
	uint64_t flags = *pde & ~(X86_PTE_ADDR | X86_PTE_PS);
	unsigned int i;

	if (!page)
		return -ENOMEM;
	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + i * UK_PAGE_SIZE) | flags;
	*pde = page | X86_PTE_P | X86_PTE_RW;
	/* one invlpg drops the 2 MiB translation wherever va lies in it */
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
	return 0;
}

int ukarch_page_set_prot(unsigned long va, int prot)
{
	unsigned long pa;
	int large, rc;
	uint64_t *pte = find_pte(va, &large);

	if (!pte)
		return -EFAULT;
	if (large) {
		rc = split_large(pte, va);
		if (rc < 0)
			return rc;
		pte = find_pte(va, &large);
	}
	/* the frame stays: identity pages have none stored while absent */
	pa = *pte & X86_PTE_ADDR;
	if (!pa)
		pa = va & UK_PAGE_MASK;
	if (prot == 0)
		*pte = pa;	/* not present, frame remembered */
	else
		*pte = pa | prot_to_pte(prot);
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
	return 0;
}

int ukarch_page_map(unsigned long va, unsigned long pa, int prot)
{
	uint64_t *t = pml4;
	int level;

	if (!pml4 || !ukarch_in_remap_window(va) || (va | pa) & ~UK_PAGE_MASK ||
	    pa & ~X86_PTE_ADDR)
		return -EINVAL;
	for (level = 3; level > 0; level--) {
		t = next_table(&t[pt_index(va, level)]);
		if (!t)
			return -ENOMEM;
	}
	if (t[pt_index(va, 0)] & X86_PTE_P)
		return -EEXIST;
	t[pt_index(va, 0)] = pa | (prot ? prot_to_pte(prot) : 0);
	return 0;
}

int ukarch_page_unmap(unsigned long va)
{
	int large;
	uint64_t *pte;

	if (!ukarch_in_remap_window(va))
		return -EINVAL;
	pte = find_pte(va, &large);
	if (!pte)
		return 0;
	*pte = 0;
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
	return 0;
}

unsigned long ukarch_virt_to_phys(unsigned long va)
{
	int large;
	uint64_t *pte;

	if (!pml4)
		return va;	/* before paging: all identity */
	pte = find_pte(va, &large);
	if (!pte || !(*pte & X86_PTE_P))
		return UKARCH_NO_PHYS;
	if (large)
		return (*pte & X86_PTE_ADDR & ~(LARGE_PAGE - 1)) +
		       (va & (LARGE_PAGE - 1));
	return (*pte & X86_PTE_ADDR) + (va & ~UK_PAGE_MASK);
}

static ukarch_page_fill_t page_fill;

ukarch_page_fill_t ukarch_page_fill_set(ukarch_page_fill_t fn)
{
	ukarch_page_fill_t prev = page_fill;

	page_fill = fn;
	return prev;
}

int ukarch_page_fill(unsigned long va, int access)
{
	ukarch_page_fill_t fn = page_fill;

	if (!fn || !ukarch_in_remap_window(va))
		return -EFAULT;
	return fn(va & UK_PAGE_MASK, access);
}
