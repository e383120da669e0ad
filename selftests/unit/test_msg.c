// SPDX-License-Identifier: GPL-2.0
/*
 * libhv message handling, fed with messages built here by hand: domain
 * replies and notifications, error and done messages, requests.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "msg.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define FAMILY		0x20
#define MEMORY		(64ULL << 20)

enum {
	NO_ID		= 1 << 0,
	NO_NAME		= 1 << 1,
	NO_MEMORY	= 1 << 2,
	NO_STATE	= 1 << 3,
	WITH_EVENT	= 1 << 4,
};

static struct nl_msg *genl_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, FAMILY, 0, 0, cmd, 1));
	return msg;
}

/* A domain message as the kernel writes it, changed as @flags say */
static struct nl_msg *domain_msg(int flags)
{
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_NTF);

	if (!(flags & NO_ID))
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, 7), 0);
	if (!(flags & NO_NAME))
		assert_int_equal(nla_put_string(msg, HV_A_DOMAIN_NAME, "web"),
				 0);
	if (!(flags & NO_MEMORY)) {
		/* nla_put_u64_64bit() may put a pad attribute first */
		assert_int_equal(nla_put(msg, HV_A_DOMAIN_PAD, 0, NULL), 0);
		assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_MEMORY, MEMORY),
				 0);
	}
	if (!(flags & NO_STATE))
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_STATE,
					     HV_DOMAIN_STATE_RUNNING), 0);
	if (flags & WITH_EVENT)
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_EVENT,
					     HV_EVENT_STATE_CHANGED), 0);
	return msg;
}

static int parse(struct nl_msg *msg, struct hv_domain *dom, uint32_t *event)
{
	int err = hv_msg_parse_domain(nlmsg_hdr(msg), dom, event);

	nlmsg_free(msg);
	return err;
}

static void test_parse_reply(void **state)
{
	struct nl_msg *msg = domain_msg(0);
	struct hv_domain dom;

	assert_int_equal(hv_msg_cmd(nlmsg_hdr(msg)), HV_CMD_DOMAIN_NTF);
	assert_int_equal(parse(msg, &dom, NULL), 0);
	assert_int_equal(dom.id, 7);
	assert_string_equal(dom.name, "web");
	assert_true(dom.memory == MEMORY);
	assert_int_equal(dom.state, HV_DOMAIN_STATE_RUNNING);
}

static void test_parse_event(void **state)
{
	struct hv_domain dom;
	uint32_t event = 0;

	assert_int_equal(parse(domain_msg(WITH_EVENT), &dom, &event), 0);
	assert_int_equal(event, HV_EVENT_STATE_CHANGED);
	assert_string_equal(dom.name, "web");

	/* a notification without its event is broken */
	assert_int_equal(parse(domain_msg(0), &dom, &event), -EPROTO);
	/* a reply may carry one; it is not looked at */
	assert_int_equal(parse(domain_msg(WITH_EVENT), &dom, NULL), 0);
}

static void test_parse_missing(void **state)
{
	static const int missing[] = { NO_ID, NO_NAME, NO_MEMORY, NO_STATE };
	struct hv_domain dom;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(missing); i++)
		assert_int_equal(parse(domain_msg(missing[i]), &dom, NULL),
				 -EPROTO);
}

/* A valid domain but for one attribute of @len bytes at @data */
static int parse_with(int leave_out, int type, int len, const void *data)
{
	struct nl_msg *msg = domain_msg(leave_out);
	struct hv_domain dom;

	assert_int_equal(nla_put(msg, type, len, data), 0);
	return parse(msg, &dom, NULL);
}

static void test_parse_lengths(void **state)
{
	uint64_t u64 = 7;
	uint32_t u32 = 7;
	uint16_t u16 = 7;

	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 4, &u32), 0);
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 2, &u16), -EPROTO);
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 8, &u64), -EPROTO);
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 0, NULL), -EPROTO);
	assert_int_equal(parse_with(NO_MEMORY, HV_A_DOMAIN_MEMORY, 4, &u32),
			 -EPROTO);
	assert_int_equal(parse_with(NO_MEMORY, HV_A_DOMAIN_MEMORY, 8, &u64),
			 0);
	assert_int_equal(parse_with(NO_STATE, HV_A_DOMAIN_STATE, 2, &u16),
			 -EPROTO);
	assert_int_equal(parse_with(0, HV_A_DOMAIN_EVENT, 2, &u16), 0);
}

