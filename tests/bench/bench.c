// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-bench: the same micro-benchmarks through xvm (/dev/xvm) and through
 * the kernel's own KVM (/dev/kvm), run inside the emulated machine by
 * tests/bench/run.sh.  Documentation/performance.rst describes each figure.
 *
 * Usage: xvm-bench xvm|kvm [-q]
 *        xvm-bench boot xvm|kvm [-q] XVM_RUN BZIMAGE INITRD
 *   -q  quick: fewer repetitions and iterations (make check)
 *   boot: time Linux boots with XVM_RUN (with --kvm for kvm) instead
 *
 * Output, one line per figure (median of the repetitions first):
 *   BENCH <backend> <figure> <median> <unit> runs=<v1,v2,...>
 * and a last line "BENCH-DONE <backend>" (the micro-benchmarks) or
 * "BENCH-DONE <backend>-boot".  Times come from
 * clock_gettime(CLOCK_MONOTONIC); in QEMU with -icount and in Bochs with
 * clock: sync=none they follow the instruction count.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>
#include "../../uapi/xvm.h"

/* guest.S */
extern const unsigned char bench_guest[], bench_guest_end[];
extern const unsigned char bench_g_first[], bench_g_cpuid[], bench_g_pio[],
	bench_g_mmio[], bench_g_hlt[], bench_g_irq[], bench_g_compute[];
unsigned int bench_native_compute(unsigned int iterations);

#define GUEST_MEM	0x10000		/* 64 KiB of RAM at 0 */
#define GUEST_LOAD	0x1000		/* where guest.S goes */
#define GUEST_STACK	0x8000
#define IRQ_VECTOR	0x20
#define PORT_BENCH	0xf0
#define PORT_DONE	0xf1

#define GADDR(sym)	(GUEST_LOAD + (uint64_t)((sym) - bench_guest))

static const char *backend_name;
static int quick;
static unsigned char *guest_mem;	/* shared by every VM */

/* ------------------------------------------------------------ backends */

enum exit_kind { EX_PIO_OUT, EX_MMIO, EX_HLT, EX_IRQ_WINDOW, EX_RETRY,
		 EX_OTHER };

struct vcpu {
	int fd;
	void *run;
	unsigned int port;	/* EX_PIO_OUT: the port */
};

struct backend {
	int (*create_vm)(void);
	void (*set_mem)(int vm);
	void (*create_vcpu)(int vm, int id, struct vcpu *v);
	void (*destroy_vcpu)(struct vcpu *v);
	void (*start)(struct vcpu *v, uint64_t rip, uint32_t esi);
	enum exit_kind (*run)(struct vcpu *v);
	int (*ready_for_irq)(struct vcpu *v);
	void (*request_window)(struct vcpu *v, int on);
	void (*inject)(struct vcpu *v, unsigned int vector);
	const char *(*describe)(struct vcpu *v);
};

static int sys_fd;
static size_t run_size;

/* ---- xvm */

static int xvm_create_vm(void)
{
	int vm = ioctl(sys_fd, XVM_CREATE_VM, 0);

	if (vm < 0)
		err(1, "XVM_CREATE_VM");
	return vm;
}

static void xvm_set_mem(int vm)
{
	struct xvm_memory_region r = {
		.slot = 0, .guest_phys_addr = 0, .size = GUEST_MEM,
		.userspace_addr = (uintptr_t)guest_mem,
	};

	if (ioctl(vm, XVM_SET_MEMORY_REGION, &r) < 0)
		err(1, "XVM_SET_MEMORY_REGION");
}

static void xvm_create_vcpu(int vm, int id, struct vcpu *v)
{
	v->fd = ioctl(vm, XVM_CREATE_VCPU, id);
	if (v->fd < 0)
		err(1, "XVM_CREATE_VCPU %d", id);
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED)
		err(1, "mmap xvm run page");
}

