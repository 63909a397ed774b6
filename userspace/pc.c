// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the PC platform of --kernel. Wires the device models (pic.c,
 * pit.c, rtc.c, i8042.c, the UART's interrupt) to the VM:
 *
 * - one lock (pc->lock) for all of them; the UART stays under vm->lock
 *   (devices.c), and its interrupt line takes pc->lock inside: the order
 *   is vm->lock, then pc->lock, never the reverse;
 * - interrupt delivery to vCPU 0: before each XVM_RUN, if the PIC's
 *   output is asserted and the guest can take an interrupt, the vector is
 *   acknowledged and injected (XVM_INJECT_EVENT; KVM_INTERRUPT with
 *   --kvm); otherwise the run asks for the interrupt window. A thread that
 *   raises an interrupt wakes a halted vCPU 0 (pc->cond) or kicks a
 *   running one (XVM_KICK; a signal with --kvm);
 * - a timer thread sleeping until the PIT's next IRQ 0 edge;
 * - a console thread feeding stdin into the UART (raw mode on a terminal,
 *   where Ctrl-A x quits and Ctrl-A Ctrl-A sends a Ctrl-A);
 * - the MSRs Linux reads that the module leaves to the VMM;
 * - reboot (i8042 reset line, port 0xcf9), and watching the console for
 *   "Run /" (boot time) and "Kernel panic".
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmm.h"
#include "pc.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static __thread bool on_vcpu0;	/* this thread runs vCPU 0 */

/* xvm-run's start, for the boot time. */
static uint64_t start_ns;

static void __attribute__((constructor)) mark_start(void)
{
	start_ns = now_ns();
}

/*
 * Called with pc->lock held after any device change: route the i8042's
 * lines, and note whether vCPU 0 must look at the PIC.
 */
static bool settle(struct xvm_pc *pc)
{
	unsigned int k = xvm_i8042_irqs(&pc->kbd);

	xvm_pic_set_irq(&pc->pic, 1, k & 1);
	xvm_pic_set_irq(&pc->pic, 12, (k >> 1) & 1);
	if (xvm_pic_pending(&pc->pic)) {
		pthread_cond_broadcast(&pc->cond);
		return true;
	}
	return false;
}

/* Unlock; kick vCPU 0 if an interrupt waits and we are another thread. */
static void pc_unlock(struct xvm_vm *vm)
{
	struct xvm_pc *pc = vm->pc;
	bool pending = settle(pc);

	pthread_mutex_unlock(&pc->lock);
	if (pending && !on_vcpu0 && vm->vcpus[0].fd >= 0)
		vm->hv->kick(&vm->vcpus[0]);
}

/* ------------------------------------------------------------ port I/O */

static void pic_io(void *ctx, uint64_t port, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	struct xvm_pc *pc = vm->pc;
	unsigned int i;

	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < size; i++) {
		uint16_t p = port + i;

		if (p == 0x4d0 || p == 0x4d1) {		/* ELCR */
			struct xvm_i8259 *c = &pc->pic.c[p & 1];
			/* IRQ 0, 1, 2, 8, 13 are always edge-triggered. */
			uint8_t ro = (p & 1) ? 0x21 : 0x07;

			if (is_write)
				c->elcr = data[i] & ~ro;
			else
				data[i] = c->elcr;
		} else if (is_write) {
			xvm_pic_write(&pc->pic, p, data[i]);
		} else {
			data[i] = xvm_pic_read(&pc->pic, p);
		}
	}
	pc_unlock(vm);
}

static void pit_io(void *ctx, uint64_t port, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	struct xvm_pc *pc = vm->pc;
	uint64_t now = now_ns();
	unsigned int i;

	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < size; i++) {
		if (is_write)
			xvm_pit_write(&pc->pit, port + i, data[i], now);
		else
			data[i] = xvm_pit_read(&pc->pit, port + i, now);
	}
	/* A new channel 0 deadline: the timer thread recomputes its sleep. */
	if (is_write)
		pthread_cond_broadcast(&pc->cond);
	pc_unlock(vm);
}

static void rtc_io(void *ctx, uint64_t port, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	struct xvm_pc *pc = vm->pc;
	unsigned int i;

	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < size; i++) {
		if (is_write)
			xvm_rtc_write(&pc->rtc, port + i, data[i]);
		else
			data[i] = xvm_rtc_read(&pc->rtc, port + i, time(NULL));
	}
	pc_unlock(vm);
}

