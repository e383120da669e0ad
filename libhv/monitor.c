// SPDX-License-Identifier: LGPL-2.1
/*
 * Domain events: the "events" multicast group of the hv family.
 */
#include <errno.h>

#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "internal.h"
#include "msg.h"

struct watch {
	struct hv *hv;
	int (*cb)(uint32_t event, const struct hv_domain *dom, void *arg);
	void *arg;
	int ret;		/* why the watch ends; 0 while it goes on */
};

/* Notifications are not replies: they carry no sequence number of ours. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int on_event(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct watch *w = arg;
	struct hv_domain dom;
	uint32_t event;

	/* Newer kernels may announce more than this library knows of. */
	if (nlh->nlmsg_type != w->hv->family ||
	    hv_msg_cmd(nlh) != HV_CMD_DOMAIN_NTF)
		return NL_SKIP;

	w->ret = hv_msg_parse_domain(nlh, &dom, &event);
	if (w->ret)
		hv_set_error(w->hv, "malformed event from the kernel", NULL);
	else
		w->ret = w->cb(event, &dom, w->arg);
	return w->ret ? NL_STOP : NL_OK;
}

static int watch_events(struct nl_sock *sk, struct watch *w)
{
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, w);
	while (!w->ret) {
		err = nl_recvmsgs(sk, cb);
		if (err < 0 && !w->ret)
			w->ret = hv_nl_recv_error(w->hv, err, "events");
	}
	nl_cb_put(cb);
	return w->ret;
}

int hv_monitor(struct hv *hv,
	       int (*cb)(uint32_t event, const struct hv_domain *dom,
			 void *arg),
	       void *arg)
{
	struct watch w = { .hv = hv, .cb = cb, .arg = arg };
	struct nl_sock *sk;
	int err;

	hv_clear_error(hv);
	err = hv_nl_socket(hv, &sk);
	if (err)
		return err;
	err = hv_nl_subscribe(hv, sk, HV_MCGRP_EVENTS);
	if (!err)
		err = watch_events(sk, &w);
	nl_socket_free(sk);
	return err;
}
