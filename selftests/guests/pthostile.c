// SPDX-License-Identifier: GPL-2.0
/*
 * pthostile: page-table requests the hypervisor must refuse, each with
 * the ABI's error (5.6, 3.2, 3.8, 3.15), leaving the entry or frame as it
 * was and the guest running.  One "refused" line per case; a wrong answer
 * prints a "WRONG" line instead, the rest still runs, and the guest fails
 * at the end.
 *
 *  - Page-table frames mapped writable (update_va_mapping, mmu_update):
 *    L1, L2, the slot-3 L2, L3; a GDT frame (or written by mmu_update,
 *    or pinned); and the other way round: pinning (L1/L2/L3) a frame
 *    mapped writable, a table over one, an L1 mapping itself writable,
 *    an L2 whose L1 maps the L2 writable, an L2 naming itself.
 *  - Refused bits: L1 G, PWT, PCD, PAT, bit 62, an address above the
 *    host's physical width, a non-present entry naming host RAM; L2
 *    PSE, G, PCD; L3 NX, PSE, G, PCD, bit 52.
 *  - Frames that are not ours (not in the P2M): MFN 0, 1, the M2P's
 *    max_mfn and the first one above our own (-EPERM).
 *  - The hole: update_va_mapping there or where no L1 is; L3 slots 3
 *    and up of the current L3; slots 428-511 of the slot-3 L2 (-EPERM).
 *  - Linear tables: L2 entries naming an L2 or the L3, L3 entries naming
 *    the L3 or the slot-3 L2.
 *  - Pins: twice, as another type, unpin twice or never pinned, pin or
 *    unpin the live slot-3 L2; L3s whose slot 3 is the live slot-3 L2, a
 *    pinned L2, or an L2 also in slot 0, or with the live slot-3 L2 in
 *    slot 0.
 *  - NEW_BASEPTR to an L1, an L2, the slot-3 L2 or a writable frame.
 *  - mmu_update sub-commands 4-7 and unknown mmuext_op commands
 *    (-ENOSYS), a foreign domain (-ESRCH).
 *
 * Accepted, with the guest still running: unpinning the current base (the
 * base keeps its type; pinning it again works), read-only mappings of
 * tables, slot 427 of the slot-3 L2, available bits 9-11 and 52-61 in an
 * L1 (the page works from ring 3), non-present L1 entries as Linux writes
 * them for PROT_NONE and swap (address bits inverted, above host RAM),
 * one L2 in two L3 slots.
 *
 * Last, as Xen has them: an L3 without slot 3 does not pin; a table
 * frame, pin, unpin or base pointer that is not ours is -EINVAL in
 * mmu_update and mmuext_op ("bad frame"); and a hypercall writes guest
 * memory as the guest could (CR0.WP): not through an L2 entry without
 * RW, even if the L1 entry has RW (-EFAULT).
 *
 * Result: "hvtest: pthostile: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define NO_L1_VA	0x30000000u	/* L3 slot 0, no L1 there */
#define HOLE_L1_VA	0xf5600000u	/* slot 427 of the slot-3 L2 */
#define TOP_PAGE	0xfffff000u
#define M2P_MAX_MFN	0x297ffffu
#define BIT62		BIT_ULL(62)
#define BIT51		BIT_ULL(51)
#define BIT52		BIT_ULL(52)
#define NX		BIT_ULL(63)
#define PTE_AVL		(0xe00ull | 0x07f0000000000000ull)	/* 9-11, 52-58 */
#define PTE_PKEY	0x3800000000000000ull			/* 59-61 */
#define MAGIC		0x0dd1ce00u

asm(USER_PROBE(u_read, "", "mov (%eax), %ebx"));
DECLARE_USER_PROBE(u_read);

static u64 gdt_page[512] __aligned(PAGE_SIZE);

static unsigned int nr_refused, nr_wrong;
static u64 *boot_l3, *boot_l2, *hole_l2;
static u32 l3_pfn, l2_pfn, hole_pfn, l1_pfn, win;

