// SPDX-License-Identifier: GPL-2.0
/*
 * run-test: xvm-run's run loop and devices (userspace/run.c, devices.c)
 * against a scripted fake of the module. This file defines ioctl(), which
 * takes the place of the C library's for the whole program: XVM_RUN
 * hands out the next exit of the vCPU's script (or blocks until kicked
 * when the script is done), XVM_KICK and XVM_INJECT_EVENT are recorded.
 * What xvm-run answered (IN data, MMIO read data, MSR error) is recorded
 * at the following XVM_RUN, as the module would consume it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "vmm.h"

#define MAX_STEPS 16
#define FD_BASE 100

struct step {
	uint32_t reason;
	uint8_t dir, size;
	uint16_t port;
	uint32_t data;
	uint64_t addr;
	uint32_t len;
	uint8_t is_write, decoded;
	uint64_t mdata;
	uint32_t msr;
	uint8_t if_flag;
	int err;		/* XVM_RUN fails with this errno */
};

#define OUT(p, s, v) { .reason = XVM_EXIT_IO, .dir = XVM_EXIT_IO_OUT, \
		       .port = (p), .size = (s), .data = (v) }
#define IN(p, s) { .reason = XVM_EXIT_IO, .dir = XVM_EXIT_IO_IN, \
		   .port = (p), .size = (s) }
#define MMIO_W(a, l, v) { .reason = XVM_EXIT_MMIO, .addr = (a), .len = (l), \
			  .is_write = 1, .decoded = 1, .mdata = (v) }
#define MMIO_R(a, l) { .reason = XVM_EXIT_MMIO, .addr = (a), .len = (l), \
		       .decoded = 1 }
#define HLT(i) { .reason = XVM_EXIT_HLT, .if_flag = (i) }
#define EXIT(r) { .reason = (r) }

struct fake_vcpu {
	struct step steps[MAX_STEPS];
	unsigned int nsteps, next;
	struct xvm_run *run;
	uint64_t resp[MAX_STEPS];	/* answer to step i */
	unsigned int injected, injected_at[MAX_STEPS];
	uint32_t vector;
	bool kicked;
};

static struct fake_vcpu fake[2];
static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fake_cond = PTHREAD_COND_INITIALIZER;

static int fake_run(struct fake_vcpu *f)
{
	struct xvm_run *run = f->run;
	const struct step *s;

	pthread_mutex_lock(&fake_lock);
	/* Record xvm-run's answer to the previous exit. */
	if (f->next > 0) {
		s = &f->steps[f->next - 1];
		if (s->reason == XVM_EXIT_IO)
			f->resp[f->next - 1] = run->io.data;
		else if (s->reason == XVM_EXIT_MMIO)
			memcpy(&f->resp[f->next - 1], run->mmio.data, 8);
		else if (s->reason == XVM_EXIT_MSR)
			f->resp[f->next - 1] = run->msr.error;
	}
	f->injected_at[f->next < MAX_STEPS ? f->next : 0] = f->injected;
	if (run->immediate_exit) {
		pthread_mutex_unlock(&fake_lock);
		run->exit_reason = XVM_EXIT_INTR;
		errno = EINTR;
		return -1;
	}
	if (f->kicked || f->next == f->nsteps) {
		/* Done: wait like a running guest until kicked. */
		while (!f->kicked && !run->immediate_exit)
			pthread_cond_wait(&fake_cond, &fake_lock);
		f->kicked = false;
		pthread_mutex_unlock(&fake_lock);
		run->exit_reason = XVM_EXIT_INTR;
		return 0;
	}
	s = &f->steps[f->next++];
	pthread_mutex_unlock(&fake_lock);
	if (s->err) {
		errno = s->err;
		return -1;
	}
	memset(&run->io, 0, 256);
	run->exit_reason = s->reason;
	run->if_flag = s->if_flag;
	run->rip = 0x1000 + f->next;
	switch (s->reason) {
	case XVM_EXIT_IO:
		run->io.direction = s->dir;
		run->io.size = s->size;
		run->io.port = s->port;
		run->io.data = s->dir == XVM_EXIT_IO_OUT ? s->data : 0;
		break;
	case XVM_EXIT_MMIO:
		run->mmio.phys_addr = s->addr;
		run->mmio.len = s->len;
		run->mmio.is_write = s->is_write;
		run->mmio.decoded = s->decoded;
		if (s->is_write)
			memcpy(run->mmio.data, &s->mdata, 8);
		break;
	case XVM_EXIT_MSR:
		run->msr.index = s->msr;
		break;
	}
	return 0;
}

