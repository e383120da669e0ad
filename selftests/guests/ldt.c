// SPDX-License-Identifier: GPL-2.0
/*
 * ldt: a local descriptor table of the guest's own (mmuext_op SET_LDT,
 * ABI 3.15), as a guest kernel gives one to a process.
 *
 * Descriptors are written into a page of ours while it is still mapped
 * writable; the page is then remapped read-only, because an LDT page takes
 * the descriptor type and may not be mapped writable anywhere (ABI 5.8):
 * SET_LDT on a writable page is refused, and so are update_va_mapping of
 * a live LDT page back to writable and a writable alias of it (a
 * read-only alias is fine).
 *
 * From ring 3, LDT selectors (TI = 1, RPL 3) of DPL-3 data descriptors
 * with non-zero bases read the values at their bases through %fs; at
 * ring 1 one survives a yield; a code and a stack segment of the LDT run
 * ring-3 code through a trap (CS and SS in the frame, and returned to).
 * A selector beyond the limit (index >= the entry count, even with a
 * descriptor in the page there) or of a DPL-1 descriptor faults with
 * #GP(selector).  update_descriptor on a live LDT frame changes the LDT in
 * use: the next load sees the new base; a refused descriptor (L bit)
 * changes nothing.
 *
 * Refused with -EINVAL, the old LDT staying in force and the new pages
 * left without the descriptor type (mappable writable again): pages that
 * hold a 64-bit code descriptor, a call gate into the hypervisor's code
 * selector or an LDT descriptor (also in the second page of two), a
 * second page still mapped writable, a page writable through an alias,
 * more than 8192 entries, an unaligned address.  A two-page LDT replaces
 * the first (whose page is free again): its selectors in both pages work,
 * also after update_descriptor on the second page, and index 1024 faults.
 * SET_LDT with 0 entries removes it: LDT selectors then fault and the
 * pages map writable again.
 *
 * Result: "hvtest: ldt: PASS".
 */
#include "pt.h"
#include "cpu.h"
#include "test.h"
#include "traps.h"
#include "user.h"

/* An LDT selector: TI = 1, with @rpl. */
#define LSEL(index, rpl)	((index) << 3 | 4 | (rpl))
#define LSEL3(index)		LSEL(index, 3)

/* The first LDT (ldt_a): LDT_A_ENTRIES entries. */
#define LDT_A_ENTRIES	6
#define IDX_A		1	/* DPL-3 data, base data_page + OFF_A */
#define IDX_B		2	/* DPL-3 data, base data_page + OFF_B */
#define IDX_KDATA	3	/* DPL-1 data: ring 3 may not load it */
#define IDX_CODE	4	/* DPL-3 32-bit code, flat */
#define IDX_FLAT	5	/* DPL-3 data, flat: a stack segment */
#define IDX_PAST	6	/* DPL-3 data, but past the limit */

/* For asm: LSEL3(IDX_CODE), LSEL3(IDX_FLAT). */
#define LCODE_SEL3	0x27
#define LFLAT_SEL3	0x2f

/* The second LDT (ldt_b): two pages. */
#define LDT_B_ENTRIES	1024
#define IDX_HIGH	600	/* in its second page */
#define IDX_LAST	1023

#define MAX_ENTRIES	8192	/* ABI 3.15 */

#define OFF_A		0x100
#define OFF_B		0x200
#define OFF_C		0x300
#define VALUE_A		0x1d7a0001	/* at data_page + OFF_A */
#define VALUE_B		0x1d7b0002	/* at data_page + OFF_B */
#define VALUE_C		0x1d7c0003	/* at data_page + OFF_C */

/* Descriptor bits: the flags nibble (AVL 1, L 2, DB 4, G 8) and types. */
#define DESC_A		BIT_ULL(40)
#define TYPE_LDT	0x2		/* system */
#define TYPE_CALL_GATE	0xc		/* system, 32-bit */
#define HYPERVISOR_CS	0xe008

#define __user_bss	__attribute((section(".bss.user")))

static u64 ldt_a[512] __aligned(PAGE_SIZE);
static u64 ldt_b[2][512] __aligned(PAGE_SIZE);

