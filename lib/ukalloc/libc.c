/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * C library allocation entry points for nolibc users, served by the
 * default allocator. Failures return NULL (or an error code for
 * posix_memalign) and set errno to ENOMEM/EINVAL.
 */
#include <stdlib.h>
#include <errno.h>
#include <uk/alloc.h>
#include <uk/assert.h>

void *memalign(size_t align, size_t size);

void *malloc(size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	p = uk_malloc(a, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void *calloc(size_t nmemb, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	p = uk_calloc(a, nmemb, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	p = uk_realloc(a, ptr, size);
	if (!p && size)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (!ptr)
		return;
	if (unlikely(!a))
		UK_CRASH("free(%p) without a default allocator\n", ptr);
	uk_free(a, ptr);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (unlikely(!a))
		return ENOMEM;
	return uk_posix_memalign(a, memptr, align, size);
}

void *memalign(size_t align, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (!UK_IS_POW2(align)) {
		errno = EINVAL;
		return NULL;
	}
	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	p = uk_memalign(a, align, size);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* C11/C17: any power-of-two alignment; size need not be a multiple. */
void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}
