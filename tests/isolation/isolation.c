// SPDX-License-Identifier: GPL-2.0
/*
 * isolation: what a guest or a second process must not reach.
 *
 *   isolation intercepts  MSRs and instructions that belong to the host
 *                         give the guest #GP/#UD (or go to the VMM);
 *                         no MSR outside the module's list is answered
 *                         without an exit
 *   isolation db-loop     a #DB whose delivery raises #DB again does not
 *                         hold the CPU: a kick ends the run
 *   isolation ports       every port 0-0xffff, IN and OUT, exits
 *   isolation cpuid       the guest sees no VMX, SVM, MONITOR, x2APIC,
 *                         ... even when the VMM asks for all bits
 *   isolation memory      guest physical addresses outside the slots give
 *                         MMIO exits (or the guest's own #PF above its
 *                         MAXPHYADDR), never data
 *   isolation twovm       two VMs at the same guest addresses, running
 *                         together, each see only their own memory
 *   isolation fds         VM/vCPU fds in another process (fork, exec,
 *                         SCM_RIGHTS) or kept after the VMM exits give
 *                         EIO; the run page mmap stays valid
 *   isolation perms       /dev/xvm is root-only (0600); nobody gets EACCES
 *   isolation open-loop S open /dev/xvm, make and run a VM, in a loop for
 *                         S seconds, tolerating the module's absence
 *                         (for the load/unload stress test)
 *   isolation all         intercepts ports cpuid memory twovm fds perms
 *
 * Each prints failures (and, with -v, every check), then
 * "N passed, N failed"; exit status non-zero on a failure.
 */
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "xvmtest.h"

static const char *backend = "?";

/* What a snippet did. */
enum outcome { O_DONE, O_EXC, O_VMM_MSR, O_EXIT, O_ERRNO };

struct result {
	enum outcome o;
	uint32_t val;		/* DONE: EAX; EXC: vector; EXIT: reason */
};

/* Code at TVM_CODE: @insn, then OUT %eax to TVM_PORT_DONE, then HLT. */
static void put_snippet(struct tvm *t, const void *insn, size_t len)
{
	static const uint8_t tail[] = { 0xe7, TVM_PORT_DONE, 0xf4 };

	memcpy(t->mem + TVM_CODE, insn, len);
	memcpy(t->mem + TVM_CODE + len, tail, sizeof(tail));
}

/* Run until the snippet reports; VMM MSR exits are refused (#GP). */
static struct result run_snippet(struct tvm *t)
{
	struct result r = { O_ERRNO, 0 };
	bool vmm = false;
	int n;

	for (n = 0; n < 16; n++) {
		if (ioctl(t->vcpu, XVM_RUN, 0)) {
			r.val = errno;
			return r;
		}
		switch (t->run->exit_reason) {
		case XVM_EXIT_IO:
			if (t->run->io.port == TVM_PORT_DONE) {
				r.o = vmm ? O_VMM_MSR : O_DONE;
				r.val = t->run->io.data;
				return r;
			}
			if (t->run->io.port == TVM_PORT_EXC) {
				r.o = vmm ? O_VMM_MSR : O_EXC;
				r.val = t->run->io.data;
				return r;
			}
			break;
		case XVM_EXIT_MSR:
			vmm = true;
			t->run->msr.error = 1;
			break;
		default:
			r.o = O_EXIT;
			r.val = t->run->exit_reason;
			return r;
		}
	}
	r.o = O_EXIT;
	r.val = 0xffff;
	return r;
}

static const char *res_str(struct result r, char *buf)
{
	switch (r.o) {
	case O_DONE: sprintf(buf, "done (eax %#x)", r.val); break;
	case O_EXC: sprintf(buf, "exception %u", r.val); break;
	case O_VMM_MSR: sprintf(buf, "VMM asked"); break;
	case O_EXIT: sprintf(buf, "exit %s", tvm_exit_name(r.val)); break;
	default: sprintf(buf, "errno %s", tvm_errname(r.val));
	}
	return buf;
}

static struct tvm *new_vm(struct tvm *t)
{
	int r = tvm_create(t, TVM_RAM, NULL, 0);

	if (r) {
		fprintf(stderr, "VM set-up: %s\n", tvm_errname(-r));
		exit(2);
	}
	return t;
}

/* ------------------------------------------------------------ intercepts */

#define UD 6
#define GP 13

static const struct insn_case {
	const char *name;
	const char *bytes;
	unsigned int len;
	int vector;		/* expected exception, -1: completes */
} insns[] = {
	{ "VMRUN", "\x0f\x01\xd8", 3, UD },
	{ "VMMCALL", "\x0f\x01\xd9", 3, UD },
	{ "VMLOAD", "\x0f\x01\xda", 3, UD },
	{ "VMSAVE", "\x0f\x01\xdb", 3, UD },
	{ "STGI", "\x0f\x01\xdc", 3, UD },
	{ "CLGI", "\x0f\x01\xdd", 3, UD },
	{ "SKINIT", "\x0f\x01\xde", 3, UD },
	{ "INVLPGA", "\x0f\x01\xdf", 3, UD },
	{ "VMCALL", "\x0f\x01\xc1", 3, UD },
	{ "VMLAUNCH", "\x0f\x01\xc2", 3, UD },
	{ "VMRESUME", "\x0f\x01\xc3", 3, UD },
	{ "VMXOFF", "\x0f\x01\xc4", 3, UD },
	{ "VMXON", "\xf3\x0f\xc7\x33", 4, UD },
	{ "VMPTRLD", "\x0f\xc7\x33", 3, UD },
	{ "VMCLEAR", "\x66\x0f\xc7\x33", 4, UD },
	{ "VMPTRST", "\x0f\xc7\x3b", 3, UD },
	{ "VMREAD", "\x0f\x78\xc8", 3, UD },
	{ "VMWRITE", "\x0f\x79\xc8", 3, UD },
	{ "INVEPT", "\x66\x0f\x38\x80\x03", 5, UD },
	{ "INVVPID", "\x66\x0f\x38\x81\x03", 5, UD },
	{ "VMFUNC", "\x0f\x01\xd4", 3, UD },
	{ "GETSEC", "\x0f\x37", 2, UD },
	{ "MONITOR", "\x0f\x01\xc8", 3, UD },
	{ "MWAIT", "\x0f\x01\xc9", 3, UD },
	{ "RDTSCP", "\x0f\x01\xf9", 3, -2 },	/* see below */
	{ "RDPMC", "\x0f\x33", 2, GP },
	/* mov %cr4, %rax; or $0x2000 (VMXE), %rax; mov %rax, %cr4 */
	{ "CR4.VMXE", "\x0f\x20\xe0\x48\x0d\x00\x20\x00\x00\x0f\x22\xe0", 12,
	  GP },
	{ "CR4.SMXE", "\x0f\x20\xe0\x48\x0d\x00\x40\x00\x00\x0f\x22\xe0", 12,
	  GP },
	/* xor %eax,%eax; xor %edx,%edx; xor %ecx,%ecx; xsetbv: XCR0 = 0 */
	/* CR4.OSXSAVE is clear here: #UD before any check of the value. */
	{ "XSETBV 0", "\x31\xc0\x31\xd2\x31\xc9\x0f\x01\xd1", 9, UD },
	{ "XSETBV 1", "\xb8\x01\x00\x00\x00\x31\xd2\xb9\x01\x00\x00\x00"
	  "\x0f\x01\xd1", 15, UD },
	{ "INVD", "\x0f\x08", 2, -1 },
	{ "WBINVD", "\x0f\x09", 2, -1 },
	{ "CPUID", "\x0f\xa2", 2, -1 },
};

