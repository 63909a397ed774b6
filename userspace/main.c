// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: a minimal VMM for the xvm module. Sets up one VM with RAM at
 * guest physical 0, loads the image, creates the vCPUs in the start mode
 * and runs them until the guest ends. See Documentation/xvm-run.rst.
 * The hypervisor is /dev/xvm, or /dev/kvm with --kvm (hv.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modes.h"
#include "vmm.h"
#include "pc.h"

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*len = st.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf) {
		close(fd);
		return -1;
	}
	while (got < *len) {
		n = read(fd, *buf + got, *len - got);
		if (n <= 0) {
			perror(path);
			close(fd);
			free(*buf);
			return -1;
		}
		got += n;
	}
	close(fd);
	return 0;
}

/* Guest RAM, 2 MiB aligned so that the module may use 2 MiB pages. */
static int setup_memory(struct xvm_vm *vm)
{
	const uint64_t align = 2ULL << 20;
	uint8_t *p;

	p = mmap(NULL, vm->mem_size + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("xvm-run: mmap guest memory");
		return -1;
	}
	vm->mem = (uint8_t *)(((uintptr_t)p + align - 1) & ~(align - 1));
	if (vm->hv->set_memory(vm)) {
		perror("xvm-run: set memory region");
		return -1;
	}
	return 0;
}

static void apply_cpuid_opt(struct xvm_cpuid_entry *e, unsigned int *n,
			    unsigned int max, const struct xvm_cpuid_opt *c)
{
	unsigned int i;

	for (i = 0; i < *n; i++) {
		if (e[i].function != c->leaf)
			continue;
		if ((e[i].flags & XVM_CPUID_INDEXED) &&
		    e[i].index != (c->indexed ? c->index : 0))
			continue;
		break;
	}
	if (i == *n) {
		if (*n >= max)
			return;
		memset(&e[i], 0, sizeof(e[i]));
		e[i].function = c->leaf;
		e[i].index = c->index;
		e[i].flags = c->indexed ? XVM_CPUID_INDEXED : 0;
		(*n)++;
	}
	e[i].eax = c->eax;
	e[i].ebx = c->ebx;
	e[i].ecx = c->ecx;
	e[i].edx = c->edx;
}

/*
 * The supported CPUID table with the --cpuid overrides, for every vCPU:
 * in @e (max_cpuid_entries + XVM_MAX_CPUIDS entries), *@n set.
 */
static int cpuid_table(struct xvm_vm *vm, struct xvm_cpuid_entry **e,
		       unsigned int *n)
{
	unsigned int max = vm->caps.max_cpuid_entries, i;
	int ret;

	if (!max)
		max = 256;
	*e = calloc(max + XVM_MAX_CPUIDS, sizeof(**e));
	if (!*e)
		return -1;
	ret = vm->hv->supported_cpuid(vm, *e, max);
	if (ret < 0) {
		perror("xvm-run: get supported CPUID");
		return -1;
	}
	*n = ret;
	for (i = 0; i < vm->opts->ncpuids; i++)
		apply_cpuid_opt(*e, n, max, &vm->opts->cpuids[i]);
	return 0;
}

/*
 * Each vCPU: created, its CPUID table set (first: KVM checks the control
 * registers against it), then the start state of @mode.
 */
static int setup_vcpus(struct xvm_vm *vm, enum xvm_mode mode, uint64_t entry)
{
	struct xvm_cpuid_entry *cpuid = NULL;
	unsigned int i, ncpuid;
	int ret = -1;

	if (cpuid_table(vm, &cpuid, &ncpuid))
		goto out;
	for (i = 0; i < vm->ncpus; i++) {
		struct xvm_vcpu_ctx *v = &vm->vcpus[i];
		struct xvm_regs regs;
		struct xvm_sregs sregs;

		v->vm = vm;
		v->idx = i;
		if (vm->hv->create_vcpu(v)) {
			perror("xvm-run: create vCPU");
			goto out;
		}
		if (vm->hv->set_cpuid(v, cpuid, ncpuid)) {
			perror("xvm-run: set CPUID");
			goto out;
		}
		if (xvm_mode_state(mode, entry, vm->opts->load, i, vm->ncpus,
				   &regs, &sregs)) {
			fprintf(stderr, "xvm-run: entry 0x%llx unreachable in "
				"this mode\n", (unsigned long long)entry);
			goto out;
		}
		if (vm->hv->set_sregs(v, &sregs)) {
			perror("xvm-run: set sregs");
			goto out;
		}
		if (vm->hv->set_regs(v, &regs)) {
			perror("xvm-run: set regs");
			goto out;
		}
	}
	ret = 0;
out:
	free(cpuid);
	return ret;
}

static void dump_memory(struct xvm_vm *vm, const struct xvm_range_opt *d)
{
	uint64_t off;

	if (d->addr > vm->mem_size || d->len > vm->mem_size - d->addr) {
		fprintf(stderr, "xvm-run: --dump 0x%llx outside RAM\n",
			(unsigned long long)d->addr);
		return;
	}
	for (off = 0; off < d->len; off++) {
		if (off % 16 == 0)
			printf("%s%08llx:", off ? "\n" : "",
			       (unsigned long long)(d->addr + off));
		printf(" %02x", vm->mem[d->addr + off]);
	}
	printf("\n");
}

