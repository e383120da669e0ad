/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_HYPERCALL_H
#define _HV_HYPERCALL_H

struct hv_vcpu;

void hv_hypercall(struct hv_vcpu *v);
void hv_fill_hypercall_page(void *page);

#endif /* _HV_HYPERCALL_H */
