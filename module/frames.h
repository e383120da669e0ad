/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The frame table: the type, type count, reference count and pin of every
 * frame of a domain, and the validation that gives a frame a table type.
 */
#ifndef _HV_FRAMES_H
#define _HV_FRAMES_H

#include <linux/types.h>
#include <linux/hv_pv32.h>

struct hv_dom;

/* What a frame is used as.  Types change only while the count is zero. */
enum hv_frame_type {
	HV_FRAME_NONE,		/* unused: may become anything */
	HV_FRAME_WRITABLE,	/* mapped writable somewhere */
	HV_FRAME_L1,
	HV_FRAME_L2,
	HV_FRAME_L3,
	HV_FRAME_SEG,		/* GDT/LDT frame */
};

struct hv_frame {
	u32 refs;		/* present entries, pins and bases naming it */
	u32 type_count;		/* references that hold its type */
	atomic_t gnt_writers;	/* back ends that may write it (gnttab.c) */
	u8 type;		/* enum hv_frame_type */
	u8 pinned;
	u8 hole;		/* an L2 in L3 slot 3: holds the hole */
};

/*
 * An mmu_update request as the guest's list holds it (ABI 3.2): "ptr" is
 * the machine address of the entry, its low 3 bits the command.
 */
struct hv_pte_req {
	u64 ptr;
	u64 val;
} __packed;

/* The bits of "ptr" that pick the entry in its table */
#define HV_PTE_REQ_SLOT		0xff8ULL

/* First L2 slot of the hypervisor hole (0xF5800000 >> 21). */
#define HV_HOLE_L2_SLOT		428

/* The levels an entry can be at (an entry of a frame of that type). */
int hv_get_type(struct hv_dom *d, u32 pfn, u8 type, bool hole);
void hv_put_type(struct hv_dom *d, u32 pfn);
int hv_entry_get(struct hv_dom *d, u8 level, unsigned int slot, u64 e);
void hv_entry_put(struct hv_dom *d, u8 level, unsigned int slot, u64 e);
bool hv_entry_update_bounded(struct hv_dom *d, u32 pfn);
bool hv_l2e_update_bounded(struct hv_dom *d, u32 pfn, unsigned int slot);
int hv_entry_update(struct hv_dom *d, u32 pfn, unsigned int slot, u64 e);
u32 hv_l1_update_run(struct hv_dom *d, u32 pfn, u64 key,
		     const struct hv_pte_req *r, u32 n, int *err);
int hv_pin(struct hv_dom *d, u32 pfn, u8 type);
int hv_unpin(struct hv_dom *d, u32 pfn);

#endif /* _HV_FRAMES_H */
