// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the i8254 programmable interval timer (ports 0x40-0x43) and
 * port 0x61 (channel 2 gate, speaker data, OUT2 and the refresh toggle).
 *
 * Counters are computed from CLOCK_MONOTONIC at 1.193182 MHz, so what the
 * guest reads follows real time (as the guest sees TSC, calibration
 * against channel 2 works). Modes 0-5 count; the OUT pin is derived as on
 * the real part (close enough for Linux: mode 0 and 2/3 are what it
 * uses). Channel 0's OUT rising edges are IRQ 0: pc.c's timer thread asks
 * xvm_pit_expire() when they are due. Not modelled: BCD counting (the
 * BCD bit is stored only), the gate of channels 0 and 1 (always high),
 * mode 1/5 retriggering except through channel 2's gate.
 */
#include <string.h>

#include "pc.h"

#define NS 1000000000ULL

static uint64_t ticks_since(const struct xvm_pit_channel *c, uint64_t now)
{
	uint64_t d = now > c->load_ns ? now - c->load_ns : 0;

	return (unsigned __int128)d * XVM_PIT_HZ / NS;
}

static uint64_t ns_of_ticks(uint64_t t)
{
	return (unsigned __int128)t * NS / XVM_PIT_HZ;
}

static uint16_t get_count(const struct xvm_pit_channel *c, uint64_t now)
{
	uint64_t d = ticks_since(c, now);

	switch (c->mode) {
	case 0: case 1: case 4: case 5:
		return (c->count - d) & 0xffff;
	case 3:
		return c->count - ((2 * d) % c->count);
	default:
		return c->count - (d % c->count);
	}
}

static int get_out(const struct xvm_pit_channel *c, uint64_t now)
{
	uint64_t d = ticks_since(c, now);

	switch (c->mode) {
	case 0:
		return d >= c->count;
	case 1:
		return d < c->count;
	case 2:
		return (d % c->count) != c->count - 1 || c->count == 1;
	case 3:
		return (d % c->count) < ((c->count + 1) >> 1);
	default:	/* 4, 5: a one-tick low pulse at terminal count */
		return d != c->count;
	}
}

void xvm_pit_init(struct xvm_pit *t, uint64_t now)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < 3; i++) {
		t->ch[i].count = 0x10000;
		t->ch[i].mode = 3;
		t->ch[i].rw_mode = 3;
		t->ch[i].gate = i != 2;
		t->ch[i].load_ns = now;
	}
}

/* Channel 0's next IRQ edge after a (re)load at @now. */
static void arm_irq(struct xvm_pit *t, uint64_t now)
{
	struct xvm_pit_channel *c = &t->ch[0];

	switch (c->mode) {
	case 0: case 2: case 3: case 4:
		t->irq_ns = now + ns_of_ticks(c->count);
		break;
	default:
		t->irq_ns = 0;
		break;
	}
}

/**
 * xvm_pit_expire() - the IRQ 0 edges due by @now.
 * @t: the PIT.
 * @now: CLOCK_MONOTONIC ns.
 *
 * Return: 1 if an edge is due (several missed periods count once: ticks
 * are lost, not queued, as with a real PIC that cannot latch two edges);
 * 0 otherwise. Periodic modes re-arm, the one-shot modes disarm.
 */
unsigned int xvm_pit_expire(struct xvm_pit *t, uint64_t now)
{
	struct xvm_pit_channel *c = &t->ch[0];
	uint64_t period;

	if (!t->irq_ns || now < t->irq_ns)
		return 0;
	if (c->mode == 2 || c->mode == 3) {
		period = ns_of_ticks(c->count);
		if (period < 10000)
			period = 10000;	/* at most 100 kHz */
		t->irq_ns += period;
		if (t->irq_ns <= now)
			t->irq_ns = now + period;
	} else {
		t->irq_ns = 0;
	}
	return 1;
}

