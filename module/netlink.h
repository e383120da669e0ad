/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HV_NETLINK_H
#define _HV_NETLINK_H

#include <linux/types.h>

struct hv_dom;

int hv_netlink_init(void);
void hv_netlink_exit(void);
void hv_nl_notify(struct hv_dom *d, u32 event);
void hv_nl_console_notify(struct hv_dom *d, u64 offset, size_t len);
void hv_nl_store_notify(const char *path, u32 len, bool exact);

#endif /* _HV_NETLINK_H */
