/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the one-shot timer.
 *
 * Clock source: the time CSR, ticking at the device tree's
 * /cpus/timebase-frequency. Ticks become nanoseconds by a 32-bit
 * multiplier and a shift, applied in two halves so that nothing overflows
 * (struct scale).
 *
 * Timer: the SBI timer (TIME extension, else the legacy call), which
 * raises the supervisor timer interrupt once time >= the programmed value
 * and keeps it pending until the timer is programmed again. The interrupt
 * is taken on line RISCV_IRQ_LINE_TIMER; a timer interrupt before the
 * deadline only re-arms the timer, so handlers never run early. (The Sstc
 * stimecmp CSR is not used: probing it needs the ISA string.)
 *
 * Wall clock: the goldfish RTC of the device tree (nanoseconds since the
 * epoch), read once at boot, plus the monotonic clock. Without an RTC the
 * wall clock starts at the epoch.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/asm/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <kvm/setup.h>
#include <kvm/tscale.h>
#include <kvm/wallclock.h>
#include "riscv64.h"

#define TIMER_OFF		(~0ULL)		/* never fires */
#define TIMEBASE_HZ_MIN		1000ULL
#define TIMEBASE_HZ_MAX		(1ULL << 34)	/* ~17 GHz */
#define FALLBACK_TIMEBASE_HZ	10000000ULL	/* QEMU virt's */
/* clamp for deadlines (~9 years): ns -> ticks never overflows */
#define TIME_DEADLINE_MAX	(1ULL << 58)

/* goldfish RTC: reading TIME_LOW latches TIME_HIGH */
#define GOLDFISH_TIME_LOW	0x00
#define GOLDFISH_TIME_HIGH	0x04

/* x -> floor(x * mult / 2^shift), with mult < 2^32 and shift <= 32. */
static uint64_t timebase_hz;
static struct scale ticks_to_ns;
static __nsec armed;			/* deadline armed; 0 = none */

void kvm_timebase_set(uint64_t hz)
{
	timebase_hz = hz;
}

unsigned long ukplat_time_irq(void)
{
	return RISCV_IRQ_LINE_TIMER;
}

uint64_t ukplat_time_counter(void)
{
	return rdtime();
}

uint64_t ukplat_time_counter_freq(void)
{
	return timebase_hz;
}

__nsec ukplat_monotonic_clock(void)
{
	return scale_apply(&ticks_to_ns, rdtime() - kvm_boot_counter);
}

/* Program the SBI timer for `armed`; interrupts are disabled. */
static void timer_program(void)
{
	uint64_t target = TIMER_OFF;

	/* a deadline already passed fires at once */
	if (armed)
		target = kvm_boot_counter +
			 scale_invert_ceil(&ticks_to_ns, armed);
	kvm_sbi_set_timer(target);
}

void ukplat_time_set_deadline(__nsec deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	armed = UK_MIN(deadline, TIME_DEADLINE_MAX);
	timer_program();
	ukplat_lcpu_restore_irqf(flags);
}

__nsec ukplat_time_get_deadline(void)
{
	return armed;
}

int kvm_timer_irq_due(void)
{
	if (armed && ukplat_monotonic_clock() >= armed) {
		armed = 0;
		timer_program();	/* clears the pending interrupt */
		return 1;
	}
	/* early, or stale after a disarm: program again, which also clears */
	timer_program();
	return 0;
}

void kvm_timer_mask(bool masked)
{
	if (masked)
		csr_clear(sie, RISCV_SIE_STIE);
	else
		csr_set(sie, RISCV_SIE_STIE);
}

static void wall_clock_init(uint64_t rtc_base)
{
	uint64_t lo, hi, ns;

	if (!rtc_base) {
		uk_pr_warn("time: no RTC, the wall clock starts at the epoch\n");
		return;
	}
	lo = mmio_read32(rtc_base + GOLDFISH_TIME_LOW);
	hi = mmio_read32(rtc_base + GOLDFISH_TIME_HIGH);
	ns = (hi << 32) | lo;
	kvm_wall_at_boot = ns - ukplat_monotonic_clock();
}

int kvm_time_init(uint64_t rtc_base)
{
	if (timebase_hz < TIMEBASE_HZ_MIN || timebase_hz > TIMEBASE_HZ_MAX) {
		uk_pr_warn("time: timebase %lu Hz unusable, assuming %llu Hz\n",
			   (unsigned long)timebase_hz, FALLBACK_TIMEBASE_HZ);
		timebase_hz = FALLBACK_TIMEBASE_HZ;
	}
	scale_init(&ticks_to_ns, UKPLAT_NSEC_PER_SEC, timebase_hz);
	kvm_timer_mask(true);
	if (kvm_sbi_set_timer(TIMER_OFF) < 0) {
		uk_pr_crit("time: the SBI offers no timer\n");
		return -ENOTSUP;
	}
	wall_clock_init(rtc_base);
	return 0;
}
