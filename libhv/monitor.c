// SPDX-License-Identifier: LGPL-2.1
/*
 * Domain events: the "events" multicast group of the hv family.
 */
#include <errno.h>

#include <netlink/genl/ctrl.h>
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

static int subscribe(struct hv *hv, struct nl_sock *sk)
{
	int grp, err;

	grp = genl_ctrl_resolve_grp(sk, HV_FAMILY_NAME, HV_MCGRP_EVENTS);
	if (grp < 0) {
		hv_set_error(hv, "the hv family has no group \""
			     HV_MCGRP_EVENTS "\"", NULL);
		return hv_nle_errno(grp);
	}
	err = nl_socket_add_membership(sk, grp);
	if (err) {
		hv_set_error(hv, "cannot join the group \"" HV_MCGRP_EVENTS "\"",
			     nl_geterror(err));
		return hv_nle_errno(err);
	}
	return 0;
}

/*
 * libnl reports the kernel's ENOBUFS (events dropped because the socket's
 * receive queue was full) as NLE_NOMEM, like a failed malloc().  errno
 * still tells them apart: libnl returns right after the failed recvmsg(),
 * calling nothing but free(), which keeps errno (glibc 2.33 on, POSIX 2024).
 */
static int recv_error(struct hv *hv, int nle)
{
	if (nle == -NLE_NOMEM && errno == ENOBUFS) {
		hv_set_error(hv, "events were lost",
			     "they came faster than they were read");
		return -ENOBUFS;
	}
	hv_set_error(hv, "cannot read events", nl_geterror(nle));
	return hv_nle_errno(nle);
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
			w->ret = recv_error(w->hv, err);
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
	err = subscribe(hv, sk);
	if (!err)
		err = watch_events(sk, &w);
	nl_socket_free(sk);
	return err;
}
