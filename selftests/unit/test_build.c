// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's domain builder: where a 32-bit PV guest's pieces go (section
 * 6.2 of the ABI) and what its first frames hold.  The frames are
 * gathered into a buffer that stands for the guest's memory, and the
 * guest's view is checked from there: start_info, the page tables walked
 * as the MMU would, the kernel and ramdisk bytes at their addresses.
 */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "build.h"
#include "elfimg.h"

#define MIB		(1024ULL * 1024)
#define PAGE		4096u
#define L3_FLAGS	(PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A | PV_PTE_D)
#define L1_FLAGS	(PV_PTE_P | PV_PTE_RW | PV_PTE_A)
#define L1_RO_FLAGS	(PV_PTE_P | PV_PTE_A)

static struct img img;
static struct hv_elf elf;
static struct hv_build_input in;
static struct hv_layout lay;
static char why[256];

/* The guest's memory as the builder wrote it */
static unsigned char *mem;
static uint32_t last_pfn;
static unsigned int nr_written;

static int setup(void **state)
{
	img_init(&img);
	memset(&in, 0, sizeof(in));
	in.elf = &elf;
	in.kernel = img.buf;
	in.memory = 16 * MIB;
	return 0;
}

static int teardown(void **state)
{
	free(mem);
	mem = NULL;
	return 0;
}

static void parse(void)
{
	img_write_notes(&img);
	assert_int_equal(hv_elf_parse(img.buf, img.len, &elf, why,
				      sizeof(why)), 0);
}

static void layout(void)
{
	parse();
	assert_int_equal(hv_build_layout(&in, &lay, why, sizeof(why)), 0);
}

static int keep_frame(uint32_t pfn, const void *page, void *arg)
{
	const unsigned char *p = page;
	size_t i;

	/* In increasing order, each once, all inside the domain */
	if (nr_written)
		assert_true(pfn > last_pfn);
	assert_true(pfn < lay.nr_pages);
	/* Zero frames are not worth sending */
	for (i = 0; i < PAGE && !p[i]; i++)
		;
	assert_true(i < PAGE);
	memcpy(mem + (size_t)pfn * PAGE, page, PAGE);
	last_pfn = pfn;
	nr_written++;
	return 0;
}

/* Lay out and write the guest's memory */
static void build(void)
{
	layout();
	free(mem);
	mem = calloc(lay.nr_pages, PAGE);
	assert_non_null(mem);
	nr_written = 0;
	assert_int_equal(hv_build_pages(&in, &lay, keep_frame, NULL), 0);
}

static void *frame(uint32_t pfn)
{
	assert_true(pfn < lay.nr_pages);
	return mem + (size_t)pfn * PAGE;
}

static uint64_t entry_pfn(uint64_t e)
{
	return (e & PV_PTE_ADDR) >> 12;
}

/* Walk the tables from pt_base as the MMU would: the L1 entry or 0 */
static uint64_t walk(uint32_t va)
{
	const uint64_t *l3 = frame(lay.pt_pfn);
	const uint64_t *l2, *l1;
	uint64_t e;

	e = l3[va >> 30];
	if (!(e & PV_PTE_P))
		return 0;
	l2 = frame(entry_pfn(e));
	e = l2[(va >> 21) & 511];
	if (!(e & PV_PTE_P))
		return 0;
	assert_false(e & (PV_PTE_PSE | PV_PTE_G));
	l1 = frame(entry_pfn(e));
	return l1[(va >> 12) & 511];
}

static uint32_t va_of(uint32_t pfn)
{
	return lay.virt_base + pfn * PAGE;
}

static void test_layout(void **state)
{
	layout();
	assert_int_equal(lay.virt_base, 0);
	assert_int_equal(lay.nr_pages, 4096);
	assert_int_equal(lay.kernel_pfn, IMG_TEXT_PADDR / PAGE);
	/* The image ends at 0x104000: no ramdisk, the P2M list next */
	assert_int_equal(lay.ramdisk_pfn, 0x104);
	assert_int_equal(lay.p2m_pfn, 0x104);
	assert_int_equal(lay.nr_p2m_frames, 4096 * 4 / PAGE);
	assert_int_equal(lay.start_info_pfn, 0x108);
	assert_int_equal(lay.store_pfn, 0x109);
	assert_int_equal(lay.console_pfn, 0x10a);
	assert_int_equal(lay.pt_pfn, 0x10b);
	/* L3, L2 for slot 0, L2 for slot 3, two L1s for 4 MiB */
	assert_int_equal(lay.nr_pt_frames, 5);
	assert_int_equal(lay.stack_pfn, 0x110);
	assert_int_equal(lay.end_pfn, 1024);
}