/*
 * A wrong answer is reported and counted, and the rest still runs; the
 * guest fails at the end if there was any.
 */
static void refusal(const char *what, long rc, long want)
{
	nr_refused++;
	if (rc != want) {
		guest_info("WRONG: %s: got %ld, want %ld", what, rc, want);
		nr_wrong++;
		return;
	}
	guest_info("refused: %s: %ld", what, rc);
}

/* update_va_mapping of the (unmapped) window; it stays unmapped. */
static void refused_uvm(const char *what, u64 pte, long want)
{
	refusal(what, hypercall_update_va_mapping(win, pte, UVMF_INVLPG),
		want);
	GUEST_ASSERT_EQ(*pte_of(win), 0);
}

/*
 * mmu_update of @entry, an entry in the region (NULL: foreign ptr): once
 * with no "done" counter, the form hv takes in the fast path (one L1
 * entry), once with one, which only the host path takes.  Both refuse it
 * alike and leave the entry as it was.
 */
static void refused_mmu(const char *what, const u64 *entry, u64 ptr,
			u64 val, long want)
{
	struct mmu_update req = { .ptr = ptr, .val = val };
	u64 old = entry ? *entry : 0;

	refusal(what, hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), want);
	if (entry)
		GUEST_ASSERT_EQ(*entry, old);
	refusal(what, pt_update(ptr, val), want);
	if (entry)
		GUEST_ASSERT_EQ(*entry, old);
}

static void refused_entry(const char *what, u64 *entry, u64 val, long want)
{
	refused_mmu(what, entry, pt_ma(entry), val, want);
}

/* A free frame holding @e0 in slot 0 and @e3 in slot 3, unmapped. */
static u32 table(u64 e0, u64 e3)
{
	u32 pfn = pt_alloc_zeroed();
	u64 *t = pt_map(0, pfn, PTE_KERNEL);

	t[0] = e0;
	t[3] = e3;
	pt_unmap(0);
	return pfn;
}

static void writable_tables(void)
{
	u64 *win_pte = (u64 *)pte_of(win);

	refused_uvm("L1 mapped writable (update_va_mapping)",
		    pt_pte(l1_pfn, PTE_KERNEL), -EINVAL);
	refused_uvm("L2 mapped writable (update_va_mapping)",
		    pt_pte(l2_pfn, PTE_KERNEL), -EINVAL);
	refused_uvm("slot-3 L2 mapped writable (update_va_mapping)",
		    pt_pte(hole_pfn, PTE_KERNEL), -EINVAL);
	refused_uvm("L3 mapped writable (update_va_mapping)",
		    pt_pte(l3_pfn, PTE_KERNEL), -EINVAL);
	refused_entry("L1 mapped writable (mmu_update)", win_pte,
		      pt_pte(l1_pfn, PTE_KERNEL), -EINVAL);
	refused_entry("L3 mapped writable (mmu_update)", win_pte,
		      pt_pte(l3_pfn, PTE_KERNEL), -EINVAL);

	/* Read-only is fine. */
	pt_map(2, l1_pfn, _PAGE_PRESENT | _PAGE_ACCESSED);
	GUEST_ASSERT_EQ(((u64 *)win)[256], pt_table(boot_l2[0])[256]);
	pt_unmap(2);
}

