// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory as the kernel reads it: by guest physical address through
 * the slots (the VMM's own mappings, so the ordinary user-copy rules
 * apply), and by linear address through the guest's page tables.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <asm/processor-flags.h>
#include <asm/msr-index.h>

#include "xvm.h"
#include "backend.h"

/* The host address of guest physical @gpa, or 0 where no slot backs it. */
static unsigned long xvm_gpa_to_hva(struct xvm_vm *vm, u64 gpa, bool write)
{
	const struct xvm_memslot *slot;
	unsigned long hva = 0;

	spin_lock(&vm->mmu_lock);
	slot = xvm_gfn_to_slot(vm, gpa >> PAGE_SHIFT);
	if (slot && !(write && (slot->flags & XVM_MEM_READONLY)))
		hva = slot->hva + (gpa - (slot->gfn << PAGE_SHIFT));
	spin_unlock(&vm->mmu_lock);
	return hva;
}

static int xvm_access_guest_phys(struct xvm_vm *vm, u64 gpa, void *buf,
				 size_t len, bool write)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (gpa & ~PAGE_MASK));
		unsigned long hva = xvm_gpa_to_hva(vm, gpa, write);
		unsigned long left;

		if (!hva)
			return -EFAULT;
		if (write)
			left = copy_to_user((void __user *)hva, buf, n);
		else
			left = copy_from_user(buf, (void __user *)hva, n);
		if (left)
			return -EFAULT;
		gpa += n;
		buf += n;
		len -= n;
	}
	return 0;
}

int xvm_read_guest_phys(struct xvm_vm *vm, u64 gpa, void *buf, size_t len)
{
	return xvm_access_guest_phys(vm, gpa, buf, len, false);
}

int xvm_write_guest_phys(struct xvm_vm *vm, u64 gpa, const void *buf,
			 size_t len)
{
	return xvm_access_guest_phys(vm, gpa, (void *)buf, len, true);
}

/* 16, 32 or 64: the default operand and address size of the code. */
unsigned int xvm_code_size(const struct xvm_sregs *sregs)
{
	if ((sregs->efer & EFER_LMA) && sregs->cs.l)
		return 64;
	if (!(sregs->cr0 & X86_CR0_PE))
		return 16;
	return sregs->cs.db ? 32 : 16;
}

static int xvm_walk_read(void *ctx, u64 gpa, void *buf, unsigned int size)
{
	return xvm_read_guest_phys(ctx, gpa, buf, size);
}

int xvm_gva_to_gpa(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs,
		   u64 gva, bool write, u64 *gpa)
{
	const struct xvm_paging pg = {
		.cr0 = sregs->cr0,
		.cr3 = sregs->cr3,
		.cr4 = sregs->cr4,
		.efer = sregs->efer,
		.read_gpa = xvm_walk_read,
		.ctx = vcpu->vm,
	};

	return xvm_paging_walk(&pg, gva, write, gpa);
}

/* Read up to 15 bytes at CS:RIP; returns how many could be read. */
unsigned int xvm_fetch_insn(struct xvm_vcpu *vcpu,
			    const struct xvm_sregs *sregs, u8 *insn)
{
	u64 ip = vcpu->regs.rip, gva, gpa;
	unsigned int n = 0;

	if (xvm_code_size(sregs) != 64)
		ip = (u32)(sregs->cs.base + (ip & (xvm_code_size(sregs) == 16 ?
						   0xffff : 0xffffffff)));
	while (n < 15) {
		unsigned int chunk;

		gva = ip + n;
		chunk = min_t(unsigned int, 15 - n,
			      PAGE_SIZE - (gva & ~PAGE_MASK));
		if (xvm_gva_to_gpa(vcpu, sregs, gva, false, &gpa) ||
		    xvm_read_guest_phys(vcpu->vm, gpa, insn + n, chunk))
			break;
		n += chunk;
	}
	return n;
}