static void test_region_end(void **state)
{
	uint64_t end, stack_end;

	layout();
	end = (uint64_t)lay.end_pfn * PAGE;
	stack_end = (uint64_t)(lay.stack_pfn + 1) * PAGE;
	assert_int_equal(end % (4 * MIB), 0);
	assert_true(end - stack_end >= 512 * 1024);
	assert_true(end <= lay.nr_pages * (uint64_t)PAGE);

	/* A stack ending less than 512 KiB before 4 MiB pushes it to 8 */
	in.ramdisk_len = (4 * MIB - 0x10a000 - 4 * PAGE - 256 * 1024);
	in.ramdisk = calloc(1, in.ramdisk_len);
	layout();
	free((void *)in.ramdisk);
	assert_int_equal(lay.end_pfn, 2048);
	assert_int_equal(lay.nr_pt_frames, 1 + 2 + 4);
}

static void test_boot(void **state)
{
	struct hv_boot boot;

	layout();
	hv_build_boot(&in, &lay, &boot);
	assert_int_equal(boot.entry, IMG_TEXT_PADDR);
	/* ESP at the top of the stack page */
	assert_int_equal(boot.stack, (lay.stack_pfn + 1) * PAGE);
	assert_int_equal(boot.start_info, lay.start_info_pfn * PAGE);
	assert_int_equal(boot.start_info_pfn, lay.start_info_pfn);
	assert_int_equal(boot.pt_pfn, lay.pt_pfn);
	assert_int_equal(boot.nr_pt_frames, lay.nr_pt_frames);
	assert_int_equal(boot.p2m_pfn, lay.p2m_pfn);
	assert_int_equal(boot.hypercall_pfn, IMG_HCALL / PAGE);
	assert_int_equal(boot.console_pfn, lay.console_pfn);
	assert_int_equal(boot.store_pfn, lay.store_pfn);
}

static void test_start_info(void **state)
{
	const struct pv_start_info *si;

	in.cmdline = "console=hvc0 seed=1";
	build();
	si = frame(lay.start_info_pfn);
	assert_string_equal(si->magic, PV_START_INFO_MAGIC);
	assert_int_equal(si->nr_pages, 4096);
	assert_int_equal(si->flags, 0);
	assert_int_equal(si->pt_base, va_of(lay.pt_pfn));
	assert_int_equal(si->nr_pt_frames, lay.nr_pt_frames);
	assert_int_equal(si->mfn_list, va_of(lay.p2m_pfn));
	assert_int_equal(si->mod_start, 0);
	assert_int_equal(si->mod_len, 0);
	assert_string_equal(si->cmd_line, "console=hvc0 seed=1");
	/* The module's to fill */
	assert_int_equal(si->shared_info, 0);
	assert_int_equal(si->console_mfn, 0);
	assert_int_equal(si->store_mfn, 0);
}

static void test_kernel_bytes(void **state)
{
	uint32_t va;

	build();
	for (va = IMG_TEXT_PADDR; va < IMG_DATA_PADDR + IMG_DATA_MEMSZ; va++)
		if (mem[va] != img_byte(va))
			fail_msg("byte at 0x%x is %u, want %u", va, mem[va],
				 img_byte(va));
}

/*
 * BSD_SYMTAB: the area after the image holds exactly what Xen's loader
 * puts there, every other byte zero (Xen's has stack bytes in the slack
 * of its 64-byte header slots).
 */