static void pins(void)
{
	u32 p = pt_alloc_zeroed(), w = pt_alloc_zeroed(), never;

	pt_map(2, p, PTE_KERNEL);
	refusal("pin L1 mapped writable", pt_ext(MMUEXT_PIN_L1_TABLE, p),
		-EINVAL);
	refusal("pin L2 mapped writable", pt_ext(MMUEXT_PIN_L2_TABLE, p),
		-EINVAL);
	refusal("pin L3 mapped writable", pt_ext(MMUEXT_PIN_L3_TABLE, p),
		-EINVAL);
	pt_unmap(2);

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, p), 0);
	refusal("pin L1 twice", pt_ext(MMUEXT_PIN_L1_TABLE, p), -EINVAL);
	refusal("pin a pinned L1 as L2", pt_ext(MMUEXT_PIN_L2_TABLE, p),
		-EINVAL);
	refused_uvm("pinned L1 mapped writable", pt_pte(p, PTE_KERNEL),
		    -EINVAL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, p), 0);
	refusal("unpin twice", pt_ext(MMUEXT_UNPIN_TABLE, p), -EINVAL);
	never = pt_alloc_zeroed();
	refusal("unpin a frame never pinned",
		pt_ext(MMUEXT_UNPIN_TABLE, never), -EINVAL);
	refusal("unpin a live L2 that is not pinned",
		pt_ext(MMUEXT_UNPIN_TABLE, l2_pfn), -EINVAL);
	refusal("pin the bootstrap L3 again",
		pt_ext(MMUEXT_PIN_L3_TABLE, l3_pfn), -EINVAL);
	refusal("pin a live L2 as L1", pt_ext(MMUEXT_PIN_L1_TABLE, l2_pfn),
		-EINVAL);

	p = table(pt_pte(never, PTE_KERNEL | _PAGE_GLOBAL), 0);
	refusal("pin L1 with a G entry", pt_ext(MMUEXT_PIN_L1_TABLE, p),
		-EINVAL);
	/* An L2 over a frame mapped writable (in window 1). */
	p = table(pt_pte(w, PTE_TABLE), 0);
	pt_map(1, w, PTE_KERNEL);
	refusal("pin L2 over a frame mapped writable",
		pt_ext(MMUEXT_PIN_L2_TABLE, p), -EINVAL);
	pt_unmap(1);

	/* Tables that would map themselves writable. */
	p = pt_alloc_zeroed();
	((u64 *)pt_map(0, p, PTE_KERNEL))[0] = pt_pte(p, PTE_KERNEL);
	pt_unmap(0);
	refusal("pin L1 mapping itself writable",
		pt_ext(MMUEXT_PIN_L1_TABLE, p), -EINVAL);
	never = pt_alloc_zeroed();
	((u64 *)pt_map(0, never, PTE_KERNEL))[0] = pt_pte(p, PTE_KERNEL);
	((u64 *)pt_map(0, p, PTE_KERNEL))[0] = pt_pte(never, PTE_TABLE);
	pt_unmap(0);
	refusal("pin L2 whose L1 maps the L2 writable",
		pt_ext(MMUEXT_PIN_L2_TABLE, p), -EINVAL);
	((u64 *)pt_map(0, p, PTE_KERNEL))[0] = pt_pte(p, PTE_TABLE);
	pt_unmap(0);
	refusal("pin L2 naming itself", pt_ext(MMUEXT_PIN_L2_TABLE, p),
		-EINVAL);

	refusal("pin the live slot-3 L2",
		pt_ext(MMUEXT_PIN_L2_TABLE, hole_pfn), -EINVAL);
	refusal("unpin the live slot-3 L2",
		pt_ext(MMUEXT_UNPIN_TABLE, hole_pfn), -EINVAL);

	/* Nothing left behind: all just memory. */
	pt_map(1, p, PTE_KERNEL);
	pt_map(1, w, PTE_KERNEL);
	pt_map(1, never, PTE_KERNEL);
	pt_unmap(1);
}

