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

/* The builder sends whole pages, as many as one attribute carries. */
static_assert(HV_LOAD_MAX <= HV_MSG_ATTR_MAX, "a load overflows its attribute");
static_assert(HV_LOAD_MAX % 4096 == 0, "loads must be whole pages");

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

/*
 * Why hv killed a domain: a NUL-terminated string of any length, cut to
 * fit and made printable, like the kernel's error messages.
 */
static int get_reason(const struct nlattr *a, char *buf, size_t size)
{
	if (strnlen(nla_data(a), nla_len(a)) == (size_t)nla_len(a))
		return -EPROTO;
	copy_text(a, buf, size);
	return 0;
}

/* One HV_A_STAT_ENTRY: kind, index and count, all three */
static int parse_stat(const struct nlattr *entry, struct hv_stat *st)
{
	const uint32_t need = ATTR_BIT(HV_A_STAT_KIND) |
			      ATTR_BIT(HV_A_STAT_INDEX) |
			      ATTR_BIT(HV_A_STAT_COUNT);
	const struct nlattr *a;
	uint32_t seen = 0;
	int rem, err;

	nla_for_each_nested(a, entry, rem) {
		switch (nla_type(a)) {
		case HV_A_STAT_KIND:
			err = get_u32(a, &st->kind);
			break;
		case HV_A_STAT_INDEX:
			err = get_u32(a, &st->index);
			break;
		case HV_A_STAT_COUNT:
			err = get_u64(a, &st->count);
			break;
		default:
			continue;	/* HV_A_STAT_PAD, or newer */
		}
		if (err)
			return err;
		seen |= ATTR_BIT(nla_type(a));
	}
	return rem > 0 || seen != need ? -EPROTO : 0;
}

/* Keep what fits of the counters; say so when some did not */
static int parse_stats(const struct nlattr *nest, struct hv_domain *dom)
{
	const struct nlattr *a;
	struct hv_stat st;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != HV_A_STAT_ENTRY)
			continue;
		err = parse_stat(a, &st);
		if (err)
			return err;
		if (dom->nr_stats < HV_DOMAIN_STATS_MAX)
			dom->stats[dom->nr_stats++] = st;
		else
			dom->has |= HV_DOMAIN_STATS_CUT;
	}
	return rem > 0 ? -EPROTO : 0;
}

/* One disk of domain-get's reply; more than HV_DISKS_MAX is broken. */
static int parse_disk(const struct nlattr *nest, struct hv_domain *dom)
{
	struct hv_disk *dk;
	const struct nlattr *a;
	int rem, err = 0;

	if (dom->nr_disks == HV_DISKS_MAX)
		return -EPROTO;
	dk = &dom->disks[dom->nr_disks++];
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == HV_A_DISK_VDEV)
			err = get_u32(a, &dk->vdev);
		else if (nla_type(a) == HV_A_DISK_SECTORS)
			err = get_u64(a, &dk->sectors);
		else if (nla_type(a) == HV_A_DISK_READONLY)
			dk->readonly = 1;
		else if (nla_type(a) == HV_A_DISK_RING_PAGES)
			err = get_u32(a, &dk->ring_pages);
		else if (nla_type(a) == HV_A_DISK_REQUESTS)
			err = get_u64(a, &dk->requests);
		else if (nla_type(a) == HV_A_DISK_ERRORS)
			err = get_u64(a, &dk->errors);
		if (err)
			return err;
	}
	return rem > 0 ? -EPROTO : 0;
}

/* What a domain message carries once the guest ran or ended */
static int parse_run_attr(const struct nlattr *a, struct hv_domain *dom)
{
	switch (nla_type(a)) {
	case HV_A_DOMAIN_END:
		dom->has |= HV_DOMAIN_HAS_END;
		return get_u32(a, &dom->end);
	case HV_A_DOMAIN_END_REASON:
		return get_reason(a, dom->end_reason, sizeof(dom->end_reason));
	case HV_A_DOMAIN_END_EIP:
		dom->has |= HV_DOMAIN_HAS_END_EIP;
		return get_u32(a, &dom->end_eip);
	case HV_A_DOMAIN_CPU_TIME:
		dom->has |= HV_DOMAIN_HAS_CPU_TIME;
		return get_u64(a, &dom->cpu_time_ns);
	case HV_A_DOMAIN_STATS:
		return parse_stats(a, dom);
	case HV_A_DOMAIN_DISK:
		return parse_disk(a, dom);
	default:
		return 0;	/* HV_A_DOMAIN_PAD aligns u64 values */
	}
}

