// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware virtualization on and off on every CPU: at load, when a CPU
 * comes online, when it goes offline, at reboot, on an emergency reboot or
 * kexec, and at unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/reboot.h>
#include <linux/smp.h>
#include <asm/reboot.h>

#include "xvm.h"
#include "backend.h"
#include "hw.h"

/* Whether this CPU is on; guarded by running on the CPU itself. */
static DEFINE_PER_CPU(bool, xvm_hw_on);
bool xvm_rebooting;
static enum cpuhp_state xvm_cpuhp_state;

static int xvm_cpu_enable(unsigned int cpu)
{
	unsigned long flags;
	int ret = 0;

	local_irq_save(flags);
	if (!__this_cpu_read(xvm_hw_on)) {
		ret = xvm_ops->cpu_enable();
		if (!ret)
			__this_cpu_write(xvm_hw_on, true);
	}
	local_irq_restore(flags);
	if (ret)
		pr_err("cannot enable %s on CPU %u (%d)\n", xvm_ops->name,
		       cpu, ret);
	return ret;
}

static int xvm_cpu_disable(unsigned int cpu)
{
	unsigned long flags;

	local_irq_save(flags);
	if (__this_cpu_read(xvm_hw_on)) {
		xvm_ops->cpu_disable();
		__this_cpu_write(xvm_hw_on, false);
	}
	local_irq_restore(flags);
	return 0;
}

static void xvm_cpu_disable_ipi(void *unused)
{
	xvm_cpu_disable(smp_processor_id());
}

/* Crash and emergency reboot: no locks, no sleeping, every CPU. */
static void xvm_emergency_disable(void)
{
	if (__this_cpu_read(xvm_hw_on)) {
		xvm_ops->cpu_disable();
		__this_cpu_write(xvm_hw_on, false);
	}
}

/*
 * A reboot or kexec leaves the next kernel (or the firmware) a CPU with
 * VMX/SVM off, as it expects.
 */
static int xvm_reboot(struct notifier_block *nb, unsigned long code,
		      void *unused)
{
	/*
	 * A vCPU checks the flag with interrupts off before entry, so it
	 * either sees it or enters before this CPU's disable IPI, which then
	 * makes it exit.
	 */
	WRITE_ONCE(xvm_rebooting, true);
	on_each_cpu(xvm_cpu_disable_ipi, NULL, 1);
	return NOTIFY_OK;
}

static struct notifier_block xvm_reboot_notifier = {
	.notifier_call = xvm_reboot,
	.priority = 0,
};

/*
 * The kernel has one emergency-virt callback, and a second registration
 * WARNs. kvm_intel holds it from load to unload (kvm_amd never takes it);
 * its callback turns VMX off on every CPU, which covers xvm too. kvm.ko
 * being loaded is taken as the sign that its vendor module is.
 */
static bool xvm_emergency_cb_taken(void)
{
	void *kvm_init_fn;

	if (!xvm_ops->kvm_has_emergency_cb)
		return false;
	kvm_init_fn = __symbol_get("kvm_init");
	if (!kvm_init_fn)
		return false;
	symbol_put_addr(kvm_init_fn);
	return true;
}

static bool xvm_emergency_cb_ours;

int xvm_hw_enable_all(void)
{
	int ret;

	/* Calls xvm_cpu_enable on every online CPU, undoing all on failure. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "xvm:online",
				xvm_cpu_enable, xvm_cpu_disable);
	if (ret < 0)
		return ret;
	xvm_cpuhp_state = ret;
	xvm_emergency_cb_ours = !xvm_emergency_cb_taken();
	if (xvm_emergency_cb_ours)
		cpu_emergency_register_virt_callback(xvm_emergency_disable);
	else
		pr_info("KVM is loaded: its emergency callback turns %s off on a crash\n",
			xvm_ops->name);
	register_reboot_notifier(&xvm_reboot_notifier);
	return 0;
}

void xvm_hw_disable_all(void)
{
	unregister_reboot_notifier(&xvm_reboot_notifier);
	if (xvm_emergency_cb_ours)
		cpu_emergency_unregister_virt_callback(xvm_emergency_disable);
	cpuhp_remove_state(xvm_cpuhp_state);
}
