// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's reader of 32-bit Xen PV kernel images: a good image, and every
 * way a hostile or merely wrong one must be refused, each with a reason.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pvelf.h"
#include "elfimg.h"

static struct img img;
static struct hv_elf elf;
static char why[256];

static int setup(void **state)
{
	img_init(&img);
	return 0;
}

static int parse(void)
{
	memset(why, 'x', sizeof(why));
	return hv_elf_parse(img.buf, img.len, &elf, why, sizeof(why));
}

static void accepted(void)
{
	assert_int_equal(parse(), 0);
	assert_string_equal(why, "");
}

/* Refused, with a reason that says @words */
static void refused(const char *words)
{
	assert_int_equal(parse(), -ENOEXEC);
	if (!strstr(why, words))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

/* The notes changed: write them and expect a refusal */
static void notes_refused(const char *words)
{
	img_write_notes(&img);
	refused(words);
}

static void test_good(void **state)
{
	accepted();
	assert_int_equal(elf.entry, IMG_TEXT_PADDR);
	assert_int_equal(elf.hypercall_page, IMG_HCALL);
	assert_int_equal(elf.virt_base, 0);
	assert_int_equal(elf.image_start, IMG_TEXT_PADDR);
	assert_int_equal(elf.image_end, IMG_DATA_PADDR + IMG_DATA_MEMSZ);
	assert_int_equal(elf.nr_segs, 2);
	assert_int_equal(elf.segs[0].va, IMG_TEXT_PADDR);
	assert_int_equal(elf.segs[0].offset, IMG_TEXT_OFF);
	assert_int_equal(elf.segs[1].va, IMG_DATA_PADDR);
	assert_int_equal(elf.segs[1].filesz, IMG_DATA_FILESZ);
	assert_int_equal(elf.segs[1].memsz, IMG_DATA_MEMSZ);
	assert_true(hv_note_is(&elf.notes.features, "!writable_page_tables"));
	assert_true(hv_note_is(&elf.notes.guest_os, "hvtest"));
	assert_true(hv_note_is(&elf.notes.pae_mode, "yes"));
}

static void test_entry_note(void **state)
{
	img_note_number(PV_ELFNOTE_ENTRY, IMG_TEXT_PADDR + 0x10);
	img_write_notes(&img);
	accepted();
	assert_int_equal(elf.entry, IMG_TEXT_PADDR + 0x10);
}

/* Linux's way: VIRT_BASE 0xC0000000, segments at physical addresses */
static void test_virt_base(void **state)
{
	img_note_number(PV_ELFNOTE_VIRT_BASE, 0xc0000000);
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, 0xc0000000 + IMG_HCALL);
	img_note_number(PV_ELFNOTE_ENTRY, 0xc0000000 + IMG_TEXT_PADDR);
	img_write_notes(&img);
	accepted();
	assert_int_equal(elf.virt_base, 0xc0000000);
	assert_int_equal(elf.image_start, 0xc0000000 + IMG_TEXT_PADDR);
	assert_int_equal(elf.segs[1].va, 0xc0000000 + IMG_DATA_PADDR);

	/* Old Linux: PADDR_OFFSET takes the VIRT_BASE back off p_paddr */
	img_phdr(&img, 0)->p_paddr += 0xc0000000;
	img_phdr(&img, 1)->p_paddr += 0xc0000000;
	img_note_number(PV_ELFNOTE_PADDR_OFFSET, 0xc0000000);
	img_write_notes(&img);
	accepted();
	assert_int_equal(elf.image_start, 0xc0000000 + IMG_TEXT_PADDR);

	/* A segment below PADDR_OFFSET would wrap around */
	img_phdr(&img, 1)->p_paddr = 0x1000;
	refused("below PADDR_OFFSET");
}

static void test_truncated_header(void **state)
{
	img.len = sizeof(Elf32_Ehdr) - 1;
	refused("truncated ELF header");
	img.len = 0;
	refused("truncated ELF header");
}

static void test_truncated_phdrs(void **state)
{
	img.len = sizeof(Elf32_Ehdr) + IMG_PHNUM * sizeof(Elf32_Phdr) - 1;
	refused("program headers end");
	img_init(&img);
	/* Offset and size that wrap around in 32 bits */
	img_ehdr(&img)->e_phoff = 0xfffffff0;
	refused("program headers end");
}

