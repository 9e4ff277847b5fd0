/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Region (bump) allocator: allocations advance a pointer through the
 * regions it was given, in order; free() never gives memory back (it only
 * marks the block so that a double free is caught) and realloc() to a
 * larger size copies. Meant for short-lived or allocate-once images.
 */
#ifndef __UK_ALLOCREGION_H__
#define __UK_ALLOCREGION_H__

#include <uk/alloc.h>

/*
 * Build a region allocator inside [@base, @base + @len) (any alignment);
 * its state is taken from the start of the range. NULL if too small.
 */
struct uk_alloc *uk_allocregion_init(void *base, size_t len);

#endif /* __UK_ALLOCREGION_H__ */
