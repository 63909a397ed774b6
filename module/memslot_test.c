// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of memslot.c: the checks of XVM_SET_USER_MEMORY_REGION
 * (alignment, flags, the guest physical limit, overflow, overlap) and the
 * slot lookup by guest frame. Included by memslot.c when XVM_KUNIT is
 * defined.
 */
#include <kunit/test.h>

#define MS_NSLOTS	4
#define MS_UADDR	0x7f0000000000ULL	/* a page-aligned user address */

static struct xvm_memory_region ms_region(u32 slot, u64 gpa, u64 size)
{
	struct xvm_memory_region mr = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.size = size,
		.userspace_addr = MS_UADDR,
	};

	return mr;
}

static void ms_check_empty_table(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr = ms_region(0, 0, SZ_1M);

	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	mr.flags = XVM_MEM_READONLY;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	mr = ms_region(MS_NSLOTS - 1, 0xfee00000, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS,
						MS_NSLOTS - 1, &mr), 0);
}

static void ms_check_slot_id(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr = ms_region(MS_NSLOTS, 0, SZ_1M);

	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, MS_NSLOTS,
						&mr), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, ~0U, &mr),
			-EINVAL);
	/* even a delete needs a valid slot id */
	mr.size = 0;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, MS_NSLOTS,
						&mr), -EINVAL);
}

static void ms_check_flags(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr = ms_region(0, 0, SZ_1M);
	unsigned int bit;

	for (bit = 1; bit < 32; bit++) {
		mr.flags = BIT(bit);
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    -EINVAL, "flag bit %u", bit);
		mr.flags = BIT(bit) | XVM_MEM_READONLY;
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    -EINVAL, "flag bit %u | READONLY", bit);
	}
	/* flags are checked on a delete too */
	mr.size = 0;
	mr.flags = BIT(1);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
}

static void ms_check_alignment(struct kunit *test)
{
	static const u64 bad[] = { 1, 0x800, PAGE_SIZE - 1, PAGE_SIZE + 8 };
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		mr = ms_region(0, 0x100000 + bad[i], SZ_1M);
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    -EINVAL, "gpa + %llx", bad[i]);
		mr = ms_region(0, 0x100000, SZ_1M + bad[i]);
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    -EINVAL, "size + %llx", bad[i]);
		mr = ms_region(0, 0x100000, SZ_1M);
		mr.userspace_addr += bad[i];
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    -EINVAL, "uaddr + %llx", bad[i]);
	}
	/* 2 MiB alignment is not required */
	mr = ms_region(0, 0x1000, 0x3000);
	mr.userspace_addr = MS_UADDR + 0x5000;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
}

