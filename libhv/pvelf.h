/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The ELF side of the domain builder: what a 32-bit Xen PV kernel image
 * asks for, read from a buffer in memory.  Pure: no I/O, no netlink, so
 * that the unit tests can feed it hostile images.
 *
 * Every refusal comes with a sentence in @why, a buffer of @size bytes
 * (truncated to fit), and returns -ENOEXEC.
 */
#ifndef LIBHV_PVELF_H
#define LIBHV_PVELF_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/hv_pv32.h>

/* More than any real kernel has; bounds the work on a hostile image */
#define HV_ELF_MAX_PHDRS	64
#define HV_ELF_MAX_SEGS		16

#define HV_PAGE_SIZE		4096u
#define HV_PAGE_SHIFT		12

/* One PT_LOAD segment, placed at its guest virtual address */
struct hv_elf_seg {
	uint32_t va;		/* where the first byte goes */
	uint32_t offset;	/* of its bytes in the file */
	uint32_t filesz;	/* bytes taken from the file */
	uint32_t memsz;		/* bytes it occupies; the rest is zero */
};

/*
 * A string note: its bytes up to the first NUL or to the end of the
 * note, whichever comes first (Xen does not insist on the NUL).  Inside
 * the image buffer, not NUL-terminated; @s is NULL when there is none.
 */
struct hv_note_str {
	const char *s;
	uint32_t len;
};

/* The Xen notes of the image, as found (section 6.1 of the ABI) */
struct hv_elf_notes {
	uint32_t seen;		/* bit (1 << PV_ELFNOTE_*) per note found */
	uint32_t entry;
	uint32_t hypercall_page;
	uint32_t virt_base;
	uint32_t paddr_offset;
	struct hv_note_str xen_version;
	struct hv_note_str guest_os;
	struct hv_note_str loader;
	struct hv_note_str pae_mode;
	struct hv_note_str features;
	struct hv_note_str bsd_symtab;
};

/* Whether string note @n is @want, all of it */
bool hv_note_is(const struct hv_note_str *n, const char *want);

/* Size word, ELF header and section headers before the table (symtab.c) */
#define HV_SYMTAB_HEAD		260

/*
 * The symbol table BSD_SYMTAB asks for, as it will lie in memory: @len
 * bytes from @va (0 when not asked for), made of @head, the symbol table
 * at @sym_at and its string table at @str_at (from @va), which come from
 * the file at @sym_off and @str_off.
 */
struct hv_elf_symtab {
	uint32_t va;
	uint32_t len;
	uint32_t sym_at, sym_off, sym_size;
	uint32_t str_at, str_off, str_size;
	unsigned char head[HV_SYMTAB_HEAD];
};

/*
 * A kernel image that passed every check.  VAs follow section 6.1:
 * VA = p_paddr - PADDR_OFFSET + VIRT_BASE.  The strings in @notes point
 * into the image buffer, which must outlive this.
 */
struct hv_elf {
	uint32_t entry;			/* initial EIP */
	uint32_t hypercall_page;	/* VA, page-aligned */
	uint32_t virt_base;		/* VA of pseudo-physical frame 0 */
	uint32_t image_start;		/* VA of the lowest loaded byte */
	uint32_t image_end;		/* VA just after it, or the symtab */
	unsigned int nr_segs;
	struct hv_elf_seg segs[HV_ELF_MAX_SEGS];
	struct hv_elf_notes notes;
	struct hv_elf_symtab symtab;
};

/*
 * hv_elf_parse() - check a kernel image and say where it goes.
 * @image: the whole file, @len bytes.
 * @elf: filled on success; its contents are undefined on failure.
 * @why: gets the reason of a refusal, @size > 0 bytes.
 *
 * Accepts an ELF32 little-endian ET_EXEC for EM_386 with Xen notes for a
 * PAE guest, whose segments fit the file, do not overlap and lie below the
 * hypervisor hole, and whose entry point and hypercall page lie inside.
 *
 * Return: 0 or -ENOEXEC.
 */
int hv_elf_parse(const void *image, size_t len, struct hv_elf *elf,
		 char *why, size_t size);

/*
 * hv_elf_notes() - read the notes of one PT_NOTE segment into @notes.
 * @data: the segment's @len bytes.
 *
 * Notes of other owners than "Xen" and Xen notes hv has no use for are
 * skipped, but every note must be well-formed.  Return: 0 or -ENOEXEC.
 */
int hv_elf_notes(const void *data, size_t len, struct hv_elf_notes *notes,
		 char *why, size_t size);

/*
 * hv_elf_check_notes() - whether the notes describe a guest hv can run,
 * once all note segments were read.  Return: 0 or -ENOEXEC.
 */
int hv_elf_check_notes(const struct hv_elf_notes *notes, char *why,
		       size_t size);

/*
 * hv_elf_symtab() - once the segments are placed, place the symbol table
 * if the BSD_SYMTAB note is "yes", and move @elf->image_end past it.
 * Return: 0 or -ENOEXEC.
 */
int hv_elf_symtab(const void *image, size_t len, struct hv_elf *elf,
		  char *why, size_t size);

/*
 * hv_elf_symtab_fill() - write into @frame, the 4096 bytes at @va, what
 * the symbol table area has there; other bytes are left as they are.
 */
void hv_elf_symtab_fill(const struct hv_elf *elf, const void *image,
			uint32_t va, unsigned char *frame);

/* Make the reason of a refusal printable: it may quote the image. */
void hv_elf_printable(char *why);

/*
 * Refuse the image: write why, printf-style (so the compiler checks the
 * format), to @why of @size bytes and evaluate to -ENOEXEC.
 */
#define hv_elf_refuse(why, size, ...) ({				\
	char *__why = (why);						\
	snprintf(__why, size, __VA_ARGS__);				\
	hv_elf_printable(__why);					\
	-ENOEXEC;							\
})

#endif /* LIBHV_PVELF_H */
