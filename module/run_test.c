// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of run.c: the register and string I/O helpers of the run
 * loop (sized register writes, stepping RSI/RDI/RCX of INS and OUTS, the
 * address size of a string instruction, segment:offset to linear).
 * Included by run.c when XVM_KUNIT is defined.
 */
#include <kunit/test.h>

static void run_addr_mask(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xvm_addr_mask(1), 0xffULL);
	KUNIT_EXPECT_EQ(test, xvm_addr_mask(2), 0xffffULL);
	KUNIT_EXPECT_EQ(test, xvm_addr_mask(4), 0xffffffffULL);
	KUNIT_EXPECT_EQ(test, xvm_addr_mask(8), ~0ULL);
}

static void run_set_reg_sized(struct kunit *test)
{
	static const struct {
		u64 old, val;
		unsigned int bytes;
		u64 want;
	} cases[] = {
		/* 8 and 16 bits: the rest of the register stays */
		{ 0x1122334455667788ULL, 0xaa, 1, 0x11223344556677aaULL },
		{ 0x1122334455667788ULL, 0xffffffffffffffaaULL, 1,
		  0x11223344556677aaULL },
		{ 0x1122334455667788ULL, 0xbbaa, 2, 0x112233445566bbaaULL },
		{ 0x1122334455667788ULL, 0x12345678bbaaULL, 2,
		  0x112233445566bbaaULL },
		{ 0, 0xffff, 2, 0xffff },
		/* 32 bits: zero-extended, as any 32-bit write */
		{ 0x1122334455667788ULL, 0xccbbaa99, 4, 0xccbbaa99 },
		{ 0x1122334455667788ULL, 0xffffffffccbbaa99ULL, 4, 0xccbbaa99 },
		{ ~0ULL, 0, 4, 0 },
		/* 64 bits: the value */
		{ 0x1122334455667788ULL, 0x8877665544332211ULL, 8,
		  0x8877665544332211ULL },
		{ ~0ULL, 0, 8, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 reg = cases[i].old;

		xvm_set_reg_sized(&reg, cases[i].val, cases[i].bytes);
		KUNIT_EXPECT_EQ_MSG(test, reg, cases[i].want, "case %u", i);
	}
}

static struct xvm_vcpu *run_test_vcpu(struct kunit *test, bool rep,
				      u8 addr_size, bool df)
{
	struct xvm_vcpu *vcpu = kunit_kzalloc(test, sizeof(*vcpu), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vcpu);
	vcpu->sio.rep = rep;
	vcpu->sio.addr_size = addr_size;
	vcpu->regs.rflags = X86_EFLAGS_FIXED | (df ? X86_EFLAGS_DF : 0);
	return vcpu;
}

static void run_string_step_direction(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 2, 4 };
	struct xvm_vcpu *vcpu;
	unsigned int i;
	u64 index;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		/* DF clear: up by the element size */
		vcpu = run_test_vcpu(test, false, 8, false);
		vcpu->regs.rcx = 5;
		index = 0x1000;
		KUNIT_EXPECT_TRUE(test, xvm_string_step(vcpu, &index, sizes[i]));
		KUNIT_EXPECT_EQ(test, index, 0x1000ULL + sizes[i]);
		/* without REP, RCX is not a count */
		KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 5ULL);

		/* DF set: down */
		vcpu = run_test_vcpu(test, false, 8, true);
		index = 0x1000;
		KUNIT_EXPECT_TRUE(test, xvm_string_step(vcpu, &index, sizes[i]));
		KUNIT_EXPECT_EQ(test, index, 0x1000ULL - sizes[i]);
	}
	/* the other flags do not matter */
	vcpu = run_test_vcpu(test, false, 4, false);
	vcpu->regs.rflags = ~X86_EFLAGS_DF & 0x3fffff;
	index = 0x10;
	xvm_string_step(vcpu, &index, 2);
	KUNIT_EXPECT_EQ(test, index, 0x12ULL);
}

