// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: random and mutated requests to the "hv" generic netlink family,
 * on raw netlink sockets (no libnl: the fuzzer must be able to send what no
 * library would build).
 *
 *   nl_fuzz [-s SEED] [-p POOL] [-v] COUNT
 *
 * Sends COUNT messages built from the spec's operations, each mutated or
 * not: bad attribute types and lengths, missing and repeated attributes,
 * huge values, nested garbage, unknown commands and families, truncated
 * netlink and genetlink headers, bad flags, several messages in one send,
 * dumps left midway (socket closed, or another request sent while the dump
 * runs) and multicast joins.  The PRNG seed is printed; the same seed gives
 * the same messages.
 *
 * After every send a NOOP request with NLM_F_ACK marks the end of the
 * replies, so a message the kernel drops silently costs nothing.  The
 * fuzzer predicts from the bytes it sent what the netlink core does with
 * each message and checks each answer:
 *
 * - an error from hv itself (the message reached a handler) carries an
 *   extended-ACK message (NLMSGERR_ATTR_MSG);
 * - errors the netlink core returns before hv sees the message may come
 *   without one, but must be the predicted errno: ENOENT (no family with
 *   that id), EINVAL (nlmsg_len too short for the genetlink header),
 *   EOPNOTSUPP (no such command, or a dump of a command without one),
 *   EPERM (GENL_ADMIN_PERM, unprivileged caller) and EBUSY (a dump request
 *   on a socket whose dump still runs);
 * - run by a user without CAP_NET_ADMIN, every state-changing command that
 *   reaches the permission check is refused with EPERM, and joining the
 *   console group is refused with EPERM.
 *
 * As root it first creates POOL (default 64) small domains, enough that a
 * dump spans several messages, and at the end destroys every domain that
 * did not exist when it started.  Exits 0 only if every check held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/hv.h>

#define BUF_SIZE	(256 * 1024)
#define MAX_DOMS	256
#define MAX_BATCH	3
#define SYNC_SEQ	0x80000000u
#define REPORT_MAX	20
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif

/* ---- PRNG (xorshift64*): the seed reproduces the run ---- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() >> 32) % n : 0;
}

/* True with probability @pct percent. */
static int chance(unsigned int pct)
{
	return rnd(100) < pct;
}

/* ---- what the fuzzer knows of the kernel side ---- */

static int family;			/* hv's id */
static int grp_events, grp_console;	/* multicast group ids */
static uint16_t families[64];		/* every family id that exists */
static int nr_families;
static int privileged;

struct dom {
	uint32_t id;
	char name[HV_DOMAIN_NAME_MAX + 1];
};

static struct dom doms[MAX_DOMS];	/* the domains at the last listing */
static int nr_doms;
static struct dom initial[MAX_DOMS];	/* before the fuzzer started */
static int nr_initial;

/* ---- counters and failures ---- */

static struct {
	unsigned long sent;		/* fuzz messages */
	unsigned long sends;		/* sendmsg calls with fuzz */
	unsigned long dispatched;	/* messages hv's handlers saw */
	unsigned long acked;		/* success */
	unsigned long hv_err;		/* errors from hv, all with a message */
	unsigned long core_err[6];	/* by class, see core_name[] */
	unsigned long core_msg;		/* core errors that had a message */
	unsigned long dropped;		/* silently dropped by the core */
	unsigned long not_req;		/* no NLM_F_REQUEST or control type */
	unsigned long dumps;		/* dumps left midway */
	unsigned long joins;		/* multicast joins */
	unsigned long created;		/* domains fuzz requests created */
	unsigned long eperm;		/* EPERM for the unprivileged */
	unsigned long failures;
} st;

enum { CORE_NONE, CORE_FAMILY, CORE_HDR, CORE_CMD, CORE_PERM, CORE_BUSY };
static const char *const core_name[] = {
	"-", "no such family (ENOENT)", "short genetlink header (EINVAL)",
	"unknown command or dump (EOPNOTSUPP)",
	"GENL_ADMIN_PERM (EPERM)", "dump already running (EBUSY)",
};

static const int core_errno[] = { 0, ENOENT, EINVAL, EOPNOTSUPP, EPERM,
				  EBUSY };

static unsigned long msg_index;		/* of the message being sent */

