// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vmcb.c: the MSR permission map, the conversion of segment
 * registers between the VMCB and the xvm ABI, the VMCB reset state, the
 * MSRs kept in the VMCB, and the NPT entry format of the backend. Included
 * by vmcb.c when XVM_KUNIT is defined, so it sees the file's static
 * helpers. Nothing here needs SVM hardware: the VMCB is a page of memory.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <asm/trapnr.h>

#define MSRPM_BITS	(2 * PAGE_SIZE * 8)

static void vmcb_msrpm_bit(struct kunit *test)
{
	static const struct {
		u32 msr;
		int bit;
	} cases[] = {
		/* 0 - 0x1fff: bytes 0x000 - 0x7ff */
		{ 0x00000000, 0 },
		{ 0x00000001, 2 },
		{ MSR_IA32_TSC, 0x10 * 2 },
		{ MSR_IA32_SYSENTER_CS, 0x174 * 2 },
		{ 0x00001fff, 0x1fff * 2 },
		/* 0xc0000000 - 0xc0001fff: bytes 0x800 - 0xfff */
		{ 0xc0000000, 0x800 * 8 },
		{ MSR_EFER, 0x800 * 8 + 0x80 * 2 },
		{ MSR_FS_BASE, 0x800 * 8 + 0x100 * 2 },
		{ 0xc0001fff, 0x800 * 8 + 0x1fff * 2 },
		/* 0xc0010000 - 0xc0011fff: bytes 0x1000 - 0x17ff */
		{ 0xc0010000, 0x1000 * 8 },
		{ MSR_VM_HSAVE_PA, 0x1000 * 8 + 0x117 * 2 },
		{ 0xc0011fff, 0x1000 * 8 + 0x1fff * 2 },
		/* outside: always intercepted */
		{ 0x00002000, -1 },
		{ 0x40000000, -1 },	/* hypervisor range */
		{ 0xbfffffff, -1 },
		{ 0xc0002000, -1 },
		{ 0xc000ffff, -1 },
		{ 0xc0012000, -1 },
		{ 0xc0020000, -1 },
		{ 0xffffffff, -1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, svm_msrpm_bit(cases[i].msr),
				    cases[i].bit, "msr %x", cases[i].msr);
	/* read bits are even, and the last one's write bit is in the map */
	KUNIT_EXPECT_LT(test, svm_msrpm_bit(0xc0011fff) + 1, 0x1800 * 8);
}

static bool vmcb_msr_open(const unsigned long *map, u32 msr, bool write)
{
	return !test_bit(svm_msrpm_bit(msr) + write, map);
}

static void vmcb_msrpm_init(struct kunit *test)
{
	static const u32 open[] = {
		MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
		MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
		MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP,
		MSR_IA32_SYSENTER_EIP,
	};
	static const u32 closed[] = {
		MSR_EFER, MSR_IA32_CR_PAT, MSR_IA32_TSC, MSR_IA32_APICBASE,
		MSR_IA32_DEBUGCTLMSR, MSR_IA32_SPEC_CTRL, MSR_IA32_PRED_CMD,
		MSR_TSC_AUX, MSR_VM_HSAVE_PA, MSR_VM_CR, MSR_IA32_MISC_ENABLE,
		MSR_AMD64_TSC_RATIO, MSR_K7_HWCR, MSR_IA32_MCG_STATUS,
		MSR_MTRRdefType, 0, 0x1fff, 0xc0000000, 0xc0001fff,
		0xc0010000, 0xc0011fff,
	};
	unsigned long *map = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, map);
	svm_msrpm_init(map);
	for (i = 0; i < ARRAY_SIZE(open); i++) {
		KUNIT_EXPECT_TRUE_MSG(test, vmcb_msr_open(map, open[i], false),
				      "read of msr %x", open[i]);
		KUNIT_EXPECT_TRUE_MSG(test, vmcb_msr_open(map, open[i], true),
				      "write of msr %x", open[i]);
	}
	for (i = 0; i < ARRAY_SIZE(closed); i++) {
		KUNIT_EXPECT_FALSE_MSG(test, vmcb_msr_open(map, closed[i], false),
				       "read of msr %x", closed[i]);
		KUNIT_EXPECT_FALSE_MSG(test, vmcb_msr_open(map, closed[i], true),
				       "write of msr %x", closed[i]);
	}
	/* exactly those bits are clear in the whole 8 KiB */
	KUNIT_EXPECT_EQ(test, bitmap_weight(map, MSRPM_BITS),
			MSRPM_BITS - 2 * ARRAY_SIZE(open));
	/* the part no range uses is all ones too */
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)map + 0x1800, 0xff,
					   2 * PAGE_SIZE - 0x1800));

	/* a map that held anything before is rewritten whole */
	memset(map, 0, 2 * PAGE_SIZE);
	svm_msrpm_init(map);
	KUNIT_EXPECT_EQ(test, bitmap_weight(map, MSRPM_BITS),
			MSRPM_BITS - 2 * ARRAY_SIZE(open));
}

