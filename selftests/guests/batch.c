// SPDX-License-Identifier: GPL-2.0
/*
 * batch: batched page-table updates, multicalls and memory_op.
 *
 *  - One mmu_update of 512 requests fills a live L1 (hooked in at 512
 *    MiB): 0 returned, "done" 512, each VA maps its own frame; one more
 *    batch of 512 clears it.
 *  - A batch of 200 whose request 100 is bad - it maps the live L1 itself
 *    writable (-EINVAL), maps a frame that is not ours (-EPERM), or
 *    writes into a frame that is not ours (-EINVAL, Xen's "bad frame":
 *    checked last) - returns that error with "done" 100: requests 0-99
 *    applied, 100-199 not.
 *  - Long batches, which may be preempted and continued: mmu_update of
 *    16384 requests (32 rounds over the L1), mmuext_op of 1024 (pin and
 *    unpin), a multicall of 200 update_va_mapping: 0, "done" in full,
 *    each result stored, the L1 as the last round left it.
 *  - A multicall of update_va_mapping, mmu_update, mmuext_op (pin, pin
 *    again, unpin), a failing update_va_mapping in the middle, a nested
 *    multicall and memory_op returns 0 and stores each call's own result;
 *    a failure does not stop the rest; the mappings are in place.
 *  - memory_op: machphys_mapping {0xF5800000, 0xFFE00000, 0x297FFFF};
 *    current and maximum reservation of DOMID_SELF = nr_pages, of an
 *    unknown domain -ESRCH; maximum_gpfn = nr_pages - 1; memory_map one
 *    RAM entry [0, nr_pages * 4096); maximum_ram_page (last) above every
 *    MFN of ours.
 *
 * Result: "hvtest: batch: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"

#define USER_VA		0x20000000u
#define NR_BAD		200
#define NR_LONG		16384		/* 32 rounds over the 512 slots */
#define NR_EXT		1024		/* 512 pin/unpin pairs */
#define NR_MULTI	200
#define BAD_AT		100
#define MAGIC		0xba7c0000u

#define XENMEM_memory_map	9
#define XENMEM_maximum_gpfn	14
#define DOMID_INVALID		0x7ff4
#define E820_RAM		1
#define M2P_MAX_MFN		0x297ffffu

struct xen_memory_map {
	u32 nr_entries;
	u32 buffer;
};

struct e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

static u32 l1_pfn, frames[512];
static struct mmu_update req[NR_LONG];
static struct mmuext_op ext[NR_EXT];
static struct multicall_entry mc[NR_MULTI];

/* Entry @i of our L1, without the dirty bit the CPU may have set. */
static u64 l1_entry(u32 i)
{
	const u64 *t = pt_map(1, l1_pfn, _PAGE_PRESENT | _PAGE_ACCESSED);
	u64 e = t[i] & ~(u64)_PAGE_DIRTY;

	pt_unmap(1);
	return e;
}

/* A machine frame that is not ours (not in the P2M). */
static u32 foreign_mfn(void)
{
	const u32 *p2m = (const u32 *)start_info->mfn_list;
	u32 mfn, i;

	for (mfn = 0;; mfn++) {
		for (i = 0; i < start_info->nr_pages && p2m[i] != mfn; i++)
			;
		if (i == start_info->nr_pages)
			return mfn;
	}
}

static void hook_l1(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]);

	l1_pfn = pt_alloc_zeroed();
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, USER_VA >> 21),
				  pt_pte(l1_pfn, PTE_TABLE)), 0);
}

/* Requests 0..n-1: slot i gets frames[i] (or 0). */
static void fill_req(u32 n, bool map)
{
	u32 i;

	for (i = 0; i < n; i++) {
		req[i].ptr = pt_slot_ma(l1_pfn, i);
		req[i].val = map ? pt_pte(frames[i], PTE_KERNEL) : 0;
	}
}