static void xvm_start(struct vcpu *v, uint64_t rip, uint32_t esi)
{
	struct xvm_sregs s;
	struct xvm_regs r;

	if (ioctl(v->fd, XVM_GET_SREGS, &s) < 0)
		err(1, "XVM_GET_SREGS");
	s.cs.selector = 0;
	s.cs.base = 0;
	if (ioctl(v->fd, XVM_SET_SREGS, &s) < 0)
		err(1, "XVM_SET_SREGS");
	memset(&r, 0, sizeof(r));
	r.rip = rip;
	r.rsi = esi;
	r.rsp = GUEST_STACK;
	r.rflags = 0x2;
	if (ioctl(v->fd, XVM_SET_REGS, &r) < 0)
		err(1, "XVM_SET_REGS");
}

static enum exit_kind xvm_run(struct vcpu *v)
{
	struct xvm_run *run = v->run;

	if (ioctl(v->fd, XVM_RUN, 0) < 0) {
		if (errno == EINTR)
			return EX_RETRY;
		err(1, "XVM_RUN");
	}
	switch (run->exit_reason) {
	case XVM_EXIT_IO:
		if (run->io.direction != XVM_EXIT_IO_OUT)
			return EX_OTHER;
		v->port = run->io.port;
		return EX_PIO_OUT;
	case XVM_EXIT_MMIO:
		return EX_MMIO;
	case XVM_EXIT_HLT:
		return EX_HLT;
	case XVM_EXIT_IRQ_WINDOW:
		return EX_IRQ_WINDOW;
	case XVM_EXIT_INTR:
		return EX_RETRY;
	}
	return EX_OTHER;
}

static int xvm_ready_for_irq(struct vcpu *v)
{
	return ((struct xvm_run *)v->run)->ready_for_interrupt;
}

static void xvm_request_window(struct vcpu *v, int on)
{
	((struct xvm_run *)v->run)->request_interrupt_window = on;
}

static void xvm_inject(struct vcpu *v, unsigned int vector)
{
	struct xvm_event e = { .type = XVM_EVENT_INTERRUPT, .vector = vector };

	if (ioctl(v->fd, XVM_INJECT_EVENT, &e) < 0)
		err(1, "XVM_INJECT_EVENT");
}

static const char *xvm_describe(struct vcpu *v)
{
	static char buf[96];
	struct xvm_run *run = v->run;

	snprintf(buf, sizeof(buf), "xvm exit %u at rip %#llx",
		 run->exit_reason, (unsigned long long)run->rip);
	return buf;
}

/* ---- KVM (no in-kernel irqchip) */

static int kvm_is_intel;

static int kvm_create_vm(void)
{
	int vm = ioctl(sys_fd, KVM_CREATE_VM, 0);

	if (vm < 0)
		err(1, "KVM_CREATE_VM");
	/* VMX real mode without unrestricted guest needs it; harmless. */
	if (kvm_is_intel && ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0)
		err(1, "KVM_SET_TSS_ADDR");
	return vm;
}

static void kvm_set_mem(int vm)
{
	struct kvm_userspace_memory_region r = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = GUEST_MEM,
		.userspace_addr = (uintptr_t)guest_mem,
	};

	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0)
		err(1, "KVM_SET_USER_MEMORY_REGION");
}

static void kvm_create_vcpu(int vm, int id, struct vcpu *v)
{
	v->fd = ioctl(vm, KVM_CREATE_VCPU, id);
	if (v->fd < 0)
		err(1, "KVM_CREATE_VCPU %d", id);
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED)
		err(1, "mmap kvm_run");
}

static void kvm_start(struct vcpu *v, uint64_t rip, uint32_t esi)
{
	struct kvm_sregs s;
	struct kvm_regs r;

	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0)
		err(1, "KVM_GET_SREGS");
	s.cs.selector = 0;
	s.cs.base = 0;
	if (ioctl(v->fd, KVM_SET_SREGS, &s) < 0)
		err(1, "KVM_SET_SREGS");
	memset(&r, 0, sizeof(r));
	r.rip = rip;
	r.rsi = esi;
	r.rsp = GUEST_STACK;
	r.rflags = 0x2;
	if (ioctl(v->fd, KVM_SET_REGS, &r) < 0)
		err(1, "KVM_SET_REGS");
}

