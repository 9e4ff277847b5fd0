/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the one-shot timer.
 *
 * Clock source: the TSC. Its frequency comes from the hypervisor's timing
 * leaf (CPUID 0x40000010), else KVM's pvclock multiplier, else CPUID
 * 0x15/0x16, else a short calibration against PIT channel 0
 * (CALIB_WINDOW_US; its error bound is logged).
 * TSC ticks become nanoseconds by a 32-bit multiplier and a shift, applied
 * in two halves so that nothing overflows and no 128-bit arithmetic is
 * needed (struct scale).
 *
 * Timer: the local APIC timer, in TSC-deadline mode when CPUID.1:ECX[24]
 * offers it, else in one-shot mode counting at the APIC timer frequency
 * (hypervisor leaf, CPUID 0x15 crystal, or calibrated against the TSC). A
 * timer interrupt before the deadline (one-shot counts are clamped to 32
 * bits, and the APIC frequency is estimated) only re-arms the timer, so
 * handlers never run before the deadline.
 *
 * Wall clock: the CMOS RTC, read once at boot (rtc.c), plus the monotonic
 * clock. Without an RTC the wall clock starts at the epoch.
 *
 * x86_time_init() runs from setup.c before ukplat_entry(), so every init
 * function can use the clocks.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/asm/cpu.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <kvm/setup.h>
#include <kvm/tscale.h>
#include <kvm/wallclock.h>
#include "x86_64.h"

#define CPUID1_ECX_TSC_DEADLINE	(1U << 24)
#define CPUID1_ECX_HYPERVISOR	(1U << 31)
#define CPUID_HV_BASE		0x40000000
#define CPUID_HV_TIMING		0x40000010	/* EAX TSC kHz, EBX APIC kHz */
#define CPUID_TSC_CRYSTAL	0x15
#define CPUID_CPU_FREQ		0x16
#define MSR_TSC_DEADLINE	0x6e0
#define CPUID_KVM_FEATURES	0x40000001
#define KVM_SIG_EBX		0x4b4d564b	/* "KVMKVMKVM\0\0\0" */
#define KVM_SIG_ECX		0x564b4d56
#define KVM_SIG_EDX		0x0000004d
#define KVM_FEATURE_CLOCKSOURCE2 (1U << 3)
#define MSR_KVM_SYSTEM_TIME_NEW	0x4b564d01
#define KVMCLOCK_ENABLE		1
#define KVMCLOCK_READ_TRIES	100

/* PIT channel 0, mode 2 (rate generator), binary, reload 65536. */
#define PIT_CH0			0x40
#define PIT_CMD			0x43
#define PIT_CMD_CH0_MODE2	0x34	/* channel 0, lo/hi byte, mode 2 */
#define PIT_CMD_LATCH_CH0	0x00

/* Calibration window against the PIT, and the give-up bound without PIT. */
#define CALIB_WINDOW_US		2500	/* one window, or two that agree */
#define CALIB_PIT_TICKS		((uint64_t)PIT_HZ * CALIB_WINDOW_US / 1000000)
#define CALIB_TSC_GUARD		(1ULL << 30)	/* >= 0.1 s below 10 GHz */
#define CALIB_TRIES		12	/* at most 30 ms, on a very loaded host */
#define CALIB_GOOD_PPM		1000	/* no retry below this error bound */
#define CALIB_END_READS		4	/* reads at each end of a window */
#define APIC_CALIB_WINDOW_US	1000
#define FALLBACK_TSC_HZ		1000000000ULL	/* no way to measure it */
#define PPM			1000000ULL

/*
 * Accepted TSC frequencies, and the clamp for deadlines (~9 years after
 * boot): within both, ns -> TSC conversions never overflow.
 */
#define TSC_HZ_MIN		1000000ULL
#define TSC_HZ_MAX		(1ULL << 34)	/* ~17 GHz */
#define TIME_DEADLINE_MAX	(1ULL << 58)
#define APIC_COUNT_MAX		0xffffffffULL

/* x -> floor(x * mult / 2^shift), with mult < 2^32 and shift <= 32. */
static uint64_t tsc_hz;
static uint64_t tsc_boot;
static struct scale tsc_to_ns;
static struct scale tsc_to_apic;	/* one-shot mode only */
static uint64_t apic_hz;
static bool tsc_deadline;

