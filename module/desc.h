/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segment descriptors: the checks every guest descriptor passes (ABI 5.8),
 * the checks on selectors before the guest gets them back, and the
 * hypercalls that give the vCPU its GDT, LDT and descriptors.
 */
#ifndef _HV_DESC_H
#define _HV_DESC_H

#include <linux/bits.h>
#include <linux/types.h>

#include "vcpu.h"

#define D_TYPE_SHIFT	40
#define D_S		BIT_ULL(44)	/* code or data (not system) */
#define D_DPL_SHIFT	45
#define D_P		BIT_ULL(47)
#define D_L		BIT_ULL(53)	/* 64-bit code */
#define D_DB		BIT_ULL(54)
#define D_G		BIT_ULL(55)
#define D_CODE		BIT_ULL(43)
#define D_CONFORMING	BIT_ULL(42)	/* code; "expand down" for data */
#define D_RW		BIT_ULL(41)	/* readable code, writable data */
#define D_ACCESSED	BIT_ULL(40)

static __always_inline bool hv_desc_present(u64 d)
{
	return d & D_P;
}

static __always_inline int hv_desc_dpl(u64 d)
{
	return (d >> D_DPL_SHIFT) & 3;
}

static __always_inline u32 hv_desc_base(u64 d)
{
	return ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
}

static __always_inline u32 hv_desc_limit(u64 d)
{
	u32 limit = (d & 0xffff) | ((d >> 32) & 0xf0000);

	return d & D_G ? (limit << 12) | 0xfff : limit;
}

/*
 * The descriptor behind @sel as the CPU sees it; 0 if none.  Every slot of
 * the frames set_gdt took is live, also past its entry count, as in Xen:
 * the GDT limit covers all 15 pages, and those slots were checked too.
 */
static __always_inline u64 hv_desc_get(struct hv_vcpu *v, u16 sel)
{
	unsigned int index = sel >> 3;

	if (sel & 4)
		return index < v->ldt_entries ? READ_ONCE(v->ldt[index]) : 0;
	if (index >= PV_FIRST_RESERVED_GDT_ENTRY) {
		/* Of the reserved page, only the flat guest selectors. */
		if ((sel | 3) != (PV_FLAT_RING1_CS | 3) &&
		    (sel | 3) != (PV_FLAT_RING1_DS | 3) &&
		    (sel | 3) != (PV_FLAT_RING3_CS | 3) &&
		    (sel | 3) != (PV_FLAT_RING3_DS | 3))
			return 0;
	} else if (index >= round_up(v->gdt_entries, 512) || index == 0) {
		return 0;
	}
	return READ_ONCE(v->gdt[index]);
}

/*
 * A return to @ss takes the 16-bit stack return (hv_iret16): its segment
 * has B = 0.  The flat selectors are 32-bit: no lookup for them.
 */
static __always_inline bool hv_sel_stack16(struct hv_vcpu *v, u16 ss)
{
	if (ss == PV_FLAT_RING1_DS || ss == PV_FLAT_RING3_DS)
		return false;
	return !(hv_desc_get(v, ss) & D_DB);
}

/*
 * The lean paths' selectors back to hv's own flat ones (switch.S): the
 * GDT or LDT behind the guest's may have changed.
 */
static __always_inline void hv_lean_forget(struct hv_vcpu *v)
{
	v->lean.ring1_cs = PV_FLAT_RING1_CS;
	v->lean.ring1_ds = PV_FLAT_RING1_DS;
	v->lean.ring3_cs = PV_FLAT_RING3_CS;
	v->lean.ring3_ds = PV_FLAT_RING3_DS;
}

void hv_lean_learn(struct hv_vcpu *v, u16 cs, u16 ss);
int hv_desc_check(u64 *desc);
bool hv_sel_code_ok(struct hv_vcpu *v, u16 cs, u32 eip);
bool hv_sel_stack_ok(struct hv_vcpu *v, u16 ss, int cpl);
bool hv_sel_data_ok(struct hv_vcpu *v, u16 sel, int cpl);
bool hv_seg_access_ok(u64 d, u32 off, unsigned int n, bool write);

long hv_set_gdt(struct hv_vcpu *v, u32 list, u32 entries);
long hv_set_ldt(struct hv_vcpu *v, u32 va, u32 nr);
long hv_update_descriptor(struct hv_vcpu *v, u64 ma, u64 desc);
void hv_ldt_drop(struct hv_vcpu *v);

#endif /* _HV_DESC_H */
