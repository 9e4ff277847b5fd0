/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Binary buddy allocator.
 *
 * Memory is kept in zones, one per region given to init/addmem. A zone
 * starts with its header and a metadata byte per page, followed by the
 * managed pages. A block of order k is 2^k pages whose address is a
 * multiple of its size (absolute alignment, so blocks also serve
 * memalign); its buddy is at address ^ size. The metadata byte of a
 * block's first page holds the block's type and order; every other page
 * holds META_TAIL. Free blocks sit on one list per order and carry a
 * small header; freeing merges a block with its buddy while the buddy is
 * a free block of the same order inside the same zone.
 *
 * A zone's pages go on the free lists lazily, as its largest aligned
 * blocks in address order: a new block's header is the first write to
 * that memory, and under QEMU each first write to a 2 MiB stretch of
 * guest RAM costs the host a fresh (zeroed, huge) page, so pushing every
 * block at boot cost milliseconds that grew with the guest's memory. The
 * pages not yet pushed count as free (pend_cnt: how many pending blocks
 * of each order), and an allocation still takes the smallest free block
 * that fits, listed or pending, as if all were listed; their metadata is
 * META_TAIL, so nothing takes them for a block (the largest aligned
 * blocks never merge with one another, so listing them late changes no
 * merge).
 *
 * malloc: sizes up to UK_ALLOCBBUDDY_SLAB_MAX come from one-page slabs of
 * power-of-two objects (16 .. 1024 bytes, each naturally aligned, with an
 * in-use bitmap in the slab header); larger sizes get a whole block with
 * no header (the page metadata gives its size). palloc(n) takes a block
 * of 2^ceil(log2 n) pages and gives the pages past n back, so the
 * allocation is kept as the blocks of the binary digits of n; pfree(p, n)
 * checks and frees exactly those blocks.
 *
 * Checks (UK_CRASH with a message): pointers outside every zone, pointers
 * that do not start an allocated block or slab object, double frees
 * (object bit clear, block already free), free() of palloc pages and a
 * pfree() whose size does not match, and corrupted free-block headers.
 * With CONFIG_LIBUKALLOC_POISON (uk/allocpoison.h) all free memory but
 * the free-block headers holds the poison fill (the zone is filled when
 * added, a block or object when freed, a header when its block leaves
 * the free list), and every block or object is checked before it is
 * handed out: a write after free is reported there.
 */
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/allocpoison.h>
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif
#include <uk/allocbbuddy.h>
#include <uk/list.h>
#include <uk/print.h>
#include <uk/assert.h>

#define MAX_ORDER	UK_ALLOCBBUDDY_MAX_ORDER
#define NR_ORDERS	(MAX_ORDER + 1)
#define MAX_BLOCK	(UK_PAGE_SIZE << MAX_ORDER)

/* Page metadata byte: type in the top 3 bits, order in the low 5. */
#define META_ORDER_MASK	0x1f
#define META_TYPE_SHIFT	5
#define META_TAIL	0	/* not the first page of a block */
#define META_FREE	1	/* free block */
#define META_PAGES	2	/* palloc() block */
#define META_LARGE	3	/* malloc() block */
#define META_SLAB	4	/* one-page slab */
#define META(type, order)	((uint8_t)(((type) << META_TYPE_SHIFT) | \
					   (order)))
#define META_TYPE(m)	((m) >> META_TYPE_SHIFT)
#define META_ORDER(m)	((m) & META_ORDER_MASK)
UK_CTASSERT(MAX_ORDER <= META_ORDER_MASK);

#define FBLOCK_MAGIC	0xb0dd1e5fU
#define SLAB_MAGIC	0x51ab0b1eU

/* Slab object sizes: 1 << SLAB_MIN_SHIFT .. 1 << SLAB_MAX_SHIFT. */
#define SLAB_MIN_SHIFT	4
#define SLAB_MAX_SHIFT	10
#define NR_SLAB_CLASSES	(SLAB_MAX_SHIFT - SLAB_MIN_SHIFT + 1)
#define SLAB_HDR_SIZE	64
#define SLAB_MAX_OBJS	((UK_PAGE_SIZE - SLAB_HDR_SIZE) >> SLAB_MIN_SHIFT)
#define SLAB_MAP_WORDS	((SLAB_MAX_OBJS + 63) / 64)
UK_CTASSERT(UK_ALLOCBBUDDY_SLAB_MAX == (1 << SLAB_MAX_SHIFT));
UK_CTASSERT((1 << SLAB_MIN_SHIFT) >= UK_ALLOC_MIN_ALIGN);
UK_CTASSERT((1 << SLAB_MAX_SHIFT) < UK_PAGE_SIZE);