static enum exit_kind kvm_run_vcpu(struct vcpu *v)
{
	struct kvm_run *run = v->run;

	if (ioctl(v->fd, KVM_RUN, 0) < 0) {
		if (errno == EINTR)
			return EX_RETRY;
		err(1, "KVM_RUN");
	}
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		if (run->io.direction != KVM_EXIT_IO_OUT)
			return EX_OTHER;
		v->port = run->io.port;
		return EX_PIO_OUT;
	case KVM_EXIT_MMIO:
		return EX_MMIO;
	case KVM_EXIT_HLT:
		return EX_HLT;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		return EX_IRQ_WINDOW;
	case KVM_EXIT_INTR:
		return EX_RETRY;
	}
	return EX_OTHER;
}

static int kvm_ready_for_irq(struct vcpu *v)
{
	return ((struct kvm_run *)v->run)->ready_for_interrupt_injection;
}

static void kvm_request_window(struct vcpu *v, int on)
{
	((struct kvm_run *)v->run)->request_interrupt_window = on;
}

static void kvm_inject(struct vcpu *v, unsigned int vector)
{
	struct kvm_interrupt irq = { .irq = vector };

	if (ioctl(v->fd, KVM_INTERRUPT, &irq) < 0)
		err(1, "KVM_INTERRUPT");
}

static const char *kvm_describe(struct vcpu *v)
{
	static char buf[96];
	struct kvm_run *run = v->run;

	snprintf(buf, sizeof(buf), "kvm exit %u", run->exit_reason);
	return buf;
}

static void destroy_vcpu(struct vcpu *v)
{
	munmap(v->run, run_size);
	close(v->fd);
}

static const struct backend xvm_backend = {
	xvm_create_vm, xvm_set_mem, xvm_create_vcpu, destroy_vcpu, xvm_start,
	xvm_run, xvm_ready_for_irq, xvm_request_window, xvm_inject,
	xvm_describe,
};

static const struct backend kvm_backend = {
	kvm_create_vm, kvm_set_mem, kvm_create_vcpu, destroy_vcpu, kvm_start,
	kvm_run_vcpu, kvm_ready_for_irq, kvm_request_window, kvm_inject,
	kvm_describe,
};

static const struct backend *be;

/* ------------------------------------------------------------ helpers */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Run until the guest writes the done port.  Port 0xf0 and MMIO exits are
 * answered at once; HLT gets an interrupt (through the interrupt window
 * when the guest cannot take it yet).  Returns the number of exits to
 * userspace before the done exit.
 */
