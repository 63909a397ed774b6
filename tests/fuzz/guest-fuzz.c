// SPDX-License-Identifier: GPL-2.0
/*
 * guest-fuzz: random guest states and random guest code. Each case starts
 * from a real, 32-bit or 64-bit mode state (xvm-run's mode set-up), flips
 * random bits of the general, segment, control and descriptor-table
 * registers, sets random debug registers, MSRs and FPU state, puts random
 * instruction bytes (mixed with system instructions) at RIP, sometimes
 * scribbles over the GDT, IDT and page tables, injects random exceptions,
 * NMIs and interrupts, and runs, answering I/O, MMIO and MSR exits with
 * random data.
 *
 * Every case must end in a clean exit (any XVM_EXIT_*, FAIL_ENTRY,
 * INTERNAL_ERROR and SHUTDOWN included) or a clean errno; a case that is
 * still running at its deadline is ended by XVM_KICK from a watchdog
 * thread. A vCPU that does not come back after kicks for 10 s, an errno
 * outside the ABI's, or an unknown exit reason is a failure.
 *
 * Usage: guest-fuzz [SECONDS [SEED]]   ($XVM_FUZZ_SECONDS, default 20)
 * Prints the number of cases and exits, then "N passed, N failed".
 */
#include <pthread.h>
#include <signal.h>

#include "xvmtest.h"

#define CASE_MS		50	/* deadline of a case */
#define CASES_PER_VM	32
#define MAX_EXITS	64

static atomic_int cur_fd = -1;
static _Atomic double deadline;
static atomic_bool stop;
static atomic_ulong kicks;
static unsigned long cases, exits_by_reason[16], errnos;
static struct xvm_capabilities caps;
static struct xvm_cpuid_entry supported[256];
static int nsupported;

/* System instructions, mixed into the random bytes. */
static const char *const snippets[] = {
	"\x0f\x01\x10",			/* lgdt (%rax) */
	"\x0f\x01\x18",			/* lidt (%rax) */
	"\x0f\x22\xc0",			/* mov %rax, %cr0 */
	"\x0f\x22\xd8",			/* mov %rax, %cr3 */
	"\x0f\x22\xe0",			/* mov %rax, %cr4 */
	"\x44\x0f\x22\xc0",		/* mov %rax, %cr8 */
	"\x0f\x20\xc0",			/* mov %cr0, %rax */
	"\x0f\x30",			/* wrmsr */
	"\x0f\x32",			/* rdmsr */
	"\x0f\x33",			/* rdpmc */
	"\x0f\xa2",			/* cpuid */
	"\xe4\x80",			/* in $0x80, %al */
	"\xe6\x80",			/* out %al, $0x80 */
	"\xf3\x6c",			/* rep insb */
	"\xf3\x6e",			/* rep outsb */
	"\xf3\x67\x6d",			/* rep insl, 0x67 */
	"\xcc", "\xcd\x80", "\xcd\x02", "\xce", "\xcf", "\x48\xcf",
	"\x0f\x05", "\x0f\x07", "\x0f\x34", "\x0f\x35", /* syscall.. */
	"\xf4", "\xfa", "\xfb", "\x9c", "\x9d",
	"\x0f\x01\xd1",			/* xsetbv */
	"\x0f\x01\xd0",			/* xgetbv */
	"\x0f\x01\x38",			/* invlpg (%rax) */
	"\x0f\x09", "\x0f\x08",		/* wbinvd invd */
	"\x0f\x01\xc1", "\x0f\x01\xd9",	/* vmcall vmmcall */
	"\x0f\x01\xd8", "\x0f\x01\xda", "\x0f\x01\xdb", /* vmrun vmload vmsave */
	"\x0f\x01\xdc", "\x0f\x01\xdd", "\x0f\x01\xde", "\x0f\x01\xdf",
	"\xf3\x0f\xc7\x30",		/* vmxon (%rax) */
	"\x0f\x01\xc2", "\x0f\x01\xc3", "\x0f\x01\xc4", /* vmlaunch.. */
	"\x0f\x01\xf9",			/* rdtscp */
	"\x0f\x01\xc8", "\x0f\x01\xc9",	/* monitor mwait */
	"\x0f\x0b",			/* ud2 */
	"\x8e\xd0",			/* mov %ax, %ss */
	"\x8e\xd8",			/* mov %ax, %ds */
	"\x0f\x01\xf0",			/* lmsw %ax */
	"\x0f\x06",			/* clts */
	"\x0f\x23\xf8",			/* mov %rax, %dr7 */
	"\x0f\x21\xf8",			/* mov %dr7, %rax */
	"\x0f\x01\xf8",			/* swapgs */
	"\xff\x28",			/* ljmp *(%rax) */
	"\x0f\x00\xd8",			/* ltr %ax */
	"\x0f\x00\xd0",			/* lldt %ax */
	"\x0f\xaa",			/* rsm */
	"\x0f\x37",			/* getsec */
	"\x0f\xae\x28",			/* xrstor (%rax) */
	"\x0f\xae\x08",			/* fxrstor (%rax) */
	"\x0f\xae\x20",			/* xsave (%rax) */
	"\xf3\xa4",			/* rep movsb */
	"\x8b\x00", "\x89\x00",		/* mov (%rax) both ways */
	"\x0f\x31",			/* rdtsc */
	"\xf3\x90",			/* pause */
	"\x0f\x01\xca", "\x0f\x01\xcb",	/* clac stac */
	"\x0f\x01\xee",			/* rdpkru */
	"\x0f\xc7\xf8",			/* rdpid/rdseed */
};
#define NSNIPPETS (sizeof(snippets) / sizeof(snippets[0]))

