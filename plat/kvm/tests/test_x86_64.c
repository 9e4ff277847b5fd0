/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-guest tests of the x86_64 platform internals: TSC scaling, the RTC
 * date conversion, the TSC calibration against the PIT, IOAPIC
 * delivery (the 16550's "transmitter empty" interrupt on ISA IRQ 4) and
 * MSI lines (their message format, and a masked line holding a message:
 * the local APIC receives it as a self-IPI on the line's vector, which
 * is what a device's message write becomes).
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/test.h>
#include <uk/asm/cpu.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/msi.h>
#include <uk/plat/time.h>
#include "../x86_64/x86_64.h"

#define MS			UKPLAT_NSEC_PER_MSEC
#define PPM			1000000ULL
#define PIT_WINDOW_TICKS	(PIT_HZ / 50)	/* 20 ms */
#define PIT_TICK_NS		(UKPLAT_NSEC_PER_SEC / PIT_HZ + 1)
#define PIT_GUARD_NS		UKPLAT_NSEC_PER_SEC
#define PIT_TOLERANCE_PPM	2000	/* besides the measured read error */
#define PIT_TRIES		5
#define WAIT_LIMIT		UKPLAT_NSEC_PER_SEC
#define QUIET_TIME		(30 * MS)

#define COM1			0x3f8
#define UART_IER		1
#define UART_IIR		2
#define UART_IER_THRI		0x02	/* interrupt when THR is empty */
#define UART_IIR_NONE		0x01	/* no interrupt pending */
#define ISA_IRQ_COM1		4

/* floor(t * 10^9 / f), computed without the clock's scaling. */
static uint64_t ref_ns(uint64_t t, uint64_t f)
{
	return t / f * UKPLAT_NSEC_PER_SEC + t % f * UKPLAT_NSEC_PER_SEC / f;
}

UK_TESTCASE(plat_x86_64, tsc_to_ns_is_a_precise_floor)
{
	static const uint64_t ticks[] = {
		0, 1, 1000, 0xffffffffULL, 0x100000000ULL, 1ULL << 40,
		123456789012345ULL, 1ULL << 52, 1ULL << 60
	};
	uint64_t f = ukplat_time_counter_freq();
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(ticks); i++) {
		uint64_t ref = ref_ns(ticks[i], f);
		uint64_t ns = x86_tsc_to_ns(ticks[i]);

		/* the multiplier rounds down, by less than 2^-29 */
		UK_TEST_EXPECT_UNUM_LE(ns, ref);
		UK_TEST_EXPECT_UNUM_LE(ref - ns, (ref >> 29) + 1);
	}
}

UK_TESTCASE(plat_x86_64, tsc_to_ns_is_monotonic_across_halves)
{
	uint64_t k;

	for (k = 1; k < 8; k++) {
		uint64_t x = (k << 32) - 1;

		UK_TEST_EXPECT_UNUM_LE(x86_tsc_to_ns(x), x86_tsc_to_ns(x + 1));
		UK_TEST_EXPECT_UNUM_LE(x86_tsc_to_ns(x - 1), x86_tsc_to_ns(x));
	}
}

UK_TESTCASE(plat_x86_64, ns_to_tsc_is_the_smallest_inverse)
{
	static const uint64_t ns[] = {
		1, 999, MS, UKPLAT_NSEC_PER_SEC, 3600 * UKPLAT_NSEC_PER_SEC,
		86400 * UKPLAT_NSEC_PER_SEC + 7, 1ULL << 50, 1ULL << 57
	};
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(ns); i++) {
		uint64_t t = x86_ns_to_tsc(ns[i]);

		UK_TEST_EXPECT_UNUM_GE(x86_tsc_to_ns(t), ns[i]);
		UK_TEST_EXPECT_UNUM_LT(x86_tsc_to_ns(t - 1), ns[i]);
	}
	UK_TEST_EXPECT_UNUM_EQ(x86_ns_to_tsc(0), 0);
}

UK_TESTCASE(plat_x86_64, rtc_dates_convert_to_epoch_seconds)
{
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(1970, 1, 1, 0, 0, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(1972, 12, 31, 23, 59, 59),
			       94694399);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2000, 2, 29, 23, 59, 59),
			       951868799);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2024, 2, 29, 12, 34, 56),
			       1709210096);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2038, 1, 19, 3, 14, 8),
			       2147483648LL);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2100, 3, 1, 0, 0, 0),
			       4107542400LL);
	/* invalid dates */
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2023, 2, 29, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2100, 2, 29, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(1969, 12, 31, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2024, 13, 1, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2024, 4, 31, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2024, 1, 1, 24, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(x86_rtc_to_epoch(2024, 1, 0, 0, 0, 0), -1);
}

