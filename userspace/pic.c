// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the i8259A pair of a PC (master at 0x20, slave at 0xa0 on the
 * master's IRQ 2). ICW1-ICW4, OCW1-OCW3 (IMR, the EOI forms, rotation,
 * IRR/ISR reads, poll), special mask, auto-EOI and the ELCR level mode
 * (ports 0x4d0/0x4d1 in pc.c). Not modelled: buffered mode, 8080 mode,
 * special fully nested mode beyond ignoring the slave's ISR bit.
 *
 * Edge-triggered lines latch IRR on a rising edge; level-triggered ones
 * (ELCR) follow the line. The caller holds the lock (pc.c).
 */
#include <string.h>

#include "pc.h"

static int priority(const struct xvm_i8259 *s, uint8_t mask)
{
	int p = 0;

	if (!mask)
		return 8;
	while (!(mask & (1 << ((p + s->priority_add) & 7))))
		p++;
	return p;
}

/* The IRQ this chip would raise now, or -1. */
static int chip_irq(const struct xvm_i8259 *s, bool master)
{
	uint8_t mask = s->irr & ~s->imr, inservice = s->isr;
	int p = priority(s, mask), cur;

	if (p == 8)
		return -1;
	if (s->special_mask)
		inservice &= ~s->imr;
	if (master && s->sfnm)
		inservice &= ~(1 << 2);
	cur = priority(s, inservice);
	return p < cur ? (p + s->priority_add) & 7 : -1;
}

static void chip_set_irq(struct xvm_i8259 *s, unsigned int irq, int level)
{
	uint8_t mask = 1 << irq;

	if (s->elcr & mask) {
		if (level) {
			s->irr |= mask;
			s->last_irr |= mask;
		} else {
			s->irr &= ~mask;
			s->last_irr &= ~mask;
		}
		return;
	}
	if (level) {
		if (!(s->last_irr & mask))
			s->irr |= mask;
		s->last_irr |= mask;
	} else {
		s->last_irr &= ~mask;
	}
}

/* Cascade: the slave's output is the master's IRQ 2 line. */
static void update(struct xvm_pic *p)
{
	chip_set_irq(&p->c[0], 2, chip_irq(&p->c[1], false) >= 0);
}

static void chip_reset(struct xvm_i8259 *s)
{
	uint8_t elcr = s->elcr;

	memset(s, 0, sizeof(*s));
	s->elcr = elcr;
}

void xvm_pic_init(struct xvm_pic *p)
{
	memset(p, 0, sizeof(*p));
	p->c[0].imr = p->c[1].imr = 0xff;
}

/**
 * xvm_pic_set_irq() - drive interrupt line @irq (0-15) to @level.
 * @p: the pair.
 * @irq: 0-7 master, 8-15 slave.
 * @level: 0 or 1.
 */
void xvm_pic_set_irq(struct xvm_pic *p, unsigned int irq, int level)
{
	if (irq >= 16)
		return;
	chip_set_irq(&p->c[irq >> 3], irq & 7, level);
	update(p);
}

/* Whether the master's INTR output is asserted. */
bool xvm_pic_pending(struct xvm_pic *p)
{
	return chip_irq(&p->c[0], true) >= 0;
}

static void intack(struct xvm_i8259 *s, int irq)
{
	if (s->auto_eoi) {
		if (s->rotate_on_aeoi)
			s->priority_add = (irq + 1) & 7;
	} else {
		s->isr |= 1 << irq;
	}
	if (!(s->elcr & (1 << irq)))
		s->irr &= ~(1 << irq);
}

/**
 * xvm_pic_ack() - the CPU's interrupt acknowledge cycle.
 * @p: the pair.
 *
 * Return: the vector; a spurious IRQ 7 (or 15) if nothing is pending.
 */
int xvm_pic_ack(struct xvm_pic *p)
{
	int irq = chip_irq(&p->c[0], true), irq2, vec;

	if (irq < 0)
		return p->c[0].irq_base + 7;
	intack(&p->c[0], irq);
	if (irq == 2) {
		irq2 = chip_irq(&p->c[1], false);
		if (irq2 >= 0)
			intack(&p->c[1], irq2);
		else
			irq2 = 7;
		vec = p->c[1].irq_base + irq2;
	} else {
		vec = p->c[0].irq_base + irq;
	}
	update(p);
	return vec;
}

static uint8_t poll_read(struct xvm_pic *p, int chip)
{
	struct xvm_i8259 *s = &p->c[chip];
	int irq = chip_irq(s, chip == 0);

	if (irq < 0)
		return 0;
	intack(s, irq);
	update(p);
	return 0x80 | irq;
}

uint8_t xvm_pic_read(struct xvm_pic *p, uint16_t port)
{
	int chip = (port & 0x80) ? 1 : 0;
	struct xvm_i8259 *s = &p->c[chip];

	if (s->poll) {
		s->poll = false;
		return poll_read(p, chip);
	}
	if (port & 1)
		return s->imr;
	return s->read_isr ? s->isr : s->irr;
}

static void eoi(struct xvm_i8259 *s, int irq, bool rotate)
{
	s->isr &= ~(1 << irq);
	if (rotate)
		s->priority_add = (irq + 1) & 7;
}

void xvm_pic_write(struct xvm_pic *p, uint16_t port, uint8_t val)
{
	struct xvm_i8259 *s = &p->c[(port & 0x80) ? 1 : 0];
	int pr;

	if (!(port & 1)) {
		if (val & 0x10) {		/* ICW1 */
			chip_reset(s);
			s->init_state = 1;
			s->init4 = val & 1;
			s->single = val & 2;
		} else if (val & 0x08) {	/* OCW3 */
			if (val & 0x04)
				s->poll = true;
			if (val & 0x02)
				s->read_isr = val & 1;
			if (val & 0x40)
				s->special_mask = (val >> 5) & 1;
		} else {			/* OCW2 */
			switch (val >> 5) {
			case 0:
				s->rotate_on_aeoi = false;
				break;
			case 4:
				s->rotate_on_aeoi = true;
				break;
			case 1:		/* non-specific EOI */
			case 5:		/* ... and rotate */
				pr = priority(s, s->isr);
				if (pr != 8)
					eoi(s, (pr + s->priority_add) & 7,
					    (val >> 5) == 5);
				break;
			case 3:		/* specific EOI */
				eoi(s, val & 7, false);
				break;
			case 6:		/* set priority */
				s->priority_add = (val + 1) & 7;
				break;
			case 7:		/* specific EOI and rotate */
				eoi(s, val & 7, true);
				break;
			default:	/* 2: no operation */
				break;
			}
		}
		update(p);
		return;
	}
	switch (s->init_state) {
	case 0:				/* OCW1 */
		s->imr = val;
		break;
	case 1:				/* ICW2 */
		s->irq_base = val & 0xf8;
		s->init_state = s->single ? (s->init4 ? 3 : 0) : 2;
		break;
	case 2:				/* ICW3 */
		s->init_state = s->init4 ? 3 : 0;
		break;
	case 3:				/* ICW4 */
		s->sfnm = (val >> 4) & 1;
		s->auto_eoi = (val >> 1) & 1;
		s->init_state = 0;
		break;
	}
	update(p);
}
