/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writable page tables: guest kernel writes into its L1 tables, completed
 * by the hypervisor after the checks of mmu_update (vm_assist 2).
 */
#ifndef _HV_PTWR_H
#define _HV_PTWR_H

#include <linux/types.h>

struct hv_vcpu;

bool hv_ptwr_fault(struct hv_vcpu *v);

#endif /* _HV_PTWR_H */
