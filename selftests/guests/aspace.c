// SPDX-License-Identifier: GPL-2.0
/*
 * aspace: a whole address space built at run time from free frames, then
 * switched to, used and given back.
 *
 * Free frames (past the bootstrap region) are filled through a window:
 * copies of the bootstrap L1s (so the image and the runtime's data keep
 * their VAs), an L2 over them, a user L1 and L2 at 1 GiB (a code page
 * holding a copy of some ring-3 code, a data page), a fresh L2 for L3
 * slot 3 with junk in its hole slots 428-511, and an L3 with junk in
 * slots 4-511.  Entries hold machine frame numbers.
 *
 *  - Pinning the L3 while it is still mapped writable fails (-EINVAL); so
 *    does pinning it while one of the tables under it is, and nothing it
 *    validated on the way stays a table (the frames map writable again).
 *  - Once pinned: L3 entries read back with RW|US added, slots 4-511
 *    zeroed; the slot-3 L2 shows the hole in 428-511, the same entries as
 *    the bootstrap slot-3 L2; none of the new tables maps writable.
 *  - NEW_BASEPTR to it: the code keeps running (console, traps), the
 *    ring-3 code copied to 1 GiB runs and sees its data page; a user page
 *    mapped there with update_va_mapping works from ring 3, and faults
 *    once unmapped (#PF, U) or mapped without U (a write: #PF, P|W|U).
 *  - NEW_BASEPTR back: 1 GiB is unmapped again.
 *  - The same switches batched as Linux's context switch batches them
 *    (hv runs those batches in the fast path): a multicall of
 *    update_descriptor, stack_switch and mmuext_op NEW_BASEPTR with no
 *    "done" counter, each result 0, the descriptor written (accessed bit
 *    set), the new L3 live and ring-3 code running on the new stack; a
 *    refused descriptor (-EINVAL) and a pin/pin/unpin (0, -EINVAL, 0:
 *    none ran twice) in the middle of a multicall, and a multicall of 20
 *    with the switch back at entry 14: every entry runs once, in order,
 *    with its own result; a result that cannot be stored (the list
 *    mapped read-only) ends the multicall with -EFAULT after its entry
 *    took effect.
 *  - Pin and unpin of an L1 in the form hv takes in the fast path (one op,
 *    no "done" counter), alone and in a multicall with update_va_mapping
 *    as Linux batches them: 0, then -EINVAL pinned twice or unpinned
 *    twice; while pinned the frame does not map writable, after the unpin
 *    it does; NEW_BASEPTR to that L1, and a base, pin or unpin of MFN 0
 *    (not ours), in the same form: -EINVAL; an L1 that maps the live L3
 *    writable does not pin (-EINVAL) and stays no table.  The new L3 is
 *    still pinned (not writable); after UNPIN_TABLE every new frame maps
 *    writable again: all the table types were dropped.
 *
 * Result: "hvtest: aspace: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define USER_CODE_VA	0x40000000u
#define USER_DATA_VA	0x40001000u
#define USER_EXTRA_VA	0x40002000u
#define DATA_MAGIC	0x600dc0deu
#define EXTRA_MAGIC	0x5a5a1234u
#define L3_JUNK		0x0000000123456067ull
#define MAX_L1S		8

/*
 * Ring-3 code to copy to USER_CODE_VA (it uses absolute addresses only):
 * data[1] = data[0] + 1, and data[0] back in EBX.
 */
asm(".pushsection .rodata, \"a\"\n"
	"code_tpl:\n\t"
	"mov " __stringify(USER_DATA_VA) ", %ebx\n\t"
	"lea 1(%ebx), %ecx\n\t"
	"mov %ecx, " __stringify(USER_DATA_VA) " + 4\n\t"
	ASM_USER_EXIT
	"code_tpl_end:\n\t"
	".popsection\n");
DECLARE_ASM_LABEL(code_tpl);
DECLARE_ASM_LABEL(code_tpl_end);

/* Ring 3: jump to EAX. */
asm(USER_FUNC(u_jump) "jmp *%eax\n\t" USER_END(u_jump));
DECLARE_ASM_LABEL(u_jump);

asm(USER_PROBE(u_read, "", "mov (%eax), %ebx"));
asm(USER_PROBE(u_write, "", "movl $" __stringify(EXTRA_MAGIC) ", (%eax)"));
DECLARE_USER_PROBE(u_read);
DECLARE_USER_PROBE(u_write);

struct aspace {
	u32 l3, l2, hole_l2, user_l2, user_l1, code, data;
	u32 l1[MAX_L1S];
	unsigned int nr_l1;
};

static struct aspace as;

