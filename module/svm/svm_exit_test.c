// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of svm_exit.c: svm_decode_exit() on exits written into a VMCB
 * by hand, with and without the NRIP-save and decode-assist features (the
 * svm_features global, restored after each case). Included by svm_exit.c
 * when XVM_KUNIT is defined. Nothing here needs SVM hardware.
 */
#include <kunit/test.h>

static u32 exit_test_saved_features;

static int exit_test_init(struct kunit *test)
{
	exit_test_saved_features = svm_features;
	return 0;
}

static void exit_test_exit(struct kunit *test)
{
	svm_features = exit_test_saved_features;
}

static struct svm_vcpu *exit_test_svm(struct kunit *test)
{
	struct svm_vcpu *svm = kunit_kzalloc(test, sizeof(*svm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, svm);
	svm->vmcb = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, svm->vmcb);
	return svm;
}

/* An exit with @code at RIP 0x1000; the decoded exit starts as garbage. */
static void exit_test_run(struct svm_vcpu *svm, u32 code, u64 info1,
			  u64 info2, u64 next_rip, struct xvm_exit *exit)
{
	struct vmcb_control_area *c = &svm->vmcb->control;

	memset(svm->vmcb, 0, PAGE_SIZE);
	svm->vmcb->save.rip = 0x1000;
	svm->vcpu.regs.rip = 0x1000;
	c->exit_code = code;
	c->exit_info_1 = info1;
	c->exit_info_2 = info2;
	c->next_rip = next_rip;
	memset(exit, 0xa5, sizeof(*exit));
	svm_decode_exit(svm, exit);
}

/* EXITINFO1 of IOIO: port, direction, string, rep, size, address size. */
#define IO_IN		SVM_IOIO_TYPE_MASK
#define IO_STR		SVM_IOIO_STR_MASK
#define IO_REP		SVM_IOIO_REP_MASK
#define IO_SZ(n)	((n) << SVM_IOIO_SIZE_SHIFT)	/* 1, 2, 4 */
#define IO_A(n)		(((n) / 2) << SVM_IOIO_ASIZE_SHIFT)	/* 2, 4, 8 */
#define IO_SEG(n)	((n) << 10)
#define IO_PORT(p)	((u64)(p) << 16)

struct exit_io_case {
	const char *name;
	u64 info;
	unsigned int len;
	u16 port;
	u8 size;
	bool in, string, rep;
	u8 addr_size;
	u8 seg_da;	/* the segment with decode assists */
};

