// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel images made in memory, see elfimg.h.
 */
#include <string.h>

#include <linux/hv_pv32.h>

#include "elfimg.h"

#define MAX_NOTES	16
#define MAX_DESC	64

struct note {
	char owner[8];
	uint32_t type;
	unsigned char desc[MAX_DESC];
	uint32_t descsz;
};

static struct note notes[MAX_NOTES];
static unsigned int nr_notes;

Elf32_Ehdr *img_ehdr(struct img *img)
{
	return (Elf32_Ehdr *)img->buf;
}

Elf32_Phdr *img_phdr(struct img *img, unsigned int i)
{
	return (Elf32_Phdr *)(img->buf + sizeof(Elf32_Ehdr)) + i;
}

/* Never zero, and different from page to page */
static unsigned char pattern(uint32_t off)
{
	return (off ^ (off >> 12)) % 255 + 1;
}

unsigned char img_byte(uint32_t va)
{
	if (va >= IMG_TEXT_PADDR && va < IMG_TEXT_PADDR + IMG_TEXT_SIZE)
		return pattern(IMG_TEXT_OFF + va - IMG_TEXT_PADDR);
	if (va >= IMG_DATA_PADDR && va < IMG_DATA_PADDR + IMG_DATA_FILESZ)
		return pattern(IMG_DATA_OFF + va - IMG_DATA_PADDR);
	return 0;
}

static void set_phdr(struct img *img, unsigned int i, uint32_t type,
		     uint32_t off, uint32_t paddr, uint32_t filesz,
		     uint32_t memsz)
{
	Elf32_Phdr *ph = img_phdr(img, i);

	ph->p_type = type;
	ph->p_offset = off;
	ph->p_vaddr = paddr;
	ph->p_paddr = paddr;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = type == PT_LOAD ? 0x1000 : 4;
}

static void set_ehdr(struct img *img)
{
	Elf32_Ehdr *eh = img_ehdr(img);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = IMG_TEXT_PADDR;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = IMG_PHNUM;
}

void img_init(struct img *img)
{
	uint32_t off;

	memset(img, 0, sizeof(*img));
	img->len = IMG_SIZE;
	set_ehdr(img);
	set_phdr(img, 0, PT_LOAD, IMG_TEXT_OFF, IMG_TEXT_PADDR, IMG_TEXT_SIZE,
		 IMG_TEXT_SIZE);
	set_phdr(img, 1, PT_LOAD, IMG_DATA_OFF, IMG_DATA_PADDR,
		 IMG_DATA_FILESZ, IMG_DATA_MEMSZ);
	set_phdr(img, 2, PT_NOTE, IMG_NOTE_OFF, 0, 0, 0);
	for (off = IMG_TEXT_OFF; off < IMG_SIZE; off++)
		img->buf[off] = pattern(off);
	img_default_notes();
	img_write_notes(img);
}

Elf32_Shdr *img_shdr(struct img *img, unsigned int i)
{
	return (Elf32_Shdr *)(img->buf + IMG_SHDR_OFF) + i;
}

static void set_shdr(struct img *img, unsigned int i, uint32_t type,
		     uint32_t off, uint32_t size, uint32_t link)
{
	Elf32_Shdr *sh = img_shdr(img, i);

	memset(sh, 0, sizeof(*sh));
	sh->sh_name = i;
	sh->sh_type = type;
	sh->sh_offset = off;
	sh->sh_size = size;
	sh->sh_link = link;
}

void img_add_symtab(struct img *img)
{
	Elf32_Ehdr *eh = img_ehdr(img);

	eh->e_shoff = IMG_SHDR_OFF;
	eh->e_shnum = IMG_SHNUM;
	eh->e_shentsize = sizeof(Elf32_Shdr);
	eh->e_shstrndx = 3;
	set_shdr(img, 0, SHT_NULL, 0, 0, 0);
	set_shdr(img, 1, SHT_PROGBITS, IMG_TEXT_OFF, IMG_TEXT_SIZE, 0);
	set_shdr(img, 2, SHT_SYMTAB, IMG_SYM_OFF, IMG_SYM_SIZE, 3);
	set_shdr(img, 3, SHT_STRTAB, IMG_STR_OFF, IMG_STR_SIZE, 0);
	img_note_string(PV_ELFNOTE_BSD_SYMTAB, "yes");
	img_write_notes(img);
}

static struct note *find(uint32_t type)
{
	unsigned int i;

	for (i = 0; i < nr_notes; i++)
		if (notes[i].type == type && !strcmp(notes[i].owner, "Xen"))
			return &notes[i];
	return NULL;
}

void img_note_raw(uint32_t type, const char *owner, const void *desc,
		  uint32_t descsz)
{
	struct note *n = &notes[nr_notes++];

	strcpy(n->owner, owner);
	n->type = type;
	memcpy(n->desc, desc, descsz);
	n->descsz = descsz;
}

void img_drop_note(uint32_t type)
{
	struct note *n = find(type);

	if (n) {
		*n = notes[--nr_notes];
		memset(&notes[nr_notes], 0, sizeof(notes[0]));
	}
}

void img_note_string(uint32_t type, const char *s)
{
	img_drop_note(type);
	img_note_raw(type, "Xen", s, strlen(s) + 1);
}

void img_note_number(uint32_t type, uint32_t val)
{
	img_drop_note(type);
	img_note_raw(type, "Xen", &val, sizeof(val));
}

void img_default_notes(void)
{
	memset(notes, 0, sizeof(notes));
	nr_notes = 0;
	img_note_string(PV_ELFNOTE_GUEST_OS, "hvtest");
	img_note_string(PV_ELFNOTE_GUEST_VERSION, "0");
	img_note_string(PV_ELFNOTE_XEN_VERSION, "xen-3.0");
	img_note_string(PV_ELFNOTE_LOADER, "generic");
	img_note_string(PV_ELFNOTE_PAE_MODE, "yes");
	img_note_string(PV_ELFNOTE_FEATURES, "!writable_page_tables");
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, IMG_HCALL);
}

static uint32_t align4(uint32_t n)
{
	return (n + 3) & ~3u;
}

void img_write_notes(struct img *img)
{
	unsigned char *p = img->buf + IMG_NOTE_OFF;
	Elf32_Nhdr h;
	unsigned int i;

	memset(p, 0, IMG_TEXT_OFF - IMG_NOTE_OFF);
	for (i = 0; i < nr_notes; i++) {
		h.n_namesz = strlen(notes[i].owner) + 1;
		h.n_descsz = notes[i].descsz;
		h.n_type = notes[i].type;
		memcpy(p, &h, sizeof(h));
		p += sizeof(h);
		memcpy(p, notes[i].owner, h.n_namesz);
		p += align4(h.n_namesz);
		memcpy(p, notes[i].desc, h.n_descsz);
		p += align4(h.n_descsz);
	}
	img_phdr(img, 2)->p_filesz = p - (img->buf + IMG_NOTE_OFF);
}
