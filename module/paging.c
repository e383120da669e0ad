// SPDX-License-Identifier: GPL-2.0
/*
 * Guest page tables under the hypervisor's guard.
 *
 * Guests own their page tables and write machine frame numbers into them,
 * as in the paper.  What keeps the host safe is that a frame becomes a
 * page table only after every entry in it was checked, that a page-table
 * frame is never mapped writable, and that every later change goes through
 * a hypercall that checks it again.  This file holds those checks for the
 * bootstrap tables the domain builder wrote (in pseudo-physical form, which
 * it translates) and for update_va_mapping.
 *
 * Entry rules, for every level: the target is a frame of this domain (or,
 * for an L1, its shared_info page); no Global bit (a global mapping would
 * survive into the host and into other guests); no cache attributes other
 * than write-back; no superpages; no reserved bits; no address bits beyond
 * what the host can address; a non-present entry is zero (so no stale
 * address bits invite L1TF).  A frame is one kind of table only.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/pgtable.h>
#include <net/netlink.h>

#include "domain.h"
#include "m2p.h"
#include "paging.h"
#include "vcpu.h"

#define L1_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G | \
			 (1ULL << 62))
#define L2_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G)
#define L3_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G | \
			 (0xfffULL << 52))
/* Long mode honours RW and US in the L3; Xen sets both (ABI 5.6). */
#define L3_FORCED	(PV_PTE_RW | PV_PTE_US | PV_PTE_A)

static u64 *hv_frame(struct hv_domain *d, u32 pfn)
{
	return page_address(d->mem.frames[pfn]);
}

/* Address bits the host cannot address are reserved bits. */
static bool hv_addr_ok(u64 e)
{
	return !((e & PV_PTE_ADDR) >> boot_cpu_data.x86_phys_bits);
}

static int hv_mfn_to_pfn(struct hv_domain *d, u64 mfn, u32 *pfn)
{
	void *e = xa_load(&d->m2p, mfn);

	if (!e)
		return -EPERM;
	*pfn = xa_to_value(e);
	return 0;
}

/* --- the bootstrap tables, still in pseudo-physical form --- */

struct hv_boot_walk {
	struct hv_domain *d;
	const struct hv_boot *b;
	struct netlink_ext_ack *extack;
};

static int hv_set_type(struct hv_boot_walk *w, u64 e, u8 type)
{
	struct hv_domain *d = w->d;
	u64 pfn = (e & PV_PTE_ADDR) >> PAGE_SHIFT;

	if (pfn < w->b->pt_pfn || pfn >= w->b->pt_pfn + w->b->nr_pt_frames) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap table points at a table outside the page-table frames");
		return -EINVAL;
	}
	if (d->frame_type[pfn] == type && type != HV_FRAME_L2_HOLE)
		return 0;
	if (d->frame_type[pfn] != HV_FRAME_NONE) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap frame is used as two kinds of table (or the slot-3 L2 twice)");
		return -EINVAL;
	}
	d->frame_type[pfn] = type;
	return 0;
}

static int hv_check_entry(struct hv_boot_walk *w, u64 e, u64 refused)
{
	if (!(e & PV_PTE_P)) {
		if (!e)
			return 0;
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a non-present bootstrap entry has bits set");
		return -EINVAL;
	}
	if ((e & refused) || !hv_addr_ok(e)) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap entry has refused bits (G, PWT, PCD, PSE, reserved)");
		return -EINVAL;
	}
	if ((e & PV_PTE_ADDR) >> PAGE_SHIFT >= w->d->mem.nr_frames) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "a bootstrap entry maps a frame outside the domain");
		return -EINVAL;
	}
	return 1;
}

