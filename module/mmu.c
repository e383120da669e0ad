// SPDX-License-Identifier: GPL-2.0
/*
 * The memory hypercalls (ABI 3.2, 3.6, 3.8, 3.15): the only way a guest
 * changes its page tables.  Each request is checked by frames.c before it
 * takes effect; a batch runs in order and stops at the first failure, with
 * the number done written back.
 *
 * TLB flushes: what runs in the host is followed by an entry into the
 * guest world, which loads the guest's CR3 without the no-flush bit, so a
 * removed or downgraded mapping is gone before the guest runs again,
 * whatever flush the guest asked for (or forgot).  update_va_mapping, and
 * mmu_update of up to 16 L1 entries, also run in the fast path, inside
 * the guest world, where only the flush update_va_mapping's flags ask for
 * happens (fastpath.c); they change no frame's type but between writable
 * and none, so that is all the ABI owes (Documentation/design.rst, "TLB
 * flushes").  What may retype a frame there (an L1 pin or unpin, the one
 * L2 entry of an mmu_update, NEW_BASEPTR) is followed by a CR3 write, as
 * an entry would be.  So are mmuext_op's local flushes.
 *
 * A long batch is preempted the way Xen does it: after a bounded number of
 * requests, if the vCPU has to stop (pause, destroy, the host wants the
 * CPU), EIP goes back to the "int $0x80" and the count argument becomes
 * the remaining count with bit 31 set; the next round adds to "done".
 * Inside a multicall the entry's arguments in the list change instead.
 */

#include <linux/sched.h>

#include "desc.h"
#include "domain.h"
#include "frames.h"
#include "hypercall.h"
#include "m2p.h"
#include "mmu.h"
#include "paging.h"
#include "vcpu.h"

#define HV_PREEMPTED		0x80000000u
#define HV_MMU_BATCH		128	/* requests between preemption checks */

struct hv_mmuext_req {
	u32 cmd;
	u32 arg1;
	u32 arg2;
};

/*
 * A guest array of requests, read a page at a time: one walk of the
 * guest's tables for each page of requests, not for each request.  The
 * reader keeps the host address of the page it walked to; a request that
 * remaps that page does not move the reader until the next page (as with
 * Xen, whose flush comes at the end of the batch, the batch may then read
 * the old requests or the new ones: each is checked either way, and the
 * frame is the domain's).  The next page is walked afresh, so a page the
 * batch unmapped ends it there with -EFAULT.
 */
struct hv_reqs {
	struct hv_vcpu *v;
	u32 va;			/* the next request */
	const u8 *p;		/* its host address */
	u32 left;		/* bytes from p to the end of its page */
};

/*
 * The walk to the page of the next request: 1 when the request lies whole
 * in it (the caller copies it from there), 0 when it crosses into the next
 * page and was copied already, -EFAULT when a page is not mapped.
 */
static noinline int hv_reqs_page(struct hv_reqs *q, void *req, u32 size)
{
	q->p = hv_guest_page(q->v, q->va, &q->left);
	if (!q->p)
		return -EFAULT;
	if (q->left >= size)
		return 1;
	/* Across a page boundary: copied the slow way. */
	q->left = 0;
	if (hv_copy_from_guest(q->v, req, q->va, size))
		return -EFAULT;
	q->va += size;
	return 0;
}

/*
 * Copy the next request of @size bytes (a constant: a few moves) into
 * @req.  The guest may write the page meanwhile (another vCPU, a back
 * end): each request is read once, and the barrier keeps the compiler
 * from reading it again later instead of using the copy.
 */
static __always_inline int hv_reqs_next(struct hv_reqs *q, void *req,
					u32 size)
{
	int err;

	if (unlikely(q->left < size)) {
		err = hv_reqs_page(q, req, size);
		if (err <= 0)
			return err;
	}
	memcpy(req, q->p, size);
	barrier();
	q->p += size;
	q->left -= size;
	q->va += size;
	return 0;
}

/* Only the caller's own memory: no foreign domains here. */
static __always_inline bool hv_foreign_ok(u32 foreigndom)
{
	return (foreigndom & 0xffff) == PV_DOMID_SELF ||
	       (foreigndom & 0xffff) == 0;
}

