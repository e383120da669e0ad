// SPDX-License-Identifier: LGPL-2.1
/*
 * Building hv requests and taking apart what the kernel sends back.
 *
 * Every received message is hostile: each length is checked against the
 * bytes that are there before anything is read, and what the protocol
 * promises (fixed attribute sizes, name rule, id range) is enforced.
 * Values that are only shown to people (state, event) are passed through
 * so that a newer kernel can add states without breaking older tools.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "msg.h"

/* Highest errno value the kernel ever uses (its MAX_ERRNO) */
#define HV_ERRNO_MAX	4095

#define ATTR_BIT(type)	(1U << (type))

/* hv_msg_parse_domain() keeps a bit of a u32 per attribute type it knows */
static_assert(HV_A_DOMAIN_MAX < 32, "more domain attributes than bits");

/* What every domain reply and notification carries */
#define DOMAIN_ATTRS	(ATTR_BIT(HV_A_DOMAIN_ID) | \
			 ATTR_BIT(HV_A_DOMAIN_NAME) | \
			 ATTR_BIT(HV_A_DOMAIN_MEMORY) | \
			 ATTR_BIT(HV_A_DOMAIN_STATE))

static const void *payload(const struct nlmsghdr *nlh)
{
	return (const char *)nlh + NLMSG_HDRLEN;
}

/* Bytes after the netlink header, or -1 if the header itself is cut */
static int payload_len(const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return -1;
	return nlh->nlmsg_len - NLMSG_HDRLEN;
}

int hv_msg_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *gnlh = payload(nlh);

	if (payload_len(nlh) < (int)GENL_HDRLEN)
		return -EPROTO;
	return gnlh->cmd;
}

/* The attributes after the generic netlink header, and their length */
static const struct nlattr *genl_attrs(const struct nlmsghdr *nlh, int *len)
{
	*len = payload_len(nlh) - (int)GENL_HDRLEN;
	if (*len < 0)
		return NULL;
	return (const void *)((const char *)payload(nlh) + GENL_HDRLEN);
}

static int get_u32(const struct nlattr *a, uint32_t *val)
{
	if (nla_len(a) != sizeof(*val))
		return -EPROTO;
	memcpy(val, nla_data(a), sizeof(*val));
	return 0;
}

static int get_u64(const struct nlattr *a, uint64_t *val)
{
	if (nla_len(a) != sizeof(*val))
		return -EPROTO;
	memcpy(val, nla_data(a), sizeof(*val));
	return 0;
}

/*
 * A name is a NUL-terminated string.  NUL padding after it is allowed, so
 * that nla_put() of a whole name buffer is as good as nla_put_string().
 */
static int get_name(const struct nlattr *a, char *name)
{
	const char *s = nla_data(a);
	int len = nla_len(a);
	int n, i;

	if (len < 2 || len > HV_DOMAIN_NAME_MAX + 1)
		return -EPROTO;
	n = strnlen(s, len);
	if (n == len)
		return -EPROTO;
	for (i = n; i < len; i++)
		if (s[i])
			return -EPROTO;
	if (!hv_domain_name_valid(s))
		return -EPROTO;
	memcpy(name, s, n + 1);
	return 0;
}

static int parse_attr(const struct nlattr *a, struct hv_domain *dom,
		      uint32_t *event, uint32_t *seen)
{
	int type = nla_type(a);

	/* A newer kernel may add attributes; they are not ours to judge. */
	if (type > HV_A_DOMAIN_MAX)
		return 0;
	*seen |= ATTR_BIT(type);

	switch (type) {
	case HV_A_DOMAIN_ID:
		return get_u32(a, &dom->id);
	case HV_A_DOMAIN_NAME:
		return get_name(a, dom->name);
	case HV_A_DOMAIN_MEMORY:
		return get_u64(a, &dom->memory);
	case HV_A_DOMAIN_STATE:
		return get_u32(a, &dom->state);
	case HV_A_DOMAIN_EVENT:
		return event ? get_u32(a, event) : 0;
	default:
		return 0;	/* HV_A_DOMAIN_PAD aligns u64 values */
	}
}