static void test_symtab_bytes(void **state)
{
	const uint32_t at = IMG_DATA_PADDR + IMG_DATA_MEMSZ;
	const unsigned char *a;
	Elf32_Shdr sh[3], zero_sh;
	Elf32_Ehdr eh;
	uint32_t size, i;

	img_add_symtab(&img);
	build();
	a = mem + at;
	memcpy(&size, a, 4);
	assert_int_equal(size, 304 + IMG_STR_SIZE);
	memcpy(&eh, a + 4, sizeof(eh));
	assert_memory_equal(eh.e_ident, ELFMAG, SELFMAG);
	assert_int_equal(eh.e_machine, EM_386);
	assert_int_equal(eh.e_shoff, 64);
	assert_int_equal(eh.e_shnum, 3);
	assert_int_equal(eh.e_shentsize, sizeof(Elf32_Shdr));
	assert_int_equal(eh.e_shstrndx, 0);
	assert_int_equal(eh.e_phoff, 0);
	assert_int_equal(eh.e_phnum, 0);
	memcpy(sh, a + 4 + 64, sizeof(sh));
	memset(&zero_sh, 0, sizeof(zero_sh));
	assert_memory_equal(&sh[0], &zero_sh, sizeof(zero_sh));
	assert_int_equal(sh[1].sh_type, SHT_SYMTAB);
	assert_int_equal(sh[1].sh_offset, 256);
	assert_int_equal(sh[1].sh_size, IMG_SYM_SIZE);
	assert_int_equal(sh[1].sh_link, 2);
	assert_int_equal(sh[2].sh_type, SHT_STRTAB);
	assert_int_equal(sh[2].sh_offset, 304);
	assert_int_equal(sh[2].sh_size, IMG_STR_SIZE);
	/* The tables, where the headers say, from the file */
	assert_memory_equal(a + 4 + 256, img.buf + IMG_SYM_OFF, IMG_SYM_SIZE);
	assert_memory_equal(a + 4 + 304, img.buf + IMG_STR_OFF, IMG_STR_SIZE);
	/* Slack in the header slots, and the rest of the page: zero */
	for (i = 4 + sizeof(eh); i < 4 + 64; i++)
		assert_int_equal(a[i], 0);
	for (i = 4 + 64 + sizeof(sh); i < 260; i++)
		assert_int_equal(a[i], 0);
	for (i = 4 + 304 + IMG_STR_SIZE; at + i < lay.ramdisk_pfn * PAGE; i++)
		assert_int_equal(a[i], 0);
	/* and what comes next is placed after the area */
	assert_true(lay.ramdisk_pfn * PAGE >= at + 4 + 304 + IMG_STR_SIZE);
}

/* An area that starts in one frame and ends in the next */
static void test_symtab_straddles(void **state)
{
	const uint32_t at = IMG_DATA_PADDR + IMG_DATA_MEMSZ - 200;

	img_phdr(&img, 1)->p_memsz = IMG_DATA_MEMSZ - 200;
	img_add_symtab(&img);
	build();
	assert_int_equal(mem[at + 4], ELFMAG0);
	assert_memory_equal(mem + at + 260, img.buf + IMG_SYM_OFF,
			    IMG_SYM_SIZE);
	assert_memory_equal(mem + at + 308, img.buf + IMG_STR_OFF,
			    IMG_STR_SIZE);
	assert_int_equal(mem[at + 308 + IMG_STR_SIZE], 0);
}

static void test_module_frames_zero(void **state)
{
	uint32_t pfn, i;
	const unsigned char *p;

	build();
	/* P2M, xenstore, console, stack and all the rest: left zero */
	for (pfn = lay.p2m_pfn; pfn < lay.start_info_pfn; pfn++)
		for (p = frame(pfn), i = 0; i < PAGE; i++)
			assert_int_equal(p[i], 0);
	for (pfn = lay.store_pfn; pfn < lay.pt_pfn; pfn++)
		for (p = frame(pfn), i = 0; i < PAGE; i++)
			assert_int_equal(p[i], 0);
	/* kernel (3 frames with bytes), start_info, 4 tables with entries */
	assert_int_equal(nr_written, 3 + 1 + 4);
}

static void test_l3(void **state)
{
	const uint64_t *l3;
	unsigned int i;

	build();
	l3 = frame(lay.pt_pfn);
	/* The L2s right after the L3, in slot order; slot 3 always there */
	assert_true(l3[0] == ((uint64_t)(lay.pt_pfn + 1) << 12 | L3_FLAGS));
	assert_true(l3[1] == 0);
	assert_true(l3[2] == 0);
	assert_true(l3[3] == ((uint64_t)(lay.pt_pfn + 2) << 12 | L3_FLAGS));
	for (i = 4; i < 512; i++)
		assert_true(l3[i] == 0);
	/* Slot 3's L2 maps nothing of ours */
	for (i = 0; i < 512; i++)
		assert_true(((uint64_t *)frame(lay.pt_pfn + 2))[i] == 0);
}

