// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the MC146818 CMOS real-time clock at ports 0x70 (index, bit 7
 * the NMI mask) and 0x71 (data).
 *
 * The time registers read the host's current time in UTC, in BCD or
 * binary and in 24- or 12-hour form as status register B asks (default:
 * BCD, 24-hour). Status A reads "no update in progress" with the 32 kHz
 * divider, C reads no interrupt flags, D "valid RAM and time". The other
 * 114 bytes are plain CMOS RAM. Not modelled: writes to the time (they
 * are kept in RAM but the clock keeps reading the host time), the
 * periodic, alarm and update interrupts (IRQ 8 never fires), the century
 * register beyond 0x32.
 */
#include <string.h>
#include <time.h>

#include "pc.h"

#define RTC_SEC		0x00
#define RTC_MIN		0x02
#define RTC_HOUR	0x04
#define RTC_WDAY	0x06
#define RTC_MDAY	0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_REG_C	0x0c
#define RTC_REG_D	0x0d
#define RTC_CENTURY	0x32

#define RTC_B_24H	0x02
#define RTC_B_BINARY	0x04

void xvm_rtc_init(struct xvm_rtc *r)
{
	memset(r, 0, sizeof(*r));
	r->ram[RTC_REG_A] = 0x26;	/* 32.768 kHz, 1024 Hz rate */
	r->ram[RTC_REG_B] = RTC_B_24H;
	r->ram[RTC_REG_D] = 0x80;	/* valid RAM and time */
}

static uint8_t enc(const struct xvm_rtc *r, unsigned int v)
{
	if (r->ram[RTC_REG_B] & RTC_B_BINARY)
		return v;
	return ((v / 10) << 4) | (v % 10);
}

static uint8_t time_reg(const struct xvm_rtc *r, unsigned int idx,
			int64_t now_sec)
{
	time_t t = now_sec;
	struct tm tm;
	unsigned int h;
	uint8_t pm = 0;

	gmtime_r(&t, &tm);
	switch (idx) {
	case RTC_SEC:
		return enc(r, tm.tm_sec);
	case RTC_MIN:
		return enc(r, tm.tm_min);
	case RTC_HOUR:
		h = tm.tm_hour;
		if (!(r->ram[RTC_REG_B] & RTC_B_24H)) {
			pm = h >= 12 ? 0x80 : 0;
			h = h % 12 ? h % 12 : 12;
		}
		return enc(r, h) | pm;
	case RTC_WDAY:
		return enc(r, tm.tm_wday + 1);
	case RTC_MDAY:
		return enc(r, tm.tm_mday);
	case RTC_MONTH:
		return enc(r, tm.tm_mon + 1);
	case RTC_YEAR:
		return enc(r, tm.tm_year % 100);
	default:	/* RTC_CENTURY */
		return enc(r, (tm.tm_year + 1900) / 100);
	}
}

uint8_t xvm_rtc_read(struct xvm_rtc *r, uint16_t port, int64_t now_sec)
{
	unsigned int idx = r->index & 0x7f;

	if (port == 0x70)
		return 0xff;	/* the index register is write-only */
	switch (idx) {
	case RTC_SEC: case RTC_MIN: case RTC_HOUR: case RTC_WDAY:
	case RTC_MDAY: case RTC_MONTH: case RTC_YEAR: case RTC_CENTURY:
		return time_reg(r, idx, now_sec);
	case RTC_REG_A:
		return r->ram[RTC_REG_A] & 0x7f;	/* UIP clear */
	case RTC_REG_C:
		return 0;	/* no interrupt flags; reading clears them */
	case RTC_REG_D:
		return 0x80;
	default:
		return r->ram[idx];
	}
}

void xvm_rtc_write(struct xvm_rtc *r, uint16_t port, uint8_t val)
{
	unsigned int idx;

	if (port == 0x70) {
		r->index = val;
		return;
	}
	idx = r->index & 0x7f;
	switch (idx) {
	case RTC_REG_A:
		r->ram[idx] = val & 0x7f;
		break;
	case RTC_REG_C:
	case RTC_REG_D:
		break;		/* read-only */
	default:
		r->ram[idx] = val;
		break;
	}
}
