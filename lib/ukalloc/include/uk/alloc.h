/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allocator API. An allocator is a `struct uk_alloc` whose `ops` vtable is
 * complete: uk_alloc_init() fills it from a backend's (possibly partial)
 * ops, adding generic fallbacks, argument checks and statistics, so that a
 * backend only implements what it is good at.
 *
 * Backend contract (struct uk_alloc_ops given to uk_alloc_init()):
 *  - required: free, usable_size, and malloc or memalign;
 *  - optional: calloc, realloc, palloc+pfree (as a pair), addmem,
 *    availmem, pavail, maxalloc;
 *  - malloc/memalign get size >= 1; memalign gets a power-of-two align
 *    >= sizeof(void *); free/realloc/usable_size get a non-NULL pointer;
 *    realloc gets size >= 1; palloc/pfree get num_pages >= 1;
 *  - malloc returns UK_ALLOC_MIN_ALIGN aligned memory, palloc page
 *    aligned memory; a backend never updates statistics itself.
 * Allocators are not thread-safe: callers serialize access.
 */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <uk/essentials.h>
#include <uk/tables.h>
#include <uk/assert.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Alignment of every pointer returned by malloc/calloc/realloc. */
#define UK_ALLOC_MIN_ALIGN	16

struct uk_alloc;

/* Counters kept by the generic layer when CONFIG_LIBUKALLOC_STATS=y. */
struct uk_alloc_stats {
	size_t cur_mem_use;	/* bytes held by live blocks (usable size) */
	size_t max_mem_use;	/* high-water mark of cur_mem_use */
	uint64_t nb_allocs;	/* successful allocations */
	uint64_t nb_frees;	/* releases */
	uint64_t nb_enomem;	/* failed allocations */
};

struct uk_alloc_ops {
	/* @size bytes, UK_ALLOC_MIN_ALIGN aligned, or NULL. */
	void *(*malloc)(struct uk_alloc *a, size_t size);
	/* @nmemb * @size zeroed bytes, or NULL (also on overflow). */
	void *(*calloc)(struct uk_alloc *a, size_t nmemb, size_t size);
	/* Resize @ptr to @size bytes keeping contents, or NULL (@ptr kept). */
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	/* posix_memalign semantics but returns 0, -EINVAL or -ENOMEM. */
	int (*memalign)(struct uk_alloc *a, void **memptr, size_t align,
			size_t size);
	/* Release a block from malloc/calloc/realloc/memalign. */
	void (*free)(struct uk_alloc *a, void *ptr);
	/* @num_pages contiguous page-aligned pages, or NULL. */
	void *(*palloc)(struct uk_alloc *a, unsigned long num_pages);
	/* Release pages from palloc; @num_pages must match the request. */
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long num_pages);
	/* Hand [@base, @base + @len) to the allocator; 0 or -errno. */
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	/* Free bytes left in the allocator. */
	size_t (*availmem)(struct uk_alloc *a);
	/* Free pages left in the allocator. */
	unsigned long (*pavail)(struct uk_alloc *a);
	/* Largest size a malloc could currently return. */
	size_t (*maxalloc)(struct uk_alloc *a);
	/* Usable bytes of the block at @ptr (>= the requested size). */
	size_t (*usable_size)(struct uk_alloc *a, const void *ptr);
	/* Copy the statistics into @st; 0 or -ENOTSUP when disabled. */
	int (*stats)(struct uk_alloc *a, struct uk_alloc_stats *st);
};

struct uk_alloc {
	struct uk_alloc_ops ops;		/* complete vtable */
	const struct uk_alloc_ops *backend;	/* backend's own ops */
	const char *name;
#ifdef CONFIG_LIBUKALLOC_STATS
	struct uk_alloc_stats _stats;
#endif
};

/*
 * Set up @a (embedded in the backend's state) for @backend's ops.
 * Returns 0, or -EINVAL when a required op is missing.
 */
int uk_alloc_init(struct uk_alloc *a, const char *name,
		  const struct uk_alloc_ops *backend);

/* Allocator used by malloc() & co and by code that names none. */
struct uk_alloc *uk_alloc_get_default(void);
/* Make @a the default allocator (NULL unsets it). */
void uk_alloc_set_default(struct uk_alloc *a);

/*
 * Find the backend named CONFIG_LIBUKALLOC_DEFAULT_NAME, build it in the
 * first large FREE region of the platform memory map, add the other FREE
 * regions and make it the default. Returns 0, -ENOENT or -ENOMEM.
 */
int uk_alloc_init_default(void);

