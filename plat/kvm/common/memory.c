/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory map and page tables, common to both architectures. The
 * architecture's boot code records RAM, firmware-reserved ranges and device
 * ranges; kvm_memory_init() then builds the identity map with the image's
 * W^X layout and publishes the regions that allocators may use.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/memory.h>
#include <kvm/kaslr.h>
#include <kvm/memory.h>
#include <kvm/setup.h>

#define KVM_REGION_MAX	64
#define KVM_MAP_MAX	(2 * KVM_RAM_MAX + KVM_MMIO_MAX + 8)
/*
 * Page-table pages kept after boot, for splitting 2 MiB mappings when a
 * single 4 KiB page changes protection (thread stack guard pages): one
 * per split, so 64 cover stacks spread over 128 MiB.
 */
#define KVM_PT_SPARE_PAGES	64

struct range {
	uint64_t base, end;
};

static struct range ram[KVM_RAM_MAX];
static unsigned int ram_count;
static struct ukplat_memregion_desc resv[KVM_RESERVED_MAX];
static unsigned int resv_count;
static struct range mmio[KVM_MMIO_MAX];
static unsigned int mmio_count;

static struct ukplat_memregion_desc regions[KVM_REGION_MAX];
static int region_count;

static uint64_t pt_next, pt_limit;

static int range_add(struct range *tab, unsigned int *count, unsigned int max,
		     uint64_t base, uint64_t end)
{
	unsigned int i, pos;

	for (i = 0; i < *count; i++)
		if (base < tab[i].end && tab[i].base < end)
			return -EINVAL;
	if (*count == max)
		return -ENOSPC;
	for (pos = 0; pos < *count && tab[pos].base < base; pos++)
		;
	memmove(&tab[pos + 1], &tab[pos], (*count - pos) * sizeof(*tab));
	tab[pos].base = base;
	tab[pos].end = end;
	(*count)++;
	return 0;
}

int kvm_ram_add(uint64_t base, uint64_t len)
{
	uint64_t end;

	if (len == 0 || base + len < base)
		return -EINVAL;
	end = UK_ALIGN_DOWN(base + len, UK_PAGE_SIZE);
	base = UK_ALIGN_UP(base, UK_PAGE_SIZE);
	if (base >= end)
		return 0;	/* smaller than a page: ignore */
	return range_add(ram, &ram_count, KVM_RAM_MAX, base, end);
}

int kvm_mmio_add(uint64_t base, uint64_t len)
{
	uint64_t end;
	unsigned int i = 0;

	if (len == 0 || base + len < base ||
	    base + len > UINT64_MAX - UK_PAGE_SIZE)
		return -EINVAL;
	end = UK_ALIGN_UP(base + len, UK_PAGE_SIZE);
	base = UK_ALIGN_DOWN(base, UK_PAGE_SIZE);
	/* devices sharing a page (microvm's virtio-mmio): one range */
	while (i < mmio_count) {
		if (base < mmio[i].end && mmio[i].base < end) {
			base = UK_MIN(base, mmio[i].base);
			end = UK_MAX(end, mmio[i].end);
			memmove(&mmio[i], &mmio[i + 1],
				(mmio_count - i - 1) * sizeof(*mmio));
			mmio_count--;
			i = 0;
			continue;
		}
		i++;
	}
	return range_add(mmio, &mmio_count, KVM_MMIO_MAX, base, end);
}

int kvm_reserve(uint64_t base, uint64_t len, int type, const char *name)
{
	struct ukplat_memregion_desc *d;
	unsigned int pos;

	if (len == 0 || base + len < base)
		return -EINVAL;
	if (resv_count == KVM_RESERVED_MAX)
		return -ENOSPC;
	for (pos = 0; pos < resv_count && resv[pos].base < base; pos++)
		;
	memmove(&resv[pos + 1], &resv[pos],
		(resv_count - pos) * sizeof(*resv));
	d = &resv[pos];
	d->base = UK_ALIGN_DOWN(base, UK_PAGE_SIZE);
	d->len = UK_ALIGN_UP(base + len, UK_PAGE_SIZE) - d->base;
	d->type = type;
	d->flags = UKPLAT_MEMRF_READ;
	d->name = name;
	resv_count++;
	return 0;
}

static unsigned long (*pt_more)(void);

void ukplat_pt_page_source(unsigned long (*fn)(void))
{
	pt_more = fn;
}

