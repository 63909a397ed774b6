// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vcpu.c: the argument checks of the vCPU ioctls that need
 * no vCPU (XVM_INJECT_EVENT, the XCR0 of XVM_SET_FPU and XSETBV, the
 * reserved bytes of a segment). Included by vcpu.c when XVM_KUNIT is
 * defined.
 */
#include <kunit/test.h>
#include <asm/cpufeature.h>

static struct xvm_event vcpu_event(u32 type, u32 vector, u32 has_error)
{
	struct xvm_event e = {
		.type = type,
		.vector = vector,
		.has_error_code = has_error,
		.error_code = has_error ? 0x1234 : 0,
	};

	return e;
}

static void vcpu_event_exception(struct kunit *test)
{
	struct xvm_event e;
	unsigned int v;

	for (v = 0; v < 300; v++) {
		int want = (v < 22 && v != 2 && v != 15) ? 0 : -EINVAL;

		e = vcpu_event(XVM_EVENT_EXCEPTION, v, 0);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e), want,
				    "vector %u", v);
		e = vcpu_event(XVM_EVENT_EXCEPTION, v, 1);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e), want,
				    "vector %u with error code", v);
	}
	/* #PF with its error code, #GP(0), #DF */
	e = vcpu_event(XVM_EVENT_EXCEPTION, 14, 1);
	e.error_code = 0x2;
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), 0);
	e = vcpu_event(XVM_EVENT_EXCEPTION, 13, 1);
	e.error_code = 0;
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), 0);
	e = vcpu_event(XVM_EVENT_EXCEPTION, 8, 1);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), 0);
	/* vectors far out of range, not truncated to 8 bits */
	e = vcpu_event(XVM_EVENT_EXCEPTION, 0x100 + 6, 0);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
	e = vcpu_event(XVM_EVENT_EXCEPTION, 0xffffffff, 0);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
}

static void vcpu_event_interrupt(struct kunit *test)
{
	struct xvm_event e;
	unsigned int v;

	for (v = 0; v < 300; v++) {
		int want = (v >= 16 && v <= 255) ? 0 : -EINVAL;

		e = vcpu_event(XVM_EVENT_INTERRUPT, v, 0);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e), want,
				    "vector %u", v);
		/* interrupts push no error code */
		e = vcpu_event(XVM_EVENT_INTERRUPT, v, 1);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e), -EINVAL,
				    "vector %u with error code", v);
	}
	e = vcpu_event(XVM_EVENT_INTERRUPT, 0x120, 0);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
	/* the error code field is not looked at without has_error_code */
	e = vcpu_event(XVM_EVENT_INTERRUPT, 0x20, 0);
	e.error_code = 0xffffffff;
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), 0);
}

static void vcpu_event_nmi(struct kunit *test)
{
	struct xvm_event e;
	unsigned int v;

	for (v = 0; v < 256; v++) {
		e = vcpu_event(XVM_EVENT_NMI, v, 0);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e),
				    v == 2 ? 0 : -EINVAL, "vector %u", v);
	}
	e = vcpu_event(XVM_EVENT_NMI, 2, 1);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
	e = vcpu_event(XVM_EVENT_NMI, 0x102, 0);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
}

static void vcpu_event_fields(struct kunit *test)
{
	static const u32 types[] = {
		XVM_EVENT_EXCEPTION, XVM_EVENT_INTERRUPT, XVM_EVENT_NMI,
	};
	static const u32 vectors[] = { 6, 0x30, 2 };
	struct xvm_event e;
	unsigned int i;
	u32 t;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		e = vcpu_event(types[i], vectors[i], 0);
		KUNIT_EXPECT_EQ(test, xvm_event_check(&e), 0);
		/* reserved fields */
		e.reserved[0] = 1;
		KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
		e.reserved[0] = 0;
		e.reserved[1] = 1ULL << 63;
		KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
		/* has_error_code is 0 or 1 */
		e = vcpu_event(types[i], vectors[i], 2);
		KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
		e = vcpu_event(types[i], vectors[i], 0xffffffff);
		KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
	}
	/* unknown types */
	for (t = 3; t < 64; t++) {
		e = vcpu_event(t, 0x20, 0);
		KUNIT_EXPECT_EQ_MSG(test, xvm_event_check(&e), -EINVAL,
				    "type %u", t);
	}
	e = vcpu_event(0xffffffff, 2, 0);
	KUNIT_EXPECT_EQ(test, xvm_event_check(&e), -EINVAL);
}

#define VCPU_XCR0_ALL	(XFEATURE_MASK_FP | XFEATURE_MASK_SSE | \
			 XFEATURE_MASK_YMM | XFEATURE_MASK_AVX512)

static void vcpu_xcr0_rules(struct kunit *test)
{
	static const struct {
		u64 xcr0;
		bool ok;
	} cases[] = {
		{ 0, false },
		{ XFEATURE_MASK_FP, true },
		{ XFEATURE_MASK_FP | XFEATURE_MASK_SSE, true },
		{ XFEATURE_MASK_SSE, false },			/* no x87 */
		{ XFEATURE_MASK_FP | XFEATURE_MASK_YMM, false },	/* no SSE */
		{ XFEATURE_MASK_FP | XFEATURE_MASK_SSE | XFEATURE_MASK_YMM,
		  true },
		{ XFEATURE_MASK_SSE | XFEATURE_MASK_YMM, false },
		/* AVX-512: all three parts, with AVX */
		{ VCPU_XCR0_ALL, true },
		{ VCPU_XCR0_ALL & ~XFEATURE_MASK_OPMASK, false },
		{ VCPU_XCR0_ALL & ~XFEATURE_MASK_ZMM_Hi256, false },
		{ VCPU_XCR0_ALL & ~XFEATURE_MASK_Hi16_ZMM, false },
		{ VCPU_XCR0_ALL & ~XFEATURE_MASK_YMM, false },
		{ XFEATURE_MASK_FP | XFEATURE_MASK_SSE |
		  XFEATURE_MASK_OPMASK, false },
		{ VCPU_XCR0_ALL & ~XFEATURE_MASK_FP, false },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_xcr0_check(cases[i].xcr0, VCPU_XCR0_ALL),
				    cases[i].ok, "xcr0 %llx", cases[i].xcr0);
}