static void test_ident(void **state)
{
	img.buf[EI_MAG1] = 'F';
	refused("not an ELF file");
	img_init(&img);
	img.buf[EI_CLASS] = ELFCLASS64;
	refused("not a 32-bit ELF");
	img_init(&img);
	img.buf[EI_DATA] = ELFDATA2MSB;
	refused("little-endian");
	img_init(&img);
	img.buf[EI_VERSION] = 2;
	refused("ELF version");
}

static void test_header_fields(void **state)
{
	img_ehdr(&img)->e_type = ET_DYN;
	refused("ET_EXEC");
	img_init(&img);
	img_ehdr(&img)->e_machine = EM_X86_64;
	refused("EM_386");
	img_init(&img);
	img_ehdr(&img)->e_phentsize = sizeof(Elf32_Phdr) + 4;
	refused("program header size");
	img_init(&img);
	img_ehdr(&img)->e_phnum = 0;
	refused("program headers, want");
	img_init(&img);
	img_ehdr(&img)->e_phnum = HV_ELF_MAX_PHDRS + 1;
	refused("program headers, want");
}

static void test_segment_past_eof(void **state)
{
	img_phdr(&img, 0)->p_offset = IMG_SIZE - 0x100;
	refused("past the end of the file");
	img_init(&img);
	img_phdr(&img, 1)->p_offset = 0xfffff000;
	refused("past the end of the file");
	img_init(&img);
	img_phdr(&img, 2)->p_offset = IMG_SIZE;
	refused("note segment 2 is past the end");
}

static void test_filesz_over_memsz(void **state)
{
	img_phdr(&img, 1)->p_memsz = IMG_DATA_FILESZ - 1;
	refused("exceeds its memory size");
}

static void test_overlap(void **state)
{
	img_phdr(&img, 1)->p_paddr = IMG_TEXT_PADDR + IMG_TEXT_SIZE - 1;
	refused("overlap");
	img_init(&img);
	/* One segment inside the other */
	img_phdr(&img, 1)->p_paddr = IMG_TEXT_PADDR + 0x100;
	img_phdr(&img, 1)->p_memsz = 0x10;
	img_phdr(&img, 1)->p_filesz = 0x10;
	refused("overlap");
}

static void test_huge_segments(void **state)
{
	img_phdr(&img, 1)->p_memsz = 0xffffffff;
	refused("hypervisor hole");
	img_init(&img);
	/* Wraps past 4 GiB back to low addresses */
	img_phdr(&img, 1)->p_paddr = 0xfffff000;
	img_phdr(&img, 1)->p_memsz = 0x2000;
	refused("hypervisor hole");
}

static void test_segment_in_hole(void **state)
{
	img_phdr(&img, 1)->p_paddr = PV_HOLE_START - 0x1000;
	refused("hypervisor hole");
	/* Up to the hole is fine */
	img_phdr(&img, 1)->p_memsz = 0x1000;
	img_phdr(&img, 1)->p_filesz = 0x100;
	accepted();
}

static void test_no_load_segment(void **state)
{
	img_phdr(&img, 0)->p_type = PT_NULL;
	img_phdr(&img, 1)->p_memsz = 0;
	img_phdr(&img, 1)->p_filesz = 0;
	refused("no loadable segment");
}

static void test_entry_outside(void **state)
{
	img_ehdr(&img)->e_entry = IMG_TEXT_PADDR - 1;
	refused("entry point");
	img_ehdr(&img)->e_entry = IMG_DATA_PADDR + IMG_DATA_MEMSZ;
	refused("entry point");
	img_init(&img);
	img_note_number(PV_ELFNOTE_ENTRY, 0x10);
	notes_refused("entry point");
}

static void test_hypercall_page(void **state)
{
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, IMG_HCALL + 0x10);
	notes_refused("not page-aligned");
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, IMG_TEXT_PADDR - 0x1000);
	notes_refused("hypercall page");
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE,
			IMG_DATA_PADDR + IMG_DATA_MEMSZ);
	notes_refused("hypercall page");
	img_drop_note(PV_ELFNOTE_HYPERCALL_PAGE);
	notes_refused("HYPERCALL_PAGE");
	/* In the bss is fine: it is part of the image */
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, IMG_DATA_PADDR + 0x1000);
	img_write_notes(&img);
	accepted();
}