static const struct exit_io_case exit_io_cases[] = {
	{ "in $0x60,%al", IO_PORT(0x60) | IO_IN | IO_SZ(1) | IO_A(8), 2,
	  0x60, 1, true, false, false, 8, XVM_SEG_DS },
	{ "in (%dx),%ax", IO_PORT(0x1f0) | IO_IN | IO_SZ(2) | IO_A(4), 2,
	  0x1f0, 2, true, false, false, 4, XVM_SEG_DS },
	{ "in (%dx),%eax", IO_PORT(0xcfc) | IO_IN | IO_SZ(4) | IO_A(2), 1,
	  0xcfc, 4, true, false, false, 2, XVM_SEG_DS },
	{ "out %al,$0x80", IO_PORT(0x80) | IO_SZ(1) | IO_A(8), 2,
	  0x80, 1, false, false, false, 8, XVM_SEG_DS },
	{ "out %ax,(%dx) (port 0xffff)", IO_PORT(0xffff) | IO_SZ(2) | IO_A(4),
	  2, 0xffff, 2, false, false, false, 4, XVM_SEG_DS },
	{ "out %eax,(%dx)", IO_PORT(0x3f8) | IO_SZ(4) | IO_A(8), 1,
	  0x3f8, 4, false, false, false, 8, XVM_SEG_DS },
	{ "outsb (%rsi),(%dx)",
	  IO_PORT(0x3f8) | IO_STR | IO_SZ(1) | IO_A(8) | IO_SEG(3), 1,
	  0x3f8, 1, false, true, false, 8, XVM_SEG_DS },
	{ "rep outsb (%rsi),(%dx)",
	  IO_PORT(0x3f8) | IO_STR | IO_REP | IO_SZ(1) | IO_A(8) | IO_SEG(3),
	  2, 0x3f8, 1, false, true, true, 8, XVM_SEG_DS },
	{ "rep outsl %fs:(%esi),(%dx)",
	  IO_PORT(0x100) | IO_STR | IO_REP | IO_SZ(4) | IO_A(4) | IO_SEG(4),
	  4, 0x100, 4, false, true, true, 4, XVM_SEG_FS },
	{ "outsw %cs:(%si),(%dx)",
	  IO_PORT(0x100) | IO_STR | IO_SZ(2) | IO_A(2) | IO_SEG(1), 2,
	  0x100, 2, false, true, false, 2, XVM_SEG_CS },
	{ "outsb %ss:(%esi),(%dx)",
	  IO_PORT(0x100) | IO_STR | IO_SZ(1) | IO_A(4) | IO_SEG(2), 3,
	  0x100, 1, false, true, false, 4, XVM_SEG_SS },
	{ "outsb %es:(%rsi),(%dx)",
	  IO_PORT(0x100) | IO_STR | IO_SZ(1) | IO_A(8) | IO_SEG(0), 2,
	  0x100, 1, false, true, false, 8, XVM_SEG_ES },
	{ "outsb %gs:(%rsi),(%dx)",
	  IO_PORT(0x100) | IO_STR | IO_SZ(1) | IO_A(8) | IO_SEG(5), 2,
	  0x100, 1, false, true, false, 8, XVM_SEG_GS },
	{ "outsb, reserved segment 6",
	  IO_PORT(0x100) | IO_STR | IO_SZ(1) | IO_A(8) | IO_SEG(6), 1,
	  0x100, 1, false, true, false, 8, XVM_SEG_DS },
	{ "outsb, reserved segment 7",
	  IO_PORT(0x100) | IO_STR | IO_SZ(1) | IO_A(8) | IO_SEG(7), 1,
	  0x100, 1, false, true, false, 8, XVM_SEG_DS },
	{ "rep insw (%dx),%es:(%di)",
	  IO_PORT(0x1f0) | IO_IN | IO_STR | IO_REP | IO_SZ(2) | IO_A(2), 3,
	  0x1f0, 2, true, true, true, 2, XVM_SEG_ES },
	{ "insl (%dx),%es:(%rdi)",
	  IO_PORT(0x1f0) | IO_IN | IO_STR | IO_SZ(4) | IO_A(8), 1,
	  0x1f0, 4, true, true, false, 8, XVM_SEG_ES },
};

static void exit_ioio(struct kunit *test)
{
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i, da;

	for (da = 0; da < 2; da++) {
		for (i = 0; i < ARRAY_SIZE(exit_io_cases); i++) {
			const struct exit_io_case *c = &exit_io_cases[i];

			/* EXITINFO2 is the next RIP, even without NRIPS */
			svm_features = da ? SVM_FEAT_DECODE_ASSISTS : 0;
			exit_test_run(svm, SVM_EXIT_IOIO, c->info,
				      0x1000 + c->len, 0, &exit);
			KUNIT_EXPECT_EQ_MSG(test, exit.kind, (u32)XVM_X_IO,
					    "%s", c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.insn_len, c->len, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.port, c->port, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.size, c->size, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.in, c->in, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.string, c->string,
					    "%s", c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.rep, c->rep, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, exit.io.addr_size,
					    c->addr_size, "%s", c->name);
			/* the segment is only known with decode assists */
			if (c->string && !c->in)
				KUNIT_EXPECT_EQ_MSG(test, exit.io.seg,
						    da ? c->seg_da : XVM_SEG_DS,
						    "%s, decode assists %u",
						    c->name, da);
			/* nothing is done to the guest */
			KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1000ULL);
			KUNIT_EXPECT_EQ(test, svm->vmcb->control.event_inj, 0U);
		}
	}
	/* with NRIPS as well: still EXITINFO2 */
	svm_features = SVM_FEAT_NRIPS | SVM_FEAT_DECODE_ASSISTS;
	exit_test_run(svm, SVM_EXIT_IOIO, exit_io_cases[0].info, 0x1002, 0x1009,
		      &exit);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 2U);
}

