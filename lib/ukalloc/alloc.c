/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generic allocator layer. uk_alloc_init() installs front-end functions in
 * the public vtable; each one checks and normalizes its arguments, calls
 * the backend op or a generic fallback built from other public ops, and
 * keeps the statistics. Fallbacks always go through the public ops, so a
 * block is counted exactly once whatever path allocated it.
 */
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/plat/lcpu.h>

static struct uk_alloc *uk_alloc_default;

struct uk_alloc *uk_alloc_get_default(void)
{
	return uk_alloc_default;
}

void uk_alloc_set_default(struct uk_alloc *a)
{
	uk_alloc_default = a;
}

/* Statistics -------------------------------------------------------------- */

#ifdef CONFIG_LIBUKALLOC_STATS
static void stats_alloc(struct uk_alloc *a, size_t bytes)
{
	struct uk_alloc_stats *st = &a->_stats;

	st->nb_allocs++;
	st->cur_mem_use += bytes;
	if (st->cur_mem_use > st->max_mem_use)
		st->max_mem_use = st->cur_mem_use;
}

static void stats_free(struct uk_alloc *a, size_t bytes)
{
	struct uk_alloc_stats *st = &a->_stats;

	UK_ASSERT(st->cur_mem_use >= bytes);
	st->nb_frees++;
	st->cur_mem_use -= bytes;
}

static void stats_enomem(struct uk_alloc *a)
{
	a->_stats.nb_enomem++;
}

/* An in-place resize from @old to @new usable bytes. */
static void stats_resize(struct uk_alloc *a, size_t old, size_t new)
{
	struct uk_alloc_stats *st = &a->_stats;

	UK_ASSERT(st->cur_mem_use >= old);
	st->cur_mem_use = st->cur_mem_use - old + new;
	if (st->cur_mem_use > st->max_mem_use)
		st->max_mem_use = st->cur_mem_use;
}

static size_t block_size(struct uk_alloc *a, const void *ptr)
{
	return a->backend->usable_size(a, ptr);
}

static int front_stats(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	*st = a->_stats;
	return 0;
}
#else
#define stats_alloc(a, bytes)		do { } while (0)
#define stats_free(a, bytes)		do { } while (0)
#define stats_enomem(a)			do { } while (0)
#define stats_resize(a, old, new)	do { } while (0)
#define block_size(a, ptr)		((void)(a), (void)(ptr), (size_t)0)

static int front_stats(struct uk_alloc *a, struct uk_alloc_stats *st)
{
	memset(st, 0, sizeof(*st));
	return -ENOTSUP;
}
#endif

/* Front-ends --------------------------------------------------------------- */

static int nolock_memalign(struct uk_alloc *a, void **memptr, size_t align,
			  size_t size)
{
	const struct uk_alloc_ops *b = a->backend;
	void *p = NULL;
	int rc;

	if (!UK_IS_POW2(align) || align < sizeof(void *))
		return -EINVAL;
	if (size == 0)
		size = 1;

	if (b->memalign) {
		rc = b->memalign(a, &p, align, size);
	} else if (align <= UK_ALLOC_MIN_ALIGN) {
		p = b->malloc(a, size);
		rc = p ? 0 : -ENOMEM;
	} else {
		/*
		 * Over-allocating would hand the backend's free() a pointer
		 * it never returned; a backend without memalign thus only
		 * serves the alignment its malloc guarantees.
		 */
		rc = -ENOMEM;
	}
	if (rc) {
		UK_ASSERT(rc == -ENOMEM || rc == -EINVAL);
		stats_enomem(a);
		return rc;
	}
	UK_ASSERT(p && UK_IS_ALIGNED((uintptr_t)p, align));
	stats_alloc(a, block_size(a, p));
	*memptr = p;
	return 0;
}

static void *nolock_malloc(struct uk_alloc *a, size_t size)
{
	const struct uk_alloc_ops *b = a->backend;
	void *p;

	if (!b->malloc)
		return nolock_memalign(a, &p, UK_ALLOC_MIN_ALIGN, size) ?
			NULL : p;
	if (size == 0)
		size = 1;
	p = b->malloc(a, size);
	if (!p) {
		stats_enomem(a);
		return NULL;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)p, UK_ALLOC_MIN_ALIGN));
	stats_alloc(a, block_size(a, p));
	return p;
}

static void nolock_free(struct uk_alloc *a, void *ptr)
{
	if (!ptr)
		return;
	stats_free(a, block_size(a, ptr));
	a->backend->free(a, ptr);
}

static void *nolock_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	const struct uk_alloc_ops *b = a->backend;
	size_t total;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &total)) {
		stats_enomem(a);
		return NULL;
	}
	if (!b->calloc) {
		p = nolock_malloc(a, total);
		if (p)
			memset(p, 0, total);
		return p;
	}
	if (total == 0)
		nmemb = size = 1;
	p = b->calloc(a, nmemb, size);
	if (!p) {
		stats_enomem(a);
		return NULL;
	}
	stats_alloc(a, block_size(a, p));
	return p;
}