static void bits(void)
{
	u32 f = pt_alloc_zeroed(), l1 = pt_alloc_zeroed();
	u32 l2 = pt_alloc_zeroed(), phys = host_phys_bits();
	u64 *l2e = &boot_l2[NO_L1_VA >> 21], *l3e = &boot_l3[1];
	u64 pte = pt_pte(f, PTE_KERNEL);

	refused_uvm("L1 entry with G", pte | _PAGE_GLOBAL, -EINVAL);
	refused_uvm("L1 entry with PWT", pte | _PAGE_PWT, -EINVAL);
	refused_uvm("L1 entry with PCD", pte | _PAGE_PCD, -EINVAL);
	refused_uvm("L1 entry with PAT", pte | _PAGE_PSE, -EINVAL);
	refused_uvm("L1 entry with bit 62", pte | BIT62, -EINVAL);
	if (phys < 52)
		refused_uvm("L1 entry with bit 51 (above the host's width)",
			    pte | BIT51, -EINVAL);
	refused_uvm("non-present L1 entry naming host RAM (L1TF)",
		    pte & ~(u64)_PAGE_PRESENT, -EINVAL);
	if (phys < 52)
		refused_uvm("non-present L1 entry naming RAM below bit 51",
			    (pte & ~(u64)_PAGE_PRESENT) | BIT51, -EINVAL);

	pte = pt_pte(l1, PTE_TABLE);
	refused_entry("L2 entry with PSE", l2e, pte | _PAGE_PSE, -EINVAL);
	refused_entry("L2 entry with G", l2e, pte | _PAGE_GLOBAL, -EINVAL);
	refused_entry("L2 entry with PCD", l2e, pte | _PAGE_PCD, -EINVAL);
	GUEST_ASSERT_EQ(pt_update(pt_ma(l2e), pte), 0);
	GUEST_ASSERT_EQ(pt_update(pt_ma(l2e), 0), 0);

	pte = pt_pte(l2, _PAGE_PRESENT);
	refused_entry("L3 entry with NX", l3e, pte | NX, -EINVAL);
	refused_entry("L3 entry with PSE", l3e, pte | _PAGE_PSE, -EINVAL);
	refused_entry("L3 entry with G", l3e, pte | _PAGE_GLOBAL, -EINVAL);
	refused_entry("L3 entry with PCD", l3e, pte | _PAGE_PCD, -EINVAL);
	refused_entry("L3 entry with bit 52", l3e, pte | BIT52, -EINVAL);
	GUEST_ASSERT_EQ(pt_update(pt_ma(l3e), pte), 0);
	GUEST_ASSERT_EQ(*l3e, pte | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED);
	GUEST_ASSERT_EQ(pt_update(pt_ma(l3e), 0), 0);
}

/* The first machine frame above @mfn that is not in the P2M. */
static u32 foreign_above(u32 mfn)
{
	const u32 *p2m = (const u32 *)start_info->mfn_list;
	u32 i;

	for (mfn++;; mfn++) {
		for (i = 0; i < start_info->nr_pages && p2m[i] != mfn; i++)
			;
		if (i == start_info->nr_pages)
			return mfn;
	}
}

static void foreign(void)
{
	const u32 *p2m = (const u32 *)start_info->mfn_list;
	u32 i, top = 0, phys = host_phys_bits();
	u64 pte = _PAGE_PRESENT | _PAGE_ACCESSED;

	for (i = 0; i < start_info->nr_pages; i++) {
		GUEST_ASSERT(p2m[i] > 1);
		if (p2m[i] > top)
			top = p2m[i];
	}
	refused_uvm("MFN 0 mapped", pte, -EPERM);
	refused_uvm("MFN 1 mapped writable", 1ull << PAGE_SHIFT | PTE_KERNEL,
		    -EPERM);
	if (top < M2P_MAX_MFN && phys >= 38)
		refused_uvm("max_mfn mapped", (u64)M2P_MAX_MFN << PAGE_SHIFT |
			    pte, -EPERM);
	refused_uvm("the MFN above our highest mapped",
		    (u64)foreign_above(top) << PAGE_SHIFT | pte, -EPERM);
	refused_entry("MFN 0 mapped (mmu_update)", (u64 *)pte_of(win),
		      PTE_KERNEL, -EPERM);
}

