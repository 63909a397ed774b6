// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the command line. Pure parsing, no side effects beyond the
 * returned struct, so that tests/host can drive it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xvm-run.h"

const char xvm_usage_text[] =
"usage: xvm-run [options] IMAGE\n"
"       xvm-run [options] --kernel BZIMAGE [--initrd FILE] [--append CMDLINE]\n"
"Run IMAGE (flat binary, ELF32 or ELF64) in an xvm virtual machine, or\n"
"boot a Linux bzImage on a small PC (see \"Booting Linux\" in\n"
"Documentation/xvm-run.rst).\n"
"\n"
"  --mem SIZE           guest RAM at guest physical 0 (default 64M;\n"
"                       suffixes K, M, G)\n"
"  --cpus N             vCPUs, each run by its own thread (default 1)\n"
"  --timeout SECONDS    stop the guest after SECONDS (exit status 124)\n"
"  --mode MODE          real, prot32 or long64 (default: flat -> real,\n"
"                       ELF32 -> prot32, ELF64 -> long64)\n"
"  --entry ADDR         entry point (default: ELF entry, or load address)\n"
"  --load ADDR          load address of a flat binary (default 0x10000)\n"
"  --test-dev           test devices: echo MMIO at 0xd0000000 (4 KiB),\n"
"                       echo ports 0x500-0x507, FIFO port 0x508\n"
"  --tick-irq VEC:MS    inject external interrupt VEC into vCPU 0 every\n"
"                       MS milliseconds\n"
"  --cpuid LEAF[.IDX]:EAX:EBX:ECX:EDX\n"
"                       override one CPUID leaf (repeatable)\n"
"  --poke ADDR:HEX      write bytes into guest memory before start\n"
"  --dump ADDR:LEN      hex-dump guest memory at exit (to stdout)\n"
"  --kernel BZIMAGE     boot Linux (64-bit boot protocol; --mem default\n"
"                       256M; PIC, PIT, RTC, i8042, UART with input)\n"
"  --initrd FILE        initramfs for --kernel\n"
"  --append CMDLINE     kernel command line for --kernel\n"
"  --kvm                run on the kernel's KVM (/dev/kvm) instead of xvm,\n"
"                       with the same devices (to compare the two)\n"
"  -v                   log unhandled I/O, refused MSRs, halts to stderr,\n"
"                       and the exit counts at the end; -v -v also\n"
"                       ticks, -v -v -v every exit\n"
"  -h, --help           this text\n"
"\n"
"Serial port 0x3f8 goes to stdout. An OUT of value V to port 0xf4 ends\n"
"xvm-run with exit status V & 0xff.\n"
"\n"
"Exit status: V from port 0xf4; 0 every vCPU halted with no wake-up\n"
"source; 1 setup error; 2 usage error; 124 timeout; 125 guest shutdown\n"
"(triple fault); 126 entry failure, internal error or unhandled exit.\n"
"With --kernel: 0 also when the guest reboots or Ctrl-A x is typed on a\n"
"terminal; 123 the guest kernel panicked.\n"
"\n"
"Entry: vCPU n starts at the entry with RSI = n, RDI = number of vCPUs,\n"
"stack top 0x10000 - n * 0x800 (SS = 0 in real mode).\n";

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/**
 * xvm_parse_u64() - parse a whole string as an unsigned number.
 * @s: decimal, or hexadecimal with 0x (strtoull base 0 rules, but an
 *	octal-looking "010" is taken as decimal 10 to avoid surprises).
 * @out: the value.
 *
 * Return: 0, or -EINVAL if @s is empty, negative, has trailing junk or
 * does not fit in 64 bits.
 */
int xvm_parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int base = 10;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s || (base == 16 && end == s + 2))
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * xvm_parse_size() - parse a size such as "64M".
 * @s: a number with an optional K, M or G suffix (binary units, either
 *	case, optionally followed by "iB" or "B").
 * @out: the size in bytes.
 *
 * Return: 0, or -EINVAL on junk or overflow.
 */
int xvm_parse_size(const char *s, uint64_t *out)
{
	char buf[64];
	size_t n;
	unsigned int shift = 0;
	uint64_t v;

	if (!s)
		return -EINVAL;
	n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n + 1);
	if (n > 2 && !strcmp(buf + n - 2, "iB"))
		buf[n -= 2] = 0;
	else if (n > 1 && (buf[n - 1] == 'B' || buf[n - 1] == 'b') &&
		 strchr("kKmMgG", buf[n - 2]))
		buf[--n] = 0;
	switch (buf[n - 1]) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	}
	if (shift)
		buf[--n] = 0;
	if (xvm_parse_u64(buf, &v))
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -EINVAL;
	*out = v << shift;
	return 0;
}