static void *nolock_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	const struct uk_alloc_ops *b = a->backend;
	size_t old;
	void *p;

	if (!ptr)
		return nolock_malloc(a, size);
	if (size == 0) {
		nolock_free(a, ptr);
		return NULL;
	}

	old = b->usable_size(a, ptr);
	if (b->realloc) {
		p = b->realloc(a, ptr, size);
		if (!p) {
			stats_enomem(a);
			return NULL;
		}
		if (p == ptr) {
			stats_resize(a, old, block_size(a, p));
		} else {
			stats_free(a, old);
			stats_alloc(a, block_size(a, p));
		}
		return p;
	}

	/* Generic: keep a block that is already large enough. */
	if (size <= old)
		return ptr;
	p = nolock_malloc(a, size);
	if (!p)
		return NULL;
	memcpy(p, ptr, old);
	nolock_free(a, ptr);
	return p;
}

static void *nolock_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	const struct uk_alloc_ops *b = a->backend;
	void *p;

	if (num_pages == 0 || num_pages > SIZE_MAX / UK_PAGE_SIZE) {
		stats_enomem(a);
		return NULL;
	}
	if (!b->palloc)
		return nolock_memalign(a, &p, UK_PAGE_SIZE,
				      num_pages * UK_PAGE_SIZE) ? NULL : p;
	p = b->palloc(a, num_pages);
	if (!p) {
		stats_enomem(a);
		return NULL;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)p, UK_PAGE_SIZE));
	stats_alloc(a, num_pages * UK_PAGE_SIZE);
	return p;
}

static void nolock_pfree(struct uk_alloc *a, void *ptr,
			unsigned long num_pages)
{
	const struct uk_alloc_ops *b = a->backend;

	if (!ptr)
		return;
	if (!UK_IS_ALIGNED((uintptr_t)ptr, UK_PAGE_SIZE) || num_pages == 0)
		UK_CRASH("%s: pfree(%p, %lu): not a page allocation\n",
			 a->name, ptr, num_pages);
	if (!b->pfree) {
		nolock_free(a, ptr);
		return;
	}
	b->pfree(a, ptr, num_pages);
	stats_free(a, num_pages * UK_PAGE_SIZE);
}

/* Fallbacks for the informational ops. */
static size_t front_availmem(struct uk_alloc *a)
{
	return a->backend->pavail(a) * UK_PAGE_SIZE;
}

static unsigned long front_pavail(struct uk_alloc *a)
{
	return a->backend->availmem(a) / UK_PAGE_SIZE;
}

/*
 * Locked entry points. One CPU for now: an allocator is only entered
 * concurrently by a preempting thread or an interrupt handler, so masking
 * interrupts around each call serializes it (nested calls keep them off).
 * With SMP this becomes a spinlock that also masks interrupts.
 */
static inline unsigned long alloc_lock(void)
{
	return ukplat_lcpu_save_irqf();
}

static inline void alloc_unlock(unsigned long flags)
{
	ukplat_lcpu_restore_irqf(flags);
}

#define LOCKED(ret, name, params, args)					\
	static ret front_##name params					\
	{								\
		unsigned long flags = alloc_lock();			\
		ret r = nolock_##name args;				\
									\
		alloc_unlock(flags);					\
		return r;						\
	}
#define LOCKED_VOID(name, params, args)					\
	static void front_##name params					\
	{								\
		unsigned long flags = alloc_lock();			\
									\
		nolock_##name args;					\
		alloc_unlock(flags);					\
	}

LOCKED(int, memalign, (struct uk_alloc *a, void **m, size_t al, size_t sz),
       (a, m, al, sz))
LOCKED(void *, malloc, (struct uk_alloc *a, size_t sz), (a, sz))
LOCKED(void *, calloc, (struct uk_alloc *a, size_t n, size_t sz), (a, n, sz))
LOCKED(void *, realloc, (struct uk_alloc *a, void *p, size_t sz), (a, p, sz))
LOCKED(void *, palloc, (struct uk_alloc *a, unsigned long n), (a, n))
LOCKED_VOID(free, (struct uk_alloc *a, void *p), (a, p))
LOCKED_VOID(pfree, (struct uk_alloc *a, void *p, unsigned long n), (a, p, n))

int uk_alloc_init(struct uk_alloc *a, const char *name,
		  const struct uk_alloc_ops *b)
{
	UK_ASSERT(a && b);

	if (!(b->malloc || b->memalign) || !b->free || !b->usable_size ||
	    !b->palloc != !b->pfree) {
		uk_pr_err("allocator %s: backend misses required ops\n",
			  name ? name : "?");
		return -EINVAL;
	}

	memset(a, 0, sizeof(*a));
	a->name = name;
	a->backend = b;
	a->ops.malloc = front_malloc;
	a->ops.calloc = front_calloc;
	a->ops.realloc = front_realloc;
	a->ops.memalign = front_memalign;
	a->ops.free = front_free;
	a->ops.palloc = front_palloc;
	a->ops.pfree = front_pfree;
	a->ops.addmem = b->addmem;
	a->ops.availmem = b->availmem;
	if (!a->ops.availmem && b->pavail)
		a->ops.availmem = front_availmem;
	a->ops.pavail = b->pavail;
	if (!a->ops.pavail && b->availmem)
		a->ops.pavail = front_pavail;
	a->ops.maxalloc = b->maxalloc;
	a->ops.usable_size = b->usable_size;
	a->ops.stats = front_stats;
	return 0;
}
