// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's console follower (follow.c) against a kernel played here: a
 * console buffer with the module's read semantics, a domain whose state
 * the test sets, and a script of notifications that arrive through a
 * pipe that poll() can watch.  Checked: every byte handed on once and in
 * order, whichever way it came; the end, destruction and lost
 * notifications; input.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "listen.h"

#define FAMILY		0x20
#define ID		7
#define CHUNK		4		/* bytes per read reply: small, to split */

/* --- the kernel, played --- */

static char kbuf[256];			/* output ever written */
static uint64_t khead;			/* bytes written */
static uint64_t koldest;		/* first byte still kept */
static struct hv_domain kdom;
static int reads;

static void kernel_write(const char *s)
{
	size_t n = strlen(s);

	memcpy(kbuf + khead, s, n);
	khead += n;
}

/* The module's hv_console_read(), CHUNK bytes a reply */
int hv_console_read(struct hv *hv, const struct hv_domain_ref *ref,
		    uint64_t *offset,
		    int (*cb)(uint64_t offset, const void *data, size_t len,
			      void *arg),
		    void *arg)
{
	uint64_t from;
	size_t n;
	int err;

	assert_int_equal(ref->id, ID);
	reads++;
	for (;;) {
		from = *offset < koldest ? koldest : *offset;
		if (from > khead)
			from = khead;
		n = khead - from < CHUNK ? khead - from : CHUNK;
		if (!n)
			return 0;
		*offset = from + n;
		err = cb(from, kbuf + from, n, arg);
		if (err)
			return err;
	}
}

int hv_domain_get(struct hv *hv, const struct hv_domain_ref *ref,
		  struct hv_domain *out)
{
	if (kdom.state == HV_DOMAIN_STATE_DYING)
		return -ENOENT;
	*out = kdom;
	return 0;
}

bool hv_domain_ended(const struct hv_domain *dom)
{
	return dom->state == HV_DOMAIN_STATE_SHUTDOWN ||
	       dom->state == HV_DOMAIN_STATE_CRASHED;
}

/* --- notifications, played --- */

enum what { CONSOLE, EVENT, LOST };

struct ntf {
	enum what what;
	uint64_t offset;	/* CONSOLE: the kernel's bytes from here */
	uint64_t len;
	uint32_t state;		/* EVENT: the new state, or */
	uint32_t event;		/* HV_EVENT_DESTROYED */
	uint32_t id;
	const char *write;	/* kernel output written as it arrives */
	uint32_t kstate;	/* the domain's state from then on, if set */
};

static struct ntf script[16];
static unsigned int nr_script, next_ntf;
static int pipe_fd[2];

/* Queue a notification, with kernel output @text that comes with it */
static struct ntf *queue(enum what what, const char *text)
{
	struct ntf *n = &script[nr_script++];

	*n = (struct ntf){ .what = what, .write = text, .id = ID };
	assert_int_equal(write(pipe_fd[1], "x", 1), 1);
	return n;
}

static void queue_output(uint64_t offset, uint64_t len, const char *text)
{
	struct ntf *n = queue(CONSOLE, text);

	n->offset = offset;
	n->len = len;
}

static struct ntf *queue_state(uint32_t state, const char *text)
{
	struct ntf *n = queue(EVENT, text);

	n->state = state;
	return n;
}

static struct nl_msg *ntf_msg(const struct ntf *n)
{
	struct nl_msg *msg = nlmsg_alloc();
	uint8_t cmd = n->what == CONSOLE ? HV_CMD_CONSOLE_NTF :
					   HV_CMD_DOMAIN_NTF;

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 0, FAMILY, 0, 0, cmd, 1));
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_ID, n->id), 0);
	if (n->what == CONSOLE) {
		assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_CONSOLE_OFFSET,
					     n->offset), 0);
		assert_int_equal(nla_put(msg, HV_A_DOMAIN_CONSOLE_DATA, n->len,
					 kbuf + n->offset), 0);
		return msg;
	}
	assert_int_equal(nla_put_string(msg, HV_A_DOMAIN_NAME, "web"), 0);
	assert_int_equal(nla_put_u64(msg, HV_A_DOMAIN_MEMORY, 16 << 20), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_STATE, n->state), 0);
	assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_EVENT,
				     n->event ?: HV_EVENT_STATE_CHANGED), 0);
	if (n->state == HV_DOMAIN_STATE_SHUTDOWN)
		assert_int_equal(nla_put_u32(msg, HV_A_DOMAIN_END,
					     HV_END_REBOOT), 0);
	return msg;
}

int hv_listen_open(struct hv *hv, struct hv_listener *l,
		   const char *const *groups, size_t nr_groups,
		   const struct hv_listen_ops *ops)
{
	*l = (struct hv_listener){ .hv = hv, .fn = ops->fn, .arg = ops->arg };
	return 0;
}

int hv_listen_fd(const struct hv_listener *l)
{
	return pipe_fd[0];
}

int hv_listen_read(struct hv_listener *l)
{
	const struct ntf *n;
	struct nl_msg *msg;
	char c;
	int ret;

	assert_int_equal(read(pipe_fd[0], &c, 1), 1);
	assert_true(next_ntf < nr_script);
	n = &script[next_ntf++];
	if (n->write)
		kernel_write(n->write);
	if (n->kstate)
		kdom.state = n->kstate;
	if (n->what == LOST)
		return -ENOBUFS;
	msg = ntf_msg(n);
	ret = l->fn(nlmsg_hdr(msg), l->arg);
	nlmsg_free(msg);
	return ret;
}

