// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VMX backend's pure functions: control computation
 * from the capability MSRs, the EPT entry format, exit decoding and the
 * segment access-rights conversion. Included at the end of vmx_caps.c
 * when built with XVM_KUNIT=1.
 */
#include <kunit/test.h>
#include <asm/traps.h>

#include "../backend.h"

static u64 cap(u32 allowed0, u32 allowed1)
{
	return (u64)allowed1 << 32 | allowed0;
}

static void vmx_test_adjust_ctls(struct kunit *test)
{
	u32 ctls;

	/* Must-be-1 bits are set even when nobody asked for them. */
	KUNIT_EXPECT_EQ(test, vmx_adjust_ctls(cap(0x16, 0xff), 0x1, 0, &ctls),
			0u);
	KUNIT_EXPECT_EQ(test, ctls, 0x17u);
	/* Optional bits the CPU does not allow are dropped. */
	KUNIT_EXPECT_EQ(test, vmx_adjust_ctls(cap(0, 0x0f), 0x1, 0x30, &ctls),
			0u);
	KUNIT_EXPECT_EQ(test, ctls, 0x1u);
	/* Required bits the CPU does not allow are reported. */
	KUNIT_EXPECT_EQ(test, vmx_adjust_ctls(cap(0, 0x0f), 0x31, 0, &ctls),
			0x30u);
}

static void vmx_test_cr_fixed(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, vmx_cr_fixed_ok(0x80050033, 0x80000021,
						0xffffffff));
	KUNIT_EXPECT_FALSE(test, vmx_cr_fixed_ok(0x80050013, 0x80000021,
						 0xffffffff));
	KUNIT_EXPECT_FALSE(test, vmx_cr_fixed_ok(0x2000 | BIT(23), 0x2000,
						 0x3727ff));
}

/* Roughly what a Skylake server reports. */
static void vmx_test_msrs(struct vmx_cap_msrs *m)
{
	memset(m, 0, sizeof(*m));
	m->basic = 0x00da040000000004ULL;	/* rev 4, 1 KiB, WB, TRUE */
	m->pin = cap(0x16, 0x7f);
	m->true_pin = cap(0x16, 0x7f);
	m->proc = cap(0x0401e172, 0xfff9fffe);
	m->true_proc = cap(0x04006172, 0xfff9fffe);
	m->proc2 = cap(0, 0x0553cfff);
	m->exit = cap(0x00036dff, 0x01ffffff);
	m->true_exit = cap(0x00036dfb, 0x01ffffff);
	m->entry = cap(0x000011ff, 0x0003ffff);
	m->true_entry = cap(0x000011fb, 0x0003ffff);
	m->ept_vpid = 0x00000f0106734141ULL;
}

