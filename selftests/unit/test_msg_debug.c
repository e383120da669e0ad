// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's parsing of vcpu-regs and vcpu-trace replies, fed with messages
 * built here by hand: what the kernel sends, and broken variants of it.
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
#define ID		7

static struct nl_msg *genl_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, FAMILY, 0, 0, cmd, 1));
	return msg;
}

/* --- vcpu-regs --- */

enum {
	NO_ID		= 1 << 0,
	NO_REGS		= 1 << 1,
	NO_EIP		= 1 << 2,	/* one register missing */
	TWO_EIPS	= 1 << 3,
	WIDE_EIP	= 1 << 4,	/* a u64 where a u32 belongs */
	ODD_STACK	= 1 << 5,	/* stack not whole words */
	BIG_STACK	= 1 << 6,	/* more words than HV_STACK_WORDS */
	BIG_CODE	= 1 << 7,
	TWO_STACKS	= 1 << 8,
	NEW_REG		= 1 << 9,	/* a register of a newer kernel */
	BAD_ID		= 1 << 10,
};

/* Register n holds 0x1000 + n; eip is 0x00100252 */
static struct nl_msg *regs_msg(int flags)
{
	struct nl_msg *msg = genl_msg(HV_CMD_VCPU_REGS);
	uint32_t stack[HV_STACK_WORDS + 1] = { 0xcafe0003, 0xcafe0002 };
	uint8_t code[HV_CODE_BYTES + 1] = { 0x0f, 0x0b };
	struct nlattr *nest;
	uint32_t val;
	int i;

	if (!(flags & NO_ID))
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID,
					     flags & BAD_ID ? 0 : ID), 0);
	if (!(flags & NO_REGS)) {
		nest = nla_nest_start(msg, HV_A_DOMAIN_REGS);
		for (i = 1; i <= HV_A_REGS_MAX; i++) {
			if (i == HV_A_REGS_EIP && (flags & NO_EIP))
				continue;
			val = i == HV_A_REGS_EIP ? 0x100252 : 0x1000 + i;
			if (i == HV_A_REGS_EIP && (flags & WIDE_EIP))
				assert_int_equal(nla_put_u64(msg, i, 1), 0);
			else
				assert_int_equal(nla_put_u32(msg, i, val), 0);
		}
		if (flags & TWO_EIPS)
			assert_int_equal(nla_put_u32(msg, HV_A_REGS_EIP, 1), 0);
		if (flags & NEW_REG)
			assert_int_equal(nla_put_u32(msg, HV_A_REGS_MAX + 1,
						     9), 0);
		nla_nest_end(msg, nest);
	}
	assert_int_equal(nla_put(msg, HV_A_DOMAIN_STACK,
				 flags & BIG_STACK ? sizeof(stack) :
				 flags & ODD_STACK ? 7 : 8, stack), 0);
	if (flags & TWO_STACKS)
		assert_int_equal(nla_put(msg, HV_A_DOMAIN_STACK, 4, stack), 0);
	assert_int_equal(nla_put(msg, HV_A_DOMAIN_CODE,
				 flags & BIG_CODE ? sizeof(code) : 2, code), 0);
	return msg;
}

static int parse_regs(int flags, struct hv_vcpu_regs *r)
{
	struct nl_msg *msg = regs_msg(flags);
	uint32_t id;
	int err;

	err = hv_msg_parse_regs(nlmsg_hdr(msg), &id, r);
	nlmsg_free(msg);
	if (!err)
		assert_int_equal(id, ID);
	return err;
}

static void test_regs(void **state)
{
	struct hv_vcpu_regs r;

	assert_int_equal(parse_regs(0, &r), 0);
	assert_int_equal(r.eip, 0x100252);
	assert_int_equal(r.esp, 0x1000 + HV_A_REGS_ESP);
	assert_int_equal(r.ebp, 0x1000 + HV_A_REGS_EBP);
	assert_int_equal(r.gs, 0x1000 + HV_A_REGS_GS);
	assert_int_equal(r.vcr2, 0x1000 + HV_A_REGS_VCR2);
	assert_int_equal(r.upcall_pending, 0x1000 + HV_A_REGS_UPCALL_PENDING);
	assert_int_equal(r.nr_stack, 2);
	assert_int_equal(r.stack[0], 0xcafe0003);
	assert_int_equal(r.stack[1], 0xcafe0002);
	assert_int_equal(r.nr_code, 2);
	assert_int_equal(r.code[0], 0x0f);
	assert_int_equal(r.code[1], 0x0b);
	/* A newer kernel's register is not ours to judge */
	assert_int_equal(parse_regs(NEW_REG, &r), 0);
	assert_int_equal(r.eip, 0x100252);
}

