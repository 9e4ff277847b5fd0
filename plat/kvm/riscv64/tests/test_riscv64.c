/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the riscv64 port: the Sv39 identity map enforces the
 * image's W^X layout, protections change per page, the memory map keeps
 * the device tree and firmware away from allocators, the trap stack is
 * armed, interrupt-state save/restore nests, the time CSR runs at the
 * device tree's frequency, and the integer helpers that replace libgcc
 * compute what GCC expects.
 */
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/asm/cpu.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#include <uk/plat/time.h>
#include <kvm/memory.h>

#define R	UKARCH_PROT_READ
#define W	UKARCH_PROT_WRITE
#define X	UKARCH_PROT_EXEC

static uint8_t test_page[UK_PAGE_SIZE] __aligned(UK_PAGE_SIZE);
static const int test_rodata = 42;
static int test_data = 1;

UK_TESTCASE(plat_riscv64, image_is_mapped_w_xor_x)
{
	int stack_var;

	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)__kernel_start), R | X);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)&test_rodata), R);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)&test_data), R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)&stack_var), R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)uk_ksyms_end - 1), R);
}

UK_TESTCASE(plat_riscv64, guard_page_and_page_zero_are_unmapped)
{
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(0), -1);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(
		(unsigned long)__boot_stack_guard), -1);
	UK_TEST_EXPECT(ukarch_is_stack_guard(
		(unsigned long)__boot_stack_guard));
	UK_TEST_EXPECT(!ukarch_is_stack_guard(
		(unsigned long)__boot_stack_bottom));
	/* above the Sv39 lower half */
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(1UL << 38), -1);
}

UK_TESTCASE(plat_riscv64, page_protection_round_trip)
{
	unsigned long va = (unsigned long)test_page;

	UK_TEST_ASSERT(ukarch_page_get_prot(va) == (R | W));
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(va, R));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va), R);
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(va, 0));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va), -1);
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(va, R | W));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va), R | W);
	/* the page is usable again after the TLB flush */
	test_page[0] = 0x5a;
	UK_TEST_EXPECT_UNUM_EQ(test_page[0], 0x5a);
}

static int overlaps(const struct ukplat_memregion_desc *a,
		    const struct ukplat_memregion_desc *b)
{
	return a->base < b->base + b->len && b->base < a->base + a->len;
}

UK_TESTCASE(plat_riscv64, memory_map_protects_blob_and_firmware)
{
	int i, j, n = ukplat_memregion_count(), dtb = 0, free = 0;

	for (i = 0; i < n; i++) {
		const struct ukplat_memregion_desc *d = ukplat_memregion_get(i);

		dtb += d->type == UKPLAT_MEMRT_DEVICETREE;
		if (d->type != UKPLAT_MEMRT_FREE)
			continue;
		free++;
		UK_TEST_EXPECT(UK_IS_ALIGNED(d->base, UK_PAGE_SIZE));
		for (j = 0; j < n; j++) {
			const struct ukplat_memregion_desc *o =
				ukplat_memregion_get(j);

			if (j != i)
				UK_TEST_EXPECT(!overlaps(d, o));
		}
	}
	UK_TEST_EXPECT_SNUM_EQ(dtb, 1);
	UK_TEST_EXPECT_SNUM_GT(free, 0);
}

UK_TESTCASE(plat_riscv64, trap_stack_is_armed_and_mmu_on)
{
	UK_TEST_EXPECT_UNUM_NQ(csr_read(sscratch), 0);
	UK_TEST_EXPECT_UNUM_NQ(csr_read(stvec), 0);
	UK_TEST_EXPECT_UNUM_EQ(csr_read(satp) >> 60, 8);	/* Sv39 */
	/* no FP state may ever be used by kernel code */
	UK_TEST_EXPECT_UNUM_EQ(csr_read(sstatus) & RISCV_SSTATUS_FS, 0);
}

UK_TESTCASE(plat_riscv64, irq_flags_save_and_restore_nest)
{
	unsigned long outer, inner, sie = csr_read(sie);

	/* no interrupt source is enabled, so SIE may be toggled safely */
	csr_write(sie, 0);
	ukplat_lcpu_enable_irq();
	outer = ukplat_lcpu_save_irqf();
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	inner = ukplat_lcpu_save_irqf();
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_restore_irqf(inner);
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_restore_irqf(outer);
	UK_TEST_EXPECT(!ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_disable_irq();
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	csr_write(sie, sie);
}

/* Hidden from the optimizer so that the libcalls really happen. */
static unsigned long opaque(unsigned long v)
{
	__asm__ __volatile__("" : "+r"(v));
	return v;
}

UK_TESTCASE(plat_riscv64, libgcc_replacements)
{
	UK_TEST_EXPECT_SNUM_EQ(__builtin_clzl(opaque(1)), 63);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_clzl(opaque(1UL << 63)), 0);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_clz((unsigned int)opaque(0x10000)),
			       15);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_ctzl(opaque(1UL << 40)), 40);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_ctz((unsigned int)opaque(0x80000000)),
			       31);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_popcountl(opaque(~0UL)), 64);
	UK_TEST_EXPECT_SNUM_EQ(__builtin_popcount((unsigned int)opaque(0xf0f0)),
			       8);
	UK_TEST_EXPECT_UNUM_EQ(__builtin_bswap64(opaque(0x0102030405060708UL)),
			       0x0807060504030201UL);
	UK_TEST_EXPECT_UNUM_EQ(__builtin_bswap32((uint32_t)opaque(0x11223344)),
			       0x44332211);
}

UK_TESTCASE(plat_riscv64, time_counter_runs_at_timebase)
{
	uint64_t t0 = ukplat_time_counter(), t1;

	UK_TEST_EXPECT_UNUM_GT(ukplat_time_counter_freq(), 0);
	UK_TEST_EXPECT_UNUM_NQ(ukplat_boot_counter(), 0);
	UK_TEST_EXPECT_UNUM_LE(ukplat_boot_counter(), t0);
	do
		t1 = ukplat_time_counter();
	while (t1 == t0);
	UK_TEST_EXPECT_UNUM_GT(t1, t0);
}
