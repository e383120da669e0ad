/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_HYPERCALL_H
#define _HV_HYPERCALL_H

#include <linux/types.h>

struct hv_vcpu;

void hv_hypercall(struct hv_vcpu *v);
void hv_fill_hypercall_page(void *page);
int hv_iret_frame(struct hv_vcpu *v, u32 *eax);
long hv_continue(struct hv_vcpu *v, u32 a1, u32 a2, u32 a3);
bool hv_must_yield(struct hv_vcpu *v);
long hv_vcpu_op(struct hv_vcpu *v, u32 cmd, u32 vcpuid, u32 arg);
long hv_xen_version(struct hv_vcpu *v, u32 cmd, u32 arg);
long hv_stack_switch(struct hv_vcpu *v, u32 ss, u32 esp);

#define HV_VERSION_MAJOR	4
#define HV_VERSION_MINOR	17
/* What xen_version(XENVER_version) answers, in every path. */
#define HV_XENVER_VERSION	(HV_VERSION_MAJOR << 16 | HV_VERSION_MINOR)

#endif /* _HV_HYPERCALL_H */
