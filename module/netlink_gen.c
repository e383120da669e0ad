// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/*
 * Per-operation policies of the "hv" family (see netlink_gen.h).  Each
 * operation accepts exactly the attributes the spec lists for its request;
 * anything else is refused by strict validation before a handler runs.
 */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink_gen.h"

/* HV_CMD_DOMAIN_NEW - do */
static const struct nla_policy hv_domain_new_nl_policy[HV_A_DOMAIN_MEMORY + 1] = {
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_MEMORY] = { .type = NLA_U64, },
};

/* HV_CMD_DOMAIN_GET, _DEL, _PAUSE, _RESUME, HV_CMD_VCPU_REGS - do */
static const struct nla_policy hv_domain_ref_nl_policy[HV_A_DOMAIN_NAME + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
};

/* HV_A_BOOT_* - nested in domain-start */
static const struct nla_policy hv_boot_nl_policy[HV_A_BOOT_MAX + 1] = {
	[HV_A_BOOT_ENTRY] = { .type = NLA_U32, },
	[HV_A_BOOT_STACK] = { .type = NLA_U32, },
	[HV_A_BOOT_START_INFO] = { .type = NLA_U32, },
	[HV_A_BOOT_START_INFO_PFN] = { .type = NLA_U32, },
	[HV_A_BOOT_PT_PFN] = { .type = NLA_U32, },
	[HV_A_BOOT_NR_PT_FRAMES] = { .type = NLA_U32, },
	[HV_A_BOOT_P2M_PFN] = { .type = NLA_U32, },
	[HV_A_BOOT_HYPERCALL_PFN] = { .type = NLA_U32, },
	[HV_A_BOOT_CONSOLE_PFN] = { .type = NLA_U32, },
	[HV_A_BOOT_STORE_PFN] = { .type = NLA_U32, },
};

/* HV_CMD_DOMAIN_LOAD - do */
static const struct nla_policy hv_domain_load_nl_policy[HV_A_DOMAIN_LOAD_DATA + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_LOAD_PFN] = { .type = NLA_U32, },
	[HV_A_DOMAIN_LOAD_DATA] = { .type = NLA_BINARY, .len = HV_LOAD_MAX, },
};

/* HV_CMD_DOMAIN_START - do */
static const struct nla_policy hv_domain_start_nl_policy[HV_A_DOMAIN_PAUSED + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_BOOT] = NLA_POLICY_NESTED(hv_boot_nl_policy),
	[HV_A_DOMAIN_PAUSED] = { .type = NLA_FLAG, },
};

/* HV_CMD_CONSOLE_READ - do */
static const struct nla_policy hv_console_read_nl_policy[HV_A_DOMAIN_CONSOLE_OFFSET + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_CONSOLE_OFFSET] = { .type = NLA_U64, },
};

/* HV_CMD_CONSOLE_WRITE - do */
static const struct nla_policy hv_console_write_nl_policy[HV_A_DOMAIN_CONSOLE_DATA + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_CONSOLE_DATA] = { .type = NLA_BINARY, .len = HV_CONSOLE_WRITE_MAX, },
};

/* HV_CMD_VCPU_TRACE - do */
static const struct nla_policy hv_vcpu_trace_nl_policy[HV_A_DOMAIN_TRACE_SEQ + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_TRACE_SEQ] = { .type = NLA_U64, },
};

/* HV_CMD_STORE_READ, _RM, _DIR - do */
static const struct nla_policy hv_store_path_nl_policy[HV_A_STORE_PATH + 1] = {
	[HV_A_STORE_PATH] = { .type = NLA_NUL_STRING, .len = HV_STORE_PATH_MAX, },
};

/* HV_CMD_STORE_WRITE - do */
static const struct nla_policy hv_store_write_nl_policy[HV_A_STORE_VALUE + 1] = {
	[HV_A_STORE_PATH] = { .type = NLA_NUL_STRING, .len = HV_STORE_PATH_MAX, },
	[HV_A_STORE_VALUE] = { .type = NLA_BINARY, .len = HV_STORE_VALUE_MAX, },
};

/* HV_A_DISK_* - nested in disk-add */
static const struct nla_policy hv_disk_nl_policy[HV_A_DISK_MAX + 1] = {
	[HV_A_DISK_FD] = { .type = NLA_U32, },
	[HV_A_DISK_VDEV] = { .type = NLA_U32, },
	[HV_A_DISK_READONLY] = { .type = NLA_FLAG, },
	[HV_A_DISK_SECTORS] = { .type = NLA_U64, },
	[HV_A_DISK_RING_PAGES] = { .type = NLA_U32, },
	[HV_A_DISK_REQUESTS] = { .type = NLA_U64, },
	[HV_A_DISK_ERRORS] = { .type = NLA_U64, },
};