static void copy_l1(unsigned int slot, u64 *boot_l2)
{
	u64 *l1 = pt_map(0, as.l1[as.nr_l1], PTE_KERNEL);
	unsigned int w;

	memcpy(l1, pt_table(boot_l2[slot]), PAGE_SIZE);
	/* The windows: unmapped in the copy (one maps this frame now). */
	for (w = 0; w < PT_WINDOWS; w++)
		if (pt_window_va(w) >> 21 == slot)
			l1[(pt_window_va(w) >> PAGE_SHIFT) & 511] = 0;
	pt_unmap(0);
}

static void build(void)
{
	u64 *boot_l3 = pt_boot_l3(), *boot_l2 = pt_table(boot_l3[0]);
	u64 *t;
	unsigned int i;

	/* The bootstrap region is below 1 GiB: only L3 slots 0 and 3. */
	GUEST_ASSERT(boot_l3[0] & _PAGE_PRESENT);
	GUEST_ASSERT(!(boot_l3[1] & _PAGE_PRESENT));
	GUEST_ASSERT(boot_l3[3] & _PAGE_PRESENT);

	as.l2 = pt_alloc_zeroed();
	for (i = 0; i < 512; i++) {
		if (!(boot_l2[i] & _PAGE_PRESENT))
			continue;
		GUEST_ASSERT(as.nr_l1 < MAX_L1S);
		as.l1[as.nr_l1] = pt_alloc();
		copy_l1(i, boot_l2);
		t = pt_map(0, as.l2, PTE_KERNEL);
		t[i] = pt_pte(as.l1[as.nr_l1], boot_l2[i] & ~PTE_MFN_MASK);
		as.nr_l1++;
	}
	GUEST_ASSERT(as.nr_l1);

	as.code = pt_alloc_zeroed();
	memcpy(pt_map(0, as.code, PTE_KERNEL), (const void *)code_tpl,
	       (u32)code_tpl_end - (u32)code_tpl);
	as.data = pt_alloc_zeroed();
	*(u32 *)pt_map(0, as.data, PTE_KERNEL) = DATA_MAGIC;

	as.user_l1 = pt_alloc_zeroed();
	t = pt_map(0, as.user_l1, PTE_KERNEL);
	t[(USER_CODE_VA >> PAGE_SHIFT) & 511] = pt_pte(as.code, PTE_USER_RO);
	t[(USER_DATA_VA >> PAGE_SHIFT) & 511] = pt_pte(as.data, PTE_USER);
	as.user_l2 = pt_alloc_zeroed();
	t = pt_map(0, as.user_l2, PTE_KERNEL);
	t[(USER_CODE_VA >> 21) & 511] = pt_pte(as.user_l1, PTE_TABLE);

	/* Junk in the hole slots: the hypervisor's, never validated. */
	as.hole_l2 = pt_alloc_zeroed();
	t = pt_map(0, as.hole_l2, PTE_KERNEL);
	for (i = HOLE_L2_SLOT; i < 512; i++)
		t[i] = PTE_KERNEL | (u64)i << PAGE_SHIFT;

	/* Only P in the L3 entries; junk past slot 3. */
	as.l3 = pt_alloc_zeroed();
	t = pt_map(0, as.l3, PTE_KERNEL);
	t[0] = pt_pte(as.l2, _PAGE_PRESENT);
	t[1] = pt_pte(as.user_l2, _PAGE_PRESENT);
	t[3] = pt_pte(as.hole_l2, _PAGE_PRESENT);
	t[4] = L3_JUNK;
	t[511] = L3_JUNK;
	/* Window 0 still maps the L3 writable. */
}

/* Whether frame @pfn takes a writable mapping now (then drop it). */
static long map_writable(u32 pfn)
{
	long rc = hypercall_update_va_mapping(pt_window_va(2),
					      pt_pte(pfn, PTE_KERNEL),
					      UVMF_INVLPG);

	if (!rc)
		pt_unmap(2);
	return rc;
}

/* Every frame of the new tables; @want: what mapping one writable gives. */
static void check_tables_writable(long want)
{
	unsigned int i;

	GUEST_ASSERT_EQ(map_writable(as.l3), want);
	GUEST_ASSERT_EQ(map_writable(as.l2), want);
	GUEST_ASSERT_EQ(map_writable(as.hole_l2), want);
	GUEST_ASSERT_EQ(map_writable(as.user_l2), want);
	GUEST_ASSERT_EQ(map_writable(as.user_l1), want);
	for (i = 0; i < as.nr_l1; i++)
		GUEST_ASSERT_EQ(map_writable(as.l1[i]), want);
}