struct vmcb_seg_case {
	const char *name;
	struct xvm_segment u;
	u16 attrib;
};

static const struct vmcb_seg_case vmcb_seg_cases[] = {
	{ "real-mode code",
	  { .base = 0xffff0000, .limit = 0xffff, .selector = 0xf000,
	    .type = 0xb, .s = 1, .present = 1 }, 0x09b },
	{ "real-mode data",
	  { .base = 0x12340, .limit = 0xffff, .selector = 0x1234,
	    .type = 0x3, .s = 1, .present = 1 }, 0x093 },
	{ "32-bit code",
	  { .limit = 0xffffffff, .selector = 0x08, .type = 0xb, .s = 1,
	    .present = 1, .db = 1, .g = 1 }, 0xc9b },
	{ "32-bit data",
	  { .limit = 0xffffffff, .selector = 0x10, .type = 0x3, .s = 1,
	    .present = 1, .db = 1, .g = 1 }, 0xc93 },
	{ "32-bit user data, AVL",
	  { .base = 0x400000, .limit = 0xfffff, .selector = 0x23,
	    .type = 0x3, .s = 1, .present = 1, .dpl = 3, .db = 1,
	    .avl = 1 }, 0x5f3 },
	{ "16-bit protected-mode code",
	  { .base = 0x10000, .limit = 0xffff, .selector = 0x18,
	    .type = 0xa, .s = 1, .present = 1 }, 0x09a },
	{ "64-bit code",
	  { .limit = 0xffffffff, .selector = 0x08, .type = 0xb, .s = 1,
	    .present = 1, .l = 1, .g = 1 }, 0xa9b },
	{ "64-bit user code",
	  { .limit = 0xffffffff, .selector = 0x33, .type = 0xb, .s = 1,
	    .present = 1, .dpl = 3, .l = 1, .g = 1 }, 0xafb },
	{ "64-bit FS with a high base",
	  { .base = 0xffff888012345000ULL, .limit = 0xffffffff,
	    .type = 0x3, .s = 1, .present = 1, .db = 1, .g = 1 }, 0xc93 },
	{ "TR, busy 64-bit TSS",
	  { .base = 0xfffffe0000003000ULL, .limit = 0x67, .selector = 0x40,
	    .type = 0xb, .present = 1 }, 0x08b },
	{ "TR, busy 16-bit TSS",
	  { .base = 0x5000, .limit = 0x2b, .selector = 0x28, .type = 0x3,
	    .present = 1 }, 0x083 },
	{ "LDT",
	  { .base = 0x7000, .limit = 0xfff, .selector = 0x50, .type = 0x2,
	    .present = 1 }, 0x082 },
	{ "unusable",
	  { .unusable = 1 }, 0x000 },
	{ "unusable, with a selector",
	  { .base = 0x1000, .limit = 0xffff, .selector = 0x3,
	    .unusable = 1 }, 0x000 },
};

static void vmcb_seg_round_trip(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmcb_seg_cases); i++) {
		const struct vmcb_seg_case *c = &vmcb_seg_cases[i];
		struct vmcb_seg s, s2;
		struct xvm_segment u;

		memset(&s, 0xa5, sizeof(s));
		svm_seg_from_user(&s, &c->u);
		KUNIT_EXPECT_EQ_MSG(test, s.attrib, c->attrib, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, s.base, c->u.base, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, s.limit, c->u.limit, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, s.selector, c->u.selector, "%s",
				    c->name);

		memset(&u, 0xa5, sizeof(u));
		u.reserved[0] = 0;
		svm_seg_to_user(&s, &u);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&u, &c->u, sizeof(u)), 0,
				    "%s", c->name);

		/* and back again: the same VMCB segment */
		memset(&s2, 0x5a, sizeof(s2));
		svm_seg_from_user(&s2, &u);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&s, &s2, sizeof(s)), 0,
				    "%s", c->name);
	}
}