static void load_count(struct xvm_pit *t, int n, uint32_t val, uint64_t now)
{
	struct xvm_pit_channel *c = &t->ch[n];

	if (val == 0)
		val = 0x10000;
	c->count = val;
	c->load_ns = now;
	if (n == 0)
		arm_irq(t, now);
}

static void latch_count(struct xvm_pit_channel *c, uint64_t now)
{
	if (!c->count_latched) {
		c->latched = get_count(c, now);
		c->count_latched = true;
		c->latch_state = c->rw_mode;
		if (c->rw_mode == 3)
			c->latch_state = 4;	/* LSB, then MSB */
	}
}

uint8_t xvm_pit_read(struct xvm_pit *t, uint16_t port, uint64_t now)
{
	struct xvm_pit_channel *c;
	uint16_t count;
	uint8_t v;

	if (port == 0x61) {
		/* bit 4: refresh request, toggling every 15 us */
		v = t->port61 & 0x03;
		v |= ((now / 15000) & 1) << 4;
		if (get_out(&t->ch[2], now) && t->ch[2].gate)
			v |= 0x20;
		return v;
	}
	if (port == 0x43)
		return 0xff;	/* write-only */
	c = &t->ch[port & 3];
	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->count_latched) {
		switch (c->latch_state) {
		case 4:
			c->latch_state = 2;
			return c->latched & 0xff;
		case 2:
			c->count_latched = false;
			return c->latched >> 8;
		default:
			c->count_latched = false;
			return c->latched & 0xff;
		}
	}
	count = get_count(c, now);
	switch (c->rw_mode) {
	case 1:
		return count & 0xff;
	case 2:
		return count >> 8;
	default:
		v = c->read_state ? count >> 8 : count & 0xff;
		c->read_state ^= 1;
		return v;
	}
}

static void control(struct xvm_pit *t, uint8_t val, uint64_t now)
{
	int n = val >> 6, i;
	struct xvm_pit_channel *c;

	if (n == 3) {			/* read-back */
		for (i = 0; i < 3; i++) {
			c = &t->ch[i];
			if (!(val & (2 << i)))
				continue;
			if (!(val & 0x20))
				latch_count(c, now);
			if (!(val & 0x10) && !c->status_latched) {
				c->status = (get_out(c, now) << 7) |
					    (c->rw_mode << 4) |
					    (c->mode << 1) | c->bcd;
				c->status_latched = true;
			}
		}
		return;
	}
	c = &t->ch[n];
	if (!(val & 0x30)) {		/* counter latch */
		latch_count(c, now);
		return;
	}
	c->rw_mode = (val >> 4) & 3;
	c->mode = (val >> 1) & 7;
	if (c->mode > 5)
		c->mode -= 4;		/* 6, 7 are 2, 3 */
	c->bcd = val & 1;
	c->read_state = 0;
	c->write_state = 0;
	c->count_latched = false;
	/* A control word stops the counter until a count is written. */
	if (n == 0)
		t->irq_ns = 0;
}

void xvm_pit_write(struct xvm_pit *t, uint16_t port, uint8_t val,
		   uint64_t now)
{
	struct xvm_pit_channel *c;
	bool gate;

	if (port == 0x61) {
		gate = val & 1;
		c = &t->ch[2];
		/* A rising gate restarts modes 1, 2, 3 and 5. */
		if (gate && !c->gate && c->mode != 0 && c->mode != 4)
			c->load_ns = now;
		c->gate = gate;
		t->port61 = val & 0x0f;
		return;
	}
	if (port == 0x43) {
		control(t, val, now);
		return;
	}
	c = &t->ch[port & 3];
	switch (c->rw_mode) {
	case 1:
		load_count(t, port & 3, val, now);
		break;
	case 2:
		load_count(t, port & 3, (uint32_t)val << 8, now);
		break;
	default:
		if (!c->write_state) {
			c->write_latch = val;
			c->write_state = 1;
		} else {
			load_count(t, port & 3,
				   c->write_latch | (uint32_t)val << 8, now);
			c->write_state = 0;
		}
		break;
	}
}