static void test_mappings(void **state)
{
	uint64_t pte, want;
	uint32_t pfn;
	bool pt;

	build();
	for (pfn = 0; pfn < lay.end_pfn; pfn++) {
		pte = walk(va_of(pfn));
		pt = pfn >= lay.pt_pfn && pfn < lay.pt_pfn + lay.nr_pt_frames;
		/* PFNs in the entries; page tables read-only */
		want = (uint64_t)pfn << 12 | (pt ? L1_RO_FLAGS : L1_FLAGS);
		if (pte != want)
			fail_msg("pfn 0x%x: pte 0x%llx, want 0x%llx", pfn,
				 (unsigned long long)pte,
				 (unsigned long long)want);
	}
	/* Nothing past the region, and not-present entries all zero */
	assert_true(walk(va_of(lay.end_pfn)) == 0);
	assert_true(walk(0x40000000) == 0);
	assert_true(walk(0xf5000000) == 0);
}

static void test_ramdisk(void **state)
{
	const struct pv_start_info *si;
	unsigned char *rd;
	size_t i;

	rd = malloc(10000);
	assert_non_null(rd);
	for (i = 0; i < 10000; i++)
		rd[i] = i % 251 + 1;
	in.ramdisk = rd;
	in.ramdisk_len = 10000;
	build();
	assert_int_equal(lay.ramdisk_pfn, 0x104);
	/* Three frames, then the P2M list */
	assert_int_equal(lay.p2m_pfn, 0x107);
	si = frame(lay.start_info_pfn);
	assert_int_equal(si->mod_start, va_of(lay.ramdisk_pfn));
	assert_int_equal(si->mod_len, 10000);
	assert_memory_equal(frame(lay.ramdisk_pfn), rd, 10000);
	for (i = 10000; i < 3 * PAGE; i++)
		assert_int_equal(mem[va_of(lay.ramdisk_pfn) + i], 0);
	free(rd);
}

/* Linux's way: VIRT_BASE 0xC0000000, all in L3 slot 3 */
static void test_virt_base(void **state)
{
	const uint64_t *l3;
	struct hv_boot boot;

	img_note_number(PV_ELFNOTE_VIRT_BASE, 0xc0000000);
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, 0xc0000000 + IMG_HCALL);
	img_ehdr(&img)->e_entry = 0xc0000000 + IMG_TEXT_PADDR;
	build();
	assert_int_equal(lay.kernel_pfn, IMG_TEXT_PADDR / PAGE);
	/* L3, one L2 (slot 3), two L1s */
	assert_int_equal(lay.nr_pt_frames, 4);
	l3 = frame(lay.pt_pfn);
	assert_true(l3[0] == 0 && l3[1] == 0 && l3[2] == 0);
	assert_true(l3[3] == ((uint64_t)(lay.pt_pfn + 1) << 12 | L3_FLAGS));
	assert_true(walk(0xc0000000 + IMG_TEXT_PADDR) ==
		    ((IMG_TEXT_PADDR >> 12) << 12 | L1_FLAGS));
	assert_true(walk(0xc0000000 + lay.pt_pfn * PAGE) ==
		    ((uint64_t)lay.pt_pfn << 12 | L1_RO_FLAGS));
	hv_build_boot(&in, &lay, &boot);
	assert_int_equal(boot.stack, 0xc0000000 + (lay.stack_pfn + 1) * PAGE);
	assert_int_equal(boot.start_info, va_of(lay.start_info_pfn));
	assert_int_equal(boot.hypercall_pfn, IMG_HCALL / PAGE);
}

/* A region across a GiB boundary needs an L2 for each side, and slot 3's */
static void test_two_slots(void **state)
{
	const uint64_t *l3;

	img_note_number(PV_ELFNOTE_VIRT_BASE, 0x3ff00000);
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, 0x3ff00000 + IMG_HCALL);
	img_ehdr(&img)->e_entry = 0x3ff00000 + IMG_TEXT_PADDR;
	build();
	l3 = frame(lay.pt_pfn);
	assert_true(l3[0] & PV_PTE_P);
	assert_true(l3[1] & PV_PTE_P);
	assert_true(l3[2] == 0);
	assert_true(l3[3] & PV_PTE_P);
	/* The region ends on a 4 MiB boundary of VAs */
	assert_int_equal((va_of(lay.end_pfn)) % (4 * MIB), 0);
	assert_true(walk(0x40000000) ==
		    ((0x100000ULL >> 12) << 12 | L1_FLAGS));
	assert_true(walk(0x3ff00000) == (0ULL | L1_FLAGS));
}

