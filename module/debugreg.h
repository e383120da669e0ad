/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's debug registers: set_debugreg, get_debugreg and MOV DR, and
 * their load around a world entry when the guest enabled any.
 */
#ifndef _HV_DEBUGREG_H
#define _HV_DEBUGREG_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "vcpu.h"

/* DR7's local and global enables (L0-L3, G0-G3). */
#define HV_DR7_ENABLES		0xffu

/* What the host had in DR0-DR3 while the guest's are loaded. */
struct hv_host_dr {
	unsigned long dr[4];
};

/* The guest enabled a breakpoint: its registers go in with it. */
static __always_inline bool hv_dr_active(struct hv_vcpu *v)
{
	return READ_ONCE(v->dr7) & HV_DR7_ENABLES;
}

long hv_set_debugreg(struct hv_vcpu *v, u32 reg, u32 val);
long hv_get_debugreg(struct hv_vcpu *v, u32 reg);
void hv_dr_load(struct hv_vcpu *v, struct hv_host_dr *h);
void hv_dr_unload(const struct hv_host_dr *h);

#endif /* _HV_DEBUGREG_H */