int ioctl(int fd, unsigned long req, ...)
{
	struct fake_vcpu *f;
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fd < FD_BASE || fd >= FD_BASE + 2) {
		errno = EBADF;
		return -1;
	}
	f = &fake[fd - FD_BASE];
	switch (req) {
	case XVM_RUN:
		return fake_run(f);
	case XVM_KICK:
		pthread_mutex_lock(&fake_lock);
		f->kicked = true;
		pthread_cond_broadcast(&fake_cond);
		pthread_mutex_unlock(&fake_lock);
		return 0;
	case XVM_INJECT_EVENT: {
		const struct xvm_event *ev = arg;

		pthread_mutex_lock(&fake_lock);
		f->injected++;
		f->vector = ev->vector;
		pthread_mutex_unlock(&fake_lock);
		return 0;
	}
	}
	errno = ENOTTY;
	return -1;
}

static struct xvm_vm vm;
static struct xvm_opts opts;
static char out_text[4096], err_text[4096];

/* Run the VM with stdout and stderr captured into out_text/err_text. */
static int run_vm(unsigned int ncpus, double *secs)
{
	FILE *o = tmpfile(), *e = tmpfile();
	int so, se, ret, i;
	struct timespec t0, t1;
	pthread_condattr_t ca;
	size_t n;

	memset(&vm, 0, sizeof(vm));
	vm.opts = &opts;
	vm.hv = &xvm_hv_xvm;	/* xvm.c, on the fake ioctl() below */
	vm.ncpus = ncpus;
	pthread_mutex_init(&vm.lock, NULL);
	pthread_mutex_init(&vm.dev_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vm.cond, &ca);
	for (i = 0; i < (int)ncpus; i++) {
		vm.vcpus[i].vm = &vm;
		vm.vcpus[i].idx = i;
		vm.vcpus[i].fd = FD_BASE + i;
		vm.vcpus[i].run = fake[i].run;
	}
	xvm_devices_init(&vm);

	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fileno(o), 1);
	dup2(fileno(e), 2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = xvm_vm_run(&vm);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	rewind(o);
	n = fread(out_text, 1, sizeof(out_text) - 1, o);
	out_text[n] = 0;
	rewind(e);
	n = fread(err_text, 1, sizeof(err_text) - 1, e);
	err_text[n] = 0;
	fclose(o);
	fclose(e);
	if (secs)
		*secs = (t1.tv_sec - t0.tv_sec) +
			(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return ret;
}

static void script(unsigned int cpu, const struct step *s, unsigned int n)
{
	struct xvm_run *run = fake[cpu].run;

	memset(&fake[cpu], 0, sizeof(fake[cpu]));
	memset(run, 0, 4096);
	fake[cpu].run = run;
	memcpy(fake[cpu].steps, s, n * sizeof(*s));
	fake[cpu].nsteps = n;
}

#define SCRIPT(cpu, ...) do {						\
		const struct step s_[] = { __VA_ARGS__ };		\
		script(cpu, s_, sizeof(s_) / sizeof(s_[0]));		\
	} while (0)

static void reset_opts(void)
{
	memset(&opts, 0, sizeof(opts));
	opts.cpus = 1;
}

static void test_serial_and_exit(void)
{
	int ret;

	reset_opts();
	SCRIPT(0, IN(0x3fd, 1), OUT(0x3f8, 1, 'o'), OUT(0x3f8, 1, 'k'),
	       OUT(0x3f8, 1, '\n'), OUT(0xf4, 4, 0x105));
	ret = run_vm(1, NULL);
	CHECK(ret == 5, "debug exit 0x105 -> status 5 (got %d)", ret);
	CHECK(fake[0].resp[0] == 0x60, "IN from LSR: THR empty (0x%llx)",
	      (unsigned long long)fake[0].resp[0]);
	CHECK(!strcmp(out_text, "ok\n"), "serial output on stdout (\"%s\")",
	      out_text);
	CHECK(err_text[0] == 0, "nothing on stderr without -v");
}

