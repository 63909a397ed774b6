/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm-run: the small PC that a Linux guest boots on (--kernel). The
 * device models (pic.c, pit.c, rtc.c, i8042.c) are plain state machines
 * that touch no /dev/xvm; pc.c wires them to the VM: one lock for all of
 * them, the interrupt delivery to vCPU 0, the timer thread, the console
 * (stdin) thread and the MSRs Linux reads. linux.c loads the kernel.
 */
#ifndef XVM_RUN_PC_H
#define XVM_RUN_PC_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <termios.h>

struct xvm_vm;
struct xvm_vcpu_ctx;

/* Exit statuses of a Linux guest (beside those of xvm-run.h). */
#define XVM_RUN_EXIT_REBOOT	0	/* the guest rebooted (reboot -f) */
#define XVM_RUN_EXIT_QUIT	0	/* Ctrl-A x on the terminal */
#define XVM_RUN_EXIT_PANIC	123	/* "Kernel panic" seen on the console */

/* pic.c: the i8259 master/slave pair. */
struct xvm_i8259 {
	uint8_t irr, isr, imr, elcr, last_irr;
	uint8_t irq_base, priority_add, init_state;
	bool read_isr, poll, special_mask, auto_eoi, rotate_on_aeoi;
	bool sfnm, init4, single;
};

struct xvm_pic {
	struct xvm_i8259 c[2];	/* 0: master (0x20), 1: slave (0xa0) */
};

void xvm_pic_init(struct xvm_pic *p);
void xvm_pic_set_irq(struct xvm_pic *p, unsigned int irq, int level);
bool xvm_pic_pending(struct xvm_pic *p);
int xvm_pic_ack(struct xvm_pic *p);
uint8_t xvm_pic_read(struct xvm_pic *p, uint16_t port);
void xvm_pic_write(struct xvm_pic *p, uint16_t port, uint8_t val);

/* pit.c: the i8254 and port 0x61. Times in ns of CLOCK_MONOTONIC. */
#define XVM_PIT_HZ 1193182ULL

struct xvm_pit_channel {
	uint32_t count;		/* reload value, 1-0x10000 */
	uint16_t latched;
	uint8_t mode, rw_mode, read_state, write_state, write_latch;
	uint8_t latch_state;
	uint8_t status;
	bool count_latched, status_latched, gate, bcd;
	uint64_t load_ns;	/* when counting started */
};

struct xvm_pit {
	struct xvm_pit_channel ch[3];
	uint8_t port61;		/* speaker data and gate bits as written */
	uint64_t irq_ns;	/* next IRQ 0 edge, or 0 for none */
};

void xvm_pit_init(struct xvm_pit *t, uint64_t now);
uint8_t xvm_pit_read(struct xvm_pit *t, uint16_t port, uint64_t now);
void xvm_pit_write(struct xvm_pit *t, uint16_t port, uint8_t val,
		   uint64_t now);
/* The IRQ 0 edges due by @now (0 or 1); re-arms periodic modes. */
unsigned int xvm_pit_expire(struct xvm_pit *t, uint64_t now);

/* rtc.c: the MC146818 CMOS clock and RAM. */
struct xvm_rtc {
	uint8_t index;
	uint8_t ram[128];
};

void xvm_rtc_init(struct xvm_rtc *r);
uint8_t xvm_rtc_read(struct xvm_rtc *r, uint16_t port, int64_t now_sec);
void xvm_rtc_write(struct xvm_rtc *r, uint16_t port, uint8_t val);

/* i8042.c: the keyboard controller, without keyboard or mouse. */
struct xvm_i8042 {
	uint8_t status, ctr, outbuf, pending_cmd;
	bool out_aux;
	bool reset;		/* the guest pulsed the reset line */
};

void xvm_i8042_init(struct xvm_i8042 *k);
uint8_t xvm_i8042_read(struct xvm_i8042 *k, uint16_t port);
void xvm_i8042_write(struct xvm_i8042 *k, uint16_t port, uint8_t val);
/* IRQ lines: bit 0 IRQ 1 (keyboard), bit 1 IRQ 12 (aux). */
unsigned int xvm_i8042_irqs(struct xvm_i8042 *k);

/* The console scanner: spots lines on the guest's serial output. */
struct xvm_console_scan {
	char line[160];
	unsigned int len;
	bool panic;		/* "Kernel panic" seen */
	bool init_started;	/* "Run /..." seen */
	bool panic_done;	/* "---[ end Kernel panic" seen */
};

/* Returns 1 when a line started "Run /" (init), 2 on "Kernel panic". */
int xvm_console_scan(struct xvm_console_scan *s, uint8_t c);

/* pc.c */
struct xvm_pc {
	pthread_mutex_t lock;	/* everything below */
	pthread_cond_t cond;	/* PIC output or a timer change */
	struct xvm_pic pic;
	struct xvm_pit pit;
	struct xvm_rtc rtc;
	struct xvm_i8042 kbd;
	int held_vector;	/* acked from the PIC, not yet injected */
	bool kick;		/* vCPU 0 must look at the PIC */
	uint64_t start_ns;	/* xvm-run start, for the boot time */
	struct xvm_console_scan scan;
	bool console_started;	/* the guest wrote its first byte */

	/* console input */
	bool tty;		/* stdin is a terminal in raw mode */
	struct termios saved_tio;
	bool escape;		/* Ctrl-A seen */
};

int xvm_pc_init(struct xvm_vm *vm);
int xvm_pc_start(struct xvm_vm *vm);
void xvm_pc_report(struct xvm_vm *vm);
void xvm_pc_deliver(struct xvm_vcpu_ctx *v);
bool xvm_pc_hlt(struct xvm_vcpu_ctx *v);
void xvm_pc_msr(struct xvm_vcpu_ctx *v);
void xvm_pc_wake(struct xvm_vm *vm);
void xvm_pc_console_out(struct xvm_vm *vm, uint8_t c);
void xvm_pc_uart_irq(void *ctx, int level);

/* linux.c */
int xvm_linux_load(struct xvm_vm *vm, const uint8_t *kernel, size_t klen,
		   const uint8_t *initrd, size_t ilen, const char *cmdline,
		   char *err, size_t errlen);
int xvm_linux_vcpu_state(struct xvm_vm *vm, struct xvm_vcpu_ctx *v);

#endif /* XVM_RUN_PC_H */
