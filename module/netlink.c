// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: handlers of the "hv" generic netlink family.
 *
 * Policies in netlink_gen.c have already checked every attribute's type,
 * length and range; the handlers check what a policy cannot express (page
 * alignment, name syntax, which attributes must come together) and always
 * say why they refuse in the extended ACK.
 */

#include <linux/mm.h>
#include <net/genetlink.h>

#include "domain.h"
#include "netlink.h"
#include "netlink_gen.h"

static struct genl_family hv_genl_family;

static int hv_nl_fill_domain(struct sk_buff *skb, struct hv_domain *d,
			     u8 cmd, u32 portid, u32 seq, int flags, u32 event)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hv_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HV_A_DOMAIN_ID, d->id) ||
	    nla_put_string(skb, HV_A_DOMAIN_NAME, d->name) ||
	    nla_put_u64_64bit(skb, HV_A_DOMAIN_MEMORY, d->memory,
			      HV_A_DOMAIN_PAD) ||
	    nla_put_u32(skb, HV_A_DOMAIN_STATE, READ_ONCE(d->state)) ||
	    (event && nla_put_u32(skb, HV_A_DOMAIN_EVENT, event))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int hv_nl_reply_domain(struct genl_info *info, struct hv_domain *d)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = hv_nl_fill_domain(msg, d, info->genlhdr->cmd, info->snd_portid,
				info->snd_seq, 0, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Find the domain an id-or-name request names, referenced.  Exactly one of
 * the two must be given.
 */
static struct hv_domain *hv_nl_lookup(struct genl_info *info)
{
	struct nlattr *id = info->attrs[HV_A_DOMAIN_ID];
	struct nlattr *name = info->attrs[HV_A_DOMAIN_NAME];
	struct hv_domain *d;

	if (!id == !name) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "give the domain's id or its name (one of them)");
		return ERR_PTR(-EINVAL);
	}
	d = id ? hv_domain_get_by_id(nla_get_u32(id)) :
		 hv_domain_get_by_name(nla_data(name));
	if (!d) {
		NL_SET_BAD_ATTR(info->extack, id ?: name);
		NL_SET_ERR_MSG_MOD(info->extack, "no such domain");
		return ERR_PTR(-ENOENT);
	}
	return d;
}

static int hv_nl_check_new(struct genl_info *info)
{
	struct nlattr *name = info->attrs[HV_A_DOMAIN_NAME];
	struct nlattr *memory = info->attrs[HV_A_DOMAIN_MEMORY];
	u64 bytes;

	if (!name || !memory) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     name ? HV_A_DOMAIN_MEMORY : HV_A_DOMAIN_NAME);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a new domain needs a name and a memory size");
		return -EINVAL;
	}
	/* The policy wants a NUL at the end, not that it is the only one. */
	if (strnlen(nla_data(name), nla_len(name)) + 1 != nla_len(name) ||
	    !hv_domain_name_valid(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "bad domain name: use 1-31 of [A-Za-z0-9._-], start with a letter or digit, not all digits");
		return -EINVAL;
	}
	bytes = nla_get_u64(memory);
	if (bytes < HV_MEMORY_MIN || bytes > HV_MEMORY_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, memory,
				    "memory must be between 4 MiB and 16 GiB");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(bytes)) {
		NL_SET_ERR_MSG_ATTR(info->extack, memory,
				    "memory must be a multiple of the 4 KiB page size");
		return -EINVAL;
	}
	return 0;
}

int hv_nl_domain_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_domain *d;
	int err;

	err = hv_nl_check_new(info);
	if (err)
		return err;
	d = hv_domain_create(nla_data(info->attrs[HV_A_DOMAIN_NAME]),
			     nla_get_u64(info->attrs[HV_A_DOMAIN_MEMORY]),
			     info->extack);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_nl_reply_domain(info, d);
	hv_domain_put(d);
	return err;
}

int hv_nl_domain_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_domain *d = hv_nl_lookup(info);
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_nl_reply_domain(info, d);
	hv_domain_put(d);
	return err;
}

/* cb->args[0]: the id to resume from when a dump spans several skbs. */
int hv_nl_domain_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 id = cb->args[0] ?: 1;
	struct hv_domain *d;
	int err = 0;

	while ((d = hv_domain_get_next(&id))) {
		err = hv_nl_fill_domain(skb, d, HV_CMD_DOMAIN_GET,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, 0);
		hv_domain_put(d);
		if (err)
			break;
		id++;
	}
	cb->args[0] = id;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* full: the next round resumes at @id */
	return err ?: skb->len;
}

int hv_nl_domain_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_domain *d = hv_nl_lookup(info);
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_domain_destroy(d);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "no such domain");
	hv_domain_put(d);
	return err;
}

/* Announce a change of @d on the events group; best effort, like rtnl. */
void hv_nl_notify(struct hv_domain *d, u32 event)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&hv_genl_family, &init_net, HV_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (hv_nl_fill_domain(msg, d, HV_CMD_DOMAIN_NTF, 0, 0, 0, event)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast(&hv_genl_family, msg, 0, HV_NLGRP_EVENTS,
			  GFP_KERNEL);
}

static struct genl_family hv_genl_family __ro_after_init = {
	.name		= HV_FAMILY_NAME,
	.version	= HV_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.ops		= hv_nl_ops,
	.n_ops		= ARRAY_SIZE(hv_nl_ops),
	.mcgrps		= hv_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(hv_nl_mcgrps),
	/*
	 * Handlers may sleep for long (reserving gigabytes of memory) and
	 * take hv's own locks, so they need not serialize on genl_mutex.
	 */
	.parallel_ops	= true,
};

int __init hv_netlink_init(void)
{
	return genl_register_family(&hv_genl_family);
}

void hv_netlink_exit(void)
{
	genl_unregister_family(&hv_genl_family);
}
