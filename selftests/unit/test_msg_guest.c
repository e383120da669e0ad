// SPDX-License-Identifier: GPL-2.0
/*
 * libhv messages about running guests, fed with messages built here by
 * hand: how a domain ended and its counters, console output, and the
 * load, start and console-write requests.
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

#define FAMILY		0x20

static struct nl_msg *genl_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(128 * 1024);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, FAMILY, 0, 0, cmd, 1));
	return msg;
}

/* A domain message with what every one carries */
static struct nl_msg *domain_msg(void)
{
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_GET);

	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, 7), 0);
	assert_int_equal(nla_put_string(msg, HV_A_DOMAIN_NAME, "web"), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_MEMORY, 16 << 20), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_STATE,
				     HV_DOMAIN_STATE_CRASHED), 0);
	return msg;
}

static struct hv_domain dom;

static int parse(struct nl_msg *msg)
{
	int err = hv_msg_parse_domain(nlmsg_hdr(msg), &dom, NULL);

	nlmsg_free(msg);
	return err;
}

static void test_end(void **state)
{
	struct nl_msg *msg = domain_msg();

	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_END, HV_END_KILLED), 0);
	assert_int_equal(nla_put_string(msg, HV_A_DOMAIN_END_REASON,
					"bad bounce frame"), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_END_EIP, 0x101234), 0);
	assert_int_equal(nla_put(msg, HV_A_DOMAIN_PAD, 0, NULL), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_CPU_TIME, 123456789),
			 0);
	assert_int_equal(parse(msg), 0);
	assert_int_equal(dom.has, HV_DOMAIN_HAS_END | HV_DOMAIN_HAS_END_EIP |
				  HV_DOMAIN_HAS_CPU_TIME);
	assert_int_equal(dom.end, HV_END_KILLED);
	assert_string_equal(dom.end_reason, "bad bounce frame");
	assert_int_equal(dom.end_eip, 0x101234);
	assert_true(dom.cpu_time_ns == 123456789);
	assert_int_equal(dom.nr_stats, 0);
}

static void test_end_absent(void **state)
{
	assert_int_equal(parse(domain_msg()), 0);
	assert_int_equal(dom.has, 0);
	assert_string_equal(dom.end_reason, "");
	assert_int_equal(dom.nr_stats, 0);
}

static int parse_with(int type, int len, const void *data)
{
	struct nl_msg *msg = domain_msg();

	assert_int_equal(nla_put(msg, type, len, data), 0);
	return parse(msg);
}

static void test_end_lengths(void **state)
{
	uint64_t u64 = 1;
	uint32_t u32 = 1;

	assert_int_equal(parse_with(HV_A_DOMAIN_END, 2, &u32), -EPROTO);
	assert_int_equal(parse_with(HV_A_DOMAIN_END, 8, &u64), -EPROTO);
	assert_int_equal(parse_with(HV_A_DOMAIN_END_EIP, 8, &u64), -EPROTO);
	assert_int_equal(parse_with(HV_A_DOMAIN_CPU_TIME, 4, &u32), -EPROTO);
	assert_int_equal(parse_with(HV_A_DOMAIN_END_REASON, 3, "abc"),
			 -EPROTO);
	assert_int_equal(parse_with(HV_A_DOMAIN_END_REASON, 0, NULL),
			 -EPROTO);
	/* A newer kernel's value is passed on, for the tools to name */
	u32 = 99;
	assert_int_equal(parse_with(HV_A_DOMAIN_END, 4, &u32), 0);
	assert_int_equal(dom.end, 99);
}

static void test_end_reason_text(void **state)
{
	char longer[300];

	/* It ends up on a terminal: no escape sequences */
	assert_int_equal(parse_with(HV_A_DOMAIN_END_REASON, 8,
				    "a\033[2Jb\n"), 0);
	assert_string_equal(dom.end_reason, "a?[2Jb?");

	memset(longer, 'r', sizeof(longer));
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(parse_with(HV_A_DOMAIN_END_REASON, sizeof(longer),
				    longer), 0);
	assert_int_equal(strlen(dom.end_reason), HV_END_REASON_MAX);
}

/* Which attributes put_entry() leaves out or adds */
enum {
	NO_KIND = 1 << 0,
	NO_INDEX = 1 << 1,
	NO_COUNT = 1 << 2,
	SHORT_COUNT = 1 << 3,
	EXTRA = 1 << 4,
};

