/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_PRIVOP_H
#define _HV_PRIVOP_H

#include <linux/types.h>

struct hv_vcpu;

bool hv_emulate_privop(struct hv_vcpu *v);
long hv_physdev_op(struct hv_vcpu *v, u32 cmd, u32 arg);
long hv_physdev_op_compat(struct hv_vcpu *v, u32 arg);

#endif /* _HV_PRIVOP_H */
