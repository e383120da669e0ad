// SPDX-License-Identifier: GPL-2.0
/*
 * The control plane: handlers of the "hv" generic netlink family.
 *
 * Policies in netlink_gen.c have already checked every attribute's type,
 * length and range; the handlers check what a policy cannot express (page
 * alignment, name syntax, which attributes must come together) and always
 * say why they refuse in the extended ACK.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "blkback.h"
#include "debug.h"
#include "domain.h"
#include "netlink.h"
#include "events.h"
#include "netlink_gen.h"
#include "time.h"
#include "vcpu.h"
#include "xenstore.h"

#define HV_NL_BIG	16384	/* a domain with all its counters */
#define HV_CONSOLE_CHUNK 4000	/* output bytes per message */

static struct genl_family hv_genl_family;

static int hv_nl_put_stat(struct sk_buff *skb, u32 kind, u32 index,
			  u64 count)
{
	struct nlattr *e;

	if (!count)
		return 0;
	e = nla_nest_start(skb, HV_A_STAT_ENTRY);
	if (!e || nla_put_u32(skb, HV_A_STAT_KIND, kind) ||
	    nla_put_u32(skb, HV_A_STAT_INDEX, index) ||
	    nla_put_u64_64bit(skb, HV_A_STAT_COUNT, count, HV_A_STAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, e);
	return 0;
}

/* The counters of hvctl show: only those that are not zero. */
static int hv_nl_put_stats(struct sk_buff *skb, struct hv_vcpu *v)
{
	struct nlattr *nest = nla_nest_start(skb, HV_A_DOMAIN_STATS);
	struct pv_runstate rs;
	int i, err = 0;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i <= HV_EXIT_MAX && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_EXIT, i, v->exits[i]);
	for (i = 0; i < PV_HC_NR && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_HYPERCALL, i,
				     v->hypercalls[i]);
	for (i = 0; i < 256 && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_BOUNCE, i, v->bounces[i]);
	hv_runstate_get(v, &rs, true);
	for (i = 0; i < ARRAY_SIZE(rs.time) && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_RUNSTATE, i, rs.time[i]);
	for (i = 0; i <= HV_EVSTAT_MAX && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_EVENT, i,
				     atomic64_read(&v->ev_stats[i]));
	for (i = 0; i <= HV_FLUSHSTAT_MAX && !err; i++)
		err = hv_nl_put_stat(skb, HV_STAT_FLUSH, i, v->flushes[i]);
	nla_nest_end(skb, nest);
	return err;
}

/* How it ended, once it did. */
static int hv_nl_put_end(struct sk_buff *skb, struct hv_dom *d)
{
	u32 state = READ_ONCE(d->state);

	if (state != HV_DOMAIN_STATE_SHUTDOWN &&
	    state != HV_DOMAIN_STATE_CRASHED)
		return 0;
	if (nla_put_u32(skb, HV_A_DOMAIN_END, d->end))
		return -EMSGSIZE;
	if (d->end != HV_END_KILLED)
		return 0;
	if (nla_put_string(skb, HV_A_DOMAIN_END_REASON, d->end_reason) ||
	    nla_put_u32(skb, HV_A_DOMAIN_END_EIP, d->end_eip))
		return -EMSGSIZE;
	return 0;
}

