// SPDX-License-Identifier: LGPL-2.1
/*
 * The netlink side of libhv: the connection to the "hv" family and one
 * request/reply exchange with the kernel, its errors and its messages.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "internal.h"
#include "msg.h"

/*
 * libnl turns errno values into NLE_* codes, some of several into one.
 * Turn them back so that no NLE_* code leaks out of libhv; what is not
 * here is libnl finding fault with a message.
 */
static const int nle_errno[] = {
	[NLE_INTR]		= EINTR,
	[NLE_BAD_SOCK]		= EBADF,
	[NLE_AGAIN]		= EAGAIN,
	[NLE_NOMEM]		= ENOMEM,
	[NLE_EXIST]		= EEXIST,
	[NLE_INVAL]		= EINVAL,
	[NLE_RANGE]		= ERANGE,
	[NLE_MSGSIZE]		= EMSGSIZE,
	[NLE_OPNOTSUPP]		= EOPNOTSUPP,
	[NLE_AF_NOSUPPORT]	= EAFNOSUPPORT,
	[NLE_OBJ_NOTFOUND]	= ENOENT,
	[NLE_NOADDR]		= EADDRNOTAVAIL,
	[NLE_BUSY]		= EBUSY,
	[NLE_PROTO_MISMATCH]	= EPROTONOSUPPORT,
	[NLE_NOACCESS]		= EACCES,
	[NLE_PERM]		= EPERM,
	[NLE_NODEV]		= ENODEV,
	[NLE_DUMP_INTR]		= EAGAIN,
};

int hv_nle_errno(int nle)
{
	unsigned int i = nle < 0 ? -nle : nle;

	if (i < ARRAY_SIZE(nle_errno) && nle_errno[i])
		return -nle_errno[i];
	return -EPROTO;
}

void hv_clear_error(struct hv *hv)
{
	hv->errmsg[0] = '\0';
}

void hv_set_error(struct hv *hv, const char *msg, const char *detail)
{
	if (detail)
		snprintf(hv->errmsg, sizeof(hv->errmsg), "%s: %s", msg, detail);
	else
		snprintf(hv->errmsg, sizeof(hv->errmsg), "%s", msg);
}

const char *hv_errmsg(const struct hv *hv)
{
	return hv->errmsg;
}

int hv_nl_socket(struct hv *hv, struct nl_sock **skp)
{
	struct nl_sock *sk;
	int one = 1;
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	err = genl_connect(sk);
	if (err) {
		nl_socket_free(sk);
		hv_set_error(hv, "cannot open a generic netlink socket",
			     nl_geterror(err));
		return hv_nle_errno(err);
	}
	/*
	 * Ask for the kernel's error messages, and not for a copy of our own
	 * request in each error.  Both are best effort: a kernel that does
	 * not know them still reports errors, in less detail.
	 */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	*skp = sk;
	return 0;
}

static int resolve_family(struct hv *hv)
{
	int id;

	/*
	 * The kernel answers ENOENT when no family of that name is registered,
	 * that is when the hv module is not loaded; libnl reports that, and
	 * any other failure of the lookup, as NLE_OBJ_NOTFOUND.
	 */
	id = genl_ctrl_resolve(hv->sk, HV_FAMILY_NAME);
	if (id < 0)
		return hv_nle_errno(id);
	hv->family = id;
	/* Each request asks for its ack itself: dumps must not. */
	nl_socket_disable_auto_ack(hv->sk);
	return 0;
}

int hv_open(struct hv **hvp)
{
	struct hv *hv;
	int err;

	*hvp = NULL;
	hv = calloc(1, sizeof(*hv));
	if (!hv)
		return -ENOMEM;
	err = hv_nl_socket(hv, &hv->sk);
	if (!err)
		err = resolve_family(hv);
	if (err) {
		hv_close(hv);
		return err;
	}
	*hvp = hv;
	return 0;
}

void hv_close(struct hv *hv)
{
	if (!hv)
		return;
	nl_socket_free(hv->sk);
	free(hv);
}

/* Room for the headers and the small attributes of any request */
#define MSG_ROOM	512

