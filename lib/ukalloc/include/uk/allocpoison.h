/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Freed-memory poisoning for allocator backends (CONFIG_LIBUKALLOC_POISON,
 * on by default in debug builds). A backend fills memory it takes back
 * with UK_ALLOC_POISON and, where it reuses memory, checks the fill is
 * intact before handing the memory out again: a byte that changed was
 * written through a dangling pointer (use after free) or by an overflow
 * of a neighbour, and the allocator crashes with a report naming the
 * address instead of handing out memory someone else still writes.
 * Reads through a dangling pointer see 0xdb bytes instead of the old
 * contents. Without the option every helper compiles to nothing.
 */
#ifndef __UK_ALLOCPOISON_H__
#define __UK_ALLOCPOISON_H__

#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>

#define UK_ALLOC_POISON		0xdb
#define UK_ALLOC_POISON_WORD	0xdbdbdbdbdbdbdbdbULL

#if CONFIG_LIBUKALLOC_POISON
static inline void uk_alloc_poison(void *p, size_t len)
{
	memset(p, UK_ALLOC_POISON, len);
}

/* First byte of [@p, @p + @len) that is not poison, or NULL. */
static inline const uint8_t *uk_alloc_poison_find(const void *p, size_t len)
{
	const uint8_t *b = p, *end = b + len;

	while (b < end && ((uintptr_t)b & 7))
		if (*b++ != UK_ALLOC_POISON)
			return b - 1;
	while (end - b >= 8 && *(const uint64_t *)b == UK_ALLOC_POISON_WORD)
		b += 8;
	for (; b < end; b++)
		if (*b != UK_ALLOC_POISON)
			return b;
	return NULL;
}

/*
 * Crash, naming @who, if the free memory [@p, @p + @len) lost its poison:
 * it is about to be handed out again.
 */
static inline void uk_alloc_poison_check(const char *who, const void *p,
					 size_t len)
{
	const uint8_t *bad = uk_alloc_poison_find(p, len);

	if (unlikely(bad))
		UK_CRASH("%s: use after free: free memory at %p (byte %lu of the %lu-byte free block %p) was written after it was freed (0x%02x, not 0x%02x): a dangling pointer or an overflow\n",
			 who, bad, (unsigned long)(bad - (const uint8_t *)p),
			 (unsigned long)len, p, *bad, UK_ALLOC_POISON);
}
#else
static inline void uk_alloc_poison(void *p __maybe_unused,
				   size_t len __maybe_unused)
{
}

static inline void uk_alloc_poison_check(const char *who __maybe_unused,
					 const void *p __maybe_unused,
					 size_t len __maybe_unused)
{
}
#endif

#endif /* __UK_ALLOCPOISON_H__ */
