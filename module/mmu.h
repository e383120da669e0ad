/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_MMU_H
#define _HV_MMU_H

#include <linux/types.h>

struct hv_vcpu;

/* The TLB flush a hypercall asked for on the calling vCPU. */
enum hv_flush {
	HV_FLUSH_NONE,
	HV_FLUSH_PAGE,		/* the one address */
	HV_FLUSH_ALL,		/* every guest entry */
};

long hv_mmu_update(struct hv_vcpu *v, u32 reqs, u32 count, u32 done,
		   u32 foreigndom);
bool hv_mmu_update_fast(struct hv_vcpu *v, u32 reqs, u32 count, u32 done,
			u32 foreigndom, long *ret, enum hv_flush *flush);
long hv_mmuext_op(struct hv_vcpu *v, u32 ops, u32 count, u32 done,
		  u32 foreigndom);
bool hv_mmuext_fast(struct hv_vcpu *v, u32 ops, u32 count, u32 done,
		    u32 foreigndom, long *ret, enum hv_flush *flush, u32 *va);
long hv_update_va_mapping(struct hv_vcpu *v, u32 va, u64 pte, u32 flags,
			  enum hv_flush *flush);
long hv_memory_op(struct hv_vcpu *v, u32 cmd, u32 arg);
int hv_new_baseptr(struct hv_vcpu *v, u32 pfn);

#endif /* _HV_MMU_H */
