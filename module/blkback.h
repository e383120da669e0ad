/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PV block device's back end (blkback.c): a host file served to a
 * guest's blkfront over a blkif ring, as domain 0.
 */
#ifndef _HV_BLKBACK_H
#define _HV_BLKBACK_H

#include <linux/types.h>

struct hv_dom;
struct netlink_ext_ack;
struct sk_buff;

int hv_blk_add(struct hv_dom *d, int fd, u32 vdev, bool ro,
	       struct netlink_ext_ack *extack);
int hv_blk_domain_start(struct hv_dom *d);
void hv_blk_domain_destroy(struct hv_dom *d);
int hv_blk_fill(struct sk_buff *skb, struct hv_dom *d);

#endif /* _HV_BLKBACK_H */
