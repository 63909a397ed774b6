// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of sregs.c: which control register and EFER values
 * xvm_check_sregs() lets through to a backend. Included by sregs.c when
 * XVM_KUNIT is defined.
 */
#include <kunit/test.h>

/* The modes a VMM sets up, as a base for each case. */
enum sregs_mode { SR_REAL, SR_PROT, SR_PAGED, SR_PAE, SR_LONG, SR_COMPAT };

struct sregs_case {
	const char *name;
	enum sregs_mode mode;
	u64 cr0_set, cr0_clear;
	u64 cr4_set, cr4_clear;
	u64 efer_set, efer_clear;
	u64 cr8;
	bool cs_l, cs_db;
	int ret;
};

#define CR0_32	(X86_CR0_PE | X86_CR0_ET | X86_CR0_NE)
#define CR0_PG	(CR0_32 | X86_CR0_PG | X86_CR0_WP)

static void sregs_base(struct xvm_sregs *s, enum sregs_mode mode)
{
	memset(s, 0, sizeof(*s));
	s->cs.present = 1;
	s->cs.s = 1;
	s->cs.type = 0xb;
	switch (mode) {
	case SR_REAL:
		s->cr0 = X86_CR0_ET;
		s->cs.selector = 0xf000;
		s->cs.base = 0xffff0000;
		s->cs.limit = 0xffff;
		break;
	case SR_PROT:
		s->cr0 = CR0_32;
		s->cs.db = 1;
		break;
	case SR_PAGED:
		s->cr0 = CR0_PG;
		s->cr4 = X86_CR4_PSE;
		s->cs.db = 1;
		break;
	case SR_PAE:
		s->cr0 = CR0_PG;
		s->cr4 = X86_CR4_PAE;
		s->efer = EFER_NX;
		s->cs.db = 1;
		break;
	case SR_LONG:
		s->cr0 = CR0_PG;
		s->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
		s->efer = EFER_LME | EFER_LMA | EFER_SCE | EFER_NX;
		s->cs.l = 1;
		break;
	case SR_COMPAT:
		s->cr0 = CR0_PG;
		s->cr4 = X86_CR4_PAE;
		s->efer = EFER_LME | EFER_LMA;
		s->cs.db = 1;
		break;
	}
}

static const struct sregs_case sregs_cases[] = {
	/* what a VMM sets up */
	{ "real mode", SR_REAL },
	{ "real mode, CR0 after RESET", SR_REAL,
	  .cr0_set = X86_CR0_CD | X86_CR0_NW },
	{ "real mode, CD without NW", SR_REAL, .cr0_set = X86_CR0_CD },
	{ "protected mode", SR_PROT },
	{ "32-bit paging", SR_PAGED },
	{ "PAE paging", SR_PAE },
	{ "long mode", SR_LONG },
	{ "compatibility mode", SR_COMPAT },
	{ "long mode, every allowed CR4 bit", SR_LONG,
	  .cr4_set = X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE |
		     X86_CR4_PSE | X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE |
		     X86_CR4_UMIP | X86_CR4_FSGSBASE | X86_CR4_PCIDE |
		     X86_CR4_OSXSAVE | X86_CR4_SMEP | X86_CR4_SMAP },
	{ "LME set, paging still off", SR_PROT, .efer_set = EFER_LME },
	{ "LME set, no paging, no PAE yet", SR_REAL, .efer_set = EFER_LME },
	{ "CR8 = 15", SR_LONG, .cr8 = 15 },
	{ "CR8 = 15 outside long mode", SR_PROT, .cr8 = 15 },
	{ "CS.L with CS.D outside long mode", SR_PROT,
	  .cs_l = true, .cs_db = true },

	/* CR0 */
	{ "CR0 bit 32", SR_LONG, .cr0_set = BIT_ULL(32), .ret = -EINVAL },
	{ "CR0 bit 63", SR_REAL, .cr0_set = BIT_ULL(63), .ret = -EINVAL },
	{ "PG without PE", SR_PROT, .cr0_set = X86_CR0_PG,
	  .cr0_clear = X86_CR0_PE, .ret = -EINVAL },
	{ "PG without PE in real mode", SR_REAL, .cr0_set = X86_CR0_PG,
	  .ret = -EINVAL },
	{ "NW without CD", SR_PROT, .cr0_set = X86_CR0_NW, .ret = -EINVAL },
	{ "NW without CD in real mode", SR_REAL, .cr0_set = X86_CR0_NW,
	  .ret = -EINVAL },

	/* CR4 */
	{ "CR4.VMXE", SR_PROT, .cr4_set = X86_CR4_VMXE, .ret = -EINVAL },
	{ "CR4.SMXE", SR_PROT, .cr4_set = X86_CR4_SMXE, .ret = -EINVAL },
	{ "CR4.LA57", SR_LONG, .cr4_set = X86_CR4_LA57, .ret = -EINVAL },
	{ "CR4.PKE", SR_LONG, .cr4_set = X86_CR4_PKE, .ret = -EINVAL },
	{ "CR4.CET", SR_LONG, .cr4_set = X86_CR4_CET, .ret = -EINVAL },
	{ "CR4 bit 15", SR_LONG, .cr4_set = BIT_ULL(15), .ret = -EINVAL },
	{ "CR4 bit 32", SR_LONG, .cr4_set = BIT_ULL(32), .ret = -EINVAL },
	{ "CR4 bit 63", SR_REAL, .cr4_set = BIT_ULL(63), .ret = -EINVAL },
	{ "PCIDE outside long mode", SR_PAE, .cr4_set = X86_CR4_PCIDE,
	  .ret = -EINVAL },
	{ "PCIDE in real mode", SR_REAL, .cr4_set = X86_CR4_PCIDE,
	  .ret = -EINVAL },

	/* EFER */
	{ "EFER.SVME", SR_PROT, .efer_set = EFER_SVME, .ret = -EINVAL },
	{ "EFER.SVME in long mode", SR_LONG, .efer_set = EFER_SVME,
	  .ret = -EINVAL },
	{ "EFER.LMSLE", SR_LONG, .efer_set = EFER_LMSLE, .ret = -EINVAL },
	{ "EFER.FFXSR", SR_LONG, .efer_set = EFER_FFXSR, .ret = -EINVAL },
	{ "EFER bit 1", SR_PROT, .efer_set = BIT_ULL(1), .ret = -EINVAL },
	{ "EFER bit 63", SR_PROT, .efer_set = BIT_ULL(63), .ret = -EINVAL },
	{ "LMA without LME", SR_LONG, .efer_clear = EFER_LME, .ret = -EINVAL },
	{ "LMA without paging", SR_LONG, .cr0_clear = X86_CR0_PG,
	  .ret = -EINVAL },
	{ "LMA in real mode", SR_REAL, .efer_set = EFER_LMA | EFER_LME,
	  .ret = -EINVAL },
	{ "LME and PG without LMA", SR_LONG, .efer_clear = EFER_LMA,
	  .ret = -EINVAL },
	{ "long mode without PAE", SR_LONG, .cr4_clear = X86_CR4_PAE,
	  .ret = -EINVAL },
	{ "compatibility mode without PAE", SR_COMPAT,
	  .cr4_clear = X86_CR4_PAE, .ret = -EINVAL },

	/* CR8, CS */
	{ "CR8 = 16", SR_LONG, .cr8 = 16, .ret = -EINVAL },
	{ "CR8 = 2^32 + 1", SR_PROT, .cr8 = BIT_ULL(32) + 1, .ret = -EINVAL },
	{ "CS.L with CS.D in long mode", SR_LONG, .cs_db = true,
	  .ret = -EINVAL },
	{ "CS.L with CS.D in compatibility mode", SR_COMPAT, .cs_l = true,
	  .ret = -EINVAL },
};

