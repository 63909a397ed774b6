// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl-fuzz: throw every ioctl of uapi/xvm.h at /dev/xvm, VM and vCPU
 * file descriptors, with random and boundary arguments, from several
 * threads at once, while vCPUs run small guests (an endless loop, a loop of
 * port I/O and MMIO, HLT) and other threads close descriptors, unmap and
 * remap slot memory, move slots, fork, and kill -9 child VMMs whose vCPUs
 * are running.
 *
 * Usage: ioctl-fuzz [SECONDS [THREADS [SEED]]]   ($XVM_FUZZ_SECONDS, 20)
 *        ioctl-fuzz --child-vmm                  (internal: a VMM to kill)
 *
 * A call "fails" when it returns an errno outside the ABI's classes, when
 * a deterministic check (a structured sequence on a private VM) gets
 * another result than the ABI says, or when a child dies of anything but
 * our SIGKILL. Prints the number of calls, then "N passed, N failed";
 * exits non-zero on a failure.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "xvmtest.h"

#define POOL		48	/* shared descriptors */
#define NSLOTBUF	4	/* shared slot buffers */
#define SLOTBUF_SIZE	(2ULL << 20)
#define MAX_CHILDREN	4

enum kind { K_NONE, K_DEV, K_VM, K_VCPU };

struct pool_ent {
	int fd;
	enum kind kind;
};

static struct pool_ent pool[POOL];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xvm_capabilities caps;
static atomic_bool stop;
static atomic_ulong calls;
static uint8_t *slotbuf[NSLOTBUF];
static uint8_t *guard;		/* a readable page, then a PROT_NONE one */
static uint8_t *rdonly;		/* a read-only page */
static uint8_t *scratch_base;	/* per-thread argument buffers */
static const char *self_exe = "/proc/self/exe";

GUEST_CODE(g_loop, "1: jmp 1b");
GUEST_CODE(g_hlt, "1: hlt; jmp 1b");
GUEST_CODE(g_pio_mmio,
	   "1: mov $0x500, %dx; in (%dx), %al; out %al, (%dx);"
	   "mov $0xd0000000, %ebx; mov (%rbx), %eax; mov %eax, (%rbx);"
	   "mov $0x100000, %ebx; incl (%rbx); add $4096, %rbx;"
	   "incl (%rbx); jmp 1b");

static const struct {
	const uint8_t *start, *end;
} guests[] = {
	{ g_loop_start, g_loop_end },
	{ g_hlt_start, g_hlt_end },
	{ g_pio_mmio_start, g_pio_mmio_end },
};

static const unsigned long all_ioctls[] = {
	XVM_GET_API_VERSION, XVM_GET_CAPABILITIES, XVM_CREATE_VM,
	XVM_GET_SUPPORTED_CPUID, XVM_CREATE_VCPU, XVM_SET_MEMORY_REGION,
	XVM_RUN, XVM_GET_REGS, XVM_SET_REGS, XVM_GET_SREGS, XVM_SET_SREGS,
	XVM_GET_DEBUGREGS, XVM_SET_DEBUGREGS, XVM_GET_FPU, XVM_SET_FPU,
	XVM_GET_MSRS, XVM_SET_MSRS, XVM_SET_CPUID, XVM_INJECT_EVENT,
	XVM_KICK,
};
#define NIOCTLS (sizeof(all_ioctls) / sizeof(all_ioctls[0]))

/* The errno classes the ABI allows for a call on an xvm descriptor. */
static bool errno_ok(int e)
{
	switch (e) {
	case EFAULT: case EINVAL: case ENOTTY: case EBADF: case EEXIST:
	case EBUSY: case E2BIG: case ENOMEM: case EINTR: case EIO:
	case EMFILE: case ENFILE: case EAGAIN:
		return true;
	}
	return false;
}

static void count_call(void)
{
	atomic_fetch_add(&calls, 1);
}

/* ------------------------------------------------------------ the pool */

static void pool_add(int fd, enum kind kind)
{
	int i, victim = -1;

	pthread_mutex_lock(&pool_lock);
	for (i = 0; i < POOL; i++) {
		if (pool[i].kind == K_NONE) {
			pool[i].fd = fd;
			pool[i].kind = kind;
			pthread_mutex_unlock(&pool_lock);
			return;
		}
	}
	/* Full: replace one at random; its fd is closed (racing users). */
	i = tvm_below(POOL);
	victim = pool[i].fd;
	pool[i].fd = fd;
	pool[i].kind = kind;
	pthread_mutex_unlock(&pool_lock);
	close(victim);
	count_call();
}

static struct pool_ent pool_pick(enum kind want)
{
	struct pool_ent e = { -1, K_NONE };
	int i, n;

	pthread_mutex_lock(&pool_lock);
	for (n = 0; n < 8; n++) {
		i = tvm_below(POOL);
		if (pool[i].kind != K_NONE &&
		    (want == K_NONE || pool[i].kind == want)) {
			e = pool[i];
			break;
		}
	}
	pthread_mutex_unlock(&pool_lock);
	return e;
}

static void pool_close_random(void)
{
	int i = tvm_below(POOL), fd = -1;

	pthread_mutex_lock(&pool_lock);
	if (pool[i].kind != K_NONE) {
		fd = pool[i].fd;
		pool[i].kind = K_NONE;
	}
	pthread_mutex_unlock(&pool_lock);
	if (fd >= 0) {
		close(fd);
		count_call();
	}
}

/* ------------------------------------------------------------ arguments */

static uint64_t rand_gpa(void)
{
	static const uint64_t g[] = {
		0, 0x1000, 0x100000, 0x200000, 0xfee00000, 0xd0000000,
		0xfffff000, 1ULL << 32, (1ULL << 48) - 0x1000, 1ULL << 48,
		~0ULL - 0xfff, 0x800,
	};

	return tvm_below(3) ? g[tvm_below(sizeof(g) / sizeof(g[0]))] :
			      (tvm_rand() & 0xfffffffff000ULL);
}