static void vmx_test_config(struct kunit *test)
{
	struct vmx_cap_msrs m;
	struct vmx_config cfg;
	const char *missing = NULL;

	vmx_test_msrs(&m);
	KUNIT_ASSERT_EQ(test, vmx_compute_config(&m, &cfg, &missing), 0);
	KUNIT_EXPECT_EQ(test, cfg.revision, 4u);
	KUNIT_EXPECT_EQ(test, cfg.vmcs_size, 0x400u);
	KUNIT_EXPECT_TRUE(test, cfg.ins_outs_info);
	/* TRUE controls: CR3 exiting is not forced. */
	KUNIT_EXPECT_FALSE(test, cfg.proc & CPU_BASED_CR3_LOAD_EXITING);
	KUNIT_EXPECT_TRUE(test, cfg.proc & CPU_BASED_USE_MSR_BITMAPS);
	KUNIT_EXPECT_TRUE(test, cfg.proc & CPU_BASED_HLT_EXITING);
	KUNIT_EXPECT_FALSE(test, cfg.proc & CPU_BASED_INTR_WINDOW_EXITING);
	KUNIT_EXPECT_TRUE(test, cfg.proc2 & SECONDARY_EXEC_ENABLE_EPT);
	KUNIT_EXPECT_TRUE(test, cfg.proc2 & SECONDARY_EXEC_UNRESTRICTED_GUEST);
	KUNIT_EXPECT_TRUE(test, cfg.proc2 & SECONDARY_EXEC_ENABLE_VPID);
	KUNIT_EXPECT_TRUE(test, cfg.vpid);
	KUNIT_EXPECT_TRUE(test, cfg.ept_ad);
	KUNIT_EXPECT_TRUE(test, cfg.pat);
	KUNIT_EXPECT_TRUE(test, cfg.vnmi);
	KUNIT_EXPECT_TRUE(test, cfg.preempt_timer);
	KUNIT_EXPECT_FALSE(test, cfg.exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	KUNIT_EXPECT_FALSE(test, cfg.exit & VM_EXIT_ACK_INTR_ON_EXIT);
	KUNIT_EXPECT_TRUE(test, cfg.exit & VM_EXIT_LOAD_IA32_EFER);
	KUNIT_EXPECT_FALSE(test, cfg.entry & VM_ENTRY_IA32E_MODE);

	/* Without TRUE controls the default-1 bits stay. */
	m.basic &= ~VMX_BASIC_TRUE_CTLS;
	KUNIT_ASSERT_EQ(test, vmx_compute_config(&m, &cfg, &missing), 0);
	KUNIT_EXPECT_TRUE(test, cfg.proc & CPU_BASED_CR3_LOAD_EXITING);

	/* Optional features go away quietly. */
	vmx_test_msrs(&m);
	m.proc2 &= ~((u64)SECONDARY_EXEC_ENABLE_VPID << 32);
	m.entry &= ~((u64)VM_ENTRY_LOAD_IA32_PAT << 32);
	m.true_entry &= ~((u64)VM_ENTRY_LOAD_IA32_PAT << 32);
	KUNIT_ASSERT_EQ(test, vmx_compute_config(&m, &cfg, &missing), 0);
	KUNIT_EXPECT_FALSE(test, cfg.vpid);
	KUNIT_EXPECT_FALSE(test, cfg.proc2 & SECONDARY_EXEC_ENABLE_VPID);
	KUNIT_EXPECT_FALSE(test, cfg.pat);
	KUNIT_EXPECT_FALSE(test, cfg.exit & VM_EXIT_LOAD_IA32_PAT);

	/* Required ones fail, saying what is missing. */
	vmx_test_msrs(&m);
	m.proc2 &= ~((u64)SECONDARY_EXEC_ENABLE_EPT << 32);
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);
	KUNIT_EXPECT_STREQ(test, missing, "EPT");

	vmx_test_msrs(&m);
	m.proc2 &= ~((u64)SECONDARY_EXEC_UNRESTRICTED_GUEST << 32);
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);
	KUNIT_EXPECT_STREQ(test, missing, "unrestricted guest");

	vmx_test_msrs(&m);
	m.true_proc &= ~((u64)CPU_BASED_USE_MSR_BITMAPS << 32);
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);
	KUNIT_EXPECT_STREQ(test, missing, "MSR bitmaps");

	vmx_test_msrs(&m);
	m.ept_vpid &= ~VMX_EPT_PAGE_WALK_4_BIT;
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);
	KUNIT_EXPECT_STREQ(test, missing, "4-level EPT");

	vmx_test_msrs(&m);
	m.ept_vpid &= ~VMX_EPTP_WB_BIT;
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);

	vmx_test_msrs(&m);
	m.true_exit &= ~((u64)VM_EXIT_LOAD_IA32_EFER << 32);
	KUNIT_EXPECT_EQ(test, vmx_compute_config(&m, &cfg, &missing), -ENODEV);
}

static void vmx_test_ept_entry(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vmx_slpt_entry(0x1234000, XVM_SLPT_ALL, 1),
			0x1234000ULL | 7 | (6 << 3));
	KUNIT_EXPECT_EQ(test, vmx_slpt_entry(0x200000, XVM_SLPT_ALL, 2),
			0x200000ULL | 7 | (6 << 3) | BIT(7));
	KUNIT_EXPECT_EQ(test, vmx_slpt_entry(0x5000, XVM_SLPT_READ, 1),
			0x5000ULL | 1 | (6 << 3));
	KUNIT_EXPECT_EQ(test,
			vmx_slpt_entry(0x5000, XVM_SLPT_READ | XVM_SLPT_EXEC,
				       1), 0x5000ULL | 5 | (6 << 3));
	/* No write-only EPT entries: that is a misconfiguration. */
	KUNIT_EXPECT_EQ(test, vmx_slpt_entry(0x5000, XVM_SLPT_WRITE, 1) & 7,
			3ULL);
	/* Table entries: RWX, no memory type. */
	KUNIT_EXPECT_EQ(test, vmx_slpt_entry(0xabc000, 0, 0), 0xabc007ULL);
	KUNIT_EXPECT_TRUE(test, vmx_slpt_present(vmx_slpt_entry(0, 1, 1)));
	KUNIT_EXPECT_FALSE(test, vmx_slpt_present(0));
	KUNIT_EXPECT_FALSE(test, vmx_slpt_present(6 << 3));
	KUNIT_EXPECT_EQ(test, vmx_slpt_levels(), 4u);
	KUNIT_EXPECT_EQ(test, vmx_make_eptp(0x7000, false), 0x7000ULL | 0x1e);
	KUNIT_EXPECT_EQ(test, vmx_make_eptp(0x7000, true), 0x7000ULL | 0x5e);
}