/* Nothing beyond what the host and the VMM's FPU permissions allow. */
static void vcpu_xcr0_allowed(struct kunit *test)
{
	const u64 sse = XFEATURE_MASK_FP | XFEATURE_MASK_SSE;
	const u64 avx = sse | XFEATURE_MASK_YMM;
	unsigned int bit;

	KUNIT_EXPECT_TRUE(test, xvm_xcr0_check(sse, sse));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_check(avx, sse));
	KUNIT_EXPECT_TRUE(test, xvm_xcr0_check(avx, avx));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_check(VCPU_XCR0_ALL, avx));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_check(XFEATURE_MASK_FP, 0));
	/* any other component is refused when not allowed ... */
	for (bit = 2; bit < 64; bit++) {
		if (BIT_ULL(bit) & (XFEATURE_MASK_YMM | XFEATURE_MASK_AVX512))
			continue;
		KUNIT_EXPECT_FALSE_MSG(test, xvm_xcr0_check(sse | BIT_ULL(bit),
							    sse),
				       "bit %u", bit);
		/* ... and accepted when it is (MPX, PKRU, AMX ...) */
		KUNIT_EXPECT_TRUE_MSG(test,
				      xvm_xcr0_check(sse | BIT_ULL(bit),
						     sse | BIT_ULL(bit)),
				      "bit %u", bit);
	}
}

/*
 * xvm_xcr0_valid() on this CPU: the rules, within x87/SSE/AVX (what CPUID
 * leaf 0xD offers guests), the host's XCR0 and the VMM's permissions.
 */
static void vcpu_xcr0_host(struct kunit *test)
{
	struct xvm_vcpu *vcpu;
	u64 host;

	if (!boot_cpu_has(X86_FEATURE_XSAVE))
		kunit_skip(test, "no XSAVE");
	vcpu = kunit_kzalloc(test, sizeof(*vcpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vcpu);
	vcpu->fpu.perm = ~0ULL;
	/* as xvm_init() sets it, should the suite run before it */
	xvm_host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	KUNIT_EXPECT_TRUE(test, xvm_xcr0_valid(vcpu, XFEATURE_MASK_FP));
	KUNIT_EXPECT_TRUE(test, xvm_xcr0_valid(vcpu, XFEATURE_MASK_FP |
						     XFEATURE_MASK_SSE));
	host = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	/* what a guest may have of the host's XCR0: x87, SSE, AVX */
	KUNIT_EXPECT_TRUE(test, xvm_xcr0_valid(vcpu, host & XVM_XCR0_GUEST));
	/* nothing beyond, even where the host has it (AVX-512, PKRU ...) */
	if (host & ~XVM_XCR0_GUEST)
		KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, host));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, XVM_XCR0_GUEST |
						      XFEATURE_MASK_AVX512));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, XFEATURE_MASK_FP |
						      XFEATURE_MASK_SSE |
						      XFEATURE_MASK_PKRU));
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, 0));
	/* bit 63 is never an XSAVE component of the host */
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, XFEATURE_MASK_FP |
						      BIT_ULL(63)));
	/* the VMM's permissions limit it too */
	vcpu->fpu.perm = XFEATURE_MASK_FP;
	KUNIT_EXPECT_FALSE(test, xvm_xcr0_valid(vcpu, XFEATURE_MASK_FP |
						      XFEATURE_MASK_SSE));
}

static void vcpu_segment_reserved(struct kunit *test)
{
	struct xvm_segment s = {
		.base = ~0ULL, .limit = ~0U, .selector = 0xffff, .type = 0xff,
		.present = 0xff, .dpl = 0xff, .db = 0xff, .s = 0xff,
		.l = 0xff, .g = 0xff, .avl = 0xff, .unusable = 0xff,
	};

	KUNIT_EXPECT_TRUE(test, xvm_segment_reserved_clear(&s));
	s.reserved[0] = 1;
	KUNIT_EXPECT_FALSE(test, xvm_segment_reserved_clear(&s));
}

static struct kunit_case vcpu_test_cases[] = {
	KUNIT_CASE(vcpu_event_exception),
	KUNIT_CASE(vcpu_event_interrupt),
	KUNIT_CASE(vcpu_event_nmi),
	KUNIT_CASE(vcpu_event_fields),
	KUNIT_CASE(vcpu_xcr0_rules),
	KUNIT_CASE(vcpu_xcr0_allowed),
	KUNIT_CASE(vcpu_xcr0_host),
	KUNIT_CASE(vcpu_segment_reserved),
	{}
};

static struct kunit_suite vcpu_test_suite = {
	.name = "xvm-vcpu",
	.test_cases = vcpu_test_cases,
};

kunit_test_suite(vcpu_test_suite);