static void reboot(struct xvm_vm *vm, const char *how)
{
	struct xvm_pc *pc = vm->pc;

	if (pc->scan.panic) {
		xvm_msg(vm, "guest kernel panic (then %s)\n", how);
		xvm_vm_stop(vm, XVM_RUN_EXIT_PANIC);
		return;
	}
	xvm_msg(vm, "guest rebooted (%s)\n", how);
	xvm_vm_stop(vm, XVM_RUN_EXIT_REBOOT);
}

static void kbd_io(void *ctx, uint64_t port, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	struct xvm_pc *pc = vm->pc;
	bool reset;

	pthread_mutex_lock(&pc->lock);
	if (is_write)
		xvm_i8042_write(&pc->kbd, port, data[0]);
	else
		data[0] = xvm_i8042_read(&pc->kbd, port);
	if (size > 1)
		memset(data + 1, 0xff, size - 1);
	reset = pc->kbd.reset;
	pc_unlock(vm);
	if (reset)
		reboot(vm, "keyboard controller reset");
}

/* Port 0xcf9, the reset control register: bit 2 resets. */
static void cf9_io(void *ctx, uint64_t port, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;

	(void)port;
	if (!is_write) {
		memset(data, 0, size);
		return;
	}
	if (data[0] & 0x04)
		reboot(vm, "port 0xcf9");
}

/*
 * Port 0x80 (POST codes, Linux's I/O delay) and 0xcf8-0xcff (PCI
 * configuration: there is no PCI bus, every read is all ones, so Linux
 * finds no configuration mechanism): silently nothing.
 */
static void ignore_io(void *ctx, uint64_t port, unsigned int size,
		      bool is_write, uint8_t *data)
{
	(void)ctx;
	(void)port;
	if (!is_write)
		memset(data, 0xff, size);
}

/* The UART's interrupt line (devices.c calls the UART under vm->lock). */
void xvm_pc_uart_irq(void *ctx, int level)
{
	struct xvm_vm *vm = ctx;
	struct xvm_pc *pc = vm->pc;

	pthread_mutex_lock(&pc->lock);
	xvm_pic_set_irq(&pc->pic, 4, level);
	pc_unlock(vm);
}

/* -------------------------------------------------- delivery to vCPU 0 */

/**
 * xvm_pc_deliver() - before XVM_RUN on vCPU 0: inject what the PIC has.
 * @v: vCPU 0.
 */
void xvm_pc_deliver(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	struct xvm_pc *pc = vm->pc;
	bool want;

	on_vcpu0 = true;
	if (pc->scan.panic_done) {
		xvm_msg(vm, "guest kernel panic\n");
		xvm_vm_stop(vm, XVM_RUN_EXIT_PANIC);
		return;
	}
	pthread_mutex_lock(&pc->lock);
	if (pc->held_vector < 0 && v->run->ready_for_interrupt &&
	    xvm_pic_pending(&pc->pic))
		pc->held_vector = xvm_pic_ack(&pc->pic);
	if (pc->held_vector >= 0) {
		if (vm->hv->inject_irq(v, pc->held_vector) == 0) {
			xvm_log(vm, 2, "vcpu0: injected vector 0x%x\n",
				pc->held_vector);
			pc->held_vector = -1;
		} else if (errno != EBUSY) {
			xvm_msg(vm, "inject interrupt: %s\n", strerror(errno));
		}
	}
	want = pc->held_vector >= 0 || xvm_pic_pending(&pc->pic);
	v->run->request_interrupt_window = want;
	pthread_mutex_unlock(&pc->lock);
}

/**
 * xvm_pc_hlt() - XVM_EXIT_HLT on vCPU 0.
 * @v: vCPU 0.
 *
 * With interrupts on, sleep until the PIC has something (the timer and
 * console threads signal pc->cond) or the VM stops. With them off the
 * guest can never wake: it has halted (or panicked) for good.
 *
 * Return: false if the vCPU thread should end.
 */