UK_TESTCASE(plat_x86_64, rtc_agrees_with_wall_clock)
{
	uint64_t rtc, wall;

	if (x86_rtc_read(&rtc) < 0) {
		uk_printf("no RTC on this machine\n");
		return;
	}
	wall = ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC;
	/* one second of RTC resolution, one of reading */
	UK_TEST_EXPECT_UNUM_LE(wall, rtc + 2);
	UK_TEST_EXPECT_UNUM_GE(wall + 2, rtc);
}

struct pit_read {
	uint64_t tsc, err;
	uint16_t count;
};

static void pit_read(struct pit_read *r)
{
	uint64_t t0 = rdtsc(), t1;

	r->count = x86_pit_read();
	t1 = rdtsc();
	r->tsc = t0 + (t1 - t0) / 2;
	r->err = (t1 - t0) / 2 + 1;
}

/*
 * One comparison of the TSC (at the frequency in use) with PIT channel 0
 * over PIT_WINDOW_TICKS: true when they agree within the read error plus
 * PIT_TOLERANCE_PPM.
 */
static bool tsc_agrees_with_pit(UK_TEST_CTX_PARAM)
{
	struct pit_read a, b;
	uint64_t pit_ns, tsc_ns, diff, read_err_ns, bound_ppm, ppm;
	uint16_t elapsed;
	__nsec end;

	x86_pit_start();
	pit_read(&a);
	pit_read(&a);
	end = ukplat_monotonic_clock() + PIT_GUARD_NS;
	do {
		pit_read(&b);
		elapsed = (uint16_t)(a.count - b.count);
	} while (elapsed < PIT_WINDOW_TICKS && ukplat_monotonic_clock() < end);
	UK_TEST_EXPECT_UNUM_GE(elapsed, PIT_WINDOW_TICKS);
	if (elapsed < PIT_WINDOW_TICKS)
		return false;
	pit_ns = (uint64_t)elapsed * UKPLAT_NSEC_PER_SEC / PIT_HZ;
	tsc_ns = x86_tsc_to_ns(b.tsc - a.tsc);
	diff = tsc_ns > pit_ns ? tsc_ns - pit_ns : pit_ns - tsc_ns;
	read_err_ns = x86_tsc_to_ns(a.err + b.err) + PIT_TICK_NS;
	ppm = diff * PPM / pit_ns;
	bound_ppm = read_err_ns * PPM / pit_ns + PIT_TOLERANCE_PPM;
	uk_printf("TSC vs PIT over %lu us: %lu ppm apart (read error %lu, bound %lu)\n",
		  (unsigned long)(pit_ns / 1000), (unsigned long)ppm,
		  (unsigned long)(read_err_ns * PPM / pit_ns),
		  (unsigned long)bound_ppm);
	return ppm <= bound_ppm;
}

/*
 * The TSC frequency in use matches PIT channel 0. Under TCG both follow
 * the host's clocks, which a loaded host (itself a VM here) can skew for
 * a moment: a disagreement is measured again, up to PIT_TRIES times. A
 * wrong frequency disagrees every time.
 */
UK_TESTCASE(plat_x86_64, tsc_frequency_matches_pit)
{
	unsigned int i;
	bool ok = false;

	for (i = 0; i < PIT_TRIES && !ok; i++)
		ok = tsc_agrees_with_pit(UK_TEST_CTX);
	UK_TEST_EXPECT(ok);
}

static volatile unsigned int uart_irqs;

static int uart_handler(void *arg)
{
	if (inb(COM1 + UART_IIR) & UART_IIR_NONE)
		return 0;
	/* the console is polled: switch the interrupt off again */
	outb(COM1 + UART_IER, 0);
	uart_irqs++;
	return 1;
}

static bool wait_uart(unsigned int n)
{
	__nsec end = ukplat_monotonic_clock() + WAIT_LIMIT;

	while (uart_irqs < n)
		if (ukplat_monotonic_clock() > end)
			return false;
	return true;
}

UK_TESTCASE(plat_x86_64, ioapic_delivers_a_device_interrupt)
{
	unsigned int gsi = x86_ioapic_isa_gsi(ISA_IRQ_COM1);
	unsigned long flags = ukplat_lcpu_save_irqf();

	uart_irqs = 0;
	UK_TEST_ASSERT(x86_ioapic_gsi_valid(gsi));
	UK_TEST_ASSERT(ukplat_irq_register(gsi, uart_handler, NULL) == 0);
	ukplat_lcpu_enable_irq();
	outb(COM1 + UART_IER, UART_IER_THRI);
	UK_TEST_EXPECT(wait_uart(1));
	UK_TEST_EXPECT_UNUM_EQ(uart_irqs, 1);
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(gsi, uart_handler, NULL);
	ukplat_lcpu_restore_irqf(flags);
}

