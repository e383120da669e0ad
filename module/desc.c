// SPDX-License-Identifier: GPL-2.0
/*
 * Segment descriptors.
 *
 * A guest names its own descriptors (set_gdt, set_ldt, update_descriptor:
 * the hypercalls are here too); they go into the vCPU's GDT or LDT only
 * after hv_desc_check() passed them: present
 * code and data segments of DPL 1 or 3, 16 or 32 bits as in Xen, never a
 * 64-bit code segment (that would be a way out of compatibility mode),
 * never a system descriptor (gates and TSS would be ways into ring 0).
 * Before the guest runs again its selectors are checked the way the CPU
 * will check them, so the final iretq of an entry never faults in
 * hypervisor code.
 *
 * 16-bit code needs nothing more: an iretq loads the whole RIP from its
 * frame, so EIP[31:16] are the guest's own.  A 16-bit stack segment does:
 * that iretq keeps ESP[31:16] from the RSP it ran on, and so runs on the
 * espfix alias (paging.c).
 */

#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>

#include "desc.h"
#include "domain.h"
#include "frames.h"
#include "paging.h"
#include "vcpu.h"

/*
 * Check and adjust one descriptor a guest wants.  Returns 0 (maybe after
 * adjusting *desc) or -EINVAL.
 */
noinstr int hv_desc_check(u64 *desc)
{
	u64 d = *desc;

	if (!(d & D_P))
		return 0;
	if (!(d & D_S))
		return -EINVAL;		/* gates, TSS, LDT: never */
	if (d & D_L)
		return -EINVAL;		/* 64-bit segments: never (ABI 5.8) */
	if (hv_desc_dpl(d) == 0)
		d |= 1ULL << D_DPL_SHIFT;	/* ring 0 is ours: raise to 1 */
	/*
	 * Set the accessed bit now, so the CPU never writes to our GDT
	 * pages when the guest loads the selector.
	 */
	*desc = d | D_ACCESSED;
	return 0;
}

/*
 * A code selector an iretq to ring 1 or 3 will accept, EIP in limit, 16
 * or 32 bits like hv_desc_check().  A conforming segment runs at the RPL,
 * and needs DPL <= RPL (its DPL is never 0: hv_desc_check() raised it),
 * like the CPU's own rule.
 */
noinstr bool hv_sel_code_ok(struct hv_vcpu *v, u16 cs, u32 eip)
{
	int rpl = cs & 3, dpl;
	u64 d;

	/* The flat selectors of the reserved page: always fine. */
	if (cs == PV_FLAT_RING1_CS || cs == PV_FLAT_RING3_CS)
		return true;
	d = hv_desc_get(v, cs);
	dpl = hv_desc_dpl(d);
	return (rpl == 1 || rpl == 3) && (d & D_P) && (d & D_S) &&
	       (d & D_CODE) && !(d & D_L) &&
	       ((d & D_CONFORMING) ? dpl >= 1 && dpl <= rpl : dpl == rpl) &&
	       eip <= hv_desc_limit(d);
}

noinstr bool hv_sel_stack_ok(struct hv_vcpu *v, u16 ss, int cpl)
{
	u64 d;

	if ((ss == PV_FLAT_RING1_DS && cpl == 1) ||
	    (ss == PV_FLAT_RING3_DS && cpl == 3))
		return true;
	d = hv_desc_get(v, ss);
	return (ss & 3) == cpl && (d & D_P) && (d & D_S) && !(d & D_CODE) &&
	       (d & D_RW) && hv_desc_dpl(d) == cpl;
}

/* A data selector the CPU would load at @cpl; null is always fine. */
bool hv_sel_data_ok(struct hv_vcpu *v, u16 sel, int cpl)
{
	u64 d;

	if ((sel & ~3) == 0)
		return true;
	d = hv_desc_get(v, sel);
	if (!(d & D_P) || !(d & D_S) || ((d & D_CODE) && !(d & D_RW)))
		return false;
	if ((d & D_CODE) && (d & D_CONFORMING))
		return true;
	return hv_desc_dpl(d) >= max(cpl, (int)(sel & 3));
}

/*
 * Whether descriptor @d is flat at @ring: present, base 0, limit 4 GiB,
 * 32 bits (D or B set), DPL @ring, and for @code a non-conforming code
 * segment, else a writable expand-up data segment.  What the lean paths
 * of switch.S take for granted of the selectors they load: an iretq
 * accepts them at that ring with any EIP, an offset on such a stack is
 * its linear address, and its return needs no 16-bit stack fix-up.
 */
static __always_inline bool hv_desc_flat(u64 d, int ring, bool code)
{
	const u64 bits = D_P | D_S | D_CODE | D_CONFORMING | D_L | D_DB | D_G;
	u64 want = D_P | D_S | D_DB | D_G | (code ? D_CODE : 0);

	return (d & bits) == want && (code || (d & D_RW)) &&
	       hv_desc_dpl(d) == ring && hv_desc_base(d) == 0 &&
	       hv_desc_limit(d) == U32_MAX;
}