bool xvm_pc_hlt(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	struct xvm_pc *pc = vm->pc;

	if (!v->run->if_flag) {
		if (pc->scan.panic) {
			xvm_msg(vm, "guest kernel panic (halted)\n");
			xvm_vm_stop(vm, XVM_RUN_EXIT_PANIC);
		} else {
			xvm_msg(vm, "guest halted\n");
			xvm_vm_stop(vm, XVM_RUN_EXIT_HALTED);
		}
		return false;
	}
	pthread_mutex_lock(&pc->lock);
	while (pc->held_vector < 0 && !xvm_pic_pending(&pc->pic) &&
	       !atomic_load(&vm->stopping))
		pthread_cond_wait(&pc->cond, &pc->lock);
	pthread_mutex_unlock(&pc->lock);
	return true;
}

/**
 * xvm_pc_report() - print the PIC and PIT state (a stalled guest).
 * @vm: the VM.
 */
void xvm_pc_report(struct xvm_vm *vm)
{
	struct xvm_pc *pc = vm->pc;
	struct xvm_pit_channel *ch = &pc->pit.ch[0];
	struct xvm_run *run = vm->vcpus[0].run;
	uint64_t now = now_ns();
	unsigned int i;

	pthread_mutex_lock(&pc->lock);
	for (i = 0; i < 2; i++)
		fprintf(stderr, "xvm-run: pic%u: irr 0x%02x isr 0x%02x "
			"imr 0x%02x base 0x%02x\n", i, pc->pic.c[i].irr,
			pc->pic.c[i].isr, pc->pic.c[i].imr,
			pc->pic.c[i].irq_base);
	fprintf(stderr, "xvm-run: pending %d, held vector %d, vcpu0 "
		"window %u ready %u if %u\n", xvm_pic_pending(&pc->pic),
		pc->held_vector, run->request_interrupt_window,
		run->ready_for_interrupt, run->if_flag);
	fprintf(stderr, "xvm-run: pit0: mode %u count %u, next irq %s%lld us\n",
		ch->mode, ch->count, pc->pit.irq_ns ? "in " : "none ",
		pc->pit.irq_ns ? (long long)(pc->pit.irq_ns - now) / 1000 : 0);
	pthread_mutex_unlock(&pc->lock);
}

/* Wake every waiter on pc->cond (the VM is stopping). */
void xvm_pc_wake(struct xvm_vm *vm)
{
	struct xvm_pc *pc = vm->pc;

	pthread_mutex_lock(&pc->lock);
	pthread_cond_broadcast(&pc->cond);
	pthread_mutex_unlock(&pc->lock);
}

/* ------------------------------------------------------------------ MSRs */

/*
 * MSRs that the module leaves to the VMM and that Linux reads or writes
 * without a fault handler (or whose #GP it reports loudly). They read as
 * the last value written, 0 at first; writes are kept, nothing else
 * happens. Every other MSR gets #GP.
 */
static const struct { uint32_t first, last; const char *name; } msr_ok[] = {
	{ 0x00000200, 0x0000020f, "MTRR physbase/mask" },
	{ 0x00000250, 0x00000250, "MTRR fix64K" },
	{ 0x00000258, 0x00000259, "MTRR fix16K" },
	{ 0x00000268, 0x0000026f, "MTRR fix4K" },
	{ 0x000002ff, 0x000002ff, "MTRR deftype" },
	{ 0xc0010010, 0xc0010010, "AMD SYSCFG" },
	{ 0xc0010015, 0xc0010015, "AMD HWCR" },
	{ 0xc0010055, 0xc0010055, "AMD interrupt pending message" },
	{ 0xc0010058, 0xc0010058, "AMD MMCONF base" },
	{ 0xc0010140, 0xc0010141, "AMD OSVW" },
	{ 0xc0011029, 0xc0011029, "AMD DE_CFG" },
};

#define MSR_STORE 64
static struct { uint32_t index; uint64_t data; } msr_store[MSR_STORE];
static unsigned int msr_nstore;

