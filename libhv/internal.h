/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the parts of libhv share and users of libhv must not see.
 */
#ifndef LIBHV_INTERNAL_H
#define LIBHV_INTERNAL_H

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
int hv_nl_transact(struct hv *hv, struct nl_msg *msg,
		   int (*fn)(const struct nlmsghdr *nlh, void *arg),
		   void *arg);

#endif /* LIBHV_INTERNAL_H */