static void full_batch(void)
{
	u32 i, done = 0, *p;

	for (i = 0; i < 512; i++)
		frames[i] = pt_alloc();
	fill_req(512, true);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 512, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 512);
	for (i = 0; i < 512; i++) {
		GUEST_ASSERT_EQ(l1_entry(i), req[i].val);
		poke32(USER_VA + i * PAGE_SIZE, MAGIC ^ i);
	}
	for (i = 0; i < 512; i++) {
		p = pt_map(1, frames[i], PTE_KERNEL);
		GUEST_ASSERT_EQ(p[0], MAGIC ^ i);
	}
	pt_unmap(1);

	fill_req(512, false);
	done = 0;
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 512, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 512);
	for (i = 0; i < 512; i++)
		GUEST_ASSERT_EQ(l1_entry(i), 0);
	guest_info("512 requests in one mmu_update: done 512");
}

/* Request BAD_AT made bad by the caller: @want, done BAD_AT. */
static void bad_batch(const char *what, long want)
{
	u32 i, done = 0xdead;
	long rc;

	rc = hypercall_mmu_update(req, NR_BAD, &done, DOMID_SELF);
	if (rc != want || done != BAD_AT)
		guest_fail("batch with %s at %u: %ld done %u, want %ld done %u",
			   what, BAD_AT, rc, done, want, BAD_AT);
	for (i = 0; i < NR_BAD; i++)
		GUEST_ASSERT_EQ(l1_entry(i), i < BAD_AT ? req[i].val : 0);
	fill_req(BAD_AT, false);
	done = 0;
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, BAD_AT, &done, DOMID_SELF),
			0);
	GUEST_ASSERT_EQ(done, BAD_AT);
	guest_info("batch of %u with %s at %u: %ld, done %u", NR_BAD, what,
		   BAD_AT, rc, done);
}

static void bad_batches(void)
{
	u32 foreign = foreign_mfn();

	fill_req(NR_BAD, true);
	req[BAD_AT].val = pt_pte(l1_pfn, PTE_KERNEL);
	bad_batch("the live L1 mapped writable", -EINVAL);

	fill_req(NR_BAD, true);
	req[BAD_AT].val = (u64)foreign << PAGE_SHIFT | PTE_KERNEL;
	bad_batch("a foreign frame mapped", -EPERM);
}

/*
 * Where hv may answer otherwise than Xen, checked last, each reported:
 * a table frame that is not ours is a bad frame (-EINVAL), and
 * maximum_ram_page never fails (above every MFN of ours).
 */
static void as_xen(void)
{
	const u32 *p2m = (const u32 *)start_info->mfn_list;
	u32 i, top = 0, done = 0xdead, nr_wrong = 0;
	long rc;

	fill_req(NR_BAD, true);
	req[BAD_AT].ptr = (u64)foreign_mfn() << PAGE_SHIFT;
	rc = hypercall_mmu_update(req, NR_BAD, &done, DOMID_SELF);
	if (rc != -EINVAL || done != BAD_AT) {
		guest_info("WRONG: batch with a write into a foreign frame at %u: %ld done %u, want %d done %u",
			   BAD_AT, rc, done, -EINVAL, BAD_AT);
		nr_wrong++;
	}
	for (i = 0; i < NR_BAD; i++)
		GUEST_ASSERT_EQ(l1_entry(i), i < BAD_AT ? req[i].val : 0);

	for (i = 0; i < start_info->nr_pages; i++)
		if (p2m[i] > top)
			top = p2m[i];
	rc = hypercall_memory_op(XENMEM_maximum_ram_page, NULL);
	if (rc <= (long)top) {
		guest_info("WRONG: maximum_ram_page: %ld, want > 0x%x", rc,
			   top);
		nr_wrong++;
	}
	if (nr_wrong)
		guest_fail("%u answers not as Xen's (WRONG lines)", nr_wrong);
}

/*
 * Long batches, which the hypervisor may preempt and continue (and a
 * multicall longer than its round always is): the results and "done"
 * must be as if they ran in one go.
 */