static void test_regs_broken(void **state)
{
	static const int broken[] = {
		NO_ID, NO_REGS, NO_EIP, TWO_EIPS, WIDE_EIP, ODD_STACK,
		BIG_STACK, BIG_CODE, TWO_STACKS, BAD_ID,
	};
	struct hv_vcpu_regs r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(broken); i++)
		if (parse_regs(broken[i], &r) != -EPROTO)
			fail_msg("flags 0x%x accepted", broken[i]);
}

/* --- vcpu-trace --- */

/* A record as the kernel writes it: @nargs arguments, a result or not */
static void put_rec(struct nl_msg *msg, uint32_t kind, uint32_t nr,
		    int nargs, bool result)
{
	struct nlattr *e = nla_nest_start(msg, HV_A_TRACE_ENTRY);
	int i;

	assert_int_equal(nla_put(msg, HV_A_TRACE_PAD, 0, NULL), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_TRACE_TIME, 1000 + nr), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_TRACE_KIND, kind), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_TRACE_NR, nr), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_TRACE_EIP, 0x100000 + nr), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_TRACE_CS, 0xe019), 0);
	for (i = 0; i < nargs; i++)
		assert_int_equal(nla_put_u32(msg, HV_A_TRACE_ARG, 0xa1 + i), 0);
	if (result)
		assert_int_equal(nla_put_u32(msg, HV_A_TRACE_RESULT, -38), 0);
	nla_nest_end(msg, e);
}

static struct nl_msg *trace_msg(uint64_t seq, uint64_t head, int nrecs)
{
	struct nl_msg *msg = genl_msg(HV_CMD_VCPU_TRACE);
	struct nlattr *nest;
	int i;

	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, ID), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, seq), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_TRACE_HEAD, head), 0);
	/* libnl drops an empty nest; the kernel sends it */
	if (!nrecs) {
		assert_int_equal(nla_put(msg, HV_A_DOMAIN_TRACE | NLA_F_NESTED,
					 0, NULL), 0);
		return msg;
	}
	nest = nla_nest_start(msg, HV_A_DOMAIN_TRACE);
	for (i = 0; i < nrecs; i++)
		put_rec(msg, i % 2 ? HV_TRACE_EXIT : HV_TRACE_HYPERCALL, i,
			i % 2 ? 2 : 5, !(i % 2));
	nla_nest_end(msg, nest);
	return msg;
}

static struct hv_trace_rec recs[8];

static int parse_trace(struct nl_msg *msg, struct hv_msg_trace *t)
{
	int err = hv_msg_parse_trace(nlmsg_hdr(msg), t, recs, 8);

	nlmsg_free(msg);
	return err;
}

static void test_trace(void **state)
{
	struct hv_msg_trace t;

	assert_int_equal(parse_trace(trace_msg(100, 110, 4), &t), 0);
	assert_int_equal(t.id, ID);
	assert_true(t.seq == 100 && t.head == 110 && t.count == 4);
	assert_true(recs[0].seq == 100 && recs[3].seq == 103);
	assert_int_equal(recs[0].kind, HV_TRACE_HYPERCALL);
	assert_int_equal(recs[0].nr_args, 5);
	assert_int_equal(recs[0].args[4], 0xa5);
	assert_true(recs[0].has_result);
	assert_int_equal((int32_t)recs[0].result, -38);
	assert_int_equal(recs[1].kind, HV_TRACE_EXIT);
	assert_int_equal(recs[1].nr_args, 2);
	assert_false(recs[1].has_result);
	assert_int_equal(recs[2].eip, 0x100002);
	assert_true(recs[2].time_ns == 1002);

	/* Empty: nothing new */
	assert_int_equal(parse_trace(trace_msg(110, 110, 0), &t), 0);
	assert_int_equal(t.count, 0);
	/* Exactly what fits */
	assert_int_equal(parse_trace(trace_msg(0, 8, 8), &t), 0);
}