static unsigned long run_to_done(struct vcpu *v)
{
	unsigned long exits = 0;

	for (;;) {
		switch (be->run(v)) {
		case EX_PIO_OUT:
			if (v->port == PORT_DONE)
				return exits;
			if (v->port != PORT_BENCH)
				errx(1, "unexpected OUT to port %#x", v->port);
			break;
		case EX_MMIO:
			break;
		case EX_HLT:
			if (be->ready_for_irq(v))
				be->inject(v, IRQ_VECTOR);
			else
				be->request_window(v, 1);
			break;
		case EX_IRQ_WINDOW:
			be->request_window(v, 0);
			be->inject(v, IRQ_VECTOR);
			break;
		case EX_RETRY:
			continue;
		case EX_OTHER:
			errx(1, "unexpected exit: %s", be->describe(v));
		}
		exits++;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define MAX_REPS 15

static double report(const char *figure, const char *unit, double *v, int n)
{
	double s[MAX_REPS], median;
	int i;

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	printf("BENCH %s %s %.4g %s runs=", backend_name, figure, median,
	       unit);
	for (i = 0; i < n; i++)
		printf("%s%.4g", i ? "," : "", v[i]);
	printf("\n");
	fflush(stdout);
	return median;
}

/* One VM with the guest's RAM and vCPU 0. */
struct vm {
	int fd;
	struct vcpu v;
};

static void vm_open(struct vm *vm)
{
	vm->fd = be->create_vm();
	be->set_mem(vm->fd);
	be->create_vcpu(vm->fd, 0, &vm->v);
}

static void vm_close(struct vm *vm)
{
	be->destroy_vcpu(&vm->v);
	close(vm->fd);
}

/* kB of a /proc/meminfo field, -1 if absent. */
static long meminfo(const char *field)
{
	char line[256];
	size_t len = strlen(field);
	long val = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		err(1, "/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			val = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return val;
}

/*
 * Free memory in KiB, counting the pages held in the per-CPU free lists
 * too (MemFree does not: a few allocations from those lists would not
 * show at all): /proc/zoneinfo "pages free" plus every pageset "count".
 */
static long free_kib(void)
{
	char line[256];
	long pages = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		err(1, "/proc/zoneinfo");
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " ");

		if (!strncmp(p, "pages free", 10))
			pages += strtol(p + 10, NULL, 10);
		else if (!strncmp(p, "count:", 6))
			pages += strtol(p + 6, NULL, 10);
	}
	fclose(f);
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

static void settle(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "3", 1) < 0)
			warn("drop_caches");
		close(fd);
	}
	usleep(100000);
}

/* ------------------------------------------------------------ figures */

static int reps;

/* Exits per repetition for the exit benchmarks. */
static void bench_exit_loop(const char *figure, const unsigned char *entry,
			    unsigned int iters, int exits_to_user)
{
	double v[MAX_REPS];
	struct vm vm;
	int r;

	vm_open(&vm);
	/* Warm up: fault the guest's pages in, build the nested tables. */
	be->start(&vm.v, GADDR(entry), 16);
	run_to_done(&vm.v);
	for (r = 0; r < reps; r++) {
		unsigned long exits;
		uint64_t t0, t1;

		be->start(&vm.v, GADDR(entry), iters);
		t0 = now_ns();
		exits = run_to_done(&vm.v);
		t1 = now_ns();
		if (exits_to_user && exits != iters)
			errx(1, "%s: %lu exits to userspace, expected %u",
			     figure, exits, iters);
		v[r] = (double)(t1 - t0) / iters;
	}
	vm_close(&vm);
	report(figure, "ns", v, reps);
}

/* Idle and total time of all CPUs so far, in USER_HZ ticks (/proc/stat). */
static void cpu_ticks(unsigned long long *idle, unsigned long long *total)
{
	unsigned long long t[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int i;

	if (!f || fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu",
			 &t[0], &t[1], &t[2], &t[3], &t[4], &t[5], &t[6],
			 &t[7]) != 8)
		err(1, "/proc/stat");
	fclose(f);
	*idle = t[3] + t[4];	/* idle + iowait */
	*total = 0;
	for (i = 0; i < 8; i++)
		*total += t[i];
}

static void bench_vm_create(unsigned int n)
{
	unsigned long long i0, t0s, i1, t1s;
	double v[MAX_REPS];
	unsigned int i;
	int r;

	cpu_ticks(&i0, &t0s);
	for (r = 0; r < reps; r++) {
		uint64_t t0 = now_ns();

		for (i = 0; i < n; i++)
			close(be->create_vm());
		v[r] = (double)(now_ns() - t0) / n;
	}
	cpu_ticks(&i1, &t1s);
	/* How much of it the CPU spent idle (waiting, not working). */
	printf("BENCH-INFO %s vm_create_destroy: CPU idle %llu of %llu ticks\n",
	       backend_name, i1 - i0, t1s - t0s);
	report("vm_create_destroy", "ns", v, reps);
}

