// SPDX-License-Identifier: LGPL-2.1
/*
 * Waiting for a domain to end: its state-change events on "events".
 *
 * The socket joins the group before the domain is looked up, so that an
 * end between the two is not missed: it is either in the state read or
 * in an event still to come.
 */
#include <errno.h>
#include <poll.h>
#include <time.h>

#include "listen.h"
#include "msg.h"

struct waiter {
	struct hv *hv;
	uint32_t id;
	struct hv_domain *dom;	/* as last seen */
	bool gone;		/* destroyed */
};

static int on_event(const struct nlmsghdr *nlh, void *arg)
{
	struct waiter *w = arg;
	struct hv_domain dom;
	uint32_t event;

	/* Newer kernels may announce more than this library knows of. */
	if (hv_msg_cmd(nlh) != HV_CMD_DOMAIN_NTF)
		return 0;
	if (hv_msg_parse_domain(nlh, &dom, &event)) {
		hv_set_error(w->hv, "malformed event from the kernel", NULL);
		return -EPROTO;
	}
	if (dom.id != w->id)
		return 0;
	if (event == HV_EVENT_DESTROYED)
		w->gone = true;
	else
		*w->dom = dom;
	return 0;
}

static int report_gone(struct hv *hv)
{
	hv_set_error(hv, "the domain was destroyed", NULL);
	return -ENOENT;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Until the socket has something, or -ETIMEDOUT at @deadline (ms) */
static int wait_readable(struct hv *hv, struct hv_listener *l,
			 int64_t deadline)
{
	struct pollfd pfd = { .fd = hv_listen_fd(l), .events = POLLIN };
	int64_t left;
	int n;

	do {
		left = deadline - now_ms();
		if (left <= 0) {
			hv_set_error(hv, "the domain did not end in time", NULL);
			return -ETIMEDOUT;
		}
		n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (n < 0 && errno != EINTR)
			return -errno;
	} while (n <= 0);
	return 0;
}

/* @deadline: CLOCK_MONOTONIC ms, or -1 for none */
static int wait_end(struct waiter *w, struct hv_listener *l,
		    int64_t deadline)
{
	struct hv_domain_ref by_id = { .id = w->id };
	int err;

	for (;;) {
		if (w->gone || w->dom->state == HV_DOMAIN_STATE_DYING)
			return report_gone(w->hv);
		if (hv_domain_ended(w->dom))
			return 0;
		if (deadline >= 0) {
			err = wait_readable(w->hv, l, deadline);
			if (err)
				return err;
		}
		err = hv_listen_read(l);
		/* Events were lost: look at the domain itself instead. */
		if (err == -ENOBUFS)
			err = hv_domain_get(w->hv, &by_id, w->dom);
		if (err)
			return err;
	}
}

int hv_domain_wait_timeout(struct hv *hv, const struct hv_domain_ref *ref,
			   int timeout_ms, struct hv_domain *out)
{
	static const char *const groups[] = { HV_MCGRP_EVENTS };
	struct waiter w = { .hv = hv, .dom = out };
	struct hv_listen_ops ops = {
		.fn = on_event, .arg = &w, .what = "events",
	};
	struct hv_listener l;
	int err;

	hv_clear_error(hv);
	err = hv_listen_open(hv, &l, groups, 1, &ops);
	if (err)
		return err;
	err = hv_domain_get(hv, ref, out);
	if (!err) {
		w.id = out->id;
		err = wait_end(&w, &l, timeout_ms < 0 ? -1 :
				   now_ms() + timeout_ms);
	}
	hv_listen_close(&l);
	return err;
}

int hv_domain_wait(struct hv *hv, const struct hv_domain_ref *ref,
		   struct hv_domain *out)
{
	return hv_domain_wait_timeout(hv, ref, -1, out);
}