static void test_trace_broken(void **state)
{
	struct nl_msg *msg;
	struct hv_msg_trace t;
	struct nlattr *nest, *e;

	/* More records than the head allows, the start past the head */
	assert_int_equal(parse_trace(trace_msg(100, 103, 4), &t), -EPROTO);
	assert_int_equal(parse_trace(trace_msg(111, 110, 0), &t), -EPROTO);
	/* More records than room */
	assert_int_equal(parse_trace(trace_msg(0, 100, 9), &t), -EPROTO);

	/* Six arguments */
	msg = genl_msg(HV_CMD_VCPU_TRACE);
	nla_put_u32(msg, HV_A_DOMAIN_ID, ID);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_HEAD, 1);
	nest = nla_nest_start(msg, HV_A_DOMAIN_TRACE);
	put_rec(msg, HV_TRACE_HYPERCALL, 1, 6, true);
	nla_nest_end(msg, nest);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);

	/* A record without its kind, one with two, a short time */
	msg = genl_msg(HV_CMD_VCPU_TRACE);
	nla_put_u32(msg, HV_A_DOMAIN_ID, ID);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_HEAD, 1);
	nest = nla_nest_start(msg, HV_A_DOMAIN_TRACE);
	e = nla_nest_start(msg, HV_A_TRACE_ENTRY);
	nla_put_u64(msg, HV_A_TRACE_TIME, 1);
	nla_put_u32(msg, HV_A_TRACE_NR, 1);
	nla_put_u32(msg, HV_A_TRACE_EIP, 1);
	nla_put_u32(msg, HV_A_TRACE_CS, 1);
	nla_nest_end(msg, e);
	nla_nest_end(msg, nest);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);

	msg = genl_msg(HV_CMD_VCPU_TRACE);
	nla_put_u32(msg, HV_A_DOMAIN_ID, ID);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_HEAD, 1);
	nest = nla_nest_start(msg, HV_A_DOMAIN_TRACE);
	e = nla_nest_start(msg, HV_A_TRACE_ENTRY);
	nla_put_u32(msg, HV_A_TRACE_TIME, 1);
	nla_put_u32(msg, HV_A_TRACE_KIND, 1);
	nla_put_u32(msg, HV_A_TRACE_NR, 1);
	nla_put_u32(msg, HV_A_TRACE_EIP, 1);
	nla_put_u32(msg, HV_A_TRACE_CS, 1);
	nla_nest_end(msg, e);
	nla_nest_end(msg, nest);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);

	/* No head; two seqs; domain id 0 */
	msg = genl_msg(HV_CMD_VCPU_TRACE);
	nla_put_u32(msg, HV_A_DOMAIN_ID, ID);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);
	msg = trace_msg(0, 1, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);
	msg = genl_msg(HV_CMD_VCPU_TRACE);
	nla_put_u32(msg, HV_A_DOMAIN_ID, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, 0);
	nla_put_u64(msg, HV_A_DOMAIN_TRACE_HEAD, 0);
	assert_int_equal(parse_trace(msg, &t), -EPROTO);
}

/* Every prefix of a good message is either refused or a whole message */
static void test_truncated(void **state)
{
	struct nl_msg *msg = trace_msg(5, 10, 3);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	uint32_t len = nlh->nlmsg_len, cut, id;
	struct hv_vcpu_regs r;
	struct hv_msg_trace t;

	for (cut = 0; cut < len; cut++) {
		nlh->nlmsg_len = cut;
		assert_int_equal(hv_msg_parse_trace(nlh, &t, recs, 8), -EPROTO);
	}
	nlmsg_free(msg);
	msg = regs_msg(0);
	nlh = nlmsg_hdr(msg);
	len = nlh->nlmsg_len;
	for (cut = 0; cut < len; cut++) {
		nlh->nlmsg_len = cut;
		/*
		 * Leaving out the optional code (or only the padding after
		 * it) is fine; anything else is not.
		 */
		if (hv_msg_parse_regs(nlh, &id, &r) == 0)
			assert_true(r.nr_code == 0 || cut >= len - 2);
	}
	nlmsg_free(msg);
}

static void test_names(void **state)
{
	assert_string_equal(hv_trace_kind_name(HV_TRACE_MULTICALL),
			    "multicall");
	assert_string_equal(hv_trace_kind_name(HV_TRACE_KIND_MAX + 1),
			    "unknown");
	assert_string_equal(hv_hypercall_name(17), "xen_version");
	assert_null(hv_hypercall_name(60));
	assert_null(hv_hypercall_name(UINT32_MAX));
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regs),
		cmocka_unit_test(test_regs_broken),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_trace_broken),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("msg_debug", tests, NULL, NULL);
}