void hv_listen_close(struct hv_listener *l)
{
}

/* --- the follower's side --- */

static char out[256];
static size_t out_len;
static struct hv hv;
static struct hv_domain dom;

static int output(const void *data, size_t len, void *arg)
{
	assert_true(out_len + len < sizeof(out));
	memcpy(out + out_len, data, len);
	out_len += len;
	out[out_len] = '\0';
	return 0;
}

static struct hv_console_follow f = { .output = output, .input_fd = -1 };

static int setup(void **state)
{
	memset(kbuf, 0, sizeof(kbuf));
	khead = 0;
	koldest = 0;
	reads = 0;
	kdom = (struct hv_domain){ .id = ID, .state = HV_DOMAIN_STATE_RUNNING };
	strcpy(kdom.name, "web");
	nr_script = 0;
	next_ntf = 0;
	out_len = 0;
	out[0] = '\0';
	f.input_fd = -1;
	f.input = NULL;
	assert_int_equal(pipe(pipe_fd), 0);
	return 0;
}

static int teardown(void **state)
{
	close(pipe_fd[0]);
	close(pipe_fd[1]);
	return 0;
}

static int follow(void)
{
	struct hv_domain_ref ref = { .name = "web" };

	return hv_console_follow(&hv, &ref, &f, &dom);
}

static void test_buffer_then_new(void **state)
{
	kernel_write("hello ");
	/* "world" arrives after the buffer was read, notified */
	queue_output(6, 5, "world");
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "hello world");
	assert_int_equal(dom.state, HV_DOMAIN_STATE_SHUTDOWN);
	assert_int_equal(dom.end, HV_END_REBOOT);
}

static void test_no_duplicates(void **state)
{
	/* Notified while we listened, and also in the buffer we read */
	kernel_write("abcdefgh");
	queue_output(0, 3, NULL);
	queue_output(3, 5, NULL);
	queue_output(6, 4, "ij");
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "abcdefghij");
}

static void test_gap_filled(void **state)
{
	/* Output came in a burst; the notification has only its end */
	queue_output(10, 2, "0123456789ab");
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "0123456789ab");
}

static void test_last_words(void **state)
{
	/* Written before the end, never notified: the final read has it */
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, "bye");
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "bye");
}

static void test_lost(void **state)
{
	kernel_write("one ");
	queue(LOST, "two ");
	/* What the lost notifications said: read again from the source */
	queue_output(8, 5, "three");
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "one two three");
}

static void test_lost_end(void **state)
{
	/* The end came while notifications were lost */
	queue(LOST, "oops")->kstate = HV_DOMAIN_STATE_CRASHED;
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "oops");
	assert_int_equal(dom.state, HV_DOMAIN_STATE_CRASHED);
}

static void test_overwritten(void **state)
{
	/* The oldest output was overwritten before we came */
	kernel_write("lostkept");
	koldest = 4;
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "kept");
}

static void test_other_domains(void **state)
{
	kernel_write("mine");
	queue_output(0, 4, NULL);
	script[nr_script - 1].id = ID + 1;
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL)->id = ID + 1;
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "mine");
	assert_int_equal(next_ntf, 3);
}

static void test_already_ended(void **state)
{
	kernel_write("all of it");
	kdom.state = HV_DOMAIN_STATE_CRASHED;
	assert_int_equal(follow(), 0);
	assert_string_equal(out, "all of it");
	assert_int_equal(dom.state, HV_DOMAIN_STATE_CRASHED);
	/* No waiting: the buffer, and the look for last words */
	assert_int_equal(next_ntf, 0);
	assert_int_equal(reads, 2);
}

static void test_destroyed(void **state)
{
	struct ntf *n;

	kernel_write("x");
	n = queue_state(HV_DOMAIN_STATE_DYING, NULL);
	n->event = HV_EVENT_DESTROYED;
	n->kstate = HV_DOMAIN_STATE_DYING;
	assert_int_equal(follow(), -ENOENT);
	assert_string_equal(out, "x");
	assert_non_null(strstr(hv_errmsg(&hv), "destroyed"));
}

static int typed;

static int input(int fd, void *arg)
{
	char buf[16];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n <= 0) {
		f.input_fd = -1;
		return 0;
	}
	typed += n;
	return buf[0] == 'q' ? 42 : 0;
}

static void test_input(void **state)
{
	int in[2];

	assert_int_equal(pipe(in), 0);
	f.input = input;
	f.input_fd = in[0];
	assert_int_equal(write(in[1], "ab", 2), 2);
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_int_equal(typed, 2);

	/* The end of input is not the end of the console */
	close(in[1]);
	queue_state(HV_DOMAIN_STATE_SHUTDOWN, NULL);
	assert_int_equal(follow(), 0);
	assert_int_equal(f.input_fd, -1);
	close(in[0]);

	/* A callback that says stop stops it all */
	assert_int_equal(pipe(in), 0);
	f.input_fd = in[0];
	assert_int_equal(write(in[1], "q", 1), 1);
	assert_int_equal(follow(), 42);
	close(in[0]);
	close(in[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		TEST(test_buffer_then_new),
		TEST(test_no_duplicates),
		TEST(test_gap_filled),
		TEST(test_last_words),
		TEST(test_lost),
		TEST(test_lost_end),
		TEST(test_overwritten),
		TEST(test_other_domains),
		TEST(test_already_ended),
		TEST(test_destroyed),
		TEST(test_input),
#undef TEST
	};

	return cmocka_run_group_tests_name("follow", tests, NULL, NULL);
}