static void run_string_step_rep(struct kunit *test)
{
	struct xvm_vcpu *vcpu = run_test_vcpu(test, true, 8, false);
	u64 index = 0x2000;
	unsigned int n;

	/* REP with RCX = 3: three steps, the last one ends it */
	vcpu->regs.rcx = 3;
	for (n = 1; n <= 3; n++) {
		bool done = xvm_string_step(vcpu, &index, 4);

		KUNIT_EXPECT_EQ_MSG(test, done, n == 3, "step %u", n);
		KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 3ULL - n);
		KUNIT_EXPECT_EQ(test, index, 0x2000ULL + 4 * n);
	}

	/* backwards, RCX = 1 */
	vcpu = run_test_vcpu(test, true, 8, true);
	vcpu->regs.rcx = 1;
	index = 0x2000;
	KUNIT_EXPECT_TRUE(test, xvm_string_step(vcpu, &index, 1));
	KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 0ULL);
	KUNIT_EXPECT_EQ(test, index, 0x1fffULL);

	/* a 64-bit count */
	vcpu = run_test_vcpu(test, true, 8, false);
	vcpu->regs.rcx = 0x100000000ULL;
	index = 0;
	KUNIT_EXPECT_FALSE(test, xvm_string_step(vcpu, &index, 1));
	KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 0xffffffffULL);
}

/* With a 16- or 32-bit address size, SI/DI/CX wrap inside their width. */
static void run_string_step_wrap(struct kunit *test)
{
	struct xvm_vcpu *vcpu;
	u64 index;

	/* 16 bits: 0xffff + 1 is 0, the upper part of RSI stays */
	vcpu = run_test_vcpu(test, false, 2, false);
	index = 0xabcd0000ffffULL;
	xvm_string_step(vcpu, &index, 1);
	KUNIT_EXPECT_EQ(test, index, 0xabcd00000000ULL);
	index = 0xfffe;
	xvm_string_step(vcpu, &index, 4);
	KUNIT_EXPECT_EQ(test, index, 0x0002ULL);
	/* and down through 0 */
	vcpu = run_test_vcpu(test, false, 2, true);
	index = 0x0001;
	xvm_string_step(vcpu, &index, 2);
	KUNIT_EXPECT_EQ(test, index, 0xffffULL);

	/* 32 bits */
	vcpu = run_test_vcpu(test, false, 4, false);
	index = 0xffffffff;
	xvm_string_step(vcpu, &index, 1);
	KUNIT_EXPECT_EQ(test, index, 0ULL);
	index = 0xfffffffe;
	xvm_string_step(vcpu, &index, 4);
	KUNIT_EXPECT_EQ(test, index, 2ULL);
	vcpu = run_test_vcpu(test, false, 4, true);
	index = 0;
	xvm_string_step(vcpu, &index, 4);
	KUNIT_EXPECT_EQ(test, index, 0xfffffffcULL);

	/* 64 bits: no wrap at 32 */
	vcpu = run_test_vcpu(test, false, 8, false);
	index = 0xffffffff;
	xvm_string_step(vcpu, &index, 1);
	KUNIT_EXPECT_EQ(test, index, 0x100000000ULL);

	/* REP with CX: the count is CX, the upper part of RCX stays */
	vcpu = run_test_vcpu(test, true, 2, false);
	vcpu->regs.rcx = 0x50001;
	index = 0;
	KUNIT_EXPECT_TRUE(test, xvm_string_step(vcpu, &index, 1));
	KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 0x50000ULL);
	vcpu->regs.rcx = 0x50002;
	KUNIT_EXPECT_FALSE(test, xvm_string_step(vcpu, &index, 1));
	KUNIT_EXPECT_EQ(test, vcpu->regs.rcx, 0x50001ULL);

	/* REP with ECX */
	vcpu = run_test_vcpu(test, true, 4, false);
	vcpu->regs.rcx = 0x100000001ULL;
	index = 0;
	KUNIT_EXPECT_TRUE(test, xvm_string_step(vcpu, &index, 1));
	KUNIT_EXPECT_EQ(test, vcpu->regs.rcx & 0xffffffff, 0ULL);
}

static void run_test_sregs(struct xvm_sregs *s, unsigned int code)
{
	memset(s, 0, sizeof(*s));
	switch (code) {
	case 16:
		break;
	case 32:
		s->cr0 = X86_CR0_PE;
		s->cs.db = 1;
		break;
	case 64:
		s->cr0 = X86_CR0_PE | X86_CR0_PG;
		s->cr4 = X86_CR4_PAE;
		s->efer = EFER_LME | EFER_LMA;
		s->cs.l = 1;
		break;
	}
}

