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
 *  - Batches the fast path takes whole (16 requests at most; 17 go to
 *    the host): 1, 2, 16 and 17 requests map and clear their slots (0,
 *    "done" in full); 16 and 17 whose request 5 maps the live L1
 *    writable (-EINVAL) or a foreign frame (-EPERM): "done" 5, requests
 *    0-4 applied, 5 on not; 16 with "done" unmapped: -EFAULT, all
 *    applied; a multicall of three such batches of 4 (0 each, done 4).
 *  - Long batches, which may be preempted and continued: mmu_update of
 *    16384 requests (32 rounds over the L1), mmuext_op of 1024 (pin and
 *    unpin), a multicall of 200 update_va_mapping: 0, "done" in full,
 *    each result stored, the L1 as the last round left it.
 *  - The edges of the reader (one walk per page of requests): 512
 *    requests over three pages, two of them across a boundary (0, done
 *    512); the same with the third page unmapped (-EFAULT, done 356: the
 *    request across it is not done); requests ending a page before an
 *    unmapped one (-EFAULT, done 10); request 50 unmapping the page of
 *    the next ones (-EFAULT, done 100); request 50 remapping its own page
 *    to other requests (0, done 512, each slot as the old or the new
 *    request asked); the frame a batch writes hooked in as an L1 by
 *    request 10 (request 11, a writable map of a live L1: -EINVAL, done
 *    11), unhooked by request 0 (request 2, hooking it again over a
 *    writable self-map: -EINVAL, done 2); mmuext_op pinning the page of
 *    its next 100 ops as an L1 (0, done 141, left pinned); a batch of
 *    16384, likely continued, failing at 10000 (-EPERM, done 10000),
 *    and the same entered as its continuation at 5000 (done 10000).
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
#define MMU_PREEMPTED	0x80000000u	/* a continued batch's count */

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

/* @n requests, request 5 maybe bad (@bad): @want, done and slots as Xen. */
static void small_batch(u32 n, const char *bad, u64 bad_val, long want)
{
	u32 i, done = 0xdead, ok = bad ? 5 : n;
	long rc;

	fill_req(n, true);
	if (bad)
		req[5].val = bad_val;
	rc = hypercall_mmu_update(req, n, &done, DOMID_SELF);
	if (rc != want || done != ok)
		guest_fail("batch of %u with %s: %ld done %u, want %ld done %u",
			   n, bad ?: "no error", rc, done, want, ok);
	for (i = 0; i < n; i++)
		GUEST_ASSERT_EQ(l1_entry(i), i < ok ? req[i].val : 0);
	fill_req(n, false);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, n, NULL, DOMID_SELF), 0);
	for (i = 0; i < n; i++)
		GUEST_ASSERT_EQ(l1_entry(i), 0);
}

/* The batch sizes the fast path takes, and the first it leaves. */
static void small_batches(void)
{
	u64 writable_l1 = pt_pte(l1_pfn, PTE_KERNEL);
	u64 foreign = (u64)foreign_mfn() << PAGE_SHIFT | PTE_KERNEL;
	static const u32 sizes[] = { 1, 2, 16, 17 };
	u32 *unmapped = (u32 *)(USER_VA + 100 * PAGE_SIZE);
	struct multicall_entry m[3];
	u32 i, done[3];

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		small_batch(sizes[i], NULL, 0, 0);
	small_batch(16, "the live L1 mapped writable", writable_l1, -EINVAL);
	small_batch(17, "the live L1 mapped writable", writable_l1, -EINVAL);
	small_batch(16, "a foreign frame mapped", foreign, -EPERM);
	small_batch(17, "a foreign frame mapped", foreign, -EPERM);

	/* "done" where nothing is mapped (slot 100): the requests stay done. */
	fill_req(16, true);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 16, unmapped, DOMID_SELF),
			-EFAULT);
	for (i = 0; i < 16; i++)
		GUEST_ASSERT_EQ(l1_entry(i), req[i].val);
	fill_req(16, false);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 16, NULL, DOMID_SELF), 0);

	fill_req(12, true);
	for (i = 0; i < 3; i++) {
		done[i] = 0xdead;
		m[i] = (struct multicall_entry){ __HYPERVISOR_mmu_update,
			0xdead, { (u32)&req[i * 4], 4, (u32)&done[i],
				  DOMID_SELF } };
	}
	GUEST_ASSERT_EQ(hypercall_multicall(m, 3), 0);
	for (i = 0; i < 3; i++)
		if (m[i].result || done[i] != 4)
			guest_fail("multicall entry %u: %ld done %u", i,
				   (long)m[i].result, done[i]);
	for (i = 0; i < 12; i++)
		GUEST_ASSERT_EQ(l1_entry(i), req[i].val);
	fill_req(12, false);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 12, NULL, DOMID_SELF), 0);
	guest_info("batches of 1, 2, 16 and 17, bad at 5 (done 5), done unmapped (-EFAULT), 3 in a multicall");
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

