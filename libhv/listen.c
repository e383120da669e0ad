// SPDX-License-Identifier: LGPL-2.1
/*
 * A socket of its own that receives hv notifications, for those who wait
 * for a domain to end or follow its console.  Requests keep going over
 * the struct hv's socket meanwhile, so that no reply ever has to be told
 * from a notification.
 */
#include <errno.h>

#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "listen.h"

/*
 * Console output comes in bursts of notifications of up to 4 KB each.
 * Room for a good many makes losing some (ENOBUFS) rare; it is coped
 * with all the same.  Best effort: the kernel caps it at rmem_max.
 */
#define LISTEN_RCVBUF	(1024 * 1024)

/* Notifications carry no sequence number of ours. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct hv_listener *l = arg;

	/* Other families' messages have no business here. */
	if (l->ret || nlh->nlmsg_type != l->hv->family)
		return NL_SKIP;
	l->ret = l->fn(nlh, l->arg);
	return l->ret ? NL_STOP : NL_OK;
}

int hv_listen_open(struct hv *hv, struct hv_listener *l,
		   const char *const *groups, size_t nr_groups,
		   const struct hv_listen_ops *ops)
{
	size_t i;
	int err;

	*l = (struct hv_listener){ .hv = hv, .fn = ops->fn, .arg = ops->arg,
				   .what = ops->what };
	err = hv_nl_socket(hv, &l->sk);
	if (err)
		return err;
	for (i = 0; !err && i < nr_groups; i++)
		err = hv_nl_subscribe(hv, l->sk, groups[i]);
	if (!err) {
		l->cb = nl_cb_alloc(NL_CB_DEFAULT);
		if (!l->cb)
			err = -ENOMEM;
	}
	if (err) {
		hv_listen_close(l);
		return err;
	}
	nl_socket_set_buffer_size(l->sk, LISTEN_RCVBUF, 0);
	nl_cb_set(l->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	nl_cb_set(l->cb, NL_CB_VALID, NL_CB_CUSTOM, on_msg, l);
	return 0;
}

int hv_listen_fd(const struct hv_listener *l)
{
	return nl_socket_get_fd(l->sk);
}

int hv_listen_read(struct hv_listener *l)
{
	int err;

	l->ret = 0;
	err = nl_recvmsgs(l->sk, l->cb);
	if (l->ret)
		return l->ret;
	return err < 0 ? hv_nl_recv_error(l->hv, err, l->what) : 0;
}

void hv_listen_close(struct hv_listener *l)
{
	if (l->cb)
		nl_cb_put(l->cb);
	nl_socket_free(l->sk);
	l->cb = NULL;
	l->sk = NULL;
}
