// SPDX-License-Identifier: GPL-2.0
/*
 * nl_hostile: malformed and hostile requests straight to the "hv" generic
 * netlink family, below libhv and its checks.  Each must be refused with
 * the expected errno and, where hv refused it, an extended-ACK message.
 * Prints TAP-style diagnostics; exits 0 only if every case held.
 *
 * This is a test tool: product code speaks netlink only through libhv.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/hv.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

struct reply {
	int error;		/* negative errno from the kernel, or 0 */
	char msg[256];		/* its extended-ACK message */
};

static int family;

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;
	struct reply *r = arg;
	size_t off = sizeof(*e);
	struct nlattr *a;
	int rem;

	(void)nla;
	r->error = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (off >= nlh->nlmsg_len - NLMSG_HDRLEN)
		return NL_STOP;
	nla_for_each_attr(a, (struct nlattr *)((char *)e + off),
			  nlh->nlmsg_len - NLMSG_HDRLEN - off, rem)
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			snprintf(r->msg, sizeof(r->msg), "%.*s",
				 nla_len(a), (char *)nla_data(a));
	return NL_STOP;
}

static int on_ack(struct nl_msg *m, void *arg)
{
	(void)m;
	((struct reply *)arg)->error = 0;
	return NL_STOP;
}

static int on_valid(struct nl_msg *m, void *arg)
{
	(void)m;
	(void)arg;
	return NL_OK;
}

/* Send @m as is and collect the kernel's verdict. */
static struct reply transact(struct nl_sock *sk, struct nl_msg *m)
{
	struct reply r = { .error = 1 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_ack, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &r);
	nl_complete_msg(sk, m);
	nlmsg_hdr(m)->nlmsg_flags |= NLM_F_ACK;
	if (nl_send(sk, m) < 0)
		r.error = 2;
	else
		while (r.error == 1 && nl_recvmsgs(sk, cb) >= 0)
			;
	nl_cb_put(cb);
	nlmsg_free(m);
	return r;
}

static struct nl_msg *req(int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
		    HV_FAMILY_VERSION);
	return m;
}

static struct nl_msg *new_req(const char *name, int memlen, uint64_t memory)
{
	struct nl_msg *m = req(HV_CMD_DOMAIN_NEW, 0);

	if (name)
		nla_put_string(m, HV_A_DOMAIN_NAME, name);
	if (memlen)
		nla_put(m, HV_A_DOMAIN_MEMORY, memlen, &memory);
	return m;
}

static int failures, cases;

static void expect(struct nl_sock *sk, const char *what, struct nl_msg *m,
		   int err, int need_msg)
{
	struct reply r = transact(sk, m);
	int good = r.error == -err && (!need_msg || r.msg[0]);

	cases++;
	if (!good)
		failures++;
	printf("%s %s: errno %d (want %d), message \"%s\"\n",
	       good ? "refused" : "WRONG", what, -r.error, err, r.msg);
}

static void name_cases(struct nl_sock *sk)
{
	struct nl_msg *m;

	expect(sk, "new without attributes", req(HV_CMD_DOMAIN_NEW, 0),
	       EINVAL, 1);
	expect(sk, "new without memory", new_req("x", 0, 0), EINVAL, 1);
	expect(sk, "new without name", new_req(NULL, 8, 8 << 20), EINVAL, 1);
	expect(sk, "name of 32 characters",
	       new_req("abcdefghijabcdefghijabcdefghijab", 8, 8 << 20),
	       EINVAL, 1);
	expect(sk, "name with a space", new_req("a b", 8, 8 << 20), EINVAL, 1);
	expect(sk, "name of digits only", new_req("123", 8, 8 << 20),
	       EINVAL, 1);
	expect(sk, "empty name", new_req("", 8, 8 << 20), EINVAL, 1);
	expect(sk, "name with a byte above 0x7f",
	       new_req("caf\xc3\xa9", 8, 8 << 20), EINVAL, 1);
	expect(sk, "name starting with '.'", new_req(".x", 8, 8 << 20),
	       EINVAL, 1);

	m = req(HV_CMD_DOMAIN_NEW, 0);
	nla_put(m, HV_A_DOMAIN_NAME, 3, "abc");		/* no NUL */
	nla_put_u64(m, HV_A_DOMAIN_MEMORY, 8 << 20);
	expect(sk, "name without its NUL", m, EINVAL, 1);

	m = req(HV_CMD_DOMAIN_NEW, 0);
	nla_put(m, HV_A_DOMAIN_NAME, 6, "ab\0cd");	/* embedded NUL */
	nla_put_u64(m, HV_A_DOMAIN_MEMORY, 8 << 20);
	expect(sk, "name with an embedded NUL", m, EINVAL, 1);
}