/*
 * Batches at the edges of the reader, which walks the guest's tables once
 * per page of requests and keeps the page for the rest of it, and of the
 * table frame a batch keeps between requests.  The request arrays lie in
 * the three windows of pt.h, which are consecutive pages: EDGE_AT is the
 * request across the first boundary, EDGE_AT2 the one across the second.
 */
#define EDGE_N		512
#define EDGE_AT		100
#define EDGE_AT2	(EDGE_AT + 1 + (PAGE_SIZE - 8) / 16)
#define EDGE_OFF	(PAGE_SIZE - 8 - EDGE_AT * 16)

static u32 edge_pfn[PT_WINDOWS];

/*
 * Map the windows onto the request frames, in the reverse order of their
 * frame numbers (frames in a row may be in a row in the host too: a
 * reader that ran on in host memory would go unseen); @unmapped: one
 * window left out.
 */
static struct mmu_update *edge_map(int unmapped)
{
	unsigned int w;

	for (w = 0; w < PT_WINDOWS; w++)
		if ((int)w == unmapped)
			pt_unmap(w);
		else
			pt_map(w, edge_pfn[PT_WINDOWS - 1 - w], PTE_KERNEL);
	return (struct mmu_update *)(pt_window_va(0) + EDGE_OFF);
}

static void edge_fill(struct mmu_update *r, u32 n, bool map)
{
	u32 i;

	for (i = 0; i < n; i++) {
		r[i].ptr = pt_slot_ma(l1_pfn, i);
		r[i].val = map ? pt_pte(frames[i], PTE_KERNEL) : 0;
	}
}

/* Slots below @done hold their requests' values, the others zero. */
static void edge_check(const char *what, const u64 *want, u32 done)
{
	u32 i;

	for (i = 0; i < EDGE_N; i++)
		if (l1_entry(i) != (i < done ? want[i] : 0))
			guest_fail("%s: slot %u is 0x%llx, want 0x%llx", what, i,
				   l1_entry(i), i < done ? want[i] : 0);
}

/* Clear the L1 again (a batch of our .bss, nothing at the edges). */
static void edge_clear(void)
{
	u32 done = 0;

	fill_req(EDGE_N, false);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, EDGE_N, &done, DOMID_SELF),
			0);
	GUEST_ASSERT_EQ(done, EDGE_N);
}

static void edge_run(const char *what, struct mmu_update *r, u32 n,
		     long want_rc, u32 want_done, const u64 *want)
{
	u32 done = 0xdead;
	long rc;

	rc = hypercall_mmu_update(r, n, &done, DOMID_SELF);
	if (rc != want_rc || done != want_done)
		guest_fail("%s: %ld done %u, want %ld done %u", what, rc, done,
			   want_rc, want_done);
	edge_check(what, want, want_done);
	edge_clear();
	guest_info("%s: %ld, done %u", what, rc, done);
}

static u64 edge_want[EDGE_N];

static void edge_want_fill(const struct mmu_update *r, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		edge_want[i] = r[i].val;
}

/* Across pages, onto an unmapped page, and unmapping its own next page. */
static void edge_pages(void)
{
	struct mmu_update *r;
	u32 w;

	for (w = 0; w < PT_WINDOWS; w++)
		edge_pfn[w] = pt_alloc_zeroed();

	r = edge_map(-1);
	edge_fill(r, EDGE_N, true);
	edge_want_fill(r, EDGE_N);
	edge_run("512 requests over three pages, two across a boundary", r,
		 EDGE_N, 0, EDGE_N, edge_want);

	r = edge_map(2);
	edge_run("requests across a boundary onto an unmapped page", r,
		 EDGE_N, -EFAULT, EDGE_AT2, edge_want);

	r = edge_map(2);
	r = (struct mmu_update *)(pt_window_va(2) - 10 * 16);
	edge_fill(r, 10, true);
	edge_want_fill(r, 10);
	edge_run("requests up to the end of a page, then an unmapped one", r,
		 20, -EFAULT, 10, edge_want);

	/* Request 50 unmaps window 1: the batch stops where it begins. */
	r = edge_map(-1);
	edge_fill(r, EDGE_N, true);
	r[50].ptr = pt_ma(pte_of(pt_window_va(1)));
	r[50].val = 0;
	edge_want_fill(r, EDGE_N);
	edge_want[50] = 0;
	edge_run("a batch that unmaps the page of its next requests", r,
		 EDGE_N, -EFAULT, EDGE_AT, edge_want);
}

