/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_MMU_H
#define _HV_MMU_H

#include <linux/types.h>

struct hv_vcpu;

long hv_mmu_update(struct hv_vcpu *v, u32 reqs, u32 count, u32 done,
		   u32 foreigndom);
long hv_mmuext_op(struct hv_vcpu *v, u32 ops, u32 count, u32 done,
		  u32 foreigndom);
long hv_update_va_mapping(struct hv_vcpu *v, u32 va, u64 pte, u32 flags);
long hv_memory_op(struct hv_vcpu *v, u32 cmd, u32 arg);
void hv_ldt_drop(struct hv_vcpu *v);

#endif /* _HV_MMU_H */
