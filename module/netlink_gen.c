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

/* HV_CMD_DOMAIN_GET - do; HV_CMD_DOMAIN_DEL - do */
static const struct nla_policy hv_domain_ref_nl_policy[HV_A_DOMAIN_NAME + 1] = {
	[HV_A_DOMAIN_ID] = NLA_POLICY_RANGE(NLA_U32, 1, HV_DOMID_MAX),
	[HV_A_DOMAIN_NAME] = { .type = NLA_NUL_STRING, .len = HV_DOMAIN_NAME_MAX, },
};

/* Ops table for hv */
const struct genl_ops hv_nl_ops[3] = {
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
};

const struct genl_multicast_group hv_nl_mcgrps[1] = {
	[HV_NLGRP_EVENTS] = { "events", },
};
