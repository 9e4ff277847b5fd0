/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMOS real-time clock (MC146818), read once at boot for the wall clock.
 * The RTC keeps UTC under QEMU (-rtc base=utc, the default). Registers are
 * BCD or binary and the hour 12- or 24-hour, as register B says; a read
 * waits for "update in progress" to clear and is repeated until two reads
 * agree. A machine without an RTC (microvm without rtc=on) reads 0xff from
 * every register, which fails validation.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/asm/cpu.h>
#include <uk/plat/time.h>
#include "x86_64.h"

#define CMOS_INDEX		0x70
#define CMOS_DATA		0x71

#define RTC_SECONDS		0x00
#define RTC_MINUTES		0x02
#define RTC_HOURS		0x04
#define RTC_MDAY		0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_CENTURY		0x32	/* QEMU, and the ACPI FADT default */
#define RTC_A_UIP		0x80	/* update in progress */
#define RTC_B_24H		0x02
#define RTC_B_BINARY		0x04
#define RTC_HOUR_PM		0x80	/* 12-hour mode */
#define RTC_ABSENT		0xff	/* what a missing device reads as */

#define RTC_UIP_TIMEOUT_NS	(10 * UKPLAT_NSEC_PER_MSEC) /* update: ~2 ms */
#define RTC_READ_TRIES		5
#define RTC_EPOCH_YEAR		1970
#define RTC_YEAR_MAX		9999
#define RTC_DEFAULT_CENTURY	20	/* when register 0x32 is unusable */

enum { F_SEC, F_MIN, F_HOUR, F_MDAY, F_MON, F_YEAR, F_CENTURY, F_COUNT };

static const uint8_t field_reg[F_COUNT] = {
	RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_MDAY, RTC_MONTH, RTC_YEAR,
	RTC_CENTURY
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static int rtc_snapshot(uint8_t v[F_COUNT])
{
	__nsec limit = ukplat_monotonic_clock() + RTC_UIP_TIMEOUT_NS;
	int i;

	while (cmos_read(RTC_REG_A) & RTC_A_UIP)
		if (ukplat_monotonic_clock() > limit)
			return -ETIMEDOUT;
	for (i = 0; i < F_COUNT; i++)
		v[i] = cmos_read(field_reg[i]);
	return 0;
}

/* Decode one register; sets *@bad on a digit above 9. */
static unsigned int decode(uint8_t v, bool binary, bool *bad)
{
	if (binary)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		*bad = true;
	return (v >> 4) * 10 + (v & 0x0f);
}

static bool is_leap(unsigned int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int days_in_month(unsigned int mon, unsigned int year)
{
	static const uint8_t days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return days[mon - 1] + (mon == 2 && is_leap(year));
}

int64_t x86_rtc_to_epoch(unsigned int year, unsigned int mon,
			 unsigned int mday, unsigned int hour,
			 unsigned int min, unsigned int sec)
{
	int64_t days = 0;
	unsigned int y, m;

	if (year < RTC_EPOCH_YEAR || year > RTC_YEAR_MAX ||
	    mon < 1 || mon > 12 || mday < 1 ||
	    mday > days_in_month(mon, year) ||
	    hour > 23 || min > 59 || sec > 59)
		return -1;
	for (y = RTC_EPOCH_YEAR; y < year; y++)
		days += is_leap(y) ? 366 : 365;
	for (m = 1; m < mon; m++)
		days += days_in_month(m, year);
	days += mday - 1;
	return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

static int64_t rtc_decode(const uint8_t v[F_COUNT], uint8_t reg_b)
{
	bool binary = reg_b & RTC_B_BINARY, bad = false;
	unsigned int f[F_COUNT];
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (i != F_HOUR && i != F_CENTURY)
			f[i] = decode(v[i], binary, &bad);
	f[F_HOUR] = decode(v[F_HOUR] & ~RTC_HOUR_PM, binary, &bad);
	if (bad)
		return -1;
	if (!(reg_b & RTC_B_24H)) {
		/* 12 AM is midnight, 12 PM is noon */
		if (f[F_HOUR] < 1 || f[F_HOUR] > 12)
			return -1;
		f[F_HOUR] = f[F_HOUR] % 12 +
			    ((v[F_HOUR] & RTC_HOUR_PM) ? 12 : 0);
	}
	f[F_CENTURY] = decode(v[F_CENTURY], binary, &bad);
	if (bad || f[F_CENTURY] < RTC_EPOCH_YEAR / 100 || f[F_CENTURY] > 99)
		f[F_CENTURY] = RTC_DEFAULT_CENTURY;
	return x86_rtc_to_epoch(f[F_CENTURY] * 100 + f[F_YEAR], f[F_MON],
				f[F_MDAY], f[F_HOUR], f[F_MIN], f[F_SEC]);
}

int x86_rtc_read(uint64_t *secs)
{
	uint8_t a[F_COUNT], b[F_COUNT];
	int64_t t;
	int i, j;

	/* no device answers: every register reads as 0xff */
	if (cmos_read(RTC_REG_A) == RTC_ABSENT &&
	    cmos_read(RTC_REG_B) == RTC_ABSENT)
		return -ENODEV;
	for (i = 0; i < RTC_READ_TRIES; i++) {
		if (rtc_snapshot(a) < 0 || rtc_snapshot(b) < 0)
			return -ENODEV;
		for (j = 0; j < F_COUNT && a[j] == b[j]; j++)
			;
		if (j < F_COUNT)
			continue;	/* it ticked between the reads */
		t = rtc_decode(a, cmos_read(RTC_REG_B));
		if (t < 0)
			return -ENODEV;
		*secs = t;
		return 0;
	}
	return -ENODEV;
}