/* What the ABI holds that the VMCB has no room for. */
static void vmcb_seg_from_user_lossy(struct kunit *test)
{
	struct xvm_segment u = {
		.base = 0x1000, .limit = 0xffff, .selector = 0x10,
		.type = 0x3, .s = 1, .present = 1, .dpl = 3, .db = 1,
		.unusable = 1,
	};
	struct vmcb_seg s;
	struct xvm_segment back;

	/* unusable wins over present: no attributes at all */
	svm_seg_from_user(&s, &u);
	KUNIT_EXPECT_EQ(test, s.attrib, 0);
	KUNIT_EXPECT_EQ(test, s.selector, 0x10);
	memset(&back, 0, sizeof(back));
	svm_seg_to_user(&s, &back);
	KUNIT_EXPECT_EQ(test, back.unusable, 1);
	KUNIT_EXPECT_EQ(test, back.present, 0);
	KUNIT_EXPECT_EQ(test, back.type, 0);
	KUNIT_EXPECT_EQ(test, back.dpl, 0);

	/* not present is unusable too */
	u.unusable = 0;
	u.present = 0;
	svm_seg_from_user(&s, &u);
	KUNIT_EXPECT_EQ(test, s.attrib, 0);

	/* a flag is a flag, whatever non-zero value it has */
	u = (struct xvm_segment){ .type = 0x1f, .s = 2, .present = 0x80,
				  .dpl = 7, .l = 4, .db = 8, .g = 0x10,
				  .avl = 0x20 };
	svm_seg_from_user(&s, &u);
	KUNIT_EXPECT_EQ(test, s.attrib, 0xfff);
	svm_seg_to_user(&s, &back);
	KUNIT_EXPECT_EQ(test, back.type, 0xf);
	KUNIT_EXPECT_EQ(test, back.dpl, 3);
	KUNIT_EXPECT_EQ(test, back.s, 1);
	KUNIT_EXPECT_EQ(test, back.present, 1);
	KUNIT_EXPECT_EQ(test, back.l, 1);
	KUNIT_EXPECT_EQ(test, back.db, 1);
	KUNIT_EXPECT_EQ(test, back.g, 1);
	KUNIT_EXPECT_EQ(test, back.avl, 1);
	KUNIT_EXPECT_EQ(test, back.unusable, 0);
}

static struct svm_vcpu *vmcb_test_svm(struct kunit *test)
{
	struct svm_vcpu *svm = kunit_kzalloc(test, sizeof(*svm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, svm);
	svm->vmcb = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, svm->vmcb);
	return svm;
}

static bool vmcb_intercepted(struct vmcb *vmcb, unsigned int bit)
{
	return vmcb->control.intercepts[bit / 32] & BIT(bit % 32);
}

