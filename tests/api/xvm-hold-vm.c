// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-hold-vm: hold a VM and a vCPU open until killed, for the test that
 * rmmod is refused meanwhile (tests/vm/in-vm/t-02-*). /dev/xvm itself is
 * closed first, so that only the VM and vCPU fds pin the module. Prints a
 * line starting with "ready" once it holds them.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xvm.h"

int main(void)
{
	int sys, vm, vcpu;

	sys = open("/dev/xvm", O_RDWR | O_CLOEXEC);
	if (sys < 0) {
		perror("/dev/xvm");
		return 1;
	}
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	if (vm < 0) {
		perror("XVM_CREATE_VM");
		return 1;
	}
	vcpu = ioctl(vm, XVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		perror("XVM_CREATE_VCPU");
		return 1;
	}
	close(sys);
	printf("ready: holding a VM (fd %d) and a vCPU (fd %d)\n", vm, vcpu);
	fflush(stdout);
	for (;;)
		pause();
}