static void test_parse_id_range(void **state)
{
	uint32_t id;

	id = 0;
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 4, &id), -EPROTO);
	id = HV_DOMID_MAX + 1;
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 4, &id), -EPROTO);
	id = HV_DOMID_MAX;
	assert_int_equal(parse_with(NO_ID, HV_A_DOMAIN_ID, 4, &id), 0);
}

static int parse_name(int len, const char *name)
{
	return parse_with(NO_NAME, HV_A_DOMAIN_NAME, len, name);
}

static void test_parse_name(void **state)
{
	static const char max[] = "0123456789abcdefghij0123456789a";
	static const char over[] = "0123456789abcdefghij0123456789ab";
	struct nl_msg *msg;
	struct hv_domain dom;

	assert_int_equal(parse_name(sizeof(max), max), 0);
	assert_int_equal(parse_name(sizeof(over), over), -EPROTO);
	/* NUL padding, as nla_put() of a whole name buffer leaves it */
	assert_int_equal(parse_name(8, "web\0\0\0\0"), 0);
	assert_int_equal(parse_name(3, "web"), -EPROTO);	/* no NUL */
	assert_int_equal(parse_name(6, "web\0x"), -EPROTO);
	assert_int_equal(parse_name(1, ""), -EPROTO);
	assert_int_equal(parse_name(0, NULL), -EPROTO);
	assert_int_equal(parse_name(4, "a b"), -EPROTO);
	assert_int_equal(parse_name(4, "123"), -EPROTO);
	assert_int_equal(parse_name(5, "-web"), -EPROTO);
	assert_int_equal(parse_name(5, "\x1b[2J"), -EPROTO);

	msg = domain_msg(NO_NAME);
	assert_int_equal(nla_put_string(msg, HV_A_DOMAIN_NAME, max), 0);
	assert_int_equal(parse(msg, &dom, NULL), 0);
	assert_string_equal(dom.name, max);
}

static void test_parse_unknown_attr(void **state)
{
	uint8_t blob[5] = { 0 };

	assert_int_equal(parse_with(0, HV_A_DOMAIN_MAX + 1, 5, blob), 0);
	assert_int_equal(parse_with(0, 0x3fff, 0, NULL), 0);
}

/* A disk nest as blkback.c's hv_blk_fill() writes it */
static void put_disk(struct nl_msg *msg, uint32_t vdev, uint32_t pages,
		     uint64_t requests, uint64_t errors)
{
	struct nlattr *nest = nla_nest_start(msg, HV_A_DOMAIN_DISK);

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(msg, HV_A_DISK_VDEV, vdev), 0);
	assert_int_equal(nla_put_flag(msg, HV_A_DISK_READONLY), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DISK_SECTORS, 2048), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_DISK_RING_PAGES, pages), 0);
	assert_int_equal(nla_put(msg, HV_A_DISK_PAD, 0, NULL), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DISK_REQUESTS, requests), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DISK_ERRORS, errors), 0);
	nla_nest_end(msg, nest);
}

static void test_parse_disks(void **state)
{
	struct nl_msg *msg = domain_msg(0);
	struct nlattr *nest;
	struct hv_domain dom;

	put_disk(msg, 51712, 16, 1ULL << 40, 3);
	put_disk(msg, 51728, 0, 0, 0);
	assert_int_equal(parse(msg, &dom, NULL), 0);
	assert_int_equal(dom.nr_disks, 2);
	assert_int_equal(dom.disks[0].vdev, 51712);
	assert_int_equal(dom.disks[0].readonly, 1);
	assert_true(dom.disks[0].sectors == 2048);
	assert_int_equal(dom.disks[0].ring_pages, 16);
	assert_true(dom.disks[0].requests == 1ULL << 40);
	assert_true(dom.disks[0].errors == 3);
	assert_int_equal(dom.disks[1].vdev, 51728);
	assert_int_equal(dom.disks[1].ring_pages, 0);

	/* a counter of the wrong size is refused */
	msg = domain_msg(0);
	nest = nla_nest_start(msg, HV_A_DOMAIN_DISK);
	assert_int_equal(nla_put_u32(msg, HV_A_DISK_REQUESTS, 1), 0);
	nla_nest_end(msg, nest);
	assert_int_equal(parse(msg, &dom, NULL), -EPROTO);
}