static void bench_vcpu_create(unsigned int n)
{
	double v[MAX_REPS];
	struct vcpu vc[64];
	unsigned int i;
	int r, fd;

	for (r = 0; r < reps; r++) {
		uint64_t t = 0, t0;

		fd = be->create_vm();
		be->set_mem(fd);
		for (i = 0; i < n; i++) {
			t0 = now_ns();
			vc[i].fd = ioctl(fd, be == &kvm_backend ?
					 KVM_CREATE_VCPU : XVM_CREATE_VCPU, i);
			t += now_ns() - t0;
			if (vc[i].fd < 0)
				err(1, "create vCPU %u", i);
		}
		for (i = 0; i < n; i++)
			close(vc[i].fd);
		close(fd);
		v[r] = (double)t / n;
	}
	report("vcpu_create", "ns", v, reps);
}

/* From nothing to the first exit of a guest whose first instruction exits. */
static void bench_first_insn(void)
{
	double v[MAX_REPS];
	struct vm vm;
	int r;

	for (r = 0; r < reps; r++) {
		uint64_t t0 = now_ns();

		vm_open(&vm);
		be->start(&vm.v, GADDR(bench_g_first), 0);
		run_to_done(&vm.v);
		v[r] = (double)(now_ns() - t0);
		vm_close(&vm);
	}
	report("first_insn", "ns", v, reps);
}

static void bench_compute(unsigned int iters)
{
	double g[MAX_REPS], n[MAX_REPS], ratio[MAX_REPS];
	volatile unsigned int sink;
	struct vm vm;
	int r;

	vm_open(&vm);
	be->start(&vm.v, GADDR(bench_g_compute), 16);
	run_to_done(&vm.v);
	for (r = 0; r < reps; r++) {
		uint64_t t0;

		t0 = now_ns();
		sink = bench_native_compute(iters);
		n[r] = (double)(now_ns() - t0);

		be->start(&vm.v, GADDR(bench_g_compute), iters);
		t0 = now_ns();
		run_to_done(&vm.v);
		g[r] = (double)(now_ns() - t0);
		ratio[r] = n[r] / g[r];
	}
	(void)sink;
	vm_close(&vm);
	report("compute_guest", "ns", g, reps);
	report("compute_native", "ns", n, reps);
	report("compute_ratio", "x", ratio, reps);
}

/*
 * Kernel memory: the fall of free memory (free_kib) over creating n VMs
 * (each with its 64 KiB slot, all backed by the same, already touched,
 * user memory) or n vCPUs (created, run page mapped, run once to their
 * first exit, in a VM whose vCPU 0 already ran), divided by n.  Slab+KernelStack+PageTables
 * (+SecPageTables) is reported beside it: it misses whole pages taken
 * with alloc_pages (VMCB/VMCS, run pages).
 */
static void bench_memory(unsigned int n)
{
	static const char *const slab_fields[] = {
		"Slab", "KernelStack", "PageTables", "SecPageTables",
	};
	double vm_free[MAX_REPS], vm_slab[MAX_REPS];
	double cpu_free[MAX_REPS], cpu_slab[MAX_REPS];
	int fds[64];
	struct vcpu vc[64];
	unsigned int i, k;
	long f0, s0, f1, s1, x;
	int r;

#define SLAB(s) do { s = 0; for (k = 0; k < 4; k++) \
	if ((x = meminfo(slab_fields[k])) > 0) s += x; } while (0)

	for (r = 0; r < reps; r++) {
		settle();
		f0 = free_kib();
		SLAB(s0);
		for (i = 0; i < n; i++) {
			fds[i] = be->create_vm();
			be->set_mem(fds[i]);
		}
		f1 = free_kib();
		SLAB(s1);
		vm_free[r] = (double)(f0 - f1) / n;
		vm_slab[r] = (double)(s1 - s0) / n;
		for (i = 0; i < n; i++)
			close(fds[i]);
	}
	for (r = 0; r < reps; r++) {
		struct vm vm;

		vm_open(&vm);
		be->start(&vm.v, GADDR(bench_g_first), 0);
		run_to_done(&vm.v);
		settle();
		f0 = free_kib();
		SLAB(s0);
		for (i = 0; i < n; i++) {
			be->create_vcpu(vm.fd, i + 1, &vc[i]);
			be->start(&vc[i], GADDR(bench_g_first), 0);
			run_to_done(&vc[i]);
		}
		f1 = free_kib();
		SLAB(s1);
		cpu_free[r] = (double)(f0 - f1) / n;
		cpu_slab[r] = (double)(s1 - s0) / n;
		for (i = 0; i < n; i++)
			be->destroy_vcpu(&vc[i]);
		vm_close(&vm);
	}
