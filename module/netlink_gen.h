/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Policies and operations of the "hv" family, written to match
 * Documentation/netlink/specs/hv.yaml in the shape the kernel's YAML
 * generator produces, so that the spec stays the single description.
 */
#ifndef _HV_NETLINK_GEN_H
#define _HV_NETLINK_GEN_H

#include <net/genetlink.h>
#include <linux/hv.h>

extern const struct genl_ops hv_nl_ops[16];
extern const struct genl_multicast_group hv_nl_mcgrps[3];

enum {
	HV_NLGRP_EVENTS,
	HV_NLGRP_CONSOLE,
	HV_NLGRP_STORE,
};

int hv_nl_domain_new_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_get_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int hv_nl_domain_del_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_load_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_start_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_pause_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_domain_resume_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_console_read_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_console_write_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_vcpu_regs_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_vcpu_trace_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_store_read_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_store_write_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_store_rm_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_store_dir_doit(struct sk_buff *skb, struct genl_info *info);
int hv_nl_disk_add_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _HV_NETLINK_GEN_H */