static void put_entry(struct nl_msg *msg, uint32_t kind, uint32_t index,
		      uint64_t count, int flags)
{
	struct nlattr *entry = nla_nest_start(msg, HV_A_STAT_ENTRY);

	assert_non_null(entry);
	if (!(flags & NO_KIND))
		assert_int_equal(nla_put_u32(msg, HV_A_STAT_KIND, kind), 0);
	if (!(flags & NO_INDEX))
		assert_int_equal(nla_put_u32(msg, HV_A_STAT_INDEX, index), 0);
	assert_int_equal(nla_put(msg, HV_A_STAT_PAD, 0, NULL), 0);
	if (flags & SHORT_COUNT)
		assert_int_equal(nla_put_u32(msg, HV_A_STAT_COUNT, count), 0);
	else if (!(flags & NO_COUNT))
		assert_int_equal(nla_put_u64(msg, HV_A_STAT_COUNT, count), 0);
	if (flags & EXTRA)
		assert_int_equal(nla_put_u32(msg, HV_A_STAT_MAX + 1, 5), 0);
	nla_nest_end(msg, entry);
}

/* A domain message with @n counters, the last one as @flags say */
static int parse_stats(unsigned int n, int flags)
{
	struct nl_msg *msg = domain_msg();
	struct nlattr *stats = nla_nest_start(msg, HV_A_DOMAIN_STATS);
	unsigned int i;

	for (i = 0; i < n; i++)
		put_entry(msg, HV_STAT_HYPERCALL, i, 100 + i,
			  i == n - 1 ? flags : 0);
	nla_nest_end(msg, stats);
	return parse(msg);
}

static void test_stats(void **state)
{
	assert_int_equal(parse_stats(3, EXTRA), 0);
	assert_int_equal(dom.nr_stats, 3);
	assert_int_equal(dom.stats[0].kind, HV_STAT_HYPERCALL);
	assert_int_equal(dom.stats[2].index, 2);
	assert_true(dom.stats[2].count == 102);
	assert_false(dom.has & HV_DOMAIN_STATS_CUT);

	assert_int_equal(parse_stats(0, 0), 0);
	assert_int_equal(dom.nr_stats, 0);
}

static void test_stats_broken(void **state)
{
	assert_int_equal(parse_stats(2, NO_KIND), -EPROTO);
	assert_int_equal(parse_stats(2, NO_INDEX), -EPROTO);
	assert_int_equal(parse_stats(2, NO_COUNT), -EPROTO);
	assert_int_equal(parse_stats(2, SHORT_COUNT), -EPROTO);
}

static void test_stats_too_many(void **state)
{
	assert_int_equal(parse_stats(HV_DOMAIN_STATS_MAX + 5, 0), 0);
	assert_int_equal(dom.nr_stats, HV_DOMAIN_STATS_MAX);
	assert_true(dom.has & HV_DOMAIN_STATS_CUT);
	assert_true(dom.stats[HV_DOMAIN_STATS_MAX - 1].count ==
		    100 + HV_DOMAIN_STATS_MAX - 1);
}

static void test_stats_twice(void **state)
{
	struct nl_msg *msg = domain_msg();
	struct nlattr *stats;
	int i;

	for (i = 0; i < 2; i++) {
		stats = nla_nest_start(msg, HV_A_DOMAIN_STATS);
		put_entry(msg, HV_STAT_EXIT, 0, 1, 0);
		nla_nest_end(msg, stats);
	}
	assert_int_equal(parse(msg), -EPROTO);
}

static void test_stats_garbage(void **state)
{
	struct nl_msg *msg = domain_msg();
	struct nlattr *stats = nla_nest_start(msg, HV_A_DOMAIN_STATS);
	uint16_t odd = 3;

	/* Other types in the nest are a newer kernel's; junk is not */
	assert_int_equal(nla_put_u32(msg, HV_A_STAT_KIND, 1), 0);
	put_entry(msg, HV_STAT_BOUNCE, 14, 3, 0);
	nla_nest_end(msg, stats);
	assert_int_equal(parse(msg), 0);
	assert_int_equal(dom.nr_stats, 1);

	msg = domain_msg();
	stats = nla_nest_start(msg, HV_A_DOMAIN_STATS);
	put_entry(msg, HV_STAT_BOUNCE, 14, 3, 0);
	assert_int_equal(nlmsg_append(msg, &odd, sizeof(odd), 0), 0);
	nla_nest_end(msg, stats);
	assert_int_equal(parse(msg), -EPROTO);
}

enum {
	C_NO_ID = 1 << 0,
	C_NO_OFFSET = 1 << 1,
	C_NO_DATA = 1 << 2,
};

static struct hv_msg_console con;