static const uint32_t msr_list[] = {
	0x10, 0x1b, 0x3a, 0x48, 0x49, 0x10b, 0x174, 0x175, 0x176, 0x1d9,
	0x277, 0x480, 0x48d, 0x491, 0xc0000080, 0xc0000081, 0xc0000082,
	0xc0000083, 0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102,
	0xc0000103, 0xc0010114, 0xc0010117, 0x6e0, 0x1a0, 0x2ff,
};

static bool errno_ok(int e)
{
	switch (e) {
	case EINTR: case EFAULT: case EINVAL: case ENOMEM: case EAGAIN:
	case EBUSY: case EIO:
		return true;
	}
	return false;
}

static void *watchdog(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		int fd = atomic_load(&cur_fd);
		double late = tvm_now() - atomic_load(&deadline);

		if (fd >= 0 && late > 0) {
			ioctl(fd, XVM_KICK, 0);
			atomic_fetch_add(&kicks, 1);
			if (late > 10) {
				tvm_check(false, "a vCPU has not left the "
					  "guest for %.0f s after kicks", late);
				/* Where the threads are, for the log. */
				fflush(stdout);
				if (system("for t in /proc/$PPID/task/*; do "
					   "echo \"== $t\"; cat $t/stack; "
					   "done") < 0)
					perror("system");
				printf("guest-fuzz: %lu cases\n", cases);
				tvm_summary();
				fflush(stdout);
				_exit(1);
			}
		}
		usleep(2000);
	}
	return NULL;
}

static void mutate_bytes(void *p, size_t len, unsigned int flips)
{
	uint8_t *b = p;

	while (flips--)
		b[tvm_below(len)] ^= 1 << tvm_below(8);
}

static void random_code(uint8_t *mem, uint64_t at)
{
	unsigned int n = 0, len = 64;
	uint8_t *p = mem + at;

	tvm_fill_random(p, len);
	while (n < len - 8) {
		if (tvm_below(2)) {
			const char *s = snippets[tvm_below(NSNIPPETS)];
			size_t l = strlen(s);

			/* A few of them contain \x00: fine, shorter. */
			memcpy(p + n, s, l);
			n += l;
		} else {
			n += 1 + tvm_below(6);
		}
	}
	if (tvm_below(2))
		p[len - 1] = 0xf4;	/* end with HLT, sometimes */
}

