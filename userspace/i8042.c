// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: an i8042 keyboard controller with nothing plugged in, at ports
 * 0x60 (data) and 0x64 (status/command).
 *
 * Enough for Linux's i8042 driver to find a controller that passes its
 * self test and has neither keyboard nor mouse: the controller commands
 * 0x20/0x60 (read/write the command byte), 0xa7/0xa8 (aux off/on), 0xa9
 * and 0xab (interface tests: pass), 0xaa (self test: 0x55), 0xad/0xae
 * (keyboard off/on), 0xd0/0xd1 (output port), 0xd2/0xd3 (echo as from
 * the keyboard/aux), 0xd4 (byte to the aux device: no device, dropped),
 * 0xf0-0xff (pulse output lines). Bytes sent to the keyboard get no
 * answer, as with no keyboard. Pulsing the reset line (0xfe, or 0xd1 with
 * bit 0 clear) sets @reset: pc.c ends xvm-run ("guest rebooted").
 * Responses raise IRQ 1 (or 12 for aux) when the command byte enables it.
 */
#include <string.h>

#include "pc.h"

#define ST_OBF		0x01
#define ST_SYS		0x04
#define ST_CMD		0x08
#define ST_UNLOCKED	0x10
#define ST_AUX		0x20

#define CTR_KBDINT	0x01
#define CTR_AUXINT	0x02
#define CTR_SYS		0x04
#define CTR_KBDDIS	0x10
#define CTR_AUXDIS	0x20
#define CTR_XLATE	0x40

void xvm_i8042_init(struct xvm_i8042 *k)
{
	memset(k, 0, sizeof(*k));
	k->status = ST_SYS | ST_UNLOCKED;
	k->ctr = CTR_SYS | CTR_XLATE | CTR_KBDINT;
}

static void put(struct xvm_i8042 *k, uint8_t v, bool aux)
{
	k->outbuf = v;
	k->out_aux = aux;
	k->status |= ST_OBF;
	if (aux)
		k->status |= ST_AUX;
	else
		k->status &= ~ST_AUX;
}

uint8_t xvm_i8042_read(struct xvm_i8042 *k, uint16_t port)
{
	if (port == 0x64)
		return k->status;
	k->status &= ~(ST_OBF | ST_AUX);
	return k->outbuf;
}

unsigned int xvm_i8042_irqs(struct xvm_i8042 *k)
{
	if (!(k->status & ST_OBF))
		return 0;
	if (k->out_aux)
		return (k->ctr & CTR_AUXINT) ? 2 : 0;
	return (k->ctr & CTR_KBDINT) ? 1 : 0;
}

static void command(struct xvm_i8042 *k, uint8_t cmd)
{
	switch (cmd) {
	case 0x20:
		put(k, k->ctr, false);
		break;
	case 0x60: case 0xd1: case 0xd2: case 0xd3: case 0xd4:
		k->pending_cmd = cmd;	/* a data byte follows */
		break;
	case 0xa7:
		k->ctr |= CTR_AUXDIS;
		break;
	case 0xa8:
		k->ctr &= ~CTR_AUXDIS;
		break;
	case 0xa9: case 0xab:
		put(k, 0x00, false);	/* interface test passed */
		break;
	case 0xaa:
		put(k, 0x55, false);	/* self test passed */
		break;
	case 0xad:
		k->ctr |= CTR_KBDDIS;
		break;
	case 0xae:
		k->ctr &= ~CTR_KBDDIS;
		break;
	case 0xd0:
		put(k, 0x01, false);	/* output port: reset line high */
		break;
	default:
		/* 0xf0-0xff pulse output lines; bit 0 clear = reset. */
		if (cmd >= 0xf0 && !(cmd & 1))
			k->reset = true;
		break;
	}
}

void xvm_i8042_write(struct xvm_i8042 *k, uint16_t port, uint8_t val)
{
	uint8_t cmd;

	if (port == 0x64) {
		k->status |= ST_CMD;
		k->pending_cmd = 0;
		command(k, val);
		return;
	}
	k->status &= ~ST_CMD;
	cmd = k->pending_cmd;
	k->pending_cmd = 0;
	switch (cmd) {
	case 0x60:
		k->ctr = val;
		if (val & CTR_SYS)
			k->status |= ST_SYS;
		else
			k->status &= ~ST_SYS;
		break;
	case 0xd1:
		if (!(val & 1))
			k->reset = true;
		break;
	case 0xd2:
		put(k, val, false);
		break;
	case 0xd3:
		put(k, val, true);
		break;
	default:
		/* 0xd4 or a byte for the keyboard: nobody answers. */
		break;
	}
}
