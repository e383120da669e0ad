/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel images made in memory for the tests of libhv's ELF reader and
 * domain builder: a good one to start from, which each test then breaks
 * in its own way.
 *
 * The good image: ELF32 i386 ET_EXEC, three program headers:
 *	0: PT_LOAD "text", file 0x1000, at 0x100000, 0x2000 bytes
 *	1: PT_LOAD "data", file 0x3000, at 0x102000, 0x100 bytes in the
 *	   file, 0x2000 in memory (the rest is bss)
 *	2: PT_NOTE, file 0x100: the Xen notes of img_default_notes()
 * Entry 0x100000, hypercall page 0x101000, no VIRT_BASE.  Loaded bytes
 * are never zero, so that the tests can tell them from memory left zero.
 */
#ifndef ELFIMG_H
#define ELFIMG_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define IMG_SIZE	0x4000
#define IMG_NOTE_OFF	0x100
#define IMG_TEXT_OFF	0x1000
#define IMG_TEXT_PADDR	0x100000
#define IMG_TEXT_SIZE	0x2000
#define IMG_DATA_OFF	0x3000
#define IMG_DATA_PADDR	0x102000
#define IMG_DATA_FILESZ	0x100
#define IMG_DATA_MEMSZ	0x2000
#define IMG_HCALL	0x101000
#define IMG_PHNUM	3

/* img_add_symtab(): section headers, a symbol table and its strings */
#define IMG_SHDR_OFF	0x3800
#define IMG_SHNUM	4	/* null, .text, .symtab, .strtab */
#define IMG_SYM_OFF	0x3200
#define IMG_SYM_SIZE	48
#define IMG_STR_OFF	0x3300
#define IMG_STR_SIZE	13	/* not a multiple of 4: the area's end */

struct img {
	union {
		unsigned char buf[IMG_SIZE];
		uint64_t align;		/* for the headers cast onto buf */
	};
	size_t len;
};

/* The good image, with the default notes written */
void img_init(struct img *img);

Elf32_Ehdr *img_ehdr(struct img *img);
Elf32_Phdr *img_phdr(struct img *img, unsigned int i);

/* Section @i of the image, once img_add_symtab() wrote the headers */
Elf32_Shdr *img_shdr(struct img *img, unsigned int i);

/*
 * Give the image section headers (the symbol table is section 2, its
 * strings section 3, over bytes of the file left as they were) and a
 * BSD_SYMTAB "yes" note; the notes are written.
 */
void img_add_symtab(struct img *img);

/* The byte of the file that the good image loads at @va */
unsigned char img_byte(uint32_t va);

/*
 * The notes: the defaults, then changes, then img_write_notes() puts
 * them into the image.  Numbers are 4 bytes unless img_note_raw() says
 * otherwise.
 */
void img_default_notes(void);
void img_note_string(uint32_t type, const char *s);
void img_note_number(uint32_t type, uint32_t val);
void img_note_raw(uint32_t type, const char *owner, const void *desc,
		  uint32_t descsz);
void img_drop_note(uint32_t type);
void img_write_notes(struct img *img);

#endif /* ELFIMG_H */
