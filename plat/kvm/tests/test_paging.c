/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the remap window (uk/arch/paging.h), on both
 * architectures: a frame mapped there reads and writes the same memory
 * as its identity address, protection changes keep the frame (also
 * through a not-present state), the translation answers the frame for
 * devices, unmapping forgets it, and bad requests are refused.
 */
#include <string.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/test.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>

#define R	UKARCH_PROT_READ
#define W	UKARCH_PROT_WRITE
#define X	UKARCH_PROT_EXEC

/* A window page far from where posix-mmap would put anything by chance */
#define TEST_VA	(UKARCH_REMAP_END - 64 * UK_PAGE_SIZE)

UK_TESTCASE(plat_paging, window_page_aliases_its_frame)
{
	struct uk_alloc *a = uk_alloc_get_default();
	volatile uint32_t *alias = (volatile uint32_t *)(TEST_VA + 8);
	uint32_t *frame;

	UK_TEST_ASSERT(a != NULL);
	frame = uk_palloc(a, 1);
	UK_TEST_ASSERT(frame != NULL);
	frame[2] = 0x5a5a1234;
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), -1);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys(TEST_VA), UKARCH_NO_PHYS);
	UK_TEST_ASSERT(ukarch_page_map(TEST_VA, (unsigned long)frame,
				       R | W) == 0);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), R | W);
	UK_TEST_EXPECT_SNUM_EQ(*alias, 0x5a5a1234);
	*alias = 0xcafe0001;
	UK_TEST_EXPECT_SNUM_EQ(frame[2], 0xcafe0001);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys(TEST_VA + 123),
			       (unsigned long)frame + 123);
	/* the identity map answers itself */
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys((unsigned long)frame + 5),
			       (unsigned long)frame + 5);
	/* mapping a mapped page again is refused */
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_map(TEST_VA, (unsigned long)frame,
					       R), -EEXIST);

	/* not present and back: the same frame */
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(TEST_VA, 0));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), -1);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys(TEST_VA), UKARCH_NO_PHYS);
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(TEST_VA, R));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), R);
	UK_TEST_EXPECT_SNUM_EQ(*alias, 0xcafe0001);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys(TEST_VA),
			       (unsigned long)frame);

	UK_TEST_EXPECT_ZERO(ukarch_page_unmap(TEST_VA));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), -1);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_virt_to_phys(TEST_VA), UKARCH_NO_PHYS);
	/* after unmap the page can be mapped afresh */
	UK_TEST_EXPECT_ZERO(ukarch_page_map(TEST_VA, (unsigned long)frame,
					    R | W));
	UK_TEST_EXPECT_ZERO(ukarch_page_unmap(TEST_VA));
	uk_pfree(a, frame, 1);
}

UK_TESTCASE(plat_paging, window_refuses_bad_requests)
{
	unsigned long frame = UK_PAGE_SIZE * 16;

	/* outside the window, unaligned addresses */
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_map(UKARCH_REMAP_START - UK_PAGE_SIZE,
					       frame, R), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_map(UKARCH_REMAP_END, frame, R),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_map(TEST_VA + 8, frame, R),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_map(TEST_VA, frame + 8, R),
			       -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_unmap(frame), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), -1);
	/* the identity map ends below the window */
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(UKARCH_REMAP_START), -1);
}

UK_TESTCASE(plat_paging, window_frames_keep_execute_off_unless_asked)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *frame = uk_palloc(a, 1);

	UK_TEST_ASSERT(frame != NULL);
	UK_TEST_ASSERT(ukarch_page_map(TEST_VA, (unsigned long)frame,
				       R | W) == 0);
	UK_TEST_EXPECT_ZERO(ukarch_page_get_prot(TEST_VA) & X);
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(TEST_VA, R | X));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(TEST_VA), R | X);
	UK_TEST_EXPECT_ZERO(ukarch_page_unmap(TEST_VA));
	uk_pfree(a, frame, 1);
}

UK_TESTCASE(plat_paging, exception_stack_has_a_guard_page)
{
	unsigned long g;
	const char *owner;
	unsigned int i;

	for (i = 0; (g = ukarch_exception_stack_guard(i)); i++) {
		owner = ukarch_stack_guard_owner(g + 8);
		UK_TEST_EXPECT_ZERO(g % UK_PAGE_SIZE);
		UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(g), -1);
		UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(g + UK_PAGE_SIZE - 1),
				       -1);
		UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(g + UK_PAGE_SIZE),
				       R | W);
		UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(g - 1), R | W);
		UK_TEST_ASSERT(owner != NULL);
		UK_TEST_EXPECT_ZERO(strcmp(owner, "the exception stack"));
		UK_TEST_EXPECT(ukarch_stack_guard_owner(g + UK_PAGE_SIZE) ==
			       NULL);
	}
	/* x86_64: the double-fault and the page-fault IST stacks */
	UK_TEST_EXPECT(i >= 1);
#if defined(__x86_64__)
	UK_TEST_EXPECT_SNUM_EQ(i, 2);
#endif
}
