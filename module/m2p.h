/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine-to-physical table a guest reads in the hypervisor hole.
 */
#ifndef _HV_M2P_H
#define _HV_M2P_H

#include <linux/types.h>

struct hv_dom;

int hv_m2p_init(void);
void hv_m2p_exit(void);
int hv_m2p_build(struct hv_dom *d);
void hv_m2p_install(struct hv_dom *d, u64 *l2);
void hv_m2p_remove(u64 *l2);
void hv_m2p_set(struct hv_dom *d, unsigned long mfn, u32 value);
void hv_m2p_free(struct hv_dom *d);

#endif /* _HV_M2P_H */
