/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's descriptor tables and what it needs of the host CPU.
 */
#ifndef _HV_CPU_H
#define _HV_CPU_H

#include <linux/types.h>

struct hv_dtr;

int hv_cpu_init(void);
void hv_cpu_exit(void);

/* The IDT every guest runs with, and a transition GDT for this CPU. */
void hv_cpu_hyp_idtr(struct hv_dtr *dtr);
void hv_cpu_trans_gdtr(struct hv_dtr *dtr);
/* Fill the hypervisor's reserved page (GDT entries 7168-7679). */
void hv_cpu_fill_reserved_gdt(u64 *page);

/* Host CR4 bits that matter to guests, read once at load. */
extern bool hv_host_umip;

#endif /* _HV_CPU_H */