void xvm_pc_msr(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	struct xvm_run *run = v->run;
	uint32_t idx = run->msr.index;
	unsigned int i, k;

	for (k = 0; k < sizeof(msr_ok) / sizeof(msr_ok[0]); k++)
		if (idx >= msr_ok[k].first && idx <= msr_ok[k].last)
			break;
	if (k == sizeof(msr_ok) / sizeof(msr_ok[0])) {
		xvm_log(vm, 1, "vcpu%u: %s of MSR 0x%x refused (#GP)\n",
			v->idx, run->msr.is_write ? "wrmsr" : "rdmsr", idx);
		if (!run->msr.is_write)
			run->msr.data = 0;
		run->msr.error = 1;
		return;
	}
	run->msr.error = 0;
	for (i = 0; i < msr_nstore; i++)
		if (msr_store[i].index == idx)
			break;
	xvm_log(vm, 2, "vcpu%u: %s of MSR 0x%x (%s)\n", v->idx,
		run->msr.is_write ? "wrmsr" : "rdmsr", idx, msr_ok[k].name);
	if (!run->msr.is_write) {
		run->msr.data = i < msr_nstore ? msr_store[i].data : 0;
		return;
	}
	if (i == msr_nstore && msr_nstore < MSR_STORE)
		msr_store[msr_nstore++].index = idx;
	if (i < msr_nstore)
		msr_store[i].data = run->msr.data;
}

/* ------------------------------------------------------------- console */

/**
 * xvm_console_scan() - watch the guest's serial output line by line.
 * @s: the scanner.
 * @c: the next byte.
 *
 * Return: 1 at the line "Run /..." (the kernel starts init), 2 at
 * "Kernel panic", 3 at "---[ end Kernel panic" (its last line), else 0.
 */
int xvm_console_scan(struct xvm_console_scan *s, uint8_t c)
{
	const char *l = s->line;
	int ret = 0;

	if (c == '\r')
		return 0;
	if (c != '\n') {
		if (s->len < sizeof(s->line) - 1)
			s->line[s->len++] = c;
		return 0;
	}
	s->line[s->len] = 0;
	s->len = 0;
	/* printk lines may carry a "[    1.234567] " time stamp. */
	if (l[0] == '[' && strchr(l, ']'))
		l = strchr(l, ']') + 1;
	while (*l == ' ')
		l++;
	if (!s->init_started && !strncmp(l, "Run /", 5)) {
		s->init_started = true;
		ret = 1;
	} else if (!strncmp(l, "Kernel panic", 12)) {
		s->panic = true;
		ret = 2;
	} else if (!strncmp(l, "---[ end Kernel panic", 21)) {
		s->panic = true;
		s->panic_done = true;
		ret = 3;
	}
	return ret;
}

/* Every byte the guest sends to the serial port (vm->lock held). */
void xvm_pc_console_out(struct xvm_vm *vm, uint8_t c)
{
	struct xvm_pc *pc = vm->pc;

	if (!pc->console_started) {
		pc->console_started = true;
		xvm_log(vm, 1, "first console byte after %llu ms\n",
			(unsigned long long)((now_ns() - pc->start_ns) /
					     1000000));
	}
	if (xvm_console_scan(&pc->scan, c) == 1)
		xvm_msg(vm, "boot time %llu ms (xvm-run start to the kernel "
			"running init)\n", (unsigned long long)
			((now_ns() - pc->start_ns) / 1000000));
}

static struct xvm_pc *tty_pc;

static void restore_tty(void)
{
	if (tty_pc && tty_pc->tty)
		tcsetattr(0, TCSAFLUSH, &tty_pc->saved_tio);
}

static void raw_mode(struct xvm_pc *pc)
{
	struct termios t;

	if (!isatty(0) || tcgetattr(0, &pc->saved_tio))
		return;
	t = pc->saved_tio;
	cfmakeraw(&t);
	t.c_oflag |= OPOST | ONLCR;	/* "\n" from xvm-run's messages */
	if (tcsetattr(0, TCSAFLUSH, &t))
		return;
	pc->tty = true;
	tty_pc = pc;
	atexit(restore_tty);
}

/* Give one byte to the UART, waiting while its FIFO is full. */
static void feed(struct xvm_vm *vm, uint8_t c)
{
	for (;;) {
		pthread_mutex_lock(&vm->lock);
		if (xvm_uart_rx_room(&vm->uart)) {
			xvm_uart_rx(&vm->uart, c);
			pthread_mutex_unlock(&vm->lock);
			return;
		}
		pthread_mutex_unlock(&vm->lock);
		if (atomic_load(&vm->stopping))
			return;
		usleep(10000);
	}
}

