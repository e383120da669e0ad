/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segment descriptors: the checks every guest descriptor passes (ABI 5.8)
 * and the checks on selectors before the guest gets them back.
 */
#ifndef _HV_DESC_H
#define _HV_DESC_H

#include <linux/types.h>

struct hv_vcpu;

int hv_desc_check(u64 *desc);
u64 hv_desc_get(struct hv_vcpu *v, u16 sel);
bool hv_desc_present(u64 d);
u32 hv_desc_base(u64 d);
u32 hv_desc_limit(u64 d);
int hv_desc_dpl(u64 d);
bool hv_sel_code_ok(struct hv_vcpu *v, u16 cs, u32 eip);
bool hv_sel_stack_ok(struct hv_vcpu *v, u16 ss, int cpl);
bool hv_sel_data_ok(struct hv_vcpu *v, u16 sel, int cpl);

#endif /* _HV_DESC_H */
