// SPDX-License-Identifier: GPL-2.0
/*
 * gnttab: grant tables, version 1 (3.19), as a single guest can see them.
 * One line per case: "gnttab: ok: WHAT (RESULT)", or "gnttab: WRONG:
 * WHAT: got X, want Y"; the rest still runs and the guest fails at the end
 * if any was wrong.
 *
 *  - get_version, query_size, set_version (1 only: 2 is -ENOSYS, others
 *    -EINVAL, the version in force written back); our own domain id is
 *    the one get_version does not refuse.
 *  - setup_table refused: more frames than the maximum, a frame list past
 *    4 GiB, in or across the hole, unmapped; other and unknown domains;
 *    count 2 (count 0 does nothing); the argument itself unmapped, in the
 *    hole, read-only.  Then 4 frames: not ours, mapped writable like
 *    shared_info, and never a table, GDT or descriptor frame, nor an L2
 *    entry's target, nor an M2P or base pointer.
 *  - copy through grants to ourselves: data moved both ways, the status
 *    bits clear afterwards; refused with their statuses: a read-only grant
 *    written, grants to another domain, the host or of the wrong type,
 *    refs past the table, frames not ours (a grant frame, shared_info, 0,
 *    ~0), our L1, L3 and GDT frames written (read is fine), offsets and
 *    lengths past the page, unknown domains, frame numbers of another
 *    domain; a grant revoked, then reused for another frame; a frame
 *    written through a grant can become an L1 afterwards, and an L1
 *    cannot be written through one.  Batches: a failed op among good ones,
 *    an array running onto an unmapped page or into the hole, a copy in a
 *    multicall, 1024 copies of a page (continued as needed).
 *  - Commands: map_grant_ref and the other unimplemented ones -ENOSYS,
 *    continuation bits -EINVAL, negative counts -EINVAL.
 *
 * Result: "hvtest: gnttab: PASS".
 */
#include "gnttab.h"
#include "mm.h"
#include "pt.h"
#include "test.h"

#define NO_L1_VA	0x30000000u	/* L3 slot 0, no L1 there */
#define HOLE		0xf5800000u
#define FREE_L2_SLOT	384		/* NO_L1_VA's slot in the boot L2 */
#define NR_FRAMES	4
#define MANY		1024

