// SPDX-License-Identifier: LGPL-2.1
/*
 * Looking into a guest: its vCPU's registers (vcpu-regs) and the records
 * of its trace ring (vcpu-trace).
 *
 * The kernel numbers trace records from the vCPU's first, keeps the
 * latest HV_TRACE_RECORDS and sends a batch per request, from the number
 * asked for or the oldest it still has.  So a read asks again from the
 * record after the last one it got, and ends at the head the first reply
 * gave: a guest that runs on while it is read cannot keep it going.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/msg.h>

#include "internal.h"
#include "msg.h"

struct regs_reply {
	uint32_t id;		/* the domain asked for; 0 if by name */
	struct hv_vcpu_regs *out;
	bool found;
};

static int on_regs(const struct nlmsghdr *nlh, void *arg)
{
	struct regs_reply *r = arg;
	uint32_t id;
	int err;

	if (r->found || hv_msg_cmd(nlh) != HV_CMD_VCPU_REGS)
		return -EPROTO;
	err = hv_msg_parse_regs(nlh, &id, r->out);
	if (err)
		return err;
	if (r->id && id != r->id)
		return -EPROTO;
	r->found = true;
	return 0;
}

int hv_vcpu_regs(struct hv *hv, const struct hv_domain_ref *ref,
		 struct hv_vcpu_regs *out)
{
	struct regs_reply r = { .id = ref->id, .out = out };
	struct nl_msg *msg;
	int err;

	hv_clear_error(hv);
	err = hv_ref_msg(hv, HV_CMD_VCPU_REGS, ref, 0, &msg);
	if (err)
		return err;
	err = hv_nl_transact(hv, msg, on_regs, &r);
	if (!err && !r.found) {
		hv_set_error(hv, "the kernel acknowledged without a reply",
			     NULL);
		err = -EPROTO;
	}
	return err;
}

/* One vcpu-trace reply, copied out of the message */
struct batch {
	uint32_t id;		/* the domain asked for; 0 if by name */
	struct hv_msg_trace t;
	struct hv_trace_rec *recs;	/* HV_TRACE_RECORDS: any reply */
	bool found;
};

static int on_trace(const struct nlmsghdr *nlh, void *arg)
{
	struct batch *b = arg;
	int err;

	if (b->found || hv_msg_cmd(nlh) != HV_CMD_VCPU_TRACE)
		return -EPROTO;
	err = hv_msg_parse_trace(nlh, &b->t, b->recs, HV_TRACE_RECORDS);
	if (err)
		return err;
	if (b->id && b->t.id != b->id)
		return -EPROTO;
	b->found = true;
	return 0;
}

static int read_batch(struct hv *hv, const struct hv_domain_ref *ref,
		      uint64_t seq, struct batch *b)
{
	struct nl_msg *msg;
	int err;

	err = hv_ref_msg(hv, HV_CMD_VCPU_TRACE, ref, 0, &msg);
	if (err)
		return err;
	err = hv_msg_put_trace_read(msg, seq);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	b->found = false;
	err = hv_nl_transact(hv, msg, on_trace, b);
	if (!err && !b->found) {
		hv_set_error(hv, "the kernel acknowledged without a reply",
			     NULL);
		err = -EPROTO;
	}
	/* Records are never taken back: older ones than asked for are a lie. */
	if (!err && b->t.count && b->t.seq < seq) {
		hv_set_error(hv, "malformed message from the kernel",
			     "trace records from before the one asked for");
		err = -EPROTO;
	}
	return err;
}

int hv_vcpu_trace(struct hv *hv, const struct hv_domain_ref *ref,
		  uint64_t *seq,
		  int (*cb)(const struct hv_trace_rec *rec, void *arg),
		  void *arg)
{
	struct batch b = { .id = ref->id };
	uint64_t end = UINT64_MAX;
	int err = 0;
	size_t i;

	hv_clear_error(hv);
	b.recs = calloc(HV_TRACE_RECORDS, sizeof(*b.recs));
	if (!b.recs)
		return -ENOMEM;
	while (*seq < end) {
		err = read_batch(hv, ref, *seq, &b);
		if (err)
			break;
		if (end == UINT64_MAX)
			end = b.t.head;
		if (!b.t.count) {
			/* Nothing new, but what was lost may be skipped. */
			if (b.t.seq > *seq)
				*seq = b.t.seq;
			break;
		}
		for (i = 0; i < b.t.count && !err; i++)
			if (b.recs[i].seq < end)
				err = cb(&b.recs[i], arg);
		*seq = b.t.seq + i;
		if (err)
			break;
	}
	free(b.recs);
	return err;
}