/* Backend registry ------------------------------------------------------ */

/* Build an allocator inside [@base, @base + @len); NULL if too small. */
typedef struct uk_alloc *(*uk_alloc_init_func_t)(void *base, size_t len);

struct uk_alloc_backend {
	const char *name;
	uk_alloc_init_func_t init;
};
UK_CTASSERT(sizeof(struct uk_alloc_backend) % 8 == 0);

UK_TABLE_DECLARE(ukalloc, struct uk_alloc_backend);

/* Register backend @name (a plain identifier) with its init function. */
#define UK_ALLOC_REGISTER(name, init_fn)				\
	static const struct uk_alloc_backend				\
	UK_TABLE_ENTRY(ukalloc) __uk_alloc_backend_##name = {		\
		#name, (init_fn)					\
	}

/* Registered backend called @name, or NULL. */
const struct uk_alloc_backend *uk_alloc_backend_find(const char *name);

/* Wrappers --------------------------------------------------------------- */

/* @size bytes from @a, or NULL. malloc(0) returns a unique block. */
static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	UK_ASSERT(a && a->ops.malloc);
	return a->ops.malloc(a, size);
}

/* Zeroed array of @nmemb elements of @size bytes, or NULL. */
static inline void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	UK_ASSERT(a && a->ops.calloc);
	return a->ops.calloc(a, nmemb, size);
}

/* C realloc: NULL @ptr mallocs, @size 0 frees and returns NULL. */
static inline void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	UK_ASSERT(a && a->ops.realloc);
	return a->ops.realloc(a, ptr, size);
}

/* POSIX posix_memalign: 0, EINVAL or ENOMEM (positive, like POSIX). */
static inline int uk_posix_memalign(struct uk_alloc *a, void **memptr,
				    size_t align, size_t size)
{
	UK_ASSERT(a && a->ops.memalign);
	return -a->ops.memalign(a, memptr, align, size);
}

/* @size bytes aligned to @align (a power of two), or NULL. */
static inline void *uk_memalign(struct uk_alloc *a, size_t align,
				size_t size)
{
	void *p;

	UK_ASSERT(a && a->ops.memalign);
	if (align < sizeof(void *) && UK_IS_POW2(align))
		align = sizeof(void *);
	if (a->ops.memalign(a, &p, align, size))
		return NULL;
	return p;
}

/* Release @ptr (NULL is ignored). */
static inline void uk_free(struct uk_alloc *a, void *ptr)
{
	UK_ASSERT(a && a->ops.free);
	a->ops.free(a, ptr);
}

/* @num_pages page-aligned pages, or NULL. */
static inline void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	UK_ASSERT(a && a->ops.palloc);
	return a->ops.palloc(a, num_pages);
}

/* Release @num_pages pages at @ptr obtained from uk_palloc(). */
static inline void uk_pfree(struct uk_alloc *a, void *ptr,
			    unsigned long num_pages)
{
	UK_ASSERT(a && a->ops.pfree);
	a->ops.pfree(a, ptr, num_pages);
}

/* Add the memory [@base, @base + @len) to @a; 0 or -errno. */
static inline int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	UK_ASSERT(a && a->ops.addmem);
	return a->ops.addmem(a, base, len);
}

/* Free bytes in @a. */
static inline size_t uk_alloc_availmem(struct uk_alloc *a)
{
	UK_ASSERT(a && a->ops.availmem);
	return a->ops.availmem(a);
}

/* Free pages in @a. */
static inline unsigned long uk_alloc_pavail(struct uk_alloc *a)
{
	UK_ASSERT(a && a->ops.pavail);
	return a->ops.pavail(a);
}

/* Largest single allocation @a could currently satisfy, in bytes. */
static inline size_t uk_alloc_maxalloc(struct uk_alloc *a)
{
	UK_ASSERT(a && a->ops.maxalloc);
	return a->ops.maxalloc(a);
}

/* Usable bytes of the block @ptr allocated from @a. */
static inline size_t uk_alloc_usable_size(struct uk_alloc *a, const void *ptr)
{
	UK_ASSERT(a && a->ops.usable_size);
	return a->ops.usable_size(a, ptr);
}

/* Copy @a's statistics to @st; 0, or -ENOTSUP without LIBUKALLOC_STATS. */
static inline int uk_alloc_stats_get(struct uk_alloc *a,
				     struct uk_alloc_stats *st)
{
	UK_ASSERT(a && a->ops.stats);
	return a->ops.stats(a, st);
}

#ifdef __cplusplus
}
#endif

#endif /* __UK_ALLOC_H__ */
