// SPDX-License-Identifier: LGPL-2.1
/*
 * XEN_ELFNOTE_BSD_SYMTAB "yes": the kernel wants its own symbol table in
 * memory, loaded after the image as Xen's loader lays it out, so that a
 * debugger or the kernel's own stack traces can read it.
 *
 * From the first 4-byte boundary after the highest loaded byte:
 *
 *	+0	size: the bytes from +4 to the end of the string table
 *	+4	an ELF header: the image's, with e_shoff 64, e_shnum 3 and
 *		no program headers (Xen keeps a 64-byte slot for it)
 *	+68	three section headers: null, the symbol table (sh_link 2),
 *		its string table; sh_offset counts from +4
 *	+260	the symbol table, then on the next 4-byte boundary its
 *		string table
 *
 * Xen fills the slots' unused ends from an uninitialised stack buffer;
 * here every byte of the area that is not named above is zero.  The
 * image is hostile: the section headers, their offsets and sizes are
 * checked against the file, in 64-bit arithmetic, before use.
 */
#include <elf.h>
#include <inttypes.h>
#include <string.h>

#include "pvelf.h"

/* Where the pieces go, from the size word */
#define EHDR_AT		4
#define EHDR_SLOT	64	/* Xen's slot: the size of an Elf64_Ehdr */
#define SHDR_AT		(EHDR_AT + EHDR_SLOT)
#define SHDR_SLOT	64	/* likewise, per section: an Elf64_Shdr */
#define SYMTAB_AT	(EHDR_AT + EHDR_SLOT + 3 * SHDR_SLOT)

_Static_assert(SYMTAB_AT == HV_SYMTAB_HEAD, "the header is what precedes the table");

static uint64_t align4(uint64_t n)
{
	return (n + 3) & ~3ULL;
}

/* Section header @i of the file, which read_shdrs() checked is inside */
static void get_shdr(const unsigned char *image, const Elf32_Ehdr *eh,
		     unsigned int i, Elf32_Shdr *sh)
{
	memcpy(sh, image + eh->e_shoff + (size_t)i * sizeof(*sh), sizeof(*sh));
}

static int check_shdrs(const Elf32_Ehdr *eh, size_t len, char *why,
		       size_t size)
{
	uint64_t end;

	if (eh->e_shentsize != sizeof(Elf32_Shdr))
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: section header size %u, want %zu",
				     eh->e_shentsize, sizeof(Elf32_Shdr));
	end = (uint64_t)eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf32_Shdr);
	if (end > len)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: section headers end at byte %" PRIu64 ", past the end of the file (%zu bytes)",
				     end, len);
	return 0;
}

static int check_section(const Elf32_Shdr *sh, const char *what, size_t len,
			 char *why, size_t size)
{
	if ((uint64_t)sh->sh_offset + sh->sh_size > len)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: the %s is past the end of the file",
				     what);
	return 0;
}

/* The first symbol table, as Xen takes it, and the string table it names */
static int find_tables(const unsigned char *image, size_t len,
		       const Elf32_Ehdr *eh, Elf32_Shdr *sym, Elf32_Shdr *str,
		       char *why, size_t size)
{
	unsigned int i;
	int err;

	for (i = 0; i < eh->e_shnum; i++) {
		get_shdr(image, eh, i, sym);
		if (sym->sh_type == SHT_SYMTAB)
			break;
	}
	if (i == eh->e_shnum)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB asks for the symbol table, but the image has none");
	if (sym->sh_link >= eh->e_shnum)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: the symbol table links to section %u of %u",
				     sym->sh_link, eh->e_shnum);
	get_shdr(image, eh, sym->sh_link, str);
	if (str->sh_type != SHT_STRTAB)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: the symbol table's section %u is not a string table",
				     sym->sh_link);
	err = check_section(sym, "symbol table", len, why, size);
	if (!err)
		err = check_section(str, "string table", len, why, size);
	return err;
}