/* Ring-3 data: what the LDT segments point at. */
static u32 data_page[PAGE_SIZE / 4] __aligned(PAGE_SIZE) __user_bss;

/* Ring 3, selector in EAX: the value at its base, through %fs. */
asm(USER_PROBE(u_fs_read, "mov %eax, %fs", "mov %fs:0, %ebx"));
/* Ring 3: load the selector in EAX into %fs. */
asm(USER_PROBE(u_fs_load, "", "mov %eax, %fs"));

DECLARE_USER_PROBE(u_fs_read);
DECLARE_USER_PROBE(u_fs_load);

/* CS after the far jump, CS and SS after the int3. */
u32 u_seen[3] __user_bss;

/*
 * Ring 3, data selector in EAX: far jump to our LDT code selector, load
 * our LDT stack selector into SS, take an int3 there, note CS and SS,
 * restore the flat SS and read the selector's base through %fs.
 */
asm(USER_FUNC(u_ldt_cs)
	"ljmp $" __stringify(LCODE_SEL3) ", $1f\n"
	"1:\tmov %cs, %ecx\n\t"
	"mov %ecx, u_seen\n\t"
	"mov $" __stringify(LFLAT_SEL3) ", %edx\n\t"
	"mov %edx, %ss\n"
	"u_ldt_cs_int3:\n\t"
	"int3\n"
	"u_ldt_cs_next:\n\t"
	"mov %cs, %ecx\n\t"
	"mov %ecx, u_seen + 4\n\t"
	"mov %ss, %ecx\n\t"
	"mov %ecx, u_seen + 8\n\t"
	"mov $" __stringify(FLAT_RING3_SS) ", %edx\n\t"
	"mov %edx, %ss\n\t"
	"mov %eax, %fs\n\t"
	"mov %fs:0, %ebx\n\t"
	ASM_USER_EXIT
	_ASM_EXTABLE(u_ldt_cs_int3, u_ldt_cs_next)
	USER_END(u_ldt_cs));

DECLARE_ASM_LABEL(u_ldt_cs);
DECLARE_ASM_LABEL(u_ldt_cs_next);

static u64 data_desc(u32 off, u32 dpl)
{
	return seg_desc((u32)data_page + off, 0xfffff, TYPE_DATA, dpl,
			DESC_G | DESC_DB);
}

/* A present system descriptor (S = 0) of @type. */
static u64 sys_desc(u32 type, u32 dpl, u16 sel, u32 off)
{
	u32 lo = (u32)sel << 16 | (off & 0xffff);
	u32 hi = (off & 0xffff0000) | BIT(15) | dpl << 13 | type << 8;

	return (u64)hi << 32 | lo;
}

static u64 peek_desc(const u64 *p)
{
	barrier();	/* the hypervisor writes the page, not us */
	return *p;
}

/* mmuext_op SET_LDT; "done" must say 1 on success, else 0. */
static long set_ldt(const void *va, u32 nr)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1 = (u32)va,
		.arg2 = nr,
	};
	u32 done = 0xdead;
	long rc;

	rc = hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
	GUEST_ASSERT_EQ(done, rc ? 0 : 1);
	return rc;
}

static void set_ldt_refused(const char *what, const void *va, u32 nr)
{
	long rc = set_ldt(va, nr);

	if (rc != -EINVAL)
		guest_fail("set_ldt(%s: %p, %u): %ld, want -EINVAL",
			   what, va, nr, rc);
}

static void map_ro(const void *p)
{
	const u64 *pte = pte_of((u32)p);

	GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
	set_pte((u32)p, *pte & ~(u64)_PAGE_RW);
}

/* Back to writable: works for a page that is no (live) LDT page. */
static void map_rw(const void *p)
{
	const u64 *pte = pte_of((u32)p);

	GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
	set_pte((u32)p, *pte | _PAGE_RW);
}

/* A live LDT page may not be mapped writable: -EINVAL, still read-only. */
static void map_rw_refused(const void *p)
{
	const u64 *pte = pte_of((u32)p);
	long rc;

	GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
	rc = hypercall_update_va_mapping((u32)p, *pte | _PAGE_RW,
					 UVMF_INVLPG);
	if (rc != -EINVAL)
		guest_fail("update_va_mapping(LDT page %p, RW): %ld, want -EINVAL",
			   p, rc);
	GUEST_ASSERT_EQ(*pte & _PAGE_RW, 0);
}