static const struct msr_case {
	const char *name;
	uint32_t index;
	bool write;
	uint64_t value;
} refused_msrs[] = {
	{ "FEATURE_CONTROL", 0x3a, false, 0 },
	{ "FEATURE_CONTROL", 0x3a, true, 5 },
	{ "VMX_BASIC", 0x480, false, 0 },
	{ "VMX_PINBASED_CTLS", 0x481, false, 0 },
	{ "VMX_CR4_FIXED1", 0x489, false, 0 },
	{ "VMX_EPT_VPID_CAP", 0x48c, false, 0 },
	{ "VMX_VMFUNC", 0x491, false, 0 },
	{ "VM_CR", 0xc0010114, false, 0 },
	{ "VM_CR", 0xc0010114, true, 0 },
	{ "VM_HSAVE_PA", 0xc0010117, false, 0 },
	{ "VM_HSAVE_PA", 0xc0010117, true, 0x1000 },
	{ "IGNNE", 0xc0010115, true, 0 },
	{ "SPEC_CTRL", 0x48, false, 0 },
	{ "SPEC_CTRL", 0x48, true, 1 },
	{ "PRED_CMD", 0x49, true, 1 },
	{ "FLUSH_CMD", 0x10b, true, 1 },
	{ "TSC_AUX", 0xc0000103, false, 0 },
	{ "XSS", 0xda0, true, 0 },
	{ "RTIT_CTL", 0x570, true, 1 },
	{ "EFER.SVME", 0xc0000080, true, 1 << 12 },
	{ "EFER reserved", 0xc0000080, true, 1 << 20 },
	{ "APIC_BASE x2APIC", 0x1b, true, 0xfee00000 | 0xc00 },
	{ "PAT invalid", 0x277, true, 0x0202020202020202ULL },
	{ "DEBUGCTL", 0x1d9, true, 1 },
};

/* MSRs the module answers itself (both backends): anything else exits. */
static bool msr_emulated(uint32_t i)
{
	switch (i) {
	case 0x10: case 0x17: case 0x1b: case 0x79: case 0x8b: case 0xfe:
	case 0x174: case 0x175: case 0x176: case 0x179: case 0x17a:
	case 0x1a0: case 0x1d9: case 0x277:
	case 0xc0000080: case 0xc0000081: case 0xc0000082: case 0xc0000083:
	case 0xc0000084: case 0xc0000100: case 0xc0000101: case 0xc0000102:
		return true;
	}
	return false;
}

static void msr_snippet(struct tvm *t, bool write)
{
	static const uint8_t rd[] = { 0x0f, 0x32 }, wr[] = { 0x0f, 0x30 };

	put_snippet(t, write ? wr : rd, 2);
}

static void test_intercepts(void)
{
	struct tvm t;
	char b1[64];
	unsigned int i, sweep_done = 0, sweep_vmm = 0, sweep_gp = 0;
	static const uint32_t ranges[][2] = {
		{ 0, 0x1000 }, { 0xc0000000, 0xc0000200 },
		{ 0xc0010000, 0xc0010200 }, { 0x40000000, 0x40000010 },
	};

	new_vm(&t);
	for (i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		struct result r;

		put_snippet(&t, insns[i].bytes, insns[i].len);
		tvm_set_entry(&t, TVM_CODE, 0, TVM_CODE + 0x800, 0, 0);
		r = run_snippet(&t);
		if (insns[i].vector == -2)	/* RDTSCP */
			/*
			 * #UD on both backends on hardware; QEMU's SVM does
			 * not honour the RDTSCP intercept and runs it.
			 */
			tvm_check((r.o == O_EXC && r.val == UD) ||
				  (r.o == O_DONE && !strcmp(backend, "svm")),
				  "%s: %s (want #UD)", insns[i].name,
				  res_str(r, b1));
		else if (insns[i].vector < 0)
			tvm_check(r.o == O_DONE, "%s: %s (want completion)",
				  insns[i].name, res_str(r, b1));
		else if (!strncmp(insns[i].name, "CR4.", 4))
			/*
			 * On SVM, CR4 writes are not intercepted: the CPU
			 * refuses the reserved bit (#GP), or QEMU takes it
			 * and the next VMRUN fails (FAIL_ENTRY). Either way
			 * the guest never runs with it.
			 */
			tvm_check((r.o == O_EXC && r.val == GP) ||
				  (r.o == O_EXIT && r.val == XVM_EXIT_FAIL_ENTRY),
				  "%s: %s (want #GP or FAIL_ENTRY)",
				  insns[i].name, res_str(r, b1));
		else
			tvm_check(r.o == O_EXC &&
				  r.val == (uint32_t)insns[i].vector,
				  "%s: %s (want exception %d)", insns[i].name,
				  res_str(r, b1), insns[i].vector);
	}
	/* HLT exits to the VMM. */
	put_snippet(&t, "\xf4", 1);
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
	{
		struct result r = run_snippet(&t);

		tvm_check(r.o == O_EXIT && r.val == XVM_EXIT_HLT,
			  "HLT: %s (want exit HLT)", res_str(r, b1));
	}

	for (i = 0; i < sizeof(refused_msrs) / sizeof(refused_msrs[0]); i++) {
		const struct msr_case *m = &refused_msrs[i];
		struct result r;

		msr_snippet(&t, m->write);
		tvm_set_entry(&t, TVM_CODE, (uint32_t)m->value, 0, m->index,
			      m->value >> 32);
		r = run_snippet(&t);
		tvm_check(r.o == O_EXC && r.val == GP,
			  "%s %s (%#x): %s (want #GP)",
			  m->write ? "WRMSR" : "RDMSR", m->name, m->index,
			  res_str(r, b1));
	}
	/* EFER reads back without SVME. */
	msr_snippet(&t, false);
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0xc0000080, 0);
	{
		struct result r = run_snippet(&t);

		tvm_check(r.o == O_DONE && !(r.val & (1 << 12)) &&
			  (r.val & (1 << 10)),
			  "RDMSR EFER: %s (want LMA set, SVME clear)",
			  res_str(r, b1));
	}
	/* A sweep: every MSR read is emulated, refused or goes to the VMM. */
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		uint32_t m;

		for (m = ranges[i][0]; m < ranges[i][1]; m++) {
			struct result r;

			msr_snippet(&t, false);
			tvm_set_entry(&t, TVM_CODE, 0, 0, m, 0);
			r = run_snippet(&t);
			if (r.o == O_DONE) {
				sweep_done++;
				tvm_check(msr_emulated(m),
					  "RDMSR %#x answered without the "
					  "VMM (%s): passed through?", m,
					  res_str(r, b1));
			} else if (r.o == O_VMM_MSR) {
				sweep_vmm++;
			} else if (r.o == O_EXC && r.val == GP) {
				sweep_gp++;
			} else {
				tvm_check(false, "RDMSR %#x: %s", m,
					  res_str(r, b1));
			}
		}
	}
	printf("isolation: MSR read sweep: %u emulated, %u to the VMM, "
	       "%u refused (#GP)\n", sweep_done, sweep_vmm, sweep_gp);
	tvm_destroy(&t);
}