struct nl_msg *hv_nl_msg_size(const struct hv *hv, uint8_t cmd, int flags,
			      size_t data)
{
	struct nl_msg *msg;

	/* libnl's default size, a page, is too small for guest memory. */
	msg = data ? nlmsg_alloc_size(MSG_ROOM + data) : nlmsg_alloc();
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, hv->family, 0,
				flags, cmd, HV_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

struct nl_msg *hv_nl_msg(const struct hv *hv, uint8_t cmd, int flags)
{
	return hv_nl_msg_size(hv, cmd, flags, 0);
}

int hv_nl_subscribe(struct hv *hv, struct nl_sock *sk, const char *group)
{
	int grp, err;

	/*
	 * Resolve on the request socket, never on @sk: once @sk is in one
	 * group, a notification can arrive where the controller's reply is
	 * expected and the lookup would fail.
	 */
	grp = genl_ctrl_resolve_grp(hv->sk, HV_FAMILY_NAME, group);
	if (grp < 0) {
		snprintf(hv->errmsg, sizeof(hv->errmsg),
			 "the hv family has no group \"%s\"", group);
		return hv_nle_errno(grp);
	}
	err = nl_socket_add_membership(sk, grp);
	if (err) {
		snprintf(hv->errmsg, sizeof(hv->errmsg),
			 "cannot join the group \"%s\": %s", group,
			 nl_geterror(err));
		return hv_nle_errno(err);
	}
	return 0;
}

/*
 * libnl reports the kernel's ENOBUFS (notifications dropped because the
 * socket's receive queue was full) as NLE_NOMEM, like a failed malloc().
 * errno still tells them apart: libnl returns right after the failed
 * recvmsg(), calling nothing but free(), which keeps errno (glibc 2.33
 * on, POSIX 2024).
 */
int hv_nl_recv_error(struct hv *hv, int nle, const char *what)
{
	if (nle == -NLE_NOMEM && errno == ENOBUFS) {
		snprintf(hv->errmsg, sizeof(hv->errmsg),
			 "%s were lost: they came faster than they were read",
			 what);
		return -ENOBUFS;
	}
	snprintf(hv->errmsg, sizeof(hv->errmsg), "cannot read %s: %s", what,
		 nl_geterror(nle));
	return hv_nle_errno(nle);
}

/* One request in flight, as the receive callbacks see it */
struct xfer {
	struct hv *hv;
	int (*fn)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	uint32_t seq;
	int err;		/* first error, or the value fn stopped with */
	bool done;		/* the ack or NLMSG_DONE arrived */
	bool intr;		/* the dump saw the domains change */
};

/*
 * Replies to an earlier request that was given up half way may still
 * be queued; they carry an older sequence number.
 */
static int xfer_seq(struct nl_msg *msg, void *arg)
{
	const struct xfer *x = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == x->seq ? NL_OK : NL_SKIP;
}

static int xfer_valid(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct xfer *x = arg;
	int err;

	/* After an error, or once fn said stop, only drain the rest. */
	if (x->err || !x->fn)
		return NL_SKIP;
	if (nlh->nlmsg_type != x->hv->family)
		err = -EPROTO;
	else
		err = x->fn(nlh, x->arg);
	if (err == -EPROTO)
		hv_set_error(x->hv, "malformed message from the kernel", NULL);
	x->err = err;
	return NL_OK;
}

static int xfer_dump_intr(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	x->intr = true;
	return NL_OK;
}

static int xfer_ack(struct nl_msg *msg, void *arg)
{
	struct xfer *x = arg;

	x->done = true;
	return NL_STOP;
}

static int xfer_done(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct xfer *x = arg;
	int err;

	x->done = true;
	err = hv_msg_done_errno(nlh);
	if (err && !x->err) {
		x->err = err;
		hv_msg_extack(nlh, x->hv->errmsg, sizeof(x->hv->errmsg));
	}
	return NL_STOP;
}

static int xfer_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/*
	 * libnl passes the payload only; NLM_F_CAPPED and NLM_F_ACK_TLVS are
	 * in the header right in front of it, which libnl has checked to hold
	 * a whole struct nlmsgerr.
	 */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)e - 1;
	struct xfer *x = arg;

	x->done = true;
	if (!x->err) {
		x->err = hv_msg_errno(e->error);
		hv_msg_extack(nlh, x->hv->errmsg, sizeof(x->hv->errmsg));
	}
	return NL_STOP;
}

static struct nl_cb *xfer_cb(struct xfer *x)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, xfer_seq, x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, xfer_valid, x);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, xfer_dump_intr, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, xfer_ack, x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, xfer_done, x);
	nl_cb_err(cb, NL_CB_CUSTOM, xfer_error, x);
	return cb;
}

static int xfer_send(struct xfer *x, struct nl_msg *msg)
{
	int err;

	err = nl_send_auto(x->hv->sk, msg);
	if (err < 0) {
		hv_set_error(x->hv, "cannot send to the kernel",
			     nl_geterror(err));
		return hv_nle_errno(err);
	}
	x->seq = nlmsg_hdr(msg)->nlmsg_seq;
	return 0;
}

static int xfer_recv(struct xfer *x)
{
	struct nl_cb *cb;
	int err;

	cb = xfer_cb(x);
	if (!cb)
		return -ENOMEM;
	while (!x->done) {
		err = nl_recvmsgs(x->hv->sk, cb);
		if (err < 0 && !x->done) {
			if (!x->err) {
				hv_set_error(x->hv, "cannot read the reply",
					     nl_geterror(err));
				x->err = hv_nle_errno(err);
			}
			break;
		}
	}
	nl_cb_put(cb);
	if (!x->err && x->intr) {
		hv_set_error(x->hv, "domains changed while they were listed",
			     NULL);
		x->err = -EAGAIN;
	}
	return x->err;
}

/*
 * hv_nl_transact() - send @msg, which it frees, and read all the kernel
 * sends back up to the ack or the end of the dump.
 * @fn: called for each reply message with @arg; returns 0 to go on, else
 *	the value to return (the rest of the reply is read and dropped).
 *	NULL if no reply but the ack is wanted.
 */
int hv_nl_transact(struct hv *hv, struct nl_msg *msg,
		   int (*fn)(const struct nlmsghdr *nlh, void *arg),
		   void *arg)
{
	struct xfer x = { .hv = hv, .fn = fn, .arg = arg };
	int err;

	err = xfer_send(&x, msg);
	nlmsg_free(msg);
	return err ? err : xfer_recv(&x);
}