/*
 * The guest frame behind the machine frame of a request's "ptr": the
 * last one found, kept for the rest of the batch (a batch mostly writes
 * one table), since a domain's frames never change owner while it lives
 * (memory.c).  Only the number is kept: what the frame is now (its type)
 * is looked at anew by each request.
 */
struct hv_ptr_frame {
	u64 mfn;
	u32 pfn;
};

static __always_inline int hv_ptr_frame(struct hv_dom *d,
					struct hv_ptr_frame *c, u64 mfn,
					u32 *pfn)
{
	if (mfn != c->mfn) {
		if (hv_own_frame(d, mfn, &c->pfn))
			return -EINVAL;
		c->mfn = mfn;
	}
	*pfn = c->pfn;
	return 0;
}

static int hv_mmu_one(struct hv_dom *d, struct hv_ptr_frame *c,
		      const struct hv_pte_req *r)
{
	u64 ptr = r->ptr & ~7ULL, val = r->val, old;
	u32 pfn;

	switch (r->ptr & 7) {
	case PV_MMU_MACHPHYS_UPDATE:
		if (hv_ptr_frame(d, c, ptr >> PAGE_SHIFT, &pfn))
			return -EINVAL;
		hv_m2p_set(d, ptr >> PAGE_SHIFT, val);
		return 0;
	case PV_MMU_PT_UPDATE_PRESERVE_AD:
		if (hv_ptr_frame(d, c, ptr >> PAGE_SHIFT, &pfn))
			return -EINVAL;
		old = READ_ONCE(((u64 *)page_address(d->mem.frames[pfn]))
				[(ptr & ~PAGE_MASK) / 8]);
		val |= old & (PV_PTE_A | PV_PTE_D);
		return hv_entry_update(d, pfn, (ptr & ~PAGE_MASK) / 8, val);
	case PV_MMU_NORMAL_PT_UPDATE:
	case PV_MMU_PT_UPDATE_NO_TRANSLATE:
		if (hv_ptr_frame(d, c, ptr >> PAGE_SHIFT, &pfn))
			return -EINVAL;
		return hv_entry_update(d, pfn, (ptr & ~PAGE_MASK) / 8, val);
	}
	return -PV_ENOSYS;
}

/* Add @n to the guest's "done" counter (if it gave one). */
static int hv_add_done(struct hv_vcpu *v, u32 done, u32 n, bool preempted)
{
	u32 total = 0;

	if (!done)
		return 0;
	if (preempted && hv_copy_from_guest(v, &total, done, 4))
		return -EFAULT;
	total += n;
	return hv_copy_to_guest(v, done, &total, 4);
}

/*
 * After request @r wrote an entry of frame c->pfn, the requests that
 * follow it in the same page of the guest's list and write entries of
 * that frame the same way (at most @max): done by frames.c as one run
 * if the frame is an L1.  Returns the number of requests it consumed
 * (the reader is past them), the last one failed if *@err is set.
 */
static u32 hv_mmu_run(struct hv_dom *d, const struct hv_ptr_frame *c,
		      const struct hv_pte_req *r, struct hv_reqs *q, u32 max,
		      long *err)
{
	u32 n = min(max, q->left / (u32)sizeof(*r)), done;
	int e;

	*err = 0;
	if ((r->ptr & 7) != PV_MMU_NORMAL_PT_UPDATE &&
	    (r->ptr & 7) != PV_MMU_PT_UPDATE_NO_TRANSLATE)
		return 0;
	done = hv_l1_update_run(d, c->pfn, r->ptr & ~HV_PTE_REQ_SLOT,
				(const struct hv_pte_req *)q->p, n, &e);
	if (e)
		done++;
	q->p += done * sizeof(*r);
	q->left -= done * sizeof(*r);
	q->va += done * sizeof(*r);
	*err = e;
	return done;
}