static __nsec armed;			/* deadline armed; 0 = none */
static bool timer_masked = true;

uint64_t x86_tsc_to_ns(uint64_t ticks)
{
	return scale_apply(&tsc_to_ns, ticks);
}

uint64_t x86_ns_to_tsc(uint64_t ns)
{
	if (!tsc_to_ns.mult)
		return 0;
	return scale_invert_ceil(&tsc_to_ns, UK_MIN(ns, TIME_DEADLINE_MAX));
}

unsigned long ukplat_time_irq(void)
{
	return X86_IRQ_LINE_TIMER;
}

uint64_t ukplat_time_counter(void)
{
	return rdtsc();
}

uint64_t ukplat_time_counter_freq(void)
{
	return tsc_hz;
}

__nsec ukplat_monotonic_clock(void)
{
	return scale_apply(&tsc_to_ns, rdtsc() - tsc_boot);
}

void x86_pit_start(void)
{
	outb(PIT_CMD, PIT_CMD_CH0_MODE2);
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);
}

uint16_t x86_pit_read(void)
{
	uint8_t lo, hi;

	outb(PIT_CMD, PIT_CMD_LATCH_CH0);
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return (uint16_t)(lo | (hi << 8));
}

struct pit_sample {
	uint64_t tsc;		/* middle of the read */
	uint64_t err;		/* half the read's duration, in TSC ticks */
	uint16_t count;
};

static void pit_sample(struct pit_sample *s)
{
	uint64_t t0 = rdtsc(), t1;

	s->count = x86_pit_read();
	t1 = rdtsc();
	s->tsc = t0 + (t1 - t0) / 2;
	s->err = (t1 - t0) / 2 + 1;
}

/*
 * The tightest bracket of a few reads: a read that waited for the VMM
 * widens only its own bracket, and one wide bracket used to fail a whole
 * window (under TCG a port read takes QEMU's lock).
 */
static void pit_sample_best(struct pit_sample *s)
{
	struct pit_sample t;
	int i;

	pit_sample(s);
	for (i = 1; i < CALIB_END_READS; i++) {
		pit_sample(&t);
		if (t.err < s->err)
			*s = t;
	}
}

/*
 * TSC ticks during CALIB_PIT_TICKS ticks of the PIT (which counts down).
 * Each end is bracketed by TSC reads; the error bound in ppm adds both
 * brackets and one PIT tick of quantization. *@stalled: some step
 * between two reads took more than a quarter of the window, so the
 * count may have wrapped unseen (see pit_calibrate_best()).
 */
static int pit_calibrate(uint64_t *hz, uint64_t *err_ppm, bool *stalled)
{
	struct pit_sample a, b;
	uint64_t dt, prev, gap = 0;
	uint16_t elapsed;

	uint16_t last = 0;

	x86_pit_start();
	/* once untimed: the first pass is slow under TCG (translation) */
	pit_sample(&a);
	pit_sample_best(&a);
	prev = a.tsc;
	do {
		pit_sample(&b);
		elapsed = (uint16_t)(a.count - b.count);
		if (b.tsc - a.tsc > CALIB_TSC_GUARD)
			return -ENODEV;
		/*
		 * The 16-bit count wraps every 55 ms: a longer stall between
		 * two samples (the VMM descheduled) shows as a count that went
		 * backwards, or not at all (see pit_calibrate_best()).
		 */
		if (elapsed < last)
			return -EAGAIN;
		last = elapsed;
		gap = UK_MAX(gap, b.tsc - prev);
		prev = b.tsc;
	} while (elapsed < CALIB_PIT_TICKS);
	pit_sample_best(&b);
	gap = UK_MAX(gap, b.tsc - prev);
	elapsed = (uint16_t)(a.count - b.count);
	if (elapsed < last)
		return -EAGAIN;
	dt = b.tsc - a.tsc;
	*hz = dt * PIT_HZ / elapsed;
	*err_ppm = (a.err + b.err) * PPM / dt + PPM / elapsed + 1;
	*stalled = gap > dt / 4;
	if (*hz < TSC_HZ_MIN || *hz > TSC_HZ_MAX)
		return -EAGAIN;
	return 0;
}

