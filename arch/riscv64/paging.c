/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * riscv64 identity map with Sv39 page tables (3 levels). 2 MiB megapages
 * are used where a whole aligned 2 MiB block lies inside one range, 4 KiB
 * pages elsewhere, so that protections are exact to the page; changing the
 * protection of a page inside a megapage splits it first. Leaves are
 * global with the accessed (and, when writable, dirty) bits preset, so
 * hardware that does not update them never faults on first use.
 * Above the identity map, the remap window [UKARCH_REMAP_START,
 * UKARCH_REMAP_END) holds 4 KiB pages mapped to chosen frames
 * (ukarch_page_map()). A page made not valid keeps its frame number in
 * the entry (with V clear, the walker ignores the rest), so that a later
 * protection change maps the same frame again.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/arch/paging.h>
#include <uk/asm/cpu.h>
#include <uk/asm/paging.h>

#define PT_ENTRIES	512
#define PT_LEVELS	3		/* level 2 = root, 1 GiB per entry */
#define MEGA_PAGE	(1UL << 21)
#define VA_LIMIT	(1UL << 38)	/* identity map: lower half of Sv39 */

static uint64_t *root;
static ukarch_page_alloc_t alloc_page;

static inline unsigned int pt_index(unsigned long va, int level)
{
	return (va >> (UK_PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

static inline int pte_is_leaf(uint64_t pte)
{
	return (pte & RISCV_PTE_V) && (pte & RISCV_PTE_LEAF);
}

static uint64_t prot_to_pte(int prot)
{
	uint64_t pte = RISCV_PTE_V | RISCV_PTE_G | RISCV_PTE_A;

	/* write-only is a reserved encoding: writable implies readable */
	if (prot & (UKARCH_PROT_READ | UKARCH_PROT_WRITE))
		pte |= RISCV_PTE_R;
	if (prot & UKARCH_PROT_WRITE)
		pte |= RISCV_PTE_W | RISCV_PTE_D;
	if (prot & UKARCH_PROT_EXEC)
		pte |= RISCV_PTE_X;
	return pte;
}

/* Table below entry @e, allocated on demand; NULL if @e is a leaf. */
static uint64_t *next_table(uint64_t *e)
{
	unsigned long page;

	if (*e & RISCV_PTE_V)
		return pte_is_leaf(*e) ? NULL :
		       (uint64_t *)RISCV_PTE_ADDR(*e);
	page = alloc_page();
	if (!page)
		return NULL;
	/* a valid entry without R/W/X points to the next level */
	*e = RISCV_PTE_FROM_ADDR(page) | RISCV_PTE_V;
	return (uint64_t *)page;
}

static int map_page(unsigned long va, int prot, int mega)
{
	uint64_t *t = root;
	int level;

	for (level = PT_LEVELS - 1; level > (mega ? 1 : 0); level--) {
		uint64_t *e = &t[pt_index(va, level)];

		if (pte_is_leaf(*e))
			return -EEXIST;
		t = next_table(e);
		if (!t)
			return -ENOMEM;
	}
	if (t[pt_index(va, level)] & RISCV_PTE_V)
		return -EEXIST;
	t[pt_index(va, level)] = RISCV_PTE_FROM_ADDR(va) | prot_to_pte(prot);
	return 0;
}

static int map_range(const struct ukarch_map_range *r)
{
	unsigned long va = r->start;
	int rc;

	while (va < r->end) {
		int mega = UK_IS_ALIGNED(va, MEGA_PAGE) &&
			   r->end - va >= MEGA_PAGE;

		rc = map_page(va, r->prot, mega);
		if (rc < 0)
			return rc;
		va += mega ? MEGA_PAGE : UK_PAGE_SIZE;
	}
	return 0;
}

int ukarch_paging_init(const struct ukarch_map_range *ranges, unsigned int n,
		       ukarch_page_alloc_t page_alloc)
{
	unsigned long satp;
	unsigned int i;
	int rc;

	if (!ukarch_map_ranges_valid(ranges, n, UKARCH_REMAP_START))
		return -EINVAL;
	alloc_page = page_alloc;
	root = (uint64_t *)alloc_page();
	if (!root)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		rc = map_range(&ranges[i]);
		if (rc < 0)
			return rc;
	}

	satp = RISCV_SATP_MODE_SV39 |
	       (((unsigned long)root >> UK_PAGE_SHIFT) & RISCV_SATP_PPN_MASK);
	sfence_vma_all();	/* table writes before the walker sees them */
	csr_write(satp, satp);
	sfence_vma_all();
	if (csr_read(satp) != satp) {
		/* satp is WARL: a hart without Sv39 keeps bare mode */
		root = NULL;
		return -ENOTSUP;
	}
	return 0;
}

/* Leaf slot for @va, or NULL; *@level tells its level (0 = 4 KiB). */
static uint64_t *find_pte(unsigned long va, int *level)
{
	uint64_t *t = root;
	int l;

	if (!root || va >= VA_LIMIT)
		return NULL;
	for (l = PT_LEVELS - 1; l >= 0; l--) {
		uint64_t *e = &t[pt_index(va, l)];

		/* a 4 KiB slot is returned even when empty, for set_prot */
		if (l == 0 || pte_is_leaf(*e)) {
			*level = l;
			return e;
		}
		if (!(*e & RISCV_PTE_V))
			return NULL;
		t = (uint64_t *)RISCV_PTE_ADDR(*e);
	}
	return NULL;
}

int ukarch_page_get_prot(unsigned long va)
{
	int level, prot = 0;
	uint64_t *pte = find_pte(va, &level);

	if (!pte || !pte_is_leaf(*pte))
		return -1;
	if (*pte & RISCV_PTE_R)
		prot |= UKARCH_PROT_READ;
	if (*pte & RISCV_PTE_W)
		prot |= UKARCH_PROT_WRITE;
	if (*pte & RISCV_PTE_X)
		prot |= UKARCH_PROT_EXEC;
	return prot;
}

/*
 * Replace the megapage leaf @pte with a table of 4 KiB leaves that map
 * the same 2 MiB with the same permissions.
 */
static int split_mega(uint64_t *pte, unsigned long va)
{
	unsigned long page = alloc_page();
	uint64_t *pt = (uint64_t *)page;
	uint64_t base = RISCV_PTE_ADDR(*pte);
	uint64_t flags = *pte & ((1UL << RISCV_PTE_PPN_SHIFT) - 1);
	unsigned int i;

	if (!page)
		return -ENOMEM;
	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = RISCV_PTE_FROM_ADDR(base + i * UK_PAGE_SIZE) | flags;
	sfence_vma_all();	/* table writes before the walker sees them */
	*pte = RISCV_PTE_FROM_ADDR(page) | RISCV_PTE_V;
	sfence_vma_addr(va);
	return 0;
}

int ukarch_page_set_prot(unsigned long va, int prot)
{
	unsigned long pa;
	int level, rc;
	uint64_t *pte = find_pte(va, &level);

	if (!pte)
		return -EFAULT;
	if (level > 1)
		return -ENOTSUP;	/* gigapages are never made */
	if (level) {
		rc = split_mega(pte, va);
		if (rc < 0)
			return rc;
		pte = find_pte(va, &level);
		if (!pte || level)
			return -EFAULT;
	}
	/* the frame stays: identity pages have none stored while absent */
	pa = RISCV_PTE_ADDR(*pte);
	if (!pa)
		pa = va & UK_PAGE_MASK;
	if (prot == 0)
		*pte = RISCV_PTE_FROM_ADDR(pa);	/* not valid, frame kept */
	else
		*pte = RISCV_PTE_FROM_ADDR(pa) | prot_to_pte(prot);
	sfence_vma_addr(va);
	return 0;
}

int ukarch_page_map(unsigned long va, unsigned long pa, int prot)
{
	uint64_t *t = root;
	bool fresh = false;
	int level;

	if (!root || !ukarch_in_remap_window(va) ||
	    (va | pa) & ~UK_PAGE_MASK ||
	    (pa >> UK_PAGE_SHIFT) > RISCV_PTE_PPN_MASK)
		return -EINVAL;
	for (level = PT_LEVELS - 1; level > 0; level--) {
		uint64_t *e = &t[pt_index(va, level)];

		if (pte_is_leaf(*e))
			return -EEXIST;
		fresh |= !(*e & RISCV_PTE_V);
		t = next_table(e);
		if (!t)
			return -ENOMEM;
	}
	if (t[pt_index(va, 0)] & RISCV_PTE_V)
		return -EEXIST;
	t[pt_index(va, 0)] = RISCV_PTE_FROM_ADDR(pa) |
			     (prot ? prot_to_pte(prot) : 0);
	/*
	 * A fence for the address orders only leaf entries: new tables
	 * (once per 2 MiB of the window) need the full one.
	 */
	if (fresh)
		sfence_vma_all();
	else
		sfence_vma_addr(va);
	return 0;
}

int ukarch_page_unmap(unsigned long va)
{
	int level;
	uint64_t *pte;

	if (!ukarch_in_remap_window(va))
		return -EINVAL;
	pte = find_pte(va, &level);
	if (!pte || level)
		return 0;
	*pte = 0;
	sfence_vma_addr(va);
	return 0;
}

unsigned long ukarch_virt_to_phys(unsigned long va)
{
	int level;
	uint64_t *pte;
	unsigned long size;

	if (!root)
		return va;	/* bare mode: all identity */
	pte = find_pte(va, &level);
	if (!pte || !pte_is_leaf(*pte))
		return UKARCH_NO_PHYS;
	size = 1UL << (UK_PAGE_SHIFT + 9 * level);
	return (RISCV_PTE_ADDR(*pte) & ~(size - 1)) + (va & (size - 1));
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