/* ------------------------------------------------------------ ports */

GUEST_CODE(g_ports,
	   "xor %edx, %edx\n"
	   "1: in (%dx), %al\n"
	   "out %al, (%dx)\n"
	   "inc %edx\n"
	   "cmp $0x10000, %edx\n"
	   "jne 1b\n"
	   "mov $0xfffd, %edx\n"
	   "2: in (%dx), %eax\n"
	   "out %ax, (%dx)\n"
	   "inc %edx\n"
	   "cmp $0x10000, %edx\n"
	   "jne 2b\n"
	   "hlt\n");

/*
 * MOV to CR8 while the VMM waits for an interrupt window that never opens
 * (IF=0): the write takes effect (CR8 reads back, GET_SREGS shows it),
 * a value above 15 is #GP, and the host lives on (QEMU 7.2's SVM aborted
 * on a CR8 write with a virtual interrupt pending).
 */
static void test_cr8_window(void)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
		uint64_t rax;
		int vector;	/* -1: completes with EAX = CR8 */
	} cases[] = {
		/* mov %rax,%cr8; mov %cr8,%rax */
		{ "mov %rax,%cr8 (5)", "\x44\x0f\x22\xc0\x44\x0f\x20\xc0", 8,
		  5, -1 },
		/* mov %r9,%cr8 (r9 = rax); mov %cr8,%rax */
		{ "mov %r9,%cr8 (9)",
		  "\x49\x89\xc1\x45\x0f\x22\xc1\x44\x0f\x20\xc0", 11, 9, -1 },
		{ "mov %rax,%cr8 (16)", "\x44\x0f\x22\xc0", 4, 16, GP },
	};
	struct xvm_sregs sregs;
	struct tvm t;
	char b1[64];
	unsigned int i;

	new_vm(&t);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct result r;

		put_snippet(&t, cases[i].bytes, cases[i].len);
		tvm_set_entry(&t, TVM_CODE, cases[i].rax, TVM_CODE + 0x800, 0,
			      0);
		t.run->request_interrupt_window = 1;
		r = run_snippet(&t);
		t.run->request_interrupt_window = 0;
		if (cases[i].vector < 0) {
			tvm_check(r.o == O_DONE && r.val == cases[i].rax,
				  "cr8: %s: %s (want eax %#llx)",
				  cases[i].name, res_str(r, b1),
				  (unsigned long long)cases[i].rax);
			tvm_check(!ioctl(t.vcpu, XVM_GET_SREGS, &sregs) &&
				  sregs.cr8 == cases[i].rax,
				  "cr8: %s: GET_SREGS cr8 %llu",
				  cases[i].name,
				  (unsigned long long)sregs.cr8);
		} else {
			tvm_check(r.o == O_EXC && r.val == (uint32_t)cases[i].vector,
				  "cr8: %s: %s (want exception %d)",
				  cases[i].name, res_str(r, b1),
				  cases[i].vector);
		}
	}
	tvm_destroy(&t);
}

/*
 * A #DB whose delivery raises #DB again: the #DB gate takes the IST1 stack,
 * and DR0 watches the slot where delivery pushes SS, so each delivery
 * queues the next one before the handler runs an instruction. A real CPU
 * loops in microcode with host interrupts never taken (CVE-2015-8104);
 * xvm intercepts #DB, so each delivery is an exit and a kick brings the
 * vCPU back. DR6 must show DR0's hit, as a real delivery would leave it.
 */
#define DB_IST_TOP	0x30000ULL

struct kick_arg {
	int fd;
	unsigned int ms;
};

static void *kick_after(void *arg)
{
	struct kick_arg *k = arg;

	usleep(k->ms * 1000);
	ioctl(k->fd, XVM_KICK, 0);
	return NULL;
}

static void test_db_loop(const struct xvm_capabilities *caps)
{
	/* movabs $slot,%rbx; mov %rbx,%dr0; mov $0x90001,%eax (DR0: write,
	 * 8 bytes, L0); mov %rax,%dr7; mov %rax,(%rbx): the first #DB. */
	static const uint8_t code[] = {
		0x48, 0xbb, 0xf8, 0xff, 0x02, 0, 0, 0, 0, 0,
		0x0f, 0x23, 0xc3,
		0xb8, 0x01, 0x00, 0x09, 0x00,
		0x0f, 0x23, 0xf8,
		0x48, 0x89, 0x03,
	};
	struct kick_arg k = { .ms = 300 };
	struct xvm_debugregs dr;
	struct tvm t;
	pthread_t th;
	double start;
	int r, e;

	new_vm(&t);
	/* IST1 in the TSS; gate 1 (#DB) uses it. */
	memcpy(t.mem + XVM_TSS_ADDR + 0x24, (uint64_t[]){ DB_IST_TOP }, 8);
	t.mem[TVM_IDT + 1 * 16 + 4] = 1;
	put_snippet(&t, code, sizeof(code));
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
	k.fd = t.vcpu;
	pthread_create(&th, NULL, kick_after, &k);
	start = tvm_now();
	/* Only the kick can end it. */
	r = ioctl(t.vcpu, XVM_RUN, 0);
	e = errno;
	pthread_join(th, NULL);
	tvm_check(!ioctl(t.vcpu, XVM_GET_DEBUGREGS, &dr) &&
		  dr.db[0] == DB_IST_TOP - 8 && (dr.dr7 & 0xf0003) == 0x90001,
		  "db-loop: DR0 %#llx DR7 %#llx as the guest wrote them",
		  (unsigned long long)dr.db[0], (unsigned long long)dr.dr7);
	if (r == 0 && t.run->exit_reason == XVM_EXIT_IO &&
	    t.run->io.port == TVM_PORT_DONE && !(dr.dr6 & 1) &&
	    caps->backend == XVM_BACKEND_SVM) {
		/* svm_set_debugregs(): under QEMU's TCG they are not live. */
		printf("db-loop: the breakpoint did not fire (SVM under QEMU "
		       "TCG: guest breakpoints are not live); not checked\n");
		tvm_destroy(&t);
		return;
	}
	tvm_check((r < 0 && e == EINTR) ||
		  (r == 0 && t.run->exit_reason == XVM_EXIT_INTR),
		  "db-loop: a kick ends the run: %s (port %#x data %#x)",
		  r < 0 ? tvm_errname(e) : tvm_exit_name(t.run->exit_reason),
		  t.run->io.port, t.run->io.data);
	tvm_check(tvm_now() - start < 5, "db-loop: back after %.1f s",
		  tvm_now() - start);
	tvm_check(dr.dr6 & 1, "db-loop: DR6 %#llx shows DR0's hit",
		  (unsigned long long)dr.dr6);
	tvm_destroy(&t);
}