static void long_batches(void)
{
	u32 i, done = 0, pfn = pt_alloc_zeroed();
	u64 pte;

	for (i = 0; i < NR_LONG; i++) {
		req[i].ptr = pt_slot_ma(l1_pfn, i % 512);
		req[i].val = (i / 512) & 1 ? pt_pte(frames[i % 512],
						    PTE_KERNEL) : 0;
	}
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, NR_LONG, &done, DOMID_SELF),
			0);
	GUEST_ASSERT_EQ(done, NR_LONG);
	for (i = 0; i < 512; i++) {
		GUEST_ASSERT_EQ(l1_entry(i), pt_pte(frames[i], PTE_KERNEL));
		GUEST_ASSERT_EQ(peek32(USER_VA + i * PAGE_SIZE), MAGIC ^ i);
	}

	for (i = 0; i < NR_EXT; i++) {
		ext[i].cmd = i & 1 ? MMUEXT_UNPIN_TABLE : MMUEXT_PIN_L1_TABLE;
		ext[i].arg1 = pfn_to_mfn(pfn);
	}
	done = 0;
	GUEST_ASSERT_EQ(hypercall_mmuext_op(ext, NR_EXT, &done, DOMID_SELF),
			0);
	GUEST_ASSERT_EQ(done, NR_EXT);
	pt_map(1, pfn, PTE_KERNEL);	/* not left pinned */
	pt_unmap(1);

	for (i = 0; i < NR_MULTI; i++) {
		pte = i & 1 ? 0 : pt_pte(frames[i], _PAGE_PRESENT |
					 _PAGE_ACCESSED);
		mc[i] = (struct multicall_entry){
			__HYPERVISOR_update_va_mapping, 0xdead,
			{ USER_VA + i * PAGE_SIZE, (u32)pte, (u32)(pte >> 32),
			  UVMF_INVLPG } };
	}
	GUEST_ASSERT_EQ(hypercall_multicall(mc, NR_MULTI), 0);
	for (i = 0; i < NR_MULTI; i++) {
		GUEST_ASSERT_EQ(mc[i].result, 0);
		GUEST_ASSERT_EQ(l1_entry(i), i & 1 ? 0 :
				pt_pte(frames[i], _PAGE_PRESENT |
				       _PAGE_ACCESSED));
	}

	fill_req(512, false);
	done = 0;
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 512, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 512);
	guest_info("mmu_update of %u, mmuext_op of %u, multicall of %u: all done",
		   NR_LONG, NR_EXT, NR_MULTI);
}

