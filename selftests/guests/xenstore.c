// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore: the xs_wire protocol on the store ring and port of start_info
 * (Xen's io/xs_wire.h, docs/misc/xenstore.txt), served by hv.
 * The harness (selftests/vm/tests/88-xenstore.sh) answers the prompts
 * "xenstore: ...: waiting for ..." with hvctl store.
 *
 * mode=main (the default):
 *  1. home: start_info's store page and port, the ring's server_features,
 *     GET_DOMAIN_PATH, the entries hv writes (domid, name, memory/target,
 *     store/port, device/, control/shutdown), relative and absolute paths.
 *  2. ops: WRITE, READ, MKDIR, DIRECTORY, DIRECTORY_PART, RM (of a
 *     subtree, of a missing node, below a missing parent), GET_PERMS,
 *     SET_PERMS (and giving the node away: refused).
 *  3. refusals: others' and the host's nodes (EACCES), the toolstack's
 *     requests (EACCES), unknown ones (ENOSYS), bad paths, a payload
 *     without its NUL, 65 components (EINVAL); 64 work.
 *  4. watches: the first event at once, events for our writes and the
 *     host's (hvctl store write), relative and absolute, a removed
 *     parent, EEXIST, UNWATCH; none after it.
 *  5. transactions: isolation, commit, abort, events at commit only,
 *     EAGAIN when the host wrote a node we read (hvctl store write while
 *     the transaction is open), unknown ids, EBUSY.
 *  6. quotas: 10 transactions (then ENOSPC), 128 watches (then E2BIG),
 *     1000 nodes (then ENOSPC), a 2048-byte node (then ENOSPC).
 *  7. flood: 100 watches on a node and 300 writes to it, sent without
 *     waiting for replies: every reply comes, events beyond what hv
 *     queues are dropped, nothing breaks.
 *  8. perms: data/shared readable by the peer domain the harness names
 *     (mode=peer checks it), then the harness says the peer is done.
 * mode=peer peer=ID: another domain's home is unreadable and unwritable,
 *     what it shared is readable only.
 * mode=badlen: a header with len 4097: the ring's error field says
 *     XENSTORE_ERROR_PROTO and the domain is not served any more.
 * mode=badidx: req_prod 2000 ahead: XENSTORE_ERROR_RINGIDX, no service.
 *
 * Result: "hvtest: xenstore: PASS".
 */
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"

#define RING_SIZE	1024
#define PAYLOAD_MAX	4096
#define WAIT_NS		(20 * NSEC_PER_SEC)
#define HOST_NS		(120 * NSEC_PER_SEC)

enum {
	XS_CONTROL, XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH,
	XS_UNWATCH, XS_TRANSACTION_START, XS_TRANSACTION_END, XS_INTRODUCE,
	XS_RELEASE, XS_GET_DOMAIN_PATH, XS_WRITE, XS_MKDIR, XS_RM,
	XS_SET_PERMS, XS_WATCH_EVENT, XS_ERROR, XS_IS_DOMAIN_INTRODUCED,
	XS_RESUME, XS_SET_TARGET, XS_RESTRICT, XS_RESET_WATCHES,
	XS_DIRECTORY_PART,
};

struct xs_ring {
	char req[RING_SIZE];
	char rsp[RING_SIZE];
	u32 req_cons, req_prod;
	u32 rsp_cons, rsp_prod;
	u32 server_features;
	u32 connection;
	u32 error;
};

struct xs_hdr {
	u32 type, req_id, tx_id, len;
};

static struct xs_ring *ring;
static u32 port, domid, req_id = 100;
static char home[64];

/* The last reply and the events that came meanwhile */
static struct xs_hdr rhdr;
static char rbuf[PAYLOAD_MAX + 1];
static u32 nr_events, nr_replies;
static char ev_path[256], ev_token[64];
static char buf[PAYLOAD_MAX + 64];

static u64 now(void)
{
	return system_time_ns();
}

/* Wait on the (masked) store port, at most @ns. */
static void wait_port(u64 ns)
{
	GUEST_ASSERT_EQ(port_wait(port, ns), 0);
}

static bool str_eq(const char *a, const char *b)
{
	return strlen(a) == strlen(b) && !memcmp(a, b, strlen(a));
}

/* Read one whole message from rsp[] if there is one; false if none. */
static bool ring_get(struct xs_hdr *h, char *out, bool wait)
{
	u32 cons = ring->rsp_cons, got = 0, want = sizeof(*h), i;
	u64 start = now();

	if (READ_ONCE(ring->rsp_prod) == cons && !wait)
		return false;
	while (got < want) {
		u32 prod = READ_ONCE(ring->rsp_prod);

		if (prod == cons) {
			if (now() - start > WAIT_NS)
				guest_fail("no reply in 20 s (got %u of %u)",
					   got, want);
			wait_port(NSEC_PER_SEC);
			continue;
		}
		barrier();
		for (i = 0; cons != prod && got < want; i++, cons++, got++) {
			char c = ring->rsp[cons % RING_SIZE];

			if (got < sizeof(*h))
				((char *)h)[got] = c;
			else
				out[got - sizeof(*h)] = c;
			if (got + 1 == sizeof(*h)) {
				GUEST_ASSERT(h->len <= PAYLOAD_MAX);
				want += h->len;
			}
		}
		barrier();
		WRITE_ONCE(ring->rsp_cons, cons);
		ev_send(port);
	}
	out[h->len] = 0;
	return true;
}

/* Count an event; remember the last one's path and token. */
static void take_event(const struct xs_hdr *h, const char *p)
{
	u32 l = strlen(p);

	GUEST_ASSERT_EQ(h->req_id, 0);
	nr_events++;
	if (l < sizeof(ev_path) && h->len - l - 1 < sizeof(ev_token)) {
		memcpy(ev_path, p, l + 1);
		memcpy(ev_token, p + l + 1, h->len - l - 1);
	}
}

/* Take what is in rsp[] now: events counted, replies counted. */
static void drain(void)
{
	struct xs_hdr h;

	while (ring_get(&h, buf, false)) {
		if (h.type == XS_WATCH_EVENT)
			take_event(&h, buf);
		else
			nr_replies++;
	}
}

/*
 * Put bytes into req[], draining rsp[] while there is no room; signal
 * the port after each piece if @signal.
 */
static void ring_write(const void *data, u32 len, bool signal)
{
	const char *p = data;
	u64 start = now();

	while (len) {
		u32 prod = ring->req_prod, room;

		room = RING_SIZE - (prod - READ_ONCE(ring->req_cons));
		if (!room) {
			if (now() - start > WAIT_NS)
				guest_fail("no room in req[] for 20 s");
			drain();
			wait_port(NSEC_PER_SEC / 10);
			continue;
		}
		while (room && len) {
			ring->req[prod++ % RING_SIZE] = *p++;
			room--;
			len--;
		}
		barrier();
		WRITE_ONCE(ring->req_prod, prod);
		if (signal)
			ev_send(port);
	}
}

static void ring_put(const void *data, u32 len)
{
	ring_write(data, len, true);
}

static void send_raw(u32 type, u32 tx, const void *p, u32 len)
{
	struct xs_hdr h = { type, ++req_id, tx, len };

	ring_put(&h, sizeof(h));
	ring_put(p, len);
}

/* A request and its reply (events before it are counted). */
static u32 call_raw(u32 type, u32 tx, const void *p, u32 len)
{
	send_raw(type, tx, p, len);
	for (;;) {
		ring_get(&rhdr, rbuf, true);
		if (rhdr.type != XS_WATCH_EVENT)
			break;
		take_event(&rhdr, rbuf);
	}
	GUEST_ASSERT_EQ(rhdr.req_id, req_id);
	GUEST_ASSERT_EQ(rhdr.tx_id, tx);
	GUEST_ASSERT(rhdr.type == type || rhdr.type == XS_ERROR);
	return rhdr.type;
}

/* @a\0 (and @b\0 if not NULL), or @a\0@value for a write */
static u32 call(u32 type, u32 tx, const char *a, const char *b)
{
	u32 la = strlen(a) + 1, lb = b ? strlen(b) + (type != XS_WRITE) : 0;

	memcpy(buf, a, la);
	if (b)
		memcpy(buf + la, b, lb);
	return call_raw(type, tx, buf, la + lb);
}

/* The reply must be the error @err ("EACCES"), or OK if @err is NULL. */
static void expect(u32 type, u32 tx, const char *a, const char *b,
		   const char *err, int line)
{
	u32 t = call(type, tx, a, b);

	if (err && (t != XS_ERROR || !str_eq(rbuf, err)))
		guest_fail("line %d: type %u %s: got %s, want %s", line, type,
			   a, t == XS_ERROR ? rbuf : "a reply", err);
	if (!err && t == XS_ERROR)
		guest_fail("line %d: type %u %s: error %s", line, type, a,
			   rbuf);
}

#define OK(t, tx, a, b)		expect(t, tx, a, b, NULL, __LINE__)
#define ERR(e, t, tx, a, b)	expect(t, tx, a, b, e, __LINE__)

/* READ must give @want */
static void read_is(u32 tx, const char *path, const char *want, int line)
{
	expect(XS_READ, tx, path, NULL, NULL, line);
	if (!str_eq(rbuf, want) || rhdr.len != strlen(want))
		guest_fail("line %d: %s is \"%s\" (%u bytes), want \"%s\"",
			   line, path, rbuf, rhdr.len, want);
}

#define READ_IS(tx, p, w)	read_is(tx, p, w, __LINE__)

/* Whether a NUL-separated list of @len bytes holds @name */
static bool list_has(const char *list, u32 len, const char *name)
{
	u32 off;

	for (off = 0; off < len; off += strlen(list + off) + 1)
		if (str_eq(list + off, name))
			return true;
	return false;
}

/* Wait until an event for @path with @token came (polls our port). */
static void wait_event(const char *path, const char *token)
{
	u64 start = now();
	struct xs_hdr h;

	while (!str_eq(ev_path, path) || !str_eq(ev_token, token)) {
		if (now() - start > HOST_NS)
			guest_fail("no event %s %s (last: %s %s)", path, token,
				   ev_path, ev_token);
		if (ring_get(&h, buf, false)) {
			GUEST_ASSERT_EQ(h.type, XS_WATCH_EVENT);
			take_event(&h, buf);
		} else {
			wait_port(NSEC_PER_SEC / 10);
		}
	}
}

/* Wait until @path reads @want (the host writes it), outside any tx. */
static void wait_value(const char *path, const char *want)
{
	u64 start = now();

	for (;;) {
		if (call(XS_READ, 0, path, NULL) == XS_READ &&
		    str_eq(rbuf, want))
			return;
		if (now() - start > HOST_NS)
			guest_fail("%s never became \"%s\"", path, want);
		wait_port(NSEC_PER_SEC / 5);
	}
}

static void setup(void)
{
	u32 pfn;

	trap_init();
	evtchn_init();
	port = start_info->store_evtchn;
	GUEST_ASSERT(start_info->store_mfn);
	GUEST_ASSERT(port > 0 && port < NR_PORTS);
	pfn = mfn_to_pfn(start_info->store_mfn);
	ring = (struct xs_ring *)(pfn << PAGE_SHIFT);
	GUEST_ASSERT(va_mapped((u32)ring));
	port_mask(port);
	GUEST_ASSERT_EQ(ring->server_features & 2, 2);
	GUEST_ASSERT_EQ(ring->error, 0);
}

/*
 * Sends from the ring-1 stack page that an iret hypercall just cached:
 * the lean EVTCHNOP_send of switch.S takes those (Linux's xenbus sends
 * from its kernel stack), and the store's port must still reach the
 * store, not be raised back on our own side.  The trap returns with the
 * iret hypercall, which caches the page of its frame; the send's port
 * word is a little further down the same stack.
 */
static void lean_sends(void)
{
	u32 ip, i;

	for (i = 0; i < 20; i++) {
		trap_reset();
		asm volatile(ASM_TRY("int $" __stringify(TRAP_TEST_DPL1))
			     : [ip] "=&r" (ip) : : "memory");
		GUEST_ASSERT_EQ(last_trap.count, 1);
		OK(XS_READ, 0, "domid", NULL);
	}
	guest_info("20 reads sent from the cached ring-1 stack page");
}

/* 1. Our home and what hv wrote there */
static void read_home(void)
{
	char num[12];
	u32 i = 0, d = 0;

	OK(XS_READ, 0, "domid", NULL);
	while (rbuf[i] >= '0' && rbuf[i] <= '9')
		d = d * 10 + (u32)(rbuf[i++] - '0');
	GUEST_ASSERT(d > 0 && d < 0x7ff0 && i == rhdr.len);
	domid = d;
	u32_to_str(num, d);
	memcpy(home, "/local/domain/", 15);
	str_cat(home, num);
	OK(XS_GET_DOMAIN_PATH, 0, num, NULL);
	GUEST_ASSERT(str_eq(rbuf, home));
	GUEST_ASSERT_EQ(rhdr.len, strlen(home) + 1);
	OK(XS_READ, 0, "name", NULL);
	guest_info("home %s, name %s, port %u", home, rbuf, port);
	OK(XS_READ, 0, "memory/target", NULL);
	guest_info("memory/target %s", rbuf);
	u32_to_str(num, port);
	READ_IS(0, "store/port", num);
	READ_IS(0, "control/shutdown", "");
	OK(XS_DIRECTORY, 0, home, NULL);
	GUEST_ASSERT(list_has(rbuf, rhdr.len, "device"));
	GUEST_ASSERT(list_has(rbuf, rhdr.len, "name"));
	GUEST_ASSERT(list_has(rbuf, rhdr.len, "control"));
}

/* An absolute path under our home in @out */
static const char *abs_path(char *out, const char *rel)
{
	memcpy(out, home, strlen(home) + 1);
	str_cat(out, "/");
	str_cat(out, rel);
	return out;
}

/* 2. The operations */
static void test_ops(void)
{
	char path[128], own[16];

	OK(XS_WRITE, 0, "data/a", "hello");
	READ_IS(0, "data/a", "hello");
	READ_IS(0, abs_path(path, "data/a"), "hello");
	OK(XS_WRITE, 0, "data/a", "");
	READ_IS(0, "data/a", "");
	OK(XS_MKDIR, 0, "data/dir/sub", NULL);
	OK(XS_MKDIR, 0, "data/dir/sub", NULL);
	OK(XS_WRITE, 0, "data/dir/x/y", "z");
	OK(XS_DIRECTORY, 0, "data/dir", NULL);
	GUEST_ASSERT_EQ(rhdr.len, 6);
	GUEST_ASSERT(list_has(rbuf, 6, "sub") && list_has(rbuf, 6, "x"));
	OK(XS_DIRECTORY_PART, 0, "data/dir", "0");
	GUEST_ASSERT(rbuf[0] >= '1' && rbuf[0] <= '9');
	GUEST_ASSERT_EQ(rhdr.len, strlen(rbuf) + 1 + 6 + 1);
	OK(XS_RM, 0, "data/dir", NULL);
	ERR("ENOENT", XS_READ, 0, "data/dir/x/y", NULL);
	ERR("ENOENT", XS_DIRECTORY, 0, "data/dir", NULL);
	OK(XS_RM, 0, "data/dir", NULL);		/* gone, parent there */
	ERR("ENOENT", XS_RM, 0, "data/no/such", NULL);

	/* Perms: ours, inherited from data/ (owner us, others none) */
	u32_to_str(own + 1, domid);
	own[0] = 'n';
	OK(XS_GET_PERMS, 0, "data/a", NULL);
	GUEST_ASSERT(str_eq(rbuf, own) && rhdr.len == strlen(own) + 1);
	memcpy(buf, "data/a\0", 7);
	memcpy(buf + 7, own, strlen(own) + 1);
	memcpy(buf + 7 + strlen(own) + 1, "r0", 3);
	GUEST_ASSERT_EQ(call_raw(XS_SET_PERMS, 0, buf,
				 7 + strlen(own) + 4), XS_SET_PERMS);
	OK(XS_GET_PERMS, 0, "data/a", NULL);
	GUEST_ASSERT_EQ(rhdr.len, strlen(own) + 4);
	/* Giving it away: Xen's EPERM, which the wire spells EINVAL */
	ERR("EINVAL", XS_SET_PERMS, 0, "data/a", "n0");
	ERR("EINVAL", XS_SET_PERMS, 0, "data/a", "x5");
	ERR("EINVAL", XS_SET_PERMS, 0, "data/a", NULL);
	ERR("EACCES", XS_SET_PERMS, 0, "name", "n0");
	READ_IS(0, "data/a", "");
}

/* 3. What a guest may not do */
static void test_refusals(void)
{
	static const u32 priv[] = {
		XS_CONTROL, XS_INTRODUCE, XS_RELEASE, XS_IS_DOMAIN_INTRODUCED,
		XS_RESUME, XS_SET_TARGET,
	};
	char path[128];
	u32 i, n;

	ERR("EACCES", XS_WRITE, 0, "name", "evil");
	ERR("EACCES", XS_WRITE, 0, "newnode", "x");
	ERR("EACCES", XS_RM, 0, "domid", NULL);
	ERR("EACCES", XS_READ, 0, "/tool/xenstored", NULL);
	ERR("EACCES", XS_WRITE, 0, "/tool/x", "1");
	ERR("EACCES", XS_DIRECTORY, 0, "/local/domain", NULL);
	ERR("EACCES", XS_DIRECTORY, 0, "/", NULL);
	ERR("EACCES", XS_READ, 0, "/local/domain/0/x", NULL);
	ERR("EACCES", XS_GET_PERMS, 0, "@releaseDomain", NULL);
	for (i = 0; i < ARRAY_SIZE(priv); i++)
		ERR("EACCES", priv[i], 0, "1", NULL);
	ERR("ENOSYS", 99, 0, "x", NULL);
	ERR("ENOSYS", XS_WATCH_EVENT, 0, "x", NULL);
	ERR("ENOSYS", XS_RESTRICT, 0, "x", NULL);
	ERR("EINVAL", XS_READ, 0, "data//a", NULL);
	ERR("EINVAL", XS_READ, 0, "data/a/", NULL);
	ERR("EINVAL", XS_READ, 0, "data/a b", NULL);
	ERR("EINVAL", XS_READ, 0, "", NULL);
	ERR("EINVAL", XS_READ, 0, "@foo", NULL);
	ERR("EINVAL", XS_GET_DOMAIN_PATH, 0, "x1", NULL);
	ERR("EINVAL", XS_TRANSACTION_END, 0, "X", NULL);
	/* Without its NUL, and with two strings where one belongs */
	GUEST_ASSERT_EQ(call_raw(XS_READ, 0, "data/a", 6), XS_ERROR);
	GUEST_ASSERT(str_eq(rbuf, "EINVAL"));
	GUEST_ASSERT_EQ(call_raw(XS_READ, 0, "data/a\0x", 9), XS_ERROR);
	GUEST_ASSERT_EQ(call_raw(XS_MKDIR, 0, "", 0), XS_ERROR);
	/* 2100 bytes: past the 2048 a relative path may have */
	memset(buf, 'p', 2100);
	buf[2100] = 0;
	GUEST_ASSERT_EQ(call_raw(XS_READ, 0, buf, 2101), XS_ERROR);
	GUEST_ASSERT(str_eq(rbuf, "EINVAL"));
	/* Depth: 64 components work, 65 do not */
	abs_path(path, "data");
	n = strlen(path);
	memcpy(buf, path, n);
	for (i = 4; i < 64; i++) {
		memcpy(buf + n, "/d", 2);
		n += 2;
	}
	buf[n] = 0;
	OK(XS_WRITE, 0, buf, "deep");
	READ_IS(0, buf, "deep");
	memcpy(buf + n, "/d", 3);
	ERR("EINVAL", XS_WRITE, 0, buf, "deeper");
	OK(XS_RM, 0, "data/d", NULL);
	ERR("ENOENT", XS_READ, 0, "data/d", NULL);
}

/* 4. Watches */
static void test_watches(void)
{
	char path[128];
	u32 before;

	OK(XS_WATCH, 0, "data/w", "tok1");
	wait_event("data/w", "tok1");		/* the first, at once */
	ERR("EEXIST", XS_WATCH, 0, "data/w", "tok1");
	OK(XS_WRITE, 0, "data/w/x", "1");
	wait_event("data/w/x", "tok1");
	OK(XS_WATCH, 0, abs_path(path, "data/abs"), "tok2");
	wait_event(path, "tok2");
	OK(XS_WRITE, 0, "data/abs/deep/er", "2");
	wait_event(abs_path(path, "data/abs/deep/er"), "tok2");

	guest_info("watch: waiting for the host to write data/w/host");
	wait_event("data/w/host", "tok1");
	READ_IS(0, "data/w/host", "from-host");

	/* A removed parent fires the watch on the path itself */
	OK(XS_WATCH, 0, "data/w/x", "tok3");
	wait_event("data/w/x", "tok3");
	OK(XS_RM, 0, "data/w", NULL);
	wait_event("data/w", "tok1");
	OK(XS_WRITE, 0, "data/probe", "1");
	drain();
	GUEST_ASSERT(!str_eq(ev_token, "tok1") || str_eq(ev_path, "data/w"));

	OK(XS_UNWATCH, 0, "data/w", "tok1");
	ERR("ENOENT", XS_UNWATCH, 0, "data/w", "tok1");
	OK(XS_UNWATCH, 0, "data/w/x", "tok3");
	OK(XS_UNWATCH, 0, abs_path(path, "data/abs"), "tok2");
	before = nr_events;
	OK(XS_WRITE, 0, "data/w/again", "1");
	OK(XS_READ, 0, "data/w/again", NULL);
	drain();
	GUEST_ASSERT_EQ(nr_events, before);
}

static u32 tx_start(void)
{
	u32 id = 0, i;

	OK(XS_TRANSACTION_START, 0, "", NULL);
	for (i = 0; rbuf[i]; i++)
		id = id * 10 + (u32)(rbuf[i] - '0');
	GUEST_ASSERT(id);
	return id;
}

/* 5. Transactions */
static void test_transactions(void)
{
	u32 t, before;

	t = tx_start();
	OK(XS_WRITE, t, "data/t/a", "in-tx");
	READ_IS(t, "data/t/a", "in-tx");
	ERR("ENOENT", XS_READ, 0, "data/t/a", NULL);
	OK(XS_DIRECTORY, t, "data/t", NULL);
	GUEST_ASSERT(str_eq(rbuf, "a"));
	OK(XS_TRANSACTION_END, t, "T", NULL);
	READ_IS(0, "data/t/a", "in-tx");
	ERR("ENOENT", XS_READ, t, "data/t/a", NULL);	/* ended */

	t = tx_start();
	OK(XS_RM, t, "data/t", NULL);
	ERR("ENOENT", XS_READ, t, "data/t/a", NULL);
	OK(XS_TRANSACTION_END, t, "F", NULL);
	READ_IS(0, "data/t/a", "in-tx");

	ERR("ENOENT", XS_READ, 12345, "data/t/a", NULL);
	t = tx_start();
	ERR("EBUSY", XS_TRANSACTION_START, t, "", NULL);

	/* Events wait for the commit */
	OK(XS_WATCH, 0, "data/tw", "tw");
	wait_event("data/tw", "tw");
	before = nr_events;
	OK(XS_WRITE, t, "data/tw/x", "1");
	OK(XS_READ, 0, "data/t/a", NULL);
	drain();
	GUEST_ASSERT_EQ(nr_events, before);
	OK(XS_TRANSACTION_END, t, "T", NULL);
	wait_event("data/tw/x", "tw");
	OK(XS_UNWATCH, 0, "data/tw", "tw");

	/* A conflict: the host writes what we read */
	OK(XS_WRITE, 0, "data/c", "v0");
	t = tx_start();
	READ_IS(t, "data/c", "v0");
	OK(XS_WRITE, t, "data/c2", "guest");
	guest_info("tx: waiting for the host to write data/c");
	wait_value("data/c", "host");
	READ_IS(t, "data/c2", "guest");
	ERR("EAGAIN", XS_TRANSACTION_END, t, "T", NULL);
	READ_IS(0, "data/c", "host");
	ERR("ENOENT", XS_READ, 0, "data/c2", NULL);
	/* The retry commits */
	t = tx_start();
	READ_IS(t, "data/c", "host");
	OK(XS_WRITE, t, "data/c", "guest");
	OK(XS_TRANSACTION_END, t, "T", NULL);
	READ_IS(0, "data/c", "guest");
	guest_info("tx: conflict EAGAIN, retry committed");
}

/* 6. Quotas */
static void test_quotas(void)
{
	char name[32], tok[8];
	u32 t[11], i, n;

	for (i = 0; i < 10; i++)
		t[i] = tx_start();
	ERR("ENOSPC", XS_TRANSACTION_START, 0, "", NULL);
	for (i = 0; i < 10; i++)
		OK(XS_TRANSACTION_END, t[i], "F", NULL);
	t[0] = tx_start();
	OK(XS_TRANSACTION_END, t[0], "F", NULL);

	for (n = 0; n < 200; n++) {
		memcpy(tok, "w", 2);
		u32_to_str(tok + 1, n);
		if (call(XS_WATCH, 0, "data/wq", tok) == XS_ERROR)
			break;
	}
	GUEST_ASSERT(str_eq(rbuf, "E2BIG"));
	GUEST_ASSERT_EQ(n, 128);
	OK(XS_RESET_WATCHES, 0, "", NULL);
	OK(XS_WATCH, 0, "data/wq", "after");
	OK(XS_RESET_WATCHES, 0, "", NULL);
	drain();

	/* 100 to a directory: a node's children count against its size */
	for (n = 0; n < 1100; n++) {
		memcpy(name, "data/q/", 8);
		u32_to_str(name + 7, n / 100);
		str_cat(name, "/n");
		u32_to_str(name + strlen(name), n % 100);
		if (call(XS_WRITE, 0, name, "v") == XS_ERROR)
			break;
	}
	GUEST_ASSERT(str_eq(rbuf, "ENOSPC"));
	guest_info("quota: %u nodes written, then ENOSPC", n);
	GUEST_ASSERT(n > 900 && n < 1000);
	OK(XS_RM, 0, "data/q", NULL);
	OK(XS_WRITE, 0, "data/q/again", "v");
	OK(XS_RM, 0, "data/q", NULL);

	memset(buf + 9, 'v', 2100);
	memcpy(buf, "data/big", 9);
	GUEST_ASSERT_EQ(call_raw(XS_WRITE, 0, buf, 9 + 2100), XS_ERROR);
	GUEST_ASSERT(str_eq(rbuf, "ENOSPC"));
	GUEST_ASSERT_EQ(call_raw(XS_WRITE, 0, buf, 9 + 2000), XS_WRITE);
	OK(XS_READ, 0, "data/big", NULL);
	GUEST_ASSERT_EQ(rhdr.len, 2000);
	GUEST_ASSERT_EQ(rbuf[1999], 'v');
	OK(XS_RM, 0, "data/big", NULL);
}

/* 7. A flood of events on a ring we do not read for a while */
static void test_flood(void)
{
	char tok[8];
	u32 i, sent = 0;

	for (i = 0; i < 100; i++) {
		memcpy(tok, "f", 2);
		u32_to_str(tok + 1, i);
		OK(XS_WATCH, 0, "data/f", tok);
	}
	drain();
	nr_replies = 0;
	nr_events = 0;
	for (i = 0; i < 300; i++, sent++)
		send_raw(XS_WRITE, 0, "data/f\0x", 8);
	while (nr_replies < sent) {
		u64 start = now();

		drain();
		if (nr_replies < sent)
			wait_port(NSEC_PER_SEC / 10);
		GUEST_ASSERT(now() - start < WAIT_NS);
	}
	guest_info("flood: %u replies, %u events for %u writes x 100 watches",
		   nr_replies, nr_events, sent);
	GUEST_ASSERT(nr_events > 0 && nr_events < 300 * 100);
	OK(XS_RESET_WATCHES, 0, "", NULL);
	OK(XS_READ, 0, "data/f", NULL);
	GUEST_ASSERT_EQ(ring->error, 0);
}

/*
 * 8. A request written without a signal, as Linux's xb_write() leaves one
 * when it thinks hv is still reading: served once we wait on the port
 * (sched_op poll), with no signal ever sent for it.
 */
static void test_unsignalled(void)
{
	struct xs_hdr h = { XS_READ, ++req_id, 0, 6 };
	u64 start = now();
	char num[12];

	drain();
	ring_write(&h, sizeof(h), false);
	ring_write("domid", 6, false);
	ring_get(&rhdr, rbuf, true);
	GUEST_ASSERT_EQ(rhdr.type, XS_READ);
	GUEST_ASSERT_EQ(rhdr.req_id, req_id);
	u32_to_str(num, domid);
	GUEST_ASSERT(str_eq(rbuf, num));
	guest_info("unsignalled: served after %u us of waiting",
		   us(now() - start));
}

/* The round trip of a READ: request, signal, hv's work item, reply */
static void time_reads(void)
{
	u64 start = now(), tsc = rdtsc();
	u32 i;

	for (i = 0; i < 200; i++)
		OK(XS_READ, 0, "domid", NULL);
	guest_info("read round trip: %u us, %u kcycles (200 reads)",
		   us(now() - start) / 200,
		   div_sat(rdtsc() - tsc, 1000) / 200);
}

static void main_mode(void)
{
	char own[16], peer[16];
	u32 l;

	read_home();
	lean_sends();
	time_reads();
	test_ops();
	test_refusals();
	test_watches();
	test_transactions();
	test_quotas();
	test_flood();
	test_unsignalled();

	OK(XS_WRITE, 0, "data/shared", "shared-value");
	guest_info("perms: waiting for the peer id in data/peer");
	{
		u64 start = now();

		while (call(XS_READ, 0, "data/peer", NULL) != XS_READ) {
			GUEST_ASSERT(now() - start < HOST_NS);
			wait_port(NSEC_PER_SEC / 5);
		}
	}
	memcpy(peer + 1, rbuf, rhdr.len + 1);
	peer[0] = 'r';
	own[0] = 'n';
	u32_to_str(own + 1, domid);
	l = strlen(own) + 1;
	memcpy(buf, "data/shared", 12);
	memcpy(buf + 12, own, l);
	memcpy(buf + 12 + l, peer, strlen(peer) + 1);
	GUEST_ASSERT_EQ(call_raw(XS_SET_PERMS, 0, buf,
				 12 + l + strlen(peer) + 1), XS_SET_PERMS);
	guest_info("perms: shared with %s; waiting for data/peer-done", peer);
	wait_value("data/peer-done", "1");
	guest_pass();
}

/* The peer: our neighbour's home is closed, what it shared readable. */
static void peer_mode(void)
{
	char path[160], num[12];
	u32 other = 0;

	read_home();
	GUEST_ASSERT(cmdline_u32("peer", &other) && other != domid);
	u32_to_str(num, other);
	memcpy(path, "/local/domain/", 15);
	str_cat(path, num);
	ERR("EACCES", XS_DIRECTORY, 0, path, NULL);
	str_cat(path, "/name");
	ERR("EACCES", XS_READ, 0, path, NULL);
	ERR("EACCES", XS_WRITE, 0, path, "stolen");
	memcpy(path + strlen(path) - 4, "data/x", 7);
	ERR("EACCES", XS_WRITE, 0, path, "x");
	ERR("EACCES", XS_READ, 0, path, NULL);
	memcpy(path + strlen(path) - 1, "shared", 7);
	READ_IS(0, path, "shared-value");
	ERR("EACCES", XS_WRITE, 0, path, "changed");
	ERR("EACCES", XS_RM, 0, path, NULL);
	ERR("EACCES", XS_SET_PERMS, 0, path, "b1");
	guest_info("peer: %s readable, the rest refused", path);
	guest_pass();
}

/* A broken ring: the error field says why, and nothing is served. */
static void broken_mode(bool badlen)
{
	u64 start = now();
	struct xs_hdr h = { XS_READ, 1, 0, 4097 };

	read_home();
	if (badlen) {
		ring_put(&h, sizeof(h));
	} else {
		WRITE_ONCE(ring->req_prod, ring->req_prod + 2000);
		ev_send(port);
	}
	while (!READ_ONCE(ring->error)) {
		GUEST_ASSERT(now() - start < WAIT_NS);
		wait_port(NSEC_PER_SEC / 10);
	}
	GUEST_ASSERT_EQ(ring->error, badlen ? 3 : 2);
	guest_info("broken: error %u", ring->error);
	/* No more service: a request gets no reply within a second */
	if (badlen) {
		h.len = 6;
		ring_put(&h, sizeof(h));
		ring_put("domid", 6);
	}
	start = now();
	while (now() - start < NSEC_PER_SEC)
		wait_port(NSEC_PER_SEC / 10);
	GUEST_ASSERT(READ_ONCE(ring->rsp_prod) == ring->rsp_cons);
	guest_pass();
}

void test_main(void)
{
	const char *m = start_info->cmd_line;

	setup();
	if (!strncmp(m, "mode=peer", 9))
		peer_mode();
	if (!strncmp(m, "mode=badlen", 11))
		broken_mode(true);
	if (!strncmp(m, "mode=badidx", 11))
		broken_mode(false);
	main_mode();
}