static int parse_attr(const struct nlattr *a, struct hv_domain *dom,
		      uint32_t *event, uint32_t *seen)
{
	int type = nla_type(a);

	/* A newer kernel may add attributes; they are not ours to judge. */
	if (type > HV_A_DOMAIN_MAX)
		return 0;
	/* Counters twice over would be counted twice: a broken message */
	if (type == HV_A_DOMAIN_STATS && (*seen & ATTR_BIT(type)))
		return -EPROTO;
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
		return parse_run_attr(a, dom);
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

static int parse_console_attr(const struct nlattr *a,
			      struct hv_msg_console *c, uint32_t *seen)
{
	int type = nla_type(a);

	switch (type) {
	case HV_A_DOMAIN_ID:
		*seen |= ATTR_BIT(type);
		return get_u32(a, &c->id);
	case HV_A_DOMAIN_CONSOLE_OFFSET:
		*seen |= ATTR_BIT(type);
		return get_u64(a, &c->offset);
	case HV_A_DOMAIN_CONSOLE_DATA:
		c->data = nla_data(a);
		c->len = nla_len(a);
		return 0;
	default:
		return 0;
	}
}

int hv_msg_parse_console(const struct nlmsghdr *nlh, struct hv_msg_console *c)
{
	const uint32_t need = ATTR_BIT(HV_A_DOMAIN_ID) |
			      ATTR_BIT(HV_A_DOMAIN_CONSOLE_OFFSET);
	const struct nlattr *head, *a;
	uint32_t seen = 0;
	int len, rem, err;

	head = genl_attrs(nlh, &len);
	if (!head)
		return -EPROTO;
	memset(c, 0, sizeof(*c));
	nla_for_each_attr(a, head, len, rem) {
		err = parse_console_attr(a, c, &seen);
		if (err)
			return err;
	}
	if (rem > 0 || (seen & need) != need)
		return -EPROTO;
	if (c->id < 1 || c->id > HV_DOMID_MAX)
		return -EPROTO;
	/* Offsets count bytes ever written: they cannot wrap. */
	if (c->offset + c->len < c->offset)
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

int hv_msg_put_load(struct nl_msg *msg, uint32_t pfn, const void *data,
		    size_t len)
{
	if (!len || len > HV_LOAD_MAX)
		return -EINVAL;
	if (nla_put_u32(msg, HV_A_DOMAIN_LOAD_PFN, pfn) ||
	    nla_put(msg, HV_A_DOMAIN_LOAD_DATA, len, data))
		return -EMSGSIZE;
	return 0;
}

/* The optional frames go only when there are any. */
static int put_boot_pfns(struct nl_msg *msg, const struct hv_boot *b)
{
	if (nla_put_u32(msg, HV_A_BOOT_START_INFO_PFN, b->start_info_pfn) ||
	    nla_put_u32(msg, HV_A_BOOT_PT_PFN, b->pt_pfn) ||
	    nla_put_u32(msg, HV_A_BOOT_NR_PT_FRAMES, b->nr_pt_frames) ||
	    nla_put_u32(msg, HV_A_BOOT_P2M_PFN, b->p2m_pfn) ||
	    nla_put_u32(msg, HV_A_BOOT_HYPERCALL_PFN, b->hypercall_pfn))
		return -EMSGSIZE;
	if (b->console_pfn != HV_PFN_NONE &&
	    nla_put_u32(msg, HV_A_BOOT_CONSOLE_PFN, b->console_pfn))
		return -EMSGSIZE;
	if (b->store_pfn != HV_PFN_NONE &&
	    nla_put_u32(msg, HV_A_BOOT_STORE_PFN, b->store_pfn))
		return -EMSGSIZE;
	return 0;
}

int hv_msg_put_boot(struct nl_msg *msg, const struct hv_boot *boot,
		    bool paused)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, HV_A_DOMAIN_BOOT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, HV_A_BOOT_ENTRY, boot->entry) ||
	    nla_put_u32(msg, HV_A_BOOT_STACK, boot->stack) ||
	    nla_put_u32(msg, HV_A_BOOT_START_INFO, boot->start_info) ||
	    put_boot_pfns(msg, boot))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	if (paused && nla_put_flag(msg, HV_A_DOMAIN_PAUSED))
		return -EMSGSIZE;
	return 0;
}

