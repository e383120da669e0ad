// SPDX-License-Identifier: LGPL-2.1
/*
 * The xenstore as the host (domain 0) sees it: read, write, remove, list
 * and watch the nodes hv keeps for the guests (module/xenstore.c).
 */
#include <errno.h>
#include <string.h>

#include <netlink/msg.h>

#include "internal.h"
#include "listen.h"
#include "msg.h"

static int store_msg(struct hv *hv, uint8_t cmd, const char *path,
		     const void *val, size_t len, struct nl_msg **msgp)
{
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	msg = hv_nl_msg_size(hv, cmd, NLM_F_ACK, HV_STORE_PATH_MAX + len);
	if (!msg)
		return -ENOMEM;
	err = hv_msg_put_store(msg, path, val, len);
	if (err) {
		nlmsg_free(msg);
		if (err == -EINVAL)
			hv_set_error(hv, "xenstore path or value too long",
				     NULL);
		return err;
	}
	*msgp = msg;
	return 0;
}

struct store_reply {
	uint8_t cmd;
	void *buf;		/* store-read: the value */
	size_t size, len;
	int (*cb)(const char *name, void *arg);
	void *arg;
	int ret;		/* what @cb stopped with */
	bool found;
};

static int on_store_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct store_reply *r = arg;
	struct hv_msg_store s;
	int err;

	if (r->found || hv_msg_cmd(nlh) != r->cmd)
		return -EPROTO;
	err = hv_msg_parse_store(nlh, &s);
	if (err)
		return err;
	r->found = true;
	if (r->cmd == HV_CMD_STORE_DIR) {
		/* A name that is not a string is the kernel's fault. */
		r->ret = hv_msg_store_children(&s, r->cb, r->arg);
		return r->ret == -EPROTO ? -EPROTO : 0;
	}
	r->len = s.value_len;
	memcpy(r->buf, s.value, s.value_len < r->size ? s.value_len : r->size);
	return 0;
}

static int store_get(struct hv *hv, struct nl_msg *msg, struct store_reply *r)
{
	int err = hv_nl_transact(hv, msg, on_store_reply, r);

	if (!err && !r->found) {
		hv_set_error(hv, "the kernel acknowledged without a reply",
			     NULL);
		err = -EPROTO;
	}
	return err ?: r->ret;
}

int hv_store_read(struct hv *hv, const char *path, void *buf, size_t size,
		  size_t *len)
{
	struct store_reply r = { .cmd = HV_CMD_STORE_READ, .buf = buf,
				 .size = size };
	struct nl_msg *msg;
	int err;

	err = store_msg(hv, HV_CMD_STORE_READ, path, NULL, 0, &msg);
	if (err)
		return err;
	err = store_get(hv, msg, &r);
	if (!err)
		*len = r.len;
	return err;
}

int hv_store_dir(struct hv *hv, const char *path,
		 int (*cb)(const char *name, void *arg), void *arg)
{
	struct store_reply r = { .cmd = HV_CMD_STORE_DIR, .cb = cb,
				 .arg = arg };
	struct nl_msg *msg;
	int err;

	err = store_msg(hv, HV_CMD_STORE_DIR, path, NULL, 0, &msg);
	return err ?: store_get(hv, msg, &r);
}

int hv_store_write(struct hv *hv, const char *path, const void *val,
		   size_t len)
{
	struct nl_msg *msg;
	int err;

	err = store_msg(hv, HV_CMD_STORE_WRITE, path, val ? val : "",
			val ? len : 0, &msg);
	return err ?: hv_nl_transact(hv, msg, NULL, NULL);
}

int hv_store_rm(struct hv *hv, const char *path)
{
	struct nl_msg *msg;
	int err;

	err = store_msg(hv, HV_CMD_STORE_RM, path, NULL, 0, &msg);
	return err ?: hv_nl_transact(hv, msg, NULL, NULL);
}

struct store_watch {
	struct hv *hv;
	int (*cb)(const char *path, bool exact, void *arg);
	void *arg;
};

static int on_store_ntf(const struct nlmsghdr *nlh, void *arg)
{
	struct store_watch *w = arg;
	struct hv_msg_store s;

	/* Newer kernels may announce more than this library knows of. */
	if (hv_msg_cmd(nlh) != HV_CMD_STORE_NTF)
		return 0;
	if (hv_msg_parse_store(nlh, &s)) {
		hv_set_error(w->hv, "malformed xenstore event from the kernel",
			     NULL);
		return -EPROTO;
	}
	return w->cb(s.path, s.exact, w->arg);
}

int hv_store_watch(struct hv *hv,
		   int (*cb)(const char *path, bool exact, void *arg),
		   void *arg)
{
	static const char *const groups[] = { HV_MCGRP_STORE };
	struct store_watch w = { .hv = hv, .cb = cb, .arg = arg };
	struct hv_listen_ops ops = { .fn = on_store_ntf, .arg = &w,
				     .what = "xenstore events" };
	struct hv_listener l;
	int err;

	hv_clear_error(hv);
	err = hv_listen_open(hv, &l, groups, ARRAY_SIZE(groups), &ops);
	if (err)
		return err;
	do {
		err = hv_listen_read(&l);
	} while (!err);
	hv_listen_close(&l);
	return err;
}