#undef SLAB
	report("mem_per_vm", "KiB", vm_free, reps);
	report("mem_per_vm_slab", "KiB", vm_slab, reps);
	report("mem_per_vcpu", "KiB", cpu_free, reps);
	report("mem_per_vcpu_slab", "KiB", cpu_slab, reps);
}

/* ----------------------------------------------------- Linux boot */

#define BOOT_OUT	"/tmp/xvm-bench-boot.out"
#define BOOT_ERR	"/tmp/xvm-bench-boot.err"

/* Whether file @path holds a line starting with @prefix. */
static int file_has(const char *path, const char *prefix, long *num)
{
	char line[512];
	FILE *f = fopen(path, "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, prefix, strlen(prefix)))
			continue;
		found = 1;
		if (num)
			*num = strtol(line + strlen(prefix), NULL, 10);
	}
	if (f)
		fclose(f);
	return found;
}

static void show_tail(const char *path)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "tail -n 25 %s | sed 's/^/  | /'", path);
	fflush(stdout);
	if (system(cmd))
		printf("  (no %s)\n", path);
}

/*
 * The Linux guest of t-60 (tests/guests/linux: its /init prints a few
 * lines and runs `reboot -f`) booted @reps times by xvm-run, with --kvm
 * for KVM. Two figures: from fork() to xvm-run's exit after the guest's
 * reboot (linux_boot), and xvm-run's own "boot time" line, from its
 * start to the kernel's "Run /init" (linux_init, in ms).
 */
static int bench_boot(int argc, char **argv)
{
	static const char append[] =
		"console=ttyS0 panic=-1 nokaslr xvm_test=boot";
	double total[MAX_REPS], init[MAX_REPS];
	int i, n = quick ? 1 : 5;

	if (argc != 3)
		errx(2, "usage: xvm-bench boot xvm|kvm [-q] XVM_RUN BZIMAGE "
		     "INITRD");
	for (i = 0; i < n; i++) {
		uint64_t t0 = now_ns(), t1;
		long ms = -1;
		int status;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0)
			err(1, "fork");
		if (!pid) {
			const char *args[] = {
				argv[0], "--timeout", "600", "--kernel",
				argv[1], "--initrd", argv[2], "--append",
				append, NULL, NULL,
			};

			if (!strcmp(backend_name, "kvm")) {
				memmove(&args[2], &args[1], 9 * sizeof(*args));
				args[1] = "--kvm";
			}
			if (!freopen("/dev/null", "r", stdin) ||
			    !freopen(BOOT_OUT, "w", stdout) ||
			    !freopen(BOOT_ERR, "w", stderr))
				_exit(127);
			execv(args[0], (char **)args);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid)
			err(1, "waitpid");
		t1 = now_ns();
		if (!WIFEXITED(status) || WEXITSTATUS(status) ||
		    !file_has(BOOT_ERR, "xvm-run: guest rebooted", NULL) ||
		    !file_has(BOOT_OUT, "xvm-guest: 6*7=42", NULL) ||
		    !file_has(BOOT_ERR, "xvm-run: boot time ", &ms)) {
			printf("BENCH-FAIL %s linux boot %d: status %#x\n",
			       backend_name, i, status);
			show_tail(BOOT_OUT);
			show_tail(BOOT_ERR);
			return 1;
		}
		total[i] = t1 - t0;
		init[i] = ms * 1e6;
	}
	report("linux_boot", "ns", total, n);
	report("linux_init", "ns", init, n);
	printf("BENCH-DONE %s-boot\n", backend_name);
	return 0;
}

