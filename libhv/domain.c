// SPDX-License-Identifier: LGPL-2.1
/*
 * Domain operations: create, get, list, destroy, pause and resume.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

#include "internal.h"
#include "msg.h"

/* A request answered by exactly one domain */
struct one_reply {
	uint8_t cmd;				/* the reply's command */
	const struct hv_domain_ref *ref;	/* the domain it must be */
	struct hv_domain *out;
	bool found;
};

static bool ref_matches(const struct hv_domain_ref *ref,
			const struct hv_domain *dom)
{
	if (ref->id)
		return dom->id == ref->id;
	return !strcmp(dom->name, ref->name);
}

static int one_domain(const struct nlmsghdr *nlh, void *arg)
{
	struct one_reply *r = arg;
	struct hv_domain dom;
	int err;

	if (r->found || hv_msg_cmd(nlh) != r->cmd)
		return -EPROTO;
	err = hv_msg_parse_domain(nlh, &dom, NULL);
	if (err)
		return err;
	/* The kernel answered about another domain than the one we asked for */
	if (!ref_matches(r->ref, &dom))
		return -EPROTO;
	r->found = true;
	if (r->out)
		*r->out = dom;
	return 0;
}

static int request_one(struct hv *hv, struct nl_msg *msg,
		       struct one_reply *r)
{
	int err;

	err = hv_nl_transact(hv, msg, one_domain, r);
	if (!err && !r->found) {
		hv_set_error(hv, "the kernel acknowledged without a reply",
			     NULL);
		err = -EPROTO;
	}
	return err;
}

int hv_ref_msg(struct hv *hv, uint8_t cmd, const struct hv_domain_ref *ref,
	       size_t data, struct nl_msg **msgp)
{
	struct nl_msg *msg;
	int err;

	msg = hv_nl_msg_size(hv, cmd, NLM_F_ACK, data);
	if (!msg)
		return -ENOMEM;
	err = hv_msg_put_ref(msg, ref);
	if (err) {
		nlmsg_free(msg);
		if (err == -EINVAL)
			hv_set_error(hv, "invalid domain id or name", NULL);
		return err;
	}
	*msgp = msg;
	return 0;
}

int hv_domain_create(struct hv *hv, const char *name, uint64_t memory,
		     struct hv_domain *out)
{
	struct hv_domain_ref ref = { .name = name };
	struct one_reply r = {
		.cmd = HV_CMD_DOMAIN_NEW, .ref = &ref, .out = out,
	};
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	msg = hv_nl_msg(hv, HV_CMD_DOMAIN_NEW, NLM_F_ACK);
	if (!msg)
		return -ENOMEM;
	err = hv_msg_put_new(msg, name, memory);
	if (err) {
		nlmsg_free(msg);
		if (err == -EINVAL)
			hv_set_error(hv, "invalid domain name", NULL);
		return err;
	}
	return request_one(hv, msg, &r);
}

int hv_domain_get(struct hv *hv, const struct hv_domain_ref *ref,
		  struct hv_domain *out)
{
	struct one_reply r = {
		.cmd = HV_CMD_DOMAIN_GET, .ref = ref, .out = out,
	};
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	err = hv_ref_msg(hv, HV_CMD_DOMAIN_GET, ref, 0, &msg);
	if (err)
		return err;
	return request_one(hv, msg, &r);
}

struct walk {
	int (*cb)(const struct hv_domain *dom, void *arg);
	void *arg;
};

static int each_domain(const struct nlmsghdr *nlh, void *arg)
{
	struct walk *w = arg;
	struct hv_domain dom;
	int err;

	if (hv_msg_cmd(nlh) != HV_CMD_DOMAIN_GET)
		return -EPROTO;
	err = hv_msg_parse_domain(nlh, &dom, NULL);
	if (err)
		return err;
	return w->cb(&dom, w->arg);
}

int hv_domain_list(struct hv *hv,
		   int (*cb)(const struct hv_domain *dom, void *arg),
		   void *arg)
{
	struct walk w = { .cb = cb, .arg = arg };
	struct nl_msg *msg;

	hv_clear_error(hv);
	msg = hv_nl_msg(hv, HV_CMD_DOMAIN_GET, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return hv_nl_transact(hv, msg, each_domain, &w);
}

/* A request that names a domain and wants only the ack */
static int ref_request(struct hv *hv, uint8_t cmd,
		       const struct hv_domain_ref *ref)
{
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	err = hv_ref_msg(hv, cmd, ref, 0, &msg);
	if (err)
		return err;
	return hv_nl_transact(hv, msg, NULL, NULL);
}

int hv_disk_add(struct hv *hv, const struct hv_domain_ref *ref, int fd,
		uint32_t vdev, bool readonly)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int err;

	hv_clear_error(hv);
	err = hv_ref_msg(hv, HV_CMD_DISK_ADD, ref, 64, &msg);
	if (err)
		return err;
	nest = nla_nest_start(msg, HV_A_DOMAIN_DISK);
	if (!nest || nla_put_u32(msg, HV_A_DISK_FD, fd) ||
	    nla_put_u32(msg, HV_A_DISK_VDEV, vdev) ||
	    (readonly && nla_put_flag(msg, HV_A_DISK_READONLY))) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nla_nest_end(msg, nest);
	return hv_nl_transact(hv, msg, NULL, NULL);
}

int hv_domain_destroy(struct hv *hv, const struct hv_domain_ref *ref)
{
	return ref_request(hv, HV_CMD_DOMAIN_DEL, ref);
}

int hv_domain_pause(struct hv *hv, const struct hv_domain_ref *ref)
{
	return ref_request(hv, HV_CMD_DOMAIN_PAUSE, ref);
}

int hv_domain_resume(struct hv *hv, const struct hv_domain_ref *ref)
{
	return ref_request(hv, HV_CMD_DOMAIN_RESUME, ref);
}

bool hv_domain_ended(const struct hv_domain *dom)
{
	return dom->state == HV_DOMAIN_STATE_SHUTDOWN ||
	       dom->state == HV_DOMAIN_STATE_CRASHED;
}