long hv_mmu_update(struct hv_vcpu *v, u32 reqs, u32 count, u32 done,
		   u32 foreigndom)
{
	struct hv_reqs q = { .v = v, .va = reqs };
	struct hv_ptr_frame c = { .mfn = ~0ULL };
	bool preempted = count & HV_PREEMPTED;
	u32 i, yield_at = HV_MMU_BATCH;
	struct hv_pte_req r;
	long err = 0;

	count &= ~HV_PREEMPTED;
	if (!hv_foreign_ok(foreigndom) || (foreigndom >> 16) > 1)
		return -ESRCH;
	for (i = 0; i < count && !err; i++) {
		if (i >= yield_at) {
			yield_at = i + HV_MMU_BATCH;
			if (hv_must_yield(v)) {
				if (hv_add_done(v, done, i, preempted))
					return -EFAULT;
				return hv_continue(v, reqs + i * sizeof(r),
						   (count - i) | HV_PREEMPTED,
						   done);
			}
		}
		if (hv_reqs_next(&q, &r, sizeof(r)))
			err = -EFAULT;
		else
			err = hv_mmu_one(v->dom, &c, &r);
		/* A run goes on from request i + 1, up to the next check. */
		if (!err)
			i += hv_mmu_run(v->dom, &c, &r, &q,
					min(count, yield_at) - i - 1, &err);
	}
	/* The failed request is not done. */
	if (hv_add_done(v, done, err ? i - 1 : i, preempted))
		return -EFAULT;
	return err;
}

/* Requests of one mmu_update the fast path takes at most (16 bytes each) */
#define HV_FAST_MMU_MAX		16

/*
 * Where request @w writes: its table's frame, or false.  An L2's entry
 * (not the hole's) only in a call of one request (@alone): its write may
 * validate or tear down one L1, no more, and the caller flushes.
 */
static noinstr bool hv_mmu_fast_target(struct hv_dom *d, const u32 *w,
				       u32 *pfn, bool alone, bool *retype)
{
	u64 ptr = (u64)w[1] << 32 | w[0];

	if ((ptr & 7) != PV_MMU_NORMAL_PT_UPDATE &&
	    (ptr & 7) != PV_MMU_PT_UPDATE_NO_TRANSLATE &&
	    (ptr & 7) != PV_MMU_PT_UPDATE_PRESERVE_AD)
		return false;
	if (hv_own_frame(d, ptr >> PAGE_SHIFT, pfn))
		return false;
	if (hv_entry_update_bounded(d, *pfn))
		return true;
	*retype = alone && hv_l2e_update_bounded(d, *pfn,
						 (ptr & ~PAGE_MASK) / 8);
	return *retype;
}

/* Request @w done on frame @pfn, as hv_mmu_one() does it. */
static noinstr int hv_mmu_fast_one(struct hv_dom *d, const u32 *w, u32 pfn)
{
	unsigned int slot = (w[0] & ~PAGE_MASK) / 8;
	u64 val = (u64)w[3] << 32 | w[2];

	if ((w[0] & 7) == PV_MMU_PT_UPDATE_PRESERVE_AD)
		val |= READ_ONCE(((u64 *)page_address(d->mem.frames[pfn]))
				 [slot]) & (PV_PTE_A | PV_PTE_D);
	return hv_entry_update(d, pfn, slot, val);
}

/*
 * mmu_update in the fast path (fastpath.c), inside the guest world: up
 * to HV_FAST_MMU_MAX requests of the caller's own, each writing an L1
 * entry (PRESERVE_AD too: mprotect()) or a word of a frame that is no
 * table, or one request writing an L2 entry.  That is Linux's
 * set_pte_at() outside a lazy batch, most of a fork's hypercalls, the
 * batches of its lazy MMU mode (copy and zap of a range) and set_pmd().
 * Bounded as update_va_mapping is: L1 entries change no frame's type but
 * between writable and none; an L2 entry may make one frame an L1 and
 * another stop being one (512 entries checked, 512 given back at most),
 * and then *@flush asks the caller for a full flush, as the host path's
 * entry would give (a frame changed type: no translation cached before
 * may survive).  Otherwise, as on Xen, mmu_update itself flushes nothing
 * (design.rst, "TLB flushes").  Every request is copied and checked
 * before the first is done, so the call is done here whole or left whole
 * (a multicall entry is never half done); a request failing stops the
 * rest, and "done" counts as in the host path.  Returns false with
 * nothing changed for anything else: the host path does it, and says why
 * if it fails.  (A continued call, HV_PREEMPTED in @count, is past the
 * maximum.)
 */