/* A masked level-triggered input is delivered once unmasked. */
UK_TESTCASE(plat_x86_64, ioapic_mask_holds_a_level_interrupt)
{
	unsigned int gsi = x86_ioapic_isa_gsi(ISA_IRQ_COM1);
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec end;

	uart_irqs = 0;
	UK_TEST_ASSERT(x86_ioapic_set_mode(gsi, true, false) == 0);
	UK_TEST_ASSERT(ukplat_irq_register(gsi, uart_handler, NULL) == 0);
	ukplat_irq_mask(gsi);
	ukplat_lcpu_enable_irq();
	outb(COM1 + UART_IER, UART_IER_THRI);
	end = ukplat_monotonic_clock() + QUIET_TIME;
	while (ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(uart_irqs, 0);
	ukplat_irq_unmask(gsi);
	UK_TEST_EXPECT(wait_uart(1));
	UK_TEST_EXPECT_UNUM_EQ(uart_irqs, 1);
	ukplat_lcpu_disable_irq();
	outb(COM1 + UART_IER, 0);
	ukplat_irq_unregister(gsi, uart_handler, NULL);
	x86_ioapic_set_mode(gsi, false, false);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(x86_ioapic_set_mode(X86_IRQ_GSI_MAX, 0, 0),
			       -EINVAL);
}

#define MSI_ADDR_BASE		0xfee00000ULL
#define APIC_ICR_FIXED_SELF	((1U << 18) | (1U << 14))

static volatile unsigned int msi_irqs;

static int msi_handler(void *arg)
{
	msi_irqs++;
	return 1;
}

UK_TESTCASE(plat_x86_64, msi_lines_carry_their_vector_to_the_boot_cpu)
{
	unsigned long lines[X86_IRQ_MSI_COUNT + 1];
	unsigned int n = 0, i;
	uint64_t addr;
	uint32_t data;
	int rc;

	while (n <= X86_IRQ_MSI_COUNT &&
	       (rc = ukplat_msi_alloc(&lines[n], &addr, &data)) == 0) {
		UK_TEST_EXPECT(lines[n] >= X86_IRQ_MSI_FIRST &&
			       lines[n] < X86_IRQ_LINES);
		UK_TEST_EXPECT_UNUM_EQ(addr, MSI_ADDR_BASE |
				       (uint64_t)x86_lapic_id() << 12);
		UK_TEST_EXPECT_UNUM_EQ(data, X86_LINE_VECTOR_BASE + lines[n]);
		n++;
	}
	UK_TEST_EXPECT_SNUM_EQ(rc, -ENOSPC);
	UK_TEST_EXPECT(n > 0 && n <= X86_IRQ_MSI_COUNT);
	for (i = 0; i < n; i++)
		ukplat_msi_free(lines[i]);
	/* a freed line takes no handler */
	if (n)
		UK_TEST_EXPECT_SNUM_EQ(ukplat_irq_register(lines[0],
							   msi_handler, NULL),
				       -EINVAL);
}

UK_TESTCASE(plat_x86_64, msi_mask_holds_a_message_until_unmask)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned long line;
	uint64_t addr;
	uint32_t data;
	__nsec end;

	UK_TEST_ASSERT(ukplat_msi_alloc(&line, &addr, &data) == 0);
	msi_irqs = 0;
	UK_TEST_ASSERT(ukplat_irq_register(line, msi_handler, NULL) == 0);
	ukplat_lcpu_enable_irq();
	x86_lapic_write(APIC_REG_ICR, APIC_ICR_FIXED_SELF | data);
	end = ukplat_monotonic_clock() + QUIET_TIME;
	while (msi_irqs == 0 && ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(msi_irqs, 1);
	ukplat_irq_mask(line);
	x86_lapic_write(APIC_REG_ICR, APIC_ICR_FIXED_SELF | data);
	end = ukplat_monotonic_clock() + QUIET_TIME;
	while (ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(msi_irqs, 1);
	ukplat_irq_unmask(line);
	end = ukplat_monotonic_clock() + QUIET_TIME;
	while (msi_irqs == 1 && ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(msi_irqs, 2);
	/* delivered once: the pending message is gone */
	ukplat_irq_mask(line);
	ukplat_irq_unmask(line);
	end = ukplat_monotonic_clock() + QUIET_TIME;
	while (ukplat_monotonic_clock() < end)
		;
	UK_TEST_EXPECT_UNUM_EQ(msi_irqs, 2);
	ukplat_lcpu_disable_irq();
	ukplat_irq_unregister(line, msi_handler, NULL);
	ukplat_msi_free(line);
	ukplat_lcpu_restore_irqf(flags);
}