static void exit_npf(struct kunit *test)
{
	static const u8 insn[] = { 0x89, 0x88, 0x00, 0x03, 0xe0, 0xfe };
	struct svm_vcpu *svm = exit_test_svm(test);
	struct vmcb_control_area *c = &svm->vmcb->control;
	struct xvm_exit exit;

	/* a write, no decode assists: no bytes, whatever the VMCB holds */
	svm_features = SVM_FEAT_NRIPS;
	exit_test_run(svm, SVM_EXIT_NPF, X86_PF_WRITE | X86_PF_USER |
		      X86_PF_PROT, 0xfee00300, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_SLPT_FAULT);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 0U);
	KUNIT_EXPECT_EQ(test, exit.fault.gpa, 0xfee00300ULL);
	KUNIT_EXPECT_TRUE(test, exit.fault.write);
	KUNIT_EXPECT_FALSE(test, exit.fault.fetch);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 0);

	/* a read at a high address */
	exit_test_run(svm, SVM_EXIT_NPF, X86_PF_USER, 0xfffffffff008ULL, 0,
		      &exit);
	KUNIT_EXPECT_EQ(test, exit.fault.gpa, 0xfffffffff008ULL);
	KUNIT_EXPECT_FALSE(test, exit.fault.write);
	KUNIT_EXPECT_FALSE(test, exit.fault.fetch);

	/* a fetch */
	exit_test_run(svm, SVM_EXIT_NPF, X86_PF_INSTR | X86_PF_USER, 0x100000,
		      0, &exit);
	KUNIT_EXPECT_FALSE(test, exit.fault.write);
	KUNIT_EXPECT_TRUE(test, exit.fault.fetch);

	/* decode assists: the bytes the CPU fetched */
	svm_features = SVM_FEAT_DECODE_ASSISTS;
	memset(svm->vmcb, 0, PAGE_SIZE);
	c->exit_code = SVM_EXIT_NPF;
	c->exit_info_1 = X86_PF_WRITE;
	c->exit_info_2 = 0xfee00300;
	c->insn_len = sizeof(insn);
	memcpy(c->insn_bytes, insn, sizeof(insn));
	memset(&exit, 0xa5, sizeof(exit));
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_SLPT_FAULT);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, (u8)sizeof(insn));
	KUNIT_EXPECT_EQ(test, memcmp(exit.fault.insn, insn, sizeof(insn)), 0);
	KUNIT_EXPECT_TRUE(test, exit.fault.write);

	/* all 15 bytes */
	c->insn_len = 15;
	memset(c->insn_bytes, 0x66, 15);
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 15);
	KUNIT_EXPECT_EQ(test, exit.fault.insn[14], 0x66);

	/* none (the fetch itself faulted) */
	c->insn_len = 0;
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 0);

	/* a length no instruction has is not trusted */
	c->insn_len = 16;
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 0);
	c->insn_len = 0xff;
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 0);
}

static void exit_insn_lengths(struct kunit *test)
{
	static const struct {
		const char *name;
		u32 code;
		u64 info1;
		u32 kind;
		unsigned int len;	/* without NRIPS */
	} cases[] = {
		{ "cpuid", SVM_EXIT_CPUID, 0, XVM_X_CPUID, 2 },
		{ "hlt", SVM_EXIT_HLT, 0, XVM_X_HLT, 1 },
		{ "rdmsr", SVM_EXIT_MSR, 0, XVM_X_RDMSR, 2 },
		{ "wrmsr", SVM_EXIT_MSR, 1, XVM_X_WRMSR, 2 },
		{ "xsetbv", SVM_EXIT_XSETBV, 0, XVM_X_XSETBV, 3 },
	};
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		/* without NRIPS: the architectural length; NRIP is junk */
		svm_features = SVM_FEAT_DECODE_ASSISTS;
		exit_test_run(svm, cases[i].code, cases[i].info1, 0, 0x1009,
			      &exit);
		KUNIT_EXPECT_EQ_MSG(test, exit.kind, cases[i].kind, "%s",
				    cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, exit.insn_len, cases[i].len, "%s",
				    cases[i].name);
		/* with NRIPS: NRIP - RIP, prefixes included */
		svm_features = SVM_FEAT_NRIPS;
		exit_test_run(svm, cases[i].code, cases[i].info1, 0,
			      0x1000 + cases[i].len + 2, &exit);
		KUNIT_EXPECT_EQ_MSG(test, exit.kind, cases[i].kind, "%s",
				    cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, exit.insn_len, cases[i].len + 2,
				    "%s with NRIPS", cases[i].name);
		/* the core moves RIP, not the backend */
		KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1000ULL);
	}
}