static void fail(const char *fmt, ...)
{
	va_list ap;

	st.failures++;
	if (st.failures > REPORT_MAX)
		return;
	printf("FAIL message %lu: ", msg_index);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- message building ---- */

struct buf {
	unsigned char *p;
	size_t len;
};

static void *put(struct buf *b, const void *data, size_t len)
{
	void *at = b->p + b->len;

	if (b->len + NLA_ALIGN(len) > BUF_SIZE / 2)
		return NULL;
	if (data)
		memcpy(at, data, len);
	else
		memset(at, 0, len);
	memset((char *)at + len, 0, NLA_ALIGN(len) - len);
	b->len += NLA_ALIGN(len);
	return at;
}

static void put_attr(struct buf *b, uint16_t type, const void *data,
		     size_t len)
{
	struct nlattr *a;

	if (len > 0xffff - NLA_HDRLEN)
		len = 0xffff - NLA_HDRLEN;
	a = put(b, NULL, NLA_HDRLEN);
	if (!a || !put(b, data, len)) {
		if (a)
			b->len -= NLA_HDRLEN;
		return;
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
}

static size_t nest_start(struct buf *b, uint16_t type)
{
	size_t at = b->len;
	struct nlattr *a = put(b, NULL, NLA_HDRLEN);

	if (a)
		a->nla_type = type;
	return at;
}

static void nest_end(struct buf *b, size_t at)
{
	((struct nlattr *)(b->p + at))->nla_len = b->len - at;
}

static void fill_random(void *p, size_t len)
{
	unsigned char *c = p;

	while (len--)
		*c++ = rnd(256);
}

/* A length near @good, usually @good itself. */
static size_t fuzz_len(size_t good)
{
	static const size_t odd[] = { 0, 1, 2, 3, 5, 7, 8, 12, 16 };

	if (!chance(8))
		return good;
	return chance(70) ? odd[rnd(ARRAY_SIZE(odd))] :
			    rnd(64);
}

static void put_uint(struct buf *b, uint16_t type, uint64_t v, size_t good)
{
	unsigned char data[64] = { 0 };
	size_t len = fuzz_len(good);

	memcpy(data, &v, sizeof(v));
	if (len > sizeof(v))
		fill_random(data + sizeof(v), len - sizeof(v));
	put_attr(b, type, data, len);
}

static uint32_t fuzz_id(void)
{
	static const uint32_t odd[] = { 0, 1, HV_DOMID_MAX, HV_DOMID_MAX + 1,
					0xffffffff, 0x80000000 };

	if (nr_doms && chance(75))
		return doms[rnd(nr_doms)].id;
	return chance(50) ? odd[rnd(ARRAY_SIZE(odd))] : (uint32_t)rnd64();
}

static void put_name(struct buf *b)
{
	static const char set[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	char name[64];
	size_t len;
	int i;

	if (nr_doms && chance(60)) {
		const char *known = doms[rnd(nr_doms)].name;

		put_attr(b, HV_A_DOMAIN_NAME, known, strlen(known) + 1);
		return;
	}
	if (chance(60)) {		/* a new, valid name */
		len = snprintf(name, sizeof(name), "fz%x", rnd(4096));
		put_attr(b, HV_A_DOMAIN_NAME, name, len + 1);
		return;
	}
	len = rnd(40);
	for (i = 0; i < (int)len; i++)
		name[i] = chance(80) ? set[rnd(sizeof(set) - 1)] :
					 (char)rnd(256);
	name[len] = 0;
	/* Sometimes without the NUL, sometimes longer than the string. */
	put_attr(b, HV_A_DOMAIN_NAME, name,
		 chance(20) ? len : chance(10) ? len + 1 + rnd(8) : len + 1);
}

static void put_ref(struct buf *b)
{
	int which = rnd(10);

	if (which < 5) {
		put_uint(b, HV_A_DOMAIN_ID, fuzz_id(), 4);
	} else if (which < 9) {
		put_name(b);
	} else if (chance(50)) {	/* both */
		put_uint(b, HV_A_DOMAIN_ID, fuzz_id(), 4);
		put_name(b);
	}				/* else neither */
}

static void put_memory(struct buf *b)
{
	static const uint64_t odd[] = {
		0, 1, 4096, (4 << 20) - 4096, (4 << 20) + 1, 16ULL << 30,
		(16ULL << 30) + 4096, 1ULL << 63, ~0ULL, ~4095ULL,
	};
	uint64_t v;

	if (chance(60))
		v = (uint64_t)(4 + 4 * rnd(4)) << 20;	/* 4..16 MiB */
	else if (chance(60))
		v = odd[rnd(ARRAY_SIZE(odd))];
	else
		v = rnd64() >> rnd(64);
	put_uint(b, HV_A_DOMAIN_MEMORY, v, 8);
}

static uint32_t fuzz_pfn(void)
{
	static const uint32_t odd[] = { 0, 1, 1023, 1024, 4095, 4096,
					0xfffff, 0xffffffff, 0x7fffffff };

	return chance(60) ? rnd(1100) : odd[rnd(ARRAY_SIZE(odd))];
}

static void put_data(struct buf *b, uint16_t type, size_t max)
{
	static unsigned char data[40000];
	size_t sizes[] = { 0, 1, 100, 4095, 4096, max, max + 1,
			   rnd(max + 2), 40000 };
	size_t len = sizes[rnd(ARRAY_SIZE(sizes))];

	if (chance(50))
		fill_random(data, len < 256 ? len : 256);
	else
		memset(data, 0, len < 256 ? len : 256);
	put_attr(b, type, data, len);
}

static void put_garbage_nest(struct buf *b, int depth);

/* Attributes no operation takes, or takes in another form. */
static void put_garbage(struct buf *b, int depth)
{
	unsigned char data[64];
	uint16_t type;
	size_t len = rnd(sizeof(data));

	if (depth < 4 && chance(25)) {
		put_garbage_nest(b, depth + 1);
		return;
	}
	type = chance(50) ? rnd(HV_A_DOMAIN_MAX + 4) : (uint16_t)rnd(65536);
	fill_random(data, len);
	put_attr(b, type, data, len);
}

static void put_garbage_nest(struct buf *b, int depth)
{
	size_t at = nest_start(b, rnd(HV_A_DOMAIN_MAX + 4) |
				  (chance(80) ? NLA_F_NESTED : 0));
	int i, n = rnd(4);

	for (i = 0; i < n; i++)
		put_garbage(b, depth);
	nest_end(b, at);
}

static void put_boot(struct buf *b)
{
	static const uint32_t odd[] = { 0, 1, 0xffffffff, 0xf5800000,
					0xf57fffff, 0x100000, 1023, 1024 };
	size_t at = nest_start(b, HV_A_DOMAIN_BOOT |
				  (chance(95) ? NLA_F_NESTED : 0));
	uint16_t type;
	int i;

	for (i = 1; i <= HV_A_BOOT_MAX + 1; i++) {
		if (chance(15))
			continue;
		type = chance(95) ? (uint16_t)i : rnd(64);
		put_uint(b, type, chance(60) ? rnd(1100) : odd[rnd(ARRAY_SIZE(odd))], 4);
		if (chance(3))		/* repeated */
			put_uint(b, type, rnd(1100), 4);
	}
	if (chance(10))
		put_garbage(b, 1);
	nest_end(b, at);
}

/*
 * A disk: the fuzzer's own descriptors (its standard streams, its netlink
 * sockets: hv takes only regular files and block devices) or none at
 * all, virtual-device numbers valid and not, the read-only flag.
 */
static void put_disk(struct buf *b)
{
	static const uint32_t vdev[] = { 202 << 8, 202 << 8 | 16, 0, 1,
					 HV_DISK_VDEV_MAX, 0xffffffff };
	size_t at = nest_start(b, HV_A_DOMAIN_DISK |
				  (chance(95) ? NLA_F_NESTED : 0));

	if (chance(90))
		put_uint(b, HV_A_DISK_FD, chance(80) ? rnd(8) : rnd64(), 4);
	if (chance(70))
		put_uint(b, HV_A_DISK_VDEV, chance(50) ? rnd(1 << 16) :
			 vdev[rnd(ARRAY_SIZE(vdev))], 4);
	if (chance(30))
		put_attr(b, HV_A_DISK_READONLY, NULL, 0);
	if (chance(10))
		put_uint(b, HV_A_DISK_SECTORS, rnd64(), 8);
	if (chance(10))
		put_garbage(b, 1);
	nest_end(b, at);
}

/*
 * A xenstore path: mostly under /fuzz (92-fuzz.sh removes it after), some
 * broken (relative, bad characters, "//", no NUL, too long).
 */
static void put_store_path(struct buf *b)
{
	static const char set[] = "abcXYZ019_-@/ .%";
	char path[HV_STORE_PATH_MAX + 64];
	size_t len, i;

	if (chance(10)) {
		put_data(b, HV_A_STORE_PATH, HV_STORE_PATH_MAX);
		return;
	}
	len = snprintf(path, sizeof(path), "%s", chance(80) ? "/fuzz/" : "");
	for (i = rnd(chance(90) ? 24 : HV_STORE_PATH_MAX + 8); i; i--)
		path[len++] = chance(80) ? set[rnd(3) + 3 * rnd(3)] :
					   set[rnd(sizeof(set) - 1)];
	path[len] = 0;
	if (len && path[len - 1] == '/' && chance(90))
		path[--len] = 0;
	put_attr(b, HV_A_STORE_PATH, path, len + (chance(95) ? 1 : 0));
}

/* The request attributes of @cmd, as the spec lists them, fuzzed. */
static void put_request(struct buf *b, int cmd)
{
	int i, n;

	switch (cmd) {
	case HV_CMD_DOMAIN_NEW:
		if (chance(90))
			put_name(b);
		if (chance(90))
			put_memory(b);
		break;
	case HV_CMD_DOMAIN_LOAD:
		put_ref(b);
		if (chance(90))
			put_uint(b, HV_A_DOMAIN_LOAD_PFN, fuzz_pfn(), 4);
		if (chance(90))
			put_data(b, HV_A_DOMAIN_LOAD_DATA, HV_LOAD_MAX);
		break;
	case HV_CMD_DOMAIN_START:
		put_ref(b);
		if (chance(90))
			put_boot(b);
		if (chance(30))
			put_attr(b, HV_A_DOMAIN_PAUSED, "\1\0\0\0",
				 chance(90) ? 0 : 4);
		break;
	case HV_CMD_CONSOLE_READ:
		put_ref(b);
		if (chance(60))
			put_uint(b, HV_A_DOMAIN_CONSOLE_OFFSET,
				 chance(50) ? rnd(8192) : rnd64(), 8);
		break;
	case HV_CMD_CONSOLE_WRITE:
		put_ref(b);
		if (chance(90))
			put_data(b, HV_A_DOMAIN_CONSOLE_DATA,
				 HV_CONSOLE_WRITE_MAX);
		break;
	case HV_CMD_STORE_READ:
	case HV_CMD_STORE_RM:
	case HV_CMD_STORE_DIR:
		if (chance(95))
			put_store_path(b);
		break;
	case HV_CMD_STORE_WRITE:
		if (chance(95))
			put_store_path(b);
		if (chance(90))
			put_data(b, HV_A_STORE_VALUE, HV_STORE_VALUE_MAX);
		break;
	case HV_CMD_DISK_ADD:
		put_ref(b);
		if (chance(90))
			put_disk(b);
		break;
	case HV_CMD_VCPU_TRACE:
		put_ref(b);
		if (chance(60))
			put_uint(b, HV_A_DOMAIN_TRACE_SEQ,
				 chance(50) ? rnd(8192) : rnd64(), 8);
		break;
	default:			/* get, del, pause, resume, regs, ... */
		if (chance(90))
			put_ref(b);
		break;
	}
	if (chance(25)) {
		n = 1 + rnd(3);
		for (i = 0; i < n; i++)
			put_garbage(b, 0);
	}
}

/* A family id that does not exist. */
static uint16_t absent_family(void)
{
	uint16_t id;
	int i;

again:
	id = GENL_MIN_ID + rnd(chance(50) ? 64 : 65536 - GENL_MIN_ID);
	for (i = 0; i < nr_families; i++)
		if (families[i] == id)
			goto again;
	return id;
}

static const uint8_t admin_cmds[] = {
	HV_CMD_DOMAIN_NEW, HV_CMD_DOMAIN_DEL, HV_CMD_DOMAIN_LOAD,
	HV_CMD_DOMAIN_START, HV_CMD_DOMAIN_PAUSE, HV_CMD_DOMAIN_RESUME,
	HV_CMD_CONSOLE_READ, HV_CMD_CONSOLE_WRITE, HV_CMD_VCPU_REGS,
	HV_CMD_VCPU_TRACE, HV_CMD_STORE_READ, HV_CMD_STORE_WRITE,
	HV_CMD_STORE_RM, HV_CMD_STORE_DIR, HV_CMD_DISK_ADD,
};

static int is_admin(uint8_t cmd)
{
	return !!memchr(admin_cmds, cmd, sizeof(admin_cmds));
}

/* hv's ops table (netlink_gen.c): every op has a doit, only get a dump. */
static int has_op(uint8_t cmd)
{
	return cmd == HV_CMD_DOMAIN_GET || is_admin(cmd);
}

/* One request, appended to @b; returns its offset. */
static size_t build_one(struct buf *b, uint32_t seq)
{
	size_t at = b->len;
	struct nlmsghdr *nlh = put(b, NULL, NLMSG_HDRLEN);
	struct genlmsghdr *g = put(b, NULL, GENL_HDRLEN);
	int cmd;

	if (chance(92))
		cmd = HV_CMD_DOMAIN_NEW + rnd(HV_CMD_MAX);
	else
		cmd = chance(50) ? 0 : rnd(256);
	nlh->nlmsg_type = chance(97) ? family : absent_family();
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = chance(95) ? HV_FAMILY_VERSION : rnd(256);
	g->reserved = chance(98) ? 0 : rnd(65536);
	if (chance(8))
		nlh->nlmsg_flags |= NLM_F_DUMP;
	if (chance(3))
		nlh->nlmsg_flags |= NLM_F_ECHO;
	if (chance(6))
		nlh->nlmsg_flags ^= 1 << rnd(16);
	if (chance(5))
		nlh->nlmsg_flags &= ~NLM_F_ACK;
	if (chance(2))
		nlh->nlmsg_type = rnd(NLMSG_MIN_TYPE);	/* control types */
	put_request(b, chance(95) ? (uint32_t)cmd : rnd(256));
	nlh = (struct nlmsghdr *)(b->p + at);
	nlh->nlmsg_len = b->len - at;

	/* Flip bytes of the attributes (never the headers: see above). */
	if (chance(10) && b->len - at > NLMSG_HDRLEN + GENL_HDRLEN) {
		size_t span = b->len - at - NLMSG_HDRLEN - GENL_HDRLEN;
		int i, n = 1 + rnd(4);

		for (i = 0; i < n; i++)
			b->p[at + NLMSG_HDRLEN + GENL_HDRLEN + rnd(span)] ^=
				1 << rnd(8);
	}
	/* A wrong length: short of the headers, or of the attributes. */
	if (chance(4)) {
		switch (rnd(4)) {
		case 0:
			nlh->nlmsg_len = rnd(NLMSG_HDRLEN);
			break;
		case 1:
			nlh->nlmsg_len = NLMSG_HDRLEN + rnd(GENL_HDRLEN);
			break;
		case 2:
			nlh->nlmsg_len = rnd(nlh->nlmsg_len + 1);
			break;
		default:
			nlh->nlmsg_len += 1 + rnd(64);
			break;
		}
	}
	return at;
}

/* ---- what the core does with what we sent (netlink_rcv_skb) ---- */

struct expect {
	uint32_t seq;
	int replied;		/* an ack or an error arrived */
	int dispatched;		/* reached one of hv's handlers */
	int core;		/* CORE_*: the core refuses it, no message needed */
	int msg_needed;		/* an error must carry a message */
	int must_answer;	/* an error must come (unprivileged) */
	int dump;		/* a dump request: wait for its end */
	uint8_t cmd;
};

static int is_family(uint16_t type)
{
	int i;

	for (i = 0; i < nr_families; i++)
		if (families[i] == type)
			return 1;
	return 0;
}

static int predict(const unsigned char *p, size_t len, struct expect *ex,
		   int dump_running)
{
	int n = 0;

	while (len >= NLMSG_HDRLEN && n < MAX_BATCH * 2) {
		const struct nlmsghdr *nlh = (const void *)p;
		const struct genlmsghdr *g = (const void *)(p + NLMSG_HDRLEN);
		struct expect *e = &ex[n];
		uint16_t flags = nlh->nlmsg_flags;
		size_t next;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || len < nlh->nlmsg_len) {
			st.dropped++;
			break;
		}
		memset(e, 0, sizeof(*e));
		e->seq = nlh->nlmsg_seq;
		e->cmd = len >= NLMSG_HDRLEN + 1 ? g->cmd : 0;
		if (!(flags & NLM_F_REQUEST) ||
		    nlh->nlmsg_type < NLMSG_MIN_TYPE) {
			st.not_req++;
			e->core = -1;		/* at most an ack */
		} else if (nlh->nlmsg_type != family &&
			   is_family(nlh->nlmsg_type)) {
			e->core = -2;		/* garbage after a short length */
		} else if (nlh->nlmsg_type != family) {
			e->core = CORE_FAMILY;
		} else if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
			e->core = CORE_HDR;
		} else if (g->reserved ||
			   ((flags & NLM_F_DUMP) == NLM_F_DUMP ?
			    flags & ~NLM_F_DUMP : flags) &
			   ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
			e->msg_needed = 1;	/* genl_header_check() */
		} else if (!has_op(g->cmd)) {
			e->core = CORE_CMD;
		} else if (is_admin(g->cmd) && !privileged) {
			e->core = CORE_PERM;
			e->must_answer = 1;
		} else if ((flags & NLM_F_DUMP) == NLM_F_DUMP &&
			   g->cmd != HV_CMD_DOMAIN_GET) {
			e->core = CORE_CMD;
		} else if ((flags & NLM_F_DUMP) == NLM_F_DUMP &&
			   dump_running) {
			e->core = CORE_BUSY;
			/* or the attributes were refused first */
		} else {
			e->dispatched = 1;
			e->msg_needed = 1;
		}
		/* Not for a message the core only acks, maybe not at all. */
		if ((flags & NLM_F_DUMP) == NLM_F_DUMP &&
		    nlh->nlmsg_type == family && e->core >= 0)
			e->dump = 1;
		/*
		 * A dump that does not fit in one message is still running
		 * when the next request of the batch arrives: a second dump
		 * then gets the core's EBUSY (or runs, if the first ended).
		 */
		if (e->dump && e->dispatched)
			dump_running = 1;
		n++;
		next = NLMSG_ALIGN(nlh->nlmsg_len);
		if (next > len)
			next = len;
		p += next;
		len -= next;
	}
	return n;
}

/* ---- sockets ---- */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, size = BUF_SIZE;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nl_fuzz: netlink socket");
		exit(2);
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

static int nl_send(int fd, const void *p, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, p, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		/* Too big for the socket, or empty (a truncated send). */
		if (errno == EMSGSIZE || errno == ENOBUFS || errno == ENODATA)
			return -errno;
		perror("nl_fuzz: send");
		exit(2);
	}
	return 0;
}