noinstr bool hv_mmu_update_fast(struct hv_vcpu *v, u32 reqs, u32 count,
				u32 done, u32 foreigndom, long *ret,
				enum hv_flush *flush)
{
	u32 w[HV_FAST_MMU_MAX * 4], pfn[HV_FAST_MMU_MAX], i, n;
	struct hv_dom *d = v->dom;
	bool retype = false;
	long err = 0;

	if (!count || count > HV_FAST_MMU_MAX || !hv_foreign_ok(foreigndom) ||
	    foreigndom >> 16)
		return false;
	if (hv_guest_words(v, reqs, w, count * 4, false))
		return false;
	for (i = 0; i < count; i++)
		if (!hv_mmu_fast_target(d, &w[i * 4], &pfn[i], count == 1,
					&retype))
			return false;
	for (i = 0; i < count && !err; i++)
		err = hv_mmu_fast_one(d, &w[i * 4], pfn[i]);
	if (retype)
		*flush = HV_FLUSH_ALL;
	/* The failed request is not done. */
	n = err ? i - 1 : i;
	if (done && hv_guest_words(v, done, &n, 1, true))
		err = -EFAULT;
	*ret = err;
	return true;
}

/* Switch the vCPU to L3 @pfn (PV_MMUEXT_NEW_BASEPTR, a CR3 write). */
noinstr int hv_new_baseptr(struct hv_vcpu *v, u32 pfn)
{
	struct hv_dom *d = v->dom;
	u32 old = d->l3_pfn;
	int err;

	err = hv_get_type(d, pfn, HV_FRAME_L3, false);
	if (err)
		return err;
	d->ft[pfn].refs++;
	d->l3_pfn = pfn;
	hv_paging_set_base(v);
	d->ft[old].refs--;
	hv_put_type(d, old);
	return 0;
}

/*
 * Whether a new base pointer @pfn is only a count on either side: it is
 * an L3 already, and the old one stays a table without this reference.
 * Then neither a validation nor a teardown can run (Linux pins every
 * pgd it switches to).
 */
static noinstr bool hv_new_baseptr_bounded(struct hv_dom *d, u32 pfn)
{
	const struct hv_frame *f = &d->ft[pfn];

	return f->type_count && f->type == HV_FRAME_L3 && !f->hole &&
	       (pfn == d->l3_pfn || d->ft[d->l3_pfn].type_count > 1);
}

/*
 * Whether unpinning @pfn is bounded: an L1 (its teardown gives back at
 * most 512 writable references), or no pin at all (-EINVAL).  An L2's
 * could tear down 512 L1s.
 */
static noinstr bool hv_unpin_bounded(struct hv_dom *d, u32 pfn)
{
	const struct hv_frame *f = &d->ft[pfn];

	return !f->pinned || f->type == HV_FRAME_L1;
}

/*
 * mmuext_op in the fast path (fastpath.c), inside the guest world: one op
 * of the caller's own, no "done" counter.  NEW_BASEPTR when it is bounded
 * (Linux's switch_mm(), in its context switch's multicall), pinning and
 * unpinning an L1 (Linux's page-table pages coming and going in fork,
 * exec and exit: at most 512 entries checked or given back), the local
 * TLB flushes.  *@flush and *@va say what the caller must flush: all of
 * it after a base pointer, pin or unpin, as the host path's entry would
 * (a frame changed type: no translation cached before may survive;
 * design.rst, "TLB flushes").  Returns false with nothing changed for
 * anything else: the host path does it, and says why if it fails.
 */
noinstr bool hv_mmuext_fast(struct hv_vcpu *v, u32 ops, u32 count, u32 done,
			    u32 foreigndom, long *ret, enum hv_flush *flush,
			    u32 *va)
{
	struct hv_dom *d = v->dom;
	u32 w[3], pfn;

	if (count != 1 || done || !hv_foreign_ok(foreigndom) ||
	    hv_guest_words(v, ops, w, 3, false))
		return false;
	switch (w[0]) {
	case PV_MMUEXT_NEW_BASEPTR:
		if (hv_own_frame(d, w[1], &pfn) ||
		    !hv_new_baseptr_bounded(d, pfn))
			return false;
		*ret = hv_new_baseptr(v, pfn);
		*flush = HV_FLUSH_ALL;
		return true;
	case PV_MMUEXT_PIN_L1_TABLE:
		if (hv_own_frame(d, w[1], &pfn))
			return false;
		*ret = hv_pin(d, pfn, HV_FRAME_L1);
		*flush = HV_FLUSH_ALL;
		return true;
	case PV_MMUEXT_UNPIN_TABLE:
		if (hv_own_frame(d, w[1], &pfn) || !hv_unpin_bounded(d, pfn))
			return false;
		*ret = hv_unpin(d, pfn);
		*flush = HV_FLUSH_ALL;
		return true;
	case PV_MMUEXT_TLB_FLUSH_LOCAL:
		*flush = HV_FLUSH_ALL;
		break;
	case PV_MMUEXT_INVLPG_LOCAL:
		*flush = HV_FLUSH_PAGE;
		*va = w[1];
		break;
	default:
		return false;
	}
	*ret = 0;
	return true;
}