static void pin(void)
{
	u64 *boot_hole = pt_table(pt_boot_l3()[3]);
	const u64 *t;
	unsigned int i;

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L3_TABLE, as.l3), -EINVAL);
	guest_info("pinning an L3 mapped writable: -EINVAL");

	/* A table deep under it writable: refused, nothing left behind. */
	pt_map(0, as.hole_l2, PTE_KERNEL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L3_TABLE, as.l3), -EINVAL);
	pt_unmap(0);
	check_tables_writable(0);
	guest_info("pinning with the slot-3 L2 mapped writable: -EINVAL, rolled back");

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L3_TABLE, as.l3), 0);

	/* Read-only mappings of tables are fine. */
	t = pt_map(0, as.l3, _PAGE_PRESENT | _PAGE_ACCESSED);
	GUEST_ASSERT_EQ(t[0], pt_pte(as.l2, _PAGE_PRESENT | _PAGE_RW |
				     _PAGE_USER | _PAGE_ACCESSED));
	GUEST_ASSERT_EQ(t[1] & (_PAGE_RW | _PAGE_USER), _PAGE_RW | _PAGE_USER);
	GUEST_ASSERT_EQ(t[2], 0);
	GUEST_ASSERT_EQ(t[3] & (_PAGE_RW | _PAGE_USER), _PAGE_RW | _PAGE_USER);
	for (i = 4; i < 512; i++)
		GUEST_ASSERT_EQ(t[i], 0);

	t = pt_map(0, as.hole_l2, _PAGE_PRESENT | _PAGE_ACCESSED);
	for (i = 0; i < HOLE_L2_SLOT; i++)
		GUEST_ASSERT_EQ(t[i], 0);
	for (i = HOLE_L2_SLOT; i < 512; i++)
		GUEST_ASSERT_EQ(t[i], boot_hole[i]);
	GUEST_ASSERT(t[HOLE_L2_SLOT] & _PAGE_PRESENT);
	pt_unmap(0);

	check_tables_writable(-EINVAL);
	guest_info("pinned: %u L1 copies, L3 slots 4-511 zeroed, hole shown",
		   as.nr_l1);
}

/* A ring-3 access to @va faults with #PF, error @err, CR2 @va. */
static void user_fault(void (*probe)(void), u32 insn, u32 va, u32 err)
{
	trap_reset();
	exec_user(probe, va);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, err, insn, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
}

static void use(void)
{
	u32 extra_pfn = pt_alloc_zeroed();

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_NEW_BASEPTR, as.l3), 0);
	guest_info("running on the new L3");

	/* Ring-1 code, data, traps and hypercalls still work. */
	GUEST_ASSERT_EQ(peek32(USER_DATA_VA), DATA_MAGIC);
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_jump, USER_CODE_VA), DATA_MAGIC);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(peek32(USER_DATA_VA + 4), DATA_MAGIC + 1);

	set_pte(USER_EXTRA_VA, pt_pte(extra_pfn, PTE_USER));
	trap_reset();
	exec_user(u_write, USER_EXTRA_VA);
	GUEST_ASSERT_EQ(exec_user(u_read, USER_EXTRA_VA), EXTRA_MAGIC);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(peek32(USER_EXTRA_VA), EXTRA_MAGIC);

	set_pte(USER_EXTRA_VA, 0);
	user_fault(u_read, (u32)u_read_insn, USER_EXTRA_VA, PFEC_USER);
	set_pte(USER_EXTRA_VA, pt_pte(extra_pfn, PTE_KERNEL));
	user_fault(u_write, (u32)u_write_insn, USER_EXTRA_VA,
		   PFEC_USER | PFEC_WRITE | PFEC_PRESENT);
	GUEST_ASSERT_EQ(peek32(USER_EXTRA_VA), EXTRA_MAGIC);
	set_pte(USER_EXTRA_VA, 0);
	guest_info("ring-3 code ran at %p; user pages mapped and unmapped",
		   (void *)USER_CODE_VA);

	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_NEW_BASEPTR,
				   virt_to_mfn(pt_boot_l3())), 0);
	GUEST_ASSERT(!va_mapped(USER_DATA_VA));
	user_fault(u_read, (u32)u_read_insn, USER_DATA_VA, PFEC_USER);
	guest_info("back on the bootstrap L3");
}

static u64 desc_page[512] __aligned(PAGE_SIZE);
static struct multicall_entry mc_ro[PAGE_SIZE / 32] __aligned(PAGE_SIZE);

#define DESC_DATA3	0x00cff2000000ff00ull	/* flat data, DPL 3 */
#define DESC_ACCESSED	BIT_ULL(40)
#define DESC_TSS	0x0000890000000067ull	/* a system descriptor */
#define MC_POISON	0x0badca11u