static void *console_thread(void *arg)
{
	struct xvm_vm *vm = arg;
	struct xvm_pc *pc = vm->pc;
	uint8_t buf[256];
	ssize_t n, i;

	while (!atomic_load(&vm->stopping)) {
		n = read(0, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* EOF: the guest just gets no more */
		for (i = 0; i < n; i++) {
			uint8_t c = buf[i];

			if (pc->tty && pc->escape) {
				pc->escape = false;
				if (c == 'x' || c == 'X') {
					xvm_msg(vm, "terminated (Ctrl-A x)\r\n");
					xvm_vm_stop(vm, XVM_RUN_EXIT_QUIT);
					return NULL;
				}
				if (c != 0x01)
					continue;	/* unknown: dropped */
			} else if (pc->tty && c == 0x01) {
				pc->escape = true;
				continue;
			}
			feed(vm, c);
		}
	}
	return NULL;
}

/* --------------------------------------------------------------- timer */

static void *timer_thread(void *arg)
{
	struct xvm_vm *vm = arg;
	struct xvm_pc *pc = vm->pc;
	struct timespec ts;
	uint64_t due;

	pthread_mutex_lock(&pc->lock);
	while (!atomic_load(&vm->stopping)) {
		due = pc->pit.irq_ns;
		if (!due) {
			pthread_cond_wait(&pc->cond, &pc->lock);
			continue;
		}
		if (now_ns() < due) {
			ts.tv_sec = due / 1000000000ULL;
			ts.tv_nsec = due % 1000000000ULL;
			pthread_cond_timedwait(&pc->cond, &pc->lock, &ts);
			continue;
		}
		if (xvm_pit_expire(&pc->pit, now_ns())) {
			xvm_pic_set_irq(&pc->pic, 0, 1);
			xvm_pic_set_irq(&pc->pic, 0, 0);
			pc_unlock(vm);
			pthread_mutex_lock(&pc->lock);
		}
	}
	pthread_mutex_unlock(&pc->lock);
	return NULL;
}

/* ----------------------------------------------------------------- setup */

/**
 * xvm_pc_init() - create the PC devices and register their ports.
 * @vm: the VM, after xvm_devices_init() (the UART exists).
 *
 * Return: 0 or -1.
 */
int xvm_pc_init(struct xvm_vm *vm)
{
	static const struct {
		uint16_t port, len;
		xvm_io_fn fn;
	} ports[] = {
		{ 0x20, 2, pic_io }, { 0xa0, 2, pic_io },
		{ 0x4d0, 2, pic_io }, { 0x40, 4, pit_io },
		{ 0x61, 1, pit_io }, { 0x70, 2, rtc_io },
		{ 0x60, 1, kbd_io }, { 0x64, 1, kbd_io },
		{ 0x80, 1, ignore_io }, { 0xcf8, 1, ignore_io },
		{ 0xcf9, 1, cf9_io }, { 0xcfa, 6, ignore_io },
	};
	struct xvm_pc *pc;
	pthread_condattr_t ca;
	unsigned int i;

	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return -1;
	pc->start_ns = start_ns;
	pthread_mutex_init(&pc->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&pc->cond, &ca);
	xvm_pic_init(&pc->pic);
	xvm_pit_init(&pc->pit, now_ns());
	xvm_rtc_init(&pc->rtc);
	xvm_i8042_init(&pc->kbd);
	pc->held_vector = -1;
	vm->pc = pc;
	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (xvm_io_register(&vm->pio, ports[i].port, ports[i].len,
				    ports[i].fn, vm)) {
			fprintf(stderr, "xvm-run: cannot register port 0x%x\n",
				ports[i].port);
			return -1;
		}
	vm->uart.irq = xvm_pc_uart_irq;
	return 0;
}

/* Start the timer and console threads (once the vCPUs exist). */
int xvm_pc_start(struct xvm_vm *vm)
{
	pthread_t t;

	if (pthread_create(&t, NULL, timer_thread, vm))
		return -1;
	pthread_detach(t);
	raw_mode(vm->pc);
	if (pthread_create(&t, NULL, console_thread, vm))
		return -1;
	pthread_detach(t);
	return 0;
}