/* A note header of its own, at the end of the note segment */
static void append_note(uint32_t namesz, uint32_t descsz, uint32_t type,
			size_t extra)
{
	Elf32_Phdr *ph = img_phdr(&img, 2);
	Elf32_Nhdr h = { namesz, descsz, type };

	memcpy(img.buf + ph->p_offset + ph->p_filesz, &h, sizeof(h));
	memcpy(img.buf + ph->p_offset + ph->p_filesz + sizeof(h), "Xen", 4);
	ph->p_filesz += sizeof(h) + extra;
}

static void test_note_sizes(void **state)
{
	append_note(4, 0xfffffff0, PV_ELFNOTE_INFO, 4);
	refused("overrun the segment");
	img_init(&img);
	append_note(0xffffffff, 4, PV_ELFNOTE_INFO, 8);
	refused("overrun the segment");
	img_init(&img);
	append_note(4, 4, PV_ELFNOTE_INFO, 4);
	refused("overrun the segment");
	img_init(&img);
	/* Three stray bytes cannot be a note */
	img_phdr(&img, 2)->p_filesz += 3;
	refused("truncated header");
}

static void test_note_values(void **state)
{
	uint64_t big = 0x100000000ULL;
	uint16_t small = 1;

	/*
	 * A string note without its NUL is the note's bytes (Xen reads it
	 * so); with a NUL inside, what comes before it.  Nothing beyond the
	 * note is read: here the next note follows at once.
	 */
	img_drop_note(PV_ELFNOTE_GUEST_OS);
	img_note_raw(PV_ELFNOTE_GUEST_OS, "Xen", "linuxabc", 5);
	img_write_notes(&img);
	accepted();
	assert_true(hv_note_is(&elf.notes.guest_os, "linux"));
	/* 8 bytes: no padding, the next note's header right after */
	img_default_notes();
	img_drop_note(PV_ELFNOTE_GUEST_OS);
	img_note_raw(PV_ELFNOTE_GUEST_OS, "Xen", "hvtestXY", 8);
	img_note_string(PV_ELFNOTE_GUEST_VERSION, "1");
	img_write_notes(&img);
	accepted();
	assert_true(hv_note_is(&elf.notes.guest_os, "hvtestXY"));
	img_default_notes();
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	img_note_raw(PV_ELFNOTE_PAE_MODE, "Xen", "yes\0no", 6);
	img_write_notes(&img);
	accepted();
	assert_true(hv_note_is(&elf.notes.pae_mode, "yes"));
	img_default_notes();
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	img_note_raw(PV_ELFNOTE_PAE_MODE, "Xen", "yesX", 3);
	img_write_notes(&img);
	accepted();
	img_default_notes();
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	img_note_raw(PV_ELFNOTE_PAE_MODE, "Xen", "ye", 2);
	notes_refused("PAE_MODE is \"ye\"");
	img_default_notes();
	img_drop_note(PV_ELFNOTE_XEN_VERSION);
	img_note_raw(PV_ELFNOTE_XEN_VERSION, "Xen", "xen-3.", 6);
	notes_refused("xen-3.0 ABI only");
	img_default_notes();
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	img_note_raw(PV_ELFNOTE_PAE_MODE, "Xen", "", 0);
	notes_refused("PAE_MODE is \"\"");

	img_default_notes();
	img_drop_note(PV_ELFNOTE_HYPERCALL_PAGE);
	img_note_raw(PV_ELFNOTE_HYPERCALL_PAGE, "Xen", &small, sizeof(small));
	notes_refused("want 4 or 8");

	img_default_notes();
	img_drop_note(PV_ELFNOTE_HYPERCALL_PAGE);
	img_note_raw(PV_ELFNOTE_HYPERCALL_PAGE, "Xen", &big, sizeof(big));
	notes_refused("32-bit");

	/* 8 bytes that fit are fine */
	big = IMG_HCALL;
	img_default_notes();
	img_drop_note(PV_ELFNOTE_HYPERCALL_PAGE);
	img_note_raw(PV_ELFNOTE_HYPERCALL_PAGE, "Xen", &big, sizeof(big));
	img_write_notes(&img);
	accepted();
	assert_int_equal(elf.hypercall_page, IMG_HCALL);
}

static void test_note_twice(void **state)
{
	img_note_raw(PV_ELFNOTE_PAE_MODE, "Xen", "no", 3);
	notes_refused("given twice");
}