static unsigned long pt_alloc(void)
{
	unsigned long p;

	if (pt_next + UK_PAGE_SIZE > pt_limit)
		return pt_more ? pt_more() : 0;
	p = pt_next;
	pt_next += UK_PAGE_SIZE;
	memset((void *)p, 0, UK_PAGE_SIZE);
	return p;
}

static int region_add(uintptr_t base, size_t len, int type, int flags,
		      const char *name)
{
	struct ukplat_memregion_desc *d;

	if (len == 0)
		return 0;
	if (region_count == KVM_REGION_MAX)
		return -ENOSPC;
	d = &regions[region_count++];
	d->base = base;
	d->len = len;
	d->type = type;
	d->flags = flags;
	d->name = name;
	return 0;
}

/* Add [a, b) as FREE, minus every reserved range. */
static int free_add(uint64_t a, uint64_t b)
{
	unsigned int i;
	int rc;

	for (i = 0; i < resv_count && a < b; i++) {
		uint64_t rb = resv[i].base, re = rb + resv[i].len;

		if (re <= a || rb >= b)
			continue;
		if (rb > a) {
			rc = region_add(a, rb - a, UKPLAT_MEMRT_FREE,
					UKPLAT_MEMRF_READ | UKPLAT_MEMRF_WRITE,
					"free");
			if (rc < 0)
				return rc;
		}
		a = re;
	}
	if (a < b)
		return region_add(a, b - a, UKPLAT_MEMRT_FREE,
				  UKPLAT_MEMRF_READ | UKPLAT_MEMRF_WRITE,
				  "free");
	return 0;
}

static int map_add(struct ukarch_map_range *m, unsigned int *n,
		   uint64_t a, uint64_t b, int prot)
{
	if (a >= b)
		return 0;
	if (*n == KVM_MAP_MAX)
		return -ENOSPC;
	m[*n].start = a;
	m[*n].end = b;
	m[*n].prot = prot;
	(*n)++;
	return 0;
}

static void map_sort(struct ukarch_map_range *m, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct ukarch_map_range t = m[i];

		for (j = i; j > 0 && m[j - 1].start > t.start; j--)
			m[j] = m[j - 1];
		m[j] = t;
	}
}

static int build_map(struct ukarch_map_range *m, unsigned int *n)
{
	const uint64_t kstart = (uintptr_t)__kernel_start;
	const uint64_t kend = (uintptr_t)uk_ksyms_end;
	uintptr_t from, g;
	const int r = UKARCH_PROT_READ, rw = r | UKARCH_PROT_WRITE;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < ram_count && !rc; i++) {
		/* page 0 stays unmapped so that NULL dereferences fault */
		uint64_t a = UK_MAX(ram[i].base, (uint64_t)UK_PAGE_SIZE);

		rc = map_add(m, n, a, UK_MIN(ram[i].end, kstart), rw);
		if (!rc)
			rc = map_add(m, n, UK_MAX(a, kend), ram[i].end, rw);
	}
	for (i = 0; i < mmio_count && !rc; i++)
		rc = map_add(m, n, mmio[i].base, mmio[i].end, rw);
	if (rc)
		return rc;
	rc = map_add(m, n, kstart, (uintptr_t)__etext,
		     r | UKARCH_PROT_EXEC);
	rc = rc ?: map_add(m, n, (uintptr_t)__rodata_start,
			   (uintptr_t)__erodata, r);
	/* the exception stacks' guard pages (in .bss) stay unmapped */
	from = (uintptr_t)__data_start;
	for (i = 0; !rc && (g = ukarch_exception_stack_guard(i)); i++) {
		if (g < from || g + UK_PAGE_SIZE > (uintptr_t)__boot_stack_guard ||
		    g % UK_PAGE_SIZE)
			return -EINVAL;	/* the stack is not where .bss is */
		rc = map_add(m, n, from, g, rw);
		from = g + UK_PAGE_SIZE;
	}
	rc = rc ?: map_add(m, n, from, (uintptr_t)__boot_stack_guard, rw);
	/* the page between guard and stack bottom stays unmapped */
	rc = rc ?: map_add(m, n, (uintptr_t)__boot_stack_bottom,
			   (uintptr_t)_end, rw);
	rc = rc ?: map_add(m, n, (uintptr_t)_end, kend, r);
	if (rc)
		return rc;
	map_sort(m, *n);
	for (i = 1; i < *n; i++)
		if (m[i].start < m[i - 1].end)
			return -EINVAL;	/* device range overlaps RAM */
	return 0;
}