static void ms_check_gpa_limit(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr;

	/* the last page below 2^48 */
	mr = ms_region(0, (1ULL << 48) - PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	/* a slot ending exactly at 2^48 */
	mr = ms_region(0, (1ULL << 48) - SZ_1G, SZ_1G);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	/* one page across it */
	mr = ms_region(0, (1ULL << 48) - SZ_1G, SZ_1G + PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	/* starting at or above it */
	mr = ms_region(0, 1ULL << 48, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	mr = ms_region(0, 1ULL << 52, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	/* gpa + size wraps around 2^64 */
	mr = ms_region(0, 0x100000, 0ULL - 0x1000);
	mr.userspace_addr = 0;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	mr = ms_region(0, 0xfffffffffffff000ULL, 0x2000);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
}

static void ms_check_user_range(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS] = {};
	struct xvm_memory_region mr = ms_region(0, 0, SZ_1M);

	/* ending exactly at the top of user space */
	mr.userspace_addr = TASK_SIZE_MAX - SZ_1M;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	/* one page past it */
	mr.userspace_addr = TASK_SIZE_MAX - SZ_1M + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	/* kernel addresses */
	mr.userspace_addr = PAGE_OFFSET;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
	/* uaddr + size wraps around 2^64 */
	mr.userspace_addr = 0ULL - 0x80000;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
			-EINVAL);
}

/* Slot 1: gfn 0x100-0x1ff; slot 2: gfn 0x400-0x40f; slots 0 and 3 empty. */
static void ms_fill(struct xvm_memslot *slots)
{
	memset(slots, 0, MS_NSLOTS * sizeof(*slots));
	slots[1].gfn = 0x100;
	slots[1].npages = 0x100;
	slots[1].hva = MS_UADDR;
	slots[2].gfn = 0x400;
	slots[2].npages = 0x10;
	slots[2].hva = MS_UADDR + SZ_16M;
	/* an empty slot whose gfn lies inside slot 1: never in the way */
	slots[3].gfn = 0x180;
}

static void ms_check_overlap(struct kunit *test)
{
	static const struct {
		u64 gfn, npages;
		int ret;
	} cases[] = {
		{ 0x000, 0x100, 0 },		/* just below slot 1 */
		{ 0x000, 0x101, -EEXIST },	/* its first page */
		{ 0x0ff, 0x002, -EEXIST },
		{ 0x100, 0x001, -EEXIST },
		{ 0x1ff, 0x001, -EEXIST },	/* its last page */
		{ 0x1ff, 0x100, -EEXIST },
		{ 0x180, 0x010, -EEXIST },	/* inside it */
		{ 0x080, 0x200, -EEXIST },	/* around it */
		{ 0x200, 0x200, 0 },		/* between slots 1 and 2 */
		{ 0x200, 0x201, -EEXIST },	/* touching slot 2 */
		{ 0x000, 0x1000, -EEXIST },	/* around both */
		{ 0x410, 0x100, 0 },		/* just above slot 2 */
		{ 0x40f, 0x001, -EEXIST },
	};
	struct xvm_memslot slots[MS_NSLOTS];
	struct xvm_memory_region mr;
	unsigned int i;

	ms_fill(slots);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		mr = ms_region(0, cases[i].gfn << PAGE_SHIFT,
			       cases[i].npages << PAGE_SHIFT);
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 0, &mr),
				    cases[i].ret, "gfn %llx npages %llx",
				    cases[i].gfn, cases[i].npages);
		/* slot 3 is empty: setting it obeys the same rules */
		mr.slot = 3;
		KUNIT_EXPECT_EQ_MSG(test,
				    xvm_memslot_check(slots, MS_NSLOTS, 3, &mr),
				    cases[i].ret, "slot 3 gfn %llx npages %llx",
				    cases[i].gfn, cases[i].npages);
	}
}

static void ms_check_replace(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS];
	struct xvm_memory_region mr;

	ms_fill(slots);
	/* the same range again */
	mr = ms_region(1, 0x100000, SZ_1M);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr), 0);
	/* grown, shrunk or moved over its own old range */
	mr = ms_region(1, 0x80000, 0x380000);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr), 0);
	mr = ms_region(1, 0x180000, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr), 0);
	/* but not onto slot 2 */
	mr = ms_region(1, 0x100000, 0x301000);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr),
			-EEXIST);
	/* slot 2 may not move onto slot 1 either */
	mr = ms_region(2, 0x1f0000, 0x10000);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 2, &mr),
			-EEXIST);
	/* the table itself is not changed by a check */
	KUNIT_EXPECT_EQ(test, slots[1].gfn, 0x100ULL);
	KUNIT_EXPECT_EQ(test, slots[1].npages, 0x100ULL);
}

static void ms_check_delete(struct kunit *test)
{
	struct xvm_memslot slots[MS_NSLOTS];
	struct xvm_memory_region mr;

	ms_fill(slots);
	/* size 0 deletes: nothing else is looked at */
	mr = ms_region(1, 0, 0);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr), 0);
	mr = ms_region(1, 0x400123, 0);
	mr.userspace_addr = 1;
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 1, &mr), 0);
	mr = ms_region(0, 1ULL << 60, 0);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
	/* deleting an empty slot is fine */
	mr = ms_region(3, 0, 0);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 3, &mr), 0);
	/* once deleted, its range is free for another slot */
	slots[1].npages = 0;
	mr = ms_region(0, 0x100000, SZ_1M);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(slots, MS_NSLOTS, 0, &mr), 0);
}

