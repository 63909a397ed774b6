/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvmtest.h: helpers shared by the fuzzers (tests/fuzz/) and the isolation
 * tests (tests/isolation/): a random generator, pass/fail counters, and a
 * small VM in 64-bit mode (xvm-run's mode set-up, userspace/modes.c) with
 * an IDT whose handlers report the vector on a port.
 *
 * Guest memory layout (RAM at guest physical 0, TVM_RAM bytes):
 *   0x1000 GDT, 0x1800 TSS, 0x2000-0x8000 identity page tables (4 GiB in
 *   2 MiB pages), stack below 0x10000 (modes.c);
 *   0x9000 IDT (256 gates), 0xa000 their stubs (16 bytes each);
 *   0x20000 the code under test.
 * An exception in the guest ends in an OUT of its vector to TVM_PORT_EXC,
 * then HLT.
 */
#ifndef XVM_TESTS_XVMTEST_H
#define XVM_TESTS_XVMTEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "modes.h"

#define TVM_RAM		(2ULL << 20)
#define TVM_IDT		0x9000ULL
#define TVM_STUBS	0xa000ULL
#define TVM_CODE	0x20000ULL
#define TVM_PORT_EXC	0xe0	/* OUT of the vector of an exception */
#define TVM_PORT_DONE	0xe1	/* OUT at the end of a snippet */
#define TVM_PORT_VAL	0xe2	/* OUT of a value the snippet reports */

/*
 * Guest code, assembled with the test program (64-bit, position
 * independent): GUEST_CODE(name, "insns") defines name_start/name_end.
 */
#define GUEST_CODE(name, body)						\
	extern const uint8_t name##_start[], name##_end[];		\
	asm(".pushsection .rodata\n.balign 16\n" #name "_start:\n"	\
	    body "\n" #name "_end:\n.popsection\n")

/* ---------------------------------------------------------------- random */

static __thread uint64_t tvm_rng_state;

static inline void tvm_srand(uint64_t seed)
{
	tvm_rng_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

static inline uint64_t tvm_rand(void)
{
	uint64_t x = tvm_rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	tvm_rng_state = x;
	return x;
}

static inline uint64_t tvm_below(uint64_t n)
{
	return n ? tvm_rand() % n : 0;
}

static inline void tvm_fill_random(void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = tvm_rand();
}

/* A 64-bit value that is often at a boundary. */
static inline uint64_t tvm_rand_u64(void)
{
	static const uint64_t edge[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0xfff, 0x1000, 0xffff, 0x10000,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffULL, 0x800000000000ULL, 0xffff800000000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL,
		~0ULL - 4095,
	};

	switch (tvm_below(4)) {
	case 0:
		return edge[tvm_below(sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return tvm_below(256);
	case 2:
		return 1ULL << tvm_below(64);
	default:
		return tvm_rand();
	}
}

static inline double tvm_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds from argv[i] if given, else $XVM_FUZZ_SECONDS, else @def. */
static inline double tvm_seconds(int argc, char **argv, int i, double def)
{
	const char *s = argc > i ? argv[i] : getenv("XVM_FUZZ_SECONDS");

	return s && *s ? atof(s) : def;
}

/* ---------------------------------------------------------------- verdicts */

static atomic_ulong tvm_passed, tvm_failed;
static bool tvm_verbose;

static inline void tvm_check(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void tvm_check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		atomic_fetch_add(&tvm_passed, 1);
		if (!tvm_verbose)
			return;
	} else {
		atomic_fetch_add(&tvm_failed, 1);
	}
	flockfile(stdout);
	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	funlockfile(stdout);
}

static inline int tvm_summary(void)
{
	unsigned long p = atomic_load(&tvm_passed);
	unsigned long f = atomic_load(&tvm_failed);

	printf("%lu passed, %lu failed\n", p, f);
	fflush(stdout);
	return f ? 1 : 0;
}

static inline const char *tvm_errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

/* ---------------------------------------------------------------- a VM */

struct tvm {
	int sys, vm, vcpu;
	struct xvm_run *run;
	uint8_t *mem;
	uint64_t mem_size;
};

static inline int tvm_open_dev(void)
{
	int fd = open("/dev/xvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("/dev/xvm");
		exit(2);
	}
	return fd;
}

static inline void *tvm_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static inline int tvm_set_region(int vm, uint32_t slot, uint64_t gpa,
				 uint64_t size, void *uaddr, uint32_t flags)
{
	struct xvm_memory_region mr = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.size = size, .userspace_addr = (uint64_t)(uintptr_t)uaddr,
	};

	return ioctl(vm, XVM_SET_MEMORY_REGION, &mr);
}

/* IDT gates for every vector, to stubs that report the vector. */
static inline void tvm_build_idt(uint8_t *mem)
{
	unsigned int v;

	for (v = 0; v < 256; v++) {
		uint64_t h = TVM_STUBS + v * 16;
		uint8_t *g = mem + TVM_IDT + v * 16;
		uint8_t *s = mem + TVM_STUBS + v * 16;
		uint64_t lo;

		lo = (h & 0xffff) | (uint64_t)XVM_SEL_CODE64 << 16 |
		     0x8eULL << 40 | ((h >> 16) & 0xffff) << 48;
		memcpy(g, &lo, 8);
		memset(g + 8, 0, 8);
		memcpy(g + 8, (uint32_t[]){ h >> 32 }, 4);
		/* mov $v, %eax; out %eax, $0xe0; 1: hlt; jmp 1b */
		s[0] = 0xb8;
		memcpy(s + 1, (uint32_t[]){ v }, 4);
		s[5] = 0xe7;
		s[6] = TVM_PORT_EXC;
		s[7] = 0xf4;
		s[8] = 0xeb;
		s[9] = 0xfd;
	}
}

/*
 * A VM with @mem_size bytes of RAM at 0 (slot 0), one vCPU, 64-bit mode,
 * the IDT above and @code at TVM_CODE. Returns 0 or -errno.
 */
static inline int tvm_create(struct tvm *t, uint64_t mem_size,
			     const void *code, size_t code_len)
{
	struct xvm_regs regs;
	struct xvm_sregs sregs;

	memset(t, 0, sizeof(*t));
	/* Not tvm_open_dev(): the module may be gone (t-73's open-loop). */
	t->sys = open("/dev/xvm", O_RDWR | O_CLOEXEC);
	if (t->sys < 0)
		return -errno;
	t->vm = ioctl(t->sys, XVM_CREATE_VM, 0);
	if (t->vm < 0)
		return -errno;
	t->mem_size = mem_size;
	t->mem = tvm_alloc(mem_size);
	if (xvm_mode_prepare_memory(XVM_MODE_LONG64, t->mem, mem_size))
		return -EINVAL;
	tvm_build_idt(t->mem);
	if (code)
		memcpy(t->mem + TVM_CODE, code, code_len);
	if (tvm_set_region(t->vm, 0, 0, mem_size, t->mem, 0))
		return -errno;
	t->vcpu = ioctl(t->vm, XVM_CREATE_VCPU, 0);
	if (t->vcpu < 0)
		return -errno;
	t->run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		      t->vcpu, 0);
	if (t->run == MAP_FAILED)
		return -errno;
	xvm_mode_state(XVM_MODE_LONG64, TVM_CODE, 0, 0, 1, &regs, &sregs);
	sregs.idt.base = TVM_IDT;
	sregs.idt.limit = 256 * 16 - 1;
	if (ioctl(t->vcpu, XVM_SET_SREGS, &sregs) ||
	    ioctl(t->vcpu, XVM_SET_REGS, &regs))
		return -errno;
	return 0;
}

static inline void tvm_destroy(struct tvm *t)
{
	if (t->run && t->run != MAP_FAILED)
		munmap(t->run, 4096);
	if (t->vcpu > 0)
		close(t->vcpu);
	if (t->vm > 0)
		close(t->vm);
	if (t->sys > 0)
		close(t->sys);
	if (t->mem)
		munmap(t->mem, t->mem_size);
	memset(t, 0, sizeof(*t));
}

/* Start the vCPU at @rip with a fresh stack and RAX..RDX as given. */
static inline int tvm_set_entry(struct tvm *t, uint64_t rip, uint64_t rax,
				uint64_t rbx, uint64_t rcx, uint64_t rdx)
{
	struct xvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.rip = rip;
	regs.rsp = XVM_STACK_TOP;
	regs.rflags = 2;
	regs.rax = rax;
	regs.rbx = rbx;
	regs.rcx = rcx;
	regs.rdx = rdx;
	return ioctl(t->vcpu, XVM_SET_REGS, &regs);
}

static inline const char *tvm_exit_name(uint32_t r)
{
	static const char *const names[] = {
		"NONE", "IO", "MMIO", "HLT", "SHUTDOWN", "FAIL_ENTRY",
		"INTERNAL_ERROR", "INTR", "IRQ_WINDOW", "MSR",
	};

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

#endif /* XVM_TESTS_XVMTEST_H */