static void test_parse_truncated(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_simple(FAMILY, 0);
	struct hv_domain dom;
	uint8_t half[2] = { HV_CMD_DOMAIN_GET, 1 };

	assert_non_null(msg);
	assert_int_equal(nlmsg_append(msg, half, sizeof(half), 0), 0);
	assert_int_equal(hv_msg_cmd(nlmsg_hdr(msg)), -EPROTO);
	assert_int_equal(parse(msg, &dom, NULL), -EPROTO);
}

static void test_parse_trailing(void **state)
{
	struct nl_msg *msg = domain_msg(0);
	struct nlattr bogus = { .nla_len = 64, .nla_type = HV_A_DOMAIN_ID };
	struct hv_domain dom;

	/* bytes that do not make an attribute */
	assert_int_equal(nlmsg_append(msg, "\1\2", 2, 0), 0);
	assert_int_equal(parse(msg, &dom, NULL), -EPROTO);

	/* an attribute longer than the message */
	msg = domain_msg(0);
	assert_int_equal(nlmsg_append(msg, &bogus, sizeof(bogus), 0), 0);
	assert_int_equal(parse(msg, &dom, NULL), -EPROTO);
}

/* An NLMSG_ERROR, with @req_len bytes of request unless NLM_F_CAPPED */
static struct nl_msg *error_msg(int flags, int error, uint32_t req_len)
{
	static uint8_t req[64] = { HV_CMD_DOMAIN_NEW, 1 };
	struct nlmsgerr e = {
		.error = error,
		.msg = {
			.nlmsg_len = NLMSG_HDRLEN + req_len,
			.nlmsg_type = FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
			.nlmsg_seq = 1,
		},
	};
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, flags);

	assert_non_null(msg);
	assert_true(req_len <= sizeof(req));
	assert_int_equal(nlmsg_append(msg, &e, sizeof(e), 0), 0);
	if (!(flags & NLM_F_CAPPED) && req_len)
		assert_int_equal(nlmsg_append(msg, req, req_len,
					      NLMSG_ALIGNTO), 0);
	return msg;
}

/* The TLVs the kernel appends: an offset first, then the message */
static void put_tlvs(struct nl_msg *msg, const char *text)
{
	assert_int_equal(nla_put_u32(msg, NLMSGERR_ATTR_OFFS, 20), 0);
	if (text)
		assert_int_equal(nla_put_string(msg, NLMSGERR_ATTR_MSG, text),
				 0);
}

static size_t extack(struct nl_msg *msg, char *buf, size_t size)
{
	size_t n = hv_msg_extack(nlmsg_hdr(msg), buf, size);

	nlmsg_free(msg);
	return n;
}

static void test_extack_capped(void **state)
{
	struct nl_msg *msg;
	char buf[64];

	msg = error_msg(NLM_F_CAPPED | NLM_F_ACK_TLVS, -EEXIST, 24);
	put_tlvs(msg, "name already in use");
	assert_int_equal(extack(msg, buf, sizeof(buf)), 19);
	assert_string_equal(buf, "name already in use");
}

static void test_extack_uncapped(void **state)
{
	struct nl_msg *msg;
	uint32_t len;
	char buf[64];

	/* request lengths that need padding and that do not */
	for (len = 0; len < 16; len++) {
		msg = error_msg(NLM_F_ACK_TLVS, -EINVAL, len);
		put_tlvs(msg, "bad memory size");
		assert_int_equal(extack(msg, buf, sizeof(buf)), 15);
		assert_string_equal(buf, "bad memory size");
	}
}