static void vmx_test_decode(struct kunit *test)
{
	struct vmx_exit_info info = {};
	struct xvm_exit exit;

	/* OUT DX, AL to 0x3f8. */
	info.reason = EXIT_REASON_IO_INSTRUCTION;
	info.qual = 0x3f8ULL << 16 | 0;
	info.insn_len = 1;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_NONE);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_IO);
	KUNIT_EXPECT_EQ(test, exit.io.port, 0x3f8);
	KUNIT_EXPECT_EQ(test, exit.io.size, 1);
	KUNIT_EXPECT_FALSE(test, exit.io.in);
	KUNIT_EXPECT_FALSE(test, exit.io.string);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 1u);

	/* REP OUTSW with a 32-bit address through FS, from instruction info. */
	info.qual = 0x80ULL << 16 | BIT(5) | BIT(4) | 1;
	info.ins_outs_info = true;
	info.insn_info = 1 << 7 | 4 << 15;
	info.insn_len = 3;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.io.size, 2);
	KUNIT_EXPECT_TRUE(test, exit.io.string);
	KUNIT_EXPECT_TRUE(test, exit.io.rep);
	KUNIT_EXPECT_EQ(test, exit.io.addr_size, 4);
	KUNIT_EXPECT_EQ(test, exit.io.seg, (u8)XVM_SEG_FS);

	/* INSD in 64-bit code without instruction info: ES, CS's size. */
	info.qual = 0x60ULL << 16 | BIT(4) | BIT(3) | 3;
	info.ins_outs_info = false;
	info.def_addr_size = 8;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.io.size, 4);
	KUNIT_EXPECT_TRUE(test, exit.io.in);
	KUNIT_EXPECT_EQ(test, exit.io.addr_size, 8);
	KUNIT_EXPECT_EQ(test, exit.io.seg, (u8)XVM_SEG_ES);

	memset(&info, 0, sizeof(info));
	info.reason = EXIT_REASON_EPT_VIOLATION;
	info.qual = EPT_VIOLATION_ACC_WRITE;
	info.gpa = 0xfee00030;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_SLPT_FAULT);
	KUNIT_EXPECT_EQ(test, exit.fault.gpa, 0xfee00030ULL);
	KUNIT_EXPECT_TRUE(test, exit.fault.write);
	KUNIT_EXPECT_FALSE(test, exit.fault.fetch);
	KUNIT_EXPECT_EQ(test, exit.fault.insn_len, 0);
	info.qual = EPT_VIOLATION_ACC_INSTR | EPT_VIOLATION_ACC_READ;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_TRUE(test, exit.fault.fetch);
	KUNIT_EXPECT_FALSE(test, exit.fault.write);

	memset(&info, 0, sizeof(info));
	info.reason = EXIT_REASON_CPUID;
	info.insn_len = 2;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_CPUID);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 2u);

	info.reason = EXIT_REASON_MSR_WRITE;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_WRMSR);
	info.reason = EXIT_REASON_MSR_READ;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_RDMSR);
	info.reason = EXIT_REASON_HLT;
	info.insn_len = 1;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_HLT);
	KUNIT_EXPECT_EQ(test, exit.insn_len, 1u);
	info.reason = EXIT_REASON_XSETBV;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_XSETBV);
	info.reason = EXIT_REASON_TRIPLE_FAULT;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_SHUTDOWN);
	info.reason = EXIT_REASON_INTERRUPT_WINDOW;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_IRQ_WINDOW);
	info.reason = EXIT_REASON_EXTERNAL_INTERRUPT;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_HOST_INTR);
	info.reason = EXIT_REASON_PREEMPTION_TIMER;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_HOST_INTR);

	/* A host NMI, and an exception exit that nobody asked for. */
	info.reason = EXIT_REASON_EXCEPTION_NMI;
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR | 2;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_NMI);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_HOST_INTR);
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION | 14;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_NONE);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_UNHANDLED);
	/* #AC, which is intercepted to be given back */
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION |
			 INTR_INFO_DELIVER_CODE_MASK | X86_TRAP_AC;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_AC);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
	/* #DB, intercepted for the same reason, and ICEBP's */
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION |
			 X86_TRAP_DB;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_DB);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_PRIV_SW_EXCEPTION |
			 X86_TRAP_DB;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_DB);
	/* #BP is not intercepted: an exit for it is not understood */
	info.intr_info = INTR_INFO_VALID_MASK | INTR_TYPE_SOFT_EXCEPTION |
			 X86_TRAP_BP;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_NONE);

	/* VMX instructions are #UD in the guest. */
	info.reason = EXIT_REASON_VMCALL;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_UD);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_NONE);
	info.reason = EXIT_REASON_VMON;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_UD);
	info.reason = EXIT_REASON_CR_ACCESS;
	KUNIT_EXPECT_EQ(test, vmx_decode_exit(&info, &exit), VMX_ACT_CR);

	/* Entry failures keep bit 31 and the qualification. */
	info.reason = VMX_EXIT_REASONS_FAILED_VMENTRY |
		      EXIT_REASON_INVALID_STATE;
	info.qual = 2;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_FAIL_ENTRY);
	KUNIT_EXPECT_EQ(test, exit.hw.reason, 0x80000021ULL);
	KUNIT_EXPECT_EQ(test, exit.hw.qual, 2ULL);

	info.reason = EXIT_REASON_EPT_MISCONFIG;
	vmx_decode_exit(&info, &exit);
	KUNIT_EXPECT_EQ(test, exit.kind, (u32)XVM_X_UNHANDLED);
	KUNIT_EXPECT_EQ(test, exit.hw.reason, (u64)EXIT_REASON_EPT_MISCONFIG);
}