static u64 desc_ma(unsigned int slot)
{
	return (u64)virt_to_mfn(desc_page) << PAGE_SHIFT | slot * 8;
}

static struct multicall_entry mc_desc(unsigned int slot, u64 desc)
{
	u64 ma = desc_ma(slot);

	return (struct multicall_entry){ __HYPERVISOR_update_descriptor,
		MC_POISON, { (u32)ma, ma >> 32, (u32)desc, desc >> 32 } };
}

static struct multicall_entry mc_ext(const struct mmuext_op *op,
				     u32 *done)
{
	return (struct multicall_entry){ __HYPERVISOR_mmuext_op, MC_POISON,
		{ (u32)op, 1, (u32)done, DOMID_SELF } };
}

static void mc_results(const struct multicall_entry *mc, unsigned int n,
		       const long *want)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((long)mc[i].result != want[i])
			guest_fail("multicall entry %u (op %u): %ld, want %ld",
				   i, mc[i].op, (long)mc[i].result, want[i]);
}

static void switch_batched(void)
{
	struct mmuext_op to_new = { .cmd = MMUEXT_NEW_BASEPTR,
				    .arg1 = pfn_to_mfn(as.l3) };
	struct mmuext_op to_boot = { .cmd = MMUEXT_NEW_BASEPTR,
				     .arg1 = virt_to_mfn(pt_boot_l3()) };
	u32 l1 = pt_alloc_zeroed(), done = 0, i;
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE,
				 .arg1 = pfn_to_mfn(l1) };
	struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE,
				   .arg1 = pfn_to_mfn(l1) };
	struct multicall_entry sw[] = {
		mc_desc(0, DESC_DATA3),
		{ __HYPERVISOR_stack_switch, MC_POISON,
		  { FLAT_RING1_SS, (u32)trap_stack_top } },
		mc_ext(&to_new, NULL),
	};
	struct multicall_entry mixed[] = {
		mc_desc(1, DESC_DATA3 | 1), mc_desc(2, DESC_TSS),
		mc_desc(3, DESC_DATA3 | 3), mc_ext(&pin, &done),
		mc_ext(&pin, NULL), mc_ext(&unpin, NULL),
		mc_desc(4, DESC_DATA3 | 4),
	};
	static const long mixed_want[] = { 0, -EINVAL, 0, 0, -EINVAL, 0, 0 };
	struct multicall_entry back[20];
	long back_want[20] = { 0 };

	GUEST_ASSERT_EQ(hypercall_multicall(sw, ARRAY_SIZE(sw)), 0);
	mc_results(sw, ARRAY_SIZE(sw), back_want);
	GUEST_ASSERT_EQ(desc_page[0], DESC_DATA3 | DESC_ACCESSED);
	GUEST_ASSERT_EQ(peek32(USER_DATA_VA), DATA_MAGIC);
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_jump, USER_CODE_VA), DATA_MAGIC);
	GUEST_ASSERT_NO_TRAP();

	GUEST_ASSERT_EQ(hypercall_multicall(mixed, ARRAY_SIZE(mixed)), 0);
	mc_results(mixed, ARRAY_SIZE(mixed), mixed_want);
	GUEST_ASSERT_EQ(done, 1);
	GUEST_ASSERT_EQ(desc_page[2], 0);
	for (i = 1; i <= 4; i++)
		if (i != 2)
			GUEST_ASSERT_EQ(desc_page[i],
					DESC_DATA3 | i | DESC_ACCESSED);

	for (i = 0; i < ARRAY_SIZE(back); i++)
		back[i] = i == 14 ? mc_ext(&to_boot, NULL) :
				    mc_desc(8 + i, DESC_DATA3 | i);
	GUEST_ASSERT_EQ(hypercall_multicall(back, ARRAY_SIZE(back)), 0);
	mc_results(back, ARRAY_SIZE(back), back_want);
	for (i = 0; i < ARRAY_SIZE(back); i++)
		if (i != 14)
			GUEST_ASSERT_EQ(desc_page[8 + i],
					DESC_DATA3 | i | DESC_ACCESSED);
	GUEST_ASSERT(!va_mapped(USER_DATA_VA));

	/* A result hv cannot store: -EFAULT, the entry done all the same. */
	mc_ro[0] = mc_desc(40, DESC_DATA3 | 40);
	set_pte((u32)mc_ro, *pte_of((u32)mc_ro) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_multicall(mc_ro, 1), -EFAULT);
	set_pte((u32)mc_ro, *pte_of((u32)mc_ro) | _PAGE_RW);
	GUEST_ASSERT_EQ(mc_ro[0].result, MC_POISON);
	GUEST_ASSERT_EQ(desc_page[40], DESC_DATA3 | 40 | DESC_ACCESSED);
	guest_info("batched switches: 3, 7 and 20 entries, each result its own");
}