/*
 * Whether this vCPU is in the vCPU bitmap at @mask (UVMF_MULTI and the
 * _MULTI flush commands): one 32-bit word, as Xen reads it for 32-bit
 * guests; a domain has only vCPU 0.
 */
static noinstr int hv_vcpumask_has_self(struct hv_vcpu *v, u32 mask,
					bool *self)
{
	u32 word;

	if (hv_guest_words(v, mask, &word, 1, false))
		return -EFAULT;
	*self = word & 1;
	return 0;
}

static int hv_mmuext_one(struct hv_vcpu *v, const struct hv_mmuext_req *r)
{
	static const u8 level[] = {
		[PV_MMUEXT_PIN_L1_TABLE] = HV_FRAME_L1,
		[PV_MMUEXT_PIN_L2_TABLE] = HV_FRAME_L2,
		[PV_MMUEXT_PIN_L3_TABLE] = HV_FRAME_L3,
	};
	struct hv_dom *d = v->dom;
	bool self;
	u32 pfn;
	int err;

	switch (r->cmd) {
	case PV_MMUEXT_PIN_L1_TABLE:
	case PV_MMUEXT_PIN_L2_TABLE:
	case PV_MMUEXT_PIN_L3_TABLE:
	case PV_MMUEXT_UNPIN_TABLE:
	case PV_MMUEXT_NEW_BASEPTR:
		err = hv_own_frame(d, r->arg1, &pfn);
		if (err)
			return err;
		if (r->cmd == PV_MMUEXT_UNPIN_TABLE)
			return hv_unpin(d, pfn);
		if (r->cmd == PV_MMUEXT_NEW_BASEPTR)
			return hv_new_baseptr(v, pfn);
		return hv_pin(d, pfn, level[r->cmd]);
	case PV_MMUEXT_PIN_L4_TABLE:
		return 0;		/* ABI 3.15: nothing, for 32-bit guests */
	case PV_MMUEXT_TLB_FLUSH_MULTI:
	case PV_MMUEXT_INVLPG_MULTI:
		/* The bitmap must be readable (Xen: -EINVAL), whatever it says. */
		return hv_vcpumask_has_self(v, r->arg2, &self) ? -EINVAL : 0;
	case PV_MMUEXT_TLB_FLUSH_LOCAL:
	case PV_MMUEXT_INVLPG_LOCAL:
	case PV_MMUEXT_TLB_FLUSH_ALL:
	case PV_MMUEXT_INVLPG_ALL:
		return 0;		/* every entry flushes: see above */
	case PV_MMUEXT_SET_LDT:
		return hv_set_ldt(v, r->arg1, r->arg2);
	}
	return -PV_ENOSYS;
}

long hv_mmuext_op(struct hv_vcpu *v, u32 ops, u32 count, u32 done,
		  u32 foreigndom)
{
	struct hv_reqs q = { .v = v, .va = ops };
	bool preempted = count & HV_PREEMPTED;
	struct hv_mmuext_req r;
	u32 i;
	long err = 0;

	count &= ~HV_PREEMPTED;
	if (!hv_foreign_ok(foreigndom))
		return -EPERM;
	for (i = 0; i < count && !err; i++) {
		if (i && i % HV_MMU_BATCH == 0 && hv_must_yield(v)) {
			if (hv_add_done(v, done, i, preempted))
				return -EFAULT;
			return hv_continue(v, ops + i * sizeof(r),
					   (count - i) | HV_PREEMPTED, done);
		}
		if (hv_reqs_next(&q, &r, sizeof(r)))
			err = -EFAULT;
		else
			err = hv_mmuext_one(v, &r);
	}
	if (hv_add_done(v, done, err ? i - 1 : i, preempted))
		return -EFAULT;
	return err;
}