static int nl_sync_send(int fd)
{
	struct nlmsghdr nlh = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = SYNC_SEQ,
	};

	return nl_send(fd, &nlh, sizeof(nlh));
}

static unsigned char rxbuf[BUF_SIZE];

/* The extended-ACK message of an error, or NULL. */
static const char *ack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e), end = nlh->nlmsg_len - NLMSG_HDRLEN;
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	while (off + NLA_HDRLEN <= end) {
		a = (const void *)((const char *)e + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    a->nla_len > NLA_HDRLEN + 1)
			return (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

typedef void (*reply_fn)(const struct nlmsghdr *nlh, void *arg);
typedef int (*done_fn)(void *arg);

/*
 * Read until the ack of the sync request and until @done says so; hand
 * every other message to @fn.  Returns 0, or -1 when nothing came for a
 * long time.
 */
static int nl_recv_until_sync(int fd, reply_fn fn, done_fn done, void *arg)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *nlh;
	int synced = 0;
	ssize_t len;

	for (;;) {
		if (synced && done(arg))
			return 0;
		if (poll(&pfd, 1, 10000) != 1)
			return -1;
		len = recv(fd, rxbuf, sizeof(rxbuf), MSG_TRUNC);
		if (len < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			perror("nl_fuzz: recv");
			exit(2);
		}
		if ((size_t)len > sizeof(rxbuf)) {
			fail("reply of %zd bytes truncated", len);
			continue;
		}
		for (nlh = (void *)rxbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_seq == SYNC_SEQ)
				synced = 1;
			else
				fn(nlh, arg);
		}
	}
}