static uint64_t rand_uaddr(void)
{
	uint8_t *b = slotbuf[tvm_below(NSLOTBUF)];

	switch (tvm_below(9)) {
	case 0: return 0;
	case 1: return (uint64_t)(uintptr_t)b + 1;
	case 2: return 0xffffffff81000000ULL;
	case 3: return 0x7ffffffff000ULL;
	case 4: return (uint64_t)(uintptr_t)guard;
	case 5: return (uint64_t)(uintptr_t)rdonly;
	case 6: return tvm_rand_u64() & ~0xfffULL;
	default: return (uint64_t)(uintptr_t)b + (tvm_below(512) << 12);
	}
}

static uint64_t rand_size(void)
{
	static const uint64_t s[] = {
		0, 0x1000, 0x2000, 0x200000, 0x1fff, 1ULL << 47, 1ULL << 48,
		~0ULL & ~0xfffULL, 0x100000, 0x400000,
	};

	return s[tvm_below(sizeof(s) / sizeof(s[0]))];
}

/* Fill @buf (a 4 KiB scratch area) with something @cmd may like. */
static void fill_struct(unsigned long cmd, uint8_t *buf)
{
	bool clean = tvm_below(3);	/* reserved fields zero */

	tvm_fill_random(buf, 4096);
	switch (cmd) {
	case XVM_SET_MEMORY_REGION: {
		struct xvm_memory_region *m = (void *)buf;

		m->slot = tvm_below(4) ? tvm_below(caps.max_mem_slots) :
					 tvm_rand_u64();
		m->flags = tvm_below(3) ? 0 : tvm_rand_u64();
		m->guest_phys_addr = rand_gpa();
		m->size = rand_size();
		m->userspace_addr = rand_uaddr();
		if (clean)
			memset(m->reserved, 0, sizeof(m->reserved));
		break;
	}
	case XVM_GET_MSRS:
	case XVM_SET_MSRS: {
		struct xvm_msrs *m = (void *)buf;
		struct xvm_msr_entry *e = (void *)(buf + 64);
		static const uint32_t idx[] = {
			0x10, 0x1b, 0x3a, 0x48, 0x49, 0x10b, 0x174, 0x175,
			0x176, 0x1d9, 0x277, 0x480, 0x48d, 0x491, 0xc0000080,
			0xc0000081, 0xc0000082, 0xc0000100, 0xc0000101,
			0xc0000102, 0xc0000103, 0xc0010114, 0xc0010117,
			0x1a0, 0xda0, 0xffffffff,
		};
		unsigned int i, n = (4096 - 64) / sizeof(*e);

		m->nmsrs = tvm_below(4) ? tvm_below(n + 1) :
			   (uint32_t)tvm_rand_u64();
		if (clean)
			m->reserved = 0;
		for (i = 0; i < n; i++) {
			e[i].index = tvm_below(3) ?
				idx[tvm_below(sizeof(idx) / sizeof(idx[0]))] :
				(uint32_t)tvm_rand();
			e[i].reserved = clean ? 0 : tvm_rand_u64();
			e[i].data = tvm_rand_u64();
			/* A state that kills QEMU's SVM: see guest-fuzz.c. */
			if (caps.backend == XVM_BACKEND_SVM &&
			    e[i].index == 0xc0000080)
				e[i].data &= ~XVM_EFER_LME;
		}
		switch (tvm_below(5)) {
		case 0: m->entries = (uintptr_t)guard + 4096 - 16 * tvm_below(4); break;
		case 1: m->entries = tvm_rand_u64(); break;
		default: m->entries = (uintptr_t)e; break;
		}
		break;
	}
	case XVM_GET_SUPPORTED_CPUID:
	case XVM_SET_CPUID: {
		struct xvm_cpuid *c = (void *)buf;
		struct xvm_cpuid_entry *e = (void *)(buf + 64);
		unsigned int i, n = (4096 - 64) / sizeof(*e);

		c->nent = tvm_below(4) ? tvm_below(n + 1) :
			  (uint32_t)tvm_rand_u64();
		if (clean)
			c->reserved = 0;
		for (i = 0; i < n && clean; i++) {
			e[i].function = tvm_below(2) ? tvm_below(0x20) :
					0x80000000 + tvm_below(0x20);
			e[i].flags = tvm_below(2);
			memset(e[i].reserved, 0, sizeof(e[i].reserved));
		}
		c->entries = tvm_below(5) ? (uintptr_t)e :
			     tvm_below(2) ? (uintptr_t)rdonly : tvm_rand_u64();
		break;
	}
	case XVM_SET_SREGS: {
		struct xvm_sregs *s = (void *)buf;
		struct xvm_regs r;

		if (tvm_below(2)) {
			xvm_mode_state(1 + tvm_below(3), TVM_CODE, 0, 0, 1,
				       &r, s);
			/* Flip a few bits here and there. */
			for (int i = tvm_below(4); i > 0; i--)
				buf[tvm_below(sizeof(*s))] ^=
					1 << tvm_below(8);
		}
		if (clean) {
			struct xvm_segment *seg = &s->cs;

			for (int i = 0; i < 8; i++)
				memset(seg[i].reserved, 0,
				       sizeof(seg[i].reserved));
			memset(s->gdt.reserved, 0, sizeof(s->gdt.reserved));
			memset(s->idt.reserved, 0, sizeof(s->idt.reserved));
			memset(s->reserved, 0, sizeof(s->reserved));
		}
		/* A state that kills QEMU's SVM: see guest-fuzz.c. */
		if (caps.backend == XVM_BACKEND_SVM &&
		    (s->efer & XVM_EFER_LME) && !(s->cr0 & XVM_CR0_PG))
			s->efer &= ~XVM_EFER_LME;
		break;
	}
	case XVM_SET_DEBUGREGS: {
		struct xvm_debugregs *d = (void *)buf;

		if (clean) {
			d->dr6 &= 0xffffffff;
			d->dr7 &= 0xffffffff;
			memset(d->reserved, 0, sizeof(d->reserved));
		}
		break;
	}
	case XVM_SET_FPU: {
		struct xvm_fpu *f = (void *)buf;
		static const uint64_t x[] = { 1, 3, 7, 0xe7, 0x2e7, 0 };

		f->xcr0 = tvm_below(4) ? x[tvm_below(6)] : tvm_rand_u64();
		if (clean)
			memset(f->reserved, 0, sizeof(f->reserved));
		if (tvm_below(2))
			memset(f->xsave + 512, 0, 64);	/* XSAVE header */
		break;
	}
	case XVM_INJECT_EVENT: {
		struct xvm_event *e = (void *)buf;

		e->type = tvm_below(4) ? tvm_below(3) : tvm_rand_u64();
		e->vector = tvm_below(4) ? tvm_below(40) : tvm_rand_u64();
		e->has_error_code = tvm_below(3);
		if (clean)
			memset(e->reserved, 0, sizeof(e->reserved));
		break;
	}
	case XVM_SET_REGS: {
		struct xvm_regs *r = (void *)buf;

		if (tvm_below(2))
			r->rip = TVM_CODE + tvm_below(64);
		break;
	}
	}
}