int hv_msg_put_console_write(struct nl_msg *msg, const void *data,
			     size_t len)
{
	if (!len || len > HV_CONSOLE_WRITE_MAX)
		return -EINVAL;
	if (nla_put(msg, HV_A_DOMAIN_CONSOLE_DATA, len, data))
		return -EMSGSIZE;
	return 0;
}

int hv_msg_put_console_read(struct nl_msg *msg, uint64_t offset)
{
	return nla_put_u64(msg, HV_A_DOMAIN_CONSOLE_OFFSET, offset) ?
	       -EMSGSIZE : 0;
}

#define REG(field)	offsetof(struct hv_vcpu_regs, field)

/* Where each register goes in struct hv_vcpu_regs, by attribute type */
static const size_t regs_offset[HV_A_REGS_MAX + 1] = {
	[HV_A_REGS_EIP] = REG(eip),
	[HV_A_REGS_ESP] = REG(esp),
	[HV_A_REGS_EFLAGS] = REG(eflags),
	[HV_A_REGS_EAX] = REG(eax),
	[HV_A_REGS_EBX] = REG(ebx),
	[HV_A_REGS_ECX] = REG(ecx),
	[HV_A_REGS_EDX] = REG(edx),
	[HV_A_REGS_ESI] = REG(esi),
	[HV_A_REGS_EDI] = REG(edi),
	[HV_A_REGS_EBP] = REG(ebp),
	[HV_A_REGS_CS] = REG(cs),
	[HV_A_REGS_SS] = REG(ss),
	[HV_A_REGS_DS] = REG(ds),
	[HV_A_REGS_ES] = REG(es),
	[HV_A_REGS_FS] = REG(fs),
	[HV_A_REGS_GS] = REG(gs),
	[HV_A_REGS_CR2] = REG(cr2),
	[HV_A_REGS_VCR2] = REG(vcr2),
	[HV_A_REGS_VECTOR] = REG(vector),
	[HV_A_REGS_ERROR] = REG(error),
	[HV_A_REGS_KERNEL_SS] = REG(kernel_ss),
	[HV_A_REGS_KERNEL_SP] = REG(kernel_sp),
	[HV_A_REGS_L3_PFN] = REG(l3_pfn),
	[HV_A_REGS_UPCALL_MASK] = REG(upcall_mask),
	[HV_A_REGS_UPCALL_PENDING] = REG(upcall_pending),
};

#undef REG

static_assert(HV_A_REGS_MAX < 32, "more registers than bits");

/* The HV_A_DOMAIN_REGS nest: every register this library knows, once */
static int parse_regs_nest(const struct nlattr *nest, struct hv_vcpu_regs *r)
{
	const uint32_t need = ((1U << HV_A_REGS_MAX) - 1) << 1;
	const struct nlattr *a;
	uint32_t seen = 0, val;
	int rem, type;

	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		if (type < 1 || type > HV_A_REGS_MAX)
			continue;	/* newer: not ours to judge */
		if ((seen & ATTR_BIT(type)) || get_u32(a, &val))
			return -EPROTO;
		seen |= ATTR_BIT(type);
		memcpy((char *)r + regs_offset[type], &val, sizeof(val));
	}
	return rem > 0 || (seen & need) != need ? -EPROTO : 0;
}

/* Stack words or code bytes: at most @max bytes, whole @unit each */
static int get_bytes(const struct nlattr *a, void *buf, size_t max,
		     size_t unit, uint32_t *n)
{
	size_t len = nla_len(a);

	if (len > max || len % unit)
		return -EPROTO;
	memcpy(buf, nla_data(a), len);
	*n = len / unit;
	return 0;
}