/* ---- listing and housekeeping (valid requests) ---- */

static void on_listing(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;
	struct dom d = { 0 };
	int rem;

	(void)arg;
	if (nlh->nlmsg_type != family || nr_doms >= MAX_DOMS)
		return;
	a = (const void *)((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if (a->nla_type == HV_A_DOMAIN_ID)
			memcpy(&d.id, (const char *)a + NLA_HDRLEN, 4);
		if (a->nla_type == HV_A_DOMAIN_NAME)
			snprintf(d.name, sizeof(d.name), "%s",
				 (const char *)a + NLA_HDRLEN);
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	if (d.id)
		doms[nr_doms++] = d;
}

static void list_domains(int fd)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.g = { .cmd = HV_CMD_DOMAIN_GET, .version = 1 },
	};

	int done = 0;

	nr_doms = 0;
	nl_send(fd, &req, sizeof(req));
	nl_sync_send(fd);
	/* The dump's parts come while we read; wait for its end first. */
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t len = recv(fd, rxbuf, sizeof(rxbuf), 0);

		if (len < 0) {
			perror("nl_fuzz: list");
			exit(2);
		}
		for (nlh = (void *)rxbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq == SYNC_SEQ)
				done |= 1;
			else if (nlh->nlmsg_type == NLMSG_DONE ||
				 nlh->nlmsg_type == NLMSG_ERROR)
				done |= 2;
			else
				on_listing(nlh, NULL);
		}
		if (done == 3)
			break;
	}
}