/* Whether two windows' results agree within their error bounds. */
static bool calib_agree(uint64_t h1, uint64_t e1, uint64_t h2, uint64_t e2)
{
	uint64_t diff = h1 > h2 ? h1 - h2 : h2 - h1;

	return diff / (h1 / PPM + 1) <= e1 + e2 + 1;
}

/*
 * The VMM may be descheduled during a sample, and under TCG a port read
 * may wait for QEMU's main thread: the error bound then grows (on a loaded
 * 2-core host, 1 window in 5 was off by tens of percent, and so was the
 * best of 3). A stall of more than one PIT period (55 ms) between two
 * samples in the middle of a window is worse: the count may have wrapped
 * to a value that still looks plausible, with a small error bound (seen
 * under a load average of 27: a 2e10 Hz "TSC"). So a window counts only
 * when a second one agrees with it within both error bounds; of an
 * agreeing pair the more precise is kept. A window without any step
 * longer than a quarter of it cannot hide a wrap (that takes a step of
 * 55 ms, nearly all of the window) and counts alone. Without any agreeing pair in
 * CALIB_TRIES windows, the most precise window is used, with a warning.
 */
static int pit_calibrate_best(uint64_t *hz, uint64_t *err_ppm)
{
	uint64_t h, e, prev_h = 0, prev_e = 0, best_h = 0, best_e = ~0ULL;
	bool stalled = true;
	int i, rc;

	for (i = 0; i < CALIB_TRIES; i++) {
		rc = pit_calibrate(&h, &e, &stalled);
		if (rc == -ENODEV)
			break;	/* no PIT: retrying will not help */
		if (rc < 0 || e > CALIB_GOOD_PPM) {
			if (rc == 0 && e < best_e) {
				best_h = h;
				best_e = e;
			}
			continue;
		}
		if (!stalled) {
			*hz = h;
			*err_ppm = e;
			return 0;
		}
		if (prev_h && calib_agree(h, e, prev_h, prev_e)) {
			*hz = e < prev_e ? h : prev_h;
			*err_ppm = e < prev_e ? e : prev_e;
			return 0;
		}
		prev_h = h;
		prev_e = e;
		if (e < best_e) {
			best_h = h;
			best_e = e;
		}
	}
	if (!best_h)
		return -ENODEV;
	uk_pr_warn("TSC calibration: no two PIT windows agreed in %d tries (best +-%lu ppm)\n",
		   i, (unsigned long)best_e);
	*hz = best_h;
	*err_ppm = best_e;
	return 0;
}

static uint32_t max_leaf(uint32_t base)
{
	uint32_t a, b, c, d;

	cpuid(base, 0, &a, &b, &c, &d);
	return a;
}

/*
 * KVM's paravirtual clock page (pvclock ABI): the host publishes the
 * TSC -> ns multiplier, from which the TSC frequency follows exactly.
 */
struct pvclock_time_info {
	uint32_t version;	/* odd while the host updates the page */
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __packed;

static uint64_t kvmclock_tsc_hz(void)
{
	static struct pvclock_time_info pvti __aligned(64);
	volatile struct pvclock_time_info *p = &pvti;
	uint32_t a, b, c, d, version, mul;
	int8_t shift;
	uint64_t hz;
	int tries = KVMCLOCK_READ_TRIES;

	cpuid(CPUID_HV_BASE, 0, &a, &b, &c, &d);
	if (a < CPUID_KVM_FEATURES || b != KVM_SIG_EBX || c != KVM_SIG_ECX ||
	    d != KVM_SIG_EDX)
		return 0;
	cpuid(CPUID_KVM_FEATURES, 0, &a, &b, &c, &d);
	if (!(a & KVM_FEATURE_CLOCKSOURCE2))
		return 0;
	/* the image is identity-mapped: the address is physical */
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&pvti | KVMCLOCK_ENABLE);
	do {
		version = p->version;
		mul = p->tsc_to_system_mul;
		shift = p->tsc_shift;
	} while ((version & 1 || version != p->version) && --tries);
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);	/* stop the host's updates */
	if (!tries || !version || !mul)
		return 0;
	/* ns = ((tsc << shift) * mul) >> 32, so hz = 2^32 * 10^9 / mul */
	hz = div_shl(UKPLAT_NSEC_PER_SEC, 32, mul);
	return shift < 0 ? hz << -shift : hz >> shift;
}