static int hv_nl_fill_domain(struct sk_buff *skb, struct hv_dom *d,
			     u8 cmd, u32 portid, u32 seq, int flags, u32 event)
{
	struct hv_vcpu *v;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &hv_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	mutex_lock(&d->lock);
	v = d->vcpu;
	if (nla_put_u32(skb, HV_A_DOMAIN_ID, d->id) ||
	    nla_put_string(skb, HV_A_DOMAIN_NAME, d->name) ||
	    nla_put_u64_64bit(skb, HV_A_DOMAIN_MEMORY, d->memory,
			      HV_A_DOMAIN_PAD) ||
	    nla_put_u32(skb, HV_A_DOMAIN_STATE, READ_ONCE(d->state)) ||
	    (event && nla_put_u32(skb, HV_A_DOMAIN_EVENT, event)) ||
	    hv_nl_put_end(skb, d) ||
	    (v && nla_put_u64_64bit(skb, HV_A_DOMAIN_CPU_TIME, v->run_ns,
				    HV_A_DOMAIN_PAD)) ||
	    (v && cmd == HV_CMD_DOMAIN_GET && !(flags & NLM_F_MULTI) &&
	     hv_nl_put_stats(skb, v)) ||
	    (cmd == HV_CMD_DOMAIN_GET && hv_blk_fill(skb, d))) {
		mutex_unlock(&d->lock);
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	mutex_unlock(&d->lock);
	genlmsg_end(skb, hdr);
	return 0;
}

static int hv_nl_reply_domain(struct genl_info *info, struct hv_dom *d)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(HV_NL_BIG, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = hv_nl_fill_domain(msg, d, info->genlhdr->cmd, info->snd_portid,
				info->snd_seq, 0, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Find the domain an id-or-name request names, referenced.  Exactly one of
 * the two must be given.
 */
static struct hv_dom *hv_nl_lookup(struct genl_info *info)
{
	struct nlattr *id = info->attrs[HV_A_DOMAIN_ID];
	struct nlattr *name = info->attrs[HV_A_DOMAIN_NAME];
	struct hv_dom *d;

	if (!id == !name) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "give the domain's id or its name (one of them)");
		return ERR_PTR(-EINVAL);
	}
	d = id ? hv_domain_get_by_id(nla_get_u32(id)) :
		 hv_domain_get_by_name(nla_data(name));
	if (!d) {
		NL_SET_BAD_ATTR(info->extack, id ?: name);
		NL_SET_ERR_MSG_MOD(info->extack, "no such domain");
		return ERR_PTR(-ENOENT);
	}
	return d;
}

static int hv_nl_check_new(struct genl_info *info)
{
	struct nlattr *name = info->attrs[HV_A_DOMAIN_NAME];
	struct nlattr *memory = info->attrs[HV_A_DOMAIN_MEMORY];
	u64 bytes;

	if (!name || !memory) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL,
				     name ? HV_A_DOMAIN_MEMORY : HV_A_DOMAIN_NAME);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a new domain needs a name and a memory size");
		return -EINVAL;
	}
	/* The policy wants a NUL at the end, not that it is the only one. */
	if (strnlen(nla_data(name), nla_len(name)) + 1 != nla_len(name) ||
	    !hv_domain_name_ok(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "bad domain name: use 1-31 of [A-Za-z0-9._-], start with a letter or digit, not all digits");
		return -EINVAL;
	}
	bytes = nla_get_u64(memory);
	if (bytes < HV_MEMORY_MIN || bytes > HV_MEMORY_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, memory,
				    "memory must be between 4 MiB and 16 GiB");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(bytes)) {
		NL_SET_ERR_MSG_ATTR(info->extack, memory,
				    "memory must be a multiple of the 4 KiB page size");
		return -EINVAL;
	}
	return 0;
}

int hv_nl_domain_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_dom *d;
	int err;

	err = hv_nl_check_new(info);
	if (err)
		return err;
	d = hv_domain_alloc(nla_data(info->attrs[HV_A_DOMAIN_NAME]),
			    nla_get_u64(info->attrs[HV_A_DOMAIN_MEMORY]),
			    info->extack);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_nl_reply_domain(info, d);
	hv_domain_put(d);
	return err;
}

int hv_nl_domain_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_dom *d = hv_nl_lookup(info);
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_nl_reply_domain(info, d);
	hv_domain_put(d);
	return err;
}