/* Header at the start of every free block. */
struct fblock {
	struct uk_list_head link;
	uint32_t magic;
};

/* Header at the start of every slab page. */
struct slab {
	struct uk_list_head link;	/* on the class's partial list */
	uint32_t magic;
	uint16_t shift;			/* object size is 1 << shift */
	uint16_t nfree;
	uint64_t used[SLAB_MAP_WORDS];	/* bit set: object in use */
};
UK_CTASSERT(sizeof(struct slab) <= SLAB_HDR_SIZE);

struct zone {
	uintptr_t start, end;	/* the whole region, for overlap checks */
	uintptr_t base;		/* first managed page */
	uintptr_t top;		/* end of the last managed page */
	uint8_t *meta;		/* one byte per managed page */
	uintptr_t pend;		/* [pend, top) free, not yet on a list */
	struct zone *next;
};

struct bbuddy {
	struct uk_alloc a;
	struct zone *zones;
	struct uk_list_head free_list[NR_ORDERS];
	struct uk_list_head partial[NR_SLAB_CLASSES];
	unsigned long free_pages;	/* listed and pending */
	unsigned long pend_cnt[NR_ORDERS];	/* pending blocks per order */
};

#define to_bbuddy(a)	__containerof(a, struct bbuddy, a)

/* Helpers ------------------------------------------------------------------ */

/* Smallest k with 2^k >= @n (@n >= 1). */
static unsigned int order_ceil(unsigned long n)
{
	return n <= 1 ? 0 : (unsigned int)(64 - __builtin_clzl(n - 1));
}

static struct zone *zone_of(struct bbuddy *b, uintptr_t addr)
{
	struct zone *z;

	for (z = b->zones; z; z = z->next) {
		if (addr >= z->base && addr < z->top)
			return z;
	}
	return NULL;
}

static uint8_t *meta_of(struct zone *z, uintptr_t addr)
{
	return &z->meta[(addr - z->base) >> UK_PAGE_SHIFT];
}

/* Put the block @addr of @order on its free list (no merging). */
static void block_push(struct bbuddy *b, struct zone *z, uintptr_t addr,
		       unsigned int order)
{
	struct fblock *f = (struct fblock *)addr;

	*meta_of(z, addr) = META(META_FREE, order);
	f->magic = FBLOCK_MAGIC;
	uk_list_add(&f->link, &b->free_list[order]);
	b->free_pages += 1UL << order;
}

/* Take the free block @addr of @order off its list; its meta is cleared. */
static void block_unlink(struct bbuddy *b, struct zone *z, uintptr_t addr,
			 unsigned int order)
{
	struct fblock *f = (struct fblock *)addr;

	if (unlikely(f->magic != FBLOCK_MAGIC))
		UK_CRASH("bbuddy: free block %p corrupted (use after free, or an overflow of the block before it?)\n",
			 f);
	uk_list_del(&f->link);
	f->magic = 0;
	uk_alloc_poison(f, sizeof(*f));
	*meta_of(z, addr) = META_TAIL;
	b->free_pages -= 1UL << order;
}

/* Release block @addr of @order (its meta is overwritten), merging. */
static void block_free(struct bbuddy *b, struct zone *z, uintptr_t addr,
		       unsigned int order)
{
	uintptr_t buddy, size;

	uk_alloc_poison((void *)addr, UK_PAGE_SIZE << order);
	*meta_of(z, addr) = META_TAIL;
	while (order < MAX_ORDER) {
		size = UK_PAGE_SIZE << order;
		buddy = addr ^ size;
		if (buddy < z->base || buddy >= z->top || z->top - buddy < size)
			break;
		if (*meta_of(z, buddy) != META(META_FREE, order))
			break;
		block_unlink(b, z, buddy, order);
		addr &= ~size;
		order++;
	}
	block_push(b, z, addr, order);
}