/* Ring 3 reads @sel:0 and gets @want, without a trap. */
static void read_ok(u32 sel, u32 want)
{
	u32 got;

	trap_reset();
	got = exec_user(u_fs_read, sel);
	GUEST_ASSERT_NO_TRAP();
	if (got != want)
		guest_fail("%%fs = %04x, %%fs:0 at ring 3: %08x, want %08x",
			   sel, got, want);
}

/* Ring 3 loads @sel into %fs: exactly one #GP(sel & 0xfffc) there. */
static void load_gp(u32 sel)
{
	trap_reset();
	exec_user(u_fs_load, sel);
	if (last_trap.count != 1 || last_trap.vector != X86_TRAP_GP)
		guest_fail("mov %04x to fs at ring 3: %u traps, vector 0x%x error 0x%x at %08x",
			   sel, last_trap.count, last_trap.vector,
			   last_trap.error, last_trap.eip);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, sel & 0xfffc, (u32)u_fs_load_insn,
			  FLAT_RING3_CS);
}

/* Stored in a live LDT frame (maybe with the accessed bit). */
static void update(u64 *slot, u64 desc)
{
	GUEST_ASSERT_EQ(hypercall_update_descriptor(pt_ma(slot), desc), 0);
	GUEST_ASSERT_EQ(peek_desc(slot) | DESC_A, desc | DESC_A);
}

static u32 read_fs(void)
{
	u32 val;

	asm volatile("mov %%fs:0, %0" : "=r" (val) : : "memory");
	return val;
}

static void fill_ldt_a(void)
{
	data_page[OFF_A / 4] = VALUE_A;
	data_page[OFF_B / 4] = VALUE_B;
	data_page[OFF_C / 4] = VALUE_C;

	memset(ldt_a, 0, sizeof(ldt_a));
	ldt_a[IDX_A] = data_desc(OFF_A, 3);
	ldt_a[IDX_B] = data_desc(OFF_B, 3);
	ldt_a[IDX_KDATA] = data_desc(OFF_C, 1);
	ldt_a[IDX_CODE] = seg_desc(0, 0xfffff, TYPE_CODE, 3, DESC_G | DESC_DB);
	ldt_a[IDX_FLAT] = seg_desc(0, 0xfffff, TYPE_DATA, 3, DESC_G | DESC_DB);
	ldt_a[IDX_PAST] = data_desc(OFF_C, 3);
}

/* A writable alias of a live LDT page (window 0): -EINVAL. */
static void alias_rw_refused(const void *p)
{
	u32 pfn = (u32)p >> PAGE_SHIFT;
	long rc;

	rc = hypercall_update_va_mapping(pt_window_va(0),
					 pt_pte(pfn, PTE_KERNEL), UVMF_INVLPG);
	if (rc != -EINVAL)
		guest_fail("update_va_mapping(alias of LDT page %p, RW): %ld, want -EINVAL",
			   p, rc);
	/* Read-only is fine. */
	pt_map(0, pfn, _PAGE_PRESENT | _PAGE_ACCESSED);
	GUEST_ASSERT_EQ(peek32(pt_window_va(0) + IDX_A * 8),
			(u32)peek_desc(&ldt_a[IDX_A]));
	pt_unmap(0);
}

/* SET_LDT: only once the page is read-only. */
static void install_ldt_a(void)
{
	set_ldt_refused("writable page", ldt_a, LDT_A_ENTRIES);
	map_ro(ldt_a);
	GUEST_ASSERT_EQ(set_ldt(ldt_a, LDT_A_ENTRIES), 0);
	map_rw_refused(ldt_a);
	alias_rw_refused(ldt_a);
}