int kvm_memory_init(void)
{
	static struct ukarch_map_range map[KVM_MAP_MAX];
	const uint64_t kstart = (uintptr_t)__kernel_start;
	const uint64_t kend = (uintptr_t)uk_ksyms_end;
	unsigned int i, n = 0;
	int rc;

	for (i = 0; i < ram_count; i++)
		if (ram[i].base <= kstart && kend <= ram[i].end)
			break;
	if (i == ram_count) {
		uk_pr_crit("memory map: the image [0x%lx-0x%lx) is not in RAM\n",
			   (unsigned long)kstart, (unsigned long)kend);
		return -EINVAL;
	}
	pt_next = kend;
	pt_limit = ram[i].end;
	for (i = 0; i < resv_count; i++)
		if (resv[i].base >= kend && resv[i].base < pt_limit)
			pt_limit = resv[i].base;

	rc = build_map(map, &n);
	if (rc < 0) {
		uk_pr_crit("memory map: invalid layout (%d)\n", rc);
		return rc;
	}
	rc = ukarch_paging_init(map, n, pt_alloc);
	if (rc < 0) {
		uk_pr_crit("paging: cannot build page tables (%d)\n", rc);
		return rc;
	}

	/* pt_alloc() keeps serving ukarch_page_set_prot() from the spares */
	pt_limit = UK_MIN(pt_limit,
			  pt_next + KVM_PT_SPARE_PAGES * UK_PAGE_SIZE);

	rc = region_add(kstart, kend - kstart, UKPLAT_MEMRT_KERNEL,
			UKPLAT_MEMRF_READ | UKPLAT_MEMRF_EXECUTE, "kernel");
	rc = rc ?: region_add(kend, pt_limit - kend, UKPLAT_MEMRT_RESERVED,
			      UKPLAT_MEMRF_READ | UKPLAT_MEMRF_WRITE,
			      "page tables");
	for (i = 0; i < resv_count && !rc; i++)
		rc = region_add(resv[i].base, resv[i].len, resv[i].type,
				resv[i].flags, resv[i].name);
	/*
	 * A moved image (kvm/kaslr.h) runs above its link address: RAM from
	 * there up to the image (the old copy's, among others) is free too.
	 * RAM below the link address stays unused, as without the move.
	 */
	for (i = 0; i < ram_count && !rc; i++)
		if (ram[i].base < kstart &&
		    ram[i].end > kstart - kvm_image_slide)
			rc = free_add(UK_MAX(ram[i].base,
					     kstart - kvm_image_slide),
				      UK_MIN(ram[i].end, kstart));
	for (i = 0; i < ram_count && !rc; i++)
		if (ram[i].end > pt_limit)
			rc = free_add(UK_MAX(ram[i].base, pt_limit),
				      ram[i].end);
	return rc;
}

int ukplat_memregion_count(void)
{
	return region_count;
}

const struct ukplat_memregion_desc *ukplat_memregion_get(int i)
{
	if (i < 0 || i >= region_count)
		return NULL;
	return &regions[i];
}

size_t ukplat_memregion_free_total(void)
{
	size_t total = 0;
	int i;

	for (i = 0; i < region_count; i++)
		if (regions[i].type == UKPLAT_MEMRT_FREE)
			total += regions[i].len;
	return total;
}

static ukarch_stack_guard_lookup_t stack_guard_lookup;

void ukarch_stack_guard_lookup_set(ukarch_stack_guard_lookup_t fn)
{
	stack_guard_lookup = fn;
}

const char *ukarch_stack_guard_owner(unsigned long addr)
{
	if (addr >= (uintptr_t)__boot_stack_guard &&
	    addr < (uintptr_t)__boot_stack_bottom)
		return "the boot stack";
	unsigned long g;
	unsigned int i;

	for (i = 0; (g = ukarch_exception_stack_guard(i)); i++)
		if (addr - g < UK_PAGE_SIZE)
			return "the exception stack";
	return stack_guard_lookup ? stack_guard_lookup(addr) : NULL;
}

int ukarch_is_stack_guard(unsigned long addr)
{
	return ukarch_stack_guard_owner(addr) != NULL;
}

void kvm_memory_print(void)
{
	int i;

	for (i = 0; i < region_count; i++)
		uk_pr_debug("memregion %d: [0x%016lx-0x%016lx) %s\n", i,
			    (unsigned long)regions[i].base,
			    (unsigned long)(regions[i].base + regions[i].len),
			    regions[i].name);
}