static void hole(void)
{
	u64 pte = pt_pte(pt_alloc_zeroed(), PTE_KERNEL);
	u32 l1 = pt_alloc_zeroed();

	refusal("update_va_mapping at the M2P",
		hypercall_update_va_mapping(HYPERVISOR_VIRT_START, pte,
					    UVMF_INVLPG), -EINVAL);
	refusal("update_va_mapping at 0xfffff000",
		hypercall_update_va_mapping(TOP_PAGE, pte, UVMF_INVLPG),
		-EINVAL);
	refusal("update_va_mapping where no L1 is",
		hypercall_update_va_mapping(NO_L1_VA, pte, UVMF_INVLPG),
		-EINVAL);
	refused_entry("L3 slot 3 rewritten as it is", &boot_l3[3],
		      boot_l3[3], -EINVAL);
	refused_entry("L3 slot 3 cleared", &boot_l3[3], 0, -EINVAL);
	refused_entry("L3 slot 4", &boot_l3[4], 0, -EINVAL);
	refused_entry("L3 slot 511", &boot_l3[511], 0, -EINVAL);
	refused_entry("slot-3 L2 slot 428 cleared", &hole_l2[HOLE_L2_SLOT],
		      0, -EPERM);
	refused_entry("slot-3 L2 slot 428 rewritten as it is",
		      &hole_l2[HOLE_L2_SLOT], hole_l2[HOLE_L2_SLOT], -EPERM);
	refused_entry("slot-3 L2 slot 511", &hole_l2[511], 0, -EPERM);

	/* Slot 427, just below the hole, is ours. */
	GUEST_ASSERT_EQ(pt_update(pt_ma(&hole_l2[427]),
				  pt_pte(l1, PTE_TABLE)), 0);
	set_pte(HOLE_L1_VA, pte);
	poke32(HOLE_L1_VA, MAGIC);
	GUEST_ASSERT_EQ(peek32(HOLE_L1_VA), MAGIC);
	set_pte(HOLE_L1_VA, 0);
	GUEST_ASSERT_EQ(pt_update(pt_ma(&hole_l2[427]), 0), 0);
}

static void linear_tables(void)
{
	u64 *l2e = &boot_l2[NO_L1_VA >> 21], *l3e = &boot_l3[1];

	refused_entry("L2 entry naming its own L2 (linear)", l2e,
		      pt_pte(l2_pfn, PTE_USER_RO), -EINVAL);
	refused_entry("L2 entry naming the slot-3 L2", l2e,
		      pt_pte(hole_pfn, PTE_USER_RO), -EINVAL);
	refused_entry("L2 entry naming the L3", l2e,
		      pt_pte(l3_pfn, PTE_USER_RO), -EINVAL);
	refused_entry("L3 entry naming its own L3 (recursive)", l3e,
		      pt_pte(l3_pfn, _PAGE_PRESENT), -EINVAL);
	refused_entry("L3 entry naming the slot-3 L2", l3e,
		      pt_pte(hole_pfn, _PAGE_PRESENT), -EINVAL);
}

static void l3_rules(void)
{
	u32 l2 = pt_alloc_zeroed(), pinned = pt_alloc_zeroed(), l3;

	l3 = table(boot_l3[0], pt_pte(hole_pfn, _PAGE_PRESENT));
	refusal("pin L3 whose slot 3 is the live slot-3 L2",
		pt_ext(MMUEXT_PIN_L3_TABLE, l3), -EINVAL);
	refusal("NEW_BASEPTR to it", pt_ext(MMUEXT_NEW_BASEPTR, l3), -EINVAL);

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L2_TABLE, pinned), 0);
	l3 = table(boot_l3[0], pt_pte(pinned, _PAGE_PRESENT));
	refusal("pin L3 whose slot 3 is a pinned L2",
		pt_ext(MMUEXT_PIN_L3_TABLE, l3), -EINVAL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, pinned), 0);

	l3 = table(pt_pte(l2, _PAGE_PRESENT), pt_pte(l2, _PAGE_PRESENT));
	refusal("pin L3 with one L2 in slots 0 and 3",
		pt_ext(MMUEXT_PIN_L3_TABLE, l3), -EINVAL);
	l3 = table(pt_pte(hole_pfn, _PAGE_PRESENT), pt_pte(l2, _PAGE_PRESENT));
	refusal("pin L3 with the live slot-3 L2 in slot 0",
		pt_ext(MMUEXT_PIN_L3_TABLE, l3), -EINVAL);

	/* None of it stuck: the L2 is no table. */
	pt_map(1, l2, PTE_KERNEL);
	pt_unmap(1);
}