#if CONFIG_LIBUKRANDOM
/*
 * Layout randomization: splitting a block hands out its upper or its
 * lower half at random (one random bit per split, drawn 64 at a time),
 * so the addresses of pages, heap and mappings differ from boot to boot
 * (a one-page block carved from a 16 MiB one takes 12 bits). Merging
 * is unchanged. Off with ukboot.aslr=0.
 */
static uint64_t split_bits;
static unsigned int split_left;

static bool split_upper(void)
{
	bool up;

	if (!uk_random_layout_enabled())
		return false;
	if (!split_left) {
		split_bits = uk_random_u64();
		split_left = 64;
	}
	up = split_bits & 1;
	split_bits >>= 1;
	split_left--;
	return up;
}
#else
static inline bool split_upper(void)
{
	return false;
}
#endif

/* Order of the largest aligned block at @pos that ends by @top. */
static unsigned int pend_order(uintptr_t pos, uintptr_t top)
{
	unsigned int k;

	k = (unsigned int)__builtin_ctzl(pos) - UK_PAGE_SHIFT;
	k = UK_MIN(k, (unsigned int)MAX_ORDER);
	while (top - pos < (UK_PAGE_SIZE << k))
		k--;
	return k;
}

/*
 * List pending blocks (zone by zone, in address order) until one of
 * @order (pend_cnt[@order] > 0) is listed; the others on the way are
 * listed whole.
 */
static void pend_take(struct bbuddy *b, unsigned int order)
{
	struct zone *z;
	unsigned int k;

	for (z = b->zones; z; z = z->next) {
		while (z->pend < z->top) {
			k = pend_order(z->pend, z->top);
			/* block_push() counts them again */
			b->free_pages -= 1UL << k;
			b->pend_cnt[k]--;
			block_push(b, z, z->pend, k);
			z->pend += UK_PAGE_SIZE << k;
			if (k == order)
				return;
		}
	}
	UK_CRASH("bbuddy: no pending block of order %u\n", order);
}

/* A block of @order marked @type, or 0. */
static uintptr_t block_alloc(struct bbuddy *b, unsigned int order, int type)
{
	struct uk_list_head *h = NULL;
	unsigned int j;
	struct zone *z;
	uintptr_t addr;

	/* the smallest block that fits: listed, or else pending */
	for (;;) {
		for (j = order; j <= MAX_ORDER; j++) {
			if (!uk_list_empty(&b->free_list[j])) {
				h = b->free_list[j].next;
				break;
			}
			if (b->pend_cnt[j])
				break;
		}
		if (h || j > MAX_ORDER)
			break;
		pend_take(b, j);
	}
	if (!h)
		return 0;

	addr = (uintptr_t)uk_list_entry(h, struct fblock, link);
	z = zone_of(b, addr);
	if (unlikely(!z || *meta_of(z, addr) != META(META_FREE, j)))
		UK_CRASH("bbuddy: free list %u holds bad block %#lx\n", j,
			 (unsigned long)addr);
	block_unlink(b, z, addr, j);
	while (j > order) {
		j--;
		if (split_upper()) {
			block_push(b, z, addr, j);
			addr += UK_PAGE_SIZE << j;
		} else {
			block_push(b, z, addr + (UK_PAGE_SIZE << j), j);
		}
	}
	*meta_of(z, addr) = META(type, order);
	uk_alloc_poison_check("bbuddy", (void *)addr, UK_PAGE_SIZE << order);
	return addr;
}

/* Pages needed for @size bytes (@size <= MAX_BLOCK). */
static unsigned long size_pages(size_t size)
{
	return (size + UK_PAGE_SIZE - 1) >> UK_PAGE_SHIFT;
}

/* Slabs -------------------------------------------------------------------- */

static size_t slab_first(unsigned int shift)
{
	return UK_MAX((size_t)SLAB_HDR_SIZE, (size_t)1 << shift);
}

static unsigned int slab_capacity(unsigned int shift)
{
	return (UK_PAGE_SIZE - slab_first(shift)) >> shift;
}