static void memory_cases(struct nl_sock *sk)
{
	struct nl_msg *m;

	expect(sk, "memory as 4 bytes", new_req("x", 4, 8 << 20), EINVAL, 1);
	expect(sk, "memory as 12 bytes", new_req("x", 12, 8 << 20),
	       EINVAL, 1);
	expect(sk, "memory 0", new_req("x", 8, 0), EINVAL, 1);
	expect(sk, "memory 2^63", new_req("x", 8, 1ULL << 63), EINVAL, 1);
	expect(sk, "memory 2^64-4096", new_req("x", 8, -4096ULL), EINVAL, 1);
	expect(sk, "memory 4 MiB + 1", new_req("x", 8, (4 << 20) + 1),
	       EINVAL, 1);
	expect(sk, "memory 16 GiB + 4096",
	       new_req("x", 8, (16ULL << 30) + 4096), EINVAL, 1);

	m = new_req("x", 8, 8 << 20);
	nla_put_u32(m, 99, 1);
	expect(sk, "unknown attribute 99", m, EINVAL, 1);

	m = new_req("x", 8, 8 << 20);
	nla_put_u32(m, HV_A_DOMAIN_STATE, HV_DOMAIN_STATE_RUNNING);
	expect(sk, "state attribute in a create request", m, EINVAL, 1);

	m = new_req("x", 8, 8 << 20);
	nla_put_u32(m, HV_A_DOMAIN_ID, 5);
	expect(sk, "id attribute in a create request", m, EINVAL, 1);
}

static void ref_cases(struct nl_sock *sk, int cmd, const char *op)
{
	char what[96];
	struct nl_msg *m;

	snprintf(what, sizeof(what), "%s without id or name", op);
	expect(sk, what, req(cmd, 0), EINVAL, 1);

	m = req(cmd, 0);
	nla_put_u32(m, HV_A_DOMAIN_ID, 1);
	nla_put_string(m, HV_A_DOMAIN_NAME, "x");
	snprintf(what, sizeof(what), "%s with both id and name", op);
	expect(sk, what, m, EINVAL, 1);

	m = req(cmd, 0);
	nla_put_u32(m, HV_A_DOMAIN_ID, 0);
	snprintf(what, sizeof(what), "%s id 0", op);
	expect(sk, what, m, ERANGE, 1);

	m = req(cmd, 0);
	nla_put_u32(m, HV_A_DOMAIN_ID, HV_DOMID_MAX + 1);
	snprintf(what, sizeof(what), "%s id above the maximum", op);
	expect(sk, what, m, ERANGE, 1);

	m = req(cmd, 0);
	nla_put_u16(m, HV_A_DOMAIN_ID, 1);
	snprintf(what, sizeof(what), "%s id as 2 bytes", op);
	expect(sk, what, m, EINVAL, 1);

	m = req(cmd, 0);
	nla_put_u32(m, HV_A_DOMAIN_ID, HV_DOMID_MAX);
	snprintf(what, sizeof(what), "%s of a missing id", op);
	expect(sk, what, m, ENOENT, 1);

	m = req(cmd, 0);
	nla_put_string(m, HV_A_DOMAIN_NAME, "no-such-domain");
	snprintf(what, sizeof(what), "%s of a missing name", op);
	expect(sk, what, m, ENOENT, 1);
}

static void command_cases(struct nl_sock *sk)
{
	struct nl_msg *m;

	expect(sk, "unknown command 99", req(99, 0), EOPNOTSUPP, 0);
	expect(sk, "command 0", req(0, 0), EOPNOTSUPP, 0);
	expect(sk, "the notification command",
	       req(HV_CMD_DOMAIN_NTF, 0), EOPNOTSUPP, 0);
	expect(sk, "create as a dump", req(HV_CMD_DOMAIN_NEW, NLM_F_DUMP),
	       EOPNOTSUPP, 0);

	m = req(HV_CMD_DOMAIN_GET, NLM_F_DUMP);
	nla_put_u32(m, 77, 1);
	expect(sk, "dump with an unknown attribute", m, EINVAL, 1);

	m = new_req("x", 8, 8 << 20);
	((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(m)))->reserved = 1;
	expect(sk, "reserved header field set", m, EINVAL, 1);
}

/* A request that wrongly succeeded must not leave a domain behind. */
static void cleanup(struct nl_sock *sk)
{
	static const char *const names[] = { "x", "ab", "abc", NULL };
	const char *const *name;
	struct nl_msg *m;

	for (name = names; *name; name++) {
		m = req(HV_CMD_DOMAIN_DEL, 0);
		nla_put_string(m, HV_A_DOMAIN_NAME, *name);
		transact(sk, m);
	}
}

int main(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int one = 1;

	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "nl_hostile: cannot open a netlink socket\n");
		return 2;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	nl_socket_disable_auto_ack(sk);
	family = genl_ctrl_resolve(sk, HV_FAMILY_NAME);
	if (family < 0) {
		fprintf(stderr, "nl_hostile: hv family not found\n");
		return 2;
	}
	name_cases(sk);
	memory_cases(sk);
	ref_cases(sk, HV_CMD_DOMAIN_GET, "get");
	ref_cases(sk, HV_CMD_DOMAIN_DEL, "del");
	command_cases(sk);
	cleanup(sk);
	printf("%d cases, %d wrong\n", cases, failures);
	nl_socket_free(sk);
	return failures ? 1 : 0;
}
