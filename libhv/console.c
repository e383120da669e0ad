// SPDX-License-Identifier: LGPL-2.1
/*
 * A domain's console: reading the output the kernel keeps and typing
 * input.  Following it as it grows is follow.c.
 *
 * The kernel keeps the latest output in a ring and numbers its bytes
 * from the first ever written, so an offset names a byte for good: a read
 * from an offset that was overwritten starts at the oldest byte kept.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include "internal.h"
#include "msg.h"

/* One CONSOLE_READ reply, copied out of the message */
struct chunk {
	uint32_t id;		/* the domain asked for; 0 if by name */
	uint64_t offset;
	unsigned char *buf;	/* HV_MSG_ATTR_MAX bytes: any attribute */
	size_t len;
	bool found;
};

static int on_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct chunk *ch = arg;
	struct hv_msg_console c;
	int err;

	if (ch->found || hv_msg_cmd(nlh) != HV_CMD_CONSOLE_READ)
		return -EPROTO;
	err = hv_msg_parse_console(nlh, &c);
	if (err)
		return err;
	if (ch->id && c.id != ch->id)
		return -EPROTO;
	memcpy(ch->buf, c.data, c.len);
	ch->offset = c.offset;
	ch->len = c.len;
	ch->found = true;
	return 0;
}

static int read_chunk(struct hv *hv, const struct hv_domain_ref *ref,
		      uint64_t offset, struct chunk *ch)
{
	struct nl_msg *msg;
	int err;

	err = hv_ref_msg(hv, HV_CMD_CONSOLE_READ, ref, 0, &msg);
	if (err)
		return err;
	err = hv_msg_put_console_read(msg, offset);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	ch->found = false;
	err = hv_nl_transact(hv, msg, on_reply, ch);
	if (!err && !ch->found) {
		hv_set_error(hv, "the kernel acknowledged without a reply",
			     NULL);
		err = -EPROTO;
	}
	/*
	 * Output is never taken back: older bytes than asked for are a lie.
	 * (An empty reply before the offset is a kernel that has less.)
	 */
	if (!err && ch->len && ch->offset < offset) {
		hv_set_error(hv, "malformed message from the kernel",
			     "console output from before the offset asked for");
		err = -EPROTO;
	}
	return err;
}

int hv_console_read(struct hv *hv, const struct hv_domain_ref *ref,
		    uint64_t *offset,
		    int (*cb)(uint64_t offset, const void *data, size_t len,
			      void *arg),
		    void *arg)
{
	struct chunk ch = { .id = ref->id };
	int err;

	hv_clear_error(hv);
	ch.buf = malloc(HV_MSG_ATTR_MAX);
	if (!ch.buf)
		return -ENOMEM;
	/* Each reply moves on by its length: this ends unless fed anew. */
	for (;;) {
		err = read_chunk(hv, ref, *offset, &ch);
		if (err)
			break;
		if (!ch.len) {
			/* Nothing new, but what was lost may be skipped. */
			if (ch.offset > *offset)
				*offset = ch.offset;
			break;
		}
		*offset = ch.offset + ch.len;
		/* Called after the exchange: @cb may make requests of its own */
		err = cb(ch.offset, ch.buf, ch.len, arg);
		if (err)
			break;
	}
	free(ch.buf);
	return err;
}

static int write_piece(struct hv *hv, const struct hv_domain_ref *ref,
		       const void *data, size_t len)
{
	struct nl_msg *msg;
	int err;

	err = hv_ref_msg(hv, HV_CMD_CONSOLE_WRITE, ref, len, &msg);
	if (err)
		return err;
	err = hv_msg_put_console_write(msg, data, len);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return hv_nl_transact(hv, msg, NULL, NULL);
}

int hv_console_write(struct hv *hv, const struct hv_domain_ref *ref,
		     const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;
	int err;

	hv_clear_error(hv);
	while (len) {
		n = len < HV_CONSOLE_WRITE_MAX ? len : HV_CONSOLE_WRITE_MAX;
		err = write_piece(hv, ref, p, n);
		if (err)
			return err;
		p += n;
		len -= n;
	}
	return 0;
}
