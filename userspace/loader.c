// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: loading a guest image into guest memory. Flat binaries go to
 * the load address; ELF32 and ELF64 executables have their PT_LOAD
 * segments copied to p_paddr (the guest runs with paging off or with an
 * identity map, so physical is what matters) and their bss zeroed.
 *
 * Works on buffers only so that tests/host can feed it crafted files.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xvm-run.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Does [addr, addr + len) lie inside guest RAM? Careful with overflow. */
static bool in_ram(uint64_t addr, uint64_t len, uint64_t mem_size)
{
	return addr <= mem_size && len <= mem_size - addr;
}

static void note_range(struct xvm_image *img, uint64_t addr, uint64_t len)
{
	if (!len)
		return;
	if (addr < img->lowest)
		img->lowest = addr;
	if (addr + len > img->highest)
		img->highest = addr + len;
}

/* One PT_LOAD segment, after its fields were widened to 64 bits. */
static int load_segment(const uint8_t *buf, size_t len, uint8_t *mem,
			uint64_t mem_size, uint64_t off, uint64_t filesz,
			uint64_t paddr, uint64_t memsz, struct xvm_image *img,
			char *err, size_t errlen)
{
	if (filesz > memsz)
		return fail(err, errlen, "segment filesz > memsz");
	if (off > len || filesz > len - off)
		return fail(err, errlen, "segment beyond end of file");
	if (!in_ram(paddr, memsz, mem_size))
		return fail(err, errlen,
			    "segment 0x%llx+0x%llx outside guest RAM",
			    (unsigned long long)paddr,
			    (unsigned long long)memsz);
	memcpy(mem + paddr, buf + off, filesz);
	memset(mem + paddr + filesz, 0, memsz - filesz);
	note_range(img, paddr, memsz);
	return 0;
}

static int load_elf64(const uint8_t *buf, size_t len, uint8_t *mem,
		      uint64_t mem_size, struct xvm_image *img, char *err,
		      size_t errlen)
{
	Elf64_Ehdr eh;
	unsigned int i;

	if (len < sizeof(eh))
		return fail(err, errlen, "truncated ELF64 header");
	memcpy(&eh, buf, sizeof(eh));
	if (eh.e_machine != EM_X86_64)
		return fail(err, errlen, "ELF64 image is not x86-64");
	if (eh.e_type != ET_EXEC)
		return fail(err, errlen, "ELF image is not ET_EXEC");
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0)
		return fail(err, errlen, "no usable program headers");
	if (eh.e_phoff > len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > len - eh.e_phoff)
		return fail(err, errlen, "program headers beyond end of file");
	img->kind = XVM_IMAGE_ELF64;
	img->entry = eh.e_entry;
	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		int ret;

		memcpy(&ph, buf + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		ret = load_segment(buf, len, mem, mem_size, ph.p_offset,
				   ph.p_filesz, ph.p_paddr, ph.p_memsz, img,
				   err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

static int load_elf32(const uint8_t *buf, size_t len, uint8_t *mem,
		      uint64_t mem_size, struct xvm_image *img, char *err,
		      size_t errlen)
{
	Elf32_Ehdr eh;
	unsigned int i;

	if (len < sizeof(eh))
		return fail(err, errlen, "truncated ELF32 header");
	memcpy(&eh, buf, sizeof(eh));
	if (eh.e_machine != EM_386)
		return fail(err, errlen, "ELF32 image is not i386");
	if (eh.e_type != ET_EXEC)
		return fail(err, errlen, "ELF image is not ET_EXEC");
	if (eh.e_phentsize != sizeof(Elf32_Phdr) || eh.e_phnum == 0)
		return fail(err, errlen, "no usable program headers");
	if (eh.e_phoff > len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf32_Phdr) > len - eh.e_phoff)
		return fail(err, errlen, "program headers beyond end of file");
	img->kind = XVM_IMAGE_ELF32;
	img->entry = eh.e_entry;
	for (i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;
		int ret;

		memcpy(&ph, buf + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD)
			continue;
		ret = load_segment(buf, len, mem, mem_size, ph.p_offset,
				   ph.p_filesz, ph.p_paddr, ph.p_memsz, img,
				   err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * xvm_load_image() - copy an image into guest memory.
 * @buf: the file contents.
 * @len: bytes at @buf.
 * @mem: guest RAM, guest physical 0 at @mem[0].
 * @mem_size: bytes of guest RAM.
 * @flat_load: where a flat binary goes.
 * @img: result: kind, entry, lowest/highest guest address written.
 * @err: a message on failure.
 * @errlen: bytes at @err.
 *
 * Anything that does not start with the ELF magic is a flat binary. An
 * ELF file of another class, byte order or machine is refused rather than
 * run as a flat binary.
 *
 * Return: 0 or -EINVAL.
 */
int xvm_load_image(const uint8_t *buf, size_t len, uint8_t *mem,
		   uint64_t mem_size, uint64_t flat_load, struct xvm_image *img,
		   char *err, size_t errlen)
{
	memset(img, 0, sizeof(*img));
	img->lowest = UINT64_MAX;
	if (len >= SELFMAG && !memcmp(buf, ELFMAG, SELFMAG)) {
		if (len < EI_NIDENT)
			return fail(err, errlen, "truncated ELF header");
		if (buf[EI_DATA] != ELFDATA2LSB)
			return fail(err, errlen, "ELF image is not little-endian");
		if (buf[EI_CLASS] == ELFCLASS64)
			return load_elf64(buf, len, mem, mem_size, img, err,
					  errlen);
		if (buf[EI_CLASS] == ELFCLASS32)
			return load_elf32(buf, len, mem, mem_size, img, err,
					  errlen);
		return fail(err, errlen, "unknown ELF class %u",
			    buf[EI_CLASS]);
	}
	if (len == 0)
		return fail(err, errlen, "empty image");
	if (!in_ram(flat_load, len, mem_size))
		return fail(err, errlen, "image does not fit in guest RAM");
	memcpy(mem + flat_load, buf, len);
	img->kind = XVM_IMAGE_FLAT;
	img->entry = flat_load;
	note_range(img, flat_load, len);
	return 0;
}
