/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains: the objects a user creates, lists and destroys.
 */
#ifndef _HV_DOMAIN_H
#define _HV_DOMAIN_H

#include <linux/kref.h>
#include <linux/types.h>
#include <linux/hv.h>

#include "memory.h"

struct netlink_ext_ack;

struct hv_domain {
	struct kref ref;
	u32 id;
	char name[HV_DOMAIN_NAME_MAX + 1];
	enum hv_domain_state state;
	u64 memory;			/* bytes */
	struct hv_memory mem;
};

struct hv_domain *hv_domain_create(const char *name, u64 memory,
				   struct netlink_ext_ack *extack);
struct hv_domain *hv_domain_get_by_id(u32 id);
struct hv_domain *hv_domain_get_by_name(const char *name);
struct hv_domain *hv_domain_get_next(u32 *id);
int hv_domain_destroy(struct hv_domain *d);
void hv_domain_put(struct hv_domain *d);
bool hv_domain_name_valid(const char *name);

#endif /* _HV_DOMAIN_H */