/*
 * Request 50 points window 0, which holds it, at another frame whose
 * requests map read-only where these map writable: the rest of the page
 * may be either (Xen flushes at the end of a batch), but each is checked,
 * and the pages after it are read through the new tables.
 */
static void edge_remap(void)
{
	u32 spare = pt_alloc_zeroed(), done = 0xdead, i, nr_new = 0;
	struct mmu_update *r, *alt;
	u64 want;
	long rc;

	/* The new page: requests 0-99, and the first half of 100 (its ptr). */
	alt = (struct mmu_update *)((u32)pt_map(0, spare, PTE_KERNEL) +
				    EDGE_OFF);
	edge_fill(alt, EDGE_AT, true);
	for (i = 0; i < EDGE_AT; i++)
		alt[i].val = pt_pte(frames[i], _PAGE_PRESENT | _PAGE_ACCESSED);
	*(u64 *)&alt[EDGE_AT] = pt_slot_ma(l1_pfn, EDGE_AT);
	r = edge_map(-1);
	edge_fill(r, EDGE_N, true);
	r[50].ptr = pt_ma(pte_of(pt_window_va(0)));
	r[50].val = pt_pte(spare, PTE_KERNEL);
	rc = hypercall_mmu_update(r, EDGE_N, &done, DOMID_SELF);
	if (rc || done != EDGE_N)
		guest_fail("a batch that remaps its own page: %ld done %u", rc,
			   done);
	for (i = 0; i < EDGE_N; i++) {
		want = pt_pte(frames[i], PTE_KERNEL);
		if (i == 50)
			continue;
		if (i > 50 && i < EDGE_AT &&
		    l1_entry(i) == pt_pte(frames[i], _PAGE_PRESENT |
					  _PAGE_ACCESSED)) {
			nr_new++;
			continue;
		}
		if (l1_entry(i) != want)
			guest_fail("a batch that remaps its own page: slot %u is 0x%llx",
				   i, l1_entry(i));
	}
	edge_clear();
	guest_info("a batch that remaps its own page: 0, done %u, %u of the rest of the page read from the new frame",
		   done, nr_new);
}

/* Run batch @r of @n: it must stop at request @want_done with -EINVAL. */
static long mmu_batch_refused(struct mmu_update *r, u32 n, u32 want_done,
			      const char *what, u32 *done)
{
	long rc;

	*done = 0xdead;
	rc = hypercall_mmu_update(r, n, done, DOMID_SELF);
	if (rc != -EINVAL || *done != want_done)
		guest_fail("%s: %ld done %u, want %d done %u", what, rc, *done,
			   -EINVAL, want_done);
	return rc;
}

/*
 * The frame a batch writes changes type under it: the batch keeps only
 * its number between requests, never what it was.  Frame T, just memory,
 * takes any value; hooked in as an L1 by request 10 it is a live table,
 * and request 11, a writable mapping of our L1, must be refused (done
 * 11).  Then the other way: unhooked by request 0, T takes that entry
 * as memory, and request 2, hooking it again, fails validation (done 2).
 */
static void edge_retype(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]), t = pt_alloc_zeroed();
	u32 l2_slot = (USER_VA >> 21) + 1, done, i;
	struct mmu_update r[13];
	long rc;

	for (i = 0; i < 13; i++) {
		r[i].ptr = pt_slot_ma(t, i);
		r[i].val = pt_pte(frames[i], PTE_KERNEL);
	}
	r[10].ptr = pt_slot_ma(l2, l2_slot);
	r[10].val = pt_pte(t, PTE_TABLE);
	r[11].val = pt_pte(l1_pfn, PTE_KERNEL);
	rc = mmu_batch_refused(r, 13, 11, "a batch whose frame becomes an L1",
			       &done);
	GUEST_ASSERT_EQ(peek32(USER_VA + (1u << 21) + 9 * PAGE_SIZE),
			MAGIC ^ 9);
	guest_info("a batch whose frame becomes an L1 under it: %ld, done %u",
		   rc, done);

	r[0].ptr = pt_slot_ma(l2, l2_slot);
	r[0].val = 0;
	r[1].ptr = pt_slot_ma(t, 11);
	r[1].val = pt_pte(t, PTE_KERNEL);
	r[2].ptr = pt_slot_ma(l2, l2_slot);
	r[2].val = pt_pte(t, PTE_TABLE);
	rc = mmu_batch_refused(r, 3, 2, "a batch whose L1 becomes memory",
			       &done);
	GUEST_ASSERT(!va_mapped(USER_VA + (1u << 21)));
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(t, 11), 0), 0);
	guest_info("a batch whose L1 becomes memory under it: %ld, done %u",
		   rc, done);
}