/* ------------------------------------------------------------ main */

static void open_backend(void)
{
	if (!strcmp(backend_name, "xvm")) {
		struct xvm_capabilities caps;

		be = &xvm_backend;
		sys_fd = open("/dev/xvm", O_RDWR | O_CLOEXEC);
		if (sys_fd < 0)
			err(1, "/dev/xvm");
		if (ioctl(sys_fd, XVM_GET_CAPABILITIES, &caps) < 0)
			err(1, "XVM_GET_CAPABILITIES");
		run_size = caps.run_size;
		printf("BENCH-INFO xvm backend %s, run page %zu bytes\n",
		       caps.backend == XVM_BACKEND_SVM ? "svm" : "vmx",
		       run_size);
	} else if (!strcmp(backend_name, "kvm")) {
		char line[4096];	/* the flags line is long */
		FILE *f;
		int sz;

		be = &kvm_backend;
		sys_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (sys_fd < 0)
			err(1, "/dev/kvm");
		if (ioctl(sys_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
			errx(1, "KVM API version");
		sz = ioctl(sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
		if (sz < 0)
			err(1, "KVM_GET_VCPU_MMAP_SIZE");
		run_size = sz;
		f = fopen("/proc/cpuinfo", "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "flags", 5)) {
				kvm_is_intel = !!strstr(line, " vmx ") ||
					       !!strstr(line, " vmx\n");
				break;
			}
		if (f)
			fclose(f);
		printf("BENCH-INFO kvm %s, run page %zu bytes\n",
		       kvm_is_intel ? "intel" : "amd", run_size);
	} else {
		errx(2, "usage: xvm-bench xvm|kvm [-q]");
	}
}

int main(int argc, char **argv)
{
	unsigned int exits, creates;
	uint16_t ivt[2];

	if (argc < 2)
		errx(2, "usage: xvm-bench [boot] xvm|kvm [-q]");
	if (!strcmp(argv[1], "boot")) {
		if (argc < 3)
			errx(2, "usage: xvm-bench boot xvm|kvm [-q] ...");
		backend_name = argv[2];
		quick = argc > 3 && !strcmp(argv[3], "-q");
		return bench_boot(argc - 3 - quick, argv + 3 + quick);
	}
	backend_name = argv[1];
	quick = argc > 2 && !strcmp(argv[2], "-q");
	reps = quick ? 3 : 7;
	exits = quick ? 200 : 1000;
	creates = quick ? 8 : 32;
	open_backend();

	guest_mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (guest_mem == MAP_FAILED)
		err(1, "mmap guest memory");
	memcpy(guest_mem + GUEST_LOAD, bench_guest,
	       bench_guest_end - bench_guest);
	ivt[0] = GADDR(bench_g_irq);	/* offset, segment 0 */
	ivt[1] = 0;
	memcpy(guest_mem + IRQ_VECTOR * 4, ivt, sizeof(ivt));

	bench_exit_loop("cpuid", bench_g_cpuid, exits, 0);
	bench_exit_loop("pio", bench_g_pio, exits, 1);
	bench_exit_loop("mmio", bench_g_mmio, exits, 1);
	bench_exit_loop("hlt_wake", bench_g_hlt, exits, 1);
	bench_vm_create(creates);
	bench_vcpu_create(creates);
	bench_first_insn();
	bench_compute(quick ? 1000000 : 5000000);
	bench_memory(creates);
	printf("BENCH-DONE %s\n", backend_name);
	return 0;
}