/* cb->args[0]: the id to resume from when a dump spans several skbs. */
int hv_nl_domain_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 id = cb->args[0] ?: 1;
	struct hv_dom *d;
	int err = 0;

	while ((d = hv_domain_get_next(&id))) {
		err = hv_nl_fill_domain(skb, d, HV_CMD_DOMAIN_GET,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, 0);
		hv_domain_put(d);
		if (err)
			break;
		id++;
	}
	cb->args[0] = id;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;	/* full: the next round resumes at @id */
	return err ?: skb->len;
}

int hv_nl_domain_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_dom *d = hv_nl_lookup(info);
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_domain_remove(d);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "no such domain");
	hv_domain_put(d);
	return err;
}

/* A missing attribute: say which, and why it is needed (a literal). */
#define hv_nl_require(info, attr, msg) ({				\
	struct genl_info *__info = (info);				\
	int __attr = (attr), __err = 0;					\
	if (!__info->attrs[__attr]) {					\
		NL_SET_ERR_ATTR_MISS(__info->extack, NULL, __attr);	\
		NL_SET_ERR_MSG_MOD(__info->extack, msg);		\
		__err = -EINVAL;					\
	}								\
	__err;								\
})

int hv_nl_domain_load_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[HV_A_DOMAIN_LOAD_DATA];
	struct hv_dom *d;
	int err;

	err = hv_nl_require(info, HV_A_DOMAIN_LOAD_PFN,
			    "domain-load needs a frame number") ?:
	      hv_nl_require(info, HV_A_DOMAIN_LOAD_DATA,
			    "domain-load needs data");
	if (err)
		return err;
	if (!nla_len(data)) {
		NL_SET_ERR_MSG_ATTR(info->extack, data, "empty load");
		return -EINVAL;
	}
	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_domain_copy_in(d, nla_get_u32(info->attrs[HV_A_DOMAIN_LOAD_PFN]),
				nla_data(data), nla_len(data), info->extack);
	hv_domain_put(d);
	return err;
}

/* The boot nest: the first seven are required, the pages optional. */
static int hv_nl_parse_boot(struct genl_info *info, struct hv_boot *b)
{
	u32 *field[HV_A_BOOT_MAX + 1] = {
		[HV_A_BOOT_ENTRY] = &b->entry,
		[HV_A_BOOT_STACK] = &b->stack,
		[HV_A_BOOT_START_INFO] = &b->start_info,
		[HV_A_BOOT_START_INFO_PFN] = &b->start_info_pfn,
		[HV_A_BOOT_PT_PFN] = &b->pt_pfn,
		[HV_A_BOOT_NR_PT_FRAMES] = &b->nr_pt_frames,
		[HV_A_BOOT_P2M_PFN] = &b->p2m_pfn,
		[HV_A_BOOT_HYPERCALL_PFN] = &b->hypercall_pfn,
		[HV_A_BOOT_CONSOLE_PFN] = &b->console_pfn,
		[HV_A_BOOT_STORE_PFN] = &b->store_pfn,
	};
	unsigned long seen = 0;
	struct nlattr *a;
	int rem, type;

	memset(b, 0xff, sizeof(*b));
	nla_for_each_nested(a, info->attrs[HV_A_DOMAIN_BOOT], rem) {
		type = nla_type(a);
		if (type < 1 || type > HV_A_BOOT_MAX || seen & BIT(type)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "unknown or repeated boot attribute");
			return -EINVAL;
		}
		seen |= BIT(type);
		*field[type] = nla_get_u32(a);
	}
	if ((seen & GENMASK(HV_A_BOOT_P2M_PFN, 1)) !=
	    GENMASK(HV_A_BOOT_P2M_PFN, 1)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "boot state needs entry, stack, start_info (VA and frame), page tables and P2M");
		return -EINVAL;
	}
	return 0;
}