/* The size word and headers, as the guest will find them */
static void make_head(struct hv_elf_symtab *st, const Elf32_Ehdr *eh,
		      Elf32_Shdr sym, Elf32_Shdr str)
{
	Elf32_Ehdr h = *eh;
	uint32_t size;

	h.e_ehsize = sizeof(Elf32_Ehdr);
	h.e_shentsize = sizeof(Elf32_Shdr);
	h.e_version = EV_CURRENT;
	h.e_shoff = SHDR_AT - EHDR_AT;
	h.e_shnum = 3;
	h.e_phoff = 0;
	h.e_phentsize = 0;
	h.e_phnum = 0;
	h.e_shstrndx = SHN_UNDEF;
	sym.sh_offset = st->sym_at - EHDR_AT;
	sym.sh_link = 2;
	str.sh_offset = st->str_at - EHDR_AT;
	size = st->len - EHDR_AT;

	memset(st->head, 0, sizeof(st->head));
	memcpy(st->head, &size, sizeof(size));
	memcpy(st->head + EHDR_AT, &h, sizeof(h));
	memcpy(st->head + SHDR_AT + sizeof(Elf32_Shdr), &sym, sizeof(sym));
	memcpy(st->head + SHDR_AT + 2 * sizeof(Elf32_Shdr), &str, sizeof(str));
}

int hv_elf_symtab(const void *image, size_t len, struct hv_elf *elf,
		  char *why, size_t size)
{
	struct hv_elf_symtab *st = &elf->symtab;
	Elf32_Shdr sym, str;
	Elf32_Ehdr eh;
	uint64_t va, str_at, end;
	int err;

	if (!hv_note_is(&elf->notes.bsd_symtab, "yes"))
		return 0;
	memcpy(&eh, image, sizeof(eh));	/* hv_elf_parse() checked the size */
	err = check_shdrs(&eh, len, why, size);
	if (!err)
		err = find_tables(image, len, &eh, &sym, &str, why, size);
	if (err)
		return err;

	va = align4(elf->image_end);
	str_at = align4((uint64_t)SYMTAB_AT + sym.sh_size);
	end = str_at + str.sh_size;
	if (va + end > PV_HOLE_START)
		return hv_elf_refuse(why, size,
				     "BSD_SYMTAB: the symbol table's %" PRIu64 " bytes reach into the hypervisor hole at 0x%x",
				     end, PV_HOLE_START);
	st->va = va;
	st->len = end;
	st->sym_at = SYMTAB_AT;
	st->sym_off = sym.sh_offset;
	st->sym_size = sym.sh_size;
	st->str_at = str_at;
	st->str_off = str.sh_offset;
	st->str_size = str.sh_size;
	make_head(st, &eh, sym, str);
	elf->image_end = va + end;
	return 0;
}

/*
 * Copy the part of @src, placed at @at of the area, that falls in @frame,
 * which starts at @frame_at of the area (before it when negative).
 */
static void copy_part(unsigned char *frame, int64_t frame_at,
		      const unsigned char *src, int64_t at, int64_t n)
{
	int64_t lo = at > frame_at ? at : frame_at;
	int64_t hi = at + n;

	if (hi > frame_at + HV_PAGE_SIZE)
		hi = frame_at + HV_PAGE_SIZE;
	if (lo < hi)
		memcpy(frame + (lo - frame_at), src + (lo - at), hi - lo);
}

void hv_elf_symtab_fill(const struct hv_elf *elf, const void *image,
			uint32_t va, unsigned char *frame)
{
	const struct hv_elf_symtab *st = &elf->symtab;
	const unsigned char *file = image;
	int64_t at = (int64_t)va - st->va;

	if (!st->len)
		return;
	copy_part(frame, at, st->head, 0, sizeof(st->head));
	copy_part(frame, at, file + st->sym_off, st->sym_at, st->sym_size);
	copy_part(frame, at, file + st->str_off, st->str_at, st->str_size);
}