static void vmx_test_segments(struct kunit *test)
{
	struct xvm_segment cs64 = {
		.type = 11, .present = 1, .s = 1, .l = 1, .g = 1,
		.limit = 0xffffffff,
	};
	struct xvm_segment null = { .unusable = 1, .dpl = 3 };
	struct xvm_segment out = {};

	KUNIT_EXPECT_EQ(test, vmx_seg_to_ar(&cs64), 0xa09bu);
	vmx_ar_to_seg(0xa09b, &out);
	KUNIT_EXPECT_EQ(test, out.type, 11);
	KUNIT_EXPECT_EQ(test, out.present, 1);
	KUNIT_EXPECT_EQ(test, out.s, 1);
	KUNIT_EXPECT_EQ(test, out.l, 1);
	KUNIT_EXPECT_EQ(test, out.g, 1);
	KUNIT_EXPECT_EQ(test, out.db, 0);
	KUNIT_EXPECT_EQ(test, out.unusable, 0);
	/* Unusable keeps the DPL (SS.DPL is the CPL). */
	KUNIT_EXPECT_EQ(test, vmx_seg_to_ar(&null), 0x10060u);
	vmx_ar_to_seg(0x10000, &out);
	KUNIT_EXPECT_EQ(test, out.unusable, 1);
	KUNIT_EXPECT_EQ(test, out.present, 0);
	/* Not present means unusable. */
	cs64.present = 0;
	KUNIT_EXPECT_TRUE(test, vmx_seg_to_ar(&cs64) & VMX_AR_UNUSABLE_MASK);
}

static struct kunit_case vmx_test_cases[] = {
	KUNIT_CASE(vmx_test_adjust_ctls),
	KUNIT_CASE(vmx_test_cr_fixed),
	KUNIT_CASE(vmx_test_config),
	KUNIT_CASE(vmx_test_ept_entry),
	KUNIT_CASE(vmx_test_decode),
	KUNIT_CASE(vmx_test_segments),
	{}
};

static struct kunit_suite vmx_test_suite = {
	.name = "xvm-vmx",
	.test_cases = vmx_test_cases,
};
kunit_test_suite(vmx_test_suite);
