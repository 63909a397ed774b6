// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of emulate.c: the MMIO instruction decoder, the store and load
 * helpers and the guest page walk. Included by emulate.c when XVM_KUNIT is
 * defined, so it sees the file's static helpers.
 *
 * The instruction bytes of the decoder table come from GNU as (objdump shows
 * the same instruction with the same length); the name of each case is the
 * objdump disassembly, prefixed with the code size.
 */
#include <kunit/test.h>

struct emu_decode_case {
	const char *name;
	unsigned int mode;
	unsigned int len;
	u8 insn[XVM_INSN_MAX];
	int ret;
	u8 kind;
	u8 size;
	u8 reg;
	bool high8;
	u8 dst_size;
	bool sign_extend;
	u64 imm;
};

static const struct emu_decode_case emu_decode_cases[] = {
	{ "64: mov %eax,0x10(%rbx,%rcx,4)", 64, 4,
	  { 0x89, 0x44, 0x8b, 0x10 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: mov %rax,(%rbx)", 64, 3,
	  { 0x48, 0x89, 0x03 },
	  .kind = XVM_MMIO_STORE_REG, .size = 8, .reg = 0 },
	{ "64: mov %r9,0x12345678(%rip)", 64, 7,
	  { 0x4c, 0x89, 0x0d, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_REG, .size = 8, .reg = 9 },
	{ "64: mov %r10d,(%r12)", 64, 4,
	  { 0x45, 0x89, 0x14, 0x24 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 10 },
	{ "64: mov %r11w,0x8(%r13)", 64, 5,
	  { 0x66, 0x45, 0x89, 0x5d, 0x08 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 11 },
	{ "64: mov %ax,(%rdi)", 64, 3,
	  { 0x66, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "64: mov %al,(%rdi)", 64, 2,
	  { 0x88, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "64: mov %ah,(%rdi)", 64, 2,
	  { 0x88, 0x27 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0,
	  .high8 = true },
	{ "64: mov %ch,(%rdi)", 64, 2,
	  { 0x88, 0x2f },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 1,
	  .high8 = true },
	{ "64: mov %dh,(%rdi)", 64, 2,
	  { 0x88, 0x37 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 2,
	  .high8 = true },
	{ "64: mov %bh,(%rdi)", 64, 2,
	  { 0x88, 0x3f },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 3,
	  .high8 = true },
	{ "64: mov %spl,(%rdi)", 64, 3,
	  { 0x40, 0x88, 0x27 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 4 },
	{ "64: mov %sil,(%rdi)", 64, 3,
	  { 0x40, 0x88, 0x37 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 6 },
	{ "64: mov %dil,0x7f(%rsp)", 64, 5,
	  { 0x40, 0x88, 0x7c, 0x24, 0x7f },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 7 },
	{ "64: mov %r8b,(%rdi)", 64, 3,
	  { 0x44, 0x88, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 8 },
	{ "64: mov %r15b,-0x80(%r15)", 64, 4,
	  { 0x45, 0x88, 0x7f, 0x80 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 15 },
	{ "64: mov %bl,0x12345678(,%rbx,8)", 64, 7,
	  { 0x88, 0x1c, 0xdd, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 3 },
	{ "64: mov %spl,(%rdi)", 64, 3,
	  { 0x40, 0x88, 0x27 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 4 },
	{ "64: mov %eax,0x10(%eip)", 64, 7,
	  { 0x67, 0x89, 0x05, 0x10, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: mov %edx,(%eax,%ecx,1)", 64, 4,
	  { 0x67, 0x89, 0x14, 0x08 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 2 },
	{ "64: mov (%rsi),%ch", 64, 2,
	  { 0x8a, 0x2e },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 1, .dst_size = 1,
	  .high8 = true },
	{ "64: mov (%rsi),%bh", 64, 2,
	  { 0x8a, 0x3e },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 3, .dst_size = 1,
	  .high8 = true },
	{ "64: mov (%rsi),%bpl", 64, 3,
	  { 0x40, 0x8a, 0x2e },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 5, .dst_size = 1 },
	{ "64: mov (%rsi),%r15b", 64, 3,
	  { 0x44, 0x8a, 0x3e },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 15, .dst_size = 1 },
	{ "64: mov (%rsi),%al", 64, 2,
	  { 0x8a, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1 },
	{ "64: mov (%rsi),%eax", 64, 2,
	  { 0x8b, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov (%rsi),%rdx", 64, 3,
	  { 0x48, 0x8b, 0x16 },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 2, .dst_size = 8 },
	{ "64: mov (%rsi),%r14", 64, 3,
	  { 0x4c, 0x8b, 0x36 },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 14, .dst_size = 8 },
	{ "64: mov (%rsi),%cx", 64, 3,
	  { 0x66, 0x8b, 0x0e },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 2 },
	{ "64: mov 0x1000(,%rdx,8),%ebx", 64, 7,
	  { 0x8b, 0x1c, 0xd5, 0x00, 0x10, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 3, .dst_size = 4 },
	{ "64: mov 0x12345678,%eax", 64, 7,
	  { 0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov 0x80(%rbp),%eax", 64, 6,
	  { 0x8b, 0x85, 0x80, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov -0x80(%rbp),%eax", 64, 3,
	  { 0x8b, 0x45, 0x80 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov 0x0(%rbp),%eax", 64, 3,
	  { 0x8b, 0x45, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov 0x0(%r13),%eax", 64, 4,
	  { 0x41, 0x8b, 0x45, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov (%r12),%r12", 64, 4,
	  { 0x4d, 0x8b, 0x24, 0x24 },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 12, .dst_size = 8 },
	{ "64: mov 0x10(%r12,%r13,2),%eax", 64, 5,
	  { 0x43, 0x8b, 0x44, 0x6c, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov 0x1234(%r13,%r12,1),%r8w", 64, 9,
	  { 0x66, 0x47, 0x8b, 0x84, 0x25, 0x34, 0x12, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 8, .dst_size = 2 },
	{ "64: mov (%eax),%eax", 64, 3,
	  { 0x67, 0x8b, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov -0x10(%rip),%rsp", 64, 7,
	  { 0x48, 0x8b, 0x25, 0xf0, 0xff, 0xff, 0xff },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 4, .dst_size = 8 },
	{ "64: movb $0x12,(%rdi)", 64, 3,
	  { 0xc6, 0x07, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0x12 },
	{ "64: movb $0xff,0x12345678(%rax,%rbx,1)", 64, 8,
	  { 0xc6, 0x84, 0x18, 0x78, 0x56, 0x34, 0x12, 0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0xff },
	{ "64: movw $0x1234,(%rdi)", 64, 5,
	  { 0x66, 0xc7, 0x07, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0x1234 },
	{ "64: movw $0x8000,0x10(%r8)", 64, 7,
	  { 0x66, 0x41, 0xc7, 0x40, 0x10, 0x00, 0x80 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0x8000 },
	{ "64: movl $0x12345678,(%rdi)", 64, 6,
	  { 0xc7, 0x07, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0x12345678 },
	{ "64: movl $0x80000000,(%rdi)", 64, 6,
	  { 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0x80000000 },
	{ "64: movq $0xfffffffffffffffe,(%rdi)", 64, 7,
	  { 0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 8, .imm = 0xfffffffffffffffe },
	{ "64: movq $0x7fffffff,0x10(%rip)", 64, 11,
	  { 0x48, 0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
	    0x7f },
	  .kind = XVM_MMIO_STORE_IMM, .size = 8, .imm = 0x7fffffff },
	{ "64: movq $0xffffffff80000000,0x10(%rip)", 64, 11,
	  { 0x48, 0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	    0x80 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 8, .imm = 0xffffffff80000000 },
	{ "64: movb $0x80,0x10(%rip)", 64, 7,
	  { 0xc6, 0x05, 0x10, 0x00, 0x00, 0x00, 0x80 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0x80 },
	{ "64: movabs 0xd0000000,%eax", 64, 9,
	  { 0xa1, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: movabs 0x1122334455667788,%rax", 64, 10,
	  { 0x48, 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 0, .dst_size = 8 },
	{ "64: movabs 0xfee00000,%al", 64, 9,
	  { 0xa0, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1 },
	{ "64: movabs 0xfee00000,%ax", 64, 10,
	  { 0x66, 0xa1, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "64: movabs %al,0xfee00000", 64, 9,
	  { 0xa2, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "64: movabs %ax,0xfee00000", 64, 10,
	  { 0x66, 0xa3, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "64: movabs %eax,0xfee00000", 64, 9,
	  { 0xa3, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: movabs %rax,0xfee00000", 64, 10,
	  { 0x48, 0xa3, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 8, .reg = 0 },
	{ "64: addr32 mov 0xd0000000,%eax", 64, 6,
	  { 0x67, 0xa1, 0x00, 0x00, 0x00, 0xd0 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: addr32 mov %rax,0x1000", 64, 7,
	  { 0x67, 0x48, 0xa3, 0x00, 0x10, 0x00, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 8, .reg = 0 },
	{ "64: rex.B movabs 0xfee00000,%eax", 64, 10,
	  { 0x41, 0xa1, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: movzbl (%rsi),%eax", 64, 3,
	  { 0x0f, 0xb6, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 4 },
	{ "64: movzbl (%rsi),%esi", 64, 3,
	  { 0x0f, 0xb6, 0x36 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 6, .dst_size = 4 },
	{ "64: movzwl (%rsi),%eax", 64, 3,
	  { 0x0f, 0xb7, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 4 },
	{ "64: movzbq (%rsi),%r8", 64, 4,
	  { 0x4c, 0x0f, 0xb6, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 8, .dst_size = 8 },
	{ "64: movzwq 0x10(%rsi),%rdx", 64, 5,
	  { 0x48, 0x0f, 0xb7, 0x56, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 2, .dst_size = 8 },
	{ "64: movzbw (%rsi),%ax", 64, 4,
	  { 0x66, 0x0f, 0xb6, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 2 },
	{ "64: movsbl (%rsi),%eax", 64, 3,
	  { 0x0f, 0xbe, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 4,
	  .sign_extend = true },
	{ "64: movswq 0x10(%rsi),%rcx", 64, 5,
	  { 0x48, 0x0f, 0xbf, 0x4e, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 8,
	  .sign_extend = true },
	{ "64: movsbw (%rsi),%dx", 64, 4,
	  { 0x66, 0x0f, 0xbe, 0x16 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 2, .dst_size = 2,
	  .sign_extend = true },
	{ "64: movsbq 0x12345678(%rip),%r15", 64, 8,
	  { 0x4c, 0x0f, 0xbe, 0x3d, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 15, .dst_size = 8,
	  .sign_extend = true },
	{ "64: movswl (%r12,%r13,8),%r9d", 64, 5,
	  { 0x47, 0x0f, 0xbf, 0x0c, 0xec },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 9, .dst_size = 4,
	  .sign_extend = true },
	{ "64: mov %fs:(%rax),%eax", 64, 3,
	  { 0x64, 0x8b, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: mov %eax,%gs:(%rax)", 64, 3,
	  { 0x65, 0x89, 0x00 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: cs ds es ss mov %eax,(%rdi)", 64, 6,
	  { 0x2e, 0x3e, 0x26, 0x36, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: xrelease mov %eax,(%rdi)", 64, 3,
	  { 0xf3, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: repnz mov (%rdi),%rax", 64, 4,
	  { 0xf2, 0x48, 0x8b, 0x07 },
	  .kind = XVM_MMIO_LOAD, .size = 8, .reg = 0, .dst_size = 8 },
	{ "64: .byte 0x48, 0x66, 0x89, 0x07 (rex.W)", 64, 4,
	  { 0x48, 0x66, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "64: data16 mov %rax,(%rdi)", 64, 4,
	  { 0x66, 0x48, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 8, .reg = 0 },
	{ "64: .byte 0x4c, 0x41, 0x89, 0x07 (rex.WR)", 64, 4,
	  { 0x4c, 0x41, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "64: .byte 0x44, 0x67, 0x8a, 0x27 (rex.R)", 64, 4,
	  { 0x44, 0x67, 0x8a, 0x27 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1,
	  .high8 = true },
	{ "64: mov (%rsp,%r12,1),%eax", 64, 4,
	  { 0x42, 0x8b, 0x04, 0x24 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "64: data16 mov %ax,(%rdi)", 64, 4,
	  { 0x66, 0x66, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "64: data16 movb $0x12,(%rdi)", 64, 4,
	  { 0x66, 0xc6, 0x07, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0x12 },
	{ "64: 3 x ds movq $0xffffffffffffffff,0x12345678(%rax,%rbx,1)", 64, 15,
	  { 0x3e, 0x3e, 0x3e, 0x48, 0xc7, 0x84, 0x18, 0x78, 0x56, 0x34,
	    0x12, 0xff, 0xff, 0xff, 0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 8, .imm = 0xffffffffffffffff },
	{ "64: mov %eax,%ebx", 64, 2,
	  { 0x89, 0xc3 },
	  .ret = -EINVAL },
	{ "64: mov %al,%ah", 64, 2,
	  { 0x88, 0xc4 },
	  .ret = -EINVAL },
	{ "64: mov %eax,%eax", 64, 2,
	  { 0x8b, 0xc0 },
	  .ret = -EINVAL },
	{ "64: mov $0x1,%al", 64, 2,
	  { 0xb0, 0x01 },
	  .ret = -EINVAL },
	{ "64: mov $0x1,%eax", 64, 7,
	  { 0xb8, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 },
	  .ret = -EINVAL },
	{ "64: (bad)", 64, 3,
	  { 0xc6, 0x08, 0x01 },
	  .ret = -EINVAL },
	{ "64: (bad)", 64, 6,
	  { 0xc7, 0x10, 0x01, 0x00, 0x00, 0x00 },
	  .ret = -EINVAL },
	{ "64: lock addl $0x1,(%rax)", 64, 4,
	  { 0xf0, 0x83, 0x00, 0x01 },
	  .ret = -EINVAL },
	{ "64: lock mov %eax,(%rdi)", 64, 3,
	  { 0xf0, 0x89, 0x07 },
	  .ret = -EINVAL },
	{ "64: add %eax,(%rbx)", 64, 2,
	  { 0x01, 0x03 },
	  .ret = -EINVAL },
	{ "64: movsl %ds:(%rsi),%es:(%rdi)", 64, 1,
	  { 0xa5 },
	  .ret = -EINVAL },
	{ "64: movd (%rax),%mm0", 64, 3,
	  { 0x0f, 0x6e, 0x00 },
	  .ret = -EINVAL },
	{ "64: movd %xmm0,(%rax)", 64, 4,
	  { 0x66, 0x0f, 0x7e, 0x00 },
	  .ret = -EINVAL },
	{ "64: movslq (%rax),%rax", 64, 3,
	  { 0x48, 0x63, 0x00 },
	  .ret = -EINVAL },
	{ "64: popcnt (%rax),%eax", 64, 4,
	  { 0xf3, 0x0f, 0xb8, 0x00 },
	  .ret = -EINVAL },
	{ "64: movbe (%rax),%eax", 64, 4,
	  { 0x0f, 0x38, 0xf0, 0x00 },
	  .ret = -EINVAL },
	{ "64: nop", 64, 1,
	  { 0x90 },
	  .ret = -EINVAL },
	{ "64: mov %cs,(%rax)", 64, 2,
	  { 0x8c, 0x08 },
	  .ret = -EINVAL },
	{ "32: mov %eax,0x10(%ebx,%ecx,4)", 32, 4,
	  { 0x89, 0x44, 0x8b, 0x10 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "32: mov %ax,(%edi)", 32, 3,
	  { 0x66, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "32: mov %ah,(%edi)", 32, 2,
	  { 0x88, 0x27 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0,
	  .high8 = true },
	{ "32: mov %bl,0x12345678", 32, 6,
	  { 0x88, 0x1d, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 3 },
	{ "32: mov (%esi),%ax", 32, 3,
	  { 0x66, 0x8b, 0x06 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "32: mov (%esi),%dh", 32, 2,
	  { 0x8a, 0x36 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 2, .dst_size = 1,
	  .high8 = true },
	{ "32: mov 0x12345678,%ebx", 32, 6,
	  { 0x8b, 0x1d, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 3, .dst_size = 4 },
	{ "32: mov 0x10(,%eax,4),%ecx", 32, 7,
	  { 0x8b, 0x0c, 0x85, 0x10, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 1, .dst_size = 4 },
	{ "32: mov 0x80(%ebp),%esi", 32, 6,
	  { 0x8b, 0xb5, 0x80, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 6, .dst_size = 4 },
	{ "32: mov (%esp),%edi", 32, 3,
	  { 0x8b, 0x3c, 0x24 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 7, .dst_size = 4 },
	{ "32: mov 0xd0000000,%eax", 32, 5,
	  { 0xa1, 0x00, 0x00, 0x00, 0xd0 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "32: mov 0xfee00000,%al", 32, 5,
	  { 0xa0, 0x00, 0x00, 0xe0, 0xfe },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1 },
	{ "32: mov 0x1000,%ax", 32, 6,
	  { 0x66, 0xa1, 0x00, 0x10, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "32: mov %al,0xfee00000", 32, 5,
	  { 0xa2, 0x00, 0x00, 0xe0, 0xfe },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "32: mov %eax,0xfee000b0", 32, 5,
	  { 0xa3, 0xb0, 0x00, 0xe0, 0xfe },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "32: addr16 mov 0x1234,%eax", 32, 4,
	  { 0x67, 0xa1, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "32: addr16 mov %al,0x1234", 32, 4,
	  { 0x67, 0xa2, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "32: mov (%bx,%si),%eax", 32, 3,
	  { 0x67, 0x8b, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "32: mov 0x1234(%bp,%di),%eax", 32, 5,
	  { 0x67, 0x8b, 0x83, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "32: mov -0x10(%bp),%dx", 32, 5,
	  { 0x67, 0x66, 0x8b, 0x56, 0xf0 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 2, .dst_size = 2 },
	{ "32: mov 0x1234,%ecx", 32, 5,
	  { 0x67, 0x8b, 0x0e, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 1, .dst_size = 4 },
	{ "32: movl $0x12345678,0x10(%esp)", 32, 8,
	  { 0xc7, 0x44, 0x24, 0x10, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0x12345678 },
	{ "32: movw $0xfff0,(%eax)", 32, 5,
	  { 0x66, 0xc7, 0x00, 0xf0, 0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0xfff0 },
	{ "32: movb $0x80,(%eax)", 32, 3,
	  { 0xc6, 0x00, 0x80 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0x80 },
	{ "32: movl $0xffffffff,0x12345678(%eax,%ebx,1)", 32, 11,
	  { 0xc7, 0x84, 0x18, 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff,
	    0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0xffffffff },
	{ "32: movw $0x1234,0x10(%bx,%si)", 32, 7,
	  { 0x67, 0x66, 0xc7, 0x40, 0x10, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0x1234 },
	{ "32: movzbl (%eax),%edx", 32, 3,
	  { 0x0f, 0xb6, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 2, .dst_size = 4 },
	{ "32: movzwl 0x1000,%esi", 32, 7,
	  { 0x0f, 0xb7, 0x35, 0x00, 0x10, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 6, .dst_size = 4 },
	{ "32: movzbw (%eax),%sp", 32, 4,
	  { 0x66, 0x0f, 0xb6, 0x20 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 4, .dst_size = 2 },
	{ "32: movswl (%eax),%edx", 32, 3,
	  { 0x0f, 0xbf, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 2, .dst_size = 4,
	  .sign_extend = true },
	{ "32: movsbl 0x10(%ebp),%ebx", 32, 4,
	  { 0x0f, 0xbe, 0x5d, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 3, .dst_size = 4,
	  .sign_extend = true },
	{ "32: movsbw (%eax),%di", 32, 4,
	  { 0x66, 0x0f, 0xbe, 0x38 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 7, .dst_size = 2,
	  .sign_extend = true },
	{ "32: mov %fs:0x10,%eax", 32, 6,
	  { 0x64, 0xa1, 0x10, 0x00, 0x00, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "32: inc %eax", 32, 3,
	  { 0x40, 0x89, 0x07 },
	  .ret = -EINVAL },
	{ "32: dec %eax", 32, 3,
	  { 0x48, 0x8b, 0x07 },
	  .ret = -EINVAL },
	{ "32: mov %eax,%ebx", 32, 2,
	  { 0x89, 0xc3 },
	  .ret = -EINVAL },
	{ "16: mov %ax,(%bx)", 16, 2,
	  { 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "16: mov %eax,(%bx)", 16, 3,
	  { 0x66, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 4, .reg = 0 },
	{ "16: mov %al,(%bx,%di)", 16, 2,
	  { 0x88, 0x01 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "16: mov %bh,0x10(%bp,%si)", 16, 3,
	  { 0x88, 0x7a, 0x10 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 3,
	  .high8 = true },
	{ "16: mov (%si),%al", 16, 2,
	  { 0x8a, 0x04 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1 },
	{ "16: mov (%si),%ah", 16, 2,
	  { 0x8a, 0x24 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1,
	  .high8 = true },
	{ "16: mov 0x10(%bx,%si),%dx", 16, 3,
	  { 0x8b, 0x50, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 2, .dst_size = 2 },
	{ "16: mov 0x1234(%bp),%cx", 16, 4,
	  { 0x8b, 0x8e, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 2 },
	{ "16: mov 0x1234,%cx", 16, 4,
	  { 0x8b, 0x0e, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 2 },
	{ "16: mov 0x0(%bp),%cx", 16, 3,
	  { 0x8b, 0x4e, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 2 },
	{ "16: mov -0x1(%di),%ebx", 16, 4,
	  { 0x66, 0x8b, 0x5d, 0xff },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 3, .dst_size = 4 },
	{ "16: mov (%eax),%ax", 16, 3,
	  { 0x67, 0x8b, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "16: mov 0x10(%eax,%ebx,4),%ax", 16, 5,
	  { 0x67, 0x8b, 0x44, 0x98, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "16: mov 0x12345678(,%ebx,2),%esi", 16, 9,
	  { 0x67, 0x66, 0x8b, 0x34, 0x5d, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 6, .dst_size = 4 },
	{ "16: mov 0x1234,%ax", 16, 3,
	  { 0xa1, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "16: mov 0x1234,%eax", 16, 4,
	  { 0x66, 0xa1, 0x34, 0x12 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "16: mov 0x8000,%al", 16, 3,
	  { 0xa0, 0x00, 0x80 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 1 },
	{ "16: mov %al,0x8000", 16, 3,
	  { 0xa2, 0x00, 0x80 },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "16: mov %ax,0xb800", 16, 3,
	  { 0xa3, 0x00, 0xb8 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "16: addr32 mov 0xd0000,%eax", 16, 7,
	  { 0x67, 0x66, 0xa1, 0x00, 0x00, 0x0d, 0x00 },
	  .kind = XVM_MMIO_LOAD, .size = 4, .reg = 0, .dst_size = 4 },
	{ "16: addr32 mov %al,0xfee00000", 16, 6,
	  { 0x67, 0xa2, 0x00, 0x00, 0xe0, 0xfe },
	  .kind = XVM_MMIO_STORE_REG, .size = 1, .reg = 0 },
	{ "16: movw $0x1234,(%di)", 16, 4,
	  { 0xc7, 0x05, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0x1234 },
	{ "16: movl $0x12345678,(%di)", 16, 7,
	  { 0x66, 0xc7, 0x05, 0x78, 0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0x12345678 },
	{ "16: movb $0x12,0x1234(%bx)", 16, 5,
	  { 0xc6, 0x87, 0x34, 0x12, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 1, .imm = 0x12 },
	{ "16: movw $0xffff,0x1234", 16, 6,
	  { 0xc7, 0x06, 0x34, 0x12, 0xff, 0xff },
	  .kind = XVM_MMIO_STORE_IMM, .size = 2, .imm = 0xffff },
	{ "16: movl $0x12345678,0x12345678(%eax,%ebx,1)", 16, 13,
	  { 0x67, 0x66, 0xc7, 0x84, 0x18, 0x78, 0x56, 0x34, 0x12, 0x78,
	    0x56, 0x34, 0x12 },
	  .kind = XVM_MMIO_STORE_IMM, .size = 4, .imm = 0x12345678 },
	{ "16: movzbw (%si),%ax", 16, 3,
	  { 0x0f, 0xb6, 0x04 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 2 },
	{ "16: movzbl (%si),%eax", 16, 4,
	  { 0x66, 0x0f, 0xb6, 0x04 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 0, .dst_size = 4 },
	{ "16: movzwl 0x10(%bx),%edx", 16, 5,
	  { 0x66, 0x0f, 0xb7, 0x57, 0x10 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 2, .dst_size = 4 },
	{ "16: movsbw (%si),%sp", 16, 3,
	  { 0x0f, 0xbe, 0x24 },
	  .kind = XVM_MMIO_LOAD, .size = 1, .reg = 4, .dst_size = 2,
	  .sign_extend = true },
	{ "16: movswl (%bp,%di),%ecx", 16, 4,
	  { 0x66, 0x0f, 0xbf, 0x0b },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 1, .dst_size = 4,
	  .sign_extend = true },
	{ "16: mov %es:(%bx),%ax", 16, 3,
	  { 0x26, 0x8b, 0x07 },
	  .kind = XVM_MMIO_LOAD, .size = 2, .reg = 0, .dst_size = 2 },
	{ "16: mov %ax,%ss:(%bx)", 16, 3,
	  { 0x36, 0x89, 0x07 },
	  .kind = XVM_MMIO_STORE_REG, .size = 2, .reg = 0 },
	{ "16: mov %ax,%bx", 16, 2,
	  { 0x89, 0xc3 },
	  .ret = -EINVAL },
	{ "16: mov (%bx),%es", 16, 2,
	  { 0x8e, 0x07 },
	  .ret = -EINVAL },
};

/* The decoder alone: kind, length and operands, with just enough bytes. */
static void emu_check_op(struct kunit *test, const struct emu_decode_case *c,
			 const struct xvm_mmio_op *op)
{
	KUNIT_EXPECT_EQ_MSG(test, op->len, c->len, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, op->kind, c->kind, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, op->size, c->size, "%s", c->name);
	if (c->kind == XVM_MMIO_STORE_IMM) {
		KUNIT_EXPECT_EQ_MSG(test, op->imm, c->imm, "%s", c->name);
		return;
	}
	KUNIT_EXPECT_EQ_MSG(test, op->reg, c->reg, "%s", c->name);
	KUNIT_EXPECT_EQ_MSG(test, op->high8, c->high8, "%s", c->name);
	if (c->kind == XVM_MMIO_LOAD) {
		KUNIT_EXPECT_EQ_MSG(test, op->dst_size, c->dst_size, "%s",
				    c->name);
		KUNIT_EXPECT_EQ_MSG(test, op->sign_extend, c->sign_extend,
				    "%s", c->name);
	}
}

static void emu_decode_table(struct kunit *test)
{
	const struct emu_decode_case *c;
	struct xvm_mmio_op op;
	int ret;

	for (c = emu_decode_cases; c < emu_decode_cases +
	     ARRAY_SIZE(emu_decode_cases); c++) {
		ret = xvm_mmio_decode(c->insn, c->len, c->mode, &op);
		KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "%s", c->name);
		if (!ret && !c->ret)
			emu_check_op(test, c, &op);
	}
}

/*
 * The length comes from the bytes, not from @avail: the same instruction
 * followed by other bytes (here INT3 and zeroes) decodes the same.
 */
static void emu_decode_trailing(struct kunit *test)
{
	const struct emu_decode_case *c;
	struct xvm_mmio_op op;
	u8 buf[XVM_INSN_MAX];
	int ret;

	for (c = emu_decode_cases; c < emu_decode_cases +
	     ARRAY_SIZE(emu_decode_cases); c++) {
		if (c->ret)
			continue;
		memset(buf, 0xcc, sizeof(buf));
		memcpy(buf, c->insn, c->len);
		ret = xvm_mmio_decode(buf, sizeof(buf), c->mode, &op);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", c->name);
		if (!ret)
			emu_check_op(test, c, &op);
		memset(buf + c->len, 0, sizeof(buf) - c->len);
		ret = xvm_mmio_decode(buf, sizeof(buf), c->mode, &op);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", c->name);
		if (!ret)
			emu_check_op(test, c, &op);
	}
}

/* Every prefix of a valid instruction is too short: -E2BIG. */
static void emu_decode_truncated(struct kunit *test)
{
	const struct emu_decode_case *c;
	struct xvm_mmio_op op;
	unsigned int avail;

	for (c = emu_decode_cases; c < emu_decode_cases +
	     ARRAY_SIZE(emu_decode_cases); c++) {
		if (c->ret)
			continue;
		for (avail = 0; avail < c->len; avail++)
			KUNIT_EXPECT_EQ_MSG(test,
					    xvm_mmio_decode(c->insn, avail,
							    c->mode, &op),
					    -E2BIG, "%s, %u bytes", c->name,
					    avail);
	}
}

static void emu_decode_limits(struct kunit *test)
{
	/* 3 prefixes + movq $-1,0x12345678(%rax,%rbx,1): exactly 15 bytes */
	static const u8 longest[] = {
		0x3e, 0x3e, 0x3e, 0x48, 0xc7, 0x84, 0x18, 0x78, 0x56, 0x34,
		0x12, 0xff, 0xff, 0xff, 0xff,
	};
	/* 4 prefixes: 16 bytes, longer than any instruction may be */
	static const u8 too_long[] = {
		0x3e, 0x3e, 0x3e, 0x3e, 0x48, 0xc7, 0x84, 0x18, 0x78, 0x56,
		0x34, 0x12, 0xff, 0xff, 0xff, 0xff,
	};
	static const u8 mov[] = { 0x89, 0x07 };	/* mov %eax,(%rdi) */
	static const u8 rex[] = { 0x48 };
	struct xvm_mmio_op op;
	u8 prefixes[XVM_INSN_MAX];
	u8 buf[XVM_INSN_MAX + 5];

	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(longest, 15, 64, &op), 0);
	KUNIT_EXPECT_EQ(test, op.len, 15);
	KUNIT_EXPECT_EQ(test, op.size, 8);
	KUNIT_EXPECT_EQ(test, op.imm, ~0ULL);
	/* More than 15 bytes available: only 15 count. */
	memset(buf, 0x3e, sizeof(buf));
	memcpy(buf, longest, sizeof(longest));
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(buf, sizeof(buf), 64, &op), 0);
	KUNIT_EXPECT_EQ(test, op.len, 15);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(too_long, 16, 64, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(too_long, 15, 64, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(too_long, 14, 64, &op), -E2BIG);

	/* Nothing but prefixes. */
	memset(prefixes, 0x66, sizeof(prefixes));
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(prefixes, 15, 32, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(prefixes, 7, 32, &op), -E2BIG);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(rex, 1, 64, &op), -E2BIG);
	/* In 32-bit mode 0x48 is DEC EAX. */
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(rex, 1, 32, &op), -EINVAL);

	/* Only 16, 32 and 64 are code sizes. */
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(mov, 2, 64, &op), 0);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(mov, 2, 0, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(mov, 2, 8, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(mov, 2, 128, &op), -EINVAL);
	KUNIT_EXPECT_EQ(test, xvm_mmio_decode(mov, 0, 64, &op), -E2BIG);
}

/*
 * The length of MOV r32,m (8B) for every ModRM byte that names memory, by
 * addressing size, with a SIB byte of 0x00 and of 0x05 (no base: disp32).
 * The bytes after the ModRM and SIB bytes are NOPs (0x90). Lengths from
 * objdump; REX.X and REX.B change no length.
 */
struct emu_modrm_case {
	const char *name;
	unsigned int mode;
	u8 prefix;		/* one prefix byte, or 0 */
	u8 sib;
	u8 len[3][8];		/* by mod, then rm */
};

static const struct emu_modrm_case emu_modrm_cases[] = {
	{ "16-bit code, SIB 0x00", 16, 0x00, 0x00, {
		{ 2, 2, 2, 2, 2, 2, 4, 2 },
		{ 3, 3, 3, 3, 3, 3, 3, 3 },
		{ 4, 4, 4, 4, 4, 4, 4, 4 } } },
	{ "16-bit code, SIB 0x05", 16, 0x00, 0x05, {
		{ 2, 2, 2, 2, 2, 2, 4, 2 },
		{ 3, 3, 3, 3, 3, 3, 3, 3 },
		{ 4, 4, 4, 4, 4, 4, 4, 4 } } },
	{ "16-bit code, 0x67, SIB 0x00", 16, 0x67, 0x00, {
		{ 3, 3, 3, 3, 4, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
	{ "16-bit code, 0x67, SIB 0x05", 16, 0x67, 0x05, {
		{ 3, 3, 3, 3, 8, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
	{ "32-bit code, SIB 0x00", 32, 0x00, 0x00, {
		{ 2, 2, 2, 2, 3, 6, 2, 2 },
		{ 3, 3, 3, 3, 4, 3, 3, 3 },
		{ 6, 6, 6, 6, 7, 6, 6, 6 } } },
	{ "32-bit code, SIB 0x05", 32, 0x00, 0x05, {
		{ 2, 2, 2, 2, 7, 6, 2, 2 },
		{ 3, 3, 3, 3, 4, 3, 3, 3 },
		{ 6, 6, 6, 6, 7, 6, 6, 6 } } },
	{ "32-bit code, 0x67, SIB 0x00", 32, 0x67, 0x00, {
		{ 3, 3, 3, 3, 3, 3, 5, 3 },
		{ 4, 4, 4, 4, 4, 4, 4, 4 },
		{ 5, 5, 5, 5, 5, 5, 5, 5 } } },
	{ "32-bit code, 0x67, SIB 0x05", 32, 0x67, 0x05, {
		{ 3, 3, 3, 3, 3, 3, 5, 3 },
		{ 4, 4, 4, 4, 4, 4, 4, 4 },
		{ 5, 5, 5, 5, 5, 5, 5, 5 } } },
	{ "64-bit code, SIB 0x00", 64, 0x00, 0x00, {
		{ 2, 2, 2, 2, 3, 6, 2, 2 },
		{ 3, 3, 3, 3, 4, 3, 3, 3 },
		{ 6, 6, 6, 6, 7, 6, 6, 6 } } },
	{ "64-bit code, SIB 0x05", 64, 0x00, 0x05, {
		{ 2, 2, 2, 2, 7, 6, 2, 2 },
		{ 3, 3, 3, 3, 4, 3, 3, 3 },
		{ 6, 6, 6, 6, 7, 6, 6, 6 } } },
	{ "64-bit code, 0x67, SIB 0x00", 64, 0x67, 0x00, {
		{ 3, 3, 3, 3, 4, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
	{ "64-bit code, 0x67, SIB 0x05", 64, 0x67, 0x05, {
		{ 3, 3, 3, 3, 8, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
	{ "64-bit code, REX.XB, SIB 0x00", 64, 0x43, 0x00, {
		{ 3, 3, 3, 3, 4, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
	{ "64-bit code, REX.XB, SIB 0x05", 64, 0x43, 0x05, {
		{ 3, 3, 3, 3, 8, 7, 3, 3 },
		{ 4, 4, 4, 4, 5, 4, 4, 4 },
		{ 7, 7, 7, 7, 8, 7, 7, 7 } } },
};

static void emu_decode_modrm(struct kunit *test)
{
	const struct emu_modrm_case *c;
	unsigned int mod, reg, rm, n;
	struct xvm_mmio_op op;
	u8 buf[XVM_INSN_MAX];
	u8 modrm;
	int ret;

	for (c = emu_modrm_cases; c < emu_modrm_cases +
	     ARRAY_SIZE(emu_modrm_cases); c++) {
		for (mod = 0; mod < 3; mod++) {
			for (reg = 0; reg < 8; reg++) {
				for (rm = 0; rm < 8; rm++) {
					memset(buf, 0x90, sizeof(buf));
					n = 0;
					if (c->prefix)
						buf[n++] = c->prefix;
					modrm = mod << 6 | reg << 3 | rm;
					buf[n++] = 0x8b;
					buf[n++] = modrm;
					buf[n] = c->sib;
					ret = xvm_mmio_decode(buf, sizeof(buf),
							      c->mode, &op);
					KUNIT_EXPECT_EQ_MSG(test, ret, 0,
							    "%s, ModRM 0x%02x",
							    c->name, modrm);
					KUNIT_EXPECT_EQ_MSG(test, op.len,
							    c->len[mod][rm],
							    "%s, ModRM 0x%02x",
							    c->name, modrm);
				}
			}
		}
	}
}

struct emu_cr_case {
	const char *name;
	unsigned int mode;
	unsigned int len;
	u8 insn[XVM_INSN_MAX];
	int ret;
	unsigned int cr, gpr;
};

static const struct emu_cr_case emu_cr_cases[] = {
	{ "64: mov %rax,%cr8", 64, 4, { 0x44, 0x0f, 0x22, 0xc0 }, 4, 8, 0 },
	{ "64: mov %r9,%cr8", 64, 4, { 0x45, 0x0f, 0x22, 0xc1 }, 4, 8, 9 },
	{ "64: mov %rbx,%cr3", 64, 3, { 0x0f, 0x22, 0xdb }, 3, 3, 3 },
	{ "64: mov %r15,%cr0", 64, 4, { 0x41, 0x0f, 0x22, 0xc7 }, 4, 0, 15 },
	{ "32: lock mov %ecx,%cr0 (CR8)", 32, 4, { 0xf0, 0x0f, 0x22, 0xc1 },
	  4, 8, 1 },
	/* 44 is INC %esp outside 64-bit mode, not a REX */
	{ "32: inc %esp", 32, 4, { 0x44, 0x0f, 0x22, 0xc0 }, -EINVAL },
	/* a REX followed by a legacy prefix counts for nothing */
	{ "64: rex.r cs mov %rax,%cr0", 64, 5,
	  { 0x44, 0x2e, 0x0f, 0x22, 0xc0 }, 5, 0, 0 },
	{ "64: mov %cr8,%rax (a read)", 64, 4, { 0x44, 0x0f, 0x20, 0xc0 },
	  -EINVAL },
	{ "64: truncated", 64, 3, { 0x44, 0x0f, 0x22 }, -E2BIG },
	{ "64: 15 prefixes", 64, 15,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x66, 0x66 }, -EINVAL },
};

static void emu_decode_mov_to_cr(struct kunit *test)
{
	unsigned int i, cr, gpr;
	int ret;

	for (i = 0; i < ARRAY_SIZE(emu_cr_cases); i++) {
		const struct emu_cr_case *c = &emu_cr_cases[i];

		cr = 99;
		gpr = 99;
		ret = xvm_decode_mov_to_cr(c->insn, c->len, c->mode, &cr,
					   &gpr);
		KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "%s", c->name);
		if (ret > 0) {
			KUNIT_EXPECT_EQ_MSG(test, cr, c->cr, "%s", c->name);
			KUNIT_EXPECT_EQ_MSG(test, gpr, c->gpr, "%s", c->name);
		}
	}
}

/* MOV to/from DRn: direction, register numbers, what is not one. */
static const struct emu_dr_case {
	const char *name;
	unsigned int mode;
	unsigned int len;
	u8 insn[4];
	int ret;
	bool to_dr;
	unsigned int dr, gpr;
} emu_dr_cases[] = {
	{ "64: mov %dr1,%rax", 64, 3, { 0x0f, 0x21, 0xc8 }, 3, false, 1, 0 },
	{ "64: mov %rcx,%dr7", 64, 3, { 0x0f, 0x23, 0xf9 }, 3, true, 7, 1 },
	{ "64: mov %r8,%dr0", 64, 4, { 0x41, 0x0f, 0x23, 0xc0 }, 4, true, 0,
	  8 },
	{ "64: rex.r mov %dr8 (#UD)", 64, 4, { 0x44, 0x0f, 0x21, 0xc0 }, 4,
	  false, 8, 0 },
	{ "16: mov %dr6,%edx", 16, 3, { 0x0f, 0x21, 0xf2 }, 3, false, 6, 2 },
	{ "64: mov %rax,%cr0", 64, 3, { 0x0f, 0x22, 0xc0 }, -EINVAL },
	{ "64: truncated", 64, 2, { 0x0f, 0x23 }, -E2BIG },
};

static void emu_decode_mov_dr(struct kunit *test)
{
	unsigned int i, dr, gpr;
	bool to_dr;
	int ret;

	for (i = 0; i < ARRAY_SIZE(emu_dr_cases); i++) {
		const struct emu_dr_case *c = &emu_dr_cases[i];

		dr = 99;
		gpr = 99;
		ret = xvm_decode_mov_dr(c->insn, c->len, c->mode, &to_dr, &dr,
					&gpr);
		KUNIT_EXPECT_EQ_MSG(test, ret, c->ret, "%s", c->name);
		if (ret > 0) {
			KUNIT_EXPECT_EQ_MSG(test, to_dr, c->to_dr, "%s",
					    c->name);
			KUNIT_EXPECT_EQ_MSG(test, dr, c->dr, "%s", c->name);
			KUNIT_EXPECT_EQ_MSG(test, gpr, c->gpr, "%s", c->name);
		}
	}
}

/* Register i holds 0x8877665544332211 + i * 0x0101010101010101. */
static void emu_fill_regs(struct xvm_regs *regs)
{
	u64 *r = &regs->rax;
	unsigned int i;

	for (i = 0; i < 16; i++)
		r[i] = 0x8877665544332211ULL + i * 0x0101010101010101ULL;
	regs->rip = 0x1000;
	regs->rflags = 0x202;
}

struct emu_store_case {
	const char *name;
	unsigned int mode;
	unsigned int len;
	u8 insn[XVM_INSN_MAX];
	u64 value;
};

static const struct emu_store_case emu_store_cases[] = {
	{ "mov %al,(%rdi)", 64, 2, { 0x88, 0x07 }, 0x11 },
	{ "mov %ah,(%rdi)", 64, 2, { 0x88, 0x27 }, 0x22 },
	{ "mov %bh,(%rdi)", 64, 2, { 0x88, 0x3f }, 0x25 },
	{ "mov %spl,(%rdi)", 64, 3, { 0x40, 0x88, 0x27 }, 0x15 },
	{ "mov %r11w,(%rdi)", 64, 4, { 0x66, 0x44, 0x89, 0x1f }, 0x2d1c },
	{ "mov %r15d,(%rdi)", 64, 3, { 0x44, 0x89, 0x3f }, 0x53423120 },
	{ "mov %r9,(%rdi)", 64, 3, { 0x4c, 0x89, 0x0f },
	  0x91806f5e4d3c2b1aULL },
	{ "movb $0x12,(%rdi)", 64, 3, { 0xc6, 0x07, 0x12 }, 0x12 },
	{ "movw $0xbeef,(%rdi)", 64, 5, { 0x66, 0xc7, 0x07, 0xef, 0xbe },
	  0xbeef },
	{ "movl $0x80000000,(%rdi)", 64, 6,
	  { 0xc7, 0x07, 0x00, 0x00, 0x00, 0x80 }, 0x80000000 },
	{ "movq $-2,(%rdi)", 64, 7,
	  { 0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff },
	  0xfffffffffffffffeULL },
	{ "movabs %eax,0xfee00000", 64, 9,
	  { 0xa3, 0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00 },
	  0x44332211 },
	{ "16: mov %dh,(%si)", 16, 2, { 0x88, 0x34 }, 0x24 },
	{ "16: mov %eax,(%si)", 16, 3, { 0x66, 0x89, 0x04 }, 0x44332211 },
	{ "16: mov %ax,(%si)", 16, 2, { 0x89, 0x04 }, 0x2211 },
	{ "16: movl $0xfffffffe,(%si)", 16, 7,
	  { 0x66, 0xc7, 0x04, 0xfe, 0xff, 0xff, 0xff }, 0xfffffffe },
	{ "32: mov %bh,0x12345678", 32, 6,
	  { 0x88, 0x3d, 0x78, 0x56, 0x34, 0x12 }, 0x25 },
};

static void emu_store_value(struct kunit *test)
{
	const struct emu_store_case *c;
	struct xvm_regs regs, saved;
	struct xvm_mmio_op op;
	int ret;

	emu_fill_regs(&regs);
	saved = regs;
	for (c = emu_store_cases; c < emu_store_cases +
	     ARRAY_SIZE(emu_store_cases); c++) {
		ret = xvm_mmio_decode(c->insn, c->len, c->mode, &op);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", c->name);
		if (ret)
			continue;
		KUNIT_EXPECT_NE_MSG(test, op.kind, XVM_MMIO_LOAD, "%s",
				    c->name);
		KUNIT_EXPECT_EQ_MSG(test, xvm_mmio_store_value(&op, &regs),
				    c->value, "%s", c->name);
	}
	KUNIT_EXPECT_TRUE(test, !memcmp(&regs, &saved, sizeof(regs)));
}

/* Store values without the decoder: the immediate or register is masked. */
static void emu_store_value_mask(struct kunit *test)
{
	struct xvm_mmio_op op = { .kind = XVM_MMIO_STORE_IMM };
	struct xvm_regs regs;

	emu_fill_regs(&regs);
	op.imm = 0x123456789abcdef0ULL;
	op.size = 1;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs), 0xf0);
	op.size = 2;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs), 0xdef0);
	op.size = 4;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs), 0x9abcdef0);
	op.size = 8;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs),
			0x123456789abcdef0ULL);

	op.kind = XVM_MMIO_STORE_REG;
	op.reg = 15;
	op.size = 1;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs), 0x20);
	op.high8 = true;
	op.reg = 2;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs), 0x24);
	op.high8 = false;
	op.size = 8;
	op.reg = 4;
	KUNIT_EXPECT_EQ(test, xvm_mmio_store_value(&op, &regs),
			0x8c7b6a5948372615ULL);
}

struct emu_load_case {
	const char *name;
	unsigned int mode;
	unsigned int len;
	u8 insn[XVM_INSN_MAX];
	u64 data;
	unsigned int reg;
	u64 result;
};

static const struct emu_load_case emu_load_cases[] = {
	/* 8 and 16 bits keep the rest of the register */
	{ "mov (%rsi),%al", 64, 2, { 0x8a, 0x06 }, 0xffffffffffffffaaULL,
	  0, 0x88776655443322aaULL },
	{ "mov (%rsi),%ah", 64, 2, { 0x8a, 0x26 }, 0xaa,
	  0, 0x887766554433aa11ULL },
	{ "mov (%rsi),%bh", 64, 2, { 0x8a, 0x3e }, 0x5a,
	  3, 0x8b7a695847365a14ULL },
	{ "mov (%rsi),%bpl", 64, 3, { 0x40, 0x8a, 0x2e }, 0xc3,
	  5, 0x8d7c6b5a493827c3ULL },
	{ "mov (%rsi),%cx", 64, 3, { 0x66, 0x8b, 0x0e }, 0xbeef,
	  1, 0x897867564534beefULL },
	{ "mov (%rsi),%r10w", 64, 4, { 0x66, 0x44, 0x8b, 0x16 }, 0xff1234,
	  10, 0x9281705f4e3d1234ULL },
	/* 32 bits zero-extend, 64 bits replace */
	{ "mov (%rsi),%eax", 64, 2, { 0x8b, 0x06 }, 0xdeadbeef,
	  0, 0xdeadbeefULL },
	{ "mov (%rsi),%r13d", 64, 3, { 0x44, 0x8b, 0x2e }, 0x80000000,
	  13, 0x80000000ULL },
	{ "mov (%rsi),%rdx", 64, 3, { 0x48, 0x8b, 0x16 },
	  0x0123456789abcdefULL, 2, 0x0123456789abcdefULL },
	{ "mov (%rsi),%r14", 64, 3, { 0x4c, 0x8b, 0x36 },
	  0xfedcba9876543210ULL, 14, 0xfedcba9876543210ULL },
	{ "movabs 0xd0000000,%eax", 64, 9,
	  { 0xa1, 0x00, 0x00, 0x00, 0xd0, 0x00, 0x00, 0x00, 0x00 },
	  0xcafef00d, 0, 0xcafef00dULL },
	/* MOVZX */
	{ "movzbl (%rsi),%eax", 64, 3, { 0x0f, 0xb6, 0x06 }, 0x80,
	  0, 0x80 },
	{ "movzwl (%rsi),%edi", 64, 3, { 0x0f, 0xb7, 0x3e }, 0xffffffff,
	  7, 0xffff },
	{ "movzbw (%rsi),%ax", 64, 4, { 0x66, 0x0f, 0xb6, 0x06 }, 0x80,
	  0, 0x8877665544330080ULL },
	{ "movzbq (%rsi),%r8", 64, 4, { 0x4c, 0x0f, 0xb6, 0x06 }, 0xff,
	  8, 0xff },
	/* MOVSX */
	{ "movsbl (%rsi),%eax", 64, 3, { 0x0f, 0xbe, 0x06 }, 0x80,
	  0, 0xffffff80ULL },
	{ "movsbl (%rsi),%eax (positive)", 64, 3, { 0x0f, 0xbe, 0x06 },
	  0x1234567f, 0, 0x7f },
	{ "movsbw (%rsi),%dx", 64, 4, { 0x66, 0x0f, 0xbe, 0x16 }, 0x80,
	  2, 0x8a7968574635ff80ULL },
	{ "movswq (%rsi),%rcx", 64, 4, { 0x48, 0x0f, 0xbf, 0x0e }, 0x8000,
	  1, 0xffffffffffff8000ULL },
	{ "movsbq (%rsi),%r8", 64, 4, { 0x4c, 0x0f, 0xbe, 0x06 }, 0xff,
	  8, 0xffffffffffffffffULL },
	/* 16-bit code */
	{ "16: mov (%si),%ax", 16, 2, { 0x8b, 0x04 }, 0x1234,
	  0, 0x8877665544331234ULL },
	{ "16: mov (%si),%eax", 16, 3, { 0x66, 0x8b, 0x04 }, 0x12345678,
	  0, 0x12345678 },
	{ "16: mov (%si),%dh", 16, 2, { 0x8a, 0x34 }, 0x99,
	  2, 0x8a79685746359913ULL },
	{ "16: movsbw (%si),%ax", 16, 3, { 0x0f, 0xbe, 0x04 }, 0xfe,
	  0, 0x887766554433fffeULL },
	{ "16: movswl (%si),%eax", 16, 4, { 0x66, 0x0f, 0xbf, 0x04 }, 0xfffe,
	  0, 0xfffffffeULL },
	/* 32-bit code */
	{ "32: movzwl 0x1000,%esi", 32, 7,
	  { 0x0f, 0xb7, 0x35, 0x00, 0x10, 0x00, 0x00 }, 0x8001,
	  6, 0x8001 },
	{ "32: mov (%esi),%ax", 32, 3, { 0x66, 0x8b, 0x06 }, 0x4321,
	  0, 0x8877665544334321ULL },
};

static void emu_load_complete(struct kunit *test)
{
	const struct emu_load_case *c;
	struct xvm_regs regs, expect;
	struct xvm_mmio_op op;
	int ret;

	for (c = emu_load_cases; c < emu_load_cases +
	     ARRAY_SIZE(emu_load_cases); c++) {
		ret = xvm_mmio_decode(c->insn, c->len, c->mode, &op);
		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", c->name);
		if (ret)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, op.kind, XVM_MMIO_LOAD, "%s",
				    c->name);
		emu_fill_regs(&regs);
		expect = regs;
		(&expect.rax)[c->reg] = c->result;
		xvm_mmio_load_complete(&op, &regs, c->data);
		KUNIT_EXPECT_EQ_MSG(test, (&regs.rax)[c->reg], c->result, "%s",
				    c->name);
		/* nothing else changes */
		KUNIT_EXPECT_TRUE_MSG(test,
				      !memcmp(&regs, &expect, sizeof(regs)),
				      "%s", c->name);
	}
}

/* Guest physical memory for the page walks: 64 KiB from address 0. */
#define EMU_MEM_SIZE	0x10000

struct emu_mem {
	u8 *bytes;
	unsigned int reads;
};

static int emu_read_gpa(void *ctx, u64 gpa, void *buf, unsigned int size)
{
	struct emu_mem *m = ctx;

	m->reads++;
	if (size != 4 && size != 8)
		return -EINVAL;
	if (gpa >= EMU_MEM_SIZE || size > EMU_MEM_SIZE - gpa)
		return -EIO;
	memcpy(buf, m->bytes + gpa, size);
	return 0;
}

static void emu_put32(struct emu_mem *m, u64 gpa, u32 val)
{
	memcpy(m->bytes + gpa, &val, 4);
}

static void emu_put64(struct emu_mem *m, u64 gpa, u64 val)
{
	memcpy(m->bytes + gpa, &val, 8);
}

#define PTE_US		BIT_ULL(2)

static struct emu_mem *emu_mem_new(struct kunit *test, struct xvm_paging *pg,
				   u64 cr0, u64 cr3, u64 cr4, u64 efer)
{
	struct emu_mem *m;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m);
	m->bytes = kunit_kzalloc(test, EMU_MEM_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m->bytes);
	memset(pg, 0, sizeof(*pg));
	pg->cr0 = cr0;
	pg->cr3 = cr3;
	pg->cr4 = cr4;
	pg->efer = efer;
	pg->read_gpa = emu_read_gpa;
	pg->ctx = m;
	return m;
}

/* Walk @gva; return the error, or 0 with the address in *@gpa. */
static int emu_walk(const struct xvm_paging *pg, u64 gva, bool write,
		    u64 *gpa)
{
	*gpa = 0xdeadbeef;
	return xvm_paging_walk(pg, gva, write, gpa);
}

#define CR0_PE		X86_CR0_PE
#define CR0_PG		(X86_CR0_PE | X86_CR0_PG)
#define CR0_PG_WP	(CR0_PG | X86_CR0_WP)
#define EFER_LONG	(EFER_LME | EFER_LMA)

static void emu_walk_no_paging(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_mem_new(test, &pg, 0, 0x1000, 0, 0);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x12345678, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x12345678);
	pg.cr0 = CR0_PE | X86_CR0_WP;
	pg.cr4 = X86_CR4_PAE | X86_CR4_PSE;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xfffff000, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xfffff000);
	/* without long mode, linear addresses have 32 bits */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x100000fffULL, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xfff);
	KUNIT_EXPECT_EQ(test, m->reads, 0);
}

/* 32-bit paging: gva 0x40123456 is PDE 0x100, PTE 0x123. */
static void emu_walk_32bit_4k(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	/* CR3's PWT and PCD bits are not address bits */
	m = emu_mem_new(test, &pg, CR0_PG_WP, 0x1018, 0, 0);
	emu_put32(m, 0x1000 + 0x100 * 4, 0x2000 | PTE_P | PTE_RW | PTE_US);
	emu_put32(m, 0x2000 + 0x123 * 4, 0xabcde000 | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde456);
	KUNIT_EXPECT_EQ(test, m->reads, 2);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde456);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123fff, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcdefff);
	/* bits above 31 of the linear address do not exist here */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xf40123456ULL, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde456);

	/* the next page has no PTE; the next 4 MiB no PDE */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40124000, false, &gpa), -EFAULT);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40523456, false, &gpa), -EFAULT);

	/* PS without CR4.PSE: the PDE still points to a page table */
	emu_put32(m, 0x1000 + 0x100 * 4, 0x2000 | PTE_P | PTE_RW | PTE_PS);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde456);
}

/* 32-bit paging with CR4.PSE: gva 0xc0345678 is PDE 0x300. */
static void emu_walk_32bit_4m(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_mem_new(test, &pg, CR0_PG_WP, 0x1000, X86_CR4_PSE, 0);
	emu_put32(m, 0x1000 + 0x300 * 4, 0x87c00000 | PTE_PS | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xc0345678, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x87f45678);
	KUNIT_EXPECT_EQ(test, m->reads, 1);

	/* PSE-36: PDE bits 20:13 are physical address bits 39:32 */
	emu_put32(m, 0x1000 + 0x300 * 4,
		  0x87c00000 | 0x12 << 13 | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xc0345678, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x1287f45678ULL);

	/* bit 21 of a 4 MiB PDE is reserved */
	emu_put32(m, 0x1000 + 0x300 * 4, 0x87c00000 | BIT(21) | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xc0345678, false, &gpa), -EFAULT);

	/* not present */
	emu_put32(m, 0x1000 + 0x300 * 4, 0x87c00000 | PTE_PS | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xc0345678, false, &gpa), -EFAULT);
}

/*
 * PAE: gva 0x80403abc is PDPTE 2, PDE 2, PTE 3; gva 0xbfe12345 is PDPTE 2,
 * PDE 0x1ff. CR3 points to 32-byte aligned PDPTEs.
 */
static void emu_walk_pae(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_mem_new(test, &pg, CR0_PG_WP, 0x1020, X86_CR4_PAE, 0);
	emu_put64(m, 0x1020 + 2 * 8, 0x2000 | PTE_P);
	emu_put64(m, 0x2000 + 2 * 8, 0x3000 | PTE_P | PTE_RW);
	emu_put64(m, 0x3000 + 3 * 8, 0x123456000ULL | PTE_P | PTE_RW);
	emu_put64(m, 0x2000 + 0x1ff * 8, 0x7fe00000 | PTE_PS | PTE_P | PTE_RW);

	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x123456abcULL);
	KUNIT_EXPECT_EQ(test, m->reads, 3);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x180403abcULL, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x123456abcULL);
	/* 2 MiB page */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xbfe12345, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x7fe12345);

	/* no PDPTE 3, no PDE 1, no PTE 4 */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xc0403abc, false, &gpa), -EFAULT);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80203abc, false, &gpa), -EFAULT);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80404abc, false, &gpa), -EFAULT);

	/* XD is reserved unless EFER.NXE */
	emu_put64(m, 0x3000 + 3 * 8, 0x123456000ULL | PTE_P | PTE_RW | PTE_XD);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, false, &gpa), -EFAULT);
	pg.efer = EFER_NX;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x123456abcULL);

	/* a PDPTE has no R/W bit: bit 1 is reserved */
	emu_put64(m, 0x1020 + 2 * 8, 0x2000 | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, false, &gpa), -EFAULT);

	/* the low bits of a 2 MiB page address are reserved */
	emu_put64(m, 0x1020 + 2 * 8, 0x2000 | PTE_P);
	emu_put64(m, 0x2000 + 0x1ff * 8, 0x7fe00000 | BIT(13) | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xbfe12345, false, &gpa), -EFAULT);
}

/*
 * 4-level paging:
 *   0xffff800012345678: PML4E 0x100, PDPTE 0, PDE 0x91, PTE 0x145 (4 KiB)
 *   0x00007f1234567abc: PML4E 0xfe, PDPTE 0x48, PDE 0x1a2 (2 MiB)
 *   0xffffffff80201234: PML4E 0x1ff, PDPTE 0x1fe (1 GiB)
 */
static struct emu_mem *emu_4level(struct kunit *test, struct xvm_paging *pg)
{
	struct emu_mem *m;

	/* CR3 bits 11:0 (PCID here) are not address bits */
	m = emu_mem_new(test, pg, CR0_PG_WP, 0x1000 | 0x123, X86_CR4_PAE,
			EFER_LONG);
	emu_put64(m, 0x1000 + 0x100 * 8, 0x2000 | PTE_P | PTE_RW);
	emu_put64(m, 0x2000 + 0x000 * 8, 0x3000 | PTE_P | PTE_RW);
	emu_put64(m, 0x3000 + 0x091 * 8, 0x4000 | PTE_P | PTE_RW);
	/* bits 62:52 of a 4-level entry are ignored (or protection keys) */
	emu_put64(m, 0x4000 + 0x145 * 8,
		  0x000ffffabcde000ULL | BIT_ULL(62) | BIT_ULL(52) |
		  PTE_P | PTE_RW);

	emu_put64(m, 0x1000 + 0x0fe * 8, 0x5000 | PTE_P | PTE_RW);
	emu_put64(m, 0x5000 + 0x048 * 8, 0x6000 | PTE_P | PTE_RW);
	emu_put64(m, 0x6000 + 0x1a2 * 8,
		  0x4440000000ULL | PTE_PS | PTE_P | PTE_RW);

	emu_put64(m, 0x1000 + 0x1ff * 8, 0x7000 | PTE_P | PTE_RW);
	emu_put64(m, 0x7000 + 0x1fe * 8, 0xc0000000 | PTE_PS | PTE_P | PTE_RW);
	return m;
}

static void emu_walk_4level(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_4level(test, &pg);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, true, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0x000ffffabcde678ULL);
	KUNIT_EXPECT_EQ(test, m->reads, 4);

	m->reads = 0;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x00007f1234567abcULL, true, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0x4440167abcULL);
	KUNIT_EXPECT_EQ(test, m->reads, 3);

	m->reads = 0;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffffffff80201234ULL, true, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0xc0201234ULL);
	KUNIT_EXPECT_EQ(test, m->reads, 2);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffffffffbfffffffULL, false, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0xffffffffULL);
}

static void emu_walk_4level_not_present(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_4level(test, &pg);
	/* no PML4E 0 */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x12345678, false, &gpa), -EFAULT);
	/* no PDPTE 1 under PML4E 0x100 */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800052345678ULL, false, &gpa),
			-EFAULT);
	/* no PDE 0x92 */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012545678ULL, false, &gpa),
			-EFAULT);
	/* no PTE 0x146 */
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012346678ULL, false, &gpa),
			-EFAULT);
	/* a PTE with everything but P */
	emu_put64(m, 0x4000 + 0x145 * 8,
		  0x000ffffabcde000ULL | PTE_RW | PTE_US);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EFAULT);
}

static void emu_walk_4level_reserved(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_4level(test, &pg);
	/* XD is reserved unless EFER.NXE */
	emu_put64(m, 0x4000 + 0x145 * 8,
		  0xabcde000ULL | PTE_XD | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EFAULT);
	pg.efer |= EFER_NX;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde678ULL);

	/* PS is reserved in a PML4E */
	emu_put64(m, 0x1000 + 0x100 * 8, 0x2000 | PTE_PS | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EFAULT);

	/* address bits 20:13 of a 2 MiB page, 29:13 of a 1 GiB page */
	emu_put64(m, 0x6000 + 0x1a2 * 8,
		  0x4440000000ULL | BIT(20) | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x00007f1234567abcULL, false, &gpa),
			-EFAULT);
	emu_put64(m, 0x7000 + 0x1fe * 8, 0xc0000000 | BIT(29) | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffffffff80201234ULL, false, &gpa),
			-EFAULT);
}

/* Supervisor writes honour R/W only where CR0.WP is set. */
static void emu_walk_write_protect(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	m = emu_4level(test, &pg);
	/* read-only 4 KiB page */
	emu_put64(m, 0x4000 + 0x145 * 8, 0xabcde000ULL | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde678ULL);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, true, &gpa),
			-EFAULT);
	pg.cr0 &= ~(u64)X86_CR0_WP;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, true, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde678ULL);
	pg.cr0 |= X86_CR0_WP;

	/* R/W clear higher up protects everything below */
	emu_put64(m, 0x4000 + 0x145 * 8, 0xabcde000ULL | PTE_P | PTE_RW);
	emu_put64(m, 0x2000 + 0x000 * 8, 0x3000 | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, true, &gpa),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			0);

	/* read-only 2 MiB and 1 GiB pages */
	emu_put64(m, 0x6000 + 0x1a2 * 8, 0x4440000000ULL | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x00007f1234567abcULL, true, &gpa),
			-EFAULT);
	emu_put64(m, 0x7000 + 0x1fe * 8, 0xc0000000 | PTE_PS | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffffffff80201234ULL, true, &gpa),
			-EFAULT);
	pg.cr0 &= ~(u64)X86_CR0_WP;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x00007f1234567abcULL, true, &gpa),
			0);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffffffff80201234ULL, true, &gpa),
			0);

	/* 32-bit paging: a read-only PTE */
	m = emu_mem_new(test, &pg, CR0_PG_WP, 0x1000, 0, 0);
	emu_put32(m, 0x1000 + 0x100 * 4, 0x2000 | PTE_P | PTE_RW);
	emu_put32(m, 0x2000 + 0x123 * 4, 0xabcde000 | PTE_P);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, true, &gpa), -EFAULT);
	pg.cr0 = CR0_PG;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x40123456, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0xabcde456);

	/* PAE: a read-only PDE */
	m = emu_mem_new(test, &pg, CR0_PG_WP, 0x1020, X86_CR4_PAE, 0);
	emu_put64(m, 0x1020 + 2 * 8, 0x2000 | PTE_P);
	emu_put64(m, 0x2000 + 2 * 8, 0x3000 | PTE_P);
	emu_put64(m, 0x3000 + 3 * 8, 0x123456000ULL | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, false, &gpa), 0);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, true, &gpa), -EFAULT);
	pg.cr0 = CR0_PG;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0x80403abc, true, &gpa), 0);
	KUNIT_EXPECT_EQ(test, gpa, 0x123456abcULL);
}

static void emu_walk_non_canonical(struct kunit *test)
{
	static const u64 bad[] = {
		0x0000800000000000ULL, 0xffff7fffffffffffULL,
		0x8000000000000000ULL, 0x7fffffffffffffffULL,
		0x0001000012345678ULL, 0xfffe800012345678ULL,
	};
	struct xvm_paging pg;
	struct emu_mem *m;
	unsigned int i;
	u64 gpa;

	m = emu_4level(test, &pg);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, emu_walk(&pg, bad[i], false, &gpa),
				    -EFAULT, "gva %llx", bad[i]);
	KUNIT_EXPECT_EQ(test, m->reads, 0);
}

static void emu_walk_errors(struct kunit *test)
{
	struct xvm_paging pg;
	struct emu_mem *m;
	u64 gpa;

	/* 5-level paging is not supported */
	m = emu_4level(test, &pg);
	pg.cr4 |= X86_CR4_LA57;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EOPNOTSUPP);

	/* the error of read_gpa comes back */
	m = emu_4level(test, &pg);
	pg.cr3 = 0x100000;
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EIO);
	m = emu_4level(test, &pg);
	emu_put64(m, 0x3000 + 0x091 * 8, 0x40000000 | PTE_P | PTE_RW);
	KUNIT_EXPECT_EQ(test, emu_walk(&pg, 0xffff800012345678ULL, false, &gpa),
			-EIO);
	KUNIT_EXPECT_EQ(test, m->reads, 4);
}

static struct kunit_case emu_test_cases[] = {
	KUNIT_CASE(emu_decode_table),
	KUNIT_CASE(emu_decode_trailing),
	KUNIT_CASE(emu_decode_truncated),
	KUNIT_CASE(emu_decode_limits),
	KUNIT_CASE(emu_decode_modrm),
	KUNIT_CASE(emu_decode_mov_to_cr),
	KUNIT_CASE(emu_decode_mov_dr),
	KUNIT_CASE(emu_store_value),
	KUNIT_CASE(emu_store_value_mask),
	KUNIT_CASE(emu_load_complete),
	KUNIT_CASE(emu_walk_no_paging),
	KUNIT_CASE(emu_walk_32bit_4k),
	KUNIT_CASE(emu_walk_32bit_4m),
	KUNIT_CASE(emu_walk_pae),
	KUNIT_CASE(emu_walk_4level),
	KUNIT_CASE(emu_walk_4level_not_present),
	KUNIT_CASE(emu_walk_4level_reserved),
	KUNIT_CASE(emu_walk_write_protect),
	KUNIT_CASE(emu_walk_non_canonical),
	KUNIT_CASE(emu_walk_errors),
	{}
};

static struct kunit_suite emu_test_suite = {
	.name = "xvm-emulate",
	.test_cases = emu_test_cases,
};

kunit_test_suite(emu_test_suite);