/* Give every frame reachable from the L3 its type, checking L3 and L2s. */
static int hv_boot_classify(struct hv_boot_walk *w)
{
	struct hv_domain *d = w->d;
	u64 *l3 = hv_frame(d, w->b->pt_pfn), *l2;
	int i, j, n, err;

	d->frame_type[w->b->pt_pfn] = HV_FRAME_L3;
	if (!(l3[3] & PV_PTE_P)) {
		NL_SET_ERR_MSG_MOD(w->extack,
				   "L3 entry 3 (the L2 holding the hypervisor hole) must be present");
		return -EINVAL;
	}
	for (i = 0; i < 4; i++) {
		err = hv_check_entry(w, l3[i], L3_REFUSED);
		if (err <= 0) {
			if (err)
				return err;
			continue;
		}
		err = hv_set_type(w, l3[i], i == 3 ? HV_FRAME_L2_HOLE :
					    HV_FRAME_L2);
		if (err)
			return err;
	}
	for (i = 0; i < 4; i++) {
		if (!(l3[i] & PV_PTE_P))
			continue;
		l2 = hv_frame(d, (l3[i] & PV_PTE_ADDR) >> PAGE_SHIFT);
		n = i == 3 ? HV_HOLE_L2_SLOT : 512;
		for (j = 0; j < n; j++) {
			err = hv_check_entry(w, l2[j], L2_REFUSED);
			if (err > 0)
				err = hv_set_type(w, l2[j], HV_FRAME_L1);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* With every table typed, check the L1s: no writable page-table frame. */
static int hv_boot_check_l1s(struct hv_boot_walk *w)
{
	struct hv_domain *d = w->d;
	u32 pfn, end = w->b->pt_pfn + w->b->nr_pt_frames;
	u64 *l1;
	int i, err;

	for (pfn = w->b->pt_pfn; pfn < end; pfn++) {
		if (d->frame_type[pfn] != HV_FRAME_L1)
			continue;
		l1 = hv_frame(d, pfn);
		for (i = 0; i < 512; i++) {
			err = hv_check_entry(w, l1[i], L1_REFUSED);
			if (err < 0)
				return err;
			if (err && (l1[i] & PV_PTE_RW) &&
			    d->frame_type[l1[i] >> PAGE_SHIFT &
					  (PV_PTE_ADDR >> PAGE_SHIFT)]) {
				NL_SET_ERR_MSG_MOD(w->extack,
						   "a bootstrap L1 maps a page-table frame writable");
				return -EINVAL;
			}
		}
	}
	return 0;
}

static u64 hv_translate(struct hv_domain *d, u64 e)
{
	u64 pfn = (e & PV_PTE_ADDR) >> PAGE_SHIFT;

	return (e & ~PV_PTE_ADDR) | ((u64)hv_domain_mfn(d, pfn) << PAGE_SHIFT);
}

/* Everything checked: rewrite the tables with machine frame numbers. */
static void hv_boot_translate(struct hv_boot_walk *w)
{
	struct hv_domain *d = w->d;
	u32 pfn, end = w->b->pt_pfn + w->b->nr_pt_frames;
	u64 *t;
	int i, n;

	for (pfn = w->b->pt_pfn; pfn < end; pfn++) {
		u8 type = d->frame_type[pfn];

		if (type == HV_FRAME_NONE)
			continue;
		t = hv_frame(d, pfn);
		n = type == HV_FRAME_L3 ? 4 :
		    type == HV_FRAME_L2_HOLE ? HV_HOLE_L2_SLOT : 512;
		for (i = 0; i < n; i++)
			if (t[i] & PV_PTE_P)
				t[i] = hv_translate(d, t[i]) |
				       (type == HV_FRAME_L3 ? L3_FORCED : 0);
		/* The rest of an L3, and the hole, are the hypervisor's. */
		if (type == HV_FRAME_L2 || type == HV_FRAME_L1)
			continue;
		for (; i < 512; i++)
			t[i] = 0;
	}
}

int hv_paging_boot(struct hv_domain *d, const struct hv_boot *b,
		   struct netlink_ext_ack *extack)
{
	struct hv_boot_walk w = { .d = d, .b = b, .extack = extack };
	u64 hole;
	int err;

	memset(d->frame_type, 0, d->mem.nr_frames);
	err = hv_boot_classify(&w);
	if (!err)
		err = hv_boot_check_l1s(&w);
	if (err) {
		memset(d->frame_type, 0, d->mem.nr_frames);
		return err;
	}
	/* Still pseudo-physical: the L2 that will hold the hole. */
	hole = (hv_frame(d, b->pt_pfn)[3] & PV_PTE_ADDR) >> PAGE_SHIFT;
	hv_boot_translate(&w);
	d->l3_pfn = b->pt_pfn;
	err = hv_m2p_build(d, hv_frame(d, hole));
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "out of memory for the M2P table");
	return err;
}

/* --- the hypervisor's top level for a vCPU --- */

int hv_paging_top(struct hv_vcpu *v)
{
	struct hv_domain *d = v->dom;
	u64 *host = __va(__read_cr3() & CR3_ADDR_MASK);
	u64 l3 = (u64)hv_domain_mfn(d, d->l3_pfn) << PAGE_SHIFT;

	v->top = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!v->top)
		return -ENOMEM;
	v->pml4 = v->top;
	if (pgtable_l5_enabled()) {
		v->pml4 = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		if (!v->pml4) {
			hv_paging_free_top(v);
			return -ENOMEM;
		}
		v->top[0] = __pa(v->pml4) | PV_PTE_P | PV_PTE_RW | PV_PTE_US |
			    PV_PTE_A;
	}
	/*
	 * The host's kernel half, so the module, its stacks and per-CPU data
	 * stay mapped while the hypervisor runs on this table.  Linux fills
	 * these top-level slots at boot and never changes them.
	 */
	memcpy(v->top + 256, host + 256, 256 * sizeof(u64));
	v->pml4[0] = l3 | PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A;
	v->sw.hyp_cr3 = __pa(v->top);
	return 0;
}

void hv_paging_free_top(struct hv_vcpu *v)
{
	if (v->pml4 != v->top)
		free_page((unsigned long)v->pml4);
	free_page((unsigned long)v->top);
	v->top = NULL;
	v->pml4 = NULL;
}

/* --- guest memory through the guest's own tables --- */

/*
 * The host address of the frame a present entry of a validated table
 * points at.  No lookup is needed: every such entry was checked when it
 * was written (at boot, or by the hypercall that wrote it) to name a frame
 * of this domain or its shared_info page, and page-table frames are never
 * writable by the guest, so the entry still does.  This is what keeps the
 * walk cheap enough for the fast path.
 */
static void *hv_entry_va(u64 e)
{
	return __va(e & PV_PTE_ADDR);
}

/* The L1 entry that maps @va, or NULL when no L1 is there. */
static u64 *hv_l1e(struct hv_domain *d, u32 va)
{
	u64 e = READ_ONCE(hv_frame(d, d->l3_pfn)[va >> 30]);
	u64 *l1;

	if (!(e & PV_PTE_P))
		return NULL;
	e = READ_ONCE(((u64 *)hv_entry_va(e))[(va >> 21) & 511]);
	if (!(e & PV_PTE_P))
		return NULL;
	l1 = hv_entry_va(e);
	return &l1[(va >> 12) & 511];
}

/*
 * The host address of guest byte @va, within its page, if the guest's
 * tables map it (writable, for @write).  Pointers into the hole are the
 * hypervisor's, never the guest's.
 */
static u8 *hv_gva(struct hv_vcpu *v, u32 va, bool write)
{
	struct hv_domain *d = v->dom;
	u64 *l1e, e;
	u8 *page;

	if (va >= PV_HOLE_START)
		return NULL;
	l1e = hv_l1e(d, va);
	if (!l1e)
		return NULL;
	e = READ_ONCE(*l1e);
	if (!(e & PV_PTE_P) || (write && !(e & PV_PTE_RW)))
		return NULL;
	page = hv_entry_va(e);
	return page + (va & ~PAGE_MASK);
}

/*
 * Read or write @n aligned 32-bit words at @va: the fast path's way to
 * move bounce and iret frames, one walk and no memcpy when the words lie
 * in one page (frames almost always do).
 */
int hv_guest_words(struct hv_vcpu *v, u32 va, u32 *w, unsigned int n,
		   bool write)
{
	u32 *p;

	if ((va & 3) || (va & ~PAGE_MASK) + n * 4 > PAGE_SIZE)
		return write ? hv_copy_to_guest(v, va, w, n * 4) :
			       hv_copy_from_guest(v, w, va, n * 4);
	p = (u32 *)hv_gva(v, va, write);
	if (!p)
		return -EFAULT;
	while (n--)
		if (write)
			*p++ = *w++;
		else
			*w++ = *p++;
	return 0;
}

int hv_copy_from_guest(struct hv_vcpu *v, void *dst, u32 va, size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u8 *p = hv_gva(v, va, false);

		if (!p || (u64)va + n > PV_HOLE_START)
			return -EFAULT;
		memcpy(dst, p, n);
		dst += n;
		va += n;
		len -= n;
	}
	return 0;
}

