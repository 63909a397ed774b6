// SPDX-License-Identifier: GPL-2.0
/* The image loader on crafted inputs (userspace/loader.c). */
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xvm-run.h"

#define MEM_SIZE (4u << 20)

static uint8_t *mem;

/* An ELF64 executable with a text segment and a data+bss segment. */
static size_t make_elf64(uint8_t *buf)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));

	memset(buf, 0, 0x400);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x100010;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 3;

	ph[0].p_type = PT_LOAD;
	ph[0].p_offset = 0x200;
	ph[0].p_vaddr = 0xffffffff80100000ULL;	/* loaded by p_paddr */
	ph[0].p_paddr = 0x100000;
	ph[0].p_filesz = 0x20;
	ph[0].p_memsz = 0x20;
	ph[1].p_type = PT_NOTE;
	ph[1].p_offset = 0;
	ph[1].p_paddr = 0x3fffff00;		/* ignored, outside RAM */
	ph[1].p_filesz = 0x10;
	ph[1].p_memsz = 0x10;
	ph[2].p_type = PT_LOAD;
	ph[2].p_offset = 0x300;
	ph[2].p_paddr = 0x200000;
	ph[2].p_filesz = 0x10;
	ph[2].p_memsz = 0x1000;			/* bss after the data */
	memset(buf + 0x200, 0x90, 0x20);
	memset(buf + 0x300, 0x5a, 0x10);
	return 0x310;
}

static size_t make_elf32(uint8_t *buf)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)buf;
	Elf32_Phdr *ph = (Elf32_Phdr *)(buf + sizeof(*eh));

	memset(buf, 0, 0x400);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_entry = 0x100000;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph[0].p_type = PT_LOAD;
	ph[0].p_offset = 0x100;
	ph[0].p_paddr = 0x100000;
	ph[0].p_filesz = 0x8;
	ph[0].p_memsz = 0x18;
	memcpy(buf + 0x100, "ELF32!!!", 8);
	return 0x108;
}

static bool all(const uint8_t *p, uint8_t v, size_t n)
{
	while (n--)
		if (*p++ != v)
			return false;
	return true;
}

static int load(const uint8_t *buf, size_t len, struct xvm_image *img,
		char *err)
{
	memset(mem, 0xaa, MEM_SIZE);
	return xvm_load_image(buf, len, mem, MEM_SIZE, 0x10000, img, err,
			      128);
}

static void test_bad_elf64(void)
{
	uint8_t buf[0x400];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof(*eh));
	struct xvm_image img;
	char err[128];
	size_t len;

	len = make_elf64(buf);
	eh->e_machine = EM_AARCH64;
	CHECK(load(buf, len, &img, err) < 0, "ELF64 for another machine "
	      "refused (%s)", err);
	len = make_elf64(buf);
	eh->e_type = ET_DYN;
	CHECK(load(buf, len, &img, err) < 0, "ET_DYN refused");
	len = make_elf64(buf);
	buf[EI_DATA] = ELFDATA2MSB;
	CHECK(load(buf, len, &img, err) < 0, "big-endian refused");
	len = make_elf64(buf);
	buf[EI_CLASS] = 3;
	CHECK(load(buf, len, &img, err) < 0, "unknown ELF class refused");
	len = make_elf64(buf);
	CHECK(load(buf, 40, &img, err) < 0, "truncated ELF header refused");
	CHECK(load(buf, 10, &img, err) < 0, "shorter than e_ident refused");
	len = make_elf64(buf);
	eh->e_phoff = 0x300;
	CHECK(load(buf, len, &img, err) < 0,
	      "program headers beyond the file refused");
	len = make_elf64(buf);
	eh->e_phoff = ~0ULL - 8;
	CHECK(load(buf, len, &img, err) < 0,
	      "program header offset near 2^64 refused");
	len = make_elf64(buf);
	eh->e_phentsize = 32;
	CHECK(load(buf, len, &img, err) < 0, "odd e_phentsize refused");
	len = make_elf64(buf);
	ph[2].p_filesz = 0x100;
	CHECK(load(buf, len, &img, err) < 0, "segment beyond the file refused");
	len = make_elf64(buf);
	ph[2].p_offset = ~0ULL - 4;
	CHECK(load(buf, len, &img, err) < 0,
	      "segment offset near 2^64 refused");
	len = make_elf64(buf);
	ph[2].p_filesz = 0x2000;
	CHECK(load(buf, len, &img, err) < 0, "filesz > memsz refused");
	len = make_elf64(buf);
	ph[2].p_paddr = MEM_SIZE - 0x800;
	CHECK(load(buf, len, &img, err) < 0,
	      "segment crossing the end of RAM refused");
	len = make_elf64(buf);
	ph[2].p_paddr = ~0ULL - 0x10;
	CHECK(load(buf, len, &img, err) < 0,
	      "segment address wrapping around refused");
	len = make_elf64(buf);
	ph[2].p_paddr = MEM_SIZE - 0x1000;
	CHECK(load(buf, len, &img, err) == 0 &&
	      img.highest == MEM_SIZE, "segment ending at the end of RAM");
}