static int parse_console(uint32_t id, uint64_t offset, const char *data,
			 int flags)
{
	struct nl_msg *msg = genl_msg(HV_CMD_CONSOLE_NTF);
	int err;

	if (!(flags & C_NO_ID))
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, id), 0);
	if (!(flags & C_NO_OFFSET))
		assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_CONSOLE_OFFSET,
					     offset), 0);
	if (!(flags & C_NO_DATA))
		assert_int_equal(nla_put(msg, HV_A_DOMAIN_CONSOLE_DATA,
					 strlen(data), data), 0);
	err = hv_msg_parse_console(nlmsg_hdr(msg), &con);
	nlmsg_free(msg);
	return err;
}

static void test_console(void **state)
{
	assert_int_equal(parse_console(7, 4000, "hello", 0), 0);
	assert_int_equal(con.id, 7);
	assert_true(con.offset == 4000);
	assert_int_equal(con.len, 5);

	/* Nothing new: no data, or empty data */
	assert_int_equal(parse_console(7, 9, NULL, C_NO_DATA), 0);
	assert_int_equal(con.len, 0);
	assert_true(con.offset == 9);
	assert_int_equal(parse_console(7, 9, "", 0), 0);
	assert_int_equal(con.len, 0);
}

static void test_console_broken(void **state)
{
	struct nl_msg *msg;
	uint32_t short_offset = 5;

	assert_int_equal(parse_console(7, 0, "x", C_NO_ID), -EPROTO);
	assert_int_equal(parse_console(7, 0, "x", C_NO_OFFSET), -EPROTO);
	assert_int_equal(parse_console(0, 0, "x", 0), -EPROTO);
	assert_int_equal(parse_console(HV_DOMID_MAX + 1, 0, "x", 0), -EPROTO);
	/* Offsets count all bytes ever written; they do not wrap */
	assert_int_equal(parse_console(7, UINT64_MAX - 1, "xyz", 0), -EPROTO);

	msg = genl_msg(HV_CMD_CONSOLE_NTF);
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, 7), 0);
	assert_int_equal(nla_put(msg, HV_A_DOMAIN_CONSOLE_OFFSET,
				 sizeof(short_offset), &short_offset), 0);
	assert_int_equal(hv_msg_parse_console(nlmsg_hdr(msg), &con), -EPROTO);
	nlmsg_free(msg);
}

static struct nlattr *find(struct nl_msg *msg, int type)
{
	return nlmsg_find_attr(nlmsg_hdr(msg), GENL_HDRLEN, type);
}

static void test_put_load(void **state)
{
	static unsigned char data[HV_LOAD_MAX + 1];
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_LOAD);
	uint32_t len = nlmsg_hdr(msg)->nlmsg_len;

	/* Whole pages, in one attribute: its length is 16 bits */
	assert_int_equal(HV_LOAD_MAX % 4096, 0);
	assert_true(HV_LOAD_MAX + NLA_HDRLEN <= 0xffff);
	assert_int_equal(hv_msg_put_load(msg, 5, data, 0), -EINVAL);
	assert_int_equal(hv_msg_put_load(msg, 5, data, HV_LOAD_MAX + 1),
			 -EINVAL);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, len);

	data[0] = 0xaa;
	assert_int_equal(hv_msg_put_load(msg, 5, data, HV_LOAD_MAX), 0);
	assert_int_equal(nla_get_u32(find(msg, HV_A_DOMAIN_LOAD_PFN)), 5);
	assert_int_equal(nla_len(find(msg, HV_A_DOMAIN_LOAD_DATA)),
			 HV_LOAD_MAX);
	assert_int_equal(*(uint8_t *)nla_data(find(msg,
						   HV_A_DOMAIN_LOAD_DATA)),
			 0xaa);
	nlmsg_free(msg);
}

static uint32_t boot_attr(struct nlattr *nest, int type)
{
	struct nlattr *a = nla_find(nla_data(nest), nla_len(nest), type);

	assert_non_null(a);
	assert_int_equal(nla_len(a), 4);
	return nla_get_u32(a);
}

