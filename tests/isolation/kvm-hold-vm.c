// SPDX-License-Identifier: GPL-2.0
/*
 * kvm-hold-vm: keep a KVM VM open until killed, so that stock KVM keeps
 * VMX/SVM turned on (it turns the hardware on only while it has a VM).
 * Prints "ready" once it holds the VM; exits 1 if KVM_CREATE_VM fails
 * (printing the errno), which is what happens while xvm holds the
 * hardware.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

int main(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC), vm;

	if (kvm < 0) {
		printf("open /dev/kvm: %s\n", strerror(errno));
		return 2;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("KVM_CREATE_VM: %s (errno %d)\n", strerror(errno), errno);
		return 1;
	}
	printf("ready: holding a KVM VM (fd %d)\n", vm);
	fflush(stdout);
	for (;;)
		pause();
}
