// SPDX-License-Identifier: GPL-2.0
/*
 * Segment descriptors.
 *
 * A guest names its own descriptors (set_gdt, update_descriptor); they go
 * into the vCPU's GDT only after hv_desc_check() passed them: present
 * code and data segments of DPL 1 or 3 and 32 bits, never a 64-bit code
 * segment (that would be a way out of compatibility mode), never a system
 * descriptor (gates and TSS would be ways into ring 0).  Before the guest
 * runs again its selectors are checked the way the CPU will check them,
 * so the final iretq of an entry never faults in hypervisor code.
 */

#include <linux/mm.h>

#include "desc.h"
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

bool hv_desc_present(u64 d)
{
	return d & D_P;
}

int hv_desc_dpl(u64 d)
{
	return (d >> D_DPL_SHIFT) & 3;
}

u32 hv_desc_base(u64 d)
{
	return ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
}

u32 hv_desc_limit(u64 d)
{
	u32 limit = (d & 0xffff) | ((d >> 32) & 0xf0000);

	return d & D_G ? (limit << 12) | 0xfff : limit;
}

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
	if ((d & D_CODE) && (d & D_L))
		return -EINVAL;		/* 64-bit code: never */
	if (hv_desc_dpl(d) == 0)
		d |= 1ULL << D_DPL_SHIFT;	/* ring 0 is ours: raise to 1 */
	if (hv_desc_dpl(d) == 2)
		return -EINVAL;
	/*
	 * Set the accessed bit now, so the CPU never writes to our GDT
	 * pages when the guest loads the selector.
	 */
	*desc = d | D_ACCESSED;
	return 0;
}

/* The descriptor behind @sel as the guest's GDT holds it; 0 if none. */
u64 hv_desc_get(struct hv_vcpu *v, u16 sel)
{
	unsigned int index = sel >> 3;

	if (sel & 4)
		return 0;		/* no LDT yet */
	if (index >= PV_FIRST_RESERVED_GDT_ENTRY) {
		/* Of the reserved page, only the flat guest selectors. */
		if ((sel | 3) != (PV_FLAT_RING1_CS | 3) &&
		    (sel | 3) != (PV_FLAT_RING1_DS | 3) &&
		    (sel | 3) != (PV_FLAT_RING3_CS | 3) &&
		    (sel | 3) != (PV_FLAT_RING3_DS | 3))
			return 0;
	} else if (index >= v->gdt_entries || index == 0) {
		return 0;
	}
	return READ_ONCE(v->gdt[index]);
}

/* A code selector an iretq to ring 1 or 3 will accept, EIP in limit. */
bool hv_sel_code_ok(struct hv_vcpu *v, u16 cs, u32 eip)
{
	u64 d = hv_desc_get(v, cs);
	int rpl = cs & 3;

	return (rpl == 1 || rpl == 3) && (d & D_P) && (d & D_S) &&
	       (d & D_CODE) && !(d & D_CONFORMING) && !(d & D_L) &&
	       (d & D_DB) && hv_desc_dpl(d) == rpl &&
	       eip <= hv_desc_limit(d);
}

bool hv_sel_stack_ok(struct hv_vcpu *v, u16 ss, int cpl)
{
	u64 d = hv_desc_get(v, ss);

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
