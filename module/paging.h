/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest page tables: validation of the bootstrap tables and of every
 * update, and access to guest memory through them.
 */
#ifndef _HV_PAGING_H
#define _HV_PAGING_H

#include <linux/types.h>

struct hv_dom;
struct hv_boot;
struct hv_vcpu;
struct netlink_ext_ack;

int hv_paging_boot(struct hv_dom *d, const struct hv_boot *b,
		   struct netlink_ext_ack *extack);
int hv_paging_top(struct hv_vcpu *v);
void hv_paging_free_top(struct hv_vcpu *v);

int hv_copy_from_guest(struct hv_vcpu *v, void *dst, u32 va, size_t len);
int hv_copy_to_guest(struct hv_vcpu *v, u32 va, const void *src,
		     size_t len);
int hv_guest_words(struct hv_vcpu *v, u32 va, u32 *w, unsigned int n,
		   bool write);
int hv_fetch_insn(struct hv_vcpu *v, u8 *buf, size_t len);
u8 *hv_gva_data(struct hv_vcpu *v, u32 va, int cpl, bool write, u32 *pfec);
const u8 *hv_guest_page(struct hv_vcpu *v, u32 va, u32 *left);
int hv_l1_slot(struct hv_dom *d, u32 va, u32 *pfn, unsigned int *slot);
void hv_paging_set_base(struct hv_vcpu *v);
int hv_va_frame(struct hv_dom *d, u32 va, u32 *pfn);
void hv_kstack_fill(struct hv_vcpu *v, unsigned int i, u32 va);
void hv_kstack_forget(struct hv_vcpu *v);
void hv_kstack_switch(struct hv_vcpu *v, u32 old, u32 va);

#endif /* _HV_PAGING_H */
