// SPDX-License-Identifier: GPL-2.0
/* Command line and size parsing (userspace/options.c). */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "xvm-run.h"

/* Parse a NULL-terminated list of arguments (copied: they get split). */
static int parse(struct xvm_opts *o, char *err, const char *const *args)
{
	static char buf[16][128];
	char *argv[17];
	int argc = 0;

	argv[argc++] = "xvm-run";
	for (; *args; args++, argc++) {
		strncpy(buf[argc], *args, sizeof(buf[0]) - 1);
		argv[argc] = buf[argc];
	}
	argv[argc] = NULL;
	return xvm_parse_args(argc, argv, o, err, 128);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_sizes(void)
{
	static const struct {
		const char *s;
		uint64_t v;
	} good[] = {
		{ "0", 0 }, { "4096", 4096 }, { "64M", 64ULL << 20 },
		{ "64m", 64ULL << 20 }, { "2G", 2ULL << 30 },
		{ "16K", 16384 }, { "1MiB", 1 << 20 }, { "8MB", 8 << 20 },
		{ "0x1000", 4096 }, { "0x10M", 16ULL << 20 },
		{ "010", 10 },
	};
	static const char *const bad[] = {
		"", "M", "-1", "12Q", "1.5G", "64 M", "0x", "99999999999G",
		"18446744073709551616", "+5", "1KK",
	};
	unsigned int i;
	uint64_t v;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 12345;
		CHECK(xvm_parse_size(good[i].s, &v) == 0 && v == good[i].v,
		      "size \"%s\" = %llu (got %llu)", good[i].s,
		      (unsigned long long)good[i].v, (unsigned long long)v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(xvm_parse_size(bad[i], &v) != 0, "size \"%s\" refused",
		      bad[i]);
	CHECK(xvm_parse_u64("0xffffffffffffffff", &v) == 0 &&
	      v == UINT64_MAX, "u64 max in hex");
	CHECK(xvm_parse_u64("0xd0000000", &v) == 0 && v == 0xd0000000,
	      "u64 0xd0000000");
}

void test_options(void)
{
	struct xvm_opts o;
	char err[128];
	int ret;

	test_sizes();

	ret = parse(&o, err, ARGS("guest.bin"));
	CHECK(ret == 0 && !strcmp(o.image, "guest.bin"), "image only");
	CHECK(o.mem_size == 64ULL << 20, "default --mem 64M");
	CHECK(o.cpus == 1, "default one vCPU");
	CHECK(o.timeout == 0, "default no timeout");
	CHECK(o.mode == XVM_MODE_AUTO, "default mode from the image");
	CHECK(o.load == 0x10000 && !o.load_set, "default load 0x10000");
	CHECK(!o.entry_set && !o.test_dev && !o.tick_ms,
	      "no entry, test device or tick by default");

	ret = parse(&o, err, ARGS("--mem", "128M", "--cpus", "4",
				  "--timeout=30", "--mode", "long64",
				  "--entry", "0x100000", "--load=0x20000",
				  "--test-dev", "-v", "-vv", "img.elf"));
	CHECK(ret == 0, "all options (%s)", ret ? err : "");
	CHECK(o.mem_size == 128ULL << 20 && o.cpus == 4 && o.timeout == 30,
	      "--mem --cpus --timeout");
	CHECK(o.mode == XVM_MODE_LONG64, "--mode long64");
	CHECK(o.entry_set && o.entry == 0x100000, "--entry");
	CHECK(o.load_set && o.load == 0x20000, "--load=");
	CHECK(o.test_dev && o.verbose == 3, "--test-dev -v -vv");

	ret = parse(&o, err, ARGS("--mode", "real", "x"));
	CHECK(ret == 0 && o.mode == XVM_MODE_REAL, "--mode real");
	ret = parse(&o, err, ARGS("--mode", "prot32", "x"));
	CHECK(ret == 0 && o.mode == XVM_MODE_PROT32, "--mode prot32");
	CHECK(parse(&o, err, ARGS("--mode", "v86", "x")) < 0,
	      "--mode v86 refused");

	ret = parse(&o, err, ARGS("--tick-irq", "0x20:10", "x"));
	CHECK(ret == 0 && o.tick_vector == 0x20 && o.tick_ms == 10,
	      "--tick-irq 0x20:10");
	CHECK(parse(&o, err, ARGS("--tick-irq", "8:10", "x")) < 0,
	      "--tick-irq vector 8 refused (an exception vector)");
	CHECK(parse(&o, err, ARGS("--tick-irq", "0x20:0", "x")) < 0,
	      "--tick-irq period 0 refused");
	CHECK(parse(&o, err, ARGS("--tick-irq", "0x20", "x")) < 0,
	      "--tick-irq without period refused");

	ret = parse(&o, err, ARGS("--cpuid", "0x80000002:1:2:3:0xffffffff",
				  "--cpuid", "7.1:0:0:0:0", "x"));
	CHECK(ret == 0 && o.ncpuids == 2, "two --cpuid");
	CHECK(o.cpuids[0].leaf == 0x80000002 && !o.cpuids[0].indexed &&
	      o.cpuids[0].eax == 1 && o.cpuids[0].ebx == 2 &&
	      o.cpuids[0].ecx == 3 && o.cpuids[0].edx == 0xffffffff,
	      "--cpuid fields in order EAX EBX ECX EDX");
	CHECK(o.cpuids[1].leaf == 7 && o.cpuids[1].indexed &&
	      o.cpuids[1].index == 1, "--cpuid LEAF.INDEX");
	CHECK(parse(&o, err, ARGS("--cpuid", "1:2:3:4", "x")) < 0,
	      "--cpuid with 3 registers refused");
	CHECK(parse(&o, err, ARGS("--cpuid", "1:2:3:4:5:6", "x")) < 0,
	      "--cpuid with 5 registers refused");
	CHECK(parse(&o, err, ARGS("--cpuid", "1:2:3:4:0x100000000", "x")) < 0,
	      "--cpuid value over 32 bits refused");

	ret = parse(&o, err, ARGS("--poke", "0x300000:48656c6C6f00",
				  "--poke", "0x10:0xff", "x"));
	CHECK(ret == 0 && o.npokes == 2 && o.pokes[0].addr == 0x300000 &&
	      o.pokes[0].len == 6 && !memcmp(o.pokes[0].bytes, "Hello", 6),
	      "--poke ADDR:HEX");
	CHECK(o.pokes[1].len == 1 && o.pokes[1].bytes[0] == 0xff,
	      "--poke with 0x prefix");
	xvm_opts_free(&o);
	CHECK(parse(&o, err, ARGS("--poke", "0x10:abc", "x")) < 0,
	      "--poke with odd hex digits refused");
	CHECK(parse(&o, err, ARGS("--poke", "0x10:zz", "x")) < 0,
	      "--poke with non-hex refused");
	CHECK(parse(&o, err, ARGS("--poke", "0x10", "x")) < 0,
	      "--poke without bytes refused");

	ret = parse(&o, err, ARGS("--dump", "0x200000:40", "--dump",
				  "0:4K", "x"));
	CHECK(ret == 0 && o.ndumps == 2 && o.dumps[0].addr == 0x200000 &&
	      o.dumps[0].len == 40 && o.dumps[1].len == 4096,
	      "--dump ADDR:LEN");
	CHECK(parse(&o, err, ARGS("--dump", "0x10:0", "x")) < 0,
	      "--dump of 0 bytes refused");

	CHECK(parse(&o, err, ARGS("--mem", "1000", "x")) < 0,
	      "--mem not page aligned refused");
	CHECK(parse(&o, err, ARGS("--mem", "64K", "x")) < 0,
	      "--mem below 1 MiB refused");
	CHECK(parse(&o, err, ARGS("--cpus", "0", "x")) < 0,
	      "--cpus 0 refused");
	CHECK(parse(&o, err, ARGS("--cpus", "17", "x")) < 0,
	      "--cpus 17 refused");
	CHECK(parse(&o, err, ARGS("--load", "0x10008", "x")) < 0,
	      "--load not 16-byte aligned refused");
	CHECK(parse(&o, err, ARGS("--bogus", "x")) < 0 &&
	      strstr(err, "--bogus"), "unknown option named in the error");
	CHECK(parse(&o, err, ARGS("--mem")) < 0 && strstr(err, "--mem"),
	      "missing value named in the error");
	CHECK(parse(&o, err, ARGS("--mem", "64M")) < 0,
	      "no image refused");
	CHECK(parse(&o, err, ARGS("a", "b")) < 0, "two images refused");
	CHECK(parse(&o, err, ARGS("--help", "x")) == 1, "--help");
	CHECK(parse(&o, err, ARGS("-h")) == 1, "-h without image");
	ret = parse(&o, err, ARGS("--", "-image-"));
	CHECK(ret == 0 && !strcmp(o.image, "-image-"),
	      "-- before an image starting with -");
}