/* INVD and WBINVD are done here: RIP moves past them. */
static void exit_invd_wbinvd(struct kunit *test)
{
	static const u32 codes[] = { SVM_EXIT_INVD, SVM_EXIT_WBINVD };
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		svm_features = 0;
		exit_test_run(svm, codes[i], 0, 0, 0, &exit);
		KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
		KUNIT_EXPECT_EQ(test, exit.insn_len, 0U);
		KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1002ULL);
		svm_features = SVM_FEAT_NRIPS;
		exit_test_run(svm, codes[i], 0, 0, 0x1003, &exit);
		KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1003ULL);
		KUNIT_EXPECT_EQ(test, svm->vmcb->control.event_inj, 0U);
	}
}

static void exit_undefined(struct kunit *test)
{
	static const u32 codes[] = {
		SVM_EXIT_VMRUN, SVM_EXIT_VMMCALL, SVM_EXIT_VMLOAD,
		SVM_EXIT_VMSAVE, SVM_EXIT_STGI, SVM_EXIT_CLGI,
		SVM_EXIT_SKINIT, SVM_EXIT_INVLPGA, SVM_EXIT_RDTSCP,
		SVM_EXIT_MONITOR, SVM_EXIT_MWAIT, SVM_EXIT_MWAIT_COND,
		SVM_EXIT_RDPRU,
	};
	struct svm_vcpu *svm = exit_test_svm(test);
	struct vmcb_control_area *c = &svm->vmcb->control;
	struct xvm_exit exit;
	unsigned int i;

	svm_features = SVM_FEAT_NRIPS | SVM_FEAT_DECODE_ASSISTS;
	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		exit_test_run(svm, codes[i], 0, 0, 0x1003, &exit);
		KUNIT_EXPECT_EQ_MSG(test, exit.kind, (u32)XVM_X_NONE,
				    "code %x", codes[i]);
		KUNIT_EXPECT_EQ_MSG(test, c->event_inj,
				    (u32)(X86_TRAP_UD | SVM_EVTINJ_TYPE_EXEPT |
					  SVM_EVTINJ_VALID),
				    "code %x", codes[i]);
		KUNIT_EXPECT_EQ(test, c->event_inj_err, 0U);
		/* a fault: RIP stays on the instruction */
		KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1000ULL);
	}

	/* RDPMC: #GP(0) */
	exit_test_run(svm, SVM_EXIT_RDPMC, 0, 0, 0x1002, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
	KUNIT_EXPECT_EQ(test, c->event_inj,
			(u32)(X86_TRAP_GP | SVM_EVTINJ_TYPE_EXEPT |
			      SVM_EVTINJ_VALID | SVM_EVTINJ_VALID_ERR));
	KUNIT_EXPECT_EQ(test, c->event_inj_err, 0U);
	KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0x1000ULL);
}