static unsigned long rand_cmd(void)
{
	switch (tvm_below(10)) {
	case 0:		/* anything of our type byte */
		return _IOC(tvm_below(4), XVMIO, tvm_below(0x40),
			    tvm_below(3) ? tvm_below(8192) : tvm_below(0x4000));
	case 1:		/* a known number with another size or direction */
		return all_ioctls[tvm_below(NIOCTLS)] ^
		       (1UL << (16 + tvm_below(16)));
	case 2:
		return tvm_rand();
	default:
		return all_ioctls[tvm_below(NIOCTLS)];
	}
}

/* An argument for @cmd: a filled scratch buffer, or a bad one. */
static unsigned long rand_arg(unsigned long cmd, uint8_t *scratch)
{
	switch (tvm_below(12)) {
	case 0: return 0;
	case 1: return tvm_rand_u64();
	case 2: return (uintptr_t)guard + 4096 - tvm_below(64);
	case 3: return (uintptr_t)rdonly;
	case 4: return 0xffff888000000000ULL + (tvm_rand() & 0xffffff0);
	case 5: return tvm_below(70);
	default:
		fill_struct(cmd, scratch);
		return (uintptr_t)scratch + (tvm_below(8) ? 0 : tvm_below(8));
	}
}

/* Answer an exit the way a VMM would, with random data. */
static void answer_exit(struct xvm_run *run)
{
	switch (run->exit_reason) {
	case XVM_EXIT_IO:
		run->io.data = tvm_rand();
		break;
	case XVM_EXIT_MMIO:
		tvm_fill_random(run->mmio.data, 8);
		break;
	case XVM_EXIT_MSR:
		run->msr.data = tvm_rand();
		run->msr.error = tvm_below(2);
		break;
	}
}

/* ------------------------------------------------------------ objects */

/* A VM with RAM in a shared slot buffer and a few vCPUs, into the pool. */
static void make_vm(int dev)
{
	struct xvm_regs regs;
	struct xvm_sregs sregs;
	unsigned int i, n = 1 + tvm_below(3), g;
	uint8_t *mem = slotbuf[tvm_below(NSLOTBUF)];
	int vm;

	vm = ioctl(dev, XVM_CREATE_VM, 0);
	count_call();
	if (vm < 0) {
		tvm_check(errno_ok(errno), "CREATE_VM: %s",
			  tvm_errname(errno));
		return;
	}
	count_call();
	if (tvm_set_region(vm, 0, 0, SLOTBUF_SIZE, mem, 0))
		tvm_check(errno == EFAULT || errno == EINVAL,
			  "SET_MEMORY_REGION of a slot buffer: %s",
			  tvm_errname(errno));
	for (i = 0; i < n; i++) {
		int vcpu = ioctl(vm, XVM_CREATE_VCPU, tvm_below(caps.max_vcpus));

		count_call();
		if (vcpu < 0) {
			tvm_check(errno == EEXIST || errno == EMFILE,
				  "CREATE_VCPU: %s", tvm_errname(errno));
			continue;
		}
		g = tvm_below(3);
		xvm_mode_state(XVM_MODE_LONG64, TVM_CODE + g * 0x100, 0, 0, 1,
			       &regs, &sregs);
		sregs.idt.base = TVM_IDT;
		sregs.idt.limit = 4095;
		ioctl(vcpu, XVM_SET_SREGS, &sregs);
		ioctl(vcpu, XVM_SET_REGS, &regs);
		count_call();
		count_call();
		pool_add(vcpu, K_VCPU);
	}
	pool_add(vm, K_VM);
}

/* Fill a slot buffer with the page tables, IDT and the three guests. */
static void init_slotbuf(uint8_t *mem)
{
	unsigned int g;

	xvm_mode_prepare_memory(XVM_MODE_LONG64, mem, SLOTBUF_SIZE);
	tvm_build_idt(mem);
	for (g = 0; g < 3; g++)
		memcpy(mem + TVM_CODE + g * 0x100, guests[g].start,
		       guests[g].end - guests[g].start);
}

/* ------------------------------------------------------------ actions */

static void act_random_ioctl(uint8_t *scratch)
{
	struct pool_ent e = pool_pick(K_NONE);
	unsigned long cmd = rand_cmd(), arg;
	long ret;

	if (e.kind == K_NONE)
		return;
	/* RUN and KICK on VM/dev fds, and RUN with odd args, are fine. */
	arg = rand_arg(cmd, scratch);
	if (cmd == XVM_RUN && e.kind == K_VCPU && tvm_below(4))
		arg = 0;
	ret = ioctl(e.fd, cmd, arg);
	count_call();
	if (ret < 0) {
		tvm_check(errno_ok(errno), "ioctl(%s fd, %#lx, %#lx): %s",
			  e.kind == K_DEV ? "dev" : e.kind == K_VM ? "vm" :
			  "vcpu", cmd, arg, tvm_errname(errno));
		return;
	}
	if (cmd == XVM_CREATE_VM || cmd == XVM_CREATE_VCPU) {
		/* The new fd may be anything's now: keep it as what it was. */
		pool_add(ret, cmd == XVM_CREATE_VM ? K_VM : K_VCPU);
	}
}

