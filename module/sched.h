/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_SCHED_H
#define _HV_SCHED_H

#include <linux/types.h>

struct hv_vcpu;

long hv_sched_op(struct hv_vcpu *v, u32 cmd, u32 arg, bool compat);
void hv_vcpu_block(struct hv_vcpu *v);

#endif /* _HV_SCHED_H */
