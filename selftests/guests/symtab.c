// SPDX-License-Identifier: GPL-2.0
/*
 * symtab: XEN_ELFNOTE_BSD_SYMTAB "yes" (ABI section 6.1).  The builder
 * loads the kernel's symbol table after the image as Xen's loader does:
 * at the first 4-byte boundary after the last loaded byte (_end) a size
 * word, an ELF header whose e_shoff (64) leads to three section headers
 * (null, the symbol table, its strings), the tables where their
 * sh_offset says, counted from the ELF header.  The guest finds its own
 * function symtab_marker() by name there, and checks that the slack of
 * Xen's 64-byte header slots and the rest of the last page are zero:
 * nothing of the builder or the host shows through.
 *
 * Result: "hvtest: symtab: PASS".
 */
#include "mm.h"
#include "test.h"

/* The ELF types it reads: a freestanding guest has no <elf.h>. */
struct ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version, entry, phoff, shoff, flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct shdr {
	u32 name, type, flags, addr, offset, size, link, info, addralign;
	u32 entsize;
};

struct sym {
	u32 name, value, size;
	u8 info, other;
	u16 shndx;
};

#define SHT_SYMTAB	2
#define SHT_STRTAB	3

/* namesz, descsz, XEN_ELFNOTE_BSD_SYMTAB, the owner, the value */
asm(".pushsection .note.Xen, \"a\", @note\n"
	"	.balign 4\n"
	"	.long 4, 4, 11\n"
	"	.asciz \"Xen\"\n"
	"	.asciz \"yes\"\n"
	"	.popsection\n");

__attribute((noinline)) void symtab_marker(void)
{
	barrier();
}

static void check_zero(const u8 *area, u32 from, u32 to, const char *what)
{
	u32 i;

	for (i = from; i < to; i++)
		if (area[i])
			guest_fail("%s: byte %u of the area is 0x%x, want 0",
				   what, i, area[i]);
}

/* The value of symbol @name, or 0 */
static u32 lookup(const u8 *elf, const struct shdr *sh, const char *name)
{
	const struct sym *syms = (const void *)(elf + sh[1].offset);
	const char *strs = (const char *)(elf + sh[2].offset);
	u32 i, n = sh[1].size / sizeof(*syms), len = strlen(name) + 1;

	for (i = 0; i < n; i++)
		if (syms[i].name + len <= sh[2].size &&
		    !memcmp(strs + syms[i].name, name, len))
			return syms[i].value;
	return 0;
}

void test_main(void)
{
	const u8 *area = (const u8 *)(((u32)_end + 3) & ~3u);
	const u8 *elf = area + 4;
	const struct ehdr *eh = (const void *)elf;
	const struct shdr *sh;
	u32 size = *(const u32 *)area, end;

	GUEST_ASSERT(!memcmp(eh->ident, "\177ELF", 4));
	GUEST_ASSERT_EQ(eh->machine, 3);
	GUEST_ASSERT_EQ(eh->shoff, 64);
	GUEST_ASSERT_EQ(eh->shnum, 3);
	GUEST_ASSERT_EQ(eh->shentsize, sizeof(struct shdr));
	GUEST_ASSERT_EQ(eh->phnum, 0);
	sh = (const void *)(elf + eh->shoff);
	GUEST_ASSERT_EQ(sh[0].type, 0);
	GUEST_ASSERT_EQ(sh[1].type, SHT_SYMTAB);
	GUEST_ASSERT_EQ(sh[1].offset, 256);
	GUEST_ASSERT_EQ(sh[1].link, 2);
	GUEST_ASSERT_EQ(sh[2].type, SHT_STRTAB);
	GUEST_ASSERT_EQ(sh[2].offset, (256 + sh[1].size + 3) & ~3u);
	end = sh[2].offset + sh[2].size;
	GUEST_ASSERT_EQ(size, end);
	guest_info("symbol table at 0x%x: %u symbols, %u bytes of strings",
		   (u32)area, sh[1].size / 16, sh[2].size);

	GUEST_ASSERT_EQ(lookup(elf, sh, "symtab_marker"), (u32)symtab_marker);
	GUEST_ASSERT_EQ(lookup(elf, sh, "test_main"), (u32)test_main);

	check_zero(area, 4 + sizeof(*eh), 4 + 64, "ELF header slot");
	check_zero(area, 4 + 64 + 3 * sizeof(*sh), 260, "section header slots");
	check_zero(area, 4 + 256 + sh[1].size, 4 + sh[2].offset,
		   "padding before the strings");
	/* From the end of the strings to the end of their page */
	check_zero(area, 4 + end, 4 + end + (-((u32)area + 4 + end) & 4095),
		   "the rest of the page");
	guest_pass();
}