static void *slab_alloc(struct bbuddy *b, unsigned int shift)
{
	struct uk_list_head *h = &b->partial[shift - SLAB_MIN_SHIFT];
	unsigned int cap = slab_capacity(shift), i, w, bit;
	struct slab *s;
	uintptr_t page;
	void *obj;

	if (uk_list_empty(h)) {
		page = block_alloc(b, 0, META_SLAB);
		if (!page)
			return NULL;
		s = (struct slab *)page;
		memset(s, 0, sizeof(*s));
		s->magic = SLAB_MAGIC;
		s->shift = shift;
		s->nfree = cap;
		/* Objects past the capacity are marked used forever. */
		for (i = cap; i < SLAB_MAP_WORDS * 64; i++)
			s->used[i / 64] |= 1ULL << (i % 64);
		uk_list_add(&s->link, h);
	}

	s = uk_list_first_entry(h, struct slab, link);
	UK_BUGON(s->magic != SLAB_MAGIC || s->nfree == 0);
	for (w = 0; w < SLAB_MAP_WORDS; w++) {
		if (s->used[w] != ~0ULL)
			break;
	}
	UK_BUGON(w == SLAB_MAP_WORDS);
	bit = (unsigned int)__builtin_ctzll(~s->used[w]);
	i = w * 64 + bit;
	UK_BUGON(i >= cap);
	s->used[w] |= 1ULL << bit;
	if (--s->nfree == 0)
		uk_list_del(&s->link);
	obj = (char *)s + slab_first(shift) + ((size_t)i << shift);
	uk_alloc_poison_check("bbuddy", obj, (size_t)1 << shift);
	return obj;
}

/* The slab holding @ptr and its object index; crashes if @ptr is bad. */
static struct slab *slab_check(uintptr_t ptr, unsigned int *idx,
			       const char *op)
{
	struct slab *s = (struct slab *)UK_ALIGN_DOWN(ptr, UK_PAGE_SIZE);
	size_t off = ptr - (uintptr_t)s, first;
	unsigned int i;

	if (unlikely(s->magic != SLAB_MAGIC || s->shift < SLAB_MIN_SHIFT ||
		     s->shift > SLAB_MAX_SHIFT))
		UK_CRASH("bbuddy: %s(%#lx): slab header corrupted\n", op,
			 (unsigned long)ptr);
	first = slab_first(s->shift);
	if (unlikely(off < first || ((off - first) & ((1UL << s->shift) - 1))))
		UK_CRASH("bbuddy: %s(%#lx): not the start of an object\n", op,
			 (unsigned long)ptr);
	i = (off - first) >> s->shift;
	if (unlikely(i >= slab_capacity(s->shift)))
		UK_CRASH("bbuddy: %s(%#lx): not an object\n", op,
			 (unsigned long)ptr);
	if (unlikely(!(s->used[i / 64] & (1ULL << (i % 64)))))
		UK_CRASH("bbuddy: %s(%#lx): object is not allocated (double free?)\n",
			 op, (unsigned long)ptr);
	*idx = i;
	return s;
}

static void slab_free(struct bbuddy *b, struct zone *z, uintptr_t ptr)
{
	unsigned int i;
	struct slab *s = slab_check(ptr, &i, "free");

	uk_alloc_poison((void *)ptr, (size_t)1 << s->shift);
	s->used[i / 64] &= ~(1ULL << (i % 64));
	if (s->nfree++ == 0)
		uk_list_add(&s->link, &b->partial[s->shift - SLAB_MIN_SHIFT]);
	if (s->nfree == slab_capacity(s->shift)) {
		/* Empty: give the page back so it can merge again. */
		uk_list_del(&s->link);
		s->magic = 0;
		block_free(b, z, (uintptr_t)s, 0);
	}
}

/* Pointer checks ----------------------------------------------------------- */

/*
 * Zone and metadata of the malloc()ed block @ptr; crashes with a message
 * naming @op when @ptr is not one. Returns the META_* type.
 */