/* --kernel: the bzImage, initrd and command line into guest memory. */
static int load_linux(struct xvm_vm *vm, const struct xvm_opts *o)
{
	uint8_t *k, *i = NULL;
	size_t klen, ilen = 0;
	char err[256];
	int ret;

	if (vm->ncpus != 1) {
		fprintf(stderr, "xvm-run: --kernel runs one vCPU (no APIC)\n");
		return -1;
	}
	if (read_file(o->kernel, &k, &klen))
		return -1;
	if (o->initrd && read_file(o->initrd, &i, &ilen)) {
		free(k);
		return -1;
	}
	ret = xvm_linux_load(vm, k, klen, i, ilen, o->append, err,
			     sizeof(err));
	if (ret)
		fprintf(stderr, "xvm-run: %s: %s\n", o->kernel, err);
	free(k);
	free(i);
	return ret;
}

static enum xvm_mode default_mode(enum xvm_image_kind kind)
{
	switch (kind) {
	case XVM_IMAGE_ELF64:
		return XVM_MODE_LONG64;
	case XVM_IMAGE_ELF32:
		return XVM_MODE_PROT32;
	default:
		return XVM_MODE_REAL;
	}
}

static const char *const mode_names[] = {
	"auto", "real", "prot32", "long64",
};

int main(int argc, char **argv)
{
	static struct xvm_vm vm;
	struct xvm_opts opts;
	struct xvm_image img;
	pthread_condattr_t ca;
	enum xvm_mode mode;
	uint64_t entry;
	uint8_t *buf;
	size_t len;
	char err[256];
	unsigned int i;
	int ret;

	ret = xvm_parse_args(argc, argv, &opts, err, sizeof(err));
	if (ret == 1) {
		fputs(xvm_usage_text, stdout);
		return 0;
	}
	if (ret) {
		fprintf(stderr, "xvm-run: %s\n%s", err, xvm_usage_text);
		return XVM_RUN_EXIT_USAGE;
	}
	if (opts.test_dev && opts.mem_size > XVM_TESTDEV_MMIO) {
		fprintf(stderr, "xvm-run: --mem overlaps the test device\n");
		return XVM_RUN_EXIT_USAGE;
	}

	vm.opts = &opts;
	vm.mem_size = opts.mem_size;
	vm.ncpus = opts.cpus;
	for (i = 0; i < XVM_MAX_CPUS; i++)
		vm.vcpus[i].fd = -1;
	pthread_mutex_init(&vm.lock, NULL);
	pthread_mutex_init(&vm.dev_lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&vm.cond, &ca);

	vm.hv = opts.kvm ? &xvm_hv_kvm : &xvm_hv_xvm;
	if (vm.hv->open(&vm))
		return XVM_RUN_EXIT_SETUP;
	if (vm.ncpus > vm.caps.max_vcpus) {
		fprintf(stderr, "xvm-run: at most %u vCPUs\n",
			vm.caps.max_vcpus);
		return XVM_RUN_EXIT_USAGE;
	}
	if (setup_memory(&vm))
		return XVM_RUN_EXIT_SETUP;

	if (opts.kernel) {
		if (load_linux(&vm, &opts))
			return XVM_RUN_EXIT_SETUP;
		mode = XVM_MODE_LONG64;	/* xvm_linux_vcpu_state() sets it up */
		entry = 0x100200;
		goto loaded;
	}
	if (read_file(opts.image, &buf, &len))
		return XVM_RUN_EXIT_SETUP;
	if (xvm_load_image(buf, len, vm.mem, vm.mem_size, opts.load, &img,
			   err, sizeof(err))) {
		fprintf(stderr, "xvm-run: %s: %s\n", opts.image, err);
		return XVM_RUN_EXIT_SETUP;
	}
	free(buf);
	mode = opts.mode ? opts.mode : default_mode(img.kind);
	entry = opts.entry_set ? opts.entry : img.entry;
	if (mode != XVM_MODE_REAL && img.lowest < XVM_STACK_TOP) {
		fprintf(stderr, "xvm-run: image at 0x%llx overlaps the tables "
			"and stacks below 0x%llx\n",
			(unsigned long long)img.lowest, XVM_STACK_TOP);
		return XVM_RUN_EXIT_SETUP;
	}
	if (xvm_mode_prepare_memory(mode, vm.mem, vm.mem_size)) {
		fprintf(stderr, "xvm-run: cannot set up %s mode\n",
			mode_names[mode]);
		return XVM_RUN_EXIT_SETUP;
	}
loaded:
	for (i = 0; i < opts.npokes; i++) {
		const struct xvm_range_opt *p = &opts.pokes[i];

		if (p->addr > vm.mem_size || p->len > vm.mem_size - p->addr) {
			fprintf(stderr, "xvm-run: --poke outside RAM\n");
			return XVM_RUN_EXIT_USAGE;
		}
		memcpy(vm.mem + p->addr, p->bytes, p->len);
	}
	if (opts.verbose)
		fprintf(stderr, "xvm-run: %s mode, entry 0x%llx, %u vCPU(s), "
			"%llu MiB\n", mode_names[mode],
			(unsigned long long)entry, vm.ncpus,
			(unsigned long long)(vm.mem_size >> 20));

	if (xvm_devices_init(&vm) || setup_vcpus(&vm, mode, entry))
		return XVM_RUN_EXIT_SETUP;
	if (opts.kernel && (xvm_pc_init(&vm) ||
			    xvm_linux_vcpu_state(&vm, &vm.vcpus[0]) ||
			    xvm_pc_start(&vm)))
		return XVM_RUN_EXIT_SETUP;

	ret = xvm_vm_run(&vm);
	fflush(stdout);
	for (i = 0; i < opts.ndumps; i++)
		dump_memory(&vm, &opts.dumps[i]);
	fflush(stdout);
	xvm_opts_free(&opts);
	/* exit(), not return: vCPU threads may still be in the kernel. */
	exit(ret);
}
