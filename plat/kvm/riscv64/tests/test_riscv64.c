/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the riscv64 port: the Sv39 identity map enforces the
 * image's W^X layout, protections change per page (also inside
 * megapages), the memory map keeps the device tree and firmware away from
 * allocators, the trap stack is armed, interrupt-state save/restore nests,
 * the time CSR runs at the device tree's frequency, the integer helpers
 * that replace libgcc compute what GCC expects, and a device interrupt
 * arrives through the PLIC on the interrupted stack.
 */
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/test.h>
#include <uk/asm/cpu.h>
#include <uk/arch/paging.h>
#include <uk/arch/traps.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#include <uk/plat/time.h>
#include <uk/plat/irq.h>
#include <kvm/memory.h>
#include "../riscv64.h"

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

#define MEGA_PAGE	(2UL << 20)

/*
 * Free RAM is mapped with 2 MiB megapages where it can be: changing one
 * page there splits the megapage and keeps every other page's protection.
 * (The change is R|W to R|W: the page may be in use by an allocator.)
 */
UK_TESTCASE(plat_riscv64, set_prot_inside_megapage_splits_it)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long va;
	void *block;

	/*
	 * A 2 MiB block of our own (the buddy allocator aligns it to its
	 * size), so that no page of it is another user's guard or gap page:
	 * with layout randomization, any page of free RAM may be in use.
	 */
	UK_TEST_ASSERT(a != NULL);
	block = uk_palloc(a, MEGA_PAGE / UK_PAGE_SIZE);
	UK_TEST_ASSERT(block != NULL);
	va = (unsigned long)block + MEGA_PAGE / 2;
	UK_TEST_ASSERT(ukarch_page_get_prot(va) == (R | W));
	UK_TEST_EXPECT_ZERO(ukarch_page_set_prot(va, R | W));
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va), R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va - UK_PAGE_SIZE), R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va + UK_PAGE_SIZE), R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va - MEGA_PAGE / 2),
			       R | W);
	UK_TEST_EXPECT_SNUM_EQ(ukarch_page_get_prot(va + MEGA_PAGE / 2 - 1),
			       R | W);
	uk_pfree(a, block, MEGA_PAGE / UK_PAGE_SIZE);
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
	/* FP on for threads (kernel code never uses it), vector state off */
	UK_TEST_EXPECT_UNUM_NQ(csr_read(sstatus) & RISCV_SSTATUS_FS, 0);
	UK_TEST_EXPECT_UNUM_EQ(csr_read(sstatus) & RISCV_SSTATUS_VS, 0);
}

UK_TESTCASE(plat_riscv64, irq_flags_save_and_restore_nest)
{
	unsigned long outer, inner, flags = ukplat_lcpu_save_irqf();
	unsigned long sie = csr_read(sie);

	/* every source disabled in sie: SIE may be toggled safely */
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
	ukplat_lcpu_restore_irqf(flags);
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

#ifdef CONFIG_DRIVER_NS16550
#define UART_IRQ_WAIT_NS	(500 * UKPLAT_NSEC_PER_MSEC)
#define SAME_STACK_BYTES	(64UL << 10)

struct uart_irq {
	volatile unsigned int count;
	volatile unsigned long handler_sp;
	volatile int trap_stack_armed;
};

static int uart_irq_handler(void *arg)
{
	struct uart_irq *u = arg;
	int here;

	kvm_serial_tx_irq(false);	/* deasserts the source */
	u->handler_sp = (unsigned long)&here;
	/* exceptions would still go to the trap stack: we are not on it */
	u->trap_stack_armed = csr_read(sscratch) != 0;
	u->count++;
	return 1;
}

UK_TESTCASE(plat_riscv64, plic_delivers_uart_interrupt)
{
	struct uart_irq u = { 0 };
	unsigned long flags, me = (unsigned long)&u;
	int line = kvm_plic_line_of("ns16550a");
	__nsec end;

	UK_TEST_ASSERT(line > 0);
	UK_TEST_ASSERT(ukplat_irq_register(line, uart_irq_handler, &u) == 0);
	flags = ukplat_lcpu_save_irqf();
	UK_TEST_EXPECT_ZERO(kvm_serial_tx_irq(true));
	/* nothing is taken while interrupts are disabled */
	UK_TEST_EXPECT_UNUM_EQ(u.count, 0);
	ukplat_lcpu_enable_irq();
	end = ukplat_monotonic_clock() + UART_IRQ_WAIT_NS;
	while (!u.count && ukplat_monotonic_clock() < end)
		;
	ukplat_lcpu_disable_irq();
	kvm_serial_tx_irq(false);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_unregister(line, uart_irq_handler,
						     &u), 0);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_UNUM_EQ(u.count, 1);
	UK_TEST_EXPECT(u.trap_stack_armed);
	UK_TEST_EXPECT(u.handler_sp < me &&
		       me - u.handler_sp < SAME_STACK_BYTES);
}
#endif /* CONFIG_DRIVER_NS16550 */