static void sregs_table(struct kunit *test)
{
	struct xvm_sregs *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	for (i = 0; i < ARRAY_SIZE(sregs_cases); i++) {
		const struct sregs_case *c = &sregs_cases[i];

		sregs_base(s, c->mode);
		s->cr0 = (s->cr0 | c->cr0_set) & ~c->cr0_clear;
		s->cr4 = (s->cr4 | c->cr4_set) & ~c->cr4_clear;
		s->efer = (s->efer | c->efer_set) & ~c->efer_clear;
		s->cr8 = c->cr8;
		if (c->cs_l)
			s->cs.l = 1;
		if (c->cs_db)
			s->cs.db = 1;
		KUNIT_EXPECT_EQ_MSG(test, xvm_check_sregs(s), c->ret, "%s",
				    c->name);
	}
}

/* Only CR0, CR4, CR8, EFER and CS.L/CS.D are looked at. */
static void sregs_other_fields(struct kunit *test)
{
	struct xvm_sregs *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	sregs_base(s, SR_LONG);
	s->cr2 = ~0ULL;
	s->cr3 = ~0ULL;
	s->ds.l = 1;
	s->ds.db = 1;
	s->ss.l = 1;
	s->ss.db = 1;
	s->gdt.base = 0xffff800000000000ULL;
	s->idt.limit = 0xffff;
	KUNIT_EXPECT_EQ(test, xvm_check_sregs(s), 0);
	/* the all-zero state is real mode with CR0 = 0 */
	memset(s, 0, sizeof(*s));
	KUNIT_EXPECT_EQ(test, xvm_check_sregs(s), 0);
}

/* Every CR0 bit in the low 32 alone, outside paging rules. */
static void sregs_cr0_bits(struct kunit *test)
{
	struct xvm_sregs *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned int bit;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	for (bit = 0; bit < 64; bit++) {
		int want = 0;

		if (bit >= 32 || bit == X86_CR0_PG_BIT ||
		    bit == X86_CR0_NW_BIT)
			want = -EINVAL;
		sregs_base(s, SR_REAL);
		s->cr0 = BIT_ULL(bit);
		KUNIT_EXPECT_EQ_MSG(test, xvm_check_sregs(s), want,
				    "CR0 bit %u", bit);
	}
}

static struct kunit_case sregs_test_cases[] = {
	KUNIT_CASE(sregs_table),
	KUNIT_CASE(sregs_other_fields),
	KUNIT_CASE(sregs_cr0_bits),
	{}
};

static struct kunit_suite sregs_test_suite = {
	.name = "xvm-sregs",
	.test_cases = sregs_test_cases,
};

kunit_test_suite(sregs_test_suite);