static void test_other_owners(void **state)
{
	/* Others' notes, even of the same types, are not ours to read */
	img_note_raw(PV_ELFNOTE_PAE_MODE, "GNU", "no", 2);
	img_note_raw(3, "Xe", "\1\2\3\4", 4);
	img_write_notes(&img);
	accepted();

	img_default_notes();
	img_drop_note(PV_ELFNOTE_GUEST_OS);
	img_drop_note(PV_ELFNOTE_GUEST_VERSION);
	img_drop_note(PV_ELFNOTE_XEN_VERSION);
	img_drop_note(PV_ELFNOTE_LOADER);
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	img_drop_note(PV_ELFNOTE_FEATURES);
	img_drop_note(PV_ELFNOTE_HYPERCALL_PAGE);
	img_note_raw(1, "GNU", "abcd", 4);
	notes_refused("no Xen ELF notes");
}

static void test_pae(void **state)
{
	img_drop_note(PV_ELFNOTE_PAE_MODE);
	notes_refused("PAE guests only");
	img_note_string(PV_ELFNOTE_PAE_MODE, "no");
	notes_refused("PAE guests only");
	img_note_string(PV_ELFNOTE_PAE_MODE, "bimodal");
	img_write_notes(&img);
	accepted();
	img_note_string(PV_ELFNOTE_PAE_MODE, "yes[extended-cr3]");
	img_write_notes(&img);
	accepted();
	/* Xen: anything with "bimodal" in it, as Linux's "yes,bimodal" */
	img_note_string(PV_ELFNOTE_PAE_MODE, "yes,bimodal");
	img_write_notes(&img);
	accepted();
	img_note_string(PV_ELFNOTE_PAE_MODE, "yes,");
	notes_refused("PAE guests only");
	img_note_string(PV_ELFNOTE_PAE_MODE, "yesyes");
	notes_refused("PAE guests only");
}

static void test_xen_version(void **state)
{
	img_note_string(PV_ELFNOTE_XEN_VERSION, "xen-2.0");
	notes_refused("xen-3.0 ABI only");
	img_drop_note(PV_ELFNOTE_XEN_VERSION);
	notes_refused("XEN_VERSION");
	img_note_string(PV_ELFNOTE_XEN_VERSION, "xen-3.0-unstable");
	img_write_notes(&img);
	accepted();
}

static void test_loader(void **state)
{
	img_note_string(PV_ELFNOTE_LOADER, "special");
	notes_refused("LOADER");
	img_drop_note(PV_ELFNOTE_LOADER);
	notes_refused("LOADER");
	/* Linux may do without */
	img_note_string(PV_ELFNOTE_GUEST_OS, "linux");
	img_write_notes(&img);
	accepted();
}

/* BSD_SYMTAB: the area goes after the image, 4-aligned */
#define SYMTAB_VA	(IMG_DATA_PADDR + IMG_DATA_MEMSZ)

static void test_symtab(void **state)
{
	img_add_symtab(&img);
	accepted();
	assert_int_equal(elf.symtab.va, SYMTAB_VA);
	assert_int_equal(elf.symtab.sym_at, 260);
	assert_int_equal(elf.symtab.sym_off, IMG_SYM_OFF);
	assert_int_equal(elf.symtab.str_at, 308);
	assert_int_equal(elf.symtab.str_off, IMG_STR_OFF);
	assert_int_equal(elf.symtab.len, 308 + IMG_STR_SIZE);
	assert_int_equal(elf.image_end, SYMTAB_VA + 308 + IMG_STR_SIZE);
	/* The entry point is still checked against the segments */
	assert_int_equal(elf.image_start, IMG_TEXT_PADDR);

	/* Only "yes" asks for it, as in Xen */
	img_note_string(PV_ELFNOTE_BSD_SYMTAB, "no");
	img_write_notes(&img);
	accepted();
	assert_int_equal(elf.symtab.len, 0);
	assert_int_equal(elf.image_end, SYMTAB_VA);
}

static void test_symtab_unaligned_end(void **state)
{
	/* A data segment ending at an odd byte: the area starts 4-aligned */
	img_phdr(&img, 1)->p_memsz = IMG_DATA_MEMSZ - 3;
	img_add_symtab(&img);
	accepted();
	assert_int_equal(elf.symtab.va, SYMTAB_VA);
}