static void test_unknown_io(void)
{
	int ret;

	reset_opts();
	SCRIPT(0, IN(0x600, 2), IN(0x600, 4), IN(0x80, 1), OUT(0x80, 1, 7),
	       MMIO_R(0xe0000000, 8), MMIO_W(0xe0000000, 4, 1),
	       OUT(0xf4, 1, 0));
	ret = run_vm(1, NULL);
	CHECK(ret == 0, "debug exit 0 -> status 0 (got %d)", ret);
	CHECK(fake[0].resp[0] == 0xffff && fake[0].resp[1] == 0xffffffff &&
	      fake[0].resp[2] == 0xff, "unknown ports read all ones");
	CHECK(fake[0].resp[4] == ~0ULL, "unknown MMIO reads all ones");

	reset_opts();
	opts.verbose = 1;
	SCRIPT(0, OUT(0x80, 1, 7), OUT(0xf4, 1, 0));
	run_vm(1, NULL);
	CHECK(strstr(err_text, "unhandled out port 0x80 size 1 0x7") != NULL,
	      "-v logs an unhandled OUT");
}

static void test_testdev(void)
{
	int ret;

	reset_opts();
	opts.test_dev = true;
	SCRIPT(0, MMIO_W(0xd0000008, 4, 0x12345678),
	       MMIO_R(0xd0000008, 4), MMIO_R(0xd0000009, 1),
	       MMIO_R(0xd0000100, 8),
	       OUT(0x508, 1, 'a'), OUT(0x508, 2, 0x6362), IN(0x508, 2),
	       IN(0x508, 1), IN(0x508, 1), OUT(0x502, 2, 0xbeef),
	       IN(0x503, 1), OUT(0xf4, 1, 0));
	ret = run_vm(1, NULL);
	CHECK(ret == 0, "test device run (status %d)", ret);
	CHECK(fake[0].resp[1] == 0x12345678 && fake[0].resp[2] == 0x56 &&
	      fake[0].resp[3] == 0, "MMIO echo page: reads what was written");
	CHECK(fake[0].resp[6] == 0x6261 && fake[0].resp[7] == 0x63 &&
	      fake[0].resp[8] == 0xff, "port FIFO: in order, then empty");
	CHECK(fake[0].resp[10] == 0xbe, "echo ports: byte of a word");
	CHECK(strstr(err_text, "mmio w 0xd0000008 4 0x12345678\n") &&
	      strstr(err_text, "mmio r 0xd0000008 4 0x12345678\n") &&
	      strstr(err_text, "pio w 0x508 2 0x6362\n") &&
	      strstr(err_text, "pio r 0x508 2 0x6261\n"),
	      "test devices log each access");
}

static void test_errors(void)
{
	int ret;

	reset_opts();
	SCRIPT(0, { .reason = XVM_EXIT_MMIO, .addr = 0xd0000000, .len = 4,
		    .decoded = 0 });
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_INTERNAL && strstr(err_text, "undecoded"),
	      "undecoded MMIO -> 126 (got %d)", ret);

	SCRIPT(0, OUT(0x3f8, 1, 'x'), EXIT(XVM_EXIT_SHUTDOWN));
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_SHUTDOWN &&
	      strstr(err_text, "xvm-run: guest shutdown (triple fault)"),
	      "shutdown -> 125 with its message (got %d)", ret);
	CHECK(!strcmp(out_text, "x"), "output before the shutdown kept");

	SCRIPT(0, EXIT(XVM_EXIT_FAIL_ENTRY));
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_INTERNAL && strstr(err_text, "entry failed"),
	      "fail entry -> 126 (got %d)", ret);
	SCRIPT(0, EXIT(XVM_EXIT_INTERNAL_ERROR));
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_INTERNAL &&
	      strstr(err_text, "internal error"),
	      "internal error -> 126 (got %d)", ret);
	SCRIPT(0, EXIT(99));
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_INTERNAL &&
	      strstr(err_text, "unknown exit reason 99"),
	      "unknown exit reason -> 126 (got %d)", ret);
	SCRIPT(0, { .err = EFAULT });
	ret = run_vm(1, NULL);
	CHECK(ret == XVM_RUN_EXIT_INTERNAL && strstr(err_text, "XVM_RUN"),
	      "XVM_RUN failing with EFAULT -> 126 (got %d)", ret);
	SCRIPT(0, { .err = EINTR }, EXIT(XVM_EXIT_INTR),
	       EXIT(XVM_EXIT_IRQ_WINDOW), OUT(0xf4, 1, 3));
	ret = run_vm(1, NULL);
	CHECK(ret == 3, "EINTR, INTR and IRQ_WINDOW just resume (got %d)",
	      ret);
}