static int lookup(struct bbuddy *b, const void *ptr, struct zone **zp,
		  uint8_t *mp, const char *op)
{
	uintptr_t addr = (uintptr_t)ptr;
	struct zone *z = zone_of(b, addr);
	uint8_t m;

	if (unlikely(!z))
		UK_CRASH("bbuddy: %s(%p): pointer not from this allocator\n",
			 op, ptr);
	m = *meta_of(z, addr);
	switch (META_TYPE(m)) {
	case META_SLAB:
		break;
	case META_LARGE:
		if (unlikely(!UK_IS_ALIGNED(addr, UK_PAGE_SIZE)))
			UK_CRASH("bbuddy: %s(%p): not the start of a block\n",
				 op, ptr);
		break;
	case META_PAGES:
		UK_CRASH("bbuddy: %s(%p): pages from palloc need pfree\n",
			 op, ptr);
	case META_FREE:
		UK_CRASH("bbuddy: %s(%p): block is free (double free?)\n",
			 op, ptr);
	default:
		UK_CRASH("bbuddy: %s(%p): not the start of an allocated block (double free or interior pointer?)\n",
			 op, ptr);
	}
	*zp = z;
	*mp = m;
	return META_TYPE(m);
}

/* Ops ------------------------------------------------------------------ */

static void *bbuddy_malloc(struct uk_alloc *a, size_t size)
{
	struct bbuddy *b = to_bbuddy(a);
	unsigned int shift;

	if (size <= UK_ALLOCBBUDDY_SLAB_MAX) {
		shift = UK_MAX(order_ceil(size), (unsigned int)SLAB_MIN_SHIFT);
		return slab_alloc(b, shift);
	}
	if (size > MAX_BLOCK)
		return NULL;
	return (void *)block_alloc(b, order_ceil(size_pages(size)),
				   META_LARGE);
}

static int bbuddy_memalign(struct uk_alloc *a, void **memptr, size_t align,
			   size_t size)
{
	struct bbuddy *b = to_bbuddy(a);
	unsigned int order, shift;
	void *p;

	if (size <= UK_ALLOCBBUDDY_SLAB_MAX &&
	    align <= UK_ALLOCBBUDDY_SLAB_MAX) {
		/* Slab objects are aligned to their size. */
		shift = UK_MAX(order_ceil(size), order_ceil(align));
		shift = UK_MAX(shift, (unsigned int)SLAB_MIN_SHIFT);
		p = slab_alloc(b, shift);
	} else {
		if (size > MAX_BLOCK || align > MAX_BLOCK)
			return -ENOMEM;
		order = order_ceil(size_pages(size));
		if (align > UK_PAGE_SIZE)
			order = UK_MAX(order,
				       order_ceil(align) - UK_PAGE_SHIFT);
		p = (void *)block_alloc(b, order, META_LARGE);
	}
	if (!p)
		return -ENOMEM;
	*memptr = p;
	return 0;
}

static void bbuddy_free(struct uk_alloc *a, void *ptr)
{
	struct bbuddy *b = to_bbuddy(a);
	struct zone *z;
	uint8_t m;

	if (lookup(b, ptr, &z, &m, "free") == META_SLAB)
		slab_free(b, z, (uintptr_t)ptr);
	else
		block_free(b, z, (uintptr_t)ptr, META_ORDER(m));
}

static size_t bbuddy_usable_size(struct uk_alloc *a, const void *ptr)
{
	struct bbuddy *b = to_bbuddy(a);
	struct slab *s;
	unsigned int i;
	struct zone *z;
	uint8_t m;

	if (lookup(b, ptr, &z, &m, "usable_size") == META_SLAB) {
		s = slab_check((uintptr_t)ptr, &i, "usable_size");
		return (size_t)1 << s->shift;
	}
	return UK_PAGE_SIZE << META_ORDER(m);
}

/* Grow block @addr from @order to @want in place if its buddies are free. */
static int block_grow(struct bbuddy *b, struct zone *z, uintptr_t addr,
		      unsigned int order, unsigned int want)
{
	uintptr_t size, buddy;
	unsigned int k;

	for (k = order; k < want; k++) {
		size = UK_PAGE_SIZE << k;
		buddy = addr + size;
		if (!UK_IS_ALIGNED(addr, size << 1) || buddy >= z->top ||
		    z->top - buddy < size ||
		    *meta_of(z, buddy) != META(META_FREE, k))
			return -ENOMEM;
	}
	for (k = order; k < want; k++)
		block_unlink(b, z, addr + (UK_PAGE_SIZE << k), k);
	*meta_of(z, addr) = META(META_LARGE, want);
	uk_alloc_poison_check("bbuddy", (void *)(addr + (UK_PAGE_SIZE << order)),
			      (UK_PAGE_SIZE << want) - (UK_PAGE_SIZE << order));
	return 0;
}

