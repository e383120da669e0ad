/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest page tables: validation of the bootstrap tables and of every
 * update, and access to guest memory through them.
 */
#ifndef _HV_PAGING_H
#define _HV_PAGING_H

#include <linux/types.h>

struct hv_domain;
struct hv_boot;
struct hv_vcpu;
struct netlink_ext_ack;

/* The type of a guest frame: what it may be used as. */
enum hv_frame_type {
	HV_FRAME_NONE,		/* ordinary memory: may be mapped writable */
	HV_FRAME_L1,
	HV_FRAME_L2,
	HV_FRAME_L2_HOLE,	/* the L2 under L3 slot 3: holds the hole */
	HV_FRAME_L3,
};

/* First L2 slot of the hypervisor hole (0xF5800000 >> 21). */
#define HV_HOLE_L2_SLOT		428

int hv_paging_boot(struct hv_domain *d, const struct hv_boot *b,
		   struct netlink_ext_ack *extack);
int hv_paging_top(struct hv_vcpu *v);
void hv_paging_free_top(struct hv_vcpu *v);

int hv_copy_from_guest(struct hv_vcpu *v, void *dst, u32 va, size_t len);
int hv_copy_to_guest(struct hv_vcpu *v, u32 va, const void *src,
		     size_t len);
int hv_guest_words(struct hv_vcpu *v, u32 va, u32 *w, unsigned int n,
		   bool write);
int hv_update_va_mapping(struct hv_vcpu *v, u32 va, u64 pte);
void *hv_guest_frame(struct hv_domain *d, u64 mfn);

#endif /* _HV_PAGING_H */
