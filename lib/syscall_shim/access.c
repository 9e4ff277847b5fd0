/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checking pointers handed in by the program. Kast has one address space,
 * so "user memory" is whatever the page tables map with the needed
 * permission; a range is checked page by page before it is touched, so a
 * bad pointer turns into -EFAULT instead of a kernel page fault. A page
 * of a mapping that is populated on demand (uk/arch/paging.h) gets its
 * frame here, if its protection allows the access.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/syscall.h>
#include <uk/arch/paging.h>

bool uk_access_ok(const void *p, size_t len, int prot)
{
	unsigned long start = (unsigned long)p, end, va;
	int have;

	if (!len)
		return true;
	if (start + len < start)
		return false;
	end = start + len;
	for (va = start & ~(UK_PAGE_SIZE - 1); va < end; va += UK_PAGE_SIZE) {
		have = ukarch_page_get_prot(va);
		/* a page of a mapping not touched yet: its frame now */
		if (have < 0 && ukarch_page_fill(va, prot) == 0)
			have = ukarch_page_get_prot(va);
		if (have < 0 || (have & prot) != prot)
			return false;
		if (va + UK_PAGE_SIZE < va)	/* last page of the space */
			break;
	}
	return true;
}

long uk_strnlen_user(const char *s, size_t max)
{
	unsigned long va = (unsigned long)s;
	size_t n = 0;

	while (n < max) {
		/* check once per page, then scan the rest of that page */
		unsigned long page_end = (va & ~(UK_PAGE_SIZE - 1)) + UK_PAGE_SIZE;

		if (!uk_access_ok((const void *)va, 1, UKARCH_PROT_READ))
			return -EFAULT;
		while (va < page_end && n < max) {
			if (!*(const char *)va)
				return (long)n;
			va++;
			n++;
		}
		if (!page_end)
			break;
	}
	return -ENAMETOOLONG;
}

int uk_copy_from_user(void *dst, const void *src, size_t len)
{
	if (!uk_access_ok(src, len, UKARCH_PROT_READ))
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
}

int uk_copy_to_user(void *dst, const void *src, size_t len)
{
	if (!uk_access_ok(dst, len, UKARCH_PROT_WRITE))
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
}