static void act_mmap_run(void)
{
	struct pool_ent e = pool_pick(tvm_below(4) ? K_VCPU : K_NONE);
	static const size_t sizes[] = { 1, 100, 4096, 4097, 8192, 1 << 20 };
	size_t size = sizes[tvm_below(6)];
	off_t off = tvm_below(3) ? 0 : 4096 * tvm_below(3);
	int prot = tvm_below(4) ? PROT_READ | PROT_WRITE : PROT_READ;
	int flags = tvm_below(4) ? MAP_SHARED : MAP_PRIVATE;
	volatile uint8_t *p;

	if (e.kind == K_NONE)
		return;
	p = mmap(NULL, size, prot, flags, e.fd, off);
	count_call();
	if (p == MAP_FAILED) {
		tvm_check(errno_ok(errno) || errno == ENODEV || errno == EACCES,
			  "mmap(%zu, off %ld) of a %s fd: %s", size, (long)off,
			  e.kind == K_VCPU ? "vcpu" : "non-vcpu",
			  tvm_errname(errno));
		return;
	}
	/* Only a vCPU fd, offset 0, at most a page may map. */
	tvm_check(size <= 4096 && off == 0,
		  "mmap(%zu, off %ld) succeeded", size, (long)off);
	if (size <= 4096 && off == 0) {
		(void)p[0];
		(void)p[size - 1];
		if (prot & PROT_WRITE)
			p[1] = p[1];	/* immediate_exit: harmless */
	}
	munmap((void *)p, size);
}

static void act_slot_churn(void)
{
	uint8_t *b = slotbuf[tvm_below(NSLOTBUF)];
	size_t off = tvm_below(512) << 12, len = (1 + tvm_below(16)) << 12;

	if (off + len > SLOTBUF_SIZE)
		len = SLOTBUF_SIZE - off;
	/* Keep the page tables and the code: the vCPUs are running them. */
	if (off < TVM_CODE + 0x1000)
		return;
	count_call();
	if (tvm_below(2)) {
		/*
		 * Gone for a while, then new pages: PROT_NONE rather than a
		 * munmap() keeps the range reserved, so that another thread's
		 * mmap() (a run page) cannot land in the hole and be replaced
		 * by the MAP_FIXED below. mmap() over it unmaps the old pages.
		 */
		mprotect(b + off, len, PROT_NONE);
		usleep(tvm_below(2000));
		if (mmap(b + off, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		    MAP_FAILED)
			tvm_check(false, "remap of slot memory: %s",
				  tvm_errname(errno));
	} else {
		mprotect(b + off, len, PROT_READ);
		usleep(tvm_below(2000));
		mprotect(b + off, len, PROT_READ | PROT_WRITE);
	}
}

static void act_move_slot(void)
{
	struct pool_ent e = pool_pick(K_VM);
	uint8_t *b = slotbuf[tvm_below(NSLOTBUF)];
	uint32_t slot = tvm_below(3);
	int ret;

	if (e.kind == K_NONE)
		return;
	switch (tvm_below(4)) {
	case 0:	/* delete */
		ret = tvm_set_region(e.fd, slot, 0, 0, NULL, 0);
		break;
	case 1:	/* back to the start */
		ret = tvm_set_region(e.fd, slot, 0, SLOTBUF_SIZE, b, 0);
		break;
	case 2:
		ret = tvm_set_region(e.fd, slot, 0x100000 * tvm_below(8),
				     0x1000 * (1 + tvm_below(256)),
				     b + (tvm_below(256) << 12),
				     tvm_below(2) ? XVM_MEM_READONLY : 0);
		break;
	default:
		ret = tvm_set_region(e.fd, slot, 0xd0000000, 0x1000, b, 0);
		break;
	}
	count_call();
	if (ret)
		tvm_check(errno_ok(errno), "slot move: %s",
			  tvm_errname(errno));
}

/* waitpid, through the kicker's signals. */
static pid_t wait_child(pid_t pid, int *st)
{
	pid_t r;

	*st = -1;
	do {
		r = waitpid(pid, st, 0);
	} while (r < 0 && errno == EINTR);
	return r;
}

/* A child with copies of our descriptors: VM and vCPU ones give EIO. */
static void act_fork(void)
{
	struct pool_ent vm = pool_pick(K_VM), vcpu = pool_pick(K_VCPU);
	int st;
	pid_t pid;

	count_call();
	pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		struct xvm_regs r;
		int bad = 0;

		if (vm.kind == K_VM &&
		    ioctl(vm.fd, XVM_CREATE_VCPU, 63) != -1)
			bad |= 1;
		else if (vm.kind == K_VM && errno != EIO && errno != EBADF &&
			 errno != ENOTTY)
			bad |= 2;
		if (vcpu.kind == K_VCPU && ioctl(vcpu.fd, XVM_GET_REGS, &r) != -1)
			bad |= 4;
		else if (vcpu.kind == K_VCPU && errno != EIO &&
			 errno != EBADF && errno != ENOTTY)
			bad |= 8;
		if (vcpu.kind == K_VCPU && ioctl(vcpu.fd, XVM_RUN, 0) != -1)
			bad |= 16;
		if (vcpu.kind == K_VCPU && ioctl(vcpu.fd, XVM_KICK, 0) != -1)
			bad |= 32;
		_exit(bad);
	}
	if (wait_child(pid, &st) == pid)
		tvm_check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			  "forked child using inherited VM/vCPU fds: status %#x",
			  st);
}

static pid_t children[MAX_CHILDREN];
static double child_deadline[MAX_CHILDREN];
static pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