static void use_ldt_a(void)
{
	u32 sel = LSEL(IDX_A, 1), fs;

	read_ok(LSEL3(IDX_A), VALUE_A);
	read_ok(LSEL3(IDX_B), VALUE_B);
	load_gp(LSEL3(IDX_KDATA));		/* DPL 1 < CPL 3 */
	load_gp(LSEL3(IDX_PAST));		/* index >= entries */
	load_gp(LSEL3(100));
	load_gp(LSEL3(MAX_ENTRIES - 1));

	/* Code and stack segments of the LDT at ring 3, through a trap. */
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_ldt_cs, LSEL3(IDX_B)), VALUE_B);
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, (u32)u_ldt_cs_next,
			  LSEL3(IDX_CODE));
	GUEST_ASSERT(last_trap.ring_change);
	GUEST_ASSERT_EQ(last_trap.ss & 0xffff, LSEL3(IDX_FLAT));
	GUEST_ASSERT_EQ(u_seen[0] & 0xffff, LSEL3(IDX_CODE));
	GUEST_ASSERT_EQ(u_seen[1] & 0xffff, LSEL3(IDX_CODE));
	GUEST_ASSERT_EQ(u_seen[2] & 0xffff, LSEL3(IDX_FLAT));

	/* At ring 1 (RPL 1), kept across a yield. */
	trap_reset();
	asm volatile("mov %0, %%fs" : : "r" (sel) : "memory");
	GUEST_ASSERT_EQ(read_fs(), VALUE_A);
	GUEST_ASSERT_EQ(hypercall_yield(), 0);
	asm volatile("mov %%fs, %0" : "=r" (fs));
	GUEST_ASSERT_EQ(fs & 0xffff, sel);
	GUEST_ASSERT_EQ(read_fs(), VALUE_A);
	GUEST_ASSERT_NO_TRAP();
	asm volatile("mov %0, %%fs" : : "r" (FLAT_RING1_DS) : "memory");
}

/* update_descriptor on the live LDT frame. */
static void update_ldt_a(void)
{
	u64 l_data = seg_desc((u32)data_page, 0xfffff, TYPE_DATA, 3,
			      DESC_G | DESC_L);
	u64 before;
	long rc;

	update(&ldt_a[IDX_A], data_desc(OFF_C, 3));
	read_ok(LSEL3(IDX_A), VALUE_C);

	before = peek_desc(&ldt_a[IDX_A]);
	rc = hypercall_update_descriptor(pt_ma(&ldt_a[IDX_A]), l_data);
	if (rc != -EINVAL)
		guest_fail("update_descriptor(LDT, L-bit data): %ld, want -EINVAL",
			   rc);
	GUEST_ASSERT_EQ(peek_desc(&ldt_a[IDX_A]), before);
	read_ok(LSEL3(IDX_A), VALUE_C);

	/* In the page but past the limit: stored, and still unusable. */
	update(&ldt_a[IDX_PAST], data_desc(OFF_A, 3));
	load_gp(LSEL3(IDX_PAST));
}

/* ldt_a with its updated entry is still the LDT in use. */
static void ldt_a_in_force(void)
{
	read_ok(LSEL3(IDX_A), VALUE_C);
	read_ok(LSEL3(IDX_B), VALUE_B);
	load_gp(LSEL3(IDX_PAST));
}

static void fill_ldt_b(void)
{
	memset(ldt_b, 0, sizeof(ldt_b));
	ldt_b[0][IDX_A] = data_desc(OFF_B, 3);
	ldt_b[0][IDX_B] = data_desc(OFF_A, 3);
	ldt_b[IDX_HIGH / 512][IDX_HIGH % 512] = data_desc(OFF_A, 3);
	ldt_b[IDX_LAST / 512][IDX_LAST % 512] = data_desc(OFF_C, 3);
}

/*
 * ldt_b with @bad at @index, as an LDT of @nr entries: refused, ldt_a
 * stays, and both pages of ldt_b map writable again.
 */
static void bad_ldt_b(const char *what, unsigned int index, u64 bad, u32 nr)
{
	fill_ldt_b();
	ldt_b[index / 512][index % 512] = bad;
	map_ro(ldt_b[0]);
	map_ro(ldt_b[1]);
	set_ldt_refused(what, ldt_b, nr);
	ldt_a_in_force();
	map_rw(ldt_b[0]);
	map_rw(ldt_b[1]);
}