/* The reset state, as the core reads it back: a valid real-mode CPU. */
static void vmcb_reset_state(struct kunit *test)
{
	static const unsigned int must[] = {
		INTERCEPT_INTR, INTERCEPT_NMI, INTERCEPT_CPUID, INTERCEPT_HLT,
		INTERCEPT_IOIO_PROT, INTERCEPT_MSR_PROT, INTERCEPT_SHUTDOWN,
		INTERCEPT_VMRUN, INTERCEPT_VMMCALL, INTERCEPT_XSETBV,
	};
	struct svm_vcpu *svm = vmcb_test_svm(test);
	struct vmcb *vmcb = svm->vmcb;
	struct xvm_sregs *sregs;
	unsigned int i;

	sregs = kunit_kzalloc(test, sizeof(*sregs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sregs);
	memset(vmcb, 0xa5, PAGE_SIZE);
	svm_vmcb_init(svm, 0x1234000);

	for (i = 0; i < ARRAY_SIZE(must); i++)
		KUNIT_EXPECT_TRUE_MSG(test, vmcb_intercepted(vmcb, must[i]),
				      "intercept %u", must[i]);
	KUNIT_EXPECT_FALSE(test, vmcb_intercepted(vmcb, INTERCEPT_VINTR));
	KUNIT_EXPECT_FALSE(test, vmcb_intercepted(vmcb, INTERCEPT_IRET));
	KUNIT_EXPECT_EQ(test, vmcb->control.intercepts[INTERCEPT_DR],
			0xffffffffU);
	/* with NPT the guest's page faults are its own */
	KUNIT_EXPECT_FALSE(test, vmcb->control.intercepts[INTERCEPT_EXCEPTION] &
				 BIT(X86_TRAP_PF));
	/* #AC and #DB exit, so that a delivery loop cannot hold the CPU */
	KUNIT_EXPECT_TRUE(test, vmcb->control.intercepts[INTERCEPT_EXCEPTION] &
				BIT(X86_TRAP_AC));
	KUNIT_EXPECT_TRUE(test, vmcb->control.intercepts[INTERCEPT_EXCEPTION] &
				BIT(X86_TRAP_DB));
	KUNIT_EXPECT_EQ(test, vmcb->control.nested_cr3, 0x1234000ULL);
	KUNIT_EXPECT_TRUE(test, vmcb->control.nested_ctl &
				SVM_NESTED_CTL_NP_ENABLE);
	KUNIT_EXPECT_EQ(test, vmcb->control.event_inj, 0U);
	KUNIT_EXPECT_EQ(test, vmcb->save.efer, (u64)EFER_SVME);
	KUNIT_EXPECT_EQ(test, vmcb->save.rip, 0xfff0ULL);
	KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rip, 0xfff0ULL);
	KUNIT_EXPECT_EQ(test, svm->vcpu.regs.rflags, (u64)X86_EFLAGS_FIXED);

	svm_get_sregs(&svm->vcpu, sregs);
	KUNIT_EXPECT_EQ(test, xvm_check_sregs(sregs), 0);
	KUNIT_EXPECT_EQ(test, sregs->efer, 0ULL);
	KUNIT_EXPECT_EQ(test, sregs->cr0, (u64)X86_CR0_ET);
	KUNIT_EXPECT_EQ(test, sregs->cr8, 0ULL);
	KUNIT_EXPECT_EQ(test, sregs->cs.selector, 0xf000);
	KUNIT_EXPECT_EQ(test, sregs->cs.base, 0xffff0000ULL);
	KUNIT_EXPECT_EQ(test, sregs->cs.limit, 0xffffU);
	KUNIT_EXPECT_EQ(test, sregs->cs.type, 0xb);
	KUNIT_EXPECT_EQ(test, sregs->cs.present, 1);
	KUNIT_EXPECT_EQ(test, sregs->cs.db, 0);
	KUNIT_EXPECT_EQ(test, sregs->ds.type, 0x3);
	KUNIT_EXPECT_EQ(test, sregs->ss.present, 1);
	KUNIT_EXPECT_EQ(test, sregs->tr.type, 0xb);
	KUNIT_EXPECT_EQ(test, sregs->tr.s, 0);
	KUNIT_EXPECT_EQ(test, sregs->ldt.type, 0x2);
	KUNIT_EXPECT_EQ(test, sregs->ldt.present, 1);
	KUNIT_EXPECT_EQ(test, sregs->gdt.limit, 0xffff);
	KUNIT_EXPECT_EQ(test, sregs->idt.limit, 0xffff);
}

/* XVM_SET_SREGS then XVM_GET_SREGS: what the VMM set, SVME hidden. */
static void vmcb_sregs_round_trip(struct kunit *test)
{
	struct svm_vcpu *svm = vmcb_test_svm(test);
	struct xvm_sregs *in, *out;
	unsigned int i;

	in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);
	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, in);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	svm_vmcb_init(svm, 0);

	/* a 64-bit user-mode state */
	in->cs = vmcb_seg_cases[7].u;
	in->ds = vmcb_seg_cases[4].u;
	in->es = vmcb_seg_cases[13].u;
	in->fs = vmcb_seg_cases[8].u;
	in->gs = vmcb_seg_cases[12].u;
	in->ss = vmcb_seg_cases[4].u;
	in->tr = vmcb_seg_cases[9].u;
	in->ldt = vmcb_seg_cases[12].u;
	in->gdt.base = 0xfffffe0000001000ULL;
	in->gdt.limit = 0x7f;
	in->idt.base = 0xfffffe0000000000ULL;
	in->idt.limit = 0xfff;
	in->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP |
		  X86_CR0_PG;
	in->cr2 = 0x7f0000001234ULL;
	in->cr3 = 0x1000;
	in->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR;
	in->cr8 = 7;
	in->efer = EFER_LME | EFER_LMA | EFER_NX | EFER_SCE;
	KUNIT_ASSERT_EQ(test, xvm_check_sregs(in), 0);

	svm->vmcb->control.tlb_ctl = 0;
	KUNIT_ASSERT_EQ(test, svm_set_sregs(&svm->vcpu, in), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.efer, in->efer | EFER_SVME);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.cpl, 3);
	KUNIT_EXPECT_EQ(test, svm->vmcb->control.int_ctl & V_TPR_MASK, 7U);
	/* V_INTR_MASKING stays on */
	KUNIT_EXPECT_TRUE(test, svm->vmcb->control.int_ctl &
				V_INTR_MASKING_MASK);
	KUNIT_EXPECT_EQ(test, svm->vmcb->control.tlb_ctl,
			(u8)TLB_CONTROL_FLUSH_ASID);

	svm_get_sregs(&svm->vcpu, out);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, sizeof(*in)), 0);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&in->cs + i, &out->cs + i,
						 sizeof(in->cs)), 0,
				    "segment %u", i);
	KUNIT_EXPECT_EQ(test, out->efer, in->efer);
	KUNIT_EXPECT_EQ(test, out->cr8, 7ULL);

	/* real mode runs at CPL 0, whatever SS.DPL says */
	in->cr0 = X86_CR0_ET;
	in->cr4 = 0;
	in->efer = 0;
	in->ss.dpl = 3;
	KUNIT_ASSERT_EQ(test, svm_set_sregs(&svm->vcpu, in), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.cpl, 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.efer, (u64)EFER_SVME);
	/* CR8 keeps its 4 bits */
	in->cr8 = 15;
	KUNIT_ASSERT_EQ(test, svm_set_sregs(&svm->vcpu, in), 0);
	svm_get_sregs(&svm->vcpu, out);
	KUNIT_EXPECT_EQ(test, out->cr8, 15ULL);
}

