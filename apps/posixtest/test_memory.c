/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/* mmap, munmap, mprotect, brk, madvise, malloc over them. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <uk/test.h>

#define PAGE 4096

UK_TESTCASE(posix_memory, anonymous_mappings_are_zeroed_and_aligned)
{
	unsigned char *p = mmap(NULL, 5 * PAGE + 10, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i, nonzero = 0;

	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p % PAGE, 0);
	for (i = 0; i < 6 * PAGE; i++)
		nonzero += p[i] != 0;
	UK_TEST_EXPECT_UNUM_EQ(nonzero, 0);
	memset(p, 0xab, 6 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 6 * PAGE), 0);
}

UK_TESTCASE(posix_memory, partial_munmap_and_mprotect)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	UK_TEST_ASSERT(p != MAP_FAILED);
	p[0] = 1;
	p[3 * PAGE] = 4;
	/* cut out the middle, the ends stay usable */
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + PAGE, 2 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[0] + p[3 * PAGE], 5);
	/* mprotect over an unmapped page fails with ENOMEM */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, 2 * PAGE, PROT_READ), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_READ), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[0], 1);	/* still readable */
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
	p[0] = 2;
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + 3 * PAGE, PAGE), 0);
	/* unmapping what is not mapped is fine, as on Linux */
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 4 * PAGE), 0);
}

UK_TESTCASE(posix_memory, bad_arguments)
{
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0) == MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(munmap((void *)0x1001, PAGE), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED);	/* neither private nor shared */
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT(mmap(NULL, (size_t)1 << 50, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
}

UK_TESTCASE(posix_memory, brk_grows_and_shrinks)
{
	char *base = sbrk(0), *p;

	UK_TEST_ASSERT(base != (char *)-1);
	p = (char *)syscall(SYS_brk, base + 3 * PAGE);
	UK_TEST_EXPECT(p == base + 3 * PAGE);
	base[3 * PAGE - 1] = 9;
	UK_TEST_EXPECT_SNUM_EQ(base[0], 0);
	p = (char *)syscall(SYS_brk, base);
	UK_TEST_EXPECT(p == base);
	/* past the limit: the break stays */
	p = (char *)syscall(SYS_brk, base + (1UL << 40));
	UK_TEST_EXPECT(p == base);
}

UK_TESTCASE(posix_memory, malloc_many_sizes)
{
	void *blocks[200];
	size_t sz;
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		sz = (size_t)(i * 977) % 70000 + 1;
		blocks[i] = malloc(sz);
		if (!blocks[i]) {
			bad++;
			continue;
		}
		memset(blocks[i], i, sz);
	}
	for (i = 0; i < 200; i++) {
		sz = (size_t)(i * 977) % 70000 + 1;
		if (blocks[i] && ((unsigned char *)blocks[i])[sz - 1] !=
				 (unsigned char)i)
			bad++;
		free(blocks[i]);
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	/* a large block through mmap, then realloc (mremap falls back) */
	char *big = malloc(4 << 20);

	UK_TEST_ASSERT(big != NULL);
	memset(big, 1, 4 << 20);
	big = realloc(big, 8 << 20);
	UK_TEST_ASSERT(big != NULL);
	UK_TEST_EXPECT_SNUM_EQ(big[(4 << 20) - 1], 1);
	free(big);
}