static void *bbuddy_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct bbuddy *b = to_bbuddy(a);
	unsigned int order, want, k, i;
	uintptr_t addr = (uintptr_t)ptr;
	size_t old;
	struct zone *z;
	uint8_t m;
	void *p;

	if (lookup(b, ptr, &z, &m, "realloc") == META_SLAB) {
		old = (size_t)1 << slab_check(addr, &i, "realloc")->shift;
		if (size <= old)
			return ptr;
		goto move;
	}

	order = META_ORDER(m);
	old = UK_PAGE_SIZE << order;
	if (size > MAX_BLOCK)
		return NULL;
	want = order_ceil(size_pages(size));
	if (want < order) {
		/* Shrink: give back the upper halves, largest first. */
		*meta_of(z, addr) = META(META_LARGE, want);
		for (k = order; k-- > want;)
			block_free(b, z, addr + (UK_PAGE_SIZE << k), k);
		return ptr;
	}
	if (want == order || block_grow(b, z, addr, order, want) == 0)
		return ptr;

move:
	p = bbuddy_malloc(a, size);
	if (!p)
		return NULL;
	memcpy(p, ptr, UK_MIN(old, size));
	bbuddy_free(a, ptr);
	return p;
}

static void *bbuddy_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	struct bbuddy *b = to_bbuddy(a);
	uintptr_t addr, pos, end, size;
	unsigned int order, k;
	struct zone *z;

	if (num_pages > (1UL << MAX_ORDER))
		return NULL;
	order = order_ceil(num_pages);
	addr = block_alloc(b, order, META_PAGES);
	if (!addr)
		return NULL;
	if (num_pages == 1UL << order)
		return (void *)addr;

	/* Keep the blocks of n's binary digits, largest first ... */
	z = zone_of(b, addr);
	pos = addr;
	for (k = order; k-- > 0;) {
		if (num_pages & (1UL << k)) {
			*meta_of(z, pos) = META(META_PAGES, k);
			pos += UK_PAGE_SIZE << k;
		}
	}
	/* ... and free the rest as aligned blocks. */
	end = addr + (UK_PAGE_SIZE << order);
	while (pos < end) {
		k = (unsigned int)__builtin_ctzl(pos) - UK_PAGE_SHIFT;
		size = UK_PAGE_SIZE << k;
		while (end - pos < size) {
			k--;
			size >>= 1;
		}
		block_free(b, z, pos, k);
		pos += size;
	}
	return (void *)addr;
}

static void bbuddy_pfree(struct uk_alloc *a, void *ptr,
			 unsigned long num_pages)
{
	struct bbuddy *b = to_bbuddy(a);
	uintptr_t addr = (uintptr_t)ptr, pos;
	struct zone *z = zone_of(b, addr);
	unsigned int k;

	if (unlikely(!z || num_pages > (1UL << MAX_ORDER)))
		UK_CRASH("bbuddy: pfree(%p, %lu): pages not from this allocator\n",
			 ptr, num_pages);

	/* Check every piece before releasing any. */
	pos = addr;
	for (k = MAX_ORDER + 1; k-- > 0;) {
		if (!(num_pages & (1UL << k)))
			continue;
		if (unlikely(pos >= z->top ||
			     *meta_of(z, pos) != META(META_PAGES, k)))
			UK_CRASH("bbuddy: pfree(%p, %lu): no such page allocation (double free or wrong size?)\n",
				 ptr, num_pages);
		pos += UK_PAGE_SIZE << k;
	}
	pos = addr;
	for (k = MAX_ORDER + 1; k-- > 0;) {
		if (!(num_pages & (1UL << k)))
			continue;
		block_free(b, z, pos, k);
		pos += UK_PAGE_SIZE << k;
	}
}

static size_t bbuddy_maxalloc(struct uk_alloc *a);