static void random_state(struct tvm *t, uint64_t rip)
{
	struct xvm_regs regs;
	struct xvm_sregs sregs;
	enum xvm_mode mode = 1 + tvm_below(3);
	unsigned int i;

	xvm_mode_state(mode, rip, mode == XVM_MODE_REAL ? rip & ~0xffffULL : 0,
		       0, 1, &regs, &sregs);
	if (mode != XVM_MODE_REAL) {
		sregs.idt.base = TVM_IDT;
		sregs.idt.limit = tvm_below(4) ? 4095 : tvm_rand();
	}
	for (i = 0; i < 16; i++)
		if (tvm_below(2))
			(&regs.rax)[i] = tvm_below(2) ? tvm_rand_u64() :
					 tvm_below(TVM_RAM);
	if (tvm_below(3) == 0)
		regs.rflags = tvm_rand();
	if (tvm_below(4) == 0)
		regs.rip = tvm_rand_u64();
	switch (tvm_below(4)) {
	case 0:
		break;
	case 1:		/* a few bits anywhere in the segment/CR state */
		mutate_bytes(&sregs, offsetof(struct xvm_sregs, reserved),
			     1 + tvm_below(4));
		break;
	case 2:		/* the control registers */
		sregs.cr0 ^= 1ULL << tvm_below(32);
		sregs.cr4 ^= 1ULL << tvm_below(24);
		if (tvm_below(2))
			sregs.efer ^= 1ULL << tvm_below(16);
		if (tvm_below(2))
			sregs.cr3 = tvm_rand_u64();
		sregs.cr8 = tvm_below(17);
		break;
	default:	/* a segment's attributes */
		mutate_bytes(&sregs.cs + tvm_below(8),
			     offsetof(struct xvm_segment, reserved),
			     1 + tvm_below(3));
		break;
	}
	/*
	 * QEMU's SVM emulation aborts the whole emulated machine ("qemu:
	 * fatal: invalid tss type" / "invalid tss") when a guest at CPL > 0
	 * takes an interrupt while TR, as the VMM set it, is not present or
	 * not a 32-bit TSS type QEMU expects (9). Real CPUs take it; keep TR
	 * sane on SVM so that the fuzzer can run under QEMU.
	 */
	if (caps.backend == XVM_BACKEND_SVM) {
		sregs.tr.present = 1;
		sregs.tr.unusable = 0;
		sregs.tr.s = 0;
		sregs.tr.type = (sregs.efer & XVM_EFER_LMA) ? 11 : 9;
	}
	/* Reserved fields stay zero mostly: the point is to get through. */
	if (tvm_below(16)) {
		struct xvm_segment *s = &sregs.cs;

		for (i = 0; i < 8; i++)
			memset(s[i].reserved, 0, sizeof(s[i].reserved));
		memset(sregs.gdt.reserved, 0, sizeof(sregs.gdt.reserved));
		memset(sregs.idt.reserved, 0, sizeof(sregs.idt.reserved));
		memset(sregs.reserved, 0, sizeof(sregs.reserved));
	}
	if (ioctl(t->vcpu, XVM_SET_SREGS, &sregs))
		tvm_check(errno == EINVAL, "SET_SREGS: %s", tvm_errname(errno));
	if (ioctl(t->vcpu, XVM_SET_REGS, &regs))
		tvm_check(false, "SET_REGS: %s", tvm_errname(errno));
}

/*
 * QEMU 7.2's #VMEXIT restores the host's CR0 before its CR4 and EFER: when
 * the guest had EFER.LME set with paging and PAE off, QEMU takes the host's
 * CR0.PG for an entry into long mode without PAE, silently keeps the
 * guest's CR0, and the emulated host runs on with paging off, gone for
 * good. Real CPUs are fine. Under SVM, LME stays off while paging is: the
 * guest could only reach the state again with its own WRMSR of EFER.
 */
static void avoid_qemu_svm_efer(struct tvm *t)
{
	struct xvm_sregs sregs;

	if (caps.backend != XVM_BACKEND_SVM ||
	    ioctl(t->vcpu, XVM_GET_SREGS, &sregs))
		return;
	if ((sregs.efer & XVM_EFER_LME) && !(sregs.cr0 & XVM_CR0_PG)) {
		sregs.efer &= ~XVM_EFER_LME;
		if (ioctl(t->vcpu, XVM_SET_SREGS, &sregs))
			tvm_check(false, "SET_SREGS without LME: %s",
				  tvm_errname(errno));
	}
}

