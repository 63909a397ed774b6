// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: a minimal 16550 UART, output only. The transmitter is always
 * empty (LSR THRE and TEMT set) so that a guest's polling loop never
 * waits; nothing is ever received and no interrupt is ever raised. The
 * divisor latch and the scratch register hold what is written, as guest
 * probing code expects.
 */
#include <string.h>

#include "xvm-run.h"

#define UART_RBR_THR	0	/* DLL when LCR.DLAB */
#define UART_IER	1	/* DLM when LCR.DLAB */
#define UART_IIR_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define UART_LCR_DLAB	0x80
#define UART_LSR_THRE	0x20
#define UART_LSR_TEMT	0x40
#define UART_IIR_NONE	0x01
#define UART_MCR_LOOP	0x10
#define UART_MSR_DEFAULT 0xb0	/* DCD, DSR, CTS */

void xvm_uart_init(struct xvm_uart *u, void (*out)(void *, uint8_t),
		   void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->lcr = 0x03;		/* 8N1, what firmware leaves */
	u->dll = 0x01;		/* 115200 */
	u->out = out;
	u->ctx = ctx;
}

/**
 * xvm_uart_read() - a guest IN from the UART.
 * @u: the UART.
 * @reg: register offset 0-7 from the base port.
 *
 * Return: the register value; the receive buffer reads 0 (nothing ever
 * arrives).
 */
uint8_t xvm_uart_read(struct xvm_uart *u, unsigned int reg)
{
	switch (reg & 7) {
	case UART_RBR_THR:
		return (u->lcr & UART_LCR_DLAB) ? u->dll : 0;
	case UART_IER:
		return (u->lcr & UART_LCR_DLAB) ? u->dlm : u->ier;
	case UART_IIR_FCR:
		return UART_IIR_NONE;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return UART_LSR_THRE | UART_LSR_TEMT;
	case UART_MSR:
		return (u->mcr & UART_MCR_LOOP) ? 0 : UART_MSR_DEFAULT;
	default:
		return u->scr;
	}
}

/**
 * xvm_uart_write() - a guest OUT to the UART.
 * @u: the UART.
 * @reg: register offset 0-7 from the base port.
 * @val: the byte written.
 *
 * A THR write hands the byte to @u->out unless the divisor latch is
 * selected or the UART is in loopback.
 */
void xvm_uart_write(struct xvm_uart *u, unsigned int reg, uint8_t val)
{
	switch (reg & 7) {
	case UART_RBR_THR:
		if (u->lcr & UART_LCR_DLAB)
			u->dll = val;
		else if (!(u->mcr & UART_MCR_LOOP) && u->out)
			u->out(u->ctx, val);
		break;
	case UART_IER:
		if (u->lcr & UART_LCR_DLAB)
			u->dlm = val;
		else
			u->ier = val & 0x0f;
		break;
	case UART_IIR_FCR:
		break;		/* FIFO control: nothing to model */
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & 0x1f;
		break;
	case UART_LSR:
	case UART_MSR:
		break;		/* read-only */
	default:
		u->scr = val;
		break;
	}
}