static void reap_child(int i, bool force)
{
	int st;
	pid_t r;

	if (force || tvm_now() >= child_deadline[i])
		kill(children[i], SIGKILL);
	else
		return;
	r = wait_child(children[i], &st);
	count_call();
	tvm_check(r == children[i] &&
		  ((WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) ||
		   (WIFEXITED(st) && WEXITSTATUS(st) == 0)),
		  "child VMM %d: status %#x (not our SIGKILL)", children[i],
		  st);
	children[i] = 0;
}

static void act_child_vmm(void)
{
	int i;

	pthread_mutex_lock(&child_lock);
	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i])
			reap_child(i, false);
	for (i = 0; i < MAX_CHILDREN && children[i]; i++)
		;
	if (i < MAX_CHILDREN) {
		pid_t pid = fork();

		if (pid == 0) {
			execl(self_exe, "ioctl-fuzz", "--child-vmm", NULL);
			_exit(3);
		}
		if (pid > 0) {
			children[i] = pid;
			child_deadline[i] = tvm_now() + 0.01 +
					    tvm_below(300) / 1000.0;
		}
	}
	pthread_mutex_unlock(&child_lock);
}

/* ------------------------------------------------------------ checks */

#define EXPECT(call, err, what) do {					\
	int _r = (call);						\
	count_call();							\
	tvm_check((err) ? (_r == -1 && errno == (err)) : _r >= 0,	\
		  "%s: want %s, got %d %s", what,			\
		  (err) ? tvm_errname(err) : "success", _r,		\
		  _r < 0 ? tvm_errname(errno) : "");			\
} while (0)

/*
 * Deterministic: what the ABI promises for boundary arguments, on a VM
 * nobody else touches.
 */
static sigset_t usr1_set;

static int move_fd(int *fd, int to)
{
	int n = fcntl(*fd, F_DUPFD_CLOEXEC, to);

	if (n < 0)
		return -errno;
	close(*fd);
	*fd = n;
	return 0;
}

static int tvm_private_fds(struct tvm *t, int base)
{
	int r = move_fd(&t->sys, base);

	if (!r)
		r = move_fd(&t->vm, base + 1);
	if (!r)
		r = move_fd(&t->vcpu, base + 2);
	return r;
}