int hv_nl_domain_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_dom *d;
	struct hv_boot b;
	int err;

	err = hv_nl_require(info, HV_A_DOMAIN_BOOT,
			    "domain-start needs the boot state") ?:
	      hv_nl_parse_boot(info, &b);
	if (err)
		return err;
	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_domain_boot(d, &b, nla_get_flag(info->attrs[HV_A_DOMAIN_PAUSED]),
			     info->extack);
	hv_domain_put(d);
	return err;
}

/*
 * disk-add: the caller's open file becomes a disk of the domain (before
 * it starts).  The descriptor is the caller's: opening the file was the
 * access check, and the module only ever does what its mode allows.
 */
int hv_nl_disk_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[HV_A_DISK_MAX + 1];
	struct hv_dom *d;
	int err;

	err = hv_nl_require(info, HV_A_DOMAIN_DISK, "disk-add needs a disk");
	if (!err)
		err = nla_parse_nested(a, HV_A_DISK_MAX,
				       info->attrs[HV_A_DOMAIN_DISK], NULL,
				       info->extack);
	if (err)
		return err;
	if (!a[HV_A_DISK_FD] || !a[HV_A_DISK_VDEV]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a disk needs a file descriptor and a virtual-device number");
		return -EINVAL;
	}
	if (!nla_get_u32(a[HV_A_DISK_VDEV]) ||
	    nla_get_u32(a[HV_A_DISK_VDEV]) > HV_DISK_VDEV_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[HV_A_DISK_VDEV],
				    "bad virtual-device number");
		return -EINVAL;
	}
	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_blk_add(d, nla_get_u32(a[HV_A_DISK_FD]),
			 nla_get_u32(a[HV_A_DISK_VDEV]),
			 nla_get_flag(a[HV_A_DISK_READONLY]), info->extack);
	hv_domain_put(d);
	return err;
}

static int hv_nl_pause(struct genl_info *info, bool pause)
{
	struct hv_dom *d = hv_nl_lookup(info);
	int err;

	if (IS_ERR(d))
		return PTR_ERR(d);
	err = hv_domain_set_paused(d, pause, info->extack);
	hv_domain_put(d);
	return err;
}

int hv_nl_domain_pause_doit(struct sk_buff *skb, struct genl_info *info)
{
	return hv_nl_pause(info, true);
}

int hv_nl_domain_resume_doit(struct sk_buff *skb, struct genl_info *info)
{
	return hv_nl_pause(info, false);
}

static int hv_nl_fill_console(struct sk_buff *skb, struct hv_dom *d,
			      u8 cmd, u32 portid, u32 seq, u64 *offset)
{
	char *buf = kmalloc(HV_CONSOLE_CHUNK, GFP_KERNEL);
	size_t n;
	void *hdr;
	int err = -EMSGSIZE;

	if (!buf)
		return -ENOMEM;
	n = hv_console_read_at(&d->console, offset, buf, HV_CONSOLE_CHUNK);
	hdr = genlmsg_put(skb, portid, seq, &hv_genl_family, 0, cmd);
	if (!hdr)
		goto out;
	if (nla_put_u32(skb, HV_A_DOMAIN_ID, d->id) ||
	    nla_put_u64_64bit(skb, HV_A_DOMAIN_CONSOLE_OFFSET, *offset,
			      HV_A_DOMAIN_PAD) ||
	    (n && nla_put(skb, HV_A_DOMAIN_CONSOLE_DATA, n, buf))) {
		genlmsg_cancel(skb, hdr);
		goto out;
	}
	genlmsg_end(skb, hdr);
	err = 0;
out:
	kfree(buf);
	return err;
}

