// SPDX-License-Identifier: GPL-2.0
/*
 * Segment descriptors.
 *
 * A guest names its own descriptors (set_gdt, update_descriptor); they go
 * into the vCPU's GDT only after hv_desc_check() passed them: present
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

#include "desc.h"
#include "vcpu.h"

/*
 * Check and adjust one descriptor a guest wants.  Returns 0 (maybe after
 * adjusting *desc) or -EINVAL.
 */
int hv_desc_check(u64 *desc)
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