static void act_structured(int dev, uint8_t *scratch, unsigned int id)
{
	struct xvm_memory_region mr;
	struct xvm_msrs msrs = { 0 };
	struct xvm_cpuid cpuid = { 0 };
	struct xvm_event ev = { 0 };
	struct xvm_debugregs dr = { 0 };
	struct xvm_sregs sregs;
	uint8_t *b = slotbuf[0];
	struct tvm t;
	void *p;
	int r;

	pthread_sigmask(SIG_BLOCK, &usr1_set, NULL);
	r = tvm_create(&t, TVM_RAM, g_hlt_start, g_hlt_end - g_hlt_start);
	count_call();
	/*
	 * Out of reach of the others: fd numbers above those of the pool
	 * (which a stale pool entry could name), and no signals.
	 */
	if (!r)
		r = tvm_private_fds(&t, 600 + 8 * id);
	if (r) {
		tvm_check(r == -ENOMEM || r == -EMFILE,
			  "structured: VM set-up: %s", tvm_errname(-r));
		tvm_destroy(&t);
		pthread_sigmask(SIG_UNBLOCK, &usr1_set, NULL);
		return;
	}
	EXPECT(ioctl(dev, XVM_GET_API_VERSION, 0) == XVM_API_VERSION ? 0 : -1,
	       0, "GET_API_VERSION is 1");
	EXPECT(ioctl(dev, XVM_GET_API_VERSION, 1), EINVAL,
	       "GET_API_VERSION arg 1");
	EXPECT(ioctl(dev, XVM_CREATE_VM, 1), EINVAL, "CREATE_VM arg 1");
	EXPECT(ioctl(dev, XVM_RUN, 0), ENOTTY, "RUN on /dev/xvm");
	EXPECT(ioctl(t.vm, XVM_RUN, 0), ENOTTY, "RUN on a VM fd");
	EXPECT(ioctl(t.vcpu, XVM_CREATE_VM, 0), ENOTTY, "CREATE_VM on vCPU");
	EXPECT(ioctl(t.vm, _IO(XVMIO, 0x3f), 0), ENOTTY, "unknown VM ioctl");
	EXPECT(ioctl(t.vcpu, XVM_RUN, 1), EINVAL, "RUN arg 1");
	EXPECT(ioctl(t.vcpu, XVM_KICK, 1), EINVAL, "KICK arg 1");
	EXPECT(ioctl(t.vcpu, XVM_GET_REGS, (uintptr_t)rdonly), EFAULT,
	       "GET_REGS into read-only memory");
	EXPECT(ioctl(t.vcpu, XVM_GET_FPU, (uintptr_t)guard + 64), EFAULT,
	       "GET_FPU across a guard page");
	EXPECT(ioctl(t.vm, XVM_CREATE_VCPU, caps.max_vcpus), EINVAL,
	       "CREATE_VCPU id max_vcpus");
	EXPECT(ioctl(t.vm, XVM_CREATE_VCPU, -1UL), EINVAL, "CREATE_VCPU id -1");
	EXPECT(ioctl(t.vm, XVM_CREATE_VCPU, 0), EEXIST, "CREATE_VCPU id 0 twice");

	/* Memory regions. */
	EXPECT(tvm_set_region(t.vm, 1, 0x1000, 0x1000, b, 0), EEXIST,
	       "region overlapping slot 0");
	EXPECT(tvm_set_region(t.vm, 1, TVM_RAM - 0x1000, 0x2000, b, 0), EEXIST,
	       "region straddling the end of slot 0");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000001, 0x1000, b, 0), EINVAL,
	       "unaligned guest address");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, 0x1001, b, 0), EINVAL,
	       "unaligned size");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, 0x1000, b + 8, 0), EINVAL,
	       "unaligned user address");
	EXPECT(tvm_set_region(t.vm, 1, ~0ULL - 0xfff, 0x2000, b, 0), EINVAL,
	       "guest range wrapping around");
	EXPECT(tvm_set_region(t.vm, 1, 1ULL << 48, 0x1000, b, 0), EINVAL,
	       "guest address 2^48");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, ~0ULL & ~0xfffULL, b, 0),
	       EINVAL, "huge size");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, 0x2000,
			      (void *)(~0xfffULL - 0x1000), 0),
	       EINVAL, "user range wrapping around");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, 0x2000,
			      (void *)0xffffffff81000000ULL, 0),
	       EINVAL, "kernel user address");
	EXPECT(tvm_set_region(t.vm, caps.max_mem_slots, 0x10000000, 0x1000,
			      b, 0), EINVAL, "slot max_mem_slots");
	EXPECT(tvm_set_region(t.vm, 1, 0x10000000, 0x1000, b, 4), EINVAL,
	       "unknown region flag");
	memset(&mr, 0, sizeof(mr));
	mr.slot = 1;
	mr.guest_phys_addr = 0x10000000;
	mr.size = 0x1000;
	mr.userspace_addr = (uintptr_t)b;
	mr.reserved[1] = 1;
	EXPECT(ioctl(t.vm, XVM_SET_MEMORY_REGION, &mr), EINVAL,
	       "region reserved field");
	EXPECT(ioctl(t.vm, XVM_SET_MEMORY_REGION, (uintptr_t)guard + 4090),
	       EFAULT, "region struct across a guard page");
	/* Aliases of the same user memory are allowed; then delete. */
	EXPECT(tvm_set_region(t.vm, 2, 0x20000000, 0x200000, t.mem, 0), 0,
	       "second slot aliasing slot 0's memory");
	EXPECT(tvm_set_region(t.vm, 2, 0, 0, NULL, 0), 0, "delete slot 2");
	EXPECT(tvm_set_region(t.vm, 2, 0, 0, NULL, 0), 0,
	       "delete an empty slot");
	/* A slot over unmapped user memory: the guest's access fails. */
	p = mmap(NULL, 0x2000, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT(tvm_set_region(t.vm, 3, 0x30000000, 0x2000, p, 0), 0,
	       "slot over PROT_NONE memory");

	/* MSRs. */
	msrs.nmsrs = caps.max_msrs + 1;
	msrs.entries = (uintptr_t)scratch;
	EXPECT(ioctl(t.vcpu, XVM_GET_MSRS, &msrs), EINVAL, "nmsrs max+1");
	msrs.nmsrs = 0xffffffff;
	EXPECT(ioctl(t.vcpu, XVM_SET_MSRS, &msrs), EINVAL, "nmsrs 2^32-1");
	msrs.nmsrs = 2;
	msrs.entries = (uintptr_t)guard + 4096 - 16;
	EXPECT(ioctl(t.vcpu, XVM_GET_MSRS, &msrs), EFAULT,
	       "MSR entries across a guard page");
	msrs.reserved = 1;
	msrs.entries = (uintptr_t)scratch;
	EXPECT(ioctl(t.vcpu, XVM_GET_MSRS, &msrs), EINVAL,
	       "xvm_msrs.reserved");
	msrs.reserved = 0;
	msrs.nmsrs = 0;
	EXPECT(ioctl(t.vcpu, XVM_GET_MSRS, &msrs), 0, "zero MSRs");
	{
		struct xvm_msr_entry e[2] = {
			{ .index = 0xc0010117 }, { .index = 0x3a },
		};

		msrs.nmsrs = 2;
		msrs.entries = (uintptr_t)e;
		r = ioctl(t.vcpu, XVM_SET_MSRS, &msrs);
		count_call();
		tvm_check(r == 0, "VMM setting VM_HSAVE_PA: %d entries set "
			  "(want 0)", r);
		e[0].index = 0xc0000080;	/* EFER */
		e[0].data = 1 << 12;		/* SVME */
		r = ioctl(t.vcpu, XVM_SET_MSRS, &msrs);
		count_call();
		tvm_check(r == 0, "VMM setting EFER.SVME: %d entries set "
			  "(want 0)", r);
		e[0].reserved = 1;
		EXPECT(ioctl(t.vcpu, XVM_SET_MSRS, &msrs), EINVAL,
		       "MSR entry reserved field");
	}

	/* CPUID. */
	cpuid.nent = caps.max_cpuid_entries + 1;
	cpuid.entries = (uintptr_t)scratch;
	EXPECT(ioctl(t.vcpu, XVM_SET_CPUID, &cpuid), EINVAL, "nent max+1");
	cpuid.nent = 0x7fffffff;
	EXPECT(ioctl(t.vcpu, XVM_SET_CPUID, &cpuid), EINVAL, "nent 2^31-1");
	cpuid.nent = 1;
	EXPECT(ioctl(dev, XVM_GET_SUPPORTED_CPUID, &cpuid), E2BIG,
	       "GET_SUPPORTED_CPUID with 1 entry");
	tvm_check(cpuid.nent > 1, "GET_SUPPORTED_CPUID updates nent (%u)",
		  cpuid.nent);
	cpuid.nent = 64;
	cpuid.entries = (uintptr_t)rdonly;
	EXPECT(ioctl(dev, XVM_GET_SUPPORTED_CPUID, &cpuid), EFAULT,
	       "GET_SUPPORTED_CPUID into read-only memory");
	cpuid.nent = 0;
	EXPECT(ioctl(t.vcpu, XVM_SET_CPUID, &cpuid), 0, "empty CPUID table");

	/* Events. */
	ev.type = XVM_EVENT_EXCEPTION;
	ev.vector = 32;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL, "exception 32");
	ev.vector = 2;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL,
	       "exception vector 2 (NMI)");
	ev.vector = 13;
	ev.has_error_code = 2;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL,
	       "has_error_code 2");
	ev.has_error_code = 1;
	ev.reserved[0] = 1;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL,
	       "event reserved field");
	ev.reserved[0] = 0;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), 0, "inject #GP");
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EBUSY, "inject #GP twice");
	ev.type = XVM_EVENT_INTERRUPT;
	ev.vector = 15;
	ev.has_error_code = 0;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL, "interrupt 15");
	ev.type = 3;
	EXPECT(ioctl(t.vcpu, XVM_INJECT_EVENT, &ev), EINVAL, "event type 3");

	/* Debug and segment registers. */
	dr.dr7 = 1ULL << 32;
	EXPECT(ioctl(t.vcpu, XVM_SET_DEBUGREGS, &dr), EINVAL, "DR7 bit 32");
	dr.dr7 = 0;
	dr.reserved[1] = 1;
	EXPECT(ioctl(t.vcpu, XVM_SET_DEBUGREGS, &dr), EINVAL,
	       "debugregs reserved field");
	ioctl(t.vcpu, XVM_GET_SREGS, &sregs);
	sregs.cr4 |= 1 << 13;	/* VMXE */
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL, "CR4.VMXE");
	sregs.cr4 &= ~(1ULL << 13);
	sregs.cr4 |= 1 << 14;	/* SMXE */
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL, "CR4.SMXE");
	sregs.cr4 &= ~(1ULL << 14);
	sregs.efer |= 1 << 12;	/* SVME */
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL, "EFER.SVME");
	sregs.efer &= ~(1ULL << 12);
	sregs.cr0 |= 1ULL << 32;
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL, "CR0 bit 32");
	sregs.cr0 &= 0xffffffff;
	sregs.cs.reserved[0] = 1;
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL,
	       "segment reserved field");
	sregs.cs.reserved[0] = 0;
	sregs.cr8 = 16;
	EXPECT(ioctl(t.vcpu, XVM_SET_SREGS, &sregs), EINVAL, "CR8 16");

	/* Run: the pending #GP goes to the guest's handler, which exits. */
	t.run->immediate_exit = 1;
	EXPECT(ioctl(t.vcpu, XVM_RUN, 0), EINTR, "RUN with immediate_exit");
	t.run->immediate_exit = 0;
	EXPECT(ioctl(t.vcpu, XVM_RUN, 0), 0, "RUN");
	tvm_check(t.run->exit_reason == XVM_EXIT_IO &&
		  t.run->io.port == TVM_PORT_EXC && t.run->io.data == 13,
		  "injected #GP reaches the guest's IDT (exit %s port %#x "
		  "data %u)", tvm_exit_name(t.run->exit_reason),
		  t.run->io.port, t.run->io.data);

	/* A guest access to the PROT_NONE slot: a clean error, no data. */
	tvm_set_entry(&t, TVM_CODE + 0x100, 0, 0x30000000, 0, 0);
	{
		/* mov (%rbx), %eax; out %eax, $0xe2 */
		static const uint8_t c[] = { 0x8b, 0x03, 0xe7, 0xe2, 0xf4 };

		memcpy(t.mem + TVM_CODE + 0x100, c, sizeof(c));
	}
	r = ioctl(t.vcpu, XVM_RUN, 0);
	count_call();
	tvm_check((r == -1 && errno == EFAULT) ||
		  (r == 0 && t.run->exit_reason != XVM_EXIT_IO),
		  "guest read of a PROT_NONE slot: %d %s exit %s", r,
		  r ? tvm_errname(errno) : "", tvm_exit_name(t.run->exit_reason));
	munmap(p, 0x2000);
	r = ioctl(t.vcpu, XVM_RUN, 0);	/* unmapped now */
	count_call();
	tvm_check((r == -1 && (errno == EFAULT || errno == EINTR)) ||
		  (r == 0 && t.run->exit_reason != XVM_EXIT_IO),
		  "guest read of an unmapped slot: %d %s exit %s", r,
		  r ? tvm_errname(errno) : "", tvm_exit_name(t.run->exit_reason));
	tvm_destroy(&t);
	pthread_sigmask(SIG_UNBLOCK, &usr1_set, NULL);
}