/* TSC and APIC timer frequency from CPUID; 0 where it is not given. */
static const char *cpuid_freqs(uint64_t *tsc, uint64_t *apic)
{
	uint32_t a, b, c, d;

	*tsc = *apic = 0;
	cpuid(1, 0, &a, &b, &c, &d);
	if ((c & CPUID1_ECX_HYPERVISOR) &&
	    max_leaf(CPUID_HV_BASE) >= CPUID_HV_TIMING) {
		cpuid(CPUID_HV_TIMING, 0, &a, &b, &c, &d);
		if (a) {
			*tsc = (uint64_t)a * 1000;
			*apic = (uint64_t)b * 1000;
			return "hypervisor CPUID leaf";
		}
	}
	*tsc = kvmclock_tsc_hz();
	if (*tsc)
		return "kvmclock";
	if (max_leaf(0) < CPUID_TSC_CRYSTAL)
		return NULL;
	cpuid(CPUID_TSC_CRYSTAL, 0, &a, &b, &c, &d);
	if (!a || !b)
		return NULL;
	if (c) {
		*tsc = (uint64_t)c * b / a;
		*apic = c;
		return "CPUID 0x15";
	}
	if (max_leaf(0) < CPUID_CPU_FREQ)
		return NULL;
	/* crystal not enumerated: the TSC runs at the base frequency */
	cpuid(CPUID_CPU_FREQ, 0, &a, &b, &c, &d);
	if (!a)
		return NULL;
	*tsc = (uint64_t)a * 1000000;
	return "CPUID 0x16";
}

/* APIC timer count read at the middle of two TSC reads. */
static uint32_t apic_sample(uint64_t *tsc)
{
	uint64_t t0 = rdtsc(), t1;
	uint32_t c = x86_lapic_read(APIC_REG_TIMER_CUR);

	t1 = rdtsc();
	*tsc = t0 + (t1 - t0) / 2;
	return c;
}

/* APIC timer ticks per second, measured against the TSC. */
static int apic_calibrate(uint64_t *hz)
{
	uint64_t window = tsc_hz / (PPM / APIC_CALIB_WINDOW_US);
	uint64_t t0, t1;
	uint32_t c0, c1;
	struct scale r;

	x86_lapic_write(APIC_REG_TIMER_INIT, (uint32_t)APIC_COUNT_MAX);
	apic_sample(&t0);	/* warm-up, see pit_calibrate() */
	c0 = apic_sample(&t0);
	while (rdtsc() - t0 < window)
		;
	c1 = apic_sample(&t1);
	x86_lapic_write(APIC_REG_TIMER_INIT, 0);
	if (c1 >= c0 || !c1 || t1 <= t0)
		return -EIO;
	/* (c0 - c1) / (t1 - t0) < 2^32: the APIC counts below 2^32 x TSC */
	scale_init(&r, c0 - c1, t1 - t0);
	*hz = scale_apply(&r, tsc_hz);
	return *hz ? 0 : -EIO;
}

static uint32_t lvt_timer_value(void)
{
	return (X86_LINE_VECTOR_BASE + X86_IRQ_LINE_TIMER) |
	       (tsc_deadline ? APIC_LVT_TIMER_TSCDL : APIC_LVT_TIMER_ONESHOT) |
	       (timer_masked ? APIC_LVT_MASKED : 0);
}