static void gdt(void)
{
	u32 frame = virt_to_mfn(gdt_page);

	set_pte((u32)gdt_page, *pte_of((u32)gdt_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, 16), 0);
	refusal("GDT frame mapped writable",
		hypercall_update_va_mapping((u32)gdt_page,
					    pt_pte((u32)gdt_page >> PAGE_SHIFT,
						   PTE_KERNEL), UVMF_INVLPG),
		-EINVAL);
	GUEST_ASSERT(!(*pte_of((u32)gdt_page) & _PAGE_RW));
	refused_mmu("mmu_update into a GDT frame", NULL, pt_ma(gdt_page), 0,
		    -EINVAL);
	refusal("pin a GDT frame as L1",
		pt_ext_mfn(MMUEXT_PIN_L1_TABLE, frame), -EINVAL);
}

static void baseptr(void)
{
	u32 w = pt_alloc_zeroed();

	refusal("NEW_BASEPTR to an L1", pt_ext(MMUEXT_NEW_BASEPTR, l1_pfn),
		-EINVAL);
	refusal("NEW_BASEPTR to an L2", pt_ext(MMUEXT_NEW_BASEPTR, l2_pfn),
		-EINVAL);
	refusal("NEW_BASEPTR to the slot-3 L2",
		pt_ext(MMUEXT_NEW_BASEPTR, hole_pfn), -EINVAL);
	pt_map(1, w, PTE_KERNEL);
	refusal("NEW_BASEPTR to a frame mapped writable",
		pt_ext(MMUEXT_NEW_BASEPTR, w), -EINVAL);
	pt_unmap(1);
}

/* Xen lets the current base be unpinned: it holds its own reference. */
static void unpin_base(void)
{
	u32 ip;

	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, l3_pfn), 0);
	guest_info("unpinned the current base: still running");
	trap_reset();
	asm volatile(ASM_TRY("mov (%[va]), %%eax")
		     : [ip] "=&r" (ip) : [va] "r" (win) : "eax", "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, 0, ip, FLAT_RING1_CS);
	refused_uvm("unpinned base mapped writable",
		    pt_pte(l3_pfn, PTE_KERNEL), -EINVAL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L3_TABLE, l3_pfn), 0);
	refusal("pin the base again", pt_ext(MMUEXT_PIN_L3_TABLE, l3_pfn),
		-EINVAL);
}

static void misc(void)
{
	static const char * const subcmd[] = {
		"mmu_update sub-command 4", "mmu_update sub-command 5",
		"mmu_update sub-command 6", "mmu_update sub-command 7",
	};
	struct mmu_update req = { .ptr = pt_ma(pte_of(win)), .val = 0 };
	struct mmuext_op op = { .cmd = 99 };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(subcmd); i++) {
		req.ptr = pt_ma(pte_of(win)) | (4 + i);
		refusal(subcmd[i],
			hypercall_mmu_update(&req, 1, NULL, DOMID_SELF),
			-XEN_ENOSYS);
	}
	refusal("mmuext_op command 99",
		hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF), -XEN_ENOSYS);
	req.ptr = pt_ma(pte_of(win));
	refusal("mmu_update for domain 5",
		hypercall_mmu_update(&req, 1, NULL, 5), -ESRCH);
	/* The fast path's form, its one request where it cannot be read. */
	refusal("mmu_update, no done, request on an unmapped page",
		hypercall_mmu_update((void *)win, 1, NULL, DOMID_SELF),
		-EFAULT);
	refusal("mmu_update, no done, request across 4 GiB",
		hypercall_mmu_update((void *)0xfffffff8, 1, NULL, DOMID_SELF),
		-EFAULT);
	refusal("mmu_update, no done, request in the hole",
		hypercall_mmu_update((void *)0xf5800000, 1, NULL, DOMID_SELF),
		-EFAULT);
}

