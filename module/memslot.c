// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slots: ranges of the VMM's address space that back guest physical
 * memory.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "xvm.h"

#define XVM_GPA_LIMIT	(1ULL << 48)

/*
 * Check a slot update against the other slots. Pure, for KUnit: @slots is
 * the table, @id the slot being set.
 */
int xvm_memslot_check(const struct xvm_memslot *slots, unsigned int nslots,
		      unsigned int id, const struct xvm_memory_region *mr)
{
	u64 gfn, npages;
	unsigned int i;

	if (id >= nslots || (mr->flags & ~XVM_MEM_READONLY))
		return -EINVAL;
	if (!mr->size)
		return 0;
	if (!PAGE_ALIGNED(mr->guest_phys_addr) || !PAGE_ALIGNED(mr->size) ||
	    !PAGE_ALIGNED(mr->userspace_addr))
		return -EINVAL;
	if (mr->guest_phys_addr >= XVM_GPA_LIMIT ||
	    mr->size > XVM_GPA_LIMIT - mr->guest_phys_addr)
		return -EINVAL;
	if (mr->userspace_addr + mr->size < mr->userspace_addr ||
	    mr->userspace_addr + mr->size > TASK_SIZE_MAX)
		return -EINVAL;

	gfn = mr->guest_phys_addr >> PAGE_SHIFT;
	npages = mr->size >> PAGE_SHIFT;
	for (i = 0; i < nslots; i++) {
		const struct xvm_memslot *s = &slots[i];

		if (i == id || !s->npages)
			continue;
		if (gfn < s->gfn + s->npages && s->gfn < gfn + npages)
			return -EEXIST;
	}
	return 0;
}

/* Called with vm->mmu_lock or vm->lock held. */
const struct xvm_memslot *xvm_gfn_to_slot(struct xvm_vm *vm, u64 gfn)
{
	unsigned int i;

	for (i = 0; i < XVM_MAX_MEM_SLOTS; i++) {
		const struct xvm_memslot *s = &vm->slots[i];

		if (gfn - s->gfn < s->npages)
			return s;
	}
	return NULL;
}

int xvm_set_memory_region(struct xvm_vm *vm,
			  const struct xvm_memory_region *mr)
{
	struct xvm_memslot *slot;
	int ret;

	mutex_lock(&vm->lock);
	ret = xvm_memslot_check(vm->slots, XVM_MAX_MEM_SLOTS, mr->slot, mr);
	if (ret)
		goto out;
	slot = &vm->slots[mr->slot];

	spin_lock(&vm->mmu_lock);
	if (slot->npages)
		xvm_slpt_zap_gfn_range(vm, slot->gfn, slot->npages);
	slot->gfn = mr->guest_phys_addr >> PAGE_SHIFT;
	slot->npages = mr->size >> PAGE_SHIFT;
	slot->hva = mr->userspace_addr;
	slot->flags = mr->flags;
	/* A fault that read the old slot must not install what it found. */
	vm->mmu_inval_seq++;
	spin_unlock(&vm->mmu_lock);
out:
	mutex_unlock(&vm->lock);
	return ret;
}

#ifdef XVM_KUNIT
#include "memslot_test.c"
#endif