static void exit_interrupts(struct kunit *test)
{
	static const u32 host[] = {
		SVM_EXIT_INTR, SVM_EXIT_NMI, SVM_EXIT_SMI, SVM_EXIT_INIT,
	};
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i;

	svm_features = SVM_FEAT_NRIPS;
	for (i = 0; i < ARRAY_SIZE(host); i++) {
		exit_test_run(svm, host[i], 0, 0, 0, &exit);
		KUNIT_EXPECT_EQ_MSG(test, exit.kind, (u32)XVM_X_HOST_INTR,
				    "code %x", host[i]);
		KUNIT_EXPECT_EQ(test, exit.insn_len, 0U);
	}
	exit_test_run(svm, SVM_EXIT_VINTR, 0, 0, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_IRQ_WINDOW);
	/* MOV to CR8 during an interrupt window: the core does it */
	exit_test_run(svm, SVM_EXIT_WRITE_CR8, 0, 0, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_CR8_WRITE);
	exit_test_run(svm, SVM_EXIT_FERR_FREEZE, 0, 0, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);

	/* IRET after an NMI: NMIs are open again */
	memset(svm->vmcb, 0, PAGE_SIZE);
	svm->nmi_masked = true;
	svm_set_intercept(svm->vmcb, INTERCEPT_IRET, true);
	svm_set_intercept(svm->vmcb, INTERCEPT_CPUID, true);
	svm->vmcb->control.exit_code = SVM_EXIT_IRET;
	svm_decode_exit(svm, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
	KUNIT_EXPECT_FALSE(test, svm->nmi_masked);
	KUNIT_EXPECT_FALSE(test, svm->vmcb->control.intercepts[INTERCEPT_IRET / 32] &
				 BIT(INTERCEPT_IRET % 32));
	KUNIT_EXPECT_TRUE(test, svm->vmcb->control.intercepts[INTERCEPT_CPUID / 32] &
				BIT(INTERCEPT_CPUID % 32));
}

/* A debug register access hands DR0-7 to the guest. */
static void exit_debug_registers(struct kunit *test)
{
	static const u32 codes[] = {
		SVM_EXIT_READ_DR0, SVM_EXIT_READ_DR7, SVM_EXIT_WRITE_DR0,
		SVM_EXIT_WRITE_DR3, SVM_EXIT_WRITE_DR7,
	};
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(codes); i++) {
		svm->dr_active = false;
		memset(svm->vmcb, 0, PAGE_SIZE);
		svm->vmcb->control.intercepts[INTERCEPT_DR] = 0xffffffff;
		svm->vmcb->control.exit_code = codes[i];
		svm_decode_exit(svm, &exit);
		KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
		KUNIT_EXPECT_TRUE_MSG(test, svm->dr_active, "code %x",
				      codes[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    svm->vmcb->control.intercepts[INTERCEPT_DR],
				    0U, "code %x", codes[i]);
	}
}

static void exit_shutdown_and_failures(struct kunit *test)
{
	static const u32 unknown[] = {
		SVM_EXIT_READ_CR0, SVM_EXIT_WRITE_CR3, SVM_EXIT_EXCP_BASE + 14,
		SVM_EXIT_PAUSE, SVM_EXIT_TASK_SWITCH, SVM_EXIT_IDTR_READ,
		SVM_EXIT_VMGEXIT, SVM_EXIT_NPF + 1, 0x7fffffff,
	};
	struct svm_vcpu *svm = exit_test_svm(test);
	struct xvm_exit exit;
	unsigned int i;

	svm_features = SVM_FEAT_NRIPS | SVM_FEAT_DECODE_ASSISTS;
	exit_test_run(svm, SVM_EXIT_SHUTDOWN, 0, 0, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 0U);

	/* VMEXIT_INVALID: the VMCB held a state VMRUN refused */
	exit_test_run(svm, SVM_EXIT_ERR, 0x1234, 0, 0, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_FAIL_ENTRY);
	KUNIT_EXPECT_EQ(test, exit.hw.reason, 0xffffffffULL);
	KUNIT_EXPECT_EQ(test, exit.hw.qual, 0ULL);

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		exit_test_run(svm, unknown[i], 0xabcd, 0x1234, 0, &exit);
		KUNIT_EXPECT_EQ_MSG(test, exit.kind, (u32)XVM_X_UNHANDLED,
				    "code %x", unknown[i]);
		KUNIT_EXPECT_EQ(test, exit.hw.reason, (u64)unknown[i]);
		KUNIT_EXPECT_EQ(test, exit.hw.qual, 0xabcdULL);
		KUNIT_EXPECT_EQ(test, exit.insn_len, 0U);
		KUNIT_EXPECT_EQ(test, svm->vmcb->control.event_inj, 0U);
	}
}

static struct kunit_case exit_test_cases[] = {
	KUNIT_CASE(exit_ioio),
	KUNIT_CASE(exit_npf),
	KUNIT_CASE(exit_insn_lengths),
	KUNIT_CASE(exit_invd_wbinvd),
	KUNIT_CASE(exit_undefined),
	KUNIT_CASE(exit_interrupts),
	KUNIT_CASE(exit_debug_registers),
	KUNIT_CASE(exit_shutdown_and_failures),
	{}
};

static struct kunit_suite exit_test_suite = {
	.name = "xvm-svm-exit",
	.init = exit_test_init,
	.exit = exit_test_exit,
	.test_cases = exit_test_cases,
};

kunit_test_suite(exit_test_suite);