/*
 * The flush update_va_mapping's @flags ask of this vCPU (ABI 3.8).  Flush
 * type 3 means nothing and is refused (Xen ignores it); a bitmap it
 * cannot read is -EFAULT.  Either way the call then changes nothing.
 */
static noinstr int hv_uvmf_flush(struct hv_vcpu *v, u32 flags,
				 enum hv_flush *flush)
{
	u32 vcpus = flags & ~PV_UVMF_FLUSHTYPE_MASK;
	bool self = true;

	switch (flags & PV_UVMF_FLUSHTYPE_MASK) {
	case PV_UVMF_NONE:
		*flush = HV_FLUSH_NONE;
		return 0;		/* the vCPU part is not even read */
	case PV_UVMF_TLB_FLUSH:
		*flush = HV_FLUSH_ALL;
		break;
	case PV_UVMF_INVLPG:
		*flush = HV_FLUSH_PAGE;
		break;
	default:
		return -EINVAL;
	}
	if (vcpus != PV_UVMF_LOCAL && vcpus != PV_UVMF_ALL &&
	    hv_vcpumask_has_self(v, vcpus, &self))
		return -EFAULT;
	if (!self)
		*flush = HV_FLUSH_NONE;
	return 0;
}

/*
 * update_va_mapping (ABI 3.8): replace the L1 entry that maps @va, then
 * *@flush says what the caller must flush (as asked, even when the update
 * itself was refused: a refused update changed nothing, so that is only
 * a flush more).  Safe in the fast path: no sleep, no lock, no retype.
 */
noinstr long hv_update_va_mapping(struct hv_vcpu *v, u32 va, u64 pte,
				  u32 flags, enum hv_flush *flush)
{
	unsigned int slot;
	u32 pfn;
	int err;

	*flush = HV_FLUSH_NONE;
	err = hv_uvmf_flush(v, flags, flush);
	if (err)
		return err;
	err = hv_l1_slot(v->dom, va, &pfn, &slot);
	if (err)
		return err;
	return hv_entry_update(v->dom, pfn, slot, pte);
}

static long hv_memory_map(struct hv_vcpu *v, u32 arg)
{
	struct {
		u64 addr, size;
		u32 type;
	} __packed e820 = { 0, v->dom->memory, 1 };
	u32 map[2];

	if (hv_copy_from_guest(v, map, arg, sizeof(map)))
		return -EFAULT;
	if (map[0] < 1)
		return -EINVAL;
	map[0] = 1;
	if (hv_copy_to_guest(v, map[1], &e820, sizeof(e820)) ||
	    hv_copy_to_guest(v, arg, map, 4))
		return -EFAULT;
	return 0;
}

long hv_memory_op(struct hv_vcpu *v, u32 cmd, u32 arg)
{
	u32 mapping[3] = { PV_M2P_START, PV_M2P_END, PV_M2P_MAX_MFN };
	u16 domid;

	switch (cmd & 0x3f) {
	case PV_XENMEM_maximum_ram_page:
		/* Guest frames all lie below what the M2P can describe. */
		return PV_M2P_MAX_MFN + 1;
	case PV_XENMEM_machphys_mapping:
		return hv_copy_to_guest(v, arg, mapping, sizeof(mapping)) ?
		       -EFAULT : 0;
	case PV_XENMEM_current_reservation:
	case PV_XENMEM_maximum_reservation:
	case PV_XENMEM_maximum_gpfn:
		if (hv_copy_from_guest(v, &domid, arg, sizeof(domid)))
			return -EFAULT;
		if (domid != PV_DOMID_SELF && domid != v->dom->id)
			return -ESRCH;
		return (cmd & 0x3f) == PV_XENMEM_maximum_gpfn ?
		       v->dom->mem.nr_frames - 1 : v->dom->mem.nr_frames;
	case PV_XENMEM_memory_map:
		return hv_memory_map(v, arg);
	}
	return -PV_ENOSYS;
}