static int bbuddy_add_zone(struct bbuddy *b, uintptr_t lo, uintptr_t start,
			   uintptr_t end)
{
	uintptr_t zh, meta, base, top, pos;
	unsigned long maxpages;
	unsigned int k;
	struct zone *z, **tail;

	for (z = b->zones; z; z = z->next) {
		if (lo < z->end && z->start < end)
			return -EEXIST;
	}

	zh = UK_ALIGN_UP(start, sizeof(uintptr_t) * 2);
	meta = zh + sizeof(struct zone);
	if (zh < start || meta > end)
		return -ENOMEM;
	top = UK_ALIGN_DOWN(end, UK_PAGE_SIZE);
	base = UK_ALIGN_UP(meta, UK_PAGE_SIZE);
	if (base >= top)
		return -ENOMEM;
	maxpages = (top - base) >> UK_PAGE_SHIFT;
	base = UK_ALIGN_UP(meta + maxpages, UK_PAGE_SIZE);
	if (base >= top)
		return -ENOMEM;

	z = (struct zone *)zh;
	z->start = lo;
	z->end = end;
	z->base = base;
	z->top = top;
	z->meta = (uint8_t *)meta;
	z->pend = base;
	z->next = NULL;
	memset(z->meta, META_TAIL, (top - base) >> UK_PAGE_SHIFT);
	for (tail = &b->zones; *tail; tail = &(*tail)->next)
		;
	*tail = z;

	/*
	 * The zone goes in as its largest aligned blocks, listed when
	 * needed (pend_take()). (Cutting it at a random page for layout
	 * randomization broke its second-largest blocks into pieces that
	 * stay apart until freed: Lua's stack growth then ran out of memory
	 * in a 256 MiB riscv64 guest. Splits still hand out a random half:
	 * split_upper().)
	 */
	uk_alloc_poison((void *)base, top - base);
	b->free_pages += (top - base) >> UK_PAGE_SHIFT;
	for (pos = base; pos < top; pos += UK_PAGE_SIZE << k) {
		k = pend_order(pos, top);
		b->pend_cnt[k]++;
	}
	return 0;
}

static int bbuddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	uintptr_t start = (uintptr_t)base;

	if (!base || len > UINTPTR_MAX - start)
		return -EINVAL;
	return bbuddy_add_zone(to_bbuddy(a), start, start, start + len);
}

static unsigned long bbuddy_pavail(struct uk_alloc *a)
{
	return to_bbuddy(a)->free_pages;
}

static size_t bbuddy_availmem(struct uk_alloc *a)
{
	return to_bbuddy(a)->free_pages * UK_PAGE_SIZE;
}

static size_t bbuddy_maxalloc(struct uk_alloc *a)
{
	struct bbuddy *b = to_bbuddy(a);
	int i;

	for (i = MAX_ORDER; i >= 0; i--) {
		if (!uk_list_empty(&b->free_list[i]) || b->pend_cnt[i])
			return UK_PAGE_SIZE << i;
	}
	for (i = NR_SLAB_CLASSES - 1; i >= 0; i--) {
		if (!uk_list_empty(&b->partial[i]))
			return (size_t)1 << (i + SLAB_MIN_SHIFT);
	}
	return 0;
}

static const struct uk_alloc_ops bbuddy_ops = {
	.malloc = bbuddy_malloc,
	.memalign = bbuddy_memalign,
	.realloc = bbuddy_realloc,
	.free = bbuddy_free,
	.usable_size = bbuddy_usable_size,
	.palloc = bbuddy_palloc,
	.pfree = bbuddy_pfree,
	.addmem = bbuddy_addmem,
	.availmem = bbuddy_availmem,
	.pavail = bbuddy_pavail,
	.maxalloc = bbuddy_maxalloc,
};

struct uk_alloc *uk_allocbbuddy_init(void *base, size_t len)
{
	uintptr_t start = (uintptr_t)base, end;
	struct bbuddy *b;
	int i;

	if (!base || len > UINTPTR_MAX - start)
		return NULL;
	end = start + len;
	b = (struct bbuddy *)UK_ALIGN_UP(start, sizeof(uintptr_t) * 2);
	if ((uintptr_t)b < start || (uintptr_t)(b + 1) > end)
		return NULL;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < NR_ORDERS; i++)
		uk_list_init(&b->free_list[i]);
	for (i = 0; i < NR_SLAB_CLASSES; i++)
		uk_list_init(&b->partial[i]);
	if (uk_alloc_init(&b->a, "bbuddy", &bbuddy_ops))
		return NULL;
	if (bbuddy_add_zone(b, start, (uintptr_t)(b + 1), end))
		return NULL;
	return &b->a;
}

UK_ALLOC_REGISTER(bbuddy, uk_allocbbuddy_init);