static void test_put_boot(void **state)
{
	struct hv_boot boot = {
		.entry = 0x100000, .stack = 0x111000, .start_info = 0x108000,
		.start_info_pfn = 0x108, .pt_pfn = 0x10b, .nr_pt_frames = 5,
		.p2m_pfn = 0x104, .hypercall_pfn = 0x101,
		.console_pfn = 0x10a, .store_pfn = HV_PFN_NONE,
	};
	struct nl_msg *msg = genl_msg(HV_CMD_DOMAIN_START);
	struct nlattr *nest;

	assert_int_equal(hv_msg_put_boot(msg, &boot, true), 0);
	nest = find(msg, HV_A_DOMAIN_BOOT);
	assert_non_null(nest);
	/* Kernels validate nests strictly: they must say they are */
	assert_true(nest->nla_type & NLA_F_NESTED);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_ENTRY), 0x100000);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_STACK), 0x111000);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_START_INFO), 0x108000);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_START_INFO_PFN), 0x108);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_PT_PFN), 0x10b);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_NR_PT_FRAMES), 5);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_P2M_PFN), 0x104);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_HYPERCALL_PFN), 0x101);
	assert_int_equal(boot_attr(nest, HV_A_BOOT_CONSOLE_PFN), 0x10a);
	assert_null(nla_find(nla_data(nest), nla_len(nest),
			     HV_A_BOOT_STORE_PFN));
	assert_non_null(find(msg, HV_A_DOMAIN_PAUSED));
	assert_int_equal(nla_len(find(msg, HV_A_DOMAIN_PAUSED)), 0);
	nlmsg_free(msg);

	msg = genl_msg(HV_CMD_DOMAIN_START);
	assert_int_equal(hv_msg_put_boot(msg, &boot, false), 0);
	assert_null(find(msg, HV_A_DOMAIN_PAUSED));
	nlmsg_free(msg);
}

static void test_put_console(void **state)
{
	static char data[HV_CONSOLE_WRITE_MAX + 1];
	struct nl_msg *msg = genl_msg(HV_CMD_CONSOLE_WRITE);

	assert_int_equal(hv_msg_put_console_write(msg, data, 0), -EINVAL);
	assert_int_equal(hv_msg_put_console_write(msg, data,
						  HV_CONSOLE_WRITE_MAX + 1),
			 -EINVAL);
	assert_int_equal(hv_msg_put_console_write(msg, "ls\r", 3), 0);
	assert_int_equal(nla_len(find(msg, HV_A_DOMAIN_CONSOLE_DATA)), 3);
	assert_int_equal(hv_msg_put_console_read(msg, 12345), 0);
	assert_int_equal(nla_len(find(msg, HV_A_DOMAIN_CONSOLE_OFFSET)), 8);
	assert_true(nla_get_u64(find(msg, HV_A_DOMAIN_CONSOLE_OFFSET)) ==
		    12345);
	nlmsg_free(msg);
}

static void test_names(void **state)
{
	assert_string_equal(hv_end_name(HV_END_POWEROFF), "poweroff");
	assert_string_equal(hv_end_name(HV_END_SOFT_RESET), "soft_reset");
	assert_string_equal(hv_end_name(HV_END_KILLED), "killed");
	assert_string_equal(hv_end_name(HV_END_SOFT_RESET + 1), "unknown");
	assert_string_equal(hv_end_name(UINT32_MAX), "unknown");
	assert_string_equal(hv_stat_kind_name(HV_STAT_BOUNCE), "bounce");
	assert_string_equal(hv_stat_kind_name(HV_STAT_KIND_MAX + 1),
			    "unknown");
	assert_string_equal(hv_stat_name(HV_STAT_EXIT, HV_EXIT_INTERRUPT),
			    "interrupt");
	assert_string_equal(hv_stat_name(HV_STAT_HYPERCALL, 18),
			    "console_io");
	assert_null(hv_stat_name(HV_STAT_HYPERCALL, 63));
	assert_null(hv_stat_name(HV_STAT_HYPERCALL, UINT32_MAX));
	assert_null(hv_stat_name(HV_STAT_EXIT, HV_EXIT_MAX + 1));
	assert_null(hv_stat_name(HV_STAT_BOUNCE, 14));
	assert_string_equal(hv_stat_kind_name(HV_STAT_FLUSH), "flush");
	assert_string_equal(hv_stat_name(HV_STAT_FLUSH, HV_FLUSHSTAT_ENTRY),
			    "entry");
	assert_string_equal(hv_stat_name(HV_STAT_FLUSH, HV_FLUSHSTAT_PAGE),
			    "page");
	assert_null(hv_stat_name(HV_STAT_FLUSH, HV_FLUSHSTAT_MAX + 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end),
		cmocka_unit_test(test_end_absent),
		cmocka_unit_test(test_end_lengths),
		cmocka_unit_test(test_end_reason_text),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_stats_broken),
		cmocka_unit_test(test_stats_too_many),
		cmocka_unit_test(test_stats_twice),
		cmocka_unit_test(test_stats_garbage),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_console_broken),
		cmocka_unit_test(test_put_load),
		cmocka_unit_test(test_put_boot),
		cmocka_unit_test(test_put_console),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("msg_guest", tests, NULL, NULL);
}
