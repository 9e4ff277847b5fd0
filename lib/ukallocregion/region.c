/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Region (bump) allocator.
 *
 * Each region given to init/addmem becomes a chunk whose header sits at
 * its start; [cur, end) is the untouched rest. An allocation takes the
 * first chunk with room: malloc/memalign put a 16-byte header (magic and
 * size) right before the aligned block, palloc takes whole pages with no
 * header. Memory is never reused: free() only flips the header's magic to
 * "freed" (so a double free or a foreign pointer crashes with a message),
 * and realloc() keeps the block when it is large enough and otherwise
 * copies to a new one (done by the generic layer from usable_size).
 * With CONFIG_LIBUKALLOC_POISON a freed block or page range is filled
 * with the poison (uk/allocpoison.h), so a read after free sees 0xdb
 * bytes; nothing is handed out again, so there is nothing to check.
 */
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/allocregion.h>
#include <uk/allocpoison.h>
#include <uk/print.h>
#include <uk/assert.h>

#define BLK_LIVE	0x7e61a11cU
#define BLK_FREED	0xf7eed0ffU

struct blk_hdr {
	uint32_t magic;
	uint32_t pad;
	size_t size;		/* bytes requested */
};
#define HDR_SIZE	UK_ALLOC_MIN_ALIGN
UK_CTASSERT(sizeof(struct blk_hdr) <= HDR_SIZE);

struct chunk {
	uintptr_t start, end;	/* the whole region */
	uintptr_t data;		/* first byte after this header */
	uintptr_t cur;		/* next free byte; [cur, end) is unused */
	struct chunk *next;
};

struct region {
	struct uk_alloc a;
	struct chunk *chunks;
};

#define to_region(a)	__containerof(a, struct region, a)

/* Start of a block of @size aligned to @align taking @hdr bytes before it
 * in @c, or 0 if it does not fit.
 */
static uintptr_t fit(struct chunk *c, size_t size, size_t align, size_t hdr)
{
	uintptr_t p;

	if (c->end - c->cur < hdr)
		return 0;
	p = UK_ALIGN_UP(c->cur + hdr, (uintptr_t)align);
	if (p < c->cur || p > c->end || c->end - p < size)
		return 0;
	return p;
}

static int region_memalign(struct uk_alloc *a, void **memptr, size_t align,
			   size_t size)
{
	struct region *r = to_region(a);
	struct blk_hdr *h;
	struct chunk *c;
	uintptr_t p;

	align = UK_MAX(align, (size_t)UK_ALLOC_MIN_ALIGN);
	for (c = r->chunks; c; c = c->next) {
		p = fit(c, size, align, HDR_SIZE);
		if (!p)
			continue;
		h = (struct blk_hdr *)(p - HDR_SIZE);
		h->magic = BLK_LIVE;
		h->pad = 0;
		h->size = size;
		c->cur = p + size;
		*memptr = (void *)p;
		return 0;
	}
	return -ENOMEM;
}

static void *region_malloc(struct uk_alloc *a, size_t size)
{
	void *p;

	return region_memalign(a, &p, UK_ALLOC_MIN_ALIGN, size) ? NULL : p;
}

/* Chunk whose used part holds [@p, @p + @len), or NULL. */
static struct chunk *chunk_of(struct region *r, uintptr_t p, size_t len)
{
	struct chunk *c;

	for (c = r->chunks; c; c = c->next) {
		if (p >= c->data && p <= c->cur && c->cur - p >= len)
			return c;
	}
	return NULL;
}

/* Header of the live block @ptr; crashes with a message naming @op. */
static struct blk_hdr *block_check(struct region *r, const void *ptr,
				   const char *op)
{
	uintptr_t p = (uintptr_t)ptr;
	struct blk_hdr *h;

	if (unlikely(p < HDR_SIZE || !chunk_of(r, p - HDR_SIZE, HDR_SIZE)))
		UK_CRASH("region: %s(%p): pointer not from this allocator\n",
			 op, ptr);
	h = (struct blk_hdr *)(p - HDR_SIZE);
	if (unlikely(h->magic == BLK_FREED))
		UK_CRASH("region: %s(%p): block already freed (double free?)\n",
			 op, ptr);
	if (unlikely(h->magic != BLK_LIVE))
		UK_CRASH("region: %s(%p): not the start of a block, or its header was overwritten (heap overflow?)\n",
			 op, ptr);
	return h;
}

static void region_free(struct uk_alloc *a, void *ptr)
{
	struct blk_hdr *h = block_check(to_region(a), ptr, "free");

	/* Memory is not reused; only mark (and poison) the block. */
	h->magic = BLK_FREED;
	uk_alloc_poison(ptr, h->size);
}