/* A write as the core makes it: its value checks, then the backend's. */
static int vmcb_test_set_msr(struct xvm_vcpu *vcpu, u32 index, u64 data)
{
	return xvm_msr_value_check(index, data) ?:
	       svm_set_msr(vcpu, index, data);
}

static void vmcb_msrs(struct kunit *test)
{
	static const u32 addr_msrs[] = {
		MSR_LSTAR, MSR_CSTAR, MSR_KERNEL_GS_BASE, MSR_FS_BASE,
		MSR_GS_BASE, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
	};
	struct svm_vcpu *svm = vmcb_test_svm(test);
	struct xvm_vcpu *vcpu = &svm->vcpu;
	unsigned int i;
	u64 data;

	svm_vmcb_init(svm, 0);

	/* EFER: SVME is never seen, LMA is the CPU's */
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_EFER, &data), 0);
	KUNIT_EXPECT_EQ(test, data, 0ULL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER,
					  EFER_SCE | EFER_LME | EFER_NX), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.efer,
			(u64)(EFER_SCE | EFER_LME | EFER_NX | EFER_SVME));
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER, EFER_LMA), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.efer, (u64)EFER_SVME);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER, EFER_SVME), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER, BIT_ULL(1)), -EINVAL);
	/* under paging, LME may not change */
	svm->vmcb->save.cr0 = X86_CR0_PE | X86_CR0_PG;
	svm->vmcb->save.efer = EFER_LME | EFER_LMA | EFER_SVME;
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_EFER,
					  EFER_LME | EFER_NX), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.efer,
			(u64)(EFER_LME | EFER_LMA | EFER_NX | EFER_SVME));
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_EFER, &data), 0);
	KUNIT_EXPECT_EQ(test, data, (u64)(EFER_LME | EFER_LMA | EFER_NX));

	/* addresses must be canonical */
	for (i = 0; i < ARRAY_SIZE(addr_msrs); i++) {
		u32 msr = addr_msrs[i];

		KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, msr,
						  0xffff800000001000ULL), 0);
		KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, msr, &data), 0);
		KUNIT_EXPECT_EQ_MSG(test, data, 0xffff800000001000ULL,
				    "msr %x", msr);
		KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, msr,
						  0x00007fffffffffffULL), 0);
		KUNIT_EXPECT_EQ_MSG(test, vmcb_test_set_msr(vcpu, msr,
						      0x0000800000000000ULL),
				    -EINVAL, "msr %x", msr);
		KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, msr, &data), 0);
		KUNIT_EXPECT_EQ(test, data, 0x00007fffffffffffULL);
	}
	/* FS and GS base are the segments' bases */
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_FS_BASE, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, svm->vmcb->save.fs.base, 0x1000ULL);

	/* PAT: each byte a valid memory type */
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_IA32_CR_PAT, &data), 0);
	KUNIT_EXPECT_EQ(test, data, 0x0007040600070406ULL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_CR_PAT,
					  0x0706050407060504ULL), 0);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_CR_PAT,
					  0x0000000000000002ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_CR_PAT,
					  0x0300000000000000ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_CR_PAT,
					  0x0000000000080000ULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_IA32_CR_PAT, &data), 0);
	KUNIT_EXPECT_EQ(test, data, 0x0706050407060504ULL);

	/* DEBUGCTL: zero only */
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_DEBUGCTLMSR, 0), 0);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_DEBUGCTLMSR, 1),
			-EINVAL);

	/* STAR, SFMASK, SYSENTER_CS: any value */
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_STAR, ~0ULL), 0);
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_STAR, &data), 0);
	KUNIT_EXPECT_EQ(test, data, ~0ULL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_SYSCALL_MASK, 0x47700), 0);
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_SYSCALL_MASK, &data), 0);
	KUNIT_EXPECT_EQ(test, data, 0x47700ULL);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_SYSENTER_CS, 0x10), 0);
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_IA32_SYSENTER_CS, &data),
			0);
	KUNIT_EXPECT_EQ(test, data, 0x10ULL);

	/* the others are not the VMCB's */
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_IA32_TSC, &data), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, MSR_IA32_APICBASE, 0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, svm_get_msr(vcpu, MSR_VM_HSAVE_PA, &data),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, vmcb_test_set_msr(vcpu, 0xffffffff, 0), -ENOENT);
}

