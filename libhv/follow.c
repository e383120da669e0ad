// SPDX-License-Identifier: LGPL-2.1
/*
 * Following a domain's console until the domain ends.
 *
 * Output reaches us twice over: as CONSOLE_NTF notifications on the
 * "console" group, and in the kernel's buffer, which CONSOLE_READ reads.
 * Neither alone will do: the buffer holds what came before we listened,
 * and notifications can be lost when they come faster than they are
 * read, and one carries at most a few KB of a burst.  So the socket
 * joins the group first, the buffer is read from 0, and then
 * notifications are handed on; each byte is known by its offset and
 * handed on once, whichever way it came.  When notifications were lost,
 * or one starts past what was handed on, the buffer is read again from
 * there.  When the domain ends, it is read once more for the last words.
 *
 * The end itself comes as an event on the "events" group, on the same
 * socket: it cannot overtake the output before it.
 */
#include <errno.h>
#include <poll.h>

#include "listen.h"
#include "msg.h"

struct follow {
	struct hv *hv;
	struct hv_console_follow *f;
	struct hv_domain *dom;	/* as last seen */
	uint32_t id;
	uint64_t done;		/* output handed on up to this offset */
	bool gone;		/* destroyed */
};

/* Hand on what of the output at @offset is new */
static int deliver(struct follow *fl, uint64_t offset, const void *data,
		   size_t len)
{
	uint64_t end = offset + len;
	uint64_t skip;

	if (end <= fl->done)
		return 0;
	skip = offset < fl->done ? fl->done - offset : 0;
	fl->done = end;
	return fl->f->output((const char *)data + skip, len - skip,
			     fl->f->arg);
}

static int catch_up_chunk(uint64_t offset, const void *data, size_t len,
			  void *arg)
{
	return deliver(arg, offset, data, len);
}

static int catch_up(struct follow *fl)
{
	struct hv_domain_ref by_id = { .id = fl->id };
	uint64_t offset = fl->done;

	return hv_console_read(fl->hv, &by_id, &offset, catch_up_chunk, fl);
}

static int on_output(struct follow *fl, const struct nlmsghdr *nlh)
{
	struct hv_msg_console c;
	int err;

	if (hv_msg_parse_console(nlh, &c)) {
		hv_set_error(fl->hv, "malformed console output from the kernel",
			     NULL);
		return -EPROTO;
	}
	if (c.id != fl->id)
		return 0;
	/*
	 * A notification carries only so much: after a burst, the next one
	 * starts past what we have.  The buffer still holds the rest.
	 */
	if (c.offset > fl->done) {
		err = catch_up(fl);
		if (err)
			return err;
	}
	return deliver(fl, c.offset, c.data, c.len);
}

static int on_event(struct follow *fl, const struct nlmsghdr *nlh)
{
	struct hv_domain dom;
	uint32_t event;

	if (hv_msg_parse_domain(nlh, &dom, &event)) {
		hv_set_error(fl->hv, "malformed event from the kernel", NULL);
		return -EPROTO;
	}
	if (dom.id != fl->id)
		return 0;
	if (event == HV_EVENT_DESTROYED)
		fl->gone = true;
	else
		*fl->dom = dom;
	return 0;
}

static int on_msg(const struct nlmsghdr *nlh, void *arg)
{
	switch (hv_msg_cmd(nlh)) {
	case HV_CMD_CONSOLE_NTF:
		return on_output(arg, nlh);
	case HV_CMD_DOMAIN_NTF:
		return on_event(arg, nlh);
	default:
		return 0;	/* newer notifications */
	}
}

static bool stopped(const struct follow *fl)
{
	return fl->gone || fl->dom->state == HV_DOMAIN_STATE_DYING ||
	       hv_domain_ended(fl->dom);
}

/* Notifications were lost: read what they said from the source. */
static int resync(struct follow *fl)
{
	struct hv_domain_ref by_id = { .id = fl->id };
	int err;

	err = catch_up(fl);
	if (!err)
		err = hv_domain_get(fl->hv, &by_id, fl->dom);
	return err;
}

/* Wait for notifications or input, and handle what came */
static int step(struct follow *fl, struct hv_listener *l)
{
	struct hv_console_follow *f = fl->f;
	struct pollfd p[2] = {
		{ .fd = hv_listen_fd(l), .events = POLLIN },
		{ .fd = f->input_fd, .events = POLLIN },
	};
	nfds_t n = f->input_fd >= 0 ? 2 : 1;
	int err;

	/* A signal the caller handles must not end the console. */
	if (poll(p, n, -1) < 0)
		return errno == EINTR ? 0 : -errno;
	if (n == 2 && (p[1].revents & POLLNVAL)) {
		hv_set_error(fl->hv, "the input file descriptor is not open",
			     NULL);
		return -EBADF;
	}
	if (n == 2 && p[1].revents) {
		err = f->input(f->input_fd, f->arg);
		if (err)
			return err;
	}
	if (!p[0].revents)
		return 0;
	err = hv_listen_read(l);
	return err == -ENOBUFS ? resync(fl) : err;
}

static int follow(struct follow *fl, struct hv_listener *l)
{
	int err;

	err = catch_up(fl);
	while (!err && !stopped(fl))
		err = step(fl, l);
	if (!err && (fl->gone || !hv_domain_ended(fl->dom))) {
		hv_set_error(fl->hv, "the domain was destroyed", NULL);
		err = -ENOENT;
	}
	if (!err)
		err = catch_up(fl);
	return err;
}

int hv_console_follow(struct hv *hv, const struct hv_domain_ref *ref,
		      struct hv_console_follow *f, struct hv_domain *out)
{
	static const char *const groups[] = {
		HV_MCGRP_CONSOLE, HV_MCGRP_EVENTS,
	};
	struct follow fl = { .hv = hv, .f = f, .dom = out };
	struct hv_listen_ops ops = {
		.fn = on_msg, .arg = &fl, .what = "console output",
	};
	struct hv_listener l;
	int err;

	hv_clear_error(hv);
	if (!f->output || (f->input_fd >= 0 && !f->input)) {
		hv_set_error(hv, "a console follower without a callback", NULL);
		return -EINVAL;
	}
	err = hv_listen_open(hv, &l, groups, 2, &ops);
	if (err)
		return err;
	err = hv_domain_get(hv, ref, out);
	if (!err) {
		fl.id = out->id;
		err = follow(&fl, &l);
	}
	hv_listen_close(&l);
	return err;
}