/* A valid request: 0 or the negative errno. */
static int simple(int fd, int cmd, uint32_t id, const char *name,
		  uint64_t memory)
{
	unsigned char p[256];
	struct buf b = { .p = p };
	struct nlmsghdr *nlh = put(&b, NULL, NLMSG_HDRLEN);
	struct genlmsghdr *g = put(&b, NULL, GENL_HDRLEN);
	int err = 1;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 2;
	g->cmd = cmd;
	g->version = HV_FAMILY_VERSION;
	if (id)
		put_attr(&b, HV_A_DOMAIN_ID, &id, 4);
	if (name)
		put_attr(&b, HV_A_DOMAIN_NAME, name, strlen(name) + 1);
	if (memory)
		put_attr(&b, HV_A_DOMAIN_MEMORY, &memory, 8);
	nlh->nlmsg_len = b.len;
	nl_send(fd, p, b.len);
	nl_sync_send(fd);
	for (;;) {
		struct nlmsghdr *r;
		ssize_t len = recv(fd, rxbuf, sizeof(rxbuf), 0);

		if (len < 0)
			exit(2);
		for (r = (void *)rxbuf; NLMSG_OK(r, len);
		     r = NLMSG_NEXT(r, len)) {
			if (r->nlmsg_type != NLMSG_ERROR)
				continue;
			if (r->nlmsg_seq == SYNC_SEQ)
				return err;
			err = ((struct nlmsgerr *)NLMSG_DATA(r))->error;
		}
	}
}