int hv_nl_console_read_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *off = info->attrs[HV_A_DOMAIN_CONSOLE_OFFSET];
	u64 offset = off ? nla_get_u64(off) : 0;
	struct hv_dom *d;
	struct sk_buff *msg;
	int err;

	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	msg = genlmsg_new(HV_CONSOLE_CHUNK + 256, GFP_KERNEL);
	err = msg ? hv_nl_fill_console(msg, d, HV_CMD_CONSOLE_READ,
				       info->snd_portid, info->snd_seq,
				       &offset) : -ENOMEM;
	hv_domain_put(d);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int hv_nl_console_write_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[HV_A_DOMAIN_CONSOLE_DATA];
	struct hv_dom *d;
	int err;

	err = hv_nl_require(info, HV_A_DOMAIN_CONSOLE_DATA,
			    "console-write needs data");
	if (err)
		return err;
	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (hv_console_input(&d->console, nla_data(data), nla_len(data)) <
	    nla_len(data)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "console input buffer full: the guest is not reading");
		err = -ENOBUFS;
	}
	/* Under d->lock: the vCPU that the event wakes stays alive. */
	mutex_lock(&d->lock);
	hv_consring_input(d);
	mutex_unlock(&d->lock);
	hv_domain_put(d);
	return err;
}

/* --- vcpu-regs and vcpu-trace: what hvctl regs and trace show --- */

#define HV_NL_REGS_SIZE	2048	/* the registers, 256 bytes of stack, code */
#define HV_TRACE_BATCH	128	/* records per vcpu-trace reply */
#define HV_NL_TRACE_SIZE 16384	/* room for them: under 100 bytes each */