static void random_extras(struct tvm *t, uint8_t *fpu_buf)
{
	if (!tvm_below(3)) {
		struct xvm_debugregs dr;

		tvm_fill_random(&dr, sizeof(dr));
		dr.dr6 &= 0xffffffff;
		dr.dr7 &= tvm_below(2) ? 0xffffffff : 0xff;
		memset(dr.reserved, 0, sizeof(dr.reserved));
		if (ioctl(t->vcpu, XVM_SET_DEBUGREGS, &dr))
			tvm_check(errno == EINVAL, "SET_DEBUGREGS: %s",
				  tvm_errname(errno));
	}
	if (!tvm_below(3)) {
		struct xvm_msr_entry e[4];
		struct xvm_msrs m = { .nmsrs = 1 + tvm_below(4),
				      .entries = (uintptr_t)e };
		unsigned int i;
		int r;

		for (i = 0; i < 4; i++) {
			e[i].index = msr_list[tvm_below(sizeof(msr_list) /
							sizeof(msr_list[0]))];
			e[i].reserved = 0;
			e[i].data = tvm_rand_u64();
		}
		r = ioctl(t->vcpu, XVM_SET_MSRS, &m);
		tvm_check(r >= 0 && r <= (int)m.nmsrs, "SET_MSRS: %d %s", r,
			  r < 0 ? tvm_errname(errno) : "");
	}
	if (!tvm_below(6)) {
		struct xvm_fpu *f = (void *)fpu_buf;
		static const uint64_t x[] = { 1, 3, 7, 0xe7, 0x207 };

		if (ioctl(t->vcpu, XVM_GET_FPU, f) == 0) {
			mutate_bytes(f->xsave, tvm_below(2) ? 512 : 1024,
				     1 + tvm_below(8));
			if (tvm_below(2))
				f->xcr0 = x[tvm_below(5)];
			if (ioctl(t->vcpu, XVM_SET_FPU, f))
				tvm_check(errno == EINVAL, "SET_FPU: %s",
					  tvm_errname(errno));
		}
	}
	if (!tvm_below(4)) {
		struct xvm_cpuid c = { .nent = nsupported,
				       .entries = (uintptr_t)supported };

		if (ioctl(t->vcpu, XVM_SET_CPUID, &c))
			tvm_check(false, "SET_CPUID of the supported table: %s",
				  tvm_errname(errno));
	}
	for (int n = tvm_below(4); n > 0; n--) {
		struct xvm_event ev = { 0 };

		ev.type = tvm_below(3);
		switch (ev.type) {
		case XVM_EVENT_EXCEPTION:
			ev.vector = tvm_below(22);
			ev.has_error_code = tvm_below(2);
			ev.error_code = tvm_rand();
			break;
		case XVM_EVENT_INTERRUPT:
			ev.vector = 16 + tvm_below(240);
			break;
		default:
			ev.vector = 2;
		}
		if (ioctl(t->vcpu, XVM_INJECT_EVENT, &ev))
			tvm_check(errno == EINVAL || errno == EBUSY,
				  "INJECT_EVENT %u/%u: %s", ev.type, ev.vector,
				  tvm_errname(errno));
	}
	t->run->request_interrupt_window = !tvm_below(8);
}

static uint64_t base_seed;
static bool trace;
static int trace_kmsg = -1;

static void one_case(struct tvm *t, uint8_t *fpu_buf)
{
	uint64_t rip, case_seed = base_seed ^ (cases * 0x9e3779b97f4a7c15ULL);
	unsigned int i;
	bool clean = false;

	/* Each case from its own seed: "guest-fuzz 0 SEED" replays it. */
	tvm_srand(case_seed);
	if (trace) {
		printf("case %lu seed %#llx\n", cases,
		       (unsigned long long)case_seed);
		fflush(stdout);
		/* Also on the console: a stuck CPU may keep the file back. */
		if (trace_kmsg >= 0)
			dprintf(trace_kmsg, "guest-fuzz: case %lu seed %#llx\n",
				cases, (unsigned long long)case_seed);
	}

	/* Fresh tables, then maybe damage to them. */
	xvm_mode_prepare_memory(XVM_MODE_LONG64, t->mem, t->mem_size);
	tvm_build_idt(t->mem);
	if (!tvm_below(6))
		mutate_bytes(t->mem + XVM_GDT_ADDR, 0x9000 - XVM_GDT_ADDR,
			     1 + tvm_below(16));
	rip = tvm_below(4) ? TVM_CODE + tvm_below(0x1000) :
			     0x10000 + tvm_below(t->mem_size - 0x10100);
	random_code(t->mem, rip);
	random_state(t, rip);
	random_extras(t, fpu_buf);
	avoid_qemu_svm_efer(t);

	atomic_store(&deadline, tvm_now() + CASE_MS / 1000.0);
	atomic_store(&cur_fd, t->vcpu);
	for (i = 0; i < MAX_EXITS; i++) {
		int r = ioctl(t->vcpu, XVM_RUN, 0);
		uint32_t reason = t->run->exit_reason;

		if (r < 0) {
			errnos++;
			if (!errno_ok(errno)) {
				tvm_check(false, "RUN: %s", tvm_errname(errno));
				break;
			}
			clean = true;
			if (errno == EINTR && tvm_now() < atomic_load(&deadline))
				continue;
			break;
		}
		if (reason >= 16 || reason == XVM_EXIT_NONE ||
		    reason > XVM_EXIT_MSR) {
			tvm_check(false, "RUN: exit reason %u", reason);
			break;
		}
		exits_by_reason[reason]++;
		clean = true;
		if (reason == XVM_EXIT_IO)
			t->run->io.data = tvm_rand();
		else if (reason == XVM_EXIT_MMIO)
			tvm_fill_random(t->run->mmio.data, 8);
		else if (reason == XVM_EXIT_MSR) {
			t->run->msr.data = tvm_rand();
			t->run->msr.error = tvm_below(2);
		} else if (reason == XVM_EXIT_HLT && tvm_below(2)) {
			struct xvm_event ev = {
				.type = XVM_EVENT_INTERRUPT,
				.vector = 32 + tvm_below(224),
			};

			ioctl(t->vcpu, XVM_INJECT_EVENT, &ev);
		} else if (reason != XVM_EXIT_IRQ_WINDOW) {
			break;	/* SHUTDOWN, FAIL_ENTRY, INTERNAL, INTR, HLT */
		}
		if (tvm_now() > atomic_load(&deadline))
			break;
	}
	atomic_store(&cur_fd, -1);
	tvm_check(clean, "case %lu did not end cleanly", cases);
	cases++;
}