/*
 * XCR0 belongs to the guest between XSETBV and its next write: it must
 * survive exits to userspace, show in XVM_GET_FPU, and size CPUID leaf
 * 0xD. (QEMU 7.2's SVM lets XSETBV through without an exit; the module
 * must notice.)
 */
static void test_xcr0(int dev)
{
	/* CR4.OSXSAVE on; XSETBV(EAX); OUT to VAL (an exit); then: */
	static const uint8_t head[] = {
		0x89, 0xc3,			/* mov %eax,%ebx */
		0x0f, 0x20, 0xe0,		/* mov %cr4,%rax */
		0x48, 0x0d, 0x00, 0x00, 0x04, 0x00, /* or $OSXSAVE,%rax */
		0x0f, 0x22, 0xe0,		/* mov %rax,%cr4 */
		0x89, 0xd8,			/* mov %ebx,%eax */
		0x31, 0xd2, 0x31, 0xc9,		/* xor %edx,%edx; xor %ecx,%ecx */
		0x0f, 0x01, 0xd1,		/* xsetbv */
		0xe7, TVM_PORT_VAL,		/* out %eax,$VAL */
	};
	/* ... XGETBV, or CPUID(0xD, 0).EBX, into EAX. */
	static const uint8_t xgetbv[] = { 0x31, 0xc9, 0x0f, 0x01, 0xd0 };
	static const uint8_t leaf_d[] = {
		0xb8, 0x0d, 0x00, 0x00, 0x00, 0x31, 0xc9, 0x0f, 0xa2, 0x89, 0xd8,
	};
	static const struct {
		const char *what;
		const uint8_t *tail;
		size_t len;
	} reads[] = {
		{ "XGETBV", xgetbv, sizeof(xgetbv) },
		{ "CPUID 0xD EBX", leaf_d, sizeof(leaf_d) },
	};
	struct xvm_cpuid_entry sup[256];
	struct xvm_cpuid c = { .nent = 256, .entries = (uintptr_t)sup };
	static const uint64_t values[] = { 3, 7 };
	unsigned int v, k;
	uint32_t offered = 0;
	struct tvm t;
	char b1[64];
	int n, i, e;

	n = ioctl(dev, XVM_GET_SUPPORTED_CPUID, &c);
	for (i = 0; i < n; i++)
		if (sup[i].function == 0xd && sup[i].index == 0)
			offered = sup[i].eax;
	if (!(offered & 2)) {
		printf("  (xcr0: the host offers no XSAVE to guests)\n");
		return;
	}
	new_vm(&t);
	c.nent = n;
	tvm_check(!ioctl(t.vcpu, XVM_SET_CPUID, &c), "xcr0: SET_CPUID: %s",
		  strerror(errno));
	for (v = 0; v < 2; v++) {
		if ((values[v] & offered) != values[v])
			continue;
		for (k = 0; k < 2; k++) {
			uint8_t code[64];
			uint32_t want = k == 0 ? (uint32_t)values[v] :
				(values[v] & 4) ? 832 : 576;
			struct xvm_fpu fpu;
			struct result r;

			memcpy(code, head, sizeof(head));
			memcpy(code + sizeof(head), reads[k].tail, reads[k].len);
			put_snippet(&t, code, sizeof(head) + reads[k].len);
			tvm_set_entry(&t, TVM_CODE, values[v],
				      TVM_CODE + 0x800, 0, 0);
			r = run_snippet(&t);
			tvm_check(r.o == O_DONE && r.val == want,
				  "xcr0 %llu: %s after an exit: %s (want %u)",
				  (unsigned long long)values[v], reads[k].what,
				  res_str(r, b1), want);
			memset(&fpu, 0, sizeof(fpu));
			e = ioctl(t.vcpu, XVM_GET_FPU, &fpu) ? errno : 0;
			tvm_check(!e && fpu.xcr0 == values[v],
				  "xcr0 %llu: GET_FPU: %s, xcr0 %llu",
				  (unsigned long long)values[v], tvm_errname(e),
				  (unsigned long long)fpu.xcr0);
		}
	}
	tvm_destroy(&t);
}

static void test_ports(void)
{
	struct tvm t;
	unsigned int port = 0, bad = 0, n = 0, dir = XVM_EXIT_IO_IN;
	unsigned int size = 1;

	new_vm(&t);
	memcpy(t.mem + TVM_CODE, g_ports_start, g_ports_end - g_ports_start);
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
	for (;;) {
		if (ioctl(t.vcpu, XVM_RUN, 0)) {
			tvm_check(false, "ports: RUN: %s", tvm_errname(errno));
			break;
		}
		if (t.run->exit_reason != XVM_EXIT_IO)
			break;
		n++;
		if (t.run->io.port != port || t.run->io.direction != dir ||
		    t.run->io.size != size) {
			if (bad++ < 10)
				tvm_check(false, "ports: exit for port %#x "
					  "dir %u size %u, want %#x dir %u "
					  "size %u (skipped ports were not "
					  "intercepted)", t.run->io.port,
					  t.run->io.direction, t.run->io.size,
					  port, dir, size);
			port = t.run->io.port;
			dir = t.run->io.direction;
		}
		t.run->io.data = 0;
		if (dir == XVM_EXIT_IO_IN) {
			dir = XVM_EXIT_IO_OUT;
			if (size == 4)
				size = 2;
		} else {
			dir = XVM_EXIT_IO_IN;
			port++;
			if (port == 0x10000 && size == 1) {
				port = 0xfffd;
				size = 4;
			} else if (size == 2) {
				size = 4;
			}
		}
	}
	tvm_check(t.run->exit_reason == XVM_EXIT_HLT && !bad &&
		  n == 2 * 0x10000 + 6,
		  "ports: %u exits, every port 0-0xffff in and out (and 32-bit "
		  "at 0xfffd-0xffff), ending in %s", n,
		  tvm_exit_name(t.run->exit_reason));
	tvm_destroy(&t);
}