/*
 * mmuext_op: op 20 pins the frame that holds ops 41 on (mapped read-only
 * at window 1, filled with TLB_FLUSH_LOCAL ops, whose words are valid L1
 * entries): the batch reads on from a page that became a page table, and
 * the frame stays one.
 */
#define EXT_OFF		(PAGE_SIZE - 41 * 12)

static void edge_pin_next(void)
{
	u32 rb = pt_alloc_zeroed(), done = 0xdead, i;
	struct mmuext_op *op;
	long rc;

	op = pt_map(0, rb, PTE_KERNEL);
	for (i = 0; i < PAGE_SIZE / 12; i++)
		op[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	pt_map(0, edge_pfn[2], PTE_KERNEL);
	pt_map(1, rb, _PAGE_PRESENT | _PAGE_ACCESSED);
	op = (struct mmuext_op *)(pt_window_va(0) + EXT_OFF);
	for (i = 0; i < 41; i++)
		op[i] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	op[20] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE,
				     .arg1 = pfn_to_mfn(rb) };
	rc = hypercall_mmuext_op(op, 141, &done, DOMID_SELF);
	if (rc || done != 141)
		guest_fail("mmuext_op pinning the page of its next ops: %ld done %u",
			   rc, done);
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(pt_window_va(2),
						    pt_pte(rb, PTE_KERNEL),
						    UVMF_INVLPG), -EINVAL);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, rb), 0);
	pt_unmap(0);
	pt_unmap(1);
	guest_info("mmuext_op pinning the page of its next ops: %ld, done %u",
		   rc, done);
}

/*
 * A long batch, likely preempted and continued next to the spinning
 * guests of 90-paging.sh, failing at request 10000: "done" counts every
 * round, and the L1 is as the last request done left it.
 */
static void long_bad_batch(void)
{
	u32 i, done = 0xdead, bad = 10000;
	long rc;

	for (i = 0; i < NR_LONG; i++) {
		req[i].ptr = pt_slot_ma(l1_pfn, i % 512);
		req[i].val = (i / 512) & 1 ? pt_pte(frames[i % 512],
						    PTE_KERNEL) : 0;
	}
	req[bad].val = (u64)foreign_mfn() << PAGE_SHIFT | PTE_KERNEL;
	rc = hypercall_mmu_update(req, NR_LONG, &done, DOMID_SELF);
	if (rc != -EPERM || done != bad)
		guest_fail("batch of %u with a foreign frame at %u: %ld done %u",
			   NR_LONG, bad, rc, done);
	for (i = 0; i < 512; i++)
		GUEST_ASSERT_EQ(l1_entry(i), i < bad % 512 ?
				req[bad - bad % 512 + i].val :
				req[bad - bad % 512 - 512 + i].val);
	edge_clear();
	guest_info("batch of %u with a foreign frame at %u: %ld, done %u",
		   NR_LONG, bad, rc, done);

	/*
	 * The same batch as its continuation after 5000 enters it (ABI 3.2:
	 * the count with bit 31, "done" read and added to), whether or not
	 * the host preempted the call above.
	 */
	done = 5000;
	rc = hypercall_mmu_update(req + 5000, (NR_LONG - 5000) | MMU_PREEMPTED,
				  &done, DOMID_SELF);
	if (rc != -EPERM || done != bad)
		guest_fail("that batch continued at 5000: %ld done %u", rc,
			   done);
	edge_clear();
	guest_info("that batch continued at 5000: %ld, done %u", rc, done);
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
	small_batches();
	long_batches();
	edge_pages();
	edge_remap();
	edge_retype();
	edge_pin_next();
	long_bad_batch();
	multicalls();
	memory_ops();
	as_xen();
	guest_pass();
}