/* Program the hardware for `armed`; interrupts are disabled. */
static void timer_program(void)
{
	uint64_t target, now, count;

	if (!armed) {
		if (tsc_deadline)
			wrmsr(MSR_TSC_DEADLINE, 0);
		else
			x86_lapic_write(APIC_REG_TIMER_INIT, 0);
		return;
	}
	target = tsc_boot + x86_ns_to_tsc(armed);
	if (tsc_deadline) {
		/* a deadline already passed fires at once */
		wrmsr(MSR_TSC_DEADLINE, target);
		return;
	}
	now = rdtsc();
	count = target > now ? scale_apply(&tsc_to_apic, target - now) : 0;
	x86_lapic_write(APIC_REG_TIMER_INIT,
			(uint32_t)UK_MIN(count + 1, APIC_COUNT_MAX));
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

int x86_timer_irq_due(void)
{
	if (!armed)
		return 0;	/* disarmed after it fired: stale */
	if (ukplat_monotonic_clock() < armed) {
		timer_program();
		return 0;
	}
	armed = 0;
	return 1;
}

void x86_timer_mask(bool masked)
{
	timer_masked = masked;
	x86_lapic_write(APIC_REG_LVT_TIMER, lvt_timer_value());
	/* an expiry while masked was lost: programming again recovers it */
	if (!masked && armed)
		timer_program();
}

static int clock_init(void)
{
	uint64_t err_ppm = 0;
	const char *src;
	int rc;

	src = cpuid_freqs(&tsc_hz, &apic_hz);
	if (!tsc_hz) {
		rc = pit_calibrate_best(&tsc_hz, &err_ppm);
		if (rc == 0) {
			src = "PIT calibration";
		} else {
			tsc_hz = FALLBACK_TSC_HZ;
			err_ppm = 0;
			src = "a guess: no PIT, no CPUID leaf";
			uk_pr_warn("TSC frequency unknown: clocks are off\n");
		}
	}
	if (tsc_hz < TSC_HZ_MIN || tsc_hz > TSC_HZ_MAX) {
		uk_pr_crit("implausible TSC frequency %lu Hz\n",
			   (unsigned long)tsc_hz);
		return -EINVAL;
	}
	tsc_boot = kvm_boot_counter ? kvm_boot_counter : rdtsc();
	scale_init(&tsc_to_ns, UKPLAT_NSEC_PER_SEC, tsc_hz);
	if (err_ppm)
		uk_pr_debug("TSC %lu kHz (%s, +/- %lu ppm)\n",
			   (unsigned long)(tsc_hz / 1000), src,
			   (unsigned long)err_ppm);
	else
		uk_pr_debug("TSC %lu kHz (%s)\n",
			   (unsigned long)(tsc_hz / 1000), src);
	return 0;
}

static int timer_init(void)
{
	uint32_t a, b, c, d;
	int rc;

	cpuid(1, 0, &a, &b, &c, &d);
	tsc_deadline = !!(c & CPUID1_ECX_TSC_DEADLINE);
	x86_lapic_write(APIC_REG_TIMER_DIV, APIC_TIMER_DIV_1);
	if (!tsc_deadline) {
		x86_lapic_write(APIC_REG_LVT_TIMER, lvt_timer_value());
		if (!apic_hz) {
			rc = apic_calibrate(&apic_hz);
			if (rc < 0) {
				uk_pr_crit("APIC timer does not count\n");
				return rc;
			}
		}
		if (apic_hz / tsc_hz >= (1ULL << 32)) {
			uk_pr_crit("implausible APIC timer frequency\n");
			return -EINVAL;
		}
		scale_init(&tsc_to_apic, apic_hz, tsc_hz);
	}
	x86_lapic_write(APIC_REG_LVT_TIMER, lvt_timer_value());
	/* the LVT mode switch must land before any TSC-deadline write */
	__asm__ __volatile__("mfence" : : : "memory");
	if (tsc_deadline)
		uk_pr_debug("timer: %s, TSC-deadline mode\n",
			    x86_lapic_mode());
	else
		uk_pr_debug("timer: %s, one-shot mode at %lu kHz\n",
			    x86_lapic_mode(), (unsigned long)(apic_hz / 1000));
	return 0;
}

static void wall_clock_init(void)
{
	uint64_t secs;

	if (x86_rtc_read(&secs) < 0) {
		uk_pr_warn("no RTC: the wall clock starts at the epoch\n");
		return;
	}
	/* the RTC was somewhere in [secs, secs + 1): take the middle */
	kvm_wall_at_boot = secs * UKPLAT_NSEC_PER_SEC +
		       UKPLAT_NSEC_PER_SEC / 2 - ukplat_monotonic_clock();
}

int x86_time_init(void)
{
	int rc;

	rc = clock_init();
	if (rc < 0)
		return rc;
	rc = timer_init();
	if (rc < 0)
		return rc;
	wall_clock_init();
	return 0;
}
