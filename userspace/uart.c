// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: a 16550A UART. The transmitter is always empty (LSR THRE and
 * TEMT set) so that a guest's polling loop never waits; bytes written go
 * to @out at once. The divisor latch and the scratch register hold what
 * is written, as guest probing code expects; loopback reflects MCR in
 * MSR (and drops output) as the 8250 driver's probe checks.
 *
 * Receiving: xvm_uart_rx() queues bytes (a FIFO of XVM_UART_RX_SIZE);
 * LSR.DR and RBR work as on the real part. Interrupts (when @irq is set):
 * received data available (IER bit 0) and THR empty (IER bit 1, raised
 * when enabled with THR empty and after each byte sent, cleared by
 * reading IIR or writing THR), with the 16550A's IIR priority and FIFO
 * bits; @irq is called on each change of the line's level. Not modelled:
 * the receiver line status and modem status interrupts, the FIFO trigger
 * level and character timeout (data is signalled as soon as one byte is
 * there), break, parity and framing.
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
#define UART_LSR_DR	0x01
#define UART_LSR_OE	0x02
#define UART_LSR_THRE	0x20
#define UART_LSR_TEMT	0x40
#define UART_IIR_NONE	0x01
#define UART_IIR_THRI	0x02
#define UART_IIR_RDI	0x04
#define UART_IIR_FIFO	0xc0
#define UART_IER_RDI	0x01
#define UART_IER_THRI	0x02
#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLEAR_RCVR 0x02
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

/* The interrupt IIR reports now (UART_IIR_NONE if none). */
static uint8_t iir_cause(const struct xvm_uart *u)
{
	if ((u->ier & UART_IER_RDI) && u->rx_count)
		return UART_IIR_RDI;
	if ((u->ier & UART_IER_THRI) && u->thr_ipending)
		return UART_IIR_THRI;
	return UART_IIR_NONE;
}

static void update_irq(struct xvm_uart *u)
{
	int level = iir_cause(u) != UART_IIR_NONE;

	/* OUT2 gates the interrupt onto the bus on PC serial ports. */
	if (!(u->mcr & 0x08) || (u->mcr & UART_MCR_LOOP))
		level = 0;
	if (level != u->irq_level) {
		u->irq_level = level;
		if (u->irq)
			u->irq(u->ctx, level);
	}
}

static uint8_t msr_value(const struct xvm_uart *u)
{
	uint8_t m = u->mcr;

	if (!(m & UART_MCR_LOOP))
		return UART_MSR_DEFAULT;
	/* Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
	return ((m & 0x01) << 5) | ((m & 0x02) << 3) | ((m & 0x04) << 4) |
	       ((m & 0x08) << 4);
}

/**
 * xvm_uart_read() - a guest IN from the UART.
 * @u: the UART.
 * @reg: register offset 0-7 from the base port.
 *
 * Return: the register value; the receive buffer reads the oldest byte
 * received, or 0 when empty.
 */
uint8_t xvm_uart_read(struct xvm_uart *u, unsigned int reg)
{
	uint8_t v;

	switch (reg & 7) {
	case UART_RBR_THR:
		if (u->lcr & UART_LCR_DLAB)
			return u->dll;
		if (!u->rx_count)
			return 0;
		v = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % XVM_UART_RX_SIZE;
		u->rx_count--;
		update_irq(u);
		return v;
	case UART_IER:
		return (u->lcr & UART_LCR_DLAB) ? u->dlm : u->ier;
	case UART_IIR_FCR:
		v = iir_cause(u);
		if (v == UART_IIR_THRI) {
			u->thr_ipending = false;
			update_irq(u);
		}
		if (u->fcr & UART_FCR_ENABLE)
			v |= UART_IIR_FIFO;
		return v;
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		v = UART_LSR_THRE | UART_LSR_TEMT;
		if (u->rx_count)
			v |= UART_LSR_DR;
		if (u->overrun)
			v |= UART_LSR_OE;
		u->overrun = false;
		return v;
	case UART_MSR:
		return msr_value(u);
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
 * selected; in loopback it is received instead.
 */
void xvm_uart_write(struct xvm_uart *u, unsigned int reg, uint8_t val)
{
	uint8_t old;

	switch (reg & 7) {
	case UART_RBR_THR:
		if (u->lcr & UART_LCR_DLAB) {
			u->dll = val;
			break;
		}
		/* The line drops while the byte is "sent", then THRE again. */
		u->thr_ipending = false;
		update_irq(u);
		if (u->mcr & UART_MCR_LOOP)
			xvm_uart_rx(u, val);
		else if (u->out)
			u->out(u->ctx, val);
		u->thr_ipending = true;
		update_irq(u);
		break;
	case UART_IER:
		if (u->lcr & UART_LCR_DLAB) {
			u->dlm = val;
			break;
		}
		old = u->ier;
		u->ier = val & 0x0f;
		if ((u->ier & UART_IER_THRI) && !(old & UART_IER_THRI))
			u->thr_ipending = true;	/* THR is empty */
		update_irq(u);
		break;
	case UART_IIR_FCR:
		u->fcr = val & 0xc9;
		if ((val & UART_FCR_CLEAR_RCVR) || !(val & UART_FCR_ENABLE)) {
			u->rx_count = 0;
			u->rx_head = 0;
		}
		update_irq(u);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		u->mcr = val & 0x1f;
		update_irq(u);
		break;
	case UART_LSR:
	case UART_MSR:
		break;		/* read-only */
	default:
		u->scr = val;
		break;
	}
}

/**
 * xvm_uart_rx() - a byte arrives on the receive line.
 * @u: the UART.
 * @c: the byte.
 *
 * Return: false if the FIFO was full (the byte is lost, LSR.OE is set).
 */
bool xvm_uart_rx(struct xvm_uart *u, uint8_t c)
{
	if (u->rx_count >= XVM_UART_RX_SIZE) {
		u->overrun = true;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % XVM_UART_RX_SIZE] = c;
	u->rx_count++;
	update_irq(u);
	return true;
}

unsigned int xvm_uart_rx_room(const struct xvm_uart *u)
{
	return XVM_UART_RX_SIZE - u->rx_count;
}