static void ms_gfn_to_slot(struct kunit *test)
{
	struct xvm_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	struct xvm_memslot *s;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	s = vm->slots;

	/* no slot at all: not even gfn 0 of the empty slots */
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, ~0ULL));

	s[0].gfn = 0;
	s[0].npages = 0xa0;		/* 0 - 640 KiB */
	s[5].gfn = 0x100;
	s[5].npages = 0x7f00;		/* 1 MiB - 128 MiB */
	s[XVM_MAX_MEM_SLOTS - 1].gfn = 0xfffff;
	s[XVM_MAX_MEM_SLOTS - 1].npages = 1;	/* the last page below 4 GiB */
	s[7].gfn = 0x20000;		/* empty */

	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0), &s[0]);
	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0x9f), &s[0]);
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0xa0));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0xff));
	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0x100), &s[5]);
	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0x4000), &s[5]);
	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0x7fff), &s[5]);
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0x8000));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0x20000));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0xffffe));
	KUNIT_EXPECT_PTR_EQ(test, xvm_gfn_to_slot(vm, 0xfffff),
			    &s[XVM_MAX_MEM_SLOTS - 1]);
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0x100000));
	/* far above or "below" (wrapping) a slot */
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 1ULL << 36));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, ~0ULL));

	/* a deleted slot no longer answers */
	s[5].npages = 0;
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0x100));
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 0x4000));
}

/* Slots as xvm_set_memory_region leaves them, checked and looked up. */
static void ms_check_then_lookup(struct kunit *test)
{
	struct xvm_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	struct xvm_memory_region mr;
	unsigned int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	/* 8 slots of 64 KiB side by side */
	for (i = 0; i < 8; i++) {
		mr = ms_region(i, i * 0x10000, 0x10000);
		mr.userspace_addr += i * 0x100000;
		KUNIT_ASSERT_EQ(test, xvm_memslot_check(vm->slots,
							XVM_MAX_MEM_SLOTS,
							i, &mr), 0);
		vm->slots[i].gfn = mr.guest_phys_addr >> PAGE_SHIFT;
		vm->slots[i].npages = mr.size >> PAGE_SHIFT;
		vm->slots[i].hva = mr.userspace_addr;
	}
	for (i = 0; i < 8 * 16; i++)
		KUNIT_EXPECT_PTR_EQ_MSG(test, xvm_gfn_to_slot(vm, i),
					&vm->slots[i / 16], "gfn %x", i);
	KUNIT_EXPECT_NULL(test, xvm_gfn_to_slot(vm, 8 * 16));
	/* any page of the range is taken */
	for (i = 0; i < 8 * 16; i++) {
		mr = ms_region(8, (u64)i << PAGE_SHIFT, PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, xvm_memslot_check(vm->slots,
							XVM_MAX_MEM_SLOTS,
							8, &mr), -EEXIST);
	}
	mr = ms_region(8, 8 * 0x10000, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, xvm_memslot_check(vm->slots, XVM_MAX_MEM_SLOTS,
						8, &mr), 0);
}

static struct kunit_case ms_test_cases[] = {
	KUNIT_CASE(ms_check_empty_table),
	KUNIT_CASE(ms_check_slot_id),
	KUNIT_CASE(ms_check_flags),
	KUNIT_CASE(ms_check_alignment),
	KUNIT_CASE(ms_check_gpa_limit),
	KUNIT_CASE(ms_check_user_range),
	KUNIT_CASE(ms_check_overlap),
	KUNIT_CASE(ms_check_replace),
	KUNIT_CASE(ms_check_delete),
	KUNIT_CASE(ms_gfn_to_slot),
	KUNIT_CASE(ms_check_then_lookup),
	{}
};

static struct kunit_suite ms_test_suite = {
	.name = "xvm-memslot",
	.test_cases = ms_test_cases,
};

kunit_test_suite(ms_test_suite);