static void test_extack_none(void **state)
{
	struct nl_msg *msg;
	char buf[64];

	/* without NLM_F_ACK_TLVS there are no TLVs to look at */
	msg = error_msg(NLM_F_CAPPED, -EPERM, 0);
	put_tlvs(msg, "looks like a message");
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");

	msg = error_msg(NLM_F_CAPPED | NLM_F_ACK_TLVS, -EPERM, 0);
	put_tlvs(msg, NULL);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);

	msg = error_msg(NLM_F_CAPPED, -EPERM, 0);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);

	msg = genl_msg(HV_CMD_DOMAIN_GET);
	nlmsg_hdr(msg)->nlmsg_flags |= NLM_F_ACK_TLVS;
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);
}

static void test_extack_bad_request_len(void **state)
{
	struct nl_msg *msg;
	char buf[64];

	/* the echoed request claims more than the message holds */
	msg = error_msg(NLM_F_ACK_TLVS, -EINVAL, 8);
	put_tlvs(msg, "x");
	((struct nlmsgerr *)nlmsg_data(nlmsg_hdr(msg)))->msg.nlmsg_len = 4096;
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);

	/* or less than a header */
	msg = error_msg(NLM_F_ACK_TLVS, -EINVAL, 8);
	put_tlvs(msg, "x");
	((struct nlmsgerr *)nlmsg_data(nlmsg_hdr(msg)))->msg.nlmsg_len = 3;
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);

	/* an NLMSG_ERROR too short for its struct nlmsgerr */
	msg = nlmsg_alloc_simple(NLMSG_ERROR, NLM_F_ACK_TLVS);
	assert_int_equal(nlmsg_append(msg, "\0\0\0\0", 4, 0), 0);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);
}

static void test_extack_text(void **state)
{
	struct nl_msg *msg;
	char buf[64];

	/* cut to fit */
	msg = error_msg(NLM_F_CAPPED | NLM_F_ACK_TLVS, -EINVAL, 0);
	put_tlvs(msg, "name already in use");
	assert_int_equal(extack(msg, buf, 5), 4);
	assert_string_equal(buf, "name");

	/* no escape sequences reach the terminal */
	msg = error_msg(NLM_F_CAPPED | NLM_F_ACK_TLVS, -EINVAL, 0);
	put_tlvs(msg, "a\x1b[2Jb\n\xc3");
	assert_int_equal(extack(msg, buf, sizeof(buf)), 8);
	assert_string_equal(buf, "a?[2Jb??");

	/* not NUL-terminated: bounded by the attribute */
	msg = error_msg(NLM_F_CAPPED | NLM_F_ACK_TLVS, -EINVAL, 0);
	assert_int_equal(nla_put(msg, NLMSGERR_ATTR_MSG, 3, "abcdef"), 0);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
}

static void test_done(void **state)
{
	struct nl_msg *msg;
	int error = -ENOMEM;
	char buf[64];

	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	assert_int_equal(nlmsg_append(msg, &error, sizeof(error), 0), 0);
	put_tlvs(msg, "out of domain memory");
	assert_int_equal(hv_msg_done_errno(nlmsg_hdr(msg)), -ENOMEM);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 20);
	assert_string_equal(buf, "out of domain memory");

	/* old kernels: no error code at all */
	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	assert_int_equal(hv_msg_done_errno(nlmsg_hdr(msg)), 0);
	assert_int_equal(extack(msg, buf, sizeof(buf)), 0);

	error = 0;
	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	assert_int_equal(nlmsg_append(msg, &error, sizeof(error), 0), 0);
	assert_int_equal(hv_msg_done_errno(nlmsg_hdr(msg)), 0);
	nlmsg_free(msg);

	error = 5;
	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	assert_int_equal(nlmsg_append(msg, &error, sizeof(error), 0), 0);
	assert_int_equal(hv_msg_done_errno(nlmsg_hdr(msg)), -EPROTO);
	nlmsg_free(msg);
}

static void test_errno(void **state)
{
	assert_int_equal(hv_msg_errno(0), 0);
	assert_int_equal(hv_msg_errno(-ENOENT), -ENOENT);
	assert_int_equal(hv_msg_errno(-4095), -4095);
	assert_int_equal(hv_msg_errno(-4096), -EPROTO);
	assert_int_equal(hv_msg_errno(1), -EPROTO);
	assert_int_equal(hv_msg_errno(INT32_MIN), -EPROTO);
}

/* The one attribute of type @type in a request, or NULL */
static struct nlattr *find(struct nl_msg *msg, int type)
{
	return nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, type);
}