static u8 table_va[NR_FRAMES][PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 page_a[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 page_b[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static u64 gdt_page[512] __aligned(PAGE_SIZE);
static u8 ops_pages[2][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct gnttab_copy many[MANY];
static u64 l1_before[512];

static struct grant_entry_v1 *gt;
static u32 mfns[NR_FRAMES], me;
static unsigned int nr_ok, nr_wrong;

static void check(const char *what, long got, long want)
{
	if (got == want) {
		nr_ok++;
		guest_info("ok: %s (%ld)", what, got);
		return;
	}
	nr_wrong++;
	guest_info("WRONG: %s: got %ld, want %ld", what, got, want);
}

static long gnttab(u32 cmd, void *uop, u32 count)
{
	return hypercall_grant_table_op(cmd, uop, count);
}

/* --- versions and sizes --- */

static void versions(void)
{
	struct gnttab_get_version gv = { .dom = DOMID_SELF };
	struct gnttab_query_size qs = { .dom = DOMID_SELF };
	u32 ver;

	check("get_version", gnttab(GNTTABOP_get_version, &gv, 1), 0);
	check("get_version: 1", gv.version, 1);
	check("query_size", gnttab(GNTTABOP_query_size, &qs, 1), 0);
	check("query_size: status", qs.status, GNTST_okay);
	check("query_size: 1 frame at first", qs.nr_frames, 1);
	check("query_size: at most 4", qs.max_nr_frames, NR_FRAMES);

	ver = 1;
	check("set_version 1", gnttab(GNTTABOP_set_version, &ver, 1), 0);
	ver = 2;
	check("set_version 2", gnttab(GNTTABOP_set_version, &ver, 1),
	      -XEN_ENOSYS);
	check("set_version 2: 1 in force", ver, 1);
	ver = 0;
	check("set_version 0", gnttab(GNTTABOP_set_version, &ver, 1),
	      -EINVAL);
	ver = 3;
	check("set_version 3", gnttab(GNTTABOP_set_version, &ver, 1),
	      -EINVAL);
	check("set_version 3: 1 in force", ver, 1);
	check("set_version in the hole",
	      gnttab(GNTTABOP_set_version, (void *)HOLE, 1), -EFAULT);

	me = gnttab_own_domid();
	guest_info("domid %u", me);
	gv.dom = me;
	check("get_version by our id", gnttab(GNTTABOP_get_version, &gv, 1),
	      0);
	gv.dom = DOMID_MAX;
	check("get_version: unknown domain",
	      gnttab(GNTTABOP_get_version, &gv, 1), -ESRCH);
	qs.dom = DOMID_MAX;
	check("query_size: unknown domain", gnttab(GNTTABOP_query_size, &qs, 1),
	      0);
	check("query_size: unknown domain: status", qs.status,
	      GNTST_bad_domain);
	qs.dom = DOMID_SELF;
	check("query_size: count 2", gnttab(GNTTABOP_query_size, &qs, 2),
	      -EINVAL);
	check("query_size: count < 0",
	      gnttab(GNTTABOP_query_size, &qs, 0x80000000u), -EINVAL);
	check("query_size: unmapped",
	      gnttab(GNTTABOP_query_size, (void *)NO_L1_VA, 1), -EFAULT);
}

/* --- setup_table --- */

/* Whether machine frame @mfn is in our P2M. */
static bool ours(u32 mfn)
{
	u32 pfn;

	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (((u32 *)start_info->mfn_list)[pfn] == mfn)
			return true;
	return false;
}

static long setup(u16 dom, u32 nr, u32 list, u32 count, s16 *status)
{
	struct gnttab_setup_table st = {
		.dom = dom, .nr_frames = nr, .frame_list = list,
		.status = 0x5555,
	};
	long rc = gnttab(GNTTABOP_setup_table, &st, count);

	*status = st.status;
	return rc;
}

static void setup_status(const char *what, u16 dom, u32 nr, u32 list,
			 s16 want)
{
	s16 status;

	check(what, setup(dom, nr, list, 1, &status), 0);
	check(what, status, want);
}

static void table_setup(void)
{
	u32 list[NR_FRAMES + 1];
	struct gnttab_copy op = {
		.source = { 512, DOMID_SELF, 0 },
		.dest = { virt_to_mfn(page_b), DOMID_SELF, 0 },
		.len = 8, .flags = GNTCOPY_source_gref,
	};
	s16 status;
	u32 i;

	check("copy: ref 512 of a one-frame table",
	      gnttab(GNTTABOP_copy, &op, 1), 0);
	check("copy: ref 512 of a one-frame table: status", op.status,
	      GNTST_bad_gntref);

	setup_status("setup_table: 5 frames", DOMID_SELF, 5, (u32)list,
		     GNTST_general_error);
	check("setup_table: 2^32-1 frames",
	      setup(DOMID_SELF, 0xffffffff, (u32)list, 1, &status), -EFAULT);
	check("setup_table: list in the hole",
	      setup(DOMID_SELF, 1, HOLE, 1, &status), -EFAULT);
	check("setup_table: list across the hole",
	      setup(DOMID_SELF, 2, HOLE - 4, 1, &status), -EFAULT);
	setup_status("setup_table: list unmapped", DOMID_SELF, 1, NO_L1_VA,
		     GNTST_bad_virt_addr);
	setup_status("setup_table: list read-only", DOMID_SELF, 1,
		     (u32)ro_page, GNTST_bad_virt_addr);
	setup_status("setup_table: unknown domain", DOMID_MAX, 1, (u32)list,
		     GNTST_bad_domain);
	setup_status("setup_table: domain 0", 0, 1, (u32)list,
		     GNTST_bad_domain);
	setup_status("setup_table: DOMID_IO", DOMID_IO, 1, (u32)list,
		     GNTST_bad_domain);
	check("setup_table: count 2",
	      setup(DOMID_SELF, 1, (u32)list, 2, &status), -EINVAL);
	check("setup_table: count 0", setup(DOMID_SELF, 1, (u32)list, 0,
					    &status), 0);
	check("setup_table: count 0 writes nothing", status, 0x5555);
	check("setup_table: argument unmapped",
	      gnttab(GNTTABOP_setup_table, (void *)NO_L1_VA, 1), -EFAULT);
	check("setup_table: argument in the hole",
	      gnttab(GNTTABOP_setup_table, (void *)HOLE, 1), -EFAULT);
	check("setup_table: argument at 0xfffffff8",
	      gnttab(GNTTABOP_setup_table, (void *)0xfffffff8u, 1), -EFAULT);
	check("setup_table: argument read-only",
	      gnttab(GNTTABOP_setup_table, ro_page, 1), -EFAULT);

	gt = gnttab_map_table(table_va, NR_FRAMES, mfns);
	for (i = 0; i < NR_FRAMES; i++) {
		GUEST_ASSERT(!ours(mfns[i]));
		GUEST_ASSERT(mfns[i] != start_info->shared_info >> PAGE_SHIFT);
	}
	for (i = 0; i < NR_FRAMES * GNT_PER_FRAME; i++)
		GUEST_ASSERT(!gt[i].flags && !gt[i].domid && !gt[i].frame);
	check("setup_table: 4 frames, mapped writable, all entries empty", 0,
	      0);
	setup_status("setup_table: 1 frame again", DOMID_SELF, 1, (u32)list,
		     GNTST_okay);
	check("setup_table: the same first frame", list[0], mfns[0]);
}

/* The grant frames: mapped as shared_info is, never anything else. */
static void table_frames(void)
{
	struct {
		u64 mfn;
		u32 offset, rsvd;
	} vi = { mfns[1], 0, 0 };
	u32 l2_pfn = pt_entry_pfn(pt_boot_l3()[0]);
	u64 ma = (u64)mfns[1] << PAGE_SHIFT;

	check("grant frame as L1", pt_ext_mfn(MMUEXT_PIN_L1_TABLE, mfns[1]),
	      -EINVAL);
	check("grant frame as L2", pt_ext_mfn(MMUEXT_PIN_L2_TABLE, mfns[1]),
	      -EINVAL);
	check("grant frame as L3", pt_ext_mfn(MMUEXT_PIN_L3_TABLE, mfns[1]),
	      -EINVAL);
	check("grant frame as base pointer",
	      pt_ext_mfn(MMUEXT_NEW_BASEPTR, mfns[1]), -EINVAL);
	check("grant frame as GDT", hypercall_set_gdt(&mfns[1], 1), -EINVAL);
	check("update_descriptor in a grant frame",
	      hypercall_update_descriptor(ma, 0x00cf92000000ffffull), -EINVAL);
	check("mmu_update into a grant frame", pt_update(ma, 0), -EINVAL);
	check("M2P update of a grant frame",
	      pt_update(ma | MMU_MACHPHYS_UPDATE, 0), -EINVAL);
	check("an L2 entry naming a grant frame",
	      pt_update(pt_slot_ma(l2_pfn, FREE_L2_SLOT), ma | PTE_TABLE),
	      -EPERM);
	check("vcpu_info in a grant frame",
	      hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &vi), -EINVAL);
	check("grant frame mapped read-only",
	      hypercall_update_va_mapping((u32)table_va[1],
					  ma | _PAGE_PRESENT | _PAGE_ACCESSED,
					  UVMF_INVLPG), 0);
	set_pte((u32)table_va[1], ma | PTE_KERNEL);
}

/* --- copy --- */

static void fill(u8 *p, u8 seed)
{
	u32 i;

	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = seed + i * 7;
}

/* Whether L1 @t holds what l1_before does, but for the CPU's A/D bits. */
static bool same_l1(const u64 *t)
{
	u32 i;

	for (i = 0; i < 512; i++)
		if ((t[i] ^ l1_before[i]) & ~(u64)(_PAGE_ACCESSED | _PAGE_DIRTY))
			return false;
	return true;
}

/* One copy from @src to @dst (flags say which are grants); its status. */
static s16 copy1(u32 src, u16 sdom, u16 soff, u32 dst, u16 ddom, u16 doff,
		 u16 len, u16 flags)
{
	struct gnttab_copy op = {
		.source = { src, sdom, soff }, .dest = { dst, ddom, doff },
		.len = len, .flags = flags, .status = 0x5555,
	};

	GUEST_ASSERT_EQ(gnttab(GNTTABOP_copy, &op, 1), 0);
	return op.status;
}

/* Read grant @ref (of ours) into page_b. */
static s16 read_ref(u32 ref)
{
	return copy1(ref, DOMID_SELF, 0, virt_to_mfn(page_b), DOMID_SELF, 0,
		     PAGE_SIZE, GNTCOPY_source_gref);
}

/* Write page_b into grant @ref (of ours). */
static s16 write_ref(u32 ref)
{
	return copy1(virt_to_mfn(page_b), DOMID_SELF, 0, ref, DOMID_SELF, 0,
		     PAGE_SIZE, GNTCOPY_dest_gref);
}

static void copy_basic(void)
{
	u32 a = virt_to_mfn(page_a), b = virt_to_mfn(page_b);

	fill(page_a, 1);
	fill(page_b, 2);
	gnttab_grant(gt, 10, me, a, GTF_permit_access);
	check("copy: our grant to a frame of ours",
	      copy1(10, DOMID_SELF, 100, b, DOMID_SELF, 200, 300,
		    GNTCOPY_source_gref), GNTST_okay);
	check("copy: the bytes arrived", !memcmp(page_b + 200, page_a + 100,
						 300), 1);
	check("copy: the bytes around stayed",
	      page_b[199] == (u8)(2 + 199 * 7) &&
	      page_b[500] == (u8)(2 + 500 * 7), 1);
	check("copy: status bits clear after a read", gt[10].flags,
	      GTF_permit_access);
	check("copy: into our grant",
	      copy1(b, DOMID_SELF, 0, 10, DOMID_SELF, 8, 16,
		    GNTCOPY_dest_gref), GNTST_okay);
	check("copy: written", !memcmp(page_a + 8, page_b, 16), 1);
	check("copy: status bits clear after a write", gt[10].flags,
	      GTF_permit_access);
	check("copy: grant to grant, our id, overlapping",
	      copy1(10, me, 0, 10, me, 1, 100,
		    GNTCOPY_source_gref | GNTCOPY_dest_gref), GNTST_okay);
	check("copy: the entry unchanged", gt[10].domid == me &&
	      gt[10].frame == a && gt[10].flags == GTF_permit_access, 1);
	check("copy: whole page", copy1(a, DOMID_SELF, 0, b, DOMID_SELF, 0,
					PAGE_SIZE, 0), GNTST_okay);
	check("copy: whole page arrived", !memcmp(page_a, page_b, PAGE_SIZE),
	      1);
	check("copy: 0 bytes", copy1(a, DOMID_SELF, 4096 - 1, b, DOMID_SELF,
				     4096 - 1, 0, 0), GNTST_okay);
	gnttab_grant(gt, 13, me, a, GTF_permit_access | GTF_sub_page);
	check("copy: sub_page ignored by a copy of a v1 entry", read_ref(13),
	      GNTST_okay);
}

static void copy_refused(void)
{
	u32 a = virt_to_mfn(page_a), b = virt_to_mfn(page_b);
	void *l1_va = (void *)((u32)pte_of((u32)page_a) & PAGE_MASK);
	u32 l1 = virt_to_mfn(l1_va), l3 = virt_to_mfn(pt_boot_l3());
	u32 gdt_mfn = virt_to_mfn(gdt_page);

	fill(page_a, 3);
	gnttab_grant(gt, 11, me, a, GTF_permit_access | GTF_readonly);
	check("copy: read a read-only grant", read_ref(11), GNTST_okay);
	check("copy: write a read-only grant", write_ref(11),
	      GNTST_general_error);
	check("copy: read-only grant: frame unchanged", page_a[5],
	      (u8)(3 + 5 * 7));
	check("copy: read-only grant: no status bits left", gt[11].flags,
	      GTF_permit_access | GTF_readonly);

	gnttab_grant(gt, 12, me + 1, a, GTF_permit_access);
	check("copy: a grant to another domain", read_ref(12),
	      GNTST_general_error);
	gt[12].domid = 0;
	check("copy: a grant to the host's back ends", read_ref(12),
	      GNTST_general_error);
	check("copy: no status bits on a refused grant", gt[12].flags,
	      GTF_permit_access);
	gnttab_grant(gt, 13, me, a, GTF_invalid);
	check("copy: an invalid entry", read_ref(13), GNTST_general_error);
	gt[13].flags = GTF_accept_transfer;
	check("copy: an accept-transfer entry", read_ref(13),
	      GNTST_general_error);
	gt[13].flags = GTF_transitive;
	check("copy: a transitive entry (v2 only)", read_ref(13),
	      GNTST_general_error);

	check("copy: ref 2048", read_ref(NR_FRAMES * GNT_PER_FRAME),
	      GNTST_bad_gntref);
	check("copy: ref 2^32-1", read_ref(0xffffffff), GNTST_bad_gntref);
	check("copy: bad ref before bad offsets",
	      copy1(0xffffffff, DOMID_SELF, 4000, b, DOMID_SELF, 0, 200,
		    GNTCOPY_source_gref), GNTST_bad_gntref);

	gnttab_grant(gt, 14, me, mfns[0], GTF_permit_access);
	check("copy: a grant of a grant frame", read_ref(14), GNTST_bad_page);
	gt[14].frame = start_info->shared_info >> PAGE_SHIFT;
	check("copy: a grant of shared_info", read_ref(14), GNTST_bad_page);
	gt[14].frame = 0;
	check("copy: a grant of MFN 0", read_ref(14), GNTST_bad_page);
	gt[14].frame = 0xffffffff;
	check("copy: a grant of MFN 2^32-1", read_ref(14), GNTST_bad_page);
	check("copy: bad page: no status bits left", gt[14].flags,
	      GTF_permit_access);
	check("copy: from a grant frame by number",
	      copy1(mfns[0], DOMID_SELF, 0, b, DOMID_SELF, 0, 8, 0),
	      GNTST_bad_page);
	check("copy: into shared_info by number",
	      copy1(a, DOMID_SELF, 0, start_info->shared_info >> PAGE_SHIFT,
		    DOMID_SELF, 0, 8, 0), GNTST_bad_page);

	memcpy(l1_before, l1_va, PAGE_SIZE);
	gnttab_grant(gt, 15, me, l1, GTF_permit_access);
	check("copy: read an L1 through a grant", read_ref(15), GNTST_okay);
	check("copy: write an L1 through a grant", write_ref(15),
	      GNTST_general_error);
	check("copy: write an L1 by number",
	      copy1(b, DOMID_SELF, 0, l1, DOMID_SELF, 0, 8, 0),
	      GNTST_general_error);
	check("copy: the L1 unchanged (but for A/D bits)", same_l1(l1_va), 1);
	check("copy: write an L1: no status bits left", gt[15].flags,
	      GTF_permit_access);
	gt[15].frame = l3;
	check("copy: write the L3 through a grant", write_ref(15),
	      GNTST_general_error);
	check("copy: read the L3 by number",
	      copy1(l3, DOMID_SELF, 0, b, DOMID_SELF, 0, 32, 0), GNTST_okay);

	gt[15].frame = gdt_mfn;
	set_pte((u32)gdt_page, *pte_of((u32)gdt_page) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&gdt_mfn, 16), 0);
	check("copy: write a GDT frame through a grant", write_ref(15),
	      GNTST_general_error);
	check("copy: read a GDT frame through a grant", read_ref(15),
	      GNTST_okay);
	GUEST_ASSERT_EQ(hypercall_set_gdt(NULL, 0), 0);
	check("copy: write a former GDT frame", write_ref(15), GNTST_okay);

	check("copy: source offset 4000, 200 bytes",
	      copy1(a, DOMID_SELF, 4000, b, DOMID_SELF, 0, 200, 0),
	      GNTST_bad_copy_arg);
	check("copy: dest offset 0xffff",
	      copy1(a, DOMID_SELF, 0, b, DOMID_SELF, 0xffff, 1, 0),
	      GNTST_bad_copy_arg);
	check("copy: 0xffff bytes",
	      copy1(10, DOMID_SELF, 0, b, DOMID_SELF, 0, 0xffff,
		    GNTCOPY_source_gref), GNTST_bad_copy_arg);
	check("copy: 4097 bytes",
	      copy1(a, DOMID_SELF, 0, 10, DOMID_SELF, 0, 4097,
		    GNTCOPY_dest_gref), GNTST_bad_copy_arg);
	check("copy: bad offsets leave no status bits", gt[10].flags,
	      GTF_permit_access);

	check("copy: a grant of an unknown domain",
	      copy1(10, DOMID_MAX, 0, b, DOMID_SELF, 0, 8,
		    GNTCOPY_source_gref), GNTST_bad_domain);
	check("copy: a grant of DOMID_IO",
	      copy1(a, DOMID_SELF, 0, 10, DOMID_IO, 0, 8, GNTCOPY_dest_gref),
	      GNTST_bad_domain);
	check("copy: a grant of domain 0",
	      copy1(10, 0, 0, b, DOMID_SELF, 0, 8, GNTCOPY_source_gref),
	      GNTST_bad_domain);
	check("copy: a frame number with our id, not DOMID_SELF",
	      copy1(a, me, 0, b, DOMID_SELF, 0, 8, 0),
	      GNTST_permission_denied);
	check("copy: a frame number of an unknown domain",
	      copy1(a, DOMID_SELF, 0, b, DOMID_MAX, 0, 8, 0),
	      GNTST_permission_denied);
}

/* Revoke an unused grant as the ABI says: cmpxchg of the flags to 0. */
static bool revoke(u32 ref)
{
	u16 old = gt[ref].flags, seen;

	if (old & (GTF_reading | GTF_writing))
		return false;
	asm volatile("lock cmpxchgw %2, %1" : "=a" (seen), "+m" (gt[ref].flags)
		     : "r" ((u16)0), "0" (old) : "memory");
	return seen == old;
}

static void copy_revoke_reuse(void)
{
	u32 a = virt_to_mfn(page_a), b = virt_to_mfn(page_b);
	u32 p = pt_alloc_zeroed();

	fill(page_a, 4);
	gnttab_grant(gt, 16, me, a, GTF_permit_access);
	check("revoke: in use before", read_ref(16), GNTST_okay);
	fill(page_b, 5);
	check("revoke: the guest's cmpxchg succeeds", revoke(16), 1);
	check("revoke: a revoked grant", read_ref(16), GNTST_general_error);
	gnttab_grant(gt, 16, me, b, GTF_permit_access | GTF_readonly);
	fill(page_a, 6);
	check("reuse: another frame, read-only",
	      copy1(16, DOMID_SELF, 0, a, DOMID_SELF, 0, PAGE_SIZE,
		    GNTCOPY_source_gref), GNTST_okay);
	check("reuse: the new frame was read", page_a[9], (u8)(5 + 9 * 7));
	check("reuse: and it is read-only now", write_ref(16),
	      GNTST_general_error);

	/* A write hold ends with the copy: the frame may become an L1. */
	gnttab_grant(gt, 17, me, pfn_to_mfn(p), GTF_permit_access);
	memset(page_b, 0, PAGE_SIZE);
	check("hold: zero a frame through a grant", write_ref(17), GNTST_okay);
	check("hold: then it pins as an L1", pt_ext(MMUEXT_PIN_L1_TABLE, p), 0);
	check("hold: an L1 is not written through a grant", write_ref(17),
	      GNTST_general_error);
	check("hold: but read", read_ref(17), GNTST_okay);
	check("hold: unpinned", pt_ext(MMUEXT_UNPIN_TABLE, p), 0);
	check("hold: written again", write_ref(17), GNTST_okay);
	check("hold: no status bits left", gt[17].flags, GTF_permit_access);
}

static void copy_batches(void)
{
	struct gnttab_copy *op = (void *)(ops_pages[0] + PAGE_SIZE - sizeof(*op));
	struct gnttab_copy ops[3];
	struct multicall_entry mc[1];
	u32 a = virt_to_mfn(page_a), b = virt_to_mfn(page_b), i;

	for (i = 0; i < 3; i++)
		ops[i] = (struct gnttab_copy){
			.source = { 10, DOMID_SELF, 0 },
			.dest = { b, DOMID_SELF, 0 }, .len = 64,
			.flags = GNTCOPY_source_gref, .status = 0x5555,
		};
	ops[1].source.ref = 0xffffffff;
	check("batch: one bad op among three",
	      gnttab(GNTTABOP_copy, ops, 3), 0);
	check("batch: statuses 0, bad_gntref, 0", ops[0].status == 0 &&
	      ops[1].status == GNTST_bad_gntref && ops[2].status == 0, 1);

	set_pte((u32)ops_pages[1], 0);
	*op = ops[0];
	op->status = 0x5555;
	check("batch: running onto an unmapped page",
	      gnttab(GNTTABOP_copy, op, 2), -EFAULT);
	check("batch: the op before it done", op->status, 0);
	check("batch: ending in the hole",
	      gnttab(GNTTABOP_copy, (void *)(HOLE - sizeof(*op)), 2), -EFAULT);
	check("batch: 2^31 ops", gnttab(GNTTABOP_copy, ops, 0x80000000u),
	      -EFAULT);
	check("batch: no op", gnttab(GNTTABOP_copy, (void *)HOLE, 0), 0);

	ops[0].status = 0x5555;
	mc[0] = (struct multicall_entry){
		.op = __HYPERVISOR_grant_table_op,
		.args = { GNTTABOP_copy, (u32)ops, 1 },
	};
	check("multicall: a copy", hypercall_multicall(mc, 1), 0);
	check("multicall: its result and status", mc[0].result == 0 &&
	      ops[0].status == 0, 1);

	fill(page_a, 7);
	for (i = 0; i < MANY; i++)
		many[i] = (struct gnttab_copy){
			.source = { i & 1 ? 10 : a, DOMID_SELF, 0 },
			.dest = { b, DOMID_SELF, 0 }, .len = PAGE_SIZE,
			.flags = i & 1 ? GNTCOPY_source_gref : 0,
			.status = 0x5555,
		};
	check("batch: 1024 copies of a page", gnttab(GNTTABOP_copy, many, MANY),
	      0);
	for (i = 0; i < MANY && !many[i].status; i++)
		;
	check("batch: 1024 statuses 0", i, MANY);
	check("batch: grant 10 left clear", gt[10].flags, GTF_permit_access);
}

static void commands(void)
{
	static const u32 enosys[] = { 0, 1, 3, 4, 7, 9, 11, 12, 13, 0xfff,
				      0x100c };
	u32 i, arg[8] = { 0 };

	for (i = 0; i < ARRAY_SIZE(enosys); i++)
		check("unimplemented command", gnttab(enosys[i], arg, 1),
		      -XEN_ENOSYS);
	check("continuation bits on copy", gnttab(0x1000 | GNTTABOP_copy, arg,
						  1), -EINVAL);
	check("continuation bits on query_size",
	      gnttab(0x80000000u | GNTTABOP_query_size, arg, 1), -EINVAL);
	check("map_grant_ref, count < 0",
	      gnttab(GNTTABOP_map_grant_ref, arg, 0xffffffff), -EINVAL);
}

void test_main(void)
{
	trap_init();
	map_shared_info();
	pt_init();
	set_pte((u32)ro_page, *pte_of((u32)ro_page) & ~(u64)_PAGE_RW);

	versions();
	table_setup();
	table_frames();
	copy_basic();
	copy_refused();
	copy_revoke_reuse();
	copy_batches();
	commands();

	guest_info("%u cases right, %u wrong", nr_ok, nr_wrong);
	GUEST_ASSERT_EQ(nr_wrong, 0);
	guest_pass();
}