/*
 * The form of mmu_update the fast path takes (one L1 entry, no "done"):
 * it maps and unmaps, and, as on Xen, the guest flushes what it changed.
 */
static void fast_update(void)
{
	struct mmu_update req = { .ptr = pt_ma(pte_of(win)) };
	struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL, .arg1 = win };
	u32 f = pt_alloc_zeroed();

	*(u32 *)pt_map(2, f, PTE_KERNEL) = MAGIC + 1;
	pt_unmap(2);
	req.val = pt_pte(f, PTE_USER);
	GUEST_ASSERT_EQ(hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0);
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_read, win), MAGIC + 1);
	GUEST_ASSERT_NO_TRAP();
	req.val = 0;
	GUEST_ASSERT_EQ(hypercall_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(*pte_of(win), 0);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&flush, 1, NULL, DOMID_SELF), 0);
	guest_info("mmu_update of one L1 entry, no done: maps, unmaps");
}

/* Available bits are the guest's: accepted, and the page works. */
static void allowed(void)
{
	u32 f = pt_alloc_zeroed();
	u64 pte = pt_pte(f, PTE_USER);

	*(u32 *)pt_map(2, f, PTE_KERNEL) = MAGIC;
	trap_reset();
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(win, pte | PTE_AVL,
						    UVMF_INVLPG), 0);
	GUEST_ASSERT_EQ(exec_user(u_read, win), MAGIC);
	GUEST_ASSERT_NO_TRAP();
	guest_info("L1 bits 9-11, 52-58 accepted; ring 3 reads the page");
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(win, pte | PTE_PKEY,
						    UVMF_INVLPG), 0);
	GUEST_ASSERT_EQ(exec_user(u_read, win), MAGIC);
	GUEST_ASSERT_NO_TRAP();
	guest_info("L1 bits 59-61 accepted; ring 3 reads the page");
	pt_unmap(2);
	fast_update();
}

/*
 * Non-present L1 entries with content, as Linux writes them for PROT_NONE
 * (address bits inverted, bit 8 set) and swap (inverted offset, type in
 * bits 59-63): accepted by update_va_mapping and mmu_update, stored as
 * given, and the page faults as not present.  Naming RAM, refused above.
 */
static void not_present(void)
{
	u32 f = pt_alloc_zeroed(), ip;
	u64 addr = 0x000ffffffffff000ull;
	u64 prot_none = (~pt_pte(f, 0) & addr) | BIT_ULL(8) | _PAGE_USER |
			_PAGE_RW | _PAGE_ACCESSED;
	u64 swap = (~(12345ull << 13) & addr & ~0x1fffull) | 3ull << 59;

	GUEST_ASSERT_EQ(hypercall_update_va_mapping(win, prot_none,
						    UVMF_INVLPG), 0);
	GUEST_ASSERT_EQ(*pte_of(win), prot_none);
	trap_reset();
	asm volatile(ASM_TRY("movl (%[va]), %%eax")
		     : [ip] "=&r" (ip) : [va] "r" (win) : "eax", "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(pt_update(pt_ma(pte_of(win)), swap), 0);
	GUEST_ASSERT_EQ(*pte_of(win), swap);
	/* And back to a present page, and to nothing. */
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(win, pt_pte(f, PTE_KERNEL),
						    UVMF_INVLPG), 0);
	GUEST_ASSERT_EQ(*(u32 *)win, 0);
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(win, 0, UVMF_INVLPG), 0);
	guest_info("non-present L1 entries of PROT_NONE and swap accepted");
}