static long ext_fast(u32 cmd, u32 pfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = pfn_to_mfn(pfn) };

	return hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void pin_fast(void)
{
	u32 l1 = pt_alloc_zeroed(), bad = pt_alloc_zeroed();
	struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE,
				 .arg1 = pfn_to_mfn(l1) };
	struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE,
				   .arg1 = pfn_to_mfn(l1) };
	u64 *t;
	struct multicall_entry mc[] = {
		{ __HYPERVISOR_update_va_mapping, MC_POISON,
		  { pt_window_va(2), 0, 0, UVMF_INVLPG } },
		mc_ext(&pin, NULL), mc_ext(&pin, NULL), mc_ext(&unpin, NULL),
		mc_ext(&unpin, NULL),
		{ __HYPERVISOR_update_va_mapping, MC_POISON,
		  { pt_window_va(2), 0, 0, UVMF_INVLPG } },
	};
	static const long want[] = { 0, 0, -EINVAL, 0, -EINVAL, 0 };
	u64 pte = pt_pte(l1, PTE_KERNEL);

	GUEST_ASSERT_EQ(ext_fast(MMUEXT_PIN_L1_TABLE, l1), 0);
	GUEST_ASSERT_EQ(ext_fast(MMUEXT_PIN_L1_TABLE, l1), -EINVAL);
	GUEST_ASSERT_EQ(map_writable(l1), -EINVAL);
	/* Refused in this form too: a base that is an L1, frames not ours */
	GUEST_ASSERT_EQ(ext_fast(MMUEXT_NEW_BASEPTR, l1), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&(struct mmuext_op){
				.cmd = MMUEXT_NEW_BASEPTR, .arg1 = 0 },
			1, NULL, DOMID_SELF), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&(struct mmuext_op){
				.cmd = MMUEXT_PIN_L1_TABLE, .arg1 = 0 },
			1, NULL, DOMID_SELF), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&(struct mmuext_op){
				.cmd = MMUEXT_UNPIN_TABLE, .arg1 = 0 },
			1, NULL, DOMID_SELF), -EINVAL);
	GUEST_ASSERT_EQ(ext_fast(MMUEXT_UNPIN_TABLE, l1), 0);
	GUEST_ASSERT_EQ(ext_fast(MMUEXT_UNPIN_TABLE, l1), -EINVAL);
	GUEST_ASSERT_EQ(map_writable(l1), 0);

	/* Linux's alloc/release of a page-table page, in one multicall */
	pt_map(2, l1, PTE_KERNEL);
	mc[0].args[1] = (u32)(pte & ~(u64)_PAGE_RW);
	mc[0].args[2] = (pte & ~(u64)_PAGE_RW) >> 32;
	mc[5].args[1] = (u32)pte;
	mc[5].args[2] = pte >> 32;
	GUEST_ASSERT_EQ(hypercall_multicall(mc, ARRAY_SIZE(mc)), 0);
	mc_results(mc, ARRAY_SIZE(mc), want);
	GUEST_ASSERT(*pte_of(pt_window_va(2)) & _PAGE_RW);
	pt_unmap(2);

	/* Its entry maps the live L3 writable: refused, no table made. */
	t = pt_map(2, bad, PTE_KERNEL);
	t[7] = pt_pte(as.l3, PTE_KERNEL);
	pt_unmap(2);
	GUEST_ASSERT_EQ(ext_fast(MMUEXT_PIN_L1_TABLE, bad), -EINVAL);
	GUEST_ASSERT_EQ(map_writable(bad), 0);
	guest_info("L1 pinned and unpinned in one op, and in a multicall");
}

static void release(void)
{
	/* Still pinned: still tables. */
	check_tables_writable(-EINVAL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, as.l3), 0);
	check_tables_writable(0);
	GUEST_ASSERT_EQ(map_writable(as.code), 0);
	GUEST_ASSERT_EQ(map_writable(as.data), 0);
	/* And the L3 validates again from scratch. */
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L3_TABLE, as.l3), 0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, as.l3), 0);
	check_tables_writable(0);
	guest_info("unpinned: every table frame maps writable again");
}

void test_main(void)
{
	trap_init();
	map_shared_info();
	user_init();
	pt_init();

	build();
	pin();
	use();
	switch_batched();
	pin_fast();
	release();
	guest_pass();
}