int hv_msg_parse_domain(const struct nlmsghdr *nlh, struct hv_domain *dom,
			uint32_t *event)
{
	uint32_t need = DOMAIN_ATTRS;
	uint32_t seen = 0;
	const struct nlattr *head, *a;
	int len, rem, err;

	head = genl_attrs(nlh, &len);
	if (!head)
		return -EPROTO;

	memset(dom, 0, sizeof(*dom));
	if (event) {
		*event = 0;
		need |= ATTR_BIT(HV_A_DOMAIN_EVENT);
	}
	nla_for_each_attr(a, head, len, rem) {
		err = parse_attr(a, dom, event, &seen);
		if (err)
			return err;
	}
	/* Bytes left that do not make an attribute: a broken message */
	if (rem > 0)
		return -EPROTO;
	if ((seen & need) != need)
		return -EPROTO;
	if (dom->id < 1 || dom->id > HV_DOMID_MAX)
		return -EPROTO;
	return 0;
}

/* Whether @ref names a possible domain */
static bool ref_valid(const struct hv_domain_ref *ref)
{
	if (ref->id)
		return ref->id <= HV_DOMID_MAX;
	return ref->name && hv_domain_name_valid(ref->name);
}

int hv_msg_put_ref(struct nl_msg *msg, const struct hv_domain_ref *ref)
{
	int err;

	if (!ref_valid(ref))
		return -EINVAL;
	if (ref->id)
		err = nla_put_u32(msg, HV_A_DOMAIN_ID, ref->id);
	else
		err = nla_put_string(msg, HV_A_DOMAIN_NAME, ref->name);
	return err ? -EMSGSIZE : 0;
}

int hv_msg_put_new(struct nl_msg *msg, const char *name, uint64_t memory)
{
	if (!name || !hv_domain_name_valid(name))
		return -EINVAL;
	if (nla_put_string(msg, HV_A_DOMAIN_NAME, name) ||
	    nla_put_u64(msg, HV_A_DOMAIN_MEMORY, memory))
		return -EMSGSIZE;
	return 0;
}

int hv_msg_errno(int error)
{
	if (error > 0 || error < -HV_ERRNO_MAX)
		return -EPROTO;
	return error;
}

int hv_msg_done_errno(const struct nlmsghdr *nlh)
{
	int error;

	/* Kernels before 4.14 end a dump without telling how it went. */
	if (payload_len(nlh) < (int)sizeof(error))
		return 0;
	memcpy(&error, payload(nlh), sizeof(error));
	return hv_msg_errno(error);
}

/*
 * Where the ack TLVs start, counted from the payload, or -1 if they cannot
 * be there.  An NLMSG_DONE payload is the dump's error code.  An NLMSG_ERROR
 * payload is a struct nlmsgerr, whose msg field holds a copy of the header
 * of our request; unless NLM_F_CAPPED says the kernel cut it, the rest of
 * the request follows.
 */
static int ack_tlv_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = payload(nlh);
	int len = payload_len(nlh);
	size_t off;

	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int);
	} else if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (len < (int)sizeof(*e))
			return -1;
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
			    e->msg.nlmsg_len - NLMSG_HDRLEN > (uint32_t)len)
				return -1;
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		}
	} else {
		return -1;
	}
	off = NLMSG_ALIGN(off);
	return len >= 0 && off <= (size_t)len ? (int)off : -1;
}

static size_t copy_text(const struct nlattr *a, char *buf, size_t size)
{
	const unsigned char *s = nla_data(a);
	size_t n, i;

	n = strnlen((const char *)s, nla_len(a));
	if (n > size - 1)
		n = size - 1;
	/* It ends up on a terminal: let no escape sequence through. */
	for (i = 0; i < n; i++)
		buf[i] = (s[i] < ' ' || s[i] >= 0x7f) ? '?' : s[i];
	buf[n] = '\0';
	return n;
}

size_t hv_msg_extack(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const struct nlattr *head, *a;
	int off, rem;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	off = ack_tlv_offset(nlh);
	if (off < 0)
		return 0;
	head = (const void *)((const char *)payload(nlh) + off);
	nla_for_each_attr(a, head, payload_len(nlh) - off, rem)
		if (nla_type(a) == NLMSGERR_ATTR_MSG)
			return copy_text(a, buf, size);
	return 0;
}