int main(int argc, char **argv)
{
	struct xvm_cpuid c = { .nent = 256, .entries = (uintptr_t)supported };
	double secs, end;
	uint64_t seed;
	pthread_t wd;
	uint8_t *fpu_buf;
	unsigned long vms = 0;
	int dev, i;

	secs = tvm_seconds(argc, argv, 1, 20);
	seed = argc > 2 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	tvm_srand(seed);
	base_seed = seed;
	trace = getenv("XVM_FUZZ_TRACE");
	if (trace)
		trace_kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	tvm_verbose = getenv("XVM_FUZZ_VERBOSE");
	printf("guest-fuzz: %.0f s, seed %#llx\n", secs,
	       (unsigned long long)seed);
	fflush(stdout);
	dev = tvm_open_dev();
	if (ioctl(dev, XVM_GET_CAPABILITIES, &caps)) {
		perror("XVM_GET_CAPABILITIES");
		return 2;
	}
	nsupported = ioctl(dev, XVM_GET_SUPPORTED_CPUID, &c);
	if (nsupported < 0) {
		perror("XVM_GET_SUPPORTED_CPUID");
		return 2;
	}
	close(dev);
	fpu_buf = tvm_alloc(4096);
	pthread_create(&wd, NULL, watchdog, NULL);
	if (secs == 0) {	/* replay the one case of seed SEED */
		struct tvm t;

		if (tvm_create(&t, TVM_RAM, NULL, 0))
			return 2;
		trace = true;
		one_case(&t, tvm_alloc(4096));
		printf("exit %s\n", tvm_exit_name(t.run->exit_reason));
		return tvm_summary();
	}

	end = tvm_now() + secs;
	while (tvm_now() < end) {
		struct tvm t;
		int r = tvm_create(&t, TVM_RAM, NULL, 0);

		vms++;
		if (r) {
			tvm_check(false, "VM set-up: %s", tvm_errname(-r));
			tvm_destroy(&t);
			break;
		}
		for (i = 0; i < CASES_PER_VM && tvm_now() < end; i++) {
			/* Now and then a fresh vCPU in the same VM. */
			if (i && !tvm_below(8) && i < (int)caps.max_vcpus) {
				int v = ioctl(t.vm, XVM_CREATE_VCPU, i);

				if (v >= 0) {
					munmap(t.run, 4096);
					close(t.vcpu);
					t.vcpu = v;
					t.run = mmap(NULL, 4096,
						     PROT_READ | PROT_WRITE,
						     MAP_SHARED, v, 0);
				}
			}
			one_case(&t, fpu_buf);
		}
		tvm_destroy(&t);
	}
	atomic_store(&stop, true);
	pthread_join(wd, NULL);
	printf("guest-fuzz: %lu cases in %lu VMs, %lu kicks, %lu errno "
	       "returns; exits:", cases, vms, atomic_load(&kicks), errnos);
	for (i = 1; i <= XVM_EXIT_MSR; i++)
		printf(" %s %lu", tvm_exit_name(i), exits_by_reason[i]);
	printf("\n");
	return tvm_summary();
}