static void test_msr_hlt(void)
{
	double secs;
	int ret;

	reset_opts();
	SCRIPT(0, { .reason = XVM_EXIT_MSR, .msr = 0xdeadbeef },
	       OUT(0xf4, 1, 0));
	ret = run_vm(1, NULL);
	CHECK(ret == 0 && fake[0].resp[0] == 1,
	      "MSR exit answered with error 1 (#GP)");

	SCRIPT(0, OUT(0x3f8, 1, 'h'), HLT(0));
	ret = run_vm(1, NULL);
	CHECK(ret == 0 && strstr(err_text, "xvm-run: guest halted"),
	      "HLT with IF=0 and no tick: guest halted, 0 (got %d)", ret);
	SCRIPT(0, HLT(1));
	ret = run_vm(1, NULL);
	CHECK(ret == 0 && strstr(err_text, "guest halted"),
	      "HLT with IF=1 but no tick source: halted too (got %d)", ret);

	opts.tick_ms = 20;
	opts.tick_vector = 0x20;
	SCRIPT(0, HLT(1), HLT(1), OUT(0xf4, 1, 7));
	ret = run_vm(1, &secs);
	CHECK(ret == 7, "HLT with --tick-irq resumes (got %d)", ret);
	CHECK(fake[0].vector == 0x20 && fake[0].injected_at[1] >= 1 &&
	      fake[0].injected_at[2] >= 2,
	      "a tick injected before each resume after HLT (%u, %u)",
	      fake[0].injected_at[1], fake[0].injected_at[2]);
	CHECK(secs >= 0.02, "HLT waited for the ticks (%.3f s)", secs);

	reset_opts();
	opts.timeout = 1;
	SCRIPT(0, OUT(0x3f8, 1, 'l'));
	ret = run_vm(1, &secs);
	CHECK(ret == XVM_RUN_EXIT_TIMEOUT && strstr(err_text,
	      "xvm-run: timeout"), "spinning guest: timeout 124 (got %d)",
	      ret);
	CHECK(secs >= 0.9 && secs < 3, "timeout after about 1 s (%.2f s)",
	      secs);
	CHECK(!strcmp(out_text, "l"), "output before the timeout kept");
}

static void test_two_vcpus(void)
{
	double secs;
	int ret;

	reset_opts();
	opts.cpus = 2;
	SCRIPT(0, HLT(0));
	SCRIPT(1, OUT(0x3f8, 1, 'a'), HLT(0));
	ret = run_vm(2, NULL);
	CHECK(ret == 0 && strstr(err_text, "guest halted") &&
	      !strcmp(out_text, "a"), "two vCPUs halted: status 0");

	SCRIPT(0, OUT(0x3f8, 1, 'b'), OUT(0xf4, 1, 9));
	SCRIPT(1);
	ret = run_vm(2, &secs);
	CHECK(ret == 9 && secs < 1.5,
	      "vCPU 0 exits while vCPU 1 runs on: status 9, vCPU 1 kicked "
	      "(%.2f s)", secs);

	SCRIPT(0, HLT(0));
	SCRIPT(1, OUT(0xf4, 1, 4));
	ret = run_vm(2, NULL);
	CHECK(ret == 4, "vCPU 0 halted, vCPU 1 exits 4 (got %d)", ret);
}

void test_run(void)
{
	fake[0].run = calloc(1, 4096);
	fake[1].run = calloc(1, 4096);
	test_serial_and_exit();
	test_unknown_io();
	test_testdev();
	test_errors();
	test_msr_hlt();
	test_two_vcpus();
}

int checks_passed, checks_failed;

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_run();
	printf("%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