static void run_string_addr_size(struct kunit *test)
{
	static const struct {
		unsigned int code;
		u8 reported, want;
	} cases[] = {
		{ 64, 8, 8 }, { 64, 4, 4 },		/* 0x67 prefix */
		{ 64, 2, 8 }, { 64, 0, 8 }, { 64, 6, 8 },
		{ 32, 4, 4 }, { 32, 2, 2 },		/* 0x67 prefix */
		{ 32, 8, 4 }, { 32, 0, 4 },
		{ 16, 2, 2 }, { 16, 4, 4 },		/* 0x67 prefix */
		{ 16, 8, 2 }, { 16, 0, 2 },
	};
	struct xvm_sregs *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		run_test_sregs(s, cases[i].code);
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_string_addr_size(s, cases[i].reported),
				    cases[i].want, "%u-bit code, reported %u",
				    cases[i].code, cases[i].reported);
	}
	/* real mode is 16-bit code, whatever CS.D holds */
	run_test_sregs(s, 16);
	s->cs.db = 1;
	KUNIT_EXPECT_EQ(test, xvm_string_addr_size(s, 0), 2);
	/* compatibility mode is 32-bit code */
	run_test_sregs(s, 64);
	s->cs.l = 0;
	s->cs.db = 1;
	KUNIT_EXPECT_EQ(test, xvm_string_addr_size(s, 8), 4);
	KUNIT_EXPECT_EQ(test, xvm_string_addr_size(s, 2), 2);
}

static void run_seg_linear(struct kunit *test)
{
	struct xvm_sregs *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);

	/* real mode: base is selector * 16 */
	run_test_sregs(s, 16);
	s->ds.base = 0x12340;
	s->es.base = 0xffff0;
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_DS, 0x10), 0x12350ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_ES, 0xffff),
			0x10ffefULL);

	/* 32-bit: base + offset, wrapping at 4 GiB */
	run_test_sregs(s, 32);
	s->ds.base = 0x100000;
	s->es.base = 0xfffff000;
	s->fs.base = 0x7000;
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_DS, 0x1234),
			0x101234ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_ES, 0x2000), 0x1000ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_FS, 0xffffffff),
			0x6fffULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_CS, 0x10), 0x10ULL);

	/* 64-bit: the bases of CS, DS, ES and SS are ignored ... */
	run_test_sregs(s, 64);
	s->cs.base = 0x1000;
	s->ds.base = 0x2000;
	s->es.base = 0x3000;
	s->ss.base = 0x4000;
	s->fs.base = 0xffff888000000000ULL;
	s->gs.base = 0x7f0000001000ULL;
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_DS,
					     0xffff800000001234ULL),
			0xffff800000001234ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_ES, 0x5000), 0x5000ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_SS, 0x5000), 0x5000ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_CS, 0x5000), 0x5000ULL);
	/* ... those of FS and GS are not, and nothing is cut to 32 bits */
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_FS, 0x10),
			0xffff888000000010ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_GS, 0x100000000ULL),
			0x7f0100001000ULL);

	/* compatibility mode: as 32-bit, FS included */
	s->cs.l = 0;
	s->cs.db = 1;
	s->ds.base = 0;
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_DS, 0x12345678),
			0x12345678ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_ES, 0xfffff000),
			0x2000ULL);
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_FS, 0x10), 0x10ULL);
	/* CS.L without LMA is not 64-bit either */
	run_test_sregs(s, 32);
	s->cs.l = 1;
	s->ds.base = 0xf0000000;
	KUNIT_EXPECT_EQ(test, xvm_seg_linear(s, XVM_SEG_DS, 0x20000000),
			0x10000000ULL);
}

static struct kunit_case run_test_cases[] = {
	KUNIT_CASE(run_addr_mask),
	KUNIT_CASE(run_set_reg_sized),
	KUNIT_CASE(run_string_step_direction),
	KUNIT_CASE(run_string_step_rep),
	KUNIT_CASE(run_string_step_wrap),
	KUNIT_CASE(run_string_addr_size),
	KUNIT_CASE(run_seg_linear),
	{}
};

static struct kunit_suite run_test_suite = {
	.name = "xvm-run",
	.test_cases = run_test_cases,
};

kunit_test_suite(run_test_suite);