/* ------------------------------------------------------------ threads */

static void *worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	uint8_t *scratch = scratch_base + id * 8192;
	int dev = tvm_open_dev();

	tvm_srand(tvm_rng_state + id * 7919 + 1);
	pool_add(dup(dev), K_DEV);
	while (!atomic_load(&stop)) {
		unsigned int op = tvm_below(100);

		if (op < 55)
			act_random_ioctl(scratch);
		else if (op < 62)
			make_vm(dev);
		else if (op < 67)
			pool_close_random();
		else if (op < 74)
			act_mmap_run();
		else if (op < 78)
			act_slot_churn();
		else if (op < 85)
			act_move_slot();
		else if (op < 88)
			act_fork();
		else if (op < 90)
			act_child_vmm();
		else if (op < 92)
			act_random_ioctl(scratch);
		else {
			struct pool_ent e = pool_pick(K_VCPU);

			if (e.kind == K_VCPU) {
				ioctl(e.fd, XVM_KICK, 0);
				count_call();
			}
		}
	}
	close(dev);
	return NULL;
}

/* Runs vCPUs of the pool; the kicker ends runs that would go on. */
static void *runner(void *arg)
{
	tvm_srand(tvm_rng_state + (uintptr_t)arg * 104729 + 3);
	while (!atomic_load(&stop)) {
		struct pool_ent e = pool_pick(K_VCPU);
		struct xvm_run *run;
		int i, fd;

		if (e.kind == K_NONE) {
			usleep(1000);
			continue;
		}
		/* Our own reference: the pool's fd may be closed meanwhile. */
		fd = dup(e.fd);
		if (fd < 0)
			continue;
		run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			   fd, 0);
		if (run == MAP_FAILED) {
			close(fd);
			continue;
		}
		for (i = 0; i < 50 && !atomic_load(&stop); i++) {
			int r = ioctl(fd, XVM_RUN, 0);

			count_call();
			if (r < 0) {
				tvm_check(errno_ok(errno), "RUN: %s",
					  tvm_errname(errno));
				if (errno != EINTR)
					break;
				continue;
			}
			/* NONE: a worker's RUN of the same vCPU began. */
			tvm_check(run->exit_reason <= XVM_EXIT_MSR,
				  "RUN: exit reason %u", run->exit_reason);
			answer_exit(run);
		}
		munmap(run, 4096);
		close(fd);
	}
	return NULL;
}

