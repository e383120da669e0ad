/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's memory reservation: the host frames that back the guest.
 */
#ifndef _HV_MEMORY_H
#define _HV_MEMORY_H

#include <linux/types.h>

struct page;
struct netlink_ext_ack;

struct hv_memory {
	unsigned long nr_frames;
	struct page **frames;		/* index: guest pseudo-physical frame */
};

int hv_memory_reserve(struct hv_memory *mem, u64 bytes,
		      struct netlink_ext_ack *extack);
void hv_memory_release(struct hv_memory *mem);

#endif /* _HV_MEMORY_H */