static void test_put_ref(void **state)
{
	struct hv_domain_ref by_id = { .id = 7, .name = "ignored" };
	struct hv_domain_ref by_name = { .name = "web" };
	struct nl_msg *msg;

	msg = genl_msg(HV_CMD_DOMAIN_GET);
	assert_int_equal(hv_msg_put_ref(msg, &by_id), 0);
	assert_non_null(find(msg, HV_A_DOMAIN_ID));
	assert_int_equal(nla_get_u32(find(msg, HV_A_DOMAIN_ID)), 7);
	assert_null(find(msg, HV_A_DOMAIN_NAME));
	nlmsg_free(msg);

	msg = genl_msg(HV_CMD_DOMAIN_GET);
	assert_int_equal(hv_msg_put_ref(msg, &by_name), 0);
	assert_non_null(find(msg, HV_A_DOMAIN_NAME));
	assert_string_equal(nla_get_string(find(msg, HV_A_DOMAIN_NAME)),
			    "web");
	assert_null(find(msg, HV_A_DOMAIN_ID));
	nlmsg_free(msg);
}

static void put_ref_bad(uint32_t id, const char *name)
{
	struct hv_domain_ref ref = { .id = id, .name = name };
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_DEL);
	uint32_t len = nlmsg_hdr(msg)->nlmsg_len;

	assert_int_equal(hv_msg_put_ref(msg, &ref), -EINVAL);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, len);
	nlmsg_free(msg);
}

static void test_put_ref_bad(void **state)
{
	put_ref_bad(0, NULL);
	put_ref_bad(0, "");
	put_ref_bad(0, "a b");
	put_ref_bad(0, "123");
	put_ref_bad(HV_DOMID_MAX + 1, NULL);
	put_ref_bad(UINT32_MAX, "web");
}

static void test_put_new(void **state)
{
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_NEW);
	uint32_t len = nlmsg_hdr(msg)->nlmsg_len;

	assert_int_equal(hv_msg_put_new(msg, "a b", MEMORY), -EINVAL);
	assert_int_equal(hv_msg_put_new(msg, NULL, MEMORY), -EINVAL);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, len);

	assert_int_equal(hv_msg_put_new(msg, "web", MEMORY), 0);
	assert_string_equal(nla_get_string(find(msg, HV_A_DOMAIN_NAME)),
			    "web");
	assert_int_equal(nla_len(find(msg, HV_A_DOMAIN_MEMORY)), 8);
	assert_true(nla_get_u64(find(msg, HV_A_DOMAIN_MEMORY)) == MEMORY);
	nlmsg_free(msg);
}

static void test_names(void **state)
{
	assert_string_equal(hv_state_name(HV_DOMAIN_STATE_CREATED), "created");
	assert_string_equal(hv_state_name(HV_DOMAIN_STATE_RUNNING), "running");
	assert_string_equal(hv_state_name(HV_DOMAIN_STATE_DYING), "dying");
	assert_string_equal(hv_state_name(HV_DOMAIN_STATE_MAX + 1), "unknown");
	assert_string_equal(hv_state_name(UINT32_MAX), "unknown");
	assert_string_equal(hv_event_name(0), "unknown");
	assert_string_equal(hv_event_name(HV_EVENT_CREATED), "created");
	assert_string_equal(hv_event_name(HV_EVENT_STATE_CHANGED),
			    "state-changed");
	assert_string_equal(hv_event_name(HV_EVENT_MAX + 1), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_parse_event),
		cmocka_unit_test(test_parse_missing),
		cmocka_unit_test(test_parse_lengths),
		cmocka_unit_test(test_parse_id_range),
		cmocka_unit_test(test_parse_name),
		cmocka_unit_test(test_parse_unknown_attr),
		cmocka_unit_test(test_parse_disks),
		cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_parse_trailing),
		cmocka_unit_test(test_extack_capped),
		cmocka_unit_test(test_extack_uncapped),
		cmocka_unit_test(test_extack_none),
		cmocka_unit_test(test_extack_bad_request_len),
		cmocka_unit_test(test_extack_text),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_put_ref),
		cmocka_unit_test(test_put_ref_bad),
		cmocka_unit_test(test_put_new),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
