/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the parts of libhv share and users of libhv must not see.
 */
#ifndef LIBHV_INTERNAL_H
#define LIBHV_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libhv.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define HV_ERRMSG_LEN	256

struct nl_msg;
struct nl_sock;
struct nlmsghdr;

struct hv {
	struct nl_sock *sk;		/* requests and their replies */
	int family;			/* generic netlink id of "hv" */
	char errmsg[HV_ERRMSG_LEN];	/* see hv_errmsg() */
};

void hv_clear_error(struct hv *hv);
/* Say why a call fails: "@msg", or "@msg: @detail" if @detail is set */
void hv_set_error(struct hv *hv, const char *msg, const char *detail);
int hv_nle_errno(int nle);

int hv_nl_socket(struct hv *hv, struct nl_sock **skp);
struct nl_msg *hv_nl_msg(const struct hv *hv, uint8_t cmd, int flags);
/* A request with room for @data bytes of attribute payload */
struct nl_msg *hv_nl_msg_size(const struct hv *hv, uint8_t cmd, int flags,
			      size_t data);
int hv_nl_transact(struct hv *hv, struct nl_msg *msg,
		   int (*fn)(const struct nlmsghdr *nlh, void *arg),
		   void *arg);

/*
 * hv_ref_msg() - start the request @cmd, with an ack, for the domain @ref
 * in *@msgp, with room for @data more bytes of attributes.
 * Return: 0, -EINVAL (said in hv's error message) or -ENOMEM.
 */
int hv_ref_msg(struct hv *hv, uint8_t cmd, const struct hv_domain_ref *ref,
	       size_t data, struct nl_msg **msgp);

/* Whether @dom has shut down or crashed */
bool hv_domain_ended(const struct hv_domain *dom);

/* Join the multicast group @group of the hv family on @sk */
int hv_nl_subscribe(struct hv *hv, struct nl_sock *sk, const char *group);
/*
 * The error of nl_recvmsgs() on a socket of notifications, @what they
 * are ("events"), said in hv's error message: -ENOBUFS when some were
 * lost.
 */
int hv_nl_recv_error(struct hv *hv, int nle, const char *what);

#endif /* LIBHV_INTERNAL_H */