static int was_initial(uint32_t id)
{
	int i;

	for (i = 0; i < nr_initial; i++)
		if (initial[i].id == id)
			return 1;
	return 0;
}

/*
 * Destroy what the fuzz requests created (all but the initial domains and,
 * unless @all, the pool) and bring the pool back to @pool domains.
 */
static void housekeeping(int fd, int pool, int all)
{
	char name[32];
	int i, have = 0, err;

	if (!privileged) {
		list_domains(fd);
		return;
	}
	list_domains(fd);
	for (i = 0; i < nr_doms; i++) {
		if (was_initial(doms[i].id))
			continue;
		if (!all && !strncmp(doms[i].name, "fzpool", 6)) {
			have++;
			continue;
		}
		err = simple(fd, HV_CMD_DOMAIN_DEL, doms[i].id, NULL, 0);
		if (err && err != -ENOENT)
			fail("cannot destroy domain %u: %s", doms[i].id,
			     strerror(-err));
	}
	for (i = 0; !all && have < pool && i < pool; i++) {
		snprintf(name, sizeof(name), "fzpool%d", i);
		if (!simple(fd, HV_CMD_DOMAIN_NEW, 0, name, 4 << 20))
			have++;
	}
	list_domains(fd);
}

/* ---- the fuzz itself ---- */

struct batch {
	struct expect ex[MAX_BATCH * 2];
	int n;
	uint32_t dump_seq;	/* replies of a dump in flight: ignored */
};

static struct expect *find_expect(struct batch *bt, uint32_t seq)
{
	int i;

	for (i = 0; i < bt->n; i++)
		if (bt->ex[i].seq == seq)
			return &bt->ex[i];
	return NULL;
}

static void on_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct batch *bt = arg;
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct expect *ex;
	const char *msg;
	int err;

	if (nlh->nlmsg_pid == 0 && nlh->nlmsg_seq == 0)
		return;			/* a notification */
	if (bt->dump_seq && nlh->nlmsg_seq == bt->dump_seq)
		return;			/* the interrupted dump goes on */
	if (nlh->nlmsg_type == NLMSG_DONE) {
		ex = find_expect(bt, nlh->nlmsg_seq);
		if (ex)
			ex->replied = 1;
		return;
	}
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return;			/* data of a get, new or read */
	ex = find_expect(bt, e->msg.nlmsg_seq);
	if (!ex) {
		fail("reply to an unknown sequence number %u",
		     e->msg.nlmsg_seq);
		return;
	}
	ex->replied = 1;
	err = -e->error;
	msg = ack_msg(nlh);
	if (ex->core == -2)
		return;			/* another family's business */
	if (!err) {
		st.acked++;
		if ((ex->core > 0 && ex->core != CORE_BUSY) || ex->must_answer)
			fail("cmd %u accepted, want %s", ex->cmd,
			     core_name[ex->core]);
		return;
	}
	if (ex->core == CORE_BUSY && err != EBUSY) {
		ex->core = 0;		/* the attributes were refused first */
		ex->msg_needed = 1;
	}
	if (ex->core > 0) {
		st.core_err[ex->core]++;
		if (msg)
			st.core_msg++;
		if (err != core_errno[ex->core])
			fail("cmd %u: errno %d (%s), want %s; message \"%s\"",
			     ex->cmd, err, strerror(err),
			     core_name[ex->core], msg ?: "");
		if (ex->core == CORE_PERM)
			st.eperm++;
		return;
	}
	if (ex->core < 0) {
		fail("error %d for a message the core should only ack", err);
		return;
	}
	if (ex->msg_needed && !msg) {
		fail("cmd %u: errno %d (%s) without an extack message",
		     ex->cmd, err, strerror(err));
		return;
	}
	st.hv_err++;
	if (!privileged && err == EPERM && ex->dispatched)
		fail("EPERM from a handler for cmd %u", ex->cmd);
}