/* ------------------------------------------------------------ cpuid */

static const struct forbidden {
	uint32_t leaf, reg, mask;	/* reg: 0 eax 1 ebx 2 ecx 3 edx */
	const char *what;
} forbidden[] = {
	{ 1, 2, 1u << 3, "MONITOR" }, { 1, 2, 1u << 4, "DS-CPL" },
	{ 1, 2, 1u << 5, "VMX" }, { 1, 2, 1u << 6, "SMX" },
	{ 1, 2, 1u << 7, "EIST" }, { 1, 2, 1u << 8, "TM2" },
	{ 1, 2, 1u << 15, "PDCM" }, { 1, 2, 1u << 18, "DCA" },
	{ 1, 2, 1u << 21, "x2APIC" }, { 1, 2, 1u << 24, "TSC-deadline" },
	{ 1, 3, 1u << 9, "APIC" }, { 1, 3, 1u << 21, "DS" },
	{ 1, 3, 1u << 22, "ACPI" }, { 1, 3, 1u << 29, "TM" },
	{ 1, 3, 1u << 31, "PBE" },
	{ 7, 1, 1u << 2, "SGX" }, { 7, 1, 1u << 4, "HLE" },
	{ 7, 1, 1u << 11, "RTM" }, { 7, 1, 1u << 14, "MPX" },
	{ 7, 1, 1u << 25, "Intel PT" }, { 7, 2, 1u << 5, "WAITPKG" },
	{ 7, 2, 1u << 3, "PKU" }, { 7, 2, 1u << 30, "SGX_LC" },
	{ 0x80000001, 2, 1u << 2, "SVM" },
	{ 0x80000001, 2, 1u << 12, "SKINIT" },
	{ 0x80000001, 2, 1u << 15, "LWP" },
	{ 0x80000001, 3, 1u << 27, "RDTSCP" },
	{ 0x8000000a, 0, ~0u, "SVM leaf EAX" },
	{ 0x8000000a, 3, ~0u, "SVM leaf EDX (NPT...)" },
};

/* cpuid; out eax, ebx, ecx, edx to TVM_PORT_VAL; hlt */
GUEST_CODE(g_cpuid,
	   "cpuid\n"
	   "out %eax, $0xe2\n"
	   "mov %ebx, %eax\n"
	   "out %eax, $0xe2\n"
	   "mov %ecx, %eax\n"
	   "out %eax, $0xe2\n"
	   "mov %edx, %eax\n"
	   "out %eax, $0xe2\n"
	   "hlt\n");

static bool guest_cpuid(struct tvm *t, uint32_t leaf, uint32_t out[4])
{
	unsigned int i = 0;

	tvm_set_entry(t, TVM_CODE, leaf, 0, 0, 0);
	while (i <= 4) {
		if (ioctl(t->vcpu, XVM_RUN, 0))
			return false;
		if (t->run->exit_reason != XVM_EXIT_IO)
			return t->run->exit_reason == XVM_EXIT_HLT && i == 4;
		if (t->run->io.port != TVM_PORT_VAL || i == 4)
			return false;
		out[i++] = t->run->io.data;
	}
	return false;
}

static void test_cpuid(int dev)
{
	struct xvm_cpuid_entry sup[256], all[64];
	struct xvm_cpuid c = { .nent = 256, .entries = (uintptr_t)sup };
	int n, pass, i;
	struct tvm t;

	n = ioctl(dev, XVM_GET_SUPPORTED_CPUID, &c);
	tvm_check(n > 0, "GET_SUPPORTED_CPUID: %d", n);
	if (n <= 0)
		return;
	/* The supported table itself offers none of them. */
	for (i = 0; i < n; i++) {
		unsigned int f;

		for (f = 0; f < sizeof(forbidden) / sizeof(forbidden[0]); f++) {
			const struct forbidden *fb = &forbidden[f];
			uint32_t v = (&sup[i].eax)[fb->reg];

			if (sup[i].function == fb->leaf &&
			    (fb->leaf != 7 || sup[i].index == 0))
				tvm_check(!(v & fb->mask),
					  "supported CPUID %#x offers %s",
					  fb->leaf, fb->what);
		}
	}

	new_vm(&t);
	memcpy(t.mem + TVM_CODE, g_cpuid_start, g_cpuid_end - g_cpuid_start);
	/* Pass 0: the supported table; pass 1: a VMM asking for every bit. */
	for (pass = 0; pass < 2; pass++) {
		static const uint32_t leaves[] = {
			0, 1, 7, 0xd, 0x80000000, 0x80000001, 0x80000008,
			0x8000000a, 0x40000000,
		};
		unsigned int l, f;

		if (pass == 0) {
			c.nent = n;
			c.entries = (uintptr_t)sup;
		} else {
			for (l = 0; l < sizeof(leaves) / sizeof(leaves[0]); l++) {
				memset(&all[l], 0xff, sizeof(all[l]));
				all[l].function = leaves[l];
				all[l].index = 0;
				all[l].flags = leaves[l] == 7 ?
					       XVM_CPUID_INDEXED : 0;
				memset(all[l].reserved, 0,
				       sizeof(all[l].reserved));
			}
			c.nent = l;
			c.entries = (uintptr_t)all;
		}
		tvm_check(!ioctl(t.vcpu, XVM_SET_CPUID, &c),
			  "SET_CPUID (pass %d): %s", pass, tvm_errname(errno));
		for (l = 0; l < sizeof(leaves) / sizeof(leaves[0]); l++) {
			uint32_t out[4];
			bool ok = guest_cpuid(&t, leaves[l], out);

			tvm_check(ok, "guest CPUID %#x ran", leaves[l]);
			if (!ok)
				continue;
			if (leaves[l] == 1)
				tvm_check(out[2] & (1u << 31),
					  "CPUID 1 has the hypervisor bit "
					  "(pass %d)", pass);
			for (f = 0; f < sizeof(forbidden) / sizeof(forbidden[0]);
			     f++) {
				const struct forbidden *fb = &forbidden[f];

				if (fb->leaf != leaves[l])
					continue;
				tvm_check(!(out[fb->reg] & fb->mask),
					  "guest CPUID %#x shows %s "
					  "(pass %d: %s table): %#x",
					  fb->leaf, fb->what, pass,
					  pass ? "all-ones" : "supported",
					  out[fb->reg]);
			}
		}
	}
	tvm_destroy(&t);
}