void test_loader(void)
{
	uint8_t buf[0x400];
	struct xvm_image img;
	char err[128];
	size_t len;
	int ret;

	mem = malloc(MEM_SIZE);

	/* Flat binaries. */
	memcpy(buf, "\xfa\xf4" "flat", 6);
	ret = load(buf, 6, &img, err);
	CHECK(ret == 0 && img.kind == XVM_IMAGE_FLAT, "flat binary");
	CHECK(!memcmp(mem + 0x10000, buf, 6) && mem[0x10006] == 0xaa &&
	      mem[0xffff] == 0xaa, "flat binary at the load address only");
	CHECK(img.entry == 0x10000 && img.lowest == 0x10000 &&
	      img.highest == 0x10006, "flat entry and range");
	CHECK(load(buf, 0, &img, err) < 0, "empty image refused");
	ret = xvm_load_image(buf, 6, mem, MEM_SIZE, MEM_SIZE - 4, &img, err,
			     sizeof(err));
	CHECK(ret < 0, "flat binary past the end of RAM refused");
	ret = xvm_load_image(buf, 6, mem, MEM_SIZE, MEM_SIZE - 6, &img, err,
			     sizeof(err));
	CHECK(ret == 0, "flat binary ending at the end of RAM");
	memcpy(buf, "\x7f" "ELX", 4);
	CHECK(load(buf, 4, &img, err) == 0 && img.kind == XVM_IMAGE_FLAT,
	      "almost-ELF magic is a flat binary");

	/* ELF64 */
	len = make_elf64(buf);
	ret = load(buf, len, &img, err);
	CHECK(ret == 0 && img.kind == XVM_IMAGE_ELF64, "ELF64 loads (%s)",
	      ret ? err : "");
	CHECK(img.entry == 0x100010, "ELF64 entry");
	CHECK(all(mem + 0x100000, 0x90, 0x20) && mem[0x100020] == 0xaa,
	      "ELF64 text at p_paddr");
	CHECK(all(mem + 0x200000, 0x5a, 0x10) &&
	      all(mem + 0x200010, 0, 0x1000 - 0x10) &&
	      mem[0x201000] == 0xaa, "ELF64 data at p_paddr, bss zeroed");
	CHECK(img.lowest == 0x100000 && img.highest == 0x201000,
	      "ELF64 range covers both segments");
	test_bad_elf64();

	/* ELF32 */
	len = make_elf32(buf);
	ret = load(buf, len, &img, err);
	CHECK(ret == 0 && img.kind == XVM_IMAGE_ELF32 &&
	      img.entry == 0x100000, "ELF32 loads (%s)", ret ? err : "");
	CHECK(!memcmp(mem + 0x100000, "ELF32!!!", 8) &&
	      all(mem + 0x100008, 0, 0x10), "ELF32 segment and bss");
	len = make_elf32(buf);
	((Elf32_Ehdr *)buf)->e_machine = EM_X86_64;
	CHECK(load(buf, len, &img, err) < 0, "ELF32 for x86-64 refused");
	free(mem);
}