static int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;

	if (xvm_parse_u64(s, &v) || v > UINT32_MAX)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Split "A:B" at the first colon; returns the part after it or NULL. */
static char *split_colon(char *s)
{
	char *c = strchr(s, ':');

	if (!c)
		return NULL;
	*c = 0;
	return c + 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_range(char *arg, struct xvm_range_opt *r, bool poke)
{
	char *rest = split_colon(arg);
	size_t i, n;

	if (!rest || xvm_parse_u64(arg, &r->addr))
		return -EINVAL;
	if (!poke)
		return xvm_parse_size(rest, &r->len) || !r->len ? -EINVAL : 0;
	if (rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X'))
		rest += 2;
	n = strlen(rest);
	if (n == 0 || n % 2)
		return -EINVAL;
	r->bytes = malloc(n / 2);
	if (!r->bytes)
		return -ENOMEM;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(rest[2 * i]), lo = hexval(rest[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(r->bytes);
			r->bytes = NULL;
			return -EINVAL;
		}
		r->bytes[i] = hi << 4 | lo;
	}
	r->len = n / 2;
	return 0;
}

static int parse_cpuid(char *arg, struct xvm_cpuid_opt *c)
{
	char *f[5];
	char *dot;
	int i;

	f[0] = arg;
	for (i = 1; i < 5; i++) {
		f[i] = split_colon(f[i - 1]);
		if (!f[i])
			return -EINVAL;
	}
	if (strchr(f[4], ':'))
		return -EINVAL;
	dot = strchr(f[0], '.');
	if (dot) {
		*dot = 0;
		if (parse_u32(dot + 1, &c->index))
			return -EINVAL;
		c->indexed = true;
	}
	if (parse_u32(f[0], &c->leaf) || parse_u32(f[1], &c->eax) ||
	    parse_u32(f[2], &c->ebx) || parse_u32(f[3], &c->ecx) ||
	    parse_u32(f[4], &c->edx))
		return -EINVAL;
	return 0;
}

static int parse_tick(char *arg, struct xvm_opts *o)
{
	char *ms = split_colon(arg);
	uint64_t v, m;

	if (!ms || xvm_parse_u64(arg, &v) || xvm_parse_u64(ms, &m))
		return -EINVAL;
	/* Vectors below 32 are exceptions; the ABI takes 16-255 for IRQs. */
	if (v < 16 || v > 255 || m == 0 || m > 3600000)
		return -EINVAL;
	o->tick_vector = v;
	o->tick_ms = m;
	return 0;
}

void xvm_opts_free(struct xvm_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->npokes; i++)
		free(o->pokes[i].bytes);
	o->npokes = 0;
}

/* Options that take a value. */
static const char *const value_opts[] = {
	"--mem", "--cpus", "--timeout", "--mode", "--entry", "--load",
	"--tick-irq", "--cpuid", "--poke", "--dump",
	"--kernel", "--initrd", "--append", NULL,
};

static bool takes_value(const char *name)
{
	int i;

	for (i = 0; value_opts[i]; i++)
		if (!strcmp(name, value_opts[i]))
			return true;
	return false;
}

static int handle_opt(struct xvm_opts *o, const char *name, char *val,
		      char *err, size_t errlen)
{
	uint64_t v;

	if (!strcmp(name, "--mem")) {
		if (xvm_parse_size(val, &v) || v < (1 << 20) || v % 4096 ||
		    v > (1ULL << 40))
			goto bad;
		o->mem_size = v;
		o->mem_set = true;
	} else if (!strcmp(name, "--cpus")) {
		if (xvm_parse_u64(val, &v) || v < 1 || v > XVM_MAX_CPUS)
			goto bad;
		o->cpus = v;
	} else if (!strcmp(name, "--timeout")) {
		if (xvm_parse_u64(val, &v) || v > 86400)
			goto bad;
		o->timeout = v;
	} else if (!strcmp(name, "--mode")) {
		if (!strcmp(val, "real"))
			o->mode = XVM_MODE_REAL;
		else if (!strcmp(val, "prot32"))
			o->mode = XVM_MODE_PROT32;
		else if (!strcmp(val, "long64"))
			o->mode = XVM_MODE_LONG64;
		else
			goto bad;
	} else if (!strcmp(name, "--entry")) {
		if (xvm_parse_u64(val, &o->entry))
			goto bad;
		o->entry_set = true;
	} else if (!strcmp(name, "--load")) {
		if (xvm_parse_u64(val, &o->load) || o->load % 16)
			goto bad;
		o->load_set = true;
	} else if (!strcmp(name, "--tick-irq")) {
		if (parse_tick(val, o))
			goto bad;
	} else if (!strcmp(name, "--cpuid")) {
		if (o->ncpuids >= XVM_MAX_CPUIDS ||
		    parse_cpuid(val, &o->cpuids[o->ncpuids]))
			goto bad;
		o->ncpuids++;
	} else if (!strcmp(name, "--poke")) {
		if (o->npokes >= XVM_MAX_POKES ||
		    parse_range(val, &o->pokes[o->npokes], true))
			goto bad;
		o->npokes++;
	} else if (!strcmp(name, "--dump")) {
		if (o->ndumps >= XVM_MAX_DUMPS ||
		    parse_range(val, &o->dumps[o->ndumps], false))
			goto bad;
		o->ndumps++;
	} else if (!strcmp(name, "--kernel")) {
		o->kernel = val;
	} else if (!strcmp(name, "--initrd")) {
		o->initrd = val;
	} else if (!strcmp(name, "--append")) {
		o->append = val;
	} else {
		seterr(err, errlen, "unknown option %s", name);
		return -EINVAL;
	}
	return 0;
bad:
	seterr(err, errlen, "bad value for %s", name);
	return -EINVAL;
}

/**
 * xvm_parse_args() - fill @o from the command line.
 * @argc: argument count, argv[0] is the program name.
 * @argv: the arguments; values are modified in place (split at colons).
 * @o: result; zeroed and defaulted first.
 * @err: a message on failure.
 * @errlen: bytes at @err.
 *
 * Return: 0 on success, 1 if help was asked for, -EINVAL on a bad command
 * line (including no image or more than one).
 */
int xvm_parse_args(int argc, char **argv, struct xvm_opts *o, char *err,
		   size_t errlen)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->mem_size = 64ULL << 20;
	o->cpus = 1;
	o->load = XVM_DEFAULT_LOAD;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		char name[32];
		char *val, *eq;

		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return 1;
		if (!strcmp(a, "--verbose")) {
			o->verbose++;
			continue;
		}
		if (a[0] == '-' && a[1] == 'v' &&
		    strspn(a + 1, "v") == strlen(a + 1)) {
			o->verbose += strlen(a + 1);	/* -v, -vv, -vvv */
			continue;
		}
		if (!strcmp(a, "--test-dev")) {
			o->test_dev = true;
			continue;
		}
		if (!strcmp(a, "--kvm")) {
			o->kvm = true;
			continue;
		}
		if (!strcmp(a, "--")) {
			if (i + 2 != argc || o->image)
				goto usage;
			o->image = argv[i + 1];
			break;
		}
		if (a[0] != '-' || !a[1]) {
			if (o->image) {
				seterr(err, errlen, "more than one image");
				goto fail;
			}
			o->image = a;
			continue;
		}
		eq = strchr(a, '=');
		if (eq) {
			size_t n = eq - a;

			if (n >= sizeof(name))
				goto unknown;
			memcpy(name, a, n);
			name[n] = 0;
			val = eq + 1;
		} else {
			if (strlen(a) >= sizeof(name))
				goto unknown;
			strcpy(name, a);
			val = NULL;
		}
		if (!takes_value(name))
			goto unknown;
		if (!val) {
			if (i + 1 >= argc) {
				seterr(err, errlen, "%s needs a value", name);
				goto fail;
			}
			val = argv[++i];
		}
		if (handle_opt(o, name, val, err, errlen))
			goto fail;
	}
	if (o->kernel && o->image) {
		seterr(err, errlen, "--kernel and an image exclude each other");
		goto fail;
	}
	if ((o->initrd || o->append) && !o->kernel) {
		seterr(err, errlen, "--initrd and --append need --kernel");
		goto fail;
	}
	if (o->kernel && (o->tick_ms || o->test_dev || o->mode ||
			  o->entry_set || o->load_set)) {
		seterr(err, errlen, "--kernel excludes --tick-irq, --test-dev, "
		       "--mode, --entry and --load");
		goto fail;
	}
	if (o->kernel) {
		if (!o->mem_set)
			o->mem_size = 256ULL << 20;
		return 0;
	}
	if (!o->image)
		goto usage;
	return 0;
unknown:
	seterr(err, errlen, "unknown option %s", argv[i]);
	goto fail;
usage:
	seterr(err, errlen, "no image given");
fail:
	xvm_opts_free(o);
	return -EINVAL;
}