/* ------------------------------------------------------------ memory */

/* rbx: address; read 8 bytes, report the low half; then write rax back. */
GUEST_CODE(g_peek,
	   "invlpg (%rbx)\n"
	   "mov (%rbx), %rax\n"
	   "out %eax, $0xe2\n"
	   "mov %rcx, (%rbx)\n"
	   "out %eax, $0xe1\n"
	   "hlt\n");

#define WINDOW 0x40000000ULL	/* linear window, PD of the 2nd GiB */

static void peek_gpa(struct tvm *t, uint64_t gpa, unsigned int maxphys)
{
	uint64_t *pde = (uint64_t *)(t->mem + XVM_PT_ADDR + 0x3000);
	const uint64_t feed = 0x1122334455667788ULL;
	char what[96];
	int r;

	*pde = (gpa & ~0x1fffffULL) | 0x83;	/* P, RW, PS */
	tvm_set_entry(t, TVM_CODE, 0, WINDOW + (gpa & 0x1fffff),
		      0xcafef00dcafef00dULL, 0);
	snprintf(what, sizeof(what), "guest read of %#llx",
		 (unsigned long long)gpa);
	r = ioctl(t->vcpu, XVM_RUN, 0);
	if (r) {
		tvm_check(false, "%s: RUN %s", what, tvm_errname(errno));
		return;
	}
	if (gpa >> maxphys) {
		/* Beyond MAXPHYADDR the guest's own walk faults. */
		tvm_check(t->run->exit_reason == XVM_EXIT_IO &&
			  t->run->io.port == TVM_PORT_EXC &&
			  t->run->io.data == 14,
			  "%s (above MAXPHYADDR %u): %s port %#x data %#x "
			  "(want #PF)", what, maxphys,
			  tvm_exit_name(t->run->exit_reason), t->run->io.port,
			  t->run->io.data);
		return;
	}
	if (!(t->run->exit_reason == XVM_EXIT_MMIO &&
	      t->run->mmio.phys_addr == gpa && !t->run->mmio.is_write)) {
		tvm_check(false, "%s: %s (port %#x data %#x), want an MMIO "
			  "read exit", what, tvm_exit_name(t->run->exit_reason),
			  t->run->io.port, t->run->io.data);
		return;
	}
	memcpy(t->run->mmio.data, &feed, 8);
	r = ioctl(t->vcpu, XVM_RUN, 0);
	tvm_check(!r && t->run->exit_reason == XVM_EXIT_IO &&
		  t->run->io.port == TVM_PORT_VAL &&
		  t->run->io.data == (uint32_t)feed,
		  "%s: the guest got what the VMM gave (%#x)", what,
		  t->run->io.data);
	r = ioctl(t->vcpu, XVM_RUN, 0);
	tvm_check(!r && t->run->exit_reason == XVM_EXIT_MMIO &&
		  t->run->mmio.is_write && t->run->mmio.phys_addr == gpa &&
		  !memcmp(t->run->mmio.data, "\x0d\xf0\xfe\xca", 4),
		  "guest write to %#llx: an MMIO write exit",
		  (unsigned long long)gpa);
}

static void test_memory(void)
{
	static const uint64_t targets[] = {
		TVM_RAM, TVM_RAM + 0x1000, 3ULL << 20, 16ULL << 20,
		0x1000000, 0xfec00000, 0xfee00000,
		0xd0000000, 0xfffff000, 1ULL << 32, (1ULL << 32) + 0x1000,
		1ULL << 36, 1ULL << 39, (1ULL << 40) - 0x1000, 1ULL << 44,
		(1ULL << 46) - 0x1000, 1ULL << 47, (1ULL << 48) - 0x1000,
		(1ULL << 52) - 0x1000,
	};
	unsigned int i, maxphys = 36;
	uint32_t a, b, c, d;
	struct tvm t;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
		     : "a"(0x80000008), "c"(0));
	if ((a & 0xff) >= 32)
		maxphys = a & 0xff;
	new_vm(&t);
	memcpy(t.mem + TVM_CODE, g_peek_start, g_peek_end - g_peek_start);
	/* The last bytes of RAM read as RAM (the window works). */
	memcpy(t.mem + TVM_RAM - 8, "\x44\x33\x22\x11\x00\x00\x00\x00", 8);
	{
		uint64_t *pde = (uint64_t *)(t.mem + XVM_PT_ADDR + 0x3000);

		*pde = 0x83;
		tvm_set_entry(&t, TVM_CODE, 0, WINDOW + TVM_RAM - 8, 0, 0);
		tvm_check(!ioctl(t.vcpu, XVM_RUN, 0) &&
			  t.run->exit_reason == XVM_EXIT_IO &&
			  t.run->io.data == 0x11223344,
			  "guest read of the last RAM bytes through the window "
			  "(%s %#x)", tvm_exit_name(t.run->exit_reason),
			  t.run->io.data);
	}
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		peek_gpa(&t, targets[i], maxphys);
	tvm_srand(12345);
	for (i = 0; i < 64; i++)
		peek_gpa(&t, TVM_RAM + (tvm_rand() % ((1ULL << maxphys) -
						       TVM_RAM) & ~7ULL),
			 maxphys);
	tvm_destroy(&t);
}

/* ------------------------------------------------------------ two VMs */

/*
 * rbx: data base, rcx: bytes, al: the VM's byte, r8: rounds. Fill, check,
 * again; OUT to TVM_PORT_DONE at the end, to TVM_PORT_EXC on a mismatch.
 */
GUEST_CODE(g_fill,
	   "mov %rcx, %r9\n"
	   "1: mov %rbx, %rdi\n"
	   "mov %r9, %rcx\n"
	   "rep stosb\n"
	   "mov %rbx, %rdi\n"
	   "mov %r9, %rcx\n"
	   "repe scasb\n"
	   "jne 2f\n"
	   "dec %r8\n"
	   "jnz 1b\n"
	   "out %eax, $0xe1\n"
	   "hlt\n"
	   "2: mov %edi, %eax\n"
	   "out %eax, $0xe0\n"
	   "hlt\n");

struct twovm_arg {
	struct tvm t;
	uint8_t byte;
	bool ok;
	char msg[128];
};