/* The NPT entry format: a page table entry of the host's kind. */
static void vmcb_npt_entry(struct kunit *test)
{
	const struct xvm_backend_ops *ops = &xvm_svm_ops;
	const u64 p = BIT_ULL(0), w = BIT_ULL(1), u = BIT_ULL(2);
	const u64 a = BIT_ULL(5), d = BIT_ULL(6), ps = BIT_ULL(7);
	const u64 nx = BIT_ULL(63);

	/* a table: everything allowed, the leaves decide */
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x123456000ULL, XVM_SLPT_ALL, 0),
			0x123456000ULL | p | w | u | a);
	/* 4 KiB leaves: writable ones are dirty already */
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x5000, XVM_SLPT_ALL, 1),
			0x5000ULL | p | w | u | a | d);
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x5000, XVM_SLPT_READ |
					      XVM_SLPT_EXEC, 1),
			0x5000ULL | p | u | a);
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x5000, XVM_SLPT_READ |
					      XVM_SLPT_WRITE, 1),
			0x5000ULL | p | w | u | a | d | nx);
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x5000, XVM_SLPT_READ, 1),
			0x5000ULL | p | u | a | nx);
	/* 2 MiB leaves */
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0x40200000, XVM_SLPT_ALL, 2),
			0x40200000ULL | p | w | u | a | d | ps);
	/* a high physical address stays whole */
	KUNIT_EXPECT_EQ(test, ops->slpt_entry(0xffffffffff000ULL,
					      XVM_SLPT_READ | XVM_SLPT_EXEC,
					      1),
			0xffffffffff000ULL | p | u | a);

	KUNIT_EXPECT_FALSE(test, ops->slpt_present(0));
	KUNIT_EXPECT_FALSE(test, ops->slpt_present(~p));
	KUNIT_EXPECT_TRUE(test, ops->slpt_present(p));
	KUNIT_EXPECT_TRUE(test, ops->slpt_present(ops->slpt_entry(0, 0, 1)));
	KUNIT_EXPECT_TRUE(test, ops->slpt_levels() == 4 ||
				ops->slpt_levels() == 5);
	KUNIT_EXPECT_EQ(test, ops->slpt_levels(),
			pgtable_l5_enabled() ? 5U : 4U);
}

static struct kunit_case vmcb_test_cases[] = {
	KUNIT_CASE(vmcb_msrpm_bit),
	KUNIT_CASE(vmcb_msrpm_init),
	KUNIT_CASE(vmcb_seg_round_trip),
	KUNIT_CASE(vmcb_seg_from_user_lossy),
	KUNIT_CASE(vmcb_reset_state),
	KUNIT_CASE(vmcb_sregs_round_trip),
	KUNIT_CASE(vmcb_msrs),
	KUNIT_CASE(vmcb_npt_entry),
	{}
};

static struct kunit_suite vmcb_test_suite = {
	.name = "xvm-svm-vmcb",
	.test_cases = vmcb_test_cases,
};

kunit_test_suite(vmcb_test_suite);