static pthread_t threads[16 + 2];
static unsigned int nthreads_all;

static void on_sigusr1(int sig)
{
	(void)sig;
}

/*
 * Kicks the vCPUs of the pool, and signals threads now and then: a vCPU
 * whose fd left the pool is still ended by the signal.
 */
static void *kicker(void *arg)
{
	(void)arg;
	tvm_srand(tvm_rng_state + 99991);
	while (!atomic_load(&stop)) {
		unsigned int i;

		for (i = 0; i < nthreads_all; i++)
			if (!tvm_below(4))
				pthread_kill(threads[i], SIGUSR1);

		for (i = 0; i < POOL; i++) {
			int fd = -1;

			pthread_mutex_lock(&pool_lock);
			if (pool[i].kind == K_VCPU)
				fd = pool[i].fd;
			pthread_mutex_unlock(&pool_lock);
			if (fd >= 0)
				ioctl(fd, XVM_KICK, 0);
		}
		usleep(1000 + tvm_below(4000));
	}
	return NULL;
}

/* ------------------------------------------------------------ child VMM */

static void *child_vcpu(void *arg)
{
	int fd = (intptr_t)arg;

	for (;;) {
		if (ioctl(fd, XVM_RUN, 0) < 0 && errno != EINTR)
			_exit(errno == EINTR ? 0 : 4);
	}
	return NULL;
}

/* A VMM with two vCPUs running the loop and the PIO/MMIO guest: killed. */
static int child_vmm(void)
{
	struct tvm t;
	pthread_t th;
	int v2;

	tvm_srand(getpid());
	if (tvm_create(&t, TVM_RAM, NULL, 0))
		return 0;	/* out of something: not our concern here */
	init_slotbuf(t.mem);
	tvm_set_entry(&t, TVM_CODE, 0, 0, 0, 0);
	v2 = ioctl(t.vm, XVM_CREATE_VCPU, 1);
	if (v2 >= 0) {
		struct xvm_sregs s;

		ioctl(t.vcpu, XVM_GET_SREGS, &s);
		ioctl(v2, XVM_SET_SREGS, &s);
		struct xvm_regs r = { .rip = TVM_CODE + 0x200,
				      .rsp = 0xf000, .rflags = 2 };
		ioctl(v2, XVM_SET_REGS, &r);
		pthread_create(&th, NULL, child_vcpu, (void *)(intptr_t)v2);
	}
	child_vcpu((void *)(intptr_t)t.vcpu);
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	unsigned int nthreads, i;
	pthread_t kick;
	double secs, end;
	uint64_t seed;
	int dev;

	if (argc > 1 && !strcmp(argv[1], "--child-vmm"))
		return child_vmm();
	secs = tvm_seconds(argc, argv, 1, 20);
	nthreads = argc > 2 ? atoi(argv[2]) : 4;
	if (nthreads < 1 || nthreads > 16)
		nthreads = 4;
	seed = argc > 3 ? strtoull(argv[3], NULL, 0) : (uint64_t)time(NULL);
	tvm_srand(seed);
	tvm_verbose = getenv("XVM_FUZZ_VERBOSE");
	printf("ioctl-fuzz: %.0f s, %u threads, seed %#llx\n", secs, nthreads,
	       (unsigned long long)seed);
	fflush(stdout);

	dev = tvm_open_dev();
	if (ioctl(dev, XVM_GET_CAPABILITIES, &caps)) {
		perror("XVM_GET_CAPABILITIES");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: RUN ends */
	sigemptyset(&usr1_set);
	sigaddset(&usr1_set, SIGUSR1);
	for (i = 0; i < NSLOTBUF; i++) {
		slotbuf[i] = tvm_alloc(SLOTBUF_SIZE);
		init_slotbuf(slotbuf[i]);
	}
	guard = tvm_alloc(8192);
	mprotect(guard + 4096, 4096, PROT_NONE);
	rdonly = tvm_alloc(4096);
	mprotect(rdonly, 4096, PROT_READ);
	scratch_base = tvm_alloc(16 * 8192);
	pool_add(dev, K_DEV);

	/*
	 * The structured check expects exact answers: it runs while nothing
	 * else unmaps, moves or closes what it uses, before the chaos and
	 * again after it (the module must have come through unchanged).
	 */
	act_structured(dev, scratch_base, 0);

	for (i = 0; i < nthreads; i++)
		pthread_create(&threads[i], NULL, worker, (void *)(uintptr_t)i);
	for (i = 0; i < 2; i++)
		pthread_create(&threads[nthreads + i], NULL, runner,
			       (void *)(uintptr_t)i);
	nthreads_all = nthreads + 2;
	pthread_create(&kick, NULL, kicker, NULL);

	end = tvm_now() + secs;
	while (tvm_now() < end) {
		sleep(1);
		pthread_mutex_lock(&child_lock);
		for (i = 0; i < MAX_CHILDREN; i++)
			if (children[i])
				reap_child(i, false);
		pthread_mutex_unlock(&child_lock);
	}
	atomic_store(&stop, true);
	pthread_join(kick, NULL);
	for (i = 0; i < nthreads_all; i++) {
		unsigned int n = 0;

		while (pthread_tryjoin_np(threads[i], NULL) == EBUSY) {
			pthread_kill(threads[i], SIGUSR1);
			usleep(10000);
			if (++n == 1000) {
				tvm_check(false, "thread %u does not end "
					  "(a vCPU that ignores signals?)", i);
				printf("ioctl-fuzz: %lu calls\n",
				       atomic_load(&calls));
				return tvm_summary();
			}
		}
	}
	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i])
			reap_child(i, true);
	for (i = 0; i < POOL; i++)
		if (pool[i].kind != K_NONE)
			close(pool[i].fd);
	printf("ioctl-fuzz: %lu calls\n", atomic_load(&calls));
	return tvm_summary();
}