static void test_memory_too_small(void **state)
{
	in.memory = 4 * MIB;
	in.ramdisk_len = 3 * MIB;
	in.ramdisk = calloc(1, in.ramdisk_len);
	parse();
	assert_int_equal(hv_build_layout(&in, &lay, why, sizeof(why)),
			 -ENOSPC);
	free((void *)in.ramdisk);
	assert_non_null(strstr(why, "the domain has 4096 KiB"));

	/* A ramdisk of absurd size must not wrap the arithmetic */
	in.memory = 16 * MIB;
	in.ramdisk_len = SIZE_MAX;
	in.ramdisk = img.buf;
	assert_int_equal(hv_build_layout(&in, &lay, why, sizeof(why)),
			 -ENOSPC);
}

static void test_below_hole(void **state)
{
	/* The image fits below the hole, not with a ramdisk after it */
	img_note_number(PV_ELFNOTE_VIRT_BASE, 0xf5400000);
	img_note_number(PV_ELFNOTE_HYPERCALL_PAGE, 0xf5400000 + IMG_HCALL);
	img_ehdr(&img)->e_entry = 0xf5400000 + IMG_TEXT_PADDR;
	in.ramdisk_len = 2 * MIB;
	in.ramdisk = img.buf;
	layout();
	assert_true(va_of(lay.end_pfn) <= PV_HOLE_START);

	in.ramdisk_len = 3 * MIB;
	parse();
	assert_int_equal(hv_build_layout(&in, &lay, why, sizeof(why)),
			 -ENOSPC);
	assert_non_null(strstr(why, "hypervisor hole"));
}

static void test_cmdline_too_long(void **state)
{
	char line[PV_MAX_GUEST_CMDLINE + 1];

	memset(line, 'a', sizeof(line));
	line[PV_MAX_GUEST_CMDLINE] = '\0';
	in.cmdline = line;
	parse();
	assert_int_equal(hv_build_layout(&in, &lay, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "command line"));
	/* 1023 bytes and the NUL fit */
	line[PV_MAX_GUEST_CMDLINE - 1] = '\0';
	build();
	assert_int_equal(strlen(((struct pv_start_info *)
				 frame(lay.start_info_pfn))->cmd_line),
			 PV_MAX_GUEST_CMDLINE - 1);
}

static void test_big_memory(void **state)
{
	in.memory = 1ULL << 30;
	layout();
	/* 1 GiB of 4-byte entries: 256 frames of P2M list */
	assert_int_equal(lay.nr_p2m_frames, 256);
	assert_int_equal(lay.start_info_pfn, lay.p2m_pfn + 256);
	assert_int_equal(va_of(lay.end_pfn) % (4 * MIB), 0);
	assert_int_equal(lay.nr_pt_frames,
			 hv_pt_count(0, (uint64_t)lay.end_pfn * PAGE));
}

static int stop_at_first(uint32_t pfn, const void *page, void *arg)
{
	return 7;
}

static void test_callback_stops(void **state)
{
	layout();
	assert_int_equal(hv_build_pages(&in, &lay, stop_at_first, NULL), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		TEST(test_layout),
		TEST(test_region_end),
		TEST(test_boot),
		TEST(test_start_info),
		TEST(test_kernel_bytes),
		TEST(test_symtab_bytes),
		TEST(test_symtab_straddles),
		TEST(test_module_frames_zero),
		TEST(test_l3),
		TEST(test_mappings),
		TEST(test_ramdisk),
		TEST(test_virt_base),
		TEST(test_two_slots),
		TEST(test_memory_too_small),
		TEST(test_below_hole),
		TEST(test_cmdline_too_long),
		TEST(test_big_memory),
		TEST(test_callback_stops),
#undef TEST
	};

	return cmocka_run_group_tests_name("build", tests, NULL, NULL);
}