/* A selector the lean paths may load at @ring: a flat one of the GDT. */
static __always_inline bool hv_sel_lean(struct hv_vcpu *v, u16 sel,
					int ring, bool code)
{
	/* hv's own are lean anyway; the LDT's are never cached. */
	if ((sel & 3) != ring || (sel & 4) ||
	    (sel >> 3) >= PV_FIRST_RESERVED_GDT_ENTRY)
		return false;
	return hv_desc_flat(hv_desc_get(v, sel), ring, code);
}

/*
 * @cs and @ss passed hv_entry_ok(), and the guest is about to run on
 * them: if they are flat GDT selectors, the lean paths take them from
 * now on (struct hv_lean_sels), until hv_lean_forget().  Learnt here
 * rather than where the guest names them (trap table, stack_switch,
 * callbacks, iret frames): this is where each is checked anyway, and a
 * descriptor may be made flat after its selector was named.
 */
noinstr void hv_lean_learn(struct hv_vcpu *v, u16 cs, u16 ss)
{
	struct hv_lean_sels *l = &v->lean;
	bool ring3 = (cs & 3) == 3;
	u16 *lcs = ring3 ? &l->ring3_cs : &l->ring1_cs;
	u16 *lss = ring3 ? &l->ring3_ds : &l->ring1_ds;

	if (*lcs != cs && hv_sel_lean(v, cs, cs & 3, true))
		*lcs = cs;
	if (*lss != ss && hv_sel_lean(v, ss, cs & 3, false))
		*lss = ss;
}

/* GDT entry @index changes: forget the lean selectors if it backs one. */
static noinstr void hv_lean_forget_entry(struct hv_vcpu *v,
					 unsigned int index)
{
	const struct hv_lean_sels *l = &v->lean;

	if (l->ring1_cs >> 3 == index || l->ring1_ds >> 3 == index ||
	    l->ring3_cs >> 3 == index || l->ring3_ds >> 3 == index)
		hv_lean_forget(v);
}

/*
 * Whether an access of @n bytes at offset @off through the segment of
 * descriptor @d passes the CPU's checks for a data access: present (a
 * null selector's descriptor is 0), code or data, readable (a code
 * segment needs R) or, for @write, a writable data segment, and every
 * byte inside the limit: up to it for an expand-up segment, above it up
 * to 0xffff or 0xffffffff (the B bit) for an expand-down one.  The CPU
 * checked the selector's DPL when it was loaded, hv before every entry.
 */
bool hv_seg_access_ok(u64 d, u32 off, unsigned int n, bool write)
{
	u64 last = (u64)off + n - 1;
	u32 limit = hv_desc_limit(d);

	if (!(d & D_P) || !(d & D_S))
		return false;
	if ((d & D_CODE) ? write || !(d & D_RW) : write && !(d & D_RW))
		return false;
	if (!(d & D_CODE) && (d & D_CONFORMING))	/* expand-down data */
		return off > limit && last <= (d & D_DB ? U32_MAX : U16_MAX);
	return last <= limit;
}

/* --- the descriptor hypercalls --- */

/* Give back the descriptor type of @n frames of a GDT or LDT. */
static void hv_desc_frames_put(struct hv_dom *d, const u32 *pfns,
			       unsigned int n)
{
	while (n--)
		hv_put_type(d, pfns[n]);
}

/*
 * Frame @pfn becomes a descriptor frame, of a GDT or an LDT: the one
 * place a frame takes the descriptor type (so that it can be mapped
 * writable neither now nor while it has it: frames.c), and every one of
 * its 512 descriptors must pass hv_desc_check(), used or not, as on Xen.
 * The first @n, checked, go to @out.  0, or -EINVAL with the type not
 * taken.
 */
static int hv_desc_frame_get(struct hv_dom *d, u32 pfn, u64 *out,
			     unsigned int n)
{
	const u64 *src;
	unsigned int i;
	u64 desc;

	if (hv_get_type(d, pfn, HV_FRAME_SEG, false))
		return -EINVAL;
	src = page_address(d->mem.frames[pfn]);
	for (i = 0; i < 512; i++) {
		desc = READ_ONCE(src[i]);
		if (hv_desc_check(&desc)) {
			hv_put_type(d, pfn);
			return -EINVAL;
		}
		if (i < n)
			out[i] = desc;
	}
	return 0;
}

/*
 * set_gdt (ABI 3.3): the frames become descriptor frames and the checked
 * copy goes into the vCPU's GDT.
 */