static void *twovm_run(void *p)
{
	struct twovm_arg *a = p;
	struct xvm_regs regs;

	ioctl(a->t.vcpu, XVM_GET_REGS, &regs);
	regs.rip = TVM_CODE;
	regs.rbx = 0x100000;
	regs.rcx = 0x40000;
	regs.rax = a->byte;
	regs.r8 = 200;
	ioctl(a->t.vcpu, XVM_SET_REGS, &regs);
	if (ioctl(a->t.vcpu, XVM_RUN, 0)) {
		snprintf(a->msg, sizeof(a->msg), "RUN: %s", tvm_errname(errno));
		return NULL;
	}
	a->ok = a->t.run->exit_reason == XVM_EXIT_IO &&
		a->t.run->io.port == TVM_PORT_DONE;
	snprintf(a->msg, sizeof(a->msg), "%s port %#x data %#x",
		 tvm_exit_name(a->t.run->exit_reason), a->t.run->io.port,
		 a->t.run->io.data);
	return NULL;
}

static void test_twovm(void)
{
	struct twovm_arg a[2] = { { .byte = 0xaa }, { .byte = 0x55 } };
	pthread_t th[2];
	int i;

	for (i = 0; i < 2; i++) {
		new_vm(&a[i].t);
		memcpy(a[i].t.mem + TVM_CODE, g_fill_start,
		       g_fill_end - g_fill_start);
	}
	for (i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, twovm_run, &a[i]);
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++) {
		uint8_t *d = a[i].t.mem + 0x100000;
		size_t j, wrong = 0;

		tvm_check(a[i].ok, "two VMs: VM %d saw only its byte %#x in "
			  "200 rounds while the other wrote its own (%s)", i,
			  a[i].byte, a[i].msg);
		for (j = 0; j < 0x40000; j++)
			wrong += d[j] != a[i].byte;
		tvm_check(!wrong, "two VMs: VM %d's memory holds only its "
			  "byte (%zu other bytes)", i, wrong);
		tvm_destroy(&a[i].t);
	}
}

/* ------------------------------------------------------------ fds */

static int send_fds(int sock, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(4 * sizeof(int))] = { 0 };
	char c = 'x';
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	return sendmsg(sock, &mh, 0) == 1 ? 0 : -1;
}

static int recv_fds(int sock, int *fds, int n)
{
	char cbuf[CMSG_SPACE(4 * sizeof(int))];
	char c;
	struct iovec iov = { &c, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;

	if (recvmsg(sock, &mh, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
	return 0;
}

/* Every VM and vCPU ioctl from this process must give EIO. Returns fails. */
static int foreign_ioctls(int vm, int vcpu, const char *who)
{
	struct xvm_regs regs = { 0 };
	uint8_t buf[4096] = { 0 };
	struct xvm_memory_region mr = { .slot = 1, .size = 4096,
					.guest_phys_addr = 0x10000000,
					.userspace_addr = (uintptr_t)buf };
	struct xvm_msrs msrs = { 0 };
	static const struct {
		const char *name;
		unsigned long cmd;
		bool on_vm;
	} c[] = {
		{ "CREATE_VCPU", XVM_CREATE_VCPU, true },
		{ "SET_MEMORY_REGION", XVM_SET_MEMORY_REGION, true },
		{ "RUN", XVM_RUN, false },
		{ "GET_REGS", XVM_GET_REGS, false },
		{ "SET_REGS", XVM_SET_REGS, false },
		{ "GET_SREGS", XVM_GET_SREGS, false },
		{ "GET_FPU", XVM_GET_FPU, false },
		{ "GET_MSRS", XVM_GET_MSRS, false },
		{ "KICK", XVM_KICK, false },
	};
	unsigned int i;
	int fails = 0;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		unsigned long arg = 0;
		int r;

		if (c[i].cmd == XVM_SET_MEMORY_REGION)
			arg = (uintptr_t)&mr;
		else if (c[i].cmd == XVM_CREATE_VCPU)
			arg = 5;
		else if (c[i].cmd == XVM_GET_MSRS)
			arg = (uintptr_t)&msrs;
		else if (c[i].cmd != XVM_RUN && c[i].cmd != XVM_KICK)
			arg = (uintptr_t)(c[i].cmd == XVM_SET_REGS ?
					  (void *)&regs : buf);
		r = ioctl(c[i].on_vm ? vm : vcpu, c[i].cmd, arg);
		if (!(r == -1 && errno == EIO)) {
			printf("FAIL %s: %s on a foreign fd: %d %s (want EIO)\n",
			       who, c[i].name, r, r < 0 ? tvm_errname(errno) : "");
			fails++;
		}
	}
	return fails;
}

/* The mapping of the run page still reads; returns fails. */
static int run_page_alive(struct xvm_run *run, const char *who)
{
	volatile uint8_t *p = (volatile uint8_t *)run;
	unsigned int i, sum = 0;

	for (i = 0; i < 4096; i++)
		sum += p[i];
	(void)sum;
	/* Whatever the last exit was, the page is the run page. */
	if (run->exit_reason > XVM_EXIT_MSR) {
		printf("FAIL %s: the run page reads exit %u\n", who,
		       run->exit_reason);
		return 1;
	}
	return 0;
}

static void child_status(pid_t pid, const char *what)
{
	int st = -1;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	tvm_check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s (status %#x)",
		  what, st);
}

static void test_fds(const char *self)
{
	int sv[2], fds[2], st;
	pid_t vmm, rcv, pid;
	struct tvm t;

	/* 1. fork: the child's ioctls on the parent's VM get EIO. */
	new_vm(&t);
	put_snippet(&t, "\xf4", 1);
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
	ioctl(t.vcpu, XVM_RUN, 0);
	pid = fork();
	if (pid == 0)
		_exit(foreign_ioctls(t.vm, t.vcpu, "forked child") +
		      run_page_alive(t.run, "forked child"));
	child_status(pid, "fork: VM and vCPU ioctls give EIO in the child");
	tvm_check(!ioctl(t.vcpu, XVM_RUN, 0), "fork: the parent still runs "
		  "its vCPU: %s", tvm_errname(errno));

	/* 2. exec with the fd kept: a new mm, EIO. */
	pid = fork();
	if (pid == 0) {
		char a[16], b[16];

		fcntl(t.vm, F_SETFD, 0);
		fcntl(t.vcpu, F_SETFD, 0);
		snprintf(a, sizeof(a), "%d", t.vm);
		snprintf(b, sizeof(b), "%d", t.vcpu);
		execl(self, "isolation", "--foreign", a, b, NULL);
		_exit(99);
	}
	child_status(pid, "exec: VM and vCPU ioctls give EIO after exec");

	/* 3. The VMM closes everything but the run page mapping. */
	close(t.vcpu);
	close(t.vm);
	close(t.sys);
	t.vcpu = t.vm = t.sys = -1;
	tvm_check(!run_page_alive(t.run, "VMM"), "the run page stays "
		  "readable after the VM is freed");
	munmap(t.run, 4096);
	t.run = NULL;
	munmap(t.mem, t.mem_size);
	t.mem = NULL;

	/*
	 * 4. SCM_RIGHTS to an unrelated process, which keeps the fds and the
	 * run page after the VMM died (killed with a vCPU in the guest).
	 */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return;
	rcv = fork();
	if (rcv == 0) {
		struct xvm_run *run;
		char c;
		int fails = 0;

		close(sv[0]);
		if (recv_fds(sv[1], fds, 2))
			_exit(90);
		run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			   fds[1], 0);
		if (run == MAP_FAILED)
			_exit(91);
		fails += foreign_ioctls(fds[0], fds[1], "SCM_RIGHTS receiver");
		fails += run_page_alive(run, "SCM_RIGHTS receiver");
		/* Wait for the VMM to die: the socket's other end closes. */
		while (read(sv[1], &c, 1) > 0)
			;
		usleep(100000);
		fails += foreign_ioctls(fds[0], fds[1], "receiver after the "
					"VMM exited");
		fails += run_page_alive(run, "receiver after the VMM exited");
		close(fds[0]);
		close(fds[1]);
		fails += run_page_alive(run, "receiver after closing the fds");
		_exit(fails);
	}
	vmm = fork();
	if (vmm == 0) {
		struct tvm v;

		close(sv[1]);
		new_vm(&v);
		put_snippet(&v, "\xf4", 1);
		tvm_set_entry(&v, TVM_CODE, 0, 0, 0, 0);
		ioctl(v.vcpu, XVM_RUN, 0);
		fds[0] = v.vm;
		fds[1] = v.vcpu;
		if (send_fds(sv[0], fds, 2))
			_exit(92);
		/* Now loop in the guest until killed. */
		memcpy(v.mem + TVM_CODE, "\xeb\xfe", 2);
		tvm_set_entry(&v, TVM_CODE, 0, 0, 0, 0);
		for (;;)
			ioctl(v.vcpu, XVM_RUN, 0);
	}
	close(sv[0]);
	close(sv[1]);
	usleep(300000);
	kill(vmm, SIGKILL);
	waitpid(vmm, &st, 0);
	tvm_check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		  "VMM killed with its vCPU in the guest (status %#x)", st);
	child_status(rcv, "SCM_RIGHTS: the receiver gets EIO before and "
		     "after the VMM died; its run page mapping stays valid");
}