static void test_symtab_hostile(void **state)
{
	img_add_symtab(&img);
	img_ehdr(&img)->e_shoff = IMG_SIZE - 100;
	refused("section headers end at byte");
	img_ehdr(&img)->e_shoff = 0xffffffff;
	refused("section headers end at byte");

	img_add_symtab(&img);
	img_ehdr(&img)->e_shentsize = 64;
	refused("section header size 64");

	img_add_symtab(&img);
	img_shdr(&img, 2)->sh_type = SHT_DYNSYM;
	refused("the image has none");
	img_ehdr(&img)->e_shnum = 0;
	refused("the image has none");

	img_add_symtab(&img);
	img_shdr(&img, 2)->sh_link = IMG_SHNUM;
	refused("links to section 4 of 4");
	img_shdr(&img, 2)->sh_link = 0xffffffff;
	refused("links to section");
	img_shdr(&img, 2)->sh_link = 1;
	refused("is not a string table");

	img_add_symtab(&img);
	img_shdr(&img, 2)->sh_offset = IMG_SIZE - 47;
	refused("symbol table is past the end");
	img_shdr(&img, 2)->sh_offset = 0xfffffff0;
	refused("symbol table is past the end");

	img_add_symtab(&img);
	img_shdr(&img, 3)->sh_size = 0xffffffff;
	refused("string table is past the end");
}

/* Sizes within the file can still reach into the hole. */
static void test_symtab_hole(void **state)
{
	uint32_t start = PV_HOLE_START - 0x4000;

	img_add_symtab(&img);
	img_phdr(&img, 0)->p_paddr = start;
	img_phdr(&img, 1)->p_paddr = start + IMG_TEXT_SIZE;
	img_phdr(&img, 1)->p_memsz = IMG_DATA_MEMSZ - 0x100;
	img_note_number(PV_ELFNOTE_ENTRY, start);
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, start + 0x1000);
	img_write_notes(&img);
	refused("bytes reach into the hypervisor hole");
	img_phdr(&img, 1)->p_memsz = IMG_DATA_MEMSZ - 0x200;
	accepted();
	assert_true((uint64_t)elf.symtab.va + elf.symtab.len <= PV_HOLE_START);
}

static void test_addresses(void **state)
{
	img_note_number(PV_ELFNOTE_PADDR_OFFSET, 0);
	notes_refused("PADDR_OFFSET without VIRT_BASE");
	img_drop_note(PV_ELFNOTE_PADDR_OFFSET);
	img_note_number(PV_ELFNOTE_VIRT_BASE, 0x800);
	notes_refused("not page-aligned");
	img_note_number(PV_ELFNOTE_VIRT_BASE, PV_HOLE_START);
	notes_refused("hypervisor hole");
}

/* What the image says is quoted, but never an escape to the terminal */
static void test_reason_printable(void **state)
{
	size_t i;

	img_note_string(PV_ELFNOTE_XEN_VERSION, "\033[2J\n");
	notes_refused("XEN_VERSION");
	for (i = 0; why[i]; i++)
		assert_true(why[i] >= ' ' && why[i] < 0x7f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good, setup),
		cmocka_unit_test_setup(test_entry_note, setup),
		cmocka_unit_test_setup(test_virt_base, setup),
		cmocka_unit_test_setup(test_truncated_header, setup),
		cmocka_unit_test_setup(test_truncated_phdrs, setup),
		cmocka_unit_test_setup(test_ident, setup),
		cmocka_unit_test_setup(test_header_fields, setup),
		cmocka_unit_test_setup(test_segment_past_eof, setup),
		cmocka_unit_test_setup(test_filesz_over_memsz, setup),
		cmocka_unit_test_setup(test_overlap, setup),
		cmocka_unit_test_setup(test_huge_segments, setup),
		cmocka_unit_test_setup(test_segment_in_hole, setup),
		cmocka_unit_test_setup(test_no_load_segment, setup),
		cmocka_unit_test_setup(test_entry_outside, setup),
		cmocka_unit_test_setup(test_hypercall_page, setup),
		cmocka_unit_test_setup(test_note_sizes, setup),
		cmocka_unit_test_setup(test_note_values, setup),
		cmocka_unit_test_setup(test_note_twice, setup),
		cmocka_unit_test_setup(test_other_owners, setup),
		cmocka_unit_test_setup(test_pae, setup),
		cmocka_unit_test_setup(test_xen_version, setup),
		cmocka_unit_test_setup(test_loader, setup),
		cmocka_unit_test_setup(test_symtab, setup),
		cmocka_unit_test_setup(test_symtab_unaligned_end, setup),
		cmocka_unit_test_setup(test_symtab_hostile, setup),
		cmocka_unit_test_setup(test_symtab_hole, setup),
		cmocka_unit_test_setup(test_addresses, setup),
		cmocka_unit_test_setup(test_reason_printable, setup),
	};

	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