int hv_copy_to_guest(struct hv_vcpu *v, u32 va, const void *src,
		     size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - (va & ~PAGE_MASK));
		u8 *p = hv_gva(v, va, true);

		if (!p || (u64)va + n > PV_HOLE_START)
			return -EFAULT;
		memcpy(p, src, n);
		src += n;
		va += n;
		len -= n;
	}
	return 0;
}

/*
 * The host address of guest machine frame @mfn, if it is ordinary memory
 * of this domain (not a page table): where hypercalls may put descriptors.
 */
void *hv_guest_frame(struct hv_domain *d, u64 mfn)
{
	u32 pfn;

	if (hv_mfn_to_pfn(d, mfn, &pfn) || d->frame_type[pfn])
		return NULL;
	return hv_frame(d, pfn);
}

/* Check a new L1 entry against the rules above. */
static int hv_check_l1e(struct hv_domain *d, u64 e)
{
	u64 mfn = (e & PV_PTE_ADDR) >> PAGE_SHIFT;
	u32 pfn;

	if (!(e & PV_PTE_P))
		return e ? -EINVAL : 0;
	if ((e & L1_REFUSED) || !hv_addr_ok(e))
		return -EINVAL;
	if (!hv_mfn_to_pfn(d, mfn, &pfn))
		return (e & PV_PTE_RW) && d->frame_type[pfn] ? -EINVAL : 0;
	/* Its shared_info is the one hypervisor frame a guest may map. */
	if (d->shared_info && mfn == page_to_pfn(d->shared_info))
		return 0;
	return -EPERM;
}

/*
 * update_va_mapping: replace the L1 entry that maps @va.  The TLB needs no
 * flush here: this runs in the host, and every entry into the guest world
 * loads the guest's CR3 without the no-flush bit.
 */
int hv_update_va_mapping(struct hv_vcpu *v, u32 va, u64 pte)
{
	struct hv_domain *d = v->dom;
	u64 *l1e;
	int err;

	if (va >= PV_HOLE_START)
		return -EINVAL;
	l1e = hv_l1e(d, va);
	if (!l1e)
		return -EINVAL;
	err = hv_check_l1e(d, pte);
	if (err)
		return err;
	WRITE_ONCE(*l1e, pte);
	return 0;
}