static int parse_regs_attr(const struct nlattr *a, uint32_t *id,
			   struct hv_vcpu_regs *r)
{
	switch (nla_type(a)) {
	case HV_A_DOMAIN_ID:
		return get_u32(a, id);
	case HV_A_DOMAIN_REGS:
		return parse_regs_nest(a, r);
	case HV_A_DOMAIN_STACK:
		return get_bytes(a, r->stack, sizeof(r->stack), 4,
				 &r->nr_stack);
	case HV_A_DOMAIN_CODE:
		return get_bytes(a, r->code, sizeof(r->code), 1, &r->nr_code);
	default:
		return 0;
	}
}

int hv_msg_parse_regs(const struct nlmsghdr *nlh, uint32_t *id,
		      struct hv_vcpu_regs *regs)
{
	const uint32_t need = ATTR_BIT(HV_A_DOMAIN_ID) |
			      ATTR_BIT(HV_A_DOMAIN_REGS);
	const struct nlattr *head, *a;
	uint32_t seen = 0;
	int len, rem, err, type;

	head = genl_attrs(nlh, &len);
	if (!head)
		return -EPROTO;
	memset(regs, 0, sizeof(*regs));
	*id = 0;
	nla_for_each_attr(a, head, len, rem) {
		type = nla_type(a);
		if (type > HV_A_DOMAIN_MAX)
			continue;
		if (seen & ATTR_BIT(type))
			return -EPROTO;
		seen |= ATTR_BIT(type);
		err = parse_regs_attr(a, id, regs);
		if (err)
			return err;
	}
	if (rem > 0 || (seen & need) != need)
		return -EPROTO;
	return *id < 1 || *id > HV_DOMID_MAX ? -EPROTO : 0;
}

int hv_msg_put_trace_read(struct nl_msg *msg, uint64_t seq)
{
	return nla_put_u64(msg, HV_A_DOMAIN_TRACE_SEQ, seq) ? -EMSGSIZE : 0;
}

static int parse_trace_field(const struct nlattr *a, struct hv_trace_rec *rec)
{
	switch (nla_type(a)) {
	case HV_A_TRACE_TIME:
		return get_u64(a, &rec->time_ns);
	case HV_A_TRACE_KIND:
		return get_u32(a, &rec->kind);
	case HV_A_TRACE_NR:
		return get_u32(a, &rec->nr);
	case HV_A_TRACE_EIP:
		return get_u32(a, &rec->eip);
	case HV_A_TRACE_CS:
		return get_u32(a, &rec->cs);
	case HV_A_TRACE_ARG:
		if (rec->nr_args == HV_TRACE_ARGS_MAX)
			return -EPROTO;
		return get_u32(a, &rec->args[rec->nr_args++]);
	case HV_A_TRACE_RESULT:
		rec->has_result = true;
		return get_u32(a, &rec->result);
	default:
		return 0;	/* HV_A_TRACE_PAD, or newer */
	}
}

/* One HV_A_TRACE_ENTRY: the five fields every record has, once each */
static int parse_trace_entry(const struct nlattr *entry,
			     struct hv_trace_rec *rec)
{
	const uint32_t need = ATTR_BIT(HV_A_TRACE_TIME) |
			      ATTR_BIT(HV_A_TRACE_KIND) |
			      ATTR_BIT(HV_A_TRACE_NR) |
			      ATTR_BIT(HV_A_TRACE_EIP) |
			      ATTR_BIT(HV_A_TRACE_CS);
	const uint32_t once = need | ATTR_BIT(HV_A_TRACE_RESULT);
	const struct nlattr *a;
	uint32_t seen = 0;
	int rem, type, err;

	memset(rec, 0, sizeof(*rec));
	nla_for_each_nested(a, entry, rem) {
		type = nla_type(a);
		if (type <= HV_A_TRACE_MAX) {
			if (seen & once & ATTR_BIT(type))
				return -EPROTO;
			seen |= ATTR_BIT(type);
		}
		err = parse_trace_field(a, rec);
		if (err)
			return err;
	}
	return rem > 0 || (seen & need) != need ? -EPROTO : 0;
}

static int parse_trace_nest(const struct nlattr *nest, struct hv_msg_trace *t,
			    struct hv_trace_rec *recs, size_t max)
{
	const struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != HV_A_TRACE_ENTRY)
			continue;
		if (t->count == max)
			return -EPROTO;
		err = parse_trace_entry(a, &recs[t->count]);
		if (err)
			return err;
		t->count++;
	}
	return rem > 0 ? -EPROTO : 0;
}