static size_t region_usable_size(struct uk_alloc *a, const void *ptr)
{
	return block_check(to_region(a), ptr, "usable_size")->size;
}

static void *region_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	struct region *r = to_region(a);
	size_t len = num_pages << UK_PAGE_SHIFT;
	struct chunk *c;
	uintptr_t p;

	if (num_pages > (SIZE_MAX >> UK_PAGE_SHIFT))
		return NULL;
	for (c = r->chunks; c; c = c->next) {
		p = fit(c, len, UK_PAGE_SIZE, 0);
		if (p) {
			c->cur = p + len;
			return (void *)p;
		}
	}
	return NULL;
}

static void region_pfree(struct uk_alloc *a, void *ptr,
			 unsigned long num_pages)
{
	uintptr_t p = (uintptr_t)ptr;

	/* Pages are not reused; only check they came from here. */
	if (unlikely(num_pages > (SIZE_MAX >> UK_PAGE_SHIFT) ||
		     !chunk_of(to_region(a), p, num_pages << UK_PAGE_SHIFT)))
		UK_CRASH("region: pfree(%p, %lu): pages not from this allocator\n",
			 ptr, num_pages);
	uk_alloc_poison(ptr, num_pages << UK_PAGE_SHIFT);
}

static int region_add_chunk(struct region *r, uintptr_t lo, uintptr_t start,
			    uintptr_t end)
{
	struct chunk *c, **tail;
	uintptr_t ch = UK_ALIGN_UP(start, (uintptr_t)UK_ALLOC_MIN_ALIGN);

	for (c = r->chunks; c; c = c->next) {
		if (lo < c->end && c->start < end)
			return -EEXIST;
	}
	if (ch < start || ch > end || end - ch <= sizeof(struct chunk))
		return -ENOMEM;

	c = (struct chunk *)ch;
	c->start = lo;
	c->end = end;
	c->data = ch + sizeof(*c);
	c->cur = c->data;
	c->next = NULL;
	for (tail = &r->chunks; *tail; tail = &(*tail)->next)
		;
	*tail = c;
	return 0;
}

static int region_addmem(struct uk_alloc *a, void *base, size_t len)
{
	uintptr_t start = (uintptr_t)base;

	if (!base || len > UINTPTR_MAX - start)
		return -EINVAL;
	return region_add_chunk(to_region(a), start, start, start + len);
}

static size_t region_availmem(struct uk_alloc *a)
{
	struct chunk *c;
	size_t n = 0;

	for (c = to_region(a)->chunks; c; c = c->next)
		n += c->end - c->cur;
	return n;
}

static unsigned long region_pavail(struct uk_alloc *a)
{
	unsigned long n = 0;
	struct chunk *c;
	uintptr_t p;

	for (c = to_region(a)->chunks; c; c = c->next) {
		p = UK_ALIGN_UP(c->cur, UK_PAGE_SIZE);
		if (p >= c->cur && p < c->end)
			n += (c->end - p) >> UK_PAGE_SHIFT;
	}
	return n;
}

static size_t region_maxalloc(struct uk_alloc *a)
{
	struct chunk *c;
	size_t best = 0;
	uintptr_t p;

	for (c = to_region(a)->chunks; c; c = c->next) {
		p = fit(c, 0, UK_ALLOC_MIN_ALIGN, HDR_SIZE);
		if (p && c->end - p > best)
			best = c->end - p;
	}
	return best;
}

static const struct uk_alloc_ops region_ops = {
	.malloc = region_malloc,
	.memalign = region_memalign,
	.free = region_free,
	.usable_size = region_usable_size,
	.palloc = region_palloc,
	.pfree = region_pfree,
	.addmem = region_addmem,
	.availmem = region_availmem,
	.pavail = region_pavail,
	.maxalloc = region_maxalloc,
};

struct uk_alloc *uk_allocregion_init(void *base, size_t len)
{
	uintptr_t start = (uintptr_t)base, end;
	struct region *r;

	if (!base || len > UINTPTR_MAX - start)
		return NULL;
	end = start + len;
	r = (struct region *)UK_ALIGN_UP(start, (uintptr_t)UK_ALLOC_MIN_ALIGN);
	if ((uintptr_t)r < start || (uintptr_t)(r + 1) > end)
		return NULL;

	memset(r, 0, sizeof(*r));
	if (uk_alloc_init(&r->a, "region", &region_ops))
		return NULL;
	if (region_add_chunk(r, start, (uintptr_t)(r + 1), end))
		return NULL;
	return &r->a;
}

UK_ALLOC_REGISTER(region, uk_allocregion_init);