/* An L2 shared by two L3 slots: VA + 1 GiB aliases VA. */
static void l2_alias(void)
{
	static u32 probe = MAGIC;

	GUEST_ASSERT_EQ(pt_update(pt_ma(&boot_l3[1]), boot_l3[0]), 0);
	GUEST_ASSERT_EQ(peek32((u32)&probe + (1u << 30)), MAGIC);
	GUEST_ASSERT_EQ(pt_update(pt_ma(&boot_l3[1]), 0), 0);
	guest_info("one L2 in L3 slots 0 and 1: accepted, aliases");
}

/*
 * Xen's answers where hv may differ: checked last.  Besides the errors
 * for frames that are not ours and the L3 slot-3 rule, a hypercall
 * writes guest memory as the guest could (CR0.WP): not through an L2
 * entry without RW, even if the L1 entry has it.
 */
static void as_xen(void)
{
	u32 l3 = table(boot_l3[0], 0), l1 = pt_alloc_zeroed();
	u64 *l2e = &boot_l2[NO_L1_VA >> 21];
	struct xen_machphys_mapping *mm = (void *)NO_L1_VA;
	u32 ip;

	refusal("mmu_update into a frame not ours",
		pt_update(0, 0), -EINVAL);
	refusal("pin L1 of a frame not ours",
		pt_ext_mfn(MMUEXT_PIN_L1_TABLE, 0), -EINVAL);
	refusal("unpin a frame not ours",
		pt_ext_mfn(MMUEXT_UNPIN_TABLE, 0), -EINVAL);
	refusal("NEW_BASEPTR to a frame not ours",
		pt_ext_mfn(MMUEXT_NEW_BASEPTR, 0), -EINVAL);
	refusal("pin L3 without slot 3", pt_ext(MMUEXT_PIN_L3_TABLE, l3),
		-EINVAL);

	GUEST_ASSERT_EQ(pt_update(pt_ma(l2e), pt_pte(l1, PTE_USER_RO)), 0);
	set_pte(NO_L1_VA, pt_pte(pt_alloc_zeroed(), PTE_KERNEL));
	trap_reset();
	asm volatile(ASM_TRY("movl $0, (%[va])")
		     : [ip] "=&r" (ip) : [va] "r" (NO_L1_VA) : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE, ip,
			  FLAT_RING1_CS);
	refusal("hypercall output to a page read-only by its L2 entry",
		hypercall_memory_op(XENMEM_machphys_mapping, mm), -EFAULT);
	GUEST_ASSERT_EQ(pt_update(pt_ma(l2e), 0), 0);
}

void test_main(void)
{
	trap_init();
	map_shared_info();
	user_init();
	pt_init();

	boot_l3 = pt_boot_l3();
	l3_pfn = (u32)boot_l3 >> PAGE_SHIFT;
	boot_l2 = pt_table(boot_l3[0]);
	l2_pfn = pt_entry_pfn(boot_l3[0]);
	hole_l2 = pt_table(boot_l3[3]);
	hole_pfn = pt_entry_pfn(boot_l3[3]);
	l1_pfn = pt_entry_pfn(boot_l2[0]);
	win = pt_window_va(2);

	writable_tables();
	pins();
	bits();
	foreign();
	hole();
	linear_tables();
	l3_rules();
	gdt();
	baseptr();
	unpin_base();
	misc();
	allowed();
	not_present();
	l2_alias();
	as_xen();
	if (nr_wrong)
		guest_fail("%u of %u refusals with the wrong answer (WRONG lines)",
			   nr_wrong, nr_refused);
	guest_info("%u refusals, each with its error; still running",
		   nr_refused);
	guest_pass();
}