static int parse_trace_attr(const struct nlattr *a, struct hv_msg_trace *t,
			    struct hv_trace_rec *recs, size_t max)
{
	switch (nla_type(a)) {
	case HV_A_DOMAIN_ID:
		return get_u32(a, &t->id);
	case HV_A_DOMAIN_TRACE_SEQ:
		return get_u64(a, &t->seq);
	case HV_A_DOMAIN_TRACE_HEAD:
		return get_u64(a, &t->head);
	case HV_A_DOMAIN_TRACE:
		return parse_trace_nest(a, t, recs, max);
	default:
		return 0;
	}
}

int hv_msg_parse_trace(const struct nlmsghdr *nlh, struct hv_msg_trace *t,
		       struct hv_trace_rec *recs, size_t max)
{
	const uint32_t need = ATTR_BIT(HV_A_DOMAIN_ID) |
			      ATTR_BIT(HV_A_DOMAIN_TRACE_SEQ) |
			      ATTR_BIT(HV_A_DOMAIN_TRACE_HEAD) |
			      ATTR_BIT(HV_A_DOMAIN_TRACE);
	const struct nlattr *head, *a;
	uint32_t seen = 0;
	int len, rem, err, type;
	size_t i;

	head = genl_attrs(nlh, &len);
	if (!head)
		return -EPROTO;
	memset(t, 0, sizeof(*t));
	nla_for_each_attr(a, head, len, rem) {
		type = nla_type(a);
		if (type > HV_A_DOMAIN_MAX)
			continue;
		if (seen & ATTR_BIT(type))
			return -EPROTO;
		seen |= ATTR_BIT(type);
		err = parse_trace_attr(a, t, recs, max);
		if (err)
			return err;
	}
	if (rem > 0 || (seen & need) != need)
		return -EPROTO;
	if (t->id < 1 || t->id > HV_DOMID_MAX)
		return -EPROTO;
	/* The records it has are numbered below the head it says. */
	if (t->seq > t->head || t->head - t->seq < t->count)
		return -EPROTO;
	for (i = 0; i < t->count; i++)
		recs[i].seq = t->seq + i;
	return 0;
}

/* A string attribute: NUL-terminated within it */
static int get_string(const struct nlattr *a, const char **s)
{
	if (nla_len(a) < 1 || !memchr(nla_data(a), 0, nla_len(a)))
		return -EPROTO;
	*s = nla_data(a);
	return 0;
}

int hv_msg_parse_store(const struct nlmsghdr *nlh, struct hv_msg_store *s)
{
	const struct nlattr *head, *a;
	int len, rem, err = 0;

	head = genl_attrs(nlh, &len);
	if (!head)
		return -EPROTO;
	memset(s, 0, sizeof(*s));
	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case HV_A_STORE_PATH:
			err = get_string(a, &s->path);
			break;
		case HV_A_STORE_VALUE:
			s->value = nla_data(a);
			s->value_len = nla_len(a);
			break;
		case HV_A_STORE_CHILDREN:
			s->children = nla_data(a);
			s->children_len = nla_len(a);
			break;
		case HV_A_STORE_EXACT:
			s->exact = true;
			break;
		}
		if (err)
			return err;
	}
	if (rem > 0 || !s->path)
		return -EPROTO;
	return 0;
}

int hv_msg_store_children(const struct hv_msg_store *s,
			  int (*cb)(const char *name, void *arg), void *arg)
{
	size_t off, n;
	int err;

	if (s->children_len && s->children[s->children_len - 1])
		return -EPROTO;
	for (off = 0; off < s->children_len; off += n + 1) {
		n = strlen(s->children + off);
		err = cb(s->children + off, arg);
		if (err)
			return err;
	}
	return 0;
}

int hv_msg_put_store(struct nl_msg *msg, const char *path, const void *val,
		     size_t len)
{
	if (!path || strlen(path) > HV_STORE_PATH_MAX ||
	    len > HV_STORE_VALUE_MAX)
		return -EINVAL;
	if (nla_put_string(msg, HV_A_STORE_PATH, path) ||
	    (val && nla_put(msg, HV_A_STORE_VALUE, len, val)))
		return -EMSGSIZE;
	return 0;
}
