// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's xenstore messages: store-read and store-dir replies and
 * store-ntf notifications as the kernel sends them, broken variants of
 * them, and the requests libhv builds.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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
	struct nl_msg *msg = nlmsg_alloc_size(65536);

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, FAMILY, 0, 0, cmd, 1));
	return msg;
}

static void test_read_reply(void **state)
{
	struct nl_msg *msg = genl_msg(HV_CMD_STORE_READ);
	struct hv_msg_store s;

	assert_int_equal(nla_put_string(msg, HV_A_STORE_PATH, "/a/b"), 0);
	assert_int_equal(nla_put(msg, HV_A_STORE_VALUE, 3, "x\0y"), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), 0);
	assert_string_equal(s.path, "/a/b");
	assert_int_equal(s.value_len, 3);
	assert_memory_equal(s.value, "x\0y", 3);
	assert_false(s.exact);
	nlmsg_free(msg);
}

static int collect(const char *name, void *arg)
{
	char *out = arg;

	strcat(out, name);
	strcat(out, ",");
	return strcmp(name, "stop") ? 0 : 42;
}

static void test_dir_reply(void **state)
{
	struct nl_msg *msg = genl_msg(HV_CMD_STORE_DIR);
	struct hv_msg_store s;
	char out[64] = "";

	assert_int_equal(nla_put_string(msg, HV_A_STORE_PATH, "/"), 0);
	assert_int_equal(nla_put(msg, HV_A_STORE_CHILDREN, 11,
				 "local\0tool\0"), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), 0);
	assert_int_equal(hv_msg_store_children(&s, collect, out), 0);
	assert_string_equal(out, "local,tool,");
	nlmsg_free(msg);

	/* An empty list, a callback that stops, a list without its NUL */
	msg = genl_msg(HV_CMD_STORE_DIR);
	assert_int_equal(nla_put_string(msg, HV_A_STORE_PATH, "/x"), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), 0);
	out[0] = 0;
	assert_int_equal(hv_msg_store_children(&s, collect, out), 0);
	assert_string_equal(out, "");
	s.children = "a\0stop\0b\0";
	s.children_len = 9;
	assert_int_equal(hv_msg_store_children(&s, collect, out), 42);
	assert_string_equal(out, "a,stop,");
	s.children = "a\0b";
	s.children_len = 3;
	assert_int_equal(hv_msg_store_children(&s, collect, out), -EPROTO);
	nlmsg_free(msg);
}

static void test_ntf(void **state)
{
	struct nl_msg *msg = genl_msg(HV_CMD_STORE_NTF);
	struct hv_msg_store s;

	assert_int_equal(nla_put_string(msg, HV_A_STORE_PATH, "/l/d/1/x"), 0);
	assert_int_equal(nla_put_flag(msg, HV_A_STORE_EXACT), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), 0);
	assert_string_equal(s.path, "/l/d/1/x");
	assert_true(s.exact);
	nlmsg_free(msg);
}

static void test_broken(void **state)
{
	struct nl_msg *msg = genl_msg(HV_CMD_STORE_NTF);
	struct hv_msg_store s;

	/* No path; a path without its NUL */
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), -EPROTO);
	assert_int_equal(nla_put(msg, HV_A_STORE_PATH, 2, "/a"), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
	msg = genl_msg(HV_CMD_STORE_NTF);
	assert_int_equal(nla_put(msg, HV_A_STORE_PATH, 0, ""), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), -EPROTO);
	nlmsg_free(msg);
}

static void test_put(void **state)
{
	static char big[HV_STORE_VALUE_MAX + 2];
	struct nl_msg *msg = genl_msg(HV_CMD_STORE_WRITE);
	struct hv_msg_store s;

	memset(big, 'p', sizeof(big) - 1);
	assert_int_equal(hv_msg_put_store(msg, NULL, NULL, 0), -EINVAL);
	assert_int_equal(hv_msg_put_store(msg, "/a", big, sizeof(big) - 1),
			 -EINVAL);
	big[HV_STORE_PATH_MAX + 1] = 0;
	assert_int_equal(hv_msg_put_store(msg, big, NULL, 0), -EINVAL);
	assert_int_equal(hv_msg_put_store(msg, "/a", "v", 1), 0);
	assert_int_equal(hv_msg_parse_store(nlmsg_hdr(msg), &s), 0);
	assert_string_equal(s.path, "/a");
	assert_int_equal(s.value_len, 1);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_reply),
		cmocka_unit_test(test_dir_reply),
		cmocka_unit_test(test_ntf),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_put),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