static int hv_nl_put_regs(struct sk_buff *skb, const struct hv_vcpu_dump *s)
{
	const struct hv_regs *r = &s->regs;
	const u32 val[HV_A_REGS_MAX + 1] = {
		[HV_A_REGS_EIP] = r->rip,
		[HV_A_REGS_ESP] = r->rsp,
		[HV_A_REGS_EFLAGS] = r->rflags,
		[HV_A_REGS_EAX] = r->rax,
		[HV_A_REGS_EBX] = r->rbx,
		[HV_A_REGS_ECX] = r->rcx,
		[HV_A_REGS_EDX] = r->rdx,
		[HV_A_REGS_ESI] = r->rsi,
		[HV_A_REGS_EDI] = r->rdi,
		[HV_A_REGS_EBP] = r->rbp,
		[HV_A_REGS_CS] = r->cs,
		[HV_A_REGS_SS] = r->ss,
		[HV_A_REGS_DS] = s->ds,
		[HV_A_REGS_ES] = s->es,
		[HV_A_REGS_FS] = s->fs,
		[HV_A_REGS_GS] = s->gs,
		[HV_A_REGS_CR2] = s->cr2,
		[HV_A_REGS_VCR2] = s->vcr2,
		[HV_A_REGS_VECTOR] = r->vector,
		[HV_A_REGS_ERROR] = r->error,
		[HV_A_REGS_KERNEL_SS] = s->kernel_ss,
		[HV_A_REGS_KERNEL_SP] = s->kernel_sp,
		[HV_A_REGS_L3_PFN] = s->l3_pfn,
		[HV_A_REGS_UPCALL_MASK] = s->upcall_mask,
		[HV_A_REGS_UPCALL_PENDING] = s->upcall_pending,
	};
	struct nlattr *nest = nla_nest_start(skb, HV_A_DOMAIN_REGS);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i <= HV_A_REGS_MAX; i++)
		if (nla_put_u32(skb, i, val[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int hv_nl_fill_regs(struct sk_buff *skb, struct genl_info *info,
			   u32 id, const struct hv_vcpu_dump *s)
{
	void *hdr;

	hdr = genlmsg_put(skb, info->snd_portid, info->snd_seq,
			  &hv_genl_family, 0, HV_CMD_VCPU_REGS);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HV_A_DOMAIN_ID, id) || hv_nl_put_regs(skb, s) ||
	    (s->nr_stack && nla_put(skb, HV_A_DOMAIN_STACK, s->nr_stack * 4,
				    s->stack)) ||
	    (s->nr_code && nla_put(skb, HV_A_DOMAIN_CODE, s->nr_code,
				   s->code))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int hv_nl_vcpu_regs_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct hv_vcpu_dump *s;
	struct sk_buff *msg;
	struct hv_dom *d;
	int err;

	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	err = s ? hv_vcpu_dump(d, s, info->extack) : -ENOMEM;
	msg = err ? NULL : genlmsg_new(HV_NL_REGS_SIZE, GFP_KERNEL);
	if (!err)
		err = msg ? hv_nl_fill_regs(msg, info, d->id, s) : -ENOMEM;
	kfree(s);
	hv_domain_put(d);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Which arguments each kind of record has (enum hv_trace_kind). */
static const u8 hv_trace_nargs[HV_TRACE_KIND_MAX + 1] = {
	[HV_TRACE_EXIT] = 2,
	[HV_TRACE_HYPERCALL] = 5,
	[HV_TRACE_MULTICALL] = 5,
	[HV_TRACE_BOUNCE] = 3,
	[HV_TRACE_UPCALL] = 2,
};

static int hv_nl_put_trace_rec(struct sk_buff *skb,
			       const struct hv_trace_rec *rec, u64 ns)
{
	struct nlattr *e = nla_nest_start(skb, HV_A_TRACE_ENTRY);
	unsigned int i;

	if (!e || nla_put_u64_64bit(skb, HV_A_TRACE_TIME, ns, HV_A_TRACE_PAD) ||
	    nla_put_u32(skb, HV_A_TRACE_KIND, rec->kind) ||
	    nla_put_u32(skb, HV_A_TRACE_NR, rec->nr) ||
	    nla_put_u32(skb, HV_A_TRACE_EIP, rec->eip) ||
	    nla_put_u32(skb, HV_A_TRACE_CS, rec->cs))
		goto cancel;
	for (i = 0; i < hv_trace_nargs[rec->kind]; i++)
		if (nla_put_u32(skb, HV_A_TRACE_ARG, rec->arg[i]))
			goto cancel;
	if ((rec->kind == HV_TRACE_HYPERCALL ||
	     rec->kind == HV_TRACE_MULTICALL) &&
	    nla_put_u32(skb, HV_A_TRACE_RESULT, rec->res))
		goto cancel;
	nla_nest_end(skb, e);
	return 0;
cancel:
	nla_nest_cancel(skb, e);
	return -EMSGSIZE;
}

/* Copy a batch out of @d's ring under d->lock, which keeps the vCPU. */
static int hv_nl_trace_copy(struct hv_dom *d, struct genl_info *info,
			    u64 *seq, u64 *head, struct hv_trace_rec *buf)
{
	int n;

	mutex_lock(&d->lock);
	if (d->vcpu)
		n = hv_trace_copy(&d->vcpu->trace, seq, head, buf,
				  HV_TRACE_BATCH);
	else
		n = -EINVAL;
	mutex_unlock(&d->lock);
	if (n < 0)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the domain has not been started");
	return n;
}

static int hv_nl_fill_trace(struct sk_buff *skb, struct genl_info *info,
			    u32 id, u64 seq, u64 head,
			    const struct hv_trace_rec *buf, int n)
{
	u64 now_tsc = rdtsc_ordered(), now_ns = ktime_get_ns();
	struct nlattr *nest;
	void *hdr;
	int i;

	hdr = genlmsg_put(skb, info->snd_portid, info->snd_seq,
			  &hv_genl_family, 0, HV_CMD_VCPU_TRACE);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, HV_A_DOMAIN_ID, id) ||
	    nla_put_u64_64bit(skb, HV_A_DOMAIN_TRACE_SEQ, seq,
			      HV_A_DOMAIN_PAD) ||
	    nla_put_u64_64bit(skb, HV_A_DOMAIN_TRACE_HEAD, head,
			      HV_A_DOMAIN_PAD))
		goto cancel;
	nest = nla_nest_start(skb, HV_A_DOMAIN_TRACE);
	if (!nest)
		goto cancel;
	/* The client counts what came: a record that does not fit is next. */
	for (i = 0; i < n; i++)
		if (hv_nl_put_trace_rec(skb, &buf[i],
					hv_trace_ns(buf[i].tsc, now_tsc,
						    now_ns)))
			break;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int hv_nl_vcpu_trace_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *from = info->attrs[HV_A_DOMAIN_TRACE_SEQ];
	u64 seq = from ? nla_get_u64(from) : 0, head;
	struct hv_trace_rec *buf;
	struct sk_buff *msg = NULL;
	struct hv_dom *d;
	int n, err;

	d = hv_nl_lookup(info);
	if (IS_ERR(d))
		return PTR_ERR(d);
	buf = kmalloc_array(HV_TRACE_BATCH, sizeof(*buf), GFP_KERNEL);
	n = buf ? hv_nl_trace_copy(d, info, &seq, &head, buf) : -ENOMEM;
	err = n < 0 ? n : 0;
	if (!err) {
		msg = genlmsg_new(HV_NL_TRACE_SIZE, GFP_KERNEL);
		err = msg ? hv_nl_fill_trace(msg, info, d->id, seq, head, buf,
					     n) : -ENOMEM;
	}
	kfree(buf);
	hv_domain_put(d);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* --- the xenstore, as domain 0 --- */

/* Xen's names for the errors, in the extended ack. */
static void hv_nl_store_error(struct genl_info *info, int err)
{
	switch (err) {
	case -ENOENT:
		NL_SET_ERR_MSG_MOD(info->extack, "no such xenstore node");
		break;
	case -EINVAL:
		NL_SET_ERR_MSG_MOD(info->extack,
				   "bad xenstore path: use an absolute path of [A-Za-z0-9_@-] components");
		break;
	case -E2BIG:
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the reply would exceed the xenstore's 4096 bytes");
		break;
	default:
		NL_SET_ERR_MSG_MOD(info->extack, "the xenstore refused");
	}
}

static const char *hv_nl_store_path(struct genl_info *info)
{
	if (hv_nl_require(info, HV_A_STORE_PATH, "give the xenstore path"))
		return NULL;
	return nla_data(info->attrs[HV_A_STORE_PATH]);
}

/* A reply of @path and either @len bytes of @buf as value or children. */
static int hv_nl_store_reply(struct genl_info *info, u8 cmd,
			     const char *path, const char *buf, u32 len)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(HV_STORE_PATH_MAX + HV_STORE_VALUE_MAX + 256,
			  GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq,
			  &hv_genl_family, 0, cmd);
	if (!hdr || nla_put_string(msg, HV_A_STORE_PATH, path))
		goto full;
	if (nla_put(msg, cmd == HV_CMD_STORE_READ ? HV_A_STORE_VALUE :
		    HV_A_STORE_CHILDREN, len, buf))
		goto full;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
full:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int hv_nl_store_get(struct genl_info *info, u8 cmd)
{
	const char *path = hv_nl_store_path(info);
	char *buf;
	u32 len = 0;
	int err;

	if (!path)
		return -EINVAL;
	buf = kmalloc(HV_STORE_VALUE_MAX + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = cmd == HV_CMD_STORE_READ ?
	      hv_xs_host_read(path, buf, HV_STORE_VALUE_MAX, &len) :
	      hv_xs_host_dir(path, buf, HV_STORE_VALUE_MAX, &len);
	if (err)
		hv_nl_store_error(info, err);
	else
		err = hv_nl_store_reply(info, cmd, path, buf, len);
	kfree(buf);
	return err;
}

int hv_nl_store_read_doit(struct sk_buff *skb, struct genl_info *info)
{
	return hv_nl_store_get(info, HV_CMD_STORE_READ);
}

int hv_nl_store_dir_doit(struct sk_buff *skb, struct genl_info *info)
{
	return hv_nl_store_get(info, HV_CMD_STORE_DIR);
}

int hv_nl_store_write_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *val = info->attrs[HV_A_STORE_VALUE];
	const char *path = hv_nl_store_path(info);
	int err;

	if (!path)
		return -EINVAL;
	err = hv_xs_host_write(path, val ? nla_data(val) : "",
			       val ? nla_len(val) : 0);
	if (err)
		hv_nl_store_error(info, err);
	return err;
}

int hv_nl_store_rm_doit(struct sk_buff *skb, struct genl_info *info)
{
	const char *path = hv_nl_store_path(info);
	int err;

	if (!path)
		return -EINVAL;
	err = hv_xs_host_rm(path);
	if (err)
		hv_nl_store_error(info, err);
	return err;
}

/*
 * A xenstore node changed (under hv_xs_lock): tell the store group, if
 * anyone listens.  Best effort, like the console's: a listener that
 * reads too slowly loses changes (ENOBUFS), and knows it.
 */
void hv_nl_store_notify(const char *path, u32 len, bool exact)
{
	struct sk_buff *msg;
	struct nlattr *a;
	void *hdr;

	if (!genl_has_listeners(&hv_genl_family, &init_net, HV_NLGRP_STORE))
		return;
	msg = genlmsg_new(len + 64, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &hv_genl_family, 0, HV_CMD_STORE_NTF);
	/* @path need not end at @len: a walk builds it in place. */
	a = hdr ? nla_reserve(msg, HV_A_STORE_PATH, len + 1) : NULL;
	if (!a || (exact && nla_put_flag(msg, HV_A_STORE_EXACT))) {
		nlmsg_free(msg);
		return;
	}
	memcpy(nla_data(a), path, len);
	((char *)nla_data(a))[len] = 0;
	genlmsg_end(msg, hdr);
	genlmsg_multicast(&hv_genl_family, msg, 0, HV_NLGRP_STORE,
			  GFP_KERNEL);
}

/* New console output of @d, from @offset on, for the console group. */
void hv_nl_console_notify(struct hv_dom *d, u64 offset, size_t len)
{
	struct sk_buff *msg;

	if (!len || !genl_has_listeners(&hv_genl_family, &init_net,
					HV_NLGRP_CONSOLE))
		return;
	msg = genlmsg_new(HV_CONSOLE_CHUNK + 256, GFP_KERNEL);
	if (!msg)
		return;
	if (hv_nl_fill_console(msg, d, HV_CMD_CONSOLE_NTF, 0, 0, &offset)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast(&hv_genl_family, msg, 0, HV_NLGRP_CONSOLE,
			  GFP_KERNEL);
}

/* Announce a change of @d on the events group; best effort, like rtnl. */
void hv_nl_notify(struct hv_dom *d, u32 event)
{
	struct sk_buff *msg;

	if (!genl_has_listeners(&hv_genl_family, &init_net, HV_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (hv_nl_fill_domain(msg, d, HV_CMD_DOMAIN_NTF, 0, 0, 0, event)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast(&hv_genl_family, msg, 0, HV_NLGRP_EVENTS,
			  GFP_KERNEL);
}

static struct genl_family hv_genl_family __ro_after_init = {
	.name		= HV_FAMILY_NAME,
	.version	= HV_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.ops		= hv_nl_ops,
	.n_ops		= ARRAY_SIZE(hv_nl_ops),
	.mcgrps		= hv_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(hv_nl_mcgrps),
	/*
	 * Handlers may sleep for long (reserving gigabytes of memory) and
	 * take hv's own locks, so they need not serialize on genl_mutex.
	 */
	.parallel_ops	= true,
};

int __init hv_netlink_init(void)
{
	return genl_register_family(&hv_genl_family);
}

void hv_netlink_exit(void)
{
	genl_unregister_family(&hv_genl_family);
}