static void on_created(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == family && g->cmd == HV_CMD_DOMAIN_NEW)
		st.created++;
	on_reply(nlh, arg);
}

/* Every dump the batch started has ended (or was refused). */
static int dumps_done(void *arg)
{
	struct batch *bt = arg;
	int i;

	for (i = 0; i < bt->n; i++)
		if (bt->ex[i].dump && !bt->ex[i].replied)
			return 0;
	return 1;
}

/* Send one batch of 1..3 fuzzed messages on @fd and check the answers. */
static void fuzz_send(int fd, uint32_t dump_seq, int dump_running)
{
	static unsigned char p[BUF_SIZE / 2 + 4096];
	static uint32_t seq = 100;
	struct buf b = { .p = p };
	struct batch bt = { .dump_seq = dump_seq };
	int i, n = chance(85) ? 1 : 2 + rnd(MAX_BATCH - 1);
	size_t len;

	for (i = 0; i < n; i++)
		build_one(&b, seq++);
	len = b.len;
	if (chance(3))				/* a truncated send */
		len = rnd(len + 1);
	bt.n = predict(p, len, bt.ex, dump_running);
	st.sent += n;
	st.sends++;
	msg_index = st.sent;
	if (nl_send(fd, p, len))
		return;				/* too big: EMSGSIZE */
	nl_sync_send(fd);
	if (nl_recv_until_sync(fd, on_created, dumps_done, &bt)) {
		for (i = 0; i < bt.n; i++)
			fail("no answer within 10 s: cmd %u, seq %u, %s",
			     bt.ex[i].cmd, bt.ex[i].seq,
			     bt.ex[i].replied ? "answered" : "waiting");
		return;
	}
	for (i = 0; i < bt.n; i++) {
		if (bt.ex[i].dispatched)
			st.dispatched++;
		if (bt.ex[i].must_answer && !bt.ex[i].replied)
			fail("cmd %u: no EPERM", bt.ex[i].cmd);
	}
}

/*
 * A dump left midway: read its first part, then close the socket, or send
 * more requests (a second dump must get EBUSY) while it runs.
 */
static void fuzz_dump(void)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = family,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 7,
		},
		.g = { .cmd = HV_CMD_DOMAIN_GET, .version = 1 },
	};
	struct pollfd pfd = { .events = POLLIN };
	int fd = nl_open(), i, n = rnd(4);

	pfd.fd = fd;
	st.dumps++;
	nl_send(fd, &req, sizeof(req));
	if (chance(70) && poll(&pfd, 1, 5000) == 1)
		recv(fd, rxbuf, chance(50) ? sizeof(rxbuf) : 64, 0);
	for (i = 0; i < n; i++)
		fuzz_send(fd, 7, 1);
	close(fd);
}

static int mon_fd = -1;

/* Join the groups (console needs CAP_NET_ADMIN), keep the socket a while. */
static void fuzz_join(void)
{
	int grp[] = { grp_events, grp_console, 1 + rnd(64) }, i, err;

	if (mon_fd >= 0)
		close(mon_fd);
	mon_fd = nl_open();
	for (i = 0; i < 3; i++) {
		st.joins++;
		err = setsockopt(mon_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				 &grp[i], sizeof(grp[i])) ? errno : 0;
		if (i == 0 && err)
			fail("joining the events group: %s", strerror(err));
		if (i == 1 && err != (privileged ? 0 : EPERM))
			fail("joining the console group: %s, want %s",
			     strerror(err), privileged ? "success" : "EPERM");
	}
}

static void drain(int fd)
{
	while (recv(fd, rxbuf, sizeof(rxbuf), MSG_DONTWAIT) > 0)
		;
}

/* ---- the family, from nlctrl ---- */