static int foreign_main(int argc, char **argv)
{
	if (argc < 4)
		return 98;
	return foreign_ioctls(atoi(argv[2]), atoi(argv[3]), "after exec");
}

/* ------------------------------------------------------------ perms */

static void test_perms(void)
{
	struct stat st = { 0 };
	pid_t pid;

	tvm_check(!stat("/dev/xvm", &st) && S_ISCHR(st.st_mode) &&
		  (st.st_mode & 07777) == 0600 && st.st_uid == 0,
		  "/dev/xvm is a root-owned 0600 character device "
		  "(mode %o uid %u)", st.st_mode & 07777, st.st_uid);
	pid = fork();
	if (pid == 0) {
		int fd;

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(80);
		fd = open("/dev/xvm", O_RDWR);
		_exit(fd < 0 && errno == EACCES ? 0 : 81);
	}
	child_status(pid, "/dev/xvm: EACCES for uid/gid 65534");
}

/* ------------------------------------------------------------ open-loop */

static volatile sig_atomic_t open_loop_stop;

static void open_loop_term(int sig)
{
	(void)sig;
	open_loop_stop = 1;
}

/* Until @secs have passed or SIGTERM comes, whichever is first. */
static int open_loop(double secs)
{
	double end = tvm_now() + secs;
	unsigned long ok = 0, absent = 0;

	signal(SIGTERM, open_loop_term);
	while (tvm_now() < end && !open_loop_stop) {
		struct tvm t;
		int fd = open("/dev/xvm", O_RDWR | O_CLOEXEC);

		if (fd < 0) {
			if (errno != ENOENT && errno != ENODEV &&
			    errno != ENXIO) {
				printf("FAIL open /dev/xvm: %s\n",
				       tvm_errname(errno));
				return 1;
			}
			absent++;
			usleep(1000);
			continue;
		}
		close(fd);
		/* Set-up may fail when the module goes meanwhile. */
		memset(&t, 0, sizeof(t));
		if (tvm_create(&t, TVM_RAM, "\xf4", 1) == 0) {
			tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
			if (ioctl(t.vcpu, XVM_RUN, 0) == 0 &&
			    t.run->exit_reason == XVM_EXIT_HLT)
				ok++;
		}
		tvm_destroy(&t);
		/* On one CPU, rmmod gets its chance while no file is open. */
		usleep(1000);
	}
	printf("open-loop: %lu VMs ran, /dev/xvm absent %lu times\n", ok,
	       absent);
	return 0;
}

int main(int argc, char **argv)
{
	struct xvm_capabilities caps = { 0 };
	const char *what = argc > 1 ? argv[1] : "all";
	bool all;
	int dev;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(what, "--foreign"))
		return foreign_main(argc, argv);
	if (!strcmp(what, "open-loop"))
		return open_loop(argc > 2 ? atof(argv[2]) : 10);
	if (argc > 2 && !strcmp(argv[2], "-v"))
		tvm_verbose = true;
	all = !strcmp(what, "all");
	dev = tvm_open_dev();
	if (ioctl(dev, XVM_GET_CAPABILITIES, &caps) == 0)
		backend = caps.backend == XVM_BACKEND_SVM ? "svm" : "vmx";
	printf("isolation %s (%s backend)\n", what, backend);
	if (all || !strcmp(what, "intercepts"))
		test_intercepts();
	if (all || !strcmp(what, "cr8"))
		test_cr8_window();
	if (all || !strcmp(what, "xcr0"))
		test_xcr0(dev);
	if (all || !strcmp(what, "db-loop"))
		test_db_loop(&caps);
	if (all || !strcmp(what, "ports"))
		test_ports();
	if (all || !strcmp(what, "cpuid"))
		test_cpuid(dev);
	if (all || !strcmp(what, "memory"))
		test_memory();
	if (all || !strcmp(what, "twovm"))
		test_twovm();
	if (all || !strcmp(what, "fds"))
		test_fds("/proc/self/exe");
	if (all || !strcmp(what, "perms"))
		test_perms();
	return tvm_summary();
}
