/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Receiving hv notifications on a socket of their own (listen.c).
 */
#ifndef LIBHV_LISTEN_H
#define LIBHV_LISTEN_H

#include <stddef.h>

#include "internal.h"

struct nl_cb;

struct hv_listen_ops {
	/*
	 * Gets each message of the hv family; returns 0 to go on, else
	 * the value hv_listen_read() returns.
	 */
	int (*fn)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	const char *what;	/* for errors: "events", "console output" */
};

struct hv_listener {
	struct hv *hv;
	struct nl_sock *sk;
	struct nl_cb *cb;
	int (*fn)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
	const char *what;
	int ret;		/* what fn stopped with */
};

/*
 * hv_listen_open() - a socket that has joined @groups of the hv family.
 * Return: 0, or a negative errno said in hv's error message.
 */
int hv_listen_open(struct hv *hv, struct hv_listener *l,
		   const char *const *groups, size_t nr_groups,
		   const struct hv_listen_ops *ops);

/* The socket's file descriptor, to poll() it */
int hv_listen_fd(const struct hv_listener *l);

/*
 * hv_listen_read() - wait for what is next and hand it to the callback.
 * Return: 0, what the callback stopped with, -ENOBUFS when notifications
 * were lost, or another negative errno said in hv's error message.
 */
int hv_listen_read(struct hv_listener *l);

void hv_listen_close(struct hv_listener *l);

#endif /* LIBHV_LISTEN_H */