static void on_family(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *g, *ga;
	const char *name = NULL;
	int rem, grem, garem, id = -1, gid;

	(void)arg;
	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return;
	a = (const void *)((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	rem = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	for (; rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	     a->nla_len <= rem; rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			id = *(const uint16_t *)((const char *)a + NLA_HDRLEN);
		if (a->nla_type == CTRL_ATTR_FAMILY_NAME)
			name = (const char *)a + NLA_HDRLEN;
		if ((a->nla_type & NLA_TYPE_MASK) != CTRL_ATTR_MCAST_GROUPS ||
		    !name || strcmp(name, HV_FAMILY_NAME))
			continue;
		g = (const void *)((const char *)a + NLA_HDRLEN);
		for (grem = a->nla_len - NLA_HDRLEN;
		     grem >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN &&
		     g->nla_len <= grem; grem -= NLA_ALIGN(g->nla_len),
		     g = (const void *)((const char *)g +
					NLA_ALIGN(g->nla_len))) {
			const char *gname = NULL;

			gid = -1;
			ga = (const void *)((const char *)g + NLA_HDRLEN);
			for (garem = g->nla_len - NLA_HDRLEN;
			     garem >= NLA_HDRLEN && ga->nla_len >= NLA_HDRLEN &&
			     ga->nla_len <= garem;
			     garem -= NLA_ALIGN(ga->nla_len),
			     ga = (const void *)((const char *)ga +
						 NLA_ALIGN(ga->nla_len))) {
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					gid = *(const uint32_t *)
					      ((const char *)ga + NLA_HDRLEN);
				if (ga->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
					gname = (const char *)ga + NLA_HDRLEN;
			}
			if (gname && !strcmp(gname, HV_MCGRP_EVENTS))
				grp_events = gid;
			if (gname && !strcmp(gname, HV_MCGRP_CONSOLE))
				grp_console = gid;
		}
	}
	if (id < 0)
		return;
	if (nr_families < (int)ARRAY_SIZE(families))
		families[nr_families++] = id;
	if (name && !strcmp(name, HV_FAMILY_NAME))
		family = id;
}

static void resolve(int fd)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = GENL_ID_CTRL,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.g = { .cmd = CTRL_CMD_GETFAMILY, .version = 1 },
	};
	struct nlmsghdr *nlh;
	ssize_t len;

	nl_send(fd, &req, sizeof(req));
	for (;;) {
		len = recv(fd, rxbuf, sizeof(rxbuf), 0);
		if (len < 0)
			exit(2);
		for (nlh = (void *)rxbuf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_DONE ||
			    nlh->nlmsg_type == NLMSG_ERROR)
				return;
			on_family(nlh, NULL);
		}
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bad_usage(void)
{
	fprintf(stderr, "usage: %s [-s SEED] [-p POOL] COUNT\n",
		program_invocation_short_name);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count, next_house = 500;
	uint64_t seed = 0;
	int opt, fd, pool = 64, i;
	double t0, t;

	while ((opt = getopt(argc, argv, "s:p:")) != -1) {
		if (opt == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (opt == 'p')
			pool = atoi(optarg);
		else
			bad_usage();
	}
	if (optind != argc - 1)
		bad_usage();
	count = strtoul(argv[optind], NULL, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!seed)
		seed = ((uint64_t)time(NULL) << 20) ^ getpid();
	rng_state = seed;
	privileged = geteuid() == 0;
	printf("nl_fuzz: seed %#llx, %lu messages, %s\n",
	       (unsigned long long)seed, count,
	       privileged ? "privileged" : "unprivileged");
	fflush(stdout);

	fd = nl_open();
	resolve(fd);
	if (!family || !grp_events || !grp_console) {
		fprintf(stderr, "nl_fuzz: hv family not found\n");
		return 2;
	}
	list_domains(fd);
	memcpy(initial, doms, sizeof(doms));
	nr_initial = nr_doms;
	housekeeping(fd, pool, 0);

	t0 = now();
	while (st.sent < count) {
		if (chance(1) && chance(50))
			fuzz_dump();
		else if (chance(1) && chance(20))
			fuzz_join();
		else
			fuzz_send(fd, 0, 0);
		if (mon_fd >= 0 && chance(5))
			drain(mon_fd);
		if (st.sent >= next_house) {
			housekeeping(fd, pool, 0);
			next_house = st.sent + 500;
		}
	}
	t = now() - t0;
	if (mon_fd >= 0)
		close(mon_fd);
	housekeeping(fd, pool, 1);
	for (i = 0; privileged && i < nr_doms; i++)
		if (!was_initial(doms[i].id))
			fail("domain %u (%s) left behind", doms[i].id,
			     doms[i].name);
	if (!privileged && nr_doms != nr_initial)
		fail("%d domains at the end, %d at the start", nr_doms,
		     nr_initial);
	close(fd);

	printf("nl_fuzz: %lu messages in %lu sends, %.1f s, %.0f messages/s\n",
	       st.sent, st.sends, t, st.sent / t);
	printf("nl_fuzz: %lu reached hv's handlers: %lu acked, %lu refused with a message; %lu domains created\n",
	       st.dispatched, st.acked, st.hv_err, st.created);
	for (i = CORE_FAMILY; i <= CORE_BUSY; i++)
		printf("nl_fuzz: refused by the netlink core, %s: %lu\n",
		       core_name[i], st.core_err[i]);
	printf("nl_fuzz: of those with a message anyway: %lu\n", st.core_msg);
	printf("nl_fuzz: dropped silently (bad nlmsg_len): %lu, not requests or control types: %lu\n",
	       st.dropped, st.not_req);
	printf("nl_fuzz: %lu dumps left midway, %lu group joins\n",
	       st.dumps, st.joins);
	printf("nl_fuzz: %lu failures\n", st.failures);
	return st.failures ? 1 : 0;
}