static void refused(void)
{
	u64 code64 = seg_desc(0, 0xfffff, TYPE_CODE, 3, DESC_G | DESC_L);
	u64 gate = sys_desc(TYPE_CALL_GATE, 3, HYPERVISOR_CS, 0x1000);
	u64 ldt = sys_desc(TYPE_LDT, 3, 0, 0);

	bad_ldt_b("64-bit code", IDX_B, code64, LDT_A_ENTRIES);
	bad_ldt_b("call gate to 0xe008", IDX_B, gate, LDT_A_ENTRIES);
	bad_ldt_b("LDT descriptor", IDX_B, ldt, LDT_A_ENTRIES);
	bad_ldt_b("64-bit code in page 2", IDX_HIGH, code64, LDT_B_ENTRIES);
	bad_ldt_b("call gate in page 2", IDX_LAST, gate, LDT_B_ENTRIES);

	/* The second page still writable. */
	fill_ldt_b();
	map_ro(ldt_b[0]);
	set_ldt_refused("page 2 writable", ldt_b, LDT_B_ENTRIES);
	ldt_a_in_force();
	map_rw(ldt_b[0]);

	/* Read-only where it is, but writable through an alias. */
	map_ro(ldt_b[0]);
	pt_map(0, (u32)ldt_b[0] >> PAGE_SHIFT, PTE_KERNEL);
	set_ldt_refused("writable alias", ldt_b, LDT_A_ENTRIES);
	pt_unmap(0);
	ldt_a_in_force();
	map_rw(ldt_b[0]);

	/* The arguments (ABI 3.15). */
	set_ldt_refused("too many entries", ldt_a, MAX_ENTRIES + 1);
	set_ldt_refused("too many entries", ldt_a, 0xffffffff);
	set_ldt_refused("unaligned", &ldt_a[1], LDT_A_ENTRIES);
	set_ldt_refused("unaligned", (u8 *)ldt_a + 0x800, LDT_A_ENTRIES);
	ldt_a_in_force();
	map_rw_refused(ldt_a);
}

/* A two-page LDT instead of ldt_a. */
static void replace(void)
{
	fill_ldt_b();
	map_ro(ldt_b[0]);
	map_ro(ldt_b[1]);
	GUEST_ASSERT_EQ(set_ldt(ldt_b, LDT_B_ENTRIES), 0);
	map_rw_refused(ldt_b[0]);
	map_rw_refused(ldt_b[1]);

	/* ldt_a is no LDT page any more. */
	map_rw(ldt_a);
	ldt_a[IDX_A] = 0;

	read_ok(LSEL3(IDX_A), VALUE_B);
	read_ok(LSEL3(IDX_B), VALUE_A);
	read_ok(LSEL3(IDX_HIGH), VALUE_A);
	read_ok(LSEL3(IDX_LAST), VALUE_C);
	load_gp(LSEL3(LDT_B_ENTRIES));
	load_gp(LSEL3(IDX_HIGH + 1));		/* not present: type 0 */

	/* update_descriptor in the second page. */
	update(&ldt_b[IDX_HIGH / 512][IDX_HIGH % 512], data_desc(OFF_B, 3));
	read_ok(LSEL3(IDX_HIGH), VALUE_B);
	read_ok(LSEL3(IDX_A), VALUE_B);
}

/* 0 entries: no LDT, and the pages are ordinary pages again. */
static void remove(void)
{
	GUEST_ASSERT_EQ(set_ldt(NULL, 0), 0);
	load_gp(LSEL3(IDX_A));
	load_gp(LSEL3(IDX_HIGH));
	map_rw(ldt_b[0]);
	map_rw(ldt_b[1]);
	ldt_b[0][IDX_A] = 0;
	ldt_b[1][0] = 0;
	GUEST_ASSERT_EQ(set_ldt(NULL, 0), 0);
	load_gp(LSEL3(IDX_A));
}

void test_main(void)
{
	BUILD_BUG_ON(LSEL3(IDX_CODE) != LCODE_SEL3);
	BUILD_BUG_ON(LSEL3(IDX_FLAT) != LFLAT_SEL3);

	trap_init();
	user_init();

	fill_ldt_a();
	install_ldt_a();
	use_ldt_a();
	update_ldt_a();
	refused();
	replace();
	remove();
	guest_pass();
}