/* HV_CMD_DISK_ADD - do */
static const struct nla_policy hv_disk_add_nl_policy[HV_A_DOMAIN_DISK + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
	[HV_A_DOMAIN_DISK] = NLA_POLICY_NESTED(hv_disk_nl_policy),
};

/* Ops table for hv */
const struct genl_ops hv_nl_ops[16] = {
	{
		.cmd		= HV_CMD_DOMAIN_NEW,
		.doit		= hv_nl_domain_new_doit,
		.policy		= hv_domain_new_nl_policy,
		.maxattr	= HV_A_DOMAIN_MEMORY,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DOMAIN_GET,
		.doit		= hv_nl_domain_get_doit,
		.dumpit		= hv_nl_domain_get_dumpit,
		.policy		= hv_domain_ref_nl_policy,
		.maxattr	= HV_A_DOMAIN_NAME,
	},
	{
		.cmd		= HV_CMD_DOMAIN_DEL,
		.doit		= hv_nl_domain_del_doit,
		.policy		= hv_domain_ref_nl_policy,
		.maxattr	= HV_A_DOMAIN_NAME,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DOMAIN_LOAD,
		.doit		= hv_nl_domain_load_doit,
		.policy		= hv_domain_load_nl_policy,
		.maxattr	= HV_A_DOMAIN_LOAD_DATA,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DOMAIN_START,
		.doit		= hv_nl_domain_start_doit,
		.policy		= hv_domain_start_nl_policy,
		.maxattr	= HV_A_DOMAIN_PAUSED,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DOMAIN_PAUSE,
		.doit		= hv_nl_domain_pause_doit,
		.policy		= hv_domain_ref_nl_policy,
		.maxattr	= HV_A_DOMAIN_NAME,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DOMAIN_RESUME,
		.doit		= hv_nl_domain_resume_doit,
		.policy		= hv_domain_ref_nl_policy,
		.maxattr	= HV_A_DOMAIN_NAME,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_CONSOLE_READ,
		.doit		= hv_nl_console_read_doit,
		.policy		= hv_console_read_nl_policy,
		.maxattr	= HV_A_DOMAIN_CONSOLE_OFFSET,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_CONSOLE_WRITE,
		.doit		= hv_nl_console_write_doit,
		.policy		= hv_console_write_nl_policy,
		.maxattr	= HV_A_DOMAIN_CONSOLE_DATA,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_VCPU_REGS,
		.doit		= hv_nl_vcpu_regs_doit,
		.policy		= hv_domain_ref_nl_policy,
		.maxattr	= HV_A_DOMAIN_NAME,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_VCPU_TRACE,
		.doit		= hv_nl_vcpu_trace_doit,
		.policy		= hv_vcpu_trace_nl_policy,
		.maxattr	= HV_A_DOMAIN_TRACE_SEQ,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_STORE_READ,
		.doit		= hv_nl_store_read_doit,
		.policy		= hv_store_path_nl_policy,
		.maxattr	= HV_A_STORE_PATH,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_STORE_WRITE,
		.doit		= hv_nl_store_write_doit,
		.policy		= hv_store_write_nl_policy,
		.maxattr	= HV_A_STORE_VALUE,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_STORE_RM,
		.doit		= hv_nl_store_rm_doit,
		.policy		= hv_store_path_nl_policy,
		.maxattr	= HV_A_STORE_PATH,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_STORE_DIR,
		.doit		= hv_nl_store_dir_doit,
		.policy		= hv_store_path_nl_policy,
		.maxattr	= HV_A_STORE_PATH,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= HV_CMD_DISK_ADD,
		.doit		= hv_nl_disk_add_doit,
		.policy		= hv_disk_add_nl_policy,
		.maxattr	= HV_A_DOMAIN_DISK,
		.flags		= GENL_ADMIN_PERM,
	},
};

const struct genl_multicast_group hv_nl_mcgrps[3] = {
	[HV_NLGRP_EVENTS] = { "events", },
	/* What a guest prints is its owner's business, like console-read. */
	[HV_NLGRP_CONSOLE] = { "console", .flags = GENL_MCAST_CAP_NET_ADMIN, },
	/* Guests' xenstore entries, as their console. */
	[HV_NLGRP_STORE] = { "store", .flags = GENL_MCAST_CAP_NET_ADMIN, },
};