long hv_set_gdt(struct hv_vcpu *v, u32 list, u32 entries)
{
	u32 nframes = DIV_ROUND_UP(entries, 512), mfns[PV_GDT_PAGES - 1];
	u32 pfns[PV_GDT_PAGES - 1];
	size_t size = nframes * PAGE_SIZE;
	struct hv_dom *d = v->dom;
	unsigned int got;
	long err = -EINVAL;
	u64 *tmp;

	if (entries > PV_FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (hv_copy_from_guest(v, mfns, list, nframes * sizeof(u32)))
		return -EFAULT;
	tmp = __vmalloc(max_t(size_t, size, PAGE_SIZE), GFP_KERNEL_ACCOUNT);
	if (!tmp)
		return -ENOMEM;
	for (got = 0; got < nframes; got++)
		if (hv_own_frame(d, mfns[got], &pfns[got]) ||
		    hv_desc_frame_get(d, pfns[got], tmp + got * 512, 512))
			goto err;
	hv_desc_frames_put(d, v->gdt_pfns, DIV_ROUND_UP(v->gdt_entries, 512));
	hv_lean_forget(v);
	memcpy(v->gdt, tmp, size);
	memset((void *)v->gdt + size, 0, (PV_GDT_PAGES - 1) * PAGE_SIZE - size);
	memcpy(v->gdt_pfns, pfns, sizeof(pfns));
	v->gdt_entries = entries;
	err = 0;
	got = 0;
err:
	hv_desc_frames_put(d, pfns, got);
	vfree(tmp);
	return err;
}

/* No LDT any more: its frames lose the descriptor type. */
void hv_ldt_drop(struct hv_vcpu *v)
{
	hv_desc_frames_put(v->dom, v->ldt_pfns,
			   DIV_ROUND_UP(v->ldt_entries * 8, PAGE_SIZE));
	/* The lean selectors are never the LDT's: forgotten all the same. */
	hv_lean_forget(v);
	vfree(v->ldt);
	v->ldt = NULL;
	v->ldt_entries = 0;
	v->sw.ldt_sel = 0;
	memset(&v->gdt[HV_LDT_SEL >> 3], 0, 16);
}

/*
 * set_ldt (ABI 3.15): like set_gdt, the pages become descriptor frames,
 * and the checked copy of the first @nr descriptors becomes the LDT the
 * CPU uses, through a system descriptor in the hypervisor's reserved GDT
 * page (selector 0xe050).
 */
long hv_set_ldt(struct hv_vcpu *v, u32 va, u32 nr)
{
	unsigned int pages = DIV_ROUND_UP(nr * 8, PAGE_SIZE), got;
	struct hv_dom *d = v->dom;
	u32 pfns[HV_LDT_PAGES];
	int err = -EINVAL;
	u64 *ldt;

	if (nr > HV_LDT_MAX_ENTRIES || (va & ~PAGE_MASK) ||
	    (u64)va + pages * PAGE_SIZE > PV_HOLE_START)
		return -EINVAL;
	if (!nr) {
		hv_ldt_drop(v);
		return 0;
	}
	ldt = __vmalloc(pages * PAGE_SIZE, GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!ldt)
		return -ENOMEM;
	for (got = 0; got < pages; got++)
		if (hv_va_frame(d, va + got * PAGE_SIZE, &pfns[got]) ||
		    hv_desc_frame_get(d, pfns[got], ldt + got * 512,
				      min(nr - got * 512, 512u)))
			goto err;
	hv_ldt_drop(v);
	v->ldt = ldt;
	v->ldt_entries = nr;
	memcpy(v->ldt_pfns, pfns, got * sizeof(u32));
	set_tssldt_descriptor(&v->gdt[HV_LDT_SEL >> 3], (unsigned long)ldt,
			      DESC_LDT, nr * 8 - 1);
	v->sw.ldt_sel = HV_LDT_SEL;
	return 0;

err:
	hv_desc_frames_put(d, pfns, got);
	vfree(ldt);
	return err;
}

/*
 * update_descriptor (ABI 3.5): one checked descriptor at machine address
 * @ma, in a live descriptor frame or in one that could be mapped writable
 * (never in a page table), and in the vCPU's copies of that frame.
 * noinstr: Linux's context switch batches it (the TLS entries), and the
 * fast path runs that batch (fastpath.c).
 */
noinstr long hv_update_descriptor(struct hv_vcpu *v, u64 ma, u64 desc)
{
	unsigned int slot = (ma & ~PAGE_MASK) / 8, i;
	struct hv_frame *f;
	u32 pfn;
	u64 *frame;

	if (hv_own_frame(v->dom, ma >> PAGE_SHIFT, &pfn) || (ma & 7) ||
	    hv_desc_check(&desc))
		return -EINVAL;
	f = &v->dom->ft[pfn];
	if (f->type_count && f->type != HV_FRAME_SEG &&
	    f->type != HV_FRAME_WRITABLE)
		return -EINVAL;
	frame = page_address(v->dom->mem.frames[pfn]);
	WRITE_ONCE(frame[slot], desc);
	for (i = 0; i < DIV_ROUND_UP(v->gdt_entries, 512); i++)
		if (v->gdt_pfns[i] == pfn) {
			hv_lean_forget_entry(v, i * 512 + slot);
			WRITE_ONCE(v->gdt[i * 512 + slot], desc);
		}
	for (i = 0; i < DIV_ROUND_UP(v->ldt_entries * 8, PAGE_SIZE); i++)
		if (v->ldt_pfns[i] == pfn && i * 512 + slot < v->ldt_entries)
			WRITE_ONCE(v->ldt[i * 512 + slot], desc);
	return 0;
}