static void multicalls(void)
{
	u32 pin_pfn = pt_alloc_zeroed(), done1 = 0, done2 = 0, done3 = 0;
	struct mmu_update mreq = {
		.ptr = pt_slot_ma(l1_pfn, 1),
		.val = pt_pte(frames[1], PTE_KERNEL),
	};
	struct mmuext_op pin = {
		.cmd = MMUEXT_PIN_L1_TABLE,
		.arg1 = pfn_to_mfn(pin_pfn),
	};
	struct mmuext_op unpin = {
		.cmd = MMUEXT_UNPIN_TABLE,
		.arg1 = pfn_to_mfn(pin_pfn),
	};
	u64 pte0 = pt_pte(frames[0], PTE_KERNEL);
	u16 domid = DOMID_SELF;
	struct multicall_entry mc3[] = {
		{ __HYPERVISOR_update_va_mapping,
		  0xdead, { USER_VA, (u32)pte0, (u32)(pte0 >> 32),
			    UVMF_INVLPG } },
		{ __HYPERVISOR_mmu_update,
		  0xdead, { (u32)&mreq, 1, (u32)&done1, DOMID_SELF } },
		{ __HYPERVISOR_mmuext_op,
		  0xdead, { (u32)&pin, 1, (u32)&done2, DOMID_SELF } },
		{ __HYPERVISOR_update_va_mapping,
		  0xdead, { HYPERVISOR_VIRT_START, (u32)pte0,
			    (u32)(pte0 >> 32), UVMF_INVLPG } },
		{ __HYPERVISOR_mmuext_op,
		  0xdead, { (u32)&pin, 1, 0, DOMID_SELF } },
		{ __HYPERVISOR_multicall, 0xdead, { 0, 0 } },
		{ __HYPERVISOR_mmuext_op,
		  0xdead, { (u32)&unpin, 1, (u32)&done3, DOMID_SELF } },
		{ __HYPERVISOR_memory_op,
		  0xdead, { XENMEM_current_reservation, (u32)&domid } },
	};
	static const long want[] = {
		0, 0, 0, -EINVAL, -EINVAL, -EINVAL, 0, 0,
	};
	u32 i;

	BUILD_BUG_ON(ARRAY_SIZE(mc3) != ARRAY_SIZE(want));
	GUEST_ASSERT_EQ(hypercall_multicall(mc3, ARRAY_SIZE(mc3)), 0);
	for (i = 0; i < ARRAY_SIZE(mc3); i++) {
		long w = i == ARRAY_SIZE(mc3) - 1 ?
			 (long)start_info->nr_pages : want[i];

		if ((long)mc3[i].result != w)
			guest_fail("multicall entry %u (hypercall %u): %ld, want %ld",
				   i, mc3[i].op, (long)mc3[i].result, w);
	}
	GUEST_ASSERT_EQ(done1, 1);
	GUEST_ASSERT_EQ(done2, 1);
	GUEST_ASSERT_EQ(done3, 1);
	GUEST_ASSERT_EQ(l1_entry(0), pte0);
	GUEST_ASSERT_EQ(l1_entry(1), mreq.val);
	poke32(USER_VA, MAGIC);
	GUEST_ASSERT_EQ(peek32(USER_VA + PAGE_SIZE), MAGIC ^ 1);
	/* Unpinned by the multicall: just memory again. */
	pt_map(1, pin_pfn, PTE_KERNEL);
	pt_unmap(1);
	guest_info("multicall of %u entries: each result as on its own",
		   (u32)ARRAY_SIZE(mc3));
}

static void memory_ops(void)
{
	struct xen_machphys_mapping mm = { 0 };
	struct e820_entry e820[4];
	struct xen_memory_map map = { ARRAY_SIZE(e820), (u32)e820 };
	u16 domid = DOMID_SELF;
	u32 n = start_info->nr_pages;

	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_machphys_mapping, &mm), 0);
	GUEST_ASSERT_EQ(mm.v_start, MACH2PHYS_VIRT_START);
	GUEST_ASSERT_EQ(mm.v_end, MACH2PHYS_VIRT_END);
	GUEST_ASSERT_EQ(mm.max_mfn, M2P_MAX_MFN);

	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_current_reservation,
					    &domid), n);
	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_maximum_reservation,
					    &domid), n);
	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_maximum_gpfn, &domid),
			n - 1);
	domid = DOMID_INVALID;
	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_current_reservation,
					    &domid), -ESRCH);
	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_maximum_reservation,
					    &domid), -ESRCH);

	memset(e820, 0xa5, sizeof(e820));
	GUEST_ASSERT_EQ(hypercall_memory_op(XENMEM_memory_map, &map), 0);
	GUEST_ASSERT_EQ(map.nr_entries, 1);
	GUEST_ASSERT_EQ(e820[0].addr, 0);
	GUEST_ASSERT_EQ(e820[0].size, (u64)n << PAGE_SHIFT);
	GUEST_ASSERT_EQ(e820[0].type, E820_RAM);
	guest_info("memory_op: M2P %p-%p, %u pages, memory_map [0, 0x%llx)",
		   (void *)mm.v_start, (void *)mm.v_end, n, e820[0].size);
}

void test_main(void)
{
	trap_init();
	pt_init();

	hook_l1();
	full_batch();
	bad_batches();
	long_batches();
	multicalls();
	memory_ops();
	as_xen();
	guest_pass();
}
